package core

import "fmt"

// Timeline records a run — its commands with their times — and keeps periodic checkpoints
// (clones), so that any earlier moment can be rebuilt in a fraction of the run's cost: take
// the last checkpoint before it, replay the commands since, and advance. Scrubbing back and
// forth therefore lands on exactly the states the run passed through. The live Sim is the
// caller's; the timeline never changes it.
type Timeline struct {
	config      Config
	log         []TimedCommand
	checkpoints []checkpoint
	every       Time
	max         int
}

type checkpoint struct {
	sim     *Sim
	applied int // commands of the log already applied in sim
}

// NewTimeline starts a timeline for a run made with cfg (which must be valid), taking a
// checkpoint at most every `every` of virtual time and keeping at most max of them: past that,
// every other one is dropped and the spacing doubles, so memory stays bounded in long runs.
func NewTimeline(cfg Config, every Time, max int) (*Timeline, *Sim, error) {
	if every < 1 || max < 2 {
		return nil, nil, fmt.Errorf("timeline: every must be ≥ 1 ms and max ≥ 2, got %d and %d", every, max)
	}
	s, err := New(cfg)
	if err != nil {
		return nil, nil, err
	}
	tl := &Timeline{config: cfg.clone(), every: every, max: max}
	tl.checkpoints = []checkpoint{{s.Clone(), 0}}
	return tl, s, nil
}

// Apply applies cmd to the live sim s and records it.
func (tl *Timeline) Apply(s *Sim, cmd Command) error {
	if err := s.Apply(cmd); err != nil {
		return err
	}
	tl.log = append(tl.log, TimedCommand{At: s.Now(), Command: cmd})
	return nil
}

// Observe takes a checkpoint of the live sim when one is due; call it after advancing.
func (tl *Timeline) Observe(s *Sim) {
	last := tl.checkpoints[len(tl.checkpoints)-1]
	if s.Now()-last.sim.Now() < tl.every {
		return
	}
	tl.checkpoints = append(tl.checkpoints, checkpoint{s.Clone(), len(tl.log)})
	if len(tl.checkpoints) > tl.max {
		kept := tl.checkpoints[:1]
		for i := 2; i < len(tl.checkpoints); i += 2 {
			kept = append(kept, tl.checkpoints[i])
		}
		tl.checkpoints = kept
		tl.every *= 2
	}
}

// Seek rebuilds the run as it was at time t (not after the live sim's time) and returns it as
// a new Sim, which the caller may run on: with Fork it becomes the live run.
func (tl *Timeline) Seek(t Time) (*Sim, error) {
	i := len(tl.checkpoints) - 1
	for i > 0 && tl.checkpoints[i].sim.Now() > t {
		i--
	}
	cp := tl.checkpoints[i]
	return tl.replay(cp.sim.Clone(), cp.applied, t)
}

// replay runs s on to time t, applying the logged commands from index next on at their times.
func (tl *Timeline) replay(s *Sim, next int, t Time) (*Sim, error) {
	play := Player{Script: tl.log, Next: next}
	if err := play.RunTo(s, t); err != nil {
		pe := err.(*PlayError)
		return nil, fmt.Errorf("timeline: replaying %s at %d ms: %w", tl.log[pe.Index].Op, pe.At, pe.Err)
	}
	return s, nil
}

// SeekFrom is Seek for a scrubber moving forward: from must be a Sim that Seek or SeekFrom
// returned for this timeline (and nothing else has changed). When from is at or before t and
// later than the checkpoint Seek would start from, it is run on to t in place — the commands
// after its time applied on the way — and returned; otherwise SeekFrom is Seek(t). Either way
// the state is exactly Seek(t)'s.
func (tl *Timeline) SeekFrom(from *Sim, t Time) (*Sim, error) {
	i := len(tl.checkpoints) - 1
	for i > 0 && tl.checkpoints[i].sim.Now() > t {
		i--
	}
	if from == nil || from.Now() > t || from.Now() <= tl.checkpoints[i].sim.Now() {
		return tl.Seek(t)
	}
	next := 0 // Seek(from.Now()) applied every command up to its time
	for next < len(tl.log) && tl.log[next].At <= from.Now() {
		next++
	}
	return tl.replay(from, next, t)
}

// Fork makes the run continue from time t: commands and checkpoints after t are forgotten.
func (tl *Timeline) Fork(t Time) {
	n := 0
	for n < len(tl.log) && tl.log[n].At <= t {
		n++
	}
	tl.log = tl.log[:n]
	k := 1
	for k < len(tl.checkpoints) && tl.checkpoints[k].sim.Now() <= t && tl.checkpoints[k].applied <= n {
		k++
	}
	tl.checkpoints = tl.checkpoints[:k]
}

// Share describes the run up to time `at` as a share link's content.
func (tl *Timeline) Share(at Time) Share {
	var cmds []TimedCommand
	for _, c := range tl.log {
		if c.At <= at {
			cmds = append(cmds, c)
		}
	}
	return Share{Config: tl.config.clone(), Commands: cmds, At: at}
}

// NextCheckpoint is the virtual time from which Observe takes the next checkpoint: a caller
// that advances a long way at once stops there first, so the checkpoints stay evenly spaced.
func (tl *Timeline) NextCheckpoint() Time {
	return tl.checkpoints[len(tl.checkpoints)-1].sim.Now() + tl.every
}

// Checkpoints is how many checkpoints are kept.
func (tl *Timeline) Checkpoints() int { return len(tl.checkpoints) }

// Len is how many commands are recorded.
func (tl *Timeline) Len() int { return len(tl.log) }

// Commands returns the recorded commands, oldest first.
func (tl *Timeline) Commands() []TimedCommand { return append([]TimedCommand(nil), tl.log...) }
