package view

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gossiplab/core"
	"gossiplab/lesson"
)

// loadLesson reads and parses one of web/lessons/.
func loadLesson(t testing.TB, file string) lesson.Lesson {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../web/lessons", file))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lesson.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A lesson opens paused, at the speed it asks for, so the learner reads and predicts first.
func TestLessonOpensPausedAtItsSpeed(t *testing.T) {
	g := newTestGame(t, 16, 1280, 800)
	g.SetSpeed(7)
	g.Play()
	l := loadLesson(t, "06-loss-and-false-positives.json")
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		g.Update()
	}
	st := g.State()
	if !st.Paused || st.Speed != l.Speed || st.TimeMs != 0 {
		t.Fatalf("after opening lesson 6 and 30 frames: paused %v, speed %g (lesson %g), t = %d ms", st.Paused, st.Speed, l.Speed, st.TimeMs)
	}
}

// Switching the protocol starts a new run for the checks: lesson 10's crash under heartbeat
// gossip does not count under SWIM.
func TestProtocolSwitchIsANewRunForTheLesson(t *testing.T) {
	g := newTestGame(t, 16, 1280, 800)
	l := loadLesson(t, "10-swim.json")
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	g.Apply(core.Command{Op: core.OpCrash, Node: 5})
	g.AdvanceNow(2 * core.Second)
	if err := g.SetProtocol("swim"); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(40 * core.Second)
	st := g.State().Lesson
	if st.Done[0] || st.Revealed[0] || st.Status.Waiting != "the run uses heartbeat gossip" {
		t.Fatalf("after a heartbeat crash and a switch to SWIM: %+v", st)
	}
	if len(st.Compare) != 2 || st.Compare[0].Label != "heartbeat gossip" || st.Compare[1].Label != "SWIM" || !st.Compare[1].Current {
		t.Fatalf("compare: %+v, want heartbeat gossip then SWIM (current)", st.Compare)
	}
}

// At a dead end the lesson offers to start the step again: the run goes back to where the
// step began, paused, with the earlier ticks kept.
func TestRetryLessonStepRewindsTheRun(t *testing.T) {
	g := newTestGame(t, 16, 1280, 800)
	l := loadLesson(t, "05-tombstones.json")
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(3 * core.Second)
	if err := g.SetPitfall("no_tombstone", true); err != nil {
		t.Fatal(err)
	}
	bugOn := g.cur.Source.Now()
	g.AdvanceNow(2 * core.Second)
	g.Apply(core.Command{Op: core.OpCrash, Node: 7})
	g.SetPitfall("no_tombstone", false)
	g.AdvanceNow(90 * core.Second)
	g.SetPitfall("no_tombstone", true)
	g.AdvanceNow(5 * core.Second)
	st := g.State().Lesson
	if !st.Status.Stuck || st.Status.RetryTask != 1 || st.Status.RetryAtMs != int64(bugOn) {
		t.Fatalf("at the dead end: %+v", st.Status)
	}
	if err := g.RetryLessonStep(); err != nil {
		t.Fatal(err)
	}
	s := g.State()
	if s.TimeMs != int64(bugOn) || !s.Paused || s.Timeline.Past || s.Nodes[7].Status != "up" {
		t.Fatalf("after the retry: t = %d (want %d), paused %v, past %v, node 7 %s", s.TimeMs, bugOn, s.Paused, s.Timeline.Past, s.Nodes[7].Status)
	}
	if !s.Lesson.Done[0] || s.Lesson.Done[1] || s.Lesson.Status.Stuck {
		t.Fatalf("checks after the retry: %+v", s.Lesson)
	}
	if err := g.RetryLessonStep(); err == nil {
		t.Error("a retry without a dead end was accepted")
	}
}

// A reload mid-lesson replays the lesson's run and checks it as it replays.
func TestStartLessonFromAShareLinkReplaysTheChecks(t *testing.T) {
	g := newTestGame(t, 16, 1280, 800)
	l := loadLesson(t, "04-failure-detection.json")
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(2 * core.Second)
	g.Apply(core.Command{Op: core.OpCrash, Node: 3})
	g.Apply(core.Command{Op: core.OpCrash, Node: 11})
	g.AdvanceNow(8 * core.Second)
	link, err := g.ShareLink()
	if err != nil {
		t.Fatal(err)
	}
	before := g.State()

	h := newTestGame(t, 16, 1280, 800)
	if err := h.StartLesson(&l, &LessonRestore{Share: link, Done: []bool{true}}); err != nil {
		t.Fatal(err)
	}
	after := h.State()
	if after.TraceHash != before.TraceHash || after.TimeMs != before.TimeMs || after.Lesson == nil {
		t.Fatalf("restored run: hash %s at %d ms, lesson %v; want %s at %d ms", after.TraceHash, after.TimeMs, after.Lesson != nil, before.TraceHash, before.TimeMs)
	}
	if !after.Lesson.Done[0] || after.Lesson.Done[1] != before.Lesson.Done[1] {
		t.Fatalf("restored checks %+v, before the reload %+v", after.Lesson, before.Lesson)
	}
	h.AdvanceNow(30 * core.Second)
	if st := h.State().Lesson; !st.Done[1] || !st.Done[2] {
		t.Fatalf("the restored lesson does not go on: %+v", st)
	}
}

// A running lesson, compare table and all, adds no allocation per frame.
func TestSteadyUpdateAllocationsWithALesson(t *testing.T) {
	g := newTestGame(t, 16, 1280, 800)
	l := loadLesson(t, "07-x-and-m.json")
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	g.Play()
	g.SetSpeed(DefaultSpeed) // as the other allocation tests: no timeline checkpoint (a clone every 5 s) in the measured frames
	for i := 0; i < 300; i++ {
		g.Update()
	}
	g.Apply(core.Command{Op: core.OpSet, Param: "fanout", Value: 1})
	for i := 0; i < 300; i++ {
		g.Update()
	}
	allocs := testing.AllocsPerRun(200, func() { g.Update() })
	if allocs > 0.5 {
		t.Errorf("%.2f allocations per Update with lesson 7 running, want about 0", allocs)
	}
}

// A reload in lesson 2 after two modes: the replay brings back the run, and the rows and the
// chart's curve of the earlier mode come back from what the page saved.
func TestLessonRestoreBringsBackTheComparison(t *testing.T) {
	g := newTestGame(t, 16, 1280, 800)
	l := loadLesson(t, "02-push-pull.json")
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"push", "pull"} {
		if err := g.SetRumorMode(m); err != nil {
			t.Fatal(err)
		}
		g.Inject(0)
		g.AdvanceNow(30 * core.Second)
	}
	before := g.State()
	link, err := g.ShareLink()
	if err != nil {
		t.Fatal(err)
	}
	if len(before.Lesson.Compare) != 2 || len(before.RumorKept) != 1 {
		t.Fatalf("before the reload: %d rows, %d kept curves", len(before.Lesson.Compare), len(before.RumorKept))
	}
	h := newTestGame(t, 16, 1280, 800)
	rs := &LessonRestore{Share: link, Done: before.Lesson.Done, Compare: before.Lesson.Compare, Kept: before.RumorKept}
	if err := h.StartLesson(&l, rs); err != nil {
		t.Fatal(err)
	}
	after := h.State()
	if after.TraceHash != before.TraceHash || !slices.Equal(after.Lesson.Done, before.Lesson.Done) {
		t.Fatalf("restored: hash %s done %v; before %s %v", after.TraceHash, after.Lesson.Done, before.TraceHash, before.Lesson.Done)
	}
	if len(after.Lesson.Compare) != 2 || after.Lesson.Compare[0].Label != "push" || after.Lesson.Compare[0].RumorPeriods != before.Lesson.Compare[0].RumorPeriods {
		t.Errorf("rows after the reload %+v, before %+v", after.Lesson.Compare, before.Lesson.Compare)
	}
	if len(after.RumorKept) != 1 || after.RumorKept[0].Mode != "push" || !slices.Equal(after.RumorKept[0].Y, before.RumorKept[0].Y) {
		t.Errorf("kept curves after the reload %+v", after.RumorKept)
	}
	if h.rum.injectedAt != g.rum.injectedAt || h.rum.allAt != g.rum.allAt {
		t.Errorf("the replayed run's rumor: started %d, all at %d; before the reload %d, %d", h.rum.injectedAt, h.rum.allAt, g.rum.injectedAt, g.rum.allAt)
	}
}
