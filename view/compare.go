package view

import (
	"fmt"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
	"gossiplab/session"
)

// The split view: two membership protocols run the same seeded scenario side by side, with a
// table comparing their failure detection and cost below. The session runs both
// (session/compare.go); here the right run is drawn by the left one's code: its picture state
// lives in compareState.b and is swapped into the game's fields (swapHalf) to be refreshed and
// drawn.

// half is the picture state of one drawn cluster that the split view swaps in and out of the
// Game.
type half struct {
	run       *session.Run
	pos       []point
	disc      disc
	probes    probeTracker
	pulse     []int
	seen      [512]uint64
	seenNext  int
	bursts    []burst
	burstNext int
	lastTime  core.Time
}

type compareState struct {
	b     half // the right cluster, while not swapped in
	table rect
	lbl   [2][6]labelCache
}

// restart empties the right cluster's picture for a new run or moment.
func (h *half) restart() {
	h.lastTime = 0
	h.probes.reset()
	for i := range h.pulse {
		h.pulse[i] = -1000
	}
	h.seen = [len(h.seen)]uint64{}
	if h.bursts == nil {
		h.bursts = make([]burst, maxBursts)
	}
	for i := range h.bursts {
		h.bursts[i] = burst{}
	}
}

// fitCompare opens or closes the split view's picture with the session's split view.
func (g *Game) fitCompare() {
	switch fr := g.run.Frame(); {
	case fr.Twin && g.cmp == nil:
		g.cmp = &compareState{}
		g.cmp.b.restart()
		g.cmp.b.run = &fr.Runs[1]
	case !fr.Twin && g.cmp != nil:
		g.cmp = nil
	}
}

// swapHalf exchanges the game's cluster state with the right cluster's: calling it twice
// restores both.
func (g *Game) swapHalf() {
	h := &g.cmp.b
	g.cur, h.run = h.run, g.cur
	g.pos, h.pos = h.pos, g.pos
	g.L.disc, h.disc = h.disc, g.L.disc
	g.probes, h.probes = h.probes, g.probes
	g.pulse, h.pulse = h.pulse, g.pulse
	g.seen, h.seen = h.seen, g.seen
	g.seenNext, h.seenNext = h.seenNext, g.seenNext
	g.bursts, h.bursts = h.bursts, g.bursts
	g.burstNext, h.burstNext = h.burstNext, g.burstNext
	g.lastTime, h.lastTime = h.lastTime, g.lastTime
}

// refreshCompare animates the right cluster's new events (with the left's animation code).
func (g *Game) refreshCompare() {
	g.swapHalf()
	for i := range g.cur.Events {
		g.animate(&g.cur.Events[i])
	}
	g.trackProbes()
	g.spawnFlightBursts()
	g.lastTime = g.cur.Snap.Time
	g.swapHalf()
}

// layoutCompare splits the cluster area into two discs over the table.
func (g *Game) layoutCompare(n int) {
	s := g.s
	area := g.L.cluster
	th := 86 * s
	c := g.cmp
	c.table = rect{area.x + 10*s, area.bottom() - th, area.w - 20*s, th - 4*s}
	top := 24 * s // the protocol titles
	hw := area.w / 2
	h := area.h - th - top
	r := max(8, min(hw, h)/2-8*s)
	g.L.disc = disc{area.x + hw/2, area.y + top + h/2, r, 0, 0}
	c.b.disc = disc{area.x + hw + hw/2, area.y + top + h/2, r, 0, 0}
	g.pos, g.nodeR = layoutNodes(g.pos, n, g.L.disc, 30*s, g.labelRoom(n))
	c.b.pos, _ = layoutNodes(c.b.pos, n, c.b.disc, 30*s, g.labelRoom(n))
}

// nodeAtRight returns the right cluster's node under (x, y), or -1.
func (g *Game) nodeAtRight(x, y float64) int {
	if g.cmp == nil || !g.L.cluster.contains(x, y) {
		return -1
	}
	return hitNode(g.cmp.b.pos, g.nodeR, max(2*g.s, 7*g.s-g.nodeR), x, y)
}

// compareHeads are the split view table's column heads.
var compareHeads = [6]string{"last crash", "1st suspicion", "removed by all", "false pos.", "msg/node/s", "B/node/s"}

// compareColumns places the split view table's columns in t: the row labels (labelW wide) at
// the left, the five figures centred in equal columns over the rest, so that no label runs
// into a value.
func compareColumns(t rect, labelW, s float64) [6]float64 {
	x0 := t.x + 10*s
	rest := t.x + 10*s + labelW + 10*s
	colW := (t.right() - rest) / 5
	return [6]float64{x0, rest + colW/2, rest + 1.5*colW, rest + 2.5*colW, rest + 3.5*colW, rest + 4.5*colW}
}

// inRightHalf reports whether (x, y) is over the right cluster's half.
func (g *Game) inRightHalf(x, y float64) bool {
	return g.cmp != nil && x >= g.L.cluster.x+g.L.cluster.w/2
}

// drawCompare draws the right cluster, the two titles and the comparison table.
func (g *Game) drawCompare(dst *ebiten.Image) {
	c := g.cmp
	protos, _ := g.run.CompareProtocols()
	rows := g.run.CompareRows()
	s := g.s
	b := g.gfx.b
	g.swapHalf()
	g.drawCluster(dst)
	g.swapHalf()
	area := g.L.cluster
	b.rect(rect{area.x + area.w/2, area.y + 8*s, 1, c.table.y - area.y - 16*s}, colBorder)
	t := c.table
	b.rect(t, colPanel)
	b.frame(t, 1, colBorder)
	b.flush(dst)
	for i := 0; i < 2; i++ {
		d := g.L.disc
		if i == 1 {
			d = c.b.disc
		}
		g.text(dst, protocolTitle(protos[i]), g.gfx.title, d.cx, area.y+14*s, colInk, aCenter, aCenter)
	}
	var labels [2]string
	labelW := g.gfx.measure(compareHeads[0], g.gfx.small)
	for i := range rows {
		r := &rows[i]
		labels[i] = c.lbl[i][0].get(float64(r.Node), func(v float64) string {
			if v < 0 {
				return protocolTitle(r.Protocol) + ": no crash yet"
			}
			return fmt.Sprintf("%s: node %d", protocolTitle(r.Protocol), int(v))
		})
		labelW = math.Max(labelW, g.gfx.measure(labels[i], g.gfx.bold))
	}
	cols := compareColumns(t, labelW, s)
	colW := (t.right() - cols[1]) / 5
	y := t.y + 14*s
	for k, h := range compareHeads {
		if k == 0 {
			g.text(dst, h, g.gfx.small, cols[0], y, colMuted, aStart, aCenter)
			continue
		}
		// A head wider than its column goes on two lines ("removed" over "by all").
		if a, b, ok := strings.Cut(h, " "); ok && g.gfx.measure(h, g.gfx.small) > colW-6*s {
			g.text(dst, a, g.gfx.small, cols[k], y-6*s, colMuted, aCenter, aCenter)
			g.text(dst, b, g.gfx.small, cols[k], y+7*s, colMuted, aCenter, aCenter)
			continue
		}
		g.text(dst, h, g.gfx.small, cols[k], y, colMuted, aCenter, aCenter)
	}
	for i := range rows {
		r := &rows[i]
		y := t.y + (36+float64(i)*22)*s
		lc := &c.lbl[i]
		g.text(dst, labels[i], g.gfx.bold, cols[0], y, colInk, aStart, aCenter)
		ms := func(v float64) string {
			if v < 0 {
				return "–"
			}
			return fmtMs(v)
		}
		g.text(dst, lc[1].get(float64(r.FirstSuspectMs), ms), g.gfx.small, cols[1], y, colInk, aCenter, aCenter)
		g.text(dst, lc[2].get(float64(r.AllRemovedMs), ms), g.gfx.small, cols[2], y, colInk, aCenter, aCenter)
		g.text(dst, lc[3].get(float64(r.FalsePositives), func(v float64) string { return fmt.Sprintf("%.0f", v) }),
			g.gfx.small, cols[3], y, colInk, aCenter, aCenter)
		g.text(dst, lc[4].get(snapSig(r.MsgsPerNodeS, 3), func(v float64) string { return fmt.Sprintf("%.3g", v) }),
			g.gfx.small, cols[4], y, colInk, aCenter, aCenter)
		g.text(dst, lc[5].get(snapSig(r.BytesPerNodeS, 3), fmtBytes), g.gfx.small, cols[5], y, colInk, aCenter, aCenter)
	}
}
