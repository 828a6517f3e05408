//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
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
	// do(name, ...args) carries out an action of the app's action table (view/actions.go) by
	// name, e.g. do("crash", 3), do("pitfall", "no_tombstone", true); the named calls below are
	// the same actions.
	api.Set("do", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return rejected(fmt.Sprintf(`do needs an action name, one of %s`, strings.Join(view.ActionNames(), ", ")))
		}
		return action(g, args[0].String(), words(args[1:])...)
	}))
	api.Set("pause", js.FuncOf(func(this js.Value, args []js.Value) any { return action(g, "pause") }))
	api.Set("play", js.FuncOf(func(this js.Value, args []js.Value) any { return action(g, "play") }))
	api.Set("step", js.FuncOf(func(this js.Value, args []js.Value) any { return action(g, "step") }))
	api.Set("advance", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeNumber || args[0].Float() < 0 || args[0].Float() > float64(core.MaxScenarioDuration) {
			return rejected(fmt.Sprintf("advance needs a number of milliseconds in [0, %d]", core.MaxScenarioDuration))
		}
		return action(g, "advance", words(args)...)
	}))
	api.Set("setSpeed", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeNumber {
			return rejected("setSpeed needs a number")
		}
		return action(g, "speed", words(args)...)
	}))
	api.Set("setProtocol", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected(`setProtocol needs a protocol name: "heartbeat", "swim" or "rumor"`)
		}
		return action(g, "protocol", words(args)...)
	}))
	api.Set("setCompare", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected(`setCompare needs "heartbeat,swim" (two protocols) or "" to close the split view`)
		}
		return action(g, "split", compareWords(args[0].String())...)
	}))
	api.Set("setMode", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected(`setMode needs a rumor mode: "push", "pull" or "pushpull"`)
		}
		return action(g, "mode", words(args)...)
	}))
	api.Set("setPitfall", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeBoolean {
			return rejected(`setPitfall needs a name and true/false, e.g. setPitfall("no_tombstone", true)`)
		}
		return action(g, "pitfall", words(args)...)
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
	exposeSourceAPI(api, g)
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

// action runs the action named name with its arguments in the game loop (view.Game.DoAction),
// and returns a Promise of its outcome.
func action(g *view.Game, name string, words ...string) js.Value {
	return queued(g, func(g *view.Game) error { return g.DoAction(name, words...) })
}

// words turns JS arguments into an action's words: numbers as Go writes them, true/false as
// on/off, anything else as its string.
func words(args []js.Value) []string {
	out := make([]string, len(args))
	for i, a := range args {
		switch a.Type() {
		case js.TypeNumber:
			out[i] = strconv.FormatFloat(a.Float(), 'g', -1, 64)
		case js.TypeBoolean:
			out[i] = map[bool]string{true: "on", false: "off"}[a.Bool()]
		default:
			out[i] = a.String()
		}
	}
	return out
}

// compareWords are setCompare's text as the split action's words: "heartbeat, swim" is two,
// "" none (close the split view).
func compareWords(spec string) []string {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	return strings.Split(spec, ",")
}

// queued runs fn in the game loop and returns a Promise of its outcome (null, or an Error).
func queued(g *view.Game, fn func(*view.Game) error) js.Value {
	return queuedValue(g, func(g *view.Game) (any, error) { return nil, fn(g) })
}

func rejected(msg string) js.Value {
	return js.Global().Get("Promise").Call("reject", js.Global().Get("Error").New(msg))
}
