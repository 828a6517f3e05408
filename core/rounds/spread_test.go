package rounds

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestMeanInformedByRound(t *testing.T) {
	const seed = 31337
	for _, mode := range []Mode{Push, Pull, PushPull} {
		for _, p := range []float64{0, 0.4} {
			cfg := SpreadConfig{N: 300, Mode: mode, Fanout: 2, Loss: p, Trials: 200, Seed: seed}
			res, err := Spread(cfg)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			m := res.MeanInformedByRound
			longest := int(res.RoundsAll.Max)
			if len(m) != longest+1 {
				t.Errorf("seed %d: %v p=%g: %d elements, want longest trial %d + 1", seed, mode, p, len(m), longest)
			}
			if m[0] != 1 || m[len(m)-1] != float64(cfg.N) {
				t.Errorf("seed %d: %v p=%g: starts at %v and ends at %v, want 1 and %d", seed, mode, p, m[0], m[len(m)-1], cfg.N)
			}
			for r := 1; r < len(m); r++ {
				if m[r] < m[r-1] {
					t.Errorf("seed %d: %v p=%g: mean informed falls from %v to %v at round %d", seed, mode, p, m[r-1], m[r], r)
				}
			}
			// One round before the longest trial ended, that trial was still short of N.
			if m[len(m)-2] >= float64(cfg.N) {
				t.Errorf("seed %d: %v p=%g: mean already N one round before the longest trial ended", seed, mode, p)
			}
		}
	}
}

func TestDeterminism(t *testing.T) {
	const seed = 8
	for _, mode := range []Mode{Push, Pull, PushPull} {
		// fanout 40 of 49 others takes the Fisher-Yates path, whose scratch must be reset per trial.
		for _, b := range []int{1, 3, 40} {
			cfg := SpreadConfig{N: 50, Mode: mode, Fanout: b, Loss: 0.2, Trials: 30, Seed: seed}
			a, _ := Spread(cfg)
			again, _ := Spread(cfg)
			if !reflect.DeepEqual(a.RoundsAllByTrial, again.RoundsAllByTrial) || !reflect.DeepEqual(a.MeanInformedByRound, again.MeanInformedByRound) {
				t.Errorf("seed %d: %v b=%d: two runs with the same seed differ", seed, mode, b)
			}
			// Trial i depends only on (seed, i): the first 10 of 30 trials equal a 10-trial run.
			short := cfg
			short.Trials = 10
			s, _ := Spread(short)
			if !reflect.DeepEqual(s.RoundsAllByTrial, a.RoundsAllByTrial[:10]) {
				t.Errorf("seed %d: %v b=%d: trial results depend on the number of trials: %v vs %v", seed, mode, b, s.RoundsAllByTrial, a.RoundsAllByTrial[:10])
			}
			other := cfg
			other.Seed = seed + 1
			o, _ := Spread(other)
			if reflect.DeepEqual(o.MeanInformedByRound, a.MeanInformedByRound) {
				t.Errorf("seeds %d and %d: %v b=%d: different seeds gave identical results", seed, seed+1, mode, b)
			}
		}
	}
}

func TestUnfinishedTrialsAreCounted(t *testing.T) {
	const seed = 3
	res, err := Spread(SpreadConfig{N: 1000, Mode: Push, Fanout: 1, Loss: 0.9, Trials: 20, Seed: seed, MaxRounds: 30})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if res.Unfinished != 20 || res.RoundsAll.Count != 0 || !math.IsNaN(res.RoundsAll.Mean) {
		t.Errorf("seed %d: loss 0.9 capped at 30 rounds: %d unfinished, %d finished, mean %v; want 20, 0, NaN", seed, res.Unfinished, res.RoundsAll.Count, res.RoundsAll.Mean)
	}
	if len(res.MeanInformedByRound) != 31 {
		t.Errorf("seed %d: mean informed has %d rounds, want the 30 capped rounds plus round 0", seed, len(res.MeanInformedByRound))
	}
	for i, r := range res.RoundsAllByTrial {
		if r != -1 {
			t.Errorf("seed %d: trial %d reports T_all %d, want -1 (unfinished)", seed, i, r)
		}
	}
}

func TestRoundCap(t *testing.T) {
	if c := RoundCap(1000, 1, 0); c < 500 || c > 2000 {
		t.Errorf("RoundCap(1000, 1, 0) = %d, want a generous bound around 50·(log2 N + ln N)", c)
	}
	if c := RoundCap(1000, 1, 1-1e-15); c != MaxRoundCap {
		t.Errorf("RoundCap near loss 1 = %d, want the clamp %d", c, MaxRoundCap)
	}
}

func TestSpreadValidate(t *testing.T) {
	good := SpreadConfig{N: 32, Mode: Push, Fanout: 1, Trials: 1}
	if err := good.Validate(); err != nil {
		t.Fatalf("valid config rejected: %v", err)
	}
	bad := SpreadConfig{N: 32, Mode: Mode(7), Fanout: 40, Loss: 1, Trials: 0, MaxRounds: -1}
	err := bad.Validate()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("Validate(%+v) = %v, want a *ConfigError", bad, err)
	}
	for _, want := range []string{
		"mode must be one of push, pull, pushpull",
		"fanout must be in [1, N-1=31], got 40",
		"loss must be in [0, 1), got 1",
		"trials must be in [1, 1000000], got 0",
		"max_rounds must be in [0, 10000000]",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error %q does not contain %q", err, want)
		}
	}
	if len(ce.Problems) != 5 {
		t.Errorf("Validate found %d problems, want 5: %q", len(ce.Problems), ce.Problems)
	}
	for _, c := range []struct {
		cfg  SpreadConfig
		want string
	}{
		{SpreadConfig{N: 1, Mode: Push, Fanout: 1, Trials: 1}, "n must be in [2, 10000000], got 1"},
		{SpreadConfig{N: 1, Mode: Push, Fanout: 0, Trials: 1}, "fanout must be in [1, N-1], got 0"},
		{SpreadConfig{N: 10, Mode: Push, Fanout: 1, Loss: math.NaN(), Trials: 1}, "loss must be in [0, 1), got NaN"},
		{SpreadConfig{N: 10, Mode: Push, Fanout: 1, Loss: -0.1, Trials: 1}, "loss must be in [0, 1), got -0.1"},
	} {
		if err := c.cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Validate(%+v) = %v, want it to contain %q", c.cfg, err, c.want)
		}
	}
	if _, err := Spread(bad); err == nil {
		t.Errorf("Spread ran with an invalid config")
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{Push, Pull, PushPull} {
		got, err := ParseMode(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := ParseMode("gossip"); err == nil {
		t.Errorf("ParseMode(gossip) accepted")
	}
}
