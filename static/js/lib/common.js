// Helpers shared by the page scripts (native ES module, no build step): talking to the server and
// building markup (textContent only: nothing from the server is parsed as HTML).

export function each(nodes, fn) { Array.prototype.forEach.call(nodes, fn); }

export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

export function txt(text) { return document.createTextNode(text); }

// "2021-02-25T08:45:00+07:00" (already in the forum's zone) → "08:45" ("08.45" in Indonesian).
export function hm(iso, lang) {
  if (!iso || iso.length < 16) { return ""; }
  var text = iso.substr(11, 5);
  return lang === "id" ? text.replace(":", ".") : text;
}

export function csrfToken() {
  var meta = document.querySelector("meta[name=csrf-token]");
  return meta ? meta.getAttribute("content") || "" : "";
}

// A JSON API call with the CSRF header: resolves to {ok, status, body, headers} (body null when the answer is
// not JSON); rejects when no answer came.
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

// GET with this browser's session: the parsed JSON, or the HTML text; null for an error status.
export function getJson(url) {
  return window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; });
}

export function getHtml(url) {
  return window.fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
    .then(function (r) { return r.ok ? r.text() : null; });
}

// The API's error as one line: its message and the fields' messages, or "<failed> (<status>)".
export function errorText(status, body, failed) {
  if (body && body.error) {
    var parts = [body.error.message];
    var fields = body.error.fields || {};
    Object.keys(fields).forEach(function (k) { parts.push(fields[k]); });
    return parts.join(" ");
  }
  return (failed || "Error") + " (" + status + ")";
}

// A page's flash line ([data-message]): hidden when empty.
export function flash(node, text, isError) {
  node.textContent = text || "";
  node.className = "flash " + (isError ? "flash-error" : "flash-success");
  node.hidden = !text;
}

// A random UUID (v4) for client_id: crypto.randomUUID only exists in secure contexts (not on the
// venue's plain-HTTP LAN), getRandomValues does.
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
