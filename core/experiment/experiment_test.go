package experiment

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gossiplab/core"
)

// testSeed is the base seed of every test sweep; failures name it.
const testSeed = 42

// lossless is the classroom configuration without loss: M=3, X=1 s, T_suspect 6 s.
func lossless(n int) core.Config {
	c := core.DefaultConfig()
	c.N = n
	c.Loss = 0
	c.Seed = testSeed
	return c
}

func mustRun(t *testing.T, s Sweep) []Point {
	t.Helper()
	res, err := s.Run()
	if err != nil {
		t.Fatalf("seed %d: sweep %s over %v: %v", s.Base.Seed, s.Param.Name, s.Values, err)
	}
	return Summarize(s.Values, res)
}

func param(t *testing.T, name string) *Param {
	t.Helper()
	p, err := ParamByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mean(p Point, key string) float64 { return p.Stats[MetricIndex(key)].Mean }

func TestDisseminationGrowsWithN(t *testing.T) {
	s := Sweep{Base: lossless(16), Param: param(t, "n"), Values: []float64{16, 48, 128}, Runs: 3,
		Options: Options{Window: 30 * core.Second}}
	pts := mustRun(t, s)
	var ns, ts []float64
	for i, p := range pts {
		d := mean(p, "dissemination_ms")
		if math.IsNaN(d) || p.ProbesUnreached > 0 {
			t.Fatalf("seed %d: N=%g: dissemination %v ms with %d probes unreached", testSeed, p.Value, d, p.ProbesUnreached)
		}
		if i > 0 && !(d > ts[i-1]) {
			t.Errorf("seed %d: dissemination at N=%g is %.0f ms, not above %.0f ms at N=%g", testSeed, p.Value, d, ts[i-1], ns[i-1])
		}
		// A heartbeat needs at least one hop of latency, and push gossip spreads it in about
		// (log2 N + ln N)/M rounds; allow one period more.
		hi := ((math.Log2(p.Value)+math.Log(p.Value))/3 + 1) * 1000
		if d < 20 || d > hi {
			t.Errorf("seed %d: dissemination at N=%g is %.0f ms, outside [20, %.0f]", testSeed, p.Value, d, hi)
		}
		ns, ts = append(ns, p.Value), append(ts, d)
	}
	f, err := Log2Fit(ns, ts)
	if err != nil || !(f.B > 0) {
		t.Errorf("seed %d: fit T = a + b·log2 N over %v, %v: %+v, %v; want b > 0", testSeed, ns, ts, f, err)
	}
}

func TestLoadIsFanoutOverPeriod(t *testing.T) {
	for _, tc := range []struct {
		m      int
		period core.Time
	}{{1, core.Second}, {3, core.Second}, {5, 500}, {2, 2 * core.Second}} {
		c := lossless(32)
		c.Fanout, c.Period = tc.m, tc.period
		r, err := Measure(c, Options{Window: 30 * core.Second})
		if err != nil {
			t.Fatalf("seed %d: %v", c.Seed, err)
		}
		want := float64(tc.m) * 1000 / float64(tc.period)
		if got := r.MsgsPerNodePerSec; math.Abs(got-want) > 0.02*want {
			t.Errorf("seed %d: M=%d X=%d ms: %.4f msgs per node per s, want M/X = %.4f within 2%%", c.Seed, tc.m, tc.period, got, want)
		}
	}
}

func TestBytesGrowLinearlyWithN(t *testing.T) {
	s := Sweep{Base: lossless(16), Param: param(t, "n"), Values: []float64{16, 32, 64, 128}, Runs: 1,
		Options: Options{Window: 20 * core.Second, Probes: 1}}
	pts := mustRun(t, s)
	var ns, bs []float64
	for _, p := range pts {
		ns, bs = append(ns, p.Value), append(bs, mean(p, "bytes_per_node_per_s"))
	}
	f, err := LinearFit(ns, bs)
	if err != nil {
		t.Fatalf("seed %d: %v", testSeed, err)
	}
	// Every node sends M = 3 full lists per second: 3·(36 + 16·N) bytes.
	c := s.Base
	slope := float64(c.Fanout*c.EntryBytes) * 1000 / float64(c.Period)
	if f.R2 < 0.999 || math.Abs(f.B-slope) > 0.02*slope {
		t.Errorf("seed %d: bytes per node per s against N %v: %v; fit %+v, want linear (R² ≥ 0.999) with slope %.0f B/s per node within 2%%",
			testSeed, ns, bs, f, slope)
	}
}

func TestFalsePositivesFallWithTSuspect(t *testing.T) {
	base := lossless(32)
	base.Loss = 0.2
	s := Sweep{Base: base, Param: param(t, "t_suspect"), Values: []float64{2000, 8000}, Runs: 2,
		Options: Options{Window: 30 * core.Second, Probes: 2}}
	pts := mustRun(t, s)
	short, long := mean(pts[0], "false_suspicions_per_node_per_s"), mean(pts[1], "false_suspicions_per_node_per_s")
	if !(short > long) || !(short > 0) {
		t.Errorf("seed %d: at 20%% loss, false suspicions per node per s: %g at T_suspect = 2X, %g at 8X; want the first higher and positive",
			testSeed, short, long)
	}
	if synced := mean(pts[0], "synced_fraction"); !(synced < mean(pts[1], "synced_fraction")) {
		t.Errorf("seed %d: at 20%% loss, synced fraction %g at T_suspect = 2X is not below %g at 8X", testSeed, synced, mean(pts[1], "synced_fraction"))
	}
}

func TestDetectionStagesInOrder(t *testing.T) {
	c := lossless(24)
	r, err := Measure(c, Options{Window: 10 * core.Second, Probes: 1})
	if err != nil {
		t.Fatalf("seed %d: %v", c.Seed, err)
	}
	if r.CrashedNode != 23 || r.DetectUnreached != 0 {
		t.Fatalf("seed %d: crashed node %d, %d stages unreached; want node 23 and none", c.Seed, r.CrashedNode, r.DetectUnreached)
	}
	// The freshest heartbeat anyone holds at the crash is at most one period plus the
	// dissemination old, so nobody suspects before T_suspect minus that, and everyone has
	// removed it by T_remove plus a few periods.
	lo := float64(c.TSuspect - c.Period - c.LatencyMax)
	if !(r.FirstSuspectMs >= lo && r.FirstSuspectMs <= r.AllSuspectMs && r.AllSuspectMs <= r.AllRemovedMs &&
		r.AllRemovedMs <= float64(c.TRemove+10*c.Period)) {
		t.Errorf("seed %d: detection delays first %g, all-suspect %g, all-removed %g ms; want %g ≤ first ≤ all-suspect ≤ all-removed ≤ %d",
			c.Seed, r.FirstSuspectMs, r.AllSuspectMs, r.AllRemovedMs, lo, c.TRemove+10*c.Period)
	}
}

func TestDeterministic(t *testing.T) {
	c := lossless(24)
	c.Loss = 0.1
	c.TSuspect, c.TRemove, c.TTombstone = 2000, 4000, 12000
	opt := Options{Window: 20 * core.Second}
	a, err1 := Measure(c, opt)
	b, err2 := Measure(c, opt)
	if err1 != nil || err2 != nil {
		t.Fatalf("seed %d: %v %v", c.Seed, err1, err2)
	}
	if fa, fb := fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b); fa != fb {
		t.Errorf("seed %d: two runs differ:\n%s\n%s", c.Seed, fa, fb)
	}
	c.Seed++
	d, _ := Measure(c, opt)
	if fmt.Sprintf("%+v", d) == fmt.Sprintf("%+v", a) {
		t.Errorf("seeds %d and %d gave identical results: the seed is not used", c.Seed-1, c.Seed)
	}
}

func TestSweepSeedsAndDerivedTimeouts(t *testing.T) {
	s := Sweep{Base: lossless(16), Param: param(t, "t_suspect"), Values: []float64{1000, 3000}, Runs: 2}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 4 {
		t.Fatalf("%d jobs, want 4", len(jobs))
	}
	for _, j := range jobs {
		c := j.Config
		if c.Seed != testSeed+uint64(j.Run) || c.TSuspect != core.Time(j.Value) || c.TRemove != 2*c.TSuspect || c.TTombstone != 3*c.TRemove {
			t.Errorf("job %+v: seed %d, T_suspect %d, T_remove %d, T_tombstone %d; want seed %d and 1:2:6 timeouts",
				j, c.Seed, c.TSuspect, c.TRemove, c.TTombstone, testSeed+uint64(j.Run))
		}
	}
	s.KeepTRemove, s.KeepTTombstone = true, true
	s.Base.TRemove, s.Base.TTombstone = 20000, 60000
	if jobs, _ := s.Jobs(); jobs[0].Config.TRemove != 20000 || jobs[0].Config.TTombstone != 60000 {
		t.Errorf("kept timeouts were changed: %+v", jobs[0].Config)
	}
}

func TestSweepRejectsBadValues(t *testing.T) {
	n := param(t, "n")
	if _, err := n.ParseValues("16,abc"); err == nil || !strings.Contains(err.Error(), `"abc"`) || !strings.Contains(err.Error(), "[2, 10000]") {
		t.Errorf(`ParseValues("16,abc") = %v; want an error naming "abc" and the range`, err)
	}
	if _, err := n.ParseValues("16,1.5"); err == nil || !strings.Contains(err.Error(), "integer") {
		t.Errorf(`ParseValues("16,1.5") = %v; want an integer error`, err)
	}
	if _, err := param(t, "loss").ParseValues("0,1"); err == nil || !strings.Contains(err.Error(), "[0, 1)") {
		t.Errorf(`loss ParseValues("0,1") = %v; want a [0, 1) error`, err)
	}
	if v, err := param(t, "loss").ParseValues(" 0, 0.05 ,0.2"); err != nil || len(v) != 3 || v[1] != 0.05 {
		t.Errorf("loss ParseValues = %v, %v", v, err)
	}
	if _, err := ParamByName("speed"); err == nil || !strings.Contains(err.Error(), "t_suspect") {
		t.Errorf(`ParamByName("speed") = %v; want an error listing the parameters`, err)
	}
	s := Sweep{Base: lossless(16), Param: param(t, "fanout"), Values: []float64{3, 16}, Runs: 1}
	err := s.Validate()
	var ve *ValueError
	var ce *core.ConfigError
	if !errors.As(err, &ve) || ve.Value != 16 || !errors.As(err, &ce) || ce.Problems[0].Field != "fanout" {
		t.Errorf("fanout 16 at N=16: %v; want a ValueError wrapping a fanout ConfigError", err)
	}
}

func TestStatOfSkipsNaN(t *testing.T) {
	st := StatOf([]float64{1, math.NaN(), 3})
	if st.Count != 2 || st.Mean != 2 || math.Abs(st.SD-math.Sqrt2) > 1e-12 {
		t.Errorf("StatOf(1, NaN, 3) = %+v; want count 2, mean 2, sd √2", st)
	}
	if st := StatOf([]float64{5}); st.Count != 1 || st.Mean != 5 || !math.IsNaN(st.SD) {
		t.Errorf("StatOf(5) = %+v; want mean 5, sd NaN", st)
	}
	if st := StatOf([]float64{math.NaN()}); st.Count != 0 || !math.IsNaN(st.Mean) {
		t.Errorf("StatOf(NaN) = %+v; want count 0, mean NaN", st)
	}
}
