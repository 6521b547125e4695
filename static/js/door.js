// The live door view. The page is complete without this file; here it is kept current through
// Socket.IO `/live` (the browser session authenticates): `checkin` adds the arrival at once,
// `attendance` brings the counts, and door.json is fetched again after every burst of events and
// after every (re)connection, so the breakdowns catch up and nothing missed while offline stays missing.
import { parts } from "./lib/common.js";
import { stateRefresh } from "./state-refresh.js";

(function () {
  var root = document.getElementById("door");
  if (!root || typeof window.io !== "function") { return; }

  var { event: slug, stateUrl, zone, timeSeparator: separator = ":" } = root.dataset;
  var latestLimit = parseInt(root.dataset.latestLimit, 10) || 20;
  var { liveStatus: status, latest: latestList, latestEmpty, agencies: agencyRows } =
    parts(root, "live-status latest latest-empty agencies");
  var arrivalTemplate = document.getElementById("arrival-template");
  var agencyTemplate = document.getElementById("agency-row-template");
  var TALLY = ["registered", "expected", "arrived", "missing"];

  function setStatus(state) {
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute("data-text-" + state) || "";
  }

  function setText(el, value) {
    if (el && value !== undefined && value !== null) { el.textContent = String(value); }
  }

  // "2021-02-25T07:41:00+07:00" is already in the forum's time zone: show "07.41 WIB".
  function clock(isoText) {
    var match = /T(\d\d):(\d\d)/.exec(isoText || "");
    return match ? match[1] + separator + match[2] + " " + zone : "";
  }

  function applySummary(summary) {
    Object.keys(summary || {}).forEach(function (key) {
      root.querySelectorAll('[data-summary="' + key + '"]').forEach(function (el) { setText(el, summary[key]); });
    });
  }

  function applyTally(row, tally) {
    if (!row) { return; }
    TALLY.forEach(function (key) { setText(row.querySelector('[data-col="' + key + '"]'), tally[key]); });
  }

  function slot(item, name) { return item.querySelector('[data-slot="' + name + '"]'); }

  function arrivalItem(arrival, fresh) {
    var item = arrivalTemplate.content.firstElementChild.cloneNode(true);
    var person = arrival.participant;
    if (!fresh) { item.classList.remove("is-new"); }
    item.setAttribute("data-participant", person.id);
    var time = slot(item, "time");
    time.setAttribute("datetime", arrival.checked_in_at);
    setText(time, clock(arrival.checked_in_at));
    setText(slot(item, "name"), person.name);
    setText(slot(item, "agency"), person.agency ? person.agency.name : "");
    var desk = slot(item, "desk");
    setText(desk, arrival.desk || "");
    desk.hidden = !arrival.desk;
    var deputyFor = arrival.deputy_for || person.deputy_for;
    var deputy = slot(item, "deputy");
    if (deputyFor) {
      setText(deputy, deputy.getAttribute("data-label").replace("{who}", deputyFor));
      deputy.hidden = false;
    }
    slot(item, "online").hidden = arrival.note !== "registered_online";
    return item;
  }

  function timeOf(item) {
    var t = item.querySelector("time");
    return t ? Date.parse(t.getAttribute("datetime")) : 0;
  }

  // Newest first by check-in time (a synced offline scan may be older than what is listed).
  function showArrival(arrival, fresh) {
    var old = latestList.querySelector('[data-participant="' + arrival.participant.id + '"]');
    if (old) { old.remove(); }
    var item = arrivalItem(arrival, fresh);
    var when = Date.parse(arrival.checked_in_at);
    var before = null;
    for (var i = 0; i < latestList.children.length; i += 1) {
      if (timeOf(latestList.children[i]) <= when) { before = latestList.children[i]; break; }
    }
    latestList.insertBefore(item, before);
    while (latestList.children.length > latestLimit) { latestList.lastElementChild.remove(); }
    latestEmpty.hidden = latestList.children.length > 0;
    root.querySelectorAll('[data-missing-row="' + arrival.participant.id + '"]').forEach(function (row) {
      row.remove();
    });
  }

  function agencyRow(agency) {
    var key = agency ? String(agency.id) : "none";
    var row = agencyRows.querySelector('[data-agency="' + key + '"]');
    if (!row && agency) {
      row = agencyTemplate.content.firstElementChild.cloneNode(true);
      row.setAttribute("data-agency", key);
      setText(row.querySelector('[data-slot="name"]'), agency.name);
      agencyRows.appendChild(row);
    }
    return row;
  }

  // `overtaken`: a `checkin` or `attendance` event came while this state was being fetched; the counts and the
  // arrival it showed are newer than the state's (the refresh that event asked for follows).
  function applyState(state, overtaken) {
    if (!overtaken) { applySummary(state.summary); }
    Object.keys(state.overall || {}).forEach(function (key) {
      root.querySelectorAll('[data-overall="' + key + '"]').forEach(function (el) { setText(el, state.overall[key]); });
    });
    Object.keys(state.by_mode || {}).forEach(function (mode) {
      var tally = state.by_mode[mode];
      applyTally(root.querySelector('[data-mode-row="' + mode + '"]'), tally);
      root.querySelectorAll('[data-mode="' + mode + '"][data-col]').forEach(function (el) {
        setText(el, tally[el.getAttribute("data-col")]);
      });
    });
    (state.by_agency || []).forEach(function (entry) { applyTally(agencyRow(entry.agency), entry); });
    if (!overtaken) {  // the arrivals shown by the events stay until the refresh they asked for
      var shown = {};
      latestList.querySelectorAll("li").forEach(function (li) { shown[li.getAttribute("data-participant")] = li; });
      latestList.textContent = "";
      (state.latest || []).forEach(function (arrival) {
        // keep the element already shown for the same arrival (its highlight keeps running)
        var previous = shown[String(arrival.participant.id)];
        var same = previous && timeOf(previous) === Date.parse(arrival.checked_in_at) &&
          slot(previous, "desk").textContent === (arrival.desk || "");
        latestList.appendChild(same ? previous : arrivalItem(arrival, false));
      });
      latestEmpty.hidden = latestList.children.length > 0;
    }
    var missing = {};
    (state.not_arrived_ids || []).forEach(function (id) { missing[String(id)] = true; });
    root.querySelectorAll("[data-missing-row]").forEach(function (row) {
      if (!missing[row.getAttribute("data-missing-row")]) { row.remove(); }
    });
    var conflicts = root.querySelector("[data-conflicts]");
    if (conflicts && state.conflicts && state.conflicts.length !== parseInt(conflicts.getAttribute("data-conflicts"), 10)) {
      conflicts.querySelector("[data-conflicts-new]").hidden = false;
    }
  }

  // door.json at most once at a time and, after events, at most every 2 s (state-refresh.js): during a
  // rush each scan already shows up at once; the breakdowns can follow a moment later.
  var state = stateRefresh(stateUrl, applyState, { delay: 500, gap: 2000, followAtOnce: true });
  var refresh = state.refresh, refreshSoon = state.refreshSoon;

  var socket = window.io("/live", { auth: { event: slug } });
  socket.on("connect", function () { setStatus("live"); refresh(); });
  socket.on("disconnect", function () { setStatus("reconnecting"); });
  socket.on("connect_error", function () { setStatus(socket.active ? "reconnecting" : "refused"); });
  socket.on("checkin", function (arrival) {
    state.pushed();
    if (arrival && arrival.participant) { showArrival(arrival, true); }
    refreshSoon();
  });
  socket.on("attendance", function (summary) { state.pushed(); applySummary(summary); refreshSoon(); });
  // While the live connection is down (hotel Wi-Fi), poll now and then so the figures do not go stale.
  window.setInterval(function () { if (!socket.connected) { refresh(); } }, 30000);
})();
