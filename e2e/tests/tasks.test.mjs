// The on-site inspection on phones, offline: the squad leader assigns from the dossier; the
// inspector opens the task, loses the network, fills the checklist item by item, takes a
// photo, signs the record with a colleague, records the party's refusal and submits; reloads
// still offline and finds everything; back online the work syncs and the squad leader sees
// the photo with its hash verified by the server, and accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launch, signIn, registerAndApprove, PDA, DESK, ARTIFACTS } from '../browser.mjs';

async function sign(page, pad) {
  const canvas = pad.locator('canvas');
  await canvas.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(box.x + 20 + i * 20, box.y + box.height / 2 + (i % 2 ? -25 : 25));
  }
  await page.mouse.up();
  await pad.getByRole('button', { name: '确认签名' }).click();
}

test('an inspection made offline reaches the squad leader with its photo hash verified', async () => {
  const leaderPhone = await launch(PDA);
  const inspectorPhone = await launch(PDA);
  const desk = await launch(DESK);
  try {
    const leader = leaderPhone.pages()[0] ?? await leaderPhone.newPage();
    await signIn(leader, { bureau: '埇桥区', username: 'squad1' });
    await leader.locator('.home-field').waitFor();
    await leader.getByRole('link', { name: '污染源' }).click();
    const card = leader.locator('.ent-card').first();
    const name = (await card.locator('.ent-name').textContent()).trim();
    await card.locator('a').click();
    await leader.locator('.dossier-head h1', { hasText: name }).waitFor();
    await leader.getByRole('button', { name: '派发检查任务' }).click();
    await leader.locator('.assign-form input[type=checkbox]').first().check();
    await leader.getByRole('button', { name: '派发', exact: true }).click();
    await leader.locator('.form-error', { hasText: '至少选择两人' }).waitFor();
    await leader.locator('.assign-form input[type=checkbox]').nth(1).check();
    await leader.getByRole('button', { name: '派发', exact: true }).click();
    await leader.locator('.ok-box', { hasText: '检查任务已派发' }).waitFor();

    // The inspector opens the task while online: it is kept on the device.
    await inspectorPhone.grantPermissions(['geolocation']);
    await inspectorPhone.setGeolocation({ latitude: 33.6412, longitude: 116.9653, accuracy: 12 });
    const insp = inspectorPhone.pages()[0] ?? await inspectorPhone.newPage();
    await signIn(insp, { bureau: '埇桥区', username: 'insp11' });
    // A phone syncs only once registered and approved (the sync panel leads there).
    await insp.locator('.sync-panel .sync-unregistered a[href="/device"]', { hasText: '注册本机' }).waitFor();
    await registerAndApprove(insp, 341302);
    await insp.locator('.sync-panel .sync-line:not(.sync-unregistered)').waitFor();
    const mine = insp.locator('.tasks-card li', { hasText: name }).first();
    await mine.locator('.task-assigned').waitFor();
    await insp.screenshot({ path: `${ARTIFACTS}home-tasks-pda.png` });
    await mine.locator('a').click();
    await insp.locator('.workspace .guided').waitFor();
    // Every page and the open tasks' data are on the phone (kept in the background).
    await insp.locator('html[data-offline="ready"]').waitFor();

    // No signal from here on.
    await inspectorPhone.setOffline(true);
    await insp.locator('.net.offline').waitFor();
    await insp.getByRole('button', { name: '开始检查' }).click();
    await insp.locator('.task-head .task-in_progress').waitFor();

    // Guided mode: item by item.
    const photo = await insp.screenshot();
    const photoHash = createHash('sha256').update(photo).digest('hex');
    const total = Number((await insp.locator('.progress-line').textContent()).match(/\/(\d+)/)[1]);
    assert.ok(total >= 6, 'the checklist has its items');
    for (let i = 0; i < total; i++) {
      await insp.locator('.progress-line', { hasText: `第 ${i + 1}/${total}` }).waitFor();
      const g = insp.locator('.guided');
      if (await g.locator('.choices').count()) {
        await g.locator('.choice', { hasText: /^否$/ }).click();
        await g.locator('.choice.on').waitFor();
      } else if (await g.locator('.numeric input').count()) {
        await g.locator('.numeric input').fill('3.5');
        await g.locator('.numeric input').press('Tab');
      } else if (await g.locator('input[type=file][data-item]').count()) {
        await g.locator('input[type=file][data-item]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: photo });
        await g.locator('.muted', { hasText: '已附照片 1' }).waitFor();
      } else {
        await g.locator('textarea').first().fill('现场情况正常');
        await g.locator('textarea').first().press('Tab');
      }
      if (i === 0) await insp.screenshot({ path: `${ARTIFACTS}guided-pda.png` });
      if (i + 1 < total) await insp.getByRole('button', { name: '下一项' }).click();
    }
    await insp.locator('.item-dots .dot:not(.done):not(.problem)').first().waitFor({ state: 'detached' });
    await insp.screenshot({ path: `${ARTIFACTS}guided-done-pda.png`, fullPage: true });

    // One more photo under 证据, then the record.
    await insp.getByRole('tab', { name: '证据' }).click();
    await insp.locator('.evidence input[type=file][capture]').setInputFiles({ name: '排污口.png', mimeType: 'image/png', buffer: photo });
    await insp.locator('.evidence-list li').nth(1).waitFor();
    assert.match(await insp.locator('.evidence-list').textContent(), /待上传/);
    assert.match(await insp.locator('.evidence-list').textContent(), /33\.64120, 116\.96530/);
    await insp.screenshot({ path: `${ARTIFACTS}evidence-pda.png` });
    await insp.getByRole('tab', { name: '笔录' }).click();
    await insp.getByRole('button', { name: '制作现场检查笔录' }).click();
    await insp.locator('.record-editor').waitFor();
    assert.match(await insp.locator('.record-editor textarea').first().inputValue(), /发现以下问题|未发现/);
    await insp.locator('.record-editor label', { hasText: '现场负责人' }).locator('input').fill('王建国');
    await insp.locator('.record-editor label', { hasText: '现场负责人' }).locator('input').press('Tab');
    await insp.getByRole('button', { name: '当事人拒绝签字' }).click();
    for (let k = 0; k < 2; k++) await sign(insp, insp.locator('.sign-row .signature-pad').first());
    await insp.locator('.sign-row .chip.ok').nth(1).waitFor();
    assert.equal(await insp.locator('.sign-row .signature-pad').count(), 0, 'both inspectors signed');
    await insp.screenshot({ path: `${ARTIFACTS}record-pda.png`, fullPage: true });
    await insp.getByRole('button', { name: '提交检查结果' }).click();
    await insp.locator('.task-head .task-submitted').waitFor();
    const pending = Number(await insp.locator('.sync-badge').getAttribute('data-pending'));
    assert.ok(pending >= 5, `work waits in the outbox (${pending})`);

    // Reload, still offline: everything is still there.
    await insp.reload();
    await insp.locator('.task-head .task-submitted').waitFor();
    await insp.locator('.review .evidence-list li').nth(1).waitFor();
    assert.equal(Number(await insp.locator('.sync-badge').getAttribute('data-pending')), pending);
    await insp.locator('.record-view .signatures img').nth(1).waitFor();
    await insp.screenshot({ path: `${ARTIFACTS}offline-reload-pda.png`, fullPage: true });
    // The dossier was kept on the device too.
    await insp.getByRole('link', { name: '企业档案' }).click();
    await insp.locator('.dossier-head h1', { hasText: name }).waitFor();
    await insp.waitForFunction(() => document.querySelectorAll('.map-small .leaflet-overlay-pane path').length >= 1);
    await insp.goBack();
    // So were the sites of the jurisdiction, with the county's outline.
    await insp.getByRole('link', { name: '地图' }).click();
    await insp.locator('.map-full .cluster, .map-full .leaflet-marker-icon').first().waitFor();
    await insp.waitForFunction(() => document.querySelectorAll('.map-full .leaflet-overlay-pane path').length >= 1);
    await insp.screenshot({ path: `${ARTIFACTS}map-offline-pda.png` });
    await insp.goBack();
    await insp.locator('.task-head .task-submitted').waitFor();

    // The network returns: the outbox drains by itself.
    await inspectorPhone.setOffline(false);
    await insp.locator('.sync-badge', { hasText: '已同步' }).waitFor({ timeout: 60_000 });

    // The squad leader reviews at a desk.
    const review = desk.pages()[0] ?? await desk.newPage();
    await signIn(review, { bureau: '埇桥区', username: 'squad1' });
    const waiting = review.locator('.tasks-card li', { hasText: name }).first();
    await waiting.locator('.task-submitted').waitFor();
    await waiting.locator('a').click();
    const verified = review.locator('.review .evidence-list li', { hasText: '排污口.png' });
    await verified.locator('.chip.ok', { hasText: '服务器复核一致' }).waitFor();
    assert.match(await verified.locator('.hash').textContent(), new RegExp(photoHash));
    await verified.locator('img.thumb').waitFor();
    await review.locator('.review-items li.problem').first().waitFor();
    await review.locator('.record-view .signatures img').nth(1).waitFor();
    assert.match(await review.locator('.record-view').first().textContent(), /拒绝签字/);
    await review.screenshot({ path: `${ARTIFACTS}review-desk.png`, fullPage: true });
    const download = review.waitForEvent('download');
    await review.getByRole('button', { name: '下载PDF' }).first().click();
    const pdf = await download;
    assert.match(pdf.suggestedFilename(), /现场检查.*\.pdf$/);
    await pdf.saveAs(`${ARTIFACTS}record-e2e.pdf`);
    await review.getByRole('button', { name: '审核通过' }).click();
    await review.locator('.task-head .task-reviewed').waitFor();
  } finally {
    await leaderPhone.close();
    await inspectorPhone.close();
    await desk.close();
  }
});
