// Package trace is the format of a recorded real run: what a supervisor saw of a cluster of real
// nodes, frame by frame, as JSON lines. It imports no network or clock, so the app (wasm) and
// the desktop read traces as the CLI writes them.
package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"gossiplab/core"
)

// A trace is what a supervisor saw of a real cluster, as JSON lines: a header (the format, its
// version, the cluster's config), then frames in time order — each node's state and list as
// last reported, and the commands applied since the previous frame. A lecturer records a run
// once and replays it; a student attaches one to a report. Read refuses a trace that is
// truncated, altered or of another version, saying which line and why.

// Format and Version head every trace.
const (
	Format  = "gossiplab-trace"
	Version = 1
)

// Header is a trace's first line.
type Header struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Config  core.Config `json:"config"`
	Source  string      `json:"source"` // "processes" or "in-process"
}

// Frame is one moment of the cluster: the time since it started, every node as last
// reported, the commands applied since the frame before (e.g. "crash 3"), and the messages
// whose fate became known since the frame before.
type Frame struct {
	TimeMs int64 `json:"t_ms"`
	// Loss is the loss the nodes inject now (it changes with "loss set to" commands): a viewer
	// that joins late, or plays a trace from its middle, shows the loss of the moment.
	Loss     float64  `json:"loss"`
	Nodes    []Node   `json:"nodes"`
	Commands []string `json:"commands,omitempty"`
	Messages []Msg    `json:"messages,omitempty"`
}

// Msg is one message a node sent, as its sender and its receiver reported it: times in ms
// since the cluster started; ArriveMs is when the receiver reported it, or when it was judged
// lost (Drop says why: the injected loss, a partition, a receiver that was down or never
// answered). A frame lists a message once, when its fate is known.
type Msg struct {
	From     core.NodeID     `json:"from"`
	To       core.NodeID     `json:"to"`
	Kind     core.MsgKind    `json:"kind"`
	About    core.NodeID     `json:"about"` // SWIM: a ping-req's target, or who an ack vouches for
	SentMs   int64           `json:"sent_ms"`
	ArriveMs int64           `json:"arrive_ms"`
	Bytes    int             `json:"bytes"`
	Entries  int             `json:"entries"`
	Drop     core.DropReason `json:"drop,omitempty"`
}

// Node is one node in a frame.
type Node struct {
	ID         core.NodeID  `json:"id"`
	Up         bool         `json:"up"`
	Left       bool         `json:"left,omitempty"`  // down because it left gracefully (else crashed)
	Group      int          `json:"group,omitempty"` // its partition group, 1…; 0 when none
	Generation uint16       `json:"generation"`
	List       []core.Entry `json:"list"`
	Sent       uint64       `json:"sent"`
	SentBytes  uint64       `json:"sent_bytes"`
}

// Trace is a whole trace, read back.
type Trace struct {
	Header Header
	Frames []Frame
}

// Writer writes a trace as the cluster runs.
type Writer struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewWriter writes the header for a cluster of cfg.
func NewWriter(w io.Writer, cfg core.Config, source string) (*Writer, error) {
	bw := bufio.NewWriter(w)
	tw := &Writer{w: bw, enc: json.NewEncoder(bw)}
	if err := tw.enc.Encode(Header{Format: Format, Version: Version, Config: cfg, Source: source}); err != nil {
		return nil, err
	}
	return tw, tw.w.Flush()
}

// Write writes one frame.
func (tw *Writer) Write(f Frame) error {
	if err := tw.enc.Encode(f); err != nil {
		return err
	}
	return tw.w.Flush()
}

// Read reads a whole trace, refusing one of another format or version, a line that is not
// a frame (truncated or altered), times that go back, or a node outside the config's range.
func Read(r io.Reader) (Trace, error) {
	var tr Trace
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<28)
	if !sc.Scan() {
		return tr, fmt.Errorf("trace: empty")
	}
	if err := json.Unmarshal(sc.Bytes(), &tr.Header); err != nil || tr.Header.Format != Format {
		return tr, fmt.Errorf("trace line 1: not a Gossip Lab trace (want a header with format %q)", Format)
	}
	if tr.Header.Version != Version {
		return tr, fmt.Errorf("trace line 1: format version %d, this lab reads version %d", tr.Header.Version, Version)
	}
	if err := tr.Header.Config.Validate(); err != nil {
		return tr, fmt.Errorf("trace line 1: its config is invalid: %v", err)
	}
	last := int64(-1)
	for line := 2; sc.Scan(); line++ {
		var f Frame
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return tr, fmt.Errorf("trace line %d: not a frame (truncated or altered): %v", line, err)
		}
		if f.TimeMs < last {
			return tr, fmt.Errorf("trace line %d: time %d ms goes back from %d ms", line, f.TimeMs, last)
		}
		last = f.TimeMs
		if err := f.Check(); err != nil {
			return tr, fmt.Errorf("trace line %d: %v", line, err)
		}
		tr.Frames = append(tr.Frames, f)
	}
	if err := sc.Err(); err != nil {
		return tr, fmt.Errorf("trace: %v", err)
	}
	return tr, nil
}

// MaxTimeMs bounds a frame's time: a year of a cluster.
const MaxTimeMs = 365 * 24 * 3600 * 1000

// Check refuses a frame whose nodes are not listed by id (0, 1, 2, …, fewer than core.MaxNodes),
// that lists a member outside that range, whose loss is not in [0, 1), or whose messages are
// between unknown nodes or arrive before they leave: what a trace file or a live connection
// must not bring into the app.
func (f *Frame) Check() error {
	if f.TimeMs < 0 || f.TimeMs > MaxTimeMs {
		return fmt.Errorf("time must be in [0, %d] ms (a year), got %d", MaxTimeMs, f.TimeMs)
	}
	if len(f.Nodes) > core.MaxNodes {
		return fmt.Errorf("%d nodes, more than the %d the lab draws", len(f.Nodes), core.MaxNodes)
	}
	if !(f.Loss >= 0 && f.Loss < 1) {
		return fmt.Errorf("loss must be in [0, 1), got %g", f.Loss)
	}
	for i, n := range f.Nodes {
		if int(n.ID) != i {
			return fmt.Errorf("nodes[%d] is node %d: a frame lists its nodes by id, 0, 1, 2, … (altered?)", i, n.ID)
		}
		for _, e := range n.List {
			if e.Member < 0 || int(e.Member) >= core.MaxNodes {
				return fmt.Errorf("node %d lists member %d, outside [0, %d)", n.ID, e.Member, core.MaxNodes)
			}
		}
	}
	return checkMessages(f.Messages)
}

// checkMessages refuses a message between nodes outside the range or arriving before it left.
func checkMessages(msgs []Msg) error {
	for i, m := range msgs {
		if m.From < 0 || int(m.From) >= core.MaxNodes || m.To < 0 || int(m.To) >= core.MaxNodes {
			return fmt.Errorf("messages[%d]: nodes must be in [0, %d), got %d → %d", i, core.MaxNodes, m.From, m.To)
		}
		if m.ArriveMs < m.SentMs {
			return fmt.Errorf("messages[%d]: arrives at %d ms, before it was sent at %d ms", i, m.ArriveMs, m.SentMs)
		}
	}
	return nil
}

// Reported appends the frame's nodes to dst as core.Tally takes them: up, left or crashed,
// with their lists and counters.
func (f *Frame) Reported(dst []core.Reported) []core.Reported {
	for _, n := range f.Nodes {
		st := core.StatusCrashed
		switch {
		case n.Up:
			st = core.StatusUp
		case n.Left:
			st = core.StatusLeft
		}
		dst = append(dst, core.Reported{ID: n.ID, Status: st, Generation: n.Generation, List: n.List,
			Sent: n.Sent, SentBytes: n.SentBytes})
	}
	return dst
}
