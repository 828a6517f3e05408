package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gossiplab/core/rounds"
)

// runSpread is `gossiplab spread`: one rumor from node 0 in the synchronous round model.
func runSpread(args []string, out io.Writer) error {
	f := newFlags("spread", out)
	n := f.intVar("n", 1000, 2, rounds.MaxSpreadN, "number of nodes")
	mode := f.choiceVar("mode", "push", rounds.Modes, "how the rumor crosses a call")
	fanout := f.intVar("fanout", 1, 1, rounds.MaxSpreadN-1, "targets per caller per round, at most n-1")
	loss := f.floatVar("loss", 0, 0, 1, true, "probability that a message or call is lost")
	trials := f.intVar("trials", 100, 1, rounds.MaxTrials, "independent trials")
	maxRounds := f.intVar("max-rounds", 0, 0, rounds.MaxRoundCap, "stop a trial after this many rounds and count it unfinished; 0 = automatic")
	seed := f.seedVar(1)
	stop := stopVar(f)
	asJSON := f.boolVar("json", false, "print JSON instead of text")
	if err := f.parse(args); err != nil {
		return err
	}
	// The flag's own range cannot depend on --n, which may come later on the command line.
	if *fanout > *n-1 {
		return usagef("invalid value \"%d\" for --fanout: must be an integer in [1, %d] (n-1 for --n %d)", *fanout, *n-1, *n)
	}
	m, err := rounds.ParseMode(*mode)
	if err != nil {
		return usagef("%v", err)
	}
	if stop.Kind != rounds.StopNone && m != rounds.Push {
		return usagef("invalid value %q for --stop: stop rules need --mode push (got --mode %v); only --stop none works with pull and pushpull", stop.String(), m)
	}
	cfg := rounds.SpreadConfig{N: *n, Mode: m, Fanout: *fanout, Loss: *loss, Trials: *trials, Seed: *seed, MaxRounds: *maxRounds, Stop: *stop}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err) // unreachable while the flag ranges match Validate
	}
	res, err := rounds.Spread(cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeRoundsJSON(out, spreadJSON(res))
	}
	return writeSpreadText(out, res)
}

// stopFlag is --stop: a rumor-mongering stop rule, "none" or "kind:K".
type stopFlag struct{ v *rounds.StopRule }

func (s stopFlag) String() string {
	if s.v == nil {
		return ""
	}
	return s.v.String()
}

func (s stopFlag) Set(text string) error {
	st, err := rounds.ParseStopRule(strings.TrimSpace(text))
	if err != nil {
		return fmt.Errorf("must be one of %s", rounds.StopForms)
	}
	*s.v = st
	return nil
}

func stopVar(f *flags) *rounds.StopRule {
	var v rounds.StopRule
	f.fs.Var(stopFlag{&v}, "stop", "rumor mongering (Demers et al. 1987), --mode push only: infective nodes stop pushing by this rule "+
		"and a trial ends when none is infective. counter:K = removed after K unnecessary contacts in a row (feedback); "+
		"coin:K = stop with probability 1/K after every contact (blind); also counter-noreset:K, feedback-coin:K, blind-counter:K. "+
		"One of "+rounds.StopForms)
	return &v
}

// roundsNum is a float for JSON output that encodes NaN and ±Inf, e.g. the mean of zero
// finished trials, as null: encoding/json refuses them, and null says "undefined" honestly.
type roundsNum float64

func (x roundsNum) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f, 'g', -1, 64)), nil
}

func writeRoundsJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// fmtRoundsNum prints a value that may be undefined (NaN) in text output, with prec decimals,
// or with 4 significant digits when prec < 0 (for small rates).
func fmtRoundsNum(x float64, prec int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if prec < 0 {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return strconv.FormatFloat(x, 'f', prec, 64)
}

type spreadOutput struct {
	N                   int         `json:"n"`
	Mode                string      `json:"mode"`
	Fanout              int         `json:"fanout"`
	Loss                float64     `json:"loss"`
	Trials              int         `json:"trials"`
	Seed                uint64      `json:"seed"`
	MeanRoundsAll       roundsNum   `json:"mean_rounds_all"`
	SDRoundsAll         roundsNum   `json:"sd_rounds_all"`
	SERoundsAll         roundsNum   `json:"se_rounds_all"`
	MeanRounds99        roundsNum   `json:"mean_rounds_99"`
	SDRounds99          roundsNum   `json:"sd_rounds_99"`
	Q50RoundsAll        roundsNum   `json:"q50_rounds_all"`
	Q99RoundsAll        roundsNum   `json:"q99_rounds_all"`
	Q999RoundsAll       roundsNum   `json:"q999_rounds_all"`
	UnfinishedTrials    int         `json:"unfinished_trials"`
	Unfinished99Trials  int         `json:"unfinished_99_trials"`
	MaxRounds           int         `json:"max_rounds"`
	MeanInformedByRound []roundsNum `json:"mean_informed_by_round"`
	// With --stop none the embedded pointer is nil and none of its keys is written, so the
	// plain spread output is unchanged.
	*mongerOutput
}

// mongerOutput is the rumor-mongering part of `spread --stop` JSON.
type mongerOutput struct {
	Stop         string    `json:"stop"`
	ResidueMean  roundsNum `json:"residue_mean"`
	ResidueSD    roundsNum `json:"residue_sd"`
	ResidueSE    roundsNum `json:"residue_se"`
	TrafficMean  roundsNum `json:"traffic_mean"`
	TrafficSD    roundsNum `json:"traffic_sd"`
	TrafficSE    roundsNum `json:"traffic_se"`
	TLastMean    roundsNum `json:"t_last_mean"`
	TLastSD      roundsNum `json:"t_last_sd"`
	TLastSE      roundsNum `json:"t_last_se"`
	TAveMean     roundsNum `json:"t_ave_mean"`
	TAveSE       roundsNum `json:"t_ave_se"`
	RoundsEnd    roundsNum `json:"mean_rounds_end"`
	CappedTrials int       `json:"capped_trials"`
	// Demers is the paper's row for this configuration, when one of its tables has it.
	Demers *demersOutput `json:"demers,omitempty"`
}

// demersOutput is the paper's row as printed there (numbers carry only the printed digits).
type demersOutput struct {
	Table       string  `json:"table"`
	Residue     float64 `json:"residue"`
	Traffic     float64 `json:"traffic"`
	TAve        float64 `json:"t_ave"`
	TLast       float64 `json:"t_last"`
	TAveDiffers string  `json:"t_ave_differs"`
}

func spreadJSON(res rounds.SpreadResult) spreadOutput {
	c := res.Config
	o := spreadOutput{
		N: c.N, Mode: c.Mode.String(), Fanout: c.Fanout, Loss: c.Loss, Trials: c.Trials, Seed: c.Seed,
		MeanRoundsAll: roundsNum(res.RoundsAll.Mean), SDRoundsAll: roundsNum(res.RoundsAll.SD),
		SERoundsAll:  roundsNum(res.RoundsAll.SE),
		MeanRounds99: roundsNum(res.Rounds99.Mean), SDRounds99: roundsNum(res.Rounds99.SD),
		Q50RoundsAll: roundsNum(res.RoundsAll.Q50), Q99RoundsAll: roundsNum(res.RoundsAll.Q99),
		Q999RoundsAll:    roundsNum(res.RoundsAll.Q999),
		UnfinishedTrials: res.Unfinished, Unfinished99Trials: res.Unfinished99, MaxRounds: c.MaxRounds,
		MeanInformedByRound: make([]roundsNum, len(res.MeanInformedByRound)),
	}
	for i, v := range res.MeanInformedByRound {
		o.MeanInformedByRound[i] = roundsNum(v)
	}
	if mg := res.Mongering; mg != nil {
		o.mongerOutput = &mongerOutput{
			Stop:        c.Stop.String(),
			ResidueMean: roundsNum(mg.Residue.Mean), ResidueSD: roundsNum(mg.Residue.SD), ResidueSE: roundsNum(mg.Residue.SE),
			TrafficMean: roundsNum(mg.Traffic.Mean), TrafficSD: roundsNum(mg.Traffic.SD), TrafficSE: roundsNum(mg.Traffic.SE),
			TLastMean: roundsNum(mg.TLast.Mean), TLastSD: roundsNum(mg.TLast.SD), TLastSE: roundsNum(mg.TLast.SE),
			TAveMean: roundsNum(mg.TAve.Mean), TAveSE: roundsNum(mg.TAve.SE),
			RoundsEnd: roundsNum(mg.Rounds.Mean), CappedTrials: mg.Capped,
		}
		if row, ok := rounds.PublishedDemers(c); ok {
			o.Demers = &demersOutput{Table: row.Table, Residue: row.Residue.Value(), Traffic: row.Traffic.Value(),
				TAve: row.TAve.Value(), TLast: row.TLast.Value(), TAveDiffers: rounds.TAveDiffers}
		}
	}
	return o
}

func writeSpreadText(out io.Writer, res rounds.SpreadResult) error {
	c := res.Config
	n := float64(c.N)
	w := &errWriter{w: out}
	if res.Mongering != nil {
		w.printf("gossiplab spread: %v, N=%d, fanout %d, loss %g, %d trials, seed %d, stop %v\n", c.Mode, c.N, c.Fanout, c.Loss, c.Trials, c.Seed, c.Stop)
	} else {
		w.printf("gossiplab spread: %v, N=%d, fanout %d, loss %g, %d trials, seed %d\n", c.Mode, c.N, c.Fanout, c.Loss, c.Trials, c.Seed)
	}
	a, s := res.RoundsAll, res.Rounds99
	w.printf("rounds until all informed (T_all): mean %s ± %s (SE), sd %s, median %s, q99 %s, q99.9 %s\n",
		fmtRoundsNum(a.Mean, 2), fmtRoundsNum(a.SE, 2), fmtRoundsNum(a.SD, 2), fmtRoundsNum(a.Q50, 0), fmtRoundsNum(a.Q99, 0), fmtRoundsNum(a.Q999, 0))
	w.printf("rounds until 99%% informed (T_99): mean %s ± %s (SE), sd %s\n", fmtRoundsNum(s.Mean, 2), fmtRoundsNum(s.SE, 2), fmtRoundsNum(s.SD, 2))
	if res.Mongering != nil {
		// The theory lines below are about the epidemic without a stop rule.
		writeMongerText(w, res)
		writeInformedCurve(w, res)
		return w.err
	}
	if res.Unfinished > 0 {
		w.printf("unfinished: %d of %d trials did not inform everyone within %d rounds (%d did not reach 99%%); the figures above are over the finished ones\n",
			res.Unfinished, c.Trials, c.MaxRounds, res.Unfinished99)
	}
	q := (1 - c.Loss) * float64(c.Fanout)
	lnln := math.Log(math.Log(n))
	switch c.Mode {
	case rounds.Push:
		w.printf("theory (Pittel 1987, push, fanout 1, no loss): log2 N + ln N + O(1) = %.2f + O(1)\n", math.Log2(n)+math.Log(n))
		// Early on each informed node informs about b(1-p) others per round; at the end the
		// uninformed fraction shrinks by e^{-b(1-p)} per round.
		w.printf("  rough estimate for fanout %d, loss %g: log_{1+b(1-p)} N + ln N/(b(1-p)) = %.2f\n",
			c.Fanout, c.Loss, math.Log(n)/math.Log1p(q)+math.Log(n)/q)
	case rounds.Pull:
		w.printf("theory (Karp et al. 2000, pull, fanout 1, no loss): log2 N + O(ln ln N) = %.2f + O(%.2f)\n", math.Log2(n), lnln)
	case rounds.PushPull:
		w.printf("theory (Karp et al. 2000, push-pull, fanout 1, no loss): log3 N + O(ln ln N) = %.2f + O(%.2f)\n", math.Log(n)/math.Log(3), lnln)
	}
	writeInformedCurve(w, res)
	return w.err
}

// writeInformedCurve prints the mean informed count after each round.
func writeInformedCurve(w *errWriter, res rounds.SpreadResult) {
	n := float64(res.Config.N)
	w.printf("mean informed by round:\n  round  mean informed  fraction\n")
	for r, v := range res.MeanInformedByRound {
		w.printf("  %5d  %13.1f  %8.4f\n", r, v, v/n)
	}
}

// writeMongerText is the rumor-mongering section of `spread --stop` in place of the theory
// lines of the plain epidemic, with Demers et al.'s figures beside ours where a table has them.
func writeMongerText(w *errWriter, res rounds.SpreadResult) {
	c, mg := res.Config, res.Mongering
	if res.Unfinished > 0 {
		w.printf("%d of %d trials ended with some node never informed; T_all and T_99 above are over the trials that got there\n", res.Unfinished, c.Trials)
	}
	if mg.Capped > 0 {
		w.printf("capped: %d of %d trials still had infective nodes at round %d and were stopped there; their figures are as they stood\n", mg.Capped, c.Trials, c.MaxRounds)
	}
	w.printf("rumor mongering (Demers et al. 1987), stop %v: %s\n", c.Stop, c.Stop.Kind.Describe())
	w.printf("  a trial ends when no node is infective; means over trials ± SE\n")
	row, known := rounds.PublishedDemers(c)
	// The paper's figures exactly as printed there.
	paper := func(f rounds.DemersFigure) string {
		if !known {
			return ""
		}
		return string(f)
	}
	line := func(label, value, pub string) {
		if pub == "" {
			w.printf("  %-36s  %s\n", label, value)
		} else {
			w.printf("  %-36s  %-22s  %s\n", label, value, pub)
		}
	}
	if known {
		line("", "this run", row.Table)
	}
	// A mean with its standard error to 2 significant digits.
	est := func(s rounds.Summary, prec int) string {
		se := "n/a"
		if !math.IsNaN(s.SE) && !math.IsInf(s.SE, 0) {
			se = strconv.FormatFloat(s.SE, 'g', 2, 64)
		}
		return fmtRoundsNum(s.Mean, prec) + " ± " + se
	}
	line("residue s (fraction never informed)", est(mg.Residue, -1), paper(row.Residue))
	line("traffic m (messages sent per node)", est(mg.Traffic, 3), paper(row.Traffic))
	line("t_last (round of the last infection)", est(mg.TLast, 2), paper(row.TLast))
	tAve := paper(row.TAve)
	if known {
		tAve += " (differs, see below)"
	}
	line("t_ave (mean infection round)", est(mg.TAve, 2), tAve)
	line("rounds until no node is infective", est(mg.Rounds, 2), "")
	if known {
		w.printf("  t_ave: %s\n", rounds.TAveDiffers)
	}
	// Derived, not fitted: a node is missed only if none of a trial's (1-p)·M delivered messages,
	// each to one of N-1 nodes, went to it, so s ≈ e^{-(1-p)M/(N-1)} trial by trial.
	var expected float64
	for _, msgs := range mg.MessagesByTrial {
		expected += math.Exp(-(1 - c.Loss) * float64(msgs) / float64(c.N-1))
	}
	w.printf("  check: mean of e^{-(1-loss)·messages/(N-1)} = %s, the residue expected when a node is missed only if no delivered message reached it\n",
		fmtRoundsNum(expected/float64(len(mg.MessagesByTrial)), -1))
}

// errWriter keeps the first write error so that a long report needs one check at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
