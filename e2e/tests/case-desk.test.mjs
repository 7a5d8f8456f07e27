// Cases at a desk, besides the chain from an inspection: an officer registers a case from a
// transfer on the enterprise's dossier (the source and its letter required and shown), and the
// leader decides the follow-up of a 复查 that found the violation continuing (责令限制生产、停产
// 整治, a numbered decision in the same case). Desk 1440×900 with the follow-up form also at
// 360×740; screenshots in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, api, token, DESK, PDA, ARTIFACTS } from '../browser.mjs';

const B = 341302;

test('a transfer registered at the desk, and the follow-up of a 复查 decided in the same case', async () => {
  const server = await startServer();
  const base = server.base;
  const errors = [];
  const contexts = [];
  const open = async (device, user) => {
    const ctx = await launch(device, 'zh-CN', { baseURL: base });
    contexts.push(ctx);
    const page = ctx.pages()[0] ?? await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${user}: ${e.message}`));
    await signIn(page, { bureau: '埇桥区', username: user });
    await page.waitForURL((u) => u.pathname === '/');
    return page;
  };
  const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}case-desk-${name}.png` });
  try {
    const insp = await token(B, 'insp11', { base });
    const leader = await token(B, 'leader', { base });
    const enterprise = (await api(`/api/enterprises?division=${B}&limit=3`, { token: insp, base })).items[1];

    // The officer, on the dossier: 交办移送 needs the transferring body and its letter.
    let page = await open(DESK, 'insp11');
    await page.goto(`/e/${enterprise.bureau_id}/${enterprise.id}`);
    await page.locator('[data-test=desk-file-case-open]').click({ timeout: 20000 });
    await page.locator('[data-test=nc-source]').selectOption('transfer');
    await page.locator('[data-test=nc-cause]').fill('未按规定设置大气污染物排放口');
    await page.locator('[data-test=nc-provisions]').fill('《中华人民共和国大气污染防治法》第二十条');
    await page.locator('[data-test=nc-summary]').fill('区公安分局在巡查中发现该公司私设排放口，移送我局处理。');
    await page.locator('[data-test=nc-officer]').nth(1).check();
    await page.locator('[data-test=new-case-submit]').click();
    assert.match(await page.locator('[data-test=new-case-error]').innerText(), /移送单位及文号/);
    const letter = '宿州市公安局埇桥分局 埇公移〔2026〕5号';
    await page.locator('[data-test=nc-source-ref]').fill(letter);
    await page.locator('[data-test=desk-file-case]').scrollIntoViewIfNeeded();
    await shot(page, '1-register');
    await page.locator('[data-test=new-case-submit]').click();
    await page.locator('[data-test=new-case-link]').click();
    await page.locator('[data-test=case-head][data-state=proposed]').waitFor();
    assert.equal(await page.locator('[data-test=case-source-ref]').innerText(), `交办移送（${letter}）`);
    const [, , bureau, id] = new URL(page.url()).pathname.split('/');
    const caseApi = `/api/cases/${bureau}/${id}`;

    // Filed, ordered to correct, re-inspected: not corrected (API; the pages are tested elsewhere).
    let v = await api(`${caseApi}/steps`, { token: leader, base, body: { revision: 1, action: 'approve', opinion: '同意立案' } });
    const squad = await api('/api/org/squad', { token: insp, base });
    const today = new Date().toISOString().slice(0, 10);
    const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    v = await api(`${caseApi}/corrections`, { token: insp, base, body: {
      revision: v.revision, ordered_on: today, deadline, requirement: '立即封堵私设排放口',
      inspector_ids: squad.filter((m) => m.certificate_no).slice(0, 2).map((m) => m.id),
    } });
    const rect = v.rectifications[0].id;
    v = await api(`${caseApi}/corrections/${rect}/result`, { token: insp, base, body: {
      revision: v.revision, found_on: today, outcome: 'restrict_production', note: '排放口仍在使用',
    } });
    assert.equal(v.rectifications[0].follow_up, null);

    // The leader decides the restriction through the form on the case page.
    page = await open(PDA, 'leader');
    await page.goto(`/cases/${bureau}/${id}`);
    await page.locator('[data-test=follow-up-open]').click({ timeout: 20000 });
    await page.locator(`[data-test=follow-up-form-${rect}]`).scrollIntoViewIfNeeded();
    await shot(page, '2-follow-up-pda');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 360');
    page = await open(DESK, 'leader');
    await page.goto(`/cases/${bureau}/${id}`);
    await page.locator('[data-test=follow-up-open]').click({ timeout: 20000 });
    const form = page.locator(`[data-test=follow-up-form-${rect}]`);
    await form.locator('[data-test=follow-up-submit]').click();
    assert.match(await form.locator('[data-test=step-error]').innerText(), /整治要求/);
    await form.locator('[data-test=follow-up-months]').selectOption('2');
    await form.locator('[data-test=follow-up-note]').fill('封堵私设排放口，完成整改后报我局核查');
    await form.scrollIntoViewIfNeeded();
    await shot(page, '3-follow-up-desk');
    await form.locator('[data-test=follow-up-submit]').click();
    const decided = page.locator('[data-test=rect-follow-up]');
    await decided.waitFor();
    assert.match(await decided.innerText(), /宿埇环限〔\d{4}〕1号.*2个月/);
    await decided.scrollIntoViewIfNeeded();
    await shot(page, '4-follow-up-decided');
    const done = await api(caseApi, { token: insp, base });
    assert.equal(done.rectifications[0].follow_up.months, 2);
    assert.ok(done.documents.some((d) => d.kind === 'restriction_decision' && d.number === done.rectifications[0].follow_up.number));
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    server.stop();
  }
});
