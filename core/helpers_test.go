package core

import (
	"math"
	"testing"
)

// testSeeds are the seeds scenario tests sweep; every failure message names the seed.
var testSeeds = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}

func mustSim(t testing.TB, c Config) *Sim {
	t.Helper()
	s, err := New(c)
	if err != nil {
		t.Fatalf("seed %d: New: %v", c.Seed, err)
	}
	return s
}

func mustApply(t testing.TB, s *Sim, cmd Command) {
	t.Helper()
	if err := s.Apply(cmd); err != nil {
		t.Fatalf("seed %d: Apply(%+v) at %v: %v", s.cfg.Seed, cmd, s.Now(), err)
	}
}

// disseminationBound is a generous bound on the time one heartbeat value takes to reach every
// node: Pittel's push time log2 N + ln N rounds, plus 2 rounds of slack, each round costing at
// most one period (waiting for the next tick) plus the largest latency. Tests assume loss 0.
func disseminationBound(c Config, n int) Time {
	rounds := math.Ceil(math.Log2(float64(n))+math.Log(float64(n))) + 2
	return Time(rounds) * (c.Period + c.LatencyMax)
}

// cheapToRun reports whether a fuzzed run can be run inside one fuzz iteration: few nodes, a
// short run, and at most about five million entry merges (N lists of N entries to M peers,
// d / X times: N=64 with M=63 every 50 ms for 20 s took 1.9 s; SWIM's K counts like M), and no command that could
// undo that (set may shrink the period, add grows N). A slower input makes the fuzzer miss its
// deadline and fail.
func cheapToRun(c Config, d Time, cmds []TimedCommand) bool {
	if c.N > 64 || d > 20*Second || c.Period < 50 {
		return false
	}
	fan := max(c.Fanout, c.Swim.K+1) // SWIM: a probe and up to K ping-reqs per period (K=62 at 50 % loss: 2.8 s)
	if merges := float64(c.N) * float64(c.N) * float64(fan) * float64(d) / float64(c.Period); merges > 5e6 {
		return false
	}
	for _, cmd := range cmds {
		if cmd.Op == OpSet || cmd.Op == OpAdd {
			return false
		}
	}
	return true
}
