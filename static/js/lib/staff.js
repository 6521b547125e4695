// Helpers only the staff's pages (and the hall screen) import; the live page loads lib/common.js alone.

export function csrfToken() {
  var meta = document.querySelector("meta[name=csrf-token]");
  return meta ? meta.getAttribute("content") || "" : "";
}

// GET with this browser's session → the HTML text, or null for an error status.
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
