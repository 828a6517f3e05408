package experiment

import (
	"errors"
	"fmt"
	"testing"

	"gossiplab/core"
)

// yieldCase is a small lossy cluster: loss makes some probes and detections slow, so every
// phase of Measure (warm-up, window with probes, detection) calls the hook.
func yieldCase(n int, seed uint64) core.Config {
	c := core.DefaultConfig()
	c.N = n
	c.Loss = 0.05
	c.TSuspect = 3 * core.Second
	c.TRemove = 6 * core.Second
	c.TTombstone = 18 * core.Second
	c.Seed = seed
	return c
}

// same prints every field, NaNs included, with floats in their shortest exact form.
func same(a, b Result) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }

func TestYieldHookChangesNothing(t *testing.T) {
	opt := Options{Window: 20 * core.Second, Probes: 4}
	for _, n := range []int{5, 24, 64} { // at 64 a probe spans more than YieldEvents events
		for _, seed := range []uint64{1, 2, 3, 42, 1234} {
			cfg := yieldCase(n, seed)
			plain, err := Measure(cfg, opt)
			if err != nil {
				t.Fatalf("seed %d n %d: without hook: %v", seed, n, err)
			}
			calls := 0
			hooked := opt
			hooked.Yield = func() bool { calls++; return true }
			got, err := Measure(cfg, hooked)
			if err != nil {
				t.Fatalf("seed %d n %d: with hook: %v", seed, n, err)
			}
			if !same(plain, got) {
				t.Errorf("seed %d n %d: the Yield hook changed the result\nwithout: %+v\nwith:    %+v", seed, n, plain, got)
			}
			if got.Options.Yield != nil {
				t.Errorf("seed %d n %d: Result.Options keeps the hook", seed, n)
			}
			// At least one call per period of warm-up, window and detection.
			if minCalls := int((plain.Options.Warmup + plain.Options.Window) / cfg.Period); calls < minCalls {
				t.Errorf("seed %d n %d: hook called %d times, want at least %d", seed, n, calls, minCalls)
			}
		}
	}
}

// A sweep whose jobs run with a hook gives the same summary as the CLI's plain run.
func TestYieldHookSweepEqual(t *testing.T) {
	s := Sweep{Base: yieldCase(8, testSeed), Param: param(t, "fanout"), Values: []float64{1, 3}, Runs: 2,
		Options: Options{Window: 10 * core.Second}}
	plain, err := s.Run()
	if err != nil {
		t.Fatalf("seed %d: %v", testSeed, err)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatalf("seed %d: %v", testSeed, err)
	}
	opt := s.Options
	opt.Yield = func() bool { return true }
	for i, j := range jobs {
		got, err := RunJob(j, opt)
		if err != nil {
			t.Fatalf("seed %d job %d: %v", j.Config.Seed, i, err)
		}
		if !same(plain[i], got) {
			t.Errorf("seed %d job %d (fanout %g run %d): hook changed the result\nwithout: %+v\nwith:    %+v",
				j.Config.Seed, i, j.Value, j.Run, plain[i], got)
		}
	}
}

func TestYieldCancels(t *testing.T) {
	cfg := yieldCase(16, 7)
	opt := Options{Window: 20 * core.Second, Probes: 4}
	total := 0
	opt.Yield = func() bool { total++; return true }
	if _, err := Measure(cfg, opt); err != nil {
		t.Fatalf("seed %d: %v", cfg.Seed, err)
	}
	// Cancel at the first call, in the warm-up, in the window, and at the very last call.
	for _, at := range []int{1, 5, total / 2, total} {
		calls := 0
		opt.Yield = func() bool { calls++; return calls < at }
		r, err := Measure(cfg, opt)
		if !errors.Is(err, ErrCanceled) {
			t.Errorf("seed %d: cancel at call %d of %d: err = %v, want ErrCanceled", cfg.Seed, at, total, err)
		}
		if calls != at {
			t.Errorf("seed %d: cancel at call %d: the hook was called %d times; it must stop at once", cfg.Seed, at, calls)
		}
		if r.Config.N != 0 {
			t.Errorf("seed %d: cancel at call %d returned a partial result", cfg.Seed, at)
		}
	}
}
