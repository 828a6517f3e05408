package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCompareTableAndJSON(t *testing.T) {
	out, errOut, code := cli(t, "compare", "--scenario", "../../scenarios/crash-three.json", "--runs", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"| heartbeat", "| swim", "first suspicion after a crash (s)", "bytes per node per second", "±"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	out, _, code = cli(t, "compare", "--scenario", "../../scenarios/crash-three.json", "--runs", "2", "--json")
	var res struct {
		Protocols map[string]map[string]struct {
			Mean  *float64 `json:"mean"`
			Count int      `json:"count"`
		} `json:"protocols"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("exit %d, output not JSON:\n%s", code, out)
	}
	hb, sw := res.Protocols["heartbeat"], res.Protocols["swim"]
	if hb["first_suspect_s"].Mean == nil || sw["first_suspect_s"].Mean == nil || *sw["first_suspect_s"].Mean >= *hb["first_suspect_s"].Mean {
		t.Fatalf("want SWIM to suspect first: %+v vs %+v", sw["first_suspect_s"], hb["first_suspect_s"])
	}
}

func TestCompareRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"compare", "--scenario", "../../scenarios/crash-three.json", "--protocols", "raft"}, `--protocols: each must be one of heartbeat, swim; got "raft"`},
		{[]string{"compare"}, "--scenario: a scenario file is required"},
		{[]string{"compare", "--scenario", "../../scenarios/crash-three.json", "--runs", "0"}, "--runs: must be an integer in [1, 10000]"},
	} {
		_, errOut, code := cli(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("gossiplab %s: exit %d, %q; want 2 and %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
}
