// Identity: one login page for every bureau, different homes per role, admin pages refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, PDA, DESK, ARTIFACTS } from '../browser.mjs';

test('county inspector and city leader: same login page, different homes; admin pages refused', async () => {
  const phone = await launch(PDA);
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    await signIn(page, { bureau: '砀山县', username: 'insp11' });
    await page.locator('.home-field').waitFor();
    await page.getByRole('heading', { name: '我的执法' }).waitFor();
    assert.match(await page.locator('.field-card').innerText(), /砀山县第一执法中队/);
    assert.equal(await page.locator('.switcher').count(), 0, 'no county switcher for an inspector');
    const nav = await page.locator('.mainnav').innerText();
    assert.doesNotMatch(nav, /用户管理|审计日志/, 'admin pages are not in an inspector\'s navigation');
    await page.screenshot({ path: `${ARTIFACTS}home-inspector-pda.png` });
    // Typed by URL, the admin pages refuse politely.
    for (const url of ['/admin/users', '/admin/audit']) {
      await page.goto(url);
      await page.getByRole('heading', { name: '无权访问此页面' }).waitFor();
      assert.equal(await page.locator('table.list').count(), 0);
    }
    await page.screenshot({ path: `${ARTIFACTS}refused-pda.png` });
    assert.equal(await page.locator('.squad-card').count(), 0);

    // The squad leader of the same squad gets the squad's officers on the home screen.
    await page.goto('/');
    await page.getByRole('button', { name: '退出' }).click();
    await page.waitForURL('**/login');
    await signIn(page, { bureau: '砀山县', username: 'squad1' });
    await page.locator('.squad-card tbody tr').nth(4).waitFor();
    assert.equal(await page.locator('.squad-card tbody tr').count(), 5, 'squad leader and four inspectors');
    await page.screenshot({ path: `${ARTIFACTS}home-squad-leader-pda.png`, fullPage: true });
  } finally {
    await phone.close();
  }

  const desk = await launch(DESK);
  try {
    const page = desk.pages()[0] ?? await desk.newPage();
    await signIn(page, { bureau: '宿州市生态环境局', username: 'leader' });
    await page.locator('.home-leader').waitFor();
    await page.locator('.switcher select').waitFor();
    await page.locator('.units tbody tr').nth(5).waitFor();
    assert.equal(await page.locator('.units tbody tr').count(), 6, 'city and five counties');
    // The county switcher narrows the roll-up to one county.
    await page.locator('.switcher select').selectOption({ label: '宿州市砀山县生态环境分局' });
    await page.locator('.overview-root', { hasText: '宿州市砀山县生态环境分局' }).waitFor();
    assert.equal(await page.locator('.units').count(), 0);
    assert.match(await page.locator('.mainnav').innerText(), /审计日志/);
    assert.doesNotMatch(await page.locator('.mainnav').innerText(), /用户管理/);
    await page.screenshot({ path: `${ARTIFACTS}home-city-leader-desktop.png` });
  } finally {
    await desk.close();
  }
});

test('admin creates a user, who must change the one-time password at first sign-in', async () => {
  const desk = await launch(DESK);
  let temp;
  try {
    const page = desk.pages()[0] ?? await desk.newPage();
    await signIn(page, { bureau: '泗县', username: 'admin' });
    await page.locator('.home-admin').waitFor();
    await page.getByRole('link', { name: /用户管理/ }).first().click();
    await page.locator('table.list tbody tr').first().waitFor();
    await page.getByRole('button', { name: '新增用户' }).click();
    await page.locator('#nu-squad').selectOption({ label: '泗县第一执法中队' });
    await page.locator('#nu-username').fill('zhangmin');
    await page.locator('#nu-name').fill('张敏');
    await page.locator('#nu-cert').fill('皖3413249001');
    await page.getByRole('button', { name: '创建并生成临时密码' }).click();
    const box = page.locator('.temp-password');
    await box.waitFor();
    temp = (await box.locator('code').innerText()).trim();
    assert.match(temp, /^[A-Za-z0-9]{12}$/);
    await page.screenshot({ path: `${ARTIFACTS}users-desktop.png` });
    await page.getByRole('link', { name: /审计日志/ }).click();
    await page.locator('table.list tbody tr', { hasText: '新增用户' }).first().waitFor();
    await page.getByRole('button', { name: '校验完整性' }).click();
    await page.locator('.ok-box', { hasText: '审计链完整' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}audit-desktop.png` });
  } finally {
    await desk.close();
  }

  const phone = await launch(PDA);
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    await signIn(page, { bureau: '泗县', username: 'zhangmin', password: temp });
    await page.waitForURL('**/password');
    await page.getByRole('heading', { name: '修改密码' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}password-pda.png` });
    await page.locator('#current-password').fill(temp);
    await page.locator('#new-password').fill('Zhangmin2026');
    await page.locator('#repeat-password').fill('Zhangmin2026');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('.home-field').waitFor();
    assert.match(await page.locator('.field-card').innerText(), /皖3413249001/);
  } finally {
    await phone.close();
  }
});
