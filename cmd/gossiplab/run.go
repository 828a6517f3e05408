package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"gossiplab/core"
)

// runScenario is `gossiplab run`: a scenario in the event-driven simulator, from a JSON file
// and/or flags, printed as a timeline that ends with the run's trace hash.
func runScenario(args []string, out io.Writer) error {
	f := newFlags("run", out)
	file := f.stringVar("scenario", "", "JSON scenario file: {preset, config, duration_ms, commands:[{at_ms, op, node, …}]}; flags override its config")
	preset := f.choiceVar("preset", "classroom", core.PresetNames, "starting configuration, when no --scenario is given")
	protocol := f.choiceVar("protocol", "heartbeat", []string{"heartbeat", "swim", "rumor"}, "protocol: heartbeat or swim membership, or one rumor spreading")
	rumorMode := f.choiceVar("rumor-mode", "push", core.RumorModes, "with --protocol rumor: how the rumor spreads (fanout = --fanout)")
	inject := f.stringVar("inject", "", `with --protocol rumor: start the rumor at "NODE@TIME", e.g. "0@1s"`)
	swimK := f.paramVar(core.ParamByName("swim_k"), 3, 0, "SWIM: members asked to ping-req when a direct ping gets no ack")
	pitfalls := f.stringVar("pitfall", "", "heartbeat bugs to demonstrate, comma-separated: no_tombstone, timestamp_merge, no_generation")
	skew := f.paramVar(core.ParamByName("clock_skew_ms"), 0, 0, "with --pitfall timestamp_merge: each clock is off by up to this much")
	cluster := addClusterFlags(f, 1, nil)
	seed := f.seedVar(1)
	duration := f.durationVar("duration", core.Minute, 1, core.MaxScenarioDuration, "virtual time to run")
	crash := f.stringVar("crash", "", `crash nodes: "NODE@TIME,…", e.g. "3@10s,7@12s"`)
	restart := f.stringVar("restart", "", `restart nodes: "NODE@TIME,…"`)
	leave := f.stringVar("leave", "", `graceful leaves: "NODE@TIME,…"`)
	add := f.stringVar("add", "", `add a node joining via the seeds at each time: "TIME,…"`)
	partition := f.stringVar("partition", "", `split the network: "GROUP/GROUP@TIME", groups as id ranges, e.g. "0-7/8-15@30s"`)
	heal := f.stringVar("heal", "", `heal the partition at each time: "TIME,…"`)
	every := f.durationVar("every", 5*core.Second, 1, core.MaxScenarioDuration, "print a metrics line this often")
	events := f.choiceVar("events", "membership", []string{"membership", "all", "none"}, "which events to print: membership (no per-message lines), all, none")
	asJSON := f.boolVar("json", false, "print JSON lines instead of text (the last line is still trace-hash: <hex>)")
	stats := f.boolVar("stats", false, "print wall time, simulated seconds per wall second and memory to stderr")
	share := f.boolVar("share", false, "also print a share link of the run (settings, seed, commands); --replay opens it")
	replay := f.stringVar("replay", "", "replay a share link (from --share or the app) instead of --scenario and the flags")
	check := f.boolVar("check", false, "check the run's invariants (no heartbeat back within a generation, no resurrection, counts, messages) at every event batch; print each violation with its time and exit 1 on any")
	if err := f.parse(args); err != nil {
		return err
	}
	set := givenFlags(f)

	sc := core.Scenario{Duration: *duration}
	if *replay != "" {
		sh, err := core.DecodeShare(*replay)
		if err != nil {
			return usagef("--replay: %v", err)
		}
		sc = core.Scenario{Config: sh.Config, Commands: sh.Commands, Duration: max(sh.At, 1)}
		if *file != "" || !onlyOutputFlags(set) {
			return usagef("--replay: the link holds the whole run; give no --scenario or parameter flags with it")
		}
		return playAndReport(out, sc, runOutput{*asJSON, *events, *every, *stats, *share, *check})
	}
	if *file != "" {
		data, err := os.ReadFile(*file)
		if err != nil {
			return usagef("--scenario: %v", err)
		}
		if sc, err = core.ParseScenario(data); err != nil {
			return usagef("--scenario %s: %v", *file, err)
		}
		if set["preset"] {
			return usagef("--preset: give the preset inside the scenario file, not both")
		}
	} else {
		c, _ := core.Preset(*preset)
		sc.Config = c
	}
	c := &sc.Config
	if set["duration"] {
		sc.Duration = *duration
	}
	if err := cluster.apply(set, c, *file == ""); err != nil {
		return err
	}
	if set["seed"] {
		c.Seed = *seed
	}
	if set["protocol"] {
		c.Protocol = core.Protocol(*protocol)
	}
	if set["rumor-mode"] {
		c.RumorMode = *rumorMode
	}
	if set["swim-k"] {
		c.Swim.K = int(swimK())
	}
	for _, p := range splitList(*pitfalls) {
		switch p {
		case "no_tombstone":
			c.Pitfalls.NoTombstone = true
		case "timestamp_merge":
			c.Pitfalls.TimestampMerge = true
		case "no_generation":
			c.Pitfalls.NoGeneration = true
		default:
			return usagef("--pitfall: each item must be one of no_tombstone, timestamp_merge, no_generation; got %q", p)
		}
	}
	if set["clock-skew"] {
		c.Pitfalls.ClockSkew = core.Time(skew())
	}
	cmds, err := commandFlags(*crash, *restart, *leave, *inject, *add, *partition, *heal)
	if err != nil {
		return err
	}
	sc.Commands = append(sc.Commands, cmds...)
	if err := sc.Validate(); err != nil {
		return usagef("%v", flagNames(err.Error()))
	}
	sortCommands(sc.Commands)

	return playAndReport(out, sc, runOutput{*asJSON, *events, *every, *stats, *share, *check})
}

// onlyOutputFlags reports whether the given flags only shape the output.
func onlyOutputFlags(set map[string]bool) bool {
	for name := range set {
		switch name {
		case "replay", "json", "events", "every", "stats", "share", "check":
		default:
			return false
		}
	}
	return true
}

// runOutput is what run prints besides the timeline, and whether it checks invariants.
type runOutput struct {
	json         bool
	events       string
	every        core.Time
	stats, share bool
	check        bool
}

// playAndReport plays a scenario, prints its timeline, and ends with its share link (if asked)
// and its trace hash; with check, a run that broke an invariant is an error (exit status 1)
// after all that.
func playAndReport(out io.Writer, sc core.Scenario, o runOutput) error {
	stats, share := o.stats, o.share
	p := &timeline{out: out, json: o.json, events: o.events, check: o.check}
	start := time.Now()
	sim, err := p.play(sc, o.every)
	if err != nil {
		return err
	}
	if stats {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		wall := time.Since(start).Seconds()
		fmt.Fprintf(os.Stderr, "ran %.1f s of virtual time for N=%d in %.2f s wall: %.2f simsec/s; Go heap peak in use %.0f MB, from the OS %.0f MB\n",
			sc.Duration.Seconds(), sc.Config.N, wall, sc.Duration.Seconds()/wall, float64(ms.HeapInuse)/1e6, float64(ms.Sys)/1e6)
	}
	if share {
		link, err := core.EncodeShare(core.Share{Config: sc.Config, Commands: sc.Commands, At: sc.Duration})
		if err != nil {
			return usagef("--share: %v", err)
		}
		fmt.Fprintf(out, "share-link: %s\n", link)
	}
	fmt.Fprintf(out, "trace-hash: %016x\n", sim.TraceHash())
	if o.check && p.violations > 0 {
		return fmt.Errorf("--check: %d invariant violations (listed above)", p.violations)
	}
	return nil
}

// parseRange reads "min-max" milliseconds.
func parseRange(s string) (core.Time, core.Time, error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	a, err1 := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
	b, err2 := strconv.ParseInt(strings.TrimSpace(hi), 10, 64)
	if !ok || err1 != nil || err2 != nil || a < 0 || b < a || core.Time(b) > core.MaxLatency {
		return 0, 0, fmt.Errorf(`must be "min-max" in ms with 0 ≤ min ≤ max ≤ %d, got %q`, core.MaxLatency, s)
	}
	return core.Time(a), core.Time(b), nil
}

func protocolName(p core.Protocol) string {
	if p == "" {
		return string(core.ProtocolHeartbeat)
	}
	return string(p)
}

func sortCommands(cmds []core.TimedCommand) {
	for i := 1; i < len(cmds); i++ { // insertion sort: stable and the lists are short
		for j := i; j > 0 && cmds[j].At < cmds[j-1].At; j-- {
			cmds[j], cmds[j-1] = cmds[j-1], cmds[j]
		}
	}
}

// commandFlags turns the command flags into timed commands.
func commandFlags(crash, restart, leave, inject, add, partition, heal string) ([]core.TimedCommand, error) {
	var out []core.TimedCommand
	for _, nf := range []struct {
		flag, val string
		op        core.Op
	}{{"crash", crash, core.OpCrash}, {"restart", restart, core.OpRestart}, {"leave", leave, core.OpLeave}, {"inject", inject, core.OpInject}} {
		for _, item := range splitList(nf.val) {
			node, at, ok := strings.Cut(item, "@")
			id, err := strconv.Atoi(strings.TrimSpace(node))
			t, terr := parseDuration(at)
			if !ok || err != nil || terr != nil || id < 0 || id >= core.MaxNodes {
				return nil, usagef(`--%s: each item must be NODE@TIME with NODE in [0, %d] and TIME like 10s or 1500ms, got %q`, nf.flag, core.MaxNodes-1, item)
			}
			out = append(out, core.TimedCommand{At: t, Command: core.Command{Op: nf.op, Node: core.NodeID(id)}})
		}
	}
	for _, tf := range []struct {
		flag, val string
		op        core.Op
	}{{"add", add, core.OpAdd}, {"heal", heal, core.OpHeal}} {
		for _, item := range splitList(tf.val) {
			t, err := parseDuration(item)
			if err != nil {
				return nil, usagef(`--%s: each item must be a TIME like 10s or 1500ms, got %q`, tf.flag, item)
			}
			out = append(out, core.TimedCommand{At: t, Command: core.Command{Op: tf.op}})
		}
	}
	for _, item := range splitList(partition) {
		spec, at, ok := strings.Cut(item, "@")
		t, err := parseDuration(at)
		groups, gerr := parseGroups(spec)
		if !ok || err != nil || gerr != nil {
			return nil, usagef(`--partition: each item must be GROUP/GROUP…@TIME with groups like 0-7 or 1,3,5, e.g. "0-7/8-15@30s", got %q`, item)
		}
		out = append(out, core.TimedCommand{At: t, Command: core.Command{Op: core.OpPartition, Groups: groups}})
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// parseGroups reads "0-7/8-15" or "1;3;5/0;2" (ranges and single ids separated by ';').
func parseGroups(spec string) ([][]core.NodeID, error) {
	var groups [][]core.NodeID
	for _, g := range strings.Split(spec, "/") {
		var ids []core.NodeID
		for _, part := range strings.Split(g, ";") {
			lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
			a, err := strconv.Atoi(lo)
			b := a
			if isRange {
				b, err = strconv.Atoi(hi)
				if err == nil {
					a, err = strconv.Atoi(lo)
				}
			}
			if err != nil || a < 0 || b < a || b >= core.MaxNodes {
				return nil, fmt.Errorf("bad group %q", g)
			}
			for id := a; id <= b; id++ {
				ids = append(ids, core.NodeID(id))
			}
		}
		groups = append(groups, ids)
	}
	return groups, nil
}

// timeline plays a scenario and prints what happens.
type timeline struct {
	protocol   core.Protocol
	out        io.Writer
	json       bool
	events     string
	enc        *json.Encoder
	check      bool
	iv         *core.Invariants // with check
	violations int
	evs        []core.Event
}

func (p *timeline) play(sc core.Scenario, every core.Time) (*core.Sim, error) {
	sim, err := core.New(sc.Config)
	if err != nil {
		return nil, usagef("%v", flagNames(err.Error()))
	}
	p.protocol = sc.Config.Protocol
	sim.RecordEvents(p.events != "none" || p.check)
	if p.check {
		p.iv = core.NewInvariants(sim)
	}
	if p.json {
		p.enc = json.NewEncoder(p.out)
		p.enc.Encode(map[string]any{"type": "config", "config": sc.Config, "duration_ms": sc.Duration, "commands": sc.Commands})
	} else {
		fmt.Fprintln(p.out, headerLine(sc))
	}
	play := core.Player{Script: sc.Commands,
		Pause:   func(now core.Time) core.Time { return (now/every + 1) * every }, // a metrics line every `every`
		Visit:   func() { p.printEvents(sim) },
		AtPause: func() { p.printSample(sim.Current()) }}
	if err := play.RunTo(sim, sc.Duration); err != nil {
		pe := err.(*core.PlayError)
		return nil, usagef("command %d at %v: %v", pe.Index, fmtDur(pe.At), pe.Err)
	}
	p.printSummary(sim)
	return sim, nil
}

// headerLine words a run's settings: each protocol's own parameters (SWIM has no fanout M or
// T_suspect/T_remove, but K, a ping timeout and a suspicion timeout; the rumor has b and its mode).
func headerLine(sc core.Scenario) string {
	c := sc.Config
	var own string
	switch c.Protocol {
	case core.ProtocolSwim:
		own = fmt.Sprintf("K=%d X=%v ping timeout=%v suspicion timeout=%v", c.Swim.K, fmtDur(c.Period), fmtDur(c.Swim.PingTimeout), fmtDur(c.Swim.SuspicionTimeout))
	case core.ProtocolRumor:
		own = fmt.Sprintf("mode=%s b=%d X=%v", c.RumorMode, c.Fanout, fmtDur(c.Period))
	default:
		own = fmt.Sprintf("M=%d X=%v T_suspect=%v T_remove=%v", c.Fanout, fmtDur(c.Period), fmtDur(c.TSuspect), fmtDur(c.TRemove))
	}
	return fmt.Sprintf("%s: N=%d %s loss=%g latency=%d-%d ms seed=%d, %v of virtual time",
		protocolName(c.Protocol), c.N, own, c.Loss, c.LatencyMin, c.LatencyMax, c.Seed, fmtDur(sc.Duration))
}

func (p *timeline) printEvents(sim *core.Sim) {
	p.evs = sim.AppendEvents(p.evs[:0])
	if p.iv != nil {
		for _, v := range p.iv.Check(p.evs) {
			p.violations++
			if p.json {
				p.enc.Encode(struct {
					Type string `json:"type"`
					core.Violation
				}{"violation", v})
			} else {
				fmt.Fprintf(p.out, "%8.3f s: INVARIANT BROKEN (%s): %s\n", v.Time.Seconds(), v.Rule, v.Text)
			}
		}
	}
	for _, e := range p.evs {
		if p.events == "none" || p.events == "membership" && (e.Kind == core.EvSent || e.Kind == core.EvDelivered || e.Kind == core.EvDropped) {
			continue
		}
		if p.json {
			p.enc.Encode(struct {
				Type string `json:"type"`
				core.Event
				Text string `json:"text"`
			}{"event", e, e.Describe(p.protocol)})
		} else {
			fmt.Fprintln(p.out, e.Describe(p.protocol))
		}
	}
}

func (p *timeline) printSample(s core.Sample) {
	if p.json {
		p.enc.Encode(struct {
			Type string `json:"type"`
			core.Sample
		}{"sample", s})
		return
	}
	if p.protocol == core.ProtocolRumor {
		fmt.Fprintf(p.out, "%8.3f s: -- informed %d of %d up  %.1f msgs/s %.0f B/s per node\n",
			s.Time.Seconds(), s.Informed, s.Up, s.MsgsPerNodePerSec, s.BytesPerNodePerSec)
		return
	}
	unknown := "" // shown where a live node is not known by a live peer (forgotten, or not yet learned)
	if s.UnknownUp > 0 {
		unknown = fmt.Sprintf(" unknown %d", s.UnknownUp)
	}
	fmt.Fprintf(p.out, "%8.3f s: -- convergence %5.1f%%  up %d crashed %d left %d  suspected %d removed %d%s  false+ %d  %.1f msgs/s %.0f B/s per node\n",
		s.Time.Seconds(), 100*s.Convergence, s.Up, s.Crashed, s.Left, s.Suspected, s.Removed, unknown, s.FalsePositives, s.MsgsPerNodePerSec, s.BytesPerNodePerSec)
}

func (p *timeline) printSummary(sim *core.Sim) {
	t := sim.Totals()
	dets := sim.Detections()
	if p.json {
		dropped := map[string]uint64{}
		for r := core.DropLoss; r <= core.DropUser; r++ {
			dropped[r.String()] = t.Dropped[r]
		}
		p.enc.Encode(map[string]any{"type": "summary", "totals": t, "dropped_by_reason": dropped,
			"detections": dets, "final": sim.Current(), "trace_hash": fmt.Sprintf("%016x", sim.TraceHash())})
		return
	}
	writeSummary(p.out, t, dets)
}

// writeSummary prints a run's totals and crash detections: gossiplab run's summary, which
// gossiplab cluster prints too for a real run (computed by core.Tally from the reports).
func writeSummary(out io.Writer, t core.Totals, dets []core.Detection) {
	fmt.Fprintf(out, "\nmessages: %d sent (%d bytes), %d delivered, dropped: %d loss, %d partition, %d dead receiver, %d by hand\n",
		t.MsgsSent, t.BytesSent, t.Delivered, t.Dropped[core.DropLoss], t.Dropped[core.DropPartition], t.Dropped[core.DropDead], t.Dropped[core.DropUser])
	fmt.Fprintf(out, "suspicions: %d (%d false), removals: %d (%d false)\n", t.Suspicions, t.FalseSuspicions, t.Removals, t.FalseRemovals)
	if len(dets) > 0 {
		fmt.Fprintln(out, "crash detections (delay after the crash):")
		for _, d := range dets {
			fmt.Fprintf(out, "  node %d crashed at %.3f s: %s\n", d.Node, d.CrashedAt.Seconds(), detectionText(d))
		}
	}
}

// detectionText words a detection's stages: their delays, "not yet", and where every node went
// down before it was complete, that no live observer was left (so no "by all" time).
func detectionText(d core.Detection) string {
	stages := []struct {
		name string
		at   core.Time
	}{{"first suspicion", d.FirstSuspect}, {"suspected by all", d.AllSuspect}, {"removed by all", d.AllRemoved}}
	var parts []string
	for _, st := range stages {
		switch {
		case st.at >= 0:
			parts = append(parts, fmt.Sprintf("%s +%.3f s", st.name, d.Delay(st.at).Seconds()))
		case d.NoObserver && len(parts) == 0:
			return "no live observer left to notice it (no \"by all\" time)"
		case d.NoObserver:
			return strings.Join(append(parts, "then no live observer left (no \"by all\" time)"), ", ")
		default:
			parts = append(parts, st.name+" not yet")
		}
	}
	return strings.Join(parts, ", ")
}
