// The Experiments tab in a real Chromium: a learner fills the form, runs seeded trials that are
// spread over many frames (the progress bar moves while the app keeps drawing), and gets the
// same numbers as `gossiplab sweep --json` run with the command line the panel shows. Cancel
// stops a run; a bad field gets a message naming it and its range.
// Screenshot: test-artifacts/experiments-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, launch, openApp, state, waitFrames, shot, root } from './harness.mjs';

// One page for the whole file: loading the app costs seconds in a busy headless Chromium.
let server, browser, page;
const q = '?seed=5&loss=0.02';
before(async () => {
  server = await startServer();
  browser = await launch();
  page = await openApp(browser.ctx, server.url, q);
  await page.click('#tab-experiments');
  await page.waitForSelector('#experiments[data-ready=true]', { state: 'visible', timeout: 10_000 });
});
after(async () => { await page?.close(); await browser?.close(); server?.stop(); });

// fill types into the form as a person would, in one round trip (each Playwright action waits
// for stable frames, which a loaded machine makes slow).
async function fill(page, { kind, values, runs, seed }) {
  await page.evaluate(({ kind, values, runs, seed }) => {
    const set = (id, v) => {
      const e = document.getElementById(id);
      e.value = v;
      e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
    };
    set('exp-kind', kind);
    set('exp-values', values);
    set('exp-runs', String(runs));
    set('exp-seed', String(seed));
  }, { kind, values, runs, seed });
}

// record samples progress() and state().frames on every animation frame of the page.
function record(page) {
  return page.evaluate(() => {
    window.expLog = [];
    const tick = () => {
      const p = window.gossip.experiment.progress();
      window.expLog.push({ done: p.done_jobs, running: p.running, frames: window.gossip.state().frames, bar: document.getElementById('exp-bar').value });
      if (window.expLog.length < 100000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// cli runs the command line the panel shows, with --json, and returns the parsed summary.
function cli(command) {
  const args = command.split(' ');
  assert.equal(args[0], 'gossiplab', `the command should start with gossiplab: ${command}`);
  const out = execFileSync(join(root, 'out/gossiplab'), [...args.slice(1), '--json'], { encoding: 'utf8' });
  return JSON.parse(out);
}

async function runAndCompare(page, q, spec, metric, checkSlices) {
  await fill(page, spec);
  await record(page);
  await page.click('#exp-run');
  await page.waitForFunction(() => !window.gossip.experiment.progress().running &&
    document.querySelectorAll('#exp-table tbody tr').length > 0, null, { timeout: 60_000, polling: 100 });
  const { log, rows, command, status } = await page.evaluate(() => ({
    log: window.expLog,
    rows: [...document.querySelectorAll('#exp-table tbody tr')].map((tr) => ({ ...tr.dataset })),
    command: document.getElementById('exp-cmd').textContent,
    status: document.getElementById('exp-status').textContent,
  }));
  const total = spec.values.split(',').length * spec.runs;
  assert.match(status, new RegExp(`done: ${total} jobs`), `${q} ${JSON.stringify(spec)}: status "${status}"`);
  const running = log.filter((s) => s.running);
  const bars = [...new Set(running.map((s) => s.bar))];
  const frames = running.length ? running.at(-1).frames - running[0].frames : 0;
  console.log(`# ${spec.kind} ${spec.values} K=${spec.runs}: ${running.length} page frames while running, ` +
    `${frames} app frames, bar values ${bars.join(',')}`);
  if (checkSlices) {
    // Spread over frames: the bar took several values, and the app drew frames in between.
    assert.ok(bars.length >= 3 && bars.every((b, i) => i === 0 || b > bars[i - 1]),
      `${q}: the progress bar should advance step by step while running: ${bars}`);
    assert.ok(running.length >= 5 && frames >= 5,
      `${q}: the page should keep drawing during the run: ${running.length} page frames, ${frames} app frames`);
  }

  const doc = cli(command);
  assert.equal(doc.summary.length, rows.length, `${command}: ${doc.summary.length} CLI rows vs ${rows.length} in the table`);
  doc.summary.forEach((s, i) => {
    const r = rows[i];
    const num = (t) => (t === 'null' ? null : Number(t));
    assert.equal(num(r.value), s.value, `${command}: value ${i}`);
    assert.equal(num(r.mean), s[metric].mean, `${command}: mean at ${s.value}: browser ${r.mean}, CLI ${s[metric].mean}`);
    assert.equal(num(r.sd), s[metric].sd, `${command}: sd at ${s.value}: browser ${r.sd}, CLI ${s[metric].sd}`);
    assert.equal(num(r.n), s[metric].count, `${command}: count at ${s.value}`);
  });
  console.log(`# browser = CLI: ${command}\n#   means ${rows.map((r) => r.mean).join(', ')}`);
  return command;
}

test('dissemination vs N, false positives vs T_suspect, load vs M: progress per frame, same numbers as the CLI', async () => {
  const command = await runAndCompare(page, q, { kind: 'dissemination_vs_n', values: '16,32,64,128', runs: 2, seed: 3 }, 'dissemination_ms', true);
  assert.match(command, /--param n --values 16,32,64,128 --runs 2 --seed 3 --y dissemination .*--loss 0\.02/, command);
  assert.equal(await page.locator('#exp-plot canvas').count(), 1, `${q}: no plot drawn`);
  await page.evaluate(() => document.getElementById('exp-title').scrollIntoView({ block: 'start' }));
  const stats = await shot(page, 'experiments-dissemination');
  assert.ok(stats.colours > 30, `${q}: blank screenshot ${JSON.stringify(stats)}`);

  const fp = await runAndCompare(page, q, { kind: 'false_positives_vs_t_suspect', values: '1000,2000', runs: 2, seed: 2 },
    'false_suspicions_per_node_per_s', false);
  assert.doesNotMatch(fp, /--t-suspect|--t-remove/, `a swept T_suspect derives T_remove as in the CLI: ${fp}`);
  await runAndCompare(page, q, { kind: 'load_vs_m', values: '1,2,3', runs: 2, seed: 1 }, 'msgs_per_node_per_s', false);
  await page.evaluate(() => document.getElementById('exp-title').scrollIntoView({ block: 'start' }));
  await shot(page, 'experiments-load');
  assert.deepEqual(page.gossipErrors, [], `${q}: errors in the page (CSP violations show here)`);
});

test('cancel stops a running experiment', async () => {
  await fill(page, { kind: 'dissemination_vs_n', values: '16,32,64,128', runs: 5, seed: 1 });
  await page.click('#exp-run');
  await page.waitForFunction(() => window.gossip.experiment.progress().done_jobs >= 1, null, { timeout: 30_000, polling: 50 });
  await page.click('#exp-cancel');
  const p = await page.waitForFunction(() => {
    const p = window.gossip.experiment.progress();
    return !p.running && p.canceled && p;
  }, null, { timeout: 10_000, polling: 50 }).then((h) => h.jsonValue());
  assert.ok(p.done_jobs < p.total_jobs, `${q}: canceled after all ${p.total_jobs} jobs`);
  await waitFrames(page, 20);
  const later = await page.evaluate(() => window.gossip.experiment.progress());
  assert.equal(later.done_jobs, p.done_jobs, `${q}: jobs went on after cancel`);
  assert.match(await page.textContent('#exp-status'), /canceled after \d+ of 20 jobs/);
  assert.ok(await page.locator('#exp-run').isEnabled(), `${q}: Run stays disabled after cancel`);
  assert.ok((await state(page)).frames > 0);
  assert.deepEqual(page.gossipErrors, [], `${q}: errors in the page`);
});

test('bad input shows a message naming the field and its range', async () => {
  const msg = async () => {
    await page.waitForSelector('#exp-message:not([hidden])', { timeout: 5000 });
    return page.textContent('#exp-message');
  };
  await fill(page, { kind: 'load_vs_m', values: '1,2', runs: 0, seed: 1 });
  await page.click('#exp-run');
  let m = await msg();
  assert.match(m, /runs/, m);
  assert.match(m, /\[1, 100\]/, m);

  await fill(page, { kind: 'dissemination_vs_n', values: '8, 1', runs: 2, seed: 1 });
  await page.click('#exp-run');
  await page.waitForFunction(() => /values entry 2/.test(document.getElementById('exp-message').textContent), null, { timeout: 5000 });
  m = await msg();
  assert.match(m, /values entry 2: N must be an integer in \[2, 1024\]/, m);

  await fill(page, { kind: 'load_vs_m', values: '1, x', runs: 2, seed: 1 });
  await page.click('#exp-run');
  await page.waitForFunction(() => /not a number/.test(document.getElementById('exp-message').textContent), null, { timeout: 5000 });
  m = await msg();
  assert.match(m, /values entry 2 is not a number.*M must be an integer in \[1, /, m);

  const p = await page.evaluate(() => window.gossip.experiment.progress());
  assert.equal(p.running, false, `${q}: a rejected spec started a run`);
  assert.deepEqual(page.gossipErrors, [], `${q}: errors in the page`);
});

test("a lesson's Run it button runs the lesson's sweep at the lesson's settings, saying how long it takes", async () => {
  const lp = await openApp(browser.ctx, server.url, '?lesson=7');
  try {
    const button = lp.locator('#lessons .lesson-run-experiment').first();
    await button.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await button.innerText(), /^Run it: 1, 2, 3, 4, 5 × 1 run \(about (a second|\d+ s)\)$/);
    // The measurement answers the lesson's questions: it waits until they are locked in.
    assert.ok(await button.isDisabled(), 'Run it is enabled before the predictions are locked in');
    const q0 = lp.locator('#lessons .predict[data-index="0"]');
    await q0.locator('input[type=number]').fill('3000');
    await q0.getByRole('button', { name: 'Lock in my answer' }).click();
    const q1 = lp.locator('#lessons .predict[data-index="1"]');
    await q1.locator('label.predict-choice').first().click();
    await q1.getByRole('button', { name: 'Lock in my answer' }).click();
    await lp.waitForFunction(() => !document.querySelector('#lessons .lesson-run-experiment').disabled);
    assert.match(await lp.locator('#lessons .lesson-run-more').first().innerText(), /^More runs \(× 3\) \(about (a second|\d+ s)\)$/);
    // The learner has moved the app's sliders since: the lesson's experiment still runs at the
    // lesson's settings (here 1 % loss and X = 1 s), not at the app's.
    await lp.evaluate(async () => {
      await window.gossip.apply({ op: 'set', param: 'loss', value: 0 });
      await window.gossip.apply({ op: 'set', param: 'period_ms', value: 2000 });
    });
    await button.scrollIntoViewIfNeeded();
    await shot(lp, 'lesson-experiment');
    const t0 = Date.now();
    await button.click();
    assert.equal(await lp.getAttribute('#tab-experiments', 'aria-selected'), 'true', 'the Experiments tab should open');
    await lp.waitForFunction(() => !window.gossip.experiment.progress().running &&
      document.querySelectorAll('#exp-table tbody tr').length === 5, null, { timeout: 60_000, polling: 100 });
    const took = (Date.now() - t0) / 1000;
    const got = await lp.evaluate(() => ({
      kind: document.getElementById('exp-kind').value,
      rows: [...document.querySelectorAll('#exp-table tbody tr')].map((tr) => [Number(tr.dataset.value), Number(tr.dataset.mean)]),
      command: document.getElementById('exp-cmd').textContent,
      status: document.getElementById('exp-status').textContent,
      basis: document.getElementById('exp-basis').textContent,
    }));
    console.log(`# lesson 7's load sweep took ${took} s in this browser: ${got.status}`);
    assert.equal(got.kind, 'load_vs_m');
    assert.match(got.command, /--param fanout --values 1,2,3,4,5 --runs 1 .*--period 1000ms --loss 0\.01 /, got.command);
    assert.match(got.status, /^done: 5 jobs in [\d.]+ s$/, got.status);
    assert.match(got.basis, /lesson's settings/, got.basis);
    // Lesson 7's X is 1 s: every node sends M messages a second (M = 1 a little less, as the CLI).
    for (const [m, mean] of got.rows) {
      assert.ok(Math.abs(mean - m) < 0.05 * m, `lesson 7 run: M = ${m} gave ${mean} msgs/node/s, want M / X = ${m}`);
    }
    assert.deepEqual(lp.gossipErrors, [], 'errors in the page');
  } finally {
    await lp.close();
  }
});
