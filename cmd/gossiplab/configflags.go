package main

import (
	"flag"
	"strings"

	"gossiplab/core"
)

// The cluster's parameters as flags, from the core's parameter table (core.Params): a flag's
// name is the parameter's Flag, its range the parameter's, its default the classroom preset's.

// clusterParams are the parameters run and sweep share as flags, by core.Param.Name.
var clusterParams = []string{"n", "fanout", "period_ms", "loss", "t_suspect_ms", "t_remove_ms", "t_tombstone_ms"}

// clusterFlags are the cluster parameters that run and sweep share: each one the user gives
// overrides the starting configuration (a preset or a scenario file).
type clusterFlags struct {
	get     map[string]func() float64 // by core.Param.Name: the flag's value
	latency *string
}

// addClusterFlags defines --n --fanout --period --loss --t-suspect --t-remove --t-tombstone
// --latency; minN is the smallest N the command can use, and help replaces a parameter's own
// help text where the command says more (how T_remove defaults in a sweep).
func addClusterFlags(f *flags, minN int, help map[string]string) *clusterFlags {
	def := core.DefaultConfig()
	cf := &clusterFlags{get: map[string]func() float64{}}
	for _, name := range clusterParams {
		p := core.ParamByName(name)
		usage := p.Help
		if h, ok := help[name]; ok {
			usage = h
		}
		lo := p.Min
		if name == "n" {
			lo = float64(minN)
		}
		cf.get[name] = f.paramVar(p, p.Get(&def), lo, usage)
	}
	cf.latency = f.stringVar("latency", "20-80", `one-way latency range in ms, "min-max" within [0, 60000]`)
	return cf
}

// paramVar defines --p.Flag for parameter p with default def and lower bound lo: a duration
// for times, an integer for counts, a number for probabilities. It returns the value's reader.
func (f *flags) paramVar(p *core.Param, def, lo float64, usage string) func() float64 {
	switch p.Unit {
	case core.UnitMs:
		v := f.durationVar(p.Flag, core.Time(def), core.Time(lo), core.Time(p.Max), usage)
		return func() float64 { return float64(*v) }
	case core.UnitProb:
		v := f.floatVar(p.Flag, def, lo, p.Max, p.MaxOpen, usage)
		return func() float64 { return *v }
	}
	v := f.intVar(p.Flag, int(def), int(lo), int(p.Max), usage)
	return func() float64 { return float64(*v) }
}

// apply writes the flags that were given into c. A given --n comes first and, with sized,
// resizes c (core.Config.SizedFor: the timeouts, fanout and K follow N, as in the app); without
// (a scenario file set the timeouts), it only fits the fanout and K to N. Either way only the
// values the user gave can then be refused for the size.
func (cf *clusterFlags) apply(given map[string]bool, c *core.Config, sized bool) error {
	if given["n"] {
		n := int(cf.get["n"]())
		if sized {
			*c = c.SizedFor(n)
		} else {
			c.N = n
			c.Fanout, c.Swim.K = min(c.Fanout, max(1, c.N-1)), min(c.Swim.K, max(0, c.N-2))
		}
	}
	for _, name := range clusterParams[1:] {
		if p := core.ParamByName(name); given[p.Flag] {
			p.Set(c, cf.get[name]())
		}
	}
	if given["latency"] {
		lo, hi, err := parseRange(*cf.latency)
		if err != nil {
			return usagef("--latency: %v", err)
		}
		c.LatencyMin, c.LatencyMax = lo, hi
	}
	return nil
}

// givenFlags names the flags the user set on the command line.
func givenFlags(f *flags) map[string]bool {
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	return given
}

// flagOfField names the flag that sets a config field (core.FieldError.Field): "--t-suspect",
// "--latency (min)"; false for a field no flag sets.
func flagOfField(field string) (string, bool) {
	switch field {
	case "latency_min_ms":
		return "--latency (min)", true
	case "latency_max_ms":
		return "--latency (max)", true
	}
	for _, p := range core.Params {
		if p.Field == field && p.Flag != "" {
			return "--" + p.Flag, true
		}
	}
	return "", false
}

// fieldFlags rewrites config field names in a message to the flags that set them, times with
// their unit: "t_remove_ms must be in (t_suspect_ms=6000, …]" → "--t-remove (ms) must be in
// (--t-suspect (ms)=6000, …]".
var fieldFlags = func() *strings.Replacer {
	pairs := []string{"scenario: config: invalid config: ", "",
		"latency_min_ms", "--latency min (ms)", "latency_max_ms", "--latency max (ms)", "duration_ms", "--duration (ms)"}
	for _, p := range core.Params {
		switch {
		case p.Flag == "":
		case p.Unit == core.UnitMs:
			pairs = append(pairs, p.Field, "--"+p.Flag+" (ms)")
		default: // a short name: only where a message names it ("fanout must be …")
			pairs = append(pairs, p.Field+" must", "--"+p.Flag+" must")
		}
	}
	return strings.NewReplacer(pairs...)
}()

func flagNames(msg string) string { return fieldFlags.Replace(msg) }
