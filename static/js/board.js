// The moderation board — progressive enhancement: every decision is also a plain form on the card.
// With this file:
// - decisions go to the JSON API (PATCH /api/v1/events/<slug>/inputs/<id>, with the CSRF header);
//   reject, accept with changes, merge and history open dialogs (a reject without a reason is refused
//   here and by the server);
// - the board stays live over Socket.IO (namespace /live, this browser's staff session: moderators get
//   an `input` event for every change); the cards an event names — the input, its overlap partners,
//   its merge target — are re-read from /admin/<slug>/board/cards with the board's filters and put in
//   their column in order, so templates/moderation/_card.html stays the only markup of a card;
// - keyboard: j/k move, a accept, r reject, d defer, p pin, e accept with changes, m merge, x answered,
//   h history, ? help.
import { each, sendJson } from "./lib/common.js";
import { csrfToken, getHtml, errorText as apiError, flash } from "./lib/staff.js";
import { parseRupiah, formatRupiah } from "./input-form.js";

(function () {
  var root = document.querySelector("[data-board]");
  if (!root) { return; }
  if (!window.forumBoardPageId) { window.forumBoardPageId = String(Date.now()) + Math.random(); }

  var slug = root.getAttribute("data-board");
  var words = JSON.parse(root.getAttribute("data-i18n") || "{}");
  var sortMode = root.getAttribute("data-sort") || "time";
  var query = root.getAttribute("data-query") || "";
  var cardsUrl = root.getAttribute("data-cards-url");
  var apiTemplate = root.getAttribute("data-api");
  var dismissTemplate = root.getAttribute("data-dismiss-api");
  var csrf = csrfToken();
  var message = root.querySelector("[data-message]");
  var selectedId = null;

  // The card buttons' values → the API's body (forum/moderation/board.py:ACTIONS says the same).
  var ACTIONS = {
    accept: { status: "accepted" }, discuss: { status: "discussed" }, defer: { status: "deferred" },
    reopen: { status: "submitted" }, reject: { status: "rejected" }, merge: { status: "merged" },
    pin: { pinned: true }, unpin: { pinned: false }, answered: { answered: true }, unanswered: { answered: false }
  };

  function word(key, n) { return (words[key] || key).replace("{n}", n === undefined ? "" : n); }
  function cards() { return Array.prototype.slice.call(root.querySelectorAll("article.input-card")); }
  function cardOf(id) { return root.querySelector('article.input-card[data-input="' + id + '"]'); }
  function selected() { return selectedId ? cardOf(selectedId) : null; }

  function say(text, isError) { flash(message, text, isError); }
  function errorText(status, body) { return apiError(status, body, words.failed); }

  function call(method, url, data) {
    return sendJson(method, url, csrf, data).catch(function () { return { ok: false, status: 0, body: null }; });
  }

  function inputUrl(id) { return apiTemplate.replace(/\/inputs\/0$/, "/inputs/" + id); }

  // Decide; then re-read the cards it touched (the `input` event does the same when connected).
  function act(id, data) {
    return call("PATCH", inputUrl(id), data).then(function (res) {
      if (!res.ok) {
        say(res.status ? errorText(res.status, res.body) : word("offline"), true);
        return res;
      }
      say(word("done", id), false);
      refresh(related(res.body));
      return res;
    });
  }

  function related(input) {
    var ids = [input.id];
    (input.overlaps || []).forEach(function (o) { ids.push(o.input_id); });
    if (input.merged_into) { ids.push(input.merged_into); }
    return ids;
  }

  // --- selection and the keyboard -----------------------------------------------------------------
  function choose(card, scroll) {
    each(root.querySelectorAll("article.input-card.selected"), function (c) { c.classList.remove("selected"); });
    if (!card) { selectedId = null; return; }
    selectedId = card.getAttribute("data-input");
    card.classList.add("selected");
    card.focus({ preventScroll: !scroll });
    if (scroll) { card.scrollIntoView({ block: "nearest", inline: "nearest" }); }
  }

  function move(step) {
    var list = cards();
    if (!list.length) { return; }
    var at = list.indexOf(selected());
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step));
    choose(list[next], true);
  }

  root.addEventListener("click", function (e) {
    var summary = e.target.closest("details[data-reject] > summary");
    var card = e.target.closest("article.input-card");
    if (card && !e.target.closest("a, button, summary, input, textarea, select")) { choose(card, false); }
    if (summary && card) {
      e.preventDefault();
      choose(card, false);
      openReject(card);
    }
  });

  function withCard(fn) {
    return function () {
      var card = selected();
      if (!card) { say(word("no_card"), true); return; }
      fn(card, card.getAttribute("data-input"));
    };
  }

  var KEYS = {
    j: function () { move(1); }, k: function () { move(-1); },
    a: withCard(function (c, id) { act(id, ACTIONS.accept); }),
    d: withCard(function (c, id) { act(id, ACTIONS.defer); }),
    p: withCard(function (c, id) {
      if (c.getAttribute("data-pinned") === "true") { act(id, ACTIONS.unpin); }
      else if (c.getAttribute("data-status") !== "rejected") { act(id, ACTIONS.pin); } // a rejected one is not shown
    }),
    x: withCard(function (c, id) {
      if (c.getAttribute("data-kind") === "question") { act(id, c.getAttribute("data-answered") === "true" ? ACTIONS.unanswered : ACTIONS.answered); }
    }),
    r: withCard(function (c) { openReject(c); }),
    e: withCard(function (c) { openEdit(c); }),
    m: withCard(function (c) { openMerge(c); }),
    h: withCard(function (c) { openHistory(c); }),
    "?": function () { openDialog("help", null); }
  };

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) { return; }
    if (document.querySelector("dialog[open]")) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var handler = KEYS[e.key];
    if (!handler) { return; }
    e.preventDefault();
    handler();
  });

  // --- the cards' forms, sent to the API ---------------------------------------------------------------
  root.addEventListener("submit", function (e) {
    var form = e.target;
    var card = form.closest("article.input-card");
    if (!card || form.method.toLowerCase() !== "post" || form.hasAttribute("data-plain")) { return; } // data-plain: posts itself
    e.preventDefault();
    var id = card.getAttribute("data-input");
    var submitter = e.submitter;
    choose(card, false);
    if (submitter && submitter.hasAttribute("data-dismiss")) {
      var url = dismissTemplate.replace("/inputs/0/overlaps/0/", "/inputs/" + id + "/overlaps/" + submitter.getAttribute("data-dismiss") + "/");
      call("POST", url).then(function (res) {
        if (!res.ok) { say(errorText(res.status, res.body), true); return; }
        say(word("done", id), false);
        refresh([id, submitter.getAttribute("data-dismiss")]);
      });
      return;
    }
    var action = submitter ? submitter.value : "";
    if (!ACTIONS[action]) { return; }
    var data = JSON.parse(JSON.stringify(ACTIONS[action]));
    if (action === "merge") { data.merged_into = parseInt(form.elements.merged_into.value, 10); }
    if (action === "reject") { openReject(card); return; }
    each(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    act(id, data).then(function (res) {
      if (!res.ok) { each(form.querySelectorAll("button"), function (b) { b.disabled = false; }); }
    });
  });

  // --- dialogs -------------------------------------------------------------------------------------------
  function dialog(name) { return document.querySelector('dialog[data-dialog="' + name + '"]'); }

  function openDialog(name, card) {
    var d = dialog(name);
    if (!d) { return null; }
    var subject = d.querySelector("[data-dialog-subject]");
    if (subject) { subject.textContent = card ? card.getAttribute("data-title") : ""; }
    d.setAttribute("data-for", card ? card.getAttribute("data-input") : "");
    each(d.querySelectorAll("[data-dialog-error], [data-error-for]"), function (p) { p.textContent = ""; p.hidden = true; });
    if (!d.open) { d.showModal(); }
    return d;
  }

  function dialogError(d, text) {
    var p = d.querySelector("[data-dialog-error]");
    p.textContent = text;
    p.hidden = !text;
  }

  each(document.querySelectorAll("dialog[data-dialog]"), function (d) {
    each(d.querySelectorAll("[data-close]"), function (b) { b.addEventListener("click", function () { d.close(); }); });
    d.addEventListener("close", function () { var c = selected(); if (c) { c.focus({ preventScroll: true }); } });
  });

  function openReject(card) {
    var d = openDialog("reject", card);
    var reason = d.querySelector("textarea[name=note]");
    reason.value = "";
    reason.focus();
  }

  dialog("reject").querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    var d = dialog("reject");
    var note = d.querySelector("textarea[name=note]").value.trim();
    if (!note) { dialogError(d, word("reason_needed")); d.querySelector("textarea").focus(); return; }
    act(d.getAttribute("data-for"), { status: "rejected", note: note }).then(function (res) {
      if (res.ok) { d.close(); } else { dialogError(d, res.status ? errorText(res.status, res.body) : word("offline")); }
    });
  });

  var EDIT_FIELDS = ["title", "program", "activity", "sub_activity", "target", "body"];
  var LOCATION = { regency: "regency", district: "district", village: "village", location_detail: "detail" };
  var editing = null;

  function openEdit(card) {
    var d = openDialog("edit", card);
    var form = d.querySelector("form");
    editing = null;
    dialogError(d, word("loading"));
    call("GET", inputUrl(card.getAttribute("data-input"))).then(function (res) {
      if (!res.ok) { dialogError(d, errorText(res.status, res.body)); return; }
      dialogError(d, "");
      editing = res.body;
      EDIT_FIELDS.forEach(function (k) { form.elements[k].value = editing[k] || ""; });
      Object.keys(LOCATION).forEach(function (k) { form.elements[k].value = (editing.location || {})[LOCATION[k]] || ""; });
      form.elements.budget.value = editing.budget === null || editing.budget === undefined ? "" : formatRupiah(editing.budget, document.documentElement.lang);
      form.elements.note.value = "";
      showBudget();
      form.elements.title.focus();
    });
  }

  function showBudget() {
    var form = dialog("edit").querySelector("form");
    var out = form.querySelector("[data-budget-shown]");
    var amount = parseRupiah(form.elements.budget.value);
    out.textContent = amount === null || isNaN(amount) ? "" : formatRupiah(amount, document.documentElement.lang);
  }
  dialog("edit").querySelector("input[name=budget]").addEventListener("input", showBudget);

  dialog("edit").querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    var d = dialog("edit");
    var form = e.target;
    if (!editing) { return; }
    var changes = {};
    EDIT_FIELDS.forEach(function (k) { if (form.elements[k].value !== (editing[k] || "")) { changes[k] = form.elements[k].value; } });
    var budget = form.elements.budget.value;
    var parsed = parseRupiah(budget);
    if (!(parsed === editing.budget || (parsed === null && (editing.budget === null || editing.budget === undefined)))) { changes.budget = budget; }
    var loc = {};
    var moved = false;
    Object.keys(LOCATION).forEach(function (k) {
      loc[LOCATION[k]] = form.elements[k].value;
      if (loc[LOCATION[k]] !== ((editing.location || {})[LOCATION[k]] || "")) { moved = true; }
    });
    if (moved) { changes.location = loc; }
    var data = { status: "accepted", changes: changes };
    var note = form.elements.note.value.trim();
    if (note) { data.note = note; }
    each(d.querySelectorAll("[data-error-for]"), function (p) { p.textContent = ""; p.hidden = true; });
    act(editing.id, data).then(function (res) {
      if (res.ok) { d.close(); return; }
      var fields = (res.body && res.body.error && res.body.error.fields) || {};
      var rest = [];
      Object.keys(fields).forEach(function (k) {
        var p = d.querySelector('[data-error-for="' + (k === "location" ? "location.regency" : k) + '"]');
        if (p) { p.textContent = fields[k]; p.hidden = false; } else { rest.push(fields[k]); }
      });
      dialogError(d, res.status ? (rest.length ? rest.join(" ") : (Object.keys(fields).length ? "" : errorText(res.status, res.body))) : word("offline"));
    });
  });

  function openMerge(card) {
    var d = openDialog("merge", card);
    var select = d.querySelector("select");
    var id = card.getAttribute("data-input");
    var partners = Array.prototype.map.call(card.querySelectorAll("[data-overlap]"), function (o) { return o.getAttribute("data-overlap"); });
    while (select.firstChild) { select.removeChild(select.firstChild); }
    select.appendChild(new Option("—", ""));
    var seen = {};
    var add = function (value, label) { if (!seen[value] && value !== id) { seen[value] = true; select.appendChild(new Option(label, value)); } };
    partners.forEach(function (p) { var c = cardOf(p); add(p, c ? c.getAttribute("data-title") : "#" + p); });
    cards().forEach(function (c) {
      var status = c.getAttribute("data-status");
      if (c.getAttribute("data-kind") === card.getAttribute("data-kind") && status !== "merged" && status !== "rejected") {
        add(c.getAttribute("data-input"), c.getAttribute("data-title"));
      }
    });
    if (partners.length) { select.value = partners[0]; }
    select.focus();
  }

  dialog("merge").querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();
    var d = dialog("merge");
    var target = parseInt(d.querySelector("select").value, 10);
    if (!target) { dialogError(d, word("pick_target")); return; }
    act(d.getAttribute("data-for"), { status: "merged", merged_into: target }).then(function (res) {
      if (res.ok) { d.close(); } else { dialogError(d, res.status ? errorText(res.status, res.body) : word("offline")); }
    });
  });

  // The history, as the input's own page shows it (with who did what).
  function openHistory(card) {
    var d = openDialog("history", card);
    var body = d.querySelector("[data-history-body]");
    body.textContent = word("loading");
    getHtml(card.getAttribute("data-page"))
      .then(function (html) {
        var doc = html && new DOMParser().parseFromString(html, "text/html");
        var part = doc && doc.querySelector("[data-history] ol");
        body.textContent = "";
        if (part) { body.appendChild(document.importNode(part, true)); } else { body.textContent = word("offline"); }
      }).catch(function () { body.textContent = word("offline"); });
  }

  // --- live: swap in the cards an event names ---------------------------------------------------------
  var queue = {};
  var timer = null;
  var fetching = false;

  function refresh(ids) {
    ids.forEach(function (id) { if (id) { queue[id] = true; } });
    if (!timer) { timer = window.setTimeout(flush, 120); }
  }

  function before(a, b) {
    if (sortMode === "supports") {
      var sa = parseInt(a.getAttribute("data-score"), 10) || 0;
      var sb = parseInt(b.getAttribute("data-score"), 10) || 0;
      if (sa !== sb) { return sa > sb; }
    }
    var ca = a.getAttribute("data-created");
    var cb = b.getAttribute("data-created");
    if (ca !== cb) { return ca < cb; }
    return parseInt(a.getAttribute("data-input"), 10) < parseInt(b.getAttribute("data-input"), 10);
  }

  function place(card) {
    var column = root.querySelector('[data-column="' + card.getAttribute("data-place") + '"]');
    if (!column) { return false; }
    var empty = column.querySelector(".empty");
    if (empty) { column.removeChild(empty); }
    var next = null;
    each(column.querySelectorAll("article.input-card"), function (other) { if (!next && before(card, other)) { next = other; } });
    column.insertBefore(card, next);
    return true;
  }

  function recount() {
    each(root.querySelectorAll("[data-count]"), function (badge) {
      var column = root.querySelector('[data-column="' + badge.getAttribute("data-count") + '"]');
      if (column) { badge.textContent = column.querySelectorAll("article.input-card").length; }
    });
  }

  function flush() {
    timer = null;
    if (fetching) { timer = window.setTimeout(flush, 200); return; }
    var ids = Object.keys(queue).slice(0, 200);
    ids.forEach(function (id) { delete queue[id]; });
    if (!ids.length) { return; }
    fetching = true;
    getHtml(cardsUrl + "?" + (query ? query + "&" : "") + "ids=" + ids.join(","))
      .then(function (html) {
        if (html === null) { return; }
        var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
        var had = {};
        ids.forEach(function (id) {
          var old = cardOf(id);
          if (old) { had[id] = true; old.parentNode.removeChild(old); }
        });
        each(doc.querySelectorAll("article.input-card"), function (fresh) {
          var card = document.importNode(fresh, true);
          if (place(card) && !had[card.getAttribute("data-input")]) { card.classList.add("fresh"); }
        });
        recount();
        var keep = selected();
        if (keep) { choose(keep, false); }
      })
      .catch(function () { ids.forEach(function (id) { queue[id] = true; }); })
      .then(function () {
        fetching = false;
        if (Object.keys(queue).length && !timer) { timer = window.setTimeout(flush, 500); }
      });
  }

  // After a lost connection: the whole board again (what happened meanwhile is not replayed).
  function reloadAll() {
    getHtml(window.location.pathname + window.location.search)
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        each(root.querySelectorAll("[data-column]"), function (column) {
          var fresh = doc.querySelector('[data-column="' + column.getAttribute("data-column") + '"]');
          if (fresh) { column.parentNode.replaceChild(document.importNode(fresh, true), column); }
        });
        recount();
        var keep = selected();
        if (keep) { choose(keep, false); }
      }).catch(function () { /* the next reconnect tries again */ });
  }

  var indicator = root.querySelector("[data-conn]");
  if (typeof window.io === "function") {
    var socket = window.io("/live", { auth: { event: slug } });
    var connectedBefore = false;
    socket.on("connect", function () {
      indicator.hidden = true;
      if (connectedBefore) { reloadAll(); }
      connectedBefore = true;
    });
    socket.on("disconnect", function (reason) {
      indicator.hidden = false;
      if (reason === "io server disconnect") { window.setTimeout(function () { socket.connect(); }, 5000); }
    });
    socket.on("connect_error", function () { indicator.hidden = false; });
    socket.on("input", function (message) { if (message && message.input) { refresh(related(message.input)); } });
  }

  var start = /^#input-(\d+)$/.exec(window.location.hash);
  if (start && cardOf(start[1])) { choose(cardOf(start[1]), true); }
}());
