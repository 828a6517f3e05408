package view

import (
	"fmt"
	"math"
	"slices"

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
	ctlSpeed // sliders from here on
	ctlLoss
	ctlLatency // a range: two knobs
	ctlFanout
	ctlPeriod
	ctlTSuspect
	ctlTRemove
	ctlN
	ctlK          // SWIM: ping-req helpers
	ctlTSuspicion // SWIM: suspicion timeout
	numControls
)

func (c control) isSlider() bool { return c >= ctlSpeed }
func (c control) isToggle() bool { return c >= ctlPitNoTomb && c <= ctlPitStamp }

// inSide reports whether the control lives in the side panel (the others are in the top bar).
func (c control) inSide() bool {
	return c.isToggle() || c == ctlPitHeader || (c.isSlider() && c != ctlSpeed)
}

// controlNames name the controls in State.Controls: a slider by the URL parameter it sets.
var controlNames = [numControls]string{"play", "step", "reset", "add", "leave", "heal", "matrix", "help", "compare",
	"protocol_heartbeat", "protocol_swim", "protocol_rumor", "mode_push", "mode_pull", "mode_pushpull", "inject", "pitfall_badge", "pitfalls", "pitfall_no_tombstone", "pitfall_no_generation",
	"pitfall_timestamp_merge", "speed", "loss", "latency", "fanout", "period", "tsuspect", "tremove", "n",
	"k", "tsuspicion"}

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
	{ctlCompare, "Compare", "V", "Split view: heartbeat gossip and SWIM side by side on the same scenario;\nevery crash, partition and parameter applies to both. Starts the run again."},
}

// injectSpec is the rumor's start button, laid out with the mode switch.
var injectSpec = struct{ label, key, tip string }{"Start rumor", "I",
	"Start the rumor at node 0 (or click any node that has not heard it)"}

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
	{ctlK, "K helpers", "SWIM: when the direct ping gets no ack in time, ask K others to ping\nthe target (ping-req) and forward its ack; takes effect on Reset"},
	{ctlTSuspicion, "T suspicion", "SWIM: a suspect that does not refute within this time is confirmed dead;\ntakes effect on Reset"},
}

// sliderShown reports whether a slider belongs to the running protocol.
func (g *Game) sliderShown(id control) bool {
	switch id {
	case ctlFanout:
		return !g.swim()
	case ctlTSuspect, ctlTRemove:
		return !g.swim() && !g.rumor()
	case ctlK, ctlTSuspicion:
		return g.swim()
	}
	return true
}

// segment is one part of a segmented switch: the protocol switch or the rumor's mode switch.
type segment struct {
	id    control
	label string
	tip   string
}

// modeSpecs are the rumor's modes, in the order of core.RumorModes.
var modeSpecs = [3]segment{
	{ctlModePush, "Push", "Push: every period each informed node sends the rumor to b random peers.\nStarts the run again (same seed)."},
	{ctlModePull, "Pull", "Pull: every period each uninformed node calls b random peers and an informed\ncallee answers with the rumor. Starts the run again (same seed)."},
	{ctlModePushPull, "Push-pull", "Push-pull: every node calls b random peers; the rumor crosses the call\nwhichever way it can. Starts the run again (same seed)."},
}

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

// The protocol switch and the pitfall toggles.
var protoSpecs = [3]struct {
	id    control
	label string
	tip   string
}{
	{ctlProtoHeartbeat, "Heartbeat", "Heartbeat gossip: every period each node bumps its heartbeat and gossips\nits whole list to M peers; silence for T suspect → suspect. Resets the run."},
	{ctlProtoSwim, "SWIM", "SWIM: every period each node pings one member; no ack → ping-req through\nK others; still no ack → suspect; no refutation in T suspicion → dead. Resets the run."},
	{ctlProtoRumor, "Rumor", "Rumor spreading: click a node (or press I) to start a rumor there and watch\nit spread by push, pull or push-pull to b peers a period. Resets the run."},
}

var pitfallSpecs = [3]struct {
	id   control
	name string // as in PitfallNames
	tip  string
}{
	// The tips say what each bug does, not what follows from it: lessons 5 and 8 ask the learner
	// to predict that.
	{ctlPitNoTomb, "no_tombstone", "Bug: forget a removed member at once instead of keeping a tombstone.\nCrash a node with it on and watch the event log."},
	{ctlPitNoGen, "no_generation", "Bug: a restarted node comes back with heartbeat 0 in the same generation.\nRestart a crashed node with it on and watch its ring."},
	{ctlPitStamp, "timestamp_merge", "Bug: merge lists by wall-clock timestamps instead of heartbeat counters,\nwith every clock off by up to ±skew: live nodes whose clock lags are suspected,\ncrashed ones whose clock runs ahead look alive. Switching it resets the run."},
}

// pitfallLabel is a toggle's text.
func (g *Game) pitfallLabel(id control) string {
	switch id {
	case ctlPitNoTomb:
		return "No tombstones"
	case ctlPitNoGen:
		return "Restart without generation"
	case ctlPitStamp:
		skew := g.cur.Config.Pitfalls.ClockSkew
		if skew == 0 {
			skew = DefaultSkewMs
		}
		return "Wall-clock timestamps (skew ±" + fmtMs(float64(skew)) + ", resets)"
	}
	return ""
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
	for _, b := range buttonSpecs {
		if !g.buttonShown(b.id) {
			continue
		}
		label := b.label
		w := g.gfx.measure("Pause", g.gfx.body) + 26*s
		if b.id != ctlPlay {
			w = g.gfx.measure(label, g.gfx.body) + 22*s
		}
		g.widgets = append(g.widgets, widget{id: b.id, r: place(w), label: label, key: b.key, tip: b.tip})
	}
	// The protocol switch: one segmented control.
	x += gap
	var segs [3]segment
	for i, p := range protoSpecs {
		segs[i] = segment{p.id, p.label, p.tip}
	}
	if !g.isLocked("protocol") {
		g.placeSegments(segs, "P", place)
	}
	if g.rumor() && !g.isLocked("mode") {
		x += gap
		g.placeSegments(modeSpecs, "", place)
	}
	if g.rumor() && !g.embed {
		x += gap
		g.widgets = append(g.widgets, widget{id: ctlInject, r: place(g.gfx.measure(injectSpec.label, g.gfx.body) + 22*s),
			label: injectSpec.label, key: injectSpec.key, tip: injectSpec.tip})
	}
	if !g.isLocked("speed") {
		x += gap
		sw := 222 * s
		r := place(sw)
		lw := 96 * s
		g.widgets = append(g.widgets, widget{id: ctlSpeed, r: r, label: "Speed",
			track: rect{r.x + lw, r.y + r.h/2 - 3*s, r.w - lw - 8*s, 6 * s}, key: "[ ]",
			tip: "Virtual seconds per real second (log scale, 0.1× to 20×)", cv: math.NaN()})
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
func (g *Game) placeSegments(segs [3]segment, key string, place func(float64) rect) {
	var segW [3]float64
	for i, p := range segs {
		segW[i] = g.gfx.measure(p.label, g.gfx.body) + 22*g.s
	}
	r := place(segW[0] + segW[1] + segW[2])
	x := r.x
	for i, p := range segs {
		g.widgets = append(g.widgets, widget{id: p.id, r: rect{x, r.y, segW[i], r.h}, label: p.label, key: key, tip: p.tip})
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
		if g.sliderShown(sp.id) && !g.isLocked(controlNames[sp.id]) {
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
		if !g.sliderShown(sp.id) || g.isLocked(controlNames[sp.id]) {
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
			for _, p := range pitfallSpecs {
				g.widgets = append(g.widgets, widget{id: p.id, r: rect{side.x, y, side.w, toggleH},
					label: g.pitfallLabel(p.id), tip: p.tip})
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
	switch id {
	case ctlCompare: // the split view switches the protocol too
		return !g.isLocked("compare") && !g.isLocked("protocol")
	case ctlAdd:
		return !g.isLocked("n")
	}
	return true
}

// isLocked reports whether the lock parameter named this control (a LockNames name).
func (g *Game) isLocked(name string) bool { return slices.Contains(g.locked, name) }

// actionLock names the locked control that refuses action a (from a key or a button), or "".
func (g *Game) actionLock(a action) string {
	var names []string
	switch a {
	case actToggleProtocol, actProtoHeartbeat, actProtoSwim, actProtoRumor:
		names = []string{"protocol"}
	case actCompare:
		names = []string{"compare", "protocol"}
	case actModePush, actModePull, actModePushPull:
		names = []string{"mode"}
	case actSlower, actFaster:
		names = []string{"speed"}
	case actPitHeader, actPitNoTomb, actPitNoGen, actPitStamp:
		names = []string{"pitfalls"}
	case actAdd:
		names = []string{"n"}
	}
	for _, n := range names {
		if g.isLocked(n) {
			return n
		}
	}
	return ""
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

// sliderValue is the slider's current value(s) in its own units.
func (g *Game) sliderValue(id control) (float64, float64) {
	c := &g.cur.Config
	switch id {
	case ctlSpeed:
		return g.run.Speed(), 0
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
		return float64(g.run.Next().N), 0
	case ctlK:
		return float64(g.run.Next().K), 0
	case ctlTSuspicion:
		return float64(g.run.Next().TSuspicion), 0
	}
	return 0, 0
}

// kMax is the K slider's top: at most N−2 helpers (of the N of the next reset), and 8.
func (g *Game) kMax() float64 { return math.Max(1, float64(min(8, g.run.Next().N-2))) }

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
	case ctlK:
		t = v / g.kMax()
	case ctlTSuspicion:
		t = logUnscale(v, tsLo, tsHi)
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
	case ctlK:
		return math.Round(t * g.kMax())
	case ctlTSuspicion:
		return snapSig(logScale(t, tsLo, tsHi), 2)
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
		if int(v) != g.cur.Source.NumNodes() {
			return fmt.Sprintf("%.0f (R)", v)
		}
		return fmt.Sprintf("%.0f", v)
	case ctlK:
		if int(v) != g.cur.Config.Swim.K {
			return fmt.Sprintf("%.0f (R)", v)
		}
		return fmt.Sprintf("%.0f", v)
	case ctlTSuspicion:
		if core.Time(v) != g.cur.Config.Swim.SuspicionTimeout {
			return fmtMs(v) + " (R)"
		}
		return fmtMs(v)
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

// commitSlider applies a slider's new value: a speed at once, N, K and the suspicion timeout
// for the next reset, the others to the running simulation (session/settings.go).
func (g *Game) commitSlider(id control, v, v2 float64) {
	r := g.run
	var err error
	switch id {
	case ctlSpeed:
		r.SetSpeed(math.Max(MinSpeed, math.Min(MaxSpeed, v)))
		return
	case ctlN:
		if r.SetNextN(int(v)) {
			g.flashUntilReset(fmt.Sprintf("N = %d from the next Reset (press R)", int(v)))
		}
		return
	case ctlK:
		if r.SetNextK(int(v)) {
			g.flashUntilReset(fmt.Sprintf("K = %d helpers from the next Reset (press R)", int(v)))
		}
		return
	case ctlTSuspicion:
		if r.SetNextTSuspicion(core.Time(v)) {
			g.flashUntilReset("T suspicion = " + fmtMs(v) + " from the next Reset (press R)")
		}
		return
	case ctlLoss:
		err = r.SetLoss(v)
	case ctlLatency:
		err = r.SetLatency(v, v2)
	case ctlFanout:
		err = r.SetFanout(v)
	case ctlPeriod:
		err = r.SetPeriod(v)
	case ctlTSuspect:
		err = r.SetTSuspect(v)
	case ctlTRemove:
		err = r.SetTRemove(v)
	}
	if err != nil {
		g.flash(err.Error())
	}
}
