// Embedding in a course page: ?embed=1 (minimal controls, no side panel), ?lock= (controls the
// reader cannot change), web/embed.html (an iframe of the app), all under the page's
// Content-Security-Policy and with no request leaving the page's own origin.
// Screenshots: test-artifacts/embed-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openApp, state, waitState, waitFrames, canvasBox, shot, clickAt, dragAlong } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

// watch records, for a page about to load, CSP violations (in every frame), console errors and
// every request URL.
async function watchedPage(ctx) {
  const page = await ctx.newPage();
  const seen = { requests: [], errors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(m.text()); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
      (e) => (window.top.__csp || window.__csp).push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, seen };
}

function assertClean(seen, csp, what) {
  assert.deepEqual(csp, [], `${what}: CSP violations`);
  assert.deepEqual(seen.errors.filter((e) => /Content.Security.Policy|Refused/i.test(e)), [], `${what}: CSP errors in the console`);
  assert.deepEqual(seen.errors, [], `${what}: console errors`);
  const away = seen.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:'));
  assert.deepEqual(away, [], `${what}: requests to other origins`);
  assert.ok(seen.requests.length > 0, `${what}: no requests recorded`);
}

async function pressKey(page, key) {
  await page.keyboard.down(key);
  await waitFrames(page, 2);
  await page.keyboard.up(key);
  await waitFrames(page, 2);
}

test('embed=1 keeps play, step, reset, protocol and speed, drops the side panel, and runs under the CSP', async () => {
  const q = '?embed=1&n=12&seed=3&loss=0';
  const { page, seen } = await watchedPage(browser.ctx);
  await page.setViewportSize({ width: 800, height: 500 });
  await page.goto(server.url + q);
  await page.waitForFunction(() => window.gossipLoadError || window.gossip?.firstFrameMs != null, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.gossipLoadError || null), null, `${q}: load error`);
  let st = await state(page);
  assert.equal(st.embed, true, `${q}: state().embed`);
  assert.deepEqual(st.locked, [], `${q}: state().locked`);
  assert.deepEqual(st.errors, [], `${q}: errors`);
  for (const name of ['play', 'step', 'reset', 'speed', 'protocol_heartbeat', 'protocol_swim']) {
    assert.ok(st.controls[name], `${q}: no ${name} control: ${Object.keys(st.controls)}`);
  }
  for (const name of ['loss', 'fanout', 'period', 'n', 'latency', 'pitfalls', 'matrix', 'help', 'add', 'compare']) {
    assert.ok(!st.controls[name], `${q}: ${name} shown in embed mode`);
  }
  const t0 = st.time_ms;
  st = await waitState(page, (s) => s.time_ms > t0 + 200, `${q}: virtual time to run`);
  // Clicks on nodes still crash them.
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  const n = st.nodes[5];
  await clickAt(page, box.x + n.x, box.y + n.y);
  st = await waitState(page, (s) => s.nodes[5].status !== 'up', `${q}: node 5 crashed by a click`);
  await page.evaluate(() => window.gossip.play());
  await waitFrames(page, 5);
  const stats = await shot(page, 'embed-800x500');
  assert.ok(stats.colours > 20 && stats.sd > 10, `${q}: the screenshot looks blank: ${JSON.stringify(stats)}`);
  assertClean(seen, await page.evaluate(() => window.__csp), q);
  // The policy is live and the listener hears it: an image from elsewhere is refused and reported.
  await page.evaluate(() => { const i = new Image(); i.src = 'http://192.0.2.1/probe.png'; document.body.append(i); });
  await page.waitForFunction(() => window.__csp.some((v) => v.startsWith('img-src')), null, { timeout: 5000 });
  await page.close();
});

test('lock=loss,fanout hides those sliders and a drag where they were changes neither', async () => {
  const ref = await openApp(browser.ctx, server.url, '?n=12&seed=1');
  const refSt = await state(ref);
  await ref.close();
  const q = '?n=12&seed=1&lock=loss,fanout';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.deepEqual(st.locked, ['fanout', 'loss'], `${q}: state().locked`);
  assert.equal(st.embed, false, `${q}: state().embed`);
  assert.ok(!st.controls.loss && !st.controls.fanout, `${q}: locked sliders shown: ${Object.keys(st.controls)}`);
  assert.ok(st.controls.period && st.controls.protocol_swim, `${q}: unlocked controls missing`);
  const { loss, fanout } = st.params;
  await page.evaluate(() => window.gossip.pause());
  const box = await canvasBox(page);
  for (const name of ['loss', 'fanout']) {
    const c = refSt.controls[name];
    const y = box.y + c.y + c.h / 2;
    await dragAlong(page, box.x + c.x + c.w * 0.3, y, box.x + c.x + c.w * 0.95, y);
  }
  st = await state(page);
  assert.equal(st.params.loss, loss, `${q}: loss changed`);
  assert.equal(st.params.fanout, fanout, `${q}: fanout changed`);
  await shot(page, 'embed-lock-loss-fanout');
  // The embedding page's own scripts may still set a locked parameter (the lock is the reader's UI).
  await page.evaluate(() => window.gossip.apply({ op: 'set', param: 'loss', value: 0.2 }));
  await waitState(page, (s) => s.params.loss === 0.2, `${q}: gossip.apply to set loss`);
  assert.deepEqual(page.gossipErrors, [], `${q}: page errors`);
  await page.close();
});

test('lock=protocol,speed in embed mode refuses the P and ] keys', async () => {
  const q = '?embed=1&n=12&seed=4&lock=protocol,speed';
  const page = await openApp(browser.ctx, server.url, q);
  let st = await state(page);
  assert.deepEqual(st.locked, ['protocol', 'speed'], `${q}: state().locked`);
  assert.ok(!st.controls.protocol_swim && !st.controls.speed, `${q}: locked controls shown: ${Object.keys(st.controls)}`);
  assert.ok(st.controls.play && st.controls.step && st.controls.reset, `${q}: play/step/reset missing`);
  const speed = st.speed;
  await page.locator('canvas').first().focus().catch(() => {});
  await pressKey(page, 'p');
  await pressKey(page, ']');
  await waitFrames(page, 5);
  st = await state(page);
  assert.equal(st.params.protocol, 'heartbeat', `${q}: P switched a locked protocol`);
  assert.equal(st.speed, speed, `${q}: ] changed a locked speed`);
  await pressKey(page, ' '); // an unlocked key still works
  await waitState(page, (s) => s.paused, `${q}: Space to pause`);
  await shot(page, 'embed-lock-protocol-speed');
  assert.deepEqual(page.gossipErrors, [], `${q}: page errors`);
  await page.close();
});

test('lock=bogus,loss shows a banner naming lock and the allowed names, and still locks loss', async () => {
  const q = '?lock=bogus,loss';
  const page = await openApp(browser.ctx, server.url, q);
  const st = await state(page);
  assert.equal(st.errors.length, 1, `${q}: errors ${JSON.stringify(st.errors)}`);
  assert.match(st.errors[0], /^lock:/, `${q}: the message names lock`);
  assert.match(st.errors[0], /bogus/, `${q}: the message names the unknown name`);
  assert.match(st.errors[0], /fanout/, `${q}: the message lists the allowed names`);
  assert.deepEqual(st.locked, ['loss'], `${q}: the known name is still locked`);
  assert.ok(!st.controls.loss, `${q}: loss shown`);
  await shot(page, 'embed-lock-bogus');
  await page.close();
});

test('web/embed.html frames the app, which reaches its first frame under the CSP with no foreign request', async () => {
  const { page, seen } = await watchedPage(browser.ctx);
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(server.url + 'web/embed.html');
  const snippet = await page.locator('pre#snippet').textContent();
  assert.match(snippet, /<iframe src=".*index\.html\?embed=1&amp;n=12/, 'the snippet shows the iframe code');
  const el = await page.locator('iframe#lab').elementHandle();
  const frame = await el.contentFrame();
  await frame.waitForFunction(() => window.gossipLoadError || window.gossip?.firstFrameMs != null, null, { timeout: 60_000 });
  assert.equal(await frame.evaluate(() => window.gossipLoadError || null), null, 'the framed app reports a load error');
  const st = await frame.evaluate(() => window.gossip.state());
  assert.equal(st.embed, true, 'state().embed in the frame');
  assert.deepEqual(st.locked, ['protocol', 'n'], 'state().locked in the frame');
  assert.equal(st.nodes.length, 12, 'n=12 in the frame');
  assert.equal(st.params.seed, 3, 'seed=3 in the frame');
  assert.ok(!st.controls.protocol_swim, 'the locked protocol switch is shown in the frame');
  const f = page.frameLocator('iframe#lab');
  const canvas = await f.locator('canvas').first().boundingBox();
  assert.ok(canvas && canvas.width >= 790 && canvas.height >= 490, `the canvas fills the iframe: ${JSON.stringify(canvas)}`);
  const t0 = st.time_ms;
  await frame.waitForFunction((t) => window.gossip.state().time_ms > t + 200, t0, { timeout: 30_000 });
  const stats = await shot(page, 'embed-page');
  assert.ok(stats.colours > 20 && stats.sd > 10, `embed.html: the screenshot looks blank: ${JSON.stringify(stats)}`);
  assertClean(seen, await page.evaluate(() => window.__csp), 'embed.html');
  assert.ok(seen.requests.some((u) => u.endsWith('gossiplab.wasm')), 'embed.html: the wasm was not requested');
  await page.close();
});
