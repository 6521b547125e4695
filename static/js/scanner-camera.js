// Camera scanning for the door scanner: frames from the back camera go through a canvas into the
// vendored jsQR decoder (static/vendor/jsqr). Calls onCode(text) for every QR code read, and
// onState(state, reason) with "on", "off" or "error" (reason: unsupported, denied, missing, failed).

var FRAME_INTERVAL_MS = 120;  // ~8 decodes a second: quick enough, and kind to a phone's battery
var MAX_WIDTH = 640;

function errorReason(error) {
  var name = error && error.name;
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") { return "denied"; }
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") { return "missing"; }
  return "failed";
}

export function create(options) {
  var video = options.video;
  var canvas = options.canvas;
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var timer = null;

  function supported() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && typeof window.jsQR === "function");
  }

  function decodeFrame() {
    timer = null;
    if (!stream) { return; }
    if (video.readyState >= 2 && video.videoWidth > 0) {
      var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      var width = Math.round(video.videoWidth * scale);
      var height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width) { canvas.width = width; }
      if (canvas.height !== height) { canvas.height = height; }
      context.drawImage(video, 0, 0, width, height);
      var image = context.getImageData(0, 0, width, height);
      var found = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
      if (found && found.data) { options.onCode(found.data); }
    }
    timer = window.setTimeout(decodeFrame, FRAME_INTERVAL_MS);
  }

  function start() {
    if (stream) { return Promise.resolve(true); }
    if (!supported()) {
      options.onState("error", "unsupported");
      return Promise.resolve(false);
    }
    return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.setAttribute("playsinline", "");
        video.muted = true;
        return video.play().catch(function () { /* autoplay refusals: frames still arrive */ });
      })
      .then(function () {
        if (!stream) { return false; }
        options.onState("on");
        decodeFrame();
        return true;
      }, function (error) {
        stop(true);
        options.onState("error", errorReason(error));
        return false;
      });
  }

  function stop(quiet) {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
    video.srcObject = null;
    if (!quiet) { options.onState("off"); }
  }

  return {
    start: start,
    stop: function () { stop(false); },
    running: function () { return stream !== null; },
    supported: supported
  };
}
