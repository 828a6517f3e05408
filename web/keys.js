// The app's keys work from the whole page, not only while the canvas has the focus: a key
// pressed on the lesson text, after a click on a button beside the canvas, or on the page
// itself goes to the simulator (window.gossip.key), as if pressed on the canvas. Never while
// typing in a field, never a key with Ctrl, Alt or Meta, and never one the focused control
// needs itself: Space and Enter on a button or link, arrows and Space on a radio button or
// slider, Tab anywhere.
(function () {
  'use strict';
  const lab = window.gossipLab;
  // The keys the canvas answers to (view/input.go's keyActions, lecture mode's aside).
  const FORWARD = new Set(['Space', 'Period', 'KeyR', 'KeyA', 'KeyL', 'KeyH', 'KeyM', 'KeyF', 'F1',
    'BracketLeft', 'BracketRight', 'KeyC', 'KeyP', 'KeyI', 'KeyV', 'ArrowLeft', 'ArrowRight', 'End', 'Escape']);

  function typing(t) {
    if (!t || t === document.body) return false;
    if (t.isContentEditable) return true;
    if (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') return true;
    return t.tagName === 'INPUT' && !['radio', 'checkbox', 'button', 'submit', 'range'].includes(t.type);
  }

  // ownsKey: the focused control does something with this key itself.
  function ownsKey(t, code) {
    if (!t || t === document.body) return false;
    const tag = t.tagName;
    if ((code === 'Space' || code === 'Enter') && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || tag === 'INPUT')) return true;
    if (code.startsWith('Arrow') && tag === 'INPUT') return true; // radio groups, range sliders
    if (code === 'Escape' && t.closest('dialog, .share-dialog')) return true;
    return false;
  }

  lab.ready.then((api) => {
    document.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || e.repeat) return;
      const t = e.target;
      if (t && t.tagName === 'CANVAS') return; // the canvas has its own keys (Ebiten)
      if (typing(t) || ownsKey(t, e.code)) return;
      if (e.key !== '?' && (e.shiftKey || !FORWARD.has(e.code))) return;
      e.preventDefault();
      api.key(e.code, e.key).catch(() => {});
    });
  });
})();
