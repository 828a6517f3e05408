package view

import (
	"strings"
	"testing"

	"gossiplab/core"
)

func TestBannerWrapKeepsLinesNarrowAndWordsWhole(t *testing.T) {
	width := func(s string) float64 { return float64(len(s)) }
	msg := "share link: it is truncated or corrupted (unexpected EOF) — showing the default scenario instead"
	lines := wrapText(msg, 30, 20, width)
	if strings.Join(lines, " ") != msg {
		t.Fatalf("wrapping lost or changed words: %q", lines)
	}
	for _, l := range lines {
		if len(l) > 30 && !strings.Contains(msg, " "+l+" ") {
			t.Errorf("line %q is wider than 30", l)
		}
	}
	if len(lines) < 3 {
		t.Errorf("a %d-character message in 30 columns gave %d lines", len(msg), len(lines))
	}
}

func TestAnErrorShownLaterMakesRoomForTheBanner(t *testing.T) {
	g := newTestGame(t, 16, 800, 600)
	top := g.L.cluster.y
	g.ShowError("share link: it was made by a Gossip Lab with link format 9; this one reads format 1 — showing the default scenario instead")
	if st := g.State(); len(st.Errors) != 1 {
		t.Fatalf("errors published: %q", st.Errors)
	}
	if g.L.cluster.y <= top {
		t.Fatalf("the cluster area starts at y=%g before and %g after the banner: it would cover the nodes", top, g.L.cluster.y)
	}
	if r := g.bannerRect(); r.y+r.h > g.L.cluster.y+1 {
		t.Errorf("banner bottom %g below the cluster top %g", r.y+r.h, g.L.cluster.y)
	}
}

// No banner text runs under its close box, at any window width; the toast wraps inside the
// cluster rather than being cut at both ends.
func TestBannerAndToastTextStayInTheirBoxes(t *testing.T) {
	for _, w := range []int{390, 800, 1280} {
		g := newTestGame(t, 16, w, 800)
		g.ShowError("share link: it was made by a Gossip Lab with link format 9; this one reads format 1 — showing the default scenario instead")
		r, x := g.bannerRect(), g.bannerClose()
		for i, l := range g.bannerLines() {
			f := g.gfx.small
			if i < g.banner.wrap.title {
				f = g.gfx.bold
			}
			if right := r.x + 12*g.s + g.gfx.measure(l, f); right > x.x {
				t.Errorf("width %d: banner line %q ends at %.0f, under the close box at %.0f", w, l, right, x.x)
			}
		}
		g.flash("Select a node first (right-click or Shift+click it, or hold it on a touch screen), then press L or the Leave button")
		tr, lines := g.toastLayout()
		c := g.L.cluster
		if tr.x < c.x || tr.right() > c.right() || len(lines) == 0 {
			t.Errorf("width %d: toast %+v outside the cluster %+v (%d lines)", w, tr, c, len(lines))
		}
		if strings.Join(lines, " ") != g.toast.msg {
			t.Errorf("width %d: the toast's lines %q lost words", w, lines)
		}
	}
}

// The membership list keeps its countdown bars even when the canvas is narrow (1280×800 with
// the lesson panel open leaves the canvas 870 px): the table goes compact rather than drop them.
func TestMembershipTableKeepsItsBarsWhenNarrow(t *testing.T) {
	for _, w := range []int{870, 1000, 1280} {
		g := newTestGame(t, 16, w, 716)
		g.Select(4)
		g.sync()
		inner := g.L.left.w - 20*g.s
		cols, compact := g.tableLayout(inner)
		if bar := inner - cols[5] - 4*g.s; bar < 60*g.s {
			t.Errorf("canvas %d px: the bars get %.0f px (compact %v), want ≥ 60", w, bar, compact)
		}
		if w == 1280 && compact {
			t.Errorf("canvas 1280 px: the table went compact with room for the full one")
		}
	}
}

// The suspicions chart's key fits its chart at N = 1000, where the counts run to thousands.
func TestChartKeyFitsWithBigCounts(t *testing.T) {
	g := newTestGame(t, 1000, 1280, 800)
	w := g.gfx.side.charts[1].w
	for _, m := range []core.Sample{{Suspected: 3, Removed: 0, FalsePositives: 1}, {Suspected: 249750, Removed: 124875, FalsePositives: 1000}} {
		texts := g.suspicionKey(&m, w)
		if kw := g.keyWidth(texts); kw > w {
			t.Errorf("counts %d/%d/%d: key %q is %.0f px in a chart %.0f px wide", m.Suspected, m.Removed, m.FalsePositives, texts, kw, w)
		}
		if m.Suspected == 3 && texts[2] != "false pos. 1" {
			t.Errorf("small counts: key %q, want the full words", texts)
		}
	}
}

// A control's tooltip covers no control: not the one it describes, not its neighbours (the
// Loss tip used to hide the Latency slider, the Pitfalls tip its toggles).
func TestTooltipsCoverNoControl(t *testing.T) {
	for _, size := range [][2]int{{1280, 800}, {870, 716}} {
		g := newTestGame(t, 16, size[0], size[1])
		g.pitOpen = true
		g.relayout()
		g.relayout() // after the pitfall toggles were laid out
		for i := range g.widgets {
			w := g.widgets[i]
			frame(g, inputFrame{x: w.r.x + w.r.w/2, y: w.r.y + w.r.h/2})
			tip := g.tooltip()
			if tip == "" {
				t.Errorf("%v: %s has no tooltip", size, controlNames[w.id])
				continue
			}
			tw, th := measureBlock(tip, g.gfx.small)
			r := g.tipRect(tw+20*g.s, th+14*g.s)
			for j := range g.widgets {
				if o := g.widgets[j].r; r.x < o.right() && o.x < r.right() && r.y < o.bottom() && o.y < r.bottom() {
					t.Errorf("%v: the tooltip of %s (%+v) covers %s (%+v)", size, controlNames[w.id], r, controlNames[g.widgets[j].id], o)
				}
			}
		}
	}
}

// A table row says "(itself)" for the list's own node only: opening another node's list moves
// the mark (it used to stay on the row of the node selected first).
func TestTableRowMarksItsOwnNodeOnly(t *testing.T) {
	var rc rowCache
	e := core.Entry{Member: 3, Heartbeat: 7}
	rc.refresh(&e, 5, true, false)
	if rc.id != "3 (itself)" {
		t.Fatalf("node 3's own row: %q", rc.id)
	}
	rc.refresh(&e, 5, false, false) // node 11's list now: row of member 3 is not its own
	if rc.id != "3" {
		t.Errorf("member 3 in another node's list: %q", rc.id)
	}
	rc.refresh(&e, 5, true, true)
	if rc.id != "3 (self)" {
		t.Errorf("compact own row: %q", rc.id)
	}
}
