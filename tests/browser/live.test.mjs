// A real cluster in the app, in a real Chromium: gossiplab cluster starts six node processes and
// serves the app; the page opened from the address it prints draws them; a real click on a
// node kills its process and every live real node removes it, as the supervisor reports; Save
// trace downloads what was shown, and the trace opened with the timeline bar's file picker and
// scrubbed to its end shows the same final state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, artifacts, launch, openApp, state, waitState, waitFrames, shot, clickAt } from './harness.mjs';

let cluster, browser, out = '';
before(async () => { browser = await launch(); });
after(async () => {
  await browser?.close();
  if (cluster && cluster.exitCode === null) cluster.kill('SIGTERM');
});

// startCluster runs out/gossiplab cluster (it serves out/site, beside it) and resolves to the
// page address it prints.
function startCluster(args) {
  cluster = spawn(join(root, 'out/gossiplab'), ['cluster', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    cluster.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/watch it live: (http:\/\/\S+)/);
      if (m) ok(m[1]);
    });
    cluster.on('exit', (code) => fail(new Error(`gossiplab cluster exited with ${code}:\n${out}`)));
  });
}

test('a click kills a real process; the live nodes remove it; its trace replays to the same end', async () => {
  const url = await startCluster(['--n', '6', '--period', '300ms', '--t-suspect', '1200ms', '--t-remove', '2400ms',
    '--latency', '20-60', '--duration', '90s', '--every', '100ms', '--seed', '7']);
  const page = await openApp(browser.ctx, url, '');
  let s = await waitState(page, (s) => s.source.kind === 'live' && s.nodes.length === 6 &&
    s.nodes.every((n) => n.status === 'up' && n.alive === 5), 'six real nodes that all hold each other alive');
  assert.equal(s.controls.close_source !== undefined, true, 'no live badge');
  await waitState(page, (s) => s.in_flight > 0, 'packets in flight between real processes');
  const before = await shot(page, 'live-cluster');
  assert.ok(before.colours > 30 && before.sd > 5, `the live cluster looks blank (${JSON.stringify(before)})`);

  const victim = s.nodes[2];
  await clickAt(page, victim.x, victim.y);
  assert.match(out, /node 2 killed \(SIGKILL\)/, `the supervisor did not kill node 2:\n${out}`);
  s = await waitState(page, (s) => s.nodes[2].status === 'crashed' && s.nodes[2].removed === 5 &&
    s.nodes.filter((n) => n.id !== 2).every((n) => n.alive === 4), 'the five live real nodes remove node 2', 30_000);
  await waitState(page, () => /node 2 removed by all 5 live nodes/.test(out), 'the supervisor reports the removal too', 10_000);
  await shot(page, 'live-removed');
  const liveEnd = s.nodes.map((n) => [n.status, n.alive, n.suspect, n.removed]);

  // The loss slider's setting reaches the processes and stays where it was put.
  await page.evaluate(() => window.gossip.do('set', 'loss', 0.1));
  await waitState(page, (s) => s.params.loss === 0.1, 'the loss shown at once');
  await waitState(page, () => /loss set to 0\.1/.test(out), 'the supervisor sets the loss', 10_000);
  await waitFrames(page, 20);
  assert.equal((await state(page)).params.loss, 0.1, 'the loss snapped back');

  // Save trace: a real click on the button, a real download.
  const save = s.controls.save_trace;
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    clickAt(page, save.x + save.w / 2, save.y + save.h / 2),
  ]);
  const file = join(artifacts, 'live-trace.jsonl');
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  assert.match(text.split('\n')[0], /"format":"gossiplab-trace"/, 'the download is not a trace');
  cluster.kill('SIGTERM');
  await new Promise((ok) => cluster.exitCode !== null ? ok() : cluster.on('exit', ok));
  assert.match(out, /crash detections \(delay after the crash\):/, `the supervisor's summary is missing:\n${out}`);

  // Open it with the timeline bar's file picker, then scrub to the end with the range.
  await page.setInputFiles('#tb-trace-file', file);
  s = await waitState(page, (s) => s.source.kind === 'trace', 'the trace open');
  assert.ok(s.time_ms < s.source.start_ms + 3000, `a trace opens at its start and plays (at ${s.time_ms} ms of ${s.source.start_ms}–${s.source.end_ms})`);
  await page.locator('#tb-range').focus();
  await page.keyboard.press('End');
  s = await waitState(page, (s) => s.time_ms === s.source.end_ms, 'the trace scrubbed to its end');
  const traceEnd = s.nodes.map((n) => [n.status, n.alive, n.suspect, n.removed]);
  assert.deepEqual(traceEnd, liveEnd, 'the trace ends elsewhere than the live cluster was shown');
  await page.locator('#tb-range').press('Home');
  s = await waitState(page, (s) => s.time_ms === s.source.start_ms && s.nodes[2].status === 'up', 'the trace scrubbed back to its start');
  const replay = await shot(page, 'live-trace-start');
  assert.ok(replay.colours > 30, 'the replayed trace looks blank');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('a live address that answers nothing is a banner, not a blank canvas', async () => {
  const { startServer } = await import('./harness.mjs');
  const server = await startServer();
  try {
    const page = await openApp(browser.ctx, server.url, '?live=ws://127.0.0.1:9/live&seed=1');
    const s = await waitState(page, (s) => s.errors.some((e) => e.includes('cannot connect to the cluster at ws://127.0.0.1:9/live')),
      'the banner naming the address');
    assert.equal(s.source.kind, 'simulator');
    const page2 = await openApp(browser.ctx, server.url, '?live=http://example.org');
    await waitState(page2, (s) => s.errors.some((e) => e.includes('live must be a WebSocket address')), 'the banner naming the parameter');
    writeFileSync(join(artifacts, 'bad.jsonl'), '{"format":"gossiplab-trace","version":9}\n');
    await page2.setInputFiles('#tb-trace-file', join(artifacts, 'bad.jsonl'));
    await waitState(page2, (s) => s.source.kind === 'simulator', 'the simulator still shown');
    await page.close();
    await page2.close();
  } finally {
    server.stop();
  }
});
