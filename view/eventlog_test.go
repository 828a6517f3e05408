package view

import (
	"regexp"
	"strings"
	"testing"

	"gossiplab/core"
)

func logText(g *Game) string {
	var lines []string
	for i := 0; i < g.run.Log().Len(); i++ {
		lines = append(lines, g.run.Log().At(i).Line())
	}
	return strings.Join(lines, "\n")
}

// A suspicion cleared because the node came back in a new generation was a real crash: the log
// says the node is back, not "false alarm", and the false-suspicion count stays 0.
func TestEventLogSaysARestartIsNoFalseAlarm(t *testing.T) {
	g := newTestGame(t, 8, 1280, 720)
	g.Apply(core.Command{Op: core.OpCrash, Node: 5})
	g.AdvanceNow(8 * core.Second) // suspected, not yet removed (T_suspect 6 s, T_remove 12 s)
	g.Apply(core.Command{Op: core.OpRestart, Node: 5})
	g.AdvanceNow(5 * core.Second)
	all := logText(g)
	if strings.Contains(all, "false alarm") {
		t.Errorf("a restart is logged as a false alarm:\n%s", all)
	}
	if !regexp.MustCompile(`nodes? sees? node 5 back \(it restarted\)`).MatchString(all) {
		t.Errorf("the log does not say node 5 is back:\n%s", all)
	}
	if fs := g.State().Totals.FalseSuspicions; fs != 0 {
		t.Errorf("%d false suspicions counted", fs)
	}
}

// T_remove makes room when T_suspect is dragged above it, comes back to the learner's value when
// T_suspect comes down again, and the log tells each move, tombstone included.
func TestTRemoveFollowsTSuspectBackDownAndIsLogged(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.commitSlider(ctlTSuspect, 120000, 0)
	if c := g.Sim().Config(); c.TSuspect != 120000 || c.TRemove != 240000 {
		t.Fatalf("after T_suspect = 120 s: T_remove %d", c.TRemove)
	}
	g.commitSlider(ctlTSuspect, 8300, 0)
	if c := g.Sim().Config(); c.TSuspect != 8300 || c.TRemove != 12000 || c.TTombstone != 36000 {
		t.Fatalf("after T_suspect back at 8.3 s: %d / %d / %d, want T_remove 12 s and its tombstone 36 s", c.TSuspect, c.TRemove, c.TTombstone)
	}
	all := logText(g)
	for _, want := range []string{"T suspect set to 120 s", "T remove raised to 240 s to stay above T suspect",
		"T tombstone set to 720 s (3 × T remove)", "T suspect set to 8.3 s", "T remove back to 12 s, the value you had set",
		"T tombstone set to 36 s (3 × T remove)"} {
		if !strings.Contains(all, want) {
			t.Errorf("the log lacks %q:\n%s", want, all)
		}
	}
	// The learner's own T_remove is the one to come back to.
	g.commitSlider(ctlTRemove, 20000, 0)
	g.commitSlider(ctlTSuspect, 30000, 0)
	g.commitSlider(ctlTSuspect, 5000, 0)
	if c := g.Sim().Config(); c.TRemove != 20000 {
		t.Errorf("T_remove %d after a round trip of T_suspect, want the 20 s the learner set", c.TRemove)
	}
	g.commitSlider(ctlN, 40, 0)
	if !strings.Contains(logText(g), "N set to 40 from the next reset") {
		t.Errorf("the N slider is not logged:\n%s", logText(g))
	}
}

// On a touch screen a tap on a node clicks it, holding it selects it (the right-click), moving
// off it drags, and a touch away from the nodes is the left button at once.
func TestTouchTapHoldAndDrag(t *testing.T) {
	onNode := func(x, y float64) bool { return x < 100 }
	type out struct{ pressed, released, right, down bool }
	run := func(frames [][3]float64) []out { // (active, x, y) per frame
		var tr touchTracker
		var got []out
		for i, f := range frames {
			p, r, rt, d := tr.step(f[0] == 1, f[1], f[2], i, onNode, 12)
			got = append(got, out{p, r, rt, d})
		}
		return got
	}
	tap := run([][3]float64{{1, 50, 50}, {1, 51, 50}, {0, 0, 0}})
	if tap[0].pressed || tap[1].pressed || !tap[2].pressed || !tap[2].released {
		t.Errorf("a tap on a node: %+v, want one click on lifting", tap)
	}
	hold := make([][3]float64, holdTicks+2)
	for i := range hold {
		hold[i] = [3]float64{1, 50, 50}
	}
	hold = append(hold, [3]float64{0, 0, 0})
	got := run(hold)
	rights := 0
	for i, o := range got {
		if o.right {
			rights++
			if i != holdTicks {
				t.Errorf("the hold selected at frame %d, want %d", i, holdTicks)
			}
		}
		if o.pressed {
			t.Errorf("a hold also clicked at frame %d", i)
		}
	}
	if rights != 1 {
		t.Errorf("a hold gave %d right-clicks, want 1", rights)
	}
	drag := run([][3]float64{{1, 50, 50}, {1, 80, 90}, {1, 120, 140}, {0, 0, 0}})
	if !drag[1].pressed || !drag[1].down || !drag[2].down || drag[3].pressed || !drag[3].released {
		t.Errorf("a drag starting on a node: %+v", drag)
	}
	away := run([][3]float64{{1, 300, 50}, {1, 300, 50}, {0, 0, 0}})
	if !away[0].pressed || !away[1].down || away[2].pressed || !away[2].released {
		t.Errorf("a touch away from the nodes: %+v", away)
	}
}

// Scrubbing into the past keeps the log: the lines up to the moment shown; back at the live run
// all of them; continuing from the past drops the lines of the dropped future.
func TestEventLogFollowsTimeTravel(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.AdvanceNow(2 * core.Second)
	g.Apply(core.Command{Op: core.OpCrash, Node: 3})
	g.AdvanceNow(20 * core.Second)
	g.Apply(core.Command{Op: core.OpCrash, Node: 9})
	g.AdvanceNow(3 * core.Second)
	live := g.run.Log().Shown()
	if err := g.SeekTo(10 * core.Second); err != nil {
		t.Fatal(err)
	}
	past := g.run.Log().Shown()
	if past == 0 || past >= live {
		t.Fatalf("in the past at 10 s: %d lines shown of %d", past, live)
	}
	for i := 0; i < past; i++ {
		if e := g.run.Log().At(i); e.Time() > 10*core.Second {
			t.Errorf("a line from %v shows at 10 s: %s", e.Time(), e.Line())
		}
	}
	if !strings.Contains(logText(g), "node 3 crashes") {
		t.Errorf("the crash at 2 s is not in the log at 10 s:\n%s", logText(g))
	}
	g.BackToLive()
	if g.run.Log().Shown() != live {
		t.Errorf("back at the live run: %d lines, want %d", g.run.Log().Shown(), live)
	}
	g.SeekTo(10 * core.Second)
	g.ContinueHere()
	all := logText(g)
	if strings.Contains(all, "node 9 crashes") || !strings.Contains(all, "node 3 crashes") || !strings.Contains(all, "the run continues from here") {
		t.Errorf("after continuing from 10 s:\n%s", all)
	}
}
