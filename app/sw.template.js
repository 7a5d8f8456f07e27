// Huanjian service worker: keeps the versioned app so it starts, and every page opens, without
// a network. Generated at build time by scripts/postbuild.sh, which fills in the version and
// the exact file lists of the build.
const VERSION = '__VERSION__';
const SHELL = `huanjian-shell-${VERSION}`;
// What the first screen needs (index.html, the main wasm and js, css): kept on install.
const CORE = __CORE__;
// The rest (pages loaded on demand, Leaflet, large icons): kept when the app asks ("warm"),
// once its first screen has its data, so that a first visit loads the first screen first.
const LATER = __LATER__;
const ALL = new Set([...CORE, ...LATER]);
// Content-hashed names never change their content: the HTTP cache may answer for them (the page
// has just loaded most of them); any other file is revalidated with the server first.
const HASHED = /-[0-9a-f]{16}(_bg)?\.[a-z]+$/;

const request = (path) => new Request(path, { cache: HASHED.test(path) ? 'default' : 'no-cache' });

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll(CORE.map(request)))
      .then(() => self.skipWaiting()),
  );
});

// A new version replaces the old shell: every other shell cache is deleted on activation.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((key) => key.startsWith('huanjian-shell-') && key !== SHELL)
        .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** Keeps whatever of LATER is not kept yet; answers `{ warm: VERSION }` when all of it is. */
async function warm() {
  const cache = await caches.open(SHELL);
  const kept = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  await cache.addAll(LATER.filter((path) => !kept.has(path)).map(request));
}

self.addEventListener('message', (event) => {
  if (event.data !== 'warm') return;
  event.waitUntil(warm()
    .then(() => event.source?.postMessage({ warm: VERSION }))
    .catch(() => event.source?.postMessage({ warmFailed: VERSION })));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  // The API is never cached here: data freshness and offline data are the app's business.
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (req.mode === 'navigate') {
    // Every app route is the same shell; serve it from the cache, refresh it from the network.
    event.respondWith(
      caches.open(SHELL).then((cache) => cache.match('/index.html').then((cached) => {
        const network = fetch(req).then((response) => {
          if (response.ok) cache.put('/index.html', response.clone());
          return response;
        });
        if (cached) {
          network.catch(() => {}); // offline: the cached shell is the answer
          return cached;
        }
        return network;
      })),
    );
    return;
  }
  // A file of this build not kept yet (a page opened before "warm" finished) is kept on its way.
  event.respondWith(
    caches.open(SHELL).then((cache) => cache.match(req).then((cached) => cached || fetch(req).then((response) => {
      if (response.ok && ALL.has(url.pathname)) cache.put(url.pathname, response.clone());
      return response;
    }))),
  );
});
