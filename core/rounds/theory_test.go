package rounds

import (
	"fmt"
	"math"
	"testing"
)

// These tests compare the simulation with expectations computed without Monte Carlo.

// hypergeomNoneP is E[loss^K], K being the number of informed nodes among b distinct targets
// drawn from the m others of an uninformed caller, `informed` of which are informed: the
// probability that none of the caller's calls reaches an informed node and gets through.
func hypergeomNoneP(m, informed, b int, loss float64) float64 {
	lc := func(n, k int) float64 {
		if k < 0 || k > n {
			return math.Inf(-1)
		}
		a, _ := math.Lgamma(float64(n + 1))
		c, _ := math.Lgamma(float64(k + 1))
		d, _ := math.Lgamma(float64(n - k + 1))
		return a - c - d
	}
	var sum float64
	for k := 0; k <= b; k++ {
		w := math.Exp(lc(informed, k) + lc(m-informed, b-k) - lc(m, b))
		sum += w * math.Pow(loss, float64(k))
	}
	return sum
}

// learnProb is the exact probability that a given node uninformed at the start of a round is
// informed by its end, when `informed` of the n nodes were informed at the start.
//
//	push:      each of the I senders picks it with probability b/m and gets through with 1-p,
//	           independently across senders: 1 - (1 - (1-p)b/m)^I.
//	pull:      its own b calls: 1 - E[p^K], K hypergeometric as in hypergeomNoneP.
//	push-pull: both, and they are independent: 1 - E[p^K]·(1 - (1-p)b/m)^I.
func learnProb(mode Mode, n, informed, b int, p float64) float64 {
	m := n - 1
	missPush := math.Pow(1-(1-p)*float64(b)/float64(m), float64(informed))
	switch mode {
	case Push:
		return 1 - missPush
	case Pull:
		return 1 - hypergeomNoneP(m, informed, b, p)
	default:
		return 1 - hypergeomNoneP(m, informed, b, p)*missPush
	}
}

// TestOneRoundExpectation checks every round of many trials against the exact conditional
// expectation of the newly informed count given the count at the start of the round. The sum
// over all rounds of (new - E[new | start]) is a martingale, so it must be within a few of its
// standard deviations of 0. The variance used, Σ U·π(1-π), is exact for pull and an upper bound
// for push and push-pull (whose per-node indicators are negatively associated), so the test is
// conservative there. A node acting in the round it was informed, a node calling itself, or a
// wrong loss rule shifts the sum by many standard deviations at these sizes.
func TestOneRoundExpectation(t *testing.T) {
	const seed = 77
	cases := []struct {
		mode   Mode
		n, b   int
		p      float64
		trials int
	}{
		{Push, 1000, 1, 0, 300}, {Push, 1000, 1, 0.5, 200}, {Push, 40, 3, 0.2, 2000}, {Push, 12, 8, 0.1, 2000},
		{Pull, 1000, 1, 0, 300}, {Pull, 1000, 2, 0.3, 200}, {Pull, 40, 3, 0.2, 2000}, {Pull, 12, 8, 0.1, 2000},
		{PushPull, 1000, 1, 0, 300}, {PushPull, 1000, 2, 0.3, 200}, {PushPull, 40, 3, 0.2, 2000}, {PushPull, 12, 8, 0.1, 2000},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v/n=%d/b=%d/p=%g", c.mode, c.n, c.b, c.p), func(t *testing.T) {
			cfg := SpreadConfig{N: c.n, Mode: c.mode, Fanout: c.b, Loss: c.p, Trials: c.trials, Seed: seed}
			cfg.MaxRounds = cfg.roundCap()
			sim := newSpreadSim(cfg)
			src := newTrialSource()
			var dev, variance float64
			for i := range c.trials {
				sim.trial(src.start(seed, expSpread, i))
				for r := 1; r < len(sim.counts); r++ {
					start := sim.counts[r-1]
					u := float64(c.n - start)
					pi := learnProb(c.mode, c.n, start, c.b, c.p)
					dev += float64(sim.counts[r]-start) - u*pi
					variance += u * pi * (1 - pi)
				}
			}
			z := dev / math.Sqrt(variance)
			if math.Abs(z) > 4.5 {
				t.Errorf("seed %d: newly informed minus exact expectation, summed over rounds, is %.1f = %.2f standard deviations", seed, dev, z)
			}
		})
	}
}

// exactPullMeans computes E[T_all] and E[T_99] for pull exactly. In pull the uninformed nodes'
// calls are independent, so given I informed at the start of a round the number newly informed
// is Binomial(N-I, π(I)) and the informed count is a Markov chain whose expected hitting times
// follow by backward recursion — no simulation involved.
func exactPullMeans(n, b int, p float64) (all, r99 float64) {
	need99 := (99*n + 99) / 100
	eAll := make([]float64, n+1)
	e99 := make([]float64, n+1)
	pmf := make([]float64, n+1)
	logFact := make([]float64, n+1)
	for k := 1; k <= n; k++ {
		logFact[k] = logFact[k-1] + math.Log(float64(k))
	}
	lg := func(k int) float64 { return logFact[k] }
	for i := n - 1; i >= 1; i-- {
		u := n - i
		pi := learnProb(Pull, n, i, b, p)
		for j := 0; j <= u; j++ {
			var lp float64
			switch {
			case pi == 1 && j < u, pi == 0 && j > 0:
				pmf[j] = 0
				continue
			case pi == 1:
				lp = 0
			default:
				lp = lg(u) - lg(j) - lg(u-j) + float64(j)*math.Log(pi) + float64(u-j)*math.Log1p(-pi)
			}
			pmf[j] = math.Exp(lp)
		}
		sa, s9 := 1.0, 1.0
		for j := 1; j <= u; j++ {
			sa += pmf[j] * eAll[i+j]
			s9 += pmf[j] * e99[i+j]
		}
		eAll[i] = sa / (1 - pmf[0])
		if i >= need99 {
			e99[i] = 0
		} else {
			e99[i] = s9 / (1 - pmf[0])
		}
	}
	return eAll[1], e99[1]
}

func TestPullMatchesExactMarkovChain(t *testing.T) {
	const seed = 4242
	for _, c := range []struct {
		b      int
		p      float64
		trials int
	}{{1, 0, 1500}, {1, 0.3, 1000}, {2, 0.2, 1000}} {
		wantAll, want99 := exactPullMeans(1000, c.b, c.p)
		res, err := Spread(SpreadConfig{N: 1000, Mode: Pull, Fanout: c.b, Loss: c.p, Trials: c.trials, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, x := range []struct {
			name string
			got  Summary
			want float64
		}{{"T_all", res.RoundsAll, wantAll}, {"T_99", res.Rounds99, want99}} {
			// 4.5 standard errors, plus a hair for the SE estimate itself.
			if d := math.Abs(x.got.Mean - x.want); d > 4.5*x.got.SE+0.01 {
				t.Errorf("seed %d: pull N=1000 b=%d p=%g: mean %s %.3f ± %.3f, exact %.3f", seed, c.b, c.p, x.name, x.got.Mean, x.got.SE, x.want)
			} else {
				t.Logf("seed %d: pull N=1000 b=%d p=%g: mean %s %.3f ± %.3f, exact %.3f", seed, c.b, c.p, x.name, x.got.Mean, x.got.SE, x.want)
			}
		}
	}
}

// TestPushLossSlowdown: with loss p, an informed node informs (1-p) others per round early on,
// so the doubling phase takes log_{2-p} N rounds instead of log2 N (ln2/ln1.5 ≈ 1.71 times as
// long for p = 0.5), and the end phase, where the uninformed fraction shrinks by e^{-(1-p)} per
// round, takes ln N/(1-p) (2 times as long). The slowdown must fall between the two.
func TestPushLossSlowdown(t *testing.T) {
	const seed = 99
	base, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Trials: 1000, Seed: seed})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	lossy, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Loss: 0.5, Trials: 1000, Seed: seed})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	ratio := lossy.RoundsAll.Mean / base.RoundsAll.Mean
	lo, hi := math.Ln2/math.Log(1.5)-0.05, 2.0+0.05
	if ratio < lo || ratio > hi || lossy.Unfinished > 0 {
		t.Errorf("seed %d: push N=1000 mean T_all %.2f at p=0.5 vs %.2f at p=0: ratio %.3f, want in [%.2f, %.2f]; %d unfinished",
			seed, lossy.RoundsAll.Mean, base.RoundsAll.Mean, ratio, lo, hi, lossy.Unfinished)
	}
	// The same phases predict the mean itself: log_{1.5} N + 2 ln N plus the O(1) that is
	// 18.04 - (log2 N + ln N) ≈ 1.2 without loss; allow a couple of rounds for that constant
	// changing with p.
	want := math.Log(1000)/math.Log(1.5) + 2*math.Log(1000) + 1.2
	if math.Abs(lossy.RoundsAll.Mean-want) > 2.5 {
		t.Errorf("seed %d: push N=1000 p=0.5 mean T_all %.2f, two-phase estimate %.2f", seed, lossy.RoundsAll.Mean, want)
	}
	t.Logf("seed %d: p=0.5 %.2f ± %.2f, p=0 %.2f ± %.2f, ratio %.3f, estimate %.2f", seed, lossy.RoundsAll.Mean, lossy.RoundsAll.SE, base.RoundsAll.Mean, base.RoundsAll.SE, ratio, want)
}
