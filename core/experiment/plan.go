package experiment

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"gossiplab/core"
)

// Planning a prepared experiment (Kinds) for the app's Experiments tab and a lesson's "Run it":
// the request checked field by field, the sweep on the app's (or a lesson's) parameters, its jobs,
// an estimate of their work, and the CLI line that repeats it. Pure Go, tested natively; the
// browser only runs the jobs and renders the Report.

// Spec is a request for a prepared experiment, as the page sends it.
type Spec struct {
	Kind   string    `json:"kind"`
	Values []float64 `json:"values"`
	Runs   int       `json:"runs"`
	Seed   uint64    `json:"seed"`
	// Scenario (optional, a scenario file's JSON): its config is the base of the sweep instead
	// of the app's current parameters (a lesson's experiments run at the lesson's settings).
	Scenario json.RawMessage `json:"scenario,omitempty"`
}

// Limits bound what a page may ask (the CLI allows more, but a tab should finish in seconds).
type Limits struct {
	MaxValues int
	MaxRuns   int
	MaxN      int
	MaxSeed   uint64
}

// BrowserLimits are the app's: 12 values, 100 runs each, N up to 1024, and a seed a JS number
// holds exactly.
var BrowserLimits = Limits{MaxValues: 12, MaxRuns: 100, MaxN: 1024, MaxSeed: 1<<53 - 1}

// Plan is a checked experiment: its sweep, jobs, each job's work (Units) and the CLI line.
type Plan struct {
	Spec    Spec
	Kind    *Kind
	Sweep   Sweep
	Jobs    []Job
	Units   []float64
	Command string
}

// Units is one job's work: N² merges of M lists per period, over the periods it runs (warm-up,
// window, detection). Only ratios matter: a runner turns units into time at its own rate.
func Units(c core.Config, o Options) float64 {
	o = o.WithDefaults(c)
	periods := float64(o.Warmup+o.Window+c.TRemove+10*c.Period) / float64(c.Period)
	return float64(c.N) * float64(c.N) * float64(max(1, c.Fanout)) * periods
}

// TotalUnits is the plan's whole work.
func (p *Plan) TotalUnits() float64 {
	t := 0.0
	for _, u := range p.Units {
		t += u
	}
	return t
}

// Base is the configuration the CLI builds from the classroom preset and the cluster flags of
// Sweep.Command: app's N, M, X, loss, timeouts and latency; the rest stays at the preset.
func Base(app core.Config) core.Config {
	c := core.DefaultConfig()
	c.N, c.Fanout, c.Period, c.Loss = app.N, app.Fanout, app.Period, app.Loss
	c.TSuspect, c.TRemove, c.TTombstone = app.TSuspect, app.TRemove, app.TTombstone
	c.LatencyMin, c.LatencyMax = app.LatencyMin, app.LatencyMax
	return c
}

// PlanSpec checks spec against lim field by field (each message names the field and its allowed
// range) and builds the sweep on app's parameters (or the spec's scenario's).
func PlanSpec(spec Spec, app core.Config, lim Limits) (*Plan, error) {
	kind, err := KindByName(spec.Kind)
	if err != nil {
		return nil, err
	}
	p, err := ParamByName(kind.Param)
	if err != nil {
		return nil, err
	}
	if len(spec.Values) == 0 || len(spec.Values) > lim.MaxValues {
		return nil, fmt.Errorf("values must list 1 to %d values of %s, got %d", lim.MaxValues, p.Symbol, len(spec.Values))
	}
	rangeText := p.RangeText()
	if p.Name == "n" {
		rangeText = fmt.Sprintf("an integer in [2, %d] in the browser", lim.MaxN)
	}
	for i, v := range spec.Values {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("values entry %d is not a number: each %s must be %s", i+1, p.Symbol, rangeText)
		}
		if err := p.Check(v); err != nil || (p.Name == "n" && v > float64(lim.MaxN)) {
			return nil, fmt.Errorf("values entry %d: %s must be %s, got %s", i+1, p.Symbol, rangeText, num(v))
		}
	}
	if spec.Runs < 1 || spec.Runs > lim.MaxRuns {
		return nil, fmt.Errorf("runs must be an integer in [1, %d], got %d", lim.MaxRuns, spec.Runs)
	}
	if spec.Seed > lim.MaxSeed {
		return nil, fmt.Errorf("seed must be an integer in [0, %d], got %d", lim.MaxSeed, spec.Seed)
	}
	from := app
	if len(spec.Scenario) > 0 {
		sc, err := core.ParseScenario(spec.Scenario)
		if err != nil {
			return nil, fmt.Errorf("scenario: %v", err)
		}
		from = sc.Config
	}
	base := Base(from)
	base.Seed = spec.Seed
	sw := Sweep{Base: base, Param: p, Values: append([]float64(nil), spec.Values...), Runs: spec.Runs,
		Options: Options{Window: DefaultWindow, Probes: DefaultProbes}}
	jobs, err := sw.Jobs()
	if err != nil {
		return nil, planError(err, p)
	}
	units := make([]float64, len(jobs))
	for i, j := range jobs {
		units[i] = Units(j.Config, sw.Options)
	}
	return &Plan{Spec: spec, Kind: kind, Sweep: sw, Jobs: jobs, Units: units, Command: sw.Command(kind.Quantity)}, nil
}

// planError names the field behind a rejected configuration: the swept value as "values",
// the app's own parameters as the app's.
func planError(err error, p *Param) error {
	var ve *ValueError
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

// DefaultRuns is how many runs per value a page's experiment makes when the spec does not say.
const DefaultRuns = 5

// ParseSpec reads a page's spec JSON field by field, filling in the defaults (the first kind,
// its default values, DefaultRuns, appSeed); each error names the field and what it accepts.
// Values are checked by PlanSpec (a NaN or a word arrives as null: PlanSpec names the entry).
func ParseSpec(text []byte, appSeed uint64, lim Limits) (Spec, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(text, &raw); err != nil {
		return Spec{}, fmt.Errorf("experiment spec: %v", err)
	}
	spec := Spec{Kind: Kinds[0].Name, Runs: DefaultRuns, Seed: appSeed}
	for name, v := range raw {
		if string(v) == "null" {
			continue // same as absent: the default
		}
		switch name {
		case "kind":
			if err := json.Unmarshal(v, &spec.Kind); err != nil {
				_, err := KindByName(string(v))
				return spec, err
			}
		case "values":
			var vals []*float64
			if err := json.Unmarshal(v, &vals); err != nil {
				return spec, fmt.Errorf("values must be an array of 1 to %d numbers, got %s", lim.MaxValues, v)
			}
			spec.Values = spec.Values[:0]
			for _, x := range vals {
				if x == nil {
					spec.Values = append(spec.Values, math.NaN())
					continue
				}
				spec.Values = append(spec.Values, *x)
			}
		case "runs":
			var x float64
			if err := json.Unmarshal(v, &x); err != nil || x != math.Trunc(x) || x < 1 || x > float64(lim.MaxRuns) {
				return spec, fmt.Errorf("runs must be an integer in [1, %d], got %s", lim.MaxRuns, v)
			}
			spec.Runs = int(x)
		case "scenario":
			spec.Scenario = v
		case "seed":
			var x float64
			if err := json.Unmarshal(v, &x); err != nil || x != math.Trunc(x) || x < 0 || x > float64(lim.MaxSeed) {
				return spec, fmt.Errorf("seed must be an integer in [0, %d], got %s", lim.MaxSeed, v)
			}
			spec.Seed = uint64(x)
		default:
			return spec, fmt.Errorf("experiment spec: unknown field %q (known: kind, values, runs, seed, scenario)", name)
		}
	}
	if v, ok := raw["values"]; !ok || string(v) == "null" {
		if k, err := KindByName(spec.Kind); err == nil {
			spec.Values = append([]float64(nil), k.Defaults...)
		}
	}
	return spec, nil
}
