package view

import (
	"fmt"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
	"gossiplab/session"
)

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
		c := colInk
		if g.controlOff(w.id) != "" { // no meaning for a live cluster or a trace: muted
			c = colMuted.alpha(0.6)
		}
		g.text(dst, w.label, g.gfx.small, w.r.x, w.r.y+w.r.h/2, c, aStart, aCenter)
		g.text(dst, w.cacheText(g, v, v2), g.gfx.small, w.r.right(), w.r.y+w.r.h/2, c, aEnd, aCenter)
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
	g.gfx.toggle(w.r, g.s, g.pitfallOn(w.id), g.hover.kind == hoverWidget && g.hover.w == w, colError)
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
