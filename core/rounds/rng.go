package rounds

import "math/rand/v2"

// experiment separates the PCG streams of the experiments that share one seed, so that e.g.
// the fresh-heartbeat trials and the detection trials of one fd run are not the same draws.
type experiment uint64

const (
	expSpread experiment = iota
	expFresh
	expDetect
	expFalse
)

// trialSource owns one PCG and its Rand for a whole run; reseeding per trial instead of
// allocating keeps long runs allocation-free while still giving trial i its own stream.
type trialSource struct {
	pcg  *rand.PCG
	rand *rand.Rand
}

func newTrialSource() trialSource {
	pcg := rand.NewPCG(0, 0)
	return trialSource{pcg: pcg, rand: rand.New(pcg)}
}

// start reseeds for trial i of experiment e. The stream is (seed, e<<48 | i): for Spread
// (e = 0) that is exactly rand.NewPCG(seed, i). Trials are < 2^48, so streams never collide.
func (s trialSource) start(seed uint64, e experiment, i int) *rand.Rand {
	s.pcg.Seed(seed, uint64(e)<<48|uint64(i))
	return s.rand
}
