//go:build js && wasm

package main

import (
	"fmt"
	"net/url"
	"syscall/js"
	"time"

	"gossiplab/remote"
	"gossiplab/view"
)

// Sources other than the simulator, in the browser: ?live=ws://… attaches to a real cluster's
// supervisor (gossiplab cluster prints the address), ?trace=URL opens a recorded trace, and
// gossip.openTrace(text, name) opens one the page read (its file picker). Save trace downloads
// the trace shown.

// openSources starts what the URL asks for; failures go to the banner, never a blank canvas.
func openSources(g *view.Game, query url.Values) {
	if live := query.Get("live"); live != "" {
		if err := remote.CheckURL("live", live); err != nil {
			g.Do(func(g *view.Game) { g.ShowError(err.Error()) })
		} else {
			go func() {
				conn, err := remote.Dial(live, 10*time.Second)
				g.Do(func(g *view.Game) {
					if err != nil {
						g.ShowError("live: " + err.Error())
						return
					}
					g.OpenLive(conn)
				})
			}()
		}
	}
	if src := query.Get("trace"); src != "" {
		go func() {
			text, err := fetchText(src)
			g.Do(func(g *view.Game) {
				if err != nil {
					g.ShowError("trace: " + err.Error())
					return
				}
				if err := g.OpenTraceText(text, src); err != nil {
					g.ShowError("trace: " + err.Error())
				}
			})
		}()
	}
}

// fetchText reads a URL (relative to the page) as text with the browser's fetch (Go's net/http
// would add megabytes to the wasm).
func fetchText(src string) (string, error) {
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	var onOK, onText, onErr js.Func
	release := func() { onOK.Release(); onText.Release(); onErr.Release() }
	onErr = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{err: fmt.Errorf("cannot fetch %s: %s (a trace on another site must allow this one to read it; Open trace… reads a file)", src, args[0].Call("toString").String())}
		return nil
	})
	onText = js.FuncOf(func(this js.Value, args []js.Value) any {
		done <- result{text: args[0].String()}
		return nil
	})
	onOK = js.FuncOf(func(this js.Value, args []js.Value) any {
		resp := args[0]
		if !resp.Get("ok").Bool() {
			done <- result{err: fmt.Errorf("fetching %s: HTTP %d", src, resp.Get("status").Int())}
			return nil
		}
		resp.Call("text").Call("then", onText, onErr)
		return nil
	})
	js.Global().Call("fetch", src).Call("then", onOK, onErr)
	r := <-done
	release()
	return r.text, r.err
}

// exposeSourceAPI adds gossip.openTrace(text, name), gossip.closeSource() and
// gossip.traceText() (what Save trace would download, for tests and pages).
func exposeSourceAPI(api js.Value, g *view.Game) {
	api.Set("openTrace", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return rejected("openTrace needs the trace's text (and optionally its name)")
		}
		text, name := args[0].String(), "trace"
		if len(args) > 1 && args[1].Type() == js.TypeString {
			name = args[1].String()
		}
		return queued(g, func(g *view.Game) error {
			err := g.OpenTraceText(text, name)
			if err != nil { // a refusal stays in the banner (a toast fades before it is read)
				g.ShowError("trace: " + err.Error())
			}
			return err
		})
	}))
	api.Set("closeSource", js.FuncOf(func(this js.Value, args []js.Value) any { return action(g, "close_source") }))
	api.Set("traceText", js.FuncOf(func(this js.Value, args []js.Value) any {
		return queuedValue(g, func(g *view.Game) (any, error) { return g.TraceText() })
	}))
}

// downloadTrace is the browser's Options.SaveTrace: the file is downloaded.
func downloadTrace(name string, data []byte) error {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New(js.ValueOf([]any{arr}), map[string]any{"type": "application/x-ndjson"})
	href := js.Global().Get("URL").Call("createObjectURL", blob)
	a := js.Global().Get("document").Call("createElement", "a")
	a.Set("href", href)
	a.Set("download", name)
	js.Global().Get("document").Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", href)
		revoke.Release()
		return nil
	})
	js.Global().Call("setTimeout", revoke, 10000)
	return nil
}

