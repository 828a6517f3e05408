package main

import (
	"io"

	"gossiplab/core/rounds"
)

// runSwim is `gossiplab swim`: SWIM's failure detector in synchronous protocol periods.
func runSwim(args []string, out io.Writer) error {
	f := newFlags("swim", out)
	n := f.intVar("n", 1000, 3, rounds.MaxSwimN, "number of members")
	loss := f.floatVar("loss", 0.1, 0, 1, true, "probability that any one message (ping, ack, ping-req, ...) is lost")
	k := f.intVar("k", 3, 0, rounds.MaxSwimN-2, "members asked to ping-req the target when the direct probe fails, at most n-2")
	trials := f.intVar("trials", 100, 1, rounds.MaxSwimTrials, "independent trials (one crash experiment and one no-crash run each)")
	periods := f.intVar("periods", rounds.DefaultSwimPeriods, 1, rounds.MaxSwimPeriods, "protocol periods of each trial's no-crash run (false suspicions, load)")
	sel := f.choiceVar("select", "random", rounds.SwimSelects, "how a member picks its ping target each period")
	seed := f.seedVar(1)
	asJSON := f.boolVar("json", false, "print JSON instead of text")
	if err := f.parse(args); err != nil {
		return err
	}
	// The flag's own range cannot depend on --n, which may come later on the command line.
	if *k > *n-2 {
		return usagef("invalid value \"%d\" for --k: must be an integer in [0, %d] (n-2 for --n %d)", *k, *n-2, *n)
	}
	s, err := rounds.ParseSwimSelect(*sel)
	if err != nil {
		return usagef("%v", err) // unreachable: --select only accepts the listed spellings
	}
	cfg := rounds.SwimConfig{N: *n, K: *k, Loss: *loss, Select: s, Trials: *trials, Seed: *seed, Periods: *periods}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err) // unreachable while the flag ranges match Validate
	}
	res, err := rounds.Swim(cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeRoundsJSON(out, swimJSON(res))
	}
	return writeSwimText(out, res)
}

type swimOutput struct {
	N       int     `json:"n"`
	Loss    float64 `json:"loss"`
	K       int     `json:"k"`
	Trials  int     `json:"trials"`
	Seed    uint64  `json:"seed"`
	Periods int     `json:"periods"`
	Select  string  `json:"select"`

	FirstDetectionMean   roundsNum `json:"first_detection_mean_periods"`
	FirstDetectionSE     roundsNum `json:"first_detection_se_periods"`
	FirstDetectionTheory roundsNum `json:"first_detection_theory_periods"`
	FirstDetectionMax    roundsNum `json:"first_detection_max_periods"`
	// Every live member's own probe of node 0; the bound is null for random selection.
	AllDetectionMean  roundsNum `json:"all_members_detection_mean_periods"`
	AllDetectionMax   roundsNum `json:"all_members_detection_max_periods"`
	AllDetectionBound *int      `json:"all_members_detection_bound_periods"`

	FalseSuspicion       roundsNum `json:"false_suspicion_per_probe"`
	FalseSuspicionSE     roundsNum `json:"false_suspicion_per_probe_se"`
	FalseSuspicionTheory roundsNum `json:"false_suspicion_per_probe_theory"`
	Suspicions           int64     `json:"false_suspicions"`
	Probes               int64     `json:"probes"`

	Msgs        roundsNum `json:"msgs_per_member_per_period"`
	MsgsSE      roundsNum `json:"msgs_per_member_per_period_se"`
	MsgsTheory  roundsNum `json:"msgs_per_member_per_period_theory"`
	BusiestMsgs roundsNum `json:"busiest_member_msgs_per_period"`
}

func swimJSON(res rounds.SwimResult) swimOutput {
	c := res.Config
	o := swimOutput{
		N: c.N, Loss: c.Loss, K: c.K, Trials: c.Trials, Seed: c.Seed, Periods: c.Periods, Select: c.Select.String(),
		FirstDetectionMean:   roundsNum(res.FirstDetection.Mean),
		FirstDetectionSE:     roundsNum(res.FirstDetection.SE),
		FirstDetectionTheory: roundsNum(res.FirstDetectionTheory),
		FirstDetectionMax:    roundsNum(res.FirstDetection.Max),
		AllDetectionMean:     roundsNum(res.AllDetection.Mean),
		AllDetectionMax:      roundsNum(res.AllDetection.Max),
		FalseSuspicion:       roundsNum(res.FalseSuspicion.Mean),
		FalseSuspicionSE:     roundsNum(res.FalseSuspicion.SE),
		FalseSuspicionTheory: roundsNum(res.FalseSuspicionTheory),
		Suspicions:           res.Suspicions,
		Probes:               res.Probes,
		Msgs:                 roundsNum(res.Msgs.Mean),
		MsgsSE:               roundsNum(res.Msgs.SE),
		MsgsTheory:           roundsNum(res.MsgsTheory),
		BusiestMsgs:          roundsNum(res.BusiestMsgs.Mean),
	}
	if res.AllDetectionBound > 0 {
		b := res.AllDetectionBound
		o.AllDetectionBound = &b
	}
	return o
}

func writeSwimText(out io.Writer, res rounds.SwimResult) error {
	c := res.Config
	w := &errWriter{w: out}
	w.printf("gossiplab swim: N=%d, K=%d, loss %g, select %v, %d trials, %d periods per no-crash run, seed %d\n",
		c.N, c.K, c.Loss, c.Select, c.Trials, c.Periods, c.Seed)
	fd, ad := res.FirstDetection, res.AllDetection
	w.printf("first detection (node 0 crashes at the start of period 1; first period in which a live member pings it):\n")
	theoryName := "SWIM: 1/(1-(1-1/(N-1))^(N-1))"
	if c.Select == rounds.SwimRoundRobin {
		theoryName = "exact for round-robin passes at random offsets"
	}
	w.printf("  mean %s ± %s (SE), max %s    theory %s (%s; e/(e-1) = 1.582 for large N)\n",
		fmtRoundsNum(fd.Mean, 3), fmtRoundsNum(fd.SE, 3), fmtRoundsNum(fd.Max, 0), fmtRoundsNum(res.FirstDetectionTheory, 3), theoryName)
	w.printf("every live member's own probe of node 0 (first period by which all have pinged it):\n")
	w.printf("  mean %s ± %s (SE), max %s", fmtRoundsNum(ad.Mean, 2), fmtRoundsNum(ad.SE, 2), fmtRoundsNum(ad.Max, 0))
	if res.AllDetectionBound > 0 {
		w.printf("    bound 2N-3 = %d (SWIM's time-bounded completeness: 2N-1 = %d)\n", res.AllDetectionBound, 2*c.N-1)
	} else {
		w.printf("    no bound with random selection (try --select roundrobin)\n")
	}
	fs := res.FalseSuspicion
	w.printf("false suspicions (no crash; %d probes of live members):\n", res.Probes)
	w.printf("  %s ± %s (SE) per probe (%d in total)    theory %s ((1-(1-p)^2)(1-(1-p)^4)^K)\n",
		fmtRoundsNum(fs.Mean, -1), fmtRoundsNum(fs.SE, -1), res.Suspicions, fmtRoundsNum(res.FalseSuspicionTheory, -1))
	ms := res.Msgs
	w.printf("load (messages sent per member per period, no crash):\n")
	w.printf("  %s ± %s (SE)    theory %s (1+q+(1-q^2)K(1+q+q^2+q^3), q = 1-p)\n",
		fmtRoundsNum(ms.Mean, 4), fmtRoundsNum(ms.SE, -1), fmtRoundsNum(res.MsgsTheory, 4))
	w.printf("  busiest member: %s per period (mean over trials of the maximum over members)\n", fmtRoundsNum(res.BusiestMsgs.Mean, 3))
	return w.err
}
