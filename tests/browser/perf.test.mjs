// Frame-time probe: mean CPU ms per frame of Update and Draw at N = 32, 256 and 1000 with
// packets animating (heartbeat gossip), and at N = 1000 under SWIM, the rumor (push-pull) and the split view, and the time to first frame. Printed for the README, not asserted:
// headless Chromium rasterises in software, so these are CPU figures, not FPS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp, waitFrames, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

for (const [n, proto] of [[32, 'heartbeat'], [256, 'heartbeat'], [1000, 'heartbeat'], [1000, 'swim'], [1000, 'rumor'], [1000, 'compare']]) {
  test(`frame stats at N=${n} (${proto})`, async () => {
    const q = {
      swim: `?protocol=swim&n=${n}&seed=1`,
      rumor: `?protocol=rumor&mode=pushpull&n=${n}&seed=1`,
      compare: `?compare=heartbeat,swim&n=${n}&seed=1&tsuspect=20000&tremove=40000`,
    }[proto] ?? `?n=${n}&seed=1&tsuspect=20000&tremove=40000`;
    const page = await openApp(browser.ctx, server.url, q);
    if (proto === 'rumor') await page.evaluate(() => window.gossip.apply({ op: 'inject', node: 0 }));
    await waitFrames(page, 30);
    const before = await page.evaluate(() => window.gossip.frameStats());
    await waitFrames(page, 60);
    const st = await page.evaluate(() => window.gossip.frameStats());
    const inFlight = (await page.evaluate(() => window.gossip.state())).in_flight;
    const first = await page.evaluate(() => window.gossip.firstFrameMs);
    console.log(`# N=${n} ${proto}: update ${st.update_ms.toFixed(2)} ms + draw ${st.draw_ms.toFixed(2)} ms CPU per frame over ${st.frames} frames, ${inFlight} packets in flight, first frame ${first.toFixed(0)} ms`);
    assert.ok(st.frames > before.frames, `${q}: no frames counted`);
    await shot(page, proto === 'heartbeat' ? `perf-n${n}` : `perf-n${n}-${proto}`);
    await page.close();
  });
}
