package experiment

import (
	"math"
	"strings"
	"testing"

	"gossiplab/core"
)

// A page's spec: the defaults filled in, every bad field named with what it accepts.
func TestParseSpec(t *testing.T) {
	spec, err := ParseSpec([]byte(`{"kind": "load_vs_m"}`), 7, BrowserLimits)
	if err != nil || spec.Runs != DefaultRuns || spec.Seed != 7 || len(spec.Values) != 5 {
		t.Fatalf("defaults: %+v, %v", spec, err)
	}
	spec, err = ParseSpec([]byte(`{"values": [16, null], "runs": null}`), 1, BrowserLimits)
	if err != nil || spec.Kind != Kinds[0].Name || !math.IsNaN(spec.Values[1]) {
		t.Fatalf("a null value is kept for PlanSpec to name: %+v, %v", spec, err)
	}
	for _, c := range []struct{ text, want string }{
		{`{"kind": 3}`, `kind must be one of "dissemination_vs_n"`},
		{`{"runs": 101}`, "runs must be an integer in [1, 100], got 101"},
		{`{"runs": 1.5}`, "runs must be an integer in [1, 100]"},
		{`{"seed": -1}`, "seed must be an integer in [0, 9007199254740991]"},
		{`{"values": "16"}`, "values must be an array of 1 to 12 numbers"},
		{`{"speed": 2}`, `unknown field "speed"`},
		{`[`, "experiment spec:"},
	} {
		if _, err := ParseSpec([]byte(c.text), 1, BrowserLimits); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.text, err, c.want)
		}
	}
}

// Planning checks each value against the parameter's range and the browser's limits, names the
// app's parameter that a value makes invalid, and gives the CLI line that measures the same.
func TestPlanSpec(t *testing.T) {
	app := core.DefaultConfig()
	app.N, app.Loss = 64, 0.02
	p, err := PlanSpec(Spec{Kind: "dissemination_vs_n", Values: []float64{16, 32, 64, 128}, Runs: 2, Seed: 3}, app, BrowserLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Jobs) != 8 || len(p.Units) != 8 || !(p.Units[7] > 3*p.Units[1]) {
		t.Errorf("jobs %d, units %v: 128 nodes should cost far more than 16", len(p.Jobs), p.Units)
	}
	want := "gossiplab sweep --param n --values 16,32,64,128 --runs 2 --seed 3 --y dissemination --fanout 3 --period 1000ms --loss 0.02 --t-suspect 6000ms --t-remove 12000ms --t-tombstone 36000ms --latency 20-80"
	if p.Command != want {
		t.Errorf("command\n%s\nwant\n%s", p.Command, want)
	}
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Kind: "dissemination_vs_n", Values: []float64{2000}, Runs: 1}, "values entry 1: N must be an integer in [2, 1024] in the browser, got 2000"},
		{Spec{Kind: "dissemination_vs_n", Values: []float64{math.NaN()}, Runs: 1}, "values entry 1 is not a number"},
		{Spec{Kind: "load_vs_m", Values: []float64{1, 70}, Runs: 1}, "values entry M=70: M must be in [1, 63] (at most N-1), got 70"},
		{Spec{Kind: "load_vs_m", Values: make([]float64, 13), Runs: 1}, "values must list 1 to 12 values of M, got 13"},
		{Spec{Kind: "nope", Values: []float64{1}, Runs: 1}, "kind must be one of"},
	} {
		if _, err := PlanSpec(c.spec, app, BrowserLimits); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.spec, err, c.want)
		}
	}
	app.Fanout = 10 // fine at 64 nodes, too many for 8
	if _, err := PlanSpec(Spec{Kind: "dissemination_vs_n", Values: []float64{8, 16}, Runs: 1}, app, BrowserLimits); err == nil ||
		!strings.Contains(err.Error(), "the app's fanout must be in [1, 7]") {
		t.Errorf("a value that makes the app's fanout too large: %v", err)
	}
}

// Every prepared experiment names a parameter and a quantity that exist.
func TestKindsAreWhole(t *testing.T) {
	for _, k := range Kinds {
		if _, err := ParamByName(k.Param); err != nil {
			t.Errorf("%s: param: %v", k.Name, err)
		}
		if _, err := QuantityByName(k.Quantity); err != nil {
			t.Errorf("%s: quantity: %v", k.Name, err)
		}
		if _, err := PlanSpec(Spec{Kind: k.Name, Values: k.Defaults, Runs: 1, Seed: 1}, core.DefaultConfig(), BrowserLimits); err != nil {
			t.Errorf("%s: its defaults do not plan: %v", k.Name, err)
		}
	}
}

// The report's curves: over N the log2 fit and the push-round model; the load's model M / X
// through the swept values; none for false suspicions.
func TestReportCurves(t *testing.T) {
	base := core.DefaultConfig()
	n, _ := ParamByName("n")
	pts := []Point{}
	k := MetricIndex("dissemination_ms")
	for i, v := range []float64{16, 32, 64} {
		p := Point{Value: v, Stats: make([]Stat, len(Metrics))}
		p.Stats[k] = Stat{Mean: 1000 + 500*float64(i), Count: 1}
		pts = append(pts, p)
	}
	q, _ := QuantityByName("dissemination")
	rep := NewReport(Sweep{Base: base, Param: n, Values: []float64{16, 32, 64}, Runs: 1}, q, pts)
	if rep.FitErr != nil || math.Abs(rep.Fit.B-500) > 1e-9 || len(rep.Curves) != 2 {
		t.Fatalf("fit %+v (%v), %d curves", rep.Fit, rep.FitErr, len(rep.Curves))
	}
	if c := rep.Curves[0]; math.Abs(c.Y[len(c.Y)-1]-2000) > 1e-6 || c.X[0] != 16 || c.X[len(c.X)-1] != 64 {
		t.Errorf("fit curve ends at (%g, %g)", c.X[len(c.X)-1], c.Y[len(c.Y)-1])
	}
	m, _ := ParamByName("fanout")
	load, _ := QuantityByName("load")
	rep = NewReport(Sweep{Base: base, Param: m, Values: []float64{3, 1, 2}, Runs: 1}, load, nil)
	if len(rep.Curves) != 1 || len(rep.Curves[0].X) != 3 || rep.Curves[0].Y[0] != 1 || rep.Curves[0].Y[2] != 3 {
		t.Errorf("load model %+v, want M / X at M = 1, 2, 3", rep.Curves)
	}
	fp, _ := QuantityByName("false_positives")
	if rep := NewReport(Sweep{Base: base, Param: m, Values: []float64{1, 2}, Runs: 1}, fp, nil); len(rep.Curves) != 0 {
		t.Errorf("false positives have no model, got %+v", rep.Curves)
	}
}
