// The split view in a real Chromium: ?compare=heartbeat,swim runs both protocols on the same
// seeded scenario; a click on a node of the left cluster crashes it in both, and after 20 s both
// rows of state().compare show it suspected and removed by all. Screenshot: test-artifacts/compare.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp, state, waitState, waitFrames, canvasBox, shot, clickAt } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('a node crashed in the left half is crashed and removed by all in both halves', async () => {
  const q = '?compare=heartbeat,swim&n=12&seed=2&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.deepEqual(st.errors, [], `${q}: errors ${JSON.stringify(st.errors)}`);
  assert.equal(st.compare?.length, 2, `${q}: state().compare ${JSON.stringify(st.compare)}`);
  assert.deepEqual(st.compare.map((r) => r.protocol), ['heartbeat', 'swim'], `${q}: protocols`);
  assert.ok(st.controls.compare, `${q}: no compare button`);
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  const target = st.nodes[4];
  await clickAt(page, box.x + target.x, box.y + target.y);
  await waitState(page, (s) => s.compare.every((r) => r.crashed.includes(4)), `${q}: node 4 crashed in both halves`);
  await page.mouse.move(box.x + 5, box.y + box.height - 5);
  await page.evaluate(() => window.gossip.advance(20000));
  st = await waitState(page, (s) => s.time_ms >= 20000, `${q}: 20 s to pass`);
  for (const r of st.compare) {
    assert.equal(r.node, 4, `${q}: ${r.protocol}: last crash ${r.node}`);
    assert.deepEqual(r.crashed, [4], `${q}: ${r.protocol}: crashed ${r.crashed}`);
    assert.ok(r.first_suspect_ms > 0, `${q}: ${r.protocol}: first_suspect_ms ${r.first_suspect_ms}`);
    assert.ok(r.all_removed_ms >= r.first_suspect_ms, `${q}: ${r.protocol}: all_removed_ms ${r.all_removed_ms}`);
    assert.ok(r.msgs_per_node_s > 0 && r.bytes_per_node_s > 0, `${q}: ${r.protocol}: traffic ${JSON.stringify(r)}`);
    // 1 % loss for 20 s with T_suspect 6 s: a live node suspected would be a regression.
    assert.equal(r.false_positives, 0, `${q}: ${r.protocol}: false positives`);
  }
  await waitFrames(page, 3);
  const stats = await shot(page, 'compare');
  assert.ok(stats.colours > 20 && stats.sd > 10, `${q}: the screenshot looks blank: ${JSON.stringify(stats)}`);
  await page.evaluate(() => window.gossip.setCompare(''));
  st = await waitState(page, (s) => !s.compare, `${q}: the split view to close`);
  assert.deepEqual(page.gossipErrors, [], `${q}: page errors`);
  await page.close();
});
