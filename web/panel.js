// The page around the canvas: the side panel (lessons, experiments) and its tabs. Ebiten sizes
// its canvas from body's client box, so showing the panel or the timeline bar is done by
// classes on body that narrow it (see style.css); the canvas then follows by itself. On a
// phone the panel covers the canvas instead, and a switch of two large buttons at the bottom
// (Lesson | Cluster) shows one or the other.
(function () {
  'use strict';
  const lab = window.gossipLab;
  const side = document.getElementById('side');
  const open = document.getElementById('side-open');
  const tabs = [...document.querySelectorAll('#side-tabs [role=tab]')];
  const phone = document.getElementById('phone-switch');
  const showPanel = document.getElementById('show-panel');
  const showCluster = document.getElementById('show-cluster');
  const narrow = window.matchMedia('(max-width: 720px)');

  function showSide(on) {
    side.hidden = !on;
    open.hidden = on || narrow.matches; // a phone has the switch instead
    document.body.classList.toggle('has-side', on);
    showPanel.setAttribute('aria-pressed', String(on));
    showCluster.setAttribute('aria-pressed', String(!on));
    try { localStorage.setItem('gossiplab.side', on ? 'open' : 'closed'); } catch (e) { /* storage refused */ }
  }

  // selectTab('lessons' | 'experiments') shows that tab's panel.
  function selectTab(name) {
    for (const t of tabs) {
      const on = t.getAttribute('aria-controls') === name;
      t.setAttribute('aria-selected', String(on));
      document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
    }
  }
  lab.showSide = showSide;
  lab.selectTab = selectTab;
  // narrowScreen: the panel covers the cluster (a phone), so watching means hiding it.
  lab.narrowScreen = () => narrow.matches;
  showPanel.addEventListener('click', () => showSide(true));
  showCluster.addEventListener('click', () => showSide(false));

  for (const t of tabs) t.addEventListener('click', () => selectTab(t.getAttribute('aria-controls')));
  document.getElementById('side-close').addEventListener('click', () => showSide(false));
  open.addEventListener('click', () => showSide(true));

  if (lab.embed) return; // an embedded canvas has no panel and no timeline bar
  phone.hidden = false; // style.css shows it on narrow screens only
  let stored = null;
  try { stored = localStorage.getItem('gossiplab.side'); } catch (e) { /* storage refused */ }
  lab.ready.then(() => {
    showSide(stored !== 'closed');
    if (lab.params.get('panel') === 'experiments') selectTab('experiments');
  });
})();
