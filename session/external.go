package session

import (
	"fmt"
	"slices"
	"strings"

	"gossiplab/core"
	"gossiplab/trace"
)

// Sources other than the simulator: a recorded trace and a live cluster (Feed). While one is
// shown the simulator's run waits aside, untouched, and CloseFeed brings it back. What has no
// meaning for the source shown is refused with the reason (the view disables those controls
// with the same words): a trace is played and scrubbed, never changed; a live cluster takes
// only what a supervisor can do to real processes, and cannot go back in time.

// Source kinds, as State.Source.Kind says them.
const (
	KindSimulator = "simulator"
	KindTrace     = "trace"
	KindLive      = "live"
)

// Cluster is where a live feed's commands go: the supervisor of the real processes, over its
// connection. Command returns at once; what the command did shows in later frames.
type Cluster interface {
	Command(cmd core.Command) error
}

// LiveOps are the commands a live cluster carries out (everything else is refused).
var LiveOps = []core.Op{core.OpCrash, core.OpRestart, core.OpLeave, core.OpAdd, core.OpPartition, core.OpHeal, core.OpSet}

// OpenFeed shows f in place of the simulator (ctl receives a live feed's commands; nil for a
// trace). A lesson stops and the split view closes; the simulator's run waits aside.
func (s *Session) OpenFeed(f *Feed, ctl Cluster) {
	s.obs.RunEnding()
	if s.feed == nil { // the simulator's clock, for CloseFeed
		s.simSpeed, s.simPaused = s.speed, s.paused
	}
	s.feed, s.ctl = f, ctl
	s.twin, s.lesson, s.checker = nil, nil, nil
	s.caption = Caption{}
	s.speed, s.paused, s.acc = 1, false, 0
	s.log.Reset()
	s.configChanged()
	s.frame.Epoch++
	s.obs.RunShown(true)
	c := f.Config()
	if f.Live() {
		s.log.AddNote(f.Now(), fmt.Sprintf("live: %d real %s nodes at %s", c.N, ProtocolTitle(c.Protocol), f.Name()))
	} else {
		s.log.AddNote(f.Now(), fmt.Sprintf("trace %s: %d %s nodes, %s recorded", f.Name(), c.N, ProtocolTitle(c.Protocol), Clock(f.End()-f.Start())))
	}
}

// CloseFeed goes back to the simulator's run as it was left.
func (s *Session) CloseFeed() {
	if s.feed == nil {
		return
	}
	s.obs.RunEnding()
	s.feed, s.ctl = nil, nil
	s.speed, s.paused = s.simSpeed, s.simPaused
	s.log.Reset()
	s.configChanged()
	s.frame.Epoch++
	s.obs.RunShown(true)
}

// Feed is the feed shown, or nil while the simulator is.
func (s *Session) Feed() *Feed { return s.feed }

// SourceKind says what the run shown comes from: KindSimulator, KindTrace or KindLive.
func (s *Session) SourceKind() string {
	switch {
	case s.feed == nil:
		return KindSimulator
	case s.feed.Live():
		return KindLive
	}
	return KindTrace
}

// PushFrame adds a live cluster's next frame.
func (s *Session) PushFrame(fr trace.Frame) error {
	if s.feed == nil || !s.feed.Live() {
		return fmt.Errorf("no live cluster is shown")
	}
	return s.feed.Push(fr)
}

// source is the run shown, as a Source.
func (s *Session) source() Source {
	if s.feed != nil {
		return s.feed
	}
	return s.sim
}

// NotHere says why something cannot be done to the source shown (nil when it can: the
// simulator). what names it, e.g. "a reset".
func (s *Session) NotHere(what string) error {
	if what != "" {
		what = strings.ToUpper(what[:1]) + what[1:]
	}
	switch s.SourceKind() {
	case KindLive:
		return fmt.Errorf("%s has no meaning for a live cluster of real processes: it takes crash, restart, leave, add, partition, heal and loss (close it with the × on its badge for the simulator)", what)
	case KindTrace:
		return fmt.Errorf("%s has no meaning for a recorded trace: it is played and scrubbed, never changed (close it with the × on its badge for the simulator)", what)
	}
	return nil
}

// applyFeed carries a command to the live cluster, or refuses it.
func (s *Session) applyFeed(cmd core.Command) error {
	if s.ctl == nil || !s.feed.Live() {
		return s.NotHere(fmt.Sprintf("%q", cmd.Op))
	}
	ok := slices.Contains(LiveOps, cmd.Op)
	if cmd.Op == core.OpSet && (cmd.Param != "loss" || len(cmd.Also) > 0) {
		ok = false
	}
	if !ok {
		what := string(cmd.Op)
		if cmd.Op == core.OpSet {
			what = "setting " + cmd.Param
		}
		return s.NotHere(what)
	}
	if cmd.Op == core.OpSet && !(cmd.Value >= 0 && cmd.Value < 1) {
		return fmt.Errorf("loss must be in [0, 1) on a live cluster, got %g", cmd.Value)
	}
	if err := s.ctl.Command(cmd); err != nil {
		return err
	}
	if cmd.Op == core.OpSet {
		s.feed.AskedLoss(cmd.Value)
	}
	return nil
}

// advanceFeed moves a feed on: a trace plays at the session's speed and pauses at its end; a
// live feed follows its newest frame, LiveLag behind, in real time.
func (s *Session) advanceFeed(realMs float64) {
	f := s.feed
	if f.Live() {
		target := f.End() - LiveLag
		now := f.Now() + core.Time(realMs)
		if now < target-liveSlack || now > target { // fell behind (a hidden tab, a burst of frames), or ahead
			now = target
		}
		if now > f.Now() {
			f.SeekTo(now)
		}
		return
	}
	if s.paused {
		return
	}
	s.acc += s.speed * realMs
	dt := core.Time(s.acc)
	s.acc -= float64(dt)
	f.SeekTo(f.Now() + dt)
	if f.Now() >= f.End() {
		s.paused = true
	}
}

// liveSlack is how far a live feed may fall behind its target before it jumps there, in ms.
const liveSlack = 300

// seekFeed shows moment t of a trace, paused: going back, the event log is written again from
// the start.
func (s *Session) seekFeed(t core.Time) error {
	if s.feed.Live() {
		return fmt.Errorf("a live cluster cannot go back in time: record it (the Save trace button) and open the trace to scrub")
	}
	if s.feed.SeekTo(t) {
		s.log.Reset() // written again from the start by the events queued
	}
	s.paused, s.acc = true, 0
	s.frame.Epoch++
	s.obs.RunShown(false)
	return nil
}

// timelineFeed is the timeline of a feed: its end (a live one's newest moment shown), and the
// moment shown; a trace can be scrubbed.
func (s *Session) timelineFeed() TimelineState {
	f := s.feed
	end := f.End()
	if f.Live() {
		end = max(f.Now(), f.End()-LiveLag)
	}
	return TimelineState{LiveMs: int64(end), AtMs: int64(f.Now()), Past: !f.Live() && f.Now() < end, Available: !f.Live()}
}
