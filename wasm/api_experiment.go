//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"syscall/js"

	"gossiplab/view"
)

// defaultExpRuns is K when the spec does not say.
const defaultExpRuns = 5

// exposeExperimentAPI adds the in-app experiment runner to window.gossip (see experiment.go):
//
//	gossip.experiment.kinds()       → the experiments, their default values and theory notes
//	gossip.experiment.plan(spec)    → {total_jobs, command, estimate_ms} without running; throws naming the bad field
//	gossip.experiment.start(spec)   → Promise of {total_jobs, command, estimate_ms}; rejects naming the bad field
//	gossip.experiment.progress()    → {running, done_jobs, total_jobs, canceled, error, kind, command, elapsed_ms, eta_ms}
//	gossip.experiment.cancel()      → stops the running experiment at its next pause
//	gossip.experiment.result()      → the finished experiment's table and curves, or null
//
// spec = {kind, values, runs, seed, scenario}; values default to the kind's, runs to 5 and seed
// to the app's seed; the other parameters are the scenario's (a lesson's "Run it": its own
// settings, whatever the learner changed since) or else the app's current ones.
func exposeExperimentAPI(api js.Value, g *view.Game) {
	r := &expRunner{g: g}
	exp := js.Global().Get("Object").New()
	exp.Set("kinds", js.FuncOf(func(this js.Value, args []js.Value) any {
		return toJS(map[string]any{"kinds": expKinds, "runs": defaultExpRuns, "seed": g.State().Params.Seed,
			"max_values": maxExpValues, "max_runs": maxExpRuns, "max_n": maxExpN})
	}))
	exp.Set("plan", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeObject {
			panic(js.Global().Get("Error").New("experiment.plan needs a spec object"))
		}
		spec, err := parseExpSpec(js.Global().Get("JSON").Call("stringify", args[0]).String(), g.State().Params.Seed)
		if err == nil {
			var plan *expPlan
			if plan, err = planExperiment(spec, g.State().Params); err == nil {
				return toJS(plan.summary())
			}
		}
		panic(js.Global().Get("Error").New(err.Error()))
	}))
	exp.Set("start", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeObject {
			return rejected(`experiment.start needs a spec object, e.g. {kind: "load_vs_m", values: [1, 2, 3], runs: 2, seed: 1}`)
		}
		spec, err := parseExpSpec(js.Global().Get("JSON").Call("stringify", args[0]).String(), g.State().Params.Seed)
		if err != nil {
			return rejected(err.Error())
		}
		out, err := r.start(spec)
		if err != nil {
			return rejected(err.Error())
		}
		return js.Global().Get("Promise").Call("resolve", toJS(out))
	}))
	exp.Set("progress", js.FuncOf(func(this js.Value, args []js.Value) any { return toJS(r.progress()) }))
	exp.Set("cancel", js.FuncOf(func(this js.Value, args []js.Value) any { r.stop(); return nil }))
	exp.Set("result", js.FuncOf(func(this js.Value, args []js.Value) any {
		r.mu.Lock()
		res := r.result
		r.mu.Unlock()
		if res == nil {
			return js.Null()
		}
		return toJS(res)
	}))
	api.Set("experiment", exp)
}

// parseExpSpec reads the spec's JSON, field by field, filling in the defaults; each error
// names the field and what it accepts.
func parseExpSpec(text string, appSeed uint64) (expSpec, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return expSpec{}, fmt.Errorf("experiment spec: %v", err)
	}
	spec := expSpec{Kind: expKinds[0].Name, Runs: defaultExpRuns, Seed: appSeed}
	for name, v := range raw {
		if string(v) == "null" {
			continue // same as absent: the default
		}
		switch name {
		case "kind":
			if err := json.Unmarshal(v, &spec.Kind); err != nil {
				return spec, fmt.Errorf("kind must be one of %s, got %s", expKindNames(), v)
			}
		case "values":
			var vals []*float64
			if err := json.Unmarshal(v, &vals); err != nil {
				return spec, fmt.Errorf("values must be an array of 1 to %d numbers, got %s", maxExpValues, v)
			}
			spec.Values = spec.Values[:0]
			for _, x := range vals {
				if x == nil { // NaN and text arrive as null: planExperiment names the entry and the range
					spec.Values = append(spec.Values, math.NaN())
					continue
				}
				spec.Values = append(spec.Values, *x)
			}
		case "runs":
			var x float64
			if err := json.Unmarshal(v, &x); err != nil || x != math.Trunc(x) || x < 1 || x > maxExpRuns {
				return spec, fmt.Errorf("runs must be an integer in [1, %d], got %s", maxExpRuns, v)
			}
			spec.Runs = int(x)
		case "scenario":
			spec.Scenario = v
		case "seed":
			var x float64
			if err := json.Unmarshal(v, &x); err != nil || x != math.Trunc(x) || x < 0 || x > maxExpSeed {
				return spec, fmt.Errorf("seed must be an integer in [0, %d], got %s", uint64(maxExpSeed), v)
			}
			spec.Seed = uint64(x)
		default:
			return spec, fmt.Errorf("experiment spec: unknown field %q (known: kind, values, runs, seed, scenario)", name)
		}
	}
	if _, ok := raw["values"]; !ok || string(raw["values"]) == "null" {
		if k, ok := expKindByName(spec.Kind); ok {
			spec.Values = append([]float64(nil), k.Defaults...)
		}
	}
	return spec, nil
}
