// The live page and the projector screen. The server renders the current state (the pages work
// without this file); this keeps them current over Socket.IO — namespace /live, events `agenda`,
// `material`, `announcement` — ticks the clock in the forum's time zone, corrected by the server's
// `server_time`, and shows "Reconnecting…" while the connection is down. Socket.IO reconnects by
// itself (long-polling first, WebSocket when allowed) and the server sends a fresh `agenda` on
// every connect, so the page never keeps showing a stale state.
// It builds the same markup as templates/live/_blocks.html: change both together.
// It lends the connection to the control panel (control.js), and the page's connection (`socket`) to
// live-inputs.js and screen-inputs.js.
import { el, txt, hm, getJson } from "./lib/common.js";

// Set once per page load: a test (and a curious reader) can tell that the page never reloaded.
if (!window.forumLivePageId) { window.forumLivePageId = String(Date.now()) + Math.random(); }

// --- time: the payload's ISO strings are in the forum's zone, e.g. 2021-02-25T08:45:00+07:00 ---
var clockSkew = 0; // the server's clock minus this device's, in ms
var zoneOffset = null; // the forum zone's offset from UTC, in minutes

function offsetOf(iso) {
  var m = /([+-])(\d\d):?(\d\d)$/.exec(iso || "");
  if (!m) { return /Z$/.test(iso || "") ? 0 : null; }
  return (m[1] === "-" ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10));
}

export function syncClock(serverIso) {
  var t = Date.parse(serverIso || "");
  if (!isNaN(t)) {
    clockSkew = t - Date.now();
    zoneOffset = offsetOf(serverIso);
  }
}

function pad(n) { return (n < 10 ? "0" : "") + n; }

function nowHm(lang) {
  if (zoneOffset === null) { return ""; }
  var d = new Date(Date.now() + clockSkew + zoneOffset * 60000);
  return pad(d.getUTCHours()) + (lang === "id" ? "." : ":") + pad(d.getUTCMinutes());
}

export function startClock(node, lang, zone) {
  if (!node) { return; }
  var tick = function () {
    var t = nowHm(lang);
    if (t) { node.textContent = t + (zone ? " " + zone : ""); }
  };
  tick();
  window.setInterval(tick, 1000);
}

export var socket = null; // the page's connection (set on the live page and the screen)

// --- the connection -------------------------------------------------------------------------
// `lateSrc`: the live page's phones fetch the Socket.IO client only after the page's own modules (it is the
// biggest file, and a deferred script would hold back every module until it arrived). Until it is there the
// page's modules get a stand-in that keeps their handlers and hands them to the real connection.
function later(src, make) {
  var calls = [];
  var real = null;
  var stand = {
    on: function (name, fn) { if (real) { real.on(name, fn); } else { calls.push([name, fn]); } return stand; },
    connect: function () { if (real) { real.connect(); } return stand; }
  };
  Object.defineProperty(stand, "connected", { get: function () { return !!(real && real.connected); } });
  Object.defineProperty(stand, "active", { get: function () { return !real || real.active; } });
  var script = document.createElement("script");
  script.src = src;
  script.async = true;
  script.addEventListener("load", function () {
    if (typeof window.io !== "function") { return; }
    real = make();
    calls.forEach(function (call) { real.on(call[0], call[1]); });
    calls = [];
  });
  document.head.appendChild(script);
  return stand;
}

export function connect(slug, handlers, indicator, lateSrc) {
  var make = function () { return window.io("/live", { auth: { event: slug } }); }; // default transports: polling, then websocket
  var socket;
  if (typeof window.io === "function") { socket = make(); }
  else if (lateSrc) { socket = later(lateSrc, make); }
  else { return null; }
  var seen = false;
  var show = function (down) { if (indicator) { indicator.hidden = !down; } };
  var retryLater = function () { window.setTimeout(function () { if (!socket.connected) { socket.connect(); } }, 10000); };
  socket.on("connect", function () {
    show(false);
    if (handlers.connect) { handlers.connect(seen); }
    seen = true;
  });
  socket.on("disconnect", function (reason) {
    show(true);
    if (reason === "io server disconnect") { retryLater(); } // the client does not retry this one itself
  });
  socket.on("connect_error", function () {
    show(true);
    if (!socket.active) { retryLater(); } // refused by the server rather than a network error
  });
  ["agenda", "material", "announcement"].forEach(function (name) {
    if (handlers[name]) { socket.on(name, handlers[name]); }
  });
  return socket;
}

// --- building markup (textContent only: nothing from the server is parsed as HTML) ------------
function fill(parent, nodes) {
  if (!parent) { return; }
  while (parent.firstChild) { parent.removeChild(parent.firstChild); }
  nodes.forEach(function (node) { if (node) { parent.appendChild(node); } });
}

function safeUrl(url) { return /^https?:\/\//i.test(url || "") || /^\//.test(url || "") ? url : "#"; }

function fileSize(size, lang) {
  if (size < 1024 * 1024) { return Math.max(1, Math.round(size / 1024)) + " KB"; }
  return (Math.round(size / 104857.6) / 10).toLocaleString(lang === "id" ? "id-ID" : "en-GB") + " MB";
}

var YOUTUBE_HOSTS = ["youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com"];

// Mirrors forum/live/pages.py:stream_link.
export function streamInfo(url) {
  var u;
  try { u = new URL(url); } catch (e) { return null; }
  if (!/^https?:$/.test(u.protocol)) { return null; }
  var host = u.hostname.toLowerCase();
  var parts = u.pathname.split("/").filter(Boolean);
  if (YOUTUBE_HOSTS.indexOf(host) >= 0) {
    var id = "";
    if (host === "youtu.be") { id = parts[0] || ""; }
    else if (parts[0] === "watch") { id = u.searchParams.get("v") || ""; }
    else if (parts.length >= 2 && ["live", "embed", "shorts"].indexOf(parts[0]) >= 0) { id = parts[1]; }
    var embed = /^[A-Za-z0-9_-]{11}$/.test(id) ? "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1" : "";
    return { url: url, kind: "youtube", embed: embed };
  }
  if (host === "zoom.us" || /\.zoom\.us$/.test(host)) { return { url: url, kind: "zoom", embed: "" }; }
  if (host === "meet.google.com") { return { url: url, kind: "meet", embed: "" }; }
  return { url: url, kind: "other", embed: "" };
}

// Click-to-load: the player (and its megabytes) only after a tap.
function enablePlayer(player, label) {
  var embed = player && player.getAttribute("data-embed");
  if (!embed || player.querySelector("button, iframe")) { return; }
  var button = el("button", "btn secondary", label);
  button.type = "button";
  button.addEventListener("click", function () {
    var frame = el("iframe");
    frame.src = embed;
    frame.title = label;
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    fill(player, [frame]);
  });
  fill(player, [button]);
}

// --- the live page and the screen -----------------------------------------------------------
function startLive(root) {
  var slug = root.getAttribute("data-live");
  var lang = root.getAttribute("data-lang") || "id";
  var zone = root.getAttribute("data-zone") || "";
  var words = JSON.parse(root.getAttribute("data-i18n") || "{}");
  var limit = parseInt(root.getAttribute("data-announcements-limit"), 10) || 20;
  var forumStream = root.getAttribute("data-forum-stream") || "";
  var announcementsUrl = root.getAttribute("data-announcements-url");
  var agenda = null;
  var firstTimes = {}; // session id → [starts_at, ends_at] when this page first saw it
  var knownMaterials = null; // ids seen so far (null until the first agenda)
  var fresh = {}; // material ids to highlight for a while
  var shownStream = null;

  var q = function (selector) { return document.querySelector(selector); };
  var word = function (key, t) { var w = words[key] || key; return t === undefined ? w : w.replace("{t}", t); };

  Array.prototype.forEach.call(document.querySelectorAll("[data-agenda] [data-session]"), function (li) {
    firstTimes[li.getAttribute("data-session")] = [li.getAttribute("data-starts"), li.getAttribute("data-ends")];
  });
  syncClock(root.getAttribute("data-server-time"));
  startClock(q("[data-clock]"), lang, zone);
  enablePlayer(q("[data-player]"), word("play_here"));
  var streamLink = q("[data-stream-box] a");
  shownStream = streamLink ? streamLink.getAttribute("href") : "";

  function timesEl(s) {
    var p = el("p", "times");
    var first = firstTimes[s.id];
    if (first && (first[0] !== s.starts_at || first[1] !== s.ends_at)) {
      p.className += " moved";
      var was = el("s", "was", hm(first[0], lang) + "–" + hm(first[1], lang));
      was.title = word("moved", hm(first[0], lang));
      p.appendChild(was);
      p.appendChild(txt(" "));
    }
    p.appendChild(el("span", "planned", hm(s.starts_at, lang) + "–" + hm(s.ends_at, lang) + " " + zone));
    if (s.actual_start) { p.appendChild(txt(" ")); p.appendChild(el("span", "actual", "· " + word("started", hm(s.actual_start, lang)))); }
    if (s.actual_end) { p.appendChild(txt(" ")); p.appendChild(el("span", "actual", "· " + word("ended_at", hm(s.actual_end, lang)))); }
    return p;
  }

  function stateEl(s) { return el("span", "badge state state-" + s.state, word(s.state)); }

  function speakersEl(s) {
    if (!s.speakers || !s.speakers.length) { return null; }
    var p = el("p", "speakers");
    s.speakers.forEach(function (person, i) {
      if (i) { p.appendChild(txt(", ")); }
      p.appendChild(txt(person.name));
      if (person.agency) { p.appendChild(txt(" ")); p.appendChild(el("span", "agency", "(" + person.agency + ")")); }
    });
    return p;
  }

  function materialsEl(s) {
    if (!s.materials || !s.materials.length) { return null; }
    var list = el("ul", "materials");
    s.materials.forEach(function (m) {
      var li = el("li", fresh[m.id] ? "new" : "");
      li.setAttribute("data-material", m.id);
      li.appendChild(el("span", "m-name", m.title));
      li.appendChild(txt(" "));
      var kind = m.filename.indexOf(".") >= 0 ? m.filename.split(".").pop().toUpperCase() : "";
      li.appendChild(el("span", "m-meta", kind + " · " + fileSize(m.size, lang)));
      var links = el("span", "m-links");
      if (m.mime === "application/pdf") {
        var open = el("a", "", word("open_pdf"));
        open.href = safeUrl(m.url);
        open.target = "_blank";
        open.rel = "noopener";
        links.appendChild(open);
        links.appendChild(txt(" "));
      }
      var download = el("a", "", word("download"));
      download.href = safeUrl(m.url) + "?download=1";
      download.setAttribute("download", "");
      links.appendChild(download);
      li.appendChild(links);
      list.appendChild(li);
    });
    return list;
  }

  function nowNodes(current) {
    if (!current) { return [el("h1", "title idle", word("nothing"))]; }
    var kicker = el("p", "kicker");
    kicker.appendChild(stateEl(current));
    if (current.room) { kicker.appendChild(txt(" ")); kicker.appendChild(el("span", "room", current.room)); }
    if (current.input_open) { kicker.appendChild(txt(" ")); kicker.appendChild(el("span", "badge state state-input", word("input_open"))); }
    return [kicker, el("h1", "title", current.title), speakersEl(current), timesEl(current), materialsEl(current)];
  }

  function nextNodes(following) {
    if (!following) { return [el("p", "muted", word("none_next"))]; }
    return [el("p", "s-title", following.title), speakersEl(following), timesEl(following)];
  }

  function sessionItem(s, currentId) {
    var li = el("li", "session s-" + s.state + (s.id === currentId ? " current" : ""));
    li.setAttribute("data-session", s.id);
    var title = el("p", "s-title", s.title);
    if (s.state !== "scheduled") { title.appendChild(txt(" ")); title.appendChild(stateEl(s)); }
    fill(li, [timesEl(s), title, s.room ? el("p", "room", s.room) : null, speakersEl(s), materialsEl(s)]);
    return li;
  }

  function renderStream(current) {
    var box = q("[data-stream-box]");
    var url = (current && current.stream_url) || forumStream;
    if (!box || url === shownStream) { return; } // never interrupt a playing stream
    shownStream = url;
    var info = url ? streamInfo(url) : null;
    if (!info) { fill(box, [el("p", "muted", word("no_stream"))]); return; }
    var label = { youtube: "watch_youtube", zoom: "join_zoom", meet: "join_meet" }[info.kind] || "open_stream";
    var link = el("a", "btn", word(label));
    link.href = safeUrl(info.url);
    link.target = "_blank";
    link.rel = "noopener";
    var player = null;
    if (info.kind === "youtube") {
      player = el("div", "player");
      player.setAttribute("data-player", "");
      player.setAttribute("data-embed", info.embed);
    }
    fill(box, [player, link]);
    if (player) { enablePlayer(player, word("play_here")); }
  }

  function render() {
    var byId = {};
    agenda.sessions.forEach(function (s) { byId[s.id] = s; });
    var current = byId[agenda.current_session_id] || null;
    fill(q("[data-now]"), nowNodes(current));
    fill(q("[data-next]"), nextNodes(byId[agenda.next_session_id] || null));
    var list = q("[data-agenda]");
    if (list) { fill(list, agenda.sessions.map(function (s) { return sessionItem(s, agenda.current_session_id); })); }
    renderStream(current);
    root.setAttribute("data-current", agenda.current_session_id || "");
  }

  function highlight(id) {
    fresh[id] = true;
    window.setTimeout(function () { delete fresh[id]; }, 20000);
  }

  function onAgenda(payload) {
    if (!payload || !payload.sessions) { return; }
    syncClock(payload.server_time);
    var seen = knownMaterials;
    knownMaterials = {};
    payload.sessions.forEach(function (s) {
      if (!firstTimes[s.id]) { firstTimes[s.id] = [s.starts_at, s.ends_at]; }
      // Staff connections receive unpublished materials too; this page shows what participants see.
      s.materials = (s.materials || []).filter(function (m) { return m.published; });
      s.materials.forEach(function (m) {
        knownMaterials[m.id] = true;
        if (seen && !seen[m.id]) { highlight(m.id); }
      });
    });
    agenda = payload;
    render();
  }

  function onMaterial(message) {
    if (!agenda || !message || !message.material) { return; }
    var m = message.material;
    agenda.sessions.forEach(function (s) {
      if (s.id !== message.session_id) { return; }
      s.materials = s.materials.filter(function (x) { return x.id !== m.id && x.id !== m.replaces_id; });
      if (m.published) {
        s.materials.push(m);
        if (!knownMaterials[m.id]) { highlight(m.id); }
        knownMaterials[m.id] = true;
      }
    });
    render();
  }

  function announcementItem(a, isNew) {
    var li = el("li", isNew ? "new" : "");
    li.setAttribute("data-at", a.at);
    li.appendChild(el("time", "", hm(a.at, lang)));
    li.appendChild(txt(" "));
    li.appendChild(el("span", "a-text", a.text));
    if (isNew) { window.setTimeout(function () { li.classList.remove("new"); }, 20000); }
    return li;
  }

  function shownAnnouncements(list) {
    var keys = {};
    Array.prototype.forEach.call(list.querySelectorAll("li[data-at]"), function (li) {
      var text = li.querySelector(".a-text");
      keys[li.getAttribute("data-at") + "\n" + (text ? text.textContent : "")] = true;
    });
    return keys;
  }

  // --- the banner: the latest announcement at the top until this browser dismisses it ---
  var banner = q("[data-banner]");
  var dismissedKey = "forum-dismissed:" + slug;
  function dismissed() {
    try { return window.localStorage.getItem(dismissedKey) || ""; } catch (e) { return ""; }
  }
  function showBanner(a) {
    if (!banner || !a) { return; }
    banner.setAttribute("data-at", a.at);
    banner.querySelector("[data-banner-time]").textContent = hm(a.at, lang);
    banner.querySelector("[data-banner-text]").textContent = a.text;
    banner.hidden = false;
  }
  if (banner) {
    if (banner.getAttribute("data-at") && banner.getAttribute("data-at") !== dismissed()) { banner.hidden = false; }
    banner.querySelector("[data-banner-close]").addEventListener("click", function () {
      try { window.localStorage.setItem(dismissedKey, banner.getAttribute("data-at") || ""); } catch (e) { /* kept for this view only */ }
      banner.hidden = true;
    });
  }

  function onAnnouncement(a) {
    showBanner(a);
    var list = q("[data-announcements]");
    if (!list || !a) { return; }
    var empty = list.querySelector(".empty");
    if (empty) { list.removeChild(empty); }
    list.insertBefore(announcementItem(a, true), list.firstChild);
    while (list.children.length > limit) { list.removeChild(list.lastChild); }
  }

  // After a lost connection: the announcements made meanwhile (the agenda comes by itself).
  function catchUp() {
    var list = q("[data-announcements]");
    if (!list || !announcementsUrl || !window.fetch) { return; }
    getJson(announcementsUrl).then(function (data) {
      if (!data || !data.announcements || !data.announcements.length) { return; }
      var shown = shownAnnouncements(list);
      fill(list, data.announcements.slice(0, limit).map(function (a) {
        return announcementItem(a, !shown[a.at + "\n" + a.text]);
      }));
    }).catch(function () { /* the next reconnect tries again */ });
  }

  socket = connect(slug, { // shared with live-inputs.js and screen-inputs.js
    connect: function (again) { if (again) { catchUp(); } },
    agenda: onAgenda, material: onMaterial, announcement: onAnnouncement
  }, q("[data-conn]"), root.getAttribute("data-socketio"));

  var full = q("[data-fullscreen]");
  if (full && document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function () { document.documentElement.requestFullscreen(); });
    document.addEventListener("fullscreenchange", function () { full.hidden = !!document.fullscreenElement; });
  }
}

var root = document.querySelector("[data-live]");
if (root) { startLive(root); }
