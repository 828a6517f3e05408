// Loads the Gossip Lab simulator (Go compiled to WebAssembly) with a progress bar, and says
// plainly what is missing when the browser cannot run it.
//
// window.gossipLab is what the page's other scripts (panel.js, lessons.js, timeline.js,
// experiments.js) share: the URL parameters, whether the page is embedded, and `ready`, a
// Promise of the window.gossip API once the simulator runs.
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  let resolveReady;
  window.gossipLab = {
    params,
    embed: params.get('embed') === '1',
    ready: new Promise((resolve) => { resolveReady = resolve; }),
  };
  window.onGossipReady = (api) => resolveReady(api);
  const bar = document.getElementById('loader-bar');
  const text = document.getElementById('loader-text');

  function fatal(message) {
    document.getElementById('loader').hidden = true;
    const box = document.getElementById('fatal');
    box.textContent = message;
    box.hidden = false;
    window.gossipLoadError = message;
  }

  function webgl2Available() {
    try {
      return !!document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      return false;
    }
  }

  // Reads the response body chunk by chunk to move the progress bar. The expected size comes
  // from build.json because Content-Length counts compressed bytes when the server uses br/gzip.
  async function fetchWithProgress(url, expected) {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`${url}: HTTP ${resp.status}`);
    if (!resp.body || !expected) return new Uint8Array(await resp.arrayBuffer());
    const reader = resp.body.getReader();
    const chunks = [];
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      got += value.length;
      bar.value = Math.min(1, got / expected);
    }
    const all = new Uint8Array(got);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return all;
  }

  async function start() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      fatal('This browser cannot run WebAssembly, which Gossip Lab needs. Please use a current Firefox, Chrome, Edge or Safari.');
      return;
    }
    if (!webgl2Available()) {
      fatal('This browser has WebGL 2 turned off or unavailable, which Gossip Lab needs to draw. Enable hardware acceleration or WebGL in the browser settings, or try another browser.');
      return;
    }
    let expected = 0;
    try {
      const info = await (await fetch('web/build.json', { cache: 'no-cache' })).json();
      expected = info.wasm_bytes || 0;
    } catch (e) { /* progress then just jumps to the end */ }
    try {
      const bytes = await fetchWithProgress('web/gossiplab.wasm', expected);
      text.textContent = 'Starting…';
      const go = new Go();
      const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
      document.getElementById('loader').hidden = true;
      go.run(instance).then(() => fatal('The simulator stopped. Reload the page to start again.'));
    } catch (e) {
      fatal('Gossip Lab could not start: ' + (e && e.message ? e.message : e));
    }
  }
  start();
})();
