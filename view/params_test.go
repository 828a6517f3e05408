package view

import (
	"strings"
	"testing"

	"gossiplab/core"
)

func query(kv map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := kv[name]
		return v, ok
	}
}

func TestParseParamsDefaults(t *testing.T) {
	opts, errs := ParseParams(query(nil))
	if len(errs) != 0 {
		t.Fatalf("errors for no parameters: %q", errs)
	}
	def := core.DefaultConfig()
	if opts.Config.N != def.N || opts.Config.Fanout != def.Fanout || opts.Config.Loss != def.Loss ||
		opts.Speed != DefaultSpeed || opts.Paused || opts.UIScale != 1 {
		t.Fatalf("defaults: %+v", opts)
	}
	if err := opts.Config.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestParseParamsGood(t *testing.T) {
	opts, errs := ParseParams(query(map[string]string{
		"n": "40", "fanout": "4", "period": "500", "tsuspect": "3000", "tremove": "7000", "loss": "0.2",
		"latency": "10-200", "seed": "42", "speed": "2", "paused": "", "scale": "1.5",
	}))
	if len(errs) != 0 {
		t.Fatalf("errors: %q", errs)
	}
	c := opts.Config
	if c.N != 40 || c.Fanout != 4 || c.Period != 500 || c.TSuspect != 3000 || c.TRemove != 7000 ||
		c.Loss != 0.2 || c.LatencyMin != 10 || c.LatencyMax != 200 || c.Seed != 42 {
		t.Fatalf("config: %+v", c)
	}
	if c.TTombstone < c.TRemove {
		t.Fatalf("tombstone %d < T_remove %d", c.TTombstone, c.TRemove)
	}
	if opts.Speed != 2 || !opts.Paused || opts.UIScale != 1.5 {
		t.Fatalf("options: %+v", opts)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

// Each bad parameter gives one message naming it and its allowed range, and keeps its default.
func TestParseParamsBad(t *testing.T) {
	def := core.DefaultConfig()
	cases := []struct {
		name, value string
		rng         string // a piece of the allowed range the message must show
		check       func(Options) bool
	}{
		{"n", "0", "[1, 1000]", func(o Options) bool { return o.Config.N == def.N }},
		{"n", "ten", "[1, 1000]", func(o Options) bool { return o.Config.N == def.N }},
		{"n", "5000", "[1, 1000]", func(o Options) bool { return o.Config.N == def.N }},
		{"fanout", "16", "[1, 15]", func(o Options) bool { return o.Config.Fanout == def.Fanout }},
		{"period", "5", "[10, 60000]", func(o Options) bool { return o.Config.Period == def.Period }},
		{"tsuspect", "-1", "[1, ", func(o Options) bool { return o.Config.TSuspect == def.TSuspect }},
		{"tremove", "1000", "tsuspect", func(o Options) bool { return o.Config.TRemove == def.TRemove }},
		{"loss", "0.95", "[0, 0.9]", func(o Options) bool { return o.Config.Loss == def.Loss }},
		{"loss", "NaN", "[0, 0.9]", func(o Options) bool { return o.Config.Loss == def.Loss }},
		{"latency", "80-20", "min ≤ max", func(o Options) bool { return o.Config.LatencyMax == def.LatencyMax }},
		{"latency", "fast", "min-max", func(o Options) bool { return o.Config.LatencyMin == def.LatencyMin }},
		{"seed", "-3", "[0, ", func(o Options) bool { return o.Config.Seed == def.Seed }},
		{"speed", "100", "[0.1, 20]", func(o Options) bool { return o.Speed == DefaultSpeed }},
		{"paused", "maybe", "true or false", func(o Options) bool { return !o.Paused }},
		{"scale", "10", "[0.5, 4]", func(o Options) bool { return o.UIScale == 1 }},
		{"preset", "huge", "classroom", func(o Options) bool { return o.Config.N == def.N }},
	}
	for _, c := range cases {
		opts, errs := ParseParams(query(map[string]string{c.name: c.value}))
		if len(errs) != 1 {
			t.Errorf("%s=%q: %d errors %q, want 1", c.name, c.value, len(errs), errs)
			continue
		}
		e := errs[0]
		if !strings.HasPrefix(e, c.name+":") || !strings.Contains(e, c.rng) || !strings.Contains(e, c.value) {
			t.Errorf("%s=%q: message %q should name the parameter, its range (%q) and the value", c.name, c.value, e, c.rng)
		}
		if !c.check(opts) {
			t.Errorf("%s=%q: the default was not kept: %+v", c.name, c.value, opts)
		}
		if len(opts.Errors) != 1 {
			t.Errorf("%s=%q: Options.Errors = %q", c.name, c.value, opts.Errors)
		}
		if err := opts.Config.Validate(); err != nil {
			t.Errorf("%s=%q: the fallback config is invalid: %v", c.name, c.value, err)
		}
	}
}

func TestParseParamsSeveralBad(t *testing.T) {
	opts, errs := ParseParams(query(map[string]string{"n": "x", "loss": "2", "speed": "0", "fanout": "2"}))
	if len(errs) != 3 {
		t.Fatalf("errors %q, want one each for n, loss and speed", errs)
	}
	if opts.Config.Fanout != 2 {
		t.Fatalf("the good fanout was lost: %d", opts.Config.Fanout)
	}
}

func TestParseParamsTimeoutsFollow(t *testing.T) {
	opts, _ := ParseParams(query(map[string]string{"n": "1000"}))
	if c := opts.Config; c.TSuspect != 10*core.Second || c.TRemove != 20*core.Second {
		t.Fatalf("n=1000 without timeouts: %d / %d, want the thousand preset's 10 s / 20 s", c.TSuspect, c.TRemove)
	}
	opts, errs := ParseParams(query(map[string]string{"tsuspect": "20000"}))
	if c := opts.Config; len(errs) != 0 || c.TRemove <= c.TSuspect || c.TTombstone < c.TRemove {
		t.Fatalf("tsuspect past the default T_remove: %q, %d / %d / %d", errs, c.TSuspect, c.TRemove, c.TTombstone)
	}
	opts, errs = ParseParams(query(map[string]string{"n": "1", "fanout": "1"}))
	if len(errs) != 0 || opts.Config.Fanout != 1 {
		t.Fatalf("n=1: %q, fanout %d", errs, opts.Config.Fanout)
	}
	opts, errs = ParseParams(query(map[string]string{"latency": "50"}))
	if len(errs) != 0 || opts.Config.LatencyMin != 50 || opts.Config.LatencyMax != 50 {
		t.Fatalf("latency=50: %q, %d-%d", errs, opts.Config.LatencyMin, opts.Config.LatencyMax)
	}
}

func TestParseParamsProtocolAndPitfalls(t *testing.T) {
	opts, errs := ParseParams(query(map[string]string{"protocol": "SWIM", "n": "12", "k": "2", "tsuspicion": "4000",
		"pitfalls": "no_tombstone, no_generation"}))
	if len(errs) != 0 {
		t.Fatalf("errors: %q", errs)
	}
	c := opts.Config
	if c.Protocol != core.ProtocolSwim || c.Swim.K != 2 || c.Swim.SuspicionTimeout != 4000 ||
		!c.Pitfalls.NoTombstone || !c.Pitfalls.NoGeneration || c.Pitfalls.TimestampMerge {
		t.Fatalf("config: protocol %q, swim %+v, pitfalls %+v", c.Protocol, c.Swim, c.Pitfalls)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	// timestamp_merge alone gets the demonstration skew; skew given explicitly wins.
	opts, _ = ParseParams(query(map[string]string{"pitfalls": "timestamp_merge"}))
	if p := opts.Config.Pitfalls; !p.TimestampMerge || p.ClockSkew != DefaultSkewMs {
		t.Fatalf("pitfalls=timestamp_merge: %+v, want skew %d", p, DefaultSkewMs)
	}
	opts, _ = ParseParams(query(map[string]string{"pitfalls": "timestamp_merge", "skew": "0"}))
	if p := opts.Config.Pitfalls; !p.TimestampMerge || p.ClockSkew != 0 {
		t.Fatalf("pitfalls=timestamp_merge&skew=0: %+v", p)
	}
	// A small cluster: the default K shrinks to N−2, so SWIM stays valid.
	opts, errs = ParseParams(query(map[string]string{"protocol": "swim", "n": "3"}))
	if len(errs) != 0 || opts.Config.Swim.K != 1 {
		t.Fatalf("swim with n=3: %q, K=%d, want 1", errs, opts.Config.Swim.K)
	}
	// A period shorter than the ping timeout: the ping timeout shrinks with it.
	opts, errs = ParseParams(query(map[string]string{"protocol": "swim", "period": "200"}))
	if err := opts.Config.Validate(); len(errs) != 0 || err != nil {
		t.Fatalf("swim with period=200: %q, %v", errs, err)
	}
	// The suspicion timeout follows n, as the heartbeat timeouts do.
	opts, _ = ParseParams(query(map[string]string{"protocol": "swim", "n": "1000"}))
	if got := opts.Config.Swim.SuspicionTimeout; got != 10*core.Second {
		t.Fatalf("swim with n=1000: suspicion timeout %d, want 10 s", got)
	}
}

func TestParseParamsBadProtocolAndPitfalls(t *testing.T) {
	def := core.DefaultConfig()
	cases := []struct {
		name, value string
		want        []string
		check       func(Options) bool
	}{
		{"protocol", "foo", []string{"heartbeat", "swim"}, func(o Options) bool { return o.Config.Protocol == def.Protocol }},
		{"k", "20", []string{"[0, 14]"}, func(o Options) bool { return o.Config.Swim.K == def.Swim.K }},
		{"k", "-1", []string{"[0, 14]"}, func(o Options) bool { return o.Config.Swim.K == def.Swim.K }},
		{"tsuspicion", "0", []string{"[1, 3600000]"}, func(o Options) bool { return o.Config.Swim.SuspicionTimeout == def.Swim.SuspicionTimeout }},
		{"pitfalls", "no_tombstone,bogus", []string{"no_tombstone, timestamp_merge, no_generation", "unknown: bogus"},
			func(o Options) bool { return o.Config.Pitfalls == def.Pitfalls }},
		{"skew", "70000", []string{"[0, 60000]"}, func(o Options) bool { return o.Config.Pitfalls.ClockSkew == 0 }},
	}
	for _, c := range cases {
		opts, errs := ParseParams(query(map[string]string{c.name: c.value}))
		if len(errs) != 1 {
			t.Errorf("%s=%q: %d errors %q, want 1", c.name, c.value, len(errs), errs)
			continue
		}
		e := errs[0]
		if !strings.HasPrefix(e, c.name+":") || !strings.Contains(e, c.value) {
			t.Errorf("%s=%q: message %q should name the parameter and the value", c.name, c.value, e)
		}
		for _, w := range c.want {
			if !strings.Contains(e, w) {
				t.Errorf("%s=%q: message %q lacks %q", c.name, c.value, e, w)
			}
		}
		if !c.check(opts) {
			t.Errorf("%s=%q: the default was not kept: %+v", c.name, c.value, opts.Config)
		}
		if err := opts.Config.Validate(); err != nil {
			t.Errorf("%s=%q: the fallback config is invalid: %v", c.name, c.value, err)
		}
	}
}
