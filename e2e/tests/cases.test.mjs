// The enforcement chain through the app: an inspection with problems → 立案 proposed on the
// phone → approved by the leader → the report with the discretion computed in the browser →
// legal review → prior notice → rights waived → decision issued with its number → service →
// payment → closed → archived; the case file PDF downloads and lists every document. Runs on a
// server of its own (a fresh demo database), desk 1440×900 with the phone steps at 360×740;
// a screenshot of each step in e2e/artifacts/.
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
  const open = async (device, user) => {
    const ctx = await launch(device, 'zh-CN', { baseURL: base });
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
    await s.ctx.close();

    s = await open(PDA, 'insp11');
    await step(s.page, 'serve', 'executing', async (f) => {
      const receiver = f.locator('#step-receiver');
      if (await receiver.count()) await receiver.fill('张伟');
    });
    const view = await api(`/api/cases${url.replace('/cases', '')}`, { token: insp, base });
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
    const done = await api(`/api/cases${url.replace('/cases', '')}`, { token: insp, base });
    const kinds = done.documents.map((d) => d.kind);
    assert.deepEqual(kinds, ['filing_approval', 'prior_notice', 'decision', 'service_receipt', 'closing_approval', 'case_file']);
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
    server.stop();
  }
});
