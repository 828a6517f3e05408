package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"gossiplab/core"
	"gossiplab/live"
	"gossiplab/trace"
)

// TestMain lets the test binary stand in for gossiplab: a cluster started by a test runs its
// node processes as this binary with GOSSIPLAB_AS_CLI=1.
func TestMain(m *testing.M) {
	if os.Getenv("GOSSIPLAB_AS_CLI") == "1" {
		os.Exit(mainWithExit(os.Args[1:], os.Stdout, os.Stderr))
	}
	clusterEnv = []string{"GOSSIPLAB_AS_CLI=1"}
	os.Exit(m.Run())
}

func startTestCluster(t *testing.T, n int, proto string) *live.Cluster {
	t.Helper()
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var errs bytes.Buffer
	cl, err := live.StartCluster(live.ClusterOptions{Binary: bin, Env: clusterEnv, N: n, Dir: t.TempDir(), Errors: &errs,
		Every: 50 * time.Millisecond,
		Flags: []string{"--protocol", proto, "--n", "4", "--period", "100ms", "--t-suspect", "600ms", "--t-remove", "1200ms",
			"--t-tombstone", "3600ms", "--latency", "0-0", "--loss", "0", "--seed", "3"}})
	if err != nil {
		t.Fatalf("seed 3: %v\n%s", err, errs.String())
	}
	return cl
}

func waitViews(t *testing.T, cl *live.Cluster, within time.Duration, what string, ok func([]live.View) bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !ok(cl.Views()) {
		if time.Now().After(deadline) {
			t.Fatalf("seed 3: not within %v: %s: %+v", within, what, cl.Views())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func stateOf(v live.View, m core.NodeID) core.State {
	for _, e := range v.List {
		if e.Member == m {
			return e.State
		}
	}
	return core.Unknown
}

// A supervised cluster of real processes: they join, a SIGKILLed node is removed by all the
// live ones, it comes back in its next generation, and when the supervisor stops every process
// has exited.
func TestClusterOfProcesses(t *testing.T) {
	for _, proto := range []string{"heartbeat", "swim"} {
		t.Run(proto, func(t *testing.T) {
			cl := startTestCluster(t, 4, proto)
			var pids []int
			defer func() {
				cl.Stop()
				for _, pid := range pids {
					if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
						t.Errorf("process %d is still there after Stop (%v)", pid, err)
					}
				}
			}()
			all := func(vs []live.View) bool {
				for _, v := range vs {
					for m := range vs {
						if v.Up && vs[m].Up && stateOf(v, core.NodeID(m)) != core.Alive {
							return false
						}
					}
				}
				return true
			}
			waitViews(t, cl, 10*time.Second, "all four hold each other alive", all)
			for _, v := range cl.Views() {
				pids = append(pids, v.PID)
			}
			if err := cl.Crash(2); err != nil {
				t.Fatal(err)
			}
			waitViews(t, cl, 10*time.Second, "the live nodes remove node 2", func(vs []live.View) bool {
				for _, v := range vs {
					if v.Up && (stateOf(v, 2) == core.Alive || stateOf(v, 2) == core.Suspect) {
						return false
					}
				}
				return !vs[2].Up
			})
			if err := cl.Restart(2); err != nil {
				t.Fatal(err)
			}
			pids = append(pids, cl.Views()[2].PID)
			if g := cl.Views()[2].Generation; g != 1 {
				t.Errorf("the restarted node is in generation %d, want 1", g)
			}
			waitViews(t, cl, 10*time.Second, "node 2 is back in every list", all)
		})
	}
}

// gossiplab cluster prints the crash, its first suspicion and its removal by all.
func TestClusterCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	code := mainWithExit([]string{"cluster", "--n", "4", "--period", "100ms", "--t-suspect", "600ms", "--t-remove", "1200ms",
		"--crash", "1@1s", "--duration", "4s", "--every", "50ms", "--against-sim"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"4 heartbeat node processes", "node 1 killed (SIGKILL)", "node 1 suspected by a live node", "node 1 removed by all 3 live nodes", "end at",
		"real processes against the simulator", "node 1 crash: first suspicion +", "s simulated; removed by all +", "per node per second real"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if code := mainWithExit([]string{"cluster", "--inproc", "--n", "4", "--period", "100ms", "--duration", "1s", "--crash", "2@500ms"}, &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "4 heartbeat nodes in this process") || !strings.Contains(out.String(), "node 2 stopped") {
		t.Errorf("--inproc: exit %d\n%s", code, out.String())
	}
	if code := mainWithExit([]string{"cluster", "--crash", "9@1s", "--n", "4"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "--crash") {
		t.Errorf("crash of node 9 in 4: exit %d, %s", code, errOut.String())
	}
}

// A partition of real processes: each side removes the other; after the heal the seed probe
// reunites them; a node that leaves is dropped by the others at once (its farewell).
func TestClusterPartitionHealAndLeave(t *testing.T) {
	cl := startTestCluster(t, 4, "heartbeat")
	defer cl.Stop()
	holdsAll := func(vs []live.View, want core.State, pairs func(a, b int) bool) bool {
		for a, v := range vs {
			for b := range vs {
				if a != b && v.Up && vs[b].Up && pairs(a, b) {
					if st := stateOf(v, core.NodeID(b)); st != want && !(want == core.Removed && st == core.Unknown) {
						return false
					}
				}
			}
		}
		return true
	}
	everyone := func(a, b int) bool { return true }
	across := func(a, b int) bool { return (a < 2) != (b < 2) }
	waitViews(t, cl, 10*time.Second, "all alive", func(vs []live.View) bool { return holdsAll(vs, core.Alive, everyone) })
	if err := cl.Partition([][]core.NodeID{{0, 1}, {2, 3}}); err != nil {
		t.Fatal(err)
	}
	waitViews(t, cl, 10*time.Second, "each side removes the other", func(vs []live.View) bool { return holdsAll(vs, core.Removed, across) })
	cl.Heal()
	waitViews(t, cl, 15*time.Second, "the seed probe reunites them", func(vs []live.View) bool { return holdsAll(vs, core.Alive, everyone) })
	if err := cl.Leave(3); err != nil {
		t.Fatal(err)
	}
	waitViews(t, cl, 5*time.Second, "the others hold node 3 as left", func(vs []live.View) bool {
		for _, v := range vs[:3] {
			if st := stateOf(v, 3); st != core.Left && st != core.Unknown {
				return false
			}
		}
		return !vs[3].Up
	})
}

// A scenario file runs for real: its partition, heal and leave are carried out and said.
func TestClusterRunsAScenario(t *testing.T) {
	file := t.TempDir() + "/s.json"
	os.WriteFile(file, []byte(`{"config": {"n": 4, "period_ms": 100, "t_suspect_ms": 600, "t_remove_ms": 1200, "t_tombstone_ms": 3600,
		"loss": 0, "latency_min_ms": 0, "latency_max_ms": 0},
		"duration_ms": 3000,
		"commands": [{"at_ms": 1000, "op": "partition", "groups": [[0, 1], [2, 3]]}, {"at_ms": 2000, "op": "heal"},
		             {"at_ms": 2500, "op": "leave", "node": 3}, {"at_ms": 2600, "op": "drop"}]}`), 0o644)
	var out, errOut bytes.Buffer
	if code := mainWithExit([]string{"cluster", "--scenario", file, "--every", "50ms"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"network partitioned [[0 1] [2 3]]", "partition healed", "node 3 left", "drop: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
}

// Chaos: eight real processes at 10 % injected loss; every half second a random node is killed
// or a killed one restarted, for eight seconds. The list rules hold in every report (core's
// ListChecker), every node killed and not restarted is removed by all live nodes within the
// detection bound, and no process is left.
func TestClusterChaos(t *testing.T) {
	const n, period, tRemove = 8, 100, 1200
	bin, _ := os.Executable()
	var errs bytes.Buffer
	cl, err := live.StartCluster(live.ClusterOptions{Binary: bin, Env: clusterEnv, N: n, Dir: t.TempDir(), Errors: &errs,
		Every: 50 * time.Millisecond,
		Flags: []string{"--n", "8", "--period", "100ms", "--t-suspect", "600ms", "--t-remove", "1200ms", "--t-tombstone", "3600ms",
			"--latency", "0-5", "--loss", "0.1", "--seed", "11"}})
	if err != nil {
		t.Fatalf("seed 11: %v", err)
	}
	var pids []int
	defer func() {
		cl.Stop()
		for _, pid := range pids {
			if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
				t.Errorf("seed 11: process %d is still there after Stop", pid)
			}
		}
	}()
	lc := core.NewListChecker()
	check := func() {
		for _, v := range cl.Views() {
			if v.Up && len(v.List) > 0 {
				for _, bad := range lc.Observe(core.Time(time.Now().UnixMilli()), v.ID, v.Generation, v.List) {
					t.Errorf("seed 11: %v", bad)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(11, 0))
	killedAt := map[core.NodeID]time.Time{}
	start := time.Now()
	for time.Since(start) < 8*time.Second {
		for _, v := range cl.Views() {
			pids = append(pids, v.PID)
		}
		id := core.NodeID(1 + rng.IntN(n-1)) // node 0 stays: the seed the others join
		if _, down := killedAt[id]; down {
			if err := cl.Restart(id); err != nil {
				t.Fatalf("seed 11: restart %d: %v", id, err)
			}
			delete(killedAt, id)
		} else if len(killedAt) < 3 {
			if err := cl.Crash(id); err != nil {
				t.Fatalf("seed 11: crash %d: %v", id, err)
			}
			killedAt[id] = time.Now()
		}
		for until := time.Now().Add(500 * time.Millisecond); time.Now().Before(until); time.Sleep(50 * time.Millisecond) {
			check()
		}
	}
	// The detection bound: T_remove + X + D, D ≤ (⌈log2 N + ln N⌉ + 2)·(X + latency max), plus
	// the reports' pace and the processes' scheduling on a loaded machine.
	bound := time.Duration(tRemove+period+(6+2)*(period+5)+500) * time.Millisecond
	for id, at := range killedAt {
		waitViews(t, cl, time.Until(at.Add(bound)), "every live node removes killed node "+fmt.Sprint(id), func(vs []live.View) bool {
			check()
			for _, v := range vs {
				if st := stateOf(v, id); v.Up && (st == core.Alive || st == core.Suspect) {
					return false
				}
			}
			return true
		})
	}
}

// --record writes a trace that reads back: frames at the report pace, the crash among the
// commands, the crashed node down in the last frame.
func TestClusterRecordsATrace(t *testing.T) {
	file := t.TempDir() + "/run.trace"
	var out, errOut bytes.Buffer
	if code := mainWithExit([]string{"cluster", "--inproc", "--n", "4", "--period", "100ms", "--duration", "1500ms", "--every", "50ms",
		"--crash", "3@500ms", "--record", file}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s%s", code, out.String(), errOut.String())
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := trace.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	crashed := false
	for _, fr := range tr.Frames {
		for _, c := range fr.Commands {
			crashed = crashed || strings.Contains(c, "node 3 stopped")
		}
	}
	last := tr.Frames[len(tr.Frames)-1]
	if len(tr.Frames) < 10 || !crashed || last.Nodes[3].Up || !last.Nodes[0].Up || tr.Header.Source != "in-process" {
		t.Errorf("%d frames, crash recorded %v, last frame %+v", len(tr.Frames), crashed, last.Nodes)
	}
}

// A scenario command a cluster could never carry out is refused when the file loads, naming it.
func TestClusterRefusesAScenarioItCannotRun(t *testing.T) {
	for _, c := range []struct{ cmd, want string }{
		{`{"at_ms": 1000, "op": "set", "param": "loss", "value": 1.5}`, "commands[0] at 1s: loss must be in [0, 1), got 1.5"},
		{`{"at_ms": 2000, "op": "set", "param": "fanout", "value": 2}`, "commands[0] at 2s: only loss can be set"},
	} {
		file := t.TempDir() + "/s.json"
		os.WriteFile(file, []byte(`{"config": {"n": 4}, "duration_ms": 3000, "commands": [`+c.cmd+`]}`), 0o644)
		var out, errOut bytes.Buffer
		if code := mainWithExit([]string{"cluster", "--scenario", file}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", c.cmd, code, errOut.String(), c.want)
		}
	}
}
