//go:build js && wasm

package main

import (
	"errors"
	"math"
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

// expPlan is a checked experiment (experiment.PlanSpec) with what the page is told of it.
type expPlan struct{ *experiment.Plan }

// summary is what plan() and start() return: the jobs, the CLI line and the estimated time.
func (p expPlan) summary() map[string]any {
	return map[string]any{"total_jobs": len(p.Jobs), "command": p.Command, "estimate_ms": math.Ceil(p.TotalUnits() * usPerUnit / 1000)}
}

// planExperiment plans spec on the app's current parameters, within the browser's limits.
func planExperiment(spec experiment.Spec, app core.Config) (expPlan, error) {
	p, err := experiment.PlanSpec(spec, app, experiment.BrowserLimits)
	return expPlan{p}, err
}

// expRunner runs one experiment at a time. Its fields are guarded by mu; the game never waits
// on it (Update only closes the channel the runner waits on).
type expRunner struct {
	g  *view.Game
	mu sync.Mutex

	plan     *experiment.Plan
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
		p["total_jobs"] = len(r.plan.Jobs)
		p["kind"] = r.plan.Kind.Name
		p["command"] = r.plan.Command
		p["elapsed_ms"] = time.Since(r.started).Milliseconds()
		if r.running && r.doneUnits > 0 { // the rate so far, over the work left
			total := r.plan.TotalUnits()
			p["eta_ms"] = math.Ceil(float64(time.Since(r.started).Milliseconds()) * (total - r.doneUnits) / r.doneUnits)
		}
	}
	if r.err != "" {
		p["error"] = r.err
	}
	return p
}

// start validates spec and starts the jobs; it fails while another experiment runs.
func (r *expRunner) start(spec experiment.Spec) (map[string]any, error) {
	plan, err := planExperiment(spec, r.g.State().Params)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return nil, errors.New("an experiment is already running: cancel it first")
	}
	r.plan, r.running, r.done, r.canceled, r.cancel, r.err, r.result = plan.Plan, true, 0, false, false, "", nil
	r.started, r.doneUnits, r.lastFrame = time.Now(), 0, time.Time{}
	r.mu.Unlock()
	go r.run(plan.Plan)
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

func (r *expRunner) run(plan *experiment.Plan) {
	r.nextFrame() // start on a fresh frame, after start() has returned to the page
	opt := plan.Sweep.Options
	opt.Yield = r.yield
	results := make([]experiment.Result, 0, len(plan.Jobs))
	for _, job := range plan.Jobs {
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
		r.doneUnits += plan.Units[len(results)-1]
		r.mu.Unlock()
	}
	out := expResult(plan, experiment.Summarize(plan.Sweep.Values, results))
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

// expResult is what gossip.experiment.result() returns: the Report of the sweep as JSON — per
// value the mean, sd, 95 % CI and the count of runs that measured it, the fit and theory curves.
func expResult(plan *experiment.Plan, pts []experiment.Point) map[string]any {
	q, _ := experiment.QuantityByName(plan.Kind.Quantity)
	rep := experiment.NewReport(plan.Sweep, q, pts)
	k := experiment.MetricIndex(plan.Kind.Metric())
	sw := plan.Sweep
	rows := make([]map[string]any, len(pts))
	for i, p := range pts {
		s := p.Stats[k]
		rows[i] = map[string]any{"value": p.Value, "mean": jnum(s.Mean), "sd": jnum(s.SD), "ci95": jnum(s.CI95Half()),
			"n": s.Count, "runs": p.Runs, "probes_unreached": p.ProbesUnreached}
	}
	curves := make([]map[string]any, len(rep.Curves))
	for i, c := range rep.Curves {
		ys := make([]any, len(c.Y))
		for j, y := range c.Y {
			ys[j] = jnum(y)
		}
		curves[i] = map[string]any{"label": c.Label, "x": c.X, "y": ys}
	}
	out := map[string]any{"kind": plan.Kind.Name, "title": plan.Kind.Title, "param": sw.Param.Name,
		"metric": plan.Kind.Metric(), "x_label": plan.Kind.XLabel, "y_label": plan.Kind.YLabel,
		"values": sw.Values, "runs": sw.Runs, "seed": sw.Base.Seed, "points": rows, "command": plan.Command,
		"theory_note": plan.Kind.Theory, "fixed": rep.Fixed + "; " + rep.Runs, "curves": curves}
	if sw.Param.Name == "n" {
		if rep.FitErr == nil {
			out["fit"] = map[string]any{"model": "dissemination_ms = a + b*log2(n)", "a_ms": jnum(rep.Fit.A), "b_ms": jnum(rep.Fit.B), "r2": jnum(rep.Fit.R2)}
		} else {
			out["fit_error"] = rep.FitErr.Error()
		}
	}
	return out
}
