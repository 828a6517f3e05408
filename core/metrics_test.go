package core

import (
	"math"
	"testing"
)

// With no loss and no crash every node sends M lists of N entries each period, so the load per
// node is M/X messages and M/X·(header + N·entry) bytes per second.
func TestLoadMatchesTheMessageModel(t *testing.T) {
	for _, n := range []int{8, 40} {
		c := DefaultConfig()
		c.N, c.Loss, c.Fanout, c.Period, c.Seed = n, 0, 2, 500*Millisecond, uint64(n)
		s := mustSim(t, c)
		s.Advance(20 * Second)
		got := s.Current()
		wantMsgs := float64(c.Fanout) / c.Period.Seconds()
		wantBytes := wantMsgs * float64(c.HeaderBytes+c.EntryBytes*n)
		if math.Abs(got.MsgsPerNodePerSec-wantMsgs) > 0.05*wantMsgs {
			t.Errorf("seed %d, N=%d: %.3f msgs/node/s, want %.3f", c.Seed, n, got.MsgsPerNodePerSec, wantMsgs)
		}
		if math.Abs(got.BytesPerNodePerSec-wantBytes) > 0.05*wantBytes {
			t.Errorf("seed %d, N=%d: %.1f bytes/node/s, want %.1f", c.Seed, n, got.BytesPerNodePerSec, wantBytes)
		}
		if got.Convergence != 1 || got.FalsePositives != 0 {
			t.Errorf("seed %d, N=%d: convergence %.3f, false positives %d in a calm cluster", c.Seed, n, got.Convergence, got.FalsePositives)
		}
	}
}

func TestConvergenceAndDetectionAfterACrash(t *testing.T) {
	c := DefaultConfig()
	c.Loss = 0
	s := mustSim(t, c)
	s.Advance(10 * Second)
	mustApply(t, s, Command{Op: OpCrash, Node: 6})
	// Right after the crash all 15 live nodes wrongly believe node 6 alive: 15 wrong of
	// 15·14 pairs about the live nodes plus 15 about node 6.
	if got, want := s.Current().Convergence, 1-15.0/(15*14+15); math.Abs(got-want) > 1e-9 {
		t.Fatalf("seed %d: convergence %.4f right after the crash, want %.4f", c.Seed, got, want)
	}
	s.Advance(c.TRemove + c.Period + disseminationBound(c, c.N))
	d := s.Detections()[0]
	if !(d.FirstSuspect >= d.CrashedAt && d.FirstSuspect <= d.AllSuspect && d.AllSuspect <= d.AllRemoved) {
		t.Fatalf("seed %d: detection times out of order: %+v", c.Seed, d)
	}
	if d.Delay(d.AllSuspect)-d.Delay(d.FirstSuspect) > disseminationBound(c, c.N) {
		t.Fatalf("seed %d: suspicion took %v to spread from first to all", c.Seed, d.AllSuspect-d.FirstSuspect)
	}
	if got := s.Current().Convergence; got != 1 {
		t.Fatalf("seed %d: convergence %.4f once everyone removed node 6, want 1", c.Seed, got)
	}
	samples := s.Samples()
	dipped := false
	for _, sm := range samples {
		if sm.Convergence < 1 {
			dipped = true
		}
	}
	if !dipped || len(samples) < 40 {
		t.Fatalf("seed %d: %d samples, dip seen %v", c.Seed, len(samples), dipped)
	}
}

// T_suspect below the dissemination time makes the detector cry wolf, and the false-alarm
// counters must see it.
func TestFalsePositivesCounted(t *testing.T) {
	c := DefaultConfig()
	c.N, c.Loss, c.TSuspect, c.TRemove, c.TTombstone = 32, 0.3, 2*Second, 4*Second, 12*Second
	s := mustSim(t, c)
	s.Advance(2 * Minute)
	tot := s.Totals()
	if tot.FalseSuspicions == 0 || tot.FalseSuspicions != tot.Suspicions || tot.FalseRemovals == 0 {
		t.Fatalf("seed %d: %+v; with no crash every suspicion is false and some should happen", c.Seed, tot)
	}
	if tot.Dropped[DropLoss] == 0 {
		t.Fatalf("seed %d: no message lost at 30%% loss", c.Seed)
	}
	lossRate := float64(tot.Dropped[DropLoss]) / float64(tot.MsgsSent)
	if math.Abs(lossRate-0.3) > 0.03 {
		t.Fatalf("seed %d: measured loss %.3f, configured 0.3", c.Seed, lossRate)
	}
}

func TestManualDrop(t *testing.T) {
	c := DefaultConfig()
	c.LatencyMin, c.LatencyMax = 200, 200
	s := mustSim(t, c)
	for len(s.Snapshot().InFlight) == 0 {
		s.Step()
	}
	f := s.Snapshot().InFlight[0]
	mustApply(t, s, Command{Op: OpDrop, Msg: f.ID})
	s.Advance(Second)
	var dropped, delivered bool
	for _, e := range s.Events() {
		if e.Msg == f.ID {
			dropped = dropped || (e.Kind == EvDropped && e.Reason == DropUser)
			delivered = delivered || e.Kind == EvDelivered
		}
	}
	if !dropped || delivered {
		t.Fatalf("seed %d: message %d dropped by hand: dropped event %v, delivered anyway %v", c.Seed, f.ID, dropped, delivered)
	}
}

// The sampled message rate covers a whole period, so it does not swing with the phases of the
// nodes' ticks (sampled over half a period it alternated between about 1/3 and 2/3 of the truth).
func TestSampledRateIsSteady(t *testing.T) {
	for _, seed := range testSeeds[:10] {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 12, 0, seed
		s := mustSim(t, c)
		s.Advance(20 * Second)
		want := float64(c.Fanout) / c.Period.Seconds()
		for _, sm := range s.Samples() {
			if sm.Time < 5*Second {
				continue
			}
			if math.Abs(sm.MsgsPerNodePerSec-want) > 0.1*want {
				t.Fatalf("seed %d: at %v the sampled rate is %.2f msgs/node/s, want %.2f ± 10%%", seed, sm.Time, sm.MsgsPerNodePerSec, want)
			}
		}
	}
}
