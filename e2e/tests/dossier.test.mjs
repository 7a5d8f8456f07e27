// The dossier on a phone: search in Chinese, open a dossier, see its map and a QR code that
// encodes the dossier's URL and opens it; the map page clusters the jurisdiction by risk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { launch, signIn, PDA, DESK, ARTIFACTS } from '../browser.mjs';

const require = createRequire(import.meta.url);
// Evaluated from the test, not added as a <script>: the app's CSP allows no inline script.
const JSQR = readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');

/** Decodes the QR code drawn as SVG inside `selector`, in the page, with jsQR. */
async function decodeQr(page, selector) {
  await page.evaluate(JSQR);
  return page.evaluate(async (sel) => {
    const svg = document.querySelector(`${sel} svg`);
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 400; canvas.height = 400;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 400, 400);
    ctx.drawImage(img, 0, 0, 400, 400);
    const data = ctx.getImageData(0, 0, 400, 400);
    return window.jsQR(data.data, 400, 400)?.data ?? null;
  }, selector);
}

test('inspector searches in Chinese, opens a dossier with its map and QR code', async () => {
  const phone = await launch(PDA);
  try {
    const page = phone.pages()[0] ?? await phone.newPage();
    await signIn(page, { bureau: '灵璧县', username: 'insp11' });
    await page.locator('.home-field').waitFor();
    await page.getByRole('link', { name: '污染源' }).click();
    await page.locator('.ent-card').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}enterprises-pda.png` });

    // Take a piece from the middle of the third enterprise's name and search for it.
    const name = (await page.locator('.ent-card .ent-name').nth(2).textContent()).trim();
    const chars = [...name];
    const piece = chars.slice(3, 6).join('');
    await page.locator('input.search').fill(piece);
    await page.waitForFunction(
      (p) => {
        const names = [...document.querySelectorAll('.ent-card')].map((c) => c.textContent);
        return names.length > 0 && names.every((n) => n.includes(p));
      },
      piece,
    );
    const card = page.locator('.ent-card', { hasText: name }).first();
    await card.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}enterprises-search-pda.png` });
    await card.locator('a').click();

    // The dossier: header, risk, QR, sections, map over the county outlines.
    await page.locator('.dossier-head h1', { hasText: name }).waitFor();
    assert.match(await page.locator('.dossier-head .code strong').textContent(), /^[0-9A-HJ-NPQRTUWXY]{18}$/);
    await page.locator('.dossier-head .risk').waitFor();
    for (const h of ['风险因素', '基本信息', '排污许可', '建设项目', '监测点位', '位置', '档案时间轴']) {
      await page.getByRole('heading', { name: h }).waitFor();
    }
    await page.locator('.timeline li').first().waitFor();
    assert.match(await page.locator('.timeline time').first().textContent(), /^\d{4}年\d{1,2}月\d{1,2}日$/);
    await page.screenshot({ path: `${ARTIFACTS}dossier-pda.png` });

    const map = page.locator('.map-small');
    await map.scrollIntoViewIfNeeded();
    await page.locator('.map-small.leaflet-container').waitFor();
    // The county's own outline (a county user sees only its jurisdiction) and the enterprise's
    // marker are drawn without any tile server.
    await page.waitForFunction(() => document.querySelectorAll('.map-small .leaflet-overlay-pane path').length >= 2);
    assert.equal(await map.locator('.leaflet-tile').count(), 0, 'no tiles configured, none requested');
    await page.screenshot({ path: `${ARTIFACTS}dossier-map-pda.png` });

    // The QR code encodes this dossier's URL, and that URL opens the dossier.
    const url = await decodeQr(page, '.qr-code');
    assert.equal(url, page.url());
    const scanned = await phone.newPage();
    await scanned.goto(url);
    await scanned.locator('.dossier-head h1', { hasText: name }).waitFor();
    await scanned.close();

    // Standing at the enterprise: 附近 lists it first, 0 m away.
    const [lng, lat] = (await page.locator('.dossier-page .card p.mono').first().textContent())
      .split('(')[0].split(',').map((x) => Number(x.trim()));
    await phone.grantPermissions(['geolocation']);
    await phone.setGeolocation({ latitude: lat, longitude: lng, accuracy: 10 });
    await page.getByRole('link', { name: '污染源', exact: true }).click();
    await page.getByRole('button', { name: '附近' }).click();
    const first = page.locator('.nearby .near-item').first();
    await first.locator('.ent-name', { hasText: name }).waitFor();
    assert.equal((await first.locator('.distance').textContent()).trim(), '0 米');
    await page.screenshot({ path: `${ARTIFACTS}nearby-pda.png` });
  } finally {
    await phone.close();
  }
});

test('leader sees the jurisdiction on a clustered map coloured by risk', async () => {
  const desk = await launch(DESK);
  try {
    const page = desk.pages()[0] ?? await desk.newPage();
    await signIn(page, { bureau: '宿州市生态环境局', username: 'leader' });
    await page.locator('.greeting').waitFor();
    await page.getByRole('link', { name: '地图' }).first().click();
    await page.locator('.map-full .cluster').first().waitFor();
    const count = Number((await page.locator('.legend .count').textContent()).replace(/\D/g, ''));
    assert.ok(count >= 1000, `the city's enterprises are on the map (${count})`);
    assert.ok(await page.locator('.map-full .cluster-red').count() > 0, 'clusters holding a red source are red');
    await page.waitForFunction(() => document.querySelectorAll('.map-full .leaflet-overlay-pane path').length >= 5);
    await page.screenshot({ path: `${ARTIFACTS}map-desktop.png` });

    await page.getByRole('link', { name: '污染源' }).first().click();
    // The list's code loads on demand: the map (with a filter bar of its own) stays until then.
    await page.locator('.enterprises-page select[name=risk]').selectOption('red');
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('.ent-card')];
      return cards.length > 0 && cards.every((c) => c.querySelector('.risk-red'));
    });
    await page.screenshot({ path: `${ARTIFACTS}enterprises-desktop.png` });
    await page.locator('.ent-card a').first().click();
    await page.locator('.dossier-head').waitFor();
    await page.locator('.reasons li').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}dossier-desktop.png`, fullPage: true });
  } finally {
    await desk.close();
  }
});

/** A GB 32100 code from its first 17 characters. */
function creditCode(first17) {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + A.indexOf(c) * W[i], 0);
  return first17 + A[(31 - (sum % 31)) % 31];
}

test('admin imports enterprises: problems by row and column first, then the clean file', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'hj-import-'));
  const header = '企业名称,统一社会信用代码,法定代表人,详细地址,行政区划代码,经度,纬度,行业代码,企业规模,联系人,联系电话,生产状态,标签';
  const code = creditCode('91341323MA8E2E001');
  const row = (c, lng) => `灵璧县导入测试化工有限公司,${c},赵明,安徽省宿州市灵璧县灵城镇测试路9号,341323,${lng},33.54,C2614,小型,钱进,13800000000,正常生产,涉水`;
  const bad = join(dir, 'bad.csv');
  const good = join(dir, 'good.csv');
  writeFileSync(bad, `${header}\n${row(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'), 17.5)}\n`);
  writeFileSync(good, `${header}\n${row(code, 117.5)}\n`);

  const desk = await launch(DESK);
  try {
    const page = desk.pages()[0] ?? await desk.newPage();
    await signIn(page, { bureau: '灵璧县', username: 'admin' });
    await page.locator('.greeting').waitFor();
    await page.goto('/enterprises');
    await page.getByRole('link', { name: '批量导入' }).click();
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.locator('.import-report h2', { hasText: '文件有问题，未导入' }).waitFor();
    const rows = await page.locator('table.issues tbody tr').allTextContents();
    assert.ok(rows.some((r) => r.startsWith('2统一社会信用代码') && r.includes('校验位')), rows.join(' | '));
    assert.ok(rows.some((r) => r.startsWith('2经度')), rows.join(' | '));
    assert.equal(await page.getByRole('button', { name: '确认导入' }).count(), 0, 'nothing to confirm');
    await page.screenshot({ path: `${ARTIFACTS}import-problems-desktop.png` });

    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.locator('.import-report h2', { hasText: '检查通过' }).waitFor();
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.locator('.import-report h2', { hasText: '导入完成' }).waitFor();
    await page.goto('/enterprises');
    await page.locator('input.search').fill(code);
    await page.locator('.ent-card', { hasText: '灵璧县导入测试化工有限公司' }).waitFor();

    // A construction project under way passes completion acceptance and becomes a source.
    await page.getByRole('link', { name: '建设项目' }).click();
    const pending = page.locator('li.project', { has: page.locator('.chip.stage-approved') }).first();
    const project = (await pending.locator('strong').first().textContent()).trim();
    await pending.getByRole('button', { name: '竣工验收' }).click();
    await page.locator('.ok-box', { hasText: '已纳入污染源管理' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}projects-desktop.png` });
    await page.locator('.ok-box a', { hasText: '查看档案' }).click();
    await page.locator('.timeline li', { hasText: `竣工环境保护验收：${project}` }).waitFor();
    await page.getByRole('heading', { name: '建设项目' }).waitFor();
    await page.locator('.rows li', { hasText: project }).waitFor();
  } finally {
    await desk.close();
  }
});
