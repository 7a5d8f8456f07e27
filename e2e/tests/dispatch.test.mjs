// The alarm centre's scene through the app: two inspectors go on duty on their phones (their
// positions set in the phones' browsers, 500 m and 1.5 km from a wastewater outlet) → a data
// logger sends COD over its limit to the HJ 212 gateway (`huanjian send-hj212` against
// `huanjian gateway` on the same database) → the alarm appears on the dispatcher's desk with
// the two inspectors nearest first → the dispatcher sends them in one action → an inspector's
// phone shows the new task within 30 s. Desk 1440×900, phones 360×740; screenshots in
// e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch, signIn, startServer, api, token, DESK, PDA, ARTIFACTS } from '../browser.mjs';

const B = 341302;
const PW = '123456';

const freePort = () => new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const p = probe.address().port; probe.close(() => resolve(p)); });
});

/** `north` metres north of a place. */
const north = (p, m) => ({ latitude: p.latitude + m / 111195, longitude: p.longitude, accuracy: 10 });

test('a COD alarm is dispatched from the desk to the two nearest on-duty inspectors\' phones', async () => {
  const bin = process.env.HJ_E2E_SERVER;
  const db = `sqlite://${join(mkdtempSync(join(tmpdir(), 'hj-e2e-dispatch-')), 'db.sqlite')}?mode=rwc`;
  const server = await startServer({ HJ_DATABASE_URL: db });
  const base = server.base;
  const gwPort = await freePort();
  const gateway = spawn(bin, ['gateway', '--bind', `127.0.0.1:${gwPort}`], {
    env: { ...process.env, HJ_DATABASE_URL: db, HJ_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stopGateway = () => { if (gateway.exitCode === null) gateway.kill('SIGTERM'); };
  process.once('exit', stopGateway);
  const errors = [];
  const contexts = [];
  const open = async (device, user, options = {}) => {
    const ctx = await launch(device, 'zh-CN', { baseURL: base, ...options });
    contexts.push(ctx);
    const page = ctx.pages()[0] ?? await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${user}: ${e.message}`));
    await signIn(page, { bureau: '埇桥区', username: user });
    await page.waitForURL((u) => u.pathname === '/');
    return { ctx, page };
  };
  try {
    // A wastewater outlet of 埇桥区 with a registered data logger and a COD limit.
    const admin = await token(B, 'admin', { base });
    const list = await api(`/api/enterprises?tag=online_monitoring&limit=200`, { token: admin, base });
    let point = null, mn = null;
    for (const e of list.items) {
      const d = await api(`/api/enterprises/${e.bureau_id}/${e.id}`, { token: admin, base });
      for (const p of d.monitoring_points.filter((p) => p.kind === 'water' && p.online)) {
        const loggers = await api(`/api/monitoring/points/${B}/${p.id}/loggers`, { token: admin, base });
        const limits = await api(`/api/monitoring/points/${B}/${p.id}/limits`, { token: admin, base });
        if (loggers.length && limits.limits.some((l) => l.pollutant === 'w01018')) { point = p; mn = loggers[0].mn; break; }
      }
      if (point) break;
    }
    assert.ok(point, 'the demo registers loggers with COD limits on wastewater outlets');

    // Two inspectors go on duty on their phones, 500 m and 1.5 km from the outlet.
    const phones = [];
    for (const [user, m] of [['insp11', 500], ['insp12', 1500]]) {
      const s = await open(PDA, user, { geolocation: north(point, m), permissions: ['geolocation'] });
      await s.page.locator('[data-test=duty-card]').waitFor();
      await s.page.locator('[data-test=duty-purpose]').fill('日常巡查');
      await s.page.locator('[data-test=duty-switch]').click();
      await s.page.locator('[data-test=duty-status]').waitFor();
      await s.page.locator('[data-test=duty-last]').waitFor({ timeout: 20000 });
      phones.push(s);
    }
    await phones[0].page.screenshot({ path: `${ARTIFACTS}dispatch-1-on-duty-pda.png` });

    // The data logger: three real-time COD values over the 100 mg/L limit (three in a row
    // raise the alarm), each answered by the gateway.
    for (let i = 0; i < 100; i++) {
      try { await promisify(execFile)(bin, ['send-hj212', '--to', `127.0.0.1:${gwPort}`, '--mn', mn, '--pw', PW, '--st', '32', '--count', '3', 'w01018=250']); break; }
      catch (e) { if (i === 99) throw e; await new Promise((r) => setTimeout(r, 200)); }
    }

    // The desk: the alarm appears, with the two inspectors nearest first.
    const desk = await open(DESK, 'dispatch');
    await desk.page.goto('/alarms');
    const row = desk.page.locator('[data-test=alarm-row][data-kind=exceed_rtd]').first();
    await row.waitFor({ timeout: 30000 });
    await desk.page.locator('[data-test=desk-map] .force-marker').nth(1).waitFor({ timeout: 15000 });
    await row.locator('.headline a').click();
    await desk.page.locator('[data-test=alarm-detail]').waitFor();
    await desk.page.locator('[data-test=alarm-trend]').waitFor();
    const nearby = desk.page.locator('[data-test=nearby-row]');
    await nearby.nth(1).waitFor({ timeout: 15000 });
    assert.equal(await nearby.count(), 2);
    const d0 = Number(await nearby.nth(0).getAttribute('data-distance-m'));
    const d1 = Number(await nearby.nth(1).getAttribute('data-distance-m'));
    assert.ok(d0 >= 450 && d0 <= 550 && d1 >= 1450 && d1 <= 1550, `nearest first: ${d0} ${d1}`);
    await desk.page.screenshot({ path: `${ARTIFACTS}dispatch-2-desk.png` });

    // The map, shorter beside the alarm's details, shows the alarm inside it.
    const map = await desk.page.locator('[data-test=desk-map]').boundingBox();
    const mark = await desk.page.locator('[data-test=desk-map] .alarm-marker--selected').boundingBox();
    const [mx, my] = [mark.x + mark.width / 2, mark.y + mark.height / 2];
    assert.ok(mx > map.x && mx < map.x + map.width && my > map.y && my < map.y + map.height,
      `the selected alarm is in view: ${JSON.stringify({ map, mark })}`);

    // Any place of the map: a click beside the alarm (west of it, clear of the markers, which
    // stand on its meridian) lists who is on duty near that place, nearest first.
    await desk.page.mouse.click(mx - 24, my);
    const place = desk.page.locator('[data-test=place-nearby]');
    await place.locator('[data-test=nearby-row]').nth(1).waitFor({ timeout: 15000 });
    assert.equal(await place.locator('[data-test=nearby-row]').count(), 2);
    assert.equal(await place.locator('[data-test=nearby-check]').count(), 0, 'a place is not dispatched');
    assert.equal(await place.locator('[data-test=place-ring]').getAttribute('data-ring-m'), '3000');
    const p0 = Number(await place.locator('[data-test=nearby-row]').nth(0).getAttribute('data-distance-m'));
    const p1 = Number(await place.locator('[data-test=nearby-row]').nth(1).getAttribute('data-distance-m'));
    assert.ok(p0 > 0 && p0 <= p1 && p1 <= 3000, `nearest first: ${p0} ${p1}`);
    await desk.page.screenshot({ path: `${ARTIFACTS}dispatch-2b-place.png` });
    await place.locator('[data-test=place-clear]').click();
    await place.waitFor({ state: 'detached' });
    await desk.page.locator('[data-test=dispatch-nearest]').click();
    await desk.page.locator('[data-test=dispatched]').waitFor();
    await desk.page.screenshot({ path: `${ARTIFACTS}dispatch-3-dispatched.png` });

    // The phone shows the new task within 30 s: a banner, and the task in the list.
    const phone = phones[0].page;
    const started = Date.now();
    await phone.locator('[data-test=dispatch-banner]').waitFor({ timeout: 30000 });
    const waited = Date.now() - started;
    assert.ok(waited <= 30000, `shown after ${waited} ms`);
    await phone.locator('[data-test=task-source][data-source=alarm]').first().waitFor({ timeout: 10000 });
    await phone.screenshot({ path: `${ARTIFACTS}dispatch-4-phone.png` });
    const insp = await token(B, 'insp12', { base });
    const mine = await api('/api/tasks/mine', { token: insp, base });
    assert.ok(mine.some((t) => t.source === 'alarm' && t.status === 'assigned'), 'the second inspector has it too');
    assert.deepEqual(errors, []);
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    stopGateway();
    server.stop();
  }
});
