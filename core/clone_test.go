package core

import (
	"math/rand/v2"
	"testing"
)

// A clone continues exactly as the original would, and what happens to one does not touch the
// other: the basis of checkpoints for time travel.
func TestCloneIsIndependentAndExact(t *testing.T) {
	for _, proto := range []Protocol{ProtocolHeartbeat, ProtocolSwim, ProtocolRumor} {
		for _, seed := range testSeeds[:4] {
			c := DefaultConfig()
			c.Protocol, c.N, c.Seed, c.Loss = proto, 20, seed, 0.1
			orig := mustSim(t, c)
			control := mustSim(t, c)
			churn := func(s *Sim, r *rand.Rand) {
				for i := 0; i < 10; i++ {
					s.Advance(Time(r.IntN(3000)))
					if proto == ProtocolRumor {
						_ = s.Apply(Command{Op: OpInject, Node: NodeID(r.IntN(20))})
					}
					randomChurn(s, r)
				}
			}
			churn(orig, rand.New(rand.NewPCG(seed, 1)))
			churn(control, rand.New(rand.NewPCG(seed, 1)))
			cl := orig.Clone()
			if cl.TraceHash() != orig.TraceHash() || cl.Now() != orig.Now() {
				t.Fatalf("seed %d, %s: the clone starts elsewhere", seed, proto)
			}
			// The clone takes a different path; the original must not notice.
			churn(cl, rand.New(rand.NewPCG(seed, 2)))
			churn(orig, rand.New(rand.NewPCG(seed, 3)))
			churn(control, rand.New(rand.NewPCG(seed, 3)))
			if orig.TraceHash() != control.TraceHash() {
				t.Fatalf("seed %d, %s: running the clone changed the original", seed, proto)
			}
			// And a clone taken now follows the original exactly.
			cl = orig.Clone()
			orig.Advance(30 * Second)
			cl.Advance(30 * Second)
			if cl.TraceHash() != orig.TraceHash() {
				t.Fatalf("seed %d, %s: the clone diverged from the original", seed, proto)
			}
		}
	}
}
