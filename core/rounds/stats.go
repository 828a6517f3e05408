package rounds

import (
	"math"
	"slices"
)

// Summary describes per-trial values. Fields that are undefined for the sample size (every
// field for Count 0, SD and SE for Count 1) are NaN rather than a misleading 0.
type Summary struct {
	Count int
	Mean  float64
	SD    float64 // sample standard deviation (n-1 denominator)
	SE    float64 // standard error of the mean, SD/sqrt(Count)
	Min   float64
	Max   float64
	Q50   float64 // nearest-rank quantiles, see Quantile
	Q99   float64
	Q999  float64
}

// Summarize computes a Summary of xs; xs is not modified.
func Summarize(xs []float64) Summary {
	nan := math.NaN()
	s := Summary{Count: len(xs), Mean: nan, SD: nan, SE: nan, Min: nan, Max: nan, Q50: nan, Q99: nan, Q999: nan}
	if len(xs) == 0 {
		return s
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	s.Mean = sum / float64(len(xs))
	if len(xs) > 1 {
		// Two-pass variance: the one-pass sum-of-squares formula loses precision when the
		// spread is small relative to the mean, which is the usual case for round counts.
		var ss float64
		for _, x := range xs {
			d := x - s.Mean
			ss += d * d
		}
		s.SD = math.Sqrt(ss / float64(len(xs)-1))
		s.SE = s.SD / math.Sqrt(float64(len(xs)))
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	s.Min, s.Max = sorted[0], sorted[len(sorted)-1]
	s.Q50 = Quantile(sorted, 0.5)
	s.Q99 = Quantile(sorted, 0.99)
	s.Q999 = Quantile(sorted, 0.999)
	return s
}

// Quantile returns the nearest-rank q-quantile of sorted (ascending): the value at index
// ceil(q·T)-1, clamped to [0, T-1]. It returns NaN for an empty slice.
func Quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	// The small slack keeps products such as 0.999·1000 = 999.0000000000001 from rounding up
	// to the next rank.
	i := int(math.Ceil(q*float64(len(sorted))-1e-9)) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
