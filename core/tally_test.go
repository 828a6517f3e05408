package core

import (
	"math"
	"testing"
)

// reportsOf is the simulator's nodes as a real cluster would report them.
func reportsOf(snap Snapshot) []Reported {
	out := make([]Reported, len(snap.Nodes))
	for i, n := range snap.Nodes {
		out[i] = Reported{ID: n.ID, Status: n.Status, Generation: n.Generation, List: snap.Views[i]}
	}
	return out
}

// Reports read every 50 ms from the simulator give the simulator's own samples, belief side
// exactly (a sample is taken from the reports of its moment), and its detections within one
// report interval: the tally computes what Sim computes.
func TestTallyOfReportsMatchesTheSimulator(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		for _, proto := range []Protocol{ProtocolHeartbeat, ProtocolSwim} {
			cfg := DefaultConfig().SizedFor(12)
			cfg.Seed, cfg.Protocol, cfg.Loss = seed, proto, 0.05
			sim := mustSim(t, cfg)
			tl := NewTally(sim.Config())
			var events []Event
			for now := Time(0); now <= 40*Second; now += 50 {
				sim.RunUntil(now)
				if now == 5*Second+50 {
					sim.Apply(Command{Op: OpCrash, Node: 4})
				}
				if now == 25*Second+50 {
					sim.Apply(Command{Op: OpRestart, Node: 4})
				}
				events = tl.Observe(now, reportsOf(sim.Snapshot()), events)
			}
			want, got := sim.Samples(), tl.Samples()
			if len(got) == 0 {
				t.Fatalf("seed %d %s: no samples", seed, proto)
			}
			byTime := map[Time]Sample{}
			for _, s := range want {
				byTime[s.Time] = s
			}
			for _, g := range got {
				w, ok := byTime[g.Time]
				if !ok {
					continue
				}
				if g.Up != w.Up || g.Crashed != w.Crashed || g.Suspected != w.Suspected || g.Removed != w.Removed ||
					g.FalsePositives != w.FalsePositives || g.UnknownUp != w.UnknownUp || math.Abs(g.Convergence-w.Convergence) > 1e-12 {
					t.Fatalf("seed %d %s at %v: tally %+v, simulator %+v", seed, proto, g.Time, g, w)
				}
			}
			sd, td := sim.Detections(), tl.Detections()
			if len(sd) != 1 || len(td) != 1 {
				t.Fatalf("seed %d %s: detections: tally %+v, simulator %+v", seed, proto, td, sd)
			}
			for _, st := range [][2]Time{{td[0].FirstSuspect, sd[0].FirstSuspect}, {td[0].AllSuspect, sd[0].AllSuspect}, {td[0].AllRemoved, sd[0].AllRemoved}} {
				if st[1] < 0 || st[0] < st[1] || st[0] > st[1]+50 {
					t.Errorf("seed %d %s: a stage at %v in the tally, %v in the simulator (want within 50 ms after)", seed, proto, st[0], st[1])
				}
			}
			kinds := map[EventKind]int{}
			for _, e := range events {
				kinds[e.Kind]++
			}
			if kinds[EvCrashed] != 1 || kinds[EvRestarted] != 1 || kinds[EvRemoved] < 11 {
				t.Errorf("seed %d %s: events %v", seed, proto, kinds)
			}
		}
	}
}

// A departure is told as one and opens no crash detection; a restart seen only as a new
// generation between two reports is a crash and a restart; a restart closes the detection.
func TestTallyDeparturesAndRestartsBetweenReports(t *testing.T) {
	cfg := DefaultConfig().SizedFor(3)
	tl := NewTally(cfg)
	list := func(states ...State) []Entry {
		var l []Entry
		for i, s := range states {
			if s != Unknown {
				l = append(l, Entry{Member: NodeID(i), State: s})
			}
		}
		return l
	}
	up := func(id NodeID, gen uint16, l []Entry) Reported {
		return Reported{ID: id, Status: StatusUp, Generation: gen, List: l}
	}
	tl.Observe(100, []Reported{up(0, 0, list(Alive, Alive, Alive)), up(1, 0, list(Alive, Alive, Alive)), up(2, 0, list(Alive, Alive, Alive))}, nil)
	ev := tl.Observe(200, []Reported{up(0, 0, list(Alive, Alive, Left)), up(1, 0, list(Alive, Alive, Left)),
		{ID: 2, Status: StatusLeft, List: list(Alive, Alive, Left)}}, nil)
	kinds := map[EventKind]int{}
	for _, e := range ev {
		kinds[e.Kind]++
	}
	if kinds[EvLeft] != 1 || kinds[EvSawLeft] != 2 || len(tl.Detections()) != 0 {
		t.Fatalf("a departure: events %v, detections %+v", kinds, tl.Detections())
	}
	ev = tl.Observe(300, []Reported{up(0, 0, list(Alive, Alive, Left)), up(1, 1, list(Alive, Alive)), {ID: 2, Status: StatusLeft}}, nil)
	kinds = map[EventKind]int{}
	for _, e := range ev {
		kinds[e.Kind]++
	}
	d := tl.Detections()
	if kinds[EvCrashed] != 1 || kinds[EvRestarted] != 1 || len(d) != 1 || d[0].Node != 1 || d[0].Open {
		t.Fatalf("a restart between reports: events %v, detections %+v", kinds, d)
	}
	if s := tl.Current(300); s.Up != 2 || s.Left != 1 || s.Crashed != 0 {
		t.Errorf("after it: %+v", s)
	}
}

// Reports far apart in time (a trace with a gap, a clock that jumped) cost a bounded number of
// samples, not one per sample interval of the gap.
func TestTallyAcrossALongGapIsBounded(t *testing.T) {
	tl := NewTally(DefaultConfig().SizedFor(2))
	r := []Reported{{ID: 0, Status: StatusUp, List: []Entry{{Member: 0, State: Alive}}}}
	tl.Observe(0, r, nil)
	tl.Observe(1<<50, r, nil) // would be 2^50/500 samples, one per interval
	if n := len(tl.Samples()); n > MaxTallySamples+2 {
		t.Fatalf("%d samples across the gap", n)
	}
}
