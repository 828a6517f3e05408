package session

import (
	"math"
	"strings"
	"testing"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/trace"
)

// traceOfSim records a simulated run as a supervisor records a real one: a frame every 100 ms
// with every node's list, and each message once it has landed or been lost. Node 3 crashes
// at 5 s.
func traceOfSim(t testing.TB, seed uint64, until core.Time) (trace.Trace, *core.Sim) {
	return traceOfSimN(t, 10, seed, until)
}

// traceOfSimN is traceOfSim with n nodes.
func traceOfSimN(t testing.TB, n int, seed uint64, until core.Time) (trace.Trace, *core.Sim) {
	t.Helper()
	cfg := core.DefaultConfig().SizedFor(n)
	cfg.Seed, cfg.StartConverged = seed, true
	sim, err := core.New(cfg)
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	tr := trace.Trace{Header: trace.Header{Format: trace.Format, Version: trace.Version, Config: cfg, Source: "processes"}}
	flying := map[uint64]core.Flight{}
	for now := core.Time(100); now <= until; now += 100 {
		sim.RunUntil(now)
		if now == 5*core.Second {
			sim.Apply(core.Command{Op: core.OpCrash, Node: 3})
		}
		snap := sim.Snapshot()
		fr := trace.Frame{TimeMs: int64(now)}
		for i, n := range snap.Nodes {
			fr.Nodes = append(fr.Nodes, trace.Node{ID: n.ID, Up: n.Status == core.StatusUp, Generation: n.Generation, List: snap.Views[i]})
		}
		in := map[uint64]bool{}
		for _, f := range snap.InFlight {
			flying[f.ID], in[f.ID] = f, true
		}
		for id, f := range flying {
			if !in[id] {
				m := trace.Msg{From: f.From, To: f.To, Kind: f.Kind, SentMs: int64(f.SentAt), ArriveMs: int64(f.ArriveAt), Bytes: f.Bytes, Entries: f.Entries}
				if f.Lost {
					m.Drop = core.DropLoss
				}
				fr.Messages = append(fr.Messages, m)
				delete(flying, id)
			}
		}
		tr.Frames = append(tr.Frames, fr)
	}
	return tr, sim
}

// fakeCluster takes a live feed's commands.
type fakeCluster struct{ got []core.Command }

func (c *fakeCluster) Command(cmd core.Command) error { c.got = append(c.got, cmd); return nil }

// A trace plays at the session's speed, pauses at its end, and shows there what the run was:
// every node's belief counts equal the simulator's at that moment. Scrubbing back shows again
// what playing forward showed.
func TestTracePlaysAndScrubsToTheRecordedState(t *testing.T) {
	const seed = 5
	tr, sim := traceOfSim(t, seed, 20*core.Second)
	s, rec := newSession(t, 8, seed)
	before := s.TraceHash()
	f, err := OpenTrace(tr, "run.jsonl")
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	s.OpenFeed(f, nil)
	if s.SourceKind() != KindTrace || rec.shown[len(rec.shown)-1] != true {
		t.Fatalf("seed %d: kind %s, shown %v", seed, s.SourceKind(), rec.shown)
	}
	fr := s.Refresh(lesson.UI{})
	if fr.Runs[0].Source.NumNodes() != 10 || fr.Runs[0].Snap.Time != 100 {
		t.Fatalf("seed %d: opened at %v with %d nodes", seed, fr.Runs[0].Snap.Time, fr.Runs[0].Source.NumNodes())
	}
	s.Advance(1000) // speed 1: one second of the recording
	fr = s.Refresh(lesson.UI{})
	if fr.Runs[0].Snap.Time != 1100 || len(fr.Runs[0].Snap.InFlight) == 0 {
		t.Fatalf("seed %d: after 1 s of play at %v with %d packets in flight", seed, fr.Runs[0].Snap.Time, len(fr.Runs[0].Snap.InFlight))
	}
	for range 40 {
		s.Advance(1000)
	}
	fr = s.Refresh(lesson.UI{})
	end := fr.Runs[0].Snap
	if end.Time != 20*core.Second || !s.Paused() {
		t.Fatalf("seed %d: played to %v, paused %v", seed, end.Time, s.Paused())
	}
	want := sim.Snapshot()
	for i, n := range end.Nodes {
		w := want.Nodes[i]
		if n.Status != w.Status || n.Alive != w.Alive || n.Suspect != w.Suspect || n.Removed != w.Removed || n.Heartbeat != w.Heartbeat {
			t.Errorf("seed %d: node %d at the end: trace %+v, simulator %+v", seed, i, n, w)
		}
	}
	if !strings.Contains(logLines(s), "node 3") {
		t.Errorf("seed %d: the log does not tell node 3's removal:\n%s", seed, logLines(s))
	}
	if err := s.SeekTo(8 * core.Second); err != nil {
		t.Fatal(err)
	}
	back := s.Refresh(lesson.UI{}).Runs[0].Snap
	s.SeekTo(0)
	s.Refresh(lesson.UI{})
	s.SeekTo(8 * core.Second)
	again := s.Refresh(lesson.UI{}).Runs[0].Snap
	for i := range back.Nodes {
		if back.Nodes[i] != again.Nodes[i] {
			t.Errorf("seed %d: node %d at 8 s: %+v scrubbing back, %+v scrubbing forward", seed, i, back.Nodes[i], again.Nodes[i])
		}
	}
	if !s.Paused() || s.TimelineState().AtMs != 8000 || !s.TimelineState().Available {
		t.Errorf("seed %d: after the scrub: paused %v, timeline %+v", seed, s.Paused(), s.TimelineState())
	}
	s.CloseFeed()
	if s.SourceKind() != KindSimulator || s.TraceHash() != before {
		t.Errorf("seed %d: closing the trace did not bring the simulator's run back as it was", seed)
	}
}

// A trace refuses what would change it, naming the source; a live cluster takes what a
// supervisor can do to processes, refuses the rest and cannot go back.
func TestWhatASourceRefuses(t *testing.T) {
	tr, _ := traceOfSim(t, 1, 3*core.Second)
	s, _ := newSession(t, 8, 1)
	f, err := OpenTrace(tr, "t")
	if err != nil {
		t.Fatal(err)
	}
	s.OpenFeed(f, nil)
	for name, err := range map[string]error{
		"reset":     s.Reset(),
		"crash":     s.Apply(core.Command{Op: core.OpCrash, Node: 1}),
		"protocol":  s.SetProtocol("swim"),
		"fanout":    s.SetFanout(4),
		"shareLink": func() error { _, err := s.ShareLink(); return err }(),
	} {
		if err == nil || !strings.Contains(err.Error(), "recorded trace") {
			t.Errorf("%s on a trace: %v", name, err)
		}
	}

	lf := NewFeed(tr.Header, "ws://127.0.0.1:1/live", true)
	ctl := &fakeCluster{}
	s.OpenFeed(lf, ctl)
	if err := s.Apply(core.Command{Op: core.OpCrash, Node: 2}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLoss(0.1); err != nil {
		t.Fatal(err)
	}
	if len(ctl.got) != 2 || ctl.got[0].Op != core.OpCrash || ctl.got[1].Param != "loss" || ctl.got[1].Value != 0.1 {
		t.Errorf("the cluster got %+v", ctl.got)
	}
	for name, err := range map[string]error{
		"fanout": s.SetFanout(4),
		"drop":   s.Apply(core.Command{Op: core.OpDrop, Msg: 1}),
		"reset":  s.Reset(),
	} {
		if err == nil || !strings.Contains(err.Error(), "live cluster") {
			t.Errorf("%s on a live cluster: %v", name, err)
		}
	}
	if err := s.SeekTo(0); err == nil || !strings.Contains(err.Error(), "cannot go back") {
		t.Errorf("seek on a live cluster: %v", err)
	}
	if err := s.SetLoss(1.5); err == nil || !strings.Contains(err.Error(), "[0, 1)") {
		t.Errorf("loss 1.5: %v", err)
	}
}

// A live feed follows its newest frame, LiveLag behind, in real time.
func TestLiveFeedFollowsItsNewestFrame(t *testing.T) {
	tr, _ := traceOfSim(t, 2, 4*core.Second)
	s, _ := newSession(t, 8, 2)
	lf := NewFeed(tr.Header, "live", true)
	s.OpenFeed(lf, &fakeCluster{})
	for _, fr := range tr.Frames[:20] { // up to 2 s
		if err := s.PushFrame(fr); err != nil {
			t.Fatal(err)
		}
	}
	s.Advance(16)
	if got := s.Refresh(lesson.UI{}).Runs[0].Snap.Time; got != 2000-LiveLag {
		t.Fatalf("shown at %v, want the newest frame − %d ms", got, LiveLag)
	}
	for _, fr := range tr.Frames[20:22] {
		s.PushFrame(fr)
	}
	s.Advance(100)
	if got := s.Refresh(lesson.UI{}).Runs[0].Snap.Time; got != 2000-LiveLag+100 {
		t.Fatalf("after 100 ms shown at %v, want %v", got, 2000-LiveLag+100)
	}
	if err := s.PushFrame(tr.Frames[0]); err == nil {
		t.Errorf("a frame back in time was taken")
	}
}

// A live feed left attached keeps at most MaxLiveFrames frames, and goes on showing the newest.
func TestLiveFeedForgetsItsOldestFrames(t *testing.T) {
	tr, _ := traceOfSim(t, 3, 2*core.Second)
	f := NewFeed(tr.Header, "live", true)
	for i := range MaxLiveFrames + 500 {
		fr := tr.Frames[i%len(tr.Frames)]
		fr.TimeMs = int64(100 * (i + 1))
		for j := range fr.Messages {
			fr.Messages[j].SentMs, fr.Messages[j].ArriveMs = fr.TimeMs-30, fr.TimeMs-10
		}
		if err := f.Push(fr); err != nil {
			t.Fatal(err)
		}
		f.SeekTo(core.Time(fr.TimeMs))
	}
	if n := len(f.Frames()); n > MaxLiveFrames || n < MaxLiveFrames*3/4 {
		t.Fatalf("kept %d frames, want at most %d and most of them", n, MaxLiveFrames)
	}
	if f.Start() <= 100 || f.End() != core.Time(100*(MaxLiveFrames+500)) {
		t.Fatalf("frames from %v to %v", f.Start(), f.End())
	}
	var snap core.Snapshot
	f.SnapshotInto(&snap, false)
	if len(snap.Nodes) != 10 || snap.Time != f.End() {
		t.Fatalf("the newest moment shows %d nodes at %v", len(snap.Nodes), snap.Time)
	}
	if m := f.msgs; len(m) == 0 || m[0].SentMs < int64(f.Start())-maxDrawnFlight {
		t.Errorf("messages older than the frames kept: first sent at %d, frames from %v", m[0].SentMs, f.Start())
	}
}

// A viewer that joins a live cluster late shows the loss of the moment, samples from when it
// joined (not a flat line back to 0 s), and no burst of "learns of" for what everyone knew
// already; a loss it sets shows at once and stays until the frames report it.
func TestLateJoinerAndTheLossItSets(t *testing.T) {
	tr, _ := traceOfSim(t, 4, 4*core.Second)
	s, _ := newSession(t, 8, 4)
	lf := NewFeed(tr.Header, "live", true)
	ctl := &fakeCluster{}
	s.OpenFeed(lf, ctl)
	for i, fr := range tr.Frames {
		fr.TimeMs += 600_000 // joined ten minutes in
		fr.Loss = 0.28
		if i >= 25 {
			fr.Loss = 0.1
		}
		s.PushFrame(fr)
		s.Advance(100)
		if i == 20 {
			fr := s.Refresh(lesson.UI{})
			if got := fr.Runs[0].Config.Loss; got != 0.28 {
				t.Fatalf("a late joiner shows loss %g, want the frames' 0.28", got)
			}
			for _, e := range fr.Runs[0].Events {
				if e.Kind == core.EvLearned {
					t.Fatalf("a late joiner hears that %d learns of %d at %v", e.Node, e.Peer, e.Time)
				}
			}
			if samp := fr.Runs[0].Snap.Metrics.Samples; len(samp) == 0 || samp[0].Time < 600_000 {
				t.Fatalf("samples start at %v, want from when it joined (600 s)", samp)
			}
			if err := s.SetLoss(0.1); err != nil {
				t.Fatal(err)
			}
			if got := s.Refresh(lesson.UI{}).Runs[0].Config.Loss; got != 0.1 {
				t.Fatalf("right after setting it the loss shows %g, want 0.1", got)
			}
		}
	}
	if got := s.Refresh(lesson.UI{}).Runs[0].Config.Loss; got != 0.1 || lf.pending != -1 {
		t.Errorf("once the frames report it: loss %g, pending %g", got, lf.pending)
	}
	if !strings.Contains(logLines(s), "loss set to 10 %") || strings.Contains(logLines(s), " 0.0 s  loss") {
		t.Errorf("the log:\n%s", logLines(s))
	}
}

// A live frame the lab must not draw (nodes out of order, a member out of range, a bad loss) is
// refused, naming what is wrong, and the feed goes on as it was.
func TestLiveFeedRefusesBadFrames(t *testing.T) {
	tr, _ := traceOfSim(t, 1, 1*core.Second)
	f := NewFeed(tr.Header, "live", true)
	if err := f.Push(tr.Frames[0]); err != nil {
		t.Fatal(err)
	}
	bad := tr.Frames[1]
	bad.Nodes = append([]trace.Node(nil), bad.Nodes...)
	bad.Nodes[0], bad.Nodes[1] = bad.Nodes[1], bad.Nodes[0]
	nan := tr.Frames[1]
	nan.Loss = math.NaN()
	huge := tr.Frames[1]
	huge.Nodes = []trace.Node{{ID: 0, Up: true, List: []core.Entry{{Member: 1 << 20}}}}
	for name, c := range map[string]struct {
		fr   trace.Frame
		want string
	}{"out of order": {bad, "nodes[0] is node 1"}, "NaN loss": {nan, "loss must be in [0, 1)"}, "huge member": {huge, "lists member 1048576"}} {
		if err := f.Push(c.fr); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	if len(f.Frames()) != 1 {
		t.Errorf("a refused frame was kept: %d frames", len(f.Frames()))
	}
}

// A message whose fate is known only after the moment shown passed its sending (a loss is
// judged a grace later) is still counted.
func TestLateMessagesAreCounted(t *testing.T) {
	tr, _ := traceOfSim(t, 6, 2*core.Second)
	f := NewFeed(tr.Header, "live", true)
	for i, fr := range tr.Frames {
		fr.Messages = nil
		if i == len(tr.Frames)-1 { // one message already shown, sent after the late one
			fr.Messages = []trace.Msg{{From: 1, To: 0, SentMs: 1900, ArriveMs: 1910}}
		}
		f.Push(fr)
	}
	f.SeekTo(f.End())
	late := trace.Frame{TimeMs: int64(f.End()) + 100, Nodes: tr.Frames[len(tr.Frames)-1].Nodes,
		Messages: []trace.Msg{{From: 0, To: 1, SentMs: 500, ArriveMs: 1500, Drop: core.DropLoss}}}
	if err := f.Push(late); err != nil {
		t.Fatal(err)
	}
	f.SeekTo(f.End())
	var snap core.Snapshot
	f.SnapshotInto(&snap, false)
	if got := snap.Metrics.Totals.Dropped[core.DropLoss]; got != 1 || snap.Metrics.Totals.Delivered != 1 {
		t.Errorf("a loss known late counted %d times, want 1", got)
	}
}
