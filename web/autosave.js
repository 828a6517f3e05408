// Keeps the run across a reload of the tab: every few seconds the run so far is saved as its
// share link in sessionStorage (this tab only, gone when the tab closes). Reloading the page
// at the same address replays it — paused at the moment it was saved — and says so in the
// timeline bar; Reset starts afresh. A page whose address asks for a share link or a scenario
// starts that instead; a lesson page (lesson=) asks savedRunFor(lessonId) for the run saved
// with that lesson, and replays it with the lesson's checks (lessons.js). An embedded page
// never restores.
//
// window.gossipLab.restored is true once a run has been restored (for tests).
(function () {
  'use strict';
  const lab = window.gossipLab;
  if (lab.embed) return;
  const KEY = 'gossiplab.run.v1';
  const SAVE_EVERY_MS = 3000;
  const directed = ['share', 'scenario', 'lesson'].some((p) => lab.params.has(p));

  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }
  function save(v) {
    try {
      if (v) sessionStorage.setItem(KEY, JSON.stringify(v));
      else sessionStorage.removeItem(KEY);
    } catch (e) { /* storage refused: nothing is kept, nothing breaks */ }
  }
  const note = (msg) => { if (lab.timelineNote) lab.timelineNote(msg); };

  // savedRunFor returns what was saved at this very address while lesson id ran ({link, speed,
  // compare, kept, done_at_ms, done_this_run}), or null.
  lab.savedRunFor = (id) => {
    const saved = load();
    return saved && saved.query === location.search && saved.lesson === id && saved.link ? saved : null;
  };

  async function restore(api) {
    const saved = load();
    if (directed || !saved || saved.query !== location.search || !saved.link) return;
    try {
      await api.openShare(saved.link);
      if (typeof saved.speed === 'number') await api.setSpeed(saved.speed).catch(() => {});
      lab.restored = true;
      note('Restored your run from before the reload (paused). Reset starts afresh.');
    } catch (e) {
      save(null); // from another build, or too long to replay: start afresh
      note('Your run from before the reload could not be restored; this is a fresh run.');
    }
  }

  // saveNow stores the run shown unless it has not changed; the past shown while scrubbing is
  // not saved (the live run still is what a reload should bring back).
  let lastKey = ''; // the run (its trace hash) and the rows compared, as last saved
  async function saveNow(api) {
    const st = api.state();
    const key = st.trace_hash + (st.lesson ? JSON.stringify([st.lesson.compare, st.lesson.done_at_ms]) : '');
    if (st.timeline.past || !st.timeline.available || key === lastKey) return;
    // A lesson page before its lesson runs (still loading, or restoring) has nothing to keep yet.
    if (new URLSearchParams(location.search).has('lesson') && !st.lesson) return;
    try {
      const link = await api.share();
      lastKey = key;
      // A lesson's run also keeps what the replay cannot see again: the rows it compares and
      // the rumor chart's curves of the runs before this one.
      save({ link, query: location.search, lesson: st.lesson ? st.lesson.id : null, speed: st.speed,
        compare: st.lesson ? st.lesson.compare : null, kept: st.lesson ? st.rumor_kept : null,
        done_at_ms: st.lesson ? st.lesson.done_at_ms : null, done_this_run: st.lesson ? st.lesson.done_this_run : null });
    } catch (e) {
      save(null); // a run too long for a link is not kept, rather than an older one restored
    }
  }

  lab.ready.then(async (api) => {
    await restore(api);
    setInterval(() => saveNow(api), SAVE_EVERY_MS);
    window.addEventListener('pagehide', () => saveNow(api));
  });
})();
