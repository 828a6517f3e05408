//go:build js && wasm

package main

import (
	"encoding/json"
	"fmt"
	"syscall/js"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/view"
)

// exposeCourseAPI adds to window.gossip what the lesson pages, the timeline bar and share
// links use. Like the rest of the API, calls run in the game loop and return Promises.
func exposeCourseAPI(api js.Value, g *view.Game) {
	api.Set("seek", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeNumber || args[0].Float() < 0 {
			return rejected("seek needs a virtual time in milliseconds, ≥ 0")
		}
		t := core.Time(args[0].Float())
		return queued(g, func(g *view.Game) error { return g.SeekTo(t) })
	}))
	api.Set("backToLive", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { g.BackToLive(); return nil })
	}))
	api.Set("continueHere", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { g.ContinueHere(); return nil })
	}))
	// share() resolves to the link text ("v1.…") of the run up to the moment shown.
	api.Set("share", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queuedValue(g, func(g *view.Game) (any, error) { return g.ShareLink() })
	}))
	api.Set("openShare", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return rejected("openShare needs the link text (the share= parameter)")
		}
		text := args[0].String()
		return queued(g, func(g *view.Game) error { return g.OpenShare(text) })
	}))
	// loadScenario(text, fileName) parses a scenario file and starts it; errors name the file.
	api.Set("loadScenario", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return rejected("loadScenario needs the scenario file's text and its name")
		}
		text, name := args[0].String(), argString(args, 1, "scenario")
		return queued(g, func(g *view.Game) error {
			sc, err := core.ParseScenario([]byte(text))
			if err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
			return g.LoadScenario(sc, view.Caption{})
		})
	}))
	// parseLesson(fileName, text) validates a lesson file and returns it as an object (for the
	// page to render), or throws an Error naming the file and field. It runs at once: it does
	// not touch the game.
	api.Set("parseLesson", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString {
			panic(js.Global().Get("Error").New("parseLesson needs a file name and the file's text"))
		}
		l, err := lesson.Parse(args[0].String(), []byte(args[1].String()))
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		return map[string]any{"lesson": toJS(l)}
	}))
	// startLesson(fileName, text, {share, done, done_at_ms, done_this_run, compare, kept}) starts
	// the lesson's scenario, paused at the lesson's speed, and checks its tasks. With share (a
	// share link's text), that run is replayed instead and checked as it replays, and the ticks
	// (state().lesson.done, done_at_ms, done_this_run), the compared rows (state().lesson.compare)
	// and the rumor chart's kept curves (state().rumor_kept) come back (a reload mid-lesson).
	api.Set("startLesson", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString {
			return rejected("startLesson needs a file name and the file's text")
		}
		l, err := lesson.Parse(args[0].String(), []byte(args[1].String()))
		if err != nil {
			return rejected(err.Error())
		}
		var rs *view.LessonRestore
		if len(args) > 2 && args[2].Type() == js.TypeObject {
			rs = &view.LessonRestore{}
			text := js.Global().Get("JSON").Call("stringify", args[2]).String()
			if err := json.Unmarshal([]byte(text), rs); err != nil {
				return rejected(fmt.Sprintf("startLesson: the restore object: %v", err))
			}
		}
		return queued(g, func(g *view.Game) error { return g.StartLesson(&l, rs) })
	}))
	// retryStep() is "start this step again" at a dead end (state().lesson.status.stuck).
	api.Set("retryStep", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { return g.RetryLessonStep() })
	}))
	api.Set("stopLesson", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queued(g, func(g *view.Game) error { g.StopLesson(); return nil })
	}))
	api.Set("setCaption", js.FuncOf(func(this js.Value, args []js.Value) any {
		c := view.Caption{Title: argString(args, 0, ""), Text: argString(args, 1, "")}
		return queued(g, func(g *view.Game) error { g.SetCaption(c); return nil })
	}))
	api.Set("showError", js.FuncOf(func(this js.Value, args []js.Value) any {
		msg := argString(args, 0, "")
		if msg == "" {
			return rejected("showError needs a message")
		}
		return queued(g, func(g *view.Game) error { g.ShowError(msg); return nil })
	}))
}

func argString(args []js.Value, i int, def string) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return def
}

// queuedValue runs fn in the game loop and returns a Promise of its value.
func queuedValue(g *view.Game, fn func(*view.Game) (any, error)) js.Value {
	var resolve, reject js.Value
	executor := js.FuncOf(func(this js.Value, args []js.Value) any {
		resolve, reject = args[0], args[1]
		return nil
	})
	promise := js.Global().Get("Promise").New(executor)
	executor.Release()
	g.Do(func(g *view.Game) {
		v, err := fn(g)
		if err != nil {
			reject.Invoke(js.Global().Get("Error").New(err.Error()))
			return
		}
		resolve.Invoke(v)
	})
	return promise
}
