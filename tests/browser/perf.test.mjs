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

// Scrubbing a ten-minute run: how long one seek takes in the page (deterministic replay from the
// nearest checkpoint), back to the start, the middle and near the end, and forward step by step.
// Printed for the README; the test checks only that each seek lands where it was sent.
for (const n of [64, 256]) {
  test(`timeline seeks in a ten-minute run at N=${n}`, async () => {
    const page = await openApp(browser.ctx, server.url, `?n=${n}&seed=1&paused=1`);
    await page.evaluate(async () => {
      await window.gossip.apply({ op: 'crash', node: 3 });
      await window.gossip.advance(600_000);
    });
    const times = await page.evaluate(async () => {
      const out = [];
      for (const t of [5_000, 300_000, 590_000, 120_000, 125_000, 130_000, 135_000]) {
        const t0 = performance.now();
        await window.gossip.seek(t);
        out.push({ t, ms: performance.now() - t0, at: window.gossip.state().time_ms });
      }
      return out;
    });
    for (const s of times) assert.equal(s.at, s.t, `N=${n}: seek(${s.t}) showed ${s.at} ms`);
    console.log(`# N=${n} seeks in a 10-minute run: ${times.map((s) => `${s.t / 1000}s ${s.ms.toFixed(0)} ms`).join(', ')}`);
    await page.close();
  });
}
