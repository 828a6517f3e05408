package live

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
// once and replays it; a student attaches one to a report. ReadTrace refuses a trace that is
// truncated, altered or of another version, saying which line and why.

// TraceFormat and TraceVersion head every trace.
const (
	TraceFormat  = "gossiplab-trace"
	TraceVersion = 1
)

// TraceHeader is a trace's first line.
type TraceHeader struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Config  core.Config `json:"config"`
	Source  string      `json:"source"` // "processes" or "in-process"
}

// TraceFrame is one moment of the cluster: the time since it started, every node as last
// reported, and the commands applied since the frame before (e.g. "crash 3").
type TraceFrame struct {
	TimeMs   int64       `json:"t_ms"`
	Nodes    []TraceNode `json:"nodes"`
	Commands []string    `json:"commands,omitempty"`
}

// TraceNode is one node in a frame.
type TraceNode struct {
	ID         core.NodeID  `json:"id"`
	Up         bool         `json:"up"`
	Generation uint16       `json:"generation"`
	List       []core.Entry `json:"list"`
	Sent       uint64       `json:"sent"`
	SentBytes  uint64       `json:"sent_bytes"`
}

// Trace is a whole trace, read back.
type Trace struct {
	Header TraceHeader
	Frames []TraceFrame
}

// TraceWriter writes a trace as the cluster runs.
type TraceWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

// NewTraceWriter writes the header for a cluster of cfg.
func NewTraceWriter(w io.Writer, cfg core.Config, source string) (*TraceWriter, error) {
	bw := bufio.NewWriter(w)
	tw := &TraceWriter{w: bw, enc: json.NewEncoder(bw)}
	if err := tw.enc.Encode(TraceHeader{Format: TraceFormat, Version: TraceVersion, Config: cfg, Source: source}); err != nil {
		return nil, err
	}
	return tw, tw.w.Flush()
}

// Frame writes one frame of views at t since the start, with the commands applied since the
// last frame.
func (tw *TraceWriter) Frame(t int64, views []View, commands []string) error {
	f := TraceFrame{TimeMs: t, Commands: commands, Nodes: make([]TraceNode, 0, len(views))}
	for _, v := range views {
		f.Nodes = append(f.Nodes, TraceNode{ID: v.ID, Up: v.Up, Generation: v.Generation, List: v.List,
			Sent: v.Stats.Sent, SentBytes: v.Stats.SentBytes})
	}
	if err := tw.enc.Encode(f); err != nil {
		return err
	}
	return tw.w.Flush()
}

// ReadTrace reads a whole trace, refusing one of another format or version, a line that is not
// a frame (truncated or altered), times that go back, or a node outside the config's range.
func ReadTrace(r io.Reader) (Trace, error) {
	var tr Trace
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<28)
	if !sc.Scan() {
		return tr, fmt.Errorf("trace: empty")
	}
	if err := json.Unmarshal(sc.Bytes(), &tr.Header); err != nil || tr.Header.Format != TraceFormat {
		return tr, fmt.Errorf("trace line 1: not a Gossip Lab trace (want a header with format %q)", TraceFormat)
	}
	if tr.Header.Version != TraceVersion {
		return tr, fmt.Errorf("trace line 1: format version %d, this lab reads version %d", tr.Header.Version, TraceVersion)
	}
	if err := tr.Header.Config.Validate(); err != nil {
		return tr, fmt.Errorf("trace line 1: its config is invalid: %v", err)
	}
	last := int64(-1)
	for line := 2; sc.Scan(); line++ {
		var f TraceFrame
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&f); err != nil {
			return tr, fmt.Errorf("trace line %d: not a frame (truncated or altered): %v", line, err)
		}
		if f.TimeMs < last {
			return tr, fmt.Errorf("trace line %d: time %d ms goes back from %d ms", line, f.TimeMs, last)
		}
		last = f.TimeMs
		for _, n := range f.Nodes {
			if n.ID < 0 || int(n.ID) >= core.MaxNodes {
				return tr, fmt.Errorf("trace line %d: node id must be in [0, %d), got %d", line, core.MaxNodes, n.ID)
			}
			for _, e := range n.List {
				if e.Member < 0 || int(e.Member) >= core.MaxNodes {
					return tr, fmt.Errorf("trace line %d: node %d lists member %d, outside [0, %d)", line, n.ID, e.Member, core.MaxNodes)
				}
			}
		}
		tr.Frames = append(tr.Frames, f)
	}
	if err := sc.Err(); err != nil {
		return tr, fmt.Errorf("trace: %v", err)
	}
	return tr, nil
}
