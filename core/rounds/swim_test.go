package rounds

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// checkSwimMean fails when a simulated mean is more than 4 standard errors from theory.
func checkSwimMean(t *testing.T, what string, seed uint64, s Summary, theory float64) {
	t.Helper()
	dev := math.Abs(s.Mean - theory)
	if !(dev <= 4*s.SE) {
		t.Errorf("seed %d: %s = %.5g ± %.2g (SE, %d trials), theory %.5g: off by %.1f SE", seed, what, s.Mean, s.SE, s.Count, theory, dev/s.SE)
	} else {
		t.Logf("seed %d: %s = %.5g ± %.2g (SE, %d trials), theory %.5g", seed, what, s.Mean, s.SE, s.Count, theory)
	}
}

func TestSwimFirstDetection(t *testing.T) {
	const seed = 20240701
	for _, n := range []int{8, 32, 1000} {
		for _, sel := range []SwimSelect{SwimRandom, SwimRoundRobin} {
			t.Run(fmt.Sprintf("%v/n=%d", sel, n), func(t *testing.T) {
				// One period of probes only: this test is about the crash experiment.
				cfg := SwimConfig{N: n, K: 1, Loss: 0.1, Select: sel, Trials: 3000, Seed: seed, Periods: 1}
				res, err := Swim(cfg)
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				checkSwimMean(t, fmt.Sprintf("%v N=%d first detection", sel, n), seed, res.FirstDetection, res.FirstDetectionTheory)
				fd, ad := res.FirstDetection, res.AllDetection
				if fd.Min < 1 || ad.Min < fd.Min || ad.Mean < fd.Mean {
					t.Errorf("seed %d: first detection min %v, all-members min %v mean %v (first mean %v): want 1 ≤ first ≤ all", seed, fd.Min, ad.Min, ad.Mean, fd.Mean)
				}
				if sel == SwimRoundRobin {
					// Time-bounded completeness: SWIM's 2N−1, and this model's exact 2N−3.
					if fd.Max > float64(2*n-1) || ad.Max > float64(2*n-1) || ad.Max > float64(res.AllDetectionBound) {
						t.Errorf("seed %d: round-robin N=%d: first detection max %v, all-members max %v, want ≤ 2N−3 = %d ≤ 2N−1",
							seed, n, fd.Max, ad.Max, res.AllDetectionBound)
					}
					// For N=8, T = 2N−3 has probability 1/m³ = 1/343 per member and occurs in
					// 3000 trials of 7 members with probability 1 − e^{−61}: the bound is attained.
					if n == 8 && ad.Max != float64(2*n-3) {
						t.Errorf("seed %d: round-robin N=8: all-members max %v, want exactly 2N−3 = 13", seed, ad.Max)
					}
				} else if n == 8 && ad.Max <= float64(2*n-1) {
					// P(a member has not pinged node 0 after 15 periods) = (6/7)^15 ≈ 0.1: random
					// selection blows through the round-robin bound in nearly every trial.
					t.Errorf("seed %d: random N=8: all-members max %v, want > 2N−1 = 15 (random selection has no bound)", seed, ad.Max)
				}
			})
		}
	}
}

// TestSwimFirstDetectionTheory checks the closed forms: random selection against SWIM's
// formula and its limit e/(e−1); round-robin against brute-force enumeration of (k, pos, pos').
func TestSwimFirstDetectionTheory(t *testing.T) {
	if got, want := SwimFirstDetectionTheory(1_000_000, SwimRandom), math.E/(math.E-1); math.Abs(got-want) > 1e-6 {
		t.Errorf("random N=10^6: %v, want ≈ e/(e−1) = %v", got, want)
	}
	if got, want := SwimFirstDetectionTheory(3, SwimRandom), 1/(1-0.25); math.Abs(got-want) > 1e-12 {
		t.Errorf("random N=3: %v, want 1/(1−(1/2)²) = %v", got, want)
	}
	if got, want := SwimFirstDetectionTheory(1_000_000, SwimRoundRobin), math.E/(math.E-1); math.Abs(got-want) > 1e-3 {
		t.Errorf("round-robin N=10^6: %v, want ≈ e/(e−1) = %v", got, want)
	}
	for m := 2; m <= 12; m++ {
		// Per-member survival S(t) = P(T > t) by enumerating every (k, pos, pos').
		surv := make([]float64, 2*m+1)
		for k := range m {
			for pos := range m {
				for pos2 := range m {
					T := pos - k + 1
					if pos < k {
						T = m - k + pos2 + 1
					}
					for s := 0; s < T; s++ {
						surv[s]++
					}
				}
			}
		}
		var want float64
		for _, c := range surv {
			want += math.Pow(c/float64(m*m*m), float64(m))
		}
		if got := SwimFirstDetectionTheory(m+1, SwimRoundRobin); math.Abs(got-want) > 1e-12 {
			t.Errorf("round-robin N=%d: %v, enumeration gives %v", m+1, got, want)
		}
		if surv[2*m-1] != 0 || surv[2*m-2] == 0 {
			t.Errorf("round-robin N=%d: the enumerated maximum of T is not 2N−3", m+1)
		}
	}
}

func TestSwimFalseSuspicion(t *testing.T) {
	const seed = 20240702
	for _, c := range []struct {
		p   float64
		k   int
		sel SwimSelect
	}{
		{0.1, 0, SwimRandom}, {0.1, 1, SwimRandom}, {0.2, 3, SwimRandom}, {0.3, 3, SwimRandom},
		{0.1, 3, SwimRandom}, {0.2, 3, SwimRoundRobin},
	} {
		// 100 trials × 100 members × 100 periods = 10^6 probes: the SE is ≤ 1.2% of the value.
		cfg := SwimConfig{N: 100, K: c.k, Loss: c.p, Select: c.sel, Trials: 100, Periods: 100, Seed: seed}
		res, err := Swim(cfg)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want := SwimFalseSuspicionTheory(c.p, c.k)
		if res.FalseSuspicionTheory != want {
			t.Errorf("seed %d: result carries theory %v, want %v", seed, res.FalseSuspicionTheory, want)
		}
		what := fmt.Sprintf("%v p=%g K=%d false suspicions per probe", c.sel, c.p, c.k)
		checkSwimMean(t, what, seed, res.FalseSuspicion, want)
		if res.FalseSuspicion.SE > 0.02*want {
			t.Errorf("seed %d: %s: SE %.2g is over 2%% of %.4g; the test has too little power", seed, what, res.FalseSuspicion.SE, want)
		}
		if res.Probes != 1_000_000 || math.Abs(float64(res.Suspicions)/float64(res.Probes)-res.FalseSuspicion.Mean) > 1e-12 {
			t.Errorf("seed %d: %s: %d suspicions in %d probes, mean of trials %v", seed, what, res.Suspicions, res.Probes, res.FalseSuspicion.Mean)
		}
	}
	// Without loss nothing is ever suspected.
	res, err := Swim(SwimConfig{N: 50, K: 2, Trials: 3, Periods: 20, Seed: seed})
	if err != nil || res.Suspicions != 0 {
		t.Errorf("seed %d: loss 0: %d suspicions, err %v; want none", seed, res.Suspicions, err)
	}
}

func TestSwimMessages(t *testing.T) {
	const seed = 20240703
	for _, p := range []float64{0, 0.1, 0.3} {
		for _, k := range []int{0, 3} {
			for _, sel := range []SwimSelect{SwimRandom, SwimRoundRobin} {
				cfg := SwimConfig{N: 100, K: k, Loss: p, Select: sel, Trials: 40, Periods: 100, Seed: seed}
				res, err := Swim(cfg)
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				want := SwimMsgsTheory(p, k)
				what := fmt.Sprintf("%v p=%g K=%d messages per member per period", sel, p, k)
				if p == 0 {
					// Exactly a ping and an ack per member per period.
					if want != 2 || res.Msgs.Mean != 2 || res.Msgs.SD != 0 {
						t.Errorf("seed %d: %s = %v (sd %v), theory %v; want exactly 2", seed, what, res.Msgs.Mean, res.Msgs.SD, want)
					}
				} else {
					checkSwimMean(t, what, seed, res.Msgs, want)
				}
				if res.BusiestMsgs.Min < res.Msgs.Min || res.BusiestMsgs.Max > float64(2+4*k)*float64(cfg.N) {
					t.Errorf("seed %d: %s: busiest member %v..%v per period, per-member mean %v..%v", seed, what, res.BusiestMsgs.Min, res.BusiestMsgs.Max, res.Msgs.Min, res.Msgs.Max)
				}
			}
		}
	}
	// The derivation term by term at p = 0.5, K = 2: 1 + 0.5 + 0.75·2·(1 + 0.5 + 0.25 + 0.125).
	if got := SwimMsgsTheory(0.5, 2); got != 1+0.5+0.75*2*1.875 {
		t.Errorf("SwimMsgsTheory(0.5, 2) = %v, want %v", got, 1+0.5+0.75*2*1.875)
	}
}

func TestSwimDeterminism(t *testing.T) {
	const seed = 99
	for _, sel := range []SwimSelect{SwimRandom, SwimRoundRobin} {
		// N=6, K=3 draws helpers by partial Fisher-Yates (2K > N−2), whose scratch must be
		// reset per trial.
		cfg := SwimConfig{N: 6, K: 3, Loss: 0.3, Select: sel, Trials: 20, Periods: 30, Seed: seed}
		a, errA := Swim(cfg)
		b, errB := Swim(cfg)
		if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("seed %d: %v: two runs differ:\n%+v\n%+v", seed, sel, a, b)
		}
		cfg.Seed++
		if c, _ := Swim(cfg); reflect.DeepEqual(a.FalseSuspicion, c.FalseSuspicion) && reflect.DeepEqual(a.Msgs, c.Msgs) {
			t.Errorf("seed %d vs %d: %v: different seeds gave the same probe figures", seed, seed+1, sel)
		}
		cfg.Seed--

		// Trial i replays alone, in any order and after any other trial.
		src := newTrialSource()
		sim := newSwimSim(cfg)
		var forward []swimProbeOutcome
		var crashes [][2]int
		for i := range 5 {
			forward = append(forward, sim.probeTrial(src.start(seed, expSwimProbe, i), cfg.Periods))
			f, all := sim.crashTrial(src.start(seed, expSwimCrash, i))
			crashes = append(crashes, [2]int{f, all})
		}
		for _, i := range []int{3, 0, 4, 4, 1} {
			fresh := newSwimSim(cfg)
			for _, s := range []*swimSim{sim, fresh} {
				if got := s.probeTrial(src.start(seed, expSwimProbe, i), cfg.Periods); got != forward[i] {
					t.Errorf("seed %d: %v: probe trial %d replayed gives %+v, first run %+v", seed, sel, i, got, forward[i])
				}
				if f, all := s.crashTrial(src.start(seed, expSwimCrash, i)); [2]int{f, all} != crashes[i] {
					t.Errorf("seed %d: %v: crash trial %d replayed gives %d,%d, first run %v", seed, sel, i, f, all, crashes[i])
				}
			}
		}
	}
}

// TestSwimRoundRobinPasses checks the pass machinery the probes use: a pass visits every other
// member exactly once, never the member itself, and node 0 comes up at position c, which is
// what the crash experiment relies on.
func TestSwimRoundRobinPasses(t *testing.T) {
	const seed = 5
	rng := rand.New(rand.NewPCG(seed, 0))
	for _, n := range []int{3, 4, 7, 31, 211, 1000} {
		sim := newSwimSim(SwimConfig{N: n, K: 0, Select: SwimRoundRobin, Trials: 1})
		m := n - 1
		for _, i := range []int32{0, 1, int32(n / 2), int32(n - 1)} {
			for range 5 {
				p := sim.newPass(rng)
				if p.a < 1 || int(p.a) >= max(m, 2) || gcdForTest(int(p.a), m) != 1 || p.c < 0 || int(p.c) >= m || p.next != 0 {
					t.Fatalf("seed %d: N=%d: bad pass %+v", seed, n, p)
				}
				sim.rr[i] = p
				seen := make([]bool, n)
				zeroAt := -1
				for j := range m {
					x := sim.target(rng, i)
					if x == i || x < 0 || int(x) >= n || seen[x] {
						t.Fatalf("seed %d: N=%d member %d pass %+v: target %d at position %d is itself, out of range or repeated", seed, n, i, p, x, j)
					}
					seen[x] = true
					if x == 0 {
						zeroAt = j
					}
				}
				if sim.rr[i].next != 0 {
					t.Errorf("seed %d: N=%d: after a full pass next = %d, want a fresh pass at 0", seed, n, sim.rr[i].next)
				}
				if i != 0 && int(p.c) != zeroAt {
					t.Errorf("seed %d: N=%d member %d pass %+v: node 0 came up at %d, want c", seed, n, i, p, zeroAt)
				}
			}
		}
	}
}

// TestSwimTargets: the probes' targets are never the prober and are uniform over the others
// (chi-square), for random selection and for round-robin started by startPasses at uniform
// offsets into uniform passes; the offsets themselves are uniform too.
func TestSwimTargets(t *testing.T) {
	const seed = 21
	const n, draws = 11, 4000
	for _, sel := range []SwimSelect{SwimRandom, SwimRoundRobin} {
		rng := rand.New(rand.NewPCG(seed, 2))
		sim := newSwimSim(SwimConfig{N: n, K: 0, Select: sel, Trials: 1})
		targets := make([]float64, n)
		offsets := make([]float64, n-1)
		const prober = int32(4)
		for range draws {
			if sel == SwimRoundRobin {
				sim.startPasses(rng)
				for _, p := range sim.rr {
					offsets[p.next]++
				}
			}
			x := sim.target(rng, prober)
			if x == prober || x < 0 || x >= n {
				t.Fatalf("seed %d: %v: target %d for prober %d", seed, sel, x, prober)
			}
			targets[x]++
		}
		chi2 := func(counts []float64, skip int) float64 {
			var total, cells, c2 float64
			for i, c := range counts {
				if i != skip {
					total += c
					cells++
				}
			}
			exp := total / cells
			for i, c := range counts {
				if i != skip {
					c2 += (c - exp) * (c - exp) / exp
				}
			}
			return c2
		}
		// 9 degrees of freedom: 35 is far in the tail.
		if c := chi2(targets, int(prober)); c > 35 {
			t.Errorf("seed %d: %v: chi-square %.1f against uniform targets; counts %v", seed, sel, c, targets)
		}
		if c := chi2(offsets, -1); sel == SwimRoundRobin && c > 35 {
			t.Errorf("seed %d: %v: chi-square %.1f against uniform pass offsets at period 1; counts %v", seed, sel, c, offsets)
		}
	}
}

func gcdForTest(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// TestSwimUnits checks the stride table against gcd, and φ(510510) = 92160 (the m ≤ 10^6 with
// the fewest units relative to m).
func TestSwimUnits(t *testing.T) {
	for m := 2; m <= 300; m++ {
		var want []int32
		for a := 1; a < m; a++ {
			if gcdForTest(a, m) == 1 {
				want = append(want, int32(a))
			}
		}
		if got := swimUnits(m); !reflect.DeepEqual(got, want) {
			t.Fatalf("swimUnits(%d) = %v, want %v", m, got, want)
		}
	}
	if got := len(swimUnits(510510)); got != 92160 {
		t.Errorf("len(swimUnits(510510)) = %d, want φ = 92160", got)
	}
}

// TestSwimHelpersDistinctUniform: helpers are K distinct members, never the prober or the
// target, and uniform over the others (chi-square), for both drawing strategies.
func TestSwimHelpersDistinctUniform(t *testing.T) {
	const seed = 13
	for _, c := range []struct{ n, k int }{{12, 1}, {12, 5}, {12, 6}, {12, 10}, {3, 1}} {
		rng := rand.New(rand.NewPCG(seed, 1))
		h := newSwimHelpers(c.n, c.k)
		const calls = 20000
		counts := make([]float64, c.n)
		i, tgt := int32(c.n/2), int32(c.n-1)
		if c.n == 3 {
			i, tgt = 2, 0
		}
		for range calls {
			seen := map[int32]bool{}
			for _, x := range h.pick(rng, i, tgt) {
				if x == i || x == tgt || x < 0 || int(x) >= c.n || seen[x] {
					t.Fatalf("seed %d: n=%d k=%d: bad or repeated helper %d (prober %d, target %d)", seed, c.n, c.k, x, i, tgt)
				}
				seen[x] = true
				counts[x]++
			}
			if len(seen) != c.k {
				t.Fatalf("seed %d: n=%d k=%d: %d helpers", seed, c.n, c.k, len(seen))
			}
		}
		exp := float64(calls*c.k) / float64(c.n-2)
		var chi2 float64
		for v, got := range counts {
			if int32(v) != i && int32(v) != tgt {
				chi2 += (got - exp) * (got - exp) / exp
			}
		}
		// At most 9 degrees of freedom: 35 is far in the tail.
		if chi2 > 35 || math.IsNaN(chi2) {
			t.Errorf("seed %d: n=%d k=%d: chi-square %.1f against uniform helpers; counts %v", seed, c.n, c.k, chi2, counts)
		}
	}
}

func TestSwimValidate(t *testing.T) {
	good := SwimConfig{N: 10, K: 8, Loss: 0.5, Select: SwimRoundRobin, Trials: 1, Periods: 0}
	if err := good.Validate(); err != nil {
		t.Fatalf("%+v: %v", good, err)
	}
	for _, c := range []struct {
		cfg  SwimConfig
		want []string
	}{
		{SwimConfig{N: 2, Trials: 1}, []string{"n must be in [3, 1000000], got 2"}},
		{SwimConfig{N: 1_000_001, Trials: 1}, []string{"n must be in [3, 1000000]"}},
		{SwimConfig{N: 10, K: 9, Trials: 1}, []string{"k must be in [0, N-2=8], got 9"}},
		{SwimConfig{N: 10, K: -1, Trials: 1}, []string{"k must be in [0, N-2=8], got -1"}},
		{SwimConfig{N: 10, Loss: 1, Trials: 1}, []string{"loss must be in [0, 1), got 1"}},
		{SwimConfig{N: 10, Loss: math.NaN(), Trials: 1}, []string{"loss must be in [0, 1)"}},
		{SwimConfig{N: 10, Select: 2, Trials: 1}, []string{"select must be one of random, roundrobin"}},
		{SwimConfig{N: 10, Trials: 0}, []string{"trials must be in [1, 100000], got 0"}},
		{SwimConfig{N: 10, Trials: 1, Periods: -1}, []string{"periods must be in [0, 100000]"}},
		{SwimConfig{N: 10, Trials: 1, Periods: 100_001}, []string{"periods must be in [0, 100000]"}},
		// Everything wrong at once is reported at once; with n invalid, k's upper bound is unknown.
		{SwimConfig{N: 0, K: -2, Loss: -0.1, Select: -1, Trials: 100_001, Periods: -5},
			[]string{"n must be", "k must be in [0, N-2], got -2", "loss must be", "select must be", "trials must be", "periods must be"}},
	} {
		err := c.cfg.Validate()
		if err == nil {
			t.Errorf("%+v: no error, want %q", c.cfg, c.want)
			continue
		}
		if _, ok := err.(*ConfigError); !ok {
			t.Errorf("%+v: error %T, want *ConfigError", c.cfg, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%+v: error %q does not contain %q", c.cfg, err, w)
			}
		}
		if _, err := Swim(c.cfg); err == nil {
			t.Errorf("%+v: Swim ran an invalid configuration", c.cfg)
		}
	}
	for _, s := range SwimSelects {
		if sel, err := ParseSwimSelect(s); err != nil || sel.String() != s {
			t.Errorf("ParseSwimSelect(%q) = %v, %v", s, sel, err)
		}
	}
	if _, err := ParseSwimSelect("x"); err == nil {
		t.Error(`ParseSwimSelect("x"): no error`)
	}
}

func BenchmarkSwim100k(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		if _, err := Swim(SwimConfig{N: 100_000, K: 3, Loss: 0.1, Trials: 1, Periods: 10, Seed: uint64(i)}); err != nil {
			b.Fatal(err)
		}
	}
}
