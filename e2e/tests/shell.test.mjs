// Foundation: the Chinese login page, a demo sign-in, and the offline app shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, PDA, DESK, ARTIFACTS } from '../browser.mjs';

test('PDA: Chinese login, sign in, reload offline still shows the app', async () => {
  const context = await launch(PDA);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto('/');
    // Not signed in: the shared login page, in Chinese.
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.match(await page.locator('body').innerText(), /登录单位/);
    await page.screenshot({ path: `${ARTIFACTS}login-pda.png` });

    // A wrong password gets a Chinese explanation, not a crash.
    await signIn(page, { bureau: '埇桥区', username: 'insp11', password: 'wrong-password' });
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();

    // The bureau is remembered on the device; only the credentials are typed again.
    await page.reload();
    await page.locator('.bureau-chosen', { hasText: '宿州市埇桥区生态环境分局' }).waitFor();
    await page.locator('#username').fill('insp11');
    await page.locator('#password').fill('Huanjian@2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('.greeting .roles', { hasText: '执法人员' }).waitFor();
    assert.match(await page.locator('.topbar').innerText(), /宿州市埇桥区生态环境分局/);
    await page.screenshot({ path: `${ARTIFACTS}home-pda.png` });

    // The service worker has cached the versioned shell.
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 })
      .catch(async () => { await page.reload(); });
    const caches = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('huanjian-shell-')));
    assert.equal(caches.length, 1, `one shell cache, got ${caches}`);

    // Offline: a reload still shows the app shell and the signed-in user.
    await context.setOffline(true);
    await page.reload();
    await page.locator('.topbar .net.offline', { hasText: '离线' }).waitFor();
    await page.locator('.greeting .roles', { hasText: '执法人员' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}home-offline-pda.png` });
    await context.setOffline(false);
  } finally {
    await context.close();
  }
});

test('Desktop: English switch and the signed-in shell', async () => {
  const context = await launch(DESK);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto('/login');
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}login-desktop.png` });
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('button', { name: '中文' }).click();
    await signIn(page, { bureau: '341300', username: 'leader' });
    await page.locator('.greeting .roles', { hasText: '局领导' }).waitFor();
    assert.match(await page.locator('.topbar').innerText(), /宿州市生态环境局/);
    await page.screenshot({ path: `${ARTIFACTS}home-desktop.png` });
  } finally {
    await context.close();
  }
});

test('a new deployment replaces the cached shell', async (t) => {
  const dist = process.env.HJ_E2E_DIST;
  if (!dist) return t.skip('HJ_E2E_DIST not set');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const swPath = `${dist}/sw.js`;
  const original = readFileSync(swPath, 'utf8');
  const context = await launch(PDA);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await page.goto('/login');
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    const before = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('huanjian-shell-')));
    assert.equal(before.length, 1);
    // Deploy a new version: same files, new version stamp in sw.js (served with no-cache).
    const next = original.replace(/const VERSION = '([0-9a-f]+)'/, (_, v) => `const VERSION = '${v}0next'`);
    assert.notEqual(next, original);
    writeFileSync(swPath, next);
    for (const ext of ['.br', '.gz']) {
      try { (await import('node:fs')).unlinkSync(swPath + ext); } catch {}
    }
    await page.evaluate(async () => { const reg = await navigator.serviceWorker.getRegistration(); await reg.update(); });
    await page.waitForFunction(async () => {
      const keys = (await caches.keys()).filter((k) => k.startsWith('huanjian-shell-'));
      return keys.length === 1 && keys[0].endsWith('0next');
    }, null, { timeout: 20000, polling: 250 });
    // The new shell serves the app offline too.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: '用户登录' }).waitFor();
    await context.setOffline(false);
  } finally {
    writeFileSync(swPath, original);
    await context.close();
  }
});
