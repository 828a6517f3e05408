package view

import (
	"fmt"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/session"
)

// The top bar: its buttons, the protocol and mode switches, the speed slider, the pitfall badge
// and the clock, drawn as layoutToolbar (widgets.go) placed them.

func (g *Game) drawToolbar(dst *ebiten.Image) {
	b := g.gfx.b
	s := g.s
	T := g.L.toolbar
	b.rect(T, colPanel)
	b.rect(rect{T.x, T.bottom() - 1, T.w, 1}, colBorder)
	for i := range g.widgets {
		w := &g.widgets[i]
		if w.id.inSide() || w.id == ctlSpeed {
			continue
		}
		hot := g.hover.kind == hoverWidget && g.hover.w == w
		switch w.id {
		case ctlProtoHeartbeat, ctlProtoSwim, ctlProtoRumor, ctlModePush, ctlModePull, ctlModePushPull:
			g.drawSegment(w, hot)
			continue
		case ctlBadge:
			b.roundRect(w.r, 6*s, colError)
			if hot {
				b.frame(w.r, 2*s, colInk)
			}
			g.gfx.warnSign(w.r.x+14*s, w.r.y+w.r.h/2, 8*s, s)
			continue
		case ctlSource: // a live cluster (green; grey once gone) or a trace (the accent), with its ×
			c := colAccent
			if g.run.SourceKind() == session.KindLive {
				c = colLive
				if g.link == nil {
					c = colMuted
				}
			}
			b.roundRect(w.r, 6*s, c)
			if hot {
				b.frame(w.r, 2*s, colInk)
			}
			continue
		}
		on := (w.id == ctlMatrix && g.showMatrix) || (w.id == ctlHelp && g.showHelp) || (w.id == ctlCompare && g.cmp != nil) ||
			(w.id == ctlHeal && g.cur.Snap.Partitioned)
		bg := colFaint
		if hot {
			bg = hex(0xDCD9D0)
		}
		if w.id == ctlPlay && g.controlOff(ctlPlay) == "" {
			bg = colAccent
			if hot {
				bg = hex(0x005A8C)
			}
		}
		g.gfx.button(w.r, s, bg, on)
	}
	sp := g.widgetByID(ctlSpeed)
	if sp != nil {
		g.drawSliderShapes(sp)
	}
	b.flush(dst)
	for i := range g.widgets {
		w := &g.widgets[i]
		if w.id.inSide() || w.id == ctlSpeed {
			continue
		}
		label, c, f := w.label, colInk, g.gfx.body
		cx := w.r.x + w.r.w/2
		switch w.id {
		case ctlPlay:
			label, c = "Pause", colPanel
			if g.run.Paused() {
				label = "Play"
			}
			if g.controlOff(ctlPlay) != "" { // a live cluster: on a muted button
				c = colInk
			}
		case ctlProtoHeartbeat, ctlProtoSwim, ctlProtoRumor, ctlModePush, ctlModePull, ctlModePushPull:
			if g.segmentOn(w.id) {
				c, f = colPanel, g.gfx.bold
			}
		case ctlBadge:
			c, f = colPanel, g.gfx.bold
			cx = w.r.x + 26*s + (w.r.w-26*s)/2
		case ctlSource:
			g.text(dst, g.sourceBadge(), g.gfx.bold, w.r.x+10*s, w.r.y+w.r.h/2, colPanel, aStart, aCenter)
			g.text(dst, "×", g.gfx.bold, w.r.right()-12*s, w.r.y+w.r.h/2, colPanel, aCenter, aCenter)
			continue
		}
		if g.controlOff(w.id) != "" { // no meaning for the source shown: muted (light on a filled button)
			if c == colPanel {
				c = colPanel.alpha(0.55)
			} else {
				c = colMuted.alpha(0.45)
			}
		}
		if w.id == ctlLeave && g.selected < 0 || w.id == ctlHeal && !g.cur.Snap.Partitioned || w.id == ctlInject && g.rum.injectedAt >= 0 {
			c = colMuted.alpha(0.7)
		}
		g.text(dst, label, f, cx, w.r.y+w.r.h/2, c, aCenter, aCenter)
	}
	if sp != nil {
		v := g.run.Speed()
		txt := sp.cacheText(g, v, 0)
		c := colInk
		if g.controlOff(ctlSpeed) != "" {
			c = colMuted.alpha(0.6)
		}
		g.text(dst, txt, g.gfx.body, sp.r.x, sp.r.y+sp.r.h/2, c, aStart, aCenter)
	}
	// The clock, right-aligned on the first row.
	// While the timeline shows the past, the clock says so in the accent colour: the run the
	// learner sees is not the one that goes on.
	past := g.run.ViewingPast()
	clock := g.gfx.clock.get(math.Floor(g.cur.Snap.Time.Seconds()*10)/10+b2f(g.run.Paused())*1e9+b2f(past)*2e9, func(v float64) string {
		switch {
		case v >= 2e9:
			return fmt.Sprintf("t = %.1f s  (the past)", v-3e9)
		case v >= 1e9:
			return fmt.Sprintf("t = %.1f s  (paused)", v-1e9)
		}
		return fmt.Sprintf("t = %.1f s", v)
	})
	clockCol := colInk
	if past {
		clockCol = colAccent
	}
	g.text(dst, clock, g.gfx.title, T.right()-12*s, 8*s+16*s, clockCol, aEnd, aCenter)
}

// drawSegment draws one part of a segmented switch (the protocol, the rumor's mode): the
// running choice filled.
func (g *Game) drawSegment(w *widget, hot bool) {
	first := w.id == ctlProtoHeartbeat || w.id == ctlModePush
	last := w.id == ctlProtoRumor || w.id == ctlModePushPull
	g.gfx.segment(w.r, g.s, g.segmentOn(w.id), hot, first, last)
}

// cacheText returns the slider's value text, formatting it only when the value changed.
func (w *widget) cacheText(g *Game, v, v2 float64) string {
	if w.ctext == "" || w.cv != v || w.cv2 != v2 {
		w.cv, w.cv2 = v, v2
		w.ctext = g.sliderText(w.id, v, v2)
	}
	return w.ctext
}

// drawSliderShapes draws a slider's track, fill and knob(s) into the batch, at the value being
// dragged while it is.
func (g *Game) drawSliderShapes(w *widget) {
	v, v2 := g.sliderValue(w.id)
	dragged := g.drag.kind == dragSlider && g.drag.id == w.id
	if dragged {
		v, v2 = g.drag.v, g.drag.v2
	}
	t1 := g.sliderNorm(w.id, v)
	t0, knobs := 0.0, [2]float64{t1}
	n := 1
	if w.id == ctlLatency { // a range: filled between its two knobs
		t0, t1 = g.sliderNorm(w.id, math.Min(v, v2)), g.sliderNorm(w.id, math.Max(v, v2))
		knobs, n = [2]float64{g.sliderNorm(w.id, v), g.sliderNorm(w.id, v2)}, 2
	}
	hot := g.hover.kind == hoverWidget && g.hover.w == w
	g.gfx.slider(w.track, g.s, t0, t1, knobs[:n], hot || dragged)
}
