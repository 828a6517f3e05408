package experiment

import (
	"fmt"
	"math"
)

// Fit is a least-squares line y = A + B·x, with its coefficient of determination R².
type Fit struct {
	A, B   float64
	R2     float64 // 1 − SS_res/SS_tot; 1 when every y is equal and the line passes through them
	Points int
}

// At evaluates the line at x.
func (f Fit) At(x float64) float64 { return f.A + f.B*x }

// LinearFit fits y = A + B·x by ordinary least squares. Pairs with a NaN are skipped; it needs
// at least two distinct x.
func LinearFit(x, y []float64) (Fit, error) {
	if len(x) != len(y) {
		return Fit{}, fmt.Errorf("fit: %d x values but %d y values", len(x), len(y))
	}
	var n, sx, sy float64
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		n++
		sx += x[i]
		sy += y[i]
	}
	if n < 2 {
		return Fit{}, fmt.Errorf("fit: need at least 2 points, got %g", n)
	}
	mx, my := sx/n, sy/n
	var sxx, sxy, syy float64
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 {
		return Fit{}, fmt.Errorf("fit: all x values are equal")
	}
	f := Fit{B: sxy / sxx, Points: int(n)}
	f.A = my - f.B*mx
	var ssRes float64
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		e := y[i] - f.At(x[i])
		ssRes += e * e
	}
	switch {
	case syy > 0:
		f.R2 = 1 - ssRes/syy
	case ssRes == 0:
		f.R2 = 1
	default:
		f.R2 = math.NaN()
	}
	return f, nil
}

// Log2Fit fits y = A + B·log2(n), the shape of gossip dissemination time against cluster size.
// Every n must be positive.
func Log2Fit(n, y []float64) (Fit, error) {
	x := make([]float64, len(n))
	for i, v := range n {
		if !(v > 0) {
			return Fit{}, fmt.Errorf("fit: log2 needs positive n, got %g", v)
		}
		x[i] = math.Log2(v)
	}
	return LinearFit(x, y)
}
