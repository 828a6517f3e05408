// Shared set-up for the browser tests: the local server of ./build.sh serve, Debian's Chromium
// driven by playwright-core, and helpers that wait on state the app exposes (never on sleeps).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

// startServer runs out/serve on a free loopback port and resolves to its base URL.
export async function startServer() {
  const proc = spawn(join(root, 'out/serve'), ['-dir', join(root, 'out/site'), '-addr', '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let buf = '';
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) ok(m[0]);
    });
    proc.on('exit', (code) => fail(new Error(`serve exited with ${code} before printing its URL`)));
  });
  return { url, stop: () => proc.kill('SIGTERM') };
}

export async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'gossiplab-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  return { ctx, close: async () => { await ctx.close(); rmSync(dir, { recursive: true, force: true }); } };
}

// openApp loads the app with a query string and waits for its first frame. setup(page), if
// given, runs before the page loads (routes, init scripts).
export async function openApp(ctx, base, query = '', setup = null) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  if (setup) await setup(page);
  await page.goto(base + query);
  await page.waitForFunction(() => window.gossipLoadError || (window.gossip && window.gossip.firstFrameMs != null),
    null, { timeout: 60_000 });
  const loadError = await page.evaluate(() => window.gossipLoadError || null);
  if (loadError) throw new Error(`${query}: the page says: ${loadError}`);
  page.gossipErrors = errors;
  return page;
}

export const state = (page) => page.evaluate(() => window.gossip.state());

// waitState polls state() in the page until pred(state) holds.
export async function waitState(page, pred, what, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let s;
  while (Date.now() < deadline) {
    s = await state(page);
    if (pred(s)) return s;
    await page.waitForTimeout(50); // a poll interval, not a wait for the app
  }
  throw new Error(`timed out waiting for ${what}; last state at t=${s && s.time_ms} ms`);
}

// waitFrames resolves once the app has drawn n more frames.
export async function waitFrames(page, n) {
  const start = (await state(page)).frames;
  await waitState(page, (s) => s.frames >= start + n, `${n} more frames`);
}

export async function canvasBox(page) {
  const box = await page.locator('canvas').first().boundingBox();
  if (!box) throw new Error('no canvas on the page');
  return box;
}

// shot saves a screenshot under test-artifacts/ and returns simple pixel statistics, computed
// in the browser from the PNG (Ebiten's WebGL canvas itself reads back as zeros).
export async function shot(page, name) {
  const png = await page.screenshot();
  writeFileSync(join(artifacts, name + '.png'), png);
  const probe = await page.context().newPage();
  const stats = await probe.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let sum = 0, sum2 = 0;
    for (let i = 0; i < d.length; i += 4 * 7) {
      colours.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3));
      const y = 0.3 * d[i] + 0.59 * d[i + 1] + 0.11 * d[i + 2];
      sum += y; sum2 += y * y;
    }
    const n = d.length / 28;
    return { colours: colours.size, sd: Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2)) };
  }, png.toString('base64'));
  await probe.close();
  return stats;
}

// clickAt presses and releases over whole frames, as a person does: Ebiten polls input once per
// frame, so a press and release inside one frame (10–20 FPS in headless Chromium) would be lost.
export async function clickAt(page, x, y, button = 'left') {
  await page.mouse.move(x, y);
  await waitFrames(page, 2);
  await page.mouse.down({ button });
  await waitFrames(page, 2);
  await page.mouse.up({ button });
  await waitFrames(page, 2);
}

// dragAlong drags from (x0, y0) to (x1, y1) in steps, a frame per step.
export async function dragAlong(page, x0, y0, x1, y1, steps = 8) {
  await page.mouse.move(x0, y0);
  await waitFrames(page, 2);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps);
    await waitFrames(page, 1);
  }
  await page.mouse.up();
  await waitFrames(page, 2);
}
