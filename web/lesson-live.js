// The live parts of a lesson page, fed by state() every poll: the run bar (Run / Pause, the
// virtual clock and speed), the current task's status (what it waits for, how far a timed task
// is, a dead end with "Start this step again"), and the table of the runs the lesson compares.
// lessons.js builds them with the lesson and calls update(state) on each poll.
(function () {
  'use strict';
  const lab = window.gossipLab;
  const { h, fill } = lab.dom;
  const { seconds, COMPARE_COLUMNS, COMPARE_TITLES } = lab.lessonWords;

  const clock = (ms) => {
    const d = Math.floor(ms / 100);
    return `${Math.floor(d / 600)}:${String(Math.floor(d / 10) % 60).padStart(2, '0')}.${d % 10}`;
  };
  const speedText = (x) => `${Number(x.toFixed(2))}×`;

  // runBar: a large Run / Pause button (the visible twin of Space) and where the run is.
  function runBar(api) {
    const button = h('button', { type: 'button', class: 'lesson-run', 'aria-keyshortcuts': 'Space' }, '▶ Run');
    const where = h('span', { class: 'lesson-run-where', 'aria-live': 'off' });
    const el = h('div', { class: 'lesson-runbar', role: 'group', 'aria-label': 'The lesson\'s run' }, button, where);
    let paused = true;
    button.addEventListener('click', () => {
      (paused ? api.play() : api.pause()).catch(() => {});
      // On a phone the panel covers the cluster: running means watching it.
      if (paused && lab.narrowScreen && lab.narrowScreen() && lab.showSide) lab.showSide(false);
    });
    return {
      el,
      update(st) {
        paused = st.paused;
        button.textContent = paused ? '▶ Run' : '❚❚ Pause';
        button.classList.toggle('playing', !paused);
        const past = st.timeline && st.timeline.past ? ' (the past)' : '';
        where.textContent = `${paused ? 'Paused' : 'Running'} at ${clock(st.time_ms)}${past} · ${speedText(st.speed)} speed`;
      },
    };
  }

  // taskStatus: one line under the current task, and the dead-end box.
  function taskStatus(api, onRetry) {
    const line = h('p', { class: 'task-status', hidden: true });
    const bar = h('progress', { class: 'task-meter', max: '1', value: '0', hidden: true });
    const stuckText = h('p', { class: 'task-stuck-text' });
    const retry = h('button', { type: 'button', class: 'task-retry' }, 'Start this step again');
    const note = h('p', { class: 'task-stuck-note' }, 'Going back keeps your answers and the steps already ticked; what happened after that moment is undone.');
    const stuck = h('div', { class: 'task-stuck', role: 'alert', hidden: true },
      h('p', { class: 'task-stuck-title' }, 'This step is stuck in this run.'),
      stuckText, note, retry);
    retry.addEventListener('click', () => {
      retry.disabled = true;
      api.retryStep().then(onRetry, () => {}).finally(() => { retry.disabled = false; });
    });
    let lastStuck = '';
    return {
      line, bar, stuck,
      update(status, tasks) {
        const s = status || { task: -1 };
        const on = s.task >= 0 && s.task < tasks.length;
        let text = '';
        if (on && s.waiting) text = `Waiting until ${s.waiting}: the step counts only while it holds.`;
        else if (on && s.goal_ms > 0) text = `${seconds(Math.min(s.elapsed_ms, s.goal_ms))} of ${seconds(s.goal_ms)}`;
        line.textContent = text;
        line.hidden = !text;
        bar.hidden = !(on && s.goal_ms > 0 && !s.waiting);
        if (!bar.hidden) bar.value = Math.min(1, s.elapsed_ms / s.goal_ms);
        stuck.hidden = !s.stuck;
        const back = s.stuck && s.retry_at_ms >= 0; // else only a Reset helps
        retry.hidden = !back;
        note.hidden = !back;
        const words = !s.stuck ? '' : back ? `${s.stuck_text} Go back to ${clock(s.retry_at_ms)}, ${s.retry_where}, and try it again.` : s.stuck_text;
        if (words !== lastStuck) { stuckText.textContent = words; lastStuck = words; }
        return on ? s.task : -1;
      },
    };
  }

  // compareTable: the runs the lesson compares, side by side (lesson.compare).
  function compareTable(by) {
    const cols = COMPARE_COLUMNS[by];
    if (!cols) return null;
    const body = h('tbody');
    const empty = h('p', { class: 'section-note compare-empty' }, 'The runs you make appear here, one row each.');
    const el = h('section', { class: 'lesson-section lesson-compare', 'aria-labelledby': 'compare-title' },
      h('h3', { id: 'compare-title' }, 'Side by side'),
      empty,
      h('div', { class: 'compare-wrap' },
        h('table', { class: 'compare-table' },
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, COMPARE_TITLES[by]), cols.map((c) => h('th', { scope: 'col' }, c.head)))),
          body)));
    let last = '';
    return {
      el,
      update(rows) {
        const key = JSON.stringify(rows || []);
        if (key === last) return;
        last = key;
        empty.hidden = rows && rows.length > 0;
        fill(body, (rows || []).map((s) => h('tr', { class: s.current ? 'current' : null },
          h('th', { scope: 'row' }, s.label, s.current ? h('span', { class: 'compare-now' }, ' (now)') : null),
          cols.map((c) => h('td', null, c.cell(s))))));
      },
    };
  }

  lab.lessonLive = { runBar, taskStatus, compareTable };
})();
