package view

import (
	"math"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

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
	if g.cmp.b.run.Source.NumNodes() != 12 || g.cmp.b.run.Config.Seed != 2 || g.cmp.b.run.Config.Loss != 0 {
		t.Fatalf("right cluster: %d nodes, seed %d, loss %g", g.cmp.b.run.Source.NumNodes(), g.cmp.b.run.Config.Seed, g.cmp.b.run.Config.Loss)
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
	if g.cmp.b.run.Source.Config().Loss != 0.2 {
		t.Fatalf("loss on the right: %g", g.cmp.b.run.Source.Config().Loss)
	}
	g.do(actCompare) // V closes the split view
	if g.State().Compare != nil || g.cmp != nil {
		t.Fatal("V did not close the split view")
	}
	g.do(actCompare)
	if g.cmp == nil || g.cur.Config.Protocol != core.ProtocolHeartbeat {
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

// At N = 64 in the split view the ids around each small ring do not overlap: only every k-th
// is written, k chosen from the room between the nodes.
func TestNodeIDsDoNotOverlapOnASmallRing(t *testing.T) {
	for _, size := range [][2]int{{870, 716}, {1280, 720}} {
		g := newRumorGame(t, map[string]string{"compare": "heartbeat,swim", "n": "64"})
		g.Layout(size[0], size[1])
		g.sync()
		step := g.labelStep(64)
		d := g.L.disc
		w := g.gfx.measure("63", g.gfx.label)
		ring := math.Hypot(g.pos[0].x-d.cx, g.pos[0].y-d.cy) + g.nodeR + 10*g.s
		if gap := 2 * math.Pi * ring / 64 * float64(step); gap < w {
			t.Errorf("%v: ids every %d nodes are %.1f px apart, narrower than an id (%.1f px)", size, step, gap, w)
		}
		if size[0] == 870 && step == 1 {
			t.Errorf("%v: every id written on a ring of radius %.0f", size, d.r)
		}
	}
	big := newTestGame(t, 16, 1280, 720)
	if k := big.labelStep(16); k != 1 {
		t.Errorf("16 nodes on a big ring: ids every %d, want every one", k)
	}
}

// The split view's table: the row labels end before the first figure's column begins.
func TestCompareTableLabelsClearTheFigures(t *testing.T) {
	g := newRumorGame(t, map[string]string{"compare": "heartbeat,swim", "n": "64"})
	g.Layout(870, 716)
	g.sync()
	tbl := g.cmp.table
	labelW := g.gfx.measure("heartbeat gossip: node 63", g.gfx.bold)
	cols := compareColumns(tbl, labelW, g.s)
	colW := (tbl.right() - cols[1]) / 4.5
	valueW := g.gfx.measure("99.9 s", g.gfx.small)
	if end, start := cols[0]+labelW, cols[1]-valueW/2; end > start {
		t.Errorf("the label ends at %.0f, the first figure starts at %.0f", end, start)
	}
	if colW < valueW {
		t.Errorf("columns %.0f px for figures of %.0f px", colW, valueW)
	}
}

// Swapping the split view's sides relabels the table's rows: the left row names the left
// protocol.
func TestCompareRowsRelabelWhenSidesSwap(t *testing.T) {
	g := newTestGame(t, 12, 1280, 720)
	if err := g.SetCompare("heartbeat,swim"); err != nil {
		t.Fatal(err)
	}
	img := ebiten.NewImage(1280, 720)
	g.Draw(img) // the labels are cached as drawn
	if err := g.SetCompare("swim,heartbeat"); err != nil {
		t.Fatal(err)
	}
	g.Draw(img)
	if got := g.cmp.lbl[0][0].s; !strings.HasPrefix(got, "SWIM") {
		t.Errorf("the left row reads %q after the swap, want SWIM's", got)
	}
}
