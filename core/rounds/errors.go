package rounds

import (
	"fmt"
	"strings"
)

// ConfigError lists every invalid field of a configuration, each with its allowed range, so
// that a user fixes all of them in one go instead of one per run.
type ConfigError struct {
	Problems []string
}

func (e *ConfigError) Error() string {
	return "invalid configuration: " + strings.Join(e.Problems, "; ")
}

// problems collects Validate findings; err returns nil when there were none, so callers can
// write `return p.err()` without the typed-nil-in-interface trap.
type problems []string

func (p *problems) addf(format string, a ...any) {
	*p = append(*p, fmt.Sprintf(format, a...))
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ConfigError{Problems: p}
}

// checkInt records a problem when v is outside [lo, hi].
func (p *problems) checkInt(name string, v, lo, hi int) {
	if v < lo || v > hi {
		p.addf("%s must be in [%d, %d], got %d", name, lo, hi, v)
	}
}

// checkLoss records a problem when the loss probability is outside [0, 1); 1 is excluded
// because nothing would ever be delivered and no run could end.
func (p *problems) checkLoss(loss float64) {
	if !(loss >= 0 && loss < 1) { // also catches NaN
		p.addf("loss must be in [0, 1), got %g", loss)
	}
}

// checkFanout records a problem when fanout is not in [1, n-1]; when n itself is invalid the
// upper bound is unknown, so only the lower bound is checked.
func (p *problems) checkFanout(fanout, n int, nOK bool) {
	switch {
	case nOK && (fanout < 1 || fanout > n-1):
		p.addf("fanout must be in [1, N-1=%d], got %d", n-1, fanout)
	case !nOK && fanout < 1:
		p.addf("fanout must be in [1, N-1], got %d", fanout)
	}
}
