package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"gossiplab/core"
	"gossiplab/live"
	"gossiplab/trace"
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
	latency := f.stringVar("latency", "0-0", `injected delay on every message a node sends, "MIN-MAX" ms (loopback itself adds well under 1 ms)`)
	crash := f.stringVar("crash", "", `crash (SIGKILL) nodes at times, "NODE@TIME,…", e.g. "3@5s"`)
	restart := f.stringVar("restart", "", `restart nodes at times, "NODE@TIME,…"`)
	duration := f.durationVar("duration", 30*core.Second, 0, 24*3600*core.Second, "how long the cluster runs (0: until Ctrl+C)")
	every := f.durationVar("every", 100, 10, 10*core.Second, "how often each node reports its list")
	record := f.stringVar("record", "", "write what the supervisor sees to this file as a trace (JSON lines: a header, then a frame every --every)")
	inproc := f.boolVar("inproc", false, "run the nodes in this process, each on its own UDP socket, instead of as processes (for clusters larger than processes allow)")
	againstSim := f.boolVar("against-sim", false, "then run the simulator on the same parameters, seed and command times, and print both side by side")
	seed := f.seedVar(1)
	serve := f.stringVar("serve", "127.0.0.1:0", "where the app and its live connection are served (HOST:PORT; port 0: a free one; \"off\": not served)")
	origins := f.stringVar("origin", "", "other sites whose pages may watch and drive the cluster, comma-separated host patterns (e.g. course.example.org); its own page always may")
	site := f.stringVar("site", "", "the built site to serve (default: the folder site beside this program, as ./build.sh site makes it)")
	file := f.stringVar("scenario", "", "a scenario file (as gossiplab run's): its config and its timed commands — crash, restart, leave, add, partition, heal, set loss — run for real, virtual milliseconds as wall-clock ones")
	if err := f.parse(args); err != nil {
		return err
	}
	latMin, latMax, err := parseRange(*latency)
	if err != nil {
		return usagef("--latency: %v", err)
	}
	var plan []core.TimedCommand
	var scenarioCfg *core.Config // a scenario's whole config, passed on to the nodes
	if *file != "" {
		sc, err := loadScenarioFile(*file)
		if err != nil {
			return usagef("--scenario: %v", err)
		}
		c := sc.Config
		*n, *protocol, *period, *tSuspect, *tRemove, *loss = c.N, string(c.Protocol), c.Period, c.TSuspect, c.TRemove, c.Loss
		if c.Protocol != core.ProtocolHeartbeat && c.Protocol != core.ProtocolSwim {
			return usagef("--scenario: a cluster runs heartbeat or swim, not %s", c.Protocol)
		}
		if given := givenFlags(f); !given["duration"] && sc.Duration > 0 {
			*duration = sc.Duration
		}
		if err := checkClusterPlan(sc.Commands); err != nil {
			return usagef("--scenario %s: %v", *file, err)
		}
		plan = append(plan, sc.Commands...)
		scenarioCfg = &sc.Config
	}
	ops, err := commandFlags(*crash, *restart, "", "", "", "", "") // run's parser of NODE@TIME,…
	if err != nil {
		return err
	}
	for _, c := range ops {
		if int(c.Node) >= *n {
			return usagef("--%s: node must be in [0, %d], got %d", c.Op, *n-1, c.Node)
		}
	}
	plan = append(plan, ops...)
	slices.SortStableFunc(plan, func(a, b core.TimedCommand) int { return int(a.At - b.At) })
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
		"--t-tombstone", fmt.Sprintf("%dms", min(3*(*tRemove), core.MaxTimeout)), "--loss", fmt.Sprint(*loss), "--latency", fmt.Sprintf("%d-%d", latMin, latMax)}
	if c := scenarioCfg; c != nil { // the rest of the scenario's config
		flags = append(flags, "--fanout", fmt.Sprint(c.Fanout), "--t-tombstone", fmt.Sprintf("%dms", c.TTombstone),
			"--latency", fmt.Sprintf("%d-%d", c.LatencyMin, c.LatencyMax), "--seed", fmt.Sprint(c.Seed), "--swim-k", fmt.Sprint(c.Swim.K))
	} else {
		flags = append(flags, "--seed", fmt.Sprint(*seed))
	}
	simCfg := core.DefaultConfig().SizedFor(*n) // the simulator's twin of the cluster
	simCfg.Protocol, simCfg.Period, simCfg.TSuspect, simCfg.TRemove = core.Protocol(*protocol), *period, *tSuspect, *tRemove
	simCfg.TTombstone, simCfg.Loss, simCfg.LatencyMin, simCfg.LatencyMax, simCfg.Seed = min(3*(*tRemove), core.MaxTimeout), *loss, latMin, latMax, *seed
	if scenarioCfg != nil {
		simCfg = *scenarioCfg
	}
	if simCfg.Swim.PingTimeout >= simCfg.Period {
		simCfg.Swim.PingTimeout = max(1, simCfg.Period*3/10)
	}
	fullPlan := slices.Clone(plan)
	hub := live.NewHub(trace.Header{Format: trace.Format, Version: trace.Version, Config: simCfg, Source: sourceName(*inproc)}, 20*time.Second)
	hub.Origins = splitList(*origins)
	var web *webServer
	if *serve != "off" {
		if web, err = startWeb(*serve, *site, bin, hub); err != nil {
			return err
		}
		defer web.close()
	}
	defer hub.Close()
	// The record file is made once the address is known to be free: a refused start leaves an
	// earlier recording of the same name as it was.
	var rec *trace.Writer
	if *record != "" {
		tf, err := os.Create(*record)
		if err != nil {
			return usagef("--record: %v", err)
		}
		defer tf.Close()
		if rec, err = trace.NewWriter(tf, simCfg, sourceName(*inproc)); err != nil {
			return err
		}
	}
	cl, err := live.StartCluster(live.ClusterOptions{Binary: bin, Env: clusterEnv, N: *n, Flags: flags, Loss: simCfg.Loss,
		Every: time.Duration(*every) * time.Millisecond, Dir: dir, Errors: os.Stderr, InProc: *inproc, Config: simCfg})
	if err != nil {
		return err
	}
	defer cl.Stop()
	// Ctrl+C or SIGTERM ends the run early, with its summary; the nodes stop and the temporary
	// files go as after a full run.
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	start := cl.Start()
	where := "node processes"
	if *inproc {
		where = "nodes in this process, each on its own UDP socket,"
	}
	fmt.Fprintf(out, "%d %s %s on 127.0.0.1, joined through node 0\n", *n, *protocol, where)
	if web != nil {
		web.announce(out)
	}
	w := watcher{out: out, start: start, inproc: *inproc, tally: core.NewTally(simCfg)}
	tick := time.NewTicker(time.Duration(*every) * time.Millisecond)
	defer tick.Stop()
	for (*duration == 0 || time.Since(start) < time.Duration(*duration)*time.Millisecond) && ctx.Err() == nil {
		select {
		case <-tick.C:
		case req := <-hub.Commands():
			said, err := w.apply(cl, core.TimedCommand{At: core.Time(time.Since(start).Milliseconds()), Command: req.Command})
			req.Reply <- live.Answer{Said: said, Err: err}
			continue
		case <-ctx.Done():
			continue
		}
		for len(plan) > 0 && time.Since(start) >= time.Duration(plan[0].At)*time.Millisecond {
			op := plan[0]
			plan = plan[1:]
			w.apply(cl, op)
		}
		views := cl.Views()
		frame := live.TraceFrame(time.Since(start).Milliseconds(), cl.Loss(), views, w.takeCommands(), cl.Messages())
		w.observe(views)
		w.tallyFrame(&frame)
		hub.Broadcast(frame)
		if rec != nil {
			if err := rec.Write(frame); err != nil {
				return fmt.Errorf("--record: %v", err)
			}
		}
	}
	w.summary(cl.Views())
	for _, op := range plan {
		fmt.Fprintf(w.out, "not reached: %s at %s (the run ended at %.1f s)\n", op.Op, fmtDur(op.At), time.Since(start).Seconds())
	}
	if *againstSim {
		return w.againstSim(simCfg, fullPlan, *duration)
	}
	return nil
}

// againstSim runs the simulator on the cluster's parameters, seed and command times, and prints
// each crash's detection and the load, real against simulated.
func (w *watcher) againstSim(cfg core.Config, plan []core.TimedCommand, duration core.Time) error {
	sim, err := core.New(cfg)
	if err != nil {
		return fmt.Errorf("the simulator refuses the cluster's parameters: %v", err)
	}
	play := core.Player{Script: plan, Apply: func(c core.TimedCommand) error { sim.Apply(c.Command); return nil }}
	play.RunTo(sim, duration)
	snap := sim.Snapshot()
	what := "real processes"
	if w.inproc {
		what = "real nodes in this process"
	}
	fmt.Fprintf(w.out, "\n%s against the simulator (same parameters, seed and command times):\n", what)
	ms := func(t core.Time) string {
		if t < 0 {
			return "–"
		}
		return fmt.Sprintf("+%.1f s", t.Seconds())
	}
	real := func(d time.Duration) string {
		if d == 0 {
			return "–"
		}
		return fmt.Sprintf("+%.1f s", d.Seconds())
	}
	used := map[int]bool{}
	for _, c := range w.crashes {
		for i, d := range snap.Metrics.Detections {
			if d.Node == c.node && !used[i] {
				used[i] = true
				fmt.Fprintf(w.out, "  node %d crash: first suspicion %s real, %s simulated; removed by all %s real, %s simulated\n",
					c.node, real(c.firstSuspect), ms(d.Delay(d.FirstSuspect)), real(c.allGone), ms(d.Delay(d.AllRemoved)))
				break
			}
		}
	}
	t := snap.Metrics.Totals
	secs, n := duration.Seconds(), float64(len(snap.Nodes))
	fmt.Fprintf(w.out, "  false suspicions: %d real (as the reports show them), %d simulated\n", w.falseSusp, t.FalseSuspicions)
	fmt.Fprintf(w.out, "  load: %.1f msgs and %.0f B per node per second real, %.1f and %.0f simulated\n",
		w.msgs, w.bytes, float64(t.MsgsSent)/n/secs, float64(t.BytesSent)/n/secs)
	return nil
}

// clusterEnv is extra environment for the node processes (the tests' binary needs it).
var clusterEnv []string

// watcher prints what the cluster does: the commands, and for each crash when a live node first
// suspected it and when every live node had removed it.
type watcher struct {
	out         io.Writer
	start       time.Time
	crashes     []crashWatch
	msgs, bytes float64 // the live nodes' load per node per second, at the end
	// falseSusp counts the times a live node was seen to turn suspect (or removed) in another
	// live node's list, as the reports show it; was is each (observer, member) state last seen.
	falseSusp int
	was       map[[2]core.NodeID]core.State
	inproc    bool     // the nodes run in this process: a crash stops one, no process is killed
	commands  []string // applied since the last trace frame
	// tally computes the simulator's metrics from the frames (the summary gossiplab run prints)
	tally *core.Tally
	reps  []core.Reported
}

// takeCommands returns the commands applied since the last call.
func (w *watcher) takeCommands() []string {
	c := w.commands
	w.commands = nil
	return c
}

type crashWatch struct {
	node                  core.NodeID
	at                    time.Duration
	firstSuspect, allGone time.Duration // 0: not yet
	restarted             bool          // it came back before every live node had removed it
}

func (w *watcher) apply(cl *live.Cluster, tc core.TimedCommand) (string, error) {
	now := time.Since(w.start)
	var err error
	what := ""
	switch c := tc.Command; c.Op {
	case core.OpCrash:
		if err = cl.Crash(c.Node); err == nil {
			w.crashes = append(w.crashes, crashWatch{node: c.Node, at: now})
			what = fmt.Sprintf("node %d killed (SIGKILL)", c.Node)
			if w.inproc {
				what = fmt.Sprintf("node %d stopped (its socket closed, its state gone)", c.Node)
			}
		}
	case core.OpRestart:
		err, what = cl.Restart(c.Node), fmt.Sprintf("node %d restarted (a new process, next generation)", c.Node)
		for i := range w.crashes { // a crash not yet removed by all ends here
			if cw := &w.crashes[i]; cw.node == c.Node && cw.allGone == 0 {
				cw.restarted = true
			}
		}
		if w.inproc {
			what = fmt.Sprintf("node %d restarted (a new node, next generation)", c.Node)
		}
	case core.OpLeave:
		err, what = cl.Leave(c.Node), fmt.Sprintf("node %d left (its farewell sent, its process gone)", c.Node)
	case core.OpAdd:
		var id core.NodeID
		id, err = cl.Add()
		what = fmt.Sprintf("node %d added (it joins through node 0)", id)
	case core.OpPartition:
		err, what = cl.Partition(c.Groups), fmt.Sprintf("network partitioned %v", c.Groups)
	case core.OpHeal:
		cl.Heal()
		what = "partition healed"
	case core.OpSet:
		if c.Param != "loss" || len(c.Also) > 0 {
			err = fmt.Errorf("only loss can be set on a running cluster of processes")
		} else {
			err, what = cl.SetLoss(c.Value), fmt.Sprintf("loss set to %g", c.Value)
		}
	default:
		err = fmt.Errorf("%s has no meaning for a cluster of processes", c.Op)
	}
	if err != nil {
		fmt.Fprintf(w.out, "%6.1f s  %s: %v\n", now.Seconds(), tc.Op, err)
		return "", err
	}
	fmt.Fprintf(w.out, "%6.1f s  %s\n", now.Seconds(), what)
	w.commands = append(w.commands, what)
	return what, nil
}

// tallyFrame takes a frame into the tally: the simulator's metrics of the real run.
func (w *watcher) tallyFrame(f *trace.Frame) {
	w.reps = f.Reported(w.reps[:0])
	w.tally.Observe(core.Time(f.TimeMs), w.reps, nil)
	for _, m := range f.Messages {
		w.tally.Message(m.Drop)
	}
}

func sourceName(inproc bool) string {
	if inproc {
		return "in-process"
	}
	return "processes"
}

// observe checks the open crashes against the live nodes' latest lists, and counts the false
// suspicions the lists show.
func (w *watcher) observe(views []live.View) {
	now := time.Since(w.start)
	if w.was == nil {
		w.was = map[[2]core.NodeID]core.State{}
	}
	for _, v := range views {
		if !v.Up {
			continue
		}
		for _, e := range v.List {
			key := [2]core.NodeID{v.ID, e.Member}
			if int(e.Member) < len(views) && views[e.Member].Up && e.Member != v.ID &&
				w.was[key] == core.Alive && (e.State == core.Suspect || e.State == core.Removed) {
				w.falseSusp++
			}
			w.was[key] = e.State
		}
	}
	for i := range w.crashes {
		c := &w.crashes[i]
		if c.restarted || c.allGone > 0 {
			continue // came back, or done
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
			any = any || st == core.Suspect || st == core.Removed
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
	w.msgs, w.bytes = float64(sent)/float64(max(1, up))/secs, float64(bytes)/float64(max(1, up))/secs
	fmt.Fprintf(w.out, "end at %.1f s: %d nodes up; the live ones sent %.1f msgs and %.0f B per node per second; %d datagrams refused\n",
		secs, up, w.msgs, w.bytes, refused)
	last := w.tally.Current(core.Time(time.Since(w.start).Milliseconds()))
	(&timeline{out: w.out}).printSample(last) // as gossiplab run prints its samples
	writeSummary(w.out, w.tally.Totals(), w.tally.Detections())
	for _, c := range w.crashes {
		switch {
		case c.restarted && c.allGone == 0:
			fmt.Fprintf(w.out, "node %d: restarted before every live node had removed it\n", c.node)
		case c.allGone == 0:
			fmt.Fprintf(w.out, "node %d: not removed by all live nodes by the end\n", c.node)
		}
	}
}

// checkClusterPlan refuses, when the file is loaded, a command a cluster of processes could
// never carry out as written: a parameter other than the loss, or a loss out of range. (A
// command that has no meaning for processes at all, dropping one packet, is said and skipped
// when its time comes.)
func checkClusterPlan(cmds []core.TimedCommand) error {
	for i, c := range cmds {
		if c.Op != core.OpSet {
			continue
		}
		if c.Param != "loss" || len(c.Also) > 0 {
			return fmt.Errorf("commands[%d] at %s: only loss can be set on a cluster of processes, got %s", i, fmtDur(c.At), c.Param)
		}
		if !(c.Value >= 0 && c.Value < 1) {
			return fmt.Errorf("commands[%d] at %s: loss must be in [0, 1), got %g", i, fmtDur(c.At), c.Value)
		}
	}
	return nil
}

// loadScenarioFile reads and checks a scenario file (core.ParseScenario).
func loadScenarioFile(name string) (core.Scenario, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return core.Scenario{}, err
	}
	return core.ParseScenario(data)
}
