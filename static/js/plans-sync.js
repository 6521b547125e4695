// The synchronisation view — progressive enhancement: every decision is also a plain form on the row.
// With this file:
// - a decision goes to the JSON API (PATCH /api/v1/events/<slug>/plans/<id>) with the version the row showed;
//   when the row was decided meanwhile on another screen the API answers 409 `plan_changed`: the row says so
//   and is shown again as it is now;
// - the view stays live over Socket.IO (namespace /live, this browser's staff session: moderators get a `plan`
//   message for every change); the rows a message names are re-read from /admin/<slug>/plans/sync/rows, so
//   templates/plans/_row.html stays the only markup of a row. A row whose decision form is open is not
//   replaced under the moderator's hands: it is marked as changed;
// - the next page of rows loads as the list scrolls to its end.
import { each, sendJson } from "./lib/common.js";
import { csrfToken, getHtml, errorText as apiError, flash } from "./lib/staff.js";

(function () {
  var root = document.querySelector("[data-sync]");
  if (!root) { return; }
  var slug = root.getAttribute("data-sync");
  var words = JSON.parse(root.getAttribute("data-i18n") || "{}");
  var rowsUrl = root.getAttribute("data-rows-url");
  var apiTemplate = root.getAttribute("data-api");
  var dismissTemplate = root.getAttribute("data-dismiss-api");
  var csrf = csrfToken();
  var message = root.querySelector("[data-message]");
  var groups = root.querySelector("[data-groups]");
  var FIELDS = ["status", "note", "target", "unit", "budget", "location", "agency", "merged_into"];
  // The fields each decision sends (forum/plans_admin/sync.py:SHOWN_WITH says the same).
  var SHOWN_WITH = { target: ["changed", "moved"], unit: ["changed", "moved"], budget: ["changed", "moved"],
    location: ["changed", "moved"], agency: ["moved"], merged_into: ["merged"] };

  function word(key, n) { return (words[key] || key).replace("{n}", n === undefined ? "" : n); }
  function say(text, isError) { flash(message, text, isError); }
  function rowOf(id) { return root.querySelector('article.plan-row[data-plan="' + id + '"]'); }
  var dialog = document.querySelector('dialog[data-dialog="decide"]');
  var dialogForm = dialog ? dialog.querySelector("form") : null;
  function editing(row) {
    if (dialog && dialog.open && dialogForm.getAttribute("data-row") === row.getAttribute("data-plan")) { return true; }
    var active = document.activeElement;
    return row.contains(active) && active.tagName === "INPUT" && !!active.value;
  }

  // --- showing the fields of the chosen decision ---------------------------------------------------------
  function showFields(form) {
    var select = form.querySelector("[data-status-select]");
    if (!select) { return; }
    each(form.querySelectorAll("[data-show]"), function (f) {
      f.hidden = f.getAttribute("data-show").split(" ").indexOf(select.value) < 0;
    });
  }
  function prepare(scope) { each(scope.querySelectorAll("form[data-decide]"), showFields); }
  root.addEventListener("change", function (e) {
    if (e.target.matches("[data-status-select]")) { showFields(e.target.form); }
  });
  prepare(root);

  // --- re-reading rows -------------------------------------------------------------------------------------
  function parse(html) {
    var t = document.createElement("template");
    t.innerHTML = html; // our own server's markup (templates/plans/_row.html), escaped by Jinja
    return t.content;
  }

  // Replace the rows `ids` that are on this page with their current markup; `live`: the change came from
  // another screen (a row being edited here is marked instead of replaced).
  function refresh(ids, live) {
    ids = ids.filter(function (id, i) { return id && ids.indexOf(id) === i && rowOf(id); });
    if (!ids.length) { return Promise.resolve(); }
    return getHtml(rowsUrl + "?ids=" + ids.slice(0, 100).join(",")).then(function (html) {
      if (html === null) { return; }
      each(parse(html).querySelectorAll("article.plan-row"), function (fresh) {
        var id = fresh.getAttribute("data-plan");
        var old = rowOf(id);
        if (!old) { return; }
        if (live && editing(old)) {
          if (old.getAttribute("data-version") !== fresh.getAttribute("data-version")) {
            stale(old, word("changed_live", id));
          }
          return;
        }
        old.replaceWith(fresh);
        prepare(fresh);
        if (live) { fresh.classList.add("flash-change"); }
      });
    }).catch(function () { /* the next message or reconnect reads it again */ });
  }

  function stale(row, text) {
    var note = row.querySelector("[data-stale]");
    if (note) { note.textContent = text; note.hidden = false; }
    row.classList.add("is-stale");
  }

  function partners(row) {
    var ids = [row.getAttribute("data-plan")];
    (row.getAttribute("data-partners") || "").split(",").forEach(function (id) { if (id) { ids.push(id); } });
    return ids;
  }

  // --- decisions -------------------------------------------------------------------------------------------
  function body(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.set(submitter.name, submitter.value); }
    var out = {};
    FIELDS.forEach(function (name) {
      var v = (data.get(name) || "").trim();
      if (v) { out[name] = v; }
    });
    if (out.status === "merged" && !out.merged_into && data.get("pair_item")) { out.merged_into = data.get("pair_item"); }
    Object.keys(SHOWN_WITH).forEach(function (name) {
      if (out[name] !== undefined && SHOWN_WITH[name].indexOf(out.status) < 0) { delete out[name]; }
    });
    if (data.get("version")) { out.version = parseInt(data.get("version"), 10); }
    return out;
  }

  function showErrors(form, fields) {
    each(form.querySelectorAll("[data-error-for]"), function (p) {
      var text = fields[p.getAttribute("data-error-for")];
      p.textContent = text || "";
      p.hidden = !text;
    });
  }

  // The one decision form, in a dialog, pointed at the row to decide.
  function openDecision(row) {
    var id = row.getAttribute("data-plan");
    dialogForm.setAttribute("data-row", id);
    dialogForm.action = dialogForm.action.replace(/\/plans\/\d+\/decide$/, "/plans/" + id + "/decide");
    dialogForm.elements.version.value = row.getAttribute("data-version");
    var status = row.getAttribute("data-status");
    dialogForm.elements.status.value = status === "draft" ? "kept" : status; // a draft's likely decision: keep it
    ["note", "target", "budget", "location"].forEach(function (k) { dialogForm.elements[k].value = ""; });
    dialogForm.elements.target.placeholder = row.getAttribute("data-target") || "";
    dialogForm.elements.budget.placeholder = row.getAttribute("data-budget") || "";
    dialogForm.elements.merged_into.value = (row.getAttribute("data-partners") || "").split(",")[0] || "";
    each(dialogForm.elements.agency.options, function (o) { o.hidden = !!o.value && o.value === row.getAttribute("data-agency"); });
    dialogForm.elements.agency.value = "";
    showErrors(dialogForm, {});
    showFields(dialogForm);
    dialog.querySelector("[data-dialog-subject]").textContent = row.getAttribute("data-title");
    if (!dialog.open) { dialog.showModal(); }
    dialogForm.elements.status.focus();
  }
  if (dialog) {
    dialog.addEventListener("click", function (e) { if (e.target.matches("[data-close]")) { dialog.close(); } });
    dialog.addEventListener("submit", function (e) {
      e.preventDefault();
      var row = rowOf(dialogForm.getAttribute("data-row"));
      if (row) { decide(dialogForm, e.submitter, row); }
    });
  }
  root.addEventListener("click", function (e) {
    var link = e.target.closest("a[data-decide-open]");
    if (link && dialog && typeof dialog.showModal === "function") {
      e.preventDefault();
      openDecision(link.closest("article.plan-row"));
    }
  });

  function decide(form, submitter, row) {
    row = row || form.closest("article.plan-row");
    var id = row.getAttribute("data-plan");
    var data = body(form, submitter);
    var url = apiTemplate.replace(/\/plans\/0$/, "/plans/" + id);
    each(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    return sendJson("PATCH", url, csrf, data).catch(function () { return { ok: false, status: 0, body: null }; })
      .then(function (res) {
        each(form.querySelectorAll("button"), function (b) { b.disabled = false; });
        if (res.ok || (res.status === 409 && form === dialogForm)) { if (dialog && dialog.open) { dialog.close(); } }
        if (res.ok) {
          say(word("saved", id), false);
          var ids = partners(row);
          if (res.body && res.body.merged_into) { ids.push(String(res.body.merged_into)); }
          return refresh(ids, false);
        }
        var error = (res.body && res.body.error) || {};
        if (res.status === 409 && error.code === "plan_changed") {
          var text = word("changed_elsewhere", id);
          say(text, true);
          return refresh([id], false).then(function () {
            var now = rowOf(id);
            if (now) { stale(now, text); now.scrollIntoView({ block: "nearest" }); }
          });
        }
        var text = res.status ? apiError(res.status, res.body, word("failed")) : word("offline");
        say(text, true);
        showErrors(form, error.fields || {});
        var line = form.querySelector("[data-dialog-error]");
        if (line) { line.textContent = text; line.hidden = false; }
      });
  }

  root.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches("form[data-decide]") && !form.hasAttribute("data-decision-form")) {
      e.preventDefault();
      decide(form, e.submitter);
    } else if (form.matches("form[data-dismiss]")) {
      e.preventDefault();
      var row = form.closest("article.plan-row");
      var url = dismissTemplate.replace(/\/overlaps\/0\/dismiss$/, "/overlaps/" + form.getAttribute("data-dismiss") + "/dismiss");
      sendJson("POST", url, csrf).catch(function () { return { ok: false, status: 0, body: null }; }).then(function (res) {
        if (!res.ok) { say(res.status ? apiError(res.status, res.body, word("failed")) : word("offline"), true); return; }
        say(word("dismissed"), false);
        refresh(partners(row), false);
      });
    }
  });

  // --- the next page, as the list scrolls ----------------------------------------------------------------
  function loadMore(marker) {
    var url = marker.getAttribute("data-more");
    marker.removeAttribute("data-more");
    marker.textContent = word("loading");
    getHtml(url).then(function (html) {
      var content = parse(html || "");
      var first = content.querySelector("section.plan-group");
      var groupsNow = groups.querySelectorAll("section.plan-group");
      var last = groupsNow[groupsNow.length - 1];
      if (first && last && first.getAttribute("data-group") === last.getAttribute("data-group")) {
        var target = last.querySelector(".group-rows");
        each(first.querySelectorAll("article.plan-row"), function (r) { target.appendChild(r); });
        first.remove();
      }
      marker.replaceWith(content);
      prepare(groups);
      watch();
    }).catch(function () { marker.textContent = word("offline"); });
  }

  var observer = window.IntersectionObserver ? new window.IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting && entry.target.getAttribute("data-more")) {
        observer.unobserve(entry.target);
        loadMore(entry.target);
      }
    });
  }, { rootMargin: "600px" }) : null;
  function watch() {
    if (!observer) { return; }
    each(groups.querySelectorAll("[data-more]"), function (m) { observer.observe(m); });
  }
  watch();

  // --- live ------------------------------------------------------------------------------------------------
  if (typeof window.io === "function") {
    var socket = window.io("/live", { auth: { event: slug } });
    var conn = root.querySelector("[data-conn]");
    var seen = false;
    socket.on("connect", function () {
      if (conn) { conn.hidden = true; }
      if (seen) { // what changed while the connection was down
        var ids = Array.prototype.map.call(root.querySelectorAll("article.plan-row"), function (r) { return r.getAttribute("data-plan"); });
        for (var i = 0; i < ids.length; i += 100) { refresh(ids.slice(i, i + 100), true); }
      }
      seen = true;
    });
    socket.on("disconnect", function () { if (conn) { conn.hidden = false; } });
    socket.on("plan", function (msg) {
      var item = msg && msg.item;
      if (!item) { return; }
      var ids = [String(item.id)];
      (item.overlaps || []).forEach(function (o) { if (o.item_id) { ids.push(String(o.item_id)); } });
      if (item.merged_into) { ids.push(String(item.merged_into)); }
      var row = rowOf(item.id);
      if (row) { ids = ids.concat(partners(row)); }
      refresh(ids, true);
    });
  }
})();
