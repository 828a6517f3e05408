package rounds

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// demersSeed seeds the N = 1000 runs compared with Demers et al.'s tables.
const demersSeed = 19870810

// demersTrials per row: at 1000 trials our standard error is a third of the paper's assumed one
// (see paperRuns), so the tolerance is only 5% wider than with no noise of ours at all.
const demersTrials = 1000

var demersCache struct {
	once sync.Once
	res  map[StopRule]SpreadResult
	err  error
}

// demersRuns runs counter:K and coin:K for K = 1..5 on Demers' setting (N = 1000, push to one
// target, no loss) once for all the tests that use them.
func demersRuns(t *testing.T) map[StopRule]SpreadResult {
	t.Helper()
	demersCache.once.Do(func() {
		demersCache.res = map[StopRule]SpreadResult{}
		for _, kind := range []StopKind{StopCounter, StopCoin} {
			for k := 1; k <= 5; k++ {
				st := StopRule{kind, k}
				res, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Trials: demersTrials, Seed: demersSeed, Stop: st})
				if err != nil {
					demersCache.err = fmt.Errorf("%v: %w", st, err)
					return
				}
				demersCache.res[st] = res
			}
		}
	})
	if demersCache.err != nil {
		t.Fatalf("seed %d: %v", demersSeed, demersCache.err)
	}
	return demersCache.res
}

// paperRuns is the number of runs we assume each of Demers et al.'s rows averages. The paper
// does not say; 100 is deliberately few, so that the paper's own sampling error is not
// underestimated. Every figure of Table 1 would pass with 1000 as well; Table 2's residues for
// K = 4 and 5 (0.021, 0.008) would then be at or past the edge of their tolerance: they are
// 0.0012 and 0.0010 above ours (0.0198, 0.0070), which agree with the final-size equation
// (0.0198, 0.0070) instead.
const paperRuns = 100

// publishedTolerance is how far our mean may be from a figure of the paper: half a unit of the
// figure's last printed digit (rounding) plus 4 standard errors of the difference of two
// Monte Carlo means, ours (SE measured) and the paper's (our per-trial SD over √paperRuns).
func publishedTolerance(s Summary, halfUnit float64) float64 {
	paperSE := s.SD / math.Sqrt(paperRuns)
	return halfUnit + 4*math.Hypot(s.SE, paperSE)
}

// TestMongeringDemersTables compares counter:K with Table 1 and coin:K with Table 2 of Demers et
// al. 1987 (§1.4; N = 1000 sites, push, one target per cycle), columns residue s, traffic m and
// t_last, as printed (PublishedDemers); each tolerance starts from half a unit of the figure's
// last printed digit. The test discriminates between readings of the rules: a counter that is
// not reset by a necessary contact (counter-noreset) misses Table 1's traffic by 20 to 60
// tolerances for K = 2..5, and letting a node informed in a cycle push in that same cycle
// (sequential instead of simultaneous cycles; tried while writing this, not kept) gives t_last
// 13.3 instead of 16.8 and m 1.59 instead of 1.7 at K = 1.
func TestMongeringDemersTables(t *testing.T) {
	runs := demersRuns(t)
	check := func(st StopRule, what string, s Summary, want DemersFigure) {
		t.Helper()
		tol := publishedTolerance(s, want.HalfUnit())
		msg := fmt.Sprintf("seed %d: %v %s = %.5g ± %.2g (SE, %d trials), paper %s ± %.2g", demersSeed, st, what, s.Mean, s.SE, s.Count, want, tol)
		if math.Abs(s.Mean-want.Value()) > tol {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
	for _, kind := range []StopKind{StopCounter, StopCoin} {
		for k := 1; k <= 5; k++ {
			st := StopRule{kind, k}
			res := runs[st]
			row, ok := PublishedDemers(res.Config)
			if !ok {
				t.Fatalf("no published row for %v", st)
			}
			m := res.Mongering
			if m.Capped != 0 {
				t.Errorf("seed %d: %v: %d trials hit the round cap", demersSeed, st, m.Capped)
			}
			check(st, "residue s", m.Residue, row.Residue)
			check(st, "traffic m", m.Traffic, row.Traffic)
			check(st, "t_last", m.TLast, row.TLast)
		}
	}
}

// TestMongeringTAveDiscrepancy holds the discrepancy that TAveDiffers and the README state: the
// lab's mean infection round is 1.2–2.7 rounds below Table 1's t_ave for K = 1..5 and 1.2–2.0
// below Table 2's for K = 2..5 (coin:1 informs about 40 nodes; its t_ave is too noisy to say).
// If a change of the model closed or widened the gap, this fails and the README must change.
// What we tried: counting rounds from 1 instead of 0 adds exactly 1 (K = 1 would agree, the
// others not: the paper's t_ave grows by 1.8 from K = 1 to 5, the lab's by 0.3, while the
// nodes' infection rounds hardly change with K); cycles in which a newly informed node pushes
// at once move s, m and t_last off the tables (see TestMongeringDemersTables).
func TestMongeringTAveDiscrepancy(t *testing.T) {
	runs := demersRuns(t)
	for _, kind := range []StopKind{StopCounter, StopCoin} {
		lo, hi := 1.2, 2.7
		if kind == StopCoin {
			hi = 2.0
		}
		for k := 1; k <= 5; k++ {
			if kind == StopCoin && k == 1 {
				continue
			}
			st := StopRule{kind, k}
			res := runs[st]
			row, _ := PublishedDemers(res.Config)
			gap := row.TAve.Value() - res.Mongering.TAve.Mean
			// The stated range is rounded to a tenth; allow that rounding and 4 SE of the mean.
			slack := 0.05 + row.TAve.HalfUnit() + 4*res.Mongering.TAve.SE
			msg := fmt.Sprintf("seed %d: %v t_ave %.3f ± %.3f (SE), paper %s: %.2f below (stated %.1f–%.1f)", demersSeed, st, res.Mongering.TAve.Mean, res.Mongering.TAve.SE, row.TAve, gap, lo, hi)
			if gap < lo-slack || gap > hi+slack {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
}

// TestDemersFigurePrecision: a figure's tolerance comes from its printed digits.
func TestDemersFigurePrecision(t *testing.T) {
	for _, c := range []struct {
		f    DemersFigure
		v, h float64
	}{{"0.0036", 0.0036, 0.00005}, {"17.7", 17.7, 0.05}, {"38", 38, 0.5}, {"0.20", 0.2, 0.005}, {"11.0", 11, 0.05}} {
		if c.f.Value() != c.v || math.Abs(c.f.HalfUnit()-c.h) > 1e-12 {
			t.Errorf("%q: value %g half unit %g, want %g and %g", c.f, c.f.Value(), c.f.HalfUnit(), c.v, c.h)
		}
	}
}

// TestMongeringNoResetMissesTable1 shows that the Table 1 comparison can fail: the counter that a
// necessary contact does not reset is far outside its tolerance for K >= 2 (K = 1 is the same
// rule either way).
func TestMongeringNoResetMissesTable1(t *testing.T) {
	const seed = demersSeed
	for k := 2; k <= 5; k++ {
		st := StopRule{StopCounterNoReset, k}
		res, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Trials: 500, Seed: seed, Stop: st})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		row, _ := PublishedDemers(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Stop: StopRule{StopCounter, k}})
		m := res.Mongering
		tol := publishedTolerance(m.Traffic, row.Traffic.HalfUnit())
		if math.Abs(m.Traffic.Mean-row.Traffic.Value()) < 3*tol {
			t.Errorf("seed %d: %v traffic %.3f is within 3 tolerances (%.3f) of Table 1's %s: the table cannot tell the counters apart", seed, st, m.Traffic.Mean, tol, row.Traffic)
		}
	}
}

// TestMongeringMonotoneInK: a larger K keeps nodes infective longer, so for both of Demers'
// rules the residue falls and the traffic grows with K, each step by more than 4 standard errors
// of the difference.
func TestMongeringMonotoneInK(t *testing.T) {
	runs := demersRuns(t)
	for _, kind := range []StopKind{StopCounter, StopCoin} {
		for k := 1; k < 5; k++ {
			a, b := runs[StopRule{kind, k}].Mongering, runs[StopRule{kind, k + 1}].Mongering
			if d := a.Residue.Mean - b.Residue.Mean; d <= 4*math.Hypot(a.Residue.SE, b.Residue.SE) {
				t.Errorf("seed %d: %v residue %.5f at K=%d, %.5f at K=%d: not decreasing", demersSeed, kind, a.Residue.Mean, k, b.Residue.Mean, k+1)
			}
			if d := b.Traffic.Mean - a.Traffic.Mean; d <= 4*math.Hypot(a.Traffic.SE, b.Traffic.SE) {
				t.Errorf("seed %d: %v traffic %.4f at K=%d, %.4f at K=%d: not increasing", demersSeed, kind, a.Traffic.Mean, k, b.Traffic.Mean, k+1)
			}
		}
	}
}

// TestMongeringCounterBeatsCoin checks Demers' qualitative comparison (§1.4): with the same K,
// feedback with a counter leaves fewer nodes uninformed and finishes sooner than blind coins,
// and blind removal needs K at least one larger to do as well: coin:K+1 still leaves more nodes
// uninformed than counter:K.
func TestMongeringCounterBeatsCoin(t *testing.T) {
	runs := demersRuns(t)
	for k := 1; k <= 5; k++ {
		counter, coin := runs[StopRule{StopCounter, k}].Mongering, runs[StopRule{StopCoin, k}].Mongering
		if counter.Residue.Mean+4*math.Hypot(counter.Residue.SE, coin.Residue.SE) >= coin.Residue.Mean {
			t.Errorf("seed %d: K=%d: residue counter %.5f, coin %.5f: want counter lower", demersSeed, k, counter.Residue.Mean, coin.Residue.Mean)
		}
		if counter.TLast.Mean+4*math.Hypot(counter.TLast.SE, coin.TLast.SE) >= coin.TLast.Mean {
			t.Errorf("seed %d: K=%d: t_last counter %.2f, coin %.2f: want counter sooner", demersSeed, k, counter.TLast.Mean, coin.TLast.Mean)
		}
		if k < 5 {
			next := runs[StopRule{StopCoin, k + 1}].Mongering
			if counter.Residue.Mean+4*math.Hypot(counter.Residue.SE, next.Residue.SE) >= next.Residue.Mean {
				t.Errorf("seed %d: residue counter:%d %.5f, coin:%d %.5f: want coin one K larger still worse", demersSeed, k, counter.Residue.Mean, k+1, next.Residue.Mean)
			}
		}
	}
}

// TestMongeringResidueIsExpOfTraffic checks a relation derived without simulation, for every
// rule, loss and fanout. A node is still susceptible at the end exactly when none of the
// delivered messages was sent to it, and each message goes to one of the N-1 nodes other than
// its sender, so for a trial with M messages s ≈ (1 - 1/(N-1))^{(1-p)M} ≈ e^{-(1-p)M/(N-1)},
// i.e. s ≈ e^{-m} without loss. It is first order only (M itself depends on who was missed), so
// the per-trial differences must average to 0 within 4.5 standard errors. Miscounted traffic
// (e.g. one message per round instead of per target, or lost messages not counted) misses by
// hundreds of standard errors.
func TestMongeringResidueIsExpOfTraffic(t *testing.T) {
	const seed = 2718
	for _, c := range []struct {
		st StopRule
		b  int
		p  float64
	}{
		{StopRule{StopCounter, 1}, 1, 0}, {StopRule{StopCounter, 3}, 1, 0}, {StopRule{StopCounter, 2}, 2, 0.3},
		{StopRule{StopCoin, 2}, 1, 0}, {StopRule{StopCoin, 4}, 3, 0.2}, {StopRule{StopFeedbackCoin, 3}, 1, 0.1},
		{StopRule{StopBlindCounter, 2}, 1, 0}, {StopRule{StopCounterNoReset, 2}, 2, 0.5}, {StopRule{StopBlindCounter, 7}, 3, 0.4},
	} {
		cfg := SpreadConfig{N: 1000, Mode: Push, Fanout: c.b, Loss: c.p, Trials: 600, Seed: seed, Stop: c.st}
		res, err := Spread(cfg)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		m := res.Mongering
		d := make([]float64, cfg.Trials)
		for i := range d {
			s := float64(cfg.N-m.InformedByTrial[i]) / float64(cfg.N)
			d[i] = s - math.Exp(-(1-c.p)*float64(m.MessagesByTrial[i])/float64(cfg.N-1))
		}
		ds := Summarize(d)
		msg := fmt.Sprintf("seed %d: %v b=%d p=%g: residue %.5f, traffic %.4f: residue - e^{-(1-p)M/(N-1)} averages %.6f ± %.6f (SE)",
			seed, c.st, c.b, c.p, m.Residue.Mean, m.Traffic.Mean, ds.Mean, ds.SE)
		if math.Abs(ds.Mean) > 4.5*ds.SE {
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
}

// finalSizeRoot solves s = e^{-R(1-s)} for its root in (0, 1), R > 1, by bisection.
func finalSizeRoot(r float64) float64 {
	lo, hi := 0.0, 1-1e-12 // f(s) = s - e^{-R(1-s)} is < 0 at 0 and near 1 (for R > 1) below the root's right
	for range 200 {
		mid := (lo + hi) / 2
		if mid-math.Exp(-r*(1-mid)) < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestMongeringBlindFinalSize checks the blind rules against results derived without
// simulation. When every informed node makes a number of contacts that does not depend on what
// they found, with mean K, each node escapes all K(1-s)N of them with probability e^{-K(1-s)}:
// the final-size equation s = e^{-K(1-s)} of an SIR epidemic with basic reproduction number K
// (the root is 0.2032, 0.0595, 0.0198, 0.0070 for K = 2..5, Demers' Table 2 has 0.205, 0.060,
// 0.021, 0.008). It is the N → ∞ limit; at N = 1000 the 1/(N-1) per-contact odds and the single
// initial node shift it by O(1/N), so the tolerance is 4 standard errors plus 1/N. And by Wald's
// identity the expected traffic is exactly K times the expected informed fraction: coin:K draws
// each informed node's contact count from a geometric law of mean K whatever happened, lost
// contacts included (fanout 1), and blind-counter:K makes exactly ceil(K/b)·b contacts.
func TestMongeringBlindFinalSize(t *testing.T) {
	const seed = 161803
	const n = 1000
	for _, kind := range []StopKind{StopCoin, StopBlindCounter} {
		for k := 2; k <= 5; k++ {
			st := StopRule{kind, k}
			res, err := Spread(SpreadConfig{N: n, Mode: Push, Fanout: 1, Trials: 1000, Seed: seed, Stop: st})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			want := finalSizeRoot(float64(k))
			r := res.Mongering.Residue
			msg := fmt.Sprintf("seed %d: %v residue %.5f ± %.5f (SE), final-size root %.5f", seed, st, r.Mean, r.SE, want)
			if math.Abs(r.Mean-want) > 4*r.SE+1.0/n {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
	// Wald with loss: the sender of a lost push flips its coin all the same.
	for _, k := range []int{1, 3, 8} {
		st := StopRule{StopCoin, k}
		res, err := Spread(SpreadConfig{N: 500, Mode: Push, Fanout: 1, Loss: 0.3, Trials: 1000, Seed: seed, Stop: st})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		m := res.Mongering
		d := make([]float64, len(m.MessagesByTrial))
		for i := range d {
			d[i] = float64(m.MessagesByTrial[i] - k*m.InformedByTrial[i])
		}
		ds := Summarize(d)
		if math.Abs(ds.Mean) > 4.5*ds.SE {
			t.Errorf("seed %d: %v loss 0.3: messages - K·informed averages %.3f ± %.3f (SE), want 0", seed, st, ds.Mean, ds.SE)
		}
	}
	for _, c := range []struct{ k, b int }{{2, 1}, {7, 3}, {6, 3}} {
		st := StopRule{StopBlindCounter, c.k}
		res, err := Spread(SpreadConfig{N: 300, Mode: Push, Fanout: c.b, Loss: 0.2, Trials: 200, Seed: seed, Stop: st})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		per := (c.k + c.b - 1) / c.b * c.b
		for i, msgs := range res.Mongering.MessagesByTrial {
			if inf := res.Mongering.InformedByTrial[i]; msgs != per*inf {
				t.Fatalf("seed %d: %v fanout %d trial %d: %d messages for %d informed nodes, want %d each", seed, st, c.b, i, msgs, inf, per)
			}
		}
	}
}

// TestMongeringSingleChain: with coin:1 (or blind-counter:1) every node pushes once and stops,
// so the rumor travels along one chain that ends at the first push lost or sent to a node that
// already knew. With i nodes informed it goes on with probability (1-p)(N-i)/(N-1), which gives
// E[informed] = Σ_i P(informed ≥ i) exactly; and in every trial the traffic is one message per
// informed node and t_last = informed - 1. (Demers' Table 2, K = 1: s = 0.960, m = 0.04.)
func TestMongeringSingleChain(t *testing.T) {
	const seed = 1729
	for _, c := range []struct {
		n int
		p float64
	}{{1000, 0}, {1000, 0.05}, {200, 0}} {
		want, reach := 0.0, 1.0
		for i := 1; i <= c.n; i++ {
			want += reach // P(informed >= i)
			reach *= (1 - c.p) * float64(c.n-i) / float64(c.n-1)
		}
		for _, st := range []StopRule{{StopCoin, 1}, {StopBlindCounter, 1}} {
			res, err := Spread(SpreadConfig{N: c.n, Mode: Push, Fanout: 1, Loss: c.p, Trials: 2000, Seed: seed, Stop: st})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			m := res.Mongering
			informed := make([]float64, len(m.InformedByTrial))
			for i, inf := range m.InformedByTrial {
				informed[i] = float64(inf)
				if m.MessagesByTrial[i] != inf || m.TLastByTrial[i] != inf-1 {
					t.Fatalf("seed %d: %v N=%d p=%g trial %d: %d informed, %d messages, t_last %d; want messages = informed = t_last+1",
						seed, st, c.n, c.p, i, inf, m.MessagesByTrial[i], m.TLastByTrial[i])
				}
			}
			s := Summarize(informed)
			msg := fmt.Sprintf("seed %d: %v N=%d p=%g: mean informed %.3f ± %.3f (SE), exact %.3f", seed, st, c.n, c.p, s.Mean, s.SE, want)
			if math.Abs(s.Mean-want) > 4*s.SE {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	}
}

// TestMongeringCounterTrafficLowerBound: every informed node ends removed, and a counter node is
// removed only after K delivered unnecessary contacts (the last K in a row for counter:K), while
// every node but node 0 got at least one delivered necessary contact. So each trial delivers at
// least (K+1)·informed - 1 messages, Demers' lower bound: without loss in every single trial,
// and with loss p, where a trial's delivered count is (1-p)·messages on average, on average.
// Were a lost push taken as feedback, nodes would stop early and the bound would fail. The
// same holds on average for feedback-coin:K, whose nodes stop after a geometric number of
// delivered unnecessary contacts of mean K (Wald's identity).
func TestMongeringCounterTrafficLowerBound(t *testing.T) {
	const seed = 31
	for _, kind := range []StopKind{StopCounter, StopCounterNoReset, StopFeedbackCoin} {
		for _, k := range []int{1, 2, 5} {
			st := StopRule{kind, k}
			if kind != StopFeedbackCoin {
				res, err := Spread(SpreadConfig{N: 400, Mode: Push, Fanout: 1, Trials: 300, Seed: seed, Stop: st})
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				m := res.Mongering
				for i, msgs := range m.MessagesByTrial {
					if low := (k+1)*m.InformedByTrial[i] - 1; msgs < low {
						t.Fatalf("seed %d: %v trial %d: %d messages for %d informed, below (K+1)·informed-1 = %d", seed, st, i, msgs, m.InformedByTrial[i], low)
					}
				}
			}
			for _, p := range []float64{0, 0.3, 0.6} {
				res, err := Spread(SpreadConfig{N: 400, Mode: Push, Fanout: 1, Loss: p, Trials: 300, Seed: seed, Stop: st})
				if err != nil {
					t.Fatalf("seed %d: %v", seed, err)
				}
				m := res.Mongering
				if m.Capped > 0 {
					t.Fatalf("seed %d: %v loss %g: %d of 300 trials reached the round cap %d", seed, st, p, m.Capped, res.Config.MaxRounds)
				}
				excess := make([]float64, len(m.MessagesByTrial))
				for i, msgs := range m.MessagesByTrial {
					excess[i] = (1-p)*float64(msgs) - float64((k+1)*m.InformedByTrial[i]-1)
				}
				if e := Summarize(excess); e.Mean < -4.5*e.SE {
					t.Errorf("seed %d: %v loss %g: delivered messages minus (K+1)·informed-1 average %.2f ± %.2f (SE), want >= 0", seed, st, p, e.Mean, e.SE)
				}
			}
		}
	}
}

// mongerTrace is what a mongering run produced trial by trial, for comparisons (the summaries
// may hold NaN, which reflect.DeepEqual never finds equal).
func mongerTrace(res SpreadResult) []any {
	m := res.Mongering
	return []any{m.InformedByTrial, m.MessagesByTrial, m.TLastByTrial, res.RoundsAllByTrial, res.MeanInformedByRound}
}

// TestMongeringRulesCoincideAtK1: with K = 1 the feedback rules all remove a node at its first
// delivered unnecessary contact, and the blind ones after its first contact, drawing nothing
// more than the targets and losses; so with one seed they must agree trial by trial.
func TestMongeringRulesCoincideAtK1(t *testing.T) {
	const seed = 77
	for _, group := range [][]StopKind{{StopCounter, StopCounterNoReset, StopFeedbackCoin}, {StopCoin, StopBlindCounter}} {
		var first SpreadResult
		for i, kind := range group {
			res, err := Spread(SpreadConfig{N: 300, Mode: Push, Fanout: 1, Loss: 0.2, Trials: 100, Seed: seed, Stop: StopRule{kind, 1}})
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if i == 0 {
				first = res
			} else if !reflect.DeepEqual(mongerTrace(res), mongerTrace(first)) {
				t.Errorf("seed %d: %v:1 and %v:1 differ", seed, kind, group[0])
			}
		}
	}
}

func TestMongeringDeterminism(t *testing.T) {
	const seed = 8
	for _, st := range []StopRule{{StopCounter, 2}, {StopCoin, 3}, {StopCounterNoReset, 2}, {StopFeedbackCoin, 2}, {StopBlindCounter, 4}} {
		// fanout 40 of 49 others takes the Fisher-Yates path of the picker.
		for _, b := range []int{1, 3, 40} {
			cfg := SpreadConfig{N: 50, Mode: Push, Fanout: b, Loss: 0.2, Trials: 30, Seed: seed, Stop: st}
			a, _ := Spread(cfg)
			again, _ := Spread(cfg)
			if !reflect.DeepEqual(mongerTrace(a), mongerTrace(again)) || !reflect.DeepEqual(a.Config, again.Config) {
				t.Errorf("seed %d: %v b=%d: two runs with the same seed differ", seed, st, b)
			}
			// Trial i depends only on (seed, i): the first 10 of 30 trials equal a 10-trial run.
			short := cfg
			short.Trials = 10
			s, _ := Spread(short)
			if !reflect.DeepEqual(s.Mongering.MessagesByTrial, a.Mongering.MessagesByTrial[:10]) ||
				!reflect.DeepEqual(s.Mongering.InformedByTrial, a.Mongering.InformedByTrial[:10]) ||
				!reflect.DeepEqual(s.Mongering.TLastByTrial, a.Mongering.TLastByTrial[:10]) {
				t.Errorf("seed %d: %v b=%d: trial results depend on the number of trials", seed, st, b)
			}
			other := cfg
			other.Seed = seed + 1
			o, _ := Spread(other)
			if reflect.DeepEqual(mongerTrace(o), mongerTrace(a)) {
				t.Errorf("seeds %d and %d: %v b=%d: different seeds gave identical results", seed, seed+1, st, b)
			}
		}
	}
}

// TestMongeringResultShape checks the bookkeeping shared with Spread: the informed curve, T_all
// over the trials that informed everyone, and the per-trial figures against the summaries.
func TestMongeringResultShape(t *testing.T) {
	const seed = 5
	for _, st := range []StopRule{{StopCounter, 3}, {StopCoin, 2}} {
		cfg := SpreadConfig{N: 200, Mode: Push, Fanout: 2, Loss: 0.1, Trials: 300, Seed: seed, Stop: st}
		res, err := Spread(cfg)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		m := res.Mongering
		if m == nil {
			t.Fatalf("seed %d: %v: no mongering figures", seed, st)
		}
		curve := res.MeanInformedByRound
		if len(curve) != int(m.Rounds.Max)+1 || curve[0] != 1 {
			t.Errorf("seed %d: %v: curve of %d rounds from %v, want the longest trial %v + 1 from 1", seed, st, len(curve), curve[0], m.Rounds.Max)
		}
		for r := 1; r < len(curve); r++ {
			if curve[r] < curve[r-1] {
				t.Errorf("seed %d: %v: mean informed falls at round %d", seed, st, r)
			}
		}
		// After the last trial ended, the curve is the mean final informed count.
		if want := float64(cfg.N) * (1 - m.Residue.Mean); math.Abs(curve[len(curve)-1]-want) > 1e-9*want {
			t.Errorf("seed %d: %v: curve ends at %v, mean final informed is %v", seed, st, curve[len(curve)-1], want)
		}
		finished := 0
		for i, r := range res.RoundsAllByTrial {
			if (r > 0) != (m.InformedByTrial[i] == cfg.N) {
				t.Errorf("seed %d: %v trial %d: T_all %d but %d informed", seed, st, i, r, m.InformedByTrial[i])
			}
			if r > 0 {
				finished++
				if r > m.TLastByTrial[i] {
					t.Errorf("seed %d: %v trial %d: T_all %d after t_last %d", seed, st, i, r, m.TLastByTrial[i])
				}
			}
		}
		if finished != res.RoundsAll.Count || finished+res.Unfinished != cfg.Trials || m.Capped != 0 {
			t.Errorf("seed %d: %v: %d finished, RoundsAll.Count %d, %d unfinished, %d capped", seed, st, finished, res.RoundsAll.Count, res.Unfinished, m.Capped)
		}
		if m.Residue.Count != cfg.Trials || m.TLast.Max > m.Rounds.Max {
			t.Errorf("seed %d: %v: residue over %d trials, t_last max %v > T_end max %v", seed, st, m.Residue.Count, m.TLast.Max, m.Rounds.Max)
		}
	}
	plain, err := Spread(SpreadConfig{N: 100, Mode: Push, Fanout: 1, Trials: 5, Seed: seed})
	if err != nil || plain.Mongering != nil {
		t.Errorf("seed %d: stop none: err %v, mongering figures %v, want none", seed, err, plain.Mongering)
	}
}

func TestMongeringRoundCap(t *testing.T) {
	const seed = 3
	res, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Trials: 20, Seed: seed, MaxRounds: 8, Stop: StopRule{StopCoin, 50}})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	m := res.Mongering
	if m.Capped != 20 || m.Rounds.Max != 8 || len(res.MeanInformedByRound) != 9 || res.Unfinished != 20 {
		t.Errorf("seed %d: coin:50 capped at 8 rounds: %d capped, T_end max %v, %d curve points, %d unfinished; want 20, 8, 9, 20",
			seed, m.Capped, m.Rounds.Max, len(res.MeanInformedByRound), res.Unfinished)
	}
	if c := MongerRoundCap(1000, 1, 0, 1000); c <= RoundCap(1000, 1, 0) || c < 1000*7 {
		t.Errorf("MongerRoundCap(1000, 1, 0, 1000) = %d, want well above the ~K·ln N = 6900 rounds coin:1000 needs", c)
	}
	if c := MongerRoundCap(MaxSpreadN, 1, 1-1e-9, MaxStopK); c != MaxRoundCap {
		t.Errorf("MongerRoundCap near loss 1 = %d, want the clamp %d", c, MaxRoundCap)
	}
	// The automatic cap lets coin:200 run to its end on a small group.
	res, err = Spread(SpreadConfig{N: 30, Mode: Push, Fanout: 1, Trials: 5, Seed: seed, Stop: StopRule{StopCoin, 200}})
	if err != nil || res.Mongering.Capped != 0 || res.Config.MaxRounds != MongerRoundCap(30, 1, 0, 200) {
		t.Errorf("seed %d: coin:200 N=30: err %v, %d capped, cap %d", seed, err, res.Mongering.Capped, res.Config.MaxRounds)
	}
}

func TestParseStopRule(t *testing.T) {
	for _, st := range []StopRule{{}, {StopCounter, 1}, {StopCoin, 1000}, {StopCounterNoReset, 7}, {StopFeedbackCoin, 2}, {StopBlindCounter, 3}} {
		got, err := ParseStopRule(st.String())
		if err != nil || got != st {
			t.Errorf("ParseStopRule(%q) = %v, %v; want %v", st.String(), got, err, st)
		}
	}
	for _, bad := range []string{"", "foo", "counter", "counter:", "counter:0", "counter:1001", "coin:x", "coin:-1", "coin:2.5", "none:3", "Counter:2", " counter:2", "counter:2 "} {
		_, err := ParseStopRule(bad)
		if err == nil || !strings.Contains(err.Error(), "[1, 1000]") || !strings.Contains(err.Error(), "counter:K") {
			t.Errorf("ParseStopRule(%q) = %v, want an error naming the forms and K's range", bad, err)
		}
	}
}

func TestMongeringValidate(t *testing.T) {
	good := SpreadConfig{N: 32, Mode: Push, Fanout: 1, Trials: 1, Stop: StopRule{StopCounter, 1000}}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	for _, c := range []struct {
		cfg      SpreadConfig
		problems int
		want     []string
	}{
		{SpreadConfig{N: 32, Mode: Push, Fanout: 1, Trials: 1, Stop: StopRule{StopCounter, 0}}, 1, []string{"stop K must be in [1, 1000], got 0"}},
		{SpreadConfig{N: 32, Mode: Push, Fanout: 1, Trials: 1, Stop: StopRule{StopCoin, 1001}}, 1, []string{"stop K must be in [1, 1000], got 1001"}},
		{SpreadConfig{N: 32, Mode: Push, Fanout: 1, Trials: 1, Stop: StopRule{StopKind(9), 2}}, 1, []string{"stop must be one of none, counter, coin", "StopKind(9)"}},
		{SpreadConfig{N: 32, Mode: Push, Fanout: 1, Trials: 1, Stop: StopRule{StopNone, 3}}, 1, []string{"stop none takes no K, got K=3"}},
		{SpreadConfig{N: 32, Mode: Pull, Fanout: 1, Trials: 1, Stop: StopRule{StopCounter, 2}}, 1, []string{"stop rule counter needs mode push, got pull"}},
		{SpreadConfig{N: 32, Mode: PushPull, Fanout: 1, Trials: 1, Stop: StopRule{StopCoin, 2}}, 1, []string{"stop rule coin needs mode push, got pushpull"}},
		// Every bad field at once, the stop rule's among them.
		{SpreadConfig{N: 32, Mode: Pull, Fanout: 40, Trials: 0, Stop: StopRule{StopCoin, -1}}, 4,
			[]string{"fanout must be in [1, N-1=31], got 40", "trials must be in [1, 1000000], got 0", "stop K must be in [1, 1000], got -1", "needs mode push, got pull"}},
	} {
		err := c.cfg.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("Validate(%+v) = %v, want a *ConfigError", c.cfg, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Validate(%+v) = %q, want it to contain %q", c.cfg, err, w)
			}
		}
		if len(ce.Problems) != c.problems {
			t.Errorf("Validate(%+v) found %d problems, want %d: %q", c.cfg, len(ce.Problems), c.problems, ce.Problems)
		}
		if _, err := Spread(c.cfg); err == nil {
			t.Errorf("Spread ran with an invalid config %+v", c.cfg)
		}
	}
}
