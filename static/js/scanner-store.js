// What the door scanner keeps on the device, in IndexedDB so that it survives a reload or a
// closed tab: the forum's check-in data (code hashes, names; never raw codes) and the queue of
// scans waiting for the server. Without IndexedDB (some private modes) it keeps them in memory.

var DB_NAME = "forum-checkin";
var DB_VERSION = 1;

function promised(request) {
  return new Promise(function (resolve, reject) {
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function openDatabase() {
  return new Promise(function (resolve, reject) {
    if (!self.indexedDB) { reject(new Error("no IndexedDB")); return; }
    var request = self.indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = function () {
      var db = request.result;
      if (!db.objectStoreNames.contains("data")) { db.createObjectStore("data", { keyPath: "slug" }); }
      if (!db.objectStoreNames.contains("queue")) {
        db.createObjectStore("queue", { keyPath: "client_id" }).createIndex("slug", "slug");
      }
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function IndexedStore(db) { this.db = db; }

IndexedStore.prototype.tx = function (name, mode) {
  return this.db.transaction(name, mode).objectStore(name);
};
IndexedStore.prototype.getData = function (slug) { return promised(this.tx("data", "readonly").get(slug)); };
IndexedStore.prototype.putData = function (record) { return promised(this.tx("data", "readwrite").put(record)); };
IndexedStore.prototype.addScan = function (scan) { return promised(this.tx("queue", "readwrite").put(scan)); };
IndexedStore.prototype.scans = function (slug) {
  return promised(this.tx("queue", "readonly").index("slug").getAll(slug)).then(sortByTime);
};
IndexedStore.prototype.removeScans = function (clientIds) {
  var db = this.db;
  return new Promise(function (resolve, reject) {
    var tx = db.transaction("queue", "readwrite");
    var store = tx.objectStore("queue");
    clientIds.forEach(function (id) { store.delete(id); });
    tx.oncomplete = function () { resolve(); };
    tx.onerror = function () { reject(tx.error); };
  });
};

function MemoryStore() { this.data = {}; this.queue = {}; }
MemoryStore.prototype.getData = function (slug) { return Promise.resolve(this.data[slug]); };
MemoryStore.prototype.putData = function (record) { this.data[record.slug] = record; return Promise.resolve(); };
MemoryStore.prototype.addScan = function (scan) { this.queue[scan.client_id] = scan; return Promise.resolve(); };
MemoryStore.prototype.scans = function (slug) {
  var queue = this.queue;
  return Promise.resolve(sortByTime(Object.keys(queue).map(function (k) { return queue[k]; })
    .filter(function (s) { return s.slug === slug; })));
};
MemoryStore.prototype.removeScans = function (clientIds) {
  var queue = this.queue;
  clientIds.forEach(function (id) { delete queue[id]; });
  return Promise.resolve();
};

function sortByTime(scans) {
  return scans.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : a.scanned_at > b.scanned_at ? 1 : 0; });
}

// Resolves to a store; `persistent` is false when only memory could be used.
export function open() {
  return openDatabase().then(function (db) {
    var store = new IndexedStore(db);
    store.persistent = true;
    return store;
  }, function () {
    var store = new MemoryStore();
    store.persistent = false;
    return store;
  });
}
