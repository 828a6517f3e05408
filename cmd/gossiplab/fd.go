package main

import (
	"io"

	"gossiplab/core/rounds"
)

// runFD is `gossiplab fd`: heartbeat full-list gossip failure detection in synchronous rounds.
func runFD(args []string, out io.Writer) error {
	f := newFlags("fd", out)
	n := f.intVar("n", 64, 2, rounds.MaxFDN, "number of members")
	fanout := f.intVar("fanout", 1, 1, rounds.MaxFDN-1, "members each live member sends its list to per round, at most n-1")
	loss := f.floatVar("loss", 0, 0, 1, true, "probability that a list message is lost")
	tSuspect := f.intVar("t-suspect", 20, 1, rounds.MaxFDRounds-1, "rounds without a heartbeat increase before suspecting a member")
	tRemove := f.intVar("t-remove", 40, 2, rounds.MaxFDRounds, "rounds without a heartbeat increase before removing a member; more than --t-suspect")
	trials := f.intVar("trials", 100, 1, rounds.MaxTrials, "independent trials of each experiment")
	nRounds := f.intVar("rounds", rounds.DefaultFalseRounds, 1, rounds.MaxFDRounds, "rounds measured for false suspicions, after the warm-up")
	warmup := f.intVar("warmup", 0, 0, rounds.MaxFDRounds, "rounds before the crash and before measuring false suspicions; 0 = ceil(3(log2 n + ln n)/(1-loss))")
	seed := f.seedVar(1)
	asJSON := f.boolVar("json", false, "print JSON instead of text")
	if err := f.parse(args); err != nil {
		return err
	}
	// These ranges depend on other flags, so they are checked once all are parsed.
	if *fanout > *n-1 {
		return usagef("invalid value \"%d\" for --fanout: must be an integer in [1, %d] (n-1 for --n %d)", *fanout, *n-1, *n)
	}
	if *tRemove <= *tSuspect {
		return usagef("--t-remove (%d) must be greater than --t-suspect (%d)", *tRemove, *tSuspect)
	}
	cfg := rounds.FDConfig{N: *n, Fanout: *fanout, Loss: *loss, TSuspect: *tSuspect, TRemove: *tRemove,
		Trials: *trials, Seed: *seed, Warmup: *warmup, Rounds: *nRounds}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err) // unreachable while the flag ranges match Validate
	}
	res, err := rounds.FailureDetection(cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeRoundsJSON(out, fdJSON(res))
	}
	return writeFDText(out, res)
}

type fdOutput struct {
	N        int     `json:"n"`
	Fanout   int     `json:"fanout"`
	Loss     float64 `json:"loss"`
	TSuspect int     `json:"t_suspect"`
	TRemove  int     `json:"t_remove"`
	Trials   int     `json:"trials"`
	Seed     uint64  `json:"seed"`
	Rounds   int     `json:"rounds"`
	Warmup   int     `json:"warmup"`

	FreshMeanRounds       roundsNum `json:"fresh_mean_rounds"`
	FreshSDRounds         roundsNum `json:"fresh_sd_rounds"`
	FreshQ999Rounds       roundsNum `json:"fresh_q999_rounds"`
	FreshUnfinishedTrials int       `json:"fresh_unfinished_trials"`

	DetectFirstSuspectMean roundsNum `json:"detect_first_suspect_mean"`
	DetectAllSuspectMean   roundsNum `json:"detect_all_suspect_mean"`
	DetectAllRemovedMean   roundsNum `json:"detect_all_removed_mean"`
	DetectAllRemovedSD     roundsNum `json:"detect_all_removed_sd"`
	DetectUndetectedTrials int       `json:"detect_undetected_trials"`
	DetectBoundRounds      int       `json:"detect_bound_rounds"`
	FalseSuspicions        int64     `json:"false_suspicions"`
	FalseSuspicionRate     roundsNum `json:"false_suspicion_rate"`
	FalseSuspicionRateSE   roundsNum `json:"false_suspicion_rate_se"`
}

func fdJSON(res rounds.FDResult) fdOutput {
	c := res.Config
	return fdOutput{
		N: c.N, Fanout: c.Fanout, Loss: c.Loss, TSuspect: c.TSuspect, TRemove: c.TRemove,
		Trials: c.Trials, Seed: c.Seed, Rounds: c.Rounds, Warmup: c.Warmup,
		FreshMeanRounds:        roundsNum(res.Fresh.Rounds.Mean),
		FreshSDRounds:          roundsNum(res.Fresh.Rounds.SD),
		FreshQ999Rounds:        roundsNum(res.Fresh.Rounds.Q999),
		FreshUnfinishedTrials:  res.Fresh.Unfinished,
		DetectFirstSuspectMean: roundsNum(res.Detect.FirstSuspect.Mean),
		DetectAllSuspectMean:   roundsNum(res.Detect.AllSuspect.Mean),
		DetectAllRemovedMean:   roundsNum(res.Detect.AllRemoved.Mean),
		DetectAllRemovedSD:     roundsNum(res.Detect.AllRemoved.SD),
		DetectUndetectedTrials: res.Detect.Undetected,
		DetectBoundRounds:      res.Detect.Bound,
		FalseSuspicions:        res.False.Count,
		FalseSuspicionRate:     roundsNum(res.False.Rate.Mean),
		FalseSuspicionRateSE:   roundsNum(res.False.Rate.SE),
	}
}

func writeFDText(out io.Writer, res rounds.FDResult) error {
	c := res.Config
	w := &errWriter{w: out}
	w.printf("gossiplab fd: N=%d, fanout %d, loss %g, T_suspect %d, T_remove %d, %d trials, seed %d\n",
		c.N, c.Fanout, c.Loss, c.TSuspect, c.TRemove, c.Trials, c.Seed)
	fr := res.Fresh.Rounds
	w.printf("fresh heartbeat (rounds until everyone holds node 0's round-1 heartbeat or newer, round 1 counted):\n")
	w.printf("  mean %s ± %s (SE), sd %s, q99.9 %s\n", fmtRoundsNum(fr.Mean, 2), fmtRoundsNum(fr.SE, 2), fmtRoundsNum(fr.SD, 2), fmtRoundsNum(fr.Q999, 0))
	if res.Fresh.Unfinished > 0 {
		w.printf("  %d trials did not finish within %d rounds\n", res.Fresh.Unfinished, res.Fresh.Cap)
	}
	d := res.Detect
	w.printf("crash detection (node 0 crashes at the end of round %d; rounds after the crash):\n", c.Warmup)
	for _, x := range []struct {
		name string
		s    rounds.Summary
	}{{"first suspicion", d.FirstSuspect}, {"suspected by all", d.AllSuspect}, {"removed by all", d.AllRemoved}} {
		w.printf("  %-17s mean %s ± %s (SE), sd %s\n", x.name, fmtRoundsNum(x.s.Mean, 2), fmtRoundsNum(x.s.SE, 2), fmtRoundsNum(x.s.SD, 2))
	}
	w.printf("  undetected trials (not removed by all within %d rounds): %d\n", d.Bound, d.Undetected)
	w.printf("false suspicions (no crash; %d rounds measured after a %d-round warm-up):\n", c.Rounds, c.Warmup)
	w.printf("  %d in total; rate %s ± %s (SE) suspicions of live members per observer per round\n",
		res.False.Count, fmtRoundsNum(res.False.Rate.Mean, -1), fmtRoundsNum(res.False.Rate.SE, -1))
	return w.err
}
