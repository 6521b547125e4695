// "Dokumen resmi": while the letterhead form (with a logo) is being sent, a spinner shows and the button
// is disabled; the chosen file is previewed at once. Progressive enhancement: the page works without it.
(function () {
  var form = document.querySelector("form[data-letterhead]");
  if (!form) { return; }
  var file = form.querySelector("input[type=file]");
  var busy = form.querySelector("[data-busy]");
  var button = form.querySelector("button[type=submit]");
  var preview = document.querySelector("[data-kop-logo]");
  form.addEventListener("submit", function () {
    if (busy) { busy.hidden = false; }
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
  });
  if (file && preview) {
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen || !/^image\/(png|jpeg)$/.test(chosen.type)) { return; }  // an SVG is shown once checked
      var reader = new FileReader();  // a data: address (the pages' policy allows no blob: images)
      reader.onload = function () { preview.src = reader.result; preview.hidden = false; };
      reader.readAsDataURL(chosen);
    });
  }
  // The kop's lines follow what is typed.
  form.querySelectorAll("input[data-kop-line]").forEach(function (input) {
    var target = document.querySelector("[data-kop-preview='" + input.getAttribute("data-kop-line") + "']");
    if (!target) { return; }
    input.addEventListener("input", function () { target.textContent = input.value; });
  });
})();
