package live

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"

	"gossiplab/core"
	"gossiplab/trace"
)

// Hub is the supervisor's end of the app's live connections (trace.Envelope over a WebSocket,
// github.com/coder/websocket): every client gets the cluster's header, the recent frames, then
// each frame as it is made; the commands clients send wait in Commands for the supervisor's
// loop, which answers each on its Reply.
type Hub struct {
	header  trace.Header
	cmds    chan Request
	mu      sync.Mutex
	clients map[*hubClient]struct{}
	recent  []recentFrame
	keep    time.Duration // how much history a newcomer gets
	closed  bool
	// Origins are the other sites whose pages may connect (coder/websocket's OriginPatterns,
	// e.g. "course.example.org"); a page of the hub's own address always may, and a program
	// (the desktop) sends no origin. Empty: no other site — a page elsewhere cannot drive the
	// cluster's processes behind its viewer's back.
	Origins []string
}

// recentFrame is a frame kept for newcomers, encoded once.
type recentFrame struct {
	t   int64
	env []byte
}

// Request is one command from an app, and where its answer goes: the supervisor's words for
// what it did, or why it could not.
type Request struct {
	Command core.Command
	Reply   chan<- Answer
}

// Answer is what the supervisor says of a command.
type Answer struct {
	Said string
	Err  error
}

type hubClient struct {
	out chan []byte // encoded envelopes
}

// hubBacklog is how many envelopes a client may be behind before it is dropped (a stalled tab).
const hubBacklog = 1024

// NewHub makes a hub for a cluster of header; a newcomer gets the frames of the last keep.
func NewHub(header trace.Header, keep time.Duration) *Hub {
	return &Hub{header: header, cmds: make(chan Request), clients: map[*hubClient]struct{}{}, keep: keep}
}

// Commands are the apps' commands, for the supervisor's loop.
func (h *Hub) Commands() <-chan Request { return h.cmds }

// Clients is how many apps are connected.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Broadcast sends a frame to every app and keeps it for newcomers.
func (h *Hub) Broadcast(f trace.Frame) {
	env, err := json.Marshal(trace.Envelope{Type: trace.TypeFrame, Frame: &f}) // once, for all
	if err != nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recent = append(h.recent, recentFrame{f.TimeMs, env})
	cut := 0
	for cut < len(h.recent) && time.Duration(f.TimeMs-h.recent[cut].t)*time.Millisecond > h.keep {
		cut++
	}
	h.recent = h.recent[cut:]
	for c := range h.clients {
		h.send(c, env)
	}
}

// Close ends every app's connection.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for c := range h.clients {
		delete(h.clients, c)
		close(c.out)
	}
}

// send queues env for c, dropping c if it is too far behind (its connection then closes).
func (h *Hub) send(c *hubClient, env []byte) {
	select {
	case c.out <- env:
	default:
		delete(h.clients, c)
		close(c.out)
	}
}

// ServeHTTP upgrades a request to the live connection and serves it until either side ends.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: h.Origins})
	if err != nil {
		return // coder/websocket has answered (403 for a page of another site)
	}
	conn.SetReadLimit(1 << 16)
	c := &hubClient{out: make(chan []byte, hubBacklog)}
	hello, _ := json.Marshal(trace.Envelope{Type: trace.TypeHello, Header: &h.header})
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		conn.Close(websocket.StatusGoingAway, "the cluster's supervisor has stopped")
		return
	}
	c.out <- hello
	for _, f := range h.recent {
		if len(c.out) < hubBacklog-16 {
			c.out <- f.env
		}
	}
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() { h.read(ctx, conn, c); cancel() }() // the app left: this handler ends too
	defer func() {
		h.mu.Lock()
		if _, ok := h.clients[c]; ok {
			delete(h.clients, c)
			close(c.out)
		}
		h.mu.Unlock()
	}()
	for {
		select {
		case b, ok := <-c.out:
			if !ok { // dropped as too far behind, or the hub closed
				conn.Close(websocket.StatusGoingAway, "the cluster's supervisor stopped sending")
				return
			}
			wctx, wcancel := context.WithTimeout(ctx, 5*time.Second)
			err := conn.Write(wctx, websocket.MessageText, b)
			wcancel()
			if err != nil {
				return
			}
		case <-ctx.Done():
			conn.Close(websocket.StatusNormalClosure, "")
			return
		}
	}
}

// read takes an app's commands, hands them to the supervisor and sends back its answers.
func (h *Hub) read(ctx context.Context, conn *websocket.Conn, c *hubClient) {
	defer conn.CloseNow()
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var env trace.Envelope
		if err := json.Unmarshal(b, &env); err != nil || env.Type != trace.TypeCommand || env.Command == nil {
			h.reply(c, Answer{Err: fmt.Errorf(`a message must be {"type":"command","command":{…}}, got %.80q`, b)})
			continue
		}
		reply := make(chan Answer, 1)
		select {
		case h.cmds <- Request{Command: *env.Command, Reply: reply}:
		case <-ctx.Done():
			return
		}
		select {
		case a := <-reply:
			h.reply(c, a)
		case <-ctx.Done():
			return
		}
	}
}

func (h *Hub) reply(c *hubClient, a Answer) {
	env := trace.Envelope{Type: trace.TypeSaid, Text: a.Said}
	if a.Err != nil {
		env = trace.Envelope{Type: trace.TypeError, Text: a.Err.Error()}
	}
	b, _ := json.Marshal(env)
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		h.send(c, b)
	}
}
