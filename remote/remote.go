// Package remote is the app's end of a real cluster's live connection (trace.Envelope over a
// WebSocket): the desktop and the web app open it; the view drains its frames into the session,
// and the session's commands go back through it (Conn is a session.Cluster). Natively the
// WebSocket is github.com/coder/websocket's (ws_native.go); in the browser it is the browser's
// own WebSocket (ws_js.go), which spares the wasm Go's net/http (1.7 MB compressed).
package remote

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"gossiplab/core"
	"gossiplab/trace"
)

// Conn is an open live connection.
type Conn struct {
	url    string
	conn   transport
	header trace.Header
	frames chan trace.Frame
	notes  chan Note
	cmds   chan core.Command
	ctx    context.Context
	cancel context.CancelFunc
}

// Note is a line from the supervisor: what a command did (Err false) or why it could not, or
// that the connection ended.
type Note struct {
	Text string
	Err  bool
}

// CheckURL refuses an address that is not a ws:// or wss:// URL, naming the parameter.
func CheckURL(param, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return fmt.Errorf("%s must be a WebSocket address such as ws://127.0.0.1:8090/live (gossiplab cluster prints it), got %q", param, raw)
	}
	return nil
}

// Dial connects to a supervisor's live address and reads its hello (within timeout).
func Dial(rawURL string, timeout time.Duration) (*Conn, error) {
	if err := CheckURL("live", rawURL); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	dctx, dcancel := context.WithTimeout(ctx, timeout)
	defer dcancel()
	ws, err := dialTransport(dctx, rawURL)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("cannot connect to the cluster at %s: %v (is gossiplab cluster running?)", rawURL, err)
	}
	b, err := ws.read(dctx)
	var hello trace.Envelope
	if err == nil {
		err = json.Unmarshal(b, &hello)
	}
	if err != nil || hello.Type != trace.TypeHello || hello.Header == nil {
		ws.close()
		cancel()
		return nil, fmt.Errorf("%s did not greet as a Gossip Lab cluster (no hello with its header): %v", rawURL, err)
	}
	if hello.Header.Format != trace.Format {
		ws.close()
		cancel()
		return nil, fmt.Errorf("%s did not greet as a Gossip Lab cluster (format %q)", rawURL, hello.Header.Format)
	}
	if hello.Header.Version != trace.Version {
		ws.close()
		cancel()
		return nil, fmt.Errorf("the cluster at %s speaks format version %d, this app version %d", rawURL, hello.Header.Version, trace.Version)
	}
	if err := hello.Header.Config.Validate(); err != nil {
		ws.close()
		cancel()
		return nil, fmt.Errorf("the cluster at %s sent a config the lab refuses: %v", rawURL, err)
	}
	c := &Conn{url: rawURL, conn: ws, header: *hello.Header, frames: make(chan trace.Frame, 4096),
		notes: make(chan Note, 64), cmds: make(chan core.Command, 64), ctx: ctx, cancel: cancel}
	go c.read()
	go c.write()
	return c, nil
}

// Header is the cluster's header (its config, where it runs).
func (c *Conn) Header() trace.Header { return c.header }

// URL is where the connection goes.
func (c *Conn) URL() string { return c.url }

// Frames are the cluster's frames as they come; Notes the supervisor's answers and, when the
// connection ends, why (an error note). Both are closed at the end.
func (c *Conn) Frames() <-chan trace.Frame { return c.frames }
func (c *Conn) Notes() <-chan Note         { return c.notes }

// Command sends a command to the supervisor without waiting (its answer comes as a Note).
func (c *Conn) Command(cmd core.Command) error {
	select {
	case c.cmds <- cmd:
		return nil
	case <-c.ctx.Done():
		return fmt.Errorf("the connection to the cluster at %s has ended", c.url)
	default:
		return fmt.Errorf("the cluster at %s is not taking commands (64 waiting)", c.url)
	}
}

// Close ends the connection.
func (c *Conn) Close() {
	c.cancel()
	c.conn.close()
}

func (c *Conn) read() {
	defer close(c.frames)
	defer close(c.notes)
	for {
		b, err := c.conn.read(c.ctx)
		if err != nil {
			if c.ctx.Err() == nil {
				c.note(Note{Text: fmt.Sprintf("the cluster at %s went away: %v", c.url, err), Err: true})
			}
			c.cancel()
			c.conn.close()
			return
		}
		var env trace.Envelope
		if json.Unmarshal(b, &env) != nil {
			c.note(Note{Text: fmt.Sprintf("the cluster sent a message that is not an envelope: %.80q", b), Err: true})
			continue
		}
		switch {
		case env.Type == trace.TypeFrame && env.Frame != nil:
			select {
			case c.frames <- *env.Frame:
			case <-c.ctx.Done():
				return
			}
		case env.Type == trace.TypeSaid:
			c.note(Note{Text: env.Text})
		case env.Type == trace.TypeError:
			c.note(Note{Text: env.Text, Err: true})
		}
	}
}

func (c *Conn) note(n Note) {
	select {
	case c.notes <- n:
	default: // nobody reads: drop
	}
}

func (c *Conn) write() {
	for {
		select {
		case cmd := <-c.cmds:
			b, _ := json.Marshal(trace.Envelope{Type: trace.TypeCommand, Command: &cmd})
			if err := c.conn.write(c.ctx, b); err != nil {
				return
			}
		case <-c.ctx.Done():
			return
		}
	}
}

// transport is one WebSocket: text messages in and out.
type transport interface {
	read(ctx context.Context) ([]byte, error)
	write(ctx context.Context, b []byte) error
	close()
}
