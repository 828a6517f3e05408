package core

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// checker follows a run step by step and fails the test at the first broken invariant.
type checker struct {
	t    *testing.T
	s    *Sim
	seed uint64
	prev map[[2]NodeID]entry // (observer, member) → the entry at the previous step
	tomb map[[2]NodeID]entry // tombstones as they were made
	sent map[uint64]bool     // messages sent and not yet delivered or dropped
	left map[NodeID]Time     // when each node last left: its farewell is sent then
	life map[NodeID]uint16   // the observer generation prev was recorded in: a restart starts afresh
}

func newChecker(t *testing.T, s *Sim) *checker {
	return &checker{t: t, s: s, seed: s.cfg.Seed, prev: map[[2]NodeID]entry{}, tomb: map[[2]NodeID]entry{}, sent: map[uint64]bool{}, left: map[NodeID]Time{}, life: map[NodeID]uint16{}}
}

func (c *checker) fail(format string, a ...any) {
	c.t.Helper()
	c.t.Fatalf("seed %d, t=%v: %s", c.seed, c.s.Now(), fmt.Sprintf(format, a...))
}

// check verifies the whole state and the events since the last check.
func (c *checker) check() {
	c.t.Helper()
	s := c.s
	var want beliefs
	want.grow(len(s.nodes))
	for _, n := range s.nodes {
		self := n.view[n.id]
		if n.status == StatusUp {
			want.observe(n, +1)
			if self.state != Alive || self.gen != n.gen {
				c.fail("node %d's own entry is %+v, want alive at generation %d", n.id, self, n.gen)
			}
		}
		alive := 0
		newLife := c.life[n.id] != n.gen
		c.life[n.id] = n.gen
		for m, e := range n.view {
			key := [2]NodeID{n.id, NodeID(m)}
			if newLife {
				delete(c.prev, key)
			}
			if NodeID(m) != n.id && e.state == Alive {
				alive++
			}
			if p, ok := c.prev[key]; ok && n.status == StatusUp && e.state != Unknown && p.state != Unknown &&
				e.gen == p.gen && e.hb < p.hb && NodeID(m) != n.id {
				c.fail("node %d's heartbeat of node %d went back from %d to %d in generation %d", n.id, m, p.hb, e.hb, e.gen)
			}
			if e.gen < c.prev[key].gen && e.state != Unknown && c.prev[key].state != Unknown && NodeID(m) != n.id {
				c.fail("node %d's generation of node %d went back", n.id, m)
			}
			c.prev[key] = e
		}
		if alive != n.aliveCount {
			c.fail("node %d counts %d alive peers, its list has %d", n.id, n.aliveCount, alive)
		}
	}
	if want.live != s.beliefs.live {
		c.fail("%d live observers counted, %d up", s.beliefs.live, want.live)
	}
	for id := range want.counts {
		if want.counts[id] != s.beliefs.counts[id] {
			c.fail("belief counts of node %d are %v, a recount gives %v", id, s.beliefs.counts[id], want.counts[id])
		}
	}
	for _, e := range s.AppendEvents(nil) {
		key := [2]NodeID{e.Node, e.Peer}
		switch e.Kind {
		case EvLeft:
			c.left[e.Node] = e.Time
		case EvSent:
			if st := s.nodes[e.Node].status; st != StatusUp && !(st == StatusLeft && c.left[e.Node] == e.Time) {
				c.fail("%v — but node %d is %v", e, e.Node, st)
			}
			c.sent[e.Msg] = true
		case EvDelivered, EvDropped:
			if !c.sent[e.Msg] {
				c.fail("%v — a message not in flight", e)
			}
			delete(c.sent, e.Msg)
		case EvRemoved:
			c.tomb[key] = entry{gen: e.Generation, hb: e.Heartbeat}
		case EvReadded:
			tb := c.tomb[key]
			if !newer(e.Generation, e.Heartbeat, tb.gen, tb.hb) {
				c.fail("%v — not newer than its tombstone (generation %d, heartbeat %d)", e, tb.gen, tb.hb)
			}
		}
	}
	if len(c.sent) != s.flight.count {
		c.fail("%d messages unaccounted for, %d in flight", len(c.sent), s.flight.count)
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
