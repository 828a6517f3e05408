package view

import (
	"math"
	"strconv"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"

	"gossiplab/core"
	"gossiplab/session"
)

// The palette is Okabe–Ito, safe for the common colour-vision deficiencies, on a light
// background that survives a washed-out projector. Colour never carries meaning alone: truth is
// also a shape (filled disc, cross, hollow ring), and drops have their own marks.
var (
	colBG      = hex(0xF6F5F1)
	colPanel   = hex(0xFFFFFF)
	colBorder  = hex(0xD5D2C8)
	colInk     = hex(0x1B1B1B)
	colMuted   = hex(0x5C5C5C)
	colFaint   = hex(0xE9E7E0)
	colUp      = hex(0x009E73) // bluish green: the node is up
	colCrashed = hex(0x2B2B2B)
	colAlive   = hex(0x56B4E9) // sky blue: believed alive
	colSuspect = hex(0xE69F00) // orange: suspected
	colRemoved = hex(0xD55E00) // vermillion: removed
	colLeft    = hex(0xCC79A7) // reddish purple: left / partition
	colUnknown = hex(0xC4C4C4)
	colPacket  = hex(0x0072B2) // blue
	colAccent  = hex(0x0072B2)
	colError   = hex(0xB03A00)
	colLive    = hex(0x00704F) // a darker bluish green: the badge of a live cluster of real processes
	colGroupA  = hex(0xF0E442) // yellow halo: partition group
	colGroupB  = hex(0xCC79A7)
	// SWIM's messages: each kind has its own colour and shape (see drawPacket).
	colPing     = hex(0x0072B2) // blue hollow circle
	colAck      = hex(0x009E73) // bluish green diamond: "yes, alive"
	colPingReq  = hex(0xE69F00) // orange triangle on a dashed trail: the direct probe failed
	colFarewell = hex(0xCC79A7) // reddish purple square: leaving
)

// drawState holds what Draw reuses from frame to frame: the vertex batch, the fonts, the places
// of panel parts found while drawing (for hit tests), and text caches, so that a steady frame
// allocates next to nothing.
type drawState struct {
	b                                    *batch
	srcReg, srcBold                      *opentype.Font
	faceS                                float64
	body, small, bold, label, title, big *face
	top                                  ebiten.DrawImageOptions

	side                        sideRects
	tableCols, tableColsCompact [6]float64
	matImg                      *ebiten.Image
	matImgN                     int
	ids                         []string
	rows                        []rowCache
	tip                         tipCache
	clock                       labelCache
	badgeText                   badgeCache // the source badge (sources.go)
	chartLbl                    [6]labelCache
	chartShort                  [3]labelCache // the short words of a crowded chart key
	misc                        [8]labelCache
	matOp                       ebiten.DrawImageOptions
	tipWrap                     struct {
		src, out string
		w        float64
	} // a tooltip wrapped to a phone's width
	legendAt []placedItem // the legend's items as laid out (layoutLegend)
	help     helpBox      // the help overlay as laid out (layoutHelp)
	tipBox   tipBox       // the tooltip as laid out (layoutTooltip)
}

// labelCache keeps a formatted string until its value changes.
type labelCache struct {
	v float64
	s string
}

func (c *labelCache) get(v float64, format func(float64) string) string {
	if c.s == "" || c.v != v {
		c.v, c.s = v, format(v)
	}
	return c.s
}

func (g *Game) initGraphics() error {
	var err error
	d := &g.gfx
	if d.srcReg, err = opentype.Parse(goregular.TTF); err != nil {
		return err
	}
	if d.srcBold, err = opentype.Parse(gobold.TTF); err != nil {
		return err
	}
	d.b = newBatch()
	g.relayout()
	return nil
}

func (d *drawState) ensureFaces(s float64) {
	if d.faceS == s && d.body != nil {
		return
	}
	d.faceS = s
	d.body = newFace(d.srcReg, 14*s)
	d.small = newFace(d.srcReg, 12.5*s)
	d.bold = newFace(d.srcBold, 14*s)
	d.label = newFace(d.srcBold, 13*s)
	d.title = newFace(d.srcBold, 15*s)
	d.big = newFace(d.srcBold, 22*s)
	d.tableColumns(s)
}

// labelStep is k for "label every k-th node" on a single ring of n nodes: 1 when the
// ids fit beside each other, else 2, 5 or 10, so that they never overlap (a small ring at
// N = 64: the split view, a narrow window).
func (g *Game) labelStep(n int) int {
	if n < 2 || len(g.pos) < 2 {
		return 1
	}
	gap := math.Inf(1) // the closest two neighbours (the labels sit a little further out)
	for i := range min(n, len(g.pos)) {
		a, b := g.pos[i], g.pos[(i+1)%min(n, len(g.pos))]
		gap = math.Min(gap, math.Hypot(a.x-b.x, a.y-b.y))
	}
	need := g.gfx.measure(g.nodeID(n-1), g.gfx.label) + 4*g.s
	for _, k := range [...]int{1, 2, 5, 10} {
		if float64(k)*gap >= need {
			return k
		}
	}
	return 10
}

// nodeID returns node i's id as text, from a cache.
func (g *Game) nodeID(i int) string { return g.gfx.nodeID(i) }

// nodeID is node i's id as text, made once.
func (d *drawState) nodeID(i int) string {
	for len(d.ids) <= i {
		d.ids = append(d.ids, strconv.Itoa(len(d.ids)))
	}
	return d.ids[i]
}

// Draw draws the frame from the state Update left.
func (g *Game) Draw(screen *ebiten.Image) {
	t0 := time.Now()
	screen.Fill(colBG.rgba8())
	g.gfx.ensureFaces(g.s)
	g.drawCluster(screen)
	if g.cmp != nil {
		g.drawCompare(screen)
	}
	g.drawLegend(screen)
	g.drawCaption(screen)
	g.drawLeftPanel(screen)
	if g.sideShown() {
		g.drawSide(screen)
	}
	g.drawToolbar(screen)
	g.banner.draw(&g.gfx, g.s, screen)
	g.toast.draw(&g.gfx, g.s, g.ticks, screen)
	if !g.showHelp {
		g.gfx.tipBox.draw(&g.gfx, g.s, screen)
	}
	g.drawLectureMenu(screen)
	if g.showHelp {
		g.gfx.help.draw(&g.gfx, g.helpText(), g.w, g.h, screen)
	}
	g.out.spent(&g.out.drawNs, t0)
}

// drawCluster draws the nodes, the packets in flight, the partition line and the drop bursts.
func (g *Game) drawCluster(dst *ebiten.Image) {
	b := g.gfx.b
	s := g.s
	n := min(len(g.pos), len(g.cur.Snap.Nodes))
	r := g.nodeR
	d := g.L.disc
	single := n <= singleRingMax

	if single && n > 1 && d.rx > 0 { // the oval the nodes sit on (lecture mode), as a guide
		const k = 96
		rx, ry := d.rx-d.in, d.r-d.in
		for i := 0; i < k; i++ {
			a0, a1 := 2*math.Pi*float64(i)/k, 2*math.Pi*float64(i+1)/k
			b.line(d.cx+rx*math.Cos(a0), d.cy+ry*math.Sin(a0), d.cx+rx*math.Cos(a1), d.cy+ry*math.Sin(a1),
				math.Max(1, 1.5*s), colFaint, colFaint)
		}
	} else if single && n > 1 { // the ring the nodes sit on, as a guide
		p := g.pos[0]
		b.ringOutline(d.cx, d.cy, math.Hypot(p.x-d.cx, p.y-d.cy), math.Max(1, 1.5*s), colFaint)
	}
	// Partition: a halo per group, and the line that was drawn.
	if g.cur.Snap.Partitioned {
		for i := 0; i < n; i++ {
			c := colGroupA.alpha(0.55)
			if g.cur.Snap.Nodes[i].Group%2 == 1 {
				c = colGroupB.alpha(0.35)
			}
			b.circle(g.pos[i].x, g.pos[i].y, r*1.45+2*s, c)
		}
	}
	if g.hasWall {
		a, e := g.wallPoints()
		b.dashed(a.x, a.y, e.x, e.y, 4*s, 12*s, 7*s, colLeft)
	}
	if g.drag.kind == dragLine {
		a, e := g.drag.a, g.drag.b
		b.dashed(a.x, a.y, e.x, e.y, 3*s, 10*s, 6*s, colLeft.alpha(0.8))
	}

	// SWIM: a faint line from each prober to its target while the probe is open, dotted orange
	// once it has gone indirect (no direct ack within the ping timeout). The hovered or selected
	// node's probe is drawn stronger.
	if g.swim() {
		now := g.nowF()
		lw, al := 1.6*s, 0.30
		if !single {
			lw, al = 1.1*s, 0.12
		}
		for i := 0; i < n; i++ {
			t, indirect, ok := g.openProbe(i, now)
			if !ok {
				continue
			}
			a, e, ok := g.ends(core.NodeID(i), t)
			if !ok {
				continue
			}
			w, k := lw, al
			if i == g.selected || i == g.hoverNode() {
				w, k = 2.2*s, 0.8
			}
			if indirect {
				b.dashed(a.x, a.y, e.x, e.y, w*1.2, 2*s, 4*s, colPingReq.alpha(math.Min(1, k*1.6)))
			} else {
				b.line(a.x, a.y, e.x, e.y, w, colPing.alpha(k), colPing.alpha(k))
			}
		}
	}

	// Packets: a fading trail and a mark, whose shape and colour tell the kind of message.
	stride := g.packetStride()
	pr := 4.2 * s
	if !single {
		pr = 2.8 * s
	}
	for i := range g.cur.Snap.InFlight {
		f := &g.cur.Snap.InFlight[i]
		if f.ID%stride != 0 {
			continue
		}
		l := g.lookFlight(f)
		if !l.ok {
			continue
		}
		hl := g.hover.kind == hoverPacket && g.hover.msg == f.ID
		g.drawPacket(f.Kind, l, pr, hl, f.About != core.NoNode)
	}

	// Nodes: an outer ring of the cluster's belief, a body showing the truth.
	inner := 0.64
	if r < 7*s {
		inner = 0.5
	}
	rumor := g.rumor()
	for i := 0; i < n; i++ {
		nd := &g.cur.Snap.Nodes[i]
		p := g.pos[i]
		br := r * (inner - 0.1)
		if rumor {
			g.drawRumorNode(p, r, inner, nd)
		} else {
			g.beliefRing(p.x, p.y, r*inner, r, nd)
		}
		switch {
		case rumor:
		case nd.Status == core.StatusUp:
			b.circle(p.x, p.y, br, colUp)
		case nd.Status == core.StatusCrashed:
			if br < 3.5*s { // too small for a cross inside: a cross over the whole node
				b.circle(p.x, p.y, br, colPanel)
				b.cross(p.x, p.y, r*0.85, math.Max(1.8, r*0.38), colCrashed)
			} else {
				b.circle(p.x, p.y, br, colPanel)
				b.cross(p.x, p.y, br*0.62, math.Max(1.6, br*0.3), colCrashed)
			}
		default: // left: hollow
			b.circle(p.x, p.y, br, colPanel)
			b.ringOutline(p.x, p.y, br*0.8, math.Max(1.2, br*0.3), colMuted)
		}
		if single && i < len(g.pulse) { // a heartbeat: a ring expanding from the node as it gossips
			if age := g.ticks - g.pulse[i]; age >= 0 && age < pulseTicks {
				t := float64(age) / pulseTicks
				b.ringOutline(p.x, p.y, r+(1+9*t)*s, 2.5*s*(1-t)+0.5, colUp.alpha(0.7*(1-t)))
			}
		}
		if i == g.selected {
			b.ringOutline(p.x, p.y, r+3.5*s, 3*s, colInk)
		} else if g.hover.kind == hoverNode && g.hover.node == i {
			b.ringOutline(p.x, p.y, r+2.5*s, 2*s, colMuted)
		}
	}
	g.drawBursts()
	b.flush(dst)

	// Labels: the ids on a single ring (every one if they fit, else every 2nd, 5th or 10th, and
	// always a node that is down, selected or hovered); on a big cluster only the hovered and
	// selected node.
	if single {
		step := g.labelStep(n)
		hover := g.hoverNode()
		for i := 0; i < n; i++ {
			if i%step != 0 && i != g.selected && i != hover && g.cur.Snap.Nodes[i].Status == core.StatusUp {
				continue
			}
			p := g.pos[i]
			dx, dy := p.x-d.cx, p.y-d.cy
			l := math.Hypot(dx, dy)
			if l < 1 {
				dx, dy, l = 0, -1, 1
			}
			off := r + 10*s
			c := colInk
			if g.cur.Snap.Nodes[i].Status != core.StatusUp {
				c = colMuted
			}
			g.text(dst, g.nodeID(i), g.gfx.label, p.x+dx/l*off, p.y+dy/l*off, c, aCenter, aCenter)
		}
	} else {
		for _, i := range [2]int{g.selected, g.hoverNode()} {
			if i >= 0 && i < n {
				p := g.pos[i]
				id := g.nodeID(i)
				w := g.gfx.measure(id, g.gfx.label) + 8*s
				b.roundRect(rect{p.x - w/2, p.y - r - 22*s, w, 18 * s}, 4*s, colInk.alpha(0.85))
				b.flush(dst)
				g.text(dst, id, g.gfx.label, p.x, p.y-r-13*s, colPanel, aCenter, aCenter)
			}
		}
	}
}

// packetColor is the colour of a kind of message.
func packetColor(k core.MsgKind) rgba {
	switch k {
	case core.MsgPing:
		return colPing
	case core.MsgAck:
		return colAck
	case core.MsgPingReq:
		return colPingReq
	case core.MsgFarewell:
		return colFarewell
	}
	return colPacket
}

// drawPacket draws one message in flight: gossip a filled dot, a ping a hollow circle, an ack a
// diamond, a ping-req a triangle pointing where it goes (on a dashed trail), a farewell a square.
// Shapes differ as well as colours, so the kinds stay apart without colour vision.
// Under the rumor protocol: a rumor is a vermillion dot with a dark edge, a call a hollow blue
// square, or a vermillion one when the caller carries the rumor (carry).
func (g *Game) drawPacket(k core.MsgKind, l flightLook, pr float64, hl, carry bool) {
	b := g.gfx.b
	s := g.s
	c := packetColor(k)
	al := l.alpha
	x, y := l.p.x, l.p.y
	if k == core.MsgPingReq {
		b.dashed(l.tail.x, l.tail.y, x, y, math.Max(1.2, pr*0.5), 3*s, 3*s, c.alpha(0.75*al))
	} else {
		b.line(l.tail.x, l.tail.y, x, y, pr*0.9, c.alpha(0), c.alpha(0.5*al))
	}
	if hl {
		b.circle(x, y, pr*2.3, c.alpha(0.25))
	}
	edge := colInk.alpha(0.55 * al)
	switch k {
	case core.MsgPing:
		r := math.Max(pr*1.15, 3.6*s)
		b.circle(x, y, r, colPanel.alpha(0.9*al))
		b.ringOutline(x, y, r-0.5*math.Max(1.4, pr*0.5), math.Max(1.4, pr*0.5), c.alpha(al))
	case core.MsgAck:
		d := pr * 1.45
		pts := [4]point{{x, y - d}, {x + d, y}, {x, y + d}, {x - d, y}}
		b.convex(pts[:], c.alpha(al))
	case core.MsgPingReq:
		dx, dy := l.p.x-l.tail.x, l.p.y-l.tail.y
		if d := math.Hypot(dx, dy); d > 1e-6 {
			dx, dy = dx/d, dy/d
		} else {
			dx, dy = 1, 0
		}
		r := pr * 1.8
		nx, ny := -dy, dx
		pts := [3]point{{x + dx*r, y + dy*r}, {x - dx*r*0.6 + nx*r*0.8, y - dy*r*0.6 + ny*r*0.8},
			{x - dx*r*0.6 - nx*r*0.8, y - dy*r*0.6 - ny*r*0.8}}
		b.convex(pts[:], c.alpha(al))
		for j := range pts {
			q, w := pts[j], pts[(j+1)%3]
			b.line(q.x, q.y, w.x, w.y, math.Max(1, 0.8*s), edge, edge)
		}
	case core.MsgFarewell:
		h := pr * 1.1
		b.rect(rect{x - h, y - h, 2 * h, 2 * h}, c.alpha(al))
		b.frame(rect{x - h, y - h, 2 * h, 2 * h}, math.Max(1, 0.8*s), edge)
	case core.MsgRumor:
		r := math.Max(pr*1.1, 3*s)
		b.circle(x, y, r, colInk.alpha(0.7*al))
		b.circle(x, y, r-math.Max(1, 0.8*s), colRumor.alpha(al))
	case core.MsgCall:
		h := math.Max(pr*1.05, 3*s)
		if carry {
			b.rect(rect{x - h, y - h, 2 * h, 2 * h}, colRumor.alpha(al))
			b.frame(rect{x - h, y - h, 2 * h, 2 * h}, math.Max(1, 0.8*s), edge)
		} else {
			b.rect(rect{x - h, y - h, 2 * h, 2 * h}, colPanel.alpha(0.9*al))
			b.frame(rect{x - h, y - h, 2 * h, 2 * h}, math.Max(1.4, pr*0.45), colPacket.alpha(al))
		}
	default:
		b.circle(x, y, pr, c.alpha(al))
	}
}

func (g *Game) hoverNode() int {
	if g.hover.kind == hoverNode {
		return g.hover.node
	}
	return -1
}

// pulseTicks is how long a node's heartbeat pulse shows, in frames.
const pulseTicks = 24

// beliefRing draws the ring around a node: the shares of live observers that believe it alive,
// suspect it, have removed it, know it left, or do not know it, clockwise from the top.
func (g *Game) beliefRing(cx, cy, r0, r1 float64, nd *core.NodeInfo) {
	b := g.gfx.b
	counts := [5]int{nd.Alive, nd.Suspect, nd.Removed, nd.Left, nd.Unknown}
	cols := [5]rgba{colAlive, colSuspect, colRemoved, colLeft, colUnknown}
	total := 0
	for _, c := range counts {
		total += c
	}
	if total <= 0 {
		b.sector(cx, cy, r0, r1, 0, 2*math.Pi, colUnknown.alpha(0.6))
		return
	}
	a := -math.Pi / 2
	for k, c := range counts {
		if c <= 0 {
			continue
		}
		span := 2 * math.Pi * float64(c) / float64(total)
		b.sector(cx, cy, r0, r1, a, a+span, cols[k])
		a += span
	}
}

// drawBursts draws the recent packet deaths; each kind of death has its own mark.
func (g *Game) drawBursts() {
	b := g.gfx.b
	s := g.s
	for i := range g.bursts {
		u := &g.bursts[i]
		age := g.ticks - u.born
		if u.born == 0 || age < 0 || age >= burstTicks {
			continue
		}
		t := float64(age) / burstTicks
		al := 1 - t*t
		switch u.reason {
		case core.DropLoss: // a puff: rays flying apart
			r0 := (3 + 7*t) * s
			for k := 0; k < 8; k++ {
				a := float64(k) * math.Pi / 4
				cs, sn := math.Cos(a), math.Sin(a)
				b.line(u.x+cs*r0, u.y+sn*r0, u.x+cs*(r0+5*s), u.y+sn*(r0+5*s), 2.2*s, colPacket.alpha(al), colPacket.alpha(al))
			}
		case core.DropPartition: // it hits the wall: a purple block
			h := (6 - 2*t) * s
			b.rect(rect{u.x - h, u.y - h, 2 * h, 2 * h}, colLeft.alpha(al))
			b.frame(rect{u.x - h, u.y - h, 2 * h, 2 * h}, 1.5*s, colInk.alpha(al*0.6))
		case core.DropDead: // nobody home: a black cross at the door
			h := (5 + 3*t) * s
			b.cross(u.x, u.y, h, 2.6*s, colCrashed.alpha(al))
		case core.DropUser: // dropped by hand: an expanding ring
			b.ringOutline(u.x, u.y, (4+12*t)*s, 2.5*s, colInk.alpha(al))
		}
	}
}

// legendItem is one symbol and its words in the legend.
type legendItem struct {
	mark  int
	words string
}

const (
	markUp = iota
	markCrashed
	markLeft
	markBeliefAlive
	markBeliefSuspect
	markBeliefRemoved
	markBeliefLeft
	markBeliefUnknown
	markPacket
	markLoss
	markPartition
	markDead
	markPing
	markAck
	markPingReq
	markFarewell
	markProbe
	markProbeIndirect
	markInformed
	markUninformed
	markRumor
	markCall
	markCallCarry
)

// legendItems are flowed over up to three lines; markBreak starts a new line.
var legendItems = []legendItem{
	{markUp, "up"}, {markCrashed, "crashed"}, {markLeft, "left"}, {-1, "ring = the others' belief:"},
	{markBeliefAlive, "alive"}, {markBeliefSuspect, "suspect"}, {markBeliefRemoved, "removed"},
	{markBeliefLeft, "left"}, {markBeliefUnknown, "unknown"},
	{markBreak, ""},
	{markPacket, "gossip message"}, {markLoss, "lost"}, {markPartition, "cut by partition"},
	{markDead, "receiver down"}, {-1, "Click a node: crash / restart · right-click: its list · drag: partition · ? help"},
}

// swimLegendItems replace the gossip message by SWIM's kinds of message and the open probe.
var swimLegendItems = []legendItem{
	{markUp, "up"}, {markCrashed, "crashed"}, {markLeft, "left"}, {-1, "ring = the others' belief:"},
	{markBeliefAlive, "alive"}, {markBeliefSuspect, "suspect"}, {markBeliefRemoved, "removed"},
	{markBeliefLeft, "left"}, {markBeliefUnknown, "unknown"},
	{markBreak, ""},
	{markPing, "ping"}, {markAck, "ack"}, {markPingReq, "ping-req"}, {markFarewell, "farewell"},
	{markProbe, "probe open"}, {markProbeIndirect, "no ack yet: asking K others"},
	{markLoss, "lost"}, {markPartition, "cut by partition"}, {markDead, "receiver down"},
	{-1, "Click a node: crash / restart · right-click: its list · drag: partition · ? help"},
}

func (g *Game) legendList() []legendItem {
	if g.run.SourceKind() == session.KindTrace { // a recording: nothing to click into it
		if g.swim() {
			return swimTraceLegend
		}
		return traceLegend
	}
	if g.swim() {
		return swimLegendItems
	}
	if g.rumor() {
		return rumorLegendItems
	}
	return legendItems
}

const markBreak = -2

// traceHint is the legend's last line while a recorded trace is shown.
const traceHint = "Space: play / pause · ← →: 5 s back / on · right-click a node: its list · ? help"

// The legends of a recorded trace: the same marks, its own hint.
var traceLegend, swimTraceLegend = withHint(legendItems, traceHint), withHint(swimLegendItems, traceHint)

// withHint is items with its last entry (the hint) replaced.
func withHint(items []legendItem, hint string) []legendItem {
	out := append([]legendItem(nil), items...)
	out[len(out)-1] = legendItem{-1, hint}
	return out
}

// placedItem is a legend item where layoutLegend put it.
type placedItem struct {
	it   legendItem
	x, y float64
}

// layoutLegend places the legend's items in its band (after the screen's layout).
func (g *Game) layoutLegend() {
	L := g.L.legend
	g.gfx.legendAt = g.gfx.legendAt[:0]
	if L.h <= 0 {
		return
	}
	s := g.s
	g.flowLegend(L.x+12*s, L.y+12*s, L.w-20*s, func(it legendItem, x, y float64) {
		g.gfx.legendAt = append(g.gfx.legendAt, placedItem{it, x, y})
	})
}

// flowLegend places the legend items in a box of width w starting at (x0, y0), calling place
// for each item that fits, and returns the number of lines used (at most 3).
func (g *Game) flowLegend(x0, y0, w float64, place func(it legendItem, x, y float64)) int {
	s := g.s
	f := g.gfx.small
	lineH := 19 * s
	x, line := x0, 0
	for _, it := range g.legendList() {
		if it.mark == markBreak {
			if x > x0 {
				x, line = x0, line+1
			}
			continue
		}
		need := g.gfx.measure(it.words, f)
		if it.mark >= 0 {
			need += 15 * s
		}
		if x+need > x0+w && x > x0 {
			x, line = x0, line+1
		}
		if line >= 3 {
			break
		}
		if x+need <= x0+w && place != nil {
			place(it, x, y0+float64(line)*lineH)
		}
		x += need + 14*s
	}
	if x == x0 {
		return line
	}
	return min(line+1, 3)
}

// legendHeight is the legend's height for a canvas of width w.
func (g *Game) legendHeight(w float64) float64 {
	g.gfx.ensureFaces(g.s)
	lines := g.flowLegend(12*g.s, 0, w-20*g.s, nil)
	return float64(lines)*19*g.s + 6*g.s
}

// drawLegend draws the legend under the cluster.
func (g *Game) drawLegend(dst *ebiten.Image) {
	L := g.L.legend
	if L.h <= 0 {
		return
	}
	b := g.gfx.b
	s := g.s
	f := g.gfx.small
	b.rect(rect{L.x, L.y, L.w, 1}, colBorder)
	for _, p := range g.gfx.legendAt {
		if p.it.mark >= 0 {
			g.legendMark(p.it.mark, p.x+6*s, p.y)
		}
	}
	b.flush(dst)
	for _, p := range g.gfx.legendAt {
		x := p.x
		if p.it.mark >= 0 {
			x += 15 * s
		}
		g.text(dst, p.it.words, f, x, p.y, colMuted, aStart, aCenter)
	}
	if k := g.packetStride(); k > 1 {
		msg := g.gfx.misc[0].get(float64(k), func(v float64) string {
			return "drawing 1 packet in " + strconv.Itoa(int(v))
		})
		g.text(dst, msg, f, L.right()-10*s, L.y-10*s, colMuted, aEnd, aCenter)
	}
}

// legendMark draws legend symbol m centred at (x, y).
func (g *Game) legendMark(m int, x, y float64) {
	b := g.gfx.b
	s := g.s
	r := 6 * s
	switch m {
	case markUp:
		b.circle(x, y, r, colUp)
	case markCrashed:
		b.circle(x, y, r, colPanel)
		b.cross(x, y, r*0.7, 2.2*s, colCrashed)
	case markLeft:
		b.ringOutline(x, y, r*0.8, 2*s, colMuted)
	case markBeliefAlive, markBeliefSuspect, markBeliefRemoved, markBeliefLeft, markBeliefUnknown:
		c := [...]rgba{colAlive, colSuspect, colRemoved, colLeft, colUnknown}[m-markBeliefAlive]
		b.sector(x, y, r*0.55, r, 0, 2*math.Pi, c)
	case markPacket:
		b.line(x-10*s, y, x+2*s, y, 3.5*s, colPacket.alpha(0), colPacket.alpha(0.5))
		b.circle(x+2*s, y, 4*s, colPacket)
	case markLoss:
		for k := 0; k < 8; k++ {
			a := float64(k) * math.Pi / 4
			cs, sn := math.Cos(a), math.Sin(a)
			b.line(x+cs*3*s, y+sn*3*s, x+cs*7*s, y+sn*7*s, 2*s, colPacket, colPacket)
		}
	case markPartition:
		b.rect(rect{x - 5*s, y - 5*s, 10 * s, 10 * s}, colLeft)
		b.frame(rect{x - 5*s, y - 5*s, 10 * s, 10 * s}, 1.5*s, colInk.alpha(0.6))
	case markDead:
		b.cross(x, y, 5*s, 2.6*s, colCrashed)
	case markPing, markAck, markPingReq, markFarewell:
		k := [...]core.MsgKind{core.MsgPing, core.MsgAck, core.MsgPingReq, core.MsgFarewell}[m-markPing]
		g.drawPacket(k, flightLook{p: point{x + 2*s, y}, tail: point{x - 10*s, y}, alpha: 1, ok: true}, 4*s, false, false)
	case markInformed:
		b.circle(x, y, r, colRumor)
	case markUninformed:
		b.circle(x, y, r, colAlive)
		b.circle(x, y, r*0.6, colPanel)
	case markRumor, markCall, markCallCarry:
		k := core.MsgRumor
		if m != markRumor {
			k = core.MsgCall
		}
		g.drawPacket(k, flightLook{p: point{x + 2*s, y}, tail: point{x - 10*s, y}, alpha: 1, ok: true}, 4*s, false, m == markCallCarry)
	case markProbe:
		b.line(x-9*s, y, x+9*s, y, 2*s, colPing.alpha(0.45), colPing.alpha(0.45))
	case markProbeIndirect:
		b.dashed(x-9*s, y, x+9*s, y, 2*s, 2*s, 4*s, colPingReq.alpha(0.8))
	}
}
