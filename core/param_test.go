package core

import (
	"errors"
	"strings"
	"testing"
)

// The table's ranges are Config.Validate's: for every parameter, its bounds are accepted (in a
// config where the other parameters allow them) and a value just past either is refused,
// naming the parameter's Field.
func TestParamRangesAgreeWithValidate(t *testing.T) {
	const n = 16
	base := func(p *Param) Config {
		c := DefaultConfig().SizedFor(n)
		if strings.HasPrefix(p.Name, "swim_") {
			c.Protocol = ProtocolSwim
		}
		// Room for the bounds of the parameters that other parameters bound.
		c.TSuspect, c.TRemove, c.TTombstone = 1, MaxTimeout, MaxTimeout
		c.LatencyMin, c.LatencyMax = 0, MaxLatency
		c.Period = MaxPeriod
		switch p.Name {
		case "t_suspect_ms":
			c.TRemove = MaxTimeout
		case "t_remove_ms":
			c.TSuspect = 1
		}
		return c
	}
	step := func(p *Param) float64 {
		if p.Unit == UnitProb {
			return 0.001
		}
		return 1
	}
	for _, p := range Params {
		lo, hi := p.Min, p.MaxFor(n)
		if p.MaxOpen {
			hi -= step(p)
		}
		skipLo := p.Name == "t_remove_ms" || p.Name == "t_tombstone_ms" || p.Name == "latency_max_ms" // bounded below by another
		skipHi := p.Name == "t_suspect_ms" || p.Name == "latency_min_ms"                              // bounded above by another
		for _, v := range []float64{lo, hi} {
			if (v == lo && skipLo) || (v == hi && skipHi) {
				continue
			}
			c := base(p)
			p.Set(&c, v)
			if err := c.validate(n); err != nil {
				t.Errorf("%s = %g (a bound of its range) refused: %v", p.Name, v, err)
			}
		}
		for _, v := range []float64{p.Min - step(p), p.MaxFor(n) + step(p)} {
			if p.Unit == UnitFlag || (v < p.Min && skipLo) {
				continue
			}
			c := base(p)
			p.Set(&c, v)
			err := c.validate(n)
			var ce *ConfigError
			if !errors.As(err, &ce) || ce.Problems[0].Field != p.Field {
				t.Errorf("%s = %g (past its range) gives %v, want an error naming %s", p.Name, v, err, p.Field)
			}
		}
		c := DefaultConfig()
		p.Set(&c, lo)
		if got := p.Get(&c); got != lo {
			t.Errorf("%s: set %g, read back %g", p.Name, lo, got)
		}
	}
}

// Setting several parameters at once is validated once: T_suspect and T_remove can pass each
// other in either order, and a bad one leaves the config as it was.
func TestSetParamsIsAtomic(t *testing.T) {
	c := DefaultConfig() // T_suspect 6 s, T_remove 12 s
	for _, order := range [][]Setting{
		{{"t_suspect_ms", 20000}, {"t_remove_ms", 30000}},
		{{"t_remove_ms", 30000}, {"t_suspect_ms", 20000}},
	} {
		out, err := SetParams(c, c.N, order...)
		if err != nil || out.TSuspect != 20000 || out.TRemove != 30000 {
			t.Errorf("%v: %v, T_suspect %v T_remove %v", order, err, out.TSuspect, out.TRemove)
		}
	}
	out, err := SetParams(c, c.N, Setting{"t_suspect_ms", 20000})
	if err == nil || !strings.Contains(err.Error(), "t_remove_ms") || out.TSuspect != c.TSuspect {
		t.Errorf("T_suspect past T_remove alone: %v, T_suspect %v", err, out.TSuspect)
	}
	for _, s := range []Setting{{"n", 20}, {"nope", 1}, {"fanout", 1.5}, {"pitfall_no_tombstone", 2}} {
		if _, err := SetParams(c, c.N, s); err == nil {
			t.Errorf("%v accepted", s)
		}
	}
}

// Every parameter has its words; the names each surface uses are unique.
func TestParamTableIsWhole(t *testing.T) {
	seen := map[string]string{}
	for _, p := range Params {
		if p.Name == "" || p.Field == "" || p.Symbol == "" || p.Words == "" || p.Help == "" || p.Get == nil || p.Set == nil {
			t.Errorf("%+v: a field is missing", p.Name)
		}
		for kind, name := range map[string]string{"name": p.Name, "flag": p.Flag, "url": p.URL, "sweep": p.Sweep} {
			if name == "" {
				continue
			}
			if other, dup := seen[kind+":"+name]; dup {
				t.Errorf("%s %q is both %s and %s", kind, name, other, p.Name)
			}
			seen[kind+":"+name] = p.Name
		}
	}
}

// OpSet with Also sets its parameters in one step: a timeline replays it as it was applied, and
// a script naming an unknown parameter in Also is refused at load.
func TestSetCommandWithAlso(t *testing.T) {
	cfg := DefaultConfig()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cmd := Command{Op: OpSet, Param: "t_suspect_ms", Value: 20000, Also: []Setting{{"t_remove_ms", 30000}}}
	if err := s.Apply(cmd); err != nil {
		t.Fatalf("T_suspect and T_remove past each other in one command: %v", err)
	}
	if c := s.Config(); c.TSuspect != 20000 || c.TRemove != 30000 {
		t.Errorf("T_suspect %v, T_remove %v", c.TSuspect, c.TRemove)
	}
	bad := Script{{At: 0, Command: Command{Op: OpSet, Param: "loss", Value: 0.1, Also: []Setting{{"nope", 1}}}}}
	if err := bad.Check(cfg.N, Minute, "duration_ms", true); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("an unknown parameter in also: %v", err)
	}
}
