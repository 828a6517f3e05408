package view

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
	"gossiplab/session"
)

// ---- Toolbar ----------------------------------------------------------------------------

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

// ---- Side panel: parameters, charts, event log --------------------------------------------

func (g *Game) drawSide(dst *ebiten.Image) {
	b := g.gfx.b
	s := g.s
	S := g.L.side
	sr := &g.gfx.side
	b.rect(S, colPanel)
	b.rect(rect{S.x, S.y, 1, S.h}, colBorder)
	for i := range g.widgets {
		w := &g.widgets[i]
		if w.id.isSlider() && w.id != ctlSpeed {
			g.drawSliderShapes(w)
		}
	}
	if sr.pitfalls.h > 0 {
		b.rect(rect{sr.pitfalls.x, sr.pitfalls.y, sr.pitfalls.w, 1}, colBorder)
		for i := range g.widgets {
			w := &g.widgets[i]
			if w.id.isToggle() {
				g.drawToggleShapes(w)
			}
			if w.id == ctlPitHeader { // a chevron: ▼ open, ► closed
				if g.hover.kind == hoverWidget && g.hover.w == w {
					b.roundRect(w.r, 4*s, colFaint.alpha(0.7))
				}
				x, y, h := w.r.right()-8*s, w.r.y+w.r.h/2, 4.5*s
				pts := [3]point{{x - h, y - h*0.6}, {x + h, y - h*0.6}, {x, y + h*0.7}}
				if !g.pitOpen {
					pts = [3]point{{x - h*0.6, y - h}, {x - h*0.6, y + h}, {x + h*0.7, y}}
				}
				b.convex(pts[:], colError)
			}
		}
	}
	// Chart frames and lines.
	for i, r := range sr.charts {
		if r.h < 20*s {
			continue
		}
		if g.rumor() && i < 2 { // the infection curve takes the places of the first two charts
			if i == 0 {
				g.drawRumorChartShapes(g.rumorChartRect())
			}
			continue
		}
		g.drawChartShapes(i, r)
	}
	b.flush(dst)
	// Texts.
	g.text(dst, "Parameters", g.gfx.title, sr.params.x, sr.params.y+8*s, colInk, aStart, aCenter)
	for i := range g.widgets {
		w := &g.widgets[i]
		if !w.id.isSlider() || w.id == ctlSpeed {
			continue
		}
		v, v2 := g.sliderValue(w.id)
		if g.drag.kind == dragSlider && g.drag.id == w.id {
			v, v2 = g.drag.v, g.drag.v2
		}
		g.text(dst, w.label, g.gfx.small, w.r.x, w.r.y+w.r.h/2, colInk, aStart, aCenter)
		g.text(dst, w.cacheText(g, v, v2), g.gfx.small, w.r.right(), w.r.y+w.r.h/2, colInk, aEnd, aCenter)
	}
	if p := sr.pitfalls; p.h > 0 {
		g.text(dst, "Pitfalls (bugs on purpose)", g.gfx.title, p.x, p.y+12*s, colError, aStart, aCenter)
		if !g.pitOpen {
			_, n := pitfallsOn(&g.cur.Config)
			hint := g.gfx.misc[6].get(float64(n), func(v float64) string {
				if v == 0 {
					return "show"
				}
				return "show · " + strconv.Itoa(int(v)) + " on"
			})
			g.text(dst, hint, g.gfx.small, p.right()-20*s, p.y+12*s, colMuted, aEnd, aCenter)
		}
		for i := range g.widgets {
			if w := &g.widgets[i]; w.id.isToggle() {
				c := colInk
				if g.pitfallOn(w.id) {
					c = colError
				}
				g.text(dst, w.label, g.gfx.small, w.r.x+24*s, w.r.y+w.r.h/2, c, aStart, aCenter)
			}
		}
	}
	if sr.charts[0].h >= 20*s && g.rumor() {
		g.text(dst, "Spread of the rumor", g.gfx.title, sr.charts[0].x, sr.charts[0].y-13*s, colInk, aStart, aCenter)
		g.drawRumorChartTexts(dst, g.rumorChartRect())
		g.drawChartTexts(dst, 2, sr.charts[2])
	} else if sr.charts[0].h >= 20*s {
		g.text(dst, "Last minute", g.gfx.title, sr.charts[0].x, sr.charts[0].y-13*s, colInk, aStart, aCenter)
		for i, r := range sr.charts {
			g.drawChartTexts(dst, i, r)
		}
	}
	if sr.log.h > 30*s {
		g.text(dst, "Events", g.gfx.title, sr.log.x, sr.log.y-12*s, colInk, aStart, aCenter)
		g.drawLog(dst, sr.log)
	}
}

// drawToggleShapes draws a pitfall toggle's check box: empty when off, a filled box with a tick
// when on.
func (g *Game) drawToggleShapes(w *widget) {
	b := g.gfx.b
	s := g.s
	box := rect{w.r.x + 2*s, w.r.y + w.r.h/2 - 7*s, 14 * s, 14 * s}
	hot := g.hover.kind == hoverWidget && g.hover.w == w
	if hot {
		b.roundRect(rect{w.r.x - 3*s, w.r.y + 1*s, w.r.w + 6*s, w.r.h - 2*s}, 4*s, colFaint.alpha(0.7))
	}
	if g.pitfallOn(w.id) {
		b.roundRect(box, 3*s, colError)
		cx, cy := box.x+box.w/2, box.y+box.h/2
		b.line(cx-4*s, cy, cx-1*s, cy+3.5*s, 2*s, colPanel, colPanel)
		b.line(cx-1*s, cy+3.5*s, cx+4.5*s, cy-3.5*s, 2*s, colPanel, colPanel)
		return
	}
	b.roundRect(box, 3*s, colMuted)
	b.roundRect(box.inset(1.5*s), 2*s, colPanel)
}

// chartLine draws one series over the last minute into r, scaled to top.
func (g *Game) chartLine(sr *series, r rect, top float64, c rgba, w float64) {
	t0 := g.chartStart()
	i := sr.firstSince(t0)
	if top <= 0 {
		top = 1
	}
	step := max(1, (sr.len()-i)/int(math.Max(1, r.w/2))) // at most one point per 2 px
	var px, py float64
	first := true
	for ; i < sr.len(); i += step {
		t, v := sr.at(i)
		x := r.x + r.w*float64(t-t0)/float64(chartWindow)
		y := r.bottom() - r.h*math.Min(1, v/top)
		if !first {
			g.gfx.b.line(px, py, x, y, w, c, c)
		}
		px, py, first = x, y, false
	}
}

// plotRect is the plotting area of chart box r (below its title line).
func (g *Game) plotRect(r rect) rect {
	return rect{r.x, r.y + 18*g.s, r.w, r.h - 18*g.s}
}

// chartStart is the left edge of the charts: they fill from the left during the first minute,
// then scroll.
func (g *Game) chartStart() core.Time { return max(0, g.cur.Snap.Time-chartWindow) }

func (g *Game) chartTops() (counts, msgs, bytes float64) {
	t0 := g.chartStart()
	c := &g.charts
	counts = niceCeil(math.Max(4, math.Max(c.susp.maxSince(t0), math.Max(c.rem.maxSince(t0), c.fp.maxSince(t0)))))
	return counts, niceCeil(c.msgs.maxSince(t0)), niceCeil(c.bytes.maxSince(t0))
}

func (g *Game) drawChartShapes(i int, r rect) {
	b := g.gfx.b
	s := g.s
	p := g.plotRect(r)
	b.rect(p, hex(0xFAF9F6))
	b.rect(rect{p.x, p.bottom() - 1, p.w, 1}, colBorder)
	b.rect(rect{p.x, p.y, p.w, 1}, colFaint)
	lw := 2 * s
	c := &g.charts
	switch i {
	case 0:
		g.chartLine(c.conv, p, 100, colUp, lw)
	case 1:
		top, _, _ := g.chartTops()
		g.chartLine(c.susp, p, top, colSuspect, lw)
		g.chartLine(c.rem, p, top, colRemoved, lw)
		g.chartLine(c.fp, p, top, colLeft, lw)
	case 2:
		_, mt, bt := g.chartTops()
		g.chartLine(c.bytes, p, bt, colAlive, lw)
		g.chartLine(c.msgs, p, mt, colPacket, lw)
	}
}

func (g *Game) drawChartTexts(dst *ebiten.Image, i int, r rect) {
	if r.h < 20*g.s {
		return
	}
	s := g.s
	f := g.gfx.small
	m := &g.cur.Snap.Metrics.Latest
	y := r.y + 8*s
	lc := &g.gfx.chartLbl
	key := func(x float64, c rgba, label string) float64 {
		g.gfx.b.rect(rect{x, y - 4*s, 10 * s, 8 * s}, c)
		return x + 14*s
	}
	p := g.plotRect(r)
	switch i {
	case 0:
		txt := lc[0].get(math.Round(m.Convergence*1000), func(v float64) string {
			return fmt.Sprintf("Convergence  %.1f %%", v/10)
		})
		g.text(dst, txt, g.gfx.bold, r.x, y, colInk, aStart, aCenter)
		g.scaleText(dst, "100 %", p.right()-3*s, p.y+8*s)
	case 1:
		top, _, _ := g.chartTops()
		texts := g.suspicionKey(m, r.w)
		x := r.x
		for k, c := range [3]rgba{colSuspect, colRemoved, colLeft} {
			x = key(x, c, "")
			x = g.drawTextAdv(dst, texts[k], x, y) + 10*s
		}
		g.gfx.b.flush(dst)
		g.scaleText(dst, g.gfx.misc[1].get(top, func(v float64) string { return strconv.Itoa(int(v)) }), p.right()-3*s, p.y+8*s)
	case 2:
		_, mt, bt := g.chartTops()
		_, msgs, ok := g.charts.msgs.last() // the last full interval: steadier than "since the last sample"
		_, bytes, _ := g.charts.bytes.last()
		if !ok {
			msgs, bytes = -1, -1
		}
		x := key(r.x, colPacket, "")
		x = g.drawTextAdv(dst, lc[4].get(math.Round(msgs), func(v float64) string {
			if v < 0 {
				return "– msg/s"
			}
			return fmtCount(v) + " msg/s"
		}), x, y) + 10*s
		x = key(x, colAlive, "")
		g.drawTextAdv(dst, lc[5].get(snapSig(bytes, 3), func(v float64) string {
			if v < 0 {
				return "– B/s"
			}
			return fmtBytes(v) + "/s"
		}), x, y)
		g.gfx.b.flush(dst)
		scale := g.gfx.misc[2].get(mt*1e12+bt, func(float64) string {
			return "scale " + fmtCount(mt) + " msg/s · " + fmtBytes(bt) + "/s"
		})
		g.scaleText(dst, scale, p.right()-3*s, p.y+8*s)
	}
	g.gfx.b.flush(dst)
	if g.cur.Snap.Time > chartWindow {
		g.text(dst, "−60 s", f, p.x+3*s, p.bottom()-8*s, colMuted.alpha(0.8), aStart, aCenter)
	}
}

// scaleText writes a chart's scale right-aligned at (x, y) on a pale box, so that the chart's
// lines do not run through the figures.
func (g *Game) scaleText(dst *ebiten.Image, t string, x, y float64) {
	s, f := g.s, g.gfx.small
	w := g.gfx.measure(t, f)
	g.gfx.b.rect(rect{x - w - 3*s, y - 7*s, w + 6*s, 14 * s}, hex(0xFAF9F6).alpha(0.9))
	g.gfx.b.flush(dst)
	g.text(dst, t, f, x, y, colMuted, aEnd, aCenter)
}

// suspicionKey words the suspicions chart's key for a chart w wide: the words, or (when the
// counts of a big cluster make them too long) short ones: never a key cut off at the edge.
func (g *Game) suspicionKey(m *core.Sample, w float64) [3]string {
	lc := &g.gfx.chartLbl
	texts := [3]string{
		lc[1].get(float64(m.Suspected), func(v float64) string { return "suspicions " + fmtCount(v) }),
		lc[2].get(float64(m.Removed), func(v float64) string { return "removals " + fmtCount(v) }),
		lc[3].get(float64(m.FalsePositives), func(v float64) string { return "false pos. " + fmtCount(v) }),
	}
	if g.keyWidth(texts) <= w {
		return texts
	}
	sc := &g.gfx.chartShort
	return [3]string{
		sc[0].get(float64(m.Suspected), func(v float64) string { return "susp. " + fmtCount(v) }),
		sc[1].get(float64(m.Removed), func(v float64) string { return "rem. " + fmtCount(v) }),
		sc[2].get(float64(m.FalsePositives), func(v float64) string { return "false+ " + fmtCount(v) }),
	}
}

// keyWidth is how wide a chart key of these three texts is, with their colour marks.
func (g *Game) keyWidth(texts [3]string) float64 {
	w := 0.0
	for _, t := range texts {
		w += 14*g.s + g.gfx.measure(t, g.gfx.small) + 10*g.s
	}
	return w - 10*g.s
}

// fmtCount writes a count or rate briefly: 950, 12.3k, 4.5M.
func fmtCount(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 1, 64) + "M"
	case v >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', 0, 64) + "k"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// fmtBytes writes a byte count with a unit: 870 B, 14.5 kB, 44.9 MB.
func fmtBytes(v float64) string {
	switch {
	case v >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', 1, 64) + " GB"
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 1, 64) + " MB"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + " kB"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " B"
}

// drawTextAdv draws s at x (small face) and returns the x after it.
func (g *Game) drawTextAdv(dst *ebiten.Image, s string, x, y float64) float64 {
	g.text(dst, s, g.gfx.small, x, y, colInk, aStart, aCenter)
	return x + g.gfx.measure(s, g.gfx.small)
}

// logColor is the mark colour of a log line.
func logColor(e *session.LogEntry) rgba {
	switch e.Kind() {
	case core.EvSuspected:
		return colSuspect
	case core.EvRemoved, core.EvForgotten:
		return colRemoved
	case core.EvCrashed:
		return colCrashed
	case core.EvLeft, core.EvSawLeft, core.EvPartitioned, core.EvHealed:
		return colLeft
	case core.EvUnsuspected, core.EvReadded, core.EvLearned, core.EvJoined, core.EvRestarted:
		return colAlive
	}
	return colMuted
}

func (g *Game) drawLog(dst *ebiten.Image, r rect) {
	s := g.s
	f := g.gfx.small
	lh := 18 * s
	rows := int(r.h / lh)
	if rows <= 0 {
		return
	}
	b := g.gfx.b
	b.rect(r, hex(0xFAF9F6))
	last := g.run.Log().Shown() - 1 - g.logBack
	first := max(0, last-rows+1)
	for i := first; i <= last; i++ {
		e := g.run.Log().At(i)
		y := r.y + float64(i-first)*lh + lh/2
		b.circle(r.x+7*s, y, 3.5*s, logColor(e))
	}
	b.flush(dst)
	if g.run.Log().Shown() == 0 {
		empty := "Nothing yet. Click a node to crash it."
		if g.rumor() {
			empty = "Nothing yet. Click a node to start the rumor there."
		}
		g.text(dst, empty, f, r.x+6*s, r.y+lh/2, colMuted, aStart, aCenter)
	}
	for i := first; i <= last; i++ {
		e := g.run.Log().At(i)
		y := r.y + float64(i-first)*lh + lh/2
		g.text(dst, e.Fitted(r.w-20*s, func(t string, w float64) string {
			return fitLine(t, w, func(x string) float64 { return g.gfx.measure(x, f) })
		}), f, r.x+16*s, y, colInk, aStart, aCenter)
	}
	if g.logBack > 0 {
		g.text(dst, "↓ newer (scroll)", f, r.right()-4*s, r.bottom()-lh/2, colAccent, aEnd, aCenter)
	}
}

// ---- Left panel: the selected node's membership table and the matrix ---------------------

// tableColumns measures the membership table's column offsets for the current faces: the
// full layout, and a compact one for a narrow panel (state as a coloured dot only, short
// headers) that leaves room for the countdown bars.
func (d *drawState) tableColumns(s float64) {
	f := d.small
	w := func(strs ...string) float64 {
		m := 0.0
		for _, x := range strs {
			m = math.Max(m, d.measure(x, f))
		}
		return m + 14*s
	}
	c := &d.tableCols
	c[0] = 4 * s
	c[1] = c[0] + w("member", "999 (itself)")
	c[2] = c[1] + w("heartbeat", "incarnation", "99999")
	c[3] = c[2] + w("gen", "99")
	c[4] = c[3] + w("since ↑", "changed", "999.9 s")
	c[5] = c[4] + 13*s + w("suspect", "removed")
	k := &d.tableColsCompact
	k[0] = 4 * s
	k[1] = k[0] + w("member", "999 (self)")
	k[2] = k[1] + w("hb", "inc", "99999")
	k[3] = k[2] + w("gen", "99")
	k[4] = k[3] + w("since", "999.9 s")
	k[5] = k[4] + 18*s
}

// tableLayout picks the columns for a table of width w: compact when the full layout would
// leave the countdown bars less than 90 px (at scale 1).
func (g *Game) tableLayout(w float64) (cols *[6]float64, compact bool) {
	if w-g.gfx.tableCols[5] >= 90*g.s {
		return &g.gfx.tableCols, false
	}
	return &g.gfx.tableColsCompact, true
}

type rowCache struct {
	member              core.NodeID
	hb                  uint32
	gen                 uint16
	age                 int64
	left                int64 // SWIM: tenths of a second until a suspect is confirmed dead
	ok, compact, self   bool
	id, hbS, genS, ageS string
	leftS               string
}

// refresh rebuilds the row's texts when what they show changed: the member, its heartbeat and
// generation, its age (tenths of a second), whether it is the list's own node, the layout.
func (rc *rowCache) refresh(e *core.Entry, age int64, self, compact bool) {
	if rc.ok && rc.member == e.Member && rc.hb == e.Heartbeat && rc.gen == e.Generation && rc.age == age &&
		rc.compact == compact && rc.self == self {
		return
	}
	if !rc.ok || rc.member != e.Member || rc.compact != compact || rc.self != self {
		rc.id = strconv.Itoa(int(e.Member))
		switch {
		case self && compact:
			rc.id += " (self)"
		case self:
			rc.id += " (itself)"
		}
	}
	rc.member, rc.hb, rc.gen, rc.age, rc.ok, rc.compact, rc.self = e.Member, e.Heartbeat, e.Generation, age, true, compact, self
	rc.hbS = strconv.FormatUint(uint64(e.Heartbeat), 10)
	rc.genS = strconv.Itoa(int(e.Generation))
	rc.ageS = strconv.FormatFloat(float64(age)/10, 'f', 1, 64) + " s"
}

func (g *Game) drawLeftPanel(dst *ebiten.Image) {
	P := g.L.left
	if P.w <= 0 {
		return
	}
	b := g.gfx.b
	b.rect(P, colPanel)
	b.rect(rect{P.right() - 1, P.y, 1, P.h}, colBorder)
	b.flush(dst)
	if g.left.mat.r.w > 0 {
		g.drawMatrix(dst, &g.left.mat)
	}
	if g.left.table.r.w > 0 {
		g.drawTable(dst, &g.left.table)
	}
}

// drawCloseBox draws a panel's close box (closeBoxAt).
func (g *Game) drawCloseBox(r rect) {
	s := g.s
	b := g.gfx.b
	b.roundRect(r, 5*s, colFaint)
	b.cross(r.x+r.w/2, r.y+r.h/2, 5*s, 2*s, colInk)
}

func stateColor(st core.State) rgba {
	switch st {
	case core.Alive:
		return colAlive
	case core.Suspect:
		return colSuspect
	case core.Removed:
		return colRemoved
	case core.Left:
		return colLeft
	}
	return colUnknown
}

// drawTable draws the selected node's membership list: one row per member it knows.
func (g *Game) drawTable(dst *ebiten.Image, t *tablePanel) {
	s := g.s
	b := g.gfx.b
	f := g.gfx.small
	sel := g.selected
	if sel < 0 || sel >= len(g.cur.Snap.Nodes) {
		return
	}
	r := t.r
	nd := &g.cur.Snap.Nodes[sel]
	g.drawCloseBox(t.close)
	cfg := &g.cur.Snap.Config
	lh := t.rowH
	swim := cfg.Protocol == core.ProtocolSwim
	sub := g.gfx.misc[5].get(float64(nd.Heartbeat)*1e6+float64(nd.Generation)*10+float64(nd.Status)+b2f(swim)*0.5, func(float64) string {
		if swim {
			return fmt.Sprintf("It is %s · generation %d · incarnation %d.", nd.Status, nd.Generation, nd.Heartbeat)
		}
		return fmt.Sprintf("It is %s · generation %d · heartbeat %d.", nd.Status, nd.Generation, nd.Heartbeat)
	})
	bars := tableBars(swim)
	twoLines, hdrY, rows := t.twoLines, t.hdrY, t.rows
	nrows := t.visibleRows()
	// Columns, measured once per text size.
	cols, compact := g.tableLayout(r.w)
	var cx [6]float64
	for k := range cx {
		cx[k] = r.x + cols[k]
	}
	barX, barW := cx[5], r.right()-cx[5]-4*s
	now := g.cur.Snap.Time
	for k := 0; k < nrows && g.tableTop+k < len(g.table); k++ {
		e := &g.table[g.tableTop+k]
		y := rows.y + float64(k)*lh
		if int(e.Member) < len(g.cur.Snap.Nodes) {
			truth := g.cur.Snap.Nodes[e.Member].Status
			wrong := (truth == core.StatusUp) != (e.State == core.Alive) && int(e.Member) != sel
			if wrong {
				b.rect(rect{r.x, y + 1, r.w, lh - 2}, colRemoved.alpha(0.10))
			} else if k%2 == 1 {
				b.rect(rect{r.x, y + 1, r.w, lh - 2}, colFaint.alpha(0.5))
			}
		}
		b.circle(cx[4]+5*s, y+lh/2, 4.5*s, stateColor(e.State))
		if int(e.Member) == sel || barW < 30*s {
			continue
		}
		age := float64(now - e.Updated)
		bh := 5 * s
		swim := cfg.Protocol == core.ProtocolSwim
		switch {
		case swim && e.State == core.Suspect: // the suspicion timeout counting down
			toD := math.Max(0, 1-age/float64(cfg.Swim.SuspicionTimeout))
			bw := barW * 0.5
			b.rect(rect{barX, y + lh/2 - bh/2, bw, bh}, colFaint)
			b.rect(rect{barX, y + lh/2 - bh/2, bw * toD, bh}, colRemoved)
		case swim && e.State == core.Alive:
		case e.State == core.Alive, e.State == core.Suspect:
			toS := math.Max(0, 1-age/float64(cfg.TSuspect))
			toR := math.Max(0, 1-age/float64(cfg.TRemove))
			b.rect(rect{barX, y + lh/2 - bh - 1*s, barW, bh}, colFaint)
			b.rect(rect{barX, y + lh/2 - bh - 1*s, barW * toS, bh}, colSuspect)
			b.rect(rect{barX, y + lh/2 + 1*s, barW, bh}, colFaint)
			b.rect(rect{barX, y + lh/2 + 1*s, barW * toR, bh}, colRemoved)
		case e.State == core.Removed, e.State == core.Left:
			toT := math.Max(0, 1-age/float64(cfg.TTombstone))
			b.rect(rect{barX, y + lh/2 - bh/2, barW, bh}, colFaint)
			b.rect(rect{barX, y + lh/2 - bh/2, barW * toT, bh}, colMuted.alpha(0.6))
		}
	}
	if len(g.table) > nrows && nrows > 0 { // a scroll bar
		frac := float64(nrows) / float64(len(g.table))
		top := float64(g.tableTop) / float64(len(g.table))
		b.rect(rect{r.right() - 3*s, rows.y + rows.h*top, 3 * s, rows.h * frac}, colMuted.alpha(0.5))
	}
	b.flush(dst)
	title := g.gfx.misc[3].get(float64(sel), func(v float64) string {
		return fmt.Sprintf("Node %.0f's membership list", v)
	})
	g.text(dst, title, g.gfx.bold, r.x, r.y+11*s, colInk, aStart, aCenter)
	g.text(dst, sub, f, r.x, r.y+30*s, colMuted, aStart, aCenter)
	if twoLines {
		g.text(dst, bars, f, r.x, r.y+46*s, colMuted, aStart, aCenter)
	} else {
		g.text(dst, bars, f, r.x+g.gfx.measure(sub, f)+6*s, r.y+30*s, colMuted, aStart, aCenter)
	}
	hdr := [6]string{"member", "heartbeat", "gen", "since ↑", "state", "to suspect / remove"}
	switch {
	case swim && compact:
		hdr = [6]string{"member", "inc", "gen", "since", "", "to dead"}
	case swim:
		hdr = [6]string{"member", "incarnation", "gen", "changed", "state", "suspicion timeout"}
	case compact:
		hdr = [6]string{"member", "hb", "gen", "since", "", "to suspect / remove"}
	}
	if barW < 30*s {
		hdr[5] = ""
	} else if g.gfx.measure(hdr[5], f) > barW { // a narrow column: the short head
		hdr[5] = "countdown"
	}
	for k, h := range hdr {
		g.text(dst, h, f, cx[k], hdrY+lh*0.4, colMuted, aStart, aCenter)
	}
	for len(g.gfx.rows) < nrows {
		g.gfx.rows = append(g.gfx.rows, rowCache{})
	}
	for k := 0; k < nrows && g.tableTop+k < len(g.table); k++ {
		e := &g.table[g.tableTop+k]
		y := rows.y + float64(k)*lh + lh/2
		rc := &g.gfx.rows[k]
		rc.refresh(e, int64(now-e.Updated)/100, int(e.Member) == sel, compact)
		g.text(dst, rc.id, f, cx[0], y, colInk, aStart, aCenter)
		g.text(dst, rc.hbS, f, cx[1], y, colInk, aStart, aCenter)
		g.text(dst, rc.genS, f, cx[2], y, colInk, aStart, aCenter)
		if int(e.Member) != sel {
			g.text(dst, rc.ageS, f, cx[3], y, colInk, aStart, aCenter)
		}
		if !compact {
			g.text(dst, e.State.String(), f, cx[4]+13*s, y, colInk, aStart, aCenter)
		}
		if int(e.Member) != sel && (e.State == core.Removed || e.State == core.Left) && barW >= 30*s {
			g.text(dst, "tombstone", f, barX+barW/2, y, colInk, aCenter, aCenter)
		}
		if swim && int(e.Member) != sel && e.State == core.Suspect && barW >= 30*s {
			left := max(0, int64(cfg.Swim.SuspicionTimeout-(now-e.Updated))+99) / 100
			if rc.leftS == "" || rc.left != left {
				rc.left = left
				rc.leftS = strconv.FormatFloat(float64(left)/10, 'f', 1, 64) + " s left"
			}
			g.text(dst, rc.leftS, f, barX+barW*0.5+8*s, y, colRemoved, aStart, aCenter)
		}
	}
	if len(g.table) == 0 {
		g.text(dst, "(it knows nobody)", f, r.x, rows.y+lh/2, colMuted, aStart, aCenter)
	}
}

var matrixLegend = [...]struct {
	c [4]byte
	w string
}{
	{cellAliveRight, "alive, is up"}, {cellRemovedRight, "removed, is down"},
	{cellSuspectRight, "suspect, is down (not yet removed)"},
	{cellSuspectWrong, "suspect, is up!"}, {cellRemovedWrong, "removed, is up!"},
	{cellAliveWrong, "alive, is down!"}, {cellDeadObserver, "row of a down node"},
}

// drawMatrix draws the truth-vs-belief matrix into r.
func (g *Game) drawMatrix(dst *ebiten.Image, L *matrixPanel) {
	s := g.s
	b := g.gfx.b
	m := &g.mat
	f := g.gfx.small
	r := L.r
	g.drawCloseBox(L.close)
	b.flush(dst)
	g.text(dst, "Truth vs belief", g.gfx.bold, r.x, r.y+11*s, colInk, aStart, aCenter)
	// The subtitle and the counts: on one line each when they fit, else on two (a narrow panel).
	y := r.y + 30*s
	if L.twoLines {
		g.text(dst, matrixSub1, f, r.x, y, colMuted, aStart, aCenter)
		y += 16 * s
		g.text(dst, matrixSub2, f, r.x, y, colMuted, aStart, aCenter)
	} else {
		g.text(dst, matrixSub1+" "+matrixSub2, f, r.x, y, colMuted, aStart, aCenter)
	}
	key := float64(m.fp)*1e12 + float64(m.fn)*1e6 + float64(m.correct) + float64(m.pending)*1e-6
	pct := func() float64 {
		if m.pairs > 0 {
			return 100 * float64(m.correct) / float64(m.pairs)
		}
		return 100
	}
	counts := g.gfx.misc[4].get(key, func(float64) string {
		return fmt.Sprintf("false positives %d · false negatives %d · right %.1f %%", m.fp, m.fn, pct())
	})
	if g.gfx.measure(counts, g.gfx.bold) > r.w {
		counts = g.gfx.misc[7].get(key, func(float64) string {
			return fmt.Sprintf("false+ %d · false− %d · right %.1f %%", m.fp, m.fn, pct())
		})
	}
	g.text(dst, counts, g.gfx.bold, r.x, L.countsY, colInk, aStart, aCenter)
	if m.n == 0 || L.n != m.n || L.cell <= 0 {
		return
	}
	lh := 18 * s
	area, labels, cell := L.grid, L.labels, L.cell
	if g.gfx.matImg == nil || g.gfx.matImgN != m.n {
		if g.gfx.matImg != nil {
			g.gfx.matImg.Deallocate()
		}
		g.gfx.matImg = ebiten.NewImage(m.n, m.n)
		g.gfx.matImgN = m.n
		m.dirty = true
	}
	if m.dirty {
		g.gfx.matImg.WritePixels(m.pix)
		m.dirty = false
	}
	op := &g.gfx.matOp
	op.GeoM.Reset()
	op.GeoM.Scale(cell, cell)
	op.GeoM.Translate(area.x, area.y)
	op.Filter = ebiten.FilterNearest
	if cell < 1 { // shrinking: average the cells (mipmaps) rather than pick one in several
		op.Filter = ebiten.FilterLinear
	}
	dst.DrawImage(g.gfx.matImg, op)
	sz := cell * float64(m.n)
	b.frame(rect{area.x - 1, area.y - 1, sz + 2, sz + 2}, 1, colBorder)
	if cell >= 9 { // grid lines for small clusters
		for k := 1; k < m.n; k++ {
			b.rect(rect{area.x + float64(k)*cell, area.y, 1, sz}, colPanel.alpha(0.9))
			b.rect(rect{area.x, area.y + float64(k)*cell, sz, 1}, colPanel.alpha(0.9))
		}
	}
	if g.selected >= 0 && g.selected < m.n { // the selected node's row
		b.frame(rect{area.x - 2, area.y + float64(g.selected)*cell - 1, sz + 4, cell + 2}, 1.5*s, colInk)
	}
	ly := area.y + sz + 10*s + lh/2
	x := area.x
	rowStart := area.x
	for _, it := range matrixLegend {
		w := 16*s + g.gfx.measure(it.w, f) + 12*s
		if x+w > r.right() && x > rowStart {
			x, ly = rowStart, ly+lh
		}
		c := rgba{float32(it.c[0]) / 255, float32(it.c[1]) / 255, float32(it.c[2]) / 255, 1}
		b.rect(rect{x, ly - 5*s, 11 * s, 11 * s}, c)
		b.frame(rect{x, ly - 5*s, 11 * s, 11 * s}, 1, colBorder)
		x += w
	}
	b.flush(dst)
	if labels {
		for k := 0; k < m.n; k++ {
			id := g.nodeID(k)
			c := float64(k)*cell + cell/2
			g.text(dst, id, f, area.x+c, area.y-9*s, colMuted, aCenter, aCenter)
			g.text(dst, id, f, area.x-5*s, area.y+c, colMuted, aEnd, aCenter)
		}
	}
	ly = area.y + sz + 10*s + lh/2
	x = area.x
	for _, it := range matrixLegend {
		w := 16*s + g.gfx.measure(it.w, f) + 12*s
		if x+w > r.right() && x > rowStart {
			x, ly = rowStart, ly+lh
		}
		g.text(dst, it.w, f, x+16*s, ly, colInk, aStart, aCenter)
		x += w
	}
}

// ---- Tooltip and help ----------------------------------------------------------------------

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
		if h.w.key != "" {
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

func (g *Game) drawTooltip(dst *ebiten.Image) {
	t := &g.gfx.tipBox
	if g.showHelp || t.text == "" {
		return
	}
	s := g.s
	r := t.r
	b := g.gfx.b
	b.roundRect(rect{r.x + 2*s, r.y + 3*s, r.w, r.h}, 6*s, colInk.alpha(0.15))
	b.roundRect(r, 6*s, colInk.alpha(0.92))
	b.flush(dst)
	g.text(dst, t.text, g.gfx.small, r.x+10*s, r.y+7*s, colPanel, aStart, aStart)
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

// helpLines are the help overlay's lines: the mouse, the keys (from the action table, made in
// its init) and how to read the picture.
var helpLines []string

var helpMouse = []string{
	"Mouse",
	"Click a node — crash it; click again — restart it (new generation)",
	"Right-click or Shift+click a node (touch: hold it) — select it and open its membership list",
	"Click a packet in flight — drop it",
	"Drag a line across the cluster — partition the network along it",
	"Drag the sliders — change parameters (N applies on Reset)",
	"Scroll — the membership list or the event log",
}

var helpReading = []string{
	"",
	"Reading the picture",
	"Each node's body is the truth: green disc = up, cross = crashed, hollow = left.",
	"Its ring is the cluster's belief: the share of live nodes that think it alive (blue),",
	"suspect it (orange), have removed it (red), or don't know it (grey).",
	"Heartbeat: a crashed node stays blue until T suspect passes, then turns orange, then red.",
	"SWIM: hollow circle = ping, diamond = ack, triangle = ping-req (no ack in time: K others",
	"try); a faint line joins each prober to its target while its probe is open. No ack by the",
	"end of the period → suspect; no refutation within T suspicion → confirmed dead (removed).",
	"Rumor: click an uninformed node — the rumor starts there; click an informed one — crash it",
	"(click again: restart, forgetting the rumor). Filled orange-red disc = informed, hollow blue = not yet;",
	"dot = rumor, hollow square = call, filled square = a call carrying the rumor.",
}

// helpKeys is a section of the help overlay from the action table: every action with a key
// and words for the help (the lecture keys, or the others), several to a line.
func helpKeys(title string, lecture bool) []string {
	lines := []string{"", title}
	line := ""
	for a := actNone + 1; a < numActions; a++ {
		sp := &actions[a]
		if sp.help == "" || sp.keyText == "" || sp.lecture != lecture {
			continue
		}
		item := sp.keyText + "  " + sp.help
		switch {
		case line == "":
			line = item
		case len([]rune(line))+5+len([]rune(item)) <= 96:
			line += "     " + item
		default:
			lines, line = append(lines, line), item
		}
	}
	return append(lines, line)
}

// helpBox is the help overlay as laid out: its panel, line height and faces (shrunk as a whole
// when the window is too small for it at the UI scale, as a big lecture scale on a 720p
// projector), made again when the window, the scale or the lines change.
type helpBox struct {
	key                     [4]float64
	r                       rect
	s                       float64
	body, title, big, small *face
}

// layoutHelp lays out the help overlay for its lines.
func (g *Game) layoutHelp() {
	lines := g.helpText()
	hb := &g.gfx.help
	key := [4]float64{g.w, g.h, g.s, float64(len(lines))}
	if key == hb.key && hb.body != nil {
		return
	}
	hb.key = key
	s := g.s
	f := g.gfx.body
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, g.gfx.measure(l, f))
	}
	w += 48 * s
	h := 21*s*float64(len(lines)) + 80*s
	hb.title, hb.big, hb.small = g.gfx.title, g.gfx.big, g.gfx.small
	if k := math.Min((g.w-16)/w, (g.h-16)/h); k < 1 {
		s, w, h = s*k, w*k, h*k
		f = g.sizedFace(false, 14*s)
		hb.title, hb.big, hb.small = g.sizedFace(true, 15*s), g.sizedFace(true, 22*s), g.sizedFace(false, 12.5*s)
	}
	hb.s, hb.body = s, f
	hb.r = rect{g.w/2 - w/2, math.Max(8, g.h/2-h/2), w, h}
}

func (g *Game) drawHelp(dst *ebiten.Image) {
	b := g.gfx.b
	b.rect(rect{0, 0, g.w, g.h}, colInk.alpha(0.45))
	lines := g.helpText()
	hb := &g.gfx.help
	if hb.body == nil { // not laid out yet (refresh lays it out while the help is open)
		return
	}
	s, r := hb.s, hb.r
	lh := 21 * s
	b.roundRect(r, 10*s, colPanel)
	b.flush(dst)
	g.text(dst, "Gossip Lab — controls", hb.big, r.x+24*s, r.y+28*s, colInk, aStart, aCenter)
	for i, l := range lines {
		face := hb.body
		c := colInk
		if l == "Mouse" || l == "Keys" || l == "Reading the picture" || l == "Lecture" {
			face, c = hb.title, colAccent
		}
		g.text(dst, l, face, r.x+24*s, r.y+60*s+float64(i)*lh, c, aStart, aCenter)
	}
	g.text(dst, "Click anywhere or press ? to close", hb.small, r.x+r.w/2, r.bottom()-14*s, colMuted, aCenter, aCenter)
}
