// Benchmark (./build.sh bench): the browser's frame-time probe. Mean CPU ms per frame of Update
// and Draw at N = 32, 256 and 1000 with packets animating (heartbeat gossip), and at N = 1000
// under SWIM, the rumor (push-pull) and the split view, the time to first frame, and how long
// one seek takes in a ten-minute run. Printed for the README ("Speed and memory"), not asserted:
// headless Chromium rasterises in software, so these are CPU figures, not FPS.
import { startServer, launch, openApp, waitFrames } from '../browser/harness.mjs';

const server = await startServer();
const browser = await launch();
try {
  for (const [n, proto] of [[32, 'heartbeat'], [256, 'heartbeat'], [1000, 'heartbeat'], [1000, 'swim'], [1000, 'rumor'], [1000, 'compare']]) {
    const q = {
      swim: `?protocol=swim&n=${n}&seed=1`,
      rumor: `?protocol=rumor&mode=pushpull&n=${n}&seed=1`,
      compare: `?compare=heartbeat,swim&n=${n}&seed=1&tsuspect=20000&tremove=40000`,
    }[proto] ?? `?n=${n}&seed=1&tsuspect=20000&tremove=40000`;
    const page = await openApp(browser.ctx, server.url, q);
    if (proto === 'rumor') await page.evaluate(() => window.gossip.apply({ op: 'inject', node: 0 }));
    await waitFrames(page, 30);
    await waitFrames(page, 60);
    const st = await page.evaluate(() => window.gossip.frameStats());
    const inFlight = (await page.evaluate(() => window.gossip.state())).in_flight;
    const first = await page.evaluate(() => window.gossip.firstFrameMs);
    console.log(`N=${n} ${proto}: update ${st.update_ms.toFixed(2)} ms + draw ${st.draw_ms.toFixed(2)} ms CPU per frame over ${st.frames} frames, ${inFlight} packets in flight, first frame ${first.toFixed(0)} ms`);
    await page.close();
  }
  // Scrubbing a ten-minute run: one seek, from the call to the promise resolving (which waits
  // for the next frame), back to the start, the middle and near the end, then forward in steps.
  for (const n of [64, 256]) {
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
        out.push({ t, ms: performance.now() - t0 });
      }
      return out;
    });
    console.log(`N=${n} seeks in a 10-minute run: ${times.map((s) => `${s.t / 1000}s ${s.ms.toFixed(0)} ms`).join(', ')}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
}
