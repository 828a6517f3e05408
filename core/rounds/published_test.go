package rounds

import (
	"math"
	"strconv"
	"testing"
)

// The published figures the round model must reproduce. Each case runs ≥1000 trials with a
// fixed seed; the tolerance is the published one, which is several standard errors wide.

func checkPublished(t *testing.T, what string, seed uint64, s Summary, want, tol float64) {
	t.Helper()
	if math.Abs(s.Mean-want) > tol {
		t.Errorf("seed %d: %s = %.3f ± %.3f (SE, %d trials), published %.2f ± %.2f", seed, what, s.Mean, s.SE, s.Count, want, tol)
	} else {
		t.Logf("seed %d: %s = %.3f ± %.3f (SE, %d trials), published %.2f ± %.2f", seed, what, s.Mean, s.SE, s.Count, want, tol)
	}
}

func TestPublishedPush1000(t *testing.T) {
	const seed = 20240601
	res, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Trials: 2000, Seed: seed})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if res.Unfinished != 0 {
		t.Errorf("seed %d: %d unfinished trials", seed, res.Unfinished)
	}
	checkPublished(t, "push N=1000 b=1 mean T_all", seed, res.RoundsAll, 18.04, 0.17)
	checkPublished(t, "push N=1000 b=1 mean T_99", seed, res.Rounds99, 15.09, 0.05)
}

func TestPublishedPushPull1000(t *testing.T) {
	const seed = 20240602
	res, err := Spread(SpreadConfig{N: 1000, Mode: PushPull, Fanout: 1, Trials: 2000, Seed: seed})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	checkPublished(t, "push-pull N=1000 b=1 mean T_all", seed, res.RoundsAll, 9.15, 0.07)
}

func TestPublishedFreshHeartbeat(t *testing.T) {
	const seed = 20240603
	for _, c := range []struct {
		n    int
		want float64
	}{{32, 9.33}, {64, 11.16}, {128, 12.93}} {
		res, err := Fresh(FDConfig{N: c.n, Fanout: 1, TSuspect: 20, TRemove: 40, Trials: 2000, Seed: seed})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if res.Unfinished != 0 || res.Rounds.Min < 1 {
			t.Errorf("seed %d: N=%d: %d unfinished, min %v (want ≥ 1)", seed, c.n, res.Unfinished, res.Rounds.Min)
		}
		checkPublished(t, "fresh heartbeat fanout 1 N="+strconv.Itoa(c.n), seed, res.Rounds, c.want, 0.17)
	}
}
