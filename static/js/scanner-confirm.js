// The confirm page behind a scanned /c/<code> works without JavaScript; this only fills in the
// desk name the scanner page remembered on this device.
(function () {
  var field = document.querySelector(".confirm-form input[name=desk]");
  if (!field || field.value) { return; }
  try { field.value = window.localStorage.getItem("forum.checkin.desk") || ""; } catch (e) { /* private mode */ }
})();
