package experiment

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }

func TestLinearFitExact(t *testing.T) {
	x := []float64{-2, 0, 1, 5, 8}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = 3 + 2*v
	}
	f, err := LinearFit(x, y)
	if err != nil || !near(f.A, 3) || !near(f.B, 2) || !near(f.R2, 1) || f.Points != 5 {
		t.Errorf("fit of y = 3 + 2x: %+v, %v", f, err)
	}
	// By hand: mean x 2.5, mean y 3.75, Sxx 5, Sxy 3.5, Syy 4.75, so b = 0.7, a = 2,
	// SSres = 4.75 − 0.7·3.5 = 2.3 and R² = 1 − 2.3/4.75.
	f, err = LinearFit([]float64{1, 2, 3, 4, math.NaN()}, []float64{2, 4, 5, 4, 100})
	if err != nil || !near(f.A, 2) || !near(f.B, 0.7) || !near(f.R2, 1-2.3/4.75) || f.Points != 4 {
		t.Errorf("fit of (1,2) (2,4) (3,5) (4,4): %+v, %v; want a 2, b 0.7, R² %g", f, err, 1-2.3/4.75)
	}
	if f, err := LinearFit([]float64{1, 2}, []float64{7, 7}); err != nil || f.B != 0 || f.A != 7 || f.R2 != 1 {
		t.Errorf("flat fit: %+v, %v", f, err)
	}
	for _, bad := range [][2][]float64{{{1}, {1}}, {{2, 2}, {1, 3}}, {{1, 2}, {1}}} {
		if _, err := LinearFit(bad[0], bad[1]); err == nil {
			t.Errorf("LinearFit(%v, %v) gave no error", bad[0], bad[1])
		}
	}
}

func TestLog2FitExact(t *testing.T) {
	ns := []float64{16, 32, 64, 128, 1024}
	ts := make([]float64, len(ns))
	for i, n := range ns {
		ts[i] = 1500 + 750*math.Log2(n)
	}
	f, err := Log2Fit(ns, ts)
	if err != nil || !near(f.A, 1500) || !near(f.B, 750) || !near(f.R2, 1) {
		t.Errorf("fit of T = 1500 + 750 log2 N: %+v, %v", f, err)
	}
	if !near(f.At(math.Log2(256)), 1500+750*8) {
		t.Errorf("At(log2 256) = %g", f.At(8))
	}
	if _, err := Log2Fit([]float64{0, 2}, []float64{1, 2}); err == nil {
		t.Error("Log2Fit accepted n = 0")
	}
}
