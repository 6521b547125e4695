// The delegate's plan rows on the live page, loaded only when the page names them (a participant whose agency
// has rows): the part is fetched from the server (templates/live/_plans.html), read again on every `plan`
// message over live.js's connection, and a response is sent without leaving the page.
import { socket } from "./live.js";

var box = document.querySelector("[data-delegate-plans]");
if (box) {
  var url = box.getAttribute("data-delegate-plans");
  var body = box.querySelector("[data-plans-slot]");
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = box.getAttribute("data-css");
  document.head.appendChild(css);

  var typing = function () {
    var active = document.activeElement;
    return active && active.tagName === "TEXTAREA" && box.contains(active) && active.value;
  };
  var show = function (html) {
    var t = document.createElement("template");
    t.innerHTML = html; // our own server's markup, escaped by Jinja
    body.replaceChildren(t.content);
  };
  var load = function () {
    if (typing()) { return; } // not under the delegate's fingers; the next message reads it again
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "text/html", "X-Fragment": "1" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) { show(html); } })
      .catch(function () { /* the next message tries again */ });
  };
  box.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches("form[data-respond]")) { return; }
    e.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    window.fetch(form.action, { method: "POST", credentials: "same-origin", body: new window.FormData(form),
      headers: { "X-Fragment": "1", Accept: "text/html" } })
      .then(function (r) { return r.text(); })
      .then(show)
      .catch(function () { button.disabled = false; });
  });
  load();
  if (socket) {
    var seen = socket.connected;
    socket.on("plan", load);
    socket.on("connect", function () { if (seen) { load(); } seen = true; }); // what changed while offline
  }
}
