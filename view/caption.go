package view

import (
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
)

// The caption: a scenario's title, big, and its one-line caption under it, in a band at the
// top of the canvas. The cluster area shrinks by the band's height, so the caption never
// covers a node. It shows in every mode whenever g.run.Caption().Title is set (lecture scenes, the
// browser's embed mode).
//
// The lines are fitted (wrapped, cut with an ellipsis) when the layout changes, not in Draw,
// so a steady frame allocates nothing for them.

// Caption type sizes, in UI-scaled pixels: at the lecture scale of 1.5 the title is 39 px and the
// caption 25 px on a 1280×720 window, more on a bigger one (the scale grows with the window).
const (
	captionTitleSize = 26
	captionTextSize  = 17
	captionMaxLines  = 2 // the caption wraps onto a second line rather than shrinking
)

// captionState is the caption as laid out.
type captionState struct {
	laid   Caption // the caption the layout was made for
	title  string  // the title, cut to the width
	lines  [captionMaxLines]string
	nLines int
	h      float64 // the band's height; 0 without a caption
	r      rect    // the band, in screen pixels
	tf, xf *face   // the title's and the text's faces

	faces map[faceKey]*face // sized faces beyond drawState's set (caption, lecture menu, help)
}

type faceKey struct {
	bold bool
	size float64 // rounded to a quarter pixel
}

// sizedFace returns the regular or bold face of the given size, from a cache.
func (g *Game) sizedFace(bold bool, size float64) *face {
	k := faceKey{bold, math.Max(4, math.Round(size*4)/4)}
	if f, ok := g.capt.faces[k]; ok {
		return f
	}
	if g.capt.faces == nil || len(g.capt.faces) > 64 { // window resizes: keep the cache small
		g.capt.faces = map[faceKey]*face{}
	}
	src := g.gfx.srcReg
	if bold {
		src = g.gfx.srcBold
	}
	f := newFace(src, k.size)
	g.capt.faces[k] = f
	return f
}

// layoutCaption fits the caption to a band of width w and returns the band's height (0 when
// there is no caption title).
func (g *Game) layoutCaption(w float64) float64 {
	c := &g.capt
	c.title, c.nLines, c.h, c.r = "", 0, 0, rect{}
	if g.run.Caption().Title == "" {
		return 0
	}
	s := g.s
	tf, xf := g.sizedFace(true, captionTitleSize*s), g.sizedFace(false, captionTextSize*s)
	g.capt.tf, g.capt.xf = tf, xf
	inner := w - 2*captionPad(s) - 6*s // the accent bar
	c.title = fitLine(g.run.Caption().Title, inner, func(t string) float64 { return g.gfx.measure(t, tf) })
	lines := wrapText(g.run.Caption().Text, inner, captionMaxLines, func(t string) float64 { return g.gfx.measure(t, xf) })
	c.nLines = copy(c.lines[:], lines)
	c.h = 2*captionPad(s) + tf.Size*1.2 + float64(c.nLines)*xf.Size*1.3
	return c.h
}

func captionPad(s float64) float64 { return 10 * s }

// drawCaption draws the caption band: an accent bar, the title, the caption under it.
func (g *Game) drawCaption(dst *ebiten.Image) {
	if g.run.Caption().Title != "" {
		g.capt.draw(&g.gfx, g.s, dst)
	}
}

// draw draws the caption's band as laid out: an accent bar, the title, the lines.
func (c *captionState) draw(d *drawState, s float64, dst *ebiten.Image) {
	if c.h <= 0 || c.r.w <= 0 || c.tf == nil {
		return
	}
	b := d.b
	r := c.r
	pad := captionPad(s)
	tf, xf := c.tf, c.xf
	b.rect(rect{r.x + pad, r.y + pad, 6 * s, r.h - 2*pad}, colAccent)
	b.rect(rect{r.x, r.bottom() - math.Max(1, s), r.w, math.Max(1, s)}, colBorder)
	b.flush(dst)
	x := r.x + pad + 16*s
	y := r.y + pad
	d.text(dst, c.title, tf, x, y+tf.Size*0.6, colInk, aStart, aCenter)
	y += tf.Size * 1.2
	for i := 0; i < c.nLines; i++ {
		d.text(dst, c.lines[i], xf, x, y+xf.Size*0.65, colMuted, aStart, aCenter)
		y += xf.Size * 1.3
	}
}

// fitLine returns s, or s cut at a word (or a rune) with an ellipsis, so that it measures at
// most w.
func fitLine(s string, w float64, measure func(string) float64) string {
	if s == "" || measure(s) <= w {
		return s
	}
	r := []rune(s)
	for n := len(r) - 1; n > 0; n-- {
		t := strings.TrimRight(string(r[:n]), " ,;:·-") + "…"
		if measure(t) <= w {
			return t
		}
	}
	return "…"
}

// wrapText breaks s at spaces into at most max lines of width w; the last line that still
// overflows is cut with an ellipsis.
func wrapText(s string, w float64, max int, measure func(string) float64) []string {
	words := strings.Fields(s)
	var lines []string
	line := ""
	for i, wd := range words {
		try := wd
		if line != "" {
			try = line + " " + wd
		}
		if line == "" || measure(try) <= w {
			line = try
			continue
		}
		if len(lines) == max-1 { // no more room: the rest goes on this last line, cut
			line = strings.Join(append([]string{line}, words[i:]...), " ")
			break
		}
		lines = append(lines, line)
		line = wd
	}
	if line != "" {
		lines = append(lines, fitLine(line, w, measure))
	}
	return lines
}
