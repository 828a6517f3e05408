package view

import (
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text" //nolint:staticcheck // see face
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Text: sized faces of the Go fonts, measuring and drawing with alignments.

// face is a sized font: an x/image face drawn by Ebiten's text package (v1). Ebiten's text/v2
// would do the same for the lab's labels (Latin words and digits need no shaping), but importing
// it links the go-text typesetting engine and, through it, TIFF, JPEG and PNG decoders whatever
// face type is used: 252 KB of the gzipped wasm (4.01 → 3.76 MB). The v1 package is deprecated
// but kept in Ebiten v2 for compatibility; draw and measure go through this file only.
type face struct {
	x            font.Face
	Size         float64 // in pixels
	ascent, desc float64 // above and below the baseline, in pixels
	lineSpacing  float64 // between the baselines of a multi-line text: 1.35 × Size
}

func newFace(src *opentype.Font, size float64) *face {
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil { // only for an invalid size, which ensureFaces never passes
		panic(err)
	}
	m := f.Metrics()
	return &face{x: f, Size: size, ascent: fixedPx(m.Ascent), desc: fixedPx(m.Descent), lineSpacing: 1.35 * size}
}

func fixedPx(v fixed.Int26_6) float64 { return float64(v) / 64 }

// textAlign places a text on one axis relative to the point given: at its start, centred, or
// at its end (the Start/Center/End of Ebiten's text/v2).
type textAlign int

const (
	aStart textAlign = iota
	aCenter
	aEnd
)

// measure is the width of s in pixels: of its longest line when it has several.
func (d *drawState) measure(s string, f *face) float64 {
	w, _ := measureBlock(s, f)
	return w
}

// measureBlock is the width (longest line) and height of s drawn with f: the lines' baselines
// lineSpacing apart, plus the ascent of the first and the descent of the last.
func measureBlock(s string, f *face) (w, h float64) {
	n := 0
	for line := range strings.Lines(s) {
		w = math.Max(w, fixedPx(font.MeasureString(f.x, strings.TrimSuffix(line, "\n"))))
		n++
	}
	return w, float64(max(n, 1)-1)*f.lineSpacing + f.ascent + f.desc
}

// text draws s at (x, y) with the given alignments: ha for each line across, va for the block of
// lines up and down (as Ebiten's text/v2 lays them out).
func (g *Game) text(dst *ebiten.Image, s string, f *face, x, y float64, c rgba, ha, va textAlign) {
	g.gfx.text(dst, s, f, x, y, c, ha, va)
}

// text is Game.text for the parts that draw themselves.
func (d *drawState) text(dst *ebiten.Image, s string, f *face, x, y float64, c rgba, ha, va textAlign) {
	if s == "" {
		return
	}
	n := strings.Count(s, "\n") + 1
	if strings.HasSuffix(s, "\n") {
		n--
	}
	blockH := float64(n-1)*f.lineSpacing + f.ascent + f.desc
	base := math.Round(y) + f.ascent // the first line's baseline
	switch va {
	case aCenter:
		base -= blockH / 2
	case aEnd:
		base -= blockH
	}
	op := &d.top
	for line := range strings.Lines(s) {
		line = strings.TrimSuffix(line, "\n")
		lx := math.Round(x)
		switch ha {
		case aCenter:
			lx -= fixedPx(font.MeasureString(f.x, line)) / 2
		case aEnd:
			lx -= fixedPx(font.MeasureString(f.x, line))
		}
		op.GeoM.Reset()
		op.GeoM.Translate(lx, base)
		op.ColorScale.Reset()
		op.ColorScale.Scale(c.r*c.a, c.g*c.a, c.b*c.a, c.a)
		text.DrawWithOptions(dst, line, f.x, op)
		base += f.lineSpacing
	}
}
