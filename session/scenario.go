package session

import (
	"fmt"

	"gossiplab/core"
)

// Scenarios. A scenario (a file of scenarios/, a lesson's preset, a lecture scene) starts a
// fresh run with its config and plays its timed commands when the run reaches them, through
// exec, so they land on the timeline and in share links like the learner's own. Lessons
// (lesson.go) start a scenario and check it.

// Caption is the title and one-line caption shown over the cluster (lessons in embed and
// lecture mode).
type Caption struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// LoadScenario starts a new run of sc (closing the split view) and plays its commands as the
// run reaches them. The caption, if any, is shown over the cluster; a running lesson stops
// (StartLesson starts its checks after). It returns core's error for a config it rejects,
// leaving the current run as it was.
func (s *Session) LoadScenario(sc core.Scenario, caption Caption) error {
	cfg := sc.Config
	if err := cfg.Validate(); err != nil {
		return err
	}
	oldScript := s.script
	s.script = sc.Commands
	if err := s.restart(cfg, nil); err != nil {
		s.script = oldScript
		return err
	}
	s.lesson, s.checker = nil, nil
	s.caption = caption
	s.name = sc.Name
	s.log.AddNote(0, "scenario: "+scenarioTitle(sc, caption))
	return nil
}

func scenarioTitle(sc core.Scenario, c Caption) string {
	switch {
	case c.Title != "":
		return c.Title
	case sc.Name != "":
		return sc.Name
	}
	return fmt.Sprintf("%d nodes", sc.Config.N)
}

// SetCaption shows (or, with an empty caption, hides) the title and caption over the cluster.
func (s *Session) SetCaption(c Caption) { s.caption = c }

// Caption is the caption shown; ScenarioName the loaded scenario's name ("" when none).
func (s *Session) Caption() Caption     { return s.caption }
func (s *Session) ScenarioName() string { return s.name }

// advanceLive moves the live run on by dt, applying the scenario's commands at their times,
// and takes timeline checkpoints as they fall due: a long advance (advance(ms), a step at a
// long period) stops at each, so that seeking into it stays cheap.
func (s *Session) advanceLive(dt core.Time) {
	play := core.Player{Script: s.pending,
		Apply: func(c core.TimedCommand) error {
			if err := s.exec(c.Command); err != nil { // a scenario command that no longer applies: said, skipped
				s.obs.Say(fmt.Sprintf("scenario command %s at %s: %v", c.Op, Clock(c.At), err))
			} else {
				s.mirror(c.Command)
				s.configChanged()
			}
			return nil
		},
		AtPause: s.observeTimeline}
	if s.tl != nil && s.twin == nil {
		play.Pause = func(now core.Time) core.Time { return max(now+1, s.tl.NextCheckpoint()) }
	}
	play.RunTo(pair{s}, s.sim.Now()+dt) // Apply never fails
	s.pending = s.pending[play.Next:]
	s.observeTimeline()
}

// pair runs the live run and the split view's twin in step.
type pair struct{ s *Session }

func (p pair) Now() core.Time { return p.s.sim.Now() }
func (p pair) RunUntil(t core.Time) {
	p.s.sim.RunUntil(t)
	if p.s.twin != nil {
		p.s.twin.sim.RunUntil(t)
	}
}

// armScript makes the script's commands after the present pending again (after a fork: those
// the dropped future had applied, and those it had not reached yet).
func (s *Session) armScript() {
	s.pending = s.pending[:0]
	for _, c := range s.script {
		if c.At > s.sim.Now() {
			s.pending = append(s.pending, c)
		}
	}
}
