// What the lesson tests do as a learner: open a page with fresh progress, pick a lesson, lock in
// answers, click nodes, and wait for the checklist — always on state the app exposes.
import { openApp, state, waitState, canvasBox, clickAt } from './harness.mjs';

// lessonHelpers binds the helpers to the test file's browser and server (got lazily: they
// exist only once the file's before() has run).
export function lessonHelpers(env) {
  // open is the harness's openApp with a hook before the page loads (routes, init scripts).
  // fresh: start without saved progress (the browser context is shared by the tests), but keep
  // what this page saves across its own reloads.
  async function open(query, { fresh = true, setup } = {}) {
    return openApp(env().browser.ctx, env().server.url, query, async (page) => {
      if (fresh) {
        await page.addInitScript(() => {
          try {
            if (!sessionStorage.getItem('lessons-test-fresh')) {
              localStorage.removeItem('gossiplab.progress.v1');
              sessionStorage.setItem('lessons-test-fresh', '1');
            }
          } catch (e) { /* storage refused: nothing to clear */ }
        });
      }
      if (setup) await setup(page);
    });
  }

  const tasks = (page) => page.locator('#lessons .task');
  const predict = (page, k) => page.locator(`#lessons .predict[data-index="${k}"]`);

  async function clickLesson(page, id) {
    const link = page.locator(`#lessons a.lesson-link[data-lesson="${id}"]`);
    await link.waitFor({ state: 'visible', timeout: 20_000 });
    await link.click();
    await waitState(page, (s) => s.lesson && s.lesson.id === id, `lesson ${id} to start in the simulator`);
  }

  // waitTask waits until the checklist in the DOM shows task k as done.
  async function waitTask(page, k, what) {
    try {
      await page.waitForFunction((k) => document.querySelectorAll('#lessons .task')[k]?.dataset.done === 'true', k, { timeout: 20_000 });
    } catch (e) {
      const s = await state(page);
      throw new Error(`task ${k + 1} (${what}) is not ticked in the panel; state().lesson = ${JSON.stringify(s.lesson)} at t=${s.time_ms} ms`);
    }
  }

  // advance moves virtual time on (the learner's speed slider, in fast forward) and waits until
  // the simulator got there.
  async function advance(page, ms) {
    const t0 = (await state(page)).time_ms;
    await page.evaluate((ms) => window.gossip.advance(ms), ms);
    await waitState(page, (s) => s.time_ms >= t0 + ms, `virtual time to pass ${t0 + ms} ms`);
  }

  async function lockChoice(page, k, choiceText) {
    const q = predict(page, k);
    await q.getByLabel(choiceText, { exact: true }).click();
    await q.getByRole('button', { name: 'Lock in my answer' }).click();
    await q.locator('.predict-locked').waitFor({ state: 'visible' });
  }

  async function lockNumber(page, k, value) {
    const q = predict(page, k);
    await q.locator('input[type=number]').click();
    await q.locator('input[type=number]').pressSequentially(String(value));
    await q.getByRole('button', { name: 'Lock in my answer' }).click();
    await q.locator('.predict-locked').waitFor({ state: 'visible' });
  }

  async function clickNode(page, id) {
    const box = await canvasBox(page);
    const n = (await state(page)).nodes.find((x) => x.id === id);
    await clickAt(page, box.x + n.x, box.y + n.y);
    await waitState(page, (s) => s.nodes.find((x) => x.id === id).status === 'crashed', `node ${id} to crash after a click on it`);
  }

  return { open, tasks, predict, clickLesson, waitTask, advance, lockChoice, lockNumber, clickNode };
}
