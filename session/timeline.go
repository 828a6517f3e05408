package session

import (
	"fmt"

	"gossiplab/core"
	"gossiplab/lesson"
)

// Time travel. Every command goes through exec, which records it in a core.Timeline together
// with periodic checkpoints of the run. Seeking rebuilds an earlier moment from the nearest
// checkpoint (exact, because the core is deterministic) and shows it paused while the live run
// waits aside; going on from there (play, step or any command) forks: the run continues from
// that moment and its later part is dropped.

// Checkpoint spacing and count: every 5 s of virtual time at first; past the count the spacing
// doubles (see core.Timeline), so memory stays bounded in long runs. A checkpoint holds every
// node's list, N² entries of about 16 bytes: the count is what fits in checkpointBudget bytes
// (256 at N ≤ 250, 16 at N = 1000), so a seek replays at most 5 s of a short run and, at
// N = 1000, some tens of seconds of a ten-minute one.
const (
	checkpointEvery  = 5 * core.Second
	checkpointBudget = 256 << 20
)

// MaxShareReplayCost bounds the work of opening a share link, in node² × simulated seconds (a
// simulated second costs O(N²) merges): 10 minutes at N = 1000, about 11 s in the browser.
const MaxShareReplayCost = 1000 * 1000 * 600

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

// errSplitTimeline is the answer of the timeline's actions in the split view.
var errSplitTimeline = fmt.Errorf("the timeline is not available in the split view: close it first (V)")

// exec applies cmd to the run shown and records it. While an earlier moment is shown, the run
// first forks there: a command changes history from that point on.
func (s *Session) exec(cmd core.Command) error {
	if s.feed != nil {
		return s.applyFeed(cmd)
	}
	if s.live != nil {
		s.ContinueHere()
	}
	if s.tl == nil || s.twin != nil {
		return s.sim.Apply(cmd)
	}
	return s.tl.Apply(s.sim, cmd)
}

// startTimeline begins recording the run that s.sim has just started (at time 0).
func (s *Session) startTimeline() {
	s.live = nil
	tl, sim, err := core.NewTimeline(s.sim.Config(), checkpointEvery, maxCheckpoints(s.sim.NumNodes()))
	if err != nil { // cannot happen: the config was just accepted by core.New
		s.tl = nil
		return
	}
	s.tl, s.sim = tl, sim
}

// observeTimeline takes a checkpoint when one is due; called after the live run advances.
func (s *Session) observeTimeline() {
	if s.tl != nil && s.live == nil {
		s.tl.Observe(s.sim)
	}
}

// SeekTo shows the run as it was at virtual time t, paused. A time at or past the live run's
// returns to the live run.
func (s *Session) SeekTo(t core.Time) error {
	if s.feed != nil {
		return s.seekFeed(t)
	}
	if s.tl == nil || s.twin != nil {
		return errSplitTimeline
	}
	live := s.sim
	if s.live != nil {
		live = s.live
	}
	if t < 0 {
		t = 0
	}
	if t >= live.Now() {
		s.BackToLive()
		return nil
	}
	var shown *core.Sim // the past moment on screen, which a forward drag can run on from
	if s.live != nil {
		shown = s.sim
	}
	past, err := s.tl.SeekFrom(shown, t)
	if err != nil {
		return err
	}
	s.live = live
	s.paused = true
	s.show(past, false)
	return nil
}

// BackToLive leaves the past and shows the live run again (still paused).
func (s *Session) BackToLive() {
	if s.feed != nil && !s.feed.Live() {
		s.seekFeed(s.feed.End())
		return
	}
	if s.live == nil {
		return
	}
	live := s.live
	s.live = nil
	s.show(live, false)
}

// ContinueHere makes the moment shown the present: the run forks there and its later part is
// dropped. Nothing happens when the live run is shown.
func (s *Session) ContinueHere() {
	if s.live == nil {
		return
	}
	dropped := s.live.Now() - s.sim.Now()
	s.tl.Fork(s.sim.Now())
	s.live = nil
	s.log.Truncate(s.sim.Now()) // the dropped future's lines go with it
	if s.checker != nil {
		s.checker.Truncate(s.sim.Now())
	}
	s.armScript() // the scenario's script goes on from here as written
	s.log.AddNote(s.sim.Now(), fmt.Sprintf("the run continues from here (%s of the old run dropped)", Ms(float64(dropped))))
}

// ViewingPast reports whether an earlier moment is shown.
func (s *Session) ViewingPast() bool { return s.live != nil }

// LiveNow is how far the live run has got (the moment shown unless viewing the past).
func (s *Session) LiveNow() core.Time {
	if s.live != nil {
		return s.live.Now()
	}
	return s.sim.Now()
}

// show puts sim on screen in place of the run shown (its queued events are the replay's and
// are not shown). The event log stays the live run's, cut at the moment shown: the past shows
// the lines up to then, the live run all of them.
func (s *Session) show(sim *core.Sim, fresh bool) {
	s.sim = sim
	r := &s.frame.Runs[0]
	r.Events = s.sim.AppendEvents(r.Events[:0])[:0]
	s.acc = 0
	s.log.ShowUpTo(-1)
	if s.live != nil {
		s.log.ShowUpTo(sim.Now())
	}
	s.configChanged()
	s.frame.Epoch++
	s.obs.RunShown(fresh)
}

// TimelineState is the published form of the timeline.
func (s *Session) TimelineState() TimelineState {
	if s.feed != nil {
		return s.timelineFeed()
	}
	st := TimelineState{AtMs: int64(s.sim.Now()), LiveMs: int64(s.LiveNow()), Past: s.live != nil,
		Available: s.tl != nil && s.twin == nil}
	if s.tl != nil {
		st.Commands = s.tl.Len()
	}
	return st
}

// Commands is how many commands the live run has recorded, and the timeline that holds them
// (which changes with every new run): together they say whether a share link is still current.
func (s *Session) Commands() (*core.Timeline, int) {
	if s.tl == nil {
		return nil, 0
	}
	return s.tl, s.tl.Len()
}

// ShareLink describes the run up to the moment shown as a share link ("v1.…"): opening it
// replays to exactly this state.
func (s *Session) ShareLink() (string, error) {
	if err := s.NotHere("a share link"); err != nil {
		return "", err
	}
	if s.tl == nil || s.twin != nil {
		return "", fmt.Errorf("a share link holds one run: close the split view first (V)")
	}
	return core.EncodeShare(s.tl.Share(s.sim.Now()))
}

// OpenShare replaces the run by the one a share link describes, replayed to the moment it was
// made and paused there. A link that cannot be opened changes nothing and says why.
func (s *Session) OpenShare(text string) error { return s.openShare(text, nil, lesson.Ticks{}) }

// openShare opens a share link; with a lesson, that lesson's checker follows the replay period
// by period, as it would have followed the run (a reload mid-lesson), after taking in the ticks
// the learner had before the reload.
func (s *Session) openShare(text string, l *lesson.Lesson, ticks lesson.Ticks) error {
	if err := s.NotHere("opening a share link"); err != nil {
		return err
	}
	sh, err := core.DecodeShare(text)
	if err != nil {
		return err
	}
	// The replay runs inside one frame: bound its cost so a link cannot hang the page.
	if cost := float64(sh.Config.N) * float64(sh.Config.N) * sh.At.Seconds(); cost > MaxShareReplayCost {
		return &core.ShareError{Reason: fmt.Sprintf("it replays %s of a %d-node run, more than this app replays when opening a link (N² × seconds ≤ %.0e, e.g. 10 minutes at 1000 nodes)",
			Clock(sh.At), sh.Config.N, float64(MaxShareReplayCost))}
	}
	tl, sim, err := core.NewTimeline(sh.Config, checkpointEvery, maxCheckpoints(sh.Config.N))
	if err != nil {
		return &core.ShareError{Reason: "its settings are invalid: " + err.Error()}
	}
	rp := shareReplay{tl: tl, sim: sim, step: checkpointEvery}
	if l != nil { // a lesson's run: its checker and the event log follow the replay
		rp.chk, rp.log = lesson.NewChecker(l), NewEventLog()
		rp.log.SetWindow(max(3*core.Second, 2*sh.Config.Period))
		rp.step = sh.Config.Period
		rp.chk.RestoreEarlier(ticks) // the runs before this one: the replay cannot see them
	}
	if err := rp.run(sh); err != nil {
		return err
	}
	if rp.chk != nil {
		rp.chk.Restore(ticks) // the ticks the replay could not see again (a list opened), the times seen
	}
	s.obs.RunEnding()
	s.twin = nil
	s.script, s.pending = nil, s.pending[:0] // the link's commands are in its log
	s.tl, s.live = tl, nil
	s.lesson, s.checker, s.caption, s.name = l, rp.chk, Caption{}, "" // another run
	s.paused = true
	s.userTS, s.userTR = 0, 0
	s.log.Reset()
	if rp.log != nil {
		s.log = rp.log
	}
	s.next = nextOf(sh.Config)
	s.show(sim, true)
	if rp.log == nil {
		s.log.AddNote(sim.Now(), fmt.Sprintf("opened a share link: %s, %d nodes, seed %d, %d commands", ProtocolTitle(sh.Config.Protocol), sh.Config.N, sh.Config.Seed, len(sh.Commands)))
	}
	return nil
}

// shareReplay runs a share link's commands on a fresh timeline, in steps, so that the
// timeline can seek in the replay and a lesson's checker (if any) can follow it.
type shareReplay struct {
	tl   *core.Timeline
	sim  *core.Sim
	step core.Time
	chk  *lesson.Checker
	log  *EventLog // the lesson's event log, rebuilt from the replay
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
		rp.log.Add(e)
	}
}

// TravelStep is how far the time-travel keys move in the run's past.
const TravelStep = 5 * core.Second

// TravelBack shows the run TravelStep earlier than the moment shown; TravelForward TravelStep
// later, in the past only (reaching the live run returns to it). Each says where it is.
func (s *Session) TravelBack() error {
	if s.feed != nil {
		return s.seekFeed(s.feed.Now() - TravelStep)
	}
	if s.twin != nil {
		return errSplitTimeline
	}
	if s.sim.Now() == 0 {
		return fmt.Errorf("this is the start of the run")
	}
	if err := s.SeekTo(max(0, s.sim.Now()-TravelStep)); err != nil {
		return err
	}
	s.sayPast()
	return nil
}

func (s *Session) TravelForward() error {
	if s.feed != nil {
		return s.seekFeed(s.feed.Now() + TravelStep)
	}
	if s.twin != nil {
		return errSplitTimeline
	}
	if s.live == nil {
		return fmt.Errorf("this is the live run: → moves forward in the past only")
	}
	if err := s.SeekTo(s.sim.Now() + TravelStep); err != nil {
		return err
	}
	s.sayPast()
	return nil
}

// sayPast says which moment of the past is shown, and how to leave it.
func (s *Session) sayPast() {
	if s.live != nil {
		s.obs.Say(fmt.Sprintf("the past: %s of %s — Space plays on from here (the later part is dropped), End returns", Clock(s.sim.Now()), Clock(s.live.Now())))
	}
}

// Timeline is the live run's record (commands and checkpoints), or nil; for tests and tools
// that replay or measure it.
func (s *Session) Timeline() *core.Timeline { return s.tl }
