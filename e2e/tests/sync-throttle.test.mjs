// Measures the sync of 500 records queued offline over a slow mobile link (1.6 Mbps down,
// 750 kbps up, 150 ms round trip, emulated by Chromium) and checks that every record reached
// the server exactly once. The figure goes to artifacts/sync-throttle.json and the output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { launch, signIn, registerAndApprove, queue, PDA, BASE_URL, ARTIFACTS } from '../browser.mjs';

const RECORDS = 500;

async function api(path, { token, body, method } = {}) {
  const r = await fetch(`${BASE_URL}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json();
  assert.ok(r.ok, `${path}: ${JSON.stringify(json)}`);
  return json;
}

async function token(username) {
  return (await api('/api/auth/login', { body: { bureau_id: 341302, username, password: 'Huanjian@2026' } })).access_token;
}

test(`${RECORDS} records queued offline sync over a 1.6/0.75 Mbps, 150 ms link`, async () => {
  const leader = await token('squad1');
  const squad = await api('/api/org/squad', { token: leader });
  const ids = ['insp11', 'insp12'].map((u) => squad.find((m) => m.username === u).id);
  const ent = (await api('/api/enterprises?division=341302&limit=3', { token: leader })).items[2];
  const due = new Date(Date.now() + 5 * 86400e3).toISOString().slice(0, 10);
  const task = await api('/api/tasks', { token: leader, body: { enterprise_bureau_id: 341302, enterprise_id: ent.id, due_on: due, inspector_ids: ids, note: '同步测量' } });

  const ctx = await launch(PDA);
  try {
    const page = ctx.pages()[0] ?? await ctx.newPage();
    await signIn(page, { bureau: '埇桥区', username: 'insp11' });
    await page.locator('.home-field').waitFor();
    await registerAndApprove(page, 341302);
    await page.goto(`/tasks/341302/${task.id}`);
    await page.locator('.workspace .guided').waitFor();
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.locator('.net.offline').waitFor();

    // A realistic record: a page of findings; every tenth with two signatures (~6 KB PNG each).
    const signature = `data:image/png;base64,${Buffer.alloc(4500, 7).toString('base64')}`;
    const content = '经现场检查，该单位废水处理设施正常运行，在线监测设备数据传输正常，危险废物贮存间标识齐全，台账记录完整。'.repeat(6);
    const entries = [];
    for (let i = 0; i < RECORDS; i++) {
      const record = {
        id: randomUUID(), task_id: task.id, kind: 'onsite', started_at: new Date().toISOString(), ended_at: '',
        place: ent.address, party_name: ent.name, respondent: '王建国', respondent_title: '环保负责人', respondent_phone: '13800000000',
        content: `${i + 1}. ${content}`, questions: [],
        signatures: i % 10 === 0 ? ids.map((u) => ({ role: 'inspector', user_id: u, name: '执法人员', image: signature, signed_at: new Date().toISOString() })) : [],
        party_refusal: null,
      };
      entries.push(JSON.stringify({ entry: 'op', id: randomUUID(), bureau_id: 341302, task_id: task.id, made_at: new Date().toISOString(),
        body: { type: 'save_record', base_rev: 0, record } }));
    }
    const bytes = entries.reduce((n, e) => n + Buffer.byteLength(e), 0);
    await queue(page, entries);
    await page.reload();
    await page.locator(`.sync-badge[data-pending="${RECORDS}"]`).waitFor();

    // The slow link comes up; the app syncs by itself on the online event.
    const started = Date.now();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
    });
    await page.locator('.sync-badge', { hasText: '已同步' }).waitFor({ timeout: 300_000 });
    const seconds = (Date.now() - started) / 1000;

    const view = await api(`/api/inspections/341302/${task.id}`, { token: leader });
    assert.equal(view.records.length, RECORDS, 'every record arrived once');
    const result = { records: RECORDS, payload_bytes: bytes, seconds, link: '1.6 Mbps down / 750 kbps up / 150 ms RTT (Chromium network emulation)' };
    writeFileSync(`${ARTIFACTS}sync-throttle.json`, JSON.stringify(result, null, 2));
    console.log(`sync of ${RECORDS} records (${(bytes / 1048576).toFixed(2)} MB) over the throttled link: ${seconds.toFixed(1)} s`);
  } finally {
    await ctx.close();
  }
});
