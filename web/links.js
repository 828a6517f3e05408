// Links into the lab: ?share=v1.… opens a shared run (replayed to exactly the moment it was
// shared), ?scenario=NAME starts scenarios/NAME.json. A link that cannot be opened says why,
// on the canvas's banner and in an alert box on the page, and the default run goes on: the
// simulator changes nothing when it refuses a link or a scenario file.
//
// window.gossipLab.linkDone turns true once the link has been handled, and linkError holds the
// message of a refused one (for tests and the other scripts).
(function () {
  'use strict';
  const lab = window.gossipLab;
  const share = lab.params.get('share');
  const scenario = lab.params.get('scenario');
  if (share === null && scenario === null) return;

  // The scenarios build.sh copies next to the page (the repository's scenarios/*.json). Keep in
  // step with that folder: tests/browser/timeline.test.mjs checks it.
  const KNOWN_SCENARIOS = ['churn', 'crash-three', 'crash-three-200', 'lossy-false-alarms', 'partition'];
  const NAME = /^[a-z0-9-]{1,40}$/;
  // The canvas's banner says above its list that the app runs with defaults; the alert says it.
  const FALLBACK = ' — showing the default run instead.';

  // tell puts msg in the canvas's banner (with any other URL problems) and in a role=alert
  // box that screen readers read out (they cannot read the canvas); CSS keeps it off screen.
  function tell(api, msg) {
    api.showError(msg).catch(() => {});
    lab.linkError = msg;
    let box = document.getElementById('link-alert');
    if (!box) {
      box = document.createElement('div');
      box.id = 'link-alert';
      box.className = 'link-alert';
      box.setAttribute('role', 'alert');
      document.body.append(box);
    }
    box.textContent = msg + FALLBACK;
  }

  async function openShare(api, text) {
    try {
      await api.openShare(text);
    } catch (e) {
      const why = (e && e.message ? e.message : String(e)).replace(/^share link: /, '');
      tell(api, 'This share link cannot be opened: ' + why);
    }
  }

  async function openScenario(api, name) {
    if (!NAME.test(name)) {
      const shown = name.length > 60 ? name.slice(0, 60) + '…' : name;
      tell(api, `The URL parameter scenario=${JSON.stringify(shown)} is not a scenario name: use 1–40 lowercase letters, digits and dashes, e.g. scenario=crash-three`);
      return;
    }
    const file = `scenarios/${name}.json`;
    let text;
    try {
      const resp = await fetch(file, { cache: 'no-cache' });
      if (resp.status === 404) {
        tell(api, `There is no scenario file ${file} (scenario=${name}). Known scenarios: ${KNOWN_SCENARIOS.join(', ')}`);
        return;
      }
      if (!resp.ok) throw new Error(`HTTP ${resp.status}`);
      text = await resp.text();
    } catch (e) {
      tell(api, `The scenario file ${file} could not be loaded (${e && e.message ? e.message : e})`);
      return;
    }
    try {
      await api.loadScenario(text, file);
    } catch (e) {
      tell(api, 'The scenario cannot be started: ' + (e && e.message ? e.message : e));
    }
  }

  lab.ready.then(async (api) => {
    if (share !== null) {
      if (scenario !== null) console.warn('Gossip Lab: share= and scenario= both given; the share link wins.');
      await openShare(api, share);
    } else {
      await openScenario(api, scenario);
    }
    lab.linkDone = true;
  });
})();
