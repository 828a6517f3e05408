package view

import (
	"testing"

	"gossiplab/core"
)

// The split view: heartbeat and SWIM on the same seeded scenario; a click on a node of either
// half crashes it in both, and both tables end with it removed by every live node.
func TestCompareCrashAppliesToBoth(t *testing.T) {
	g := newRumorGame(t, map[string]string{"compare": "heartbeat,swim", "n": "12", "seed": "2", "loss": "0"})
	st := g.State()
	if len(st.Compare) != 2 || st.Compare[0].Protocol != core.ProtocolHeartbeat || st.Compare[1].Protocol != core.ProtocolSwim {
		t.Fatalf("compare rows %+v", st.Compare)
	}
	if g.cmp.b.sim.NumNodes() != 12 || g.cmp.b.cfg.Seed != 2 || g.cmp.b.cfg.Loss != 0 {
		t.Fatalf("right cluster: %d nodes, seed %d, loss %g", g.cmp.b.sim.NumNodes(), g.cmp.b.cfg.Seed, g.cmp.b.cfg.Loss)
	}
	if g.L.disc.cx >= g.cmp.b.disc.cx || g.L.disc.r <= 0 {
		t.Fatalf("discs %+v %+v", g.L.disc, g.cmp.b.disc)
	}
	nd := st.Nodes[4]
	click(g, nd.X, nd.Y, false)
	g.AdvanceNow(20 * core.Second)
	st = g.State()
	for i, r := range st.Compare {
		if r.Node != 4 || len(r.Crashed) != 1 || r.Crashed[0] != 4 || r.FirstSuspectMs <= 0 || r.AllRemovedMs < r.FirstSuspectMs || r.MsgsPerNodeS <= 0 {
			t.Fatalf("row %d (seed 2): %+v", i, r)
		}
	}
	// A click in the right half restarts the node in both.
	p := g.cmp.b.pos[4]
	click(g, p.x, p.y, false)
	st = g.State()
	if len(st.Compare[0].Crashed) != 0 || len(st.Compare[1].Crashed) != 0 {
		t.Fatalf("after clicking node 4 on the right: crashed %v / %v", st.Compare[0].Crashed, st.Compare[1].Crashed)
	}
	// Sliders apply to both.
	g.commitSlider(ctlLoss, 0.2, 0)
	if g.cmp.b.sim.Config().Loss != 0.2 {
		t.Fatalf("loss on the right: %g", g.cmp.b.sim.Config().Loss)
	}
	g.do(actCompare) // V closes the split view
	if g.State().Compare != nil || g.cmp != nil {
		t.Fatal("V did not close the split view")
	}
	g.do(actCompare)
	if g.cmp == nil || g.cfg.Protocol != core.ProtocolHeartbeat {
		t.Fatal("V did not open the split view")
	}
	g.SetProtocol("swim")
	if g.cmp != nil {
		t.Fatal("choosing one protocol should close the split view")
	}
	if err := g.SetCompare("heartbeat,rumor"); err == nil {
		t.Fatal("compare with the rumor should fail")
	}
}

func TestCompareSteadyUpdateAllocations(t *testing.T) {
	g := newRumorGame(t, map[string]string{"compare": "heartbeat,swim", "n": "256"})
	for i := 0; i < 300; i++ {
		g.Update()
	}
	allocs := testing.AllocsPerRun(200, func() { g.Update() })
	if allocs > 0.5 { // none in steady state: a regression of even one per frame shows as GC stutter
		t.Errorf("%.2f allocations per Update in the split view, want about 0", allocs)
	}
}
