// Helpers the live page's modules share (staff-only ones: lib/staff.js). textContent only, never HTML.

export function each(nodes, fn) { Array.prototype.forEach.call(nodes, fn); }

export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

export function txt(text) { return document.createTextNode(text); }

// The elements a component marks with bare data attributes, by their camel-cased names:
// parts(root, "live-status latest") → {liveStatus: root's [data-live-status], latest: its [data-latest]}.
export function parts(root, names) {
  var found = {};
  names.split(" ").forEach(function (name) {
    found[name.replace(/-(\w)/g, function (_, c) { return c.toUpperCase(); })] = root.querySelector("[data-" + name + "]");
  });
  return found;
}

// "…T08:45:00+07:00" → "08:45" ("08.45" in Indonesian).
export function hm(iso, lang) {
  if (!iso || iso.length < 16) { return ""; }
  var text = iso.substr(11, 5);
  return lang === "id" ? text.replace(":", ".") : text;
}

// JSON call with the CSRF header → {ok, status, body (null if not JSON), headers}; rejects when no answer came.
export function sendJson(method, url, csrf, data) {
  var headers = { Accept: "application/json", "X-CSRFToken": csrf };
  if (data !== undefined) { headers["Content-Type"] = "application/json"; }
  return window.fetch(url, {
    method: method, credentials: "same-origin", headers: headers,
    body: data === undefined ? undefined : JSON.stringify(data)
  }).then(function (r) {
    return r.json().catch(function () { return null; }).then(function (body) { return { ok: r.ok, status: r.status, body: body, headers: r.headers }; });
  });
}

// GET → the parsed JSON, or null for an error status.
export function getJson(url) {
  return window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; });
}

// UUID v4 for client_id (randomUUID needs a secure context; the venue's LAN is plain HTTP).
export function newId() {
  var c = window.crypto;
  if (c && typeof c.randomUUID === "function") {
    try { return c.randomUUID(); } catch (e) { /* not a secure context */ }
  }
  var bytes = new Uint8Array(16);
  if (c && c.getRandomValues) { c.getRandomValues(bytes); }
  else { for (var i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
}

// 1500000 → "Rp 1.500.000" (Indonesian), "Rp 1,500,000" (English).
export function formatRupiah(amount, lang) {
  return "Rp " + amount.toLocaleString(lang === "en" ? "en-GB" : "id-ID", { maximumFractionDigits: 0 });
}
