package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestFDJSON(t *testing.T) {
	const seed = "11"
	args := []string{"fd", "--n", "24", "--fanout", "2", "--loss", "0.2", "--t-suspect", "4", "--t-remove", "9",
		"--trials", "10", "--seed", seed, "--rounds", "40", "--json"}
	code, out, errOut := runCLI(args...)
	if code != 0 {
		t.Fatalf("seed %s: %v: exit %d, stderr %q", seed, args, code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("seed %s: %v: output is not JSON: %v\n%s", seed, args, err, out)
	}
	for _, k := range []string{"fresh_mean_rounds", "fresh_sd_rounds", "fresh_q999_rounds", "detect_first_suspect_mean",
		"detect_all_suspect_mean", "detect_all_removed_mean", "false_suspicions", "false_suspicion_rate",
		"n", "fanout", "loss", "t_suspect", "t_remove", "trials", "seed", "rounds", "warmup"} {
		v, ok := m[k]
		if !ok {
			t.Errorf("seed %s: JSON lacks key %q", seed, k)
			continue
		}
		if _, num := v.(float64); !num {
			t.Errorf("seed %s: %s = %v, want a number", seed, k, v)
		}
	}
	want := map[string]float64{"n": 24, "fanout": 2, "loss": 0.2, "t_suspect": 4, "t_remove": 9, "trials": 10, "seed": 11, "rounds": 40}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("seed %s: %s = %v, want %v", seed, k, m[k], v)
		}
	}
	// The default warm-up ceil(3(log2 24 + ln 24)/(1-0.2)) = 30 is reported as used.
	if m["warmup"] != 30.0 {
		t.Errorf("seed %s: warmup = %v, want the default 30", seed, m["warmup"])
	}
	// T_suspect 4 with loss 0.2 is aggressive: there must be false suspicions, and every
	// suspicion rate is per observer per round, so below 1.
	if fs, _ := m["false_suspicions"].(float64); fs <= 0 {
		t.Errorf("seed %s: false_suspicions = %v, want > 0 with T_suspect 4 and loss 0.2", seed, m["false_suspicions"])
	}
	if r, _ := m["false_suspicion_rate"].(float64); r <= 0 || r >= 1 {
		t.Errorf("seed %s: false_suspicion_rate = %v, want in (0, 1)", seed, m["false_suspicion_rate"])
	}
	explicit := append(slices.Clone(args), "--warmup", "30")
	if code2, out2, _ := runCLI(explicit...); code2 != 0 || out2 != out {
		t.Errorf("seed %s: an explicit --warmup 30 gave different output from the default 30", seed)
	}
}

func TestFDText(t *testing.T) {
	code, out, errOut := runCLI("fd", "--n", "16", "--trials", "5", "--seed", "2", "--t-suspect", "10", "--t-remove", "20")
	if code != 0 {
		t.Fatalf("seed 2: exit %d, stderr %q", code, errOut)
	}
	for _, w := range []string{"fresh heartbeat", "crash detection", "false suspicions", "removed by all"} {
		if !strings.Contains(out, w) {
			t.Errorf("seed 2: text output lacks %q:\n%s", w, out)
		}
	}
}

func TestFDUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--n", "10", "--fanout", "10"}, []string{"--fanout", "[1, 9]"}},
		{[]string{"--t-suspect", "10", "--t-remove", "10"}, []string{"--t-remove", "--t-suspect"}},
		{[]string{"--t-suspect", "50"}, []string{"--t-remove", "--t-suspect"}}, // above the default --t-remove 40
		{[]string{"--loss", "1"}, []string{"--loss", "[0, 1)"}},
		{[]string{"--n", "abc"}, []string{"--n", "[2, 2048]"}},
		{[]string{"--n", "5000"}, []string{"--n", "[2, 2048]"}},
		{[]string{"--rounds", "0"}, []string{"--rounds", "[1, 1000000]"}},
		{[]string{"--warmup", "-1"}, []string{"--warmup", "[0, 1000000]"}},
	} {
		code, out, errOut := runCLI(append([]string{"fd"}, c.args...)...)
		if code != 2 {
			t.Errorf("fd %v: exit %d, want 2 (stdout %q)", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("fd %v: stderr %q does not name %q", c.args, errOut, w)
			}
		}
	}
}
