package rounds

import (
	"fmt"
	"math"
)

// Mode is how a rumor moves across a call.
type Mode int

const (
	// Push: each node informed at the start of the round sends to Fanout distinct targets.
	Push Mode = iota
	// Pull: each node uninformed at the start of the round calls Fanout distinct targets and
	// learns the rumor from any of them that was informed at the start of the round.
	Pull
	// PushPull: every node calls Fanout distinct targets; the rumor crosses a call when
	// exactly one end was informed at the start of the round.
	PushPull
)

// Modes lists the modes in the spelling that String and ParseMode use.
var Modes = []string{"push", "pull", "pushpull"}

func (m Mode) String() string {
	if m >= 0 && int(m) < len(Modes) {
		return Modes[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode is the inverse of Mode.String.
func ParseMode(s string) (Mode, error) {
	for i, name := range Modes {
		if s == name {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("mode must be one of push, pull, pushpull, got %q", s)
}

// Limits of SpreadConfig, shared with the CLI so that flags and Validate agree.
const (
	MaxSpreadN = 10_000_000
	MaxTrials  = 1_000_000
	// MaxRoundCap bounds every automatic round cap: with loss close to 1 the generous cap
	// formula would otherwise allow runs of billions of rounds.
	MaxRoundCap = 10_000_000
)

// SpreadConfig is one Spread experiment.
type SpreadConfig struct {
	N      int     // nodes, in [2, MaxSpreadN]
	Mode   Mode    // Push, Pull or PushPull
	Fanout int     // targets per caller, in [1, N-1]
	Loss   float64 // probability that a message or call is lost, in [0, 1)
	Trials int     // in [1, MaxTrials]
	Seed   uint64
	// MaxRounds stops a trial that has not informed everyone by then; it is then counted as
	// unfinished. 0 means RoundCap(N, Fanout, Loss), or MongerRoundCap when Stop is set.
	MaxRounds int
	// Stop is the rumor-mongering stop rule (Demers et al. 1987), push only. The zero value,
	// StopNone, is the plain epidemic: informed nodes push forever and the trial ends when
	// everyone is informed. With a stop rule the trial ends when no node is infective; see
	// mongering.go.
	Stop StopRule
}

// Validate reports every invalid field with its allowed range.
func (c SpreadConfig) Validate() error {
	var p problems
	nOK := c.N >= 2 && c.N <= MaxSpreadN
	p.checkInt("n", c.N, 2, MaxSpreadN)
	if c.Mode < Push || c.Mode > PushPull {
		p.addf("mode must be one of push, pull, pushpull, got %v", c.Mode)
	}
	p.checkFanout(c.Fanout, c.N, nOK)
	p.checkLoss(c.Loss)
	p.checkInt("trials", c.Trials, 1, MaxTrials)
	if c.MaxRounds < 0 || c.MaxRounds > MaxRoundCap {
		p.addf("max_rounds must be in [0, %d] (0 = automatic), got %d", MaxRoundCap, c.MaxRounds)
	}
	p.checkStop(c.Stop, c.Mode)
	return p.err()
}

// roundCap is MaxRounds, or the automatic cap when it is 0.
func (c SpreadConfig) roundCap() int {
	if c.MaxRounds > 0 {
		return c.MaxRounds
	}
	if c.Stop.Kind != StopNone {
		return MongerRoundCap(c.N, c.Fanout, c.Loss, c.Stop.K)
	}
	return RoundCap(c.N, c.Fanout, c.Loss)
}

// RoundCap is a generous bound on the rounds a rumor needs: 50 times the push estimate
// (log2 N + ln N)/((1-loss)·fanout), plus 100 for small N, clamped to MaxRoundCap. A trial that
// reaches it is reported as unfinished rather than run forever.
func RoundCap(n, fanout int, loss float64) int {
	est := 50*(math.Log2(float64(n))+math.Log(float64(n)))/((1-loss)*float64(fanout)) + 100
	if !(est < MaxRoundCap) { // also catches +Inf and NaN
		return MaxRoundCap
	}
	return int(math.Ceil(est))
}
