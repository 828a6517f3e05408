package view

import (
	"math"

	"gossiplab/core"
)

// This file is the pure geometry of the screen: where the regions and the nodes go, which node a
// point hits, which side of a line a node is on. It imports nothing from Ebiten, so its tests run
// anywhere.

type point struct{ x, y float64 }

type rect struct{ x, y, w, h float64 }

func (r rect) contains(x, y float64) bool {
	return x >= r.x && y >= r.y && x < r.x+r.w && y < r.y+r.h
}

func (r rect) inset(d float64) rect {
	return rect{r.x + d, r.y + d, max(0, r.w-2*d), max(0, r.h-2*d)}
}

func (r rect) right() float64  { return r.x + r.w }
func (r rect) bottom() float64 { return r.y + r.h }

// disc is where the cluster is drawn.
// disc is where the cluster is drawn: a circle of radius r, or in lecture mode an oval with
// horizontal radius rx (0 for a circle) and vertical radius r; the nodes of the oval sit on the
// oval inset by in (their size and labels fit between).
type disc struct{ cx, cy, r, rx, in float64 }

// screenLayout splits the window into regions. Every size is in layout pixels (CSS pixels in the
// browser), already multiplied by the UI scale.
type screenLayout struct {
	w, h    float64
	s       float64 // UI scale
	toolbar rect
	side    rect // parameters, charts, event log
	canvas  rect // everything left of the side panel and below the toolbar
	left    rect // the selected node's table and/or the matrix; zero width when neither is shown
	cluster rect // the part of the canvas for the nodes
	legend  rect // two lines at the bottom of the canvas
	disc    disc
}

// layoutScreenSide computes the regions for a w×h window at UI scale s. toolbarH is the height
// the toolbar needs at that width; leftW the width the table or matrix panel would like (0 when
// neither is shown); legendH the legend's height for a canvas of a given width; bannerH is kept
// free at the top of the canvas for the parameter errors. side false leaves the side panel out
// (the embed layout): the cluster takes the whole body. On a narrow screen the side panel goes
// under the cluster and gets at least sideMin (its sliders and the first charts), up to 62 % of
// the body.
func layoutScreenSide(w, h, s, toolbarH, leftW, bannerH float64, legendH func(canvasW float64) float64, side bool, sideMin float64) screenLayout {
	L := screenLayout{w: w, h: h, s: s}
	L.toolbar = rect{0, 0, w, toolbarH}
	body := rect{0, toolbarH, w, max(0, h-toolbarH)}
	if !side {
		L.canvas = body
		L.side = rect{w, body.y, 0, 0}
	} else if w >= 760*s {
		sw := math.Min(370*s, 0.36*w)
		L.side = rect{w - sw, body.y, sw, body.h}
		L.canvas = rect{0, body.y, w - sw, body.h}
	} else { // narrow (a phone, a small embed): the panel goes under the cluster
		sh := math.Min(math.Max(math.Min(0.45*body.h, 420*s), sideMin), 0.62*body.h)
		L.canvas = rect{0, body.y, w, body.h - sh}
		L.side = rect{0, body.y + body.h - sh, w, sh}
	}
	lh := 0.0
	if legendH != nil && L.canvas.h >= 260*s {
		lh = math.Min(legendH(L.canvas.w), L.canvas.h/4)
	}
	L.legend = rect{L.canvas.x, L.canvas.bottom() - lh, L.canvas.w, lh}
	bannerH = math.Min(bannerH, L.canvas.h/3)
	area := rect{L.canvas.x, L.canvas.y + bannerH, L.canvas.w, L.canvas.h - lh - bannerH}
	if leftW > 0 {
		lw := math.Min(leftW, 0.62*area.w)
		L.left = rect{area.x, area.y, lw, area.h}
		area = rect{area.x + lw, area.y, area.w - lw, area.h}
	}
	L.cluster = area
	margin := 10 * s
	r := math.Max(8, math.Min(area.w, area.h)/2-margin)
	L.disc = disc{area.x + area.w/2, area.y + area.h/2, r, 0, 0}
	return L
}

// singleRingMax is the largest cluster drawn on one circle, with node ids written in the nodes.
const singleRingMax = 64

// layoutNodes places n nodes in d and returns their centres (reusing dst) and the common node
// radius. Up to singleRingMax nodes sit on one circle, node 0 at the top, ids clockwise; larger
// clusters fill concentric rings from the outside in, spaced evenly, leaving the middle free for
// the packets. maxR caps the node radius (the UI scale decides it); labelRoom is kept free
// outside a single ring for the node ids.
func layoutNodes(dst []point, n int, d disc, maxR, labelRoom float64) ([]point, float64) {
	dst = dst[:0]
	if n <= 0 {
		return dst, 0
	}
	if n <= singleRingMax {
		chord := 2 * d.r * math.Sin(math.Pi/float64(max(n, 2)))
		r := math.Min(math.Min(0.36*chord, 0.11*d.r), maxR)
		ringR := math.Max(d.r*0.5, d.r-r*1.15-labelRoom)
		if n == 1 {
			ringR = 0
		}
		for i := 0; i < n; i++ {
			a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
			dst = append(dst, point{d.cx + ringR*math.Cos(a), d.cy + ringR*math.Sin(a)})
		}
		return dst, r
	}
	// Find the widest spacing sp whose rings hold n nodes.
	inner := 0.22 * d.r
	capacity := func(sp float64) int {
		c := 0
		for rr := d.r - sp/2; rr >= math.Max(inner, sp); rr -= sp {
			c += int(2 * math.Pi * rr / sp)
		}
		return c
	}
	lo, hi := 0.5, d.r
	for range 50 {
		mid := (lo + hi) / 2
		if capacity(mid) >= n {
			lo = mid
		} else {
			hi = mid
		}
	}
	sp := lo
	var radii, room []float64
	total := 0.0
	for rr := d.r - sp/2; rr >= math.Max(inner, sp); rr -= sp {
		c := math.Floor(2 * math.Pi * rr / sp)
		radii = append(radii, rr)
		room = append(room, c)
		total += c
	}
	// Share the nodes among the rings in proportion to their room, so that every ring is evenly
	// spaced; the rounding leftovers go one each to the outer rings.
	ks := make([]int, len(radii))
	placed := 0
	for i, c := range room {
		ks[i] = int(math.Floor(float64(n) * c / total))
		placed += ks[i]
	}
	for i := 0; placed < n; i = (i + 1) % len(ks) {
		if float64(ks[i]) < room[i] {
			ks[i]++
			placed++
		}
	}
	for i, rr := range radii {
		k := ks[i]
		off := 0.0
		if i%2 == 1 && k > 0 {
			off = math.Pi / float64(k)
		}
		for j := 0; j < k; j++ {
			a := -math.Pi/2 + off + 2*math.Pi*float64(j)/float64(k)
			dst = append(dst, point{d.cx + rr*math.Cos(a), d.cy + rr*math.Sin(a)})
		}
	}
	return dst, math.Min(0.42*sp, maxR)
}

// hitNode returns the node whose disc (grown by slop) contains (x, y), the nearest if several,
// or -1.
func hitNode(pts []point, r, slop, x, y float64) int {
	best, bestD := -1, (r+slop)*(r+slop)
	for i, p := range pts {
		dx, dy := p.x-x, p.y-y
		if d := dx*dx + dy*dy; d <= bestD {
			best, bestD = i, d
		}
	}
	return best
}

// sideOf is the sign of p relative to the directed line a→b: +1 left, -1 right, 0 on it.
func sideOf(a, b, p point) int {
	c := (b.x-a.x)*(p.y-a.y) - (b.y-a.y)*(p.x-a.x)
	switch {
	case c > 0:
		return 1
	case c < 0:
		return -1
	}
	return 0
}

// splitByLine puts every node on one side of the infinite line through a and b into one group
// and the rest (the other side and any on the line) into another. It returns nil when one side
// is empty: such a line partitions nothing.
func splitByLine(pts []point, a, b point) [][]core.NodeID {
	var g1, g2 []core.NodeID
	for i, p := range pts {
		if sideOf(a, b, p) > 0 {
			g1 = append(g1, core.NodeID(i))
		} else {
			g2 = append(g2, core.NodeID(i))
		}
	}
	if len(g1) == 0 || len(g2) == 0 {
		return nil
	}
	return [][]core.NodeID{g1, g2}
}

// segmentsCross returns where segment p1-p2 crosses the infinite line through a and b, as a
// fraction along p1-p2, or false.
func segmentsCross(p1, p2, a, b point) (float64, bool) {
	dx, dy := p2.x-p1.x, p2.y-p1.y
	ex, ey := b.x-a.x, b.y-a.y
	den := dx*ey - dy*ex
	if math.Abs(den) < 1e-9 {
		return 0, false
	}
	t := ((a.x-p1.x)*ey - (a.y-p1.y)*ex) / den
	if t < 0 || t > 1 {
		return 0, false
	}
	return t, true
}

// logScale maps t in [0,1] to [lo,hi] logarithmically, and back.
func logScale(t, lo, hi float64) float64 { return lo * math.Pow(hi/lo, t) }
func logUnscale(v, lo, hi float64) float64 {
	if v <= lo {
		return 0
	}
	return math.Min(1, math.Log(v/lo)/math.Log(hi/lo))
}
