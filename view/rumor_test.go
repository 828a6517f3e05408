package view

import (
	"strings"
	"testing"

	"gossiplab/core"
)

// newRumorGame starts the rumor protocol from URL-style parameters.
func newRumorGame(t testing.TB, q map[string]string) *Game {
	t.Helper()
	opts, errs := ParseParams(func(name string) (string, bool) { v, ok := q[name]; return v, ok })
	if len(errs) > 0 {
		t.Fatalf("ParseParams(%v): %v", q, errs)
	}
	g, err := NewGame(opts)
	if err != nil {
		t.Fatalf("NewGame: %v", err)
	}
	g.Layout(1280, 720)
	g.sync()
	return g
}

// The rumor lesson: click an uninformed node and the rumor starts there; push-pull with b=3
// reaches all 32 nodes within 15 s (with no loss); a click on an informed node crashes it.
func TestRumorClickInjectsAndSpreads(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "pushpull", "n": "32", "seed": "3", "loss": "0"})
	if p := g.State().Params; p.Protocol != core.ProtocolRumor || p.RumorMode != "pushpull" {
		t.Fatalf("protocol %q mode %q", p.Protocol, p.RumorMode)
	}
	if g.widgetByID(ctlTSuspect) != nil || g.widgetByID(ctlFanout) == nil || g.widgetByID(ctlModePull) == nil {
		t.Fatal("under rumor: want the fanout slider and the mode switch, no T suspect")
	}
	if len(g.rum.model) < 2 || g.rum.model[0] != 1 {
		t.Fatalf("round model %v (err %q)", g.rum.model, g.rum.modelErr)
	}
	nd := g.State().Nodes[5]
	click(g, nd.X, nd.Y, false)
	st := g.State()
	if !st.Nodes[5].Informed || st.Metrics.Informed != 1 || st.Nodes[5].Status != "up" {
		t.Fatalf("after clicking node 5: informed %v, count %d, status %s (seed 3)", st.Nodes[5].Informed, st.Metrics.Informed, st.Nodes[5].Status)
	}
	g.AdvanceNow(15 * core.Second)
	st = g.State()
	if st.Metrics.Informed != 32 {
		t.Fatalf("after 15 s: %d of 32 informed (seed 3)", st.Metrics.Informed)
	}
	if g.rum.injectedAt != 0 || g.rum.allAt < 0 || g.rum.curve.len() < 3 {
		t.Fatalf("chart state: injected %d, all at %d, %d points", g.rum.injectedAt, g.rum.allAt, g.rum.curve.len())
	}
	click(g, nd.X, nd.Y, false)
	if s := g.State().Nodes[5].Status; s != "crashed" {
		t.Fatalf("a click on an informed node: status %s, want crashed", s)
	}
}

func TestRumorModeSwitchAndKeys(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "n": "16"})
	clickWidget(t, g, ctlModePull)
	if m := g.State().Params.RumorMode; m != "pull" {
		t.Fatalf("after clicking Pull: mode %q", m)
	}
	g.do(actInject)
	if !g.State().Nodes[0].Informed {
		t.Fatal("I did not inject at node 0")
	}
	g.do(actReset)
	if g.State().Metrics.Informed != 0 || g.rum.injectedAt != -1 {
		t.Fatal("Reset kept the rumor")
	}
	if err := g.SetRumorMode("sideways"); err == nil || !strings.Contains(err.Error(), "pushpull") {
		t.Fatalf("SetRumorMode(sideways): %v", err)
	}
	clickWidget(t, g, ctlProtoHeartbeat)
	if g.widgetByID(ctlModePush) != nil {
		t.Fatal("the mode switch shows under heartbeat")
	}
	if err := g.Inject(0); err == nil {
		t.Fatal("Inject under heartbeat should fail")
	}
	clickWidget(t, g, ctlProtoRumor)
	if p := g.State().Params.Protocol; p != core.ProtocolRumor {
		t.Fatalf("after clicking Rumor: %q", p)
	}
}

func TestRumorParams(t *testing.T) {
	_, errs := ParseParams(func(name string) (string, bool) {
		return map[string]string{"protocol": "rumor", "mode": "sideways"}[name], name == "protocol" || name == "mode"
	})
	if len(errs) != 1 || !strings.Contains(errs[0], "mode") || !strings.Contains(errs[0], "pushpull") {
		t.Fatalf("errors %v", errs)
	}
	opts, errs := ParseParams(func(name string) (string, bool) {
		return map[string]string{"protocol": "Rumor", "mode": "push-pull"}[name], name == "protocol" || name == "mode"
	})
	if len(errs) > 0 || opts.Config.Protocol != core.ProtocolRumor || opts.Config.RumorMode != "pushpull" {
		t.Fatalf("errs %v, config %q %q", errs, opts.Config.Protocol, opts.Config.RumorMode)
	}
}

func TestRumorSteadyUpdateAllocations(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "push", "n": "256"})
	g.Inject(0)
	for i := 0; i < 300; i++ {
		g.Update()
	}
	allocs := testing.AllocsPerRun(200, func() { g.Update() })
	if allocs > 0.5 { // none in steady state: a regression of even one per frame shows as GC stutter
		t.Errorf("%.2f allocations per Update under rumor, want about 0", allocs)
	}
}

// Comparing modes: a mode switch starts the run again, and the chart keeps the last curve of
// each mode (labelled with its periods) until N, b or the loss change.
func TestRumorChartKeepsTheLastRunOfEachMode(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "push", "n": "64", "seed": "2", "loss": "0", "fanout": "1"})
	run := func() {
		if err := g.Inject(0); err != nil {
			t.Fatal(err)
		}
		g.AdvanceNow(30 * core.Second)
	}
	run()
	if err := g.SetRumorMode("pull"); err != nil {
		t.Fatal(err)
	}
	run()
	if err := g.SetRumorMode("pushpull"); err != nil {
		t.Fatal(err)
	}
	kept := g.State().RumorKept
	if len(kept) != 2 || kept[0].Mode != "push" || kept[1].Mode != "pull" || kept[0].Periods < 3 || kept[1].Periods < 3 || kept[0].Points < 5 {
		t.Fatalf("kept curves after push, pull (seed 2): %+v", kept)
	}
	for _, k := range kept { // the time the last node heard it, not when this 30 s advance looked
		if k.Periods > 20 {
			t.Errorf("%s took %.1f periods by the chart: the moment of the look, not of the last node informed", k.Mode, k.Periods)
		}
	}
	if !strings.HasPrefix(g.rum.kept[0].label, "Push: ") || !strings.HasSuffix(g.rum.kept[0].label, " periods") {
		t.Errorf("push's label %q", g.rum.kept[0].label)
	}
	if !g.rum.shownKept(0, 2) || !g.rum.shownKept(1, 2) || g.rum.shownKept(2, 2) {
		t.Error("under push-pull, push and pull should be drawn, and push-pull has none kept")
	}
	g.Apply(core.Command{Op: core.OpSet, Param: "fanout", Value: 2})
	if err := g.Reset(); err != nil {
		t.Fatal(err)
	}
	if kept := g.State().RumorKept; len(kept) != 0 {
		t.Fatalf("after b changed the kept curves do not compare, but %d stay", len(kept))
	}
}

// A curve is kept with the b it spread at: a push at b = 2 does not stand for b = 1 after the
// slider goes back, and a rumor during which b changed is kept for nothing.
func TestRumorKeptCurveCarriesItsFanout(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "push", "n": "64", "seed": "2", "loss": "0", "fanout": "2"})
	if err := g.Inject(0); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(30 * core.Second)
	g.commitSlider(ctlFanout, 1, 0) // after the rumor reached everyone
	if err := g.SetRumorMode("pull"); err != nil {
		t.Fatal(err)
	}
	if kept := g.State().RumorKept; len(kept) != 0 {
		t.Fatalf("seed 2: the b = 2 push is kept beside a b = 1 run: %+v", kept)
	}
	// b changes while the rumor spreads: nothing to compare it with.
	if err := g.Inject(0); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(2 * core.Second)
	g.commitSlider(ctlFanout, 3, 0)
	g.AdvanceNow(30 * core.Second)
	g.commitSlider(ctlFanout, 1, 0)
	if err := g.SetRumorMode("push"); err != nil {
		t.Fatal(err)
	}
	if kept := g.State().RumorKept; len(kept) != 0 {
		t.Fatalf("seed 2: a pull whose b changed mid-spread is kept: %+v", kept)
	}
}

// The kept curves' key wraps onto a second row where one row would run past the chart.
func TestRumorKeptKeyWraps(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "push", "n": "128", "seed": "1", "loss": "0", "fanout": "1"})
	for _, m := range []string{"pull", "pushpull", "push"} {
		if err := g.Inject(0); err != nil {
			t.Fatal(err)
		}
		g.AdvanceNow(40 * core.Second)
		if err := g.SetRumorMode(m); err != nil {
			t.Fatal(err)
		}
	}
	r := g.rumorChartRect()
	at, rows := g.keptKey(r)
	if rows < 1 {
		t.Fatalf("seed 1: no key rows with %d kept curves", len(g.State().RumorKept))
	}
	for m := range g.rum.kept {
		if !g.rum.shownKept(m, 0) {
			continue
		}
		if end := at[m].x + 15*g.s + g.gfx.measure(g.rum.kept[m].label, g.gfx.small); end > r.right()+0.5 {
			t.Errorf("seed 1: key entry %q ends at %.0f, past the chart's right edge %.0f", g.rum.kept[m].label, end, r.right())
		}
	}
	narrow := r
	narrow.w = 200 * g.s
	if _, rows := g.keptKey(narrow); rows < 2 {
		t.Errorf("seed 1: three kept curves in a 200 px chart on %d row(s)", rows)
	}
	if p := g.rumorPlot(narrow); p.y < narrow.y+16*g.s*2 {
		t.Errorf("seed 1: the plot starts at %.0f, over the key's rows (box top %.0f)", p.y, narrow.y)
	}
}

// On a phone the side panel under the cluster keeps room for the rumor's chart.
func TestRumorChartOnAPhone(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "push", "n": "128", "fanout": "1"})
	g.Layout(390, 740) // a phone's Cluster view, under the page's bars
	g.sync()
	if r := g.rumorChartRect(); r.h < 100*g.s {
		t.Errorf("a 390×740 canvas: the rumor chart is %.0f px high", r.h)
	}
	if g.L.cluster.h < 180*g.s {
		t.Errorf("a 390×740 canvas: the cluster is %.0f px high", g.L.cluster.h)
	}
}

// The chart shows the run as of the moment shown: after a seek back, no point of the dropped
// future; and once the rumor has started, its model keeps the b it spreads with.
func TestRumorChartFollowsTheMomentShown(t *testing.T) {
	g := newRumorGame(t, map[string]string{"protocol": "rumor", "mode": "push", "n": "64", "seed": "2", "loss": "0", "fanout": "2"})
	if err := g.Inject(0); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(30 * core.Second)
	g.commitSlider(ctlFanout, 1, 0)
	g.sync()
	if k := g.rum.modelKey; k[2] != 2 {
		t.Errorf("seed 2: after b moved to 1 the model is for b = %v, not the rumor's 2", k[2])
	}
	if err := g.SeekTo(3 * core.Second); err != nil {
		t.Fatal(err)
	}
	g.sync()
	last, _ := g.rum.curve.at(g.rum.curve.len() - 1)
	if last > 3*core.Second || g.rum.allAt >= 0 {
		t.Errorf("seed 2: at 3 s the chart's last point is at %v and all informed at %v: the dropped future", last, g.rum.allAt)
	}
}
