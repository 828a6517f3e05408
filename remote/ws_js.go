//go:build js && wasm

package remote

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall/js"
)

// browserWS is the browser's own WebSocket: its events go to channels, so that reading blocks
// a goroutine, never the page.
type browserWS struct {
	ws     js.Value
	msgs   chan []byte
	closed chan struct{}
	why    string
	funcs  []js.Func
}

func dialTransport(ctx context.Context, url string) (transport, error) {
	w := &browserWS{msgs: make(chan []byte, 1024), closed: make(chan struct{})}
	var ws js.Value
	func() {
		defer func() {
			if r := recover(); r != nil { // the constructor throws on a malformed URL
				w.why = fmt.Sprint(r)
			}
		}()
		ws = js.Global().Get("WebSocket").New(url)
	}()
	if w.why != "" {
		return nil, errors.New(w.why)
	}
	w.ws = ws
	open := make(chan struct{})
	on := func(name string, fn func(ev js.Value)) {
		f := js.FuncOf(func(this js.Value, args []js.Value) any { fn(args[0]); return nil })
		w.funcs = append(w.funcs, f)
		ws.Set(name, f)
	}
	on("onopen", func(js.Value) { close(open) })
	on("onmessage", func(ev js.Value) { // never blocks: a JS callback that blocks stops the page
		if d := ev.Get("data"); d.Type() == js.TypeString {
			select {
			case w.msgs <- []byte(d.String()):
			case <-w.closed:
			default: // nobody has read for a long while (a hidden tab): end rather than stall
				w.why = "the app fell too far behind the cluster (a hidden tab?): reload the page to watch it again"
				w.ws.Call("close") // its callbacks are released by close(), not from inside one
				w.shut()
			}
		}
	})
	on("onclose", func(ev js.Value) {
		w.why = strings.TrimSpace(fmt.Sprintf("closed (code %d) %s", ev.Get("code").Int(), ev.Get("reason").String()))
		w.shut()
	})
	on("onerror", func(js.Value) {})
	select {
	case <-open:
		return w, nil
	case <-w.closed:
		w.close()
		return nil, errors.New(w.why)
	case <-ctx.Done():
		w.close()
		return nil, ctx.Err()
	}
}

func (w *browserWS) shut() {
	select {
	case <-w.closed:
	default:
		close(w.closed)
	}
}

func (w *browserWS) read(ctx context.Context) ([]byte, error) {
	select {
	case b := <-w.msgs:
		return b, nil
	case <-w.closed:
		select { // what came before the close first
		case b := <-w.msgs:
			return b, nil
		default:
		}
		return nil, errors.New(w.why)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (w *browserWS) write(ctx context.Context, b []byte) error {
	select {
	case <-w.closed:
		return errors.New(w.why)
	default:
	}
	w.ws.Call("send", string(b))
	return nil
}

func (w *browserWS) close() {
	w.ws.Call("close")
	w.shut()
	for _, name := range []string{"onopen", "onmessage", "onclose", "onerror"} { // the socket calls nothing more
		w.ws.Set(name, js.Null())
	}
	for _, f := range w.funcs {
		f.Release()
	}
	w.funcs = nil
}
