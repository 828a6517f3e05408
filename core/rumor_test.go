package core

import "testing"

func rumorConfig(mode string, n int, seed uint64) Config {
	c := DefaultConfig()
	c.Protocol, c.RumorMode, c.N, c.Fanout, c.Loss, c.Seed = ProtocolRumor, mode, n, 1, 0, seed
	return c
}

// timeToAll injects the rumor at node 0 and returns how long until every node knows it.
func timeToAll(t *testing.T, c Config) Time {
	s := mustSim(t, c)
	s.RecordEvents(false)
	s.Advance(c.Period)
	mustApply(t, s, Command{Op: OpInject, Node: 0})
	start := s.Now()
	for s.Current().Informed < c.N {
		if s.Now()-start > 200*c.Period {
			t.Fatalf("seed %d: %s: only %d of %d informed after 200 periods", c.Seed, c.RumorMode, s.Current().Informed, c.N)
		}
		s.Step()
	}
	return s.Now() - start
}

// Every mode informs everyone; push-pull is fastest and push slowest, as in the theory.
func TestRumorModesSpreadInTheTheorysOrder(t *testing.T) {
	mean := map[string]float64{}
	for _, mode := range []string{"push", "pull", "pushpull"} {
		for _, seed := range testSeeds[:10] {
			mean[mode] += timeToAll(t, rumorConfig(mode, 128, seed)).Seconds() / 10
		}
	}
	if !(mean["pushpull"] < mean["pull"] && mean["pull"] < mean["push"]) {
		t.Fatalf("mean seconds to inform all 128 nodes: %v; want push-pull < pull < push", mean)
	}
}

func TestRumorInjectAndRestart(t *testing.T) {
	s := mustSim(t, DefaultConfig())
	if err := s.Apply(Command{Op: OpInject, Node: 1}); err == nil {
		t.Fatalf("inject under the heartbeat protocol should be refused")
	}
	c := rumorConfig("push", 16, 3)
	s = mustSim(t, c)
	mustApply(t, s, Command{Op: OpInject, Node: 2})
	s.Advance(30 * Second)
	if got := s.Current().Informed; got != 16 {
		t.Fatalf("seed %d: %d of 16 informed after 30 s", c.Seed, got)
	}
	mustApply(t, s, Command{Op: OpCrash, Node: 5})
	mustApply(t, s, Command{Op: OpRestart, Node: 5})
	if got := s.Current().Informed; got != 15 || s.Snapshot().Nodes[5].Informed {
		t.Fatalf("seed %d: a restarted node should have forgotten the rumor: %d informed", c.Seed, got)
	}
}
