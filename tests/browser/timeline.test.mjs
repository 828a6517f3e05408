// The timeline bar, share links and scenario links, in a real Chromium: a shared run replays to
// the same trace hash; broken links say why and leave the default run going; dragging the
// timeline back shows the past and dragging it to the end returns to exactly the live run;
// "Continue from here" forks; ?scenario= starts a file of scenarios/ or names what is wrong.
// Pages take a few seconds each to load the wasm (more on a busy machine): the file opens 12.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServer, launch, openApp, state, waitState, canvasBox, shot, clickAt } from './harness.mjs';

let server, browser;
let sharedLink = null; // a valid link text, from the first test
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

// Console errors the page may log on purpose: the 404 of a missing scenario file.
const realErrors = (page) => page.gossipErrors.filter((e) => !/Failed to load resource.*404/.test(e));

// openLink opens the app at a query and waits until links.js has handled share=/scenario=.
async function openLink(query) {
  const page = await openApp(browser.ctx, server.url, query);
  await page.waitForFunction(() => window.gossipLab.linkDone === true, null, { timeout: 30_000 });
  return page;
}

// The default run goes on after a refused link: 16 nodes, and time moves by itself.
async function assertDefaultRuns(page, what) {
  const st = await state(page);
  assert.equal(st.nodes.length, 16, `${what}: the default 16 nodes should run, got ${st.nodes.length}`);
  assert.equal(st.paused, false, `${what}: the default run should keep playing`);
  await waitState(page, (s) => s.time_ms >= st.time_ms + 200, `${what}: virtual time to move on`);
}

// The message is in the canvas's banner (state().errors) and, for screen readers, in the
// page's role=alert box; it is returned.
async function linkMessage(page, what) {
  const msg = await page.evaluate(() => window.gossipLab.linkError || '');
  assert.ok(msg, `${what}: no message`);
  const alert = await page.locator('#link-alert[role=alert]').textContent();
  assert.equal(alert, msg + ' — showing the default run instead.', `${what}: the role=alert box should carry the message`);
  const st = await waitState(page, (s) => s.errors.includes(msg), `${what}: the message in the canvas banner`);
  assert.ok(st.errors.includes(msg));
  console.log(`${what}: ${msg}`);
  return msg;
}

// dragRange drags the timeline's thumb with the mouse from fraction f0 to f1 of the track.
async function dragRange(page, f0, f1, steps = 6) {
  const box = await page.locator('#tb-range').boundingBox();
  const x = (f) => box.x + 8 + (box.width - 16) * f; // the thumb's centre travels inside the track
  const y = box.y + box.height / 2;
  await page.mouse.move(x(f0), y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x(f0 + ((f1 - f0) * i) / steps), y);
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  await page.mouse.up();
}

// settled waits until the simulator shows the moment the range points at (no seek pending).
async function settled(page, what) {
  await page.waitForFunction(() => {
    const s = window.gossip.state();
    const r = document.getElementById('tb-range');
    return +r.value === s.timeline.at_ms || (+r.value >= +r.max && !s.timeline.past);
  }, null, { timeout: 15_000 }).catch(() => { throw new Error(`timed out waiting for the seek: ${what}`); });
  return state(page);
}

test('a share link replays the run to the same trace hash and time', async () => {
  const q = '?seed=7&n=16&loss=0.1';
  const page = await openApp(browser.ctx, server.url, q);
  await page.locator('#timebar').waitFor({ state: 'visible' });
  await page.evaluate(() => window.gossip.pause());
  await page.evaluate(() => window.gossip.setSpeed(3.5));
  await page.evaluate(() => window.gossip.advance(3000));
  const box = await canvasBox(page);
  const target = (await state(page)).nodes[4];
  await clickAt(page, box.x + target.x, box.y + target.y);
  await waitState(page, (s) => s.nodes[4].status === 'crashed', `${q}: node 4 to crash after the click`);
  await page.evaluate(() => window.gossip.advance(4000));
  const want = await state(page);
  assert.equal(want.timeline.commands, 1, `${q}: the crash should be the one recorded command`);

  await page.click('#tb-share');
  const field = page.locator('#share-link');
  await page.waitForFunction(() => document.getElementById('share-link').value.startsWith('http'), null, { timeout: 10_000 });
  const url = await field.inputValue();
  sharedLink = new URL(url).searchParams.get('share');
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?share=v1\.[A-Za-z0-9_-]+&speed=3\.5$/, `${q}: the dialog's link, with the speed`);
  assert.ok(await field.evaluate((f) => f.readOnly && document.activeElement === f && f.selectionEnd - f.selectionStart === f.value.length),
    `${q}: the link field should be read-only, focused and selected`);
  await page.click('#share-copy');
  await page.waitForFunction(() => /Copied|Select and copy/.test(document.getElementById('share-status').textContent));
  await shot(page, 'timeline-share-dialog');
  await page.keyboard.press('Escape');
  assert.ok(await page.locator('#share-dialog').isHidden(), `${q}: Escape should close the share dialog`);
  assert.deepEqual(realErrors(page), [], `${q}: errors in the page (CSP?)`);

  const copy = await openApp(browser.ctx, url, '');
  await copy.waitForFunction(() => window.gossipLab.linkDone === true, null, { timeout: 30_000 });
  const got = await state(copy);
  assert.equal(await copy.evaluate(() => window.gossipLab.linkError || null), null, 'the shared link was refused');
  assert.equal(got.time_ms, want.time_ms, `shared run: time ${got.time_ms} ms, original ${want.time_ms} ms (seed 7)`);
  assert.equal(got.trace_hash, want.trace_hash, `shared run: trace hash differs from the original's (seed 7, t=${want.time_ms} ms)`);
  assert.equal(got.nodes[4].status, 'crashed', 'shared run: node 4 should be crashed');
  assert.equal(got.paused, true, 'a shared run opens paused at its moment');
  assert.equal(got.speed, 3.5, 'a shared run plays at the speed it was shared at');
  assert.deepEqual(realErrors(copy), [], 'errors in the page that opened the link');
  await copy.close();

  // The split view holds two runs: no link, and the dialog says why.
  await page.evaluate(() => window.gossip.setCompare('heartbeat,swim'));
  await page.waitForFunction(() => document.getElementById('tb-range').disabled);
  await page.click('#tb-share');
  await page.waitForFunction(() => document.getElementById('share-status').classList.contains('share-error'));
  const why = await page.locator('#share-status').textContent();
  assert.match(why, /split view/, `the share dialog should say why there is no link: ${why}`);
  assert.equal(await field.inputValue(), '', 'no link in the split view');
  await page.keyboard.press('Escape');
  await page.close();
});

test('broken share links say why and the default run goes on', async () => {
  let link = sharedLink;
  if (!link) { // this test run alone
    const page = await openApp(browser.ctx, server.url, '?seed=8');
    await page.evaluate(() => window.gossip.apply({ op: 'crash', node: 2 }));
    await page.evaluate(() => window.gossip.advance(2000));
    link = await page.evaluate(() => window.gossip.share());
    await page.close();
  }
  const body = link.slice(3);
  const mid = body.length >> 1;
  const flipped = body.slice(0, mid) + [...body.slice(mid, mid + 12)].map((c) => (c === 'Q' ? 'z' : 'Q')).join('') + body.slice(mid + 12);
  const cases = [
    ['cut in half', link.slice(0, link.length >> 1), /truncated|corrupted/],
    ['flipped characters', 'v1.' + flipped, /corrupted|truncated|invalid/],
    ['another version', 'v9.' + body, /format 9/],
    ['too long', 'v1.' + 'A'.repeat(8100), /8000/],
  ];
  // Two pages at a time: a page spends most of its time loading the wasm.
  const check = async ([what, text, why]) => {
    const p = await openLink('?share=' + encodeURIComponent(text));
    const msg = await linkMessage(p, what);
    assert.match(msg, /share link cannot be opened/, `${what}: ${msg}`);
    assert.match(msg, why, `${what}: the message should say why: ${msg}`);
    await assertDefaultRuns(p, what);
    if (what === 'another version') await shot(p, 'timeline-bad-link');
    assert.deepEqual(realErrors(p), [], `${what}: errors in the page`);
    await p.close();
  };
  await Promise.all([check(cases[0]), check(cases[1])]);
  await Promise.all([check(cases[2]), check(cases[3])]);
});

test('dragging the timeline shows the past; the end is the live run again; continue forks', async () => {
  const q = '?seed=5&n=16&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  await page.locator('#timebar').waitFor({ state: 'visible' });
  await page.evaluate(() => window.gossip.pause());
  await page.evaluate(() => window.gossip.advance(6000));
  const crashAt = (await state(page)).time_ms;
  await page.evaluate(() => window.gossip.apply({ op: 'crash', node: 2 }));
  await page.evaluate(() => window.gossip.advance(6000));
  const live = await state(page);
  await waitState(page, () => true, 'a poll'); // let the bar read the final state
  await page.waitForFunction((t) => +document.getElementById('tb-range').max === t, live.time_ms);
  assert.ok(await page.locator('#tb-golive').isHidden(), `${q}: "Live" shows while the live run is shown`);

  // Back with the mouse, to a fifth of the run: before the crash.
  await dragRange(page, 1, 0.2);
  let st = await settled(page, 'drag back');
  assert.ok(st.timeline.past, `${q}: the past should be shown after dragging back`);
  assert.ok(st.time_ms < crashAt, `${q}: shown ${st.time_ms} ms, should be before the crash at ${crashAt} ms`);
  assert.equal(st.timeline.live_ms, live.time_ms, `${q}: the live run should wait at ${live.time_ms} ms`);
  assert.equal(st.nodes[2].status, 'up', `${q}: node 2 should be up before its crash at ${crashAt} ms`);
  assert.notEqual(st.trace_hash, live.trace_hash, `${q}: the past has the live run's trace hash`);
  assert.ok(await page.locator('#tb-golive').isVisible() && await page.locator('#tb-continue').isVisible(),
    `${q}: "Live" and "Continue from here" should show in the past`);
  await shot(page, 'timeline-bar-past');

  // Forward with the mouse, past the end of the track: exactly the live run again.
  await dragRange(page, 0.2, 1.1);
  st = await settled(page, 'drag to the end');
  assert.equal(st.timeline.past, false, `${q}: the end of the timeline should be the live run`);
  assert.equal(st.time_ms, live.time_ms, `${q}: back at ${st.time_ms} ms, live was ${live.time_ms} ms`);
  assert.equal(st.trace_hash, live.trace_hash, `${q}: the live run's trace hash changed after scrubbing`);
  assert.equal(st.nodes[2].status, 'crashed', `${q}: node 2 should be crashed in the live run`);

  // The keyboard: End, then two seconds back (after the crash).
  await page.focus('#tb-range');
  await page.keyboard.press('Home');
  st = await settled(page, 'Home');
  assert.equal(st.time_ms, 0, `${q}: Home should show time 0`);
  await page.keyboard.press('End');
  st = await settled(page, 'End');
  assert.equal(st.trace_hash, live.trace_hash, `${q}: End should return to the live run`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  st = await settled(page, 'two ArrowLeft');
  const shown = live.time_ms - 2000;
  assert.equal(st.time_ms, shown, `${q}: two ← from the end should show ${shown} ms`);
  assert.equal(st.nodes[2].status, 'crashed', `${q}: node 2 crashed at ${crashAt} ms, before ${shown} ms`);
  await shot(page, 'timeline-bar');

  // Fork in new tab: the new tab replays the moment shown; this one is left as it was.
  const [tab] = await Promise.all([browser.ctx.waitForEvent('page'), page.click('#tb-fork')]);
  await tab.waitForURL(/\?share=v1\./, { timeout: 10_000 });
  await tab.waitForFunction(() => window.gossipLab && window.gossipLab.linkDone === true, null, { timeout: 60_000 });
  const forked = await state(tab);
  assert.equal(forked.time_ms, shown, `fork in new tab: at ${forked.time_ms} ms, should be ${shown} ms`);
  assert.equal(forked.trace_hash, st.trace_hash, 'fork in new tab: not the moment shown');
  await tab.close();
  const still = await state(page);
  assert.ok(still.timeline.past && still.time_ms === shown && still.timeline.live_ms === live.time_ms,
    `${q}: forking into a new tab changed this run: ${JSON.stringify(still.timeline)}`);

  // Continue from here: the moment shown becomes the present; the later part is dropped.
  await page.click('#tb-continue');
  st = await waitState(page, (s) => !s.timeline.past, 'continue from here');
  assert.equal(st.timeline.live_ms, shown, `${q}: after continuing, live_ms should be ${shown}`);
  assert.equal(st.time_ms, shown, `${q}: after continuing, the time should be ${shown}`);
  await page.waitForFunction((t) => +document.getElementById('tb-range').max === t, shown);
  assert.ok(await page.locator('#tb-continue').isHidden(), `${q}: "Continue from here" still shows`);
  assert.deepEqual(realErrors(page), [], `${q}: errors in the page`);
  await page.close();
});

test('?scenario= starts a scenario file, or says what is wrong and runs the default', async () => {
  const known = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

  let page = await openLink('?scenario=crash-three');
  assert.equal(await page.evaluate(() => window.gossipLab.linkError || null), null, 'scenario=crash-three was refused');
  let st = await state(page);
  assert.equal(st.nodes.length, 24, `scenario=crash-three: ${st.nodes.length} nodes, the file says 24`);
  assert.match(st.scenario, /Crash three/, `scenario=crash-three: state().scenario is ${JSON.stringify(st.scenario)}`);
  await page.evaluate(() => window.gossip.pause());
  await page.evaluate((ms) => window.gossip.advance(ms), Math.max(0, 10_500 - st.time_ms));
  st = await state(page);
  for (const id of [3, 11, 17]) {
    assert.equal(st.nodes[id].status, 'crashed', `scenario=crash-three: node ${id} should be crashed at ${st.time_ms} ms`);
  }
  assert.equal(st.nodes[4].status, 'up', 'scenario=crash-three: node 4 should be up');
  assert.deepEqual(realErrors(page), [], 'scenario=crash-three: errors in the page');
  await page.close();

  page = await openLink('?scenario=nope');
  let msg = await linkMessage(page, 'scenario=nope');
  assert.match(msg, /scenarios\/nope\.json/, `scenario=nope: the message should name the file: ${msg}`);
  for (const name of known) assert.ok(msg.includes(name), `scenario=nope: the message should list ${name} (links.js KNOWN_SCENARIOS): ${msg}`);
  await assertDefaultRuns(page, 'scenario=nope');
  await shot(page, 'timeline-scenario-missing');
  await page.close();

  // A file that does not parse: the message is loadScenario's, naming the file and the field.
  // (Served by the test, so the repository's scenarios/ stays as it is.)
  await browser.ctx.route('**/scenarios/broken-file.json', (r) => r.fulfill({
    status: 200, contentType: 'application/json', body: '{"config": {"n": 12, "loss": 3}}',
  }));
  page = await openLink('?scenario=broken-file');
  msg = await linkMessage(page, 'scenario=broken-file');
  assert.match(msg, /scenarios\/broken-file\.json/, `scenario=broken-file: the message should name the file: ${msg}`);
  assert.match(msg, /loss/, `scenario=broken-file: the message should name the field: ${msg}`);
  await assertDefaultRuns(page, 'scenario=broken-file');
  await page.close();
  await browser.ctx.unroute('**/scenarios/broken-file.json');

  page = await openLink('?scenario=' + encodeURIComponent('../x'));
  msg = await linkMessage(page, 'scenario=../x');
  assert.match(msg, /scenario=/, `scenario=../x: the message should name the parameter: ${msg}`);
  assert.match(msg, /lowercase letters, digits and dashes/, `scenario=../x: the message should give the allowed form: ${msg}`);
  await assertDefaultRuns(page, 'scenario=../x');
  assert.deepEqual(realErrors(page), [], 'scenario=../x: errors in the page');
  await page.close();
});

test('a reload brings the run back (paused, same trace hash); an address that asks for a scenario does not', async () => {
  const page = await openApp(browser.ctx, server.url, '?n=12&seed=4');
  try {
    await page.evaluate(async () => {
      await window.gossip.apply({ op: 'crash', node: 5 });
      await window.gossip.advance(9000);
      await window.gossip.pause();
    });
    const before = await state(page);
    await page.waitForFunction((h) => {
      const saved = JSON.parse(sessionStorage.getItem('gossiplab.run.v1') || 'null');
      return saved && saved.query === '?n=12&seed=4' && window.gossip.state().trace_hash === h;
    }, before.trace_hash, { timeout: 15_000 });
    await page.reload();
    await page.waitForFunction(() => window.gossipLab && window.gossipLab.restored === true, null, { timeout: 60_000 });
    const after = await state(page);
    assert.equal(after.trace_hash, before.trace_hash, 'the restored run differs from the one before the reload');
    assert.equal(after.time_ms, before.time_ms);
    assert.equal(after.nodes[5].status, 'crashed');
    assert.match(await page.textContent('#tb-note'), /Restored your run/);

    await page.goto(server.url + '?n=12&seed=4&scenario=crash-three');
    await page.waitForFunction(() => window.gossipLab && window.gossipLab.linkDone === true, null, { timeout: 60_000 });
    const sc = await state(page);
    assert.equal(sc.nodes.length, 24, 'scenario= should start its scenario, not the saved run');
    assert.notEqual(await page.evaluate(() => window.gossipLab.restored), true, 'scenario= restored the saved run');
    assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  } finally {
    await page.close();
  }
});

// Seeks in a ten-minute run land exactly where they were sent, backwards and forwards (their
// cost is a benchmark: tests/bench/frame-stats.mjs).
test('seeks in a ten-minute run land where they were sent', async () => {
  const page = await openApp(browser.ctx, server.url, '?n=64&seed=1&paused=1');
  await page.evaluate(async () => {
    await window.gossip.apply({ op: 'crash', node: 3 });
    await window.gossip.advance(600_000);
  });
  const seen = await page.evaluate(async () => {
    const out = [];
    for (const t of [5_000, 300_000, 590_000, 120_000, 125_000, 130_000, 135_000]) {
      await window.gossip.seek(t);
      out.push({ t, at: window.gossip.state().time_ms, past: window.gossip.state().timeline.past });
    }
    return out;
  });
  for (const s of seen) {
    assert.equal(s.at, s.t, `seek(${s.t}) showed ${s.at} ms`);
    assert.equal(s.past, true, `seek(${s.t}) is not shown as the past`);
  }
  await page.close();
});
