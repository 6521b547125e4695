// The plans' upload and confirm forms: while the server reads the file (or imports its rows and looks for
// overlaps) the button is disabled and a spinner says what is happening, with the file's size or the number of
// rows; the form itself is a plain POST (the page works without this file).
import { each } from "./lib/common.js";

function sizeText(bytes) {
  if (bytes < 1024 * 1024) { return Math.max(1, Math.round(bytes / 1024)) + " KB"; }
  return (bytes / (1024 * 1024)).toFixed(1) + " MB";
}

each(document.querySelectorAll("form[data-plan-upload], form[data-plan-confirm]"), function (form) {
  form.addEventListener("submit", function (e) {
    if (form.getAttribute("data-sent")) { e.preventDefault(); return; } // one import per click
    form.setAttribute("data-sent", "1");
    var busy = form.querySelector("[data-busy]");
    var text = form.querySelector("[data-busy-text]");
    var file = form.querySelector("input[type=file]");
    if (text && file && file.files && file.files[0]) {
      text.textContent = text.textContent + " (" + file.files[0].name + ", " + sizeText(file.files[0].size) + ")";
    }
    if (busy) { busy.hidden = false; }
    // Disable after the submit has collected the fields (a disabled button would not send its value).
    window.setTimeout(function () {
      each(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = true; });
    }, 0);
  });
});
