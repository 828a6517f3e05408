// The two protocols and the pitfalls, in a real Chromium: the protocol comes from the URL, from
// the "Heartbeat | SWIM" switch in the top bar, from the P key and from window.gossip.setProtocol;
// under SWIM a crashed node is confirmed dead by everyone after the suspicion timeout; a pitfall
// from the URL shows in state() and in the top bar's badge, and its toggle turns it off; a bad
// protocol name gets the banner. Screenshots go to test-artifacts/swim-*.png and pitfalls-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp, state, waitState, waitFrames, canvasBox, shot, clickAt } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

// clickControl clicks the middle of an on-screen control, found through state().controls.
async function clickControl(page, name, q) {
  const st = await state(page);
  const c = st.controls[name];
  assert.ok(c && c.w > 0 && c.h > 0, `${q}: no control "${name}" in state().controls: ${JSON.stringify(Object.keys(st.controls))}`);
  const box = await canvasBox(page);
  await clickAt(page, box.x + c.x + c.w / 2, box.y + c.y + c.h / 2);
}

// pressKey holds a key over whole frames: Ebiten reads the keyboard once per frame.
async function pressKey(page, key) {
  await page.keyboard.down(key);
  await waitFrames(page, 2);
  await page.keyboard.up(key);
  await waitFrames(page, 2);
}

test('protocol=swim in the URL runs SWIM and shows its sliders', async () => {
  const q = '?protocol=swim&n=12&seed=5&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  const st = await state(page);
  assert.equal(st.params.protocol, 'swim', `${q}: params.protocol`);
  assert.deepEqual(st.errors, [], `${q}: errors ${JSON.stringify(st.errors)}`);
  assert.equal(st.nodes.length, 12, `${q}: ${st.nodes.length} nodes`);
  assert.ok(st.controls.k && st.controls.tsuspicion, `${q}: no K / T suspicion sliders: ${Object.keys(st.controls)}`);
  assert.ok(!st.controls.fanout && !st.controls.tsuspect, `${q}: heartbeat-only sliders shown under SWIM: ${Object.keys(st.controls)}`);
  assert.equal(st.params.swim.k, 3, `${q}: swim.k`);
  await page.close();
});

test('the top-bar switch, the P key and setProtocol() change the protocol with the same seed', async () => {
  const q = '?n=12&seed=6&loss=0.05';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.equal(st.params.protocol, 'heartbeat', `${q}: the default protocol`);
  await page.evaluate(() => window.gossip.advance(2000));
  await waitState(page, (s) => s.time_ms >= 2000, `${q}: virtual time to pass 2 s`);

  await clickControl(page, 'protocol_swim', q);
  st = await waitState(page, (s) => s.params.protocol === 'swim', `${q}: SWIM after clicking its segment`);
  assert.ok(st.time_ms < 2000, `${q}: switching should start the run again, t=${st.time_ms} ms`);
  assert.equal(st.params.seed, 6, `${q}: the seed changed on switching`);
  assert.equal(st.params.loss, 0.05, `${q}: the loss changed on switching`);
  await shot(page, 'swim-switched');

  await pressKey(page, 'p');
  await waitState(page, (s) => s.params.protocol === 'heartbeat', `${q}: heartbeat again after pressing P`);

  await page.evaluate(() => window.gossip.setProtocol('swim'));
  st = await waitState(page, (s) => s.params.protocol === 'swim', `${q}: SWIM after setProtocol("swim")`);
  const err = await page.evaluate(() => window.gossip.setProtocol('foo').then(() => null, (e) => e.message));
  assert.ok(err && /heartbeat/.test(err) && /swim/.test(err), `${q}: setProtocol("foo") should reject naming the protocols, got ${err}`);
  assert.equal((await state(page)).params.protocol, 'swim', `${q}: a rejected setProtocol changed the protocol`);
  await page.close();
});

test('under SWIM a clicked node is suspected, then confirmed dead by every live node', async () => {
  const q = '?protocol=swim&n=12&seed=5&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  let st = await state(page);
  const target = st.nodes[5];
  await clickAt(page, box.x + target.x, box.y + target.y);
  st = await waitState(page, (s) => s.nodes[5].status === 'crashed', `${q}: node 5 to crash after the click`);
  const p = st.params;
  // A few periods: someone probes node 5, gets no ack, asks K others, and suspects it.
  const t0 = st.time_ms;
  await page.evaluate((ms) => window.gossip.advance(ms), 4 * p.period_ms);
  st = await waitState(page, (s) => s.time_ms >= t0 + 4 * p.period_ms, `${q}: 4 periods to pass`);
  assert.ok(st.nodes[5].suspect + st.nodes[5].removed >= 1, `${q}: nobody suspects node 5 after 4 periods: ${JSON.stringify(st.nodes[5])}`);
  await shot(page, 'swim-suspected');
  await page.evaluate((ms) => window.gossip.advance(ms), p.swim.suspicion_timeout_ms + 6 * p.period_ms);
  st = await waitState(page, (s) => s.nodes[5].alive === 0 && s.nodes[5].suspect === 0,
    `${q}: every live node to confirm node 5 dead`);
  assert.equal(st.nodes[5].removed, 11, `${q}: ${st.nodes[5].removed} of 11 live nodes hold node 5 as dead`);
  for (const n of st.nodes) { // each live node is believed alive by the 10 other live nodes
    if (n.id !== 5) assert.equal(n.alive, 10, `${q}: live node ${n.id} is believed alive by ${n.alive} of the 10 other live nodes`);
  }
  await shot(page, 'swim-confirmed-dead');
  await page.close();
});

test('SWIM packets in flight: pings, acks and ping-reqs on screen', async () => {
  const q = '?protocol=swim&n=16&seed=3&loss=0.3&speed=0.1';
  const page = await openApp(browser.ctx, server.url, q);
  await page.evaluate(() => window.gossip.pause());
  // Open node 5's membership list (right-click): incarnations and suspicion countdowns.
  const box = await canvasBox(page);
  const n5 = (await state(page)).nodes[5];
  await clickAt(page, box.x + n5.x, box.y + n5.y, 'right');
  await waitState(page, (s) => s.selected === 5, `${q}: node 5 selected after a right-click`);
  await page.evaluate(() => window.gossip.advance(3000));
  let st = await waitState(page, (s) => s.time_ms >= 3000, `${q}: 3 s to pass`);
  // Step a few ms at a time until many packets fly at once.
  for (let i = 0; i < 200 && st.in_flight < 8; i++) {
    const t = st.time_ms;
    await page.evaluate(() => window.gossip.advance(7));
    st = await waitState(page, (s) => s.time_ms >= t + 7, `${q}: 7 ms to pass`);
  }
  assert.ok(st.in_flight >= 4, `${q}: only ${st.in_flight} packets in flight`);
  const s = await shot(page, 'swim-packets');
  assert.ok(s.colours > 30, `${q}: the SWIM screenshot looks blank (${JSON.stringify(s)})`);
  await page.close();
});

test('pitfalls from the URL show in state() and in the top-bar badge; a toggle turns one off', async () => {
  const q = '?pitfalls=no_tombstone,no_generation&n=16&seed=7';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.deepEqual(st.errors, [], `${q}: errors ${JSON.stringify(st.errors)}`);
  assert.equal(st.params.pitfalls.no_tombstone, true, `${q}: params.pitfalls.no_tombstone`);
  assert.equal(st.params.pitfalls.no_generation, true, `${q}: params.pitfalls.no_generation`);
  assert.equal(st.params.pitfalls.timestamp_merge, false, `${q}: params.pitfalls.timestamp_merge`);
  assert.match(st.badge, /no tombstones/, `${q}: badge "${st.badge}"`);
  assert.match(st.badge, /without generation/, `${q}: badge "${st.badge}"`);
  const b = st.controls.pitfall_badge;
  const top = Math.min(...st.nodes.map((n) => n.y - n.r));
  assert.ok(b && b.w > 0 && b.y + b.h <= top, `${q}: the badge ${JSON.stringify(b)} should sit in the top bar, above the nodes (top ${top})`);
  await shot(page, 'pitfalls-badge');

  await clickControl(page, 'pitfall_no_tombstone', q);
  st = await waitState(page, (s) => s.params.pitfalls.no_tombstone === false, `${q}: no_tombstone off after clicking its toggle`);
  assert.equal(st.params.pitfalls.no_generation, true, `${q}: the other pitfall was switched too`);
  assert.doesNotMatch(st.badge, /tombstones/, `${q}: badge "${st.badge}" after turning no_tombstone off`);

  // The timestamp pitfall starts the run again with skewed clocks.
  await page.evaluate(() => window.gossip.setPitfall('timestamp_merge', true));
  st = await waitState(page, (s) => s.params.pitfalls.timestamp_merge === true, `${q}: timestamp_merge on`);
  assert.equal(st.params.pitfalls.clock_skew_ms, 4000, `${q}: the default demonstration skew`);
  assert.match(st.badge, /wall-clock/, `${q}: badge "${st.badge}"`);
  await page.evaluate(() => window.gossip.advance(30000));
  st = await waitState(page, (s) => s.time_ms >= 30000, `${q}: 30 s with skewed clocks`);
  assert.ok(st.totals.false_suspicions > 0 || st.metrics.false_positives > 0,
    `${q}: wall-clock timestamps under ±4 s skew gave no false suspicion in 30 s: ${JSON.stringify(st.totals)}`);
  await shot(page, 'pitfalls-timestamps');
  await page.close();
});

test('a bad protocol name shows the banner naming protocol and its values; heartbeat runs', async () => {
  const q = '?protocol=foo&seed=8';
  const page = await openApp(browser.ctx, server.url, q);
  await waitFrames(page, 5);
  const st = await state(page);
  assert.equal(st.errors.length, 1, `${q}: errors ${JSON.stringify(st.errors)}`);
  const e = st.errors[0];
  assert.ok(/^protocol:/.test(e) && /heartbeat/.test(e) && /swim/.test(e) && /foo/.test(e),
    `${q}: the message should name protocol, its values and the bad value: ${e}`);
  assert.equal(st.params.protocol, 'heartbeat', `${q}: the default protocol should run`);
  const s = await shot(page, 'swim-bad-protocol');
  assert.ok(s.colours > 30, `${q}: blank canvas with a bad protocol`);
  await page.close();
});
