package view

import (
	"fmt"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
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
			g.warnSign(w.r.x+14*s, w.r.y+w.r.h/2, 8*s)
			continue
		}
		on := (w.id == ctlMatrix && g.showMatrix) || (w.id == ctlHelp && g.showHelp) || (w.id == ctlCompare && g.cmp != nil) ||
			(w.id == ctlHeal && g.cur.Snap.Partitioned)
		bg := colFaint
		if hot {
			bg = hex(0xDCD9D0)
		}
		if w.id == ctlPlay {
			bg = colAccent
			if hot {
				bg = hex(0x005A8C)
			}
		}
		b.roundRect(w.r, 6*s, bg)
		if on {
			b.frame(w.r, 2*s, colAccent)
		}
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
		case ctlProtoHeartbeat, ctlProtoSwim, ctlProtoRumor, ctlModePush, ctlModePull, ctlModePushPull:
			if g.segmentOn(w.id) {
				c, f = colPanel, g.gfx.bold
			}
		case ctlBadge:
			c, f = colPanel, g.gfx.bold
			cx = w.r.x + 26*s + (w.r.w-26*s)/2
		}
		if w.id == ctlLeave && g.selected < 0 || w.id == ctlHeal && !g.cur.Snap.Partitioned || w.id == ctlInject && g.rum.injectedAt >= 0 {
			c = colMuted.alpha(0.7)
		}
		g.text(dst, label, f, cx, w.r.y+w.r.h/2, c, aCenter, aCenter)
	}
	if sp != nil {
		v := g.run.Speed()
		txt := sp.cacheText(g, v, 0)
		g.text(dst, txt, g.gfx.body, sp.r.x, sp.r.y+sp.r.h/2, colInk, aStart, aCenter)
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
	b := g.gfx.b
	s := g.s
	rad := 6 * s
	r := w.r
	on := g.segmentOn(w.id)
	bg := colFaint
	switch {
	case on:
		bg = colAccent
	case hot:
		bg = hex(0xDCD9D0)
	}
	first := w.id == ctlProtoHeartbeat || w.id == ctlModePush
	last := w.id == ctlProtoRumor || w.id == ctlModePushPull
	// Round only the outer corners: a rounded rect, with the inner sides squared off.
	b.roundRect(r, rad, bg)
	if !last {
		b.rect(rect{r.right() - rad, r.y, rad, r.h}, bg)
	}
	if !first {
		b.rect(rect{r.x, r.y, rad, r.h}, bg)
		if !on {
			b.rect(rect{r.x, r.y + 5*s, 1, r.h - 10*s}, colBorder)
		}
	}
}

// warnSign draws a warning triangle with an exclamation mark, centred at (x, y).
func (g *Game) warnSign(x, y, h float64) {
	b := g.gfx.b
	s := g.s
	pts := [3]point{{x, y - h}, {x + h*1.1, y + h*0.8}, {x - h*1.1, y + h*0.8}}
	b.convex(pts[:], colGroupA)
	b.rect(rect{x - 1*s, y - h*0.45, 2 * s, h * 0.7}, colInk)
	b.rect(rect{x - 1*s, y + h*0.38, 2 * s, 2 * s}, colInk)
}

// cacheText returns the slider's value text, formatting it only when the value changed.
func (w *widget) cacheText(g *Game, v, v2 float64) string {
	if w.ctext == "" || w.cv != v || w.cv2 != v2 {
		w.cv, w.cv2 = v, v2
		w.ctext = g.sliderText(w.id, v, v2)
	}
	return w.ctext
}

// drawSliderShapes draws a slider's track, fill and knob(s) into the batch.
func (g *Game) drawSliderShapes(w *widget) {
	b := g.gfx.b
	s := g.s
	v, v2 := g.sliderValue(w.id)
	if g.drag.kind == dragSlider && g.drag.id == w.id {
		v, v2 = g.drag.v, g.drag.v2
	}
	t := w.track
	b.roundRect(t, t.h/2, colFaint)
	t0, t1 := 0.0, g.sliderNorm(w.id, v)
	if w.id == ctlLatency {
		t0, t1 = g.sliderNorm(w.id, math.Min(v, v2)), g.sliderNorm(w.id, math.Max(v, v2))
	}
	b.roundRect(rect{t.x + t0*t.w, t.y, (t1 - t0) * t.w, t.h}, t.h/2, colAccent.alpha(0.75))
	hot := g.hover.kind == hoverWidget && g.hover.w == w
	kr := 7 * s
	if hot || (g.drag.kind == dragSlider && g.drag.id == w.id) {
		kr = 8.5 * s
	}
	knob := func(tt float64) {
		x := t.x + tt*t.w
		b.circle(x, t.y+t.h/2, kr+1.5*s, colAccent)
		b.circle(x, t.y+t.h/2, kr-0.5*s, colPanel)
	}
	if w.id == ctlLatency {
		knob(g.sliderNorm(w.id, v))
		knob(g.sliderNorm(w.id, v2))
	} else {
		knob(t1)
	}
}
