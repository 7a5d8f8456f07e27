// The device's durable store (IndexedDB): the outbox of work not yet synced, the cache of
// what assigned tasks need offline, captured files, and sync problems for the inspector.
// Every write resolves only when its transaction has committed ('strict' durability), so a
// crash or a closed tab right after "saved" loses nothing.
const DB = 'huanjian-field';
const STORES = ['outbox', 'cache', 'blobs', 'problems'];

let opening = null;
function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        db.createObjectStore('cache');
        db.createObjectStore('blobs');
        db.createObjectStore('problems', { keyPath: 'id' });
      };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      req.onerror = () => { opening = null; reject(req.error); };
    });
  }
  return opening;
}

async function run(store, mode, fn) {
  const db = await open();
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
export async function outboxAdd(json) {
  return run('outbox', 'readwrite', (s) => s.add({ json }));
}
export async function outboxAll() {
  const rows = await run('outbox', 'readonly', (s) => s.getAll());
  return JSON.stringify(rows.map((r) => [r.seq, r.json]));
}
export async function outboxCount() {
  return run('outbox', 'readonly', (s) => s.count());
}
export async function outboxDelete(seqs) {
  return run('outbox', 'readwrite', (s) => { for (const k of seqs) s.delete(k); return null; });
}

export async function cachePut(key, json) {
  return run('cache', 'readwrite', (s) => s.put(json, key));
}
export async function cacheGet(key) {
  const v = await run('cache', 'readonly', (s) => s.get(key));
  return v === undefined ? null : v;
}

export async function blobPut(id, blob) {
  return run('blobs', 'readwrite', (s) => s.put(blob, id));
}
export async function blobGet(id) {
  const v = await run('blobs', 'readonly', (s) => s.get(id));
  return v === undefined ? null : v;
}
export async function blobDelete(id) {
  return run('blobs', 'readwrite', (s) => s.delete(id));
}

export async function problemPut(json) {
  return run('problems', 'readwrite', (s) => s.put({ id: JSON.parse(json).id, json }));
}
export async function problemsAll() {
  const rows = await run('problems', 'readonly', (s) => s.getAll());
  return JSON.stringify(rows.map((r) => r.json));
}
export async function problemDelete(id) {
  return run('problems', 'readwrite', (s) => s.delete(id));
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

// Everything of the field store is removed (sign-out with nothing pending).
export async function clearAll() {
  for (const s of STORES) await run(s, 'readwrite', (st) => st.clear());
}
