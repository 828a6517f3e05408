package view

import (
	"fmt"
	"math"
	"slices"

	"gossiplab/core"
	"gossiplab/session"
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
	ctlCompare
	ctlProtoHeartbeat // the protocol switch, three segments
	ctlProtoSwim
	ctlProtoRumor
	ctlModePush // the rumor's mode switch (shown under the rumor protocol), three segments
	ctlModePull
	ctlModePushPull
	ctlInject    // "Start rumor" (shown under the rumor protocol): the I key's button
	ctlBadge     // the pitfall warning in the top bar
	ctlPitHeader // the pitfall section's title: shows or hides the toggles
	ctlPitNoTomb // pitfall toggles in the side panel
	ctlPitNoGen
	ctlPitStamp
	ctlSaveTrace // a live cluster's or a trace's: save it as a trace file
	ctlSource    // the badge of a live cluster or a trace; a click closes it
	ctlSpeed     // sliders from here on
	ctlLoss
	ctlLatency // a range: two knobs
	ctlFanout
	ctlPeriod
	ctlTSuspect
	ctlTRemove
	ctlN
	ctlK          // SWIM: ping-req helpers
	ctlTSuspicion // SWIM: suspicion timeout
	ctlTPing      // SWIM: ping timeout
	numControls
)

func (c control) isSlider() bool { return c >= ctlSpeed }
func (c control) isToggle() bool { return c >= ctlPitNoTomb && c <= ctlPitStamp }

// inSide reports whether the control lives in the side panel (the others are in the top bar).
func (c control) inSide() bool {
	return c.isToggle() || c == ctlPitHeader || (c.isSlider() && c != ctlSpeed)
}

// controlAction is what each button-like control does (an entry of the action table, which
// gives its label, key, tooltip and locks); sliders have none.
var controlAction = [numControls]action{ctlPlay: actPlayPause, ctlStep: actStep, ctlReset: actReset, ctlAdd: actAdd,
	ctlLeave: actLeave, ctlHeal: actHeal, ctlMatrix: actMatrix, ctlHelp: actHelp, ctlCompare: actCompare,
	ctlProtoHeartbeat: actProtoHeartbeat, ctlProtoSwim: actProtoSwim, ctlProtoRumor: actProtoRumor,
	ctlModePush: actModePush, ctlModePull: actModePull, ctlModePushPull: actModePushPull, ctlInject: actInject,
	ctlBadge: actBadge, ctlPitHeader: actPitHeader, ctlPitNoTomb: actPitNoTomb, ctlPitNoGen: actPitNoGen, ctlPitStamp: actPitStamp,
	ctlSaveTrace: actSaveTrace, ctlSource: actCloseSource}

// controlNames name the controls in State.Controls: a button by its action's name (the
// play/pause button as "play", the name pages have pointed at), a slider by its URL parameter.
// Made from the action table in its init.
var controlNames [numControls]string

func makeControlNames() (names [numControls]string) {
	for c := range numControls {
		if sp := slider(c); sp != nil { // a slider by the URL parameter it sets
			names[c] = sp.url
		} else {
			names[c] = actions[controlAction[c]].name
		}
	}
	names[ctlPlay] = "play"
	return names
}

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

// toolbarButtons are the top bar's buttons, in order.
var toolbarButtons = []control{ctlPlay, ctlStep, ctlReset, ctlAdd, ctlLeave, ctlHeal, ctlMatrix, ctlHelp, ctlCompare}

// button is a button-like control as its action describes it.
func button(id control) (label, key, tip string) {
	a := &actions[controlAction[id]]
	return a.label, a.keyText, a.tip
}

// modeControls are the rumor's modes, in the order of core.RumorModes.
var modeControls = [3]control{ctlModePush, ctlModePull, ctlModePushPull}

// segmentOn reports whether a segment of a switch shows the running choice.
func (g *Game) segmentOn(id control) bool {
	if g.cmp != nil && id <= ctlProtoRumor { // the split view shows two protocols: none is "the" one
		return false
	}
	switch id {
	case ctlProtoHeartbeat:
		return !g.swim() && !g.rumor()
	case ctlProtoSwim:
		return g.swim()
	case ctlProtoRumor:
		return g.rumor()
	case ctlModePush, ctlModePull, ctlModePushPull:
		return g.cur.Config.RumorMode == core.RumorModes[id-ctlModePush]
	}
	return false
}

// protoControls are the protocol switch's segments; pitfallControls the pitfall toggles.
var (
	protoControls   = [3]control{ctlProtoHeartbeat, ctlProtoSwim, ctlProtoRumor}
	pitfallControls = [3]control{ctlPitNoTomb, ctlPitNoGen, ctlPitStamp}
)

// pitfallLabel is a toggle's text.
func (g *Game) pitfallLabel(id control) string {
	switch id {
	case ctlPitStamp:
		skew := g.cur.Config.Pitfalls.ClockSkew
		if skew == 0 {
			skew = DefaultSkewMs
		}
		return actions[actPitStamp].label + " (skew ±" + fmtMs(float64(skew)) + ", resets)"
	}
	label, _, _ := button(id)
	return label
}

// pitfallOn reports whether a toggle's pitfall is on.
func (g *Game) pitfallOn(id control) bool {
	p := &g.cur.Config.Pitfalls
	switch id {
	case ctlPitNoTomb:
		return p.NoTombstone
	case ctlPitNoGen:
		return p.NoGeneration
	case ctlPitStamp:
		return p.TimestampMerge
	}
	return false
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
	for _, id := range toolbarButtons {
		if !g.buttonShown(id) {
			continue
		}
		label, key, tip := button(id)
		w := g.gfx.measure("Pause", g.gfx.body) + 26*s
		if id != ctlPlay {
			w = g.gfx.measure(label, g.gfx.body) + 22*s
		}
		g.widgets = append(g.widgets, widget{id: id, r: place(w), label: label, key: key, tip: tip})
	}
	// The protocol switch: one segmented control.
	x += gap
	if !g.isLocked("protocol") {
		g.placeSegments(protoControls, actions[actToggleProtocol].keyText, place)
	}
	if g.rumor() && !g.isLocked("mode") {
		x += gap
		g.placeSegments(modeControls, "", place)
	}
	if g.rumor() && !g.embed {
		x += gap
		label, key, tip := button(ctlInject)
		g.widgets = append(g.widgets, widget{id: ctlInject, r: place(g.gfx.measure(label, g.gfx.body) + 22*s),
			label: label, key: key, tip: tip})
	}
	if !g.isLocked("speed") {
		x += gap
		sw := 222 * s
		r := place(sw)
		lw := 96 * s
		g.widgets = append(g.widgets, widget{id: ctlSpeed, r: r, label: speedSlider.label,
			track: rect{r.x + lw, r.y + r.h/2 - 3*s, r.w - lw - 8*s, 6 * s}, key: actions[actSlower].keyText,
			tip: speedSlider.tip, cv: math.NaN()})
	}
	if g.run.Feed() != nil { // a live cluster or a trace: its badge (a click closes it) and Save trace
		x += gap
		label, key, tip := button(ctlSaveTrace)
		g.widgets = append(g.widgets, widget{id: ctlSaveTrace, r: place(g.gfx.measure(label, g.gfx.body) + 22*s), label: label, key: key, tip: tip})
		x += gap
		_, _, tip = button(ctlSource)
		wide := "trace: " + g.run.Feed().Name() + " · 00:00 of 00:00" // the widest the badge says
		bw := math.Min(math.Max(g.gfx.measure(wide, g.gfx.bold), g.gfx.measure("live: 000 real processes (000 up)", g.gfx.bold))+40*s, g.w-2*pad)
		g.widgets = append(g.widgets, widget{id: ctlSource, r: place(bw), tip: tip})
	}
	if g.badge != "" { // the pitfall warning: last, so that it wraps rather than the buttons
		x += gap
		bw := math.Min(g.gfx.measure(g.badge, g.gfx.bold)+36*s, g.w-2*pad)
		g.widgets = append(g.widgets, widget{id: ctlBadge, r: place(bw), label: g.badge,
			tip: "Pitfalls are bugs switched on on purpose, to show why the protocol is as it is.\nSwitch them off under \"Pitfalls\" on the right (heartbeat protocol)."})
	}
	return y + bh + pad*0.75
}

// placeSegments places a three-part switch as one block.
func (g *Game) placeSegments(segs [3]control, key string, place func(float64) rect) {
	var segW [3]float64
	for i, id := range segs {
		label, _, _ := button(id)
		segW[i] = g.gfx.measure(label, g.gfx.body) + 22*g.s
	}
	r := place(segW[0] + segW[1] + segW[2])
	x := r.x
	for i, id := range segs {
		label, _, tip := button(id)
		g.widgets = append(g.widgets, widget{id: id, r: rect{x, r.y, segW[i], r.h}, label: label, key: key, tip: tip})
		x += segW[i]
	}
}

// sideRects are the parts of the side panel.
type sideRects struct {
	params   rect
	pitfalls rect // the pitfall section (heartbeat only), zero when not shown
	charts   [3]rect
	log      rect
}

// layoutSide places the parameter sliders, the three charts and the event log.
// Side panel metrics: a slider row, a section title, and the smallest chart slot.
const (
	sliderRowH = 27
	sideTitleH = 22
	minChartH  = 60
)

// sideNeed is the least height the side panel needs to show its sliders, the pitfall header and
// two chart slots (the rumor's chart, or the first two charts): what a phone's narrow layout
// keeps for it under the cluster.
func (g *Game) sideNeed() float64 {
	s := g.s
	h := 20*s + sideTitleH*s + 10*s + sideTitleH*s + 2*minChartH*s // insets, titles, gap, charts
	for _, sp := range sliderSpecs {
		if sp.id.inSide() && g.sliderShown(sp.id) && !g.isLocked(controlNames[sp.id]) {
			h += sliderRowH * s
		}
	}
	if !g.swim() && !g.rumor() && !g.isLocked("pitfalls") {
		h += 32 * s
	}
	return h
}

func (g *Game) layoutSide() {
	s := g.s
	if g.embed { // no side panel: the cluster takes the room
		g.gfx.side = sideRects{}
		return
	}
	side := g.L.side.inset(10 * s)
	rowH := sliderRowH * s
	y := side.y + sideTitleH*s // section title
	labelW, valueW := 82*s, 84*s
	for _, sp := range sliderSpecs {
		if !sp.id.inSide() || !g.sliderShown(sp.id) || g.isLocked(controlNames[sp.id]) {
			continue
		}
		r := rect{side.x, y, side.w, rowH}
		label, tip := sp.label, sp.tip
		if sp.id == ctlFanout && g.rumor() {
			label, tip = "Fanout b", "Peers each node pushes to or calls, every period"
		}
		g.widgets = append(g.widgets, widget{id: sp.id, r: r, label: label, tip: tip, cv: math.NaN(),
			track: rect{r.x + labelW, r.y + r.h/2 - 3*s, r.w - labelW - valueW, 6 * s}})
		y += rowH
	}
	var sr sideRects
	sr.params = rect{side.x, side.y, side.w, y - side.y}
	if !g.swim() && !g.rumor() && !g.isLocked("pitfalls") { // the pitfalls: bugs of heartbeat code, switched on on purpose
		y += 8 * s
		top := y
		g.widgets = append(g.widgets, widget{id: ctlPitHeader, r: rect{side.x, y, side.w, 24 * s},
			tip: "Classic bugs of heartbeat gossip code, switched on on purpose to show\nwhy the protocol keeps tombstones, generations and counters. Click to show or hide."})
		y += 24 * s
		if g.pitOpen {
			toggleH := 23 * s
			for _, id := range pitfallControls {
				_, _, tip := button(id)
				g.widgets = append(g.widgets, widget{id: id, r: rect{side.x, y, side.w, toggleH},
					label: g.pitfallLabel(id), tip: tip})
				y += toggleH
			}
		}
		sr.pitfalls = rect{side.x, top, side.w, y - top}
	}
	y += 10 * s
	rest := side.bottom() - y
	// The charts take 60 % of what is left (60 to 100 px each); the log the rest. Short of room
	// (a phone), the first two keep what they can (the rumor's chart spans them) and the third
	// gets what is left.
	chartH := math.Max(minChartH*s, math.Min(100*s, (rest-sideTitleH*s)*0.6/3))
	var hs [3]float64
	if 3*chartH+sideTitleH*s > rest {
		avail := math.Max(0, rest-sideTitleH*s)
		hs[0] = math.Min(minChartH*s, avail/2)
		hs[1] = hs[0]
		hs[2] = avail - 2*hs[0]
		if hs[2] < 30*s {
			hs[2] = 0
		}
	} else {
		hs = [3]float64{chartH, chartH, chartH}
	}
	y += sideTitleH * s
	for i := range sr.charts {
		sr.charts[i] = rect{side.x, y, side.w, math.Max(0, hs[i]-6*s)}
		y += hs[i]
	}
	y += 8 * s
	sr.log = rect{side.x, y + 20*s, side.w, math.Max(0, side.bottom()-y-20*s)}
	g.gfx.side = sr
}

// embedButtons are the top-bar buttons the embed layout keeps.
var embedButtons = []control{ctlPlay, ctlStep, ctlReset}

// buttonShown reports whether a top-bar button is laid out: the embed layout keeps only
// embedButtons, and a button that would change a locked control is left out.
func (g *Game) buttonShown(id control) bool {
	if g.embed && !slices.Contains(embedButtons, id) {
		return false
	}
	return g.actionLock(controlAction[id]) == "" // the split view switches the protocol too
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
	return math.Max(2, float64(min(max(10, g.cur.Config.Fanout), max(1, g.cur.Source.NumNodes()-1))))
}

// kMax is the K slider's top: at most N−2 helpers (of the N of the next reset), and 8.
func (g *Game) kMax() float64 { return math.Max(1, float64(min(8, g.run.Next().N-2))) }

// snapSig rounds v to d significant digits (session.SnapSig).
func snapSig(v float64, d int) float64 { return session.SnapSig(v, d) }

func trimFloat(v float64) string {
	if v >= 10 {
		return fmt.Sprintf("%.0f", v)
	}
	if v >= 1 {
		return fmt.Sprintf("%.2g", v)
	}
	return fmt.Sprintf("%.2g", v)
}
