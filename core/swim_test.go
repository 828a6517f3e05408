package core

import (
	"math"
	"strings"
	"testing"
)

func swimConfig(n int, seed uint64) Config {
	c := DefaultConfig()
	c.Protocol, c.N, c.Seed, c.Loss = ProtocolSwim, n, seed, 0
	return c
}

func TestSwimMergePrecedence(t *testing.T) {
	const now = 900
	at := func(st State, gen uint16, inc uint32) entry { return entry{gen: gen, hb: inc, state: st, updated: 5} }
	in := func(st State, gen uint16, inc uint32) wireEntry { return wireEntry{gen: gen, hb: inc, state: st} }
	took := func(w wireEntry) entry { return entry{gen: w.gen, hb: w.hb, state: w.state, updated: now} }
	tests := []struct {
		name  string
		local entry
		in    wireEntry
		takes bool
	}{
		{"unknown member learned", entry{}, in(Alive, 0, 0), true},
		{"Alive(i) beats Alive(j) for i > j", at(Alive, 0, 1), in(Alive, 0, 2), true},
		{"Alive(i) loses to Alive(i)", at(Alive, 0, 2), in(Alive, 0, 2), false},
		{"Suspect(i) beats Alive(i)", at(Alive, 0, 2), in(Suspect, 0, 2), true},
		{"Suspect(i) loses to Alive(i+1)", at(Alive, 0, 3), in(Suspect, 0, 2), false},
		{"Alive(i+1) refutes Suspect(i)", at(Suspect, 0, 2), in(Alive, 0, 3), true},
		{"Alive(i) does not refute Suspect(i)", at(Suspect, 0, 2), in(Alive, 0, 2), false},
		{"Suspect(i+1) beats Suspect(i)", at(Suspect, 0, 2), in(Suspect, 0, 3), true},
		{"Dead(i) beats Suspect(i)", at(Suspect, 0, 2), in(Removed, 0, 2), true},
		{"Dead(i) beats Alive(i)", at(Alive, 0, 2), in(Removed, 0, 2), true},
		{"Dead(i) loses to Alive(i+1)", at(Alive, 0, 3), in(Removed, 0, 2), false},
		{"stale Suspect ignored by the dead", at(Removed, 0, 2), in(Suspect, 0, 2), false},
		{"stale Alive ignored by the dead", at(Removed, 0, 2), in(Alive, 0, 2), false},
		{"refuted death: Alive(i+1) beats Dead(i)", at(Removed, 0, 2), in(Alive, 0, 3), true},
		{"a new generation beats everything", at(Removed, 0, 9), in(Alive, 1, 0), true},
		{"an old generation loses to anything", at(Alive, 2, 0), in(Removed, 1, 9), false},
		{"left stays left in its generation", at(Left, 0, 3), in(Alive, 0, 7), false},
	}
	for _, tt := range tests {
		want := tt.local
		if tt.takes {
			want = took(tt.in)
		}
		if got := swimMerge(tt.local, tt.in, now); got != want {
			t.Errorf("%s: swimMerge(%+v, %+v) = %+v, want %+v", tt.name, tt.local, tt.in, got, want)
		}
	}
}

// A crash is detected by some prober within a few periods, suspected by all through the
// piggybacked updates, and confirmed after the suspicion timeout.
func TestSwimDetectsAndConfirmsACrash(t *testing.T) {
	for _, seed := range testSeeds[:10] {
		c := swimConfig(24, seed)
		s := mustSim(t, c)
		s.Advance(15 * Second)
		mustApply(t, s, Command{Op: OpCrash, Node: 7})
		s.Advance(c.Swim.SuspicionTimeout + 10*c.Period)
		d := s.Detections()[0]
		if d.FirstSuspect < 0 || d.Delay(d.FirstSuspect) > 6*c.Period {
			t.Fatalf("seed %d: first suspicion after %v; SWIM's expected first probe is 1.6 periods", seed, d.Delay(d.FirstSuspect))
		}
		if d.AllRemoved < 0 {
			t.Fatalf("seed %d: not confirmed dead by everyone within T_suspicion + 10 periods: %+v", seed, d)
		}
		if s.Totals().FalseSuspicions != 0 {
			t.Fatalf("seed %d: %d false suspicions at 0%% loss", seed, s.Totals().FalseSuspicions)
		}
		if got := s.Current().Convergence; got != 1 {
			t.Fatalf("seed %d: convergence %.3f after the crash was confirmed", seed, got)
		}
	}
}

// A live member that was suspected refutes by raising its incarnation, and everyone takes
// it back before the suspicion timeout confirms it.
func TestSwimRefutesASuspicion(t *testing.T) {
	for _, seed := range testSeeds[:10] {
		c := swimConfig(16, seed)
		c.Swim.SuspicionTimeout = 6 * Second
		s := mustSim(t, c)
		s.Advance(5 * Second)
		mustApply(t, s, Command{Op: OpSet, Param: "node_loss", Node: 4, Value: 0.9}) // a straggler
		for s.beliefs.of(4, Suspect) == 0 && s.Now() < Minute {
			s.Advance(100)
		}
		mustApply(t, s, Command{Op: OpSet, Param: "node_loss", Node: 4, Value: 0})
		s.Advance(c.Swim.SuspicionTimeout + 2*c.Period)
		refuted, inc := false, s.Belief(4, 4).Heartbeat
		for _, e := range s.Events() {
			if e.Kind == EvUnsuspected && e.Peer == 4 && e.Heartbeat >= 1 {
				refuted = true
			}
			if e.Kind == EvRemoved && e.Peer == 4 {
				t.Fatalf("seed %d: %v — the refutation should have beaten the suspicion timeout", seed, e)
			}
		}
		if !refuted || inc == 0 {
			t.Fatalf("seed %d: suspicions %d, refuted %v, node 4's incarnation %d; want a refutation at a raised incarnation",
				seed, s.Totals().Suspicions, refuted, inc)
		}
		for obs := NodeID(0); obs < 16; obs++ {
			if b := s.Belief(obs, 4); b.State != Alive || b.Heartbeat != inc {
				t.Fatalf("seed %d: node %d holds node 4 as %v at incarnation %d, want alive at %d", seed, obs, b.State, b.Heartbeat, inc)
			}
		}
	}
}

// SWIM's load per member does not grow with N: a ping and an ack per period without loss,
// while heartbeat gossip's bytes grow with the list.
func TestSwimLoadIsFlatInN(t *testing.T) {
	var perNode [2]float64
	for i, n := range []int{16, 128} {
		c := swimConfig(n, uint64(n))
		s := mustSim(t, c)
		s.Advance(30 * Second)
		got := s.Current().MsgsPerNodePerSec
		if math.Abs(got-2) > 0.1 {
			t.Fatalf("seed %d, N=%d: %.2f msgs per member per second, want 2 (ping + ack)", c.Seed, n, got)
		}
		perNode[i] = s.Current().BytesPerNodePerSec
	}
	if perNode[1] > 1.5*perNode[0] {
		t.Fatalf("bytes per member grew from %.0f to %.0f B/s between N=16 and N=128", perNode[0], perNode[1])
	}
}

// Joins, leaves, restarts and partitions under SWIM end converged.
func TestSwimChurnConverges(t *testing.T) {
	for _, seed := range testSeeds[:6] {
		c := swimConfig(20, seed)
		s := mustSim(t, c)
		s.Advance(5 * Second)
		mustApply(t, s, Command{Op: OpAdd})
		mustApply(t, s, Command{Op: OpLeave, Node: 3})
		mustApply(t, s, Command{Op: OpCrash, Node: 8})
		mustApply(t, s, Command{Op: OpPartition, Groups: [][]NodeID{{0, 1, 2, 4, 5, 6, 7, 9, 10}}})
		s.Advance(20 * Second)
		mustApply(t, s, Command{Op: OpHeal})
		mustApply(t, s, Command{Op: OpRestart, Node: 8})
		s.Advance(Minute)
		if got := s.Current().Convergence; got != 1 {
			t.Fatalf("seed %d: convergence %.3f a minute after heal and restart", seed, got)
		}
	}
}

func TestSwimInvariantsAndDeterminism(t *testing.T) {
	for _, seed := range testSeeds[:4] {
		c := swimConfig(20, seed)
		c.Loss, c.LatencyMax = 0.05, 200*Millisecond
		s := mustSim(t, c)
		ck := newChecker(t, s)
		for s.NextEventTime() < 2*Minute {
			if s.Now()/(7*Second) != s.NextEventTime()/(7*Second) {
				s.RunUntil(s.NextEventTime())
				randomChurn(s, newChurnRand(seed, s.Now()))
			}
			s.Step()
			ck.check()
		}
		again := mustSim(t, c)
		for again.NextEventTime() < 2*Minute {
			if again.Now()/(7*Second) != again.NextEventTime()/(7*Second) {
				again.RunUntil(again.NextEventTime())
				randomChurn(again, newChurnRand(seed, again.Now()))
			}
			again.Step()
		}
		if again.TraceHash() != s.TraceHash() {
			t.Fatalf("seed %d: two identical SWIM runs gave different trace hashes", seed)
		}
	}
}

// SWIM's parameters change at run time like the others; a bad value is refused with its range.
func TestSwimSetParams(t *testing.T) {
	c := swimConfig(16, 1)
	s := mustSim(t, c)
	mustApply(t, s, Command{Op: OpSet, Param: "swim_k", Value: 5})
	mustApply(t, s, Command{Op: OpSet, Param: "swim_suspicion_timeout_ms", Value: 2000})
	if got := s.Config().Swim; got.K != 5 || got.SuspicionTimeout != 2000 {
		t.Fatalf("seed %d: swim config %+v after set", c.Seed, got)
	}
	if err := s.Apply(Command{Op: OpSet, Param: "swim_k", Value: 15}); err == nil || !strings.Contains(err.Error(), "swim.k must be in [0, 14]") {
		t.Fatalf("seed %d: K=15 of 16 nodes: %v", c.Seed, err)
	}
	if err := s.Apply(Command{Op: OpSet, Param: "swim_ping_timeout_ms", Value: 1000}); err == nil || !strings.Contains(err.Error(), "swim.ping_timeout_ms") {
		t.Fatalf("seed %d: a ping timeout of a whole period: %v", c.Seed, err)
	}
	s.Advance(5 * Second)
	mustApply(t, s, Command{Op: OpCrash, Node: 3})
	s.Advance(2*Second + 8*c.Period)
	if d := s.Detections()[0]; d.AllRemoved < 0 || d.Delay(d.AllRemoved) > 2*Second+8*c.Period {
		t.Fatalf("seed %d: with a 2 s suspicion timeout the crash should be confirmed within 10 s: %+v", c.Seed, d)
	}
}
