package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"

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
	cfg := rounds.SpreadConfig{N: *n, Mode: m, Fanout: *fanout, Loss: *loss, Trials: *trials, Seed: *seed, MaxRounds: *maxRounds}
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
	return o
}

func writeSpreadText(out io.Writer, res rounds.SpreadResult) error {
	c := res.Config
	n := float64(c.N)
	w := &errWriter{w: out}
	w.printf("gossiplab spread: %v, N=%d, fanout %d, loss %g, %d trials, seed %d\n", c.Mode, c.N, c.Fanout, c.Loss, c.Trials, c.Seed)
	a, s := res.RoundsAll, res.Rounds99
	w.printf("rounds until all informed (T_all): mean %s ± %s (SE), sd %s, median %s, q99 %s, q99.9 %s\n",
		fmtRoundsNum(a.Mean, 2), fmtRoundsNum(a.SE, 2), fmtRoundsNum(a.SD, 2), fmtRoundsNum(a.Q50, 0), fmtRoundsNum(a.Q99, 0), fmtRoundsNum(a.Q999, 0))
	w.printf("rounds until 99%% informed (T_99): mean %s ± %s (SE), sd %s\n", fmtRoundsNum(s.Mean, 2), fmtRoundsNum(s.SE, 2), fmtRoundsNum(s.SD, 2))
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
	w.printf("mean informed by round:\n  round  mean informed  fraction\n")
	for r, v := range res.MeanInformedByRound {
		w.printf("  %5d  %13.1f  %8.4f\n", r, v, v/n)
	}
	return w.err
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
