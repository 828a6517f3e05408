package experiment

import (
	"math"
	"testing"

	"gossiplab/core"
)

func crashScenario(n int, seed uint64) core.Scenario {
	c := core.DefaultConfig()
	c.N, c.Loss, c.Seed = n, 0.01, seed
	return core.Scenario{Config: c, Duration: 60 * core.Second, Commands: []core.TimedCommand{
		{At: 15 * core.Second, Command: core.Command{Op: core.OpCrash, Node: 5}},
		{At: 15 * core.Second, Command: core.Command{Op: core.OpCrash, Node: 9}},
	}}
}

// The same scenario under both protocols: SWIM detects first within a few periods where the
// heartbeat detector waits T_suspect, and SWIM's load per node stays flat as N grows while
// full-list gossip's bytes grow with N.
func TestCompareHeartbeatAndSwim(t *testing.T) {
	const seed = 11
	bytes := map[core.Protocol][2]float64{}
	for i, n := range []int{16, 64} {
		cmp, err := Compare(crashScenario(n, seed), core.Protocols, 3)
		if err != nil {
			t.Fatal(err)
		}
		hb, sw := cmp[0], cmp[1]
		if hb.Protocol != core.ProtocolHeartbeat || sw.Protocol != core.ProtocolSwim || len(hb.Runs) != 3 {
			t.Fatalf("seed %d: comparison out of order: %+v", seed, cmp)
		}
		for _, pc := range cmp {
			for r, run := range pc.Runs {
				if run.Crashes != 2 || run.Undetected != 0 {
					t.Fatalf("seed %d, %s run %d, N=%d: %d crashes, %d undetected", seed, pc.Protocol, r, n, run.Crashes, run.Undetected)
				}
			}
			b := bytes[pc.Protocol]
			b[i] = CI95(field(pc.Runs, func(r RunStats) float64 { return r.BytesPerNodeSec })).Mean
			bytes[pc.Protocol] = b
		}
		hbFirst := CI95(field(hb.Runs, func(r RunStats) float64 { return r.FirstSuspectMs })).Mean
		swFirst := CI95(field(sw.Runs, func(r RunStats) float64 { return r.FirstSuspectMs })).Mean
		if !(swFirst < hbFirst) || hbFirst < float64(core.DefaultConfig().TSuspect)-1000 {
			t.Fatalf("seed %d, N=%d: first suspicion SWIM %.0f ms vs heartbeat %.0f ms", seed, n, swFirst, hbFirst)
		}
	}
	if g := bytes[core.ProtocolSwim][1] / bytes[core.ProtocolSwim][0]; g > 1.5 {
		t.Errorf("seed %d: SWIM's bytes per node grew %.2f× from N=16 to 64", seed, g)
	}
	if g := bytes[core.ProtocolHeartbeat][1] / bytes[core.ProtocolHeartbeat][0]; g < 3 {
		t.Errorf("seed %d: heartbeat's bytes per node grew only %.2f× from N=16 to 64 (full lists: ~4×)", seed, g)
	}
}

func field(runs []RunStats, f func(RunStats) float64) []float64 {
	out := make([]float64, len(runs))
	for i, r := range runs {
		out[i] = f(r)
	}
	return out
}

func TestCI95(t *testing.T) {
	iv := CI95([]float64{1, 2, 3, 4, math.NaN()})
	// mean 2.5, sd 1.2910, t(3) = 3.182: half = 3.182·1.2910/2 = 2.054
	if iv.Count != 4 || iv.Mean != 2.5 || math.Abs(iv.Half-2.054) > 0.001 {
		t.Fatalf("CI95 = %+v, want mean 2.5 ± 2.054 over 4", iv)
	}
	if !math.IsNaN(CI95([]float64{7}).Half) {
		t.Fatalf("one value has no interval")
	}
	if got := tQuantile975(40); math.Abs(got-2.021) > 0.005 {
		t.Fatalf("t(40) = %.4f, want 2.021", got)
	}
}
