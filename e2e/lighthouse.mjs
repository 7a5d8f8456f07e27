// Lighthouse (mobile: emulated phone, simulated slow 4G) performance scores of the login page
// and of an inspector's signed-in home, run by scripts/test.sh:
//   HJ_E2E_BASE_URL=http://127.0.0.1:PORT CHROME_PATH=/usr/bin/chromium node lighthouse.mjs
// Two series, both reported:
// - as shipped: Lighthouse's default mobile preset, a 4× slower CPU. The 4× assumes a host of
//   benchmark index about 1,500; this 2-core machine kind has measured from 550 (busy) to 2,800
//   (quiet), so these runs emulate a phone from about twice as slow as the preset's mid-tier one
//   to about half as slow. The floor below is judged on them.
// - calibrated: the CPU slowdown Lighthouse's documentation prescribes for the host it ran on
//   (docs/throttling.md, "Calibrating the CPU slowdown", and its calculator: 800 → 2×,
//   1,300 → 3×, 1,533 → 4×, 150 → 1×), from the median benchmark index of the first series, so
//   the emulated phone is the preset's mid-tier one. The goal of 90 is reported on both.
// The login page is a first visit (Lighthouse clears the origin's storage and cache). The home
// needs a session: a Chromium profile is signed in through the login page first (Playwright,
// service worker blocked), then its HTTP cache is emptied, so Lighthouse loads every file of the
// home cold while the stored session keeps the inspector signed in. Writes
// artifacts/lighthouse.json and prints one line per page and series.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as constants from 'lighthouse/core/config/constants.js';
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
const MOBILE_THROTTLING = constants.defaultSettings.throttling;

/** The CPU slowdown that makes a host of this benchmark index emulate Lighthouse's mid-tier
 * phone: the piecewise line of Lighthouse's CPU throttling calculator (docs/throttling.md). */
export function calibratedSlowdown(benchmarkIndex) {
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233;
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500;
  return Math.max(1, 1 + (benchmarkIndex - 150) / 650);
}

async function score(url, { userDataDir, keepStorage, cpuSlowdown }) {
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
      ...(cpuSlowdown ? { throttling: { ...MOBILE_THROTTLING, cpuSlowdownMultiplier: cpuSlowdown } } : {}),
    });
    const lhr = result.lhr;
    // The whole report beside the summary, for the diagnostics (long tasks, layout shifts).
    writeFileSync(`${ARTIFACTS}lighthouse-${new URL(url).pathname.replace(/\W/g, '') || 'home'}${cpuSlowdown ? '-calibrated' : ''}.report.json`, result.report);
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
      cpuSlowdown: lhr.configSettings?.throttling?.cpuSlowdownMultiplier,
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
  // As on a phone in use: the device store has been read once (the sync panel keeps what it
  // showed for the next start).
  await page.locator('.sync-panel .storage', { hasText: '本机存储' }).waitFor();
  await context.close();
  rmSync(join(dir, 'Default', 'Cache'), { recursive: true, force: true });
  rmSync(join(dir, 'Default', 'Code Cache'), { recursive: true, force: true });
  return dir;
}


// Each page several times, the median reported (Lighthouse's own advice: one run varies with
// what else the machine does; on this 2-core machine runs of the same build spread over 20
// points).
const RUNS = Number(process.env.HJ_LIGHTHOUSE_RUNS ?? 3);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const medianRun = (list) => {
  const m = median(list.map((r) => r.score));
  return list.find((r) => r.score === m);
};
async function series(cpuSlowdown) {
  const runs = { login: [], home: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.login.push(await score(`${BASE_URL}/login`, { userDataDir: mkdtempSync(join(tmpdir(), 'hj-lh-')), keepStorage: false, cpuSlowdown }));
    runs.home.push(await score(`${BASE_URL}/`, { userDataDir: await signedInProfile(), keepStorage: true, cpuSlowdown }));
  }
  return runs;
}
const results = { shipped: {}, calibrated: {} };
const shipped = await series(undefined);
const index = median([...shipped.login, ...shipped.home].map((r) => r.benchmarkIndex));
const slowdown = Math.round(calibratedSlowdown(index) * 100) / 100;
const calibrated = await series(slowdown);
for (const [mode, runs] of [['shipped', shipped], ['calibrated', calibrated]]) {
  for (const [name, list] of Object.entries(runs)) {
    results[mode][name] = { ...medianRun(list), scores: list.map((r) => r.score), indexes: list.map((r) => r.benchmarkIndex) };
  }
}
results.calibration = { benchmarkIndex: index, cpuSlowdown: slowdown };
writeFileSync(`${ARTIFACTS}lighthouse.json`, `${JSON.stringify(results, null, 2)}\n`);
for (const mode of ['shipped', 'calibrated']) {
  for (const [name, r] of Object.entries(results[mode])) {
    console.log(`lighthouse ${name} (${mode === 'shipped' ? 'default 4× CPU' : `calibrated ${slowdown}× CPU for benchmark index ${index}`}): performance ${r.score} (median of ${r.scores.join(', ')}; FCP ${r.fcp}, LCP ${r.lcp}, TBT ${r.tbt}, CLS ${r.cls}, SI ${r.si}, ${r.bytes}; CPU benchmark index ${r.indexes.join(', ')})${r.runtimeError ? ` error: ${r.runtimeError}` : ''}`);
  }
}
for (const mode of ['shipped', 'calibrated']) {
  const low = Object.entries(results[mode]).filter(([, r]) => !(r.score >= GOAL));
  if (low.length) console.log(`below the goal of ${GOAL} (${mode}): ${low.map(([n]) => n).join(', ')}`);
}
// A clear regression fails the run; between the floor and the goal is reported, not failed
// (one machine's runs vary by a few points with what else it does). Judged on the default
// preset, the harder of the two.
const failed = Object.entries(results.shipped).filter(([, r]) => !(r.score >= FLOOR));
if (failed.length) {
  console.log(`below the floor of ${FLOOR}: ${failed.map(([n]) => n).join(', ')}`);
  process.exit(1);
}
