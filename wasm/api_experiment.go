//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"

	"gossiplab/core/experiment"
	"gossiplab/view"
)

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
		lim := experiment.BrowserLimits
		return toJS(map[string]any{"kinds": experiment.Kinds, "runs": experiment.DefaultRuns, "seed": g.State().Params.Seed,
			"max_values": lim.MaxValues, "max_runs": lim.MaxRuns, "max_n": lim.MaxN})
	}))
	exp.Set("plan", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeObject {
			panic(js.Global().Get("Error").New("experiment.plan needs a spec object"))
		}
		if st := g.State(); st.Source.Kind != "simulator" {
			return rejected(fmt.Sprintf("experiments run the simulator, not a %s: close it (× on its badge) first", st.Source.Kind))
		}
		spec, err := parseExpSpec(args[0], g.State().Params.Seed)
		if err == nil {
			var plan expPlan
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
		spec, err := parseExpSpec(args[0], g.State().Params.Seed)
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

// parseExpSpec reads a spec object from the page (experiment.ParseSpec).
func parseExpSpec(v js.Value, appSeed uint64) (experiment.Spec, error) {
	text := js.Global().Get("JSON").Call("stringify", v).String()
	return experiment.ParseSpec([]byte(text), appSeed, experiment.BrowserLimits)
}
