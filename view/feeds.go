package view

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"gossiplab/remote"
	"gossiplab/session"
	"gossiplab/trace"
)

// Showing a recorded trace or a live cluster instead of the simulator (the session's Feed):
// opening, the live connection's frames and notes, saving, closing.

// OpenTrace shows a recorded trace (read with trace.Read), playing from its start; name says
// where it came from (a file name, a URL). A trace without frames is refused.
func (g *Game) OpenTrace(tr trace.Trace, name string) error {
	f, err := session.OpenTrace(tr, name)
	if err != nil {
		return g.said(err)
	}
	closed := ""
	if g.link != nil {
		closed = " (the live cluster was closed: open its page again to watch it)"
	}
	g.dropLink()
	g.run.OpenFeed(f, nil)
	g.sync()
	g.flash(fmt.Sprintf("trace %s: %d nodes, %s recorded — Space plays and pauses, ← → move 5 s%s", name, f.Config().N, session.Clock(f.End()-f.Start()), closed))
	return nil
}

// OpenTraceText reads a trace from its text and shows it (the page's file picker, ?trace=).
func (g *Game) OpenTraceText(text, name string) error {
	tr, err := trace.Read(strings.NewReader(text))
	if err != nil {
		return g.said(fmt.Errorf("%s: %v", name, err))
	}
	return g.OpenTrace(tr, name)
}

// OpenLive shows the live cluster at the end of conn; its frames are drained every Update,
// and the session's commands go through it.
func (g *Game) OpenLive(conn *remote.Conn) {
	g.dropLink()
	g.link = conn
	g.run.OpenFeed(session.NewFeed(conn.Header(), conn.URL(), true), conn)
	g.sync()
	g.flash(fmt.Sprintf("live: real %s processes — click a node to kill it (SIGKILL), again to restart it; drag to partition",
		conn.Header().Config.Protocol))
}

// drainLink takes the live connection's new frames into the session and shows its notes.
func (g *Game) drainLink() {
	if g.link == nil {
		return
	}
	for range 1000 { // at most a second's worth a frame, should a backlog have built up
		select {
		case fr, ok := <-g.link.Frames(): // closed last: every frame received is taken
			if !ok {
				g.linkEnded()
				return
			}
			if err := g.run.PushFrame(fr); err != nil {
				g.flash("live: " + err.Error())
			}
		default:
			g.drainNotes()
			return
		}
	}
}

// drainNotes shows the supervisor's refusals (its other answers are in the log as commands).
func (g *Game) drainNotes() {
	for {
		select {
		case n, ok := <-g.link.Notes():
			if !ok {
				return // the frames' end says the connection ended
			}
			if n.Err {
				g.flash("the cluster says: " + n.Text)
			}
		default:
			return
		}
	}
}

// linkEnded: the supervisor went away. What it showed stays (and can be saved); the badge
// says the cluster is gone.
func (g *Game) linkEnded() {
	g.link = nil
	g.run.Pause() // the picture stops where the cluster was last seen
	g.sync()
	g.flash("the live cluster's connection ended (its supervisor stopped): what it showed stays — Save trace keeps it")
}

func (g *Game) dropLink() {
	if g.link != nil {
		g.link.Close()
		g.link = nil
	}
}

// CloseSource closes the trace or the live cluster shown and goes back to the simulator.
func (g *Game) CloseSource() {
	if g.run.Feed() == nil {
		return
	}
	g.dropLink()
	g.run.CloseFeed()
	g.sync()
}

// TraceText is what SaveTrace would save, as text.
func (g *Game) TraceText() (string, error) {
	f := g.run.Feed()
	if f == nil {
		return "", fmt.Errorf("traceText: no live cluster or trace is shown")
	}
	b, err := traceBytes(f)
	return string(b), err
}

// traceBytes is the feed's frames so far as a trace file.
func traceBytes(f *session.Feed) ([]byte, error) {
	var b bytes.Buffer
	err := f.WriteTrace(&b)
	return b.Bytes(), err
}

// SaveTrace hands what the live cluster or the trace shown has recorded so far to the platform
// as a trace file.
func (g *Game) SaveTrace() error {
	f := g.run.Feed()
	if f == nil {
		return fmt.Errorf("save_trace: only a live cluster or a trace is saved as a trace (the simulator has share links)")
	}
	if g.saveTrace == nil {
		return fmt.Errorf("save_trace: this app cannot save files")
	}
	b, err := traceBytes(f)
	if err != nil {
		return err
	}
	name := "gossiplab-trace.jsonl"
	if !f.Live() {
		name = strings.TrimSuffix(path.Base(f.Name()), ".jsonl") + "-copy.jsonl"
	}
	if err := g.saveTrace(name, b); err != nil {
		return fmt.Errorf("save_trace: %v", err)
	}
	g.flash(fmt.Sprintf("saved %s: %d frames, %s", name, len(f.Frames()), session.Clock(f.End()-f.Start())))
	return nil
}
