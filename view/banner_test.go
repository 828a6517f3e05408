package view

import (
	"strings"
	"testing"
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
			if i < g.bannerWrap.title {
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
		if strings.Join(lines, " ") != g.toast {
			t.Errorf("width %d: the toast's lines %q lost words", w, lines)
		}
	}
}
