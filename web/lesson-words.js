// How the lesson pages word a check ("the answer appears when …") and score and show an
// answer, for lessons.js. correct mirrors lesson.Predict.Correct in Go.
(function () {
  'use strict';
  const PARAM_WORDS = {
    n: 'N', loss: 'the loss', fanout: 'the fanout M', period_ms: 'the period X',
    t_suspect_ms: 'T_suspect', t_remove_ms: 'T_remove', t_tombstone_ms: 'T_tombstone',
    latency_min_ms: 'the minimum latency', latency_max_ms: 'the maximum latency',
    swim_k: 'K', swim_ping_timeout_ms: 'the ping timeout', swim_suspicion_timeout_ms: 'the suspicion timeout',
  };

  function paramValue(param, v) {
    if (param === 'loss') return `${Math.round(v * 100)} %`;
    if (/_ms$/.test(param)) return seconds(v);
    return String(v);
  }

  function seconds(ms) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  }

  function times(c, one, many) {
    const n = c || 1;
    return n === 1 ? one : many.replace('#', n);
  }

  // describeCheck words a check as the end of "the answer appears when …".
  function describeCheck(c) {
    const n = c.count || 1;
    switch (c.kind) {
      case 'crashed_count': return times(n, 'you have crashed a node', 'you have crashed # nodes');
      case 'suspected_by_all': return times(n, 'no live node believes the crashed node alive any more', 'no live node believes # crashed nodes alive any more');
      case 'all_removed': return times(n, 'every live node has removed the crashed node', 'every live node has removed # crashed nodes');
      case 'false_suspicion_seen': return times(n, 'a live node has been falsely suspected', '# false suspicions have happened');
      case 'false_removal_seen': return times(n, 'a live node has been falsely removed', '# false removals have happened');
      case 'no_false_suspicion_for': return `the cluster has run ${seconds(c.value)} of simulated time without a false suspicion`;
      case 'convergence_at_least': return `the lists agree with the truth at least ${Math.round(c.value * 100)} % of the time`;
      case 'partitioned': return 'the network is split';
      case 'healed_and_converged': return 'a partition has been healed and the lists agree again';
      case 'protocol_is': return `the run uses ${c.protocol}`;
      case 'rumor_mode_is': return `the rumor spreads by ${c.mode}`;
      case 'param_at_least': return `${PARAM_WORDS[c.param] || c.param} is at least ${paramValue(c.param, c.value)}`;
      case 'param_at_most': return `${PARAM_WORDS[c.param] || c.param} is at most ${paramValue(c.param, c.value)}`;
      case 'pitfall_on': return `the ${c.param} pitfall is switched on`;
      case 'rumor_all_informed': return 'every node has heard the rumor';
      case 'restart_seen': return times(n, 'a node has restarted', '# nodes have restarted');
      case 'left_seen': return times(n, 'a node has left', '# nodes have left');
      case 'joined_seen': return times(n, 'a node has joined', '# nodes have joined');
      case 'resurrection_seen': return 'a removed node has come back from stale gossip';
      case 'time_at_least': return `the clock reaches ${seconds(c.value)}`;
    }
    return 'the experiment gets there';
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

  window.gossipLab.lessonWords = { describeCheck, correct, answerText, seconds };
})();
