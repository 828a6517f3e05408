// Package session is the run apart from its picture: what a screen shows and what it can do to
// it, with no Ebiten and no JS, so that it builds natively and for wasm and is tested natively
// through its API.
//
// A Session owns the run shown (and, while an earlier moment is shown, the live run waiting
// aside), the timeline that records it, the loaded scenario's script, the split view's twin run,
// the lesson checker, the next run's settings, the speed and pause, and the folded event log.
// Its surface is small, in the spirit of etcd raft's Ready: the view gives commands (the methods
// below, or Do with an action name), calls Advance with the real time that passed, and reads a
// Frame — each run's Source, config, snapshot and new events — after Refresh. The frame comes
// from a Source: today the simulator; a recorded trace and a live cluster of real processes are
// further sources the view need not know about.
//
// Every method runs on the caller's goroutine (the game's): a Session is not safe for concurrent
// use. Errors are returned (and never panic); messages that are not errors (a scenario command
// that no longer applies, a setting adjusted to fit) go to the Observer's Say.
package session

import (
	"fmt"

	"gossiplab/core"
	"gossiplab/lesson"
)

// Speeds in virtual seconds per real second.
const (
	MinSpeed, MaxSpeed = 0.1, 20.0
	DefaultSpeed       = 0.25 // packets take 20–80 ms: at 1× they would be gone in 2–5 frames
)

// Source is what a frame is read from: the run's clock, its nodes' states and membership lists,
// and its events. *core.Sim is one; a recorded trace and a live cluster will be others.
type Source interface {
	Now() core.Time
	NumNodes() int
	Config() core.Config
	// SnapshotInto fills dst (reusing its buffers); withViews adds every node's list.
	SnapshotInto(dst *core.Snapshot, withViews bool)
	// AppendEvents drains the events since the last call into dst.
	AppendEvents(dst []core.Event) []core.Event
	// AppendView appends node id's membership list to dst.
	AppendView(id core.NodeID, dst []core.Entry) []core.Entry
	// Belief is what observer holds about subject (State Unknown if nothing), in O(1).
	Belief(observer, subject core.NodeID) core.Entry
	// TraceHash fingerprints everything the run has done.
	TraceHash() uint64
}

var _ Source = (*core.Sim)(nil)

// Run is one run as a frame shows it.
type Run struct {
	Source Source
	Config core.Config   // the run's parameters, current after every command
	Snap   core.Snapshot // as of the last Refresh (without lists)
	Events []core.Event  // drained by the last Refresh
}

// Frame is what the view draws: the run shown and, in the split view, its twin (Runs[1]).
type Frame struct {
	Runs [2]Run
	// Twin is true while the split view runs a second protocol beside the first.
	Twin bool
	// Epoch counts the times the run shown was replaced (a new run, a jump in time): drawing
	// state tied to the old one (animations, charts) is stale when it changes.
	Epoch int
}

// Observer hears what a view must redo when the run changes. Every method may be empty.
type Observer interface {
	// RunEnding is called just before a new run replaces the one shown (Reset and everything
	// that starts again): the frame still shows the old run, for a last look.
	RunEnding()
	// RunShown is called after another run or moment is shown: fresh is true for a new run
	// (reset, scenario, share link), false for a jump in the same run's time.
	RunShown(fresh bool)
	// Say shows a message that is not an error (the view's toast).
	Say(msg string)
}

// Options are a session's starting settings.
type Options struct {
	Config core.Config // validated by core.New
	Speed  float64     // 0 → DefaultSpeed
	Paused bool
	// Compare opens the split view with two protocols, e.g. "heartbeat,swim".
	Compare string
}

// Session is one run and everything around it that is not its picture.
type Session struct {
	obs   Observer
	sim   *core.Sim // the run shown
	next  Next      // the settings the next run starts with
	speed float64
	// paused stops virtual time; acc is the virtual time owed to the run, below one ms.
	paused bool
	acc    float64
	// The T_suspect and T_remove the learner last set (0: as configured), which the other's
	// room-making comes back to (moveTimeout).
	userTS, userTR float64

	tl      *core.Timeline      // records the live run; nil only if it could not start
	live    *core.Sim           // the live run while an earlier moment is shown, else nil
	script  []core.TimedCommand // the loaded scenario's commands (armed again by Reset)
	pending []core.TimedCommand // the script's commands not yet reached
	caption Caption
	name    string // the loaded scenario's name
	lesson  *lesson.Lesson
	checker *lesson.Checker
	twin    *twin // the split view's second run, nil when closed
	log     *EventLog
	frame   Frame
	// feed is a recorded trace or a live cluster shown instead of the simulator (external.go),
	// ctl where a live one's commands go; nil while the simulator is shown.
	feed *Feed
	ctl  Cluster
	// The simulator's speed and pause while a feed is shown.
	simSpeed  float64
	simPaused bool
}

// Next is what the next run (Reset) starts with, where it differs from the run shown: the
// settings a running simulation cannot change.
type Next struct {
	Seed       uint64
	N          int
	K          int       // SWIM's helpers
	TSuspicion core.Time // SWIM's suspicion timeout
	RumorMode  string
}

// New starts a session with opts (its errors name the bad field and its range).
func New(opts Options, obs Observer) (*Session, error) {
	if opts.Speed == 0 {
		opts.Speed = DefaultSpeed
	}
	if !(opts.Speed >= MinSpeed && opts.Speed <= MaxSpeed) {
		return nil, fmt.Errorf("speed must be in [%g, %g], got %g", MinSpeed, MaxSpeed, opts.Speed)
	}
	sim, err := core.New(opts.Config)
	if err != nil {
		return nil, err
	}
	if obs == nil {
		obs = quiet{}
	}
	s := &Session{obs: obs, sim: sim, speed: opts.Speed, paused: opts.Paused, log: NewEventLog()}
	s.next = nextOf(sim.Config())
	s.startTimeline()
	s.configChanged()
	if opts.Compare != "" {
		protos, ok := ParseCompare(opts.Compare)
		if !ok {
			return nil, fmt.Errorf("compare must be two of heartbeat, swim separated by a comma, got %q", opts.Compare)
		}
		if err := s.restart(s.nextConfig(), &protos); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func nextOf(c core.Config) Next {
	return Next{Seed: c.Seed, N: c.N, K: c.Swim.K, TSuspicion: c.Swim.SuspicionTimeout, RumorMode: c.RumorMode}
}

type quiet struct{}

func (quiet) RunEnding()    {}
func (quiet) RunShown(bool) {}
func (quiet) Say(string)    {}

// Frame is the frame as of the last Refresh (configs are current after every command). The
// pointer stays valid for the session's life.
func (s *Session) Frame() *Frame { return &s.frame }

// Sim is the simulation shown (for reading; change it through the session).
func (s *Session) Sim() *core.Sim { return s.sim }

// Config is the shown run's parameters (current after every command).
func (s *Session) Config() *core.Config { return &s.frame.Runs[0].Config }

// Next is what the next run starts with.
func (s *Session) Next() Next { return s.next }

// Log is the folded event log of the run shown.
func (s *Session) Log() *EventLog { return s.log }

// Paused, Speed: the clock's state. Owed is the virtual time (ms, below 1) Advance owes the run:
// drawing adds it for smooth motion.
func (s *Session) Paused() bool   { return s.paused }
func (s *Session) Speed() float64 { return s.speed }
func (s *Session) Owed() float64  { return s.acc }

// Pause stops virtual time; Play starts it again.
func (s *Session) Pause() { s.paused = true }
func (s *Session) Play()  { s.paused = false }

// SetSpeed sets how many virtual seconds pass per real second, in [MinSpeed, MaxSpeed].
func (s *Session) SetSpeed(x float64) error {
	if !(x >= MinSpeed && x <= MaxSpeed) {
		return fmt.Errorf("speed must be in [%g, %g], got %g", MinSpeed, MaxSpeed, x)
	}
	s.speed = x
	return nil
}

// Advance lets realMs milliseconds of real time pass: unless paused, the run moves on by
// speed × realMs of virtual time (whole ms; the rest is owed to the next call). Playing from an
// earlier moment forks the run there first.
func (s *Session) Advance(realMs float64) {
	if s.feed != nil {
		s.advanceFeed(realMs)
		return
	}
	if s.paused {
		return
	}
	s.ContinueHere()
	s.acc += s.speed * realMs
	if dt := int64(s.acc); dt >= 1 {
		s.acc -= float64(dt)
		s.advanceLive(core.Time(dt))
	}
}

// AdvanceNow advances virtual time by ms at once, whether paused or not (the step button, tests).
func (s *Session) AdvanceNow(ms core.Time) {
	if s.feed != nil {
		if !s.feed.Live() && ms > 0 {
			s.feed.SeekTo(s.feed.Now() + ms)
		}
		return
	}
	if ms > 0 {
		s.ContinueHere()
		s.advanceLive(ms)
	}
}

// StepPeriod pauses and advances virtual time by one protocol period X.
func (s *Session) StepPeriod() {
	s.paused = true
	s.AdvanceNow(s.Config().Period)
}

// Refresh takes the frame: each run's snapshot and the events since the last Refresh, which
// also go to the event log and (with the UI state ui) the lesson checker.
func (s *Session) Refresh(ui lesson.UI) *Frame {
	r := &s.frame.Runs[0]
	src := s.source()
	r.Source = src
	src.SnapshotInto(&r.Snap, false)
	r.Events = src.AppendEvents(r.Events[:0])
	if s.feed != nil { // a feed's config moves with its frames (the loss a frame reports)
		r.Config = s.feed.Config()
	}
	for i := range r.Events {
		s.log.Add(r.Events[i])
	}
	s.checkLesson(ui)
	s.frame.Twin = s.twin != nil
	if s.twin != nil {
		s.twin.refresh(&s.frame.Runs[1], &r.Snap)
	}
	return &s.frame
}

// configChanged brings the frame's configs up to date after a command or a new run.
func (s *Session) configChanged() {
	s.frame.Runs[0].Source = s.source()
	s.frame.Runs[0].Config = s.source().Config()
	s.log.SetWindow(max(3*core.Second, 2*s.frame.Runs[0].Config.Period))
	if s.twin != nil {
		s.frame.Runs[1].Source = s.twin.sim
		s.frame.Runs[1].Config = s.twin.sim.Config()
	}
}

// TraceHash fingerprints everything the run shown has done.
func (s *Session) TraceHash() uint64 { return s.source().TraceHash() }
