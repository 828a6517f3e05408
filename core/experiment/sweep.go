package experiment

import (
	"fmt"
	"math"
	"strconv"

	"gossiplab/core"
)

// Sweep varies one parameter of Base over Values, with Runs seeded runs per value. Run r uses
// seed Base.Seed + r for every value, so the values are compared on the same dice.
type Sweep struct {
	Base    core.Config
	Param   *Param
	Values  []float64
	Runs    int
	Options Options
	// When sweeping t_suspect, T_remove becomes 2·T_suspect and T_tombstone 3·T_remove unless
	// these say the caller fixed them.
	KeepTRemove, KeepTTombstone bool
}

// Job is one run of a sweep.
type Job struct {
	Index  int     // which value
	Value  float64 // the parameter's value
	Run    int     // which repetition, 0-based
	Config core.Config
}

// ValueError is a value of the sweep whose configuration core rejects.
type ValueError struct {
	Param *Param
	Value float64
	Err   error // a *core.ConfigError, or why the value itself is wrong
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("%s=%s: %v", e.Param.Name, strconv.FormatFloat(e.Value, 'f', -1, 64), e.Err)
}

func (e *ValueError) Unwrap() error { return e.Err }

// Config returns the configuration for value v and run r.
func (s Sweep) Config(v float64, run int) core.Config {
	c := s.Param.Apply(s.Base, v, s.KeepTRemove, s.KeepTTombstone)
	c.Seed = s.Base.Seed + uint64(run)
	return c
}

// Validate checks the sweep: a parameter, at least one value and one run, and every value in
// range giving a configuration core accepts (else a *ValueError).
func (s Sweep) Validate() error {
	if s.Param == nil {
		return fmt.Errorf("sweep: no parameter")
	}
	if len(s.Values) == 0 {
		return fmt.Errorf("sweep: no values")
	}
	if s.Runs < 1 {
		return fmt.Errorf("sweep: runs must be at least 1, got %d", s.Runs)
	}
	for _, v := range s.Values {
		if err := s.Param.Check(v); err != nil {
			return &ValueError{s.Param, v, err}
		}
		c := s.Config(v, 0)
		if err := c.Validate(); err != nil {
			return &ValueError{s.Param, v, err}
		}
		if c.N < 2 {
			return &ValueError{s.Param, v, fmt.Errorf("n must be at least 2 to crash a node, got %d", c.N)}
		}
	}
	return nil
}

// Jobs lists the runs, value by value, after validating the sweep.
func (s Sweep) Jobs() ([]Job, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	jobs := make([]Job, 0, len(s.Values)*s.Runs)
	for i, v := range s.Values {
		for r := 0; r < s.Runs; r++ {
			jobs = append(jobs, Job{Index: i, Value: v, Run: r, Config: s.Config(v, r)})
		}
	}
	return jobs, nil
}

// RunJob measures one job with opt.
func RunJob(j Job, opt Options) (Result, error) {
	res, err := Measure(j.Config, opt)
	if err != nil {
		return Result{}, err
	}
	res.Index, res.Value, res.Run = j.Index, j.Value, j.Run
	return res, nil
}

// Run measures every job in order, one after the other.
func (s Sweep) Run() ([]Result, error) {
	jobs, err := s.Jobs()
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(jobs))
	for i, j := range jobs {
		if out[i], err = RunJob(j, s.Options); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Metric is one measurement of a Result, as a number (NaN when it was not taken).
type Metric struct {
	Key   string // CSV column and JSON key, with the unit: "dissemination_ms"
	Label string // for tables and axes
	Unit  string
	Of    func(Result) float64
}

// Metrics lists the measurements summarised per value.
var Metrics = []Metric{
	{"dissemination_ms", "dissemination time", "ms", func(r Result) float64 { return r.DisseminationMs }},
	{"dissemination_periods", "dissemination time", "periods", func(r Result) float64 { return r.DisseminationPeriods }},
	{"msgs_per_node_per_s", "messages sent per node", "msgs/s", func(r Result) float64 { return r.MsgsPerNodePerSec }},
	{"bytes_per_node_per_s", "bytes sent per node", "B/s", func(r Result) float64 { return r.BytesPerNodePerSec }},
	{"false_suspicions_per_node_per_s", "false suspicions per node", "1/s", func(r Result) float64 { return r.FalseSuspicionsPerNodePerSec }},
	{"mean_convergence", "mean convergence", "fraction", func(r Result) float64 { return r.MeanConvergence }},
	{"synced_fraction", "time fully synchronised", "fraction", func(r Result) float64 { return r.SyncedFraction }},
	{"first_suspect_ms", "crash to first suspicion", "ms", func(r Result) float64 { return r.FirstSuspectMs }},
	{"all_suspect_ms", "crash to suspected by all", "ms", func(r Result) float64 { return r.AllSuspectMs }},
	{"all_removed_ms", "crash to removed by all", "ms", func(r Result) float64 { return r.AllRemovedMs }},
}

// MetricIndex returns the index in Metrics of the metric with key, or -1.
func MetricIndex(key string) int {
	for i, m := range Metrics {
		if m.Key == key {
			return i
		}
	}
	return -1
}

// Stat summarises one metric over the runs of one value that measured it.
type Stat struct {
	Mean  float64 // NaN when Count is 0
	SD    float64 // sample standard deviation (n−1); NaN when Count < 2
	Count int     // runs where the metric was measured (not NaN)
}

// StatOf summarises xs, skipping NaNs.
func StatOf(xs []float64) Stat {
	st := Stat{Mean: math.NaN(), SD: math.NaN()}
	var sum float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			sum += x
			st.Count++
		}
	}
	if st.Count == 0 {
		return st
	}
	st.Mean = sum / float64(st.Count)
	if st.Count > 1 {
		var ss float64
		for _, x := range xs {
			if !math.IsNaN(x) {
				d := x - st.Mean
				ss += d * d
			}
		}
		st.SD = math.Sqrt(ss / float64(st.Count-1))
	}
	return st
}

// Point is the summary of one value of the sweep.
type Point struct {
	Index int
	Value float64
	Runs  int
	Stats []Stat // aligned with Metrics
	// ProbesUnreached and DetectUnreached add up those counts over the runs.
	ProbesUnreached int
	DetectUnreached int
}

// Summarize groups results by value index and summarises every metric; values lists the
// sweep's values in order.
func Summarize(values []float64, results []Result) []Point {
	pts := make([]Point, len(values))
	per := make([][]Result, len(values))
	for _, r := range results {
		if r.Index >= 0 && r.Index < len(values) {
			per[r.Index] = append(per[r.Index], r)
		}
	}
	xs := make([]float64, 0, 16)
	for i, v := range values {
		p := Point{Index: i, Value: v, Runs: len(per[i]), Stats: make([]Stat, len(Metrics))}
		for k, m := range Metrics {
			xs = xs[:0]
			for _, r := range per[i] {
				xs = append(xs, m.Of(r))
			}
			p.Stats[k] = StatOf(xs)
		}
		for _, r := range per[i] {
			p.ProbesUnreached += r.ProbesUnreached
			p.DetectUnreached += r.DetectUnreached
		}
		pts[i] = p
	}
	return pts
}
