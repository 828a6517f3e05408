package live

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"gossiplab/core"
	"gossiplab/remote"
	"gossiplab/trace"
)

func wsURL(srv *httptest.Server) string { return "ws" + strings.TrimPrefix(srv.URL, "http") }

// An app connected to the hub gets the header and the recent frames, then each new frame; its
// command reaches the supervisor's loop, and the answer comes back as a note; when the hub
// closes, the app's connection ends and says so.
func TestHubCarriesFramesAndCommands(t *testing.T) {
	hdr := trace.Header{Format: trace.Format, Version: trace.Version, Config: core.DefaultConfig(), Source: "processes"}
	hub := NewHub(hdr, time.Second)
	srv := httptest.NewServer(hub)
	defer srv.Close()
	hub.Broadcast(trace.Frame{TimeMs: 100})
	hub.Broadcast(trace.Frame{TimeMs: 1500}) // the one at 100 ms is older than a second by now
	conn, err := remote.Dial(wsURL(srv), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if conn.Header().Config.N != hdr.Config.N || conn.Header().Source != "processes" {
		t.Fatalf("header %+v", conn.Header())
	}
	if fr := <-conn.Frames(); fr.TimeMs != 1500 {
		t.Fatalf("a newcomer's first frame is at %d ms, want the recent one at 1500", fr.TimeMs)
	}
	hub.Broadcast(trace.Frame{TimeMs: 1600, Nodes: []trace.Node{{ID: 0, Up: true}}})
	if fr := <-conn.Frames(); fr.TimeMs != 1600 || len(fr.Nodes) != 1 {
		t.Fatalf("the next frame: %+v", fr)
	}
	if err := conn.Command(core.Command{Op: core.OpCrash, Node: 3}); err != nil {
		t.Fatal(err)
	}
	req := <-hub.Commands()
	if req.Command.Op != core.OpCrash || req.Command.Node != 3 {
		t.Fatalf("the supervisor got %+v", req.Command)
	}
	req.Reply <- Answer{Said: "node 3 killed (SIGKILL)"}
	if n := <-conn.Notes(); n.Err || n.Text != "node 3 killed (SIGKILL)" {
		t.Fatalf("note %+v", n)
	}
	conn.Command(core.Command{Op: core.OpRestart, Node: 9})
	req = <-hub.Commands()
	req.Reply <- Answer{Err: errString("node must be in [0, 7], got 9")}
	if n := <-conn.Notes(); !n.Err || !strings.Contains(n.Text, "[0, 7]") {
		t.Fatalf("refusal note %+v", n)
	}
	if hub.Clients() != 1 {
		t.Errorf("%d clients, want 1", hub.Clients())
	}
	hub.Close()
	for range conn.Frames() {
	}
	if n := <-conn.Notes(); !n.Err || !strings.Contains(n.Text, "went away") {
		t.Errorf("after the hub closed: %+v", n)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// A message that is not a command envelope is answered with an error naming what is wanted,
// and the connection goes on.
func TestHubRefusesGarbage(t *testing.T) {
	hub := NewHub(trace.Header{Format: trace.Format, Version: trace.Version, Config: core.DefaultConfig()}, time.Second)
	srv := httptest.NewServer(hub)
	defer srv.Close()
	defer hub.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, wsURL(srv), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	c.Read(ctx) // hello
	for _, garbage := range []string{"not json", `{"type":"command"}`, `{"type":"shout","command":{"op":"crash"}}`} {
		c.Write(ctx, websocket.MessageText, []byte(garbage))
		_, b, err := c.Read(ctx)
		var env trace.Envelope
		if err != nil || json.Unmarshal(b, &env) != nil || env.Type != trace.TypeError || !strings.Contains(env.Text, `{"type":"command","command":{…}}`) {
			t.Errorf("%q: answered %s (%v)", garbage, b, err)
		}
	}
}

// Dialling what is not a Gossip Lab cluster says so, naming the address.
func TestRemoteDialRefusals(t *testing.T) {
	if _, err := remote.Dial("http://127.0.0.1:1/live", time.Second); err == nil || !strings.Contains(err.Error(), "live must be a WebSocket address") {
		t.Errorf("an http URL: %v", err)
	}
	if _, err := remote.Dial("ws://127.0.0.1:1/live", 2*time.Second); err == nil || !strings.Contains(err.Error(), "cannot connect to the cluster at ws://127.0.0.1:1/live") {
		t.Errorf("nobody there: %v", err)
	}
	other := httptest.NewServer(websocketEcho{})
	defer other.Close()
	if _, err := remote.Dial(wsURL(other), 2*time.Second); err == nil || !strings.Contains(err.Error(), "did not greet as a Gossip Lab cluster") {
		t.Errorf("another WebSocket server: %v", err)
	}
}

// websocketEcho is a WebSocket server that is not a cluster: it greets with something else.
type websocketEcho struct{}

func (websocketEcho) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.Write(r.Context(), websocket.MessageText, []byte(`{"hello":"world"}`))
	c.Read(r.Context())
}

// A page of another site cannot drive the cluster (unless --origin names it); an app that left
// is forgotten; after Close a newcomer is turned away.
func TestHubOriginsLeaversAndClose(t *testing.T) {
	hub := NewHub(trace.Header{Format: trace.Format, Version: trace.Version, Config: core.DefaultConfig()}, time.Second)
	srv := httptest.NewServer(hub)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, _, err := websocket.Dial(ctx, wsURL(srv), &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"http://evil.example"}}}); err == nil {
		t.Errorf("a page of another site connected")
	}
	hub.Origins = []string{"course.example.org"}
	c, _, err := websocket.Dial(ctx, wsURL(srv), &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"https://course.example.org"}}})
	if err != nil {
		t.Fatalf("a page of an allowed site: %v", err)
	}
	c.Read(ctx)
	c.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(3 * time.Second)
	for hub.Clients() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if hub.Clients() != 0 {
		t.Errorf("an app that left is still a client")
	}
	hub.Close()
	if conn, err := remote.Dial(wsURL(srv), 2*time.Second); err == nil {
		conn.Close()
		t.Errorf("a newcomer was taken after Close")
	}
}
