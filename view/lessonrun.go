package view

import (
	"fmt"
	"slices"

	"gossiplab/core"
	"gossiplab/lesson"
)

// A running lesson: its scenario, loaded paused at the lesson's speed so that the learner reads
// and predicts first, and a lesson.Checker that follows the runs. Every run the app starts (a
// reset, a protocol or rumor-mode switch, a scenario load) is a new run for the checker, and a
// fork in time travel cuts the run where it forks, so that the checks are always about the run
// on screen.

// LessonState is the running lesson as published in State.
type LessonState struct {
	ID          string  `json:"id"`
	Done        []bool  `json:"done"`          // per task
	DoneAtMs    []int64 `json:"done_at_ms"`    // per task, when found done (-1 while not)
	DoneThisRun []bool  `json:"done_this_run"` // per task: done in the run on screen
	Revealed    []bool  `json:"revealed"`      // per predict question: its answer may be shown
	// Status is the current task: what it waits for, how far a timed task is, a dead end.
	Status lesson.Status `json:"status"`
	// Compare holds the runs the lesson compares, side by side (lesson.Lesson.Compare).
	Compare []lesson.Segment `json:"compare"`
}

// LessonRestore is what a reload mid-lesson brings back, as the page saved it: the run (a share
// link), the tasks ticked (per task: done, when, whether in the run on screen), the rows the
// lesson compares and the rumor chart's kept curves (state().lesson and state().rumor_kept).
type LessonRestore struct {
	Share       string           `json:"share"`
	Done        []bool           `json:"done"`
	DoneAtMs    []int64          `json:"done_at_ms"`
	DoneThisRun []bool           `json:"done_this_run"`
	Compare     []lesson.Segment `json:"compare"`
	Kept        []KeptCurve      `json:"kept"`
}

// StartLesson loads l's scenario, paused at the lesson's speed, and checks its tasks from now
// on (the caller decides whether a caption shows: LessonCaption). With rs (a reload
// mid-lesson), the run of rs.Share is replayed instead and the checker follows the replay; the
// ticks, rows and curves the replay cannot see again are taken back from rs. StopLesson ends the
// checking (the run goes on).
func (g *Game) StartLesson(l *lesson.Lesson, rs *LessonRestore) error {
	if rs != nil && rs.Share != "" {
		if err := g.openShareChecked(rs.Share, l, lesson.NewTicks(rs.Done, rs.DoneAtMs, rs.DoneThisRun)); err != nil {
			return err
		}
		g.checker.RestoreCompare(rs.Compare)
		g.rum.restoreKept(rs.Kept, g.cfg.N, g.cfg.Fanout, g.cfg.Loss)
	} else {
		if err := g.LoadScenario(l.Scenario, Caption{}); err != nil {
			return err
		}
		g.lesson, g.checker = l, lesson.NewChecker(l)
	}
	g.paused = true
	g.speed = lessonSpeed(l)
	g.sync()
	return nil
}

// lessonSpeed is the speed a lesson asks for, within the app's range.
func lessonSpeed(l *lesson.Lesson) float64 {
	v := l.Speed
	if v == 0 {
		v = lesson.DefaultSpeed
	}
	return min(MaxSpeed, max(MinSpeed, v))
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

// RetryLessonStep is "start this step again" for a task at a dead end: the run goes back to the
// moment the step began (time travel: the later part is dropped), paused, and the checker
// reopens the step; the learner's earlier ticks and answers stay.
func (g *Game) RetryLessonStep() error {
	if g.checker == nil {
		return fmt.Errorf("no lesson is running")
	}
	st := g.checker.Status()
	if !st.Stuck {
		return fmt.Errorf("the current step is not at a dead end")
	}
	if st.RetryTask < 0 {
		return fmt.Errorf("going back in this run cannot help: press Reset for a new run")
	}
	at := core.Time(st.RetryAtMs)
	if g.live != nil {
		g.BackToLive()
	}
	if at < g.sim.Now() {
		if err := g.SeekTo(at); err != nil {
			return err
		}
		g.ContinueHere() // the checker forgets the dropped future (forkLesson)
	}
	g.checker.Reopen(st.RetryTask)
	g.paused = true
	g.log.addNote(g.sim.Now(), fmt.Sprintf("back to %s: step %d again", fmtClock(g.sim.Now()), st.RetryTask+1))
	g.sync()
	return nil
}

// newLessonRun and forkLesson keep the checker on the run shown: a new sim is a new run, a fork
// cuts the run at the moment it continues from.
func (g *Game) newLessonRun() {
	if g.checker != nil {
		g.checker.NewRun()
	}
}

func (g *Game) forkLesson() {
	if g.checker != nil {
		g.checker.Truncate(g.sim.Now())
	}
}

// checkLesson feeds the lesson checker the events just drained and the fresh snapshot. While
// the past is shown the checker waits: it follows the live run only.
func (g *Game) checkLesson() {
	if g.checker == nil || g.live != nil {
		return
	}
	g.checker.Observe(g.events, &g.snap, lesson.UI{ListOpen: g.selected >= 0})
}

// lessonState fills st (reused from the last publish when there is one) with the lesson's
// checks, or returns nil without a lesson. It does not allocate once the slices have grown.
func (g *Game) lessonState(st *LessonState) *LessonState {
	if g.checker == nil {
		return nil
	}
	if st == nil {
		st = &LessonState{}
	}
	st.ID = g.lesson.ID
	st.Done = g.checker.AppendDone(st.Done[:0])
	st.DoneAtMs, st.DoneThisRun = st.DoneAtMs[:0], st.DoneThisRun[:0]
	for i, d := range st.Done {
		at := int64(-1)
		if d {
			at = int64(g.checker.DoneAt(i))
		}
		st.DoneAtMs = append(st.DoneAtMs, at)
		st.DoneThisRun = append(st.DoneThisRun, g.checker.DoneThisRun(i))
	}
	st.Revealed = st.Revealed[:0]
	for i := range g.lesson.Predict {
		st.Revealed = append(st.Revealed, g.checker.Revealed(i))
	}
	st.Status = g.checker.Status()
	st.Compare = g.checker.AppendCompare(st.Compare[:0])
	return st
}

// copyLesson is a deep copy of a published LessonState, for State().
func copyLesson(l *LessonState) *LessonState {
	if l == nil {
		return nil
	}
	c := *l
	c.Done, c.DoneAtMs, c.Revealed = slices.Clone(l.Done), slices.Clone(l.DoneAtMs), slices.Clone(l.Revealed)
	c.DoneThisRun = slices.Clone(l.DoneThisRun)
	c.Compare = append([]lesson.Segment{}, l.Compare...)
	return &c
}
