// The lessons tab of the side panel: the lesson list, one lesson at a time (its text, a live
// checklist of its tasks, its predict-then-reveal questions), Back/Next, the lesson in the URL
// (?lesson=4, with the browser's back and forward), and progress kept in localStorage.
//
// Every piece of text from a lesson file goes into the page as text (textContent, or the
// <strong>/<code> of its **bold** and `code` markup), never as HTML. The simulator checks the
// tasks (window.gossip.startLesson, lesson.Checker in Go); this file polls state().lesson and
// shows what it says.
//
// In embed mode (?embed=1&lesson=4) there is no panel: the lesson's scenario runs with its
// title and summary as a caption over the canvas.
(function () {
  'use strict';
  const lab = window.gossipLab;
  const root = document.getElementById('lessons');
  const DIR = 'web/lessons/';
  const STORE_KEY = 'gossiplab.progress.v1';
  const POLL_MS = 250;

  const { h, inline, fill, plain } = lab.dom;

  // ---- progress (lesson-progress.js) and words for checks and answers (lesson-words.js) ----

  const store = lab.lessonProgress(STORE_KEY, () => showStorageNote());
  const { correct, answerText, seconds } = lab.lessonWords;
  const live = lab.lessonLive;

  // ---- the course: index.json and the lesson files ----

  // entries[i] = {file, id, number, text?, lesson?, error?}; number is the place in index.json.
  const course = { entries: [], error: null };

  async function fetchText(url) {
    let resp;
    try {
      resp = await fetch(url, { cache: 'no-cache' });
    } catch (e) {
      throw new Error(`${url} could not be loaded: ${e && e.message ? e.message : e}`);
    }
    if (!resp.ok) throw new Error(`${url} could not be loaded: HTTP ${resp.status}${resp.statusText ? ' ' + resp.statusText : ''}`);
    return resp.text();
  }

  async function loadIndex() {
    const url = DIR + 'index.json';
    const text = await fetchText(url);
    let idx;
    try {
      idx = JSON.parse(text);
    } catch (e) {
      throw new Error(`${url} is not valid JSON: ${e.message}`);
    }
    if (!idx || !Array.isArray(idx.lessons) || idx.lessons.some((f) => typeof f !== 'string' || !/^[\w.-]+\.json$/.test(f))) {
      throw new Error(`${url}: field lessons must be a list of lesson file names such as "01-one-rumor.json"`);
    }
    return idx.lessons;
  }

  // loadCourse fetches the index and every lesson file, and parses them with the simulator's
  // own validator. A broken file becomes an entry with an error; the others still work.
  async function loadCourse(api) {
    let files;
    try {
      files = await loadIndex();
    } catch (e) {
      course.error = e.message;
      return;
    }
    course.entries = files.map((file, i) => ({ file, id: file.replace(/\.json$/, ''), number: i + 1 }));
    await Promise.all(course.entries.map(async (en) => {
      try {
        en.text = await fetchText(DIR + en.file);
      } catch (e) {
        en.error = e.message;
        return;
      }
      let res;
      try {
        res = api.parseLesson(en.file, en.text);
      } catch (e) {
        res = { error: `${en.file}: ${e && e.message ? e.message : e}` };
      }
      if (res && res.lesson) en.lesson = res.lesson;
      else en.error = (res && res.error) || `${en.file} could not be read`;
    }));
  }

  // findEntry resolves a lesson= value: a number 1..N or an id (with or without .json).
  function findEntry(value) {
    const v = String(value).trim();
    if (/^\d+$/.test(v)) return course.entries[Number(v) - 1] || null;
    const id = v.replace(/\.json$/i, '').toLowerCase();
    return course.entries.find((en) => en.id.toLowerCase() === id) || null;
  }

  function badLessonMessage(value) {
    const n = course.entries.length;
    const ids = course.entries.map((en) => en.id).join(', ');
    return `The URL parameter lesson=${JSON.stringify(value)} names no lesson. ` +
      `Use a number from 1 to ${n} or one of the lesson ids: ${ids}.`;
  }

  // ---- the page ----

  const liveRegion = h('p', { class: 'lessons-live', role: 'status', 'aria-live': 'polite' });
  const storageNote = h('p', { class: 'lessons-storage', hidden: true }, 'Progress is not saved in this browser.');
  const view = h('div', { class: 'lessons-view' });
  function showStorageNote() { storageNote.hidden = false; }

  let api = null;
  let current = null; // {entry, lesson, prog, els, starting, stopped, token}
  let pollTimer = 0;
  let startToken = 0;
  let baseTitle = document.title;

  function announce(text) {
    // Clearing first makes a screen reader read a repeated message again.
    liveRegion.textContent = '';
    setTimeout(() => { liveRegion.textContent = text; }, 30);
  }

  function urlFor(entry) {
    const u = new URL(location.href);
    if (entry) u.searchParams.set('lesson', String(entry.number));
    else u.searchParams.delete('lesson');
    return u.pathname + u.search + u.hash;
  }

  function navigate(entry) {
    const url = urlFor(entry);
    if (url !== location.pathname + location.search + location.hash) {
      history.pushState({ lesson: entry ? entry.number : null }, '', url);
    }
    if (entry) openLesson(entry, true);
    else showList(null, true);
  }

  // link makes an <a> that opens a lesson (or the list) in place, and still works as a link
  // (new tab, copy address).
  function link(entry, attrs, ...children) {
    return h('a', Object.assign({
      href: urlFor(entry),
      onclick: (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(entry);
      },
    }, attrs), ...children);
  }

  function errorBox(title, message) {
    return h('div', { class: 'lesson-error', role: 'alert' },
      h('p', { class: 'lesson-error-title' }, title),
      h('pre', { class: 'lesson-error-text' }, message));
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = 0;
  }

  function leaveLesson() {
    stopPolling();
    if (current && api) api.stopLesson().catch(() => {});
    current = null;
    startToken++;
    document.title = baseTitle;
  }

  // ---- the list ----

  function showList(problem, focus) {
    leaveLesson();
    const items = course.entries.map((en) => {
      const l = en.lesson;
      const prog = l ? store.get(l) : null;
      const doneN = prog ? prog.done.filter(Boolean).length : 0;
      let status;
      if (!l) status = h('span', { class: 'lesson-status broken' }, '⚠', h('span', { class: 'sr-only' }, ' could not be read'));
      else if (prog.finished) status = h('span', { class: 'lesson-status finished', title: 'Finished' }, '✓', h('span', { class: 'sr-only' }, ' finished'));
      else if (doneN > 0) status = h('span', { class: 'lesson-status partial' }, `${doneN}/${l.tasks.length}`, h('span', { class: 'sr-only' }, ' tasks done'));
      else status = h('span', { class: 'lesson-status' });
      return h('li', { class: 'lesson-item' + (prog && prog.finished ? ' finished' : '') + (l ? '' : ' broken') },
        link(en, { class: 'lesson-link', 'data-lesson': en.id },
          h('span', { class: 'lesson-num', 'aria-hidden': 'true' }, String(en.number)),
          h('span', { class: 'lesson-text' },
            h('span', { class: 'lesson-title' }, h('span', { class: 'sr-only' }, `Lesson ${en.number}: `), l ? l.title : en.file),
            h('span', { class: 'lesson-summary' }, l ? l.summary : 'This lesson file could not be read: open it to see why.')),
          status));
    });
    const done = course.entries.filter((en) => en.lesson && store.get(en.lesson).finished).length;
    fill(view,
      h('h2', { class: 'lessons-heading', tabindex: '-1' }, 'Lessons'),
      problem ? errorBox('No such lesson', problem) : null,
      course.error ? errorBox('The lesson list could not be loaded', course.error) : null,
      course.entries.length
        ? h('p', { class: 'lessons-intro' },
          'Short guided experiments on the running cluster. Each asks you to predict, then try it: the checklist ticks itself as you go.',
          done ? ` You have finished ${done} of ${course.entries.length}.` : '')
        : null,
      course.entries.length ? h('ol', { class: 'lesson-list' }, items) : null);
    if (focus) view.querySelector('h2').focus({ preventScroll: true });
    root.scrollTop = 0;
  }

  // ---- one lesson ----

  // openLesson shows a lesson and starts its run; restoring (a reload of this very page) replays
  // the run saved before the reload instead, when there is one.
  function openLesson(entry, focus, restoring) {
    leaveLesson();
    const token = startToken;
    const i = entry.number - 1;
    const prev = course.entries[i - 1], next = course.entries[i + 1];
    const nav = (where) => h('nav', { class: 'lesson-nav lesson-nav-' + where, 'aria-label': where === 'top' ? 'Lessons' : 'Previous and next lesson' },
      where === 'top'
        ? [link(null, { class: 'lesson-all' }, '← All lessons'), h('span', { class: 'lesson-count' }, `Lesson ${entry.number} of ${course.entries.length}`)]
        : [prev ? link(prev, { class: 'lesson-prev', rel: 'prev' }, '← Back: ', h('span', null, `${prev.number} · ${prev.lesson ? prev.lesson.title : prev.file}`)) : h('span'),
          next ? link(next, { class: 'lesson-next', rel: 'next' }, 'Next: ', h('span', null, `${next.number} · ${next.lesson ? next.lesson.title : next.file}`), ' →') : h('span')]);

    if (!entry.lesson) {
      document.title = `${entry.file} — ${baseTitle}`;
      fill(view, nav('top'),
        h('h2', { class: 'lesson-heading', tabindex: '-1' }, `Lesson ${entry.number}: ${entry.file}`),
        errorBox(`This lesson could not be opened`, entry.error),
        h('p', null, 'The other lessons still work: go back to the list or on to the next one.'),
        nav('bottom'));
      if (focus) view.querySelector('h2').focus({ preventScroll: true });
      root.scrollTop = 0;
      return;
    }

    const l = entry.lesson;
    document.title = `${l.number} · ${l.title} — ${baseTitle}`;
    const prog = store.get(l);
    const cur = { entry, lesson: l, prog, starting: true, stopped: false, liveDone: l.tasks.map(() => false), els: {}, statusTask: -1 };
    current = cur;

    const taskItems = l.tasks.map((t, k) => h('li', { class: 'task', 'data-done': 'false' },
      h('span', { class: 'task-box', 'aria-hidden': 'true' }),
      h('span', { class: 'sr-only task-state' }, 'To do: '),
      h('span', { class: 'task-text' }, inline(t.text)),
      h('span', { class: 'task-when' })));
    cur.els.tasks = taskItems;
    cur.els.progress = h('span', { class: 'lesson-progress' });
    cur.els.repeat = h('p', { class: 'task-repeat', hidden: true },
      'This run has not done the earlier steps yet: tasks are checked in order, on the run you see, so do them again to tick the rest.');
    cur.els.stopped = h('p', { class: 'task-repeat', hidden: true },
      'The lesson\'s checks stopped because another run was loaded. Press “Restart lesson” to check the tasks again.');
    cur.els.startError = h('div', { hidden: true });
    cur.els.complete = h('p', { class: 'lesson-complete', hidden: true },
      '✓ Lesson done. ', next ? link(next, { class: 'lesson-next-inline' }, `On to lesson ${next.number} →`) : 'That was the last lesson.');
    cur.els.predict = l.predict.map((q, k) => predictBlock(cur, q, k));
    cur.run = live.runBar(api);
    cur.status = live.taskStatus(api, () => announce('Back at the start of the step. Try it again.'));
    cur.compare = l.compare ? live.compareTable(l.compare) : null;
    cur.els.debrief = l.debrief && l.debrief.length
      ? h('section', { class: 'lesson-section lesson-debrief', 'aria-labelledby': 'debrief-title', hidden: true },
        h('h3', { id: 'debrief-title' }, 'What you saw'),
        l.debrief.map((p) => h('p', null, inline(p))))
      : null;

    fill(view,
      nav('top'),
      h('article', { class: 'lesson', 'aria-labelledby': 'lesson-title' },
        h('header', { class: 'lesson-head' },
          h('p', { class: 'lesson-kicker' }, `Lesson ${l.number}`),
          h('h2', { id: 'lesson-title', class: 'lesson-heading', tabindex: '-1' }, l.title),
          h('p', { class: 'lesson-lede' }, inline(l.summary)),
          cur.els.progress),
        cur.run.el,
        h('div', { class: 'lesson-narrative' }, l.narrative.map((p) => h('p', null, inline(p)))),
        h('section', { class: 'lesson-section', 'aria-labelledby': 'predict-title' },
          h('h3', { id: 'predict-title' }, 'First, predict'),
          h('p', { class: 'section-note' }, 'Commit to an answer before you run the experiment: guesses you lock in teach more than answers you read.'),
          cur.els.predict.map((b) => b.el)),
        h('section', { class: 'lesson-section', 'aria-labelledby': 'tasks-title' },
          h('h3', { id: 'tasks-title' }, 'Then, try it'),
          h('ol', { class: 'task-list' }, taskItems),
          cur.status.stuck,
          cur.els.repeat, cur.els.stopped, cur.els.startError, cur.els.complete,
          h('p', { class: 'lesson-actions' },
            h('button', { type: 'button', class: 'lesson-restart', onclick: () => restart(cur) }, 'Restart lesson'))),
        cur.compare ? cur.compare.el : null,
        cur.els.debrief,
        experimentsSection(l)),
      nav('bottom'));
    renderTasks(cur);
    if (focus) view.querySelector('h2').focus({ preventScroll: true });
    root.scrollTop = 0;
    start(cur, token, restoring);
  }

  // experimentsSection offers the lesson's sweeps: a button fills in the Experiments tab
  // (experiments.js: gossipLab.runExperiment) and runs it at the lesson's own settings (its
  // scenario, whatever was changed since), saying first about how long it takes; a second button
  // runs three times as many seeded runs, for tighter intervals.
  function experimentsSection(l) {
    if (!l.experiments || !l.experiments.length) return null;
    const about = (spec) => {
      try {
        const ms = api.experiment.plan(spec).estimate_ms;
        return ms < 1500 ? 'about a second' : ms < 60_000 ? `about ${Math.round(ms / 1000)} s` : `about ${Math.round(ms / 60_000)} min`;
      } catch (e) {
        return null;
      }
    };
    const button = (cls, label, spec) => {
      const t = about(spec);
      return h('button', { type: 'button', class: cls, onclick: () => { if (lab.runExperiment) lab.runExperiment(spec); } },
        label, t ? h('span', { class: 'exp-estimate' }, ` (${t})`) : null);
    };
    return h('section', { class: 'lesson-section', 'aria-labelledby': 'measure-title' },
      h('h3', { id: 'measure-title' }, 'Then, measure it'),
      h('p', { class: 'section-note' }, 'Seeded runs in the Experiments tab, at this lesson\'s settings; the tab shows the command that gives the same numbers. Lock in your predictions first: the measurement answers them.'),
      l.experiments.map((e, k) => {
        const spec = { kind: e.kind, values: e.values, runs: e.runs, scenario: l.scenario };
        const more = Object.assign({}, spec, { runs: Math.min(20, e.runs * 3) });
        return h('div', { class: 'lesson-experiment', 'data-index': String(k) },
          h('p', null, inline(e.text)),
          h('p', { class: 'lesson-experiment-buttons' },
            button('lesson-run-experiment', `Run it: ${e.values.join(', ')} × ${e.runs} ${e.runs === 1 ? 'run' : 'runs'}`, spec),
            ' ',
            button('lesson-run-more', `More runs (× ${more.runs})`, more)));
      }));
  }

  function start(cur, token, restoring) {
    cur.starting = true;
    cur.stopped = false;
    cur.liveDone = cur.lesson.tasks.map(() => false);
    cur.els.stopped.hidden = true;
    cur.els.startError.hidden = true;
    const saved = restoring && lab.savedRunFor ? lab.savedRunFor(cur.lesson.id) : null;
    const fresh = () => api.startLesson(cur.entry.file, cur.entry.text);
    const begin = saved
      ? api.startLesson(cur.entry.file, cur.entry.text,
        { share: saved.link, done: cur.prog.done, done_at_ms: saved.done_at_ms || [], done_this_run: saved.done_this_run || null,
          compare: saved.compare || [], kept: saved.kept || [] }).then(
        () => {
          if (typeof saved.speed === 'number') api.setSpeed(saved.speed).catch(() => {});
          if (lab.timelineNote) lab.timelineNote('Your lesson run is back (paused).');
        },
        () => fresh())
      : fresh();
    begin.then(() => {
      if (token !== startToken) return;
      cur.starting = false;
      stopPolling();
      pollTimer = setInterval(poll, POLL_MS);
      poll();
    }, (e) => {
      if (token !== startToken) return;
      cur.starting = false;
      cur.els.startError.replaceChildren(errorBox('The lesson\'s scenario could not start', `${cur.entry.file}: ${e && e.message ? e.message : e}`));
      cur.els.startError.hidden = false;
    });
  }

  function restart(cur) {
    if (cur !== current) return;
    store.clear(cur.lesson);
    const entry = cur.entry;
    openLesson(entry, false);
    announce(`Lesson ${entry.number} restarted: tasks and answers cleared.`);
    const btn = view.querySelector('.lesson-restart');
    if (btn) btn.focus({ preventScroll: true });
  }

  function renderTasks(cur) {
    const { lesson: l, prog } = cur;
    let firstOpen = -1;
    let repeat = false;
    cur.els.tasks.forEach((li, k) => {
      const done = prog.done[k] || cur.liveDone[k];
      if (!done && firstOpen < 0) firstOpen = k;
      if (prog.done[k] && !cur.liveDone[k]) repeat = true;
      li.dataset.done = String(done);
      li.classList.toggle('done', done);
      li.classList.toggle('earlier', prog.done[k] && !cur.liveDone[k]);
      const earlier = prog.done[k] && !cur.liveDone[k];
      li.querySelector('.task-state').textContent = earlier ? 'Done before, not in this run: ' : done ? 'Done: ' : 'To do: ';
      if (earlier) li.querySelector('.task-when').textContent = ' (done before, not in this run)';
    });
    cur.els.tasks.forEach((li, k) => li.classList.toggle('current', k === firstOpen));
    placeStatus(cur);
    const n = prog.done.filter(Boolean).length;
    cur.els.progress.textContent = `Tasks: ${n} of ${l.tasks.length} done`;
    cur.els.progress.classList.toggle('all', n === l.tasks.length);
    // Ticks from an earlier visit that this run has not reached yet: say why the next one waits.
    cur.els.repeat.hidden = !(repeat && firstOpen >= 0 && !cur.liveDone.every(Boolean));
    cur.els.complete.hidden = !prog.finished;
  }

  // placeStatus puts the status line under the task the simulator works on.
  function placeStatus(cur) {
    const k = cur.statusTask;
    const li = k >= 0 ? cur.els.tasks[k] : null;
    if (li && cur.status.line.parentNode !== li) li.append(cur.status.line, cur.status.bar);
    if (!li) { cur.status.line.remove(); cur.status.bar.remove(); }
  }

  // ---- predict, then reveal ----

  function predictBlock(cur, q, k) {
    const l = cur.lesson;
    const name = `predict-${l.id}-${k}`;
    const block = { el: null, form: null, inputs: [], button: null, reveal: null, choiceValue: null };
    const hasChoices = q.choices && q.choices.length > 0;
    const committed = cur.prog.answers[k];
    let field;
    if (hasChoices) {
      field = h('div', { class: 'predict-choices' }, q.choices.map((c, j) => {
        const input = h('input', { type: 'radio', name, value: String(j), id: `${name}-${j}` });
        if (committed === j) input.checked = true;
        block.inputs.push(input);
        return h('label', { class: 'predict-choice', for: `${name}-${j}` }, input, h('span', null, inline(c)));
      }));
    } else {
      const input = h('input', { type: 'number', step: 'any', inputmode: 'decimal', id: `${name}-n`, class: 'predict-number', autocomplete: 'off' });
      if (committed != null) input.value = String(committed);
      block.inputs.push(input);
      field = h('div', { class: 'predict-numeric' },
        h('label', { for: `${name}-n` }, 'Your estimate'), ' ', input, q.unit ? h('span', { class: 'predict-unit' }, ` ${q.unit}`) : null);
    }
    block.button = h('button', { type: 'submit', class: 'predict-lock', disabled: true }, 'Lock in my answer');
    block.locked = h('p', { class: 'predict-locked', hidden: true });
    block.reveal = h('div', { class: 'predict-reveal', 'aria-live': 'polite' });
    block.form = h('form', { class: 'predict-form', novalidate: true },
      h('fieldset', null, h('legend', null, h('span', { class: 'predict-num' }, `Q${k + 1}. `), inline(q.question)), field),
      block.button, block.locked);
    const value = () => {
      if (hasChoices) {
        const sel = block.inputs.find((i) => i.checked);
        return sel ? Number(sel.value) : null;
      }
      const raw = block.inputs[0].value.trim();
      const x = raw === '' ? NaN : Number(raw);
      return isFinite(x) ? x : null;
    };
    block.form.addEventListener('input', () => { block.button.disabled = value() == null; });
    block.form.addEventListener('change', () => { block.button.disabled = value() == null; });
    block.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const x = value();
      if (x == null || cur.prog.answers[k] != null || cur !== current) return;
      cur.prog.answers[k] = x;
      store.put(l, cur.prog);
      renderPredict(cur, q, k, block);
      announce(`Answer locked in: ${plain(answerText(q, x))}.`);
    });
    block.el = h('div', { class: 'predict', 'data-index': String(k) }, block.form, block.reveal);
    renderPredict(cur, q, k, block);
    return block;
  }

  function renderPredict(cur, q, k, block) {
    const x = cur.prog.answers[k];
    const committed = x != null;
    const revealed = cur.prog.revealed[k];
    block.el.dataset.committed = String(committed);
    block.el.dataset.revealed = String(committed && revealed);
    for (const i of block.inputs) i.disabled = committed;
    block.button.hidden = committed;
    block.locked.hidden = !committed;
    if (committed) block.locked.replaceChildren('Locked in: ', h('strong', null, inline(answerText(q, x))));
    const when = q.reveal_words || 'the experiment gets there';
    if (!committed) {
      block.reveal.replaceChildren(h('p', { class: 'predict-wait' },
        revealed
          ? 'The experiment has got there: lock in your answer to see the explanation.'
          : `Lock in your answer, then run the experiment; the answer appears when ${when}.`));
      return;
    }
    if (!revealed) {
      block.reveal.replaceChildren(h('p', { class: 'predict-wait' }, `Run the experiment; the answer appears when ${when}.`));
      return;
    }
    const right = correct(q, x);
    const numeric = !(q.choices && q.choices.length);
    block.reveal.replaceChildren(h('div', { class: 'predict-answer ' + (right ? 'right' : 'wrong') },
      h('p', { class: 'predict-verdict' }, right ? '✓ Your prediction was right.' : '✗ Not quite.'),
      h('p', null, 'The answer: ', h('strong', null, inline(answerText(q, q.answer))),
        numeric && q.tolerance ? ` (anything within ±${q.tolerance} counts as right)` : null),
      h('p', { class: 'predict-explanation' }, inline(q.explanation))));
  }

  // ---- polling the simulator ----

  function poll() {
    const cur = current;
    if (!cur || cur.starting || !api) return;
    let st;
    try {
      st = api.state();
    } catch (e) {
      return;
    }
    const L = st && st.lesson;
    if (!L || L.id !== cur.lesson.id) {
      if (!cur.stopped) {
        cur.stopped = true;
        cur.els.stopped.hidden = false;
      }
      return;
    }
    if (cur.stopped) { cur.stopped = false; cur.els.stopped.hidden = true; }
    const l = cur.lesson;
    cur.run.update(st);
    const task = cur.status.update(L.status, l.tasks);
    if (cur.compare) cur.compare.update(L.compare);
    let changed = task !== cur.statusTask;
    cur.statusTask = task;
    const newly = [];
    l.tasks.forEach((t, k) => {
      const d = !!(L.done && L.done[k]);
      if (d === cur.liveDone[k]) return;
      cur.liveDone[k] = d; // a rewind can open a task again
      const at = L.done_at_ms && L.done_at_ms[k];
      cur.els.tasks[k].querySelector('.task-when').textContent = d && at != null && at >= 0 ? ` (at ${seconds(at)})` : '';
      if (d && !cur.prog.done[k]) { cur.prog.done[k] = true; newly.push(k); }
      changed = true;
    });
    l.predict.forEach((q, k) => {
      if (L.revealed && L.revealed[k] && !cur.prog.revealed[k]) {
        cur.prog.revealed[k] = true;
        renderPredict(cur, q, k, cur.els.predict[k]);
        changed = true;
      }
    });
    // The debrief tells the answers: only once every one is locked in and revealed.
    const answered = l.predict.every((q, k) => cur.prog.answers[k] != null && cur.prog.revealed[k]);
    if (cur.els.debrief) cur.els.debrief.hidden = !answered;
    for (const b of view.querySelectorAll('.lesson-experiment button')) b.disabled = !l.predict.every((q, k) => cur.prog.answers[k] != null);
    if (!changed) return;
    const wasFinished = cur.prog.finished;
    store.put(l, cur.prog);
    renderTasks(cur);
    if (newly.length) {
      const words = newly.map((k) => `Task ${k + 1} of ${l.tasks.length} done: ${plain(l.tasks[k].text)}`);
      if (cur.prog.finished && !wasFinished) words.push(`Lesson ${l.number} finished.`);
      announce(words.join(' '));
    }
  }

  // ---- start-up ----

  // fromURL opens what the address names; on the page's first load (restoring) a lesson takes
  // back its run from before a reload.
  function fromURL(focus, restoring) {
    const v = new URLSearchParams(location.search).get('lesson');
    if (v == null || v === '') { showList(null, focus); return; }
    const entry = findEntry(v);
    if (!entry) { showList(course.error ? null : badLessonMessage(v), focus); return; }
    if (!current || current.entry !== entry) openLesson(entry, focus, restoring);
  }

  async function startEmbed(a) {
    const v = lab.params.get('lesson');
    if (v == null || v === '') return;
    await loadCourse(a);
    if (course.error) { a.showError(`lesson: ${course.error}`); return; }
    const entry = findEntry(v);
    if (!entry) { a.showError(badLessonMessage(v)); return; }
    if (!entry.lesson) { a.showError(entry.error.split('\n')[0]); return; }
    try {
      await a.startLesson(entry.file, entry.text);
      await a.setCaption(`${entry.lesson.number}. ${entry.lesson.title}`, entry.lesson.summary);
    } catch (e) {
      a.showError(`${entry.file}: ${e && e.message ? e.message : e}`);
    }
  }

  async function startPanel(a) {
    root.replaceChildren(storageNote, view, liveRegion);
    view.replaceChildren(h('p', { class: 'lessons-loading', role: 'status' }, 'Loading the lessons…'));
    store.load();
    if (!store.ok) showStorageNote();
    await loadCourse(a);
    baseTitle = document.title;
    const wanted = lab.params.get('lesson');
    if (wanted != null && wanted !== '' && lab.params.get('panel') !== 'experiments') {
      lab.selectTab && lab.selectTab('lessons');
      lab.showSide && lab.showSide(true);
    }
    fromURL(false, true);
    window.addEventListener('popstate', () => fromURL(true, false));
  }

  if (!root) return;
  lab.ready.then((a) => {
    api = a;
    const run = lab.embed ? startEmbed(a) : startPanel(a);
    run.catch((e) => {
      const msg = `The lessons could not be shown: ${e && e.message ? e.message : e}`;
      if (lab.embed) a.showError(msg);
      else view.replaceChildren(errorBox('Something went wrong', msg));
    });
  });
})();
