// Benchmark (./build.sh bench): how long each lesson's "Run it" takes in headless Chromium —
// the wall-clock time a learner waits, with the experiment sharing each frame with the drawing.
// The target is under 30 s on a 2-core machine with software rendering (README, "Speed and
// memory"); a benchmark prints it, it does not assert it.
import { startServer, launch, openApp } from '../browser/harness.mjs';

// lockAll locks in an answer to every question of the lesson shown (any answer: this measures
// the experiment, not the learner).
async function lockAll(page) {
  // Always the first uncommitted one: a locator list is re-read, so locking one shifts the rest.
  const open = page.locator('#lessons .predict[data-committed=false]');
  while (await open.count()) {
    const q = open.first();
    if (await q.locator('input[type=number]').count()) await q.locator('input[type=number]').fill('1');
    else await q.locator('label.predict-choice').first().click();
    await q.getByRole('button', { name: 'Lock in my answer' }).click();
  }
  await page.waitForFunction(() => !document.querySelector('#lessons .lesson-run-experiment').disabled);
}

const server = await startServer();
const browser = await launch();
try {
  const page = await openApp(browser.ctx, server.url, '?lesson=6');
  for (const lesson of [6, 7]) {
    if (lesson !== 6) {
      await page.evaluate((n) => { history.pushState(null, '', `?lesson=${n}`); window.dispatchEvent(new PopStateEvent('popstate')); }, lesson);
    }
    await page.click('#tab-lessons'); // the last Run it left the Experiments tab open
    await page.locator('#lessons .lesson-run-experiment').first().waitFor({ state: 'visible', timeout: 20_000 });
    await lockAll(page); // the buttons wait for the predictions
    const n = await page.locator('#lessons .lesson-run-experiment').count();
    for (let k = 0; k < n; k++) {
      await page.click('#tab-lessons');
      const button = page.locator('#lessons .lesson-run-experiment').nth(k);
      await button.waitFor({ state: 'visible', timeout: 20_000 });
      const label = await button.innerText();
      await button.click();
      await page.waitForFunction(() => !window.gossip.experiment.progress().running && window.gossip.experiment.result(), null,
        { timeout: 600_000, polling: 100 });
      const p = await page.evaluate(() => window.gossip.experiment.progress());
      console.log(`lesson ${lesson} "${label}": ${p.total_jobs} jobs in ${(p.elapsed_ms / 1000).toFixed(1)} s`);
    }
  }
} finally {
  await browser.close();
  server.stop();
}
