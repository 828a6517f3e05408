package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"gossiplab/core"
	"gossiplab/core/experiment"
)

// runCompare is `gossiplab compare`: the same seeded scenario under several protocols, with
// means and 95% intervals of detection times, false positives and load.
func runCompare(args []string, out io.Writer) error {
	f := newFlags("compare", out)
	protocols := f.stringVar("protocols", "heartbeat,swim", "protocols to compare, comma-separated (heartbeat, swim)")
	file := f.stringVar("scenario", "", "JSON scenario file (see gossiplab run); its protocol is replaced by each in turn")
	runs := f.intVar("runs", 10, 1, 10000, "seeded runs per protocol (run r uses the scenario's seed + r)")
	asJSON := f.boolVar("json", false, "print JSON instead of a table")
	if err := f.parse(args); err != nil {
		return err
	}
	var ps []core.Protocol
	for _, name := range splitList(*protocols) {
		p := core.Protocol(name)
		if p != core.ProtocolHeartbeat && p != core.ProtocolSwim {
			return usagef("--protocols: each must be one of heartbeat, swim; got %q", name)
		}
		ps = append(ps, p)
	}
	if len(ps) == 0 {
		return usagef("--protocols: name at least one of heartbeat, swim")
	}
	if *file == "" {
		return usagef("--scenario: a scenario file is required (e.g. scenarios/crash-three.json)")
	}
	data, err := os.ReadFile(*file)
	if err != nil {
		return usagef("--scenario: %v", err)
	}
	sc, err := core.ParseScenario(data)
	if err != nil {
		return usagef("--scenario %s: %v", *file, err)
	}
	cmp, err := experiment.Compare(sc, ps, *runs)
	if err != nil {
		return usagef("--scenario %s: %v", *file, err)
	}
	if *asJSON {
		return printCompareJSON(out, *file, *runs, cmp)
	}
	printCompareTable(out, sc, *file, *runs, cmp)
	return nil
}

// compareRows are the table's rows: a label, a JSON key and how to read a run.
var compareRows = []struct {
	label, key string
	get        func(experiment.RunStats) float64
	scale      float64 // shown value = value / scale
}{
	{"first suspicion after a crash (s)", "first_suspect_s", func(r experiment.RunStats) float64 { return r.FirstSuspectMs }, 1000},
	{"suspected by all (s)", "all_suspect_s", func(r experiment.RunStats) float64 { return r.AllSuspectMs }, 1000},
	{"removed by all (s)", "all_removed_s", func(r experiment.RunStats) float64 { return r.AllRemovedMs }, 1000},
	{"false suspicions per node per minute", "false_suspicions_per_node_min", func(r experiment.RunStats) float64 { return r.FalseSuspicionsPerNodeMin }, 1},
	{"false removals (count)", "false_removals", func(r experiment.RunStats) float64 { return r.FalseRemovals }, 1},
	{"messages per node per second", "msgs_per_node_s", func(r experiment.RunStats) float64 { return r.MsgsPerNodeSec }, 1},
	{"bytes per node per second", "bytes_per_node_s", func(r experiment.RunStats) float64 { return r.BytesPerNodeSec }, 1},
}

func interval(runs []experiment.RunStats, get func(experiment.RunStats) float64, scale float64) experiment.Interval {
	xs := make([]float64, len(runs))
	for i, r := range runs {
		xs[i] = get(r) / scale
	}
	return experiment.CI95(xs)
}

func fmtInterval(iv experiment.Interval) string {
	switch {
	case iv.Count == 0:
		return "n/a"
	case math.IsNaN(iv.Half):
		return fmt.Sprintf("%.3g", iv.Mean)
	}
	return fmt.Sprintf("%.3g ± %.2g", iv.Mean, iv.Half)
}

func printCompareTable(out io.Writer, sc core.Scenario, file string, runs int, cmp []experiment.Comparison) {
	c := sc.Config
	fmt.Fprintf(out, "scenario %s: N=%d, loss %g, %d commands, %v; %d runs per protocol (seeds %d–%d); mean ± 95%% interval\n\n",
		file, c.N, c.Loss, len(sc.Commands), fmtDur(sc.Duration), runs, c.Seed, c.Seed+uint64(runs)-1)
	fmt.Fprintf(out, "| %-38s |", "")
	for _, pc := range cmp {
		fmt.Fprintf(out, " %-18s |", pc.Protocol)
	}
	fmt.Fprintf(out, "\n|%s|", strings.Repeat("-", 40))
	for range cmp {
		fmt.Fprintf(out, "%s|", strings.Repeat("-", 20))
	}
	fmt.Fprintln(out)
	for _, row := range compareRows {
		fmt.Fprintf(out, "| %-38s |", row.label)
		for _, pc := range cmp {
			fmt.Fprintf(out, " %-18s |", fmtInterval(interval(pc.Runs, row.get, row.scale)))
		}
		fmt.Fprintln(out)
	}
	for _, pc := range cmp {
		undetected, unobserved := 0, 0
		for _, r := range pc.Runs {
			undetected += r.Undetected
			unobserved += r.NoObserver
		}
		if undetected > 0 {
			fmt.Fprintf(out, "\n%s: %d crashes not removed by all before the scenario ended\n", pc.Protocol, undetected)
		}
		if unobserved > 0 {
			fmt.Fprintf(out, "\n%s: %d crashes left no live observer (the whole cluster was down): no \"by all\" time, kept out of the means\n", pc.Protocol, unobserved)
		}
	}
}

func printCompareJSON(out io.Writer, file string, runs int, cmp []experiment.Comparison) error {
	type stat struct {
		Mean  *float64 `json:"mean"`
		CI95  *float64 `json:"ci95_half"`
		Count int      `json:"count"`
	}
	num := func(x float64) *float64 {
		if math.IsNaN(x) {
			return nil
		}
		return &x
	}
	res := map[string]any{"scenario": file, "runs": runs}
	protos := map[string]map[string]stat{}
	for _, pc := range cmp {
		m := map[string]stat{}
		for _, row := range compareRows {
			iv := interval(pc.Runs, row.get, row.scale)
			m[row.key] = stat{num(iv.Mean), num(iv.Half), iv.Count}
		}
		protos[string(pc.Protocol)] = m
	}
	res["protocols"] = protos
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}
