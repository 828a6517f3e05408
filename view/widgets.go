package view

import (
	"fmt"
	"math"

	"gossiplab/core"
)

// control names an on-screen control.
type control uint8

const (
	ctlPlay control = iota
	ctlStep
	ctlReset
	ctlAdd
	ctlLeave
	ctlHeal
	ctlMatrix
	ctlHelp
	ctlSpeed // sliders from here on
	ctlLoss
	ctlLatency // a range: two knobs
	ctlFanout
	ctlPeriod
	ctlTSuspect
	ctlTRemove
	ctlN
)

func (c control) isSlider() bool { return c >= ctlSpeed }

// widget is one control's place on screen and its cached label.
type widget struct {
	id    control
	r     rect // the whole control
	track rect // a slider's track
	label string
	key   string // its keyboard shortcut, for the tooltip
	tip   string
	// The value text of a slider, rebuilt only when the value changes.
	cv, cv2 float64
	ctext   string
}

var buttonSpecs = []struct {
	id         control
	label, key string
	tip        string
}{
	{ctlPlay, "Pause", "Space", "Play or pause virtual time"},
	{ctlStep, "Step", ".", "Pause and advance one protocol period X"},
	{ctlReset, "Reset", "R", "Start again with the parameters on the right (N applies here)"},
	{ctlAdd, "+ Node", "A", "Add a node: it knows only the seed (node 0) and joins by gossiping to it"},
	{ctlLeave, "Leave", "L", "The selected node leaves gracefully: it gossips \"left\" and stops"},
	{ctlHeal, "Heal", "H", "Remove the partition (drag a line across the cluster to make one)"},
	{ctlMatrix, "Matrix", "M", "Truth vs belief: what every node believes about every other"},
	{ctlHelp, "Help", "?", "All the controls"},
}

type sliderSpec struct {
	id    control
	label string
	tip   string
}

var sliderSpecs = []sliderSpec{
	{ctlLoss, "Loss", "Probability that any one message is lost"},
	{ctlLatency, "Latency", "One-way delay, drawn uniformly between the two knobs"},
	{ctlFanout, "Fanout M", "Peers each node gossips its list to, every period"},
	{ctlPeriod, "Period X", "Every X each node bumps its heartbeat and gossips"},
	{ctlTSuspect, "T suspect", "No heartbeat increase for this long: suspect"},
	{ctlTRemove, "T remove", "No heartbeat increase for this long: remove (keep a tombstone)"},
	{ctlN, "Nodes N", "Cluster size; takes effect on Reset"},
}

// layoutToolbar places the buttons and the speed slider, wrapping to more rows on a narrow
// window, and returns the toolbar's height.
func (g *Game) layoutToolbar() float64 {
	s := g.s
	g.gfx.ensureFaces(s)
	g.widgets = g.widgets[:0]
	pad, gap, bh := 8*s, 6*s, 32*s
	rowH := bh + 2*pad*0.75
	x, y := pad, pad*0.75
	reserve := 150 * s // the clock on the right of the first row
	place := func(w float64) rect {
		if x+w > g.w-pad-reserve && x > pad {
			x, y = pad, y+rowH-pad*0.5
			reserve = 0
		}
		r := rect{x, y, w, bh}
		x += w + gap
		return r
	}
	for _, b := range buttonSpecs {
		label := b.label
		w := g.gfx.measure("Pause", g.gfx.body) + 26*s
		if b.id != ctlPlay {
			w = g.gfx.measure(label, g.gfx.body) + 22*s
		}
		g.widgets = append(g.widgets, widget{id: b.id, r: place(w), label: label, key: b.key, tip: b.tip})
	}
	x += gap
	sw := 250 * s
	r := place(sw)
	lw := 96 * s
	g.widgets = append(g.widgets, widget{id: ctlSpeed, r: r, label: "Speed",
		track: rect{r.x + lw, r.y + r.h/2 - 3*s, r.w - lw - 8*s, 6 * s}, key: "[ ]",
		tip: "Virtual seconds per real second (log scale, 0.1× to 20×)", cv: math.NaN()})
	return y + bh + pad*0.75
}

// sideRects are the parts of the side panel.
type sideRects struct {
	params rect
	charts [3]rect
	log    rect
}

// layoutSide places the parameter sliders, the three charts and the event log.
func (g *Game) layoutSide() {
	s := g.s
	side := g.L.side.inset(10 * s)
	rowH := 27 * s
	y := side.y + 22*s // section title
	labelW, valueW := 82*s, 84*s
	for _, sp := range sliderSpecs {
		r := rect{side.x, y, side.w, rowH}
		g.widgets = append(g.widgets, widget{id: sp.id, r: r, label: sp.label, tip: sp.tip, cv: math.NaN(),
			track: rect{r.x + labelW, r.y + r.h/2 - 3*s, r.w - labelW - valueW, 6 * s}})
		y += rowH
	}
	var sr sideRects
	sr.params = rect{side.x, side.y, side.w, y - side.y}
	y += 10 * s
	rest := side.bottom() - y
	// The charts take 60 % of what is left (60 to 100 px each); the log the rest.
	chartH := math.Max(60*s, math.Min(100*s, (rest-22*s)*0.6/3))
	if 3*chartH+22*s > rest {
		chartH = math.Max(0, (rest-22*s)/3)
	}
	y += 22 * s
	for i := range sr.charts {
		sr.charts[i] = rect{side.x, y, side.w, chartH - 6*s}
		y += chartH
	}
	y += 8 * s
	sr.log = rect{side.x, y + 20*s, side.w, math.Max(0, side.bottom()-y-20*s)}
	g.gfx.side = sr
}

// widgetAt returns the control under (x, y), or nil.
func (g *Game) widgetAt(x, y float64) *widget {
	for i := range g.widgets {
		if g.widgets[i].r.contains(x, y) {
			return &g.widgets[i]
		}
	}
	return nil
}

func (g *Game) widgetByID(id control) *widget {
	for i := range g.widgets {
		if g.widgets[i].id == id {
			return &g.widgets[i]
		}
	}
	return nil
}

// Slider scales. Times in ms; the period and timeouts are on log scales with "nice" steps.
const (
	latencyMaxSlider   = 500
	periodLo, periodHi = 50, 10000
	tsLo, tsHi         = 200, 120000
	trLo, trHi         = 400, 240000
)

func (g *Game) fanoutMax() float64 {
	return math.Max(2, float64(min(max(10, g.cfg.Fanout), max(1, g.sim.NumNodes()-1))))
}

// sliderValue is the slider's current value(s) in its own units.
func (g *Game) sliderValue(id control) (float64, float64) {
	c := &g.cfg
	switch id {
	case ctlSpeed:
		return g.speed, 0
	case ctlLoss:
		return c.Loss, 0
	case ctlLatency:
		return float64(c.LatencyMin), float64(c.LatencyMax)
	case ctlFanout:
		return float64(c.Fanout), 0
	case ctlPeriod:
		return float64(c.Period), 0
	case ctlTSuspect:
		return float64(c.TSuspect), 0
	case ctlTRemove:
		return float64(c.TRemove), 0
	case ctlN:
		return float64(g.nextN), 0
	}
	return 0, 0
}

// sliderNorm maps a value to its knob's place on the track, 0..1.
func (g *Game) sliderNorm(id control, v float64) float64 {
	t := 0.0
	switch id {
	case ctlSpeed:
		t = logUnscale(v, MinSpeed, MaxSpeed)
	case ctlLoss:
		t = v / MaxLoss
	case ctlLatency:
		t = v / latencyMaxSlider
	case ctlFanout:
		t = (v - 1) / (g.fanoutMax() - 1)
	case ctlPeriod:
		t = logUnscale(v, periodLo, periodHi)
	case ctlTSuspect:
		t = logUnscale(v, tsLo, tsHi)
	case ctlTRemove:
		t = logUnscale(v, trLo, trHi)
	case ctlN:
		t = logUnscale(v, MinNodes, MaxNodes)
	}
	return math.Max(0, math.Min(1, t))
}

// sliderDenorm maps a knob place back to a value, snapped to a step a person would choose.
func (g *Game) sliderDenorm(id control, t float64) float64 {
	t = math.Max(0, math.Min(1, t))
	switch id {
	case ctlSpeed:
		return snapSig(logScale(t, MinSpeed, MaxSpeed), 2)
	case ctlLoss:
		return math.Round(t*MaxLoss*100) / 100
	case ctlLatency:
		return math.Round(t*latencyMaxSlider/5) * 5
	case ctlFanout:
		return math.Round(1 + t*(g.fanoutMax()-1))
	case ctlPeriod:
		return snapSig(logScale(t, periodLo, periodHi), 2)
	case ctlTSuspect:
		return snapSig(logScale(t, tsLo, tsHi), 2)
	case ctlTRemove:
		return snapSig(logScale(t, trLo, trHi), 2)
	case ctlN:
		return math.Round(snapSig(logScale(t, MinNodes, MaxNodes), 2))
	}
	return 0
}

// snapSig rounds v to d significant digits.
func snapSig(v float64, d int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(math.Abs(v)))-float64(d-1))
	return math.Round(v/p) * p
}

// sliderText is the value shown right of the slider.
func (g *Game) sliderText(id control, v, v2 float64) string {
	switch id {
	case ctlSpeed:
		return fmt.Sprintf("Speed %s×", trimFloat(v))
	case ctlLoss:
		return fmt.Sprintf("%.0f %%", v*100)
	case ctlLatency:
		return fmt.Sprintf("%.0f–%.0f ms", v, v2)
	case ctlFanout:
		return fmt.Sprintf("%.0f", v)
	case ctlPeriod, ctlTSuspect, ctlTRemove:
		return fmtMs(v)
	case ctlN:
		if int(v) != g.sim.NumNodes() {
			return fmt.Sprintf("%.0f (R)", v)
		}
		return fmt.Sprintf("%.0f", v)
	}
	return ""
}

func trimFloat(v float64) string {
	if v >= 10 {
		return fmt.Sprintf("%.0f", v)
	}
	if v >= 1 {
		return fmt.Sprintf("%.2g", v)
	}
	return fmt.Sprintf("%.2g", v)
}

func fmtMs(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.3g s", ms/1000)
}

// commitSlider applies a slider's new value: a speed at once, N for the next reset, the others
// as core commands (in an order that keeps T_suspect < T_remove ≤ T_tombstone valid).
func (g *Game) commitSlider(id control, v, v2 float64) {
	c := g.cfg
	set := func(param string, val float64) bool {
		return g.sim.Apply(core.Command{Op: core.OpSet, Param: param, Value: val}) == nil
	}
	var err error
	note := ""
	switch id {
	case ctlSpeed:
		g.speed = math.Max(MinSpeed, math.Min(MaxSpeed, v))
		return
	case ctlN:
		g.nextN = int(v)
		if g.nextN != g.sim.NumNodes() {
			g.flash(fmt.Sprintf("N = %d from the next Reset (press R)", g.nextN))
		}
		return
	case ctlLoss:
		if v == c.Loss {
			return
		}
		err = g.sim.Apply(core.Command{Op: core.OpSet, Param: "loss", Value: v})
		note = fmt.Sprintf("loss set to %.0f %%", v*100)
	case ctlLatency:
		lo, hi := math.Min(v, v2), math.Max(v, v2)
		if lo == float64(c.LatencyMin) && hi == float64(c.LatencyMax) {
			return
		}
		if lo > float64(c.LatencyMax) { // raise the top first so that min ≤ max holds throughout
			set("latency_max_ms", hi)
			err = g.sim.Apply(core.Command{Op: core.OpSet, Param: "latency_min_ms", Value: lo})
		} else {
			set("latency_min_ms", lo)
			err = g.sim.Apply(core.Command{Op: core.OpSet, Param: "latency_max_ms", Value: hi})
		}
		note = fmt.Sprintf("latency set to %.0f–%.0f ms", lo, hi)
	case ctlFanout:
		if v == float64(c.Fanout) {
			return
		}
		err = g.sim.Apply(core.Command{Op: core.OpSet, Param: "fanout", Value: v})
		note = fmt.Sprintf("fanout M set to %.0f", v)
	case ctlPeriod:
		if v == float64(c.Period) {
			return
		}
		err = g.sim.Apply(core.Command{Op: core.OpSet, Param: "period_ms", Value: v})
		note = "period X set to " + fmtMs(v)
	case ctlTSuspect:
		if v == float64(c.TSuspect) {
			return
		}
		if v >= float64(c.TRemove) {
			g.setRemove(2 * v)
		}
		err = g.sim.Apply(core.Command{Op: core.OpSet, Param: "t_suspect_ms", Value: v})
		note = "T suspect set to " + fmtMs(v)
	case ctlTRemove:
		if v == float64(c.TRemove) {
			return
		}
		if v <= float64(c.TSuspect) {
			set("t_suspect_ms", math.Round(v/2))
		}
		err = g.setRemove(v)
		note = "T remove set to " + fmtMs(v)
	}
	if err != nil {
		g.flash(err.Error())
	} else if note != "" {
		g.log.addNote(g.sim.Now(), note)
	}
	g.cfg = g.sim.Config()
	g.log.window = max(3*core.Second, 2*g.cfg.Period)
}

// setRemove sets T_remove to v and the tombstone time to 3 × v, in a valid order.
func (g *Game) setRemove(v float64) error {
	tomb := math.Min(3*v, float64(core.MaxTimeout))
	if tomb > float64(g.sim.Config().TTombstone) {
		g.sim.Apply(core.Command{Op: core.OpSet, Param: "t_tombstone_ms", Value: tomb})
		return g.sim.Apply(core.Command{Op: core.OpSet, Param: "t_remove_ms", Value: v})
	}
	err := g.sim.Apply(core.Command{Op: core.OpSet, Param: "t_remove_ms", Value: v})
	if err == nil {
		g.sim.Apply(core.Command{Op: core.OpSet, Param: "t_tombstone_ms", Value: tomb})
	}
	return err
}
