package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"gossiplab/core"
	"gossiplab/core/experiment"
)

// sweepSetup is a validated sweep and what to do with its results.
type sweepSetup struct {
	sweep   experiment.Sweep
	y       string
	csvPath string
	plot    string
	json    bool
	jobs    int
}

// runSweep is `gossiplab sweep`: one seeded event-driven run per (value, run), each measuring
// dissemination, load, false suspicions, synchronisation and crash detection.
func runSweep(args []string, out io.Writer) error {
	st, err := parseSweep(args, out)
	if err != nil {
		return err
	}
	// Open the output files first, as temporary files beside them, so a bad path fails before
	// a long sweep and a failed or interrupted sweep leaves any older file in place.
	var csvFile, plotFile *os.File
	cleanup := func() {
		for _, f := range []*os.File{csvFile, plotFile} {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}
	}
	if st.csvPath != "" {
		if csvFile, err = sweepTemp(st.csvPath); err != nil {
			return usagef("--csv: %v", err)
		}
	}
	if st.plot != "" {
		if plotFile, err = sweepTemp(st.plot); err != nil {
			cleanup()
			return usagef("--plot: %v", err)
		}
	}
	results, err := runSweepJobs(st.sweep, st.jobs)
	if err != nil {
		cleanup()
		return err
	}
	q, _ := experiment.QuantityByName(st.y) // --y was checked when parsed
	rep := experiment.NewReport(st.sweep, q, experiment.Summarize(st.sweep.Values, results))

	if csvFile != nil {
		if err := writeSweepCSV(csvFile, st.sweep, results); err != nil {
			cleanup()
			return fmt.Errorf("--csv %s: %v", st.csvPath, err)
		}
	}
	if plotFile != nil {
		format := strings.ToLower(filepath.Ext(st.plot))[1:]
		if err := writeSweepPlot(plotFile, format, rep); err != nil {
			cleanup()
			return fmt.Errorf("--plot %s: %v", st.plot, err)
		}
	}
	for _, o := range []struct {
		f    *os.File
		path string
	}{{csvFile, st.csvPath}, {plotFile, st.plot}} {
		if o.f == nil {
			continue
		}
		err := o.f.Close()
		if err == nil {
			err = os.Rename(o.f.Name(), o.path)
		}
		if err != nil {
			os.Remove(o.f.Name())
			return fmt.Errorf("writing %s: %v", o.path, err)
		}
	}
	if st.json {
		return printSweepJSON(out, st, rep)
	}
	printSweepText(out, st, rep)
	return nil
}

func parseSweep(args []string, out io.Writer) (*sweepSetup, error) {
	f := newFlags("sweep", out)
	param := f.choiceVar("param", "", experiment.ParamNames(),
		"parameter to vary (required); times in ms. Sweeping t_suspect (or giving --t-suspect) sets T_remove = 2·T_suspect and T_tombstone = 3·T_remove unless --t-remove / --t-tombstone are given")
	values := f.stringVar("values", "", `comma-separated values of --param (required), e.g. "16,32,64"; ms for period and t_suspect`)
	preset := f.choiceVar("preset", "classroom", core.PresetNames, "starting configuration; --n, --fanout, --period, --loss, --t-suspect, --t-remove, --t-tombstone and --latency override it")
	cluster := addClusterFlags(f, 2, map[string]string{
		"t_remove_ms":    "remove after no heartbeat increase for; if not given while T_suspect is swept or given: 2·T_suspect",
		"t_tombstone_ms": "keep tombstones for; if not given while T_suspect or T_remove is swept or given: 3·T_remove"})
	runs := f.intVar("runs", 3, 1, 1000, "seeded runs per value; run r uses seed --seed + r for every value")
	seed := f.seedVar(1)
	duration := f.durationVar("duration", experiment.DefaultWindow, core.Second, core.MaxScenarioDuration,
		"measured window of virtual time per run, without a crash (after a warm-up of max(10·X, T_suspect); a crash and its detection follow)")
	probes := f.intVar("probes", experiment.DefaultProbes, 1, 1000, "dissemination probes per run, spread over the window")
	y := f.choiceVar("y", "dissemination", experiment.QuantityNames(), "measurement to plot")
	csvPath := f.stringVar("csv", "", "write one CSV row per run, every measurement, to this file")
	plotPath := f.stringVar("plot", "", "write a plot of --y (mean ± sd against --param) to this .svg or .png file")
	asJSON := f.boolVar("json", false, "print the summary as JSON instead of a table")
	jobs := f.intVar("jobs", runtime.NumCPU(), 1, 256, "runs measured in parallel (results do not depend on it)")
	if err := f.parse(args); err != nil {
		return nil, err
	}
	set := givenFlags(f)

	if *param == "" {
		return nil, usagef("--param is required: one of %s", strings.Join(experiment.ParamNames(), ", "))
	}
	p, _ := experiment.ParamByName(*param)
	if !set["values"] {
		return nil, usagef("--values is required: comma-separated values of %s, each %s", p.Name, p.RangeText())
	}
	vals, err := p.ParseValues(*values)
	if err != nil {
		return nil, usagef("--values: %v", err)
	}
	own := map[string]string{"n": "n", "fanout": "fanout", "period": "period", "loss": "loss", "t_suspect": "t-suspect"}[p.Name]
	if set[own] {
		return nil, usagef("--%s: it is the swept --param %s; give its values in --values", own, p.Name)
	}
	if *plotPath != "" {
		if ext := strings.ToLower(filepath.Ext(*plotPath)); ext != ".svg" && ext != ".png" {
			return nil, usagef("--plot: the file name must end in .svg or .png, got %q", *plotPath)
		}
	}

	c, _ := core.Preset(*preset)
	if err := cluster.apply(set, &c, true); err != nil {
		return nil, err
	}
	c.Seed = *seed
	// Derived timeouts: when T_suspect is given, T_remove follows it, and T_tombstone follows
	// T_remove, unless they are given too. A swept t_suspect derives them per value.
	if set["t-suspect"] {
		experiment.DeriveTimeouts(&c, set["t-remove"], set["t-tombstone"])
	} else if set["t-remove"] && !set["t-tombstone"] {
		c.TTombstone = 3 * c.TRemove
	}

	sw := experiment.Sweep{Base: c, Param: p, Values: vals, Runs: *runs,
		Options:     experiment.Options{Window: *duration, Probes: *probes},
		KeepTRemove: set["t-remove"], KeepTTombstone: set["t-tombstone"]}
	if err := sw.Validate(); err != nil {
		return nil, sweepConfigUsage(err, sw)
	}
	return &sweepSetup{sweep: sw, y: *y, csvPath: *csvPath, plot: *plotPath, json: *asJSON, jobs: *jobs}, nil
}

// sweepConfigUsage turns a sweep validation error into a usage error naming the flags: the
// swept field as --values, the others by their own flags, each with the value it occurred at.
func sweepConfigUsage(err error, sw experiment.Sweep) error {
	p := sw.Param
	var ve *experiment.ValueError
	if !errors.As(err, &ve) {
		return usagef("%v", err)
	}
	at := fmt.Sprintf("%s=%s", p.Name, sweepNum(ve.Value))
	var ce *core.ConfigError
	if !errors.As(ve.Err, &ce) {
		return usagef("--values entry %s: %v", at, ve.Err)
	}
	var parts []string
	for _, fe := range ce.Problems {
		switch name, ok := flagOfField(fe.Field); {
		case fe.Field == p.Field:
			parts = append(parts, fmt.Sprintf("--values entry %s: %s %s", at, p.Name, fe.Msg))
		case ok:
			note := ""
			if p.Name == "t_suspect" && ((fe.Field == "t_remove_ms" && !sw.KeepTRemove) || (fe.Field == "t_tombstone_ms" && !sw.KeepTTombstone)) {
				note = "; unless given, T_remove = 2·T_suspect and T_tombstone = 3·T_remove"
			}
			if "--"+fe.Field != name {
				name += " (" + fe.Field + ")"
			}
			parts = append(parts, fmt.Sprintf("%s %s (at %s%s)", name, fe.Msg, at, note))
		default:
			parts = append(parts, fmt.Sprintf("%s %s (at %s)", fe.Field, fe.Msg, at))
		}
	}
	return usagef("%s", strings.Join(parts, "; "))
}

// sweepTemp creates a temporary file in the directory of path, to be renamed to path.
func sweepTemp(path string) (*os.File, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, err)
	}
	f.Chmod(0o644) // CreateTemp makes it private; the result is an ordinary file
	return f, nil
}

// sweepLatency reads "min-max" milliseconds.
// runSweepJobs measures every job on `workers` goroutines; each run is independent and
// deterministic, so the results are the same for any number of workers.
func runSweepJobs(sw experiment.Sweep, workers int) ([]experiment.Result, error) {
	jobs, err := sw.Jobs()
	if err != nil {
		return nil, err
	}
	results := make([]experiment.Result, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = experiment.RunJob(jobs[i], sw.Options)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return results, nil
}

func sweepNum(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func writeSweepCSV(w io.Writer, sw experiment.Sweep, results []experiment.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"param", "value", "run", "seed", "n", "fanout", "period_ms", "t_suspect_ms", "t_remove_ms",
		"t_tombstone_ms", "loss", "latency_min_ms", "latency_max_ms", "warmup_ms", "window_ms",
		"dissemination_ms", "dissemination_periods", "dissemination_probes", "dissemination_unreached",
		"msgs_per_node_per_s", "bytes_per_node_per_s", "false_suspicions", "false_suspicions_per_node_per_s",
		"mean_convergence", "synced_fraction", "samples", "crashed_node",
		"first_suspect_ms", "all_suspect_ms", "all_removed_ms", "detect_unreached"})
	for _, r := range results {
		c := r.Config
		i := strconv.Itoa
		t := func(x core.Time) string { return strconv.FormatInt(int64(x), 10) }
		cw.Write([]string{sw.Param.Name, sweepNum(r.Value), i(r.Run), strconv.FormatUint(c.Seed, 10),
			i(c.N), i(c.Fanout), t(c.Period), t(c.TSuspect), t(c.TRemove), t(c.TTombstone), sweepNum(c.Loss),
			t(c.LatencyMin), t(c.LatencyMax), t(r.Options.Warmup), t(r.Options.Window),
			sweepNum(r.DisseminationMs), sweepNum(r.DisseminationPeriods), i(r.Probes), i(r.ProbesUnreached),
			sweepNum(r.MsgsPerNodePerSec), sweepNum(r.BytesPerNodePerSec), strconv.FormatUint(r.FalseSuspicions, 10),
			sweepNum(r.FalseSuspicionsPerNodePerSec), sweepNum(r.MeanConvergence), sweepNum(r.SyncedFraction),
			i(r.Samples), i(int(r.CrashedNode)),
			sweepNum(r.FirstSuspectMs), sweepNum(r.AllSuspectMs), sweepNum(r.AllRemovedMs), i(r.DetectUnreached)})
	}
	cw.Flush()
	return cw.Error()
}

// sweepCell formats mean ± sd with prec decimals (or -prec significant digits), with the count
// when some runs did not measure it.
func sweepCell(s experiment.Stat, runs int, prec int) string {
	if s.Count == 0 {
		return "-"
	}
	format := byte('f')
	if prec < 0 { // significant digits, for rates spanning orders of magnitude
		format, prec = 'g', -prec
	}
	txt := strconv.FormatFloat(s.Mean, format, prec, 64)
	if !math.IsNaN(s.SD) {
		txt += "±" + strconv.FormatFloat(s.SD, format, prec, 64)
	}
	if s.Count < runs {
		txt += fmt.Sprintf(" (%d/%d)", s.Count, runs)
	}
	return txt
}

func printSweepText(out io.Writer, st *sweepSetup, rep experiment.Report) {
	sw, pts, fit, fitErr := st.sweep, rep.Points, rep.Fit, rep.FitErr
	fmt.Fprintf(out, "sweep %s over %s; %s\n", sw.Param.Name, sweepValuesText(sw.Values), rep.Fixed)
	fmt.Fprintf(out, "%s after a warm-up of max(10·X, T_suspect); %d dissemination probes each; then node N-1 crashes\n\n",
		rep.Runs, sw.Options.Probes)
	stat := func(p experiment.Point, key string) experiment.Stat { return p.Stats[experiment.MetricIndex(key)] }
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tdissemination (ms)\t(periods)\tmsgs/node/s\tbytes/node/s\tfalse susp./node/s\tmean conv.\tsynced\t\n", sw.Param.Column)
	for _, p := range pts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", sweepNum(p.Value),
			sweepCell(stat(p, "dissemination_ms"), p.Runs, 0), sweepCell(stat(p, "dissemination_periods"), p.Runs, 2),
			sweepCell(stat(p, "msgs_per_node_per_s"), p.Runs, 3), sweepCell(stat(p, "bytes_per_node_per_s"), p.Runs, 0),
			sweepCell(stat(p, "false_suspicions_per_node_per_s"), p.Runs, -3), sweepCell(stat(p, "mean_convergence"), p.Runs, 4),
			sweepCell(stat(p, "synced_fraction"), p.Runs, 4))
	}
	tw.Flush()
	fmt.Fprintln(out)
	tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\tfirst suspicion (ms)\tsuspected by all (ms)\tremoved by all (ms)\tprobes unreached\tstages unreached\t\n", sw.Param.Column)
	for _, p := range pts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t\n", sweepNum(p.Value),
			sweepCell(stat(p, "first_suspect_ms"), p.Runs, 0), sweepCell(stat(p, "all_suspect_ms"), p.Runs, 0),
			sweepCell(stat(p, "all_removed_ms"), p.Runs, 0), p.ProbesUnreached, p.DetectUnreached)
	}
	tw.Flush()
	fmt.Fprintln(out, "(mean±sd over the runs; (k/R) when only k of R runs measured it)")
	if never := sweepNeverSynced(pts); len(never) > 0 {
		fmt.Fprintf(out, "the lists were never fully synchronised, without any crash, at %s = %s\n", sw.Param.Name, sweepValuesText(never))
	}
	if fitErr == nil {
		fmt.Fprintf(out, "fit of the mean dissemination time: T = a + b·log2 N with a = %.1f ms, b = %.1f ms (%.3f periods) per doubling, R² = %.4f\n",
			fit.A, fit.B, fit.B/float64(sw.Base.Period), fit.R2)
	} else if sw.Param.Name == "n" {
		fmt.Fprintf(out, "no log2 N fit: %v\n", fitErr)
	}
	if st.csvPath != "" {
		fmt.Fprintf(out, "wrote %d runs to %s\n", len(sw.Values)*sw.Runs, st.csvPath)
	}
	if st.plot != "" {
		fmt.Fprintf(out, "wrote the %s plot to %s\n", st.y, st.plot)
	}
}

// sweepNeverSynced lists the values at which no sample of any run was fully converged.
func sweepNeverSynced(pts []experiment.Point) []float64 {
	k := experiment.MetricIndex("synced_fraction")
	var out []float64
	for _, p := range pts {
		if s := p.Stats[k]; s.Count > 0 && s.Mean == 0 {
			out = append(out, p.Value)
		}
	}
	return out
}

func sweepValuesText(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = sweepNum(v)
	}
	return strings.Join(parts, ",")
}

// jsonNum is a float that encodes NaN as null.
type jsonNum float64

func (x jsonNum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(x), 'g', -1, 64), nil
}

func printSweepJSON(out io.Writer, st *sweepSetup, rep experiment.Report) error {
	sw, pts, fit, fitErr := st.sweep, rep.Points, rep.Fit, rep.FitErr
	type stat struct {
		Mean  jsonNum `json:"mean"`
		SD    jsonNum `json:"sd"`
		Count int     `json:"count"`
	}
	summary := make([]map[string]any, len(pts))
	for i, p := range pts {
		m := map[string]any{"value": p.Value, "runs": p.Runs, "probes_unreached": p.ProbesUnreached, "detect_unreached": p.DetectUnreached}
		for k, met := range experiment.Metrics {
			s := p.Stats[k]
			m[met.Key] = stat{jsonNum(s.Mean), jsonNum(s.SD), s.Count}
		}
		summary[i] = m
	}
	doc := map[string]any{
		"param": sw.Param.Name, "values": sw.Values, "runs": sw.Runs, "seed": sw.Base.Seed,
		"window_ms": sw.Options.Window, "probes": sw.Options.Probes, "base_config": sw.Base,
		"derived_timeouts": sw.Param.Name == "t_suspect" && !(sw.KeepTRemove && sw.KeepTTombstone),
		"summary":          summary, "never_synced": sweepNeverSynced(pts),
	}
	if doc["never_synced"] == nil {
		doc["never_synced"] = []float64{}
	}
	if fitErr == nil {
		doc["fit"] = map[string]any{"model": "dissemination_ms = a + b*log2(n)", "a_ms": jsonNum(fit.A), "b_ms": jsonNum(fit.B),
			"r2": jsonNum(fit.R2), "points": fit.Points}
	}
	if st.csvPath != "" {
		doc["csv"] = st.csvPath
	}
	if st.plot != "" {
		doc["plot"] = st.plot
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
