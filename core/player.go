package core

import "fmt"

// Runner is what a Player drives: a Sim, or several run in step (the app's split view).
type Runner interface {
	Now() Time
	RunUntil(t Time)
}

// Player plays a Script's timed commands into a run: the one loop that scenario files, share
// links, the timeline's replays, the CLI and the app use to apply commands at their times.
//
// RunTo(r, t) runs r to time t and applies, in order and each at its own time, every command
// from Next on whose time is at or before t (a command at exactly t is applied: the run at t
// includes it). The hooks let a caller follow the play: Visit after every stretch run and after
// every command applied (to print or observe the events), and, when Pause is set, AtPause at
// each time Pause names, after the commands due then (a metrics line, a checkpoint).
type Player struct {
	Script Script
	Next   int // index of the next command to apply
	// Apply applies one command; nil means the run's own Sim.Apply (r must then be a *Sim). An
	// error stops the play with a *PlayError; a caller that wants to go on returns nil.
	Apply func(c TimedCommand) error
	// Pause, if set, returns the next time after now to stop at (> now).
	Pause   func(now Time) Time
	Visit   func()
	AtPause func()
}

// PlayError is a command that did not apply: its index in the script, its time and why.
type PlayError struct {
	Index int
	At    Time
	Err   error
}

func (e *PlayError) Error() string {
	return fmt.Sprintf("commands[%d] at %d ms: %v", e.Index, e.At, e.Err)
}

func (e *PlayError) Unwrap() error { return e.Err }

// RunTo runs r to time t, applying the commands due by then; see Player.
func (p *Player) RunTo(r Runner, t Time) error {
	for {
		stop, pauseAt := t, Time(-1)
		if p.Pause != nil {
			pauseAt = p.Pause(r.Now())
			stop = min(stop, pauseAt)
		}
		if p.Next < len(p.Script) {
			stop = min(stop, p.Script[p.Next].At)
		}
		if stop > r.Now() {
			r.RunUntil(stop)
		}
		p.visit()
		for p.Next < len(p.Script) && p.Script[p.Next].At <= r.Now() {
			c := p.Script[p.Next]
			if err := p.apply(r, c); err != nil {
				return &PlayError{p.Next, c.At, err}
			}
			p.Next++
			p.visit()
		}
		if r.Now() == pauseAt && p.AtPause != nil {
			p.AtPause()
		}
		if r.Now() >= t && (p.Next >= len(p.Script) || p.Script[p.Next].At > t) {
			return nil
		}
	}
}

func (p *Player) apply(r Runner, c TimedCommand) error {
	if p.Apply != nil {
		return p.Apply(c)
	}
	s, ok := r.(*Sim)
	if !ok {
		return fmt.Errorf("player: no Apply given for a %T", r)
	}
	return s.Apply(c.Command)
}

func (p *Player) visit() {
	if p.Visit != nil {
		p.Visit()
	}
}
