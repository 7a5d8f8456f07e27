// This device's key: a P-256 key pair made by WebCrypto. The private key is created
// non-extractable and kept in IndexedDB (which stores CryptoKey objects as they are), so it
// can sign but can never be read out, copied or sent anywhere. A device is registered by one
// user: on a PDA shared by a squad each officer has a key of their own, under their `owner`
// ("<bureau id>:<user id>").
const DB = 'huanjian-device';
const STORE = 'keys';
const key = (owner) => `device:${owner}`;

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(req.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** {id, publicKey} of this device as JSON, or null before registration. */
export async function deviceInfo(owner) {
  const d = await run('readonly', (s) => s.get(key(owner)));
  return d ? JSON.stringify({ id: d.id, publicKey: d.publicKey }) : null;
}

/** Makes this device's key pair for `owner` under the new device id `id` (replacing any
 * earlier one) and returns {id, publicKey}. */
export async function createDevice(owner, id) {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const record = { id, publicKey: b64url(raw), privateKey: pair.privateKey };
  await run('readwrite', (s) => s.put(record, key(owner)));
  return JSON.stringify({ id: record.id, publicKey: record.publicKey });
}

/** Signs a message with this device's private key (ECDSA P-256, SHA-256, r||s). */
export async function signMessage(owner, message) {
  const d = await run('readonly', (s) => s.get(key(owner)));
  if (!d) throw new Error('no device key');
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, d.privateKey, new TextEncoder().encode(message));
  return b64url(new Uint8Array(sig));
}
