// The input form, on the live page and at the facilitator's desk — progressive enhancement: the page
// works as a plain form posting to the server. With this file the form is sent to the JSON API
// (POST /api/v1/events/<slug>/sessions/<id>/inputs) so that nothing typed is ever lost or stored twice:
// - the draft is kept in localStorage as it is typed, with a client_id made once per draft;
// - "sent" is shown only after the server's 201; a lost connection, a 429 or a 5xx is retried with
//   exponential backoff (1 s, 2 s, 4 s … 60 s), the same client_id each time, so the server stores
//   the input once however often it arrives; a page closed while sending resumes on the next visit;
// - the API's field errors (422) land next to their fields (`data-error-for="location.district"`),
//   a closed session (409 input_closed) is said plainly, the draft is kept;
// - the cost is shown formatted as it is typed ("1,5 M" → "Rp 1.500.000.000"), a preview only: the
//   server's parse_rupiah (forum/services/validation.py) decides, and this mirrors it;
// - the location is chosen regency → sub-district → village from GET /api/v1/regions, fetched once
//   (on the first touch of the form) and kept in localStorage.
// After a confirmed send it fires `forum:input-sent` (detail: the Input) for live-inputs.js.
import { each, parts, sendJson, newId, formatRupiah } from "./lib/common.js";

export { formatRupiah };

// --- rupiah: mirrors forum/services/validation.py:parse_rupiah (for the preview only; both are held
// to tests/data/shared_rules.json by tests/test_shared_rules.py). A number, null when empty, NaN when refused.
var UNITS = { rb: 1e3, ribu: 1e3, k: 1e3, jt: 1e6, juta: 1e6, m: 1e9, miliar: 1e9, milyar: 1e9, t: 1e12, triliun: 1e12 };
var MAX_RUPIAH = 1e15;

export function parseRupiah(value) {
  var text = String(value || "").trim().toLowerCase();
  if (!text) { return null; }
  if (text.charAt(0) === "-") { return NaN; }
  var m = /^(?:rp\.?)?\s*(\d[\d.,\s]*?)\s*([a-z]+)?\.?$/.exec(text);
  if (!m || (m[2] && !UNITS.hasOwnProperty(m[2]))) { return NaN; }
  var number = m[1].replace(/\s/g, "");
  var amount;
  if (m[2]) {
    if ((number.match(/[.,]/g) || []).length > 1) { return NaN; }
    var parts = number.replace(",", ".").split(".");
    var unit = UNITS[m[2]];
    var fraction = parts[1] || "";
    if (fraction.length > String(unit).length - 1) { return NaN; }
    // the fraction as a whole number of rupiah: "1,5 jt" → 500000 (digits, not floating point)
    amount = parseInt(parts[0] || "0", 10) * unit + parseInt((fraction + "000000000000").slice(0, String(unit).length - 1) || "0", 10);
  } else if (/^(\d{1,3}(\.\d{3})+(,0{1,2})?|\d+(,0{1,2})?)$/.test(number)) {
    amount = parseInt(number.split(",")[0].replace(/\./g, ""), 10);
  } else if (/^\d{1,3}(,\d{3})+(\.0{1,2})?$/.test(number)) {
    amount = parseInt(number.split(".")[0].replace(/,/g, ""), 10);
  } else {
    return NaN;
  }
  return amount > MAX_RUPIAH ? NaN : amount;
}

(function () {
  var storage = (function () {
    try {
      var key = "forum-probe";
      window.localStorage.setItem(key, key);
      window.localStorage.removeItem(key);
      return window.localStorage;
    } catch (e) { return null; } // private mode, or storage off: the form still works, drafts are not kept
  }());

  function readJson(key) {
    if (!storage) { return null; }
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function writeJson(key, value) {
    if (!storage) { return; }
    try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* full: nothing more to do */ }
  }

  // --- the region list -----------------------------------------------------------------------------
  var REGIONS_KEY = "forum-regions-v1";
  var regionsPromise = null;

  function regions(url) {
    if (!regionsPromise) {
      var cached = readJson(REGIONS_KEY);
      regionsPromise = cached && cached.regions ? Promise.resolve(cached.regions) :
        window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
          .then(function (data) { writeJson(REGIONS_KEY, data); return data.regions; })
          .catch(function (e) { regionsPromise = null; throw e; });
    }
    return regionsPromise;
  }

  function same(a, b) { return String(a || "").trim().toLowerCase() === String(b || "").trim().toLowerCase(); }

  // Replaces the typed sub-district and village boxes with selects filled from the region list.
  function regionPicker(form, tree, onChange) {
    var regency = form.querySelector("select[data-region=regency]");
    if (!regency || form.querySelector("select[data-region=district]")) { return null; }
    var toSelect = function (input) {
      var select = document.createElement("select");
      each(["id", "name", "aria-describedby", "aria-invalid"], function (a) {
        if (input.hasAttribute(a)) { select.setAttribute(a, input.getAttribute(a)); }
      });
      select.setAttribute("data-region", input.getAttribute("data-region"));
      select.setAttribute("data-typed", input.value);
      input.parentNode.replaceChild(select, input);
      return select;
    };
    var district = toSelect(form.querySelector("[data-region=district]"));
    var village = toSelect(form.querySelector("[data-region=village]"));
    var fillSelect = function (select, names, wanted) {
      while (select.firstChild) { select.removeChild(select.firstChild); }
      select.appendChild(new Option("—", ""));
      var chosen = "";
      names.forEach(function (name) {
        select.appendChild(new Option(name, name));
        if (same(name, wanted)) { chosen = name; }
      });
      if (wanted && !chosen) { select.appendChild(new Option(wanted, wanted)); chosen = wanted; } // the server says what is wrong
      select.value = chosen;
      select.disabled = names.length === 0 && !chosen;
    };
    var districts = function () { return tree[regency.value] || {}; };
    var fillDistricts = function (wanted) { fillSelect(district, Object.keys(districts()).sort(), wanted); };
    var fillVillages = function (wanted) { fillSelect(village, districts()[district.value] || [], wanted); };
    regency.addEventListener("change", function () { fillDistricts(""); fillVillages(""); });
    district.addEventListener("change", function () { fillVillages(""); });
    fillDistricts(district.getAttribute("data-typed"));
    fillVillages(village.getAttribute("data-typed"));
    if (onChange) { onChange(); }
    return {
      set: function (values) {
        regency.value = values.regency || "";
        fillDistricts(values.district || "");
        fillVillages(values.village || "");
      }
    };
  }

  // --- one form ------------------------------------------------------------------------------------
  function setup(form) {
    var words = JSON.parse(form.dataset.i18n || "{}");
    var lang = document.documentElement.getAttribute("lang") || "id";
    var draftKey = "forum-input-draft:" + (form.dataset.draft || window.location.pathname);
    var apiTemplate = form.dataset.api;
    var csrfInput = form.querySelector("input[name=csrf_token]");
    var budget = form.querySelector("input[name=budget]");
    var { formStatus: statusLine, send: sendButton, retry: retryButton, stop: stopButton, budgetShown } =
      parts(form, "form-status send retry stop budget-shown");
    var picker = null;
    var draft = readJson(draftKey) || {};
    var timer = null;
    var countdown = null;
    var attempt = 0;
    var inFlight = false;
    var KEEP = { csrf_token: true, client_id: true };

    var word = function (key, t, n) {
      return (words[key] || key).replace("{t}", t === undefined ? "" : t).replace("{n}", n === undefined ? "" : n);
    };
    var say = function (text, kind) {
      if (!statusLine) { return; }
      statusLine.textContent = text || "";
      statusLine.className = "form-status" + (kind ? " " + kind : "");
      statusLine.hidden = !text;
    };
    var persist = function () { writeJson(draftKey, draft); };

    // The form's values by name (radio: the checked one).
    function values() {
      var out = {};
      each(form.elements, function (el) {
        if (!el.name || KEEP[el.name] || el.type === "submit" || el.type === "button") { return; }
        if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
        out[el.name] = el.value;
      });
      return out;
    }

    function restore(saved) {
      if (!saved) { return; }
      each(form.elements, function (el) {
        if (!el.name || KEEP[el.name] || !(el.name in saved) || el.name === "session_id" && el.type === "hidden") { return; }
        if (el.type === "radio" || el.type === "checkbox") { el.checked = el.value === saved[el.name]; }
        else if (el.getAttribute("data-region") !== "district" && el.getAttribute("data-region") !== "village") { el.value = saved[el.name]; }
        else { el.value = saved[el.name]; el.setAttribute("data-typed", saved[el.name]); }
      });
      if (picker) { picker.set({ regency: saved.regency, district: saved.district, village: saved.village }); }
    }

    // The JSON API's body, from the fields (names are the API's; see forum/moderation/forms.py).
    function body(v) {
      var data = { kind: v.kind || "proposal", title: v.title || "", body: v.body || "", client_id: draft.client_id };
      if (data.kind === "proposal") {
        ["program", "activity", "sub_activity", "problem", "unit", "budget", "priority", "origin"].forEach(function (k) {
          data[k] = v[k] || "";
        });
        var volume = (v.volume || "").trim();
        if (volume) { data.volume = /^\d{1,12}([.,]\d{1,6})?$/.test(volume) ? parseFloat(volume.replace(",", ".")) : volume; }
        var location = { regency: v.regency || "", district: v.district || "", village: v.village || "", detail: v.location_detail || "" };
        if (location.regency || location.district || location.village || location.detail) { data.location = location; }
      }
      if ("participant_id" in v || "agency" in v) { // the facilitator's entry: on behalf of someone
        if (v.participant_id) { data.participant_id = parseInt(v.participant_id, 10); } else { data.agency = v.agency || ""; }
      }
      return data;
    }

    function sessionId() {
      var field = form.elements.session_id;
      return field ? field.value : "";
    }

    // --- errors next to fields ---
    function clearErrors() {
      each(form.querySelectorAll("[data-error-for]"), function (p) { p.textContent = ""; p.hidden = true; });
      each(form.querySelectorAll(".has-error"), function (n) { n.classList.remove("has-error"); });
      each(form.querySelectorAll("[aria-invalid]"), function (n) { n.removeAttribute("aria-invalid"); });
    }

    function showErrors(fields, message) {
      var first = null;
      var general = [];
      Object.keys(fields || {}).forEach(function (key) {
        var target = key === "location" ? "location.regency" : key;
        var p = form.querySelector('[data-error-for="' + target + '"]');
        if (!p || !target) { general.push(fields[key]); return; }
        p.textContent = fields[key];
        p.hidden = false;
        var wrap = p.closest("[data-field]");
        if (wrap) {
          wrap.classList.add("has-error");
          var control = wrap.querySelector("input, select, textarea");
          if (control) { control.setAttribute("aria-invalid", "true"); first = first || control; }
        }
      });
      if (general.length || (message && !first)) {
        var top = form.querySelector('[data-error-for=""]');
        if (top) { top.textContent = general.length ? general.join(" ") : message; top.hidden = false; }
      }
      if (first && first.closest("[hidden]") === null) { first.focus(); }
    }

    // --- sending ---
    var locked = [];
    function lock(on) {
      if (on) {
        each(form.elements, function (el) {
          if (el === retryButton || el === stopButton || el.disabled || el.type === "hidden") { return; }
          el.disabled = true;
          locked.push(el);
        });
      } else {
        locked.forEach(function (el) { el.disabled = false; });
        locked = [];
      }
      form.classList.toggle("sending", on);
    }

    function stopTimers() {
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (countdown) { window.clearInterval(countdown); countdown = null; }
      if (retryButton) { retryButton.hidden = true; }
      if (stopButton) { stopButton.hidden = true; }
    }

    function backToEditing() {
      stopTimers();
      draft.sending = null;
      persist();
      lock(false);
    }

    function done(input) {
      stopTimers();
      if (storage) { storage.removeItem(draftKey); }
      draft = {};
      var keepSession = sessionId();
      lock(false);
      form.reset();
      if (form.elements.session_id) { form.elements.session_id.value = keepSession; }
      if (picker) { picker.set({}); }
      toggleKind();
      showBudget();
      say(input && form.hasAttribute("data-staff") ? word("saved", input.title, input.id) : word("sent", input ? input.title : ""), "ok");
      document.dispatchEvent(new CustomEvent("forum:input-sent", { detail: input }));
    }

    function scheduleRetry(seconds) {
      attempt += 1;
      var wait = seconds || Math.min(60, Math.pow(2, attempt - 1)) * (0.8 + Math.random() * 0.4);
      var due = Date.now() + wait * 1000;
      var tell = function () { say(word("waiting", "", Math.max(1, Math.ceil((due - Date.now()) / 1000))), "warn"); };
      tell();
      countdown = window.setInterval(tell, 1000);
      timer = window.setTimeout(function () { stopTimers(); send(); }, wait * 1000);
      if (retryButton) { retryButton.hidden = false; }
      if (stopButton) { stopButton.hidden = false; }
    }

    function send() {
      if (!draft.sending || inFlight) { return; }
      stopTimers();
      inFlight = true;
      say(attempt ? word("retrying") : word("sending"), "");
      sendJson("POST", draft.sending.url, csrfInput ? csrfInput.value : "", draft.sending.body).then(function (r) {
        inFlight = false;
        answered(r.status, r.body, parseInt(r.headers.get("Retry-After") || "", 10));
      }).catch(function () {
        inFlight = false;
        scheduleRetry(); // no answer at all: the network; the same client_id makes the retry safe
      });
    }

    function answered(status, answer, retryAfter) {
      var error = answer && answer.error ? answer.error : {};
      if (status === 201 || status === 200) { attempt = 0; done(answer); return; }
      if (status === 429 || status >= 500) { scheduleRetry(retryAfter > 0 ? Math.min(retryAfter, 120) : 0); return; }
      attempt = 0;
      backToEditing();
      if (status === 422) { showErrors(error.fields, error.message); say(word("refused"), "bad"); return; }
      if (error.code === "input_closed") { say(word("closed"), "bad"); return; }
      if (error.code === "csrf_failed") { say(word("reload"), "bad"); return; }
      if (status === 413) { say(word("too_long"), "bad"); return; }
      say(word("failed", error.message || String(status)), "bad");
    }

    function submit() {
      clearErrors();
      if (!draft.client_id) { draft.client_id = newId(); }
      var id = sessionId();
      if (!id) { say(word("closed"), "bad"); return; }
      draft.fields = values();
      draft.sending = { url: apiTemplate.replace("/sessions/0/", "/sessions/" + encodeURIComponent(id) + "/"),
                        body: body(draft.fields) };
      persist();
      attempt = 0;
      lock(true);
      send();
    }

    // --- the form's behaviour ---
    function toggleKind() {
      var checked = form.querySelector("input[name=kind]:checked");
      var proposal = !checked || checked.value === "proposal";
      each(form.querySelectorAll("[data-proposal-only]"), function (n) { n.hidden = !proposal; });
    }

    function showBudget() {
      if (!budget || !budgetShown) { return; }
      var amount = parseRupiah(budget.value);
      budgetShown.textContent = amount === null ? "" : (isNaN(amount) ? word("rupiah_bad") : formatRupiah(amount, lang));
      budgetShown.className = "budget-shown" + (amount !== null && isNaN(amount) ? " bad" : "");
    }

    function remember() {
      if (draft.sending) { return; }
      if (!draft.client_id) { draft.client_id = newId(); }
      draft.fields = values();
      persist();
    }

    function upgradeRegions() {
      var url = form.getAttribute("data-regions-url");
      if (!url || picker) { return; }
      regions(url).then(function (tree) {
        if (picker) { return; }
        picker = regionPicker(form, tree);
        if (picker && draft.fields && !draft.sending) {
          picker.set({ regency: draft.fields.regency, district: draft.fields.district, village: draft.fields.village });
        }
      }).catch(function () { /* the typed boxes still work */ });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!draft.sending) { submit(); }
    });
    form.addEventListener("input", remember);
    form.addEventListener("change", function (e) {
      if (e.target.name === "kind") { toggleKind(); }
      remember();
    });
    if (budget) { budget.addEventListener("input", showBudget); }
    form.addEventListener("focusin", upgradeRegions);
    if (readJson(REGIONS_KEY)) { upgradeRegions(); }
    if (retryButton) { retryButton.addEventListener("click", function () { stopTimers(); send(); }); }
    if (stopButton) {
      stopButton.addEventListener("click", function () {
        // The client_id stays: if an earlier attempt did arrive, sending again still stores one input.
        backToEditing();
        say(word("draft"), "");
      });
    }
    window.addEventListener("online", function () { if (timer) { stopTimers(); send(); } });

    // A draft from before (the page was closed, the phone restarted): back into the form; one that
    // was being sent is sent again.
    var hasServerErrors = form.querySelector("[data-error-for]:not([hidden])") !== null;
    if (draft.fields && !hasServerErrors) {
      restore(draft.fields);
      if (draft.sending) { lock(true); send(); } else { say(word("draft"), ""); }
    } else if (hasServerErrors) {
      draft = { client_id: (form.elements.client_id || {}).value || newId() }; // the server's refused form wins
      remember();
    }
    toggleKind();
    showBudget();
  }

  // The facilitator's entry: a search box narrows the list of participants.
  each(document.querySelectorAll("input[data-filter-select]"), function (input) {
    var select = document.getElementById(input.getAttribute("data-filter-select"));
    if (!select) { return; }
    input.hidden = false;
    var all = Array.prototype.map.call(select.options, function (o) { return o; });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim().split(/\s+/);
      var chosen = select.value;
      while (select.firstChild) { select.removeChild(select.firstChild); }
      all.forEach(function (o) {
        var text = o.text.toLowerCase();
        if (!o.value || o.value === chosen || words.every(function (w) { return text.indexOf(w) >= 0; })) { select.appendChild(o); }
      });
      select.value = chosen;
    });
  });

  each(document.querySelectorAll("form[data-input-form]"), setup);
}());
