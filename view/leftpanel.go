package view

import "math"

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
	return layoutTable(r, s, twoLines)
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
