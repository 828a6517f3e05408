// Rumor spreading in a real Chromium: protocol=rumor from the URL, a click on a node starts the
// rumor there, push-pull informs all 32 nodes within 15 s of virtual time, and the mode switch
// in the top bar changes the mode. Screenshots go to test-artifacts/rumor-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp, state, waitState, waitFrames, canvasBox, shot, clickAt } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('a clicked node starts the rumor and push-pull informs all 32 nodes', async () => {
  const q = '?protocol=rumor&mode=pushpull&n=32&seed=3&loss=0';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.deepEqual(st.errors, [], `${q}: errors ${JSON.stringify(st.errors)}`);
  assert.equal(st.params.protocol, 'rumor', `${q}: params.protocol`);
  assert.equal(st.params.rumor_mode, 'pushpull', `${q}: params.rumor_mode`);
  assert.equal(st.metrics.informed, 0, `${q}: informed before any click`);
  assert.ok(st.controls.protocol_rumor && st.controls.mode_pull && st.controls.fanout,
    `${q}: controls ${Object.keys(st.controls)}`);
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  const target = st.nodes[5];
  await clickAt(page, box.x + target.x, box.y + target.y);
  st = await waitState(page, (s) => s.nodes[5].informed, `${q}: node 5 to be informed after the click`);
  assert.equal(st.nodes[5].status, 'up', `${q}: the click should inject, not crash`);
  assert.equal(st.metrics.informed, 1, `${q}: informed count right after the click`);
  await page.mouse.move(box.x + 5, box.y + box.height - 5); // no tooltip in the screenshots
  await page.evaluate(() => window.gossip.advance(1300));
  await waitState(page, (s) => s.time_ms >= 1300, `${q}: 1.3 s to pass`);
  await waitFrames(page, 3);
  await shot(page, 'rumor-spreading');
  await page.evaluate(() => window.gossip.advance(13700));
  st = await waitState(page, (s) => s.time_ms >= 15000, `${q}: 15 s to pass`);
  assert.equal(st.metrics.informed, 32, `${q}: informed after 15 s (seed 3)`);
  assert.ok(st.nodes.every((n) => n.informed), `${q}: every node informed`);
  await waitFrames(page, 3);
  const stats = await shot(page, 'rumor-all-informed');
  assert.ok(stats.colours > 20 && stats.sd > 10, `${q}: the screenshot looks blank: ${JSON.stringify(stats)}`);
  assert.deepEqual(page.gossipErrors, [], `${q}: page errors`);
  await page.close();
});

test('the mode switch, setMode() and a bad mode in the URL', async () => {
  const q = '?protocol=rumor&n=16&seed=4';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.equal(st.params.rumor_mode, 'push', `${q}: the default mode`);
  const c = st.controls.mode_pull;
  const box = await canvasBox(page);
  await clickAt(page, box.x + c.x + c.w / 2, box.y + c.y + c.h / 2);
  await waitState(page, (s) => s.params.rumor_mode === 'pull', `${q}: pull after clicking its segment`);
  await page.evaluate(() => window.gossip.setMode('pushpull'));
  await waitState(page, (s) => s.params.rumor_mode === 'pushpull', `${q}: pushpull after setMode`);
  await page.evaluate(() => window.gossip.apply({ op: 'inject', node: 3 }));
  await waitState(page, (s) => s.nodes[3].informed, `${q}: node 3 informed after apply inject`);
  await page.close();

  const bad = '?protocol=rumor&mode=sideways';
  const p2 = await openApp(browser.ctx, server.url, bad);
  st = await state(p2);
  assert.ok(st.errors.some((e) => /mode/.test(e) && /pushpull/.test(e)), `${bad}: errors ${JSON.stringify(st.errors)}`);
  assert.equal(st.params.protocol, 'rumor', `${bad}: the protocol still applies`);
  await p2.close();
});
