package view

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	"gossiplab/core"
)

// newTestGame builds a game with n nodes laid out in a w×h window. The tests drive it without a
// display: input goes through inputFrame, exactly as readInput would fill it.
func newTestGame(t testing.TB, n, w, h int) *Game {
	t.Helper()
	cfg := core.DefaultConfig().SizedFor(n)
	g, err := NewGame(Options{Config: cfg})
	if err != nil {
		t.Fatalf("NewGame(n=%d): %v", n, err)
	}
	g.Layout(w, h)
	return g
}

// frame runs one frame's input handling as Update does (without reading Ebiten's input).
func frame(g *Game, in inputFrame) {
	in.hasPointer = true
	g.in = in
	g.handleInput()
	g.sync()
}

// click presses and releases the primary button at (x, y).
func click(g *Game, x, y float64, shift bool) {
	frame(g, inputFrame{x: x, y: y, down: true, pressed: true, shift: shift})
	frame(g, inputFrame{x: x, y: y, released: true, shift: shift})
}

// drag presses at a, moves to b in a few steps and releases there.
func drag(g *Game, a, b point) {
	frame(g, inputFrame{x: a.x, y: a.y, down: true, pressed: true})
	for k := 1; k <= 4; k++ {
		t := float64(k) / 4
		frame(g, inputFrame{x: a.x + (b.x-a.x)*t, y: a.y + (b.y-a.y)*t, down: true})
	}
	frame(g, inputFrame{x: b.x, y: b.y, released: true})
}

func TestStateIsPublishedBeforeTheFirstUpdate(t *testing.T) {
	cfg := core.DefaultConfig()
	g, err := NewGame(Options{Config: cfg, Errors: []string{"n: must be a whole number in [1, 1000]"}})
	if err != nil {
		t.Fatal(err)
	}
	st := g.State()
	if len(st.Nodes) != cfg.N || st.Selected != -1 || st.Speed != DefaultSpeed || st.Params.N != cfg.N {
		t.Fatalf("initial state: %d nodes, selected %d, speed %g, params.N %d", len(st.Nodes), st.Selected, st.Speed, st.Params.N)
	}
	if len(st.Errors) != 1 || !strings.Contains(st.Errors[0], "n:") {
		t.Fatalf("errors = %q, want the banner message", st.Errors)
	}
	for _, n := range st.Nodes {
		if n.R <= 0 || n.Status != "up" || n.Alive != cfg.N-1 {
			t.Fatalf("node %+v: want a positive radius, up, believed alive by all %d others", n, cfg.N-1)
		}
	}
}

func TestNewGameRejectsBadOptions(t *testing.T) {
	cfg := core.DefaultConfig()
	for _, o := range []Options{{Config: cfg, Speed: 50}, {Config: cfg, UIScale: 9}, {Config: core.Config{}}} {
		if _, err := NewGame(o); err == nil {
			t.Errorf("NewGame(%+v) = nil error", o)
		}
	}
}

// The nodes fit inside the cluster area of the window and never overlap, at every size.
func TestLayoutInsideWindowWithoutOverlap(t *testing.T) {
	for _, n := range []int{1, 2, 16, 64, 65, 256, 1000} {
		for _, win := range [][2]int{{1280, 720}, {1920, 1080}, {800, 600}, {390, 844}} {
			t.Run(fmt.Sprintf("N=%d/%dx%d", n, win[0], win[1]), func(t *testing.T) {
				g := newTestGame(t, n, win[0], win[1])
				st := g.State()
				if len(st.Nodes) != n {
					t.Fatalf("%d nodes in the state, want %d", len(st.Nodes), n)
				}
				cl := g.L.cluster
				for _, a := range st.Nodes {
					if a.R <= 0 || a.X-a.R < cl.x-0.5 || a.Y-a.R < cl.y-0.5 || a.X+a.R > cl.right()+0.5 || a.Y+a.R > cl.bottom()+0.5 {
						t.Fatalf("node %d at (%.1f, %.1f) r %.1f is outside the cluster area %+v", a.ID, a.X, a.Y, a.R, cl)
					}
					if a.X < 0 || a.Y < 0 || a.X > float64(win[0]) || a.Y > float64(win[1]) {
						t.Fatalf("node %d at (%.1f, %.1f) is outside the %dx%d window", a.ID, a.X, a.Y, win[0], win[1])
					}
				}
				for i := range st.Nodes {
					for j := i + 1; j < len(st.Nodes); j++ {
						a, b := st.Nodes[i], st.Nodes[j]
						if d := math.Hypot(a.X-b.X, a.Y-b.Y); d < a.R+b.R {
							t.Fatalf("nodes %d and %d overlap: %.2f apart, radii %.2f", i, j, d, a.R)
						}
					}
				}
			})
		}
	}
}

func TestLayoutFollowsResizeAndAddedNodes(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	x0 := g.State().Nodes[0].X
	g.Layout(1920, 1080)
	if x1 := g.State().Nodes[0].X; x1 == x0 {
		t.Fatalf("node 0 stayed at x=%.1f after a resize", x1)
	}
	if err := g.Apply(core.Command{Op: core.OpAdd}); err != nil {
		t.Fatal(err)
	}
	if st := g.State(); len(st.Nodes) != 17 || st.Nodes[16].R <= 0 {
		t.Fatalf("after adding a node: %d nodes, the new one %+v", len(st.Nodes), st.Nodes[len(st.Nodes)-1])
	}
}

// Clicking at a node's published centre crashes it; clicking again restarts it.
func TestClickCrashesThenRestarts(t *testing.T) {
	for _, n := range []int{16, 256, 1000} {
		g := newTestGame(t, n, 1280, 720)
		id := n / 3
		nd := g.State().Nodes[id]
		click(g, nd.X, nd.Y, false)
		if st := g.State().Nodes[id].Status; st != "crashed" {
			t.Fatalf("N=%d: after one click node %d is %s, want crashed", n, id, st)
		}
		for i, o := range g.State().Nodes {
			if i != id && o.Status != "up" {
				t.Fatalf("N=%d: clicking node %d also changed node %d to %s", n, id, i, o.Status)
			}
		}
		click(g, nd.X+nd.R*0.5, nd.Y, false)
		if st := g.State().Nodes[id].Status; st != "up" {
			t.Fatalf("N=%d: after a second click node %d is %s, want up (restarted)", n, id, st)
		}
		if gen := g.Sim().Snapshot().Nodes[id].Generation; gen != 1 {
			t.Fatalf("N=%d: restarted node has generation %d, want 1", n, gen)
		}
	}
}

func TestClickOnEmptySpaceChangesNothing(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	d := g.L.disc
	click(g, d.cx, d.cy, false) // the middle of the ring is empty
	for _, n := range g.State().Nodes {
		if n.Status != "up" {
			t.Fatalf("a click in the middle changed node %d to %s", n.ID, n.Status)
		}
	}
}

func TestShiftClickAndRightClickSelect(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	nd := g.State().Nodes[5]
	click(g, nd.X, nd.Y, true)
	st := g.State()
	if st.Selected != 5 || st.Nodes[5].Status != "up" {
		t.Fatalf("shift+click: selected %d, node 5 %s; want node 5 selected and still up", st.Selected, st.Nodes[5].Status)
	}
	if len(g.table) != 16 {
		t.Fatalf("the selected node's table has %d rows, want 16", len(g.table))
	}
	// The layout moved (the table opened on the left): right-click node 7 where it is now.
	nd = g.State().Nodes[7]
	frame(g, inputFrame{x: nd.X, y: nd.Y, rightPressed: true})
	if s := g.State().Selected; s != 7 {
		t.Fatalf("right-click on node 7: selected %d", s)
	}
	frame(g, inputFrame{x: nd.X, y: nd.Y, rightPressed: true})
	if s := g.State().Selected; s != -1 {
		t.Fatalf("second right-click on node 7: selected %d, want -1", s)
	}
}

func TestLeaveSelectedNode(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.do(actLeave) // nothing selected: a message, no change
	if g.toast.msg == "" {
		t.Fatal("leave with no selection showed no message")
	}
	if err := g.Select(4); err != nil {
		t.Fatal(err)
	}
	g.do(actLeave)
	if st := g.State().Nodes[4].Status; st != "left" {
		t.Fatalf("node 4 is %s after leave, want left", st)
	}
}

// Dragging a line across the cluster puts the nodes on each side into their own group.
func TestDragPartitionsAlongTheLine(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	d := g.L.disc
	// A horizontal line through the centre, a little below it so that no node sits on it.
	y := d.cy + 3
	drag(g, point{d.cx - d.r, y}, point{d.cx + d.r, y})
	snap := g.Sim().Snapshot()
	if !snap.Partitioned {
		t.Fatal("a drag across the cluster did not partition it")
	}
	st := g.State()
	above := snap.Nodes[0].Group // node 0 is at the top
	for i, n := range st.Nodes {
		want := n.Y < y
		if got := snap.Nodes[i].Group == above; got != want {
			t.Fatalf("node %d at y=%.1f (line at %.1f) is in group %d; node 0's group is %d", i, n.Y, y, snap.Nodes[i].Group, above)
		}
	}
	if !g.hasWall {
		t.Fatal("the partition line is not kept for drawing")
	}
	g.do(actHeal)
	if g.Sim().Snapshot().Partitioned || g.hasWall {
		t.Fatal("H did not heal the partition")
	}
}

func TestShortDragIsNotAPartition(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	d := g.L.disc
	drag(g, point{d.cx, d.cy}, point{d.cx + 5, d.cy})
	if g.Sim().Snapshot().Partitioned {
		t.Fatal("a 5-pixel drag partitioned the cluster")
	}
	// A line that misses the cluster partitions nothing either.
	drag(g, point{d.cx - d.r, d.cy - 0.99*d.r}, point{d.cx - 0.9*d.r, d.cy - 0.99*d.r})
	if g.Sim().Snapshot().Partitioned {
		t.Fatal("a line that leaves every node on one side partitioned the cluster")
	}
}

func TestSplitByLine(t *testing.T) {
	pts := []point{{0, 0}, {10, 0}, {0, 10}, {10, 10}}
	groups := splitByLine(pts, point{-5, 5}, point{15, 5})
	if len(groups) != 2 {
		t.Fatalf("groups = %v", groups)
	}
	got := fmt.Sprint(groups)
	if got != "[[2 3] [0 1]]" && got != "[[0 1] [2 3]]" {
		t.Fatalf("split by y=5: %s, want {0,1} and {2,3}", got)
	}
	if splitByLine(pts, point{-5, 20}, point{15, 20}) != nil {
		t.Fatal("a line below every point split them")
	}
}

// Clicking a packet in flight drops it by hand: the first packet drawn mid-flight and clear of
// every node (so that the click cannot mean the node) within 10 s of the run.
func TestClickPacketDropsIt(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	var f core.Flight
	var at point
	found := false
	for k := 0; k < 10000 && !found; k++ {
		g.AdvanceNow(1)
		for _, x := range g.cur.Snap.InFlight {
			l := g.lookFlight(&x)
			if l.ok && g.nowF() > float64(x.SentAt)+0.3*float64(x.ArriveAt-x.SentAt) && g.nodeAt(l.p.x, l.p.y) < 0 {
				f, at, found = x, l.p, true
				break
			}
		}
	}
	if !found {
		t.Fatalf("seed %d: no packet drawn clear of the nodes in 10 s", g.cur.Config.Seed)
	}
	click(g, at.x, at.y, false)
	if got := g.Sim().Totals().Dropped[core.DropUser]; got != 1 {
		t.Fatalf("seed %d: dropped by hand: %d, want 1", g.cur.Config.Seed, got)
	}
	for _, x := range g.cur.Snap.InFlight {
		if x.ID == f.ID {
			t.Fatalf("seed %d: message %d is still in flight", g.cur.Config.Seed, f.ID)
		}
	}
}

func TestButtonsAndKeys(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	w := g.widgetByID(ctlPlay)
	click(g, w.r.x+w.r.w/2, w.r.y+w.r.h/2, false)
	if !g.State().Paused {
		t.Fatal("the play/pause button did not pause")
	}
	t0 := g.State().TimeMs
	g.do(actStep)
	if dt := g.State().TimeMs - t0; dt != int64(g.cur.Config.Period) {
		t.Fatalf("step advanced %d ms, want one period (%d)", dt, g.cur.Config.Period)
	}
	g.do(actAdd)
	if n := len(g.State().Nodes); n != 17 {
		t.Fatalf("add: %d nodes", n)
	}
	g.do(actReset)
	if st := g.State(); len(st.Nodes) != 16 || st.TimeMs != 0 {
		t.Fatalf("reset: %d nodes at %d ms", len(st.Nodes), st.TimeMs)
	}
	g.do(actMatrix)
	if !g.showMatrix || g.mat.n != 16 {
		t.Fatalf("matrix: shown %v, built for %d nodes", g.showMatrix, g.mat.n)
	}
	if g.mat.pairs != 16*15 || g.mat.correct != g.mat.pairs {
		t.Fatalf("matrix of a converged cluster: %d of %d pairs right", g.mat.correct, g.mat.pairs)
	}
	g.do(actHelp)
	if !g.showHelp {
		t.Fatal("? did not open the help")
	}
	click(g, 5, 5, false)
	if g.showHelp {
		t.Fatal("a click did not close the help")
	}
}

func TestSlidersApplyParameters(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.commitSlider(ctlLoss, 0.2, 0)
	if g.Sim().Config().Loss != 0.2 {
		t.Fatalf("loss = %g, want 0.2", g.Sim().Config().Loss)
	}
	g.commitSlider(ctlLatency, 300, 100) // knobs crossed: min 100, max 300
	if c := g.Sim().Config(); c.LatencyMin != 100 || c.LatencyMax != 300 {
		t.Fatalf("latency = %d-%d, want 100-300", c.LatencyMin, c.LatencyMax)
	}
	g.commitSlider(ctlTSuspect, 30000, 0) // above T_remove (12 s): T_remove follows
	if c := g.Sim().Config(); c.TSuspect != 30000 || c.TRemove <= c.TSuspect || c.TTombstone < c.TRemove {
		t.Fatalf("after T_suspect=30 s: %d / %d / %d", c.TSuspect, c.TRemove, c.TTombstone)
	}
	g.commitSlider(ctlTRemove, 10000, 0) // below T_suspect: T_suspect follows
	if c := g.Sim().Config(); c.TRemove != 10000 || c.TSuspect >= c.TRemove {
		t.Fatalf("after T_remove=10 s: %d / %d", c.TSuspect, c.TRemove)
	}
	g.commitSlider(ctlN, 40, 0)
	if len(g.State().Nodes) != 16 {
		t.Fatal("N changed before the reset")
	}
	g.Reset()
	if n := len(g.State().Nodes); n != 40 {
		t.Fatalf("after reset: %d nodes, want 40", n)
	}
	// Dragging the speed knob to the far right gives the top speed.
	w := g.widgetByID(ctlSpeed)
	drag(g, point{w.track.x, w.track.y + 3}, point{w.track.right() + 50, w.track.y + 3})
	if sp := g.State().Speed; sp != MaxSpeed {
		t.Fatalf("speed after dragging the knob to the end: %g", sp)
	}
	// Slider values round-trip through the knob position.
	for _, id := range []control{ctlSpeed, ctlLoss, ctlLatency, ctlPeriod, ctlTSuspect, ctlTRemove, ctlN} {
		for _, x := range []float64{0, 0.25, 0.5, 1} {
			v := g.sliderDenorm(id, x)
			if back := g.sliderDenorm(id, g.sliderNorm(id, v)); math.Abs(back-v) > 1e-9*math.Max(1, v) {
				t.Errorf("slider %d: %g → %g → %g", id, x, v, back)
			}
		}
	}
}

func TestBadCommandsShowAnErrorAndNeverPanic(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	for _, c := range []core.Command{
		{Op: core.OpCrash, Node: 99}, {Op: core.OpRestart, Node: 1}, {Op: core.OpDrop, Msg: 12345},
		{Op: core.OpSet, Param: "loss", Value: 2}, {Op: "explode"}, {Op: core.OpPartition},
	} {
		g.toast.msg = ""
		if err := g.Apply(c); err == nil {
			t.Errorf("Apply(%+v) = nil error", c)
		}
		if g.toast.msg == "" {
			t.Errorf("Apply(%+v): the error was not shown", c)
		}
	}
	if err := g.SetSpeed(100); err == nil {
		t.Error("SetSpeed(100) accepted")
	}
}

func TestDoRunsOnTheNextUpdate(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			g.Do(func(g *Game) { g.Apply(core.Command{Op: core.OpCrash, Node: core.NodeID(i)}) })
			_ = g.State() // safe from any goroutine
		}(i)
	}
	wg.Wait()
	if g.State().Nodes[0].Status != "up" {
		t.Fatal("a Do function ran before Update")
	}
	if err := g.Update(); err != nil {
		t.Fatal(err)
	}
	st := g.State()
	for i := 0; i < 4; i++ {
		if st.Nodes[i].Status != "crashed" {
			t.Fatalf("node %d is %s after the queued crash", i, st.Nodes[i].Status)
		}
	}
	if st.Frames != 1 {
		t.Fatalf("frames = %d, want 1", st.Frames)
	}
}

// A crash is logged, then suspected and removed by everyone, each in one folded line.
func TestEventLogTellsACrashInFewLines(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.Apply(core.Command{Op: core.OpCrash, Node: 3})
	g.AdvanceNow(20 * core.Second)
	var lines []string
	for i := 0; i < g.run.Log().Len(); i++ {
		lines = append(lines, g.run.Log().At(i).Line())
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{"node 3 crashes", "node 3 suspected by 15 nodes", "node 3 removed by 15 nodes"} {
		if !strings.Contains(all, want) {
			t.Errorf("the log lacks %q:\n%s", want, all)
		}
	}
	if len(lines) > 6 {
		t.Errorf("%d lines for one crash:\n%s", len(lines), all)
	}
}

func TestSeriesRing(t *testing.T) {
	s := newSeries(4)
	if _, _, ok := s.last(); ok {
		t.Fatal("an empty series has a last point")
	}
	for i := 1; i <= 6; i++ {
		s.push(core.Time(i*100), float64(i))
	}
	if s.len() != 4 {
		t.Fatalf("len = %d, want 4", s.len())
	}
	for i := 0; i < 4; i++ {
		if tm, v := s.at(i); tm != core.Time((i+3)*100) || v != float64(i+3) {
			t.Fatalf("at(%d) = (%d, %g), want (%d, %d)", i, tm, v, (i+3)*100, i+3)
		}
	}
	s.push(50, 99) // out of order: ignored
	if _, v, _ := s.last(); v != 6 {
		t.Fatalf("last = %g after an out-of-order push", v)
	}
	if m := s.maxSince(450); m != 6 {
		t.Fatalf("maxSince(450) = %g", m)
	}
	if i := s.firstSince(450); i != 2 {
		t.Fatalf("firstSince(450) = %d, want 2", i)
	}
	s.reset()
	if s.len() != 0 {
		t.Fatal("reset left points")
	}
}

func TestChartsTakeEachSampleOnce(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.AdvanceNow(10 * core.Second)
	n := g.charts.conv.len()
	if want := int(10 * core.Second / g.cur.Config.SampleInterval); n != want {
		t.Fatalf("%d chart points after 10 s, want %d", n, want)
	}
	g.sync()
	if g.charts.conv.len() != n {
		t.Fatal("a refresh without new samples added points")
	}
	if _, v, _ := g.charts.conv.last(); v != 100 {
		t.Fatalf("convergence of a healthy cluster = %g %%", v)
	}
}

func TestNiceCeil(t *testing.T) {
	for _, c := range [][2]float64{{0, 1}, {0.3, 0.5}, {1, 1}, {3, 5}, {7, 10}, {12, 20}, {4900, 5000}, {50001, 100000}} {
		if got := niceCeil(c[0]); got != c[1] {
			t.Errorf("niceCeil(%g) = %g, want %g", c[0], got, c[1])
		}
	}
}

// Steady frames allocate (almost) nothing: snapshot, events, state and charts reuse buffers.
func TestSteadyUpdateAllocations(t *testing.T) {
	g := newTestGame(t, 256, 1280, 720)
	for i := 0; i < 300; i++ {
		g.Update()
	}
	allocs := testing.AllocsPerRun(200, func() { g.Update() })
	t.Logf("allocations per Update at N=256: %.2f", allocs)
	if allocs > 0.5 { // none in steady state: a regression of even one per frame shows as GC stutter
		t.Errorf("%.2f allocations per Update, want about 0", allocs)
	}
}

func BenchmarkUpdate(b *testing.B) {
	for _, n := range []int{32, 256, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			g := newTestGame(b, n, 1280, 720)
			for i := 0; i < 120; i++ {
				g.Update()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				g.Update()
			}
		})
	}
}

func TestBannerListsErrorsAboveTheClusterAndCloses(t *testing.T) {
	opts, errs := ParseParams(query(map[string]string{"n": "abc", "loss": "3"}))
	if len(errs) != 2 {
		t.Fatalf("errors: %q", errs)
	}
	g, err := NewGame(opts)
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(1280, 720)
	br := g.bannerRect()
	if br.h <= 0 {
		t.Fatal("no banner for two bad parameters")
	}
	for _, n := range g.State().Nodes {
		if n.Y-n.R < br.bottom() {
			t.Fatalf("node %d (top %.1f) is under the banner (bottom %.1f)", n.ID, n.Y-n.R, br.bottom())
		}
	}
	c := g.bannerClose()
	click(g, c.x+c.w/2, c.y+c.h/2, false)
	if !g.banner.off || g.bannerRect().h != 0 {
		t.Fatal("the close box did not close the banner")
	}
	if st := g.State(); len(st.Errors) != 2 || st.Nodes[0].Y-st.Nodes[0].R >= br.bottom() {
		t.Fatalf("after closing: errors %q, node 0 at y=%.1f", st.Errors, st.Nodes[0].Y)
	}
}

// With HiDPI the screen has more pixels, but the published coordinates stay in outside pixels:
// the same as without it.
func TestHiDPIStateStaysInOutsidePixels(t *testing.T) {
	g1 := newTestGame(t, 16, 1280, 720)
	g2 := newTestGame(t, 16, 1280, 720)
	g2.dsf, g2.w, g2.h, g2.laidN = 2, 2560, 1440, -1
	g2.sync()
	a, b := g1.State().Nodes, g2.State().Nodes
	for i := range a {
		if math.Abs(a[i].X-b[i].X) > 0.01 || math.Abs(a[i].Y-b[i].Y) > 0.01 || math.Abs(a[i].R-b[i].R) > 0.01 {
			t.Fatalf("node %d: %+v at 1×, %+v at 2×", i, a[i], b[i])
		}
	}
	// A click at twice the published position (screen pixels) hits the node.
	click(g2, b[4].X*2, b[4].Y*2, false)
	if st := g2.State().Nodes[4].Status; st != "crashed" {
		t.Fatalf("a click on node 4 at 2× left it %s", st)
	}
}

// A partition makes every node suspect half the others; the log still tells it in a few lines.
func TestEventLogFoldsAStorm(t *testing.T) {
	g := newTestGame(t, 256, 1280, 720)
	if err := g.PartitionAcross(30); err != nil {
		t.Fatal(err)
	}
	g.AdvanceNow(30 * core.Second)
	var lines []string
	for i := 0; i < g.run.Log().Len(); i++ {
		lines = append(lines, g.run.Log().At(i).Line())
	}
	all := strings.Join(lines, "\n")
	if len(lines) > 40 || !strings.Contains(all, "suspicions, e.g. node") {
		t.Fatalf("%d lines after a partition of 256 nodes:\n%s", len(lines), all)
	}
	t.Logf("%d lines:\n%s", len(lines), all)
}

// "N = 30 from the next Reset" goes away with the Reset it announced.
func TestResetClearsItsToast(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.commitSlider(ctlN, 30, 0)
	if !strings.Contains(g.toast.msg, "next Reset") {
		t.Fatalf("toast %q", g.toast.msg)
	}
	if err := g.Reset(); err != nil {
		t.Fatal(err)
	}
	if g.toast.msg != "" {
		t.Errorf("after Reset the toast still says %q", g.toast.msg)
	}
}
