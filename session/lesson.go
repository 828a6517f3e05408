package session

import (
	"fmt"
	"slices"

	"gossiplab/core"
	"gossiplab/lesson"
)

// A running lesson: its scenario, loaded paused at the lesson's speed so that the learner reads
// and predicts first, and a lesson.Checker that follows the runs. Every run the session starts
// (a reset, a protocol or rumor-mode switch, a scenario load) is a new run for the checker, and
// a fork in time travel cuts the run where it forks, so that the checks are always about the
// run shown.

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

// LessonResume is what a reload mid-lesson brings back: the run (a share link), the tasks
// ticked before the reload and the rows the lesson compares.
type LessonResume struct {
	Share   string
	Ticks   lesson.Ticks
	Compare []lesson.Segment
}

// StartLesson loads l's scenario, paused at the lesson's speed, and checks its tasks from now
// on. With rs (a reload mid-lesson), the run of rs.Share is replayed instead and the checker
// follows the replay, then takes back the ticks and rows the replay cannot see again.
func (s *Session) StartLesson(l *lesson.Lesson, rs *LessonResume) error {
	if rs != nil && rs.Share != "" {
		if err := s.openShare(rs.Share, l, rs.Ticks); err != nil {
			return err
		}
		s.checker.RestoreCompare(rs.Compare)
	} else {
		if err := s.LoadScenario(l.Scenario, Caption{}); err != nil {
			return err
		}
		s.lesson, s.checker = l, lesson.NewChecker(l)
	}
	s.paused = true
	s.speed = LessonSpeed(l)
	return nil
}

// LessonSpeed is the speed a lesson asks for, within the app's range.
func LessonSpeed(l *lesson.Lesson) float64 {
	v := l.Speed
	if v == 0 {
		v = lesson.DefaultSpeed
	}
	return min(MaxSpeed, max(MinSpeed, v))
}

// StopLesson ends the checking and hides the caption; the run goes on.
func (s *Session) StopLesson() {
	s.lesson, s.checker = nil, nil
	s.caption = Caption{}
}

// Lesson is the running lesson, or nil.
func (s *Session) Lesson() *lesson.Lesson { return s.lesson }

// RetryLessonStep is "start this step again" for a task at a dead end: the run goes back to the
// moment the step began (time travel: the later part is dropped), paused, and the checker
// reopens the step; the learner's earlier ticks and answers stay.
func (s *Session) RetryLessonStep() error {
	if s.checker == nil {
		return fmt.Errorf("no lesson is running")
	}
	st := s.checker.Status()
	if !st.Stuck {
		return fmt.Errorf("the current step is not at a dead end")
	}
	if st.RetryTask < 0 {
		return fmt.Errorf("going back in this run cannot help: press Reset for a new run")
	}
	at := core.Time(st.RetryAtMs)
	s.BackToLive()
	if at < s.sim.Now() {
		if err := s.SeekTo(at); err != nil {
			return err
		}
		s.ContinueHere() // the checker forgets the dropped future
	}
	s.checker.Reopen(st.RetryTask)
	s.paused = true
	s.log.AddNote(s.sim.Now(), fmt.Sprintf("back to %s: step %d again", Clock(s.sim.Now()), st.RetryTask+1))
	return nil
}

// checkLesson feeds the lesson checker the events just drained and the fresh snapshot. While
// the past is shown the checker waits: it follows the live run only.
func (s *Session) checkLesson(ui lesson.UI) {
	if s.checker == nil || s.live != nil {
		return
	}
	r := &s.frame.Runs[0]
	s.checker.Observe(r.Events, &r.Snap, ui)
}

// LessonState fills st (reused from the last publish when there is one) with the lesson's
// checks, or returns nil without a lesson. It does not allocate once the slices have grown.
func (s *Session) LessonState(st *LessonState) *LessonState {
	if s.checker == nil {
		return nil
	}
	if st == nil {
		st = &LessonState{}
	}
	st.ID = s.lesson.ID
	st.Done = s.checker.AppendDone(st.Done[:0])
	st.DoneAtMs, st.DoneThisRun = st.DoneAtMs[:0], st.DoneThisRun[:0]
	for i, d := range st.Done {
		at := int64(-1)
		if d {
			at = int64(s.checker.DoneAt(i))
		}
		st.DoneAtMs = append(st.DoneAtMs, at)
		st.DoneThisRun = append(st.DoneThisRun, s.checker.DoneThisRun(i))
	}
	st.Revealed = st.Revealed[:0]
	for i := range s.lesson.Predict {
		st.Revealed = append(st.Revealed, s.checker.Revealed(i))
	}
	st.Status = s.checker.Status()
	st.Compare = s.checker.AppendCompare(st.Compare[:0])
	return st
}

// Copy is a deep copy of a published LessonState (nil for nil).
func (l *LessonState) Copy() *LessonState {
	if l == nil {
		return nil
	}
	c := *l
	c.Done, c.DoneAtMs, c.Revealed = slices.Clone(l.Done), slices.Clone(l.DoneAtMs), slices.Clone(l.Revealed)
	c.DoneThisRun = slices.Clone(l.DoneThisRun)
	c.Compare = append([]lesson.Segment{}, l.Compare...)
	return &c
}
