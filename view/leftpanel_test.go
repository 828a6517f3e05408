package view

import (
	"testing"

	"gossiplab/core"
)

// A list's rows lie rowH apart under the column heads; a point maps to the row shown there,
// scrolled by top, and nowhere past the last member or the rows that fit.
func TestTableRowAt(t *testing.T) {
	tp := layoutTable(rect{10, 20, 300, 200}, 1, false)
	if tp.close != (rect{286, 20, 24, 24}) {
		t.Errorf("close box %+v, want the top right 24 × 24", tp.close)
	}
	// rows start at 20 + 50 + 0.8 × 21 = 86.8 and fit (200 + 20 − 86.8) / 21 = 6 rows.
	if tp.rows.y != 86.8 || tp.visibleRows() != 6 {
		t.Fatalf("rows %+v, %d visible", tp.rows, tp.visibleRows())
	}
	for _, c := range []struct {
		x, y   float64
		top, n int
		want   int
	}{
		{50, 87, 0, 10, 0}, // the first row
		{50, 86.8 + 21*2.5, 0, 10, 2},
		{50, 86.8 + 21*2.5, 3, 10, 5},  // scrolled by 3
		{50, 86.8 + 21*2.5, 0, 2, -1},  // past the last of 2 members
		{50, 86.8 + 21*6.5, 0, 10, -1}, // below the rows that fit
		{5, 100, 0, 10, -1},            // left of the list
		{50, 80, 0, 10, -1},            // on the column heads
	} {
		if got := tp.rowAt(c.x, c.y, c.top, c.n); got != c.want {
			t.Errorf("rowAt(%g, %g, top %d, n %d) = %d, want %d", c.x, c.y, c.top, c.n, got, c.want)
		}
	}
	if two := layoutTable(rect{10, 20, 300, 200}, 1, true); two.rows.y != tp.rows.y+16 {
		t.Errorf("a two-line subtitle moves the rows to %g, want %g", two.rows.y, tp.rows.y+16)
	}
}

// The matrix's cells are whole pixels from the grid's corner: row = observer, column = subject.
func TestMatrixCellAt(t *testing.T) {
	m := layoutMatrix(rect{0, 0, 400, 460}, 1, 10, false, 2)
	if m.cell <= 0 || m.cell != float64(int(m.cell)) || !m.labels {
		t.Fatalf("cell %g, labels %v", m.cell, m.labels)
	}
	for _, c := range []struct {
		o, sub int
	}{{0, 0}, {3, 7}, {9, 9}} {
		x := m.grid.x + (float64(c.sub)+0.5)*m.cell
		y := m.grid.y + (float64(c.o)+0.5)*m.cell
		if o, sub, ok := m.cellAt(x, y); !ok || o != c.o || sub != c.sub {
			t.Errorf("cell (%d, %d) centre → (%d, %d, %v)", c.o, c.sub, o, sub, ok)
		}
	}
	if _, _, ok := m.cellAt(m.grid.right()+1, m.grid.y+1); ok {
		t.Error("a point right of the grid is a cell")
	}
	if tiny := layoutMatrix(rect{0, 0, 40, 60}, 1, 10, false, 1); tiny.cell != 0 {
		t.Errorf("a matrix with no room has cells of %g", tiny.cell)
	}
}

// Clicks on the left panel, with the layout made by relayout (no drawing): a row selects its
// member, a matrix cell its observer, and each close box closes its part.
func TestLeftPanelClicks(t *testing.T) {
	g := newTestGame(t, 8, 1280, 800)
	g.Select(2)
	g.ShowMatrix(true)
	L := &g.left
	if L.table.r.w <= 0 || L.mat.r.w <= 0 || L.mat.cell <= 0 {
		t.Fatalf("layout: table %+v matrix %+v", L.table.r, L.mat.r)
	}
	if len(g.table) < 4 {
		t.Fatalf("node 2 knows %d members", len(g.table))
	}
	want := int(g.table[3].Member)
	click(g, L.table.rows.x+40, L.table.rows.y+L.table.rowH*3.5, false)
	if g.selected != want {
		t.Fatalf("a click on the fourth row selects %d, want %d", g.selected, want)
	}
	click(g, L.mat.grid.x+L.mat.cell*1.5, L.mat.grid.y+L.mat.cell*5.5, false)
	if g.selected != 5 {
		t.Fatalf("a click on the matrix cell (5, 1) selects %d, want observer 5", g.selected)
	}
	click(g, L.mat.close.x+L.mat.close.w/2, L.mat.close.y+L.mat.close.h/2, false)
	if g.showMatrix || g.selected != 5 {
		t.Fatalf("the matrix close box: matrix %v, selected %d", g.showMatrix, g.selected)
	}
	click(g, L.table.close.x+L.table.close.w/2, L.table.close.y+L.table.close.h/2, false)
	if g.selected != -1 {
		t.Fatalf("the list's close box left node %d selected", g.selected)
	}
	g.Apply(core.Command{Op: core.OpCrash, Node: 1})
	if L.table.r.w != 0 || L.mat.r.w != 0 {
		t.Errorf("closed panels keep a layout: %+v %+v", L.table.r, L.mat.r)
	}
}
