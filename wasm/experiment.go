//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"gossiplab/core"
	"gossiplab/core/experiment"
	"gossiplab/view"
)

// The experiment panel runs the same seeded sweep as `gossiplab sweep`, job after job, in one
// goroutine that works for about sliceBudget of wall-clock time per frame and then blocks until
// the next Update: in js/wasm a goroutine only gives the browser its thread back by blocking.
// The pause happens in experiment.Options.Yield, which never touches the simulation, so the
// numbers are those of the CLI for the same inputs.

// The wall-clock time the runner may take in one frame: half the time between two frames,
// within these bounds. A browser at 60 FPS keeps its animation smooth; a slow one (headless,
// software rendering, 10–20 FPS) lends the runner more of each of its long frames.
const (
	minSlice = 8 * time.Millisecond
	maxSlice = 40 * time.Millisecond
)

// usPerUnit is the wall-clock estimate of one unit of a run's work (unitsOf) before the runner
// has measured this browser: microseconds, from lessons 6 and 7 in headless Chromium on 2 cores.
const usPerUnit = 0.15

// Limits of the browser's experiments (the CLI allows more, but a tab should finish in seconds).
const (
	maxExpValues = 12
	maxExpRuns   = 100
	maxExpN      = 1024
	maxExpSeed   = 1<<53 - 1 // the largest integer a JS number holds exactly
)

// expKind is one experiment of the panel: a sweep of one parameter, plotting one metric.
type expKind struct {
	Name     string    `json:"kind"`
	Title    string    `json:"title"`
	Param    string    `json:"param"`  // experiment.Param name, as in --param
	Y        string    `json:"y"`      // the CLI's --y
	Metric   string    `json:"metric"` // key in experiment.Metrics
	XLabel   string    `json:"x_label"`
	YLabel   string    `json:"y_label"`
	Defaults []float64 `json:"values"`
	Theory   string    `json:"theory"` // what the theory curve is, or why there is none
	Short    string    `json:"short"`  // the same in a few words, under the form
}

var expKinds = []expKind{
	{"dissemination_vs_n", "Time for a heartbeat to reach everyone vs N", "n", "dissemination", "dissemination_ms",
		"N (nodes)", "time to reach all (ms)", []float64{8, 16, 32, 64},
		"least-squares fit T = a + b·log2 N of the measured means; and for reference the synchronous push-round model, (log_{M+1} N + ln N / M)·X rounds of one period (Pittel; Frieze–Grimmett for fanout M), which the event-driven run beats because a node forwards news at its next tick, on average half a period later",
		"measured means with 95 % CI, their log2 N fit, and the push-round model for reference"},
	{"false_positives_vs_t_suspect", "False suspicions vs T_suspect", "t_suspect", "false_positives", "false_suspicions_per_node_per_s",
		"T_suspect (ms)", "false suspicions /node/s", []float64{1000, 2000, 3000, 4000, 6000},
		"no closed form for full-list heartbeat gossip (the README tabulates measurements only): measurement only. T_remove = 2·T_suspect and T_tombstone = 3·T_remove for each value, as in the CLI",
		"measured means with 95 % CI (the loss is in the caption); no closed-form curve"},
	{"load_vs_m", "Messages per node per second vs fanout M", "fanout", "load", "msgs_per_node_per_s",
		"fanout M (peers per period)", "messages /node/s", []float64{1, 2, 3, 4, 5},
		"M / X: every period X each node sends its list to M peers",
		"measured means with 95 % CI on the line M / X"},
}

func expKindByName(name string) (*expKind, bool) {
	for i := range expKinds {
		if expKinds[i].Name == name {
			return &expKinds[i], true
		}
	}
	return nil, false
}

func expKindNames() string {
	names := make([]string, len(expKinds))
	for i, k := range expKinds {
		names[i] = `"` + k.Name + `"`
	}
	return strings.Join(names, ", ")
}

// expSpec is what gossip.experiment.start receives, after defaults.
type expSpec struct {
	Kind   string    `json:"kind"`
	Values []float64 `json:"values"`
	Runs   int       `json:"runs"`
	Seed   uint64    `json:"seed"`
	// Scenario (optional, a scenario file's JSON): its config is the base of the sweep instead
	// of the app's current parameters (a lesson's experiments run at the lesson's settings).
	Scenario json.RawMessage `json:"scenario,omitempty"`
}

// expPlan is a validated experiment: the sweep, its jobs and the CLI line that repeats it.
type expPlan struct {
	spec    expSpec
	kind    *expKind
	sweep   experiment.Sweep
	jobs    []experiment.Job
	command string
	units   []float64 // each job's work (unitsOf), for the estimate and the progress
}

// unitsOf is one job's work: N² merges of M lists per period, over the periods it runs (warm-up,
// window, detection). Only ratios matter: the runner turns units into time by its own rate.
func unitsOf(c core.Config, o experiment.Options) float64 {
	o = o.WithDefaults(c)
	periods := float64(o.Warmup+o.Window+c.TRemove+10*c.Period) / float64(c.Period)
	return float64(c.N) * float64(c.N) * float64(max(1, c.Fanout)) * periods
}

// summary is what plan() and start() return.
func (p *expPlan) summary() map[string]any {
	total := 0.0
	for _, u := range p.units {
		total += u
	}
	return map[string]any{"total_jobs": len(p.jobs), "command": p.command, "estimate_ms": math.Ceil(total * usPerUnit / 1000)}
}

// expBase is the configuration the CLI builds from the classroom preset and the cluster flags
// the panel writes into its command line: the app's N, M, X, loss, timeouts and latency. The
// other fields (protocol, seeds, message sizes, sampling) stay at the preset, as in the CLI.
func expBase(app core.Config) core.Config {
	c := core.DefaultConfig()
	c.N, c.Fanout, c.Period, c.Loss = app.N, app.Fanout, app.Period, app.Loss
	c.TSuspect, c.TRemove, c.TTombstone = app.TSuspect, app.TRemove, app.TTombstone
	c.LatencyMin, c.LatencyMax = app.LatencyMin, app.LatencyMax
	return c
}

// planExperiment checks spec field by field (each message names the field and its allowed
// range) and builds the sweep on the app's current parameters.
func planExperiment(spec expSpec, app core.Config) (*expPlan, error) {
	kind, ok := expKindByName(spec.Kind)
	if !ok {
		return nil, fmt.Errorf("kind must be one of %s, got %q", expKindNames(), spec.Kind)
	}
	p, err := experiment.ParamByName(kind.Param)
	if err != nil {
		return nil, err
	}
	if len(spec.Values) == 0 || len(spec.Values) > maxExpValues {
		return nil, fmt.Errorf("values must list 1 to %d values of %s, got %d", maxExpValues, p.Symbol, len(spec.Values))
	}
	rangeText := p.RangeText()
	if p.Name == "n" {
		rangeText = fmt.Sprintf("an integer in [2, %d] in the browser", maxExpN)
	}
	for i, v := range spec.Values {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("values entry %d is not a number: each %s must be %s", i+1, p.Symbol, rangeText)
		}
		if err := p.Check(v); err != nil || (p.Name == "n" && v > maxExpN) {
			return nil, fmt.Errorf("values entry %d: %s must be %s, got %s", i+1, p.Symbol, rangeText, num(v))
		}
	}
	if spec.Runs < 1 || spec.Runs > maxExpRuns {
		return nil, fmt.Errorf("runs must be an integer in [1, %d], got %d", maxExpRuns, spec.Runs)
	}
	if spec.Seed > maxExpSeed {
		return nil, fmt.Errorf("seed must be an integer in [0, %d], got %d", uint64(maxExpSeed), spec.Seed)
	}
	from := app
	if len(spec.Scenario) > 0 {
		sc, err := core.ParseScenario(spec.Scenario)
		if err != nil {
			return nil, fmt.Errorf("scenario: %v", err)
		}
		from = sc.Config
	}
	base := expBase(from)
	base.Seed = spec.Seed
	sw := experiment.Sweep{Base: base, Param: p, Values: append([]float64(nil), spec.Values...), Runs: spec.Runs,
		Options: experiment.Options{Window: experiment.DefaultWindow, Probes: experiment.DefaultProbes}}
	jobs, err := sw.Jobs()
	if err != nil {
		return nil, expSweepError(err, p)
	}
	units := make([]float64, len(jobs))
	for i, j := range jobs {
		units[i] = unitsOf(j.Config, sw.Options)
	}
	return &expPlan{spec: spec, kind: kind, sweep: sw, jobs: jobs, command: expCommand(kind, sw), units: units}, nil
}

// expSweepError names the field behind a rejected configuration: the swept value as "values",
// the app's own parameters by their slider names.
func expSweepError(err error, p *experiment.Param) error {
	var ve *experiment.ValueError
	if !errors.As(err, &ve) {
		return err
	}
	at := fmt.Sprintf("%s=%s", p.Symbol, num(ve.Value))
	var ce *core.ConfigError
	if !errors.As(ve.Err, &ce) {
		return fmt.Errorf("values entry %s: %v", at, ve.Err)
	}
	parts := make([]string, 0, len(ce.Problems))
	for _, fe := range ce.Problems {
		if fe.Field == p.Field {
			parts = append(parts, fmt.Sprintf("values entry %s: %s %s", at, p.Symbol, fe.Msg))
		} else {
			parts = append(parts, fmt.Sprintf("the app's %s %s (at %s; change it in the app first)", fe.Field, fe.Msg, at))
		}
	}
	return errors.New(strings.Join(parts, "; "))
}

// expCommand is the `gossiplab sweep` line that measures the same: every cluster flag is given
// except the swept one, so the preset's defaults cannot differ from the app's.
func expCommand(kind *expKind, sw experiment.Sweep) string {
	c := sw.Base
	vals := make([]string, len(sw.Values))
	for i, v := range sw.Values {
		vals[i] = num(v)
	}
	args := []string{"gossiplab", "sweep", "--param", sw.Param.Name, "--values", strings.Join(vals, ","),
		"--runs", strconv.Itoa(sw.Runs), "--seed", strconv.FormatUint(c.Seed, 10), "--y", kind.Y}
	ms := func(t core.Time) string { return strconv.FormatInt(int64(t), 10) + "ms" }
	if sw.Param.Name != "n" {
		args = append(args, "--n", strconv.Itoa(c.N))
	}
	if sw.Param.Name != "fanout" {
		args = append(args, "--fanout", strconv.Itoa(c.Fanout))
	}
	args = append(args, "--period", ms(c.Period), "--loss", num(c.Loss))
	if sw.Param.Name != "t_suspect" { // a swept T_suspect derives T_remove and T_tombstone, as here
		args = append(args, "--t-suspect", ms(c.TSuspect), "--t-remove", ms(c.TRemove), "--t-tombstone", ms(c.TTombstone))
	}
	args = append(args, "--latency", fmt.Sprintf("%d-%d", c.LatencyMin, c.LatencyMax))
	return strings.Join(args, " ")
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// runsText words the runs per value and their seeds: "1 run per value, seed 1", "3 runs per
// value, seeds 1-3".
func runsText(runs int, seed uint64) string {
	if runs == 1 {
		return fmt.Sprintf("1 run per value, seed %d", seed)
	}
	return fmt.Sprintf("%d runs per value, seeds %d-%d", runs, seed, seed+uint64(runs-1))
}

// expRunner runs one experiment at a time. Its fields are guarded by mu; the game never waits
// on it (Update only closes the channel the runner waits on).
type expRunner struct {
	g  *view.Game
	mu sync.Mutex

	plan     *expPlan
	running  bool
	done     int
	canceled bool
	cancel   bool // asked for; the runner stops at its next pause
	err      string
	result   map[string]any

	sliceStart, lastFrame, started time.Time
	slice                          time.Duration
	doneUnits                      float64
}

// progress is what gossip.experiment.progress() returns.
func (r *expRunner) progress() map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := map[string]any{"running": r.running, "done_jobs": r.done, "total_jobs": 0, "canceled": r.canceled,
		"error": nil, "kind": nil}
	if r.plan != nil {
		p["total_jobs"] = len(r.plan.jobs)
		p["kind"] = r.plan.kind.Name
		p["command"] = r.plan.command
		p["elapsed_ms"] = time.Since(r.started).Milliseconds()
		if r.running && r.doneUnits > 0 { // the rate so far, over the work left
			total := 0.0
			for _, u := range r.plan.units {
				total += u
			}
			p["eta_ms"] = math.Ceil(float64(time.Since(r.started).Milliseconds()) * (total - r.doneUnits) / r.doneUnits)
		}
	}
	if r.err != "" {
		p["error"] = r.err
	}
	return p
}

// start validates spec and starts the jobs; it fails while another experiment runs.
func (r *expRunner) start(spec expSpec) (map[string]any, error) {
	plan, err := planExperiment(spec, r.g.State().Params)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return nil, errors.New("an experiment is already running: cancel it first")
	}
	r.plan, r.running, r.done, r.canceled, r.cancel, r.err, r.result = plan, true, 0, false, false, "", nil
	r.started, r.doneUnits, r.lastFrame = time.Now(), 0, time.Time{}
	r.mu.Unlock()
	go r.run(plan)
	return plan.summary(), nil
}

func (r *expRunner) stop() {
	r.mu.Lock()
	if r.running {
		r.cancel = true
	}
	r.mu.Unlock()
}

func (r *expRunner) canceling() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cancel
}

// yield is the runs' Options.Yield: it lets the run go on until the slice's budget is spent,
// then blocks until the game's next Update, giving the browser the thread for a frame.
func (r *expRunner) yield() bool {
	if r.canceling() {
		return false
	}
	if time.Since(r.sliceStart) < r.slice {
		return true
	}
	r.nextFrame()
	return !r.canceling()
}

func (r *expRunner) nextFrame() {
	next := make(chan struct{})
	r.g.Do(func(*view.Game) { close(next) })
	<-next
	now := time.Now()
	r.slice = minSlice
	if !r.lastFrame.IsZero() {
		r.slice = min(maxSlice, max(minSlice, now.Sub(r.lastFrame)/2))
	}
	r.lastFrame, r.sliceStart = now, now
}

func (r *expRunner) run(plan *expPlan) {
	r.nextFrame() // start on a fresh frame, after start() has returned to the page
	opt := plan.sweep.Options
	opt.Yield = r.yield
	results := make([]experiment.Result, 0, len(plan.jobs))
	for _, job := range plan.jobs {
		res, err := experiment.RunJob(job, opt)
		if err != nil {
			r.mu.Lock()
			r.running = false
			if errors.Is(err, experiment.ErrCanceled) {
				r.canceled = true
			} else {
				r.err = err.Error()
			}
			r.mu.Unlock()
			return
		}
		results = append(results, res)
		r.mu.Lock()
		r.done = len(results)
		r.doneUnits += plan.units[len(results)-1]
		r.mu.Unlock()
	}
	out := expResult(plan, experiment.Summarize(plan.sweep.Values, results))
	r.mu.Lock()
	r.result, r.running = out, false
	r.mu.Unlock()
}

// jnum is a JSON number that is null when NaN.
func jnum(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// expResult is what gossip.experiment.result() returns: per value the mean, sd, 95 % CI and
// the count of runs that measured it, and the theory or fit curve sampled for the plot.
func expResult(plan *expPlan, pts []experiment.Point) map[string]any {
	k := experiment.MetricIndex(plan.kind.Metric)
	sw := plan.sweep
	rows := make([]map[string]any, len(pts))
	means := make([]float64, len(pts))
	for i, p := range pts {
		s := p.Stats[k]
		means[i] = s.Mean
		rows[i] = map[string]any{"value": p.Value, "mean": jnum(s.Mean), "sd": jnum(s.SD), "ci95": jnum(s.CI95Half()),
			"n": s.Count, "runs": p.Runs, "probes_unreached": p.ProbesUnreached}
	}
	c := sw.Base
	xs := theoryXs(sw.Values)
	var curves []map[string]any
	out := map[string]any{"kind": plan.kind.Name, "title": plan.kind.Title, "param": sw.Param.Name,
		"metric": plan.kind.Metric, "x_label": plan.kind.XLabel, "y_label": plan.kind.YLabel,
		"values": sw.Values, "runs": sw.Runs, "seed": c.Seed, "points": rows, "command": plan.command,
		"theory_note": plan.kind.Theory, "fixed": expFixed(sw)}
	switch plan.kind.Name {
	case "dissemination_vs_n":
		if fit, err := experiment.Log2Fit(sw.Values, means); err == nil {
			ys := make([]any, len(xs))
			for i, x := range xs {
				ys[i] = jnum(fit.At(math.Log2(x)))
			}
			curves = append(curves, map[string]any{"label": fmt.Sprintf("fit %.0f + %.0f·log2 N ms (R² %.3f)", fit.A, fit.B, fit.R2),
				"x": xs, "y": ys})
			out["fit"] = map[string]any{"model": "dissemination_ms = a + b*log2(n)", "a_ms": jnum(fit.A), "b_ms": jnum(fit.B), "r2": jnum(fit.R2)}
		} else {
			out["fit_error"] = err.Error()
		}
		m := float64(c.Fanout)
		ys := make([]any, len(xs))
		for i, x := range xs {
			ys[i] = (math.Log(x)/math.Log(m+1) + math.Log(x)/m) * float64(c.Period)
		}
		curves = append(curves, map[string]any{"label": "push-round model (log_{M+1} N + ln N / M)·X", "x": xs, "y": ys})
	case "load_vs_m":
		ys := make([]any, len(xs))
		for i, x := range xs {
			ys[i] = x / (float64(c.Period) / 1000)
		}
		curves = append(curves, map[string]any{"label": "theory M / X", "x": xs, "y": ys})
	}
	out["curves"] = curves
	return out
}

// theoryXs are the ends of the swept range: every curve here is a straight line on its axis
// (a + b·log2 N and the push-round model on a log2 axis, M / X on a linear one), and uPlot draws
// a line through two points more cleanly than through many.
func theoryXs(values []float64) []float64 {
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	return []float64{lo, hi}
}

// expFixed describes the parameters held fixed, for the plot's caption.
func expFixed(sw experiment.Sweep) string {
	c := sw.Base
	var parts []string
	if sw.Param.Name != "n" {
		parts = append(parts, fmt.Sprintf("N=%d", c.N))
	}
	if sw.Param.Name != "fanout" {
		parts = append(parts, fmt.Sprintf("M=%d", c.Fanout))
	}
	parts = append(parts, fmt.Sprintf("X=%d ms", c.Period), fmt.Sprintf("loss=%s", num(c.Loss)))
	if sw.Param.Name == "t_suspect" {
		parts = append(parts, "T_remove=2·T_suspect")
	} else {
		parts = append(parts, fmt.Sprintf("T_suspect=%d ms", c.TSuspect))
	}
	parts = append(parts, fmt.Sprintf("latency %d-%d ms", c.LatencyMin, c.LatencyMax),
		runsText(sw.Runs, c.Seed))
	return strings.Join(parts, ", ")
}
