// Lesson progress (tasks done, locked answers, reveals, finished) in localStorage, for
// lessons.js. Every access is guarded: where the browser refuses storage (private modes,
// blocked site data) ok turns false and onRefused is called, and the lessons work unsaved.
(function () {
  'use strict';
  window.gossipLab.lessonProgress = (STORE_KEY, onRefused) => ({
    ok: true,
    data: {},
    load() {
      try {
        const ls = window.localStorage;
        const probe = 'gossiplab.storage-probe';
        ls.setItem(probe, '1');
        ls.removeItem(probe);
        const raw = ls.getItem(STORE_KEY);
        const parsed = raw ? JSON.parse(raw) : {};
        this.data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
      } catch (e) {
        if (e instanceof SyntaxError) { this.data = {}; return; } // a mangled entry: start afresh
        this.ok = false;
      }
    },
    save() {
      if (!this.ok) return;
      try {
        window.localStorage.setItem(STORE_KEY, JSON.stringify(this.data));
      } catch (e) {
        this.ok = false;
        onRefused();
      }
    },
    // get returns the lesson's progress, shaped to its tasks and questions.
    get(l) {
      const p = this.data[l.id] && typeof this.data[l.id] === 'object' ? this.data[l.id] : {};
      const fit = (a, n, def) => Array.from({ length: n }, (_, i) => (Array.isArray(a) && a[i] != null ? a[i] : def));
      const prog = {
        done: fit(p.done, l.tasks.length, false).map(Boolean),
        answers: fit(p.answers, l.predict.length, null).map((x) => (typeof x === 'number' && isFinite(x) ? x : null)),
        revealed: fit(p.revealed, l.predict.length, false).map(Boolean),
      };
      prog.finished = prog.done.every(Boolean);
      return prog;
    },
    put(l, prog) {
      prog.finished = prog.done.every(Boolean);
      this.data[l.id] = { done: prog.done, answers: prog.answers, revealed: prog.revealed, finished: prog.finished };
      this.save();
    },
    clear(l) {
      delete this.data[l.id];
      this.save();
    },
  });
})();
