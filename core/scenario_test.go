package core

import (
	"fmt"
	"testing"
)

// Crash 3 of 24 nodes at 0% loss: every live node removes all three, and not too early.
//
// The bound, derived: let t_c be the crash. An observer j last sees c's heartbeat rise at some
// time u_j. c's final heartbeat reaches everyone within the dissemination time D after t_c, so
// u_j ≤ t_c + D. j checks its timeouts once per period, so it removes c by u_j + T_remove + X.
// Hence every live node has removed c by t_c + T_remove + X + D, with D bounded as in
// disseminationBound. And since at 0% loss no live member is suspected before the crash,
// u_j > t_c − T_suspect, so no removal comes before t_c + T_remove − T_suspect.
func TestCrashThreeOf24AllRemovedWithinBound(t *testing.T) {
	for _, seed := range testSeeds {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 24, 0, seed
		s := mustSim(t, c)
		s.Advance(20 * Second)
		crashed := []NodeID{3, 11, 17}
		tc := s.Now()
		for _, id := range crashed {
			mustApply(t, s, Command{Op: OpCrash, Node: id})
		}
		upper := tc + c.TRemove + c.Period + disseminationBound(c, c.N)
		s.RunUntil(upper)
		for _, d := range s.Detections() {
			if d.AllRemoved < 0 {
				t.Fatalf("seed %d: node %d not removed by every live node within %v of its crash (bound T_remove + X + D)", seed, d.Node, upper-tc)
			}
		}
		for _, e := range s.Events() {
			if e.Kind == EvRemoved && e.Time < tc+c.TRemove-c.TSuspect {
				t.Fatalf("seed %d: %v — earlier than T_remove − T_suspect after the crash", seed, e)
			}
		}
		for obs := NodeID(0); obs < 24; obs++ {
			if s.StatusOf(obs) != StatusUp {
				continue
			}
			for _, id := range crashed {
				if st := s.Belief(obs, id).State; st != Removed {
					t.Fatalf("seed %d: node %d holds crashed node %d as %v, want removed", seed, obs, id, st)
				}
			}
		}
		if fs := s.Totals().FalseSuspicions; fs != 0 {
			t.Fatalf("seed %d: %d false suspicions at 0%% loss", seed, fs)
		}
	}
}

// A node that leaves gracefully is dropped by everyone long before T_suspect could have fired.
func TestLeftNodeDroppedBeforeTSuspect(t *testing.T) {
	for _, seed := range testSeeds {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 24, 0, seed
		s := mustSim(t, c)
		s.Advance(15 * Second)
		tl := s.Now()
		mustApply(t, s, Command{Op: OpLeave, Node: 5})
		s.Advance(c.TSuspect - 1)
		for obs := NodeID(0); obs < 24; obs++ {
			if obs == 5 {
				continue
			}
			if st := s.Belief(obs, 5).State; st != Left {
				t.Fatalf("seed %d: %v after node 5 left, node %d holds it as %v, want left", seed, s.Now()-tl, obs, st)
			}
		}
		for _, e := range s.Events() {
			if (e.Kind == EvSuspected || e.Kind == EvRemoved) && e.Peer == 5 {
				t.Fatalf("seed %d: %v — a left node must not need the timeouts", seed, e)
			}
		}
	}
}

// A restarted node comes back with generation+1, so the very first list it sends is accepted
// even by observers whose tombstone holds a much higher heartbeat of its previous life.
func TestRestartedNodeAcceptedAtOnce(t *testing.T) {
	for _, seed := range testSeeds {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 16, 0, seed
		s := mustSim(t, c)
		s.Advance(30 * Second) // heartbeat of node 9 is now about 30
		mustApply(t, s, Command{Op: OpCrash, Node: 9})
		s.Advance(c.TRemove + c.Period + disseminationBound(c, c.N))
		if d := s.Detections()[0]; d.AllRemoved < 0 {
			t.Fatalf("seed %d: node 9 not removed by all before the restart", seed)
		}
		s.Events()
		mustApply(t, s, Command{Op: OpRestart, Node: 9})
		s.Advance(c.Period + c.LatencyMax)
		// The restarted node's first gossip goes to the seed (node 0), which must take it back.
		var delivered, readded bool
		for _, e := range s.Events() {
			if e.Kind == EvDelivered && e.Node == 9 && e.Peer == 0 {
				delivered = true
			}
			if e.Kind == EvReadded && e.Node == 0 && e.Peer == 9 {
				readded = true
				if e.Generation != 1 || e.Heartbeat > 2 {
					t.Fatalf("seed %d: re-added at generation %d heartbeat %d, want generation 1 and a low heartbeat", seed, e.Generation, e.Heartbeat)
				}
			}
		}
		if !delivered || !readded {
			t.Fatalf("seed %d: within one period of the restart: delivered to seed %v, seed re-added %v; want both", seed, delivered, readded)
		}
		s.Advance(disseminationBound(c, c.N))
		for obs := NodeID(0); obs < 16; obs++ {
			if b := s.Belief(obs, 9); obs != 9 && (b.State != Alive || b.Generation != 1) {
				t.Fatalf("seed %d: node %d holds restarted node 9 as %v generation %d", seed, obs, b.State, b.Generation)
			}
		}
	}
}

// The tombstone rule at node level: stale copies bounce off; a strictly newer heartbeat does not.
func TestTombstoneIgnoresStaleCopies(t *testing.T) {
	c := DefaultConfig()
	n := newNode(0, 1)
	n.reset(0, nil)
	n.receive([]wireEntry{{id: 4, hb: 7}}, 100)
	n.tick(100+c.TRemove, &c, nil) // no news for T_remove: removed
	if st := n.view[4].state; st != Removed {
		t.Fatalf("after T_remove of silence node 4 is %v, want removed", st)
	}
	for _, stale := range []uint32{0, 3, 7} {
		n.receive([]wireEntry{{id: 4, hb: stale}}, 200+c.TRemove)
		if st := n.view[4].state; st != Removed {
			t.Fatalf("a stale copy (heartbeat %d ≤ 7) brought removed node 4 back as %v", stale, st)
		}
	}
	n.receive([]wireEntry{{id: 4, hb: 8}}, 300+c.TRemove)
	if st := n.view[4].state; st != Alive {
		t.Fatalf("a newer heartbeat 8 > 7 left node 4 %v, want alive again", st)
	}
}

// Over a long run, no crashed member ever comes back from gossip, although copies of its old
// heartbeat keep arriving at nodes that already hold its tombstone.
func TestRemovedNodeNotResurrectedByStaleLists(t *testing.T) {
	for _, seed := range testSeeds[:8] {
		c := DefaultConfig()
		c.N, c.Seed = 32, seed
		c.Loss = 0.2                                    // spreads removal times apart,
		c.LatencyMin, c.LatencyMax = 0, 900*Millisecond // so stale lists meet tombstones
		c.TSuspect, c.TRemove, c.TTombstone = 8*Second, 16*Second, 48*Second
		s := mustSim(t, c)
		s.Advance(30 * Second)
		mustApply(t, s, Command{Op: OpCrash, Node: 12})
		staleArrivals := 0
		for end := s.Now() + 3*Minute; s.NextEventTime() <= end; {
			staleArrivals += staleCopyOfAt(s, 12)
			s.Step()
		}
		removed := 0
		for _, e := range s.Events() {
			switch {
			case e.Kind == EvRemoved && e.Peer == 12:
				removed++
			case (e.Kind == EvReadded || e.Kind == EvLearned) && e.Peer == 12:
				t.Fatalf("seed %d: %v — crashed node 12 came back", seed, e)
			}
		}
		if removed != 31 {
			t.Fatalf("seed %d: %d of 31 live nodes removed node 12", seed, removed)
		}
		if staleArrivals == 0 {
			t.Fatalf("seed %d: no stale copy of node 12 ever reached a tombstone; the test proves nothing", seed)
		}
	}
}

// staleCopyOfAt returns 1 if the next action delivers a list holding subject to a node that
// keeps subject's tombstone, else 0.
func staleCopyOfAt(s *Sim, subject NodeID) int {
	it := s.queue.peek()
	if it.kind != qDeliver {
		return 0
	}
	m := s.flight.slots[it.slot]
	if !m.live || m.id != it.msg || m.lost || s.nodes[m.to].status != StatusUp || s.Belief(m.to, subject).State != Removed {
		return 0
	}
	for _, w := range s.payloads.items[m.payload].entries {
		if w.id == subject {
			return 1
		}
	}
	return 0
}

// A partition isolates the two sides, each removes the other, and after heal the seed probe
// brings them back together.
func TestPartitionThenHealReconverges(t *testing.T) {
	for _, seed := range testSeeds[:8] {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 20, 0, seed
		s := mustSim(t, c)
		s.Advance(10 * Second)
		var a, b []NodeID
		for i := NodeID(0); i < 20; i++ {
			if i < 10 {
				a = append(a, i)
			} else {
				b = append(b, i)
			}
		}
		mustApply(t, s, Command{Op: OpPartition, Groups: [][]NodeID{a, b}})
		s.Advance(c.TRemove + c.Period + disseminationBound(c, 10))
		if b := s.Belief(15, 2).State; b != Removed {
			t.Fatalf("seed %d: across the partition node 15 holds node 2 as %v, want removed", seed, b)
		}
		if got := s.Current().Convergence; got > 0.6 {
			t.Fatalf("seed %d: convergence %.2f during the partition; each side should believe half the cluster dead", seed, got)
		}
		mustApply(t, s, Command{Op: OpHeal})
		s.Advance(c.SeedRetry + 2*disseminationBound(c, 20))
		if got := s.Current().Convergence; got != 1 {
			t.Fatalf("seed %d: convergence %.3f after heal, want 1", seed, got)
		}
		var partitionDrops uint64 = s.Totals().Dropped[DropPartition]
		if partitionDrops == 0 {
			t.Fatalf("seed %d: no message was dropped by the partition", seed)
		}
	}
}

// Nodes added at run time know only the seed and still end up in everyone's list, and learn everyone.
func TestJoinThroughSeed(t *testing.T) {
	for _, seed := range testSeeds[:8] {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed = 12, 0, seed
		s := mustSim(t, c)
		s.Advance(5 * Second)
		for i := 0; i < 4; i++ {
			mustApply(t, s, Command{Op: OpAdd})
		}
		if got := s.Current().Convergence; got == 1 {
			t.Fatalf("seed %d: converged the instant 4 nodes joined; nobody can know them yet", seed)
		}
		s.Advance(c.Period + 2*disseminationBound(c, 16))
		if got := s.Current().Convergence; got != 1 {
			t.Fatalf("seed %d: convergence %.3f after the joins, want 1", seed, got)
		}
	}
}

// A cluster started from the seeds alone (no converged lists) converges too.
func TestBootstrapFromSeeds(t *testing.T) {
	for _, seed := range testSeeds[:8] {
		c := DefaultConfig()
		c.N, c.Loss, c.Seed, c.StartConverged = 32, 0, seed, false
		s := mustSim(t, c)
		s.Advance(c.Period + 2*disseminationBound(c, 32))
		if got := s.Current().Convergence; got != 1 {
			t.Fatalf("seed %d: convergence %.3f, want 1", seed, got)
		}
	}
}

func ExampleSim() {
	c := DefaultConfig()
	c.Loss = 0
	s, _ := New(c)
	s.Advance(10 * Second)
	_ = s.Apply(Command{Op: OpCrash, Node: 3})
	s.Advance(30 * Second)
	d := s.Detections()[0]
	fmt.Println("removed by all:", d.AllRemoved >= 0, "convergence:", s.Current().Convergence)
	// Output: removed by all: true convergence: 1
}
