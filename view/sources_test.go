package view

import (
	"strings"
	"testing"

	"gossiplab/core"
	"gossiplab/trace"
)

// traceOf records a small simulated run as a trace (a frame every 100 ms).
func traceOf(t *testing.T, n int, until core.Time) trace.Trace {
	t.Helper()
	cfg := core.DefaultConfig().SizedFor(n)
	sim, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr := trace.Trace{Header: trace.Header{Format: trace.Format, Version: trace.Version, Config: cfg, Source: "processes"}}
	for now := core.Time(100); now <= until; now += 100 {
		sim.RunUntil(now)
		snap := sim.Snapshot()
		fr := trace.Frame{TimeMs: int64(now)}
		for i, nd := range snap.Nodes {
			fr.Nodes = append(fr.Nodes, trace.Node{ID: nd.ID, Up: nd.Status == core.StatusUp, Generation: nd.Generation, List: snap.Views[i]})
		}
		tr.Frames = append(tr.Frames, fr)
	}
	return tr
}

// A trace takes play, pause, step, speed and the timeline; everything that would change the
// run stays on screen, muted, and says why — in its tooltip, to a click or a key, and to the
// API. Closing the trace gives every control back.
func TestTraceMutesWhatWouldChangeIt(t *testing.T) {
	g := newTestGame(t, 8, 1280, 800)
	if err := g.OpenTrace(traceOf(t, 6, 3*core.Second), "run.jsonl"); err != nil {
		t.Fatal(err)
	}
	g.sync()
	for _, id := range []control{ctlPlay, ctlStep, ctlSpeed, ctlMatrix, ctlHelp, ctlSaveTrace, ctlSource} {
		if off := g.controlOff(id); off != "" {
			t.Errorf("%s is off on a trace: %s", controlNames[id], off)
		}
	}
	for _, id := range []control{ctlReset, ctlAdd, ctlProtoSwim, ctlLoss, ctlFanout, ctlN, ctlCompare} {
		if off := g.controlOff(id); !strings.Contains(off, "recorded trace") {
			t.Errorf("%s on a trace: %q, want why", controlNames[id], off)
		}
	}
	if w := g.widgetByID(ctlReset); w == nil {
		t.Fatal("the reset button is not on screen on a trace")
	} else {
		g.hover = hoverInfo{kind: hoverWidget, w: w}
		if tip := g.tooltip(); !strings.Contains(tip, "recorded trace") {
			t.Errorf("reset's tooltip on a trace: %q", tip)
		}
	}
	if err := g.DoAction("reset"); err == nil || !strings.Contains(err.Error(), "reset: A recorded trace is played") {
		t.Errorf("reset through the API: %v", err)
	}
	if err := g.DoAction("crash", "2"); err == nil {
		t.Errorf("a crash was taken by a trace")
	}
	if err := g.DoAction("step"); err != nil {
		t.Errorf("step on a trace: %v", err)
	}
	if st := g.State(); st.Source.Kind != "trace" || st.Source.Nodes != 6 || st.Nodes[0].Status != "up" {
		t.Errorf("state: source %+v, %d nodes", st.Source, len(st.Nodes))
	}
	g.CloseSource()
	g.sync()
	if off := g.controlOff(ctlReset); off != "" || g.State().Source.Kind != "simulator" || len(g.State().Nodes) != 8 {
		t.Errorf("after closing: reset off %q, source %+v", off, g.State().Source)
	}
}

// A trace without frames, or one that is not a trace, opens nothing and says why.
func TestBadTracesOpenNothing(t *testing.T) {
	g := newTestGame(t, 8, 1280, 800)
	empty := traceOf(t, 4, 0)
	if err := g.OpenTrace(empty, "empty.jsonl"); err == nil || !strings.Contains(err.Error(), "no frames") {
		t.Errorf("a trace without frames: %v", err)
	}
	if err := g.OpenTraceText(`{"format":"gossiplab-trace","version":7}`, "v7.jsonl"); err == nil || !strings.Contains(err.Error(), "v7.jsonl: trace line 1: format version 7") {
		t.Errorf("another version: %v", err)
	}
	if g.run.Feed() != nil || g.State().Source.Kind != "simulator" {
		t.Errorf("a bad trace replaced the simulator")
	}
}
