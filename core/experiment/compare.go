package experiment

import (
	"fmt"
	"math"

	"gossiplab/core"
)

// RunStats is what one run of a scenario shows about the failure detector and its cost.
type RunStats struct {
	// Mean delays over the scenario's crashes, in ms from each crash (NaN without a crash, or
	// when no crash reached that point before the end).
	FirstSuspectMs, AllSuspectMs, AllRemovedMs float64
	// Crashes counts the scenario's crashes; Undetected those not removed by all at the end
	// although live nodes were left to do it; NoObserver those left with no live node at all
	// (a whole-cluster crash: no "by all" time, kept out of the means).
	Crashes, Undetected, NoObserver int
	// FalseSuspicions and FalseRemovals count detector mistakes about live members;
	// FalseSuspicionsPerNodeMin normalises by nodes and minutes.
	FalseSuspicions, FalseRemovals float64
	FalseSuspicionsPerNodeMin      float64
	// Load over the whole run, per node (N at the start) per second.
	MsgsPerNodeSec, BytesPerNodeSec float64
}

// RunScenario plays a scenario to its end and measures it.
func RunScenario(sc core.Scenario) (RunStats, error) {
	sim, err := core.New(sc.Config)
	if err != nil {
		return RunStats{}, err
	}
	sim.RecordEvents(false)
	play := core.Player{Script: sc.Commands}
	if err := play.RunTo(sim, sc.Duration); err != nil {
		return RunStats{}, err
	}
	t := sim.Totals()
	secs := sc.Duration.Seconds()
	n := float64(sc.Config.N)
	r := RunStats{
		FalseSuspicions: float64(t.FalseSuspicions), FalseRemovals: float64(t.FalseRemovals),
		FalseSuspicionsPerNodeMin: float64(t.FalseSuspicions) / n / (secs / 60),
		MsgsPerNodeSec:            float64(t.MsgsSent) / n / secs,
		BytesPerNodeSec:           float64(t.BytesSent) / n / secs,
	}
	var first, all, removed []float64
	for _, d := range sim.Detections() {
		r.Crashes++
		switch {
		case d.NoObserver:
			r.NoObserver++
		case d.AllRemoved < 0:
			r.Undetected++
		}
		for _, p := range []struct {
			at  core.Time
			dst *[]float64
		}{{d.FirstSuspect, &first}, {d.AllSuspect, &all}, {d.AllRemoved, &removed}} {
			if p.at >= 0 {
				*p.dst = append(*p.dst, float64(d.Delay(p.at)))
			}
		}
	}
	r.FirstSuspectMs, r.AllSuspectMs, r.AllRemovedMs = StatOf(first).Mean, StatOf(all).Mean, StatOf(removed).Mean
	return r, nil
}

// Comparison is one protocol's runs of the same scenario.
type Comparison struct {
	Protocol core.Protocol
	Runs     []RunStats
}

// Compare plays the scenario under each protocol, runs times each; run r uses seed
// scenario seed + r under every protocol, so the protocols meet the same crashes, loss and dice.
func Compare(sc core.Scenario, protocols []core.Protocol, runs int) ([]Comparison, error) {
	if runs < 1 {
		return nil, fmt.Errorf("runs must be at least 1, got %d", runs)
	}
	var out []Comparison
	for _, p := range protocols {
		cmp := Comparison{Protocol: p}
		for r := 0; r < runs; r++ {
			s := sc
			s.Config.Protocol = p
			s.Config.Seed = sc.Config.Seed + uint64(r)
			if err := s.Config.Validate(); err != nil {
				return nil, fmt.Errorf("protocol %s: %w", p, err)
			}
			st, err := RunScenario(s)
			if err != nil {
				return nil, fmt.Errorf("protocol %s, run %d: %w", p, r, err)
			}
			cmp.Runs = append(cmp.Runs, st)
		}
		out = append(out, cmp)
	}
	return out, nil
}

// Interval is a mean with the half-width of its 95% confidence interval (Student's t).
type Interval struct {
	Mean, Half float64
	Count      int
}

// CI95 summarises xs, skipping NaN. Half is NaN with fewer than two values.
func CI95(xs []float64) Interval {
	st := StatOf(xs)
	return Interval{Mean: st.Mean, Half: st.CI95Half(), Count: st.Count}
}

// CI95Half is the half-width of the 95% confidence interval of the mean (Student's t); NaN
// with fewer than two values.
func (s Stat) CI95Half() float64 {
	if s.Count < 2 || math.IsNaN(s.SD) {
		return math.NaN()
	}
	return tQuantile975(s.Count-1) * s.SD / math.Sqrt(float64(s.Count))
}

// tQuantile975 is Student's t 97.5% quantile for df degrees of freedom (table up to 30, then
// the normal approximation with a 1/df correction, within 0.2% of the exact value).
func tQuantile975(df int) float64 {
	table := [...]float64{12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}
	if df >= 1 && df <= len(table) {
		return table[df-1]
	}
	return 1.95996 + 2.37/float64(df)
}
