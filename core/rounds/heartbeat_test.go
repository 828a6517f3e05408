package rounds

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestColumnMatchesMatrix runs the full matrix and the one-column simulation on the same
// stream: they draw identical messages, so node 0's column of the matrix (heartbeat, last
// increase, status at every observer) must equal the column simulation after every round,
// before and after node 0 crashes. This is what justifies simulating one column only.
func TestColumnMatchesMatrix(t *testing.T) {
	const seed = 606
	for _, c := range []struct {
		n, fanout int
		loss      float64
	}{{12, 1, 0.2}, {12, 3, 0.3}, {12, 9, 0.5}, {2, 1, 0.4}, {30, 2, 0}} {
		name := fmt.Sprintf("n=%d/fanout=%d/loss=%g", c.n, c.fanout, c.loss)
		const r1, r2, warm, after = 3, 6, 15, 25
		m := newMatrix(c.n, c.fanout, c.loss, r1, r2)
		col := newColumn(c.n, c.fanout, c.loss, r1, r2)
		srcM, srcC := newTrialSource(), newTrialSource()
		for trial := range 3 {
			rm, rc := srcM.start(seed, expDetect, trial), srcC.start(seed, expDetect, trial)
			m.reset()
			col.reset()
			for r := int32(1); r <= warm+after; r++ {
				if r == warm+1 {
					m.crashed, col.crashed = true, true
				}
				_, mSusp := m.round(rm, r)
				cSusp := col.round(rc, r)
				if r > warm && mSusp != cSusp {
					t.Fatalf("seed %d: %s trial %d round %d: %d suspicions of node 0 in the matrix, %d in the column", seed, name, trial, r, mSusp, cSusp)
				}
				susp, rem := 0, 0
				for j := range c.n {
					k := j * c.n
					if m.hb[k] != col.hb[j] || m.last[k] != col.last[j] || m.status[k] != col.status[j] {
						t.Fatalf("seed %d: %s trial %d round %d observer %d: matrix (hb %d, last %d, %v) vs column (hb %d, last %d, %v)",
							seed, name, trial, r, j, m.hb[k], m.last[k], m.status[k], col.hb[j], col.last[j], col.status[j])
					}
					if j > 0 && m.status[k] != Alive {
						susp++
					}
					if j > 0 && m.status[k] == Removed {
						rem++
					}
				}
				if susp != col.suspected || rem != col.removed {
					t.Fatalf("seed %d: %s trial %d round %d: column counts %d suspected %d removed, recount %d %d", seed, name, trial, r, col.suspected, col.removed, susp, rem)
				}
			}
		}
	}
}

// TestFalseSuspicionTwoNodes: with N = 2, fanout 1 and T_suspect 1, each observer gets the
// other's list every round unless it is lost (probability p). It suspects exactly in a round
// whose message is lost right after a round whose message arrived, so the rate of suspicions
// per observer per round is p(1-p).
func TestFalseSuspicionTwoNodes(t *testing.T) {
	const seed = 2
	for _, p := range []float64{0.1, 0.3, 0.5} {
		res, err := FalseSuspicions(FDConfig{N: 2, Fanout: 1, Loss: p, TSuspect: 1, TRemove: 2, Trials: 300, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want := p * (1 - p)
		if math.Abs(res.Rate.Mean-want) > 4.5*res.Rate.SE {
			t.Errorf("seed %d: p=%g: false suspicion rate %.4f ± %.4f, want p(1-p) = %.4f", seed, p, res.Rate.Mean, res.Rate.SE, want)
		}
		if got := int64(math.Round(res.Rate.Mean * 2 * 100 * 300)); got != res.Count {
			t.Errorf("seed %d: p=%g: count %d does not match mean rate × N × rounds × trials = %d", seed, p, res.Count, got)
		}
	}
}

func TestFalseSuspicionsFallWithTimeout(t *testing.T) {
	const seed = 17
	prev := math.Inf(1)
	for _, r1 := range []int{2, 4, 8, 30} {
		res, err := FalseSuspicions(FDConfig{N: 24, Fanout: 1, Loss: 0.2, TSuspect: r1, TRemove: r1 + 5, Trials: 20, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if res.Rate.Mean > prev || (r1 == 2 && res.Count == 0) {
			t.Errorf("seed %d: T_suspect %d: false suspicion rate %.4f, previous (shorter timeout) %.4f: want positive and falling", seed, r1, res.Rate.Mean, prev)
		}
		prev = res.Rate.Mean
	}
	if prev > 1e-3 {
		t.Errorf("seed %d: T_suspect 30 with N=24: false suspicion rate %.5f, want nearly none", seed, prev)
	}
}

// TestDetectBroadcast: with fanout N-1 and no loss every observer hears node 0 in every round
// up to the crash, so each suspects exactly T_suspect rounds later and removes T_remove later.
func TestDetectBroadcast(t *testing.T) {
	const seed = 5
	for _, n := range []int{2, 9} {
		res, err := Detect(FDConfig{N: n, Fanout: n - 1, TSuspect: 4, TRemove: 11, Trials: 20, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, c := range []struct {
			name string
			s    Summary
			want float64
		}{{"first suspect", res.FirstSuspect, 4}, {"all suspect", res.AllSuspect, 4}, {"all removed", res.AllRemoved, 11}} {
			if c.s.Count != 20 || c.s.Min != c.want || c.s.Max != c.want {
				t.Errorf("seed %d: n=%d: %s over %d trials in [%v, %v], want always %v", seed, n, c.name, c.s.Count, c.s.Min, c.s.Max, c.want)
			}
		}
	}
}

// TestDetectSpreadsLastHeartbeat: without loss every observer eventually holds node 0's last
// heartbeat and hears nothing newer, so it suspects T_suspect rounds and removes T_remove rounds
// after its last increase. The gap between everyone suspecting and everyone removing is thus
// exactly T_remove - T_suspect in every trial, and everyone suspecting takes T_suspect plus
// the time for the last heartbeat to reach everyone (a push that started in the crash round).
func TestDetectSpreadsLastHeartbeat(t *testing.T) {
	const seed = 44
	cfg := FDConfig{N: 64, Fanout: 1, TSuspect: 20, TRemove: 33, Trials: 500, Seed: seed}
	res, err := Detect(cfg)
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if res.Undetected != 0 {
		t.Errorf("seed %d: %d undetected trials", seed, res.Undetected)
	}
	if d := res.AllRemoved.Mean - res.AllSuspect.Mean; math.Abs(d-13) > 1e-9 || math.Abs(res.AllRemoved.SD-res.AllSuspect.SD) > 1e-9 {
		t.Errorf("seed %d: all removed %.3f (sd %.3f) vs all suspect %.3f (sd %.3f): want a constant gap of 13", seed, res.AllRemoved.Mean, res.AllRemoved.SD, res.AllSuspect.Mean, res.AllSuspect.SD)
	}
	if res.FirstSuspect.Mean > res.AllSuspect.Mean {
		t.Errorf("seed %d: first suspect %.3f after all suspect %.3f", seed, res.FirstSuspect.Mean, res.AllSuspect.Mean)
	}
	fr, _ := Fresh(cfg)
	// The last heartbeat is pushed from round C like a fresh one, but node 0 stops forwarding
	// it after that round, so it can only be slower, and by little.
	spread := res.AllSuspect.Mean - float64(cfg.TSuspect) + 1
	if spread < fr.Rounds.Mean-0.3 || spread > fr.Rounds.Mean+1.5 {
		t.Errorf("seed %d: all suspect - T_suspect + 1 = %.3f, want just above the fresh-heartbeat time %.3f", seed, spread, fr.Rounds.Mean)
	}
	t.Logf("seed %d: first %.3f, all suspect %.3f, all removed %.3f, fresh %.3f", seed, res.FirstSuspect.Mean, res.AllSuspect.Mean, res.AllRemoved.Mean, fr.Rounds.Mean)
}

func TestDetectUndetectedIsBounded(t *testing.T) {
	const seed = 9
	// Loss 0.95 with a long remove timeout: the run must end within its bound either way.
	res, err := Detect(FDConfig{N: 8, Fanout: 1, Loss: 0.95, TSuspect: 1, TRemove: 2, Trials: 5, Seed: seed, Warmup: 3})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if res.Undetected+res.AllRemoved.Count != 5 || res.Bound <= 2 {
		t.Errorf("seed %d: %d undetected + %d detected != 5 trials (bound %d)", seed, res.Undetected, res.AllRemoved.Count, res.Bound)
	}
}

func TestFreshTwoNodes(t *testing.T) {
	const seed = 1
	res, err := Fresh(FDConfig{N: 2, Fanout: 1, TSuspect: 1, TRemove: 2, Trials: 10, Seed: seed})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if res.Rounds.Min != 1 || res.Rounds.Max != 1 {
		t.Errorf("seed %d: N=2 without loss: fresh in [%v, %v] rounds, want 1 (round 1 counted)", seed, res.Rounds.Min, res.Rounds.Max)
	}
}

func TestFailureDetectionDeterministic(t *testing.T) {
	const seed = 123
	cfg := FDConfig{N: 20, Fanout: 2, Loss: 0.1, TSuspect: 5, TRemove: 9, Trials: 10, Seed: seed, Rounds: 30}
	a, err := FailureDetection(cfg)
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	b, _ := FailureDetection(cfg)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("seed %d: two runs with the same seed differ:\n%+v\n%+v", seed, a, b)
	}
	cfg.Seed++
	c, _ := FailureDetection(cfg)
	if reflect.DeepEqual(a.Detect, c.Detect) && reflect.DeepEqual(a.False, c.False) {
		t.Errorf("seeds %d and %d gave identical results", seed, seed+1)
	}
	if a.Config.Warmup != DefaultWarmup(20, 0.1) || a.Config.Rounds != 30 {
		t.Errorf("seed %d: resolved warmup %d rounds %d, want %d and 30", seed, a.Config.Warmup, a.Config.Rounds, DefaultWarmup(20, 0.1))
	}
}

func TestDefaultWarmup(t *testing.T) {
	want := int(math.Ceil(3 * (math.Log2(64) + math.Log(64)) / 0.5))
	if got := DefaultWarmup(64, 0.5); got != want {
		t.Errorf("DefaultWarmup(64, 0.5) = %d, want %d", got, want)
	}
}

func TestFDValidate(t *testing.T) {
	good := FDConfig{N: 32, Fanout: 1, TSuspect: 5, TRemove: 6, Trials: 1}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	bad := FDConfig{N: 32, Fanout: 40, Loss: 1.5, TSuspect: 10, TRemove: 10, Trials: -1, Warmup: -2, Rounds: -3}
	err := bad.Validate()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("Validate(%+v) = %v, want a *ConfigError", bad, err)
	}
	for _, want := range []string{
		"fanout must be in [1, N-1=31], got 40",
		"loss must be in [0, 1), got 1.5",
		"t_remove must be in [t_suspect+1=11, 1000000], got 10",
		"trials must be in [1, 1000000], got -1",
		"warmup must be in [0, 1000000]",
		"rounds must be in [0, 1000000]",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error %q does not contain %q", err, want)
		}
	}
	if len(ce.Problems) != 6 {
		t.Errorf("Validate found %d problems, want 6: %q", len(ce.Problems), ce.Problems)
	}
	for _, c := range []struct {
		cfg  FDConfig
		want string
	}{
		{FDConfig{N: 4096, Fanout: 1, TSuspect: 1, TRemove: 2, Trials: 1}, "n must be in [2, 2048], got 4096"},
		{FDConfig{N: 8, Fanout: 1, TSuspect: 0, TRemove: 2, Trials: 1}, "t_suspect must be in [1, 999999], got 0"},
	} {
		if err := c.cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate(%+v) = %v, want it to contain %q", c.cfg, err, c.want)
		}
	}
	for _, run := range []func(FDConfig) error{
		func(c FDConfig) error { _, err := Fresh(c); return err },
		func(c FDConfig) error { _, err := Detect(c); return err },
		func(c FDConfig) error { _, err := FalseSuspicions(c); return err },
		func(c FDConfig) error { _, err := FailureDetection(c); return err },
	} {
		if run(bad) == nil {
			t.Errorf("an experiment ran with an invalid config")
		}
	}
}
