package rounds

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPickerDistinctUniform covers the three drawing strategies (single draw, rejection with
// marks, partial Fisher-Yates): targets are distinct, never the caller, and every other node
// is drawn equally often (chi-square against uniform).
func TestPickerDistinctUniform(t *testing.T) {
	const seed = 12
	for _, c := range []struct{ n, b int }{{10, 1}, {10, 4}, {10, 5}, {10, 9}, {2, 1}} {
		rng := rand.New(rand.NewPCG(seed, 0))
		p := newPicker(c.n, c.b)
		const calls = 20000
		counts := make([]float64, c.n)
		self := int32(c.n / 2)
		for range calls {
			seen := map[int32]bool{}
			for _, x := range p.pick(rng, self) {
				if x == self || x < 0 || int(x) >= c.n || seen[x] {
					t.Fatalf("seed %d: n=%d b=%d: bad or repeated target %d (self %d)", seed, c.n, c.b, x, self)
				}
				seen[x] = true
				counts[x]++
			}
			if len(seen) != c.b {
				t.Fatalf("seed %d: n=%d b=%d: %d targets", seed, c.n, c.b, len(seen))
			}
		}
		exp := float64(calls*c.b) / float64(c.n-1)
		var chi2 float64
		for v, k := range counts {
			if int32(v) != self {
				chi2 += (k - exp) * (k - exp) / exp
			}
		}
		// n-2 degrees of freedom, at most 8: 30 is far in the tail.
		if chi2 > 30 || math.IsNaN(chi2) {
			t.Errorf("seed %d: n=%d b=%d: chi-square %.1f against uniform targets; counts %v", seed, c.n, c.b, chi2, counts)
		}
	}
}
