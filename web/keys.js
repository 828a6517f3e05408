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
    // Shift held on the page: the canvas does not see it, but a Shift+click on a node must
    // select it. Told on every change, and with every press on the canvas.
    let shift = false;
    const tellShift = (on) => { if (on !== shift) { shift = on; api.shift(on).catch(() => {}); } };
    document.addEventListener('keydown', (e) => { if (e.key === 'Shift') tellShift(true); }, true);
    document.addEventListener('keyup', (e) => { if (e.key === 'Shift') tellShift(false); }, true);
    document.addEventListener('pointerdown', (e) => { if (e.target && e.target.tagName === 'CANVAS') tellShift(e.shiftKey); }, true);
    window.addEventListener('blur', () => tellShift(false));
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
