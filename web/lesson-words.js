// How the lesson pages score and show an answer and word the comparison table, for
// lessons.js and lesson-live.js. The words of a check ("the answer appears when …", what a
// task waits for) come from the simulator (lesson.Check.Describe in Go), in one place.
// correct mirrors lesson.Predict.Correct in Go.
(function () {
  'use strict';

  function seconds(ms) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  }

  // correct mirrors lesson.Predict.Correct: a choice index, or a number within the tolerance.
  function correct(q, x) {
    if (q.answer == null || x == null) return false;
    if (q.choices && q.choices.length) return x === q.answer;
    return Math.abs(x - q.answer) <= (q.tolerance || 0) + 1e-9;
  }

  function answerText(q, x) {
    if (q.choices && q.choices.length) return q.choices[x] != null ? q.choices[x] : String(x);
    return q.unit ? `${x} ${q.unit}` : String(x);
  }

  const dash = '—';
  const num = (v, digits) => (v == null || v < 0 ? dash : v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const secs = (ms) => (ms == null || ms < 0 ? dash : `${(ms / 1000).toFixed(1)} s`);

  // COMPARE_COLUMNS: for each lesson.compare, the table's columns after the label: a heading and
  // how to read a lesson.Segment (state().lesson.compare[i]).
  // A rumor's load depends on how long the run is left after everyone knows (push goes on, pull
  // stops): only the time to inform all compares.
  const rumorCols = [
    { head: 'periods until all know', cell: (s) => num(s.rumor_periods, 1) },
  ];
  const COMPARE_COLUMNS = {
    rumor_mode: rumorCols,
    n: rumorCols,
    protocol: [
      { head: 'first suspicion after the crash', cell: (s) => secs(s.first_suspect_ms) },
      { head: 'removed by all', cell: (s) => secs(s.all_removed_ms) },
      { head: 'bytes / node / s', cell: (s) => (s.duration_ms >= 2000 ? num(s.bytes_per_node_s, 0) : dash) },
    ],
    fanout: [
      { head: 'msgs / node / s', cell: (s) => (s.duration_ms >= 2000 ? num(s.msgs_per_node_s, 2) : dash) },
      { head: 'bytes / node / s', cell: (s) => (s.duration_ms >= 2000 ? num(s.bytes_per_node_s, 0) : dash) },
      { head: 'false suspicions', cell: (s) => String(s.false_suspicions) },
      { head: 'ran for', cell: (s) => secs(s.duration_ms) },
    ],
  };
  const COMPARE_TITLES = { rumor_mode: 'mode', n: 'cluster', protocol: 'protocol', fanout: 'fanout' };

  window.gossipLab.lessonWords = { correct, answerText, seconds, COMPARE_COLUMNS, COMPARE_TITLES };
})();
