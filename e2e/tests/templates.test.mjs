// Checklist templates: a province administrator edits one and saves it as a new version; a
// city administrator may only read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, DESK, ARTIFACTS } from '../browser.mjs';

test('a province administrator saves a template as its next version', async () => {
  const ctx = await launch(DESK);
  try {
    const page = ctx.pages()[0] ?? await ctx.newPage();
    await signIn(page, { bureau: '安徽省生态环境厅', username: 'admin' });
    await page.getByRole('link', { name: '检查表模板' }).click();
    const row = page.locator('.template-row', { hasText: '污水处理厂' });
    const before = Number((await row.locator('.chip').textContent()).match(/\d+/)[0]);
    await row.getByRole('button', { name: '编辑' }).click();
    const first = page.locator('.item-edit textarea').first();
    await first.fill('进水、出水在线监测设备是否正常运行并联网（修订）');
    await first.press('Tab');
    await page.getByRole('button', { name: '＋ 检查项' }).first().click();
    await page.getByRole('button', { name: '保存为新版本' }).click();
    // A new item without text is refused, in Chinese.
    await page.locator('.form-error', { hasText: '没有内容' }).waitFor();
    const added = page.locator('.item-edit').filter({ hasText: /wastewater_plant-\d+/ }).locator('textarea');
    await added.fill('是否按规定开展自行监测并公开监测信息');
    await added.press('Tab');
    await page.screenshot({ path: `${ARTIFACTS}template-edit-desk.png`, fullPage: true });
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.locator('.ok-box', { hasText: `已保存为第${before + 1}版` }).waitFor();
    await page.locator('.template-row', { hasText: '污水处理厂' }).locator('.chip', { hasText: `第${before + 1}版` }).waitFor();
  } finally {
    await ctx.close();
  }
  const city = await launch(DESK);
  try {
    const page = city.pages()[0] ?? await city.newPage();
    await signIn(page, { bureau: '宿州市生态环境局', username: 'admin' });
    await page.getByRole('link', { name: '检查表模板' }).click();
    await page.locator('.template-row').first().getByRole('button', { name: '查看' }).click();
    assert.equal(await page.getByRole('button', { name: '保存为新版本' }).count(), 0, 'read only below the province');
  } finally {
    await city.close();
  }
});
