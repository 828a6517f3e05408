package core

import (
	"math/rand/v2"
	"testing"
)

// checker follows a run step by step and fails the test at the first broken invariant
// (core.Invariants), naming the seed.
type checker struct {
	t  *testing.T
	s  *Sim
	iv *Invariants
}

func newChecker(t *testing.T, s *Sim) *checker { return &checker{t: t, s: s, iv: NewInvariants(s)} }

// check verifies the whole state and the events since the last check.
func (c *checker) check() {
	c.t.Helper()
	if v := c.iv.Check(c.s.AppendEvents(nil)); len(v) > 0 {
		c.t.Fatalf("seed %d: %v", c.s.cfg.Seed, v[0])
	}
}

// randomChurn applies one random command the way a restless student would.
func randomChurn(s *Sim, rng *rand.Rand) {
	n := NodeID(rng.IntN(len(s.nodes)))
	switch rng.IntN(9) {
	case 0, 1:
		_ = s.Apply(Command{Op: OpCrash, Node: n})
	case 2, 3:
		_ = s.Apply(Command{Op: OpRestart, Node: n})
	case 4:
		_ = s.Apply(Command{Op: OpLeave, Node: n})
	case 5:
		if len(s.nodes) < 40 {
			_ = s.Apply(Command{Op: OpAdd})
		}
	case 6:
		var g []NodeID
		for i := range s.nodes {
			if rng.IntN(2) == 0 {
				g = append(g, NodeID(i))
			}
		}
		_ = s.Apply(Command{Op: OpPartition, Groups: [][]NodeID{g}})
	case 7:
		_ = s.Apply(Command{Op: OpHeal})
	case 8:
		_ = s.Apply(Command{Op: OpSet, Param: "loss", Value: float64(rng.IntN(5)) / 10})
	}
}

func TestInvariantsUnderRandomChurn(t *testing.T) {
	for _, seed := range testSeeds[:6] {
		c := DefaultConfig()
		c.N, c.Seed = 20, seed
		c.LatencyMax = 400 * Millisecond
		s := mustSim(t, c)
		ck := newChecker(t, s)
		rng := rand.New(rand.NewPCG(seed, 99))
		nextCmd := Time(0)
		for s.NextEventTime() < 5*Minute {
			if s.NextEventTime() >= nextCmd {
				s.RunUntil(nextCmd)
				randomChurn(s, rng)
				nextCmd += Time(rng.IntN(8000))
			}
			s.Step()
			ck.check()
		}
	}
}

func TestDeterministicTraceHash(t *testing.T) {
	run := func(seed uint64) uint64 {
		c := DefaultConfig()
		c.N, c.Seed = 30, seed
		s := mustSim(t, c)
		rng := rand.New(rand.NewPCG(7, 7)) // the same commands for every seed
		for i := 0; i < 40; i++ {
			s.Advance(Time(rng.IntN(3000)))
			randomChurn(s, rng)
		}
		s.Advance(Minute)
		return s.TraceHash()
	}
	for _, seed := range testSeeds[:5] {
		a, b := run(seed), run(seed)
		if a != b {
			t.Fatalf("seed %d: two identical runs gave trace hashes %x and %x", seed, a, b)
		}
		if c := run(seed + 1000); c == a {
			t.Fatalf("seed %d and seed %d gave the same trace hash %x", seed, seed+1000, a)
		}
	}
}

// Two sims in one process must not interfere: interleaving their steps changes neither.
func TestSimsAreIndependent(t *testing.T) {
	c := DefaultConfig()
	alone := mustSim(t, c)
	alone.Advance(2 * Minute)
	a, b := mustSim(t, c), mustSim(t, c)
	for i := 0; i < 120; i++ {
		a.Advance(Second)
		b.Advance(Second)
	}
	if a.TraceHash() != alone.TraceHash() || b.TraceHash() != alone.TraceHash() {
		t.Fatalf("seed %d: interleaved sims gave %x and %x, alone %x", c.Seed, a.TraceHash(), b.TraceHash(), alone.TraceHash())
	}
}

// newChurnRand gives the churn commands of one moment of one run their own stream.
func newChurnRand(seed uint64, at Time) *rand.Rand { return rand.New(rand.NewPCG(seed, uint64(at))) }

// The checker can fail: a heartbeat set back by hand, and the no_tombstone bug's resurrection
// from stale gossip, are each reported with their rule.
func TestInvariantsCatchABrokenRun(t *testing.T) {
	c := DefaultConfig()
	s := mustSim(t, c)
	iv := NewInvariants(s)
	s.Advance(10 * Second)
	if v := iv.Check(s.AppendEvents(nil)); v != nil {
		t.Fatalf("seed %d: a correct run: %v", c.Seed, v)
	}
	e := &s.nodes[2].view[5]
	e.hb -= 3
	if v := iv.Check(s.AppendEvents(nil)); len(v) == 0 || v[0].Rule != "heartbeat_back" {
		t.Errorf("seed %d: a heartbeat set back by hand: %v", c.Seed, v)
	}

	c.Pitfalls.NoTombstone, c.N, c.Fanout, c.Loss = true, 10, 2, 0
	s = mustSim(t, c)
	iv = NewInvariants(s)
	found := false
	for s.Now() < 40*Second && !found {
		if s.Now() == 10*Second {
			mustApply(t, s, Command{Op: OpCrash, Node: 2})
		}
		s.Advance(Second)
		for _, v := range iv.Check(s.AppendEvents(nil)) {
			found = found || v.Rule == "resurrection"
		}
	}
	if !found {
		t.Errorf("seed %d: no_tombstone brought no resurrection to the checker's notice", c.Seed)
	}
}

// A long random-churn sweep under both membership protocols: crashes, restarts, leaves, joins,
// partitions and loss changes every few seconds for twenty minutes, checked every second.
func TestInvariantsLongChurnSweep(t *testing.T) {
	for _, proto := range []Protocol{ProtocolHeartbeat, ProtocolSwim} {
		for _, seed := range testSeeds[:10] {
			c := DefaultConfig()
			if proto == ProtocolSwim {
				c = swimConfig(24, seed)
			}
			c.N, c.Seed, c.Loss = 24, seed, 0.05
			c.LatencyMax = 300 * Millisecond
			s := mustSim(t, c)
			iv := NewInvariants(s)
			rng := rand.New(rand.NewPCG(seed, 1234))
			for s.Now() < 20*Minute {
				s.Advance(Second)
				if v := iv.Check(s.AppendEvents(nil)); v != nil {
					t.Fatalf("%s, seed %d: %v", proto, seed, v[0])
				}
				if rng.IntN(3) == 0 {
					randomChurn(s, rng)
				}
			}
		}
	}
}
