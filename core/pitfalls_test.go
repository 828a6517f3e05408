package core

import "testing"

// Each pitfall switch shows its bug when on, and the same run without it does not.

// (a) Without tombstones a removed member comes back: copies of its old heartbeat still
// circulate among nodes that have not removed it yet, and whoever forgot it learns it anew.
func TestPitfallNoTombstoneResurrects(t *testing.T) {
	resurrections := func(on bool, seed uint64) int {
		c := DefaultConfig()
		c.N, c.Seed, c.Loss = 32, seed, 0.2
		c.LatencyMin, c.LatencyMax = 0, 900*Millisecond // removal times spread apart
		c.TSuspect, c.TRemove, c.TTombstone = 8*Second, 16*Second, 48*Second
		c.Pitfalls.NoTombstone = on
		s := mustSim(t, c)
		s.Advance(30 * Second)
		mustApply(t, s, Command{Op: OpCrash, Node: 12})
		s.Advance(2 * Minute)
		removed, back := map[NodeID]bool{}, 0
		for _, e := range s.Events() {
			switch {
			case e.Kind == EvRemoved && e.Peer == 12:
				removed[e.Node] = true
			case (e.Kind == EvLearned || e.Kind == EvReadded) && e.Peer == 12 && removed[e.Node]:
				back++
			}
		}
		return back
	}
	for _, seed := range testSeeds[:5] {
		if got := resurrections(true, seed); got == 0 {
			t.Errorf("seed %d: with no tombstones the crashed node never came back", seed)
		}
		if got := resurrections(false, seed); got != 0 {
			t.Errorf("seed %d: with tombstones the crashed node came back %d times", seed, got)
		}
	}
}

// (b) Merging by wall-clock stamps under clock skew: a node whose clock lags is suspected by
// nodes whose clock runs ahead, although every heartbeat it sends is fresh.
func TestPitfallTimestampMergeUnderSkew(t *testing.T) {
	falseSuspicions := func(stamps bool, seed uint64) uint64 {
		c := DefaultConfig()
		c.N, c.Seed, c.Loss = 16, seed, 0
		c.Pitfalls.TimestampMerge = stamps
		c.Pitfalls.ClockSkew = 4 * Second // two clocks may differ by up to 8 s > T_suspect
		s := mustSim(t, c)
		s.RecordEvents(false)
		s.Advance(2 * Minute)
		return s.Totals().FalseSuspicions
	}
	for _, seed := range testSeeds[:5] {
		if got := falseSuspicions(true, seed); got < 100 {
			t.Errorf("seed %d: merging by skewed timestamps gave only %d false suspicions in 2 minutes", seed, got)
		}
		if got := falseSuspicions(false, seed); got != 0 {
			t.Errorf("seed %d: heartbeat counters gave %d false suspicions at 0%% loss", seed, got)
		}
	}
	// Without skew the timestamp protocol is as good as counters: the bug is the clocks.
	c := DefaultConfig()
	c.Loss, c.Pitfalls.TimestampMerge = 0, true
	s := mustSim(t, c)
	s.Advance(2 * Minute)
	if fs := s.Totals().FalseSuspicions; fs != 0 {
		t.Errorf("seed %d: timestamps without skew gave %d false suspicions", c.Seed, fs)
	}
}

// (c) Restarting without a generation: the restarted node's heartbeat starts again at 0, below
// what its peers hold, so they ignore its fresh news and time it out although it is up.
func TestPitfallNoGenerationIgnoresRestart(t *testing.T) {
	run := func(noGen bool, seed uint64) (readdedSoon bool, falseRemovals uint64) {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 16, 0, seed
		c.Pitfalls.NoGeneration = noGen
		s := mustSim(t, c)
		s.Advance(30 * Second)
		mustApply(t, s, Command{Op: OpCrash, Node: 9})
		s.Advance(8 * Second) // suspected, not yet removed
		s.Events()
		mustApply(t, s, Command{Op: OpRestart, Node: 9})
		s.Advance(3 * Second)
		for _, e := range s.Events() {
			if e.Kind == EvUnsuspected && e.Peer == 9 {
				readdedSoon = true
			}
		}
		s.Advance(30 * Second)
		return readdedSoon, s.Totals().FalseRemovals
	}
	for _, seed := range testSeeds[:5] {
		if soon, fr := run(true, seed); soon || fr == 0 {
			t.Errorf("seed %d: without generations: cleared within 3 s %v, false removals %d; want ignored, then removed although up", seed, soon, fr)
		}
		if soon, fr := run(false, seed); !soon || fr != 0 {
			t.Errorf("seed %d: with generations: cleared within 3 s %v, false removals %d; want cleared at once, none", seed, soon, fr)
		}
	}
}
