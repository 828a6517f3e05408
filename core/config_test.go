package core

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDefaultAndPresetsAreValid(t *testing.T) {
	for _, name := range PresetNames {
		c, err := Preset(name)
		if err != nil {
			t.Fatalf("Preset(%q): %v", name, err)
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("preset %q is invalid: %v", name, err)
		}
	}
	if _, err := Preset("nope"); err == nil || !strings.Contains(err.Error(), "classroom") {
		t.Fatalf("unknown preset: error %v should list the known ones", err)
	}
}

func TestValidateNamesEveryBadFieldAndRange(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
		text  string
	}{
		{"fanout larger than N-1", func(c *Config) { c.N = 8; c.Fanout = 8 }, "fanout", "[1, 7]"},
		{"fanout zero", func(c *Config) { c.Fanout = 0 }, "fanout", "[1, 15]"},
		{"loss of 1", func(c *Config) { c.Loss = 1 }, "loss", "[0, 1)"},
		{"negative loss", func(c *Config) { c.Loss = -0.1 }, "loss", "[0, 1)"},
		{"NaN loss", func(c *Config) { c.Loss = math.NaN() }, "loss", "[0, 1)"},
		{"T_remove equal to T_suspect", func(c *Config) { c.TRemove = c.TSuspect }, "t_remove_ms", "(t_suspect_ms=6000"},
		{"period 0", func(c *Config) { c.Period = 0 }, "period_ms", "[1, 600000]"},
		{"negative period", func(c *Config) { c.Period = -5 }, "period_ms", "got -5"},
		{"latency max below min", func(c *Config) { c.LatencyMin, c.LatencyMax = 50, 10 }, "latency_max_ms", "[latency_min_ms=50"},
		{"tombstone shorter than T_remove", func(c *Config) { c.TTombstone = c.TRemove - 1 }, "t_tombstone_ms", "[t_remove_ms=12000"},
		{"too many nodes", func(c *Config) { c.N = MaxNodes + 1 }, "n", "[1, 10000]"},
		{"seed out of range", func(c *Config) { c.Seeds = []NodeID{16} }, "seeds", "[0, 15]"},
		{"no seeds", func(c *Config) { c.Seeds = nil }, "seeds", "at least one"},
		{"clock skew too large", func(c *Config) { c.Pitfalls.ClockSkew = 2 * Minute }, "pitfalls.clock_skew_ms", "[0, 60000]"},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		tt.edit(&c)
		err := c.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Fatalf("%s: Validate() = %v, want a *ConfigError", tt.name, err)
		}
		found := false
		for _, p := range ce.Problems {
			if p.Field == tt.field && strings.Contains(p.Msg, tt.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %v does not name %s with %q", tt.name, err, tt.field, tt.text)
		}
		if _, err := New(c); err == nil {
			t.Errorf("%s: New accepted an invalid config", tt.name)
		}
	}
}

func TestValidateReportsAllProblemsAtOnce(t *testing.T) {
	c := DefaultConfig()
	c.Fanout, c.Loss, c.Period = 0, 2, 0
	var ce *ConfigError
	if !errors.As(c.Validate(), &ce) || len(ce.Problems) != 3 {
		t.Fatalf("want 3 problems (fanout, loss, period_ms), got %v", c.Validate())
	}
}

func TestApplyRejectsBadCommandsWithoutChange(t *testing.T) {
	s := mustSim(t, DefaultConfig())
	before := s.Config()
	bad := []struct {
		cmd  Command
		text string
	}{
		{Command{Op: OpCrash, Node: 99}, "node must be in [0, 15]"},
		{Command{Op: OpRestart, Node: 2}, "node 2 is up"},
		{Command{Op: OpSet, Param: "loss", Value: 1.5}, "loss must be in [0, 1)"},
		{Command{Op: OpSet, Param: "fanout", Value: 16}, "fanout must be in [1, 15]"},
		{Command{Op: OpSet, Param: "t_remove_ms", Value: 10}, "t_remove_ms"},
		{Command{Op: OpSet, Param: "period_ms", Value: 2.5}, "whole number"},
		{Command{Op: OpSet, Param: "speed"}, "param must be one of"},
		{Command{Op: OpSet, Param: "pitfall_no_tombstone", Value: 2}, "0 (off) or 1 (on)"},
		{Command{Op: OpPartition, Groups: [][]NodeID{{1, 2}, {2}}}, "more than one group"},
		{Command{Op: OpDrop, Msg: 12345}, "not in flight"},
		{Command{Op: "explode"}, "op must be one of"},
	}
	for _, b := range bad {
		err := s.Apply(b.cmd)
		if err == nil || !strings.Contains(err.Error(), b.text) {
			t.Errorf("Apply(%+v) = %v, want an error containing %q", b.cmd, err, b.text)
		}
	}
	if after := s.Config(); after.Loss != before.Loss || after.Fanout != before.Fanout || after.TRemove != before.TRemove {
		t.Fatalf("rejected commands changed the config: %+v", after)
	}
}

func TestSetChangesBehaviour(t *testing.T) {
	c := DefaultConfig()
	c.Loss = 0
	s := mustSim(t, c)
	s.Advance(10 * Second)
	mustApply(t, s, Command{Op: OpSet, Param: "fanout", Value: 1})
	mustApply(t, s, Command{Op: OpSet, Param: "period_ms", Value: 500})
	s.Advance(Second) // let every node pass one old-period tick
	start := s.Totals().MsgsSent
	s.Advance(10 * Second)
	// 16 nodes × 1 peer × 2 ticks a second × 10 s.
	if got := s.Totals().MsgsSent - start; got < 300 || got > 340 {
		t.Fatalf("seed %d: %d messages in 10 s after fanout=1, period=500 ms; want about 320", c.Seed, got)
	}
}
