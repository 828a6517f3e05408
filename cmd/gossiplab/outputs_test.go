package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Outputs that used to be wrong or misleading (issue 10, part 0), each held at the right value.

// 1. With every node down there is no live observer: a detection has no "by all" time, and a
// "by all" time never comes before the first suspicion.
func TestNoByAllTimeWithoutALiveObserver(t *testing.T) {
	out, _, code := cli(t, "run", "--n", "2", "--fanout", "1", "--loss", "0", "--crash", "0@5s,1@5s", "--duration", "20s")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, tail(out))
	}
	for _, node := range []string{"0", "1"} {
		want := "node " + node + " crashed at 5.000 s: no live observer left to notice it (no \"by all\" time)"
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, tail(out))
		}
	}
	if strings.Contains(out, "+0.000 s") {
		t.Errorf("a zero delay is reported:\n%s", tail(out))
	}
	// One node crashes and is suspected, then the rest go down before everyone removed it.
	out, _, _ = cli(t, "run", "--n", "4", "--fanout", "1", "--loss", "0", "--crash", "0@5s,1@13s,2@13s,3@13s", "--duration", "20s")
	if !regexp.MustCompile(`node 0 crashed at 5\.000 s: first suspicion \+\d+\.\d+ s, suspected by all \+\d+\.\d+ s, then no live observer left`).MatchString(out) {
		t.Errorf("the partial detection is not told as such:\n%s", tail(out))
	}
}

// 1. A whole-cluster crash stays out of compare's means instead of showing "0 ± 0".
func TestCompareKeepsUnobservedCrashesOutOfTheMeans(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "all-down.json")
	os.WriteFile(file, []byte(`{"config": {"n": 3, "loss": 0}, "duration_ms": 60000, "commands": [
		{"at_ms": 10000, "op": "crash", "node": 0}, {"at_ms": 10000, "op": "crash", "node": 1},
		{"at_ms": 10000, "op": "crash", "node": 2}, {"at_ms": 30000, "op": "restart", "node": 0},
		{"at_ms": 30000, "op": "restart", "node": 1}, {"at_ms": 30000, "op": "restart", "node": 2}]}`), 0o644)
	out, errOut, code := cli(t, "compare", "--scenario", file, "--runs", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`\| removed by all \(s\)\s+\| n/a\s+\| n/a\s+\|`).MatchString(out) {
		t.Errorf("removal by all should be n/a for both protocols:\n%s", out)
	}
	if !strings.Contains(out, "heartbeat: 6 crashes left no live observer") {
		t.Errorf("the unobserved crashes are not counted:\n%s", out)
	}
}

// 2. A live node that a live peer has forgotten (its tombstone expired) still counts as wrong.
func TestForgottenLiveNodesStayFalsePositives(t *testing.T) {
	out, _, _ := cli(t, "run", "--n", "3", "--fanout", "2", "--loss", "0", "--partition", "0-1/2@10s", "--duration", "70s", "--every", "10s")
	for _, at := range []string{"20.000", "60.000", "70.000"} {
		line := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(at) + ` s: -- .*$`).FindString(out)
		if !strings.Contains(line, "false+ 3") {
			t.Errorf("at %s s: %q, want false+ 3 (every node is wrong about another)", at, line)
		}
	}
	if !regexp.MustCompile(`(?m)^\s*70\.000 s: -- .*removed 0 unknown 4 `).MatchString(out) {
		t.Errorf("forgotten nodes are not shown as unknown:\n%s", out)
	}
}

// 3. Without tombstones the removal line says the node is forgotten at once, with the last
// heartbeat seen.
func TestNoTombstoneRemovalLine(t *testing.T) {
	out, _, _ := cli(t, "run", "--n", "10", "--fanout", "2", "--loss", "0", "--crash", "2@10s", "--pitfall", "no_tombstone", "--duration", "30s")
	if strings.Contains(out, "tombstone at heartbeat") {
		t.Errorf("a tombstone is claimed with the bug on:\n%s", tail(out))
	}
	if !regexp.MustCompile(`removes node 2 and forgets it at once: no tombstone \(last heartbeat (9|10)\)`).MatchString(out) {
		t.Errorf("no removal line tells the forgetting and the last heartbeat:\n%s", tail(out))
	}
}

// 4. SWIM's suspicion timeout follows N in the presets and on the command line, and its header
// shows SWIM's own parameters.
func TestSwimTimeoutFollowsNAndItsHeader(t *testing.T) {
	out, _, _ := cli(t, "run", "--preset", "thousand", "--protocol", "swim", "--loss", "0.05", "--duration", "60s", "--events", "none")
	if !strings.Contains(out, "swim: N=1000 K=3 X=1s ping timeout=300ms suspicion timeout=10s") {
		t.Errorf("header: %s", strings.SplitN(out, "\n", 2)[0])
	}
	if !strings.Contains(out, "removals: 0 (0 false)") {
		t.Errorf("false removals at N=1000 and 5 %% loss:\n%s", tail(out))
	}
	out, _, _ = cli(t, "run", "--n", "600", "--protocol", "swim", "--duration", "1s", "--events", "none")
	if !strings.Contains(out, "suspicion timeout=10s") {
		t.Errorf("--n 600: %s", strings.SplitN(out, "\n", 2)[0])
	}
}

// 5. Defaults derived from N fit it: only values the user gave are refused.
func TestDerivedDefaultsFitN(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--n", "2", "--duration", "5s"},
		{"run", "--n", "3", "--protocol", "swim", "--duration", "5s"},
	} {
		if out, errOut, code := cli(t, args...); code != 0 {
			t.Errorf("gossiplab %s: exit %d: %s%s", strings.Join(args, " "), code, errOut, tail(out))
		}
	}
	if _, errOut, code := cli(t, "run", "--n", "2", "--fanout", "3"); code != 2 || !strings.Contains(errOut, "--fanout must be in [1, 1]") {
		t.Errorf("--n 2 --fanout 3: exit %d, %s", code, errOut)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "two.json")
	os.WriteFile(file, []byte(`{"config": {"n": 2}, "duration_ms": 30000, "commands": [{"at_ms": 5000, "op": "crash", "node": 1}]}`), 0o644)
	if out, errOut, code := cli(t, "compare", "--scenario", file, "--runs", "1"); code != 0 {
		t.Errorf("compare on a 2-node scenario: exit %d: %s%s", code, errOut, out)
	}
}
