// Device registration: the key is made in the browser, an admin approves, revoking cuts sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, PDA, DESK, ARTIFACTS } from '../browser.mjs';

test('inspector registers the PDA, admin approves and revokes, signed sync follows', async () => {
  const phone = await launch(PDA);
  const desk = await launch(DESK);
  try {
    const pda = phone.pages()[0] ?? await phone.newPage();
    await signIn(pda, { bureau: '灵璧县', username: 'insp11' });
    await pda.locator('.home-field').waitFor();
    await pda.getByRole('link', { name: '本机设备' }).click();
    await pda.getByRole('button', { name: '注册本设备' }).click();
    await pda.locator('.ok-box', { hasText: '已提交注册' }).waitFor();
    await pda.locator('.badge.pending', { hasText: '待审批' }).waitFor();
    // The private key cannot be read out of the browser.
    const extractable = await pda.evaluate(async () => {
      const db = await new Promise((res) => { const r = indexedDB.open('huanjian-device', 1); r.onsuccess = () => res(r.result); });
      // One key per user of this device: insp11's is the only one here.
      const recs = await new Promise((res) => { const q = db.transaction('keys').objectStore('keys').getAll(); q.onsuccess = () => res(q.result); });
      return recs.length === 1 ? recs[0].privateKey.extractable : `${recs.length} keys`;
    });
    assert.equal(extractable, false);
    await pda.getByRole('button', { name: '测试同步连接' }).click();
    await pda.locator('.form-error', { hasText: '本设备尚未获管理员批准' }).waitFor();

    const admin = desk.pages()[0] ?? await desk.newPage();
    await signIn(admin, { bureau: '灵璧县', username: 'admin' });
    await admin.getByRole('link', { name: '设备管理' }).first().click();
    // insp11 also has the demo's approved phone: this PDA is the row still waiting for approval.
    const rows = admin.locator('table.list tbody tr');
    await rows.filter({ hasText: 'insp11' }).filter({ has: admin.locator('.badge.pending') }).waitFor();
    const pending = await rows.evaluateAll((trs) =>
      trs.findIndex((tr) => tr.textContent.includes('insp11') && tr.querySelector('.badge.pending')));
    const mine = rows.nth(pending);
    await mine.getByRole('button', { name: '批准' }).click();
    await mine.locator('.badge.approved').waitFor();

    await pda.getByRole('button', { name: '测试同步连接' }).click();
    await pda.locator('.ok-box', { hasText: '同步连接正常' }).waitFor();
    await pda.screenshot({ path: `${ARTIFACTS}device-pda.png` });
    await admin.reload();
    await mine.locator('td').nth(4).filter({ hasText: '年' }).waitFor();
    await admin.screenshot({ path: `${ARTIFACTS}devices-desktop.png` });

    await mine.getByRole('button', { name: '停用' }).click();
    await mine.locator('.badge.revoked').waitFor();
    await pda.getByRole('button', { name: '测试同步连接' }).click();
    await pda.locator('.form-error', { hasText: '本设备已被停用' }).waitFor();
  } finally {
    await phone.close();
    await desk.close();
  }
});
