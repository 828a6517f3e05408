package view

import (
	"fmt"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
)

// ---- Tooltip and help ----------------------------------------------------------------------

// tipBox is the tooltip as laid out: its text, wrapped, and its box ("" when none).
type tipBox struct {
	text string
	r    rect
}

type tipCache struct {
	kind  hoverKind
	key   uint64
	stamp int
	lines string
}

// tooltip returns the hover text, rebuilt at most every few frames.
func (g *Game) tooltip() string {
	h := g.hover
	tc := &g.gfx.tip
	var key uint64
	switch h.kind {
	case hoverNode:
		if h.node >= len(g.cur.Snap.Nodes) {
			return ""
		}
		key = uint64(h.node)
	case hoverPacket:
		key = h.msg
	case hoverWidget:
		key = uint64(h.w.id)
	case hoverChart:
		key = uint64(h.node)
	default:
		return ""
	}
	if tc.kind == h.kind && tc.key == key && g.ticks-tc.stamp < 10 {
		return tc.lines
	}
	tc.kind, tc.key, tc.stamp = h.kind, key, g.ticks
	switch h.kind {
	case hoverNode:
		nd := &g.cur.Snap.Nodes[h.node]
		live := nd.Alive + nd.Suspect + nd.Removed + nd.Left + nd.Unknown
		act := "click: crash it"
		if nd.Status != core.StatusUp {
			act = "click: restart it"
		} else if g.rumor() && !nd.Informed {
			act = "click: start the rumor here"
		}
		if g.rumor() {
			heard := "has not heard the rumor"
			if nd.Informed {
				heard = fmt.Sprintf("heard the rumor at %.2f s", nd.InformedAt.Seconds())
			}
			tc.lines = fmt.Sprintf("Node %d: %s · %s\n%s · right-click: its list", h.node, nd.Status, heard, act)
			break
		}
		seed := ""
		for _, sd := range g.cur.Snap.Config.Seeds {
			if int(sd) == h.node {
				seed = " (seed)"
			}
		}
		counter := "heartbeat"
		probe := ""
		if g.swim() {
			counter = "incarnation"
			if t, indirect, ok := g.openProbe(h.node, g.nowF()); ok {
				probe = fmt.Sprintf("\nProbing node %d now", t)
				if indirect {
					probe += fmt.Sprintf(": no ack yet, asked %d others (ping-req)", g.cur.Config.Swim.K)
				}
			}
		}
		tc.lines = fmt.Sprintf("Node %d%s: %s · generation %d · %s %d\n"+
			"Of %d live nodes: %d believe it alive, %d suspect it, %d removed it, %d unknown%s\n%s · right-click: its list",
			h.node, seed, nd.Status, nd.Generation, counter, nd.Heartbeat, live, nd.Alive, nd.Suspect, nd.Removed, nd.Unknown+nd.Left, probe, act)
	case hoverPacket:
		tc.lines = ""
		for i := range g.cur.Snap.InFlight {
			f := &g.cur.Snap.InFlight[i]
			if f.ID == h.msg {
				tc.lines = fmt.Sprintf("%s %d: node %d → node %d%s\n%d entries, %d bytes · sent %.3f s, lands %.3f s\nclick: drop it",
					msgTitle(f.Kind), f.ID, f.From, f.To, msgMeaning(f), f.Entries, f.Bytes, f.SentAt.Seconds(), f.ArriveAt.Seconds())
			}
		}
	case hoverChart:
		tc.lines = chartTips[h.node]
		if g.rumor() && h.node < 2 {
			tc.lines = rumorChartTip
		}
	case hoverWidget:
		tc.lines = h.w.tip
		if off := g.controlOff(h.w.id); off != "" {
			tc.lines = off
		} else if h.w.key != "" {
			tc.lines += "  [" + h.w.key + "]"
		}
	}
	return tc.lines
}

// layoutTooltip wraps and places the tooltip of what the pointer is over (after the hover and
// the frame are known), for drawTooltip to draw as it is.
func (g *Game) layoutTooltip() {
	t := &g.gfx.tipBox
	t.text = ""
	if g.showHelp {
		return
	}
	tip := g.tooltip()
	if tip == "" {
		return
	}
	s := g.s
	f := g.gfx.small
	w, h := measureBlock(tip, f)
	if maxW := g.w - 8 - 20*s; w > maxW && maxW > 40*s { // a phone: wrap the lines to the screen
		tip = g.wrapTip(tip, maxW)
		w, h = measureBlock(tip, f)
	}
	t.text, t.r = tip, g.tipRect(w+20*s, h+14*s)
}

// draw draws the tooltip as laid out, at scale s.
func (t *tipBox) draw(d *drawState, s float64, dst *ebiten.Image) {
	if t.text == "" {
		return
	}
	r := t.r
	b := d.b
	b.roundRect(rect{r.x + 2*s, r.y + 3*s, r.w, r.h}, 6*s, colInk.alpha(0.15))
	b.roundRect(r, 6*s, colInk.alpha(0.92))
	b.flush(dst)
	d.text(dst, t.text, d.small, r.x+10*s, r.y+7*s, colPanel, aStart, aStart)
}

// wrapTip wraps each line of a tooltip to width w, cached per text and width.
func (g *Game) wrapTip(tip string, w float64) string {
	tw := &g.gfx.tipWrap
	if tw.src == tip && tw.w == w {
		return tw.out
	}
	var lines []string
	for _, l := range strings.Split(tip, "\n") {
		lines = append(lines, wrapText(l, w, 6, func(t string) float64 { return g.gfx.measure(t, g.gfx.small) })...)
	}
	tw.src, tw.w, tw.out = tip, w, strings.Join(lines, "\n")
	return tw.out
}

// tipRect places a w×h tooltip where it covers no control: a control's or a chart's tip beside
// the panel it lives in (left of the side panel, under the toolbar), any other tip by the
// pointer. Always inside the window.
func (g *Game) tipRect(w, h float64) rect {
	s := g.s
	x, y := g.mouse.x+16*s, g.mouse.y+18*s
	switch hv := g.hover; {
	case hv.kind == hoverWidget && (hv.w.id.inSide() || g.gfx.side.params.contains(g.mouse.x, g.mouse.y)),
		hv.kind == hoverChart:
		top := g.mouse.y - h/2
		if hv.kind == hoverWidget {
			top = hv.w.r.y
		}
		if side := g.L.side; side.w > 0 && side.x > w+12*s { // beside the panel
			x, y = side.x-w-8*s, top
		} else { // a narrow screen: the panel is under the cluster; go above the control
			y = top - h - 6*s
		}
	case hv.kind == hoverWidget: // under the toolbar, over the canvas, clear of the side panel
		x, y = hv.w.r.x, g.L.toolbar.bottom()+6*s
		if c := g.L.canvas; c.w >= w+8 {
			x = math.Min(x, c.right()-4-w)
		}
	}
	x = math.Max(4, math.Min(x, g.w-4-w))
	if y+h > g.h-4 {
		y = g.mouse.y - h - 10*s
	}
	return rect{x, math.Max(4, y), w, h}
}

// msgTitle and msgMeaning word a message for its tooltip.
func msgTitle(k core.MsgKind) string {
	switch k {
	case core.MsgPing:
		return "Ping"
	case core.MsgAck:
		return "Ack"
	case core.MsgPingReq:
		return "Ping-req"
	case core.MsgFarewell:
		return "Farewell"
	case core.MsgRumor:
		return "Rumor"
	case core.MsgCall:
		return "Call"
	}
	return "Gossip message"
}

func msgMeaning(f *core.Flight) string {
	switch f.Kind {
	case core.MsgPing:
		return " (are you alive?)"
	case core.MsgAck:
		if f.About != f.From {
			return fmt.Sprintf(" (node %d answered node %d's ping for it)", f.About, f.From)
		}
		return " (yes, alive)"
	case core.MsgPingReq:
		return fmt.Sprintf(" (please ping node %d for me)", f.About)
	case core.MsgFarewell:
		return " (I am leaving)"
	case core.MsgRumor:
		return " (here is the rumor)"
	case core.MsgCall:
		if f.About != core.NoNode {
			return " (a call carrying the rumor)"
		}
		return " (any news? the caller has not heard it)"
	}
	return ""
}

const rumorChartTip = "Informed nodes against periods since the rumor started (solid), and the round\n" +
	"model's mean over many trials for the same N, fanout b, mode and loss (dashed).\n" +
	"Here nodes tick at their own times and answer at once, so the run tends to be faster."

var chartTips = [3]string{
	"Convergence: the share of (live node, other node) pairs whose belief matches the truth:\n" +
		"an up node believed alive, a crashed or departed one removed or forgotten.",
	"Suspicions and removals: (live observer, subject) pairs in that state.\n" +
		"False positives: up nodes that at least one live node suspects or has removed.",
	"Traffic: messages and bytes sent per second, per sample interval.\n" +
		"Each line is scaled to its own peak over the minute shown.",
}
