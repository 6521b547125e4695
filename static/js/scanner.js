// The door scanner page: camera, typed codes (USB/Bluetooth scanners type and press Enter),
// name search, walk-ins and deputies; a full-screen green/yellow/red answer with a sound, which stays until
// the next scan or a tap and shows the door count.
// When the server cannot be reached it answers from the check-in data kept on this device and
// queues the scans in IndexedDB; the queue goes to the batch endpoint once the server is back.
// Every rule stays on the server: the offline answer is a best guess, and the sync result wins.
import { newId as newClientId } from "./lib/common.js";
import { hex as sha256Fallback } from "./sha256.js";
import { open as openStore } from "./scanner-store.js";
import { create as createCamera } from "./scanner-camera.js";

var CODE_RE = /^[A-Za-z0-9_-]{16,64}$/;

// The path of an address as Python's urlsplit reads it (not as a browser would: no backslash read as "/", no
// "/../" resolved), or null where urlsplit refuses it (an unclosed IPv6 bracket).
function urlPath(text) {
  var rest = text.replace(/[\t\r\n]/g, "").replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, "");
  if (rest.slice(0, 2) === "//") {
    var end = rest.slice(2).search(/[/?#]/);
    var netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    if ((netloc.indexOf("[") >= 0) !== (netloc.indexOf("]") >= 0)) { return null; }
    rest = end < 0 ? "" : rest.slice(end + 2);
  }
  return rest.split("#")[0].split("?")[0];
}

// The check-in code in a scanned payload (a URL ending in /c/<code>, or the bare code), as the
// server reads it (forum/services/tickets.py parse_scanned_code; both are held to
// tests/data/shared_rules.json by tests/test_shared_rules.py); null when it cannot be one.
export function parseCode(payload) {
  if (typeof payload !== "string" || payload.length > 2048) { return null; }
  var text = payload.trim();
  if (text.indexOf("/") >= 0) {
    var path = urlPath(text);
    if (path === null) { return null; }
    var match = /\/c\/([^/?#]+)\/?$/.exec(path);
    if (!match) { return null; }
    text = match[1];
  }
  return CODE_RE.test(text) ? text : null;
}

(function () {
  var configElement = document.getElementById("scanner-config");
  if (!configElement) { return; }
  var config = JSON.parse(configElement.textContent);
  var M = config.messages;

  var DESK_KEY = "forum.checkin.desk";
  var CAMERA_KEY = "forum.checkin.camera";
  var RECENT_KEY = "forum.checkin.recent." + config.slug;
  var ONLINE_TIMEOUT_MS = 4000;   // a scan that takes longer is answered offline
  var SAME_CODE_MS = 3000;        // the camera ignores the QR code still held in front of it
  var DATA_EVERY_MS = 30000;
  var TICK_MS = 5000;             // sync the queue, or probe the server while offline
  var BATCH_SIZE = 200;
  var RECENT_SIZE = 10;

  function $(id) { return document.getElementById(id); }

  var ui = {
    status: $("net-status"), statusText: $("net-text"), login: $("login-link"), notice: $("notice"),
    dataInfo: $("data-info"),
    deskName: $("desk-name"), deskChange: $("desk-change"), deskForm: $("desk-form"), deskInput: $("desk-input"),
    codeForm: $("code-form"), codeInput: $("code-input"),
    cameraToggle: $("camera-toggle"), cameraMessage: $("camera-message"), video: $("camera-video"),
    canvas: $("camera-canvas"),
    searchInput: $("search-input"), searchResults: $("search-results"), searchMessage: $("search-message"),
    recent: $("recent"),
    result: $("result"), resultTitle: $("result-title"), resultName: $("result-name"),
    resultAgency: $("result-agency"), resultDetail: $("result-detail"), resultOffline: $("result-offline"),
    resultCount: $("result-count"),
    walkinForm: $("walkin-form"), walkinMessage: $("walkin-message"), repInput: $("walkin-represents-search"),
    repResults: $("walkin-represents-results"), repChosen: $("walkin-represents-chosen"),
    repId: $("walkin-represents-id"), repClear: $("walkin-represents-clear"),
    badge: $("walkin-badge"), badgeLink: $("walkin-badge-link"), matches: $("walkin-matches"), matchList: $("walkin-match-list"), registerAnyway: $("walkin-register-anyway")
  };

  var csrfToken = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  var store = null;
  var data = null;              // the forum's check-in data, as downloaded
  var byHash = new Map();
  var byId = new Map();
  var retired = new Set();
  var localSeen = new Map();    // participant id → {at, desk} of an offline check-in still in the queue
  var online = navigator.onLine !== false;
  var loggedOut = false;
  var queueSize = 0;
  var syncing = false;
  var recent = loadRecent();
  var lastShownAt = "";         // the scan time of the answer on screen
  var audio = null;

  // --- small helpers ------------------------------------------------------------------------

  function fmt(message, params) {
    return String(message).replace(/%\((\w+)\)s/g, function (_m, key) {
      return params && params[key] !== undefined && params[key] !== null ? String(params[key]) : "";
    });
  }

  function storageGet(key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } }
  function storageSet(key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  // "08.12" in Indonesian, "08:12" in English, on the forum's clock (not the device's zone).
  function clock(iso) {
    var date = new Date(iso);
    if (!iso || isNaN(date.getTime())) { return ""; }
    var hour, minute;
    try {
      var parts = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        timeZone: config.timezone }).formatToParts(date);
      parts.forEach(function (p) { if (p.type === "hour") { hour = p.value; } if (p.type === "minute") { minute = p.value; } });
    } catch (e) {
      hour = ("0" + date.getHours()).slice(-2);
      minute = ("0" + date.getMinutes()).slice(-2);
    }
    return hour + (config.locale === "id" ? "." : ":") + minute;
  }

  function sha256hex(text) {
    var subtle = window.crypto && window.crypto.subtle;
    if (subtle && window.TextEncoder) {
      return subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
        return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      }, function () { return sha256Fallback(text); });
    }
    return Promise.resolve(sha256Fallback(text));  // plain HTTP: no crypto.subtle
  }

  function desk() { return (storageGet(DESK_KEY) || "").slice(0, 100); }

  // --- talking to the server ----------------------------------------------------------------

  // {kind: "ok"|"network"|"auth"|"forbidden", status, body}. "network" covers no answer, a
  // timeout, a 5xx or 429, and a non-JSON answer (a hotel Wi-Fi login page, for instance).
  function api(url, options, timeoutMs, retried) {
    options = options || {};
    var controller = window.AbortController ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) { controller.abort(); } }, timeoutMs || ONLINE_TIMEOUT_MS);
    var headers = { "Accept": "application/json" };
    if (options.body) { headers["Content-Type"] = "application/json"; headers["X-CSRFToken"] = csrfToken; }
    var status = 0;
    var request = fetch(url, {
      method: options.method || "GET", credentials: "same-origin", cache: "no-store", headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined, signal: controller ? controller.signal : undefined
    }).then(function (response) {
      status = response.status;
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") !== 0) { return null; }
      return response.json().catch(function () { return null; });
    });
    var deadline = new Promise(function (resolve) {
      // without AbortController a hanging request still must not hold the desk
      if (!controller) { window.setTimeout(function () { resolve("timeout"); }, timeoutMs || ONLINE_TIMEOUT_MS); }
    });
    return Promise.race([request, deadline]).then(function (body) {
      window.clearTimeout(timer);
      if (body === "timeout" || body === null || status >= 500 || status === 429) { return { kind: "network", status: status }; }
      if (status === 401) { return { kind: "auth", status: status, body: body }; }
      if (status === 403) {
        if (!retried && body.error && body.error.code === "csrf_failed") {
          return refreshCsrf().then(function (fresh) {
            return fresh ? api(url, options, timeoutMs, true) : { kind: "forbidden", status: status, body: body };
          });
        }
        return { kind: "forbidden", status: status, body: body };
      }
      return { kind: "ok", status: status, body: body };
    }, function () {
      window.clearTimeout(timer);
      return { kind: "network", status: 0 };
    });
  }

  // A page loaded from the offline cache may carry an expired CSRF token: fetch a fresh one.
  function refreshCsrf() {
    return fetch(config.urls.csrf, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok || response.redirected) { return false; }
        return response.json().then(function (body) { csrfToken = body.csrf_token || csrfToken; return !!body.csrf_token; });
      }).catch(function () { return false; });
  }

  // A queued scan carries the device's time (the earliest scan wins when the queue syncs); a scan sent
  // while online does not: the server's clock is the record, and a desk phone's clock may be wrong.
  function wire(scan) {
    var out = { desk: scan.desk, client_id: scan.client_id, scanned_at: scan.scanned_at };
    if (scan.participant_id !== undefined && scan.participant_id !== null) { out.participant_id = scan.participant_id; }
    else { out.code = scan.code; }
    return out;
  }

  function liveWire(scan) {
    var out = wire(scan);
    delete out.scanned_at;
    return out;
  }

  // --- what the server or the local data say ---------------------------------------------------

  function personFromServer(p) {
    if (!p) { return null; }
    return { id: p.id, name: p.name, agency: p.agency ? p.agency.name : "", role: p.role, deputy_for: p.deputy_for || "" };
  }

  function personFromData(p) {
    return { id: p.id, name: p.name, agency: p.agency || "", role: p.role, deputy_for: p.deputy_for || "" };
  }

  function alreadyText(at, deskName) {
    return deskName ? fmt(M.already, { time: clock(at), desk: deskName }) : fmt(M.already_no_desk, { time: clock(at) });
  }

  function outcomeFromServer(status, body) {
    var result = body.result || (body.error && body.error.code) || "";
    var person = personFromServer(body.participant);
    if (result === "checked_in") {
      return { tone: "green", key: "checked_in", title: M.checked_in, person: person, note: body.note || "",
               deputy_for: body.deputy_for || (person && person.deputy_for) || "", at: body.checked_in_at, desk: body.desk };
    }
    if (result === "already_checked_in") {
      return { tone: "yellow", key: "already", title: alreadyText(body.checked_in_at, body.desk), person: person,
               at: body.checked_in_at, desk: body.desk };
    }
    // A refused registration says which it is (cancelled, revoked, or a QR code replaced by a newer one).
    var key = result === "revoked" && M["revoked_" + body.reason] ? "revoked_" + body.reason : (M[result] ? result : "");
    var title = key ? M[key] : ((body.error && body.error.message) || M.error);
    return { tone: "red", key: key, title: title, person: person };
  }

  // Keep the local copy current, so an offline scan right after an online one still says "already".
  function remember(outcome) {
    if ((outcome.tone === "green" || outcome.tone === "yellow") && outcome.person && outcome.at) {
      var p = byId.get(outcome.person.id);
      if (p && (!p.checked_in_at || outcome.tone === "green")) { p.checked_in_at = outcome.at; p.desk = outcome.desk || ""; }
    }
  }

  function indexData() {
    byHash = new Map(); byId = new Map();
    (data.participants || []).forEach(function (p) { byHash.set(p.code_hash, p); byId.set(p.id, p); });
    retired = new Set(data.retired_code_hashes || []);
  }

  function validateLocally(scan) {
    if (!data) { return Promise.resolve({ tone: "red", key: "offline_no_data", title: M.offline_no_data, queue: true }); }
    var found;
    if (scan.participant_id !== undefined && scan.participant_id !== null) {
      var byPick = byId.get(scan.participant_id);
      found = Promise.resolve(byPick ? { p: byPick } : { outcome: { tone: "red", key: "unknown_participant", title: M.unknown_participant, queue: false } });
    } else {
      var code = parseCode(scan.code);
      if (!code) { return Promise.resolve({ tone: "red", key: "unknown_code", title: M.unknown_code, queue: false }); }
      found = sha256hex(code).then(function (hash) {
        if (retired.has(hash)) { return { outcome: { tone: "red", key: "revoked_replaced", title: M.revoked_replaced, queue: true } }; }
        var p = byHash.get(hash);
        return p ? { p: p } : { outcome: { tone: "red", key: "unknown_code_offline", title: M.unknown_code_offline, queue: true } };
      });
    }
    return found.then(function (hit) {
      if (hit.outcome) { return hit.outcome; }
      var p = hit.p;
      var person = personFromData(p);
      if (p.status !== "registered") {
        var refused = M["revoked_" + p.status] ? "revoked_" + p.status : "revoked";
        return { tone: "red", key: refused, title: M[refused], person: person, queue: true };
      }
      var prior = p.checked_in_at ? { at: p.checked_in_at, desk: p.desk } : localSeen.get(p.id);
      if (prior) { return { tone: "yellow", title: alreadyText(prior.at, prior.desk), person: person, queue: true }; }
      return { tone: "green", key: "checked_in", title: M.checked_in, person: person, queue: true,
               note: p.attendance === "online" ? "registered_online" : "" };
    });
  }

  // --- showing an answer ---------------------------------------------------------------------

  function detailText(outcome) {
    var parts = [];
    var person = outcome.person;
    if (outcome.tone === "green" && person) {
      if (person.role && person.role !== "participant" && config.roles[person.role]) { parts.push(config.roles[person.role]); }
      var deputy = outcome.deputy_for || person.deputy_for;
      if (deputy) { parts.push(fmt(M.deputy_for, { name: deputy })); }
      if (outcome.note === "registered_online") { parts.push(M.registered_online); }
    }
    return parts.join(" · ");
  }

  function present(outcome, scan) {
    // Two quick scans can be answered out of order: the list keeps the order they were made in, and the big answer
    // stays the newest scan's.
    var at = scan && scan.scanned_at ? scan.scanned_at : new Date().toISOString();
    addRecent(scan, outcome);
    if (lastShownAt && at < lastShownAt) { return; }
    lastShownAt = at;
    var r = ui.result;
    r.setAttribute("data-tone", outcome.tone);
    r.className = "result tone-" + outcome.tone;
    ui.resultTitle.textContent = outcome.title;
    ui.resultName.textContent = outcome.person ? outcome.person.name : "";
    ui.resultAgency.textContent = outcome.person ? outcome.person.agency : "";
    ui.resultDetail.textContent = detailText(outcome);
    ui.resultOffline.hidden = !outcome.offline;
    ui.resultCount.textContent = doorCount();
    r.hidden = false;
    beep(outcome.tone);
    // The answer stays until the next scan replaces it or someone taps it: a glance away must not miss a red.
    focusCode();
  }

  function hideResult() {
    ui.result.hidden = true;
  }

  // "312 / 480 hadir": who is in, of those expected at the door (registered in person, or already in), from
  // this device's copy of the list (kept current by every answer).
  function doorCount() {
    if (!data || !data.participants) { return ""; }
    var inside = 0, expected = 0;
    data.participants.forEach(function (p) {
      if (p.checked_in_at) { inside += 1; expected += 1; }
      else if (p.status === "registered" && p.attendance === "in_person") { expected += 1; }
    });
    return fmt(M.door_count, { in: inside, expected: expected });
  }

  function focusCode() {
    if (!ui.deskForm.hidden) { return; }
    var active = document.activeElement;
    if (active && ui.walkinForm.contains(active)) { return; }  // someone is typing a walk-in
    ui.codeInput.focus({ preventScroll: true });
  }

  function loadRecent() {
    try { return JSON.parse(storageGet(RECENT_KEY) || "[]").slice(0, RECENT_SIZE); } catch (e) { return []; }
  }

  function addRecent(scan, outcome) {
    var entry = {
      client_id: scan ? scan.client_id : "", at: scan ? scan.scanned_at : new Date().toISOString(), tone: outcome.tone,
      name: outcome.person ? outcome.person.name : "", agency: outcome.person ? outcome.person.agency : "",
      title: outcome.title, key: outcome.key || "", checked_at: outcome.at || "", checked_desk: outcome.desk || "",
      offline: !!outcome.offline
    };
    var index = 0;
    while (index < recent.length && (recent[index].at || "") > entry.at) { index += 1; }
    recent.splice(index, 0, entry);
    recent = recent.slice(0, RECENT_SIZE);
    saveRecent();
  }

  function updateRecent(clientId, outcome) {
    recent.forEach(function (entry) {
      if (entry.client_id !== clientId) { return; }
      entry.offline = false;
      entry.synced = true;
      entry.tone = outcome.tone;
      entry.title = outcome.title;
      entry.key = outcome.key || "";
      entry.checked_at = outcome.at || "";
      entry.checked_desk = outcome.desk || "";
      if (outcome.person) { entry.name = outcome.person.name; entry.agency = outcome.person.agency; }
    });
    saveRecent();
  }

  function saveRecent() {
    storageSet(RECENT_KEY, JSON.stringify(recent));
    renderRecent();
  }

  // The answer's words in the page's language now (a scan made before switching language is shown in the new one).
  function titleOf(entry) {
    if (entry.key === "already") { return alreadyText(entry.checked_at, entry.checked_desk); }
    if (entry.key === "checked_in" || (entry.key && M[entry.key])) { return M[entry.key]; }
    return entry.title;
  }

  function renderRecent() {
    var list = ui.recent;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    recent.forEach(function (entry) {
      var li = document.createElement("li");
      li.className = "tone-" + entry.tone;
      li.setAttribute("data-tone", entry.tone);
      var time = document.createElement("span");
      time.className = "recent-time";
      time.textContent = clock(entry.at);
      var who = document.createElement("span");
      who.className = "recent-name";
      who.textContent = entry.name || "—";
      var what = document.createElement("span");
      what.className = "recent-title";
      what.textContent = titleOf(entry) + (entry.agency ? " · " + entry.agency : "");
      li.appendChild(time); li.appendChild(who); li.appendChild(what);
      if (entry.offline) {
        var mark = document.createElement("span");
        mark.className = "badge warn";
        mark.textContent = M.offline_mark;
        li.appendChild(mark);
      }
      list.appendChild(li);
    });
  }

  function notice(text) {
    ui.notice.textContent = text || "";
    ui.notice.hidden = !text;
  }

  // --- sound: synthesised beeps (no files) ------------------------------------------------------

  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    try {
      if (!audio) { audio = new Context(); }
      if (audio.state === "suspended") { audio.resume(); }
    } catch (e) { audio = null; }
  }

  function tone(freq, start, duration, wave) {
    var t = audio.currentTime + start;
    var osc = audio.createOscillator();
    var gain = audio.createGain();
    osc.type = wave || "sine";
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.35, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + duration);
    osc.connect(gain);
    gain.connect(audio.destination);
    osc.start(t);
    osc.stop(t + duration + 0.02);
  }

  function beep(kind) {
    ui.result.setAttribute("data-beep", kind);
    if (!audio) { return; }
    try {
      if (kind === "green") { tone(1320, 0, 0.15); }
      else if (kind === "yellow") { tone(880, 0, 0.1); tone(880, 0.17, 0.1); }
      else { tone(220, 0, 0.45, "square"); }
    } catch (e) { /* sound is a bonus */ }
  }

  // --- the connection state and the queue ---------------------------------------------------------

  function renderStatus() {
    var text;
    if (!online) { text = fmt(M.offline_waiting, { n: queueSize }); }
    else if (queueSize) { text = fmt(M.online_waiting, { n: queueSize }); }
    else { text = M.online; }
    ui.status.setAttribute("data-state", online ? "online" : "offline");
    ui.status.setAttribute("data-queue", String(queueSize));
    ui.statusText.textContent = text;
    ui.login.hidden = !loggedOut;
  }

  function setOnline(value) { online = value; renderStatus(); }
  function setLoggedOut(value) { loggedOut = value; renderStatus(); }

  function refreshQueue() {
    if (!store) { return Promise.resolve(); }
    return store.scans(config.slug).then(function (items) {
      queueSize = items.length;
      localSeen = new Map();
      items.forEach(function (s) {
        if (s.local_tone === "green" && s.local_participant_id) {
          localSeen.set(s.local_participant_id, { at: s.scanned_at, desk: s.desk });
        }
      });
      renderStatus();
    });
  }

  function sync() {
    if (syncing || !store) { return Promise.resolve(); }
    syncing = true;
    var done = 0;
    var tally = { green: 0, yellow: 0, red: 0 };
    var lines = []; // "Name — Already checked in at 10.29 at Meja 2": what the desk saw green offline and is not
    return store.scans(config.slug).then(function (items) {
      var chunks = [];
      for (var i = 0; i < items.length; i += BATCH_SIZE) { chunks.push(items.slice(i, i + BATCH_SIZE)); }
      function next() {
        var chunk = chunks.shift();
        if (!chunk) { return Promise.resolve(); }
        return api(config.urls.batch, { method: "POST", body: { scans: chunk.map(wire) } }, 15000).then(function (res) {
          if (res.kind === "network") { setOnline(false); return undefined; }
          if (res.kind === "auth") { setLoggedOut(true); return undefined; }
          if (res.kind !== "ok" || !res.body || !Array.isArray(res.body.results)) { return undefined; }
          setOnline(true); setLoggedOut(false);
          var finished = [];
          res.body.results.forEach(function (answer, j) {
            if (!answer || !chunk[j] || answer.status >= 500) { return; }
            finished.push(chunk[j].client_id);
            var outcome = answer.status === 422 ? { tone: "red", key: "invalid", title: M.invalid } : outcomeFromServer(answer.status, answer);
            tally[outcome.tone] += 1;
            if (outcome.tone !== "green") { lines.push((outcome.person ? outcome.person.name + " — " : "") + outcome.title); }
            remember(outcome);
            updateRecent(chunk[j].client_id, outcome);
          });
          done += finished.length;
          return store.removeScans(finished).then(next);
        });
      }
      return next();
    }).then(function () {
      syncing = false;
      return refreshQueue();
    }, function () {
      syncing = false;
      return refreshQueue();
    }).then(function () {
      if (done) {
        notice([fmt(M.synced, { n: done, green: tally.green, yellow: tally.yellow, red: tally.red })].concat(lines).join("\n"));
      }
    });
  }

  function refreshData() {
    return api(config.urls.data, {}, 8000).then(function (res) {
      if (res.kind === "network") { setOnline(false); return undefined; }
      if (res.kind === "auth") { setLoggedOut(true); return undefined; }
      if (res.kind !== "ok" || res.status !== 200) { return undefined; }
      setOnline(true); setLoggedOut(false);
      var fetchedAt = new Date().toISOString();
      if (!data || data.version !== res.body.version) {
        data = res.body;
        data.slug = config.slug;
        data.fetched_at = fetchedAt;
        indexData();
        if (store) { store.putData(data).catch(function () { /* kept in memory */ }); }
      } else {
        data.fetched_at = fetchedAt;
      }
      showDataInfo();
      return sync();
    });
  }

  function showDataInfo() {
    if (!data) { return; }
    ui.dataInfo.setAttribute("data-version", data.version || "");
    ui.dataInfo.textContent = fmt(M.data_updated, { n: (data.participants || []).length, time: clock(data.fetched_at) });
  }

  function tick() {
    if (!online) { refreshData(); } else if (queueSize) { sync(); }
  }

  // --- a scan ----------------------------------------------------------------------------------

  function submitScan(fields) {
    var scan = { slug: config.slug, client_id: newClientId(), desk: desk(), scanned_at: new Date().toISOString() };
    Object.keys(fields).forEach(function (k) { scan[k] = fields[k]; });
    var attempt = online && navigator.onLine !== false
      ? api(config.urls.checkin, { method: "POST", body: liveWire(scan) })
      : Promise.resolve({ kind: "network", status: 0 });
    return attempt.then(function (res) {
      if (res.kind === "ok") {
        setOnline(true); setLoggedOut(false);
        var outcome = res.status === 422 ? { tone: "red", key: "invalid", title: M.invalid } : outcomeFromServer(res.status, res.body);
        remember(outcome);
        present(outcome, scan);
        return undefined;
      }
      if (res.kind === "forbidden") { present({ tone: "red", key: "forbidden", title: M.forbidden }, scan); return undefined; }
      if (res.kind === "network") { setOnline(false); } else { setLoggedOut(true); }
      return validateLocally(scan).then(function (outcome) {
        outcome.offline = true;
        if (loggedOut && outcome.tone === "red" && !outcome.person) { outcome.title += " " + M.logged_out; }
        if (!outcome.queue) { present(outcome, scan); return undefined; }
        scan.local_tone = outcome.tone;
        scan.local_participant_id = outcome.person ? outcome.person.id : null;
        if (outcome.tone === "green") { localSeen.set(outcome.person.id, { at: scan.scanned_at, desk: scan.desk }); }
        present(outcome, scan);
        var saved = store ? store.addScan(scan) : Promise.resolve();
        return saved.then(refreshQueue);
      });
    });
  }

  ui.codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    unlockAudio();
    var value = ui.codeInput.value;
    ui.codeInput.value = "";
    if (!value.trim()) { hideResult(); return; }
    submitScan({ code: value.trim() });
  });

  ui.result.addEventListener("click", function () { hideResult(); focusCode(); });

  // --- the desk -------------------------------------------------------------------------------

  function showDesk() {
    ui.deskName.textContent = desk() || "—";
  }

  function askDesk() {
    ui.deskForm.hidden = false;
    ui.deskInput.value = desk();
    ui.deskInput.focus();
  }

  ui.deskChange.addEventListener("click", askDesk);
  ui.deskForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var name = ui.deskInput.value.trim().slice(0, 100);
    if (!name) { ui.deskInput.focus(); return; }
    storageSet(DESK_KEY, name);
    ui.deskForm.hidden = true;
    showDesk();
    focusCode();
  });

  // --- the camera -------------------------------------------------------------------------------

  var lastCamera = { text: "", at: 0 };
  var camera = createCamera({
    video: ui.video, canvas: ui.canvas,
    onCode: function (text) {
      var now = Date.now();
      var same = text === lastCamera.text && now - lastCamera.at < SAME_CODE_MS;
      lastCamera = { text: text, at: now };
      if (!same) { submitScan({ code: text }); }
    },
    onState: function (state, reason) {
      ui.video.hidden = state !== "on";
      ui.cameraToggle.textContent = state === "on" ? M.camera_stop : M.camera_start;
      ui.cameraToggle.setAttribute("data-state", state);
      ui.cameraMessage.setAttribute("data-reason", reason || "");
      if (state === "on") { ui.cameraMessage.textContent = M.camera_on; }
      else if (state === "error") {
        ui.cameraMessage.textContent = M["camera_" + reason] || M.camera_failed;
        if (reason === "unsupported" || reason === "missing") { ui.cameraToggle.hidden = true; }
      } else { ui.cameraMessage.textContent = ""; }
      focusCode();
    }
  });

  ui.cameraToggle.addEventListener("click", function () {
    unlockAudio();
    if (!camera) { return; }
    if (camera.running()) { camera.stop(); storageSet(CAMERA_KEY, "off"); }
    else { camera.start().then(function (on) { storageSet(CAMERA_KEY, on ? "on" : "off"); }); }
  });

  // --- search (people without their QR) ------------------------------------------------------------

  function searchPeople(query) {
    var remote = online
      ? api(config.urls.search + "?q=" + encodeURIComponent(query), {}, ONLINE_TIMEOUT_MS)
      : Promise.resolve({ kind: "network" });
    return remote.then(function (res) {
      if (res.kind === "ok" && res.status === 200) {
        return { offline: false, people: res.body.participants.map(function (p) {
          return { id: p.id, name: p.name, agency: p.agency ? p.agency.name : "", position: p.position || "",
                   status: p.status, checked_in_at: p.checked_in_at, desk: p.desk };
        }) };
      }
      if (res.kind === "network") { setOnline(false); }
      var needle = query.toLowerCase();
      var people = ((data && data.participants) || []).filter(function (p) {
        return [p.name, p.agency, p.position].some(function (v) { return (v || "").toLowerCase().indexOf(needle) >= 0; });
      }).slice(0, 25).map(function (p) {
        var seen = localSeen.get(p.id);
        return { id: p.id, name: p.name, agency: p.agency || "", position: p.position || "", status: p.status,
                 checked_in_at: p.checked_in_at || (seen && seen.at), desk: p.checked_in_at ? p.desk : seen && seen.desk };
      });
      return { offline: true, people: people };
    });
  }

  function renderPeople(list, people, label, onPick) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    people.forEach(function (p) {
      var li = document.createElement("li");
      var text = document.createElement("div");
      var name = document.createElement("strong");
      name.textContent = p.name;
      var meta = document.createElement("div");
      meta.className = "muted small";
      var bits = [p.agency, p.position].filter(Boolean);
      if (p.checked_in_at) { bits.push(fmt(M.checked_in_at, { time: clock(p.checked_in_at) })); }
      meta.textContent = bits.join(" · ");
      text.appendChild(name); text.appendChild(meta);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn";
      button.textContent = label;
      button.setAttribute("data-participant-id", String(p.id));
      button.addEventListener("click", function () { unlockAudio(); onPick(p); });
      li.appendChild(text); li.appendChild(button);
      list.appendChild(li);
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () { window.clearTimeout(timer); timer = window.setTimeout(fn, ms); };
  }

  var searchSeq = 0;
  ui.searchInput.addEventListener("input", debounce(function () {
    var query = ui.searchInput.value.trim();
    var mine = ++searchSeq;
    if (query.length < 2) { renderPeople(ui.searchResults, [], "", null); ui.searchMessage.textContent = ""; return; }
    searchPeople(query).then(function (found) {
      if (mine !== searchSeq) { return; }
      ui.searchMessage.textContent = found.offline ? M.search_offline : (found.people.length ? "" : M.search_none);
      if (found.offline && !found.people.length) { ui.searchMessage.textContent += " " + M.search_none; }
      renderPeople(ui.searchResults, found.people, M.check_in, function (p) {
        ui.searchInput.value = "";
        renderPeople(ui.searchResults, [], "", null);
        ui.searchMessage.textContent = "";
        submitScan({ participant_id: p.id });
      });
    });
  }, 250));
  ui.searchInput.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });

  // --- walk-ins and deputies ------------------------------------------------------------------------

  var walkinClientId = newClientId();

  function walkinField(name) { return ui.walkinForm.elements.namedItem(name); }

  function clearWalkinErrors() {
    ui.walkinForm.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; el.hidden = true; });
    ui.walkinMessage.textContent = "";
    ui.matches.hidden = true;
  }

  function finishWalkin() {
    ui.walkinForm.reset();
    chooseRepresented(null);
    clearWalkinErrors();
    walkinClientId = newClientId();
  }

  // Likely the same person as someone registered (the server's 409 likely_duplicate): offer to check that
  // person in instead of making a second record, or to register the walk-in anyway.
  function offerMatches(candidates) {
    var people = candidates.map(function (p) {
      var who = [p.name, p.position, p.agency ? (p.agency.short_name || p.agency.name) : ""].filter(Boolean).join(", ");
      return { id: p.id, name: fmt(p.checked_in ? M.walkin_match_arrived : p.invited ? M.walkin_match_invited : M.walkin_match, { who: who }),
               agency: "", position: "", checked_in: p.checked_in };
    });
    renderPeople(ui.matchList, people, M.check_in_instead, function (p) {
      submitScan({ participant_id: p.id });
      finishWalkin();
    });
    ui.registerAnyway.textContent = M.register_anyway;
    ui.matches.hidden = false;
  }

  function chooseRepresented(p) {
    ui.repId.value = p ? String(p.id) : "";
    ui.repChosen.textContent = p ? p.name + (p.agency ? " · " + p.agency : "") : "";
    ui.repClear.hidden = !p;
    ui.repInput.value = "";
    renderPeople(ui.repResults, [], "", null);
    if (p && !walkinField("agency").value) { walkinField("agency").value = p.agency; }
  }

  ui.repInput.addEventListener("input", debounce(function () {
    var query = ui.repInput.value.trim();
    if (query.length < 2) { renderPeople(ui.repResults, [], "", null); return; }
    searchPeople(query).then(function (found) { renderPeople(ui.repResults, found.people, M.pick, chooseRepresented); });
  }, 250));
  ui.repInput.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
  ui.repClear.addEventListener("click", function () { chooseRepresented(null); });

  ui.registerAnyway.addEventListener("click", function () { sendWalkin(true); });

  ui.walkinForm.addEventListener("submit", function (event) {
    event.preventDefault();
    unlockAudio();
    sendWalkin(false);
  });

  // The walk-in just registered: their badge, one page (desk staff may print one person's badge).
  function offerBadge(p) {
    if (!p || !p.id) { ui.badge.hidden = true; return; }
    ui.badgeLink.href = config.urls.badge.replace("{id}", String(p.id));
    ui.badgeLink.textContent = fmt(M.walkin_badge, { who: p.name || "" });
    ui.badge.hidden = false;
  }

  function sendWalkin(notDuplicate) {
    clearWalkinErrors();
    ui.badge.hidden = true;
    var body = {
      name: walkinField("name").value, agency: walkinField("agency").value, position: walkinField("position").value,
      phone: walkinField("phone").value.trim() || null, consent: walkinField("consent").checked,
      desk: desk(), client_id: walkinClientId
    };
    if (ui.repId.value) { body.represents_id = parseInt(ui.repId.value, 10); }
    if (notDuplicate) { body.not_duplicate = true; }
    var button = ui.walkinForm.querySelector("button[type=submit]");
    button.disabled = true;
    api(config.urls.walkins, { method: "POST", body: body }, 8000).then(function (res) {
      button.disabled = false;
      if (res.kind === "network") { setOnline(false); ui.walkinMessage.textContent = M.walkin_needs_network; return; }
      if (res.kind === "auth") { setLoggedOut(true); ui.walkinMessage.textContent = M.logged_out; return; }
      if (res.kind === "forbidden") { ui.walkinMessage.textContent = M.forbidden; return; }
      var error = res.body.error;
      if (res.status === 409 && error && error.code === "likely_duplicate" && res.body.candidates) {
        ui.walkinMessage.textContent = error.message;
        offerMatches(res.body.candidates);
        return;
      }
      if (res.status >= 400 && error) {
        var fields = error.fields || {};
        Object.keys(fields).forEach(function (name) {
          var slot = ui.walkinForm.querySelector("[data-error-for='" + name + "']");
          if (slot) { slot.textContent = fields[name]; slot.hidden = false; }
        });
        ui.walkinMessage.textContent = Object.keys(fields).length ? M.walkin_fix : error.message;
        return;
      }
      finishWalkin();
      offerBadge(res.body.participant);
      present(outcomeFromServer(res.status, res.body), { client_id: body.client_id, scanned_at: new Date().toISOString() });
      refreshData();
    });
  }

  // --- keyboard: Enter dismisses the answer ----------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    unlockAudio();
    if (event.key === "Enter" && !ui.result.hidden && document.activeElement !== ui.codeInput) { hideResult(); focusCode(); }
    if (event.key === "Escape" && !ui.result.hidden) { hideResult(); focusCode(); }
  });
  document.addEventListener("pointerdown", unlockAudio, { once: true });

  // --- the service worker: the page opens offline after the first visit ----------------------------

  function registerWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "precached") { ui.status.setAttribute("data-offline-ready", "1"); }
    });
    navigator.serviceWorker.register(config.urls.worker, { scope: config.urls.worker.replace(/[^/]*$/, "") })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        var assets = [window.location.pathname];
        document.querySelectorAll("script[src], link[rel=stylesheet]").forEach(function (el) { assets.push(el.src || el.href); });
        // and what the modules imported (no tag names those)
        performance.getEntriesByType("resource").forEach(function (e) { if (/\/static\/.*\.js$/.test(e.name)) { assets.push(e.name); } });
        if (registration.active) { registration.active.postMessage({ type: "precache", urls: assets }); }
      })
      .catch(function () { /* the page still works online */ });
  }

  // --- start ------------------------------------------------------------------------------------------

  showDesk();
  renderRecent();
  renderStatus();
  if (!desk()) { askDesk(); } else { focusCode(); }
  window.addEventListener("online", function () { refreshData(); });
  window.addEventListener("offline", function () { setOnline(false); });

  openStore().then(function (opened) {
    store = opened;
    return store.getData(config.slug).then(function (saved) {
      if (saved && !data) { data = saved; indexData(); showDataInfo(); }
    }, function () { return undefined; });
  }).then(refreshQueue).then(function () {
    refreshData();
    window.setInterval(refreshData, DATA_EVERY_MS);
    window.setInterval(tick, TICK_MS);
  });
  registerWorker();
  if (camera && storageGet(CAMERA_KEY) === "on") { camera.start(); }
  if (camera && !camera.supported()) {
    ui.cameraToggle.hidden = true;
    ui.cameraMessage.textContent = M.camera_unsupported;
    ui.cameraMessage.setAttribute("data-reason", "unsupported");
  }
})();
