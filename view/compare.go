package view

import (
	"fmt"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
)

// The split view: two membership protocols run the same seeded scenario side by side — same N,
// seed, loss and latency, and every crash, restart, partition or parameter change applied to
// both — with a table comparing their failure detection and cost below.
//
// The left cluster is the game's own simulation; the right one lives in compareState.b and is
// swapped into the game's fields (swapHalf) to be refreshed and drawn by the same code.

// CompareRow is one protocol's line of the comparison table.
type CompareRow struct {
	Protocol core.Protocol `json:"protocol"`
	// Node is the last crashed node (-1 when none crashed yet); FirstSuspectMs and AllRemovedMs
	// are how long after that crash the first live node suspected it and every live node had
	// removed it (-1 while not yet).
	Node           int     `json:"node"`
	FirstSuspectMs int64   `json:"first_suspect_ms"`
	AllRemovedMs   int64   `json:"all_removed_ms"`
	FalsePositives uint64  `json:"false_positives"` // suspicions of members that were up
	MsgsPerNodeS   float64 `json:"msgs_per_node_s"`
	BytesPerNodeS  float64 `json:"bytes_per_node_s"`
	Crashed        []int   `json:"crashed"` // the nodes crashed now, by id
}

// half is the state of one drawn cluster that the split view swaps in and out of the Game.
type half struct {
	sim       *core.Sim
	cfg       core.Config
	snap      core.Snapshot
	events    []core.Event
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
	protos [2]core.Protocol
	b      half // the right cluster, while not swapped in
	table  rect
	rows   [2]CompareRow
	lbl    [2][6]labelCache
}

// swapHalf exchanges the game's cluster state with the right cluster's: calling it twice
// restores both.
func (g *Game) swapHalf() {
	h := &g.cmp.b
	g.sim, h.sim = h.sim, g.sim
	g.cfg, h.cfg = h.cfg, g.cfg
	g.snap, h.snap = h.snap, g.snap
	g.events, h.events = h.events, g.events
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

// parseCompare reads "heartbeat,swim": two membership protocols (not the rumor).
func parseCompare(v string) ([2]core.Protocol, bool) {
	var out [2]core.Protocol
	parts := strings.Split(v, ",")
	if len(parts) != 2 {
		return out, false
	}
	for i, p := range parts {
		pr, ok := parseProtocol(p)
		if !ok || pr == core.ProtocolRumor {
			return out, false
		}
		out[i] = pr
	}
	return out, true
}

// SetCompare opens the split view with two protocols ("heartbeat,swim"), or closes it with "".
// Either way the run starts again with the same seed and parameters.
func (g *Game) SetCompare(spec string) error {
	if strings.TrimSpace(spec) == "" {
		g.cmp = nil
		return g.Reset()
	}
	protos, ok := parseCompare(spec)
	if !ok {
		err := fmt.Errorf("compare must be two of heartbeat, swim separated by a comma (e.g. heartbeat,swim), got %q", spec)
		g.flash(err.Error())
		return err
	}
	g.cmp = &compareState{protos: protos}
	g.cfg.Protocol = protos[0]
	return g.Reset()
}

// Comparing reports whether the split view is open.
func (g *Game) Comparing() bool { return g.cmp != nil }

// resetCompare builds the right cluster's simulation from the left one's configuration.
func (g *Game) resetCompare() error {
	c := g.cmp
	cfg := g.sim.Config()
	cfg.Protocol = c.protos[1]
	fitSwim(&cfg)
	sim, err := core.New(cfg)
	if err != nil {
		return err
	}
	b := &c.b
	b.sim, b.cfg = sim, sim.Config()
	b.snap.Time, b.lastTime = 0, 0
	b.probes.reset()
	for i := range b.pulse {
		b.pulse[i] = -1000
	}
	b.seen = [len(b.seen)]uint64{}
	if b.bursts == nil {
		b.bursts = make([]burst, maxBursts)
	}
	for i := range b.bursts {
		b.bursts[i] = burst{}
	}
	return nil
}

// mirror applies a command given to the left cluster to the right one too.
func (g *Game) mirror(cmd core.Command) {
	if g.cmp == nil || cmd.Op == core.OpDrop || cmd.Op == core.OpInject {
		return
	}
	b := &g.cmp.b
	b.sim.Apply(cmd)
	b.cfg = b.sim.Config()
}

// mirrorParams copies the shared parameters of the left cluster to the right one.
func (g *Game) mirrorParams() {
	if g.cmp == nil {
		return
	}
	a := g.sim.Config()
	b := &g.cmp.b
	params := [...]struct {
		name string
		v    float64
	}{{"loss", a.Loss}, {"latency_max_ms", float64(a.LatencyMax)}, {"latency_min_ms", float64(a.LatencyMin)},
		{"period_ms", float64(a.Period)}, {"fanout", float64(a.Fanout)}, {"t_tombstone_ms", float64(a.TTombstone)},
		{"t_remove_ms", float64(a.TRemove)}, {"t_suspect_ms", float64(a.TSuspect)}}
	for range 2 { // twice: an order that fails once (min ≤ max, suspect < remove) works the second time
		for _, p := range params {
			b.sim.Apply(core.Command{Op: core.OpSet, Param: p.name, Value: p.v})
		}
	}
	b.cfg = b.sim.Config()
}

// refreshCompare refreshes the right cluster (with the left's animation code) and the table.
func (g *Game) refreshCompare() {
	g.swapHalf()
	g.sim.SnapshotInto(&g.snap, false)
	g.events = g.sim.AppendEvents(g.events[:0])
	for i := range g.events {
		g.animate(&g.events[i])
	}
	g.trackProbes()
	g.spawnFlightBursts()
	g.lastTime = g.snap.Time
	g.swapHalf()
	c := g.cmp
	fillRow(&c.rows[0], c.protos[0], &g.snap)
	fillRow(&c.rows[1], c.protos[1], &c.b.snap)
}

func fillRow(r *CompareRow, p core.Protocol, snap *core.Snapshot) {
	r.Protocol = p
	r.Node, r.FirstSuspectMs, r.AllRemovedMs = -1, -1, -1
	if d := snap.Metrics.Detections; len(d) > 0 {
		last := d[len(d)-1]
		r.Node = int(last.Node)
		r.FirstSuspectMs = int64(last.Delay(last.FirstSuspect))
		r.AllRemovedMs = int64(last.Delay(last.AllRemoved))
	}
	t := snap.Metrics.Totals
	r.FalsePositives = t.FalseSuspicions
	r.MsgsPerNodeS, r.BytesPerNodeS = 0, 0
	if n := len(snap.Nodes); n > 0 && snap.Time > 0 {
		sec := snap.Time.Seconds()
		r.MsgsPerNodeS = float64(t.MsgsSent) / float64(n) / sec
		r.BytesPerNodeS = float64(t.BytesSent) / float64(n) / sec
	}
	r.Crashed = r.Crashed[:0]
	for i := range snap.Nodes {
		if snap.Nodes[i].Status == core.StatusCrashed {
			r.Crashed = append(r.Crashed, i)
		}
	}
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
		g.text(dst, protocolTitle(c.protos[i]), g.gfx.title, d.cx, area.y+14*s, colInk, aCenter, aCenter)
	}
	var labels [2]string
	labelW := g.gfx.measure(compareHeads[0], g.gfx.small)
	for i := range c.rows {
		r := &c.rows[i]
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
	for i := range c.rows {
		r := &c.rows[i]
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
