package view

import (
	"math"

	"gossiplab/core"
)

// How packets are shown. A message's position is (now − SentAt)/(ArriveAt − SentAt) of the way
// from its sender to its receiver. A message the channel will lose fades out at lossStop of the
// way and bursts there; one that a partition cuts stops at the partition line (or half way when
// the groups came from elsewhere); one to a dead receiver flies all the way and dies at its door.
const (
	lossStop         = 0.6
	trailFrac        = 0.3 // the trail covers this much of the path behind the packet
	maxDrawnPackets  = 300 // past this, one packet in k is drawn (k stable per message id)
	maxBursts        = 160
	burstTicks       = 48 // how long a burst shows, in frames
	maxBurstsPerTick = 24
)

// burst is a packet's death, drawn for a moment where it happened.
type burst struct {
	x, y   float64
	reason core.DropReason
	born   int // tick; 0 means unused
}

// flightLook is where and how a packet in flight is drawn.
type flightLook struct {
	p, tail point
	alpha   float64
	stop    float64 // fraction of the path where it dies (1: at the receiver)
	ok      bool
}

// packetStride is k in "one packet in k is drawn".
func (g *Game) packetStride() uint64 {
	n := len(g.cur.Snap.InFlight)
	if n <= maxDrawnPackets {
		return 1
	}
	return uint64((n + maxDrawnPackets - 1) / maxDrawnPackets)
}

// nowF is virtual time with the fraction of a millisecond the sim has not reached yet, so that
// packets move smoothly at slow speeds.
func (g *Game) nowF() float64 { return float64(g.cur.Snap.Time) + g.run.Owed() }

// ends returns where a message between two nodes leaves and arrives: the rims of the nodes.
func (g *Game) ends(from, to core.NodeID) (a, b point, ok bool) {
	if int(from) >= len(g.pos) || int(to) >= len(g.pos) || from < 0 || to < 0 {
		return a, b, false
	}
	a, b = g.pos[from], g.pos[to]
	dx, dy := b.x-a.x, b.y-a.y
	d := math.Hypot(dx, dy)
	if d < 1e-6 {
		return a, b, false
	}
	r := math.Min(g.nodeR, d/3)
	a = point{a.x + dx/d*r, a.y + dy/d*r}
	b = point{b.x - dx/d*r, b.y - dy/d*r}
	return a, b, true
}

// stopFor is where a message from→to dies, as a fraction of its path, for a reason.
func (g *Game) stopFor(a, b point, reason core.DropReason) float64 {
	switch reason {
	case core.DropLoss:
		return lossStop
	case core.DropPartition:
		if g.hasWall {
			w0, w1 := g.wallPoints()
			if t, ok := segmentsCross(a, b, w0, w1); ok {
				return t
			}
		}
		return 0.5
	}
	return 1
}

// fate is how the view expects a message in flight to end, from what it can see now.
func (g *Game) fate(f *core.Flight) core.DropReason {
	switch {
	case f.Lost:
		return core.DropLoss
	case g.cur.Snap.Partitioned && int(f.From) < len(g.cur.Snap.Nodes) && int(f.To) < len(g.cur.Snap.Nodes) &&
		g.cur.Snap.Nodes[f.From].Group != g.cur.Snap.Nodes[f.To].Group:
		return core.DropPartition
	}
	return core.DropNone
}

func (g *Game) lookFlight(f *core.Flight) flightLook {
	a, b, ok := g.ends(f.From, f.To)
	if !ok {
		return flightLook{}
	}
	lat := float64(f.ArriveAt - f.SentAt)
	frac := 1.0
	if lat > 0 {
		frac = math.Max(0, math.Min(1, (g.nowF()-float64(f.SentAt))/lat))
	}
	look := flightLook{stop: 1, alpha: 1, ok: true}
	if r := g.fate(f); r != core.DropNone {
		look.stop = g.stopFor(a, b, r)
		look.alpha = math.Max(0, math.Min(1, (look.stop-frac)/0.15+0.25))
		if frac >= look.stop {
			return flightLook{}
		}
	}
	lerp := func(t float64) point { return point{a.x + (b.x-a.x)*t, a.y + (b.y-a.y)*t} }
	look.p = lerp(frac)
	look.tail = lerp(math.Max(0, frac-trailFrac))
	return look
}

// flightAt returns the index in the snapshot of the drawn packet nearest (x, y) within reach,
// or -1.
func (g *Game) flightAt(x, y, reach float64) int {
	stride := g.packetStride()
	best, bestD := -1, reach*reach
	for i := range g.cur.Snap.InFlight {
		f := &g.cur.Snap.InFlight[i]
		if f.ID%stride != 0 {
			continue
		}
		l := g.lookFlight(f)
		if !l.ok {
			continue
		}
		dx, dy := l.p.x-x, l.p.y-y
		if d := dx*dx + dy*dy; d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

func (g *Game) addBurst(p point, reason core.DropReason) {
	g.bursts[g.burstNext] = burst{x: p.x, y: p.y, reason: reason, born: g.ticks + 1}
	g.burstNext = (g.burstNext + 1) % len(g.bursts)
}

func (g *Game) markSeen(id uint64) {
	g.seen[g.seenNext] = id
	g.seenNext = (g.seenNext + 1) % len(g.seen)
}

func (g *Game) wasSeen(id uint64) bool {
	for _, s := range g.seen {
		if s == id {
			return true
		}
	}
	return false
}

// spawnFlightBursts shows the death of every drawn packet that reached its stop since the last
// frame: lost and cut packets die in mid-air, before the core reports them at arrival time.
func (g *Game) spawnFlightBursts() {
	now := g.cur.Snap.Time
	if now <= g.lastTime {
		return
	}
	stride := g.packetStride()
	spawned := 0
	for i := range g.cur.Snap.InFlight {
		f := &g.cur.Snap.InFlight[i]
		if f.ID%stride != 0 {
			continue
		}
		r := g.fate(f)
		if r == core.DropNone {
			continue
		}
		a, b, ok := g.ends(f.From, f.To)
		if !ok {
			continue
		}
		stop := g.stopFor(a, b, r)
		die := float64(f.SentAt) + stop*float64(f.ArriveAt-f.SentAt)
		if die > float64(g.lastTime) && die <= float64(now) && spawned < maxBurstsPerTick {
			g.addBurst(point{a.x + (b.x-a.x)*stop, a.y + (b.y-a.y)*stop}, r)
			g.markSeen(f.ID)
			spawned++
		}
	}
}

// dropped shows a drop the core reported, unless the packet was already shown dying.
func (g *Game) dropped(e *core.Event) {
	if e.Reason == core.DropUser || g.wasSeen(e.Msg) || e.Msg%g.packetStride() != 0 {
		return
	}
	a, b, ok := g.ends(e.Node, e.Peer)
	if !ok {
		return
	}
	stop := g.stopFor(a, b, e.Reason)
	g.addBurst(point{a.x + (b.x-a.x)*stop, a.y + (b.y-a.y)*stop}, e.Reason)
}

// wallPoints returns the partition line in layout pixels, stretched across the whole disc.
func (g *Game) wallPoints() (point, point) {
	d := g.L.disc
	a := point{d.cx + g.wall[0].x*d.r, d.cy + g.wall[0].y*d.r}
	b := point{d.cx + g.wall[1].x*d.r, d.cy + g.wall[1].y*d.r}
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	if l < 1e-6 {
		return a, b
	}
	// Extend through the disc: from the centre's projection, a radius and a bit each way.
	t := ((d.cx-a.x)*dx + (d.cy-a.y)*dy) / (l * l)
	mx, my := a.x+t*dx, a.y+t*dy
	ux, uy := dx/l, dy/l
	ext := d.r * 1.08
	if d.rx > 0 { // an oval: its radius along the line
		ext = 1.08 / math.Hypot(ux/d.rx, uy/d.r)
	}
	return point{mx - ux*ext, my - uy*ext}, point{mx + ux*ext, my + uy*ext}
}
