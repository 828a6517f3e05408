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
