// Lighthouse (mobile: emulated phone, simulated slow 4G and a 4× slower CPU) performance
// scores of the login page and of an inspector's signed-in home, the median of five runs
// each, run by scripts/test.sh:
//   HJ_E2E_BASE_URL=http://127.0.0.1:PORT CHROME_PATH=/usr/bin/chromium node lighthouse.mjs
// The login page is a first visit (Lighthouse clears the origin's storage and cache). The home
// needs a session: a Chromium profile is signed in through the login page first (Playwright,
// service worker blocked), then its HTTP cache is emptied, so Lighthouse loads every file of the
// home cold while the stored session keeps the inspector signed in. Writes
// artifacts/lighthouse.json and prints one line per page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { signIn, PDA, BASE_URL, ARTIFACTS } from './browser.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const GOAL = 90;
// The floor a run must reach: below the scores this machine kind gives the same build when it
// is busy (docs/benchmarks.md: the home's median 57–80 between runs of one build, with
// Lighthouse's CPU benchmark index between 550 and 650 where its 4× slowdown assumes a faster
// machine), so that a regression such as the layout shifts that once cost 40 points fails the
// run while the goal of 90 is reported and not yet met.
const FLOOR = 50;

async function score(url, { userDataDir, keepStorage }) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    chromeFlags: FLAGS,
    userDataDir,
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      disableStorageReset: keepStorage,
    });
    const lhr = result.lhr;
    // The whole report beside the summary, for the diagnostics (long tasks, layout shifts).
    writeFileSync(`${ARTIFACTS}lighthouse-${new URL(url).pathname.replace(/\W/g, '') || 'home'}.report.json`, result.report);
    const audit = (id) => lhr.audits[id]?.displayValue ?? '';
    return {
      url,
      score: Math.round(lhr.categories.performance.score * 100),
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      si: audit('speed-index'),
      bytes: audit('total-byte-weight'),
      runtimeError: lhr.runtimeError?.message,
      benchmarkIndex: Math.round(lhr.environment?.benchmarkIndex ?? 0),
    };
  } finally {
    await chrome.kill();
  }
}

/** A profile dir signed in as insp11, with an empty HTTP cache. */
async function signedInProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'hj-lh-'));
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: FLAGS.filter((f) => f !== '--headless'),
    baseURL: BASE_URL,
    serviceWorkers: 'block',
    locale: 'zh-CN',
    ...PDA,
  });
  const page = context.pages()[0] ?? await context.newPage();
  await signIn(page, { bureau: '埇桥区', username: 'insp11' });
  await page.locator('.tasks-card h2', { hasText: '我的任务' }).waitFor();
  await context.close();
  rmSync(join(dir, 'Default', 'Cache'), { recursive: true, force: true });
  rmSync(join(dir, 'Default', 'Code Cache'), { recursive: true, force: true });
  return dir;
}


// Five runs of each page, the median reported (Lighthouse's own advice: one run varies with
// what else the machine does; on this 2-core machine three runs of the same build spread over
// 20 points).
const RUNS = 5;
const median = (runs) => [...runs].sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)];
const results = {};
const runs = { login: [], home: [] };
for (let i = 0; i < RUNS; i++) {
  runs.login.push(await score(`${BASE_URL}/login`, { userDataDir: mkdtempSync(join(tmpdir(), 'hj-lh-')), keepStorage: false }));
  runs.home.push(await score(`${BASE_URL}/`, { userDataDir: await signedInProfile(), keepStorage: true }));
}
for (const [name, list] of Object.entries(runs)) {
  results[name] = { ...median(list), scores: list.map((r) => r.score) };
}
writeFileSync(`${ARTIFACTS}lighthouse.json`, `${JSON.stringify(results, null, 2)}\n`);
for (const [name, r] of Object.entries(results)) {
  console.log(`lighthouse ${name}: performance ${r.score} (median of ${r.scores.join(', ')}; FCP ${r.fcp}, LCP ${r.lcp}, TBT ${r.tbt}, CLS ${r.cls}, SI ${r.si}, ${r.bytes}; CPU benchmark index ${r.benchmarkIndex})${r.runtimeError ? ` error: ${r.runtimeError}` : ''}`);
}
const low = Object.entries(results).filter(([, r]) => !(r.score >= GOAL));
if (low.length) console.log(`below the goal of ${GOAL}: ${low.map(([n]) => n).join(', ')}`);
// A clear regression fails the run; between the floor and the goal is reported, not failed
// (one machine's runs vary by a few points with what else it does).
const failed = Object.entries(results).filter(([, r]) => !(r.score >= FLOOR));
if (failed.length) {
  console.log(`below the floor of ${FLOOR}: ${failed.map(([n]) => n).join(', ')}`);
  process.exit(1);
}
