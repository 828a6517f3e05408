package view

import (
	"strings"
	"testing"

	"gossiplab/core"
)

// clickWidget clicks the middle of a control.
func clickWidget(t *testing.T, g *Game, id control) {
	t.Helper()
	w := g.widgetByID(id)
	if w == nil {
		t.Fatalf("control %s is not on screen", controlNames[id])
	}
	click(g, w.r.x+w.r.w/2, w.r.y+w.r.h/2, false)
}

// The protocol switch in the top bar, the P key and SetProtocol all start the run again under
// the other protocol, with the same seed and parameters.
func TestProtocolSwitch(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.Apply(core.Command{Op: core.OpSet, Param: "loss", Value: 0.1})
	g.AdvanceNow(3 * core.Second)
	clickWidget(t, g, ctlProtoSwim)
	st := g.State()
	if st.Params.Protocol != core.ProtocolSwim || st.TimeMs != 0 || len(st.Nodes) != 16 || st.Params.Loss != 0.1 || st.Params.Seed != 1 {
		t.Fatalf("after clicking SWIM: protocol %q at %d ms, %d nodes, loss %g, seed %d", st.Params.Protocol, st.TimeMs, len(st.Nodes), st.Params.Loss, st.Params.Seed)
	}
	if g.widgetByID(ctlFanout) != nil || g.widgetByID(ctlTSuspect) != nil || g.widgetByID(ctlK) == nil || g.widgetByID(ctlTSuspicion) == nil {
		t.Fatal("under SWIM the side panel should show K and T suspicion instead of M, T suspect and T remove")
	}
	if g.widgetByID(ctlPitNoTomb) != nil {
		t.Fatal("the heartbeat pitfalls are shown under SWIM")
	}
	g.do(actToggleProtocol) // the P key
	if p := g.State().Params.Protocol; p != core.ProtocolHeartbeat {
		t.Fatalf("P under SWIM gave %q", p)
	}
	if err := g.SetProtocol("swim"); err != nil || g.State().Params.Protocol != core.ProtocolSwim {
		t.Fatalf("SetProtocol(swim): %v, %q", err, g.State().Params.Protocol)
	}
	if err := g.SetProtocol("foo"); err == nil || !strings.Contains(err.Error(), "heartbeat, swim") {
		t.Fatalf("SetProtocol(foo) = %v, want an error naming heartbeat and swim", err)
	}
	if g.State().Params.Protocol != core.ProtocolSwim {
		t.Fatal("a bad protocol name changed the protocol")
	}
}

// State.Controls gives each control's box; a click at its centre works the control.
func TestControlsArePublished(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	st := g.State()
	for _, name := range []string{"play", "protocol_heartbeat", "protocol_swim", "speed", "loss", "fanout", "pitfalls"} {
		b, ok := st.Controls[name]
		if !ok || b.W <= 0 || b.H <= 0 || b.X < 0 || b.Y < 0 || b.X+b.W > 1280 || b.Y+b.H > 720 {
			t.Fatalf("control %q: %+v (present %v)", name, b, ok)
		}
	}
	if _, ok := st.Controls["pitfall_badge"]; ok {
		t.Fatal("a pitfall badge without pitfalls")
	}
	// The pitfall section starts closed; its title opens it.
	if _, ok := st.Controls["pitfall_no_tombstone"]; ok {
		t.Fatal("the pitfall toggles are shown before the section is opened")
	}
	b := st.Controls["pitfalls"]
	click(g, b.X+b.W/2, b.Y+b.H/2, false)
	st = g.State()
	for _, name := range []string{"pitfall_no_tombstone", "pitfall_no_generation", "pitfall_timestamp_merge"} {
		if b, ok := st.Controls[name]; !ok || b.W <= 0 || b.Y+b.H > 720 {
			t.Fatalf("control %q after opening the pitfalls: %+v (present %v)", name, b, ok)
		}
	}
	b = st.Controls["protocol_swim"]
	click(g, b.X+b.W/2, b.Y+b.H/2, false)
	st = g.State()
	if st.Params.Protocol != core.ProtocolSwim {
		t.Fatal("a click at controls.protocol_swim did not switch to SWIM")
	}
	if _, ok := st.Controls["k"]; !ok {
		t.Fatalf("no k slider among the controls under SWIM: %v", st.Controls)
	}
	if _, ok := st.Controls["fanout"]; ok {
		t.Fatal("the fanout slider is listed under SWIM")
	}
}

// The pitfall toggles: the first two change the running simulation, the third starts again;
// the top bar warns while any is on.
func TestPitfallToggles(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.AdvanceNow(2 * core.Second)
	clickWidget(t, g, ctlPitHeader)
	clickWidget(t, g, ctlPitNoTomb)
	if !g.Sim().Config().Pitfalls.NoTombstone || g.State().TimeMs == 0 {
		t.Fatal("the no-tombstone toggle did not switch the running simulation's pitfall")
	}
	st := g.State()
	if !strings.Contains(st.Badge, "no tombstones") || g.widgetByID(ctlBadge) == nil {
		t.Fatalf("badge %q, widget %v", st.Badge, g.widgetByID(ctlBadge))
	}
	if b, ok := st.Controls["pitfall_badge"]; !ok || b.Y > g.L.toolbar.bottom() {
		t.Fatalf("the badge %+v is not in the top bar (bottom %.0f)", b, g.L.toolbar.bottom())
	}
	clickWidget(t, g, ctlPitNoGen)
	if !g.Sim().Config().Pitfalls.NoGeneration {
		t.Fatal("the no-generation toggle did nothing")
	}
	clickWidget(t, g, ctlPitStamp)
	c := g.Sim().Config()
	if !c.Pitfalls.TimestampMerge || c.Pitfalls.ClockSkew != DefaultSkewMs || g.State().TimeMs != 0 {
		t.Fatalf("the timestamp toggle: %+v at %d ms, want on with skew %d and a fresh run", c.Pitfalls, g.State().TimeMs, DefaultSkewMs)
	}
	if !c.Pitfalls.NoTombstone || !c.Pitfalls.NoGeneration {
		t.Fatal("the reset lost the other pitfalls")
	}
	for _, id := range []control{ctlPitNoTomb, ctlPitNoGen, ctlPitStamp} {
		clickWidget(t, g, id)
	}
	if p := g.Sim().Config().Pitfalls; p.NoTombstone || p.NoGeneration || p.TimestampMerge || g.State().Badge != "" {
		t.Fatalf("after switching all off: %+v, badge %q", p, g.State().Badge)
	}
	if err := g.SetPitfall("bogus", true); err == nil {
		t.Fatal("SetPitfall(bogus) accepted")
	}
	clickWidget(t, g, ctlPitHeader)
	if g.widgetByID(ctlPitNoTomb) != nil {
		t.Fatal("the pitfall section's title did not close it")
	}
	// A pitfall from the start opens the section.
	opts, _ := ParseParams(query(map[string]string{"pitfalls": "no_generation"}))
	g2, err := NewGame(opts)
	if err != nil {
		t.Fatal(err)
	}
	g2.Layout(1280, 720)
	if g2.widgetByID(ctlPitNoGen) == nil || g2.widgetByID(ctlBadge) == nil {
		t.Fatal("with a pitfall given at the start, the toggles or the badge are missing")
	}
}

// Under SWIM a crashed node is suspected after a failed probe and confirmed dead by every live
// node once the suspicion timeout has passed.
func TestSwimCrashIsConfirmed(t *testing.T) {
	g := newTestGame(t, 12, 1280, 720)
	if err := g.SetProtocol("swim"); err != nil {
		t.Fatal(err)
	}
	g.Apply(core.Command{Op: core.OpSet, Param: "loss", Value: 0})
	nd := g.State().Nodes[5]
	click(g, nd.X, nd.Y, false)
	if s := g.State().Nodes[5].Status; s != "crashed" {
		t.Fatalf("node 5 is %s after the click", s)
	}
	c := g.Sim().Config()
	g.AdvanceNow(c.Swim.SuspicionTimeout + 8*c.Period)
	if n := g.State().Nodes[5]; n.Alive != 0 || n.Suspect != 0 || n.Removed != 11 {
		t.Fatalf("seed %d: after %d ms node 5 is alive to %d, suspected by %d, removed by %d of 11",
			c.Seed, c.Swim.SuspicionTimeout+8*c.Period, n.Alive, n.Suspect, n.Removed)
	}
}

// The view follows SWIM's probes from the packets: at some moment some node has one open, and
// every open probe targets another node.
func TestSwimProbesAreTracked(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.SetProtocol("swim")
	seen := 0
	for k := 0; k < 400; k++ {
		g.AdvanceNow(5)
		for i := range g.cur.Snap.Nodes {
			if tgt, _, ok := g.openProbe(i, g.nowF()); ok {
				seen++
				if int(tgt) == i {
					t.Fatalf("node %d probes itself", i)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no open probe seen in 2 s of SWIM")
	}
	g.SetProtocol("heartbeat")
	g.AdvanceNow(2 * core.Second)
	for i := range g.cur.Snap.Nodes {
		if _, _, ok := g.openProbe(i, g.nowF()); ok {
			t.Fatalf("node %d has an open probe under the heartbeat protocol", i)
		}
	}
}

// SWIM's sliders take effect on Reset, as N does; the period cannot go below the ping timeout.
func TestSwimSliders(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.SetProtocol("swim")
	g.commitSlider(ctlK, 1, 0)
	g.commitSlider(ctlTSuspicion, 8000, 0)
	if c := g.Sim().Config(); c.Swim.K != 3 || c.Swim.SuspicionTimeout != 5000 {
		t.Fatalf("K / T suspicion changed before the reset: %+v", c.Swim)
	}
	if txt := g.sliderText(ctlK, 1, 0); !strings.Contains(txt, "(R)") {
		t.Fatalf("pending K shows %q, want a (R) mark", txt)
	}
	g.Reset()
	if c := g.Sim().Config(); c.Swim.K != 1 || c.Swim.SuspicionTimeout != 8000 || c.Protocol != core.ProtocolSwim {
		t.Fatalf("after the reset: %+v, protocol %q", c.Swim, c.Protocol)
	}
	g.commitSlider(ctlPeriod, 100, 0)
	if c := g.Sim().Config(); c.Period <= c.Swim.PingTimeout {
		t.Fatalf("period %d ≤ ping timeout %d", c.Period, c.Swim.PingTimeout)
	}
	for _, id := range []control{ctlK, ctlTSuspicion} {
		for _, x := range []float64{0, 0.5, 1} {
			v := g.sliderDenorm(id, x)
			if back := g.sliderDenorm(id, g.sliderNorm(id, v)); back != v {
				t.Errorf("slider %d: %g → %g → %g", id, x, v, back)
			}
		}
	}
}

func TestSwimSteadyUpdateAllocations(t *testing.T) {
	g := newTestGame(t, 256, 1280, 720)
	g.SetProtocol("swim")
	for i := 0; i < 300; i++ {
		g.Update()
	}
	allocs := testing.AllocsPerRun(200, func() { g.Update() })
	t.Logf("allocations per Update at N=256 under SWIM: %.2f", allocs)
	if allocs > 0.5 { // none in steady state: a regression of even one per frame shows as GC stutter
		t.Errorf("%.2f allocations per Update under SWIM, want about 0", allocs)
	}
}
