package view

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
	"gossiplab/core/rounds"
)

// The rumor protocol's picture: nodes informed or not yet, the rumor's messages, and the
// infection curve against the round model's expectation.

// colRumor marks the rumor: an informed node (a filled disc), a rumor message, a call carrying
// it. Its opposite, not yet informed, is a hollow sky-blue ring (colAlive): vermillion against
// sky blue stays apart for the common colour-vision deficiencies, and filled against hollow
// without colour at all.
var colRumor = hex(0xD55E00)

// rumorTrials is how many trials of the round model the chart's expected curve averages: 200,
// or 100 above 500 nodes (a few tens of ms natively at N = 1000, computed once per reset or
// slider change, never per frame).
func rumorTrials(n int) int {
	if n > 500 {
		return 100
	}
	return 200
}

// rumorState follows the rumor of the running simulation for the chart.
type rumorState struct {
	injectedAt core.Time // when the rumor was first injected since the reset, -1 before
	allAt      core.Time // when every up node had it, -1 before
	curve      *series   // informed count at each sample since the injection
	lastT      core.Time // the newest sample taken in
	// The round model's mean informed count after r rounds, for modelKey (N, mode, b, loss).
	model    []float64
	modelKey [4]float64
	modelErr string
	lbl      [5]labelCache
	// The last run of each mode (by modeIndex), kept after a switch started the run again, so
	// that the modes can be compared on one chart; keptFor is the (N, b, loss) they ran with.
	kept    [3]keptCurve
	keptFor [3]float64
	// spreadFor is the (N, b, loss) this run's rumor spread with, taken when it started; mixed
	// marks a rumor during which one of them changed: its curve compares with nothing.
	spreadFor [3]float64
	mixed     bool
}

// keptCurve is one mode's last run: its informed count against periods since the rumor began.
type keptCurve struct {
	x, y    []float64
	periods float64 // periods until every up node knew, or -1 if the run was left before
	label   string  // for the chart's key, e.g. "pull: 7.8 periods"
}

// KeptCurve is a kept curve as published in State (and given back after a reload).
type KeptCurve struct {
	Mode    string  `json:"mode"`
	Periods float64 `json:"periods"` // -1: the run was left before every node knew
	Points  int     `json:"points"`
	// X (periods since the rumor started) and Y (nodes informed) are the curve; For is the
	// (N, b, loss) it ran with.
	X   []float64  `json:"x"`
	Y   []float64  `json:"y"`
	For [3]float64 `json:"for"`
}

// keptColors tell the modes' kept curves apart (Okabe–Ito orange, bluish green, reddish purple),
// beside the running curve's vermillion.
var keptColors = [3]rgba{hex(0xE69F00), hex(0x009E73), hex(0xCC79A7)}

// keep stores the running curve as its mode's last run (called before the run starts again).
func (r *rumorState) keep(period core.Time, informed, n int) {
	if r.injectedAt < 0 || r.curve.len() == 0 || period <= 0 || r.mixed {
		return
	}
	if r.spreadFor != r.keptFor { // the other kept curves ran with other settings
		r.clearKept()
	}
	m := int(r.modelKey[1])
	k := &r.kept[m]
	k.x, k.y = k.x[:0], k.y[:0]
	end := core.Time(math.MaxInt64)
	if r.allAt >= 0 {
		end = r.allAt + 2*period
	}
	for i := 0; i < r.curve.len(); i++ {
		t, v := r.curve.at(i)
		if t > end {
			break
		}
		k.x, k.y = append(k.x, float64(t-r.injectedAt)/float64(period)), append(k.y, v)
	}
	k.periods, k.label = -1, fmt.Sprintf("%s: left at %d/%d", modeTitle(m), informed, n)
	if r.allAt >= 0 {
		k.periods = float64(r.allAt-r.injectedAt) / float64(period)
		k.label = fmt.Sprintf("%s: %.1f periods", modeTitle(m), k.periods)
	}
	r.keptFor = r.spreadFor
}

// fitKept drops the kept curves when the new run's N, b or loss differ from theirs: they would
// not compare.
func (r *rumorState) fitKept(n, fanout int, loss float64) {
	if r.keptFor != [3]float64{float64(n), float64(fanout), loss} {
		r.clearKept()
	}
}

func (r *rumorState) clearKept() {
	for i := range r.kept {
		r.kept[i].x, r.kept[i].y, r.kept[i].label = r.kept[i].x[:0], r.kept[i].y[:0], ""
	}
}

// shownKept reports whether mode m's kept curve is drawn: it exists, and the running run of the
// same mode has not started a rumor of its own.
func (r *rumorState) shownKept(m, running int) bool {
	return len(r.kept[m].x) > 0 && (m != running || r.injectedAt < 0)
}

// appendKept publishes the kept curves into dst, reusing its slices (no allocation once grown).
func (r *rumorState) appendKept(dst []KeptCurve) []KeptCurve {
	n := 0
	for m := range r.kept {
		k := &r.kept[m]
		if len(k.x) == 0 {
			continue
		}
		if n == len(dst) {
			dst = append(dst, KeptCurve{})
		}
		d := &dst[n]
		d.Mode, d.Periods, d.Points, d.For = core.RumorModes[m], k.periods, len(k.x), r.keptFor
		d.X, d.Y = append(d.X[:0], k.x...), append(d.Y[:0], k.y...)
		n++
	}
	return dst[:n]
}

// restoreKept takes back curves published before a reload, those that ran with the (N, b,
// loss) of the run now shown.
func (r *rumorState) restoreKept(curves []KeptCurve, n, fanout int, loss float64) {
	want := [3]float64{float64(n), float64(fanout), loss}
	for _, c := range curves {
		m := slices.Index(core.RumorModes, c.Mode)
		if m < 0 || c.For != want || len(c.X) == 0 || len(c.X) != len(c.Y) {
			continue
		}
		k := &r.kept[m]
		k.x, k.y, k.periods = append(k.x[:0], c.X...), append(k.y[:0], c.Y...), c.Periods
		k.label = fmt.Sprintf("%s: left at %d/%d", modeTitle(m), int(c.Y[len(c.Y)-1]), n)
		if c.Periods >= 0 {
			k.label = fmt.Sprintf("%s: %.1f periods", modeTitle(m), c.Periods)
		}
		r.keptFor = want
	}
}

func (r *rumorState) anyKept() bool {
	for m := range r.kept {
		if len(r.kept[m].x) > 0 {
			return true
		}
	}
	return false
}

// modeTitle is a mode's name as the screen writes it.
func modeTitle(m int) string { return actions[actModePush+action(m)].label }

func (r *rumorState) reset() {
	if r.curve == nil {
		r.curve = newSeries(chartCapacity)
	}
	r.curve.reset()
	r.injectedAt, r.allAt, r.lastT = -1, -1, -1
	r.mixed = false
}

// modeIndex is a rumor mode's place in core.RumorModes (0 when unknown).
func modeIndex(m string) int {
	for i, x := range core.RumorModes {
		if x == m {
			return i
		}
	}
	return 0
}

// update takes in the new samples and recomputes the model when N, the mode, b or the loss
// changed (once per reset or slider move, never per frame).
func (r *rumorState) update(snap *core.Snapshot, seed uint64) {
	c := &snap.Config
	if r.injectedAt < 0 { // a run replayed from a link brings no events: the nodes tell the start
		for j := range snap.Nodes {
			if nd := &snap.Nodes[j]; nd.Informed && (r.injectedAt < 0 || nd.InformedAt < r.injectedAt) {
				r.injectedAt = nd.InformedAt
			}
		}
	}
	now := [3]float64{float64(len(snap.Nodes)), float64(c.Fanout), c.Loss}
	switch {
	case r.injectedAt < 0:
	case r.curve.len() == 0:
		r.spreadFor = now
	case r.allAt < 0 && now != r.spreadFor:
		r.mixed = true // b (say) changed while the rumor spread
	}
	// The model is for the settings the rumor spreads with, once it has started: moving b
	// afterwards does not redraw it beside a curve that ran with the old b.
	spread := now
	if r.injectedAt >= 0 {
		spread = r.spreadFor
	}
	key := [4]float64{spread[0], float64(modeIndex(c.RumorMode)), spread[1], spread[2]}
	if key != r.modelKey || (r.model == nil && r.modelErr == "") {
		r.modelKey = key
		r.model, r.modelErr = nil, ""
		res, err := rounds.Spread(rounds.SpreadConfig{N: int(key[0]), Mode: rounds.Mode(key[1]),
			Fanout: int(key[2]), Loss: key[3], Trials: rumorTrials(int(key[0])), Seed: seed})
		if err != nil {
			r.modelErr = "no round model: " + err.Error()
		} else {
			r.model = res.MeanInformedByRound
		}
	}
	if r.injectedAt < 0 {
		return
	}
	m := &snap.Metrics
	i := len(m.Samples)
	for i > 0 && m.Samples[i-1].Time > r.lastT {
		i--
	}
	if r.curve.len() == 0 {
		r.curve.push(r.injectedAt, 1)
	}
	for ; i < len(m.Samples); i++ {
		s := &m.Samples[i]
		r.lastT = s.Time
		if s.Time >= r.injectedAt {
			r.curve.push(s.Time, float64(s.Informed))
		}
	}
	if r.allAt < 0 {
		all, last := true, r.injectedAt
		for j := range snap.Nodes {
			if nd := &snap.Nodes[j]; nd.Status == core.StatusUp {
				all = all && nd.Informed
				last = max(last, nd.InformedAt)
			}
		}
		if all { // when the last one heard it, however long ago this frame's look came
			r.allAt = last
			r.curve.push(snap.Time, float64(m.Latest.Informed))
		}
	}
}

// rumorChartRect is the infection chart's box: the places of the first two live charts.
func (g *Game) rumorChartRect() rect {
	c := &g.gfx.side.charts
	return rect{c[0].x, c[0].y, c[0].w, c[1].bottom() - c[0].y}
}

// rumorPlot is the infection chart's plotting area inside box r: room for the key above and
// the axis labels and caption below.
func (g *Game) rumorPlot(r rect) rect {
	s := g.s
	p := g.plotRect(r)
	top := 4 * s
	if _, rows := g.keptKey(r); rows > 0 {
		top += 16 * s * float64(rows) // the kept curves' key
	}
	// Room on the left for the y axis's "N=128", which may reach into the panel's 10 px inset.
	widest := [...]string{"N=9", "N=99", "N=999", "N=9999", "N=99999"} // as wide as the label, without building it
	digits := 1
	for n := len(g.cur.Snap.Nodes); n >= 10 && digits < len(widest); n /= 10 {
		digits++
	}
	left := math.Max(26*s, g.gfx.measure(widest[digits-1], g.gfx.small)+3*s-10*s)
	return rect{p.x + left, p.y + top, p.w - left - 4*s, math.Max(10*s, p.h-42*s-top+4*s)}
}

// keptKey lays out the key of the kept curves shown in chart box r: where each mode's entry
// starts (its colour swatch, then its label), on as many rows under the chart's first line as
// the box's width needs.
func (g *Game) keptKey(r rect) (at [3]point, rows int) {
	s := g.s
	running := modeIndex(g.cur.Config.RumorMode)
	kx, ky := r.x, r.y+8*s+16*s
	for m := range g.rum.kept {
		if !g.rum.shownKept(m, running) {
			continue
		}
		w := 15*s + g.gfx.measure(g.rum.kept[m].label, g.gfx.small)
		if rows == 0 {
			rows = 1
		} else if kx+w > r.right() { // no room left on this row
			kx, ky = r.x, ky+16*s
			rows++
		}
		at[m] = point{kx, ky}
		kx += w + 12*s
	}
	return at, rows
}

// rumorXMax is the chart's x range in periods: the model's length or the run's, whichever is
// longer (the run stops growing two periods after everyone has the rumor).
func (g *Game) rumorXMax() float64 {
	r := &g.rum
	// The model's length shows only once this run's rumor has started: before, the axis (like
	// the hidden model curve) would tell how many periods to expect, which a lesson asks the
	// learner to predict.
	x := 20.0
	if r.injectedAt >= 0 {
		x = math.Max(4, float64(len(r.model)-1))
	}
	for m := range r.kept {
		if k := r.kept[m].x; len(k) > 0 {
			x = math.Max(x, k[len(k)-1])
		}
	}
	if r.injectedAt >= 0 {
		end := g.cur.Snap.Time
		if r.allAt >= 0 {
			end = min(end, r.allAt+2*g.cur.Config.Period)
		}
		x = math.Max(x, float64(end-r.injectedAt)/float64(g.cur.Config.Period))
	}
	return math.Ceil(x)
}

func (g *Game) drawRumorChartShapes(r rect) {
	b := g.gfx.b
	s := g.s
	p := g.rumorPlot(r)
	b.rect(p, hex(0xFAF9F6))
	b.rect(rect{p.x, p.bottom() - 1, p.w, 1}, colBorder)
	b.rect(rect{p.x, p.y, p.w, 1}, colFaint)
	b.rect(rect{p.x, p.y, 1, p.h}, colBorder)
	n := math.Max(1, float64(len(g.cur.Snap.Nodes)))
	xmax := g.rumorXMax()
	px := func(rounds float64) float64 { return p.x + p.w*math.Min(1, rounds/xmax) }
	py := func(v float64) float64 { return p.bottom() - p.h*math.Min(1, v/n) }
	// The round model: a dashed blue line through the mean informed count after each round,
	// once this run's rumor has started (before, it would answer "how many periods?").
	if m := g.rum.model; len(m) > 0 && g.rum.injectedAt >= 0 {
		for i := 1; i < len(m) && float64(i) <= xmax; i++ {
			b.dashed(px(float64(i-1)), py(m[i-1]), px(float64(i)), py(m[i]), 2*s, 5*s, 3*s, colPacket)
		}
		if last := len(m) - 1; float64(last) < xmax { // finished trials stay at N
			b.dashed(px(float64(last)), py(m[last]), p.right(), py(m[last]), 2*s, 5*s, 3*s, colPacket)
		}
	}
	// The other modes' last runs, thinner, each in its colour.
	running := modeIndex(g.cur.Config.RumorMode)
	for m := range g.rum.kept {
		if !g.rum.shownKept(m, running) {
			continue
		}
		k := &g.rum.kept[m]
		for i := 1; i < len(k.x) && k.x[i-1] <= xmax; i++ {
			b.line(px(k.x[i-1]), py(k.y[i-1]), px(k.x[i]), py(k.y[i]), 1.8*s, keptColors[m], keptColors[m])
		}
	}
	// This run: a solid vermillion line, time measured in periods since the injection.
	cv := g.rum.curve
	if g.rum.injectedAt >= 0 && cv.len() > 0 {
		per := float64(g.cur.Config.Period)
		step := max(1, cv.len()/int(math.Max(1, p.w/2)))
		var lx, ly float64
		for i := 0; i < cv.len(); i += step {
			t, v := cv.at(i)
			x := float64(t-g.rum.injectedAt) / per
			if x > xmax {
				break
			}
			X, Y := px(x), py(v)
			if i > 0 {
				b.line(lx, ly, X, Y, 2.6*s, colRumor, colRumor)
			}
			lx, ly = X, Y
		}
	}
}

func (g *Game) drawRumorChartTexts(dst *ebiten.Image, r rect) {
	s := g.s
	f := g.gfx.small
	b := g.gfx.b
	p := g.rumorPlot(r)
	y := r.y + 8*s
	lc := &g.rum.lbl
	n := len(g.cur.Snap.Nodes)
	inf := g.cur.Snap.Metrics.Latest.Informed
	// The key: this run, and the model.
	mode := modeIndex(g.cur.Config.RumorMode)
	txt := lc[0].get(float64(inf)+1e6*float64(n)+1e12*float64(mode), func(float64) string {
		if g.rum.anyKept() {
			return fmt.Sprintf("%s now: %d / %d", modeTitle(mode), inf, n)
		}
		return fmt.Sprintf("this run: %d / %d", inf, n)
	})
	mx := math.Max(r.x+r.w*0.52, r.x+20*s+g.gfx.measure(txt, g.gfx.bold)+14*s) // the model's key, after this run's
	b.rect(rect{r.x, y - 1.5*s, 16 * s, 3 * s}, colRumor)
	b.dashed(mx, y, mx+16*s, y, 2*s, 5*s, 3*s, colPacket)
	b.flush(dst)
	g.text(dst, txt, g.gfx.bold, r.x+20*s, y, colInk, aStart, aCenter)
	model := "round model (mean)" // shorter where this run's label leaves less room
	for _, m := range [...]string{"model (mean)", "model"} {
		if mx+20*s+g.gfx.measure(model, f) <= r.right() {
			break
		}
		model = m
	}
	g.text(dst, model, f, mx+20*s, y, colInk, aStart, aCenter)
	at, _ := g.keptKey(r) // the other modes' last runs
	for m := range g.rum.kept {
		if !g.rum.shownKept(m, mode) {
			continue
		}
		b.rect(rect{at[m].x, at[m].y - 1.5*s, 12 * s, 3 * s}, keptColors[m])
		b.flush(dst)
		g.text(dst, g.rum.kept[m].label, f, at[m].x+15*s, at[m].y, colInk, aStart, aCenter)
	}
	// Axes.
	g.text(dst, lc[1].get(float64(n), func(v float64) string { return "N=" + strconv.Itoa(int(v)) }),
		f, p.x-3*s, p.y+6*s, colMuted, aEnd, aCenter)
	g.text(dst, "0", f, p.x-3*s, p.bottom()-6*s, colMuted, aEnd, aCenter)
	g.text(dst, "0", f, p.x, p.bottom()+9*s, colMuted, aCenter, aCenter)
	g.text(dst, lc[2].get(g.rumorXMax(), func(v float64) string { return strconv.Itoa(int(v)) }),
		f, p.right(), p.bottom()+9*s, colMuted, aEnd, aCenter)
	g.text(dst, "periods (rounds) since the rumor started", f, p.x+p.w/2, p.bottom()+9*s, colMuted, aCenter, aCenter)
	g.text(dst, "Own ticks, not lockstep: a bit faster than rounds.", f,
		r.x, p.bottom()+26*s, colMuted, aStart, aCenter)
	switch {
	case g.rum.modelErr != "":
		g.text(dst, g.rum.modelErr, f, p.x+6*s, p.y+14*s, colError, aStart, aCenter)
	case g.rum.injectedAt < 0:
		g.text(dst, "Click a node (or press I) to start the rumor", g.gfx.body, p.x+p.w/2, p.y+p.h/2, colMuted, aCenter, aCenter)
	}
}

// drawRumorNode draws node nd under the rumor protocol: a filled vermillion disc once informed,
// a hollow sky-blue ring before; a crashed node keeps that ring under its cross.
func (g *Game) drawRumorNode(p point, r, inner float64, nd *core.NodeInfo) {
	b := g.gfx.b
	s := g.s
	br := r * (inner - 0.1)
	if nd.Informed {
		b.sector(p.x, p.y, r*inner, r, 0, 2*math.Pi, colRumor)
	} else {
		b.sector(p.x, p.y, r*inner, r, 0, 2*math.Pi, colAlive)
	}
	switch nd.Status {
	case core.StatusUp:
		if nd.Informed {
			b.circle(p.x, p.y, r*inner+0.5, colRumor)
		} else {
			b.circle(p.x, p.y, br, colPanel)
		}
	case core.StatusCrashed:
		b.circle(p.x, p.y, br, colPanel)
		if br < 3.5*s {
			b.cross(p.x, p.y, r*0.85, math.Max(1.8, r*0.38), colCrashed)
		} else {
			b.cross(p.x, p.y, br*0.62, math.Max(1.6, br*0.3), colCrashed)
		}
	default:
		b.circle(p.x, p.y, br, colPanel)
		b.ringOutline(p.x, p.y, br*0.8, math.Max(1.2, br*0.3), colMuted)
	}
}

// rumorLegendItems: informed or not, and the rumor's messages.
var rumorLegendItems = []legendItem{
	{markInformed, "informed"}, {markUninformed, "not yet"}, {markCrashed, "crashed"},
	{markBreak, ""},
	{markRumor, "rumor"}, {markCall, "call (uninformed caller)"}, {markCallCarry, "call carrying the rumor"},
	{markLoss, "lost"}, {markPartition, "cut by partition"}, {markDead, "receiver down"},
	{-1, "Click a node: start the rumor there (informed: crash / restart) · I: at node 0 · ? help"},
}
