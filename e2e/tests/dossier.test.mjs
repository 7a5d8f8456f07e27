// The dossier on a phone: search in Chinese, open a dossier, see its map and a QR code that
// encodes the dossier's URL and opens it; the map page clusters the jurisdiction by risk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, signIn, PDA, DESK, ARTIFACTS } from '../browser.mjs';

const require = createRequire(import.meta.url);
const JSQR = require.resolve('jsqr/dist/jsQR.js');

/** Decodes the QR code drawn as SVG inside `selector`, in the page, with jsQR. */
async function decodeQr(page, selector) {
  await page.addScriptTag({ path: JSQR });
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
    // Five county outlines and the enterprise's marker are drawn without any tile server.
    await page.waitForFunction(() => document.querySelectorAll('.map-small .leaflet-overlay-pane path').length >= 6);
    assert.equal(await map.locator('.leaflet-tile').count(), 0, 'no tiles configured, none requested');
    await page.screenshot({ path: `${ARTIFACTS}dossier-map-pda.png` });

    // The QR code encodes this dossier's URL, and that URL opens the dossier.
    const url = await decodeQr(page, '.qr-code');
    assert.equal(url, page.url());
    const scanned = await phone.newPage();
    await scanned.goto(url);
    await scanned.locator('.dossier-head h1', { hasText: name }).waitFor();
    await scanned.close();
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
    await page.locator('select[name=risk]').selectOption('red');
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
