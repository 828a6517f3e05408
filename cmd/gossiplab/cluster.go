package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"gossiplab/core"
	"gossiplab/live"
)

// runCluster starts N real node processes on 127.0.0.1 (gossiplab node, supervised), applies
// timed crashes (SIGKILL) and restarts (a new process, the next generation), and prints when
// the live nodes first suspected and all removed each crashed node, from the lists they
// report. Every process it started has exited when it returns.
func runCluster(args []string, out io.Writer) error {
	f := newFlags("cluster", out)
	n := f.intVar("n", 8, 1, 512, "number of node processes")
	protocol := f.choiceVar("protocol", "heartbeat", []string{"heartbeat", "swim"}, "membership protocol")
	period := f.durationVar("period", core.Second, 10, 60*core.Second, "protocol period X")
	tSuspect := f.durationVar("t-suspect", 6*core.Second, 1, core.MaxTimeout, "suspect after no heartbeat increase for")
	tRemove := f.durationVar("t-remove", 12*core.Second, 1, core.MaxTimeout, "remove after no heartbeat increase for")
	loss := f.floatVar("loss", 0, 0, core.MaxLoss, true, "injected loss on every message a node sends")
	crash := f.stringVar("crash", "", `crash (SIGKILL) nodes at times, "NODE@TIME,…", e.g. "3@5s"`)
	restart := f.stringVar("restart", "", `restart nodes at times, "NODE@TIME,…"`)
	duration := f.durationVar("duration", 30*core.Second, core.Second, 3600*core.Second, "how long the cluster runs")
	every := f.durationVar("every", 100, 10, 10*core.Second, "how often each node reports its list")
	if err := f.parse(args); err != nil {
		return err
	}
	var plan []timedOp
	for _, c := range []struct {
		flag, op, text string
	}{{"--crash", "crash", *crash}, {"--restart", "restart", *restart}} {
		ops, err := parseTimedOps(c.text, c.op, *n)
		if err != nil {
			return usagef("%s: %v", c.flag, err)
		}
		plan = append(plan, ops...)
	}
	sortOps(plan)
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "gossiplab-cluster-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	flags := []string{"--protocol", *protocol, "--n", fmt.Sprint(*n), "--period", fmt.Sprintf("%dms", *period),
		"--t-suspect", fmt.Sprintf("%dms", *tSuspect), "--t-remove", fmt.Sprintf("%dms", *tRemove),
		"--t-tombstone", fmt.Sprintf("%dms", min(3*(*tRemove), core.MaxTimeout)), "--loss", fmt.Sprint(*loss), "--latency", "0-0"}
	cl, err := live.StartCluster(live.ClusterOptions{Binary: bin, Env: clusterEnv, N: *n, Flags: flags,
		Every: time.Duration(*every) * time.Millisecond, Dir: dir, Errors: os.Stderr})
	if err != nil {
		return err
	}
	defer cl.Stop()
	start := time.Now()
	fmt.Fprintf(out, "%d %s node processes on 127.0.0.1, joined through node 0\n", *n, *protocol)
	w := watcher{out: out, start: start}
	for time.Since(start) < time.Duration(*duration)*time.Millisecond {
		for len(plan) > 0 && time.Since(start) >= time.Duration(plan[0].at)*time.Millisecond {
			op := plan[0]
			plan = plan[1:]
			w.apply(cl, op)
		}
		w.observe(cl.Views())
		time.Sleep(time.Duration(*every) * time.Millisecond / 2)
	}
	w.summary(cl.Views())
	return nil
}

// clusterEnv is extra environment for the node processes (the tests' binary needs it).
var clusterEnv []string

// timedOp is a crash or restart at a time since the start.
type timedOp struct {
	at   core.Time
	op   string
	node core.NodeID
}

func parseTimedOps(s, op string, n int) ([]timedOp, error) {
	var out []timedOp
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		id, at, ok := strings.Cut(part, "@")
		var node int
		if _, err := fmt.Sscan(id, &node); !ok || err != nil || node < 0 || node >= n {
			return nil, fmt.Errorf(`must be "NODE@TIME,…" with NODE in [0, %d], got %q`, n-1, part)
		}
		t, err := parseDuration(at)
		if err != nil || t < 0 {
			return nil, fmt.Errorf("time %q: must be a duration such as 5s", at)
		}
		out = append(out, timedOp{at: t, op: op, node: core.NodeID(node)})
	}
	return out, nil
}

func sortOps(ops []timedOp) {
	for i := 1; i < len(ops); i++ {
		for j := i; j > 0 && ops[j].at < ops[j-1].at; j-- {
			ops[j], ops[j-1] = ops[j-1], ops[j]
		}
	}
}

// watcher prints what the cluster does: the commands, and for each crash when a live node first
// suspected it and when every live node had removed it.
type watcher struct {
	out     io.Writer
	start   time.Time
	crashes []crashWatch
}

type crashWatch struct {
	node                  core.NodeID
	at                    time.Duration
	firstSuspect, allGone time.Duration // 0: not yet
}

func (w *watcher) apply(cl *live.Cluster, op timedOp) {
	now := time.Since(w.start)
	var err error
	switch op.op {
	case "crash":
		err = cl.Crash(op.node)
		if err == nil {
			w.crashes = append(w.crashes, crashWatch{node: op.node, at: now})
		}
	case "restart":
		err = cl.Restart(op.node)
	}
	if err != nil {
		fmt.Fprintf(w.out, "%6.1f s  %s node %d: %v\n", now.Seconds(), op.op, op.node, err)
		return
	}
	fmt.Fprintf(w.out, "%6.1f s  node %d %s (%s)\n", now.Seconds(), op.node, map[string]string{"crash": "killed", "restart": "restarted"}[op.op],
		map[string]string{"crash": "SIGKILL", "restart": "a new process, next generation"}[op.op])
}

// observe checks the open crashes against the live nodes' latest lists.
func (w *watcher) observe(views []live.View) {
	now := time.Since(w.start)
	for i := range w.crashes {
		c := &w.crashes[i]
		if views[c.node].Up || c.allGone > 0 {
			continue // restarted, or done
		}
		any, all, live := false, true, 0
		for _, v := range views {
			if !v.Up || v.ID == c.node {
				continue
			}
			live++
			st := core.Unknown
			for _, e := range v.List {
				if e.Member == c.node {
					st = e.State
				}
			}
			any = any || st != core.Alive
			all = all && (st == core.Removed || st == core.Unknown)
		}
		if any && c.firstSuspect == 0 {
			c.firstSuspect = now - c.at
			fmt.Fprintf(w.out, "%6.1f s  node %d suspected by a live node (+%.1f s)\n", now.Seconds(), c.node, c.firstSuspect.Seconds())
		}
		if all && live > 0 {
			c.allGone = now - c.at
			fmt.Fprintf(w.out, "%6.1f s  node %d removed by all %d live nodes (+%.1f s)\n", now.Seconds(), c.node, live, c.allGone.Seconds())
		}
	}
}

func (w *watcher) summary(views []live.View) {
	var sent, bytes, refused uint64
	up := 0
	for _, v := range views {
		if v.Up {
			up++
			sent, bytes, refused = sent+v.Stats.Sent, bytes+v.Stats.SentBytes, refused+v.Stats.Refused
		}
	}
	secs := time.Since(w.start).Seconds()
	fmt.Fprintf(w.out, "end at %.1f s: %d nodes up; the live ones sent %.1f msgs and %.0f B per node per second; %d datagrams refused\n",
		secs, up, float64(sent)/float64(max(1, up))/secs, float64(bytes)/float64(max(1, up))/secs, refused)
	for _, c := range w.crashes {
		if c.allGone == 0 {
			fmt.Fprintf(w.out, "node %d: not removed by all live nodes by the end\n", c.node)
		}
	}
}
