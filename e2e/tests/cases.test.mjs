// The enforcement chain through the app: an inspection with problems → 立案 proposed on the
// phone → approved by the leader → the report with the discretion computed in the browser →
// legal review → prior notice → rights waived → decision issued with its number → the leader
// issues a 更正 of the decision through the 更正文书 form (a new numbered document naming the
// original, which stays as issued; the form also opened at 360×740) → service → payment →
// closed → archived; the case file PDF downloads and lists every document. Runs on a server of
// its own (a fresh demo database), desk 1440×900 with the phone steps at 360×740; a screenshot
// of each step in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, signIn, startServer, api, token, DESK, PDA, ARTIFACTS } from '../browser.mjs';

const B = 341302;

/** The checklist items of an inspection whose answers are problems. */
function problems(v) {
  const f = v.findings;
  if (!f) return [];
  const items = v.template.sections.flatMap((s) => s.items);
  return items.filter((it) => {
    const a = f.answers.find((x) => x.code === it.code);
    if (!a) return false;
    if (it.kind === 'yes_no') return a.verdict === 'yes' ? it.expected === false : a.verdict === 'no' ? it.expected === true : false;
    if (it.kind === 'numeric') return a.value != null && it.limit != null && a.value > it.limit;
    return false;
  });
}

test('a case from an inspection\'s problems to an archived case file, through the app', async () => {
  const server = await startServer();
  const base = server.base;
  const errors = [];
  // Every browser opened, closed at the end even when a step fails (an open one keeps the
  // test process alive).
  const contexts = [];
  const open = async (device, user) => {
    const ctx = await launch(device, 'zh-CN', { baseURL: base });
    contexts.push(ctx);
    const page = ctx.pages()[0] ?? await ctx.newPage();
    page.on('pageerror', (e) => errors.push(`${user}: ${e.message}`));
    await signIn(page, { bureau: '埇桥区', username: user });
    await page.waitForURL((u) => u.pathname === '/');
    return { ctx, page };
  };
  const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}case-${name}.png` });
  try {
    // An inspection of insp11's with problems, from the demo's field work.
    const insp = await token(B, 'insp11', { base });
    const tasks = await api('/api/tasks/mine', { token: insp, base });
    let task = null;
    for (const t of tasks.filter((t) => ['submitted', 'reviewed'].includes(t.status))) {
      const v = await api(`/api/inspections/${t.bureau_id}/${t.id}`, { token: insp, base });
      if (problems(v).length) { task = t; break; }
    }
    assert.ok(task, 'the demo gives insp11 an inspection with problems');

    // Phone: 立案 from the inspection's problems.
    let s = await open(PDA, 'insp11');
    await s.page.goto(`/tasks/${task.bureau_id}/${task.id}`);
    await s.page.locator('[data-test=file-case]').click({ timeout: 20000 });
    await s.page.locator('[data-test=new-case-form]').waitFor();
    assert.notEqual(await s.page.locator('[data-test=nc-cause]').inputValue(), '', 'the cause is prefilled');
    await shot(s.page, '1-propose-pda');
    await s.page.locator('[data-test=new-case-submit]').click();
    await s.page.locator('[data-test=new-case-link]').click();
    await s.page.locator('[data-test=case-head][data-state=proposed]').waitFor();
    const url = new URL(s.page.url()).pathname;
    await s.ctx.close();

    // One step on the case page: open its form, fill it, send it, wait for the new state.
    const step = async (page, action, state, fill) => {
      await page.goto(url);
      await page.locator(`[data-test=case-action-${action}]`).click();
      const form = page.locator(`[data-test=step-form-${action}]`);
      await form.waitFor();
      if (fill) await fill(form, page);
      await form.locator('[data-test=step-submit]').click();
      await page.locator(`[data-test=step-done], [data-test=step-error]`).first().waitFor();
      const error = page.locator('[data-test=step-error]');
      if (await error.count()) assert.fail(`${action}: ${await error.first().innerText()}`);
      await page.locator(`[data-test=case-head][data-state=${state}]`).waitFor();
    };

    s = await open(DESK, 'leader');
    await step(s.page, 'approve', 'investigating', async (f) => f.locator('#step-opinion').fill('同意立案调查'));
    const number = await s.page.locator('[data-test=case-head] h1, [data-test=case-head] h2').first().innerText();
    assert.match(number, /宿埇环立〔\d{4}〕\d+号/);
    await shot(s.page, '2-approved-desk');
    await s.ctx.close();

    // The report, with the calculator computing in the browser from the province's table.
    s = await open(DESK, 'insp11');
    await step(s.page, 'submit_report', 'reported', async (f, page) => {
      await f.locator('#step-findings').fill('经查，该公司未依法取得排污许可证排放大气污染物。');
      await page.locator('[data-test=calc-violation]').selectOption('air-99-1');
      for (const sel of await page.locator('select[data-test^=calc-factor-]').all()) await sel.selectOption({ index: 1 });
      const fen = Number(await page.locator('[data-test=calc-amount]').getAttribute('data-fen'));
      assert.ok(fen >= 100_000_00 && fen <= 1_000_000_00, `within 10万–100万元: ${fen}`);
      await page.locator('[data-test=calc-result]').scrollIntoViewIfNeeded();
      await shot(page, '3-discretion-desk');
      await page.locator('[data-test=report-amount]').fill(String(fen / 100));
    });
    await step(s.page, 'request_review', 'in_review');
    await s.ctx.close();

    s = await open(DESK, 'legal');
    await step(s.page, 'pass_review', 'reported', async (f) => f.locator('#step-opinion').fill('事实清楚，证据确凿，适用法律正确，程序合法'));
    await shot(s.page, '4-reviewed-desk');
    await s.ctx.close();

    s = await open(DESK, 'leader');
    await step(s.page, 'notify', 'notified');
    await s.ctx.close();

    s = await open(PDA, 'insp11');
    await step(s.page, 'waive', 'notified');
    await s.ctx.close();

    s = await open(DESK, 'leader');
    await step(s.page, 'decide', 'decided');
    const decision = s.page.locator('[data-test=case-doc]', { hasText: '行政处罚决定书' });
    await decision.first().waitFor();
    assert.match(await decision.first().innerText(), /宿埇环罚〔\d{4}〕\d+号/);
    await decision.first().scrollIntoViewIfNeeded();
    await shot(s.page, '5-decided-desk');

    // 更正 of the decision, by the leader through the form under 案件文书: one item old → new
    // and the reason. A new document with a number of its own names the original; the
    // original keeps its number and its hash.
    const caseApi = `/api/cases${url.replace('/cases', '')}`;
    const before = await api(caseApi, { token: insp, base });
    const original = before.documents.find((d) => d.kind === 'decision');
    assert.ok(original, 'the decision is among the documents');
    const correction = async (page) => {
      await page.locator('[data-test=correct-open]').click();
      const form = page.locator('[data-test=correct-form]');
      await form.waitFor();
      await form.locator('[data-test=correct-doc]').selectOption(original.id);
      await form.locator('[data-test=correct-item-0]').fill('当事人住所');
      await form.locator('[data-test=correct-was-0]').fill('宿州市埇桥区银河一路88号');
      await form.locator('[data-test=correct-now-0]').fill('宿州市埇桥区银河一路188号');
      await form.locator('[data-test=correct-reason]').fill('制作文书时门牌号录入错误，依据营业执照登记的住所予以更正。');
      // The form's top just below the app bar.
      await form.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
      return form;
    };
    const form = await correction(s.page);
    await shot(s.page, '5b-correct-desk');
    await form.locator('[data-test=correct-submit]').click();
    // The decision's notice stays up until the correction's replaces it.
    await s.page.locator('[data-test=step-done]:has-text("更正文书已签发"), [data-test=step-error]').first().waitFor();
    const correctError = s.page.locator('[data-test=step-error]');
    if (await correctError.count()) assert.fail(`correct_document: ${await correctError.first().innerText()}`);
    const issued = s.page.locator('[data-test=case-doc][data-corrects=yes]');
    await issued.waitFor();
    assert.equal(await issued.count(), 1, 'one correction');
    const corrNumber = (await issued.locator('td').nth(1).innerText()).trim();
    assert.match(corrNumber, /宿埇环罚〔\d{4}〕\d+号/);
    assert.notEqual(corrNumber, original.number, 'the correction has a number of its own');
    assert.match(await issued.locator('td').first().innerText(), /行政处罚决定书（更正）/);
    assert.ok((await issued.innerText()).includes(`更正 ${original.number}`), 'the correction names the original');
    const originalRow = s.page.locator('[data-test=case-doc]:not([data-corrects])', { hasText: original.number });
    assert.ok((await originalRow.innerText()).includes(`已被更正：${corrNumber}`), 'the original shows its correction');
    const after = await api(caseApi, { token: insp, base });
    const kept = after.documents.find((d) => d.id === original.id);
    assert.equal(kept.number, original.number, 'the original keeps its number');
    assert.equal(kept.sha256, original.sha256, 'the original keeps its hash');
    assert.equal(kept.corrects, null);
    const added = after.documents.filter((d) => d.corrects === original.id);
    assert.equal(added.length, 1);
    assert.equal(added[0].number, corrNumber);
    assert.equal(added[0].kind, 'decision');
    assert.notEqual(added[0].sha256, original.sha256);
    assert.equal(after.state, 'decided', 'a correction does not move the case');
    await s.ctx.close();

    // The same form on a phone.
    s = await open(PDA, 'leader');
    await s.page.goto(url);
    await correction(s.page);
    await shot(s.page, '5c-correct-pda');
    assert.ok(await s.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page does not scroll sideways at 360');
    await s.ctx.close();

    s = await open(PDA, 'insp11');
    await step(s.page, 'serve', 'executing', async (f) => {
      const receiver = f.locator('#step-receiver');
      if (await receiver.count()) await receiver.fill('张伟');
    });
    const view = await api(caseApi, { token: insp, base });
    const owed = view.recommendation.amount_fen;
    await step(s.page, 'record_payment', 'executed', async (f) => {
      await f.locator('[data-test=step-amount]').fill(String(owed / 100));
      await f.locator('#step-receipt').fill('340000202612010001');
    });
    await shot(s.page, '6-paid-pda');
    await s.ctx.close();

    s = await open(DESK, 'leader');
    await step(s.page, 'close', 'closed');
    await step(s.page, 'archive', 'archived');
    await shot(s.page, '7-archived-desk');
    // The case file downloads as one PDF whose contents list every document.
    const done = await api(caseApi, { token: insp, base });
    const kinds = done.documents.map((d) => d.kind);
    // The 更正 is numbered in its original's kind and listed after it, in the order of issue.
    assert.deepEqual(kinds, ['filing_approval', 'prior_notice', 'decision', 'decision', 'service_receipt', 'closing_approval', 'case_file']);
    assert.deepEqual(done.documents.map((d) => d.corrects), [null, null, null, original.id, null, null, null]);
    const [download] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.locator('[data-test=doc-pdf-case_file]').click(),
    ]);
    const file = readFileSync(await download.path());
    assert.equal(file.subarray(0, 4).toString(), '%PDF');
    assert.ok(file.length > 10_000, `a case file of ${file.length} bytes`);
    await s.ctx.close();
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    server.stop();
  }
});
