//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"gossiplab/core"
	"gossiplab/view"
)

// exposeAPI installs window.gossip. Calls that change the simulation are queued and run at the
// start of the next Update (JS callbacks never touch the game state directly); they return a
// Promise that resolves to null, or rejects with an Error whose message says what was wrong.
func exposeAPI(w *webGame) {
	g := w.Game
	api := js.Global().Get("Object").New()
	api.Set("firstFrameMs", js.Null())
	api.Set("state", js.FuncOf(func(this js.Value, args []js.Value) any {
		return toJS(g.State())
	}))
	api.Set("frameStats", js.FuncOf(func(this js.Value, args []js.Value) any {
		frames, upd, draw := g.FrameStats()
		return toJS(map[string]any{"frames": frames, "update_ms": upd, "draw_ms": draw})
	}))
	api.Set("apply", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeObject {
			return rejected(`apply needs one command object, e.g. {op: "crash", node: 3}`)
		}
		var cmd core.Command
		text := js.Global().Get("JSON").Call("stringify", args[0]).String()
		if err := json.Unmarshal([]byte(text), &cmd); err != nil {
			return rejected(fmt.Sprintf("apply: %v", err))
		}
		return queued(g, func(g *view.Game) error { return g.Apply(cmd) })
	}))
	api.Set("pause", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { g.Pause(); return nil })
	}))
	api.Set("play", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { g.Play(); return nil })
	}))
	api.Set("step", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { g.StepPeriod(); return nil })
	}))
	api.Set("advance", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeNumber || args[0].Float() < 0 || args[0].Float() > float64(core.MaxScenarioDuration) {
			return rejected(fmt.Sprintf("advance needs a number of milliseconds in [0, %d]", core.MaxScenarioDuration))
		}
		ms := core.Time(args[0].Float())
		return queued(g, func(g *view.Game) error { g.AdvanceNow(ms); return nil })
	}))
	api.Set("setSpeed", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeNumber {
			return rejected("setSpeed needs a number")
		}
		x := args[0].Float()
		return queued(g, func(g *view.Game) error { return g.SetSpeed(x) })
	}))
	api.Set("setProtocol", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected(`setProtocol needs a protocol name: "heartbeat", "swim" or "rumor"`)
		}
		name := args[0].String()
		return queued(g, func(g *view.Game) error { return g.SetProtocol(name) })
	}))
	api.Set("setCompare", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected(`setCompare needs "heartbeat,swim" (two protocols) or "" to close the split view`)
		}
		spec := args[0].String()
		return queued(g, func(g *view.Game) error { return g.SetCompare(spec) })
	}))
	api.Set("setMode", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected(`setMode needs a rumor mode: "push", "pull" or "pushpull"`)
		}
		mode := args[0].String()
		return queued(g, func(g *view.Game) error { return g.SetRumorMode(mode) })
	}))
	api.Set("setPitfall", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeBoolean {
			return rejected(`setPitfall needs a name and true/false, e.g. setPitfall("no_tombstone", true)`)
		}
		name, on := args[0].String(), args[1].Bool()
		return queued(g, func(g *view.Game) error { return g.SetPitfall(name, on) })
	}))
	// key(code, key) is a key pressed outside the canvas (web/keys.js forwards it): it
	// resolves to whether the key does anything.
	api.Set("key", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return rejected(`key needs a KeyboardEvent.code, e.g. key("KeyA", "a")`)
		}
		code, key := args[0].String(), argString(args, 1, "")
		return queuedValue(g, func(g *view.Game) (any, error) { return g.PressKey(code, key), nil })
	}))
	// shift(down) tells the app that Shift is held on the page outside the canvas.
	api.Set("shift", js.FuncOf(func(this js.Value, args []js.Value) any {
		on := len(args) > 0 && args[0].Truthy()
		return queued(g, func(g *view.Game) error { g.SetPageShift(on); return nil })
	}))
	exposeCourseAPI(api, g)
	exposeExperimentAPI(api, g)
	js.Global().Set("gossip", api)
	if ready := js.Global().Get("onGossipReady"); ready.Type() == js.TypeFunction {
		ready.Invoke(api)
	}
}

// toJS turns a Go value into a plain JS object through JSON, so field names follow the json tags.
func toJS(v any) js.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return js.Null()
	}
	return js.Global().Get("JSON").Call("parse", string(b))
}

// queued runs fn in the game loop and returns a Promise of its outcome (null, or an Error).
func queued(g *view.Game, fn func(*view.Game) error) js.Value {
	return queuedValue(g, func(g *view.Game) (any, error) { return nil, fn(g) })
}

func rejected(msg string) js.Value {
	return js.Global().Get("Promise").Call("reject", js.Global().Get("Error").New(msg))
}
