package view

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// The toast: a message at the bottom of the canvas for a few seconds (an error, a hint, what a
// change did), laid out in Update when it or the window changes, drawn as laid out.

// toastState is the toast: its message, the tick it fades by, whether it is about the next
// Reset (which clears it), and its layout.
type toastState struct {
	msg        string
	till       int
	untilReset bool
	box        rect
	wrap       struct { // the message as last wrapped
		msg         string
		w, s, textW float64
		lines       []string
	}
}

// flash shows a message at the bottom of the canvas for a few seconds.
func (g *Game) flash(msg string) {
	g.toast.msg = msg
	g.toast.till = g.ticks + 5*60
	g.toast.untilReset = false
}

// flashUntilReset is flash for a change that applies from the next Reset: the Reset clears it.
func (g *Game) flashUntilReset(msg string) {
	g.flash(msg)
	g.toast.untilReset = true
}

// toastLayout lays out the toast: its lines, wrapped to fit the cluster's width (a long message,
// a locked control or a hint, is never cut at its ends), and its box. Wrapped again only when
// the message or the width changes. It returns the box and the lines.
func (g *Game) toastLayout() (rect, []string) {
	s := g.s
	c := g.L.cluster
	maxW := math.Max(40*s, c.w-48*s)
	tw := &g.toast.wrap
	if tw.msg != g.toast.msg || tw.w != maxW || tw.s != s {
		tw.msg, tw.w, tw.s = g.toast.msg, maxW, s
		tw.lines = wrapText(g.toast.msg, maxW, 4, func(t string) float64 { return g.gfx.measure(t, g.gfx.body) })
		tw.textW = 0
		for _, l := range tw.lines {
			tw.textW = math.Max(tw.textW, g.gfx.measure(l, g.gfx.body))
		}
	}
	w := tw.textW + 28*s
	h := 14*s + 20*s*float64(len(tw.lines))
	g.toast.box = rect{c.x + c.w/2 - w/2, c.bottom() - 12*s - h, w, h}
	return g.toast.box, tw.lines
}

// draw draws the toast as laid out at frame tick, fading in its last half second.
func (t *toastState) draw(d *drawState, s float64, tick int, dst *ebiten.Image) {
	if t.msg == "" || tick > t.till {
		return
	}
	r, lines := t.box, t.wrap.lines
	al := math.Min(1, float64(t.till-tick)/30)
	b := d.b
	b.roundRect(r, 8*s, colInk.alpha(0.88*al))
	b.flush(dst)
	for i, l := range lines {
		d.text(dst, l, d.body, r.x+r.w/2, r.y+7*s+10*s+20*s*float64(i), colPanel.alpha(al), aCenter, aCenter)
	}
}
