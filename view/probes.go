package view

import (
	"gossiplab/core"
)

// SWIM's probes, as the view sees them. The snapshot has the packets in flight but not the
// nodes' probe state, so the view follows it from the packets: a ping a node sends opens its
// probe of the target — unless the node is a helper pinging on behalf of a ping-req, which it
// does at the moment the ping-req reaches it — and an ack about the target coming back closes
// the probe when it lands. Without an ack the probe ends with the period (the target is then
// suspected). A ping that is sent and answered between two frames (at high speed) is missed;
// the line is a picture, not a measurement.

// probeTracker holds each node's last probe and the recent ping-reqs.
type probeTracker struct {
	open    []probe
	reqs    [64]pingReq
	reqNext int
}

type probe struct {
	target core.NodeID
	start  core.Time // when the ping left; -1 when none
	end    core.Time // when the ack lands, or the end of the period
	acked  bool
}

// pingReq is a ping-req seen in flight: the helper pings the target when it lands.
type pingReq struct {
	helper, target core.NodeID
	at             core.Time
	ok             bool
}

func (t *probeTracker) reset() {
	for i := range t.open {
		t.open[i] = probe{start: -1}
	}
	t.reqs = [len(t.reqs)]pingReq{}
	t.reqNext = 0
}

func (t *probeTracker) noteReq(f *core.Flight) {
	for i := range t.reqs {
		if r := &t.reqs[i]; r.ok && r.helper == f.To && r.target == f.About && r.at == f.ArriveAt {
			return
		}
	}
	t.reqs[t.reqNext] = pingReq{helper: f.To, target: f.About, at: f.ArriveAt, ok: true}
	t.reqNext = (t.reqNext + 1) % len(t.reqs)
}

func (t *probeTracker) isRelay(f *core.Flight) bool {
	for i := range t.reqs {
		if r := &t.reqs[i]; r.ok && r.helper == f.From && r.target == f.To && r.at == f.SentAt {
			return true
		}
	}
	return false
}

// trackProbes updates the probes from the packets in flight (SWIM only).
func (g *Game) trackProbes() {
	t := &g.probes
	for len(t.open) < len(g.cur.Snap.Nodes) {
		t.open = append(t.open, probe{start: -1})
	}
	if !g.swim() {
		return
	}
	fl := g.cur.Snap.InFlight
	for i := range fl {
		if fl[i].Kind == core.MsgPingReq {
			t.noteReq(&fl[i])
		}
	}
	for i := range fl {
		f := &fl[i]
		switch f.Kind {
		case core.MsgPing:
			if int(f.From) >= len(t.open) {
				continue
			}
			p := &t.open[f.From]
			if f.SentAt <= p.start || t.isRelay(f) {
				continue
			}
			*p = probe{target: f.To, start: f.SentAt, end: f.SentAt + g.cur.Config.Period}
		case core.MsgAck:
			if int(f.To) >= len(t.open) {
				continue
			}
			p := &t.open[f.To]
			if p.start >= 0 && !p.acked && f.About == p.target && f.SentAt >= p.start && g.fate(f) == core.DropNone {
				p.acked = true
				p.end = f.ArriveAt
			}
		}
	}
}

// openProbe returns node i's probe if it is open at virtual time now (fractional), and whether
// it has gone indirect: no ack within the ping timeout, so the prober asks K others.
func (g *Game) openProbe(i int, now float64) (target core.NodeID, indirect, ok bool) {
	if i >= len(g.probes.open) || i >= len(g.cur.Snap.Nodes) || g.cur.Snap.Nodes[i].Status != core.StatusUp {
		return 0, false, false
	}
	p := &g.probes.open[i]
	if p.start < 0 || now < float64(p.start) || now >= float64(p.end) || int(p.target) >= len(g.pos) {
		return 0, false, false
	}
	return p.target, !p.acked && now-float64(p.start) >= float64(g.cur.Config.Swim.PingTimeout), true
}
