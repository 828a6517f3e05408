package view

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"gossiplab/core"
	"gossiplab/lesson"
)

func TestSeekBackThenForwardReturnsToTheSameState(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	seed := g.cur.Config.Seed
	g.AdvanceNow(7 * core.Second)
	if err := g.Apply(core.Command{Op: core.OpCrash, Node: 3}); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(23 * core.Second)
	live := g.State()
	if err := g.SeekTo(12 * core.Second); err != nil {
		t.Fatal(err)
	}
	past := g.State()
	if !past.Timeline.Past || past.TimeMs != 12000 || past.Timeline.LiveMs != 30000 {
		t.Fatalf("seed %d: after seeking to 12 s: %+v (time %d)", seed, past.Timeline, past.TimeMs)
	}
	if past.Nodes[3].Status != "crashed" {
		t.Errorf("seed %d: at 12 s node 3 should be crashed (crashed at 7 s), is %s", seed, past.Nodes[3].Status)
	}
	if err := g.SeekTo(5 * core.Second); err != nil {
		t.Fatal(err)
	}
	if st := g.State(); st.Nodes[3].Status != "up" {
		t.Errorf("seed %d: at 5 s node 3 should be up, is %s", seed, st.Nodes[3].Status)
	}
	// A forward drag runs the shown moment on; it must land where a replay lands.
	for _, at := range []core.Time{6500, 9 * core.Second, 17 * core.Second} {
		if err := g.SeekTo(at); err != nil {
			t.Fatal(err)
		}
		want, err := g.run.Timeline().Share(at).Replay()
		if err != nil {
			t.Fatal(err)
		}
		if g.cur.Source.TraceHash() != want.TraceHash() {
			t.Fatalf("seed %d: dragging forward to %d ms gives hash %x, a replay %x", seed, at, g.cur.Source.TraceHash(), want.TraceHash())
		}
	}
	if err := g.SeekTo(30 * core.Second); err != nil {
		t.Fatal(err)
	}
	back := g.State()
	if back.Timeline.Past || back.TraceHash != live.TraceHash || back.TimeMs != live.TimeMs {
		t.Fatalf("seed %d: back at the live moment: hash %s time %d past %v, want hash %s time %d",
			seed, back.TraceHash, back.TimeMs, back.Timeline.Past, live.TraceHash, live.TimeMs)
	}
	// The past equals a fresh replay of the same run up to that moment.
	g.SeekTo(12 * core.Second)
	want, err := g.run.Timeline().Share(12 * core.Second).Replay()
	if err != nil {
		t.Fatal(err)
	}
	if got := g.cur.Source.TraceHash(); got != want.TraceHash() {
		t.Fatalf("seed %d: seek to 12 s gives hash %x, a replay %x", seed, got, want.TraceHash())
	}
}

func TestACommandInThePastForksTheRun(t *testing.T) {
	g := newTestGame(t, 12, 1280, 720)
	g.AdvanceNow(10 * core.Second)
	g.Apply(core.Command{Op: core.OpCrash, Node: 2})
	g.AdvanceNow(10 * core.Second)
	g.SeekTo(4 * core.Second)
	if err := g.Apply(core.Command{Op: core.OpCrash, Node: 5}); err != nil {
		t.Fatal(err)
	}
	st := g.State()
	if st.Timeline.Past || st.Timeline.LiveMs != 4000 || st.Timeline.Commands != 1 {
		t.Fatalf("seed %d: after a command at 4 s: %+v, want the live run at 4 s with one command", g.cur.Config.Seed, st.Timeline)
	}
	if st.Nodes[2].Status != "up" || st.Nodes[5].Status != "crashed" {
		t.Fatalf("seed %d: node 2 %s (its crash was in the dropped future), node 5 %s", g.cur.Config.Seed, st.Nodes[2].Status, st.Nodes[5].Status)
	}
}

func TestShareLinkReplaysToTheSameTraceHash(t *testing.T) {
	g := newTestGame(t, 20, 1280, 720)
	g.AdvanceNow(3 * core.Second)
	g.Apply(core.Command{Op: core.OpSet, Param: "loss", Value: 0.1})
	g.AdvanceNow(2500)
	g.Apply(core.Command{Op: core.OpCrash, Node: 7})
	g.AdvanceNow(9 * core.Second)
	link, err := g.ShareLink()
	if err != nil {
		t.Fatal(err)
	}
	want := g.State()

	h := newTestGame(t, 5, 1280, 720)
	if err := h.OpenShare(link); err != nil {
		t.Fatalf("seed %d: %v", g.cur.Config.Seed, err)
	}
	got := h.State()
	if got.TraceHash != want.TraceHash || got.TimeMs != want.TimeMs || len(got.Nodes) != 20 || !got.Paused {
		t.Fatalf("seed %d: opened link: hash %s at %d ms, %d nodes, paused %v; want hash %s at %d ms",
			g.cur.Config.Seed, got.TraceHash, got.TimeMs, len(got.Nodes), got.Paused, want.TraceHash, want.TimeMs)
	}
	// The opened run can be scrubbed like one run here.
	if err := h.SeekTo(4 * core.Second); err != nil || h.State().Params.Loss != 0.1 {
		t.Fatalf("seed %d: seek in the opened run: %v, loss %g", g.cur.Config.Seed, err, h.State().Params.Loss)
	}

	for _, bad := range []string{link[:len(link)/2], "v9." + link[3:], "hello", link + "!!"} {
		before := h.State().TraceHash
		if err := h.OpenShare(bad); err == nil {
			t.Errorf("OpenShare(%.20q…) accepted a damaged link", bad)
		} else if _, ok := err.(*core.ShareError); !ok {
			t.Errorf("OpenShare(%.20q…): %T %v, want a *core.ShareError", bad, err, err)
		}
		if h.State().TraceHash != before {
			t.Errorf("a refused link changed the run")
		}
	}
}

func TestScenarioCommandsPlayAtTheirTimes(t *testing.T) {
	g := newTestGame(t, 8, 1280, 720)
	sc, err := core.ParseScenario([]byte(`{"name": "two crashes", "config": {"n": 10, "seed": 4, "seeds": [0, 3], "fanout": 5},
		"duration_ms": 60000, "commands": [{"at_ms": 2000, "op": "crash", "node": 1}, {"at_ms": 5000, "op": "crash", "node": 2}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.LoadScenario(sc, Caption{Title: "Two crashes"}); err != nil {
		t.Fatal(err)
	}
	if st := g.State(); len(st.Params.Seeds) != 2 || st.Params.Seeds[1] != 3 || st.Params.Fanout != 5 {
		t.Fatalf("the scenario's seeds [0 3] and fanout 5 became %v and %d", st.Params.Seeds, st.Params.Fanout)
	}
	g.AdvanceNow(3000)
	st := g.State()
	if len(st.Nodes) != 10 || st.Nodes[1].Status != "crashed" || st.Nodes[2].Status != "up" || st.Caption.Title != "Two crashes" {
		t.Fatalf("at 3 s: %d nodes, node 1 %s, node 2 %s, caption %q", len(st.Nodes), st.Nodes[1].Status, st.Nodes[2].Status, st.Caption.Title)
	}
	g.AdvanceNow(3000)
	if st := g.State(); st.Nodes[2].Status != "crashed" || st.Timeline.Commands != 2 {
		t.Fatalf("at 6 s: node 2 %s, %d commands recorded", st.Nodes[2].Status, st.Timeline.Commands)
	}
}

func TestLessonTasksTurnDoneInTheGame(t *testing.T) {
	l := lesson4(t)
	g := newTestGame(t, 8, 1280, 720)
	if err := g.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	seed := g.cur.Config.Seed
	g.AdvanceNow(2 * core.Second)
	g.Apply(core.Command{Op: core.OpCrash, Node: 4})
	g.Apply(core.Command{Op: core.OpCrash, Node: 9})
	if st := g.State(); st.Lesson == nil || !st.Lesson.Done[0] || st.Lesson.Done[2] {
		t.Fatalf("seed %d: after two crashes: %+v", seed, st.Lesson)
	}
	for i := 0; i < 40 && !g.State().Lesson.Done[2]; i++ {
		g.AdvanceNow(core.Second)
	}
	st := g.State()
	if !st.Lesson.Done[1] || !st.Lesson.Done[2] || !st.Lesson.Revealed[0] {
		t.Fatalf("seed %d: 40 s after the crashes: %+v", seed, st.Lesson)
	}
	if at := st.Lesson.DoneAtMs[2]; at < 12000 || at > 2000+16000 {
		t.Errorf("seed %d: all removed at %d ms, want within T_remove..T_remove+X+D of the crash at 2 s", seed, at)
	}
}

// BenchmarkSeekTenMinuteRun measures one seek to a random moment of a ten-minute run — what
// dragging the timeline costs — at a classroom size and at the largest N.
func BenchmarkSeekTenMinuteRun(b *testing.B) {
	for _, n := range []int{64, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			g := newTestGame(b, n, 1280, 720)
			for t := core.Time(0); t < 10*core.Minute; t += 10 * core.Second {
				g.AdvanceNow(10 * core.Second)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				at := core.Time(uint64(i)*7919%600) * core.Second
				if err := g.SeekTo(at); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(g.run.Timeline().Checkpoints()), "checkpoints")
		})
	}
}

func TestFmtClockRoundsDownLikeTheTopBar(t *testing.T) {
	for _, c := range []struct {
		ms   core.Time
		want string
	}{{0, "0:00.0"}, {10_399, "0:10.3"}, {59_960, "0:59.9"}, {60_000, "1:00.0"}, {754_321, "12:34.3"}} {
		if got := fmtClock(c.ms); got != c.want {
			t.Errorf("fmtClock(%d) = %q, want %q", c.ms, got, c.want)
		}
	}
}

// A scenario's script is part of the scenario, not of the dropped future: after a fork in the
// past, and after Reset, its commands run again at their times.
func TestScenarioScriptSurvivesForkAndReset(t *testing.T) {
	g := newTestGame(t, 8, 1280, 720)
	sc, err := core.ParseScenario([]byte(`{"config": {"n": 10, "seed": 9}, "duration_ms": 60000,
		"commands": [{"at_ms": 5000, "op": "crash", "node": 6}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := g.LoadScenario(sc, Caption{}); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(8000)
	g.SeekTo(2000)
	g.ContinueHere()
	if st := g.State(); st.Nodes[6].Status != "up" || st.Timeline.Commands != 0 {
		t.Fatalf("seed 9: forked at 2 s: node 6 %s, %d commands", st.Nodes[6].Status, st.Timeline.Commands)
	}
	g.AdvanceNow(4000)
	if st := g.State(); st.Nodes[6].Status != "crashed" {
		t.Fatalf("seed 9: at 6 s after the fork the script's crash at 5 s did not run: node 6 %s", st.Nodes[6].Status)
	}
	if err := g.Reset(); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(5500)
	if st := g.State(); st.Nodes[6].Status != "crashed" {
		t.Fatalf("seed 9: after Reset the script's crash at 5 s did not run: node 6 %s", st.Nodes[6].Status)
	}
}

func TestArrowKeysTravelInThePast(t *testing.T) {
	g := newTestGame(t, 12, 1280, 720)
	g.AdvanceNow(12 * core.Second)
	live := g.State().TraceHash
	frame(g, inputFrame{actions: []action{actTimeForward}})
	if st := g.State(); st.Timeline.Past {
		t.Fatalf("seed %d: → on the live run went into the past", g.cur.Config.Seed)
	}
	frame(g, inputFrame{actions: []action{actTimeBack}})
	frame(g, inputFrame{actions: []action{actTimeBack}})
	if st := g.State(); !st.Timeline.Past || st.TimeMs != 2000 || !st.Paused {
		t.Fatalf("seed %d: two ← from 12 s: at %d ms, past %v, paused %v; want 2000 ms in the past, paused", g.cur.Config.Seed, st.TimeMs, st.Timeline.Past, st.Paused)
	}
	frame(g, inputFrame{actions: []action{actTimeForward}})
	if st := g.State(); st.TimeMs != 7000 {
		t.Fatalf("seed %d: → from 2 s: at %d ms, want 7000", g.cur.Config.Seed, st.TimeMs)
	}
	frame(g, inputFrame{actions: []action{actTimeLive}})
	if st := g.State(); st.Timeline.Past || st.TraceHash != live {
		t.Fatalf("seed %d: End: past %v, hash %s, want the live run %s", g.cur.Config.Seed, st.Timeline.Past, st.TraceHash, live)
	}
}

func TestAShareLinkTooCostlyToReplayIsRefused(t *testing.T) {
	cfg := core.DefaultConfig()
	cfg.N = 1000
	link, err := core.EncodeShare(core.Share{Config: cfg, At: 20 * core.Minute})
	if err != nil {
		t.Fatal(err)
	}
	g := newTestGame(t, 8, 1280, 720)
	err = g.OpenShare(link)
	if _, ok := err.(*core.ShareError); !ok || !strings.Contains(err.Error(), "1000-node run") {
		t.Fatalf("a 20-minute N=1000 link: %v, want a ShareError naming its size", err)
	}
	if n := len(g.State().Nodes); n != 8 {
		t.Fatalf("the refused link changed the run: %d nodes", n)
	}
}

// One long advance still leaves a checkpoint every 5 s, so seeking into it stays cheap.
func TestALongAdvanceLeavesEvenlySpacedCheckpoints(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.AdvanceNow(10 * core.Minute)
	if got := g.run.Timeline().Checkpoints(); got != 121 {
		t.Fatalf("seed %d: %d checkpoints after advancing 10 minutes at once, want 121 (every 5 s from 0)", g.cur.Config.Seed, got)
	}
}

// Loading another run (a scenario, a share link) ends a lesson's checks: they belonged to the
// lesson's run.
func TestAnotherRunStopsTheLessonChecks(t *testing.T) {
	l := lesson4(t)
	g := newTestGame(t, 8, 1280, 720)
	if err := g.StartLesson(&l, nil); err != nil || g.State().Lesson == nil {
		t.Fatalf("StartLesson: %v, lesson state %+v", err, g.State().Lesson)
	}
	link, err := g.ShareLink()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.OpenShare(link); err != nil {
		t.Fatal(err)
	}
	if st := g.State(); st.Lesson != nil {
		t.Fatalf("after opening a share link the lesson is still checked: %+v", st.Lesson)
	}
	g.StartLesson(&l, nil)
	if err := g.LoadScenario(l.Scenario, Caption{}); err != nil {
		t.Fatal(err)
	}
	if st := g.State(); st.Lesson != nil {
		t.Fatalf("after loading a scenario the lesson is still checked: %+v", st.Lesson)
	}
}

// lesson4 reads and parses web/lessons/04-failure-detection.json.
func lesson4(t *testing.T) lesson.Lesson {
	t.Helper()
	data, err := os.ReadFile("../web/lessons/04-failure-detection.json")
	if err != nil {
		t.Fatal(err)
	}
	l, err := lesson.Parse("04-failure-detection.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
