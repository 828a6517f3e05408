// What a student sees and does, in a real Chromium: the app loads and draws, a click crashes a
// node and the cluster removes it, a second click brings it back, bad URL parameters show a
// banner without stopping the app, and a drag across the canvas partitions the network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp, state, waitState, waitFrames, canvasBox, shot, clickAt, dragAlong } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('first frame arrives and the screen is not blank', async () => {
  const q = '?seed=1';
  const page = await openApp(browser.ctx, server.url, q);
  await waitFrames(page, 10);
  const first = await page.evaluate(() => window.gossip.firstFrameMs);
  const s = await shot(page, 'app-default');
  console.log(`# first frame after ${first.toFixed(0)} ms; screenshot: ${s.colours} colours, luminance sd ${s.sd.toFixed(1)}`);
  assert.ok(s.colours > 30 && s.sd > 5, `${q}: the screenshot looks blank (${JSON.stringify(s)})`);
  assert.ok(await page.locator('#loader').isHidden(), `${q}: the loading screen still covers the canvas`);
  const st = await state(page);
  assert.equal(st.nodes.length, st.params.n, `${q}: state().nodes has ${st.nodes.length} entries for n=${st.params.n}`);
  assert.deepEqual(page.gossipErrors, [], `${q}: errors in the page`);
  await page.close();
});

test('state().nodes has N entries with positions inside the canvas', async () => {
  const q = '?n=20&seed=2';
  const page = await openApp(browser.ctx, server.url, q);
  const st = await state(page);
  const box = await canvasBox(page);
  assert.equal(st.nodes.length, 20, `${q}: ${st.nodes.length} nodes`);
  for (const n of st.nodes) {
    assert.ok(n.x > 0 && n.y > 0 && n.x < box.width && n.y < box.height && n.r > 2,
      `${q}: node ${n.id} at (${n.x}, ${n.y}) r=${n.r} is not inside the ${box.width}×${box.height} canvas`);
  }
  await page.close();
});

test('a click crashes a node, every live node removes it, a second click restarts it', async () => {
  const q = '?n=12&seed=3&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  let st = await state(page);
  const target = st.nodes[5];
  await clickAt(page, box.x + target.x, box.y + target.y);
  st = await waitState(page, (s) => s.nodes[5].status === 'crashed', 'node 5 to crash after the click');
  const p = st.params;
  await page.evaluate((ms) => window.gossip.advance(ms), p.t_remove_ms + 12 * p.period_ms);
  st = await waitState(page, (s) => s.nodes[5].alive === 0 && s.nodes[5].suspect === 0,
    `every live node to remove node 5 (${q})`);
  assert.ok(st.nodes[5].removed >= 1, `${q}: nobody holds a tombstone for node 5: ${JSON.stringify(st.nodes[5])}`);
  await shot(page, 'app-node-removed');

  await clickAt(page, box.x + target.x, box.y + target.y);
  await waitState(page, (s) => s.nodes[5].status === 'up', 'node 5 to restart after the second click');
  await page.evaluate((ms) => window.gossip.advance(ms), 15 * p.period_ms);
  st = await waitState(page, (s) => s.nodes[5].alive === 11, `all 11 other nodes to hold node 5 alive again (${q})`);
  await page.close();
});

test('bad URL parameters show a banner naming them and the app runs with defaults', async () => {
  const q = '?loss=7&n=abc';
  const page = await openApp(browser.ctx, server.url, q);
  await waitFrames(page, 5);
  const st = await state(page);
  assert.equal(st.errors.length, 2, `${q}: errors ${JSON.stringify(st.errors)}`);
  assert.ok(st.errors.some((e) => /loss/.test(e) && /0\.9/.test(e)), `${q}: no message names loss and its range: ${st.errors}`);
  assert.ok(st.errors.some((e) => /\bn\b/.test(e) && /\d+/.test(e)), `${q}: no message names n: ${st.errors}`);
  assert.equal(st.nodes.length, 16, `${q}: the default 16 nodes should run`);
  const before = st.time_ms;
  await page.evaluate(() => window.gossip.advance(1000));
  await waitState(page, (s) => s.time_ms >= before + 1000, 'virtual time to move');
  const s = await shot(page, 'app-bad-params');
  assert.ok(s.colours > 30, `${q}: blank canvas with bad parameters`);
  await page.close();
});

// The line through the cluster's centre at the angle furthest from every node.
function splitLine(nodes) {
  const cx = nodes.reduce((a, n) => a + n.x, 0) / nodes.length;
  const cy = nodes.reduce((a, n) => a + n.y, 0) / nodes.length;
  let best = { gap: -1, angle: 0 };
  for (let k = 0; k < 360; k++) {
    const a = (k * Math.PI) / 360;
    const gap = Math.min(...nodes.map((n) => Math.abs(-(n.x - cx) * Math.sin(a) + (n.y - cy) * Math.cos(a)) - n.r));
    if (gap > best.gap) best = { gap, angle: a };
  }
  const reach = Math.max(...nodes.map((n) => Math.hypot(n.x - cx, n.y - cy))) + 60;
  const dx = Math.cos(best.angle) * reach, dy = Math.sin(best.angle) * reach;
  return [cx - dx, cy - dy, cx + dx, cy + dy];
}

test('dragging a line across the canvas partitions the cluster', async () => {
  const q = '?n=16&seed=4&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  const [x0, y0, x1, y1] = splitLine((await state(page)).nodes);
  await dragAlong(page, box.x + x0, box.y + y0, box.x + x1, box.y + y1);
  await page.evaluate(() => window.gossip.advance(3000));
  const st = await waitState(page, (s) => s.totals.dropped[2] > 0, `messages dropped by the partition (${q})`);
  assert.ok(st.nodes.every((n) => n.status === 'up'), `${q}: the drag crashed a node instead of partitioning`);
  await shot(page, 'app-partitioned');
  await page.close();
});
