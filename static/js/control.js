// The control panel and the agenda editor — progressive enhancement only: both work as plain forms.
// Control panel: forms marked data-api are sent to the JSON API instead (fetch, with the CSRF
// token in X-CSRFToken); forms marked data-upload are sent with XMLHttpRequest to show the upload's
// progress. The page stays live over Socket.IO: after each `agenda` or `announcement` event it
// re-reads itself and swaps the regions marked data-swap, so the server's template stays the only
// markup of the panel (and what a moderator is typing in the other forms is left alone).
// Agenda editor: a search box filters the list of possible speakers.
import { each, sendJson } from "./lib/common.js";
import { csrfToken, getHtml, errorText as apiError, flash } from "./lib/staff.js";
import { connect } from "./live.js";

(function () {
  // --- agenda editor: filter the speakers' checkboxes ------------------------------------------
  each(document.querySelectorAll("input[data-filter]"), function (input) {
    var list = document.getElementById(input.getAttribute("data-filter"));
    if (!list) { return; }
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim().split(/\s+/);
      each(list.querySelectorAll("[data-text]"), function (item) {
        var text = item.getAttribute("data-text");
        var chosen = item.querySelector("input:checked");
        item.hidden = !chosen && !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  });

  // --- control panel -----------------------------------------------------------------------------
  var root = document.querySelector("[data-control]");
  if (!root) { return; }
  var slug = root.getAttribute("data-control");
  var words = JSON.parse(root.getAttribute("data-i18n") || "{}");
  var csrf = csrfToken();
  var message = root.querySelector("[data-message]");
  var uploading = 0;
  var socket = null;
  var lastClicked = null;

  function say(text, isError) { flash(message, text, isError); }
  function errorText(status, body) { return apiError(status, body, words.failed); }

  // A form's fields as the API's JSON: "true"/"false" are booleans, minutes and session ids numbers.
  function jsonOf(form, submitter) {
    var data = {};
    var add = function (key, value) {
      if (key === "csrf_token") { return; }
      if (value === "true") { value = true; } else if (value === "false") { value = false; }
      else if (key === "minutes" || key === "session_id") {
        if (value === "") { return; }
        value = /^-?\d+$/.test(value) ? parseInt(value, 10) : value;
      }
      data[key] = value;
    };
    new FormData(form).forEach(function (value, key) { add(key, value); });
    if (submitter && submitter.name) { add(submitter.name, submitter.value); }
    return data;
  }

  function busy(form, on) { each(form.querySelectorAll("button"), function (b) { b.disabled = on; }); }

  // Re-read the page and swap its live regions (no reload: scroll, open forms and files stay).
  var refreshing = false;
  var again = false;
  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    getHtml(window.location.pathname)
      .then(function (html) { if (html) { swap(new DOMParser().parseFromString(html, "text/html")); } })
      .catch(function () { /* the next event tries again */ })
      .then(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  function sessionIds(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("[data-sessions] > [data-session]"), function (n) {
      return n.getAttribute("data-session");
    }).join(",");
  }

  function swap(doc) {
    var mine = document.querySelector("[data-sessions]");
    var theirs = doc.querySelector("[data-sessions]");
    if (mine && theirs && sessionIds(document) !== sessionIds(doc) && !uploading) {
      mine.parentNode.replaceChild(document.importNode(theirs, true), mine); // sessions added, removed or reordered
    }
    each(document.querySelectorAll("[data-swap]"), function (node) {
      var fresh = doc.querySelector('[data-swap="' + node.getAttribute("data-swap") + '"]');
      if (fresh) { node.parentNode.replaceChild(document.importNode(fresh, true), node); }
    });
    each(document.querySelectorAll("select[data-replaces]"), function (select) {
      var fresh = doc.querySelector('select[data-replaces="' + select.getAttribute("data-replaces") + '"]');
      if (!fresh || fresh.innerHTML === select.innerHTML) { return; }
      var chosen = select.value;
      select.innerHTML = fresh.innerHTML; // our own server's escaped markup
      select.value = chosen;
      if (select.value !== chosen) { select.value = ""; }
    });
  }

  function afterChange() {
    if (!socket || !socket.connected) { refresh(); } // otherwise the `agenda` event brings it
  }

  function send(form, submitter) {
    busy(form, true);
    sendJson(form.getAttribute("data-method") || "POST", form.getAttribute("data-api"), csrf, jsonOf(form, submitter)).then(function (r) {
      if (!r.ok) { say(errorText(r.status, r.body), true); return; }
      say("", false);
      if (form.hasAttribute("data-reset")) { form.reset(); }
      afterChange();
    }).catch(function () {
      say(words.offline, true);
    }).then(function () { busy(form, false); });
  }

  function upload(form) {
    var bar = form.querySelector("progress");
    var label = form.querySelector("[data-progress]");
    var xhr = new XMLHttpRequest();
    var finish = function () {
      uploading -= 1;
      busy(form, false);
      bar.hidden = true;
      label.textContent = "";
    };
    xhr.open("POST", form.getAttribute("data-upload"));
    xhr.setRequestHeader("X-CSRFToken", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) { return; }
      if (e.loaded >= e.total) { // sent: the server now checks and stores it (an indeterminate bar)
        bar.removeAttribute("value");
        label.textContent = words.checking;
        return;
      }
      bar.value = Math.round((e.loaded * 100) / e.total);
      label.textContent = words.uploading.replace("{n}", bar.value);
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
      finish();
      if (xhr.status === 201 && body) {
        form.reset();
        say(words.uploaded.replace("{t}", body.filename), false);
        afterChange();
      } else {
        say(errorText(xhr.status, body), true);
      }
    };
    xhr.onerror = function () { finish(); say(words.upload_failed, true); };
    uploading += 1;
    busy(form, true);
    bar.value = 0;
    bar.hidden = false;
    label.textContent = words.uploading.replace("{n}", "0");
    xhr.send(new FormData(form));
  }

  // The button that submitted a form (for browsers without SubmitEvent.submitter).
  root.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[type=submit]") : null;
    if (button) { lastClicked = button; }
  });

  root.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-upload")) {
      e.preventDefault();
      upload(form);
    } else if (form.hasAttribute("data-api")) {
      e.preventDefault();
      var submitter = e.submitter || (lastClicked && lastClicked.form === form ? lastClicked : null);
      send(form, submitter);
    }
  });

  if (typeof window.io === "function") {
    var primed = false; // the `agenda` sent on the first connect describes the page just rendered
    var changed = function () {
      if (!primed) { primed = true; return; }
      refresh();
    };
    socket = connect(slug, {
      agenda: changed,
      announcement: refresh,
      connect: function (again) { if (again) { primed = true; } }
    }, root.querySelector("[data-conn]"));
  }
})();
