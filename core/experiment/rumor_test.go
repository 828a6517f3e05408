package experiment

import (
	"testing"

	"gossiplab/core"
	"gossiplab/core/rounds"
)

// The event-driven rumor spreads like the round model, a little faster: a node that learns the
// rumor mid-period acts at its own next tick, on average half a period later, not a whole round
// later. So the mean time to inform all, in periods, lies between 60% and 100% of the round
// model's mean T_all for the same N and fanout.
func TestEventDrivenRumorAgainstTheRoundModel(t *testing.T) {
	modes := map[string]rounds.Mode{"push": rounds.Push, "pull": rounds.Pull, "pushpull": rounds.PushPull}
	for name, mode := range modes {
		res, err := rounds.Spread(rounds.SpreadConfig{N: 128, Mode: mode, Fanout: 1, Trials: 2000, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		roundMean := res.RoundsAll.Mean
		var sum float64
		const runs = 20
		for seed := uint64(1); seed <= runs; seed++ {
			c := core.DefaultConfig()
			c.Protocol, c.RumorMode, c.N, c.Fanout, c.Loss, c.Seed = core.ProtocolRumor, name, 128, 1, 0, seed
			sim, err := core.New(c)
			if err != nil {
				t.Fatal(err)
			}
			sim.RecordEvents(false)
			sim.Advance(c.Period)
			if err := sim.Apply(core.Command{Op: core.OpInject, Node: 0}); err != nil {
				t.Fatal(err)
			}
			start := sim.Now()
			for sim.Current().Informed < c.N && sim.Now()-start < 100*c.Period {
				sim.Step()
			}
			sum += float64(sim.Now()-start) / float64(c.Period)
		}
		async := sum / runs
		if async < 0.6*roundMean || async > roundMean {
			t.Errorf("%s, N=128, seeds 1–%d: event-driven %.2f periods vs round model %.2f rounds; want 60–100%%", name, runs, async, roundMean)
		}
		t.Logf("%s: event-driven %.2f periods, round model %.2f rounds", name, async, roundMean)
	}
}
