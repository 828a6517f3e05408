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
