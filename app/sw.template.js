// Huanjian service worker: keeps the versioned app shell so the app starts without a network.
// Generated at build time by scripts/postbuild.sh, which fills in the version and file list.
const VERSION = '__VERSION__';
const SHELL = `huanjian-shell-${VERSION}`;
const ASSETS = __ASSETS__;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL)
      .then((cache) => cache.addAll(ASSETS.map((path) => new Request(path, { cache: 'reload' }))))
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

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // The API is never cached here: data freshness and offline data are the app's business.
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    // Every app route is the same shell; serve it from the cache, refresh it from the network.
    event.respondWith(
      caches.open(SHELL).then((cache) => cache.match('/index.html').then((cached) => {
        const network = fetch(request).then((response) => {
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
  event.respondWith(
    caches.match(request, { cacheName: SHELL }).then((cached) => cached || fetch(request)),
  );
});
