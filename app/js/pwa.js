// The service worker: registered at start; asked to keep the rest of the build ("warm") once
// the signed-in first screen has its data. <html data-offline="ready"> says that every page of
// this version opens offline and that the data kept for open tasks is on the device.
// Registered once the page has loaded and painted: the worker's install downloads the build
// again, which would otherwise compete with the first screen's own files and API calls.
export function registerWorker() {
  const sw = navigator.serviceWorker;
  // Absent on insecure origins other than localhost; the app still works without it.
  if (!sw) return;
  const register = () => whenIdle(() => {
    sw.register('/sw.js').catch((e) => console.warn('service worker registration failed', e));
  });
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

// What is still on its way to the device: 'code' (the worker's copy) and data being kept.
const pending = new Map([['code', 1]]);
let asked = false;

function update() {
  const root = document.documentElement;
  if ([...pending.values()].every((n) => n === 0)) root.dataset.offline = 'ready';
  else delete root.dataset.offline;
}

export function offlineWorkStarted() {
  pending.set('data', (pending.get('data') ?? 0) + 1);
  update();
}

export function offlineWorkDone() {
  pending.set('data', Math.max(0, (pending.get('data') ?? 1) - 1));
  update();
}

export function keepOfflineCopy() {
  const sw = navigator.serviceWorker;
  if (!sw || asked) return;
  asked = true;
  sw.addEventListener('message', (event) => {
    if (event.data?.warm) { pending.set('code', 0); update(); }
  });
  // A new version taking over keeps its own copy.
  sw.addEventListener('controllerchange', () => {
    pending.set('code', 1);
    update();
    sw.controller?.postMessage('warm');
  });
  sw.ready.then((reg) => reg.active?.postMessage('warm'));
}

/** `f` after the next paint, when the page is idle (at most 2 s later). */
export function whenIdle(f) {
  requestAnimationFrame(() => setTimeout(() => {
    if (window.requestIdleCallback) requestIdleCallback(() => f(), { timeout: 2000 });
    else f();
  }, 0));
}
