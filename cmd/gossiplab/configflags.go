package main

import (
	"flag"

	"gossiplab/core"
)

// clusterFlags are the cluster parameters that run and sweep share: each one the user gives
// overrides the starting configuration (a preset or a scenario file).
type clusterFlags struct {
	n, fanout                        *int
	period, tSuspect, tRemove, tTomb *core.Time
	loss                             *float64
	latency                          *string
}

// addClusterFlags defines --n --fanout --period --loss --t-suspect --t-remove --t-tombstone
// --latency; minN is the smallest N the command can use, and the two help texts say how
// T_remove and T_tombstone default.
func addClusterFlags(f *flags, minN int, removeHelp, tombHelp string) *clusterFlags {
	return &clusterFlags{
		n:        f.intVar("n", 16, minN, core.MaxNodes, "number of nodes N"),
		fanout:   f.intVar("fanout", 3, 1, core.MaxNodes-1, "peers gossiped to per period, M"),
		period:   f.durationVar("period", core.Second, 1, core.MaxPeriod, "protocol period X"),
		loss:     f.floatVar("loss", 0.01, 0, 1, true, "message loss probability"),
		tSuspect: f.durationVar("t-suspect", 6*core.Second, 1, core.MaxTimeout, "suspect after no heartbeat increase for"),
		tRemove:  f.durationVar("t-remove", 12*core.Second, 1, core.MaxTimeout, removeHelp),
		tTomb:    f.durationVar("t-tombstone", 36*core.Second, 1, core.MaxTimeout, tombHelp),
		latency:  f.stringVar("latency", "20-80", `one-way latency range in ms, "min-max" within [0, 60000]`),
	}
}

// apply writes the flags that were given into c. A given --n comes first and, with sized,
// resizes c (core.Config.SizedFor: the timeouts, fanout and K follow N, as in the app); without
// (a scenario file set the timeouts), it only fits the fanout and K to N. Either way only the
// values the user gave can then be refused for the size.
func (cf *clusterFlags) apply(given map[string]bool, c *core.Config, sized bool) error {
	if given["n"] {
		if sized {
			*c = c.SizedFor(*cf.n)
		} else {
			c.N = *cf.n
			c.Fanout, c.Swim.K = min(c.Fanout, max(1, c.N-1)), min(c.Swim.K, max(0, c.N-2))
		}
	}
	if given["fanout"] {
		c.Fanout = *cf.fanout
	}
	if given["period"] {
		c.Period = *cf.period
	}
	if given["loss"] {
		c.Loss = *cf.loss
	}
	if given["t-suspect"] {
		c.TSuspect = *cf.tSuspect
	}
	if given["t-remove"] {
		c.TRemove = *cf.tRemove
	}
	if given["t-tombstone"] {
		c.TTombstone = *cf.tTomb
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
