package rounds

import (
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	s := Summarize([]float64{4, 1, 3, 2})
	if s.Count != 4 || s.Mean != 2.5 || math.Abs(s.SD-math.Sqrt(5.0/3)) > 1e-12 || math.Abs(s.SE-math.Sqrt(5.0/3)/2) > 1e-12 {
		t.Errorf("Summarize(4,1,3,2) = %+v, want mean 2.5, sample sd sqrt(5/3)", s)
	}
	if s.Min != 1 || s.Max != 4 || s.Q50 != 2 || s.Q99 != 4 {
		t.Errorf("Summarize(4,1,3,2) = %+v, want min 1, max 4, nearest-rank median 2, q99 4", s)
	}
	if e := Summarize(nil); e.Count != 0 || !math.IsNaN(e.Mean) || !math.IsNaN(e.Q50) {
		t.Errorf("Summarize(nil) = %+v, want NaNs", e)
	}
	if one := Summarize([]float64{7}); one.Mean != 7 || !math.IsNaN(one.SD) || one.Q999 != 7 {
		t.Errorf("Summarize(7) = %+v, want mean 7, SD NaN", one)
	}
}

func TestQuantileNearestRank(t *testing.T) {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	for _, c := range []struct{ q, want float64 }{{0.5, 500}, {0.99, 990}, {0.999, 999}, {1, 1000}, {0, 1}, {0.0001, 1}} {
		if got := Quantile(xs, c.q); got != c.want {
			t.Errorf("Quantile(1..1000, %g) = %v, want %v (index ceil(q·T)-1)", c.q, got, c.want)
		}
	}
	if got := Quantile([]float64{1, 2, 3}, 0.5); got != 2 {
		t.Errorf("Quantile(1,2,3, 0.5) = %v, want 2", got)
	}
}
