// Service worker of the door scanner (served as /checkin/sw.js, so its scope is /checkin/ only).
// It lets the scanner page open without a network after the first visit:
//   - scanner pages (navigations under /checkin/): network first, the cached copy when the network fails;
//   - static files (/static/...): the cached copy at once, refreshed from the network in the background;
//   - the API (/api/...) and everything else: never touched, never cached. The page keeps its own
//     offline data and queue in IndexedDB.
"use strict";

var CACHE = "forum-checkin-v1";
var NETWORK_TIMEOUT_MS = 4000;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("forum-checkin-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function cacheable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function pageKey(url) {
  var u = new URL(url);
  return u.origin + u.pathname;  // ?lang=… and the like share one cached copy
}

function fetchWithTimeout(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, NETWORK_TIMEOUT_MS);
    fetch(request).then(function (response) { clearTimeout(timer); resolve(response); },
      function (error) { clearTimeout(timer); reject(error); });
  });
}

function networkFirst(request) {
  return fetchWithTimeout(request).then(function (response) {
    if (cacheable(response)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(pageKey(request.url), copy); });
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(pageKey(request.url)); })
      .then(function (cached) {
        return cached || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      });
  });
}

function staleWhileRevalidate(event) {
  var request = event.request;
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (cached) {
      var fresh = fetch(request).then(function (response) {
        if (cacheable(response)) { return cache.put(request, response.clone()).then(function () { return response; }); }
        return response;
      });
      if (cached) {
        event.waitUntil(fresh.catch(function () { /* offline: the cached copy will do */ }));
        return cached;
      }
      return fresh;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) { return; }
  if (request.mode === "navigate") {
    if (url.pathname.indexOf("/checkin/") === 0) { event.respondWith(networkFirst(request)); }
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(staleWhileRevalidate(event)); }
});

// The page sends the addresses it needs (itself, its scripts and styles) once the worker runs,
// because on the first visit those were loaded before the worker existed.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "precache" || !Array.isArray(data.urls)) { return; }
  var urls = data.urls.filter(function (u) {
    try { return new URL(u, self.location.origin).origin === self.location.origin; } catch (e) { return false; }
  });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      var absolute = new URL(u, self.location.origin);
      var key = absolute.pathname.indexOf("/checkin/") === 0 ? pageKey(absolute.href) : absolute.href;
      return cache.match(key).then(function (cached) {
        if (cached) { return undefined; }  // already kept (and refreshed by the fetch handler)
        return fetch(absolute.href, { credentials: "same-origin", cache: "no-cache" }).then(function (response) {
          if (cacheable(response)) { return cache.put(key, response); }
          return undefined;
        });
      }).catch(function () { return undefined; });
    }));
  }).then(function () {
    if (event.source) { event.source.postMessage({ type: "precached" }); }
  }));
});
