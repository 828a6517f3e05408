package rounds

import "math"

// Limits of FDConfig, shared with the CLI so that flags and Validate agree.
const (
	// MaxFDN bounds N because the false-suspicion experiment keeps three N×N int32 matrices
	// and costs O(N²·fanout) per round.
	MaxFDN = 2048
	// MaxFDRounds bounds the timeouts, warm-up and measured rounds.
	MaxFDRounds = 1_000_000
	// DefaultFalseRounds is the measured rounds of the false-suspicion run when Rounds is 0.
	DefaultFalseRounds = 100
)

// FDConfig is one heartbeat failure-detection experiment (full-list gossip).
type FDConfig struct {
	N        int     // members, in [2, MaxFDN]
	Fanout   int     // lists sent per live member per round, in [1, N-1]
	Loss     float64 // probability that a list message is lost, in [0, 1)
	TSuspect int     // R1: rounds without a heartbeat increase before suspecting, in [1, MaxFDRounds-1]
	TRemove  int     // R2: rounds without an increase before removing, in [TSuspect+1, MaxFDRounds]
	Trials   int     // in [1, MaxTrials]
	Seed     uint64
	// Warmup is C, the rounds run before node 0 crashes (detection) or before counting starts
	// (false suspicions); 0 means DefaultWarmup(N, Loss).
	Warmup int
	// Rounds is the measured rounds of the false-suspicion run; 0 means DefaultFalseRounds.
	Rounds int
}

// Validate reports every invalid field with its allowed range.
func (c FDConfig) Validate() error {
	var p problems
	nOK := c.N >= 2 && c.N <= MaxFDN
	p.checkInt("n", c.N, 2, MaxFDN)
	p.checkFanout(c.Fanout, c.N, nOK)
	p.checkLoss(c.Loss)
	p.checkInt("t_suspect", c.TSuspect, 1, MaxFDRounds-1)
	lo := max(c.TSuspect, 1) + 1
	if c.TRemove < lo || c.TRemove > MaxFDRounds {
		p.addf("t_remove must be in [t_suspect+1=%d, %d], got %d", lo, MaxFDRounds, c.TRemove)
	}
	p.checkInt("trials", c.Trials, 1, MaxTrials)
	if c.Warmup < 0 || c.Warmup > MaxFDRounds {
		p.addf("warmup must be in [0, %d] (0 = default), got %d", MaxFDRounds, c.Warmup)
	}
	if c.Rounds < 0 || c.Rounds > MaxFDRounds {
		p.addf("rounds must be in [0, %d] (0 = default %d), got %d", MaxFDRounds, DefaultFalseRounds, c.Rounds)
	}
	return p.err()
}

// resolved returns c with Warmup and Rounds defaults filled in.
func (c FDConfig) resolved() FDConfig {
	if c.Warmup == 0 {
		c.Warmup = DefaultWarmup(c.N, c.Loss)
	}
	if c.Rounds == 0 {
		c.Rounds = DefaultFalseRounds
	}
	return c
}

// DefaultWarmup is ceil(3·(log2 N + ln N)/(1-loss)): three times the push estimate of the time
// for a heartbeat to reach everyone, so that at the crash every list is in steady state rather
// than still at its converged round-0 start. Clamped to [1, MaxFDRounds].
func DefaultWarmup(n int, loss float64) int {
	w := math.Ceil(3 * (math.Log2(float64(n)) + math.Log(float64(n))) / (1 - loss))
	if !(w < MaxFDRounds) {
		return MaxFDRounds
	}
	return max(1, int(w))
}
