// The projector's input region: pinned inputs, selected questions and the accepted proposals of the
// running session. After every `input` or `agenda` event on live.js's connection (the screen connects
// as the public audience: it hears of accepted and pinned inputs only) it re-reads the region from the
// server (/events/<slug>/screen/inputs), so templates/moderation/_screen_inputs.html stays its only
// markup; a slow re-read every 20 s also catches what the audience is not told (an input unpinned,
// a decision taken back).
import { getHtml } from "./lib/staff.js";
import { socket } from "./live.js";

(function () {
  var region = document.querySelector("[data-region=inputs][data-url]");
  if (!region || !window.fetch) { return; }
  var url = region.getAttribute("data-url");
  var pending = null;
  var busy = false;

  function apply(html) {
    var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    var fresh = doc.body.firstChild;
    var before = {};
    Array.prototype.forEach.call(region.querySelectorAll("[data-input]"), function (n) { before[n.getAttribute("data-input")] = true; });
    while (region.firstChild) { region.removeChild(region.firstChild); }
    while (fresh.firstChild) { region.appendChild(document.importNode(fresh.firstChild, true)); fresh.removeChild(fresh.firstChild); }
    Array.prototype.forEach.call(region.querySelectorAll("[data-input]"), function (n) {
      if (!before[n.getAttribute("data-input")]) {
        n.classList.add("new");
        window.setTimeout(function () { n.classList.remove("new"); }, 15000);
      }
    });
    var any = region.querySelector("[data-input]") !== null;
    region.hidden = !any;
    document.body.classList.toggle("has-inputs", any);
  }

  function reload() {
    pending = null;
    if (busy) { pending = window.setTimeout(reload, 300); return; }
    busy = true;
    getHtml(url)
      .then(function (html) { if (html !== null) { apply(html); } })
      .catch(function () { /* the next event or tick tries again */ })
      .then(function () { busy = false; });
  }

  function soon() { if (!pending) { pending = window.setTimeout(reload, 250); } }

  if (socket) {
    socket.on("input", soon);
    socket.on("input_withdrawn", soon);
    socket.on("agenda", soon);
  }
  window.setInterval(soon, 20000);
}());
