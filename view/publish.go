package view

import (
	"maps"
	"slices"
	"sync"
	"time"
)

// publisher is all of the Game that other goroutines touch (JS callbacks, the desktop's
// signal handler, tests): calls queued for the next Update, the State published at the end of
// each Update, and the frame times. Everything else runs on the game's goroutine.
type publisher struct {
	qmu          sync.Mutex
	queue, spare []func(*Game)

	mu  sync.Mutex
	pub State
	ctl int // the Game's ctlVer that pub.Controls shows

	statsMu       sync.Mutex
	frames        int
	updNs, drawNs int64
}

// Do queues fn to run on the game's goroutine at the start of the next Update. It is safe from
// any goroutine (JS callbacks).
func (g *Game) Do(fn func(*Game)) {
	g.out.qmu.Lock()
	g.out.queue = append(g.out.queue, fn)
	g.out.qmu.Unlock()
}

// runQueued runs the calls queued since the last Update, in order, on the game's goroutine.
func (p *publisher) runQueued(g *Game) {
	p.qmu.Lock()
	p.queue, p.spare = p.spare[:0], p.queue
	p.qmu.Unlock()
	for i, fn := range p.spare {
		fn(g)
		p.spare[i] = nil
	}
}

// frameStarted counts a frame; frameCount is the count; spent adds the time since t0 to *ns.
func (p *publisher) frameStarted() {
	p.statsMu.Lock()
	p.frames++
	p.statsMu.Unlock()
}

func (p *publisher) frameCount() int {
	p.statsMu.Lock()
	defer p.statsMu.Unlock()
	return p.frames
}

func (p *publisher) spent(ns *int64, t0 time.Time) {
	p.statsMu.Lock()
	*ns += time.Since(t0).Nanoseconds()
	p.statsMu.Unlock()
}

// State returns a copy of the state published at the end of the last Update. It is safe from
// any goroutine.
func (g *Game) State() State {
	p := &g.out
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.pub
	st.State = p.pub.State.Copy()
	st.Nodes = append([]NodeState(nil), p.pub.Nodes...)
	st.Errors = append([]string{}, p.pub.Errors...) // [] rather than null in JSON
	st.Controls = maps.Clone(p.pub.Controls)
	st.Locked = append([]string{}, p.pub.Locked...)
	st.Lecture = copyLecture(p.pub.Lecture)
	st.RumorKept = make([]KeptCurve, len(p.pub.RumorKept))
	for i, k := range p.pub.RumorKept {
		k.X, k.Y = slices.Clone(k.X), slices.Clone(k.Y)
		st.RumorKept[i] = k
	}
	return st
}

// FrameStats returns the number of frames (Updates) so far and the mean CPU milliseconds per
// frame spent in Update and in Draw. It is safe from any goroutine.
func (g *Game) FrameStats() (frames int, updateMs, drawMs float64) {
	p := &g.out
	p.statsMu.Lock()
	defer p.statsMu.Unlock()
	if p.frames == 0 {
		return 0, 0, 0
	}
	return p.frames, float64(p.updNs) / float64(p.frames) / 1e6, float64(p.drawNs) / float64(p.frames) / 1e6
}

// publish copies the state for State(). It does not allocate once the buffers have grown.
func (g *Game) publish() {
	g.out.mu.Lock()
	defer g.out.mu.Unlock()
	p := &g.out.pub
	g.run.PublishInto(&p.State)
	if len(p.Errors) != len(g.banner.errs) {
		p.Errors = append(p.Errors[:0], g.banner.errs...)
	}
	p.Nodes = p.Nodes[:0]
	for i := range g.cur.Snap.Nodes {
		nd := &g.cur.Snap.Nodes[i]
		ns := NodeState{ID: int(nd.ID), Status: nd.Status.String(), Alive: nd.Alive, Suspect: nd.Suspect, Removed: nd.Removed,
			Informed: nd.Informed}
		if i < len(g.pos) {
			ns.X, ns.Y, ns.R = g.pos[i].x/g.dsf, g.pos[i].y/g.dsf, g.nodeR/g.dsf
		}
		p.Nodes = append(p.Nodes, ns)
	}
	p.InFlight = len(g.cur.Snap.InFlight)
	p.Selected = g.selected
	p.Frames = g.out.frameCount()
	p.Badge = g.badge
	p.Embed = g.embed
	p.RumorKept = g.rum.appendKept(p.RumorKept[:0])
	g.publishLecture(p)
	if p.Locked == nil {
		p.Locked = g.locked
	}
	if p.Controls == nil || g.out.ctl != g.ctlVer { // only after a relayout: no per-frame garbage
		g.out.ctl = g.ctlVer
		p.Controls = make(map[string]Box, len(g.widgets))
		for i := range g.widgets {
			w := &g.widgets[i]
			if w.r.w > 0 && w.r.h > 0 {
				p.Controls[controlNames[w.id]] = Box{w.r.x / g.dsf, w.r.y / g.dsf, w.r.w / g.dsf, w.r.h / g.dsf}
			}
			if w.track.w > 0 { // a slider: where its values lie, for pages that point at one
				p.Controls[controlNames[w.id]+"_track"] = Box{w.track.x / g.dsf, w.track.y / g.dsf, w.track.w / g.dsf, w.track.h / g.dsf}
			}
		}
	}
}
