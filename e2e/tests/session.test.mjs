// A session survives the ordinary: two tabs open past the access token's lifetime, each
// loading a page that makes several API calls at once. One refresh happens per expiry (the
// others wait for it and take its result, across tabs), and no refresh is ever taken by the
// server for a replayed, stolen token. Runs on a server of its own with an 8-second token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, api, token, DESK, ARTIFACTS } from '../browser.mjs';

// Long enough that a page loads well within one token's life on a busy machine (each round has
// exactly one expiry), short enough for three rounds in half a minute.
const TTL = 8;

test('two tabs past the access token lifetime stay signed in, with one refresh per expiry', async () => {
  const server = await startServer({ HJ_ACCESS_TOKEN_TTL: String(TTL) });
  const desk = await launch(DESK, 'zh-CN', { baseURL: server.base });
  try {
    const refreshes = async () => {
      // A token of its own each time: it is as short-lived.
      const admin = await token(341302, 'admin', { base: server.base });
      const r = await api('/api/audit?action=auth.refresh', { token: admin, base: server.base });
      const list = Array.isArray(r) ? r : (r.items ?? r.entries ?? []);
      const times = list
        .filter((e) => e.action === 'auth.refresh')
        .map((e) => Date.parse(e.at))
        .sort((a, b) => a - b);
      return {
        done: times.length,
        // The shortest time between two refreshes: one refresh per expiry means never two
        // within one token's life (a background call may take an expiry's refresh before the
        // reload does, so the count per round is not fixed, only the spacing).
        closest: times.slice(1).reduce((m, t, i) => Math.min(m, t - times[i]), Infinity),
        reused: list.filter((e) => e.action === 'auth.refresh_reuse').length,
      };
    };
    const one = desk.pages()[0] ?? await desk.newPage();
    await signIn(one, { bureau: '埇桥区', username: 'squad1' });
    await one.locator('.home-field .tasks-card .task-rows').first().waitFor();
    const two = await desk.newPage();
    await two.goto('/');
    await two.locator('.home-field .tasks-card .task-rows').first().waitFor();
    const first = await one.evaluate(() => JSON.parse(localStorage.getItem('hj.session')).refresh_token);

    for (let round = 1; round <= 3; round++) {
      await one.waitForTimeout((TTL + 1.5) * 1000);
      // Both tabs at once, each with several calls that all find the token expired.
      await Promise.all([one.reload(), two.reload()]);
      for (const page of [one, two]) {
        await page.locator('.home-field .tasks-card .task-rows').first().waitFor();
        await page.locator('.overview').waitFor();
        assert.equal(new URL(page.url()).pathname, '/', `round ${round}: still signed in`);
      }
      const { done, closest, reused } = await refreshes();
      assert.equal(reused, 0, `round ${round}: no refresh taken for a replay`);
      assert.ok(done >= round, `round ${round}: each expiry was refreshed (${done} refreshes)`);
      assert.ok(
        closest >= (TTL - 1) * 1000,
        `round ${round}: one refresh per expiry across both tabs (two refreshes ${closest} ms apart)`,
      );
    }
    const last = await two.evaluate(() => JSON.parse(localStorage.getItem('hj.session')).refresh_token);
    assert.notEqual(last, first, 'the refresh token rotated');
    await two.screenshot({ path: `${ARTIFACTS}session-two-tabs-desktop.png` });
  } finally {
    await desk.close();
    server.stop();
  }
});
