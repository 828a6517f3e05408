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
		{[]string{"--stop", "counter:0"}, []string{"--stop", "counter:K", "coin:K", "[1, 1000]"}},
		{[]string{"--stop", "counter:1001"}, []string{"--stop", "[1, 1000]"}},
		{[]string{"--stop", "coin:x"}, []string{"--stop", "coin:K", "[1, 1000]"}},
		{[]string{"--stop", "foo"}, []string{"--stop", "none, counter:K"}},
		{[]string{"--stop", "counter"}, []string{"--stop", "counter:K"}},
		{[]string{"--mode", "pull", "--stop", "counter:2"}, []string{"--stop", "--mode push"}},
		{[]string{"--stop", "coin:2", "--mode", "pushpull"}, []string{"--stop", "--mode push"}},
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

func TestSpreadStopJSON(t *testing.T) {
	const seed = "11"
	args := []string{"spread", "--n", "1000", "--stop", "counter:2", "--trials", "300", "--seed", seed, "--json"}
	code, out, errOut := runCLI(args...)
	if code != 0 {
		t.Fatalf("seed %s: %v: exit %d, stderr %q", seed, args, code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("seed %s: %v: output is not JSON: %v\n%s", seed, args, err, out)
	}
	for _, k := range []string{"stop", "residue_mean", "residue_sd", "residue_se", "traffic_mean", "traffic_sd", "traffic_se",
		"t_last_mean", "t_last_sd", "t_last_se", "t_ave_mean", "mean_rounds_end", "capped_trials", "demers", "mean_informed_by_round", "unfinished_trials"} {
		if _, ok := m[k]; !ok {
			t.Errorf("seed %s: %v: JSON lacks key %q", seed, args, k)
		}
	}
	// Demers' Table 1, K = 2: s = 0.037, m = 3.30, t_last = 16.9. At 300 trials our standard
	// errors are about 0.0004, 0.002 and 0.06, so these bands are 10 or more of them wide: they
	// catch a wrong rule or a wrong key, not sampling noise.
	for _, c := range []struct {
		key       string
		want, tol float64
	}{{"residue_mean", 0.037, 0.004}, {"traffic_mean", 3.30, 0.03}, {"t_last_mean", 16.9, 0.6}} {
		if v, ok := m[c.key].(float64); !ok || v < c.want-c.tol || v > c.want+c.tol {
			t.Errorf("seed %s: %v: %s = %v, want %g ± %g", seed, args, c.key, m[c.key], c.want, c.tol)
		}
	}
	paper, _ := m["demers"].(map[string]any)
	if m["stop"] != "counter:2" || m["capped_trials"] != 0.0 || paper["residue"] != 0.037 || paper["traffic"] != 3.3 || paper["t_ave"] != 12.1 || paper["t_last"] != 16.9 {
		t.Errorf("seed %s: %v: stop %v, capped %v, paper's row %v", seed, args, m["stop"], m["capped_trials"], paper)
	}
	if code2, out2, _ := runCLI(args...); code2 != 0 || out2 != out {
		t.Errorf("seed %s: %v: a second run gave different output", seed, args)
	}

	// Off Demers' tables: the figures without the paper's row.
	args = []string{"spread", "--n", "200", "--fanout", "2", "--loss", "0.1", "--stop", "coin:3", "--trials", "50", "--seed", seed, "--json"}
	code, out, errOut = runCLI(args...)
	m = nil
	if err := json.Unmarshal([]byte(out), &m); code != 0 || err != nil {
		t.Fatalf("seed %s: %v: exit %d, stderr %q, JSON error %v", seed, args, code, errOut, err)
	}
	if _, ok := m["demers"]; ok || m["stop"] != "coin:3" {
		t.Errorf("seed %s: %v: stop %v, demers %v; want coin:3 and no paper row", seed, args, m["stop"], m["demers"])
	}
	if v, ok := m["residue_mean"].(float64); !ok || v < 0 || v > 1 {
		t.Errorf("seed %s: %v: residue_mean = %v", seed, args, m["residue_mean"])
	}
}

// TestSpreadStopNone: --stop none is the default and changes nothing, not even the JSON keys.
func TestSpreadStopNone(t *testing.T) {
	for _, extra := range [][]string{{"--json"}, {}} {
		args := append([]string{"spread", "--n", "300", "--fanout", "2", "--loss", "0.1", "--trials", "40", "--seed", "4"}, extra...)
		code, out, errOut := runCLI(args...)
		code2, out2, _ := runCLI(append(args, "--stop", "none")...)
		if code != 0 || code2 != 0 || out != out2 {
			t.Errorf("seed 4: %v: exit %d / %d with --stop none, stderr %q; outputs equal: %v", args, code, code2, errOut, out == out2)
		}
		for _, k := range []string{"stop", "residue", "traffic", "t_last", "rumor mongering"} {
			if strings.Contains(out, k) {
				t.Errorf("seed 4: %v: plain spread output mentions %q", args, k)
			}
		}
	}
}

func TestSpreadStopText(t *testing.T) {
	for _, c := range []struct {
		stop string
		want []string
	}{
		{"counter:1", []string{"stop counter:1", "Table 1 (feedback, counter)", "  0.18\n", "  1.7\n", "  16.8\n", "11.0 (differs, see below)", "t_ave: not reproduced", "residue s", "traffic m", "t_last", "t_ave", "a necessary contact resets"}},
		{"coin:2", []string{"stop coin:2", "Table 2 (blind, coin)", "  0.20\n", "  1.6\n", "  33\n", "  17 (differs, see below)", "stop with probability 1/K"}},
		{"blind-counter:3", []string{"stop blind-counter:3", "removed after K contacts", "residue s"}},
	} {
		code, out, errOut := runCLI("spread", "--stop", c.stop, "--trials", "30", "--seed", "3")
		if code != 0 {
			t.Fatalf("seed 3: spread --stop %s: exit %d, stderr %q", c.stop, code, errOut)
		}
		for _, w := range append(c.want, "rumor mongering", "mean informed by round") {
			if !strings.Contains(out, w) {
				t.Errorf("seed 3: spread --stop %s: output lacks %q:\n%s", c.stop, w, out)
			}
		}
		// The plain epidemic's theory does not apply once nodes stop pushing.
		if strings.Contains(out, "Pittel") {
			t.Errorf("seed 3: spread --stop %s: output shows the theory of the plain epidemic", c.stop)
		}
	}
}
