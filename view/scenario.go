package view

import (
	"fmt"

	"gossiplab/core"
	"gossiplab/lesson"
)

// Scenarios and lessons. A scenario (a file of scenarios/, a lesson's preset, a lecture scene)
// starts a fresh run with its config and plays its timed commands when the run reaches them,
// through exec, so they land on the timeline and in share links like the learner's own. A
// lesson adds a lesson.Checker fed with every batch of events, and a title and caption.

// Caption is the title and one-line caption shown over the cluster (lessons in embed and
// lecture mode).
type Caption struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// LessonState is the running lesson as published in State.
type LessonState struct {
	ID       string  `json:"id"`
	Done     []bool  `json:"done"`       // per task
	DoneAtMs []int64 `json:"done_at_ms"` // per task, when found done (-1 while not)
	Revealed []bool  `json:"revealed"`   // per predict question: its answer may be shown
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

// StartLesson loads l's scenario and checks its tasks from now on (the caller decides whether
// a caption shows: LessonCaption). StopLesson ends the checking (the run goes on).
func (g *Game) StartLesson(l *lesson.Lesson) error {
	if err := g.LoadScenario(l.Scenario, Caption{}); err != nil {
		return err
	}
	g.lesson = l
	g.checker = lesson.NewChecker(l)
	g.sync()
	return nil
}

// LessonCaption is a lesson's title and summary as a caption over the cluster.
func LessonCaption(l *lesson.Lesson) Caption {
	return Caption{Title: fmt.Sprintf("%d. %s", l.Number, l.Title), Text: l.Summary}
}

func (g *Game) StopLesson() {
	g.lesson, g.checker = nil, nil
	g.caption = Caption{}
	g.sync()
}

// SetCaption shows (or, with an empty caption, hides) the title and caption over the cluster.
func (g *Game) SetCaption(c Caption) { g.caption = c; g.sync() }

// advanceLive moves the live run on by dt, applying the scenario's commands at their times,
// and takes timeline checkpoints as they fall due: a long advance (advance(ms), a step at a
// long period) stops at each, so that seeking into it stays cheap.
func (g *Game) advanceLive(dt core.Time) {
	end := g.sim.Now() + dt
	for {
		stop := end
		if g.tl != nil && g.cmp == nil {
			stop = min(end, max(g.sim.Now()+1, g.tl.NextCheckpoint()))
		}
		for len(g.pending) > 0 && g.pending[0].At <= stop {
			c := g.pending[0]
			g.pending = g.pending[1:]
			g.runLiveUntil(c.At)
			if err := g.exec(c.Command); err != nil {
				g.flash(fmt.Sprintf("scenario command %s at %s: %v", c.Op, fmtClock(c.At), err))
			} else {
				g.mirror(c.Command)
			}
		}
		g.runLiveUntil(stop)
		g.observeTimeline()
		if g.sim.Now() >= end {
			return
		}
	}
}

// runLiveUntil runs the live sim (and the split view's second one) to time t.
func (g *Game) runLiveUntil(t core.Time) {
	g.sim.RunUntil(t)
	if g.cmp != nil {
		g.cmp.b.sim.RunUntil(t)
	}
}

// checkLesson feeds the lesson checker the events just drained and the fresh snapshot. While
// the past is shown the checker waits: it follows the live run only.
func (g *Game) checkLesson() {
	if g.checker == nil || g.live != nil {
		return
	}
	g.checker.Observe(g.events, &g.snap)
}

// lessonState fills st (reused from the last publish when there is one) with the lesson's
// checks, or returns nil without a lesson.
func (g *Game) lessonState(st *LessonState) *LessonState {
	if g.checker == nil {
		return nil
	}
	if st == nil {
		st = &LessonState{}
	}
	st.ID = g.lesson.ID
	st.Done = append(st.Done[:0], g.checker.Done()...)
	st.DoneAtMs = st.DoneAtMs[:0]
	for i, d := range st.Done {
		at := int64(-1)
		if d {
			at = int64(g.checker.DoneAt(i))
		}
		st.DoneAtMs = append(st.DoneAtMs, at)
	}
	st.Revealed = st.Revealed[:0]
	for i := range g.lesson.Predict {
		st.Revealed = append(st.Revealed, g.checker.Revealed(i))
	}
	return st
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
