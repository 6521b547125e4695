// The live page's input region (templates/live/_inputs.html) — keeps it current without a reload:
// - the form shows while the running session takes input (from `agenda` events), and is sent to
//   that session (input-form.js does the sending);
// - the session's accepted inputs arrive as `input` events (the audience receives accepted and
//   pinned ones; a staff connection receives all, and only the accepted are shown);
// - Support (once per agency; never your own agency's) and upvotes for questions go to the JSON API;
// - Support and upvotes can be withdrawn: the pressed button sends DELETE to the same address;
// - your own inputs show their status: every change of them reaches this page in the participant's own
//   room (`input` with `"own": true`: rejected, deferred and merged too, with the note and the merge target);
// - the form's module (input-form.js) is loaded only when the form is shown: most visitors read first.
// It uses live.js's connection (its `socket`) and builds the same markup as the macros of
// _inputs.html: change both together.
import { each, el, parts, txt, hm, getJson, sendJson, formatRupiah } from "./lib/common.js";
import { socket } from "./live.js";

(function () {
  var root = document.querySelector("[data-inputs]");
  if (!root) { return; }
  var { words, session = "", agency: myAgency = "", participant = "", csrf = "", listUrl, supportUrl, voteUrl } =
    root.dataset;
  words = JSON.parse(words || "{}");
  var lang = document.documentElement.getAttribute("lang") || "id";
  var isParticipant = !!participant;
  var { inputForm: form, inputClosed: closedNote } = parts(root, "input-form input-closed");
  var acceptedList = document.querySelector("[data-accepted]");
  var ownList = document.querySelector("[data-own]");
  var supported = {};
  var voted = {};
  var ownIds = {};

  function word(key, t) { return (words[key] || key).replace("{t}", t === undefined ? "" : t); }
  function agencyName(a) { return a ? (a.short_name || a.name || "") : ""; }
  function where(i) {
    var loc = i.location || {};
    var text = [loc.village, loc.district, loc.regency].filter(Boolean).join(", ");
    return text + (loc.detail ? " (" + loc.detail + ")" : "");
  }

  each(document.querySelectorAll("[data-own-input]"), function (li) { ownIds[li.getAttribute("data-own-input")] = true; });
  each(document.querySelectorAll("[data-accepted] [data-support][aria-pressed=true]"), function (b) {
    supported[b.closest("[data-input]").getAttribute("data-input")] = true;
  });
  each(document.querySelectorAll("[data-accepted] [data-vote][aria-pressed=true]"), function (b) {
    voted[b.closest("[data-input]").getAttribute("data-input")] = true;
  });

  // --- the accepted list (mirrors the accepted_item macro) ---
  function actionButton(i) {
    if (!isParticipant) { return null; }
    var question = i.kind === "question";
    var mine = !question && i.agency && String(i.agency.id) === myAgency;
    var done = !!(question ? voted[i.id] : supported[i.id]);
    var label = question ? "▲ " + word(done ? "upvoted" : "upvote") : word(mine ? "own_agency" : (done ? "supported" : "support"));
    var button = el("button", "btn secondary small");
    button.type = mine ? "button" : "submit";
    button.appendChild(txt(label + " · "));
    button.appendChild(el("span", "", String(question ? i.votes : i.supports))).setAttribute("data-count", "");
    if (mine) {
      button.disabled = true;
      var p = el("p", "i-act");
      p.appendChild(button);
      return p;
    }
    button.setAttribute(question ? "data-vote" : "data-support", "");
    button.setAttribute("aria-pressed", done ? "true" : "false");
    if (done) { button.appendChild(txt(" · ")); button.appendChild(el("span", "undo", word("withdraw"))); }
    var f = el("form", "i-act");
    f.method = "post";
    f.setAttribute("data-api", (question ? voteUrl : supportUrl).replace("/inputs/0/", "/inputs/" + i.id + "/"));
    f.appendChild(button);
    return f;
  }

  function acceptedItem(i) {
    var li = el("li", "input-item kind-" + i.kind);
    li.id = "live-input-" + i.id;
    li.setAttribute("data-input", i.id);
    var head = el("p", "i-head");
    head.appendChild(el("span", "badge", (words.kinds || {})[i.kind] || i.kind));
    head.appendChild(txt(" "));
    head.appendChild(el("span", "agency", agencyName(i.agency)));
    li.appendChild(head);
    li.appendChild(el("p", "i-title", i.title));
    if (i.location && i.location.regency) { li.appendChild(el("p", "i-where", where(i))); }
    if (i.budget !== null && i.budget !== undefined) {
      li.appendChild(el("p", "i-cost", (i.target ? i.target + " · " : "") + formatRupiah(Number(i.budget), lang)));
    }
    var act = actionButton(i);
    if (act) { li.appendChild(act); }
    return li;
  }

  function setEmpty(list, text) {
    var empty = list.querySelector(".empty");
    var items = list.querySelectorAll("[data-input], [data-own-input]").length;
    if (!items && !empty) { list.appendChild(el("li", "empty", text)); }
    if (items && empty) { list.removeChild(empty); }
  }

  function showAccepted(i) {
    if (!acceptedList) { return; }
    var old = acceptedList.querySelector('[data-input="' + i.id + '"]');
    var belongs = String(i.session_id) === String(session) && i.status === "accepted";
    if (belongs) {
      var fresh = acceptedItem(i);
      if (old) { acceptedList.replaceChild(fresh, old); } else { acceptedList.appendChild(fresh); fresh.classList.add("new"); }
    } else if (old) {
      acceptedList.removeChild(old);
    }
    setEmpty(acceptedList, word("none_accepted"));
  }

  // --- your own inputs (mirrors the own_item macro) ---
  function ownItem(i) {
    var li = el("li", "own-item");
    li.setAttribute("data-own-input", i.id);
    li.appendChild(el("span", "badge status status-" + i.status, (words.statuses || {})[i.status] || i.status));
    li.appendChild(txt(" "));
    li.appendChild(el("span", "i-title", i.title));
    li.appendChild(txt(" "));
    li.appendChild(el("span", "muted small", "#" + i.id + " · " + ((words.kinds || {})[i.kind] || i.kind) + " · " + hm(i.created_at, lang)));
    if (i.status === "merged" && i.merged_into) {
      li.appendChild(el("span", "i-merged", word("merged_into", i.merged_into) + (i.merged_into_title ? ": “" + i.merged_into_title + "”" : "")));
    }
    if (i.note) { li.appendChild(el("span", "i-note", i.note)); }
    return li;
  }

  function showOwn(i, isNew) {
    if (!ownList) { return; }
    ownIds[i.id] = true;
    var old = ownList.querySelector('[data-own-input="' + i.id + '"]');
    var fresh = ownItem(i);
    if (old) { ownList.replaceChild(fresh, old); } else { ownList.insertBefore(fresh, ownList.firstChild); }
    if (isNew) { fresh.classList.add("new"); }
    setEmpty(ownList, "");
  }

  function onInput(message) {
    var i = message && message.input;
    if (!i) { return; }
    if (i.own || ownIds[i.id]) {
      var before = ownList && ownList.querySelector('[data-own-input="' + i.id + '"] .status');
      var changed = !before || before.className.indexOf("status-" + i.status) < 0;
      showOwn(i, changed);
    }
    showAccepted(i);
  }

  // --- the running session: the form follows it ---
  function resync() {
    if (!listUrl || !session || !window.fetch) { return; }
    getJson(listUrl + "?session=" + encodeURIComponent(session))
      .then(function (data) {
        if (!data || !acceptedList) { return; }
        each(acceptedList.querySelectorAll("[data-input]"), function (li) { acceptedList.removeChild(li); });
        data.inputs.forEach(function (i) { if (ownIds[i.id]) { showOwn(i, false); } showAccepted(i); });
        setEmpty(acceptedList, word("none_accepted"));
      }).catch(function () { /* the next event or reconnect tries again */ });
  }

  function onAgenda(payload) {
    if (!payload || !payload.sessions) { return; }
    var current = null;
    payload.sessions.forEach(function (s) { if (s.id === payload.current_session_id) { current = s; } });
    var open = !!(current && current.input_open);
    var id = current ? String(current.id) : "";
    if (form) {
      form.hidden = !open && !form.classList.contains("sending");
      if (open && form.elements.session_id) { form.elements.session_id.value = id; }
    }
    if (closedNote) { closedNote.hidden = open; }
    if (id !== session) {
      session = id;
      root.setAttribute("data-session", id);
      if (acceptedList) {
        each(acceptedList.querySelectorAll("[data-input]"), function (li) { acceptedList.removeChild(li); });
        setEmpty(acceptedList, word("none_accepted"));
      }
      resync();
    }
  }

  // The form's module, once the form is shown (it works as a plain form until then).
  var formModule = null;
  function loadForm() {
    if (formModule || !form || form.hidden) { return; }
    formModule = import("./input-form.js");
  }

  // --- Support and upvote ---
  function say(text) {
    var note = root.querySelector("[data-inputs-note]");
    if (!note) {
      note = el("p", "note-bad");
      note.setAttribute("data-inputs-note", "");
      note.setAttribute("role", "status");
      root.insertBefore(note, root.children[1] || null);
    }
    note.textContent = text;
    note.hidden = !text;
  }

  if (acceptedList) {
    acceptedList.addEventListener("submit", function (e) {
      var f = e.target;
      var url = f.getAttribute("data-api");
      if (!url || !window.fetch) { return; }
      e.preventDefault();
      var button = f.querySelector("button");
      var id = f.closest("[data-input]").getAttribute("data-input");
      var question = button.hasAttribute("data-vote");
      var withdraw = button.getAttribute("aria-pressed") === "true";
      button.disabled = true;
      sendJson(withdraw ? "DELETE" : "POST", url, csrf)
        .then(function (r) {
          var body = r.body;
          if (r.ok || (body && body.error && body.error.code === "own_input")) {
            if (question) { voted[id] = !withdraw; } else { supported[id] = !withdraw; }
            if (r.ok && body) { showAccepted(body); } // the new count, the button disabled
            say("");
            return;
          }
          button.disabled = false;
          say(word("failed", body && body.error ? body.error.message : String(r.status)));
        }).catch(function () { button.disabled = false; say(word("offline")); });
    });
  }

  document.addEventListener("forum:input-sent", function (e) {
    if (e.detail && e.detail.id) { showOwn(e.detail, true); showAccepted(e.detail); }
  });

  if (socket) {
    var seen = socket.connected;
    socket.on("input", onInput);
    socket.on("input_withdrawn", function (message) {
      var old = acceptedList && message && acceptedList.querySelector('[data-input="' + message.id + '"]');
      if (old) { acceptedList.removeChild(old); setEmpty(acceptedList, word("none_accepted")); }
    });
    socket.on("agenda", function (payload) { onAgenda(payload); loadForm(); });
    socket.on("connect", function () { if (seen) { resync(); } seen = true; });
  }
  loadForm();
}());
