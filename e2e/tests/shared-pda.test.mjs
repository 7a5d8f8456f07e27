// The field guarantees on one PDA shared by a squad, and an outbox that never drops work:
// - user A works offline and signs out; user B signs in on the same phone and sees none of
//   A's work, and B's session sends none of it; A signs in again and the work syncs;
// - an op the server refuses does not hold back the ones behind it, the refusal is shown,
//   and an entry that cannot be read stays on the device, reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { launch, signIn, registerAndApprove, queue, outbox, owner, api, token, PDA, ARTIFACTS } from '../browser.mjs';

const BUREAU = 341302;

/** A task of insp11 and insp12 (squad 1 of 埇桥区), started, and an op saving a record. */
async function task(note) {
  const leader = await token(BUREAU, 'squad1');
  const squad = await api('/api/org/squad', { token: leader });
  const ids = ['insp11', 'insp12'].map((u) => squad.find((m) => m.username === u).id);
  const ent = (await api(`/api/enterprises?division=${BUREAU}&limit=5`, { token: leader })).items[3];
  const due = new Date(Date.now() + 5 * 86400e3).toISOString().slice(0, 10);
  const t = await api('/api/tasks', { token: leader, body: { enterprise_bureau_id: BUREAU, enterprise_id: ent.id, due_on: due, inspector_ids: ids, note } });
  const record = (content) => ({
    id: randomUUID(), task_id: t.id, kind: 'onsite', started_at: new Date().toISOString(), ended_at: '',
    place: ent.address, party_name: ent.name, respondent: '王建国', respondent_title: '环保负责人', respondent_phone: '13800000000',
    content, questions: [], signatures: [], party_refusal: null,
  });
  const op = (content) => {
    const r = record(content);
    return { id: r.id, json: JSON.stringify({ entry: 'op', id: randomUUID(), bureau_id: BUREAU, task_id: t.id, made_at: new Date().toISOString(), body: { type: 'save_record', base_rev: 0, record: r } }) };
  };
  return { id: t.id, leader, op };
}

async function records(t) {
  return (await api(`/api/inspections/${BUREAU}/${t.id}`, { token: t.leader })).records;
}

async function signOut(page) {
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: '退出' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
}

test('a shared PDA keeps each user\'s work to that user', async () => {
  const t = await task('共用终端');
  const phone = await launch(PDA);
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    await signIn(page, { bureau: '埇桥区', username: 'insp11' });
    await page.locator('.home-field').waitFor();
    await registerAndApprove(page, BUREAU);
    await page.locator('.home-field .tasks-card .task-rows').waitFor();
    const a = await owner(page);

    // A works offline: a record queued on the phone.
    await phone.setOffline(true);
    await page.locator('.net.offline').waitFor();
    const work = t.op('甲的现场笔录：废水处理设施运行正常。');
    await queue(page, [work.json]);
    await page.reload();
    await page.locator('.sync-badge[data-pending="1"]').waitFor();
    await signOut(page);
    await phone.setOffline(false);

    // B on the same phone: nothing of A's, and nothing of A's is sent.
    await signIn(page, { bureau: '埇桥区', username: 'insp12' });
    await page.locator('.home-field .tasks-card .task-rows').waitFor();
    const b = await owner(page);
    assert.notEqual(a, b);
    await page.locator('.sync-badge[data-pending="0"]').waitFor();
    assert.deepEqual(await outbox(page, b), [], 'B\'s outbox is empty');
    assert.equal((await outbox(page, a)).length, 1, 'A\'s work stays on the phone');
    // B is not registered on this phone: B's sync panel says so (A's approval is A's).
    await page.locator('.sync-panel .sync-unregistered', { hasText: '本机未注册' }).waitFor();
    // B's sign-in started B's sync (of B's empty outbox); give it time to do anything it would.
    await page.waitForTimeout(1500);
    assert.equal((await records(t)).length, 0, 'B\'s session sent nothing of A\'s');
    // What A's session kept for offline use is not B's either.
    const bKeeps = await page.evaluate((b) => new Promise((resolve) => {
      const r = indexedDB.open(`huanjian-field:${b}`, 1);
      r.onsuccess = () => { const q = r.result.transaction('cache').objectStore('cache').getAllKeys(); q.onsuccess = () => resolve(q.result); };
    }), b);
    assert.ok(!bKeeps.some((k) => String(k).includes(t.id) && String(k).startsWith('draft:')), 'no draft of A\'s in B\'s store');
    await page.screenshot({ path: `${ARTIFACTS}shared-pda-b-pda.png` });
    await signOut(page);

    // A again: the work syncs in A's session.
    await signIn(page, { bureau: '埇桥区', username: 'insp11' });
    let arrived = [];
    for (let i = 0; i < 60 && arrived.length === 0; i++) {
      await page.waitForTimeout(500);
      arrived = await records(t);
    }
    await page.locator('.sync-badge[data-pending="0"]', { hasText: '已同步' }).waitFor();
    assert.deepEqual(arrived.map((r) => r.id), [work.id], 'A\'s record arrived, once');
    assert.deepEqual(await outbox(page, a), []);
  } finally {
    await phone.close();
  }
});

test('a refused op does not hold back the next ones, and nothing leaves the outbox unseen', async () => {
  const t = await task('拒收测试');
  const phone = await launch(PDA);
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    await signIn(page, { bureau: '埇桥区', username: 'insp11' });
    await page.locator('.home-field').waitFor();
    await registerAndApprove(page, BUREAU);
    await page.locator('.home-field .tasks-card .task-rows').waitFor();
    const a = await owner(page);

    await phone.setOffline(true);
    await page.locator('.net.offline').waitFor();
    // First an op the server will never take (its text is over the limit, so the whole batch
    // is refused), then a good one, then an entry that can no longer be read.
    const bad = t.op('超'.repeat(20_001));
    const good = t.op('乙的现场笔录：危险废物贮存间标识齐全。');
    await queue(page, [bad.json, good.json, '{"entry":"op","id":']);
    await page.reload();
    await page.locator('.sync-badge[data-pending="3"]').waitFor();
    await phone.setOffline(false);

    // The good op arrives although the one before it is refused.
    await page.locator('.sync-badge[data-pending="1"]').waitFor({ timeout: 30_000 });
    assert.deepEqual((await records(t)).map((r) => r.id), [good.id]);
    // The refusal is kept where the inspector sees it, with the op itself.
    const refused = page.locator('.sync-panel [role=alert]', { hasText: '未被接受' });
    await refused.waitFor();
    assert.match(await refused.textContent(), /20000/);
    const problems = await page.evaluate((a) => new Promise((resolve) => {
      const r = indexedDB.open(`huanjian-field:${a}`, 1);
      r.onsuccess = () => { const q = r.result.transaction('problems').objectStore('problems').getAll(); q.onsuccess = () => resolve(q.result.map((p) => JSON.parse(p.json))); };
    }), a);
    assert.equal(problems.length, 1);
    assert.equal(JSON.parse(problems[0].entry).body.record.id, bad.id, 'the refused op is kept whole');
    // The unreadable entry is still there, reported, and never sent.
    await page.locator('.sync-panel .unreadable', { hasText: '1条待同步记录无法读取' }).waitFor();
    assert.deepEqual(await outbox(page, a), ['{"entry":"op","id":']);
    await page.locator('.sync-panel').screenshot({ path: `${ARTIFACTS}outbox-refused-pda.png` });
  } finally {
    await phone.close();
  }
});
