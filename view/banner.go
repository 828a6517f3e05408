package view

import "github.com/hajimehoshi/ebiten/v2"

// The banner: what could not be used of what the page or the flags asked for (a bad URL
// parameter, a share link or lesson file that cannot be opened), over the top of the canvas
// until its × closes it. The app runs with defaults meanwhile.

// bannerState is the banner: its messages, whether the reader closed it, and its layout.
type bannerState struct {
	errs  []string
	off   bool
	r     rect // the banner as laid out; zero when not shown
	close rect
	wrap  struct { // the lines as last wrapped (bannerLines)
		w        float64
		n, title int
		lines    []string
	}
}

// shown reports whether the banner is up: it has messages and was not closed.
func (b *bannerState) shown() bool { return len(b.errs) > 0 && !b.off }

// layoutBanner places the banner at the top of the canvas, with its close box (after the
// screen's layout), or nowhere when it is closed or has nothing to say.
func (g *Game) layoutBanner() {
	bn := &g.banner
	bn.r, bn.close = rect{}, rect{}
	if !bn.shown() {
		return
	}
	s := g.s
	c := g.L.canvas
	bn.r = rect{c.x + 10*s, c.y + 8*s, c.w - 20*s, g.bannerHeight()}
	bn.close = rect{bn.r.right() - 30*s, bn.r.y + 4*s, 26 * s, 26 * s}
}

// bannerRect and bannerClose are the banner and its close box as laid out (zero when not shown).
func (g *Game) bannerRect() rect  { return g.banner.r }
func (g *Game) bannerClose() rect { return g.banner.close }

func (g *Game) bannerHeight() float64 { return (10 + 20*float64(len(g.bannerLines()))) * g.s }

// bannerTitle heads the banner's messages.
const bannerTitle = "Not everything asked for could be used; the app runs with defaults instead:"

// bannerLines are the title and the messages wrapped to the banner's width, clear of its close
// box: share-link and lesson-file messages are long, and a line must not run past the canvas
// or under the ×. The first bannerWrap.title lines are the title's.
// They are cached for the width and the number of messages, so a frame with the banner up
// allocates nothing for them.
func (g *Game) bannerLines() []string {
	maxW := g.L.canvas.w - 72*g.s
	if maxW <= 0 {
		maxW = g.w - 72*g.s
	}
	bc := &g.banner.wrap
	if bc.w == maxW && bc.n == len(g.banner.errs) && bc.lines != nil {
		return bc.lines
	}
	lines := wrapText(bannerTitle, maxW, 3, func(t string) float64 { return g.gfx.measure(t, g.gfx.bold) })
	bc.title = len(lines)
	for _, e := range g.banner.errs {
		for i, l := range wrapText("• "+e, maxW, 20, func(t string) float64 { return g.gfx.measure(t, g.gfx.small) }) {
			if i > 0 {
				l = "   " + l
			}
			lines = append(lines, l)
		}
	}
	bc.w, bc.n, bc.lines = maxW, len(g.banner.errs), lines
	return lines
}

// draw draws the banner as laid out, at scale s.
func (bn *bannerState) draw(d *drawState, s float64, dst *ebiten.Image) {
	r := bn.r
	if r.w <= 0 {
		return
	}
	b := d.b
	b.roundRect(r, 6*s, hex(0xFFF1E6))
	b.frame(r, 2*s, colError)
	c := bn.close
	b.cross(c.x+c.w/2, c.y+c.h/2, 5*s, 2*s, colInk)
	b.flush(dst)
	for i, l := range bn.wrap.lines {
		f, c := d.small, colInk
		if i < bn.wrap.title {
			f, c = d.bold, colError
		}
		d.text(dst, l, f, r.x+12*s, r.y+(15+20*float64(i))*s, c, aStart, aCenter)
	}
}
