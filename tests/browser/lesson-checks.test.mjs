// The lesson checks say exactly what the tasks say, tried the wrong way first, in a real
// Chromium: a task does not tick on another run or mode (1); a dead end is announced and
// "Start this step again" keeps the answers and earlier ticks (2); a reveal waits for what its
// question asks (4); a lesson opens paused at its own speed (6); a key pressed after a click on
// the lesson text reaches the app (7); the chart and the table keep the runs a lesson compares
// (8); a reload at once after clicks loses nothing (11); and a lesson walked on a phone (390×844). (3, a stated condition, is in lessons.test.mjs:
// lesson 6 at 0 % loss.) Screenshots: test-artifacts/checks-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, state, waitState, waitFrames, canvasBox, shot, clickAt } from './harness.mjs';
import { lessonHelpers } from './lesson-helpers.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const { open, predict, waitTask, advance, lockChoice, clickNode } = lessonHelpers(() => ({ browser, server }));

const lessonOpen = (page, id) => waitState(page, (s) => s.lesson && s.lesson.id === id, `lesson ${id} in the simulator`);
const statusText = (page) => page.evaluate(() => document.querySelector('#lessons .task.current .task-status')?.textContent || '');

// startRumor injects at node 0 through the app's own button (the I key's twin) and waits until
// every node knows.
async function rumorToAll(page, what) {
  const box = await canvasBox(page);
  const b = (await state(page)).controls.inject;
  assert.ok(b, `${what}: no Start rumor button in state().controls`);
  await clickAt(page, box.x + b.x + b.w / 2, box.y + b.y + b.h / 2);
  await waitState(page, (s) => s.metrics.informed > 0, `${what}: the rumor to start from the Start rumor button`);
  await advance(page, 30_000);
  await waitState(page, (s) => s.metrics.informed === s.nodes.length, `${what}: every node informed`);
}

test('1, 4, 8: lesson 2 — pull first ticks nothing, the reveal waits for push-pull, and the modes stay side by side', async () => {
  const page = await open('?lesson=2');
  await lessonOpen(page, '02-push-pull');
  await lockChoice(page, 0, 'push-pull');
  await page.evaluate(() => window.gossip.setMode('pull'));
  await waitState(page, (s) => s.params.rumor_mode === 'pull', 'pull mode');
  await rumorToAll(page, 'pull first');
  let s = await state(page);
  assert.deepEqual(s.lesson.done, [false, false, false], `a pull run ticked: ${JSON.stringify(s.lesson)}`);
  assert.match(await statusText(page), /Waiting until the rumor spreads by push/);
  assert.equal(await predict(page, 0).getAttribute('data-revealed'), 'false', 'revealed before push-pull ran');

  await page.evaluate(() => window.gossip.setMode('push'));
  await rumorToAll(page, 'push');
  await waitTask(page, 0, 'push');
  s = await state(page);
  assert.equal(s.lesson.done[1], false, 'the pull task ticked from a pull run before the push run');
  assert.deepEqual(s.rumor_kept.map((k) => k.mode), ['pull'], `kept curves after pull then push: ${JSON.stringify(s.rumor_kept)}`);

  await page.evaluate(() => window.gossip.setMode('pull'));
  await rumorToAll(page, 'pull');
  await waitTask(page, 1, 'pull');
  assert.equal(await predict(page, 0).getAttribute('data-revealed'), 'false', 'revealed after push and pull only');
  await page.evaluate(() => window.gossip.setMode('pushpull'));
  await rumorToAll(page, 'push-pull');
  await waitTask(page, 2, 'push-pull');
  await page.waitForFunction(() => document.querySelector('#lessons .predict[data-index="0"]').dataset.revealed === 'true');

  // Two curves of the earlier modes stay on the chart beside this run's, labelled.
  s = await state(page);
  assert.deepEqual(s.rumor_kept.map((k) => k.mode), ['push', 'pull'], `kept curves: ${JSON.stringify(s.rumor_kept)}`);
  for (const k of s.rumor_kept) assert.ok(k.periods > 2 && k.points > 3, `kept ${k.mode}: ${JSON.stringify(k)}`);
  const rows = await page.locator('#lessons .compare-table tbody tr').allInnerTexts();
  assert.equal(rows.length, 3, `the table should show push, pull and push-pull: ${rows}`);
  // In the order first run (pull, the wrong one), each with its own periods until all knew.
  const table = rows.join('\n');
  assert.match(table, /^pull\t\d+\.\d$[\s\S]*^push\t\d+\.\d$[\s\S]*^push-pull \(now\)\t\d+\.\d$/m, table);
  const periods = Object.fromEntries(rows.map((r) => [r.split('\t')[0].replace(' (now)', ''), Number(r.split('\t')[1])]));
  assert.ok(periods['push-pull'] < periods.push && periods.push < 30, `periods until all knew: ${JSON.stringify(periods)}`);
  const shotStats = await shot(page, 'checks-lesson2-three-modes');
  assert.ok(shotStats.colours > 30, 'blank screenshot');

  // A reload brings the run back, and the rows and curves of the runs before it.
  for (const deadline = Date.now() + 15_000; ;) {
    const ok = await page.evaluate(async () => {
      let run = null;
      try { run = JSON.parse(sessionStorage.getItem('gossiplab.run.v1')); } catch (e) { return false; }
      return !!run && run.link === await window.gossip.share() && (run.compare || []).length === 3;
    });
    if (ok) break;
    assert.ok(Date.now() < deadline, 'the lesson\'s run and rows were not saved within 15 s');
    await page.waitForTimeout(250); // a poll interval, not a wait for the app
  }
  const seen = (await state(page)).lesson.done_at_ms;
  assert.ok(seen.every((t) => t >= 0), `times of the ticks before the reload: ${seen}`);
  await page.reload();
  await page.waitForFunction(() => window.gossip && window.gossip.firstFrameMs != null, null, { timeout: 60_000 });
  const back = await waitState(page, (s) => s.lesson && s.lesson.compare.length === 3 && s.time_ms > 0, 'the lesson, its run and its rows after a reload');
  assert.deepEqual(back.rumor_kept.map((k) => k.mode), ['push', 'pull'], 'the chart lost the earlier modes\' curves');
  assert.deepEqual(back.lesson.done, [true, true, true]);
  assert.deepEqual(back.lesson.done_at_ms, seen, 'the ticks\' times changed with the reload');
  assert.deepEqual(back.lesson.done_this_run, [false, false, true], 'which tick is of the run on screen');
  assert.equal((await page.locator('#lessons .compare-table tbody tr').allInnerTexts()).length, 3);
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('1: lesson 10 — a crash under heartbeat gossip does not count after the switch to SWIM', async () => {
  const page = await open('?lesson=10');
  await lessonOpen(page, '10-swim');
  await clickNode(page, 5);
  await page.evaluate(() => window.gossip.setProtocol('swim'));
  await waitState(page, (s) => s.params.protocol === 'swim' && s.nodes.every((n) => n.status === 'up'), 'a fresh SWIM run');
  await advance(page, 40_000);
  const s = await state(page);
  assert.equal(s.lesson.done[0], false, `the heartbeat task ticked under SWIM: ${JSON.stringify(s.lesson)}`);
  assert.equal(s.lesson.revealed[0], false, 'Q1 revealed with nothing crashed under SWIM');
  assert.match(await statusText(page), /Waiting until the run uses heartbeat gossip/);
  assert.equal(await page.locator('#lessons .task[data-done=true]').count(), 0, 'a task shows done');
  await page.close();
});

test('11: a reload right after two clicks keeps both crashes and the tick with its time', async () => {
  const page = await open('?lesson=4');
  await lessonOpen(page, '04-failure-detection');
  await advance(page, 2_000);
  await clickNode(page, 2);
  await clickNode(page, 6);
  const s = await waitState(page, (s) => s.lesson.done[0] && s.share_link && s.timeline.commands === 2, 'task 1 ticked and the link made');
  await page.reload(); // at once: no periodic save has run since the clicks
  await page.waitForFunction(() => window.gossip && window.gossip.firstFrameMs != null, null, { timeout: 60_000 });
  const back = await waitState(page, (b) => b.lesson && b.time_ms >= 2_000, 'the lesson and its run after the reload');
  assert.deepEqual([back.nodes[2].status, back.nodes[6].status], ['crashed', 'crashed'], 'a crash was lost in the reload');
  assert.equal(back.lesson.done[0], true);
  assert.equal(back.lesson.done_at_ms[0], s.lesson.done_at_ms[0], 'the tick\'s time changed with the reload');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('2: lesson 5 — a dead end is announced, and starting the step again keeps the answer and the ticks', async () => {
  const page = await open('?lesson=5');
  await lessonOpen(page, '05-tombstones');
  await lockChoice(page, 0, 'it is removed once and stays gone');
  const locked = await predict(page, 0).locator('.predict-locked').innerText();
  await page.evaluate(() => window.gossip.setPitfall('no_tombstone', true));
  await waitTask(page, 0, 'the bug on');
  const bugOn = (await state(page)).time_ms;
  await advance(page, 2_000);
  await clickNode(page, 7);
  await waitTask(page, 1, 'a crash with the bug on');
  // The wrong thing: the bug off again, so tombstones keep the crashed node from coming back.
  await page.evaluate(() => window.gossip.setPitfall('no_tombstone', false));
  await advance(page, 90_000);
  await page.evaluate(() => window.gossip.setPitfall('no_tombstone', true));
  await advance(page, 5_000);
  const stuck = page.locator('#lessons .task-stuck');
  await stuck.waitFor({ state: 'visible', timeout: 20_000 });
  const why = await stuck.innerText();
  assert.match(why, /This step is stuck in this run/, why);
  assert.match(why, /none still gossips its old heartbeat/, why);
  assert.match(why, /where step 2 began/, why);
  await stuck.scrollIntoViewIfNeeded();
  await shot(page, 'checks-lesson5-dead-end');

  await stuck.getByRole('button', { name: 'Start this step again' }).click();
  const back = await waitState(page, (s) => s.time_ms === bugOn && !s.timeline.past, 'the run back at the moment the bug went on');
  assert.equal(back.nodes[7].status, 'up', 'node 7 is still crashed after going back');
  assert.equal(back.paused, true, 'going back should pause');
  assert.ok(await stuck.isHidden(), 'the dead end still shows after going back');
  assert.equal(await predict(page, 0).locator('.predict-locked').innerText(), locked, 'the locked answer was lost');
  assert.equal(await page.locator('#lessons .task').nth(0).getAttribute('data-done'), 'true', 'the first tick was lost');
  assert.deepEqual(back.lesson.done, [true, false, false], JSON.stringify(back.lesson));
  // And this time it works.
  await clickNode(page, 9);
  await advance(page, 120_000);
  await waitTask(page, 2, 'stale gossip brings the node back');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('4: lesson 7 — the bytes at M = 3 are revealed after ten seconds at M = 3, not when M goes to 1', async () => {
  const page = await open('?lesson=7');
  await lessonOpen(page, '07-x-and-m');
  await page.evaluate(() => window.gossip.apply({ op: 'set', param: 'fanout', value: 1 }));
  await advance(page, 30_000);
  let s = await state(page);
  assert.equal(s.lesson.revealed[0], false, 'Q1 (bytes at M = 3) revealed after M was set to 1');
  assert.equal(s.lesson.done[0], false, 'task 1 (10 s at M = 3) ticked at M = 1');
  await page.evaluate(() => window.gossip.apply({ op: 'set', param: 'fanout', value: 3 }));
  await advance(page, 11_000);
  s = await waitState(page, (s) => s.lesson.revealed[0], 'Q1 revealed after 10 s at M = 3');
  assert.equal(s.lesson.done[0], true);
  const rows = await page.locator('#lessons .compare-table tbody tr').allInnerTexts();
  assert.equal(rows.length, 2, `the table should keep M = 1 and M = 3: ${rows}`);
  await page.close();
});

test('6, 7: a lesson opens paused at its speed; keys pressed on the lesson text reach the app; a toast fits', async () => {
  const page = await open('');
  await page.evaluate(() => { window.gossip.setSpeed(6.8); window.gossip.play(); });
  await waitState(page, (s) => s.time_ms > 2000, 'the default run to play fast');
  await page.locator('#lessons a.lesson-link[data-lesson="03-heartbeats"]').click();
  await lessonOpen(page, '03-heartbeats');
  await waitFrames(page, 15);
  let s = await state(page);
  assert.ok(s.paused && s.time_ms === 0 && s.speed === 1, `lesson 3 opened: paused ${s.paused}, t = ${s.time_ms}, speed ${s.speed}`);
  assert.equal(s.lesson.done[0], false, 'a task ticked before the learner did anything');

  // Click the lesson's text (focus leaves the canvas), then the keys the lessons name.
  await page.locator('#lessons .lesson-narrative p').first().click();
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'CANVAS');
  await page.keyboard.press('a');
  s = await waitState(page, (s) => s.nodes.length === 17, 'A pressed on the lesson text to add a node');
  await page.keyboard.press('Space');
  await waitState(page, (s) => !s.paused, 'Space pressed on the lesson text to play');
  await page.keyboard.press('Space');
  await waitState(page, (s) => s.paused, 'Space again to pause');
  // Shift+click on a node after a click on the lesson text selects it (the canvas did not see
  // the Shift key go down).
  await page.locator('#lessons .lesson-narrative p').first().click();
  const box = await canvasBox(page);
  const n5 = (await state(page)).nodes[5];
  await page.keyboard.down('Shift');
  await clickAt(page, box.x + n5.x, box.y + n5.y);
  await page.keyboard.up('Shift');
  s = await waitState(page, (s) => s.selected === 5, 'Shift+click to select node 5');
  assert.equal(s.nodes[5].status, 'up', 'Shift+click crashed the node instead of selecting it');
  await page.locator('#lessons .lesson-narrative p').first().click();
  await page.keyboard.press('Escape');
  await waitState(page, (s) => s.selected === -1, 'Escape on the page to close the list');
  // L with nothing selected: the hint toast says how to select, wrapped to fit the canvas.
  await page.keyboard.press('l');
  await waitFrames(page, 3);
  await shot(page, 'checks-keys-toast');
  // After a click on "Lock in": the key still works (the button is gone, the focus is on the page).
  await lockChoice(page, 1, 'a few periods: the news spreads from the seed like a rumor');
  await page.keyboard.press('a');
  await waitState(page, (s) => s.nodes.length === 18, 'A pressed after locking in an answer');
  // Typing a number in an answer field is not a key for the app.
  await predict(page, 0).locator('input[type=number]').click();
  await page.keyboard.type('876');
  await waitFrames(page, 5);
  assert.equal((await state(page)).nodes.length, 18, 'digits typed in an answer field reached the app');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});

test('12: lesson 4 walked on a phone (390×844): Lesson | Cluster switch, tap to crash, ticks', async () => {
  const page = await open('?lesson=4', { setup: (p) => p.setViewportSize({ width: 390, height: 844 }) });
  await lessonOpen(page, '04-failure-detection');
  const sw = page.locator('#phone-switch');
  await sw.waitFor({ state: 'visible' });
  const big = await page.locator('#show-cluster').boundingBox();
  assert.ok(big.height >= 44 && big.width >= 150, `the Cluster button is ${big.width}×${big.height} px: too small for a thumb`);
  assert.ok(await page.locator('#side').isVisible(), 'the lesson should show first');
  await shot(page, 'checks-phone-lesson');
  await lockChoice(page, 1, 'no');

  await page.locator('#show-cluster').click();
  await page.locator('#side').waitFor({ state: 'hidden' });
  const box = await canvasBox(page);
  assert.ok(box.height > 400, `the cluster's canvas is ${box.height} px high on the phone`);
  for (const id of [2, 6]) {
    const n = (await state(page)).nodes[id];
    await clickAt(page, box.x + n.x, box.y + n.y);
    await waitState(page, (s) => s.nodes[id].status === 'crashed', `node ${id} to crash after a tap`);
  }
  await shot(page, 'checks-phone-cluster');
  // The pitfall toggle of the side panel's section is reachable: nothing floats over it.
  const pit = (await state(page)).controls.pitfalls;
  const over = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, { x: box.x + pit.x + pit.w / 2, y: box.y + pit.y + pit.h / 2 });
  assert.equal(over, 'CANVAS', `something covers the Pitfalls toggle: ${over}`);

  await page.locator('#show-panel').click();
  await page.locator('#side').waitFor({ state: 'visible' });
  await waitTask(page, 0, 'two crashes by tapping');
  await advance(page, 30_000);
  await waitTask(page, 2, 'removed by all');
  assert.equal(await predict(page, 1).getAttribute('data-revealed'), 'true');
  await shot(page, 'checks-phone-done');
  assert.deepEqual(page.gossipErrors, [], 'errors in the page');
  await page.close();
});
