package view

import (
	"fmt"

	"gossiplab/core"
	"gossiplab/lesson"
)

// Time travel. Every command the learner gives goes through exec, which records it in a
// core.Timeline together with periodic checkpoints of the run. Seeking rebuilds an earlier
// moment from the nearest checkpoint (exact, because the core is deterministic) and shows it
// paused while the live run waits aside; going on from there (play, step or any command)
// forks: the run continues from that moment and its later part is dropped.

// Checkpoint spacing and count: every 5 s of virtual time at first; past the count the spacing
// doubles (see core.Timeline), so memory stays bounded in long runs. A checkpoint holds every
// node's list, N² entries of about 16 bytes: the count is what fits in checkpointBudget bytes
// (256 at N ≤ 250, 16 at N = 1000), so a seek replays at most 5 s of a short run and, at
// N = 1000, some tens of seconds of a ten-minute one.
const (
	checkpointEvery  = 5 * core.Second
	checkpointBudget = 256 << 20
)

// maxShareReplayCost bounds the work of opening a share link, in node² × simulated seconds (a
// simulated second costs O(N²) merges): 10 minutes at N = 1000, about 11 s in the browser.
const maxShareReplayCost = 1000 * 1000 * 600

// maxCheckpoints is how many checkpoints of an n-node run fit in the budget (8 to 256).
func maxCheckpoints(n int) int {
	per := max(1, 16*n*n)
	return min(256, max(8, checkpointBudget/per))
}

// TimelineState is the timeline as published in State.
type TimelineState struct {
	// LiveMs is how far the run has got; AtMs the moment shown (equal unless viewing the past).
	LiveMs int64 `json:"live_ms"`
	AtMs   int64 `json:"at_ms"`
	// Past is true while an earlier moment is shown and the live run waits.
	Past bool `json:"past"`
	// Commands is how many commands the run has recorded (what a share link carries).
	Commands int `json:"commands"`
	// Available is false in the split view, which the timeline does not cover.
	Available bool `json:"available"`
}

// exec applies cmd to the running simulation and records it. While an earlier moment is
// shown, the run first forks there: a command changes history from that point on.
func (g *Game) exec(cmd core.Command) error {
	if g.live != nil {
		g.ContinueHere()
	}
	if g.tl == nil || g.cmp != nil {
		return g.sim.Apply(cmd)
	}
	return g.tl.Apply(g.sim, cmd)
}

// startTimeline begins recording the run that g.sim has just started (at time 0).
func (g *Game) startTimeline() {
	g.live = nil
	tl, sim, err := core.NewTimeline(g.sim.Config(), checkpointEvery, maxCheckpoints(g.sim.NumNodes()))
	if err != nil { // cannot happen: the config was just accepted by core.New
		g.tl = nil
		return
	}
	g.tl, g.sim = tl, sim
}

// observeTimeline takes a checkpoint when one is due; called after the live run advances.
func (g *Game) observeTimeline() {
	if g.tl != nil && g.live == nil {
		g.tl.Observe(g.sim)
	}
}

// SeekTo shows the run as it was at virtual time t, paused. A time at or past the live run's
// returns to the live run.
func (g *Game) SeekTo(t core.Time) error {
	if g.tl == nil || g.cmp != nil {
		err := fmt.Errorf("the timeline is not available in the split view: close it first (V)")
		g.flash(err.Error())
		return err
	}
	live := g.sim
	if g.live != nil {
		live = g.live
	}
	if t < 0 {
		t = 0
	}
	if t >= live.Now() {
		g.BackToLive()
		return nil
	}
	var shown *core.Sim // the past moment on screen, which a forward drag can run on from
	if g.live != nil {
		shown = g.sim
	}
	past, err := g.tl.SeekFrom(shown, t)
	if err != nil {
		g.flash(err.Error())
		return err
	}
	g.live = live
	g.paused = true
	g.showSim(past)
	return nil
}

// BackToLive leaves the past and shows the live run again (still paused).
func (g *Game) BackToLive() {
	if g.live == nil {
		g.sync()
		return
	}
	live := g.live
	g.live = nil
	g.showSim(live)
}

// ContinueHere makes the moment shown the present: the run forks there and its later part is
// dropped. Nothing happens when the live run is shown.
func (g *Game) ContinueHere() {
	if g.live == nil {
		return
	}
	dropped := g.live.Now() - g.sim.Now()
	g.tl.Fork(g.sim.Now())
	g.live = nil
	g.log.truncate(g.sim.Now()) // the dropped future's lines go with it
	g.forkLesson()
	g.armScript() // the scenario's script goes on from here as written
	g.log.addNote(g.sim.Now(), fmt.Sprintf("the run continues from here (%s of the old run dropped)", fmtMs(float64(dropped))))
	g.sync()
}

// ViewingPast reports whether an earlier moment is shown.
func (g *Game) ViewingPast() bool { return g.live != nil }

// showSim puts s on screen in place of the current sim, with the charts and animations rebuilt
// for it (its queued events are the replay's and are not shown). The event log stays the live
// run's, cut at the moment shown: the past shows the lines up to then, the live run all of
// them. A run from elsewhere (a share link) empties it.
func (g *Game) showSim(s *core.Sim) {
	g.sim = s
	g.sim.AppendEvents(g.events[:0])
	g.cfg = s.Config()
	g.acc = 0
	g.lastTime = s.Now()
	g.lastSamp = -1
	g.log.cutoff = -1
	if g.live != nil {
		g.log.cutoff = s.Now()
	}
	g.charts.reset()
	g.rum.reset() // the rumor's curve is rebuilt from s's samples: no dropped future on the chart
	for i := range g.bursts {
		g.bursts[i] = burst{}
	}
	g.mat.builtAt = -1
	g.probes.reset()
	g.sync()
}

// ShareLink describes the run up to the moment shown as a share link ("v1.…"): opening it
// replays to exactly this state.
func (g *Game) ShareLink() (string, error) {
	if g.tl == nil || g.cmp != nil {
		return "", fmt.Errorf("a share link holds one run: close the split view first (V)")
	}
	return core.EncodeShare(g.tl.Share(g.sim.Now()))
}

// OpenShare replaces the run by the one a share link describes, replayed to the moment it was
// made and paused there. A link that cannot be opened changes nothing and says why.
func (g *Game) OpenShare(text string) error { return g.openShareChecked(text, nil, lesson.Ticks{}) }

// openShareChecked opens a share link; with a lesson, that lesson's checker follows the replay
// period by period, as it would have followed the run (a reload mid-lesson), after taking in
// the ticks the learner had before the reload.
func (g *Game) openShareChecked(text string, l *lesson.Lesson, ticks lesson.Ticks) error {
	sh, err := core.DecodeShare(text)
	if err != nil {
		return err
	}
	// The replay runs inside one frame: bound its cost so a link cannot hang the page.
	if cost := float64(sh.Config.N) * float64(sh.Config.N) * sh.At.Seconds(); cost > maxShareReplayCost {
		return &core.ShareError{Reason: fmt.Sprintf("it replays %s of a %d-node run, more than this app replays when opening a link (N² × seconds ≤ %.0e, e.g. 10 minutes at 1000 nodes)",
			fmtClock(sh.At), sh.Config.N, float64(maxShareReplayCost))}
	}
	tl, sim, err := core.NewTimeline(sh.Config, checkpointEvery, maxCheckpoints(sh.Config.N))
	if err != nil {
		return &core.ShareError{Reason: "its settings are invalid: " + err.Error()}
	}
	rp := shareReplay{tl: tl, sim: sim, step: checkpointEvery}
	if l != nil { // a lesson's run: its checker and the event log follow the replay
		rp.chk, rp.log = lesson.NewChecker(l), newEventLog()
		rp.log.window = max(3*core.Second, 2*sh.Config.Period)
		rp.step = sh.Config.Period
		rp.chk.RestoreEarlier(ticks) // the runs before this one: the replay cannot see them
	}
	if err := rp.run(sh); err != nil {
		return err
	}
	if rp.chk != nil {
		rp.chk.Restore(ticks) // the ticks the replay could not see again (a list opened), the times seen
	}
	g.cmp = nil
	g.script, g.pending = nil, g.pending[:0] // the link's commands are in its log
	g.seed, g.nextN = sh.Config.Seed, sh.Config.N
	g.nextK, g.nextSusp = sh.Config.Swim.K, sh.Config.Swim.SuspicionTimeout
	g.tl, g.live = tl, nil
	g.pitOpen = sh.Config.Pitfalls != (core.Pitfalls{})
	g.lesson, g.checker, g.caption, g.scenarioName = l, rp.chk, Caption{}, "" // another run
	g.paused = true
	g.selected = -1
	g.hasWall = false
	g.rum.reset()
	g.rum.clearKept()
	g.userTS, g.userTR = 0, 0
	g.log.reset()
	if rp.log != nil {
		g.log = rp.log
	}
	g.showSim(sim)
	if rp.log == nil {
		g.log.addNote(sim.Now(), fmt.Sprintf("opened a share link: %s, %d nodes, seed %d, %d commands", protocolTitle(g.cfg.Protocol), g.cfg.N, g.cfg.Seed, len(sh.Commands)))
	}
	g.sync()
	return nil
}

// shareReplay runs a share link's commands on a fresh timeline, in steps, so that the
// timeline can seek in the replay and a lesson's checker (if any) can follow it.
type shareReplay struct {
	tl   *core.Timeline
	sim  *core.Sim
	step core.Time
	chk  *lesson.Checker
	log  *eventLog // the lesson's event log, rebuilt from the replay
	snap core.Snapshot
	evs  []core.Event
}

func (rp *shareReplay) run(sh core.Share) error {
	rp.sim.RecordEvents(rp.chk != nil)
	rp.observe()
	play := core.Player{Script: sh.Commands,
		Apply:   func(c core.TimedCommand) error { return rp.tl.Apply(rp.sim, c.Command) },
		Pause:   func(now core.Time) core.Time { return now + rp.step },
		Visit:   rp.observe,
		AtPause: func() { rp.tl.Observe(rp.sim) }}
	if err := play.RunTo(rp.sim, sh.At); err != nil {
		pe := err.(*core.PlayError)
		return &core.ShareError{Reason: fmt.Sprintf("commands[%d] at %d ms does not apply: %v", pe.Index, pe.At, pe.Err)}
	}
	rp.sim.RecordEvents(true)
	return nil
}

func (rp *shareReplay) observe() {
	if rp.chk == nil {
		return
	}
	rp.sim.SnapshotInto(&rp.snap, false)
	rp.evs = rp.sim.AppendEvents(rp.evs[:0])
	rp.chk.Observe(rp.evs, &rp.snap, lesson.UI{})
	for _, e := range rp.evs {
		rp.log.add(e)
	}
}

// timelineState is the published form of the timeline.
func (g *Game) timelineState() TimelineState {
	st := TimelineState{AtMs: int64(g.sim.Now()), LiveMs: int64(g.sim.Now()), Available: g.tl != nil && g.cmp == nil}
	if g.live != nil {
		st.LiveMs, st.Past = int64(g.live.Now()), true
	}
	if g.tl != nil {
		st.Commands = g.tl.Len()
	}
	return st
}

// fmtClock writes a virtual time as m:ss.s, rounded down like the clock in the top bar.
func fmtClock(t core.Time) string {
	d := int64(t) / 100
	return fmt.Sprintf("%d:%02d.%d", d/600, d/10%60, d%10)
}

// travelStep is how far ← and → move in the run's past.
const travelStep = 5 * core.Second

// travel carries out the time-travel keys: ← shows the run 5 s earlier than the moment shown,
// → 5 s later (reaching the live run returns to it), End returns to the live run.
func (g *Game) travel(a action) {
	if g.cmp != nil {
		g.flash("the timeline is not available in the split view: close it first (V)")
		return
	}
	switch a {
	case actTimeBack:
		if g.sim.Now() == 0 {
			g.flash("this is the start of the run")
			return
		}
		g.SeekTo(max(0, g.sim.Now()-travelStep))
	case actTimeForward:
		if g.live == nil {
			g.flash("this is the live run: → moves forward in the past only")
			return
		}
		g.SeekTo(g.sim.Now() + travelStep)
	case actTimeLive:
		g.BackToLive()
	}
	if g.live != nil {
		g.flash(fmt.Sprintf("the past: %s of %s — Space plays on from here (the later part is dropped), End returns", fmtClock(g.sim.Now()), fmtClock(g.live.Now())))
	}
}
