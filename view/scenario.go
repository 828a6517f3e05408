package view

import (
	"fmt"

	"gossiplab/core"
)

// Scenarios. A scenario (a file of scenarios/, a lesson's preset, a lecture scene) starts a
// fresh run with its config and plays its timed commands when the run reaches them, through
// exec, so they land on the timeline and in share links like the learner's own. Lessons
// (lessonrun.go) start a scenario and check it.

// Caption is the title and one-line caption shown over the cluster (lessons in embed and
// lecture mode).
type Caption struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// LoadScenario starts a new run of sc (closing the split view) and plays its commands as the
// run reaches them. The caption, if any, is shown over the cluster. It returns core's error
// for a config it rejects, leaving the current run as it was.
func (g *Game) LoadScenario(sc core.Scenario, caption Caption) error {
	cfg := sc.Config
	if err := cfg.Validate(); err != nil {
		g.flash(err.Error())
		return err
	}
	old := g.cfg
	oldN, oldSeed, oldK, oldSusp, oldCmp := g.nextN, g.seed, g.nextK, g.nextSusp, g.cmp
	g.cfg, g.nextN, g.seed = cfg, cfg.N, cfg.Seed
	g.nextK, g.nextSusp = cfg.Swim.K, cfg.Swim.SuspicionTimeout
	g.cmp = nil
	oldScript := g.script
	g.script = sc.Commands
	if err := g.Reset(); err != nil {
		g.cfg, g.nextN, g.seed, g.nextK, g.nextSusp, g.cmp, g.script = old, oldN, oldSeed, oldK, oldSusp, oldCmp, oldScript
		return err
	}
	g.pitOpen = cfg.Pitfalls != (core.Pitfalls{})
	g.lesson, g.checker = nil, nil // another run: a lesson's checks stop (StartLesson sets them after)
	g.rum.clearKept()              // and the rumor chart's kept curves belonged to the runs before
	g.caption = caption
	g.scenarioName = sc.Name
	g.log.addNote(0, "scenario: "+scenarioTitle(sc, caption))
	g.sync()
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
func (g *Game) SetCaption(c Caption) { g.caption = c; g.sync() }

// advanceLive moves the live run on by dt, applying the scenario's commands at their times,
// and takes timeline checkpoints as they fall due: a long advance (advance(ms), a step at a
// long period) stops at each, so that seeking into it stays cheap.
func (g *Game) advanceLive(dt core.Time) {
	play := core.Player{Script: g.pending,
		Apply: func(c core.TimedCommand) error {
			if err := g.exec(c.Command); err != nil { // a scenario command that no longer applies: said, skipped
				g.flash(fmt.Sprintf("scenario command %s at %s: %v", c.Op, fmtClock(c.At), err))
			} else {
				g.mirror(c.Command)
			}
			return nil
		},
		AtPause: g.observeTimeline}
	if g.tl != nil && g.cmp == nil {
		play.Pause = func(now core.Time) core.Time { return max(now+1, g.tl.NextCheckpoint()) }
	}
	play.RunTo(liveRunner{g}, g.sim.Now()+dt) // Apply never fails
	g.pending = g.pending[play.Next:]
	g.observeTimeline()
}

// liveRunner runs the live sim and the split view's second one in step.
type liveRunner struct{ g *Game }

func (r liveRunner) Now() core.Time       { return r.g.sim.Now() }
func (r liveRunner) RunUntil(t core.Time) { r.g.runLiveUntil(t) }

// runLiveUntil runs the live sim (and the split view's second one) to time t.
func (g *Game) runLiveUntil(t core.Time) {
	g.sim.RunUntil(t)
	if g.cmp != nil {
		g.cmp.b.sim.RunUntil(t)
	}
}

// ShowError puts msg in the banner over the canvas (like a bad URL parameter), for problems
// the page finds: a share link or a lesson file that cannot be opened.
func (g *Game) ShowError(msg string) {
	g.errs = append(g.errs, msg)
	g.bannerOff = false
	g.refresh() // the banner changes the layout
	g.publish()
}

// armScript makes the script's commands after the present pending again (after a fork: those
// the dropped future had applied, and those it had not reached yet).
func (g *Game) armScript() {
	g.pending = g.pending[:0]
	for _, c := range g.script {
		if c.At > g.sim.Now() {
			g.pending = append(g.pending, c)
		}
	}
}
