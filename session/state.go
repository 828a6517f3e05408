package session

import (
	"fmt"

	"gossiplab/core"
)

// State is the run as published for the JS API and tests: the part of the app's JSON state
// that is the session's (the view adds the picture's: node positions, controls, …).
type State struct {
	TimeMs  int64       `json:"time_ms"`
	Paused  bool        `json:"paused"`
	Speed   float64     `json:"speed"`
	Params  core.Config `json:"params"`
	Metrics core.Sample `json:"metrics"`
	Totals  core.Totals `json:"totals"`
	// TraceHash fingerprints everything the run shown has done (equal runs, equal hashes);
	// Copy formats it from Hash, so that publishing each frame allocates nothing.
	TraceHash string `json:"trace_hash"`
	Hash      uint64 `json:"-"`
	// Timeline is the time-travel state; Lesson the running lesson's checks (absent without
	// one); Caption the title and caption over the cluster; Scenario the loaded scenario's name.
	Timeline TimelineState `json:"timeline"`
	Lesson   *LessonState  `json:"lesson,omitempty"`
	Caption  Caption       `json:"caption"`
	Scenario string        `json:"scenario"`
	// Compare is the split view's table, one row per protocol (left, right); absent when the
	// split view is closed.
	Compare []CompareRow `json:"compare,omitempty"`
	// Source says what the run shown comes from: the simulator, a recorded trace or a live
	// cluster of real processes.
	Source SourceState `json:"source"`
	// ShareLink is the live run as a share link, as of its last timed command (made again only
	// when a command is added, so publishing allocates nothing in between): what a page saves
	// synchronously as it unloads. "" in the split view.
	ShareLink string `json:"share_link"`
	linkTL    *core.Timeline
	linkCmds  int
}

// PublishInto brings p up to date with the frame of the last Refresh, reusing p's buffers: it
// does not allocate once they have grown (except to make the share link again after a command).
func (s *Session) PublishInto(p *State) {
	snap := &s.frame.Runs[0].Snap
	p.TimeMs = int64(snap.Time)
	p.Paused, p.Speed = s.paused, s.speed
	seeds := p.Params.Seeds
	p.Params = snap.Config
	p.Params.Seeds = append(seeds[:0], snap.Config.Seeds...)
	p.Metrics, p.Totals = snap.Metrics.Latest, snap.Metrics.Totals
	p.Hash = s.TraceHash()
	p.Source = s.sourceState()
	p.Timeline = s.TimelineState()
	p.Lesson = s.LessonState(p.Lesson)
	p.Caption, p.Scenario = s.caption, s.name
	s.publishLink(p)
	rows := s.CompareRows()
	if rows == nil {
		p.Compare = nil
		return
	}
	for len(p.Compare) < len(rows) {
		p.Compare = append(p.Compare, CompareRow{})
	}
	p.Compare = p.Compare[:len(rows)]
	for i := range rows {
		crashed := p.Compare[i].Crashed
		p.Compare[i] = rows[i]
		p.Compare[i].Crashed = append(crashed[:0], rows[i].Crashed...)
	}
}

// publishLink makes p.ShareLink again when the live run has a new command or is a new run.
func (s *Session) publishLink(p *State) {
	if s.twin != nil || s.feed != nil {
		p.ShareLink, p.linkTL = "", nil
		return
	}
	if s.live != nil || s.tl == nil {
		return
	}
	if s.tl == p.linkTL && s.tl.Len() == p.linkCmds {
		return
	}
	p.linkTL, p.linkCmds = s.tl, s.tl.Len()
	p.ShareLink, _ = core.EncodeShare(s.tl.Share(s.sim.Now())) // "" if too long for a link
}

// Copy is a deep copy of p, with TraceHash formatted: safe to hand to another goroutine.
func (p *State) Copy() State {
	st := *p
	st.Params.Seeds = append([]core.NodeID(nil), p.Params.Seeds...)
	st.TraceHash = fmt.Sprintf("%016x", p.Hash)
	st.Lesson = p.Lesson.Copy()
	st.linkTL = nil
	if p.Compare != nil {
		st.Compare = make([]CompareRow, len(p.Compare))
		for i, r := range p.Compare {
			r.Crashed = append([]int{}, r.Crashed...)
			st.Compare[i] = r
		}
	}
	return st
}

// SourceState is the source shown, as published: its kind (KindSimulator, KindTrace or
// KindLive), where it comes from, how many nodes it has and how many are up, and the span of
// its frames (a trace's or a live cluster's, in ms).
type SourceState struct {
	Kind    string `json:"kind"`
	Name    string `json:"name,omitempty"`
	Nodes   int    `json:"nodes"`
	Up      int    `json:"up"`
	StartMs int64  `json:"start_ms"`
	EndMs   int64  `json:"end_ms"`
	Frames  int    `json:"frames"`
}

func (s *Session) sourceState() SourceState {
	snap := &s.frame.Runs[0].Snap
	st := SourceState{Kind: s.SourceKind(), Nodes: len(snap.Nodes), Up: snap.Metrics.Latest.Up}
	if f := s.feed; f != nil {
		st.Name, st.StartMs, st.EndMs, st.Frames = f.Name(), int64(f.Start()), int64(f.End()), len(f.Frames())
	}
	return st
}
