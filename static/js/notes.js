// The notulen page: every form marked data-autosave saves itself as it is typed — after a pause (debounce),
// when its field loses focus, and before the page is left — and shows "Saved hh.mm" next to it.
// Nothing typed is lost: until the server confirms a save, the text is also kept in this browser
// (localStorage) and put back when the page is opened again; a failed save is retried. Each save names the
// version last seen; when another moderator saved in between, the server keeps ours (last write wins) and
// answers with what it replaced, which is shown under the field so that it can be copied back.
// Without JavaScript the same forms post normally (their Save buttons are marked data-nojs).
import { each, sendJson } from "./lib/common.js";
import { csrfToken, errorText } from "./lib/staff.js";

(function () {
  var root = document.querySelector("[data-notes]");
  if (!root) { return; }
  var words = JSON.parse(root.getAttribute("data-i18n") || "{}");
  var csrf = csrfToken();
  var storePrefix = "forum-notes:" + root.getAttribute("data-notes") + ":";
  var DEBOUNCE_MS = 1200;
  var RETRY_MS = 5000;
  var units = [];
  var newFloor = 0;

  function store(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(storePrefix + key); }
      else { window.localStorage.setItem(storePrefix + key, JSON.stringify(value)); }
    } catch (e) { /* private mode or full: the server copy is all there is */ }
  }

  function stored(key) {
    try { return JSON.parse(window.localStorage.getItem(storePrefix + key) || "null"); } catch (e) { return null; }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (f) {
      return (f.tagName === "TEXTAREA" || f.type === "text" || (f.tagName === "INPUT" && !f.type)) && f.name;
    });
  }

  function values(form) {
    var out = {};
    each(fields(form), function (f) { out[f.name] = f.value; });
    return out;
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function Unit(form) {
    this.form = form;
    this.key = form.getAttribute("data-key");
    this.state = form.querySelector("[data-state]");
    this.warning = form.querySelector("[data-overwritten]");
    this.version = parseInt(form.getAttribute("data-version") || "0", 10);
    this.id = form.getAttribute("data-id") ? parseInt(form.getAttribute("data-id"), 10) : null;
    this.speaker = form.getAttribute("data-speaker") ? parseInt(form.getAttribute("data-speaker"), 10) : null;
    this.saved = values(form);   // what the server holds, as far as this page knows
    this.timer = null;
    this.inFlight = false;
    var self = this;
    var draft = stored(this.key);
    if (draft && draft.values && !same(draft.values, this.saved)) {
      each(fields(form), function (f) { if (f.name in draft.values) { f.value = draft.values[f.name]; } });
      if (typeof draft.version === "number") { this.version = Math.min(this.version, draft.version); }
      this.show(words.restored, true);
      this.schedule(0);
    } else if (draft) {
      store(this.key, null);
    }
    form.addEventListener("input", function () { self.changed(); });
    form.addEventListener("focusout", function () { if (self.dirty()) { self.schedule(0); } });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var remove = e.submitter && e.submitter.hasAttribute("data-remove");
      if (remove) { self.remove(e.submitter.getAttribute("formaction")); } else { self.schedule(0); }
    });
  }

  Unit.prototype.dirty = function () { return !same(values(this.form), this.saved); };

  Unit.prototype.show = function (text, isError) {
    if (!this.state) { return; }
    this.state.textContent = text || "";
    this.state.className = "small " + (isError ? "warn-text" : "muted");
    this.form.setAttribute("data-saved", isError ? "no" : "yes");
  };

  Unit.prototype.changed = function () {
    store(this.key, { values: values(this.form), version: this.version });
    this.show(words.unsaved, true);
    this.schedule(DEBOUNCE_MS);
  };

  Unit.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); }, delay);
  };

  Unit.prototype.body = function (current) {
    var body = Object.assign({}, current, { version: this.version });
    if (this.id !== null) { body.id = this.id; }
    if (this.speaker !== null) { body.speaker_id = this.speaker; }
    return body;
  };

  Unit.prototype.save = function () {
    var self = this;
    if (this.inFlight) { this.schedule(300); return; }
    var current = values(this.form);
    if (same(current, this.saved) && this.id !== null) { store(this.key, null); return; }
    if (same(current, this.saved) && this.form.getAttribute("data-saved") !== "no") { return; }
    var missing = fields(this.form).filter(function (f) { return f.required && !f.value.trim(); });
    if (missing.length && this.id === null) { this.show(words.unsaved, true); return; }  // kept in the browser
    this.inFlight = true;
    this.show(words.saving, false);
    sendJson("POST", this.form.getAttribute("action"), csrf, this.body(current)).then(function (r) {
      self.inFlight = false;
      if (!r.ok || !r.body || typeof r.body.version !== "number") {
        self.show(words.failed + ": " + errorText(r.status, r.body, words.failed), true);
        return;
      }
      self.accepted(current, r.body);
    }, function () {
      self.inFlight = false;
      self.show(words.offline, true);
      self.schedule(RETRY_MS);
    });
  };

  Unit.prototype.accepted = function (sent, body) {
    var oldKey = this.key;
    this.version = body.version;
    this.saved = sent;
    if (this.id === null) {
      this.id = body.id;
      this.key = this.key.replace(/^(floor-new-\d+-\d+|entry:new-[^:]+)$/, function (k) {
        return (k.indexOf("floor") === 0 ? "floor:" : "entry:") + body.id;
      });
      this.form.setAttribute("data-id", String(body.id));
      var item = this.form.closest("[data-floor-question]");
      if (item) { item.setAttribute("data-floor-question", String(body.id)); }
    }
    this.form.setAttribute("data-version", String(body.version));
    store(oldKey, null);
    if (this.dirty()) {  // typed on while the save was on its way
      store(this.key, { values: values(this.form), version: this.version });
      this.schedule(DEBOUNCE_MS);
    } else {
      store(this.key, null);
    }
    this.show(words.saved.replace("{time}", body.saved_at), false);
    if (body.overwritten) { this.warn(body.overwritten); }
  };

  Unit.prototype.warn = function (info) {
    var box = this.warning;
    if (!box) { return; }
    box.textContent = "";
    var head = document.createElement("p");
    head.textContent = words.overwritten.replace("{name}", info.by || words.someone).replace("{time}", info.at);
    box.appendChild(head);
    Object.keys(info.values).forEach(function (name) {
      if (!info.values[name]) { return; }
      var copy = document.createElement("textarea");
      copy.readOnly = true;
      copy.rows = 3;
      copy.value = info.values[name];
      copy.setAttribute("data-their", name);
      box.appendChild(copy);
    });
    box.hidden = false;
  };

  Unit.prototype.remove = function (url) {
    var self = this;
    if (!window.confirm(words.remove_confirm)) { return; }
    sendJson("POST", url, csrf, {}).then(function (r) {
      if (!r.ok) { self.show(errorText(r.status, r.body, words.failed), true); return; }
      store(self.key, null);
      units.splice(units.indexOf(self), 1);
      self.form.closest("li").remove();
    }, function () { self.show(words.offline, true); });
  };

  function adopt(form) { units.push(new Unit(form)); }

  // A new question from the floor: a copy of the section's template, saved once asker and question are given.
  function addFloor(section, restoreKey) {
    var template = section.querySelector("template[data-floor-template]");
    var list = section.querySelector("[data-questions]");
    newFloor += 1;
    var html = template.innerHTML.replace(/\{n\}/g, String(restoreKey || Date.now() + "" + newFloor));
    list.insertAdjacentHTML("beforeend", html);
    var none = section.querySelector("[data-none]");
    if (none) { none.remove(); }
    var item = list.lastElementChild;
    each(item.querySelectorAll("[id]"), function (node) {
      var label = item.querySelector("label[for='" + node.id + "']");
      node.id = node.id + "-" + newFloor;
      if (label) { label.htmlFor = node.id; }
    });
    adopt(item.querySelector("form"));
    return item;
  }

  each(root.querySelectorAll("[data-nojs]"), function (node) { node.hidden = true; });
  each(root.querySelectorAll("form[data-autosave]"), adopt);
  each(root.querySelectorAll("[data-session]"), function (section) {
    var button = section.querySelector("[data-add-floor]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var item = addFloor(section);
      item.querySelector("input[name=asker_name]").focus();
    });
    // Questions from the floor typed here before but never saved: put back.
    var prefix = storePrefix + "floor-new-" + section.getAttribute("data-session") + "-";
    try {
      Object.keys(window.localStorage).forEach(function (k) {
        if (k.indexOf(prefix) === 0) { addFloor(section, k.slice(prefix.length)); }
      });
    } catch (e) { /* no storage */ }
  });

  window.addEventListener("beforeunload", function (e) {
    var pending = units.filter(function (u) { return u.dirty() || u.inFlight; });
    if (!pending.length) { return; }
    pending.forEach(function (u) {  // one last try, allowed to outlive the page
      if (u.inFlight) { return; }
      window.fetch(u.form.getAttribute("action"), {
        method: "POST", credentials: "same-origin", keepalive: true,
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(u.body(values(u.form)))
      });
    });
    e.preventDefault();
    e.returnValue = words.leave;
  });

  window.forumNotes = { units: units };
})();
