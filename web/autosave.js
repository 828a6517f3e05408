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

  // record is what is saved for the run of state st as share link link. A lesson's run also
  // keeps what the replay cannot see again: the rows it compares, the rumor chart's curves of
  // the runs before this one, and the ticks' times.
  function record(st, link) {
    const L = st.lesson;
    return { link, query: location.search, lesson: L ? L.id : null, speed: st.speed, commands: st.timeline.commands,
      compare: L ? L.compare : null, kept: L ? st.rumor_kept : null,
      done_at_ms: L ? L.done_at_ms : null, done_this_run: L ? L.done_this_run : null };
  }
  // savable: the live run can be kept (not the past shown while scrubbing, not a lesson page
  // before its lesson runs).
  function savable(st) {
    if (st.timeline.past || !st.timeline.available) return false;
    return !(new URLSearchParams(location.search).has('lesson') && !st.lesson);
  }

  // saveNow stores the run shown unless it has not changed.
  let lastKey = ''; // the run (its trace hash) and the rows compared, as last saved
  let savedCommands = -1; // the timed commands in the link saved last
  async function saveNow(api) {
    const st = api.state();
    const key = st.trace_hash + (st.lesson ? JSON.stringify([st.lesson.compare, st.lesson.done_at_ms]) : '');
    if (!savable(st) || key === lastKey) return;
    try {
      const link = await api.share();
      lastKey = key;
      savedCommands = st.timeline.commands;
      save(record(st, link));
    } catch (e) {
      save(null); // a run too long for a link is not kept, rather than an older one restored
    }
  }
  // saveAtOnce, as the page goes away: an asynchronous save would not finish, so when a command
  // came after the last save, the link the app publishes with every command (state().share_link,
  // as of that command) is stored at once; nothing done is lost to a quick reload.
  function saveAtOnce(api) {
    const st = api.state();
    if (!savable(st)) return;
    if (st.timeline.commands !== savedCommands && st.share_link) save(record(st, st.share_link));
    else saveNow(api);
  }

  lab.ready.then(async (api) => {
    await restore(api);
    setInterval(() => saveNow(api), SAVE_EVERY_MS);
    window.addEventListener('pagehide', () => saveAtOnce(api));
  });
})();
