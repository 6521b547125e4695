// The organisers' dashboard. The page is complete without this file; here it is kept current through
// Socket.IO `/live` (the browser session authenticates): `attendance` brings the contract's counts at
// once, and after `checkin`/`attendance` events dashboard.json is fetched again — at most every few
// seconds — for the figures that follow the presence rule, the agency table and the charts (drawn on
// the server as SVG and swapped in). A timer refreshes now and then, since time alone moves the
// online chart, and polls while the live connection is down.
import { stateRefresh } from "./state-refresh.js";

(function () {
  var root = document.getElementById("dashboard");
  if (!root) { return; }

  var slug = root.getAttribute("data-event");
  var stateUrl = root.getAttribute("data-state-url");
  var gap = (parseInt(root.getAttribute("data-refresh-seconds"), 10) || 5) * 1000;
  var status = root.querySelector("[data-live-status]");

  function setStatus(state) {
    if (!status) { return; }
    status.setAttribute("data-state", state);
    status.textContent = status.getAttribute("data-text-" + state) || "";
  }

  function setAll(selector, value) {
    if (value === undefined || value === null) { return; }
    root.querySelectorAll(selector).forEach(function (el) { el.textContent = String(value); });
  }

  function applySummary(summary) {
    Object.keys(summary || {}).forEach(function (key) { setAll('[data-summary="' + key + '"]', summary[key]); });
  }

  // The fragments are rendered by the server (escaped, no scripts): they replace the old ones whole.
  function replaceFragment(name, html) {
    var box = root.querySelector('[data-fragment="' + name + '"]');
    if (!box || typeof html !== "string") { return; }
    // keep the data tables that the reader opened open
    var open = {};
    box.querySelectorAll("[data-chart]").forEach(function (figure) {
      var details = figure.querySelector("details");
      open[figure.getAttribute("data-chart")] = Boolean(details && details.open);
    });
    var parsed = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    var wrapper = parsed.body.firstElementChild;
    box.replaceChildren.apply(box, Array.prototype.slice.call(wrapper.childNodes));
    box.querySelectorAll("[data-chart]").forEach(function (figure) {
      var details = figure.querySelector("details");
      if (details && open[figure.getAttribute("data-chart")]) { details.open = true; }
    });
  }

  // `overtaken`: an `attendance` event came while this state was being fetched; its counts are newer.
  function applyState(state, overtaken) {
    if (!overtaken) { applySummary(state.summary); }
    Object.keys(state.figures || {}).forEach(function (key) { setAll('[data-figure="' + key + '"]', state.figures[key]); });
    var fragments = state.fragments || {};
    Object.keys(fragments).forEach(function (name) { replaceFragment(name, fragments[name]); });
    var still = {};
    (state.no_show_ids || []).forEach(function (id) { still[String(id)] = true; });
    root.querySelectorAll("[data-no-show]").forEach(function (row) {
      if (!still[row.getAttribute("data-no-show")]) { row.remove(); }
    });
  }

  // dashboard.json at most once at a time and at most every `gap` ms (state-refresh.js).
  var state = stateRefresh(stateUrl, applyState, { delay: 300, gap: gap });
  var refreshSoon = state.refreshSoon;

  var socket = null;
  if (typeof window.io === "function") {
    socket = window.io("/live", { auth: { event: slug } });
    socket.on("connect", function () { setStatus("live"); refreshSoon(); });
    socket.on("disconnect", function () { setStatus("reconnecting"); });
    socket.on("connect_error", function () { setStatus(socket.active ? "reconnecting" : "refused"); });
    socket.on("checkin", function () { refreshSoon(); });
    socket.on("attendance", function (summary) { state.pushed(); applySummary(summary); refreshSoon(); });
  }
  // Time moves the online chart even without events; without a live connection this is the only update.
  window.setInterval(function () { refreshSoon(); }, socket ? 60000 : 30000);
  window.setInterval(function () { if (socket && !socket.connected) { refreshSoon(); } }, 30000);
})();
