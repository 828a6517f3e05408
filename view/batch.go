package view

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// rgba is a straight-alpha colour for vertices.
type rgba struct{ r, g, b, a float32 }

func hex(v uint32) rgba {
	return rgba{float32(v>>16&0xff) / 255, float32(v>>8&0xff) / 255, float32(v&0xff) / 255, 1}
}

func (c rgba) alpha(a float64) rgba { c.a *= float32(a); return c }

func (c rgba) rgba8() color.RGBA {
	return color.RGBA{uint8(c.r*c.a*255 + 0.5), uint8(c.g*c.a*255 + 0.5), uint8(c.b*c.a*255 + 0.5), uint8(c.a*255 + 0.5)}
}

// batch collects coloured triangles and draws them in one call. Shapes get a one-pixel feathered
// edge (alpha falling to 0), which anti-aliases them at the cost of a few extra triangles, so
// every circle, arc and line of a frame goes out in one or a few draw calls.
type batch struct {
	white *ebiten.Image
	v     []ebiten.Vertex
	idx   []uint32
	op    ebiten.DrawTrianglesOptions
}

func newBatch() *batch {
	img := ebiten.NewImage(3, 3)
	img.Fill(color.White)
	b := &batch{white: img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)}
	b.v = make([]ebiten.Vertex, 0, 1<<14)
	b.idx = make([]uint32, 0, 1<<15)
	return b
}

func (b *batch) vert(x, y float64, c rgba) uint32 {
	b.v = append(b.v, ebiten.Vertex{DstX: float32(x), DstY: float32(y), SrcX: 1.5, SrcY: 1.5,
		ColorR: c.r, ColorG: c.g, ColorB: c.b, ColorA: c.a})
	return uint32(len(b.v) - 1)
}

func (b *batch) tri(i, j, k uint32) { b.idx = append(b.idx, i, j, k) }

func (b *batch) quadIdx(i, j, k, l uint32) { b.idx = append(b.idx, i, j, k, i, k, l) }

// flush draws what has been collected onto dst and empties the batch.
func (b *batch) flush(dst *ebiten.Image) {
	if len(b.idx) > 0 {
		dst.DrawTriangles32(b.v, b.idx, b.white, &b.op)
	}
	b.v = b.v[:0]
	b.idx = b.idx[:0]
}

// rect fills an axis-aligned rectangle (no feathering: its edges sit on pixels anyway).
func (b *batch) rect(r rect, c rgba) {
	if r.w <= 0 || r.h <= 0 || c.a <= 0 {
		return
	}
	i := b.vert(r.x, r.y, c)
	b.vert(r.x+r.w, r.y, c)
	b.vert(r.x+r.w, r.y+r.h, c)
	b.vert(r.x, r.y+r.h, c)
	b.quadIdx(i, i+1, i+2, i+3)
}

// frame strokes a rectangle's outline inside r.
func (b *batch) frame(r rect, w float64, c rgba) {
	b.rect(rect{r.x, r.y, r.w, w}, c)
	b.rect(rect{r.x, r.bottom() - w, r.w, w}, c)
	b.rect(rect{r.x, r.y + w, w, r.h - 2*w}, c)
	b.rect(rect{r.right() - w, r.y + w, w, r.h - 2*w}, c)
}

// roundRect fills a rectangle with rounded corners of radius rad.
func (b *batch) roundRect(r rect, rad float64, c rgba) {
	rad = math.Min(rad, math.Min(r.w, r.h)/2)
	if rad < 1 {
		b.rect(r, c)
		return
	}
	b.rect(rect{r.x + rad, r.y, r.w - 2*rad, r.h}, c)
	b.rect(rect{r.x, r.y + rad, rad, r.h - 2*rad}, c)
	b.rect(rect{r.right() - rad, r.y + rad, rad, r.h - 2*rad}, c)
	b.sector(r.x+rad, r.y+rad, 0, rad, math.Pi, 1.5*math.Pi, c)
	b.sector(r.right()-rad, r.y+rad, 0, rad, 1.5*math.Pi, 2*math.Pi, c)
	b.sector(r.right()-rad, r.bottom()-rad, 0, rad, 0, 0.5*math.Pi, c)
	b.sector(r.x+rad, r.bottom()-rad, 0, rad, 0.5*math.Pi, math.Pi, c)
}

func segmentsFor(r float64) int { return max(8, min(64, int(r*0.8)+8)) }

// circle fills a disc with a feathered rim.
func (b *batch) circle(cx, cy, r float64, c rgba) {
	if r <= 0 || c.a <= 0 {
		return
	}
	n := segmentsFor(r)
	fade := c.alpha(0)
	center := b.vert(cx, cy, c)
	first := uint32(len(b.v))
	ri, ro := math.Max(0, r-0.5), r+0.5
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * float64(k) / float64(n)
		cs, sn := math.Cos(a), math.Sin(a)
		b.vert(cx+ri*cs, cy+ri*sn, c)
		b.vert(cx+ro*cs, cy+ro*sn, fade)
	}
	for k := 0; k < n; k++ {
		i := first + uint32(2*k)
		j := first + uint32(2*((k+1)%n))
		b.tri(center, i, j)
		b.quadIdx(i, i+1, j+1, j)
	}
}

// sector fills the part of the annulus r0..r1 between angles a0 and a1 (radians, clockwise on
// screen from the +x axis), feathering the inner and outer rims.
func (b *batch) sector(cx, cy, r0, r1, a0, a1 float64, c rgba) {
	if r1 <= r0 || a1 <= a0 || c.a <= 0 {
		return
	}
	n := max(1, int(math.Ceil(float64(segmentsFor(r1))*(a1-a0)/(2*math.Pi))))
	fade := c.alpha(0)
	first := uint32(len(b.v))
	rad := [4]float64{math.Max(0, r0-0.5), r0 + 0.5, r1 - 0.5, r1 + 0.5}
	if r0 <= 0.5 {
		rad[0], rad[1] = 0, 0
	}
	cols := [4]rgba{fade, c, c, fade}
	if r0 <= 0.5 {
		cols[0] = c
	}
	for k := 0; k <= n; k++ {
		a := a0 + (a1-a0)*float64(k)/float64(n)
		cs, sn := math.Cos(a), math.Sin(a)
		for m := 0; m < 4; m++ {
			b.vert(cx+rad[m]*cs, cy+rad[m]*sn, cols[m])
		}
	}
	for k := 0; k < n; k++ {
		i := first + uint32(4*k)
		j := i + 4
		for m := uint32(0); m < 3; m++ {
			b.quadIdx(i+m, i+m+1, j+m+1, j+m)
		}
	}
}

// ringOutline strokes a circle of radius r with width w.
func (b *batch) ringOutline(cx, cy, r, w float64, c rgba) {
	b.sector(cx, cy, r-w/2, r+w/2, 0, 2*math.Pi, c)
}

// line strokes a segment of width w whose colour goes from c0 to c1, with feathered sides.
func (b *batch) line(x0, y0, x1, y1, w float64, c0, c1 rgba) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l < 1e-6 || (c0.a <= 0 && c1.a <= 0) {
		return
	}
	nx, ny := -dy/l, dx/l
	h := w / 2
	offs := [4]float64{-h - 0.5, -h + 0.5, h - 0.5, h + 0.5}
	if w < 1 {
		offs = [4]float64{-1, 0, 0, 1}
		c0, c1 = c0.alpha(w), c1.alpha(w)
	}
	first := uint32(len(b.v))
	for e, p := range [2][2]float64{{x0, y0}, {x1, y1}} {
		c := c0
		if e == 1 {
			c = c1
		}
		for m, o := range offs {
			cc := c
			if m == 0 || m == 3 {
				cc = c.alpha(0)
			}
			b.vert(p[0]+nx*o, p[1]+ny*o, cc)
		}
	}
	for m := uint32(0); m < 3; m++ {
		b.quadIdx(first+m, first+m+1, first+4+m+1, first+4+m)
	}
}

// dashed strokes a dashed segment.
func (b *batch) dashed(x0, y0, x1, y1, w, dash, gap float64, c rgba) {
	l := math.Hypot(x1-x0, y1-y0)
	if l < 1e-6 {
		return
	}
	ux, uy := (x1-x0)/l, (y1-y0)/l
	for t := 0.0; t < l; t += dash + gap {
		e := math.Min(l, t+dash)
		b.line(x0+ux*t, y0+uy*t, x0+ux*e, y0+uy*e, w, c, c)
	}
}

// cross draws an × of half-size r.
func (b *batch) cross(cx, cy, r, w float64, c rgba) {
	b.line(cx-r, cy-r, cx+r, cy+r, w, c, c)
	b.line(cx-r, cy+r, cx+r, cy-r, w, c, c)
}

// convex fills a convex polygon (corners in either winding) with a feathered edge.
func (b *batch) convex(pts []point, c rgba) {
	n := len(pts)
	if n < 3 || c.a <= 0 {
		return
	}
	var cx, cy float64
	for _, p := range pts {
		cx += p.x
		cy += p.y
	}
	cx, cy = cx/float64(n), cy/float64(n)
	// outward unit normal of the edge p→q
	normal := func(p, q point) (float64, float64) {
		dx, dy := q.x-p.x, q.y-p.y
		l := math.Hypot(dx, dy)
		if l < 1e-9 {
			return 0, 0
		}
		nx, ny := dy/l, -dx/l
		if nx*((p.x+q.x)/2-cx)+ny*((p.y+q.y)/2-cy) < 0 {
			nx, ny = -nx, -ny
		}
		return nx, ny
	}
	fade := c.alpha(0)
	center := b.vert(cx, cy, c)
	first := uint32(len(b.v))
	for k, p := range pts {
		ax, ay := normal(pts[(k+n-1)%n], p)
		bx, by := normal(p, pts[(k+1)%n])
		mx, my := ax+bx, ay+by
		l := math.Hypot(mx, my)
		if l < 1e-9 {
			mx, my, l = ax, ay, 1
		}
		mx, my = mx/l, my/l
		d := 0.5 / math.Max(0.3, mx*ax+my*ay) // the miter: half a pixel off each edge
		b.vert(p.x-mx*d, p.y-my*d, c)
		b.vert(p.x+mx*d, p.y+my*d, fade)
	}
	for k := 0; k < n; k++ {
		i := first + uint32(2*k)
		j := first + uint32(2*((k+1)%n))
		b.tri(center, i, j)
		b.quadIdx(i, i+1, j+1, j)
	}
}
