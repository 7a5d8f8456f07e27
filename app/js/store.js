// The device's durable store (IndexedDB): the outbox of work not yet synced, the cache of
// what assigned tasks need offline, captured files, and sync problems for the inspector.
// Every write resolves only when its transaction has committed ('strict' durability), so a
// crash or a closed tab right after "saved" loses nothing.
//
// One database per user (`owner`: "<bureau id>:<user id>"): on a PDA shared by a squad, what
// one officer keeps and queues is in their own database, which the next one's session never
// opens. Every function names its owner, so a sync begun for one user cannot touch another's.
const dbName = (owner) => `huanjian-field:${owner}`;

const opened = new Map();
function open(owner) {
  if (!owner) return Promise.reject(new Error('no signed-in user'));
  if (!opened.has(owner)) {
    opened.set(owner, new Promise((resolve, reject) => {
      const req = indexedDB.open(dbName(owner), 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore('cache');
        db.createObjectStore('blobs');
        db.createObjectStore('problems', { keyPath: 'id' });
      };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => { db.close(); opened.delete(owner); };
        resolve(db);
      };
      req.onerror = () => { opened.delete(owner); reject(req.error); };
    }));
  }
  return opened.get(owner);
}

async function run(owner, store, mode, fn) {
  const db = await open(owner);
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode, { durability: 'strict' });
    let result;
    const req = fn(tx.objectStore(store));
    if (req) req.onsuccess = () => { result = req.result; };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('aborted'));
  });
}

// Outbox entries are JSON text; the key is the order they were made in.
export async function outboxAdd(owner, json) {
  return run(owner, 'outbox', 'readwrite', (s) => s.add({ json }));
}
export async function outboxAll(owner) {
  const rows = await run(owner, 'outbox', 'readonly', (s) => s.getAll());
  return JSON.stringify(rows.map((r) => [r.seq, r.json]));
}
export async function outboxCount(owner) {
  return run(owner, 'outbox', 'readonly', (s) => s.count());
}
export async function outboxDelete(owner, seqs) {
  return run(owner, 'outbox', 'readwrite', (s) => { for (const k of seqs) s.delete(k); return null; });
}

export async function cachePut(owner, key, json) {
  return run(owner, 'cache', 'readwrite', (s) => s.put(json, key));
}
export async function cacheGet(owner, key) {
  const v = await run(owner, 'cache', 'readonly', (s) => s.get(key));
  return v === undefined ? null : v;
}

export async function blobPut(owner, id, blob) {
  return run(owner, 'blobs', 'readwrite', (s) => s.put(blob, id));
}
export async function blobGet(owner, id) {
  const v = await run(owner, 'blobs', 'readonly', (s) => s.get(id));
  return v === undefined ? null : v;
}
export async function blobDelete(owner, id) {
  return run(owner, 'blobs', 'readwrite', (s) => s.delete(id));
}

export async function problemPut(owner, json) {
  return run(owner, 'problems', 'readwrite', (s) => s.put({ id: JSON.parse(json).id, json }));
}
export async function problemsAll(owner) {
  const rows = await run(owner, 'problems', 'readonly', (s) => s.getAll());
  return JSON.stringify(rows.map((r) => r.json));
}
export async function problemDelete(owner, id) {
  return run(owner, 'problems', 'readwrite', (s) => s.delete(id));
}

// Storage: ask the browser not to evict our data, and report what we use.
export async function persist() {
  if (!navigator.storage || !navigator.storage.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
export async function estimate() {
  const persisted = navigator.storage && navigator.storage.persisted ? await navigator.storage.persisted() : false;
  const e = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : {};
  return JSON.stringify({ usage: e.usage || 0, quota: e.quota || 0, persisted });
}

// Everything one user keeps on this device is removed (sign-out with nothing unsynced).
export async function forget(owner) {
  const db = opened.get(owner);
  opened.delete(owner);
  if (db) (await db.catch(() => null))?.close();
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(dbName(owner));
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    // Another tab of the same user still has it open: it goes when that tab lets go.
    req.onblocked = () => resolve();
  });
}
