// The Experiments tab: runs K seeded trials per value of one parameter in the simulator
// (gossip.experiment, see wasm/experiment.go), a slice per frame so the page stays responsive,
// and shows the table, a plot against theory (uPlot) and the `gossiplab sweep` line that gives
// the same numbers.
(function () {
  'use strict';
  const lab = window.gossipLab;
  const root = document.getElementById('experiments');
  if (!root || lab.embed) return;

  const el = (tag, attrs = {}, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  };

  const kindSel = el('select', { id: 'exp-kind', name: 'kind' });
  const valuesIn = el('input', { id: 'exp-values', name: 'values', type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' });
  const runsIn = el('input', { id: 'exp-runs', name: 'runs', type: 'number', min: '1', step: '1' });
  const seedIn = el('input', { id: 'exp-seed', name: 'seed', type: 'number', min: '0', step: '1' });
  const runBtn = el('button', { id: 'exp-run', type: 'submit', text: 'Run' });
  const cancelBtn = el('button', { id: 'exp-cancel', type: 'button', text: 'Cancel', disabled: '' });
  const valuesLabel = el('span', { text: 'Values' });
  const form = el('form', { id: 'exp-form', novalidate: '' },
    el('label', { class: 'exp-wide' }, el('span', { text: 'Experiment' }), kindSel),
    el('label', { class: 'exp-wide' }, valuesLabel, valuesIn),
    el('label', {}, el('span', { text: 'Runs K' }), runsIn),
    el('label', {}, el('span', { text: 'Seed' }), seedIn),
    el('div', { class: 'exp-buttons' }, runBtn, cancelBtn));
  const message = el('p', { id: 'exp-message', role: 'alert', hidden: '' });
  const bar = el('progress', { id: 'exp-bar', max: '1', value: '0', 'aria-label': 'experiment progress' });
  const status = el('span', { id: 'exp-status', 'aria-live': 'polite', text: 'not run yet' });
  const about = el('p', { id: 'exp-about', class: 'exp-small' });
  const basis = el('p', { id: 'exp-basis', class: 'exp-small' });
  const title = el('h3', { id: 'exp-title' });
  const plotBox = el('div', { id: 'exp-plot' });
  const note = el('p', { id: 'exp-note', class: 'exp-small' });
  const table = el('table', { id: 'exp-table' });
  const cmd = el('pre', { id: 'exp-cmd', tabindex: '0', title: 'The CLI command that gives the same numbers' });
  const copyBtn = el('button', { id: 'exp-copy', type: 'button', text: 'Copy' });
  const resultBox = el('div', { id: 'exp-result', hidden: '' }, title, plotBox, note, table,
    el('div', { class: 'exp-cmd-head' }, el('span', { text: 'Same numbers from the command line:' }), copyBtn), cmd);
  root.append(
    el('h2', { text: 'Experiments' }),
    el('p', { class: 'exp-small', text: 'Seeded trials of the heartbeat protocol with the app\'s current N, M, X, loss, timeouts and latency: warm-up, 60 s measured without a crash, then one crash. The numbers equal those of gossiplab sweep.' }),
    form, basis, about, message, el('div', { class: 'exp-progress' }, bar, status), resultBox);

  let kinds = [];
  let plot = null;
  let polling = false;

  const kindOf = (name) => kinds.find((k) => k.kind === name);

  function fillDefaults() {
    const k = kindOf(kindSel.value);
    if (!k) return;
    valuesIn.value = k.values.join(', ');
    valuesLabel.textContent = `Values of ${k.x_label}`;
    about.textContent = `Plot: ${k.short}.`;
  }

  function showMessage(text) {
    message.textContent = text || '';
    message.hidden = !text;
  }

  // The values field as numbers; anything that is not a number goes as NaN, which the simulator
  // reports by entry with the allowed range.
  function parseValues(text) {
    return text.split(',').map((s) => s.trim()).filter((s, i, all) => s !== '' || all.length === 1)
      .map((s) => (s === '' || !/^[-+0-9.eE]+$/.test(s) ? NaN : Number(s)));
  }

  function intField(input) {
    const s = input.value.trim();
    return s === '' ? null : Number(s);
  }

  // scenario: the settings a lesson's "Run it" asked for (its scenario), kept while the form
  // still shows that lesson's experiment; null means the app's current parameters.
  let scenario = null;

  async function start(api) {
    showMessage('');
    const spec = { kind: kindSel.value, values: parseValues(valuesIn.value), runs: intField(runsIn), seed: intField(seedIn) };
    if (scenario) spec.scenario = scenario;
    if (spec.runs !== null && !Number.isFinite(spec.runs)) spec.runs = String(runsIn.value);
    if (spec.seed !== null && !Number.isFinite(spec.seed)) spec.seed = String(seedIn.value);
    try {
      const r = await api.experiment.start(spec);
      bar.max = r.total_jobs;
      bar.value = 0;
      status.textContent = `job 0 of ${r.total_jobs} · about ${secs(r.estimate_ms)}`;
      setRunning(true);
      poll(api);
    } catch (e) {
      showMessage(e && e.message ? e.message : String(e));
    }
  }

  // Experiments run the simulator: while a live cluster or a trace is shown, Run waits, and says why.
  let feedShown = false;
  setInterval(() => {
    const api = window.gossip;
    if (!api || !api.state) return;
    let kind = 'simulator';
    try { kind = api.state().source.kind; } catch (e) { return; }
    const feed = kind !== 'simulator';
    if (feed === feedShown) return;
    feedShown = feed;
    if (!root.classList.contains('exp-running')) runBtn.disabled = feed;
    runBtn.title = feed ? `Experiments run the simulator: close the ${kind === 'live' ? 'live cluster' : 'trace'} (× on its badge) first` : '';
  }, 500);

  function setRunning(on) {
    runBtn.disabled = on || feedShown;
    cancelBtn.disabled = !on;
    root.classList.toggle('exp-running', on);
  }

  // poll follows progress() once a frame until the runner stops.
  function poll(api) {
    if (polling) return;
    polling = true;
    const tick = () => {
      const p = api.experiment.progress();
      bar.max = Math.max(1, p.total_jobs);
      bar.value = p.done_jobs;
      if (p.running) {
        const left = p.eta_ms != null ? ` · about ${secs(p.eta_ms)} left` : '';
        status.textContent = `job ${Math.min(p.done_jobs + 1, p.total_jobs)} of ${p.total_jobs} (${p.done_jobs} done)${left}`;
        requestAnimationFrame(tick);
        return;
      }
      polling = false;
      setRunning(false);
      if (p.canceled) {
        status.textContent = `canceled after ${p.done_jobs} of ${p.total_jobs} jobs`;
      } else if (p.error) {
        status.textContent = 'failed';
        showMessage(p.error);
      } else {
        status.textContent = `done: ${p.total_jobs} jobs in ${secs(p.elapsed_ms)}`;
        render(api.experiment.result());
      }
    };
    requestAnimationFrame(tick);
  }

  // secs words a duration in ms: "0.4 s", "12 s", "3 min".
  function secs(ms) {
    if (ms == null) return '?';
    if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
    return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
  }

  // fmt shows a number with 4 significant digits (or as an integer when it is large).
  function fmt(x) {
    if (x === null || x === undefined) return '–';
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1000) return x.toFixed(0);
    return Number(x.toPrecision(4)).toString();
  }

  function render(res) {
    if (!res) return;
    resultBox.hidden = false;
    title.textContent = res.title;
    const xName = res.x_label.replace(/ \(.*\)$/, ''); // "N (nodes)" → "N" for the column head
    table.replaceChildren(
      el('caption', { text: `${res.y_label}; ${res.fixed}` }),
      el('thead', {}, el('tr', {}, el('th', { text: xName }), el('th', { text: 'mean' }),
        el('th', { text: '95 % CI', title: 'Student t interval of the mean over the runs, clipped at 0' }), el('th', { text: 'runs' }))));
    const body = el('tbody');
    for (const p of res.points) {
      const ci = p.ci95 === null ? '–' : `${fmt(Math.max(0, p.mean - p.ci95))} – ${fmt(p.mean + p.ci95)}`;
      const runs = p.n < p.runs ? `${p.n} of ${p.runs}` : String(p.runs);
      const tr = el('tr', { 'data-value': String(p.value), 'data-mean': String(p.mean), 'data-sd': String(p.sd), 'data-n': String(p.n) },
        el('td', { text: String(p.value) }), el('td', { class: 'exp-mean', text: fmt(p.mean) }),
        el('td', { text: ci }), el('td', { text: runs }));
      body.append(tr);
    }
    table.append(body);
    let text = res.theory_note ? `Theory: ${res.theory_note}.` : '';
    if (res.fit) text = `Fit: T = ${res.fit.a_ms.toFixed(0)} ms + ${res.fit.b_ms.toFixed(0)} ms · log2 N (R² = ${res.fit.r2.toFixed(3)}). ` + text;
    note.textContent = text;
    cmd.textContent = res.command;
    drawPlot(res);
  }

  const colours = { measured: '#0072b2', curves: ['#d55e00', '#009e73'] };

  // drawPlot: the means as points with 95 % CI whiskers, and the theory curves as lines, on one
  // x axis (log2 for N). uPlot wants every series on the same x values, so they are merged.
  function drawPlot(res) {
    if (plot) { plot.destroy(); plot = null; }
    if (typeof uPlot !== 'function') { plotBox.textContent = 'The plot library did not load.'; return; }
    const xs = [...new Set([...res.values, ...(res.curves || []).flatMap((c) => c.x)])].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const column = () => xs.map(() => null);
    const mean = column(), lo = column(), hi = column();
    for (const p of res.points) {
      const i = at.get(p.value);
      mean[i] = p.mean;
      // Every metric here is a rate or a time, never negative: the interval is clipped at 0.
      if (p.ci95 !== null && p.mean !== null) { lo[i] = Math.max(0, p.mean - p.ci95); hi[i] = p.mean + p.ci95; }
    }
    const data = [xs, mean];
    const series = [{ label: res.x_label }, {
      label: 'measured mean', stroke: colours.measured, width: 0, paths: () => null,
      points: { show: true, size: 8, stroke: colours.measured, fill: colours.measured },
    }];
    (res.curves || []).forEach((c, k) => {
      const col = column();
      c.x.forEach((x, j) => { col[at.get(x)] = c.y[j]; });
      data.push(col);
      series.push({ label: c.label, stroke: colours.curves[k % 2], width: 2, dash: k === 1 ? [6, 4] : undefined,
        spanGaps: true, points: { show: false } });
    });
    const whiskers = (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = colours.measured;
      ctx.setLineDash([]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      const cap = 4 * devicePixelRatio;
      for (let i = 0; i < xs.length; i++) {
        if (lo[i] === null) continue;
        const x = u.valToPos(xs[i], 'x', true);
        const y0 = u.valToPos(lo[i], 'y', true), y1 = u.valToPos(hi[i], 'y', true);
        ctx.beginPath();
        ctx.moveTo(x, y0); ctx.lineTo(x, y1);
        ctx.moveTo(x - cap, y0); ctx.lineTo(x + cap, y0);
        ctx.moveTo(x - cap, y1); ctx.lineTo(x + cap, y1);
        ctx.stroke();
      }
      ctx.restore();
    };
    const allY = [...mean, ...lo, ...hi, ...data.slice(2).flat()].filter((v) => v !== null);
    const yMax = Math.max(1e-9, ...allY) * 1.08;
    const logX = res.param === 'n';
    const opts = {
      width: Math.max(240, plotBox.clientWidth || root.clientWidth - 32),
      height: 230,
      scales: {
        x: logX ? { distr: 3, log: 2, time: false, range: (u, a, b) => [a / 1.25, b * 1.25] } : { time: false, range: (u, a, b) => [a - (b - a) * 0.05 || a - 1, b + (b - a) * 0.05 || b + 1] },
        y: { range: () => [0, yMax] },
      },
      axes: [
        { label: res.x_label, stroke: '#1d232c', grid: { stroke: '#e6e3dc' }, ticks: { stroke: '#d6d3cc' },
          splits: () => res.values.slice().sort((a, b) => a - b), // ticks at the values measured
          values: (u, vals) => vals.map((v) => (v == null ? '' : String(+v.toPrecision(6)))) },
        { label: res.y_label, stroke: '#1d232c', grid: { stroke: '#e6e3dc' }, ticks: { stroke: '#d6d3cc' }, size: 56 },
      ],
      legend: { live: false },
      cursor: { show: false },
      series,
      hooks: { draw: [whiskers] },
    };
    plot = new uPlot(opts, data, plotBox);
  }

  new ResizeObserver(() => {
    if (plot && plotBox.clientWidth > 0) plot.setSize({ width: Math.max(240, plotBox.clientWidth), height: 230 });
  }).observe(plotBox);

  copyBtn.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(cmd.textContent);
      copyBtn.textContent = 'Copied';
    } catch (e) {
      // No clipboard permission: select the text so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(cmd);
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      copyBtn.textContent = 'Selected: press Ctrl+C';
    }
    setTimeout(() => { copyBtn.textContent = 'Copy'; }, 2000);
  });

  // runExperiment({kind, values, runs, scenario}) fills in the form, shows this tab and starts
  // the run (a lesson's "Run it" button, at the lesson's settings); a run in progress is left
  // alone and says so.
  lab.runExperiment = (spec) => lab.ready.then((api) => {
    lab.selectTab('experiments');
    if (api.experiment.progress().running) {
      showMessage('An experiment is still running: cancel it first, or wait for it to finish.');
      return;
    }
    kindSel.value = spec.kind;
    fillDefaults();
    valuesIn.value = spec.values.join(', ');
    runsIn.value = spec.runs;
    scenario = spec.scenario || null;
    basis.textContent = scenario ? `At a lesson's settings: ${scenario.name || 'its scenario'} (change the form to run at the app's current ones).` : '';
    root.scrollTop = 0;
    return start(api);
  });

  lab.ready.then((api) => {
    const info = api.experiment.kinds();
    kinds = info.kinds;
    for (const k of kinds) kindSel.append(el('option', { value: k.kind, text: k.title }));
    runsIn.value = info.runs;
    runsIn.max = info.max_runs;
    seedIn.value = info.seed;
    fillDefaults();
    kindSel.addEventListener('change', fillDefaults);
    // Editing the form makes it the learner's own experiment: at the app's current parameters.
    form.addEventListener('input', () => { scenario = null; basis.textContent = ''; });
    form.addEventListener('submit', (e) => { e.preventDefault(); start(api); });
    cancelBtn.addEventListener('click', () => api.experiment.cancel());
    root.dataset.ready = 'true';
    const p = api.experiment.progress();
    if (p.running) { setRunning(true); poll(api); }
  });
})();
