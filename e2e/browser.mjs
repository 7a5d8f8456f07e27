// Launches Debian's headless Chromium for the tests (never a downloaded browser).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
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
    page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') console.log(`[console] ${m.text()}`); });
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
