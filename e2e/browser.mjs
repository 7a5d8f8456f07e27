// Launches Debian's headless Chromium for the tests (never a downloaded browser).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BASE_URL = process.env.HJ_E2E_BASE_URL ?? 'http://127.0.0.1:8080';
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export const PDA = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESK = { viewport: { width: 1440, height: 900 } };

/** A persistent Chromium context (service workers need one) with a fresh profile directory;
 * `options` adds to or overrides the context options (e.g. another `baseURL`). */
export async function launch(device, locale = 'zh-CN', options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'hj-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale,
    baseURL: BASE_URL,
    ...device,
    ...options,
  });
  // The pages' errors go to the test output: a failing test shows what the app said.
  const watch = (page) => {
    page.on("pageerror", (e) => console.log(`[page error] ${e.stack ?? e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) console.log(`[console] ${m.text()}`); });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return context;
}

/** Signs in through the shared login page. */
export async function signIn(page, { bureau, username, password = 'Huanjian@2026' }) {
  await page.goto('/login');
  // A bureau chosen earlier on this device is remembered: change it first.
  await page.locator('#bureau-search, .bureau-chosen').first().waitFor();
  if (await page.locator('.bureau-chosen').isVisible()) {
    await page.locator('.bureau-chosen button').click();
  }
  await page.locator('#bureau-search').fill(bureau);
  await page.locator('.bureau-options .option', { hasText: bureau }).first().click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
}

/** The API over plain fetch (no browser): `token` signs in as that user. */
export async function api(path, { token, body, method, base = BASE_URL } = {}) {
  const r = await fetch(`${base}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new Error(`${method ?? (body ? 'POST' : 'GET')} ${path}: ${r.status} ${text}`);
  return json;
}

export async function token(bureau_id, username, { password = 'Huanjian@2026', base = BASE_URL } = {}) {
  return (await api('/api/auth/login', { body: { bureau_id, username, password }, base })).access_token;
}

/** The device store's owner of the page's signed-in user ("<bureau id>:<user id>"). */
export async function owner(page) {
  return page.evaluate(() => {
    const s = JSON.parse(localStorage.getItem('hj.session'));
    return `${s.user.bureau.id}:${s.user.id}`;
  });
}

/** The signed-in field user registers this browser on 本机设备 and the bureau's admin
 * approves it (through the API, as the admin's device page does). */
export async function registerAndApprove(page, bureauId) {
  await page.goto('/device');
  await page.getByRole('button', { name: '注册本设备' }).click();
  await page.locator('.ok-box', { hasText: '已提交注册' }).waitFor();
  const who = await owner(page);
  const id = await page.evaluate((who) => new Promise((resolve, reject) => {
    const r = indexedDB.open('huanjian-device', 1);
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const q = r.result.transaction('keys').objectStore('keys').get(`device:${who}`);
      q.onsuccess = () => { r.result.close(); resolve(q.result.id); };
    };
  }), who);
  const admin = await token(bureauId, 'admin');
  await api(`/api/devices/${bureauId}/${id}/approve`, { token: admin, body: {} });
  await page.goto('/');
  return id;
}

/** Puts entries (JSON texts, as the app writes them) straight into the signed-in user's
 * outbox through the app's own store module. */
export async function queue(page, entries) {
  const who = await owner(page);
  await page.evaluate(async ({ who, entries }) => {
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('/store.js'));
    const store = await import(url);
    for (const e of entries) await store.outboxAdd(who, e);
  }, { who, entries });
}

/** The outbox entries kept for `who` on this browser. */
export async function outbox(page, who) {
  return page.evaluate((who) => new Promise((resolve, reject) => {
    const r = indexedDB.open(`huanjian-field:${who}`, 1);
    r.onupgradeneeded = () => { r.transaction.abort(); resolve([]); };
    r.onerror = () => resolve([]);
    r.onsuccess = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('outbox')) { db.close(); resolve([]); return; }
      const q = db.transaction('outbox').objectStore('outbox').getAll();
      q.onsuccess = () => { db.close(); resolve(q.result.map((x) => x.json)); };
      q.onerror = () => { db.close(); reject(q.error); };
    };
  }), who);
}

/** A server of its own for one test (e.g. with a short token lifetime), on a free loopback
 * port with a fresh database and the demo data: `HJ_E2E_SERVER` names the binary and
 * `HJ_E2E_DIST` the app build (scripts/test.sh sets both). Stops with `stop()` or with the
 * test process. */
export async function startServer(env = {}) {
  const bin = process.env.HJ_E2E_SERVER;
  const dist = process.env.HJ_E2E_DIST;
  if (!bin || !dist) throw new Error('HJ_E2E_SERVER and HJ_E2E_DIST must name the server binary and the app build');
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => { const p = probe.address().port; probe.close(() => resolve(p)); });
  });
  const child = spawn(bin, ['serve'], {
    cwd: mkdtempSync(join(tmpdir(), 'hj-e2e-server-')),
    env: { ...process.env, HJ_BIND: `127.0.0.1:${port}`, HJ_DEMO: 'true', HJ_STATIC_DIR: dist, HJ_LOG: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.once('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try { if ((await fetch(`${base}/api/health`)).ok) return { base, stop }; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('the server did not become healthy');
}
