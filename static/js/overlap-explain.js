// "Why (not) an overlap?" on the moderation board: two input numbers → the detector's verdict with its parts
// (GET /api/v1/events/<slug>/inputs/<id>/overlap-explain?with=<other>&lang=<the page's>), rendered as its summary
// line and a short list of the vetoes and reasons — every word from the server, in the page's language.
import { errorText } from "./lib/staff.js";

(function () {
  var box = document.querySelector("[data-explain]");
  if (!box) { return; }
  var form = box.querySelector("[data-explain-form]");
  var out = box.querySelector("[data-explain-result]");

  function line(text) {
    var li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  function show(v) {
    out.textContent = "";
    var head = document.createElement("p");
    head.textContent = (v.flagged ? "✔ " : "✘ ") + v.summary;  // the verdict and its scores, in the page's language
    out.appendChild(head);
    var list = document.createElement("ul");
    v.vetoes.forEach(function (t) { list.appendChild(line("✘ " + t)); });
    v.reasons.forEach(function (t) { list.appendChild(line(t)); });
    out.appendChild(list);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var a = form.elements.a.value, b = form.elements.b.value;
    var url = box.getAttribute("data-explain").replace(/\/0\/overlap-explain$/, "/" + a + "/overlap-explain") +
      "?with=" + encodeURIComponent(b) + "&lang=" + encodeURIComponent(document.documentElement.lang || "id");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (r.ok) { show(body); } else { out.textContent = errorText(r.status, body); }
      });
    }).catch(function () { out.textContent = errorText(0, null, true); });
  });
})();
