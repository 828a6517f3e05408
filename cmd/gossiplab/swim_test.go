package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"gossiplab/core/rounds"
)

func TestSwimJSON(t *testing.T) {
	const seed = "17"
	for _, sel := range []string{"random", "roundrobin"} {
		args := []string{"--n", "40", "--loss", "0.2", "--k", "2", "--trials", "30", "--seed", seed, "--periods", "25", "--select", sel, "--json"}
		code, out, errOut := runCLI(append([]string{"swim"}, args...)...)
		if code != 0 {
			t.Fatalf("seed %s: swim %v: exit %d, stderr %q", seed, args, code, errOut)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("seed %s: swim %v: output is not JSON: %v\n%s", seed, args, err, out)
		}
		for _, k := range []string{"n", "loss", "k", "trials", "seed", "periods",
			"first_detection_mean_periods", "first_detection_theory_periods", "first_detection_max_periods",
			"false_suspicion_per_probe", "false_suspicion_per_probe_theory",
			"msgs_per_member_per_period", "msgs_per_member_per_period_theory",
			"first_detection_se_periods", "false_suspicion_per_probe_se", "msgs_per_member_per_period_se",
			"all_members_detection_mean_periods", "all_members_detection_max_periods", "probes", "false_suspicions",
			"busiest_member_msgs_per_period"} {
			if v, ok := m[k].(float64); !ok || math.IsNaN(v) {
				t.Errorf("seed %s: swim %v: %s = %v, want a number", seed, args, k, m[k])
			}
		}
		if m["select"] != sel {
			t.Errorf("seed %s: select = %v, want %q", seed, m["select"], sel)
		}
		want := map[string]float64{"n": 40, "loss": 0.2, "k": 2, "trials": 30, "seed": 17, "periods": 25, "probes": 30 * 40 * 25,
			"false_suspicion_per_probe_theory":  rounds.SwimFalseSuspicionTheory(0.2, 2),
			"msgs_per_member_per_period_theory": rounds.SwimMsgsTheory(0.2, 2)}
		want["first_detection_theory_periods"] = rounds.SwimFirstDetectionTheory(40, rounds.SwimRandom)
		if sel == "roundrobin" {
			want["first_detection_theory_periods"] = rounds.SwimFirstDetectionTheory(40, rounds.SwimRoundRobin)
		}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("seed %s: swim %v: %s = %v, want %v", seed, args, k, m[k], v)
			}
		}
		bound, hasBound := m["all_members_detection_bound_periods"]
		switch {
		case !hasBound:
			t.Errorf("seed %s: JSON lacks all_members_detection_bound_periods", seed)
		case sel == "random" && bound != nil:
			t.Errorf("seed %s: random selection has no bound, JSON says %v", seed, bound)
		case sel == "roundrobin" && bound != 77.0:
			t.Errorf("seed %s: round-robin bound = %v, want 2N-3 = 77", seed, bound)
		}
		if mx, _ := m["first_detection_max_periods"].(float64); sel == "roundrobin" && mx > 2*40-1 {
			t.Errorf("seed %s: round-robin first detection max %v > 2N-1", seed, mx)
		}
		if fs, _ := m["false_suspicion_per_probe"].(float64); fs <= 0 || fs >= 1 {
			t.Errorf("seed %s: false_suspicion_per_probe = %v, want in (0, 1) at loss 0.2", seed, fs)
		}
		if code2, out2, _ := runCLI(append([]string{"swim"}, args...)...); code2 != 0 || out2 != out {
			t.Errorf("seed %s: swim %v: a second run gave different output", seed, args)
		}
	}
}

func TestSwimDefaults(t *testing.T) {
	// The defaults are documented in -h; check the ones the output echoes.
	code, out, errOut := runCLI("swim", "--n", "20", "--trials", "3", "--json")
	if code != 0 {
		t.Fatalf("seed 1 (default): exit %d, stderr %q", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("seed 1 (default): not JSON: %v\n%s", err, out)
	}
	if m["periods"] != 100.0 || m["select"] != "random" || m["k"] != 3.0 || m["loss"] != 0.1 || m["seed"] != 1.0 {
		t.Errorf("seed 1 (default): defaults periods/select/k/loss/seed = %v/%v/%v/%v/%v, want 100/random/3/0.1/1",
			m["periods"], m["select"], m["k"], m["loss"], m["seed"])
	}
}

func TestSwimText(t *testing.T) {
	for _, sel := range []string{"random", "roundrobin"} {
		code, out, errOut := runCLI("swim", "--n", "30", "--trials", "20", "--periods", "10", "--seed", "4", "--select", sel)
		if code != 0 {
			t.Fatalf("seed 4: --select %s: exit %d, stderr %q", sel, code, errOut)
		}
		for _, w := range []string{"first detection", "theory", "false suspicions", "per probe", "messages sent per member per period", "busiest member"} {
			if !strings.Contains(out, w) {
				t.Errorf("seed 4: --select %s: text output lacks %q:\n%s", sel, w, out)
			}
		}
		want := "no bound with random selection"
		if sel == "roundrobin" {
			want = "bound 2N-3 = 57"
		}
		if !strings.Contains(out, want) {
			t.Errorf("seed 4: --select %s: text output lacks %q:\n%s", sel, want, out)
		}
	}
}

func TestSwimUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--n", "5", "--k", "4"}, []string{"--k", "[0, 3]"}},
		{[]string{"--k", "4", "--n", "5"}, []string{"--k", "[0, 3]"}},
		{[]string{"--k", "-1"}, []string{"--k", "[0, 999998]"}},
		{[]string{"--loss", "1"}, []string{"--loss", "[0, 1)"}},
		{[]string{"--loss", "-0.1"}, []string{"--loss", "[0, 1)"}},
		{[]string{"--select", "x"}, []string{"--select", "random, roundrobin"}},
		{[]string{"--n", "2"}, []string{"--n", "[3, 1000000]"}},
		{[]string{"--n", "1000001"}, []string{"--n", "[3, 1000000]"}},
		{[]string{"--trials", "0"}, []string{"--trials", "[1, 100000]"}},
		{[]string{"--periods", "0"}, []string{"--periods", "[1, 100000]"}},
		{[]string{"--periods", "100001"}, []string{"--periods", "[1, 100000]"}},
		{[]string{"--seed", "x"}, []string{"--seed"}},
		{[]string{"extra"}, []string{"unexpected argument"}},
	} {
		code, out, errOut := runCLI(append([]string{"swim"}, c.args...)...)
		if code != 2 {
			t.Errorf("swim %v: exit %d, want 2 (stdout %q)", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("swim %v: stderr %q does not name %q", c.args, errOut, w)
			}
		}
	}
}

func TestSwimHelp(t *testing.T) {
	code, out, _ := runCLI("swim", "-h")
	if code != 0 || !strings.Contains(out, "-k") || !strings.Contains(out, "roundrobin") {
		t.Errorf("swim -h: exit %d, output %q", code, out)
	}
	var usage bytes.Buffer
	mainWithExit(nil, &bytes.Buffer{}, &usage)
	if !strings.Contains(usage.String(), "swim") {
		t.Errorf("the command list does not include swim:\n%s", usage.String())
	}
}
