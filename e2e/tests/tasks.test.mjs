// Inspection tasks on phones: the squad leader assigns from the dossier, the inspector finds
// it under 我的任务 and works it, the squad leader reviews it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, PDA, ARTIFACTS } from '../browser.mjs';

test('squad leader assigns, inspector starts and submits, squad leader accepts', async () => {
  const leaderPhone = await launch(PDA);
  const inspectorPhone = await launch(PDA);
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
    // One inspector is not enough.
    await leader.locator('.assign-form input[type=checkbox]').first().check();
    await leader.getByRole('button', { name: '派发', exact: true }).click();
    await leader.locator('.form-error', { hasText: '至少选择两人' }).waitFor();
    for (const box of await leader.locator('.assign-form input[type=checkbox]').all()) await box.check();
    await leader.getByRole('button', { name: '派发', exact: true }).click();
    await leader.locator('.ok-box', { hasText: '检查任务已派发' }).waitFor();

    const inspector = inspectorPhone.pages()[0] ?? await inspectorPhone.newPage();
    await signIn(inspector, { bureau: '埇桥区', username: 'insp11' });
    const mine = inspector.locator('.tasks-card li', { hasText: name }).first();
    await mine.waitFor();
    await mine.locator('.task-assigned').waitFor();
    await inspector.screenshot({ path: `${ARTIFACTS}home-tasks-pda.png` });
    await mine.locator('a').click();
    await inspector.locator('.checklist h2', { hasText: '检查表' }).waitFor();
    assert.ok(await inspector.locator('.checklist .items li').count() >= 6, 'the checklist has its items');
    await inspector.getByRole('button', { name: '开始检查' }).click();
    await inspector.locator('.task-head .task-in_progress').waitFor();
    await inspector.getByRole('button', { name: '提交' }).click();
    await inspector.locator('.task-head .task-submitted').waitFor();
    assert.equal(await inspector.getByRole('button', { name: '审核通过' }).count(), 0, 'inspectors do not review');
    assert.match(await inspector.locator('.facts').textContent(), /\d{4}年\d{1,2}月\d{1,2}日/);
    await inspector.screenshot({ path: `${ARTIFACTS}task-pda.png` });

    await leader.goto('/');
    const waiting = leader.locator('.tasks-card li', { hasText: name }).first();
    await waiting.locator('.task-submitted').waitFor();
    await waiting.locator('a').click();
    await leader.getByRole('button', { name: '审核通过' }).click();
    await leader.locator('.task-head .task-reviewed').waitFor();
    assert.equal(await leader.locator('.task-page .timeline li').count(), 4, 'assigned, started, submitted, reviewed');
    await leader.getByRole('link', { name: '企业档案' }).click();
    await leader.locator('.timeline li', { hasText: '现场检查（审核通过）' }).waitFor();
  } finally {
    await leaderPhone.close();
    await inspectorPhone.close();
  }
});
