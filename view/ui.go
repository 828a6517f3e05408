package view

// Domain-free widgets: how a button, a segment of a switch, a slider and a toggle look, given
// their rectangle, the scale and their state. They know nothing of gossip; the Game decides the
// state (on, hot, the knob's place) from the run and the slider table, and calls these.

// button draws a button's body: bg, framed in the accent colour when on.
func (d *drawState) button(r rect, s float64, bg rgba, on bool) {
	d.b.roundRect(r, 6*s, bg)
	if on {
		d.b.frame(r, 2*s, colAccent)
	}
}

// segment draws one part of a segmented switch: filled when on, rounded only at the switch's
// outer corners (first, last), with a divider before a part that is not first.
func (d *drawState) segment(r rect, s float64, on, hot, first, last bool) {
	b := d.b
	rad := 6 * s
	bg := colFaint
	switch {
	case on:
		bg = colAccent
	case hot:
		bg = hex(0xDCD9D0)
	}
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

// slider draws a track filled from t0 to t1 (places 0..1) and a knob at each of knobs, bigger
// when big (hovered or dragged).
func (d *drawState) slider(t rect, s, t0, t1 float64, knobs []float64, big bool) {
	b := d.b
	b.roundRect(t, t.h/2, colFaint)
	b.roundRect(rect{t.x + t0*t.w, t.y, (t1 - t0) * t.w, t.h}, t.h/2, colAccent.alpha(0.75))
	kr := 7 * s
	if big {
		kr = 8.5 * s
	}
	for _, k := range knobs {
		x := t.x + k*t.w
		b.circle(x, t.y+t.h/2, kr+1.5*s, colAccent)
		b.circle(x, t.y+t.h/2, kr-0.5*s, colPanel)
	}
}

// toggle draws a check box at the left of r: ticked in c when on; r's row shaded when hot.
func (d *drawState) toggle(r rect, s float64, on, hot bool, c rgba) {
	b := d.b
	box := rect{r.x + 2*s, r.y + r.h/2 - 7*s, 14 * s, 14 * s}
	if hot {
		b.roundRect(rect{r.x - 3*s, r.y + 1*s, r.w + 6*s, r.h - 2*s}, 4*s, colFaint.alpha(0.7))
	}
	if on {
		b.roundRect(box, 3*s, c)
		cx, cy := box.x+box.w/2, box.y+box.h/2
		b.line(cx-4*s, cy, cx-1*s, cy+3.5*s, 2*s, colPanel, colPanel)
		b.line(cx-1*s, cy+3.5*s, cx+4.5*s, cy-3.5*s, 2*s, colPanel, colPanel)
		return
	}
	b.roundRect(box, 3*s, colMuted)
	b.roundRect(box.inset(1.5*s), 2*s, colPanel)
}

// warnSign draws a warning triangle with an exclamation mark, centred at (x, y), h high.
func (d *drawState) warnSign(x, y, h, s float64) {
	b := d.b
	pts := [3]point{{x, y - h}, {x + h*1.1, y + h*0.8}, {x - h*1.1, y + h*0.8}}
	b.convex(pts[:], colGroupA)
	b.rect(rect{x - 1*s, y - h*0.45, 2 * s, h * 0.7}, colInk)
	b.rect(rect{x - 1*s, y + h*0.38, 2 * s, 2 * s}, colInk)
}
