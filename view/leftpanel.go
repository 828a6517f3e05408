package view

import (
	"fmt"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
)

// The left panel: the selected node's membership list, the truth-vs-belief matrix, or both (the
// matrix above). Each part is laid out by layoutLeft when the window, the scale, the selection,
// the matrix or the cluster's size changes — never in Draw — and answers what is under a point
// by a pure function of its layout, so that clicks on it are tested without drawing.

// leftPanel is the panel's parts as laid out; a part not shown has a zero rectangle.
type leftPanel struct {
	table tablePanel
	mat   matrixPanel
}

// tablePanel is a membership list's layout: the close box at its top right, the title and the
// subtitle (on two lines when the bars' legend does not fit beside it), the column heads at
// hdrY and the rows below, rowH apart.
type tablePanel struct {
	r, close, rows rect
	rowH, hdrY     float64
	twoLines       bool
	cols           [6]float64 // the columns' offsets from r's left (tableColumns)
	compact        bool       // the compact columns: the full ones leave the bars too little room
}

// listView is what a membership list shows: node sel's list, scrolled to top, in the run whose
// snapshot is snap.
type listView struct {
	sel, top int
	list     []core.Entry
	snap     *core.Snapshot
}

// matrixPanel is the matrix's layout: the close box, the subtitle (on two lines in a narrow
// panel), the counts' line at countsY, the grid of n×n cells of side cell from grid's top left
// (with the ids beside it when labels), and the legend's rows under it.
type matrixPanel struct {
	r, close   rect
	twoLines   bool
	countsY    float64
	grid       rect // the cells' area; zero when too small to draw
	cell       float64
	n          int
	labels     bool
	legendRows int
}

// closeBoxAt is the 24 × 24 close box at the top right corner (x, y) of a panel.
func closeBoxAt(x, y, s float64) rect { return rect{x - 24*s, y, 24 * s, 24 * s} }

// layoutTable lays out a membership list in r.
func layoutTable(r rect, s float64, twoLines bool) tablePanel {
	t := tablePanel{r: r, close: closeBoxAt(r.right(), r.y, s), rowH: 21 * s, hdrY: r.y + 50*s, twoLines: twoLines}
	if twoLines {
		t.hdrY += 16 * s
	}
	t.rows = rect{r.x, t.hdrY + t.rowH*0.8, r.w, r.bottom() - t.hdrY - t.rowH*0.8}
	return t
}

// visibleRows is how many rows the list shows at once.
func (t *tablePanel) visibleRows() int {
	if t.rowH <= 0 || t.rows.h <= 0 {
		return 0
	}
	return int(t.rows.h / t.rowH)
}

// rowAt is the index in the list of the row under (x, y) when the list shows rows from top on,
// of n rows in all; -1 when no row is there.
func (t *tablePanel) rowAt(x, y float64, top, n int) int {
	if !t.rows.contains(x, y) || t.rowH <= 0 {
		return -1
	}
	k := int((y - t.rows.y) / t.rowH)
	if k >= t.visibleRows() || top+k >= n {
		return -1
	}
	return top + k
}

// layoutMatrix lays out the matrix of n nodes in r: twoLines when the subtitle does not fit on
// one line, legendRows the rows its legend wraps to.
func layoutMatrix(r rect, s float64, n int, twoLines bool, legendRows int) matrixPanel {
	m := matrixPanel{r: r, close: closeBoxAt(r.right(), r.y, s), n: n, twoLines: twoLines, legendRows: legendRows}
	y := r.y + 30*s
	if twoLines {
		y += 16 * s
	}
	m.countsY = y + 20*s
	if n == 0 {
		return m
	}
	top := m.countsY + 16*s
	area := rect{r.x, top, r.w, r.bottom() - top - float64(legendRows)*18*s - 10*s}
	if side := math.Min(area.w, area.h); side/float64(n) >= 15*s {
		m.labels = true
		area = rect{area.x + 22*s, area.y + 16*s, area.w - 22*s, area.h - 16*s}
	}
	side := math.Min(area.w, area.h)
	if side < 20*s {
		return m
	}
	m.cell = side / float64(n)
	if m.cell >= 2 {
		m.cell = math.Floor(m.cell)
	}
	m.grid = rect{area.x, area.y, m.cell * float64(n), m.cell * float64(n)}
	return m
}

// cellAt is the (observer, subject) cell under (x, y): its row and column.
func (m *matrixPanel) cellAt(x, y float64) (observer, subject int, ok bool) {
	if m.n == 0 || m.cell <= 0 || !m.grid.contains(x, y) {
		return -1, -1, false
	}
	o, sub := int((y-m.grid.y)/m.cell), int((x-m.grid.x)/m.cell)
	if o < 0 || o >= m.n || sub < 0 || sub >= m.n {
		return -1, -1, false
	}
	return o, sub, true
}

// The texts whose width the layout depends on.
const matrixSub1, matrixSub2 = "Row = observer, column = subject.", "Pale = right, strong = wrong."

// tableBars says what a list's bars count down.
func tableBars(swim bool) string {
	if swim {
		return "Bars: time left until a suspect is confirmed dead."
	}
	return "Bars: time left until it suspects / removes."
}

// tableSubWidest is the widest a list's subtitle gets ("It is crashed · generation 99 · …"):
// measured once for the layout, so that the list does not jump as the heartbeat grows.
func tableSubWidest(swim bool) string {
	if swim {
		return "It is crashed · generation 99 · incarnation 99999."
	}
	return "It is crashed · generation 99 · heartbeat 99999."
}

// layoutLeft lays out the left panel's parts for the selection and the matrix shown.
func (g *Game) layoutLeft() {
	g.left = leftPanel{}
	P := g.L.left
	if P.w <= 0 {
		return
	}
	s := g.s
	inner := P.inset(10 * s)
	switch {
	case g.selected >= 0 && g.showMatrix:
		h := math.Min(inner.h*0.5, inner.w+70*s)
		g.left.mat = g.layoutMatrixIn(rect{inner.x, inner.y, inner.w, h})
		g.left.table = g.layoutTableIn(rect{inner.x, inner.y + h + 8*s, inner.w, inner.h - h - 8*s})
	case g.selected >= 0:
		g.left.table = g.layoutTableIn(inner)
	case g.showMatrix:
		g.left.mat = g.layoutMatrixIn(inner)
	}
}

// layoutTableIn lays out the list in r, or nothing when r is too short for one.
func (g *Game) layoutTableIn(r rect) tablePanel {
	s, f := g.s, g.gfx.small
	if r.h < 60*s {
		return tablePanel{}
	}
	swim := g.swim()
	twoLines := g.gfx.measure(tableSubWidest(swim), f)+g.gfx.measure(tableBars(swim), f)+6*s > r.w
	t := layoutTable(r, s, twoLines)
	cols, compact := g.tableLayout(r.w)
	t.cols, t.compact = *cols, compact
	return t
}

// layoutMatrixIn lays out the matrix in r: the subtitle on two lines if it does not fit on one,
// the legend wrapped to r's width.
func (g *Game) layoutMatrixIn(r rect) matrixPanel {
	s, f := g.s, g.gfx.small
	legendRows, x := 1, 0.0
	for _, it := range matrixLegend {
		w := 16*s + g.gfx.measure(it.w, f) + 12*s
		if x+w > r.w && x > 0 {
			legendRows++
			x = 0
		}
		x += w
	}
	n := min(g.cur.Source.NumNodes(), maxMatrixNodes)
	return layoutMatrix(r, s, n, g.gfx.measure(matrixSub1+" "+matrixSub2, f) > r.w, legendRows)
}

// fitTableTop keeps the list's first row shown within the list.
func (g *Game) fitTableTop() {
	g.tableTop = max(0, min(g.tableTop, len(g.table)-g.left.table.visibleRows()))
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
		g.left.mat.draw(&g.gfx, g.s, &g.mat, g.selected, dst)
	}
	if g.left.table.r.w > 0 {
		g.left.table.draw(&g.gfx, g.s, listView{sel: g.selected, list: g.table, top: g.tableTop, snap: &g.cur.Snap}, dst)
	}
}

// closeBox draws a panel's close box (closeBoxAt).
func (d *drawState) closeBox(r rect, s float64) {
	b := d.b
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
func (t *tablePanel) draw(d *drawState, s float64, v listView, dst *ebiten.Image) {
	b := d.b
	f := d.small
	sel := v.sel
	if sel < 0 || sel >= len(v.snap.Nodes) {
		return
	}
	r := t.r
	nd := &v.snap.Nodes[sel]
	d.closeBox(t.close, s)
	cfg := &v.snap.Config
	lh := t.rowH
	swim := cfg.Protocol == core.ProtocolSwim
	sub := d.misc[5].get(float64(nd.Heartbeat)*1e6+float64(nd.Generation)*10+float64(nd.Status)+b2f(swim)*0.5, func(float64) string {
		if swim {
			return fmt.Sprintf("It is %s · generation %d · incarnation %d.", nd.Status, nd.Generation, nd.Heartbeat)
		}
		return fmt.Sprintf("It is %s · generation %d · heartbeat %d.", nd.Status, nd.Generation, nd.Heartbeat)
	})
	bars := tableBars(swim)
	twoLines, hdrY, rows := t.twoLines, t.hdrY, t.rows
	nrows := t.visibleRows()
	// Columns, measured once per text size.
	cols, compact := &t.cols, t.compact
	var cx [6]float64
	for k := range cx {
		cx[k] = r.x + cols[k]
	}
	barX, barW := cx[5], r.right()-cx[5]-4*s
	now := v.snap.Time
	for k := 0; k < nrows && v.top+k < len(v.list); k++ {
		e := &v.list[v.top+k]
		y := rows.y + float64(k)*lh
		if int(e.Member) < len(v.snap.Nodes) {
			truth := v.snap.Nodes[e.Member].Status
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
	if len(v.list) > nrows && nrows > 0 { // a scroll bar
		frac := float64(nrows) / float64(len(v.list))
		top := float64(v.top) / float64(len(v.list))
		b.rect(rect{r.right() - 3*s, rows.y + rows.h*top, 3 * s, rows.h * frac}, colMuted.alpha(0.5))
	}
	b.flush(dst)
	title := d.misc[3].get(float64(sel), func(v float64) string {
		return fmt.Sprintf("Node %.0f's membership list", v)
	})
	d.text(dst, title, d.bold, r.x, r.y+11*s, colInk, aStart, aCenter)
	d.text(dst, sub, f, r.x, r.y+30*s, colMuted, aStart, aCenter)
	if twoLines {
		d.text(dst, bars, f, r.x, r.y+46*s, colMuted, aStart, aCenter)
	} else {
		d.text(dst, bars, f, r.x+d.measure(sub, f)+6*s, r.y+30*s, colMuted, aStart, aCenter)
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
	} else if d.measure(hdr[5], f) > barW { // a narrow column: the short head
		hdr[5] = "countdown"
	}
	for k, h := range hdr {
		d.text(dst, h, f, cx[k], hdrY+lh*0.4, colMuted, aStart, aCenter)
	}
	for len(d.rows) < nrows {
		d.rows = append(d.rows, rowCache{})
	}
	for k := 0; k < nrows && v.top+k < len(v.list); k++ {
		e := &v.list[v.top+k]
		y := rows.y + float64(k)*lh + lh/2
		rc := &d.rows[k]
		rc.refresh(e, int64(now-e.Updated)/100, int(e.Member) == sel, compact)
		d.text(dst, rc.id, f, cx[0], y, colInk, aStart, aCenter)
		d.text(dst, rc.hbS, f, cx[1], y, colInk, aStart, aCenter)
		d.text(dst, rc.genS, f, cx[2], y, colInk, aStart, aCenter)
		if int(e.Member) != sel {
			d.text(dst, rc.ageS, f, cx[3], y, colInk, aStart, aCenter)
		}
		if !compact {
			d.text(dst, e.State.String(), f, cx[4]+13*s, y, colInk, aStart, aCenter)
		}
		if int(e.Member) != sel && (e.State == core.Removed || e.State == core.Left) && barW >= 30*s {
			d.text(dst, "tombstone", f, barX+barW/2, y, colInk, aCenter, aCenter)
		}
		if swim && int(e.Member) != sel && e.State == core.Suspect && barW >= 30*s {
			left := max(0, int64(cfg.Swim.SuspicionTimeout-(now-e.Updated))+99) / 100
			if rc.leftS == "" || rc.left != left {
				rc.left = left
				rc.leftS = strconv.FormatFloat(float64(left)/10, 'f', 1, 64) + " s left"
			}
			d.text(dst, rc.leftS, f, barX+barW*0.5+8*s, y, colRemoved, aStart, aCenter)
		}
	}
	if len(v.list) == 0 {
		d.text(dst, "(it knows nobody)", f, r.x, rows.y+lh/2, colMuted, aStart, aCenter)
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
func (L *matrixPanel) draw(d *drawState, s float64, m *matrixState, sel int, dst *ebiten.Image) {
	b := d.b
	f := d.small
	r := L.r
	d.closeBox(L.close, s)
	b.flush(dst)
	d.text(dst, "Truth vs belief", d.bold, r.x, r.y+11*s, colInk, aStart, aCenter)
	// The subtitle and the counts: on one line each when they fit, else on two (a narrow panel).
	y := r.y + 30*s
	if L.twoLines {
		d.text(dst, matrixSub1, f, r.x, y, colMuted, aStart, aCenter)
		y += 16 * s
		d.text(dst, matrixSub2, f, r.x, y, colMuted, aStart, aCenter)
	} else {
		d.text(dst, matrixSub1+" "+matrixSub2, f, r.x, y, colMuted, aStart, aCenter)
	}
	key := float64(m.fp)*1e12 + float64(m.fn)*1e6 + float64(m.correct) + float64(m.pending)*1e-6
	pct := func() float64 {
		if m.pairs > 0 {
			return 100 * float64(m.correct) / float64(m.pairs)
		}
		return 100
	}
	counts := d.misc[4].get(key, func(float64) string {
		return fmt.Sprintf("false positives %d · false negatives %d · right %.1f %%", m.fp, m.fn, pct())
	})
	if d.measure(counts, d.bold) > r.w {
		counts = d.misc[7].get(key, func(float64) string {
			return fmt.Sprintf("false+ %d · false− %d · right %.1f %%", m.fp, m.fn, pct())
		})
	}
	d.text(dst, counts, d.bold, r.x, L.countsY, colInk, aStart, aCenter)
	if m.n == 0 || L.n != m.n || L.cell <= 0 {
		return
	}
	lh := 18 * s
	area, labels, cell := L.grid, L.labels, L.cell
	if d.matImg == nil || d.matImgN != m.n {
		if d.matImg != nil {
			d.matImg.Deallocate()
		}
		d.matImg = ebiten.NewImage(m.n, m.n)
		d.matImgN = m.n
		m.dirty = true
	}
	if m.dirty {
		d.matImg.WritePixels(m.pix)
		m.dirty = false
	}
	op := &d.matOp
	op.GeoM.Reset()
	op.GeoM.Scale(cell, cell)
	op.GeoM.Translate(area.x, area.y)
	op.Filter = ebiten.FilterNearest
	if cell < 1 { // shrinking: average the cells (mipmaps) rather than pick one in several
		op.Filter = ebiten.FilterLinear
	}
	dst.DrawImage(d.matImg, op)
	sz := cell * float64(m.n)
	b.frame(rect{area.x - 1, area.y - 1, sz + 2, sz + 2}, 1, colBorder)
	if cell >= 9 { // grid lines for small clusters
		for k := 1; k < m.n; k++ {
			b.rect(rect{area.x + float64(k)*cell, area.y, 1, sz}, colPanel.alpha(0.9))
			b.rect(rect{area.x, area.y + float64(k)*cell, sz, 1}, colPanel.alpha(0.9))
		}
	}
	if sel >= 0 && sel < m.n { // the selected node's row
		b.frame(rect{area.x - 2, area.y + float64(sel)*cell - 1, sz + 4, cell + 2}, 1.5*s, colInk)
	}
	ly := area.y + sz + 10*s + lh/2
	x := area.x
	rowStart := area.x
	for _, it := range matrixLegend {
		w := 16*s + d.measure(it.w, f) + 12*s
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
			id := d.nodeID(k)
			c := float64(k)*cell + cell/2
			d.text(dst, id, f, area.x+c, area.y-9*s, colMuted, aCenter, aCenter)
			d.text(dst, id, f, area.x-5*s, area.y+c, colMuted, aEnd, aCenter)
		}
	}
	ly = area.y + sz + 10*s + lh/2
	x = area.x
	for _, it := range matrixLegend {
		w := 16*s + d.measure(it.w, f) + 12*s
		if x+w > r.right() && x > rowStart {
			x, ly = rowStart, ly+lh
		}
		d.text(dst, it.w, f, x+16*s, ly, colInk, aStart, aCenter)
		x += w
	}
}
