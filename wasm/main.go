//go:build js && wasm

// Command wasm is Gossip Lab in the browser: it reads the URL parameters, exposes the JS API
// window.gossip for lesson pages, embedding and tests, and runs the shared view with Ebiten.
package main

import (
	"net/url"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/view"
)

func main() {
	query, _ := url.ParseQuery(trimQuestion(js.Global().Get("location").Get("search").String()))
	opts, problems := view.ParseParams(func(name string) (string, bool) {
		v, ok := query[name]
		if !ok || len(v) == 0 {
			return "", false
		}
		return v[len(v)-1], true
	})
	opts.Errors = problems
	opts.HiDPI = true // crisp text on high-density screens; state() stays in CSS pixels
	opts.SaveTrace = downloadTrace
	game, err := view.NewGame(opts)
	if err != nil {
		showFatal("Gossip Lab could not start: " + err.Error())
		return
	}
	web := &webGame{Game: game}
	exposeAPI(web)
	openSources(game, query)
	ebiten.SetWindowTitle("Gossip Lab")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	if err := ebiten.RunGame(web); err != nil {
		showFatal("Gossip Lab stopped: " + err.Error())
	}
}

func trimQuestion(s string) string {
	if len(s) > 0 && s[0] == '?' {
		return s[1:]
	}
	return s
}

// showFatal replaces the page with a message: never a blank canvas.
func showFatal(msg string) {
	doc := js.Global().Get("document")
	box := doc.Call("getElementById", "fatal")
	if box.IsNull() {
		js.Global().Call("alert", msg)
		return
	}
	box.Set("textContent", msg)
	box.Set("hidden", false)
	js.Global().Set("gossipLoadError", msg)
}

// webGame records the moment of the first frame for window.gossip.firstFrameMs.
type webGame struct {
	*view.Game
	drawn bool
}

func (w *webGame) Draw(screen *ebiten.Image) {
	w.Game.Draw(screen)
	if !w.drawn {
		w.drawn = true
		js.Global().Get("gossip").Set("firstFrameMs", js.Global().Get("performance").Call("now"))
	}
}
