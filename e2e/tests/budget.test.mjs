// What a phone downloads. A proxy between Chromium and the server counts every response body
// as sent (brotli: Chromium asks for it on loopback too), from the page and from the service
// worker alike:
// - an inspector's first visit, up to a usable home (insp11 signed in, 我的任务 shown), against
//   the budget of 250 KB of app files (html, js, wasm, css, icons);
// - what the service worker then keeps for offline use, once the home has its data;
// - opening the map: with the offline copy in place, and on a phone without a service worker,
//   where Leaflet and the map's code come over the network;
// - and offline, pages that were never opened online still open from that copy.
// The figures go to artifacts/transfer.json and to the test output (docs/benchmarks.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { launch, signIn, PDA, BASE_URL, ARTIFACTS } from '../browser.mjs';

const BUDGET = 250 * 1024;
const upstream = new URL(BASE_URL);

/** A counting HTTP proxy in front of the server; `log` holds one entry per response. */
async function countingProxy() {
  const log = [];
  const server = http.createServer((req, res) => {
    const at = Date.now();
    const up = http.request({
      host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers,
    }, (r) => {
      const entry = { path: req.url.split('?')[0], status: r.statusCode, encoding: r.headers['content-encoding'] ?? '', bytes: 0, at };
      log.push(entry);
      res.writeHead(r.statusCode, r.headers);
      r.on('data', (chunk) => { entry.bytes += chunk.length; res.write(chunk); });
      r.on('end', () => res.end());
    });
    up.on('error', () => { res.destroy(); });
    req.pipe(up);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close() };
}

const kind = (path) => {
  if (path.startsWith('/api/')) return 'api';
  const ext = path.match(/\.([a-z0-9]+)$/)?.[1];
  return ['wasm', 'js', 'css', 'png', 'svg', 'webmanifest'].includes(ext) ? ext : 'html';
};

/** Bytes by kind over a slice of the log; `app` is everything that is not API data. */
function tally(entries) {
  const t = { app: 0, api: 0, requests: entries.length, byKind: {} };
  for (const e of entries) {
    const k = kind(e.path);
    t.byKind[k] = (t.byKind[k] ?? 0) + e.bytes;
    if (k === 'api') t.api += e.bytes; else t.app += e.bytes;
  }
  return t;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const figures = {};

// The moment the home is usable, taken in the page: 我的任务 with its list (or its empty note)
// in place of the placeholder.
function watchUsable(page) {
  return page.addInitScript(() => {
    const look = () => {
      if (window.__usableAt) return;
      const card = document.querySelector('.tasks-card');
      const list = card && [...card.querySelectorAll('.task-rows, p.muted, .notice')].find((e) => e.textContent !== '…');
      if (list) window.__usableAt = Date.now();
    };
    new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

/** Signs in at a first visit; the log entries of requests made before the home was usable. */
async function openHome(page, log) {
  await watchUsable(page);
  await signIn(page, { bureau: '埇桥区', username: 'insp11' });
  await page.waitForURL((url) => url.pathname === '/');
  await page.locator('.tasks-card h2', { hasText: '我的任务' }).waitFor();
  await page.waitForFunction(() => window.__usableAt);
  const usableAt = await page.evaluate(() => window.__usableAt);
  // Let responses under way finish arriving; count only requests made before that moment.
  await page.waitForTimeout(500);
  return log.filter((e) => e.at <= usableAt);
}

test('first visit to a usable home stays within 250 KB; the rest comes after, for offline use', async () => {
  const proxy = await countingProxy();
  const phone = await launch(PDA, 'zh-CN', { baseURL: proxy.url });
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    const before = await openHome(page, proxy.log);
    const home = tally(before);
    figures.firstVisit = home;
    figures.firstVisitFiles = before.filter((e) => kind(e.path) !== 'api').map((e) => `${e.path} ${e.bytes} ${e.encoding}`);
    console.log(`first visit to a usable home: ${kb(home.app)} of app files (${JSON.stringify(Object.fromEntries(Object.entries(home.byKind).map(([k, v]) => [k, kb(v)])))}), ${kb(home.api)} of API data`);
    assert.ok(home.app <= BUDGET, `first visit transferred ${kb(home.app)} of app files, budget ${kb(BUDGET)}:\n${figures.firstVisitFiles.join('\n')}`);
    assert.ok(home.byKind.wasm > 0 && home.byKind.wasm < 230 * 1024, 'the wasm came brotli-compressed and small');

    // Then the open tasks' data and the rest of the build: every page works offline.
    await page.locator('html[data-offline="ready"]').waitFor({ timeout: 30_000 });
    const rest = tally(proxy.log.filter((e) => !before.includes(e)));
    figures.offlineCopy = rest;
    console.log(`after the home, in the background: ${kb(rest.app)} of app files in ${rest.requests} requests (the offline copy), ${kb(rest.api)} of API data (the open tasks' data)`);
    assert.ok(rest.byKind.wasm > 0, 'the lazily loaded pages were precached');

    // The map, with the offline copy in place: only its data travels.
    const start = proxy.log.length;
    await page.getByRole('link', { name: '地图' }).click();
    await page.locator('.map-full .cluster, .map-full .leaflet-marker-icon').first().waitFor();
    const map = tally(proxy.log.slice(start));
    figures.mapWarm = map;
    console.log(`opening the map (offline copy in place): ${kb(map.app)} of app files, ${kb(map.api)} of API data`);
    assert.equal(map.app, 0, 'the map code and Leaflet came from the offline copy');

    // Offline: a reload on the map, then pages never opened online, from the offline copy.
    await phone.setOffline(true);
    await page.reload();
    await page.locator('.map-full .cluster, .map-full .leaflet-marker-icon').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.map-full .leaflet-overlay-pane path').length >= 1);
    await page.getByRole('link', { name: '本机设备', exact: true }).click();
    await page.getByRole('heading', { name: '本机设备' }).waitFor();
    await page.getByRole('link', { name: '污染源' }).click();
    await page.getByRole('heading', { name: '污染源档案' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}lazy-offline-pda.png` });
    await phone.setOffline(false);
  } finally {
    await phone.close();
    proxy.close();
  }
});

test('without a service worker: the first visit and the map over the network', async () => {
  const proxy = await countingProxy();
  const phone = await launch(PDA, 'zh-CN', { baseURL: proxy.url, serviceWorkers: 'block' });
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    const first = await openHome(page, proxy.log);
    const home = tally(first);
    figures.firstVisitNoWorker = home;
    figures.firstVisitNoWorkerFiles = first.map((e) => `${e.path} ${e.bytes} ${e.encoding}`);
    assert.ok(home.app <= BUDGET, `first visit without a service worker: ${kb(home.app)}`);
    await page.waitForTimeout(3000); // the open tasks' data, kept in the background
    const before = proxy.log.length;
    await page.getByRole('link', { name: '地图' }).click();
    await page.locator('.map-full .cluster, .map-full .leaflet-marker-icon').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.map-full .leaflet-overlay-pane path').length >= 1);
    const map = tally(proxy.log.slice(before));
    figures.mapCold = map;
    figures.mapColdFiles = proxy.log.slice(before).map((e) => `${e.path} ${e.bytes} ${e.encoding}`);
    console.log(`opening the map over the network: ${kb(map.app)} of app files (${JSON.stringify(Object.fromEntries(Object.entries(map.byKind).map(([k, v]) => [k, kb(v)])))}), ${kb(map.api)} of API data`);
    assert.ok(map.byKind.js > 0, 'Leaflet is fetched when the map opens');
  } finally {
    await phone.close();
    proxy.close();
    writeFileSync(`${ARTIFACTS}transfer.json`, `${JSON.stringify(figures, null, 2)}\n`);
  }
});
