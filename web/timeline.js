// The timeline bar under the canvas: scrub back through the run (the simulator rebuilds any
// earlier moment exactly, by deterministic replay from checkpoints), return to the live run,
// continue from the moment shown (a fork: the later part is dropped), open that moment in a
// new tab, and share the run as a link (?share=v1.…) that replays it to exactly this state.
//
// The bar only reads window.gossip.state() (a few times a second) and calls seek, backToLive,
// continueHere and share; the simulator owns the timeline. Not shown in embed mode.
(function () {
  'use strict';
  const lab = window.gossipLab;
  const bar = document.getElementById('timebar');
  if (!bar || lab.embed) return;

  const POLL_MS = 200; // how often the bar reads state() (throttled requestAnimationFrame)
  const KEY_STEP_MS = 1000; // arrow keys on the timeline
  const PAGE_STEP_MS = 10000; // Page Up / Page Down

  // m:ss of a virtual time in milliseconds.
  function clock(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  function el(tag, props = {}, children = []) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k in e && typeof v !== 'string') e[k] = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  // A button's text, long, and short for narrow screens (timeline.css picks one).
  function labels(long, short) {
    return [el('span', { class: 'tb-long', text: long }), el('span', { class: 'tb-short', text: short })];
  }

  // The share link of the moment shown, as a full URL of this page, with the speed it plays
  // at (a view setting, not part of the run's link text).
  function shareURL(text) {
    let speed = null;
    try { speed = api.state().speed; } catch (e) { /* no state: leave the speed out */ }
    return location.origin + location.pathname + '?share=' + text + (speed != null ? '&speed=' + encodeURIComponent(String(speed)) : '');
  }

  // --- The bar -------------------------------------------------------------------------
  const atLabel = el('span', { id: 'tb-at', class: 'tb-time', title: 'The moment shown' , text: '0:00' });
  const range = el('input', {
    id: 'tb-range', type: 'range', min: '0', max: '0', step: '1', value: '0',
    'aria-label': 'Timeline',
    title: 'Drag back to see the run as it was. Keys: ←/→ 1 s, Page Up/Down 10 s, Home, End (live)',
  });
  const liveLabel = el('span', { id: 'tb-live', class: 'tb-time', title: 'How far the run has got', text: '0:00' });
  const liveBtn = el('button', { type: 'button', id: 'tb-golive', class: 'tb-off',
    title: 'Show the live run again (the moment shown is left as it was)', text: 'Live' });
  const contBtn = el('button', { type: 'button', id: 'tb-continue', class: 'tb-off', 'aria-label': 'Continue from here',
    title: 'Make this moment the present: the run continues from here and its later part is dropped' },
  labels('Continue from here', 'Continue'));
  const forkBtn = el('button', { type: 'button', id: 'tb-fork', 'aria-label': 'Fork in new tab',
    title: 'Open the moment shown in a new tab; this run stays as it is' }, labels('Fork in new tab', 'Fork'));
  // Shown in the place of Live and Continue while the live run is shown.
  const liveChip = el('span', { id: 'tb-livechip', class: 'tb-livechip', 'aria-hidden': 'true', text: 'Live' });
  const shareBtn = el('button', { type: 'button', id: 'tb-share', class: 'tb-primary',
    'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'share-dialog', text: 'Share' });
  // Open trace…: a recorded real cluster (gossiplab cluster --record, or Save trace), played
  // and scrubbed in place of the simulator.
  const traceInput = el('input', { id: 'tb-trace-file', type: 'file', accept: '.jsonl,.json,.txt,application/x-ndjson', hidden: true });
  const traceBtn = el('button', { type: 'button', id: 'tb-trace', 'aria-label': 'Open trace',
    title: 'Open a recorded trace of a real cluster (gossiplab cluster --record, or Save trace) to play and scrub it' },
  labels('Open trace…', 'Trace…'));
  const announce = el('span', { class: 'tb-sr', 'aria-live': 'polite' });
  const note = el('span', { id: 'tb-note', class: 'tb-note', role: 'status' });

  // --- The share dialog ----------------------------------------------------------------
  const linkField = el('input', { id: 'share-link', type: 'text', readOnly: true, spellcheck: false,
    'aria-label': 'Share link', autocomplete: 'off' });
  const copyBtn = el('button', { type: 'button', id: 'share-copy', class: 'tb-primary', text: 'Copy' });
  const closeBtn = el('button', { type: 'button', id: 'share-close', class: 'tb-close',
    'aria-label': 'Close', title: 'Close (Esc)', text: '×' });
  const dlgHint = el('p', { id: 'share-hint', class: 'share-hint' });
  const dlgStatus = el('p', { id: 'share-status', class: 'share-status', role: 'status', 'aria-live': 'polite' });
  const dialog = el('div', { id: 'share-dialog', class: 'share-dialog', role: 'dialog',
    'aria-labelledby': 'share-title', 'aria-describedby': 'share-hint', hidden: true }, [
    el('div', { class: 'share-head' }, [el('h2', { id: 'share-title', text: 'Share this run' }), closeBtn]),
    dlgHint,
    el('div', { class: 'share-row' }, [linkField, copyBtn]),
    dlgStatus,
  ]);

  bar.append(
    el('div', { class: 'tb-scrub' }, [atLabel, range, liveLabel]),
    el('div', { class: 'tb-past' }, [liveChip, el('div', { class: 'tb-pastbtns' }, [liveBtn, contBtn])]),
    note,
    el('div', { class: 'tb-share' }, [traceBtn, traceInput, forkBtn, shareBtn]),
    announce,
    dialog,
  );

  let api = null;
  let last = null; // the last state().timeline read
  let dragging = false; // a pointer holds the range
  let wanted = null; // the seek the user asked for last, not yet sent: {live} or {ms}
  let inFlight = false;

  function setOff(btn, off) { btn.classList.toggle('tb-off', off); btn.disabled = off; }

  // show updates the bar from a timeline state (and the moment being dragged to, if any).
  function show(tl, kind) {
    const busy = dragging || inFlight || wanted;
    if (!busy) {
      range.max = String(tl.live_ms);
      range.value = String(tl.at_ms);
      atLabel.textContent = clock(tl.at_ms);
    }
    liveLabel.textContent = clock(tl.live_ms);
    // What a screen reader says: the moment shown (or being dragged to), kept current.
    const at = busy ? +range.value : tl.at_ms;
    range.setAttribute('aria-valuetext', `${clock(at)} of ${clock(tl.live_ms)}${tl.past ? ' (past; the live run waits)' : ' (live)'}`);
    range.disabled = !tl.available;
    setOff(liveBtn, !tl.past);
    setOff(contBtn, !tl.past);
    // A recording's present is its end.
    liveChip.classList.toggle('tb-off', tl.past || !tl.available);
    const present = kind === 'trace' ? 'End' : 'Live';
    if (liveChip.textContent !== present) { liveChip.textContent = present; liveBtn.textContent = present; }
    forkBtn.disabled = !tl.available;
    bar.classList.toggle('tb-in-past', tl.past);
    const why = kind === 'live' ? 'Live: no past' : 'No timeline in the split view';
    note.textContent = flashMsg || (tl.available ? '' : why);
    const feed = kind === 'live' || kind === 'trace'; // a real cluster's run: no share link, nothing to continue
    shareBtn.disabled = feed;
    forkBtn.disabled = !tl.available || feed;
    if (feed) setOff(contBtn, true);
    const noLink = 'Share links hold simulated runs: Save trace (top bar) keeps a real one';
    shareBtn.title = feed ? noLink : '';
    forkBtn.title = feed ? noLink : 'Open the moment shown in a new tab; this run stays as it is';
    range.title = kind === 'live' ? 'A live cluster has no past: Save trace (top bar), then open the trace to scrub it'
      : 'Drag back to see the run as it was. Keys: ←/→ 1 s, Page Up/Down 10 s, Home, End (live)';
    // Announce each moment the learner lands on (not the live clock ticking, not every step of
    // a drag), and the return to the live run.
    const landed = tl.past && !busy && (!last || last.at_ms !== tl.at_ms || !last.past);
    if (landed) announce.textContent = `Showing ${clock(tl.at_ms)}; the live run waits at ${clock(tl.live_ms)}`;
    else if (last && last.past && !tl.past) announce.textContent = 'Showing the live run';
    last = tl;
  }

  function refresh() {
    if (!api) return;
    let s;
    try { s = api.state(); } catch (e) { return; }
    if (s && s.timeline) show(s.timeline, s.source && s.source.kind);
  }

  // The user moved the range: send one seek at a time, always the latest position.
  function request(ms) {
    const max = +range.max;
    atLabel.textContent = clock(Math.min(ms, max));
    wanted = ms >= max ? { live: true } : { ms };
    if (!inFlight) pump();
  }

  async function pump() {
    inFlight = true;
    while (wanted) {
      const w = wanted;
      wanted = null;
      try {
        await (w.live ? api.backToLive() : api.seek(w.ms));
      } catch (e) {
        flashNote(e && e.message ? e.message : String(e));
      }
    }
    inFlight = false;
    refresh();
  }

  // flashNote shows a problem next to the buttons for a few seconds (full text in its title).
  let flashMsg = '';
  let noteTimer = 0;
  function flashNote(msg) {
    flashMsg = msg;
    note.textContent = msg;
    note.title = msg;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => { flashMsg = ''; note.title = ''; refresh(); }, 8000);
  }
  lab.timelineNote = flashNote; // for autosave.js

  range.addEventListener('pointerdown', () => { dragging = true; });
  window.addEventListener('pointerup', () => { if (dragging) { dragging = false; refresh(); } });
  window.addEventListener('pointercancel', () => { dragging = false; });
  range.addEventListener('input', () => request(+range.value));
  range.addEventListener('keydown', (e) => {
    const max = +range.max;
    let v = +range.value;
    switch (e.key) {
      case 'ArrowLeft': case 'ArrowDown': v -= KEY_STEP_MS; break;
      case 'ArrowRight': case 'ArrowUp': v += KEY_STEP_MS; break;
      case 'PageDown': v -= PAGE_STEP_MS; break;
      case 'PageUp': v += PAGE_STEP_MS; break;
      case 'Home': v = 0; break;
      case 'End': v = max; break;
      default: return;
    }
    e.preventDefault();
    v = Math.max(0, Math.min(max, v));
    range.value = String(v);
    request(v);
  });

  traceBtn.addEventListener('click', () => traceInput.click());
  traceInput.addEventListener('change', async () => {
    const file = traceInput.files && traceInput.files[0];
    traceInput.value = '';
    if (!file) return;
    try {
      await api.openTrace(await file.text(), file.name);
    } catch (e) {
      flashNote(e && e.message ? e.message : String(e));
    }
    refresh();
  });

  liveBtn.addEventListener('click', async () => {
    wanted = null;
    try { await api.backToLive(); } catch (e) { flashNote(e.message); }
    refresh();
    range.focus();
  });
  contBtn.addEventListener('click', async () => {
    wanted = null;
    try { await api.continueHere(); } catch (e) { flashNote(e.message); }
    refresh();
    range.focus();
  });

  // Fork in new tab: the tab is opened at once (inside the click, so no popup blocker
  // objects) and sent to the link when the simulator has made it. This run is not touched.
  forkBtn.addEventListener('click', async () => {
    const tab = window.open('', '_blank');
    try {
      const text = await api.share();
      if (!tab) {
        flashNote('The browser blocked the new tab: use Share to copy the link instead');
        return;
      }
      tab.opener = null;
      tab.location.href = shareURL(text);
    } catch (e) {
      if (tab) tab.close();
      flashNote('Cannot fork: ' + (e && e.message ? e.message : e));
    }
  });

  // --- Share dialog behaviour ------------------------------------------------------------
  function openDialog() {
    dialog.hidden = false;
    shareBtn.setAttribute('aria-expanded', 'true');
    linkField.value = '';
    copyBtn.disabled = true;
    dlgHint.textContent = 'Making the link…';
    setStatus('', false);
    linkField.focus();
    api.share().then((text) => {
      if (dialog.hidden) return;
      const s = api.state();
      linkField.value = shareURL(text);
      copyBtn.disabled = false;
      const n = s.timeline.commands;
      dlgHint.textContent = `Opening this link replays the run exactly up to ${clock(s.timeline.at_ms)}: the same settings and seed`
        + (n === 0 ? ' (no commands given yet).' : `, and the ${n === 1 ? 'command' : n + ' commands'} given so far.`);
      linkField.focus();
      linkField.select();
    }, (e) => {
      if (dialog.hidden) return;
      dlgHint.textContent = 'This run cannot be shared as a link.';
      setStatus(e && e.message ? e.message : String(e), true);
      closeBtn.focus();
    });
  }

  function closeDialog() {
    if (dialog.hidden) return;
    const hadFocus = dialog.contains(document.activeElement);
    dialog.hidden = true;
    shareBtn.setAttribute('aria-expanded', 'false');
    if (hadFocus) shareBtn.focus();
  }

  function setStatus(msg, isError) {
    dlgStatus.textContent = msg;
    dlgStatus.classList.toggle('share-error', !!isError);
  }

  async function copy() {
    const text = linkField.value;
    if (!text) return;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard API');
      await navigator.clipboard.writeText(text);
      setStatus('Copied', false);
      return;
    } catch (e) { /* fall back below */ }
    linkField.focus();
    linkField.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    setStatus(ok ? 'Copied' : 'Select and copy the link (Ctrl+C or ⌘C)', false);
  }

  shareBtn.addEventListener('click', () => { if (dialog.hidden) openDialog(); else closeDialog(); });
  closeBtn.addEventListener('click', closeDialog);
  copyBtn.addEventListener('click', copy);
  linkField.addEventListener('focus', () => linkField.select());
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); closeDialog(); return; }
    if (e.key !== 'Tab') return; // keep Tab inside the dialog while it is open
    const items = [linkField, copyBtn, closeBtn].filter((x) => !x.disabled);
    const i = items.indexOf(document.activeElement);
    const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i + 1) % items.length;
    e.preventDefault();
    items[next].focus();
  });
  document.addEventListener('pointerdown', (e) => {
    if (!dialog.hidden && !dialog.contains(e.target) && e.target !== shareBtn) closeDialog();
  });

  lab.ready.then((gossip) => {
    api = gossip;
    document.body.classList.add('has-bar');
    bar.hidden = false;
    refresh();
    let lastPoll = 0;
    const tick = (now) => {
      if (now - lastPoll >= POLL_MS) { lastPoll = now; refresh(); }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
})();
