// This device's key: a P-256 key pair made by WebCrypto. The private key is created
// non-extractable and kept in IndexedDB (which stores CryptoKey objects as they are), so it
// can sign but can never be read out, copied or sent anywhere.
const DB = 'huanjian-device';
const STORE = 'keys';
const KEY = 'device';

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
export async function deviceInfo() {
  const d = await run('readonly', (s) => s.get(KEY));
  return d ? JSON.stringify({ id: d.id, publicKey: d.publicKey }) : null;
}

/** Makes this device's key pair (replacing any earlier one) and returns {id, publicKey}. */
export async function createDevice() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const record = { id: crypto.randomUUID(), publicKey: b64url(raw), privateKey: pair.privateKey };
  await run('readwrite', (s) => s.put(record, KEY));
  return JSON.stringify({ id: record.id, publicKey: record.publicKey });
}

/** Signs a message with this device's private key (ECDSA P-256, SHA-256, r||s). */
export async function signMessage(message) {
  const d = await run('readonly', (s) => s.get(KEY));
  if (!d) throw new Error('no device key');
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, d.privateKey, new TextEncoder().encode(message));
  return b64url(new Uint8Array(sig));
}

/** SHA-256 of a UTF-8 text, lower-case hex. */
export async function sha256Hex(text) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
