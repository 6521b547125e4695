// A page's JSON state, fetched again after live events: at most one request at a time, and after
// `refreshSoon()` no sooner than `delay` ms from now nor `gap` ms after the previous fetch. A refresh
// asked for while one is running follows it: at once (`followAtOnce`) or through `refreshSoon()`.
// `pushed()` tells it that a live event brought newer figures than a state being fetched may hold: such a
// state is applied with `overtaken` true (`apply(state, overtaken)`), so that the page keeps what the event
// showed (a refresh asked for by that event follows and brings the rest up to date).
// Used by the door view (door.js) and the dashboard (dashboard.js).
export function stateRefresh(url, apply, options) {
  var delay = options.delay, gap = options.gap, followAtOnce = Boolean(options.followAtOnce);
  var fetching = false, again = false, timer = null, lastFetch = 0, pushes = 0;
  function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    lastFetch = Date.now();
    var pushesBefore = pushes;
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) { throw new Error("state " + response.status); }
        return response.json();
      })
      .then(function (state) { apply(state, pushes !== pushesBefore); })
      .catch(function () { /* keep what is shown; the next event, tick or reconnection tries again */ })
      .then(function () {
        fetching = false;
        if (again) {
          again = false;
          if (followAtOnce) { refresh(); } else { refreshSoon(); }
        }
      });
  }
  function refreshSoon() {
    if (timer !== null) { return; }
    var wait = Math.max(delay, lastFetch + gap - Date.now());
    timer = window.setTimeout(function () { timer = null; refresh(); }, wait);
  }
  function pushed() { pushes += 1; }
  return { refresh: refresh, refreshSoon: refreshSoon, pushed: pushed };
}
