package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit status, stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := mainWithExit(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSpreadJSON(t *testing.T) {
	const seed = "7"
	for _, mode := range []string{"push", "pull", "pushpull"} {
		args := []string{"spread", "--n", "200", "--mode", mode, "--fanout", "2", "--loss", "0.1", "--trials", "50", "--seed", seed, "--json"}
		code, out, errOut := runCLI(args...)
		if code != 0 {
			t.Fatalf("seed %s: %v: exit %d, stderr %q", seed, args, code, errOut)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("seed %s: %v: output is not JSON: %v\n%s", seed, args, err, out)
		}
		for _, k := range []string{"n", "mode", "fanout", "loss", "trials", "seed", "mean_rounds_all", "sd_rounds_all",
			"mean_rounds_99", "q50_rounds_all", "q99_rounds_all", "q999_rounds_all", "mean_informed_by_round", "unfinished_trials"} {
			if _, ok := m[k]; !ok {
				t.Errorf("seed %s: %v: JSON lacks key %q", seed, args, k)
			}
		}
		if m["n"] != 200.0 || m["mode"] != mode || m["fanout"] != 2.0 || m["loss"] != 0.1 || m["trials"] != 50.0 || m["seed"] != 7.0 {
			t.Errorf("seed %s: %v: inputs not echoed: %v", seed, args, m)
		}
		for _, k := range []string{"mean_rounds_all", "sd_rounds_all", "mean_rounds_99", "q50_rounds_all", "q99_rounds_all", "q999_rounds_all"} {
			if v, ok := m[k].(float64); !ok || v <= 0 {
				t.Errorf("seed %s: %v: %s = %v, want a positive number", seed, args, k, m[k])
			}
		}
		curve, _ := m["mean_informed_by_round"].([]any)
		if len(curve) < 2 || curve[0] != 1.0 || curve[len(curve)-1] != 200.0 {
			t.Errorf("seed %s: %v: mean_informed_by_round = %v, want 1 ... 200", seed, args, curve)
		}
		if code2, out2, _ := runCLI(args...); code2 != 0 || out2 != out {
			t.Errorf("seed %s: %v: a second run gave different output", seed, args)
		}
	}
}

func TestSpreadUnfinishedIsNull(t *testing.T) {
	code, out, errOut := runCLI("spread", "--n", "1000", "--loss", "0.9", "--trials", "3", "--max-rounds", "5", "--json")
	if code != 0 {
		t.Fatalf("seed 1 (default): exit %d, stderr %q", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("seed 1 (default): not JSON: %v\n%s", err, out)
	}
	if m["mean_rounds_all"] != nil || m["unfinished_trials"] != 3.0 {
		t.Errorf("seed 1 (default): no trial finished, yet mean_rounds_all = %v, unfinished_trials = %v", m["mean_rounds_all"], m["unfinished_trials"])
	}
}

func TestSpreadText(t *testing.T) {
	for _, c := range []struct{ mode, want string }{
		{"push", "Pittel"}, {"pushpull", "log3 N"}, {"pull", "log2 N"},
	} {
		code, out, errOut := runCLI("spread", "--n", "100", "--mode", c.mode, "--trials", "20", "--seed", "3")
		if code != 0 || !strings.Contains(out, c.want) || !strings.Contains(out, "T_all") || !strings.Contains(out, "mean informed by round") {
			t.Errorf("seed 3: spread --mode %s: exit %d, stderr %q, output lacks %q or the summary:\n%s", c.mode, code, errOut, c.want, out)
		}
	}
}

func TestSpreadUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--n", "10", "--fanout", "10"}, []string{"--fanout", "[1, 9]"}},
		{[]string{"--fanout", "10", "--n", "10"}, []string{"--fanout", "[1, 9]"}},
		{[]string{"--loss", "1"}, []string{"--loss", "[0, 1)"}},
		{[]string{"--n", "abc"}, []string{"--n", "[2, 10000000]"}},
		{[]string{"--n", "1"}, []string{"--n", "[2, 10000000]"}},
		{[]string{"--trials", "0"}, []string{"--trials", "[1, 1000000]"}},
		{[]string{"--mode", "gossip"}, []string{"--mode", "push, pull, pushpull"}},
		{[]string{"--seed", "-1"}, []string{"--seed"}},
		{[]string{"extra"}, []string{"unexpected argument"}},
	} {
		code, out, errOut := runCLI(append([]string{"spread"}, c.args...)...)
		if code != 2 {
			t.Errorf("spread %v: exit %d, want 2 (stdout %q)", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("spread %v: stderr %q does not name %q", c.args, errOut, w)
			}
		}
	}
}

func TestSpreadHelp(t *testing.T) {
	code, out, _ := runCLI("spread", "-h")
	if code != 0 || !strings.Contains(out, "fanout") {
		t.Errorf("spread -h: exit %d, output %q", code, out)
	}
}
