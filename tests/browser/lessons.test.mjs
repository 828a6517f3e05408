// The lessons tab, as a student uses it in a real Chromium: pick a lesson in the list, lock in
// predictions, crash nodes by clicking them on the canvas, move a slider, and watch the
// checklist tick and the answers appear. Also: a broken lesson file or index names the file and
// the field, progress survives a reload, the page works when storage is refused, the browser's
// Back returns to the previous lesson, and the lesson text is real, selectable text.
// Screenshots: test-artifacts/lessons-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServer, launch, openApp, state, waitState, canvasBox, shot, clickAt } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const lessonFile = (f) => readFileSync(join(root, 'web/lessons', f), 'utf8');

// open is the harness's openApp with a hook before the page loads (routes, init scripts).
// fresh: start without saved progress (the browser context is shared by the tests), but keep
// what this page saves across its own reloads.
async function open(query, { fresh = true, setup } = {}) {
  return openApp(browser.ctx, server.url, query, async (page) => {
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

test('lesson 4 end to end by clicking; selectable text; Next and the browser\'s Back', async () => {
  const page = await open('?seed=1');
  const list = await shot(page, 'lessons-list');
  assert.ok(list.colours > 30, 'the list screenshot looks blank');
  assert.equal(await page.locator('#lessons .lesson-item').count(), 10, 'the list should show ten lessons');
  await clickLesson(page, '04-failure-detection');
  assert.match(page.url(), /[?&]lesson=4\b/, 'the lesson should be in the URL');
  assert.equal(await page.locator('#lessons h2').innerText(), 'Failure detection: T_suspect and T_remove');
  await shot(page, 'lessons-lesson4');

  // Before committing, nothing is revealed; the lock button waits for an answer.
  const q0 = predict(page, 0);
  assert.ok(await q0.getByRole('button', { name: 'Lock in my answer' }).isDisabled(), 'lock button enabled without an answer');
  await lockNumber(page, 0, 14);
  await lockChoice(page, 1, 'no');
  assert.ok(await q0.locator('input').isDisabled(), 'a locked answer can still be changed');
  assert.match(await q0.locator('.predict-reveal').innerText(),
    /Run the experiment; the answer appears when every live node has removed the crashed node/);
  assert.equal(await page.locator('#lessons .predict-explanation').count(), 0, 'an explanation shows before the experiment');

  await clickNode(page, 3);
  await clickNode(page, 9);
  await waitTask(page, 0, 'crash two nodes');
  await page.waitForFunction(() => /Task 1 of 3 done/.test(document.querySelector('#lessons .lessons-live').textContent));
  await advance(page, 30_000);
  await waitTask(page, 1, 'suspected by all');
  await waitTask(page, 2, 'removed by all');
  await page.waitForFunction(() => document.querySelectorAll('#lessons .predict[data-revealed=true]').length === 2);
  const r0 = await q0.locator('.predict-answer').innerText();
  assert.match(r0, /right/, `14 s is within ±2 of 14 s: ${r0}`);
  assert.match(r0, /14 seconds/);
  assert.match(await predict(page, 1).locator('.predict-answer').innerText(), /right[\s\S]*no/);
  assert.ok(await page.locator('#lessons .lesson-complete').isVisible(), 'no "lesson done" message');
  await page.locator('#lessons .task-list').scrollIntoViewIfNeeded();
  const s = await shot(page, 'lessons-lesson4-done');
  assert.ok(s.colours > 30 && s.sd > 5, 'the lesson screenshot looks blank');

  // The narrative: paragraphs of text with <strong>, selectable with the mouse.
  const para = page.locator('#lessons .lesson-narrative p').first();
  assert.equal(await para.evaluate((p) => p.tagName), 'P');
  assert.ok(await page.locator('#lessons .lesson-narrative strong').count() >= 2, 'no <strong> in the narrative');
  await para.click({ clickCount: 3 });
  const sel = await page.evaluate(() => window.getSelection().toString());
  assert.match(sel, /A crashed node says nothing/, `selected: ${JSON.stringify(sel)}`);
  assert.equal(await page.locator('#lessons .lesson-narrative').evaluate((el) => el.innerHTML.includes('**')), false,
    'markup shown raw');

  // Next, then the browser's Back: lesson 4 again, with its saved ticks and answers.
  await page.locator('#lessons a.lesson-next').click();
  await waitState(page, (s) => s.lesson && s.lesson.id === '05-tombstones', 'lesson 5 after Next');
  assert.match(page.url(), /lesson=5\b/);
  await page.goBack();
  await waitState(page, (s) => s.lesson && s.lesson.id === '04-failure-detection', 'lesson 4 after the browser\'s Back');
  assert.match(page.url(), /lesson=4\b/);
  assert.equal(await page.locator('#lessons h2').innerText(), 'Failure detection: T_suspect and T_remove');
  assert.equal(await page.locator('#lessons .task[data-done=true]').count(), 3, 'the saved ticks are not shown on revisit');
  assert.ok(await predict(page, 0).locator('input').isDisabled(), 'the saved answer is not locked on revisit');
  await page.locator('#lessons .task-list').scrollIntoViewIfNeeded();
  await shot(page, 'lessons-lesson4-revisit');
  await page.goBack();
  await page.locator('#lessons a.lesson-link').first().waitFor();
  assert.ok(await page.locator('#lessons .lesson-item.finished a[data-lesson="04-failure-detection"]').isVisible(),
    'lesson 4 has no tick in the list');
  await page.goForward();
  await waitState(page, (s) => s.lesson && s.lesson.id === '04-failure-detection', 'lesson 4 after Forward');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('lesson 6 end to end: a false suspicion, the T_suspect slider, a quiet minute', async () => {
  const page = await open('');
  await clickLesson(page, '06-loss-and-false-positives');
  await lockChoice(page, 0, '5 s');
  await lockNumber(page, 1, 0);
  await advance(page, 30_000);
  await waitTask(page, 0, 'a false suspicion');
  await page.waitForFunction(() => document.querySelector('#lessons .predict[data-index="0"]').dataset.revealed === 'true');
  assert.match(await predict(page, 1).locator('.predict-reveal').innerText(), /answer appears when the cluster has run 60 s/);

  // The on-screen T_suspect slider: a click on its track (state().controls.tsuspect_track).
  const box = await canvasBox(page);
  const st = await state(page);
  const c = st.controls.tsuspect_track;
  assert.ok(c, `no T_suspect slider track in state().controls: ${Object.keys(st.controls)}`);
  const t = Math.log(11_000 / 200) / Math.log(120_000 / 200); // where 11 s sits on the log track
  await clickAt(page, box.x + c.x + c.w * t, box.y + c.y + c.h / 2);
  const after = await waitState(page, (s) => s.params.t_suspect_ms !== st.params.t_suspect_ms, 'the slider to change T_suspect');
  assert.ok(after.params.t_suspect_ms >= 8000, `the slider click set T_suspect to ${after.params.t_suspect_ms} ms`);
  await waitTask(page, 1, 'T_suspect ≥ 8 s');
  await advance(page, 90_000);
  await waitTask(page, 2, 'a quiet minute');
  await page.waitForFunction(() => document.querySelectorAll('#lessons .predict[data-revealed=true]').length === 2);
  assert.match(await predict(page, 0).locator('.predict-answer').innerText(), /right/);
  assert.match(await predict(page, 1).locator('.predict-answer').innerText(), /right/);
  await shot(page, 'lessons-lesson6-done');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('broken lesson files and a bad lesson= are named; the other lessons still work', async () => {
  const bad5 = lessonFile('05-tombstones.json').replace(/"kind":\s*"[a-z_]+"/, '"kind": "crashd_count"');
  const page = await open('?lesson=42', {
    setup: async (p) => {
      await p.route('**/web/lessons/05-tombstones.json', (r) => r.fulfill({ contentType: 'application/json', body: bad5 }));
      await p.route('**/web/lessons/07-x-and-m.json', (r) => r.fulfill({ status: 404, body: 'not found' }));
      await p.route('**/web/lessons/08-churn.json', (r) => r.fulfill({ contentType: 'application/json', body: '{"id": "08-churn", "number": 8,' }));
    },
  });
  await page.locator('#lessons .lesson-item').first().waitFor();
  const bad = await page.locator('#lessons .lesson-error').innerText();
  assert.match(bad, /lesson="42"/, bad);
  assert.match(bad, /1 to 10/, bad);
  assert.equal(await page.locator('#lessons .lesson-item').count(), 10, 'the list should show under the message');
  assert.equal(await page.locator('#lessons .lesson-item.broken').count(), 3, 'three lessons should be marked broken');
  await page.locator('#lessons a[data-lesson="05-tombstones"]').click();
  const box = page.locator('#lessons .lesson-error');
  await box.waitFor();
  const msg = await box.innerText();
  assert.match(msg, /05-tombstones\.json/, `the message should name the file: ${msg}`);
  assert.match(msg, /tasks\[0\]\.check\.kind/, `the message should name the field: ${msg}`);
  await shot(page, 'lessons-broken');

  // Next goes on to lesson 6, which works.
  await page.locator('#lessons a.lesson-next').click();
  await waitState(page, (s) => s.lesson && s.lesson.id === '06-loss-and-false-positives', 'lesson 6 after a broken lesson 5');
  assert.equal(await page.locator('#lessons .task').count(), 3);

  await page.locator('#lessons a.lesson-all').click();
  await page.locator('#lessons a[data-lesson="07-x-and-m"]').click();
  assert.match(await page.locator('#lessons .lesson-error').innerText(), /07-x-and-m\.json[\s\S]*HTTP 404/);
  await page.locator('#lessons a.lesson-next').click();
  assert.match(await page.locator('#lessons .lesson-error').innerText(), /08-churn\.json/);
  await page.close();

  const noIndex = await open('', {
    setup: (p) => p.route('**/web/lessons/index.json', (r) => r.fulfill({ status: 500, body: 'oops' })),
  });
  const err = noIndex.locator('#lessons .lesson-error');
  await err.waitFor();
  assert.match(await err.innerText(), /index\.json[\s\S]*HTTP 500/);
  await noIndex.close();
});

test('progress survives a reload; Restart lesson clears it', async () => {
  const page = await open('?lesson=03-heartbeats'); // by id; ?lesson=3 works too
  await waitState(page, (s) => s.lesson && s.lesson.id === '03-heartbeats', 'lesson 3 opened from the URL');
  assert.ok(await page.locator('#side').isVisible(), 'the side panel should open for ?lesson=');
  const firstTask = (await tasks(page).first().innerText());
  const q = predict(page, 0);
  const choices = await q.locator('input[type=radio]').count();
  if (choices) await q.locator('label.predict-choice').first().click();
  else await q.locator('input[type=number]').fill('3');
  await q.getByRole('button', { name: 'Lock in my answer' }).click();
  await q.locator('.predict-locked').waitFor();
  const locked = await q.locator('.predict-locked').innerText();
  await advance(page, 40_000); // lesson 3's first tasks need only time
  await waitTask(page, 0, firstTask);

  await page.reload();
  await page.waitForFunction(() => window.gossip && window.gossip.firstFrameMs != null, null, { timeout: 60_000 });
  await waitState(page, (s) => s.lesson && s.lesson.id === '03-heartbeats', 'lesson 3 after the reload');
  await waitTask(page, 0, 'the saved tick');
  assert.equal(await q.locator('.predict-locked').innerText(), locked, 'the locked answer is not shown after a reload');
  assert.ok(await q.locator('input').first().isDisabled(), 'a saved answer can be changed');

  // Restart clears it.
  await page.getByRole('button', { name: 'Restart lesson' }).click();
  await page.waitForFunction(() => document.querySelector('#lessons .task').dataset.done === 'false');
  assert.ok(await q.locator('.predict-locked').isHidden(), 'Restart lesson kept the locked answer');
  assert.ok(await q.locator('input').first().isEnabled(), 'Restart lesson left the answer locked');
  await page.close();
});

test('storage refused: the lessons still work and say progress is not saved', async () => {
  const page = await open('', {
    fresh: false,
    setup: (p) => p.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    }),
  });
  assert.ok(await page.evaluate(() => { try { return !window.localStorage; } catch (e) { return true; } }), 'storage was not refused');
  const note = page.locator('#lessons .lessons-storage');
  await note.waitFor();
  assert.match(await note.innerText(), /progress is not saved in this browser/i);
  await clickLesson(page, '04-failure-detection');
  await lockChoice(page, 1, 'no');
  await page.evaluate(() => { window.gossip.apply({ op: 'crash', node: 2 }); window.gossip.apply({ op: 'crash', node: 5 }); });
  await waitTask(page, 0, 'two crashes');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('embed mode: no panel, the lesson runs with its caption', async () => {
  const page = await open('?embed=1&lesson=4');
  const s = await waitState(page, (s) => s.lesson && s.lesson.id === '04-failure-detection' && s.caption.title !== '',
    'the embedded lesson and its caption');
  assert.equal(s.caption.title, '4. Failure detection: T_suspect and T_remove');
  assert.match(s.caption.text, /Crash two nodes/);
  assert.ok(await page.locator('#side').isHidden(), 'the side panel shows in embed mode');
  await shot(page, 'lessons-embed');
  await page.close();
});
