// Package experiment measures the event-driven simulator: one seeded run gives the
// dissemination time of a heartbeat, the steady message load, the false-suspicion rate and the
// time the lists stay synchronised without any crash, and then the delays of detecting a crash.
// A Sweep repeats such runs over the values of one parameter.
//
// Like core, it is pure and deterministic: no wall clock, no I/O, no goroutines. The same
// configuration and options always give the same Result, so callers may run the jobs of a sweep
// in any order or in parallel.
package experiment

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gossiplab/core"
)

// Param is a parameter a sweep can vary.
type Param struct {
	Name    string // as written on the command line: n, fanout, period, loss, t_suspect
	Symbol  string // as the lessons write it: N, M, X, loss, T_suspect
	Column  string // CSV column of its value, with the unit: n, fanout, period_ms, loss, t_suspect_ms
	Field   string // the core.Config field it sets, by its JSON name (as in core.FieldError)
	Label   string // axis label, with the unit
	Min     float64
	Max     float64
	MaxOpen bool // the range is [Min, Max) rather than [Min, Max]
	Integer bool // values must be whole numbers
	set     func(c *core.Config, v float64)
}

// Params lists the parameters a sweep can vary, in display order: those of core.Params with a
// Sweep name, N from 2 (a run measures the detection of a crash, which needs an observer).
var Params = sweepParams()

func sweepParams() []*Param {
	var out []*Param
	for _, cp := range core.Params {
		if cp.Sweep == "" {
			continue
		}
		p := &Param{Name: cp.Sweep, Symbol: cp.Symbol, Column: cp.Name, Field: cp.Field, Label: cp.Axis,
			Min: cp.Min, Max: cp.Max, MaxOpen: cp.MaxOpen, Integer: cp.Integer(), set: cp.Set}
		if cp.Name == "n" {
			p.Min = 2
		}
		out = append(out, p)
	}
	return out
}

// ParamNames lists the names of Params.
func ParamNames() []string {
	names := make([]string, len(Params))
	for i, p := range Params {
		names[i] = p.Name
	}
	return names
}

// ParamByName returns the parameter called name, or an error listing the known ones.
func ParamByName(name string) (*Param, error) {
	for _, p := range Params {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("must be one of %s, got %q", strings.Join(ParamNames(), ", "), name)
}

// RangeText describes the allowed values, e.g. "an integer in [2, 10000]".
func (p *Param) RangeText() string {
	kind := "a number"
	if p.Integer {
		kind = "an integer"
	}
	closer := "]"
	if p.MaxOpen {
		closer = ")"
	}
	return fmt.Sprintf("%s in [%g, %g%s", kind, p.Min, p.Max, closer)
}

// Check reports whether v is an allowed value of p.
func (p *Param) Check(v float64) error {
	if math.IsNaN(v) || v < p.Min || v > p.Max || (p.MaxOpen && v == p.Max) || (p.Integer && v != math.Trunc(v)) {
		return fmt.Errorf("must be %s, got %s", p.RangeText(), strconv.FormatFloat(v, 'f', -1, 64))
	}
	return nil
}

// ParseValues reads a comma-separated list of values of p, such as "16,32,64". An entry that is
// not a number or out of range is an error naming the entry and the allowed range.
func (p *Param) ParseValues(s string) ([]float64, error) {
	var out []float64
	for i, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		v, err := strconv.ParseFloat(item, 64)
		if err != nil {
			return nil, fmt.Errorf("entry %d (%q) is not a number; each %s value must be %s", i+1, item, p.Name, p.RangeText())
		}
		if err := p.Check(v); err != nil {
			return nil, fmt.Errorf("entry %d: %s %v", i+1, p.Name, err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("list at least one %s value", p.Name)
	}
	return out, nil
}

// Apply returns base with p set to v. Sweeping t_suspect also derives T_remove = 2·T_suspect and
// then T_tombstone = 3·T_remove, unless keepRemove or keepTombstone says the caller fixed them.
func (p *Param) Apply(base core.Config, v float64, keepRemove, keepTombstone bool) core.Config {
	c := base
	c.Seeds = append([]core.NodeID(nil), base.Seeds...)
	p.set(&c, v)
	if p.Field == "t_suspect_ms" {
		DeriveTimeouts(&c, keepRemove, keepTombstone)
	}
	return c
}

// DeriveTimeouts sets T_remove = 2·T_suspect unless keepRemove, then T_tombstone = 3·T_remove
// unless keepTombstone: the ratios of the default configuration.
func DeriveTimeouts(c *core.Config, keepRemove, keepTombstone bool) {
	if !keepRemove {
		c.TRemove = 2 * c.TSuspect
	}
	if !keepTombstone {
		c.TTombstone = 3 * c.TRemove
	}
}
