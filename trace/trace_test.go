package trace

import (
	"bytes"
	"strings"
	"testing"

	"gossiplab/core"
)

// A trace reads back as it was written.
func TestTraceRoundTrip(t *testing.T) {
	var b bytes.Buffer
	cfg := core.DefaultConfig()
	tw, err := NewWriter(&b, cfg, "processes")
	if err != nil {
		t.Fatal(err)
	}
	nodes := []Node{{ID: 0, Up: true, Generation: 2, List: []core.Entry{{Member: 0, Heartbeat: 5, Generation: 2, State: core.Alive, Updated: 900}},
		Sent: 4, SentBytes: 300}, {ID: 1, Up: false}}
	tw.Write(Frame{TimeMs: 100, Nodes: nodes})
	msgs := []Msg{{From: 0, To: 1, Kind: core.MsgPing, SentMs: 150, ArriveMs: 151, Bytes: 60, Entries: 1},
		{From: 1, To: 0, Kind: core.MsgGossip, SentMs: 160, ArriveMs: 1160, Bytes: 84, Entries: 3, Drop: core.DropDead}}
	tw.Write(Frame{TimeMs: 200, Nodes: nodes, Commands: []string{"node 1 killed (SIGKILL)"}, Messages: msgs})
	tr, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Header.Source != "processes" || tr.Header.Config.N != cfg.N || len(tr.Frames) != 2 {
		t.Fatalf("read back %+v", tr)
	}
	f := tr.Frames[1]
	if f.TimeMs != 200 || f.Commands[0] != "node 1 killed (SIGKILL)" || f.Nodes[0].List[0] != nodes[0].List[0] || f.Nodes[0].Sent != 4 || f.Nodes[1].Up {
		t.Errorf("frame 2 read back as %+v", f)
	}
	if len(f.Messages) != 2 || f.Messages[0] != msgs[0] || f.Messages[1] != msgs[1] {
		t.Errorf("messages read back as %+v, want %+v", f.Messages, msgs)
	}
}

// A trace that is not one, of another version, truncated, altered or out of order is refused,
// naming the line.
func TestTraceRefusals(t *testing.T) {
	var good bytes.Buffer
	tw, _ := NewWriter(&good, core.DefaultConfig(), "in-process")
	tw.Write(Frame{TimeMs: 100, Nodes: []Node{{ID: 0, Up: true}}})
	tw.Write(Frame{TimeMs: 200, Nodes: []Node{{ID: 0, Up: true}}, Messages: []Msg{{From: 0, To: 1, SentMs: 150, ArriveMs: 170}}})
	lines := strings.Split(strings.TrimSpace(good.String()), "\n")
	for _, c := range []struct {
		name, text, want string
	}{
		{"empty", "", "empty"},
		{"not a trace", `{"hello": 1}`, "line 1: not a Gossip Lab trace"},
		{"version 2", strings.Replace(lines[0], `"version":1`, `"version":2`, 1), "format version 2, this lab reads version 1"},
		{"bad config", strings.Replace(lines[0], `"period_ms":1000`, `"period_ms":0`, 1), "line 1: its config is invalid"},
		{"truncated", lines[0] + "\n" + lines[1][:len(lines[1])/2], "line 2: not a frame"},
		{"altered", lines[0] + "\n" + strings.Replace(lines[1], `"nodes"`, `"nodez"`, 1), "line 2: not a frame"},
		{"back in time", lines[0] + "\n" + lines[2] + "\n" + lines[1], "line 3: time 100 ms goes back from 200 ms"},
		{"arrives before sent", lines[0] + "\n" + strings.Replace(lines[2], `"arrive_ms":170`, `"arrive_ms":10`, 1), "line 2: messages[0]: arrives at 10 ms, before it was sent at 150 ms"},
		{"message to a stranger", lines[0] + "\n" + strings.Replace(lines[2], `"to":1`, `"to":-4`, 1), "line 2: messages[0]: nodes must be in [0, 10000)"},
		{"unknown kind", lines[0] + "\n" + strings.Replace(lines[2], `"kind":"gossip"`, `"kind":"shout"`, 1), "line 2: not a frame"},
		{"nodes out of order", lines[0] + "\n" + strings.Replace(lines[1], `"id":0`, `"id":3`, 1), "line 2: nodes[0] is node 3"},
		{"bad id", lines[0] + "\n" + strings.Replace(lines[1], `"id":0`, `"id":10000`, 1), "line 2: nodes[0] is node 10000"},
		{"bad loss", lines[0] + "\n" + strings.Replace(lines[1], `"loss":0`, `"loss":1.5`, 1), "line 2: loss must be in [0, 1), got 1.5"},
	} {
		if _, err := Read(strings.NewReader(c.text)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
