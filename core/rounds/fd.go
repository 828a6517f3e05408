package rounds

// FreshResult is the fresh-heartbeat experiment: rounds until every other member holds node
// 0's heartbeat of round 1 or newer, round 1 counted (so at least 1). No one crashes.
type FreshResult struct {
	Rounds     Summary // over the trials that finished
	Unfinished int     // trials that reached Cap first
	Cap        int
}

// DetectResult is the crash-detection experiment. Node 0 crashes at the end of round Warmup;
// every time is in rounds after the crash.
type DetectResult struct {
	// FirstSuspect: first round at whose end some live observer moves node 0 from alive to
	// suspect. Suspicions from before the crash do not count; if every observer already
	// suspected node 0 at the crash, so that no transition ever happens, it equals AllSuspect.
	FirstSuspect Summary
	// AllSuspect: first round by whose end every other node has node 0 suspected or removed.
	AllSuspect Summary
	// AllRemoved: first round by whose end every other node has node 0 removed.
	AllRemoved Summary
	// Undetected counts trials in which AllRemoved was not reached within Bound rounds.
	Undetected int
	Warmup     int
	Bound      int // post-crash rounds simulated at most: TRemove + RoundCap(N, Fanout, Loss)
}

// FalseResult is the false-suspicion experiment: no crash; after Warmup rounds, alive→suspect
// transitions of live members are counted over Rounds rounds.
type FalseResult struct {
	Count int64 // over all trials
	// Rate summarizes per trial count/(N·Rounds): suspicions of live members per observer per
	// round.
	Rate   Summary
	Warmup int
	Rounds int
}

// FDResult gathers the three failure-detection experiments of one configuration.
type FDResult struct {
	Config FDConfig // as run, with Warmup and Rounds resolved
	Fresh  FreshResult
	Detect DetectResult
	False  FalseResult
}

// FailureDetection runs Fresh, Detect and FalseSuspicions for cfg.
func FailureDetection(cfg FDConfig) (FDResult, error) {
	if err := cfg.Validate(); err != nil {
		return FDResult{}, err
	}
	cfg = cfg.resolved()
	return FDResult{Config: cfg, Fresh: fresh(cfg), Detect: detect(cfg), False: falseSuspicions(cfg)}, nil
}

// Fresh runs the fresh-heartbeat experiment alone; TSuspect and TRemove must be valid but do
// not affect it.
func Fresh(cfg FDConfig) (FreshResult, error) {
	if err := cfg.Validate(); err != nil {
		return FreshResult{}, err
	}
	return fresh(cfg.resolved()), nil
}

// Detect runs the crash-detection experiment alone.
func Detect(cfg FDConfig) (DetectResult, error) {
	if err := cfg.Validate(); err != nil {
		return DetectResult{}, err
	}
	return detect(cfg.resolved()), nil
}

// FalseSuspicions runs the false-suspicion experiment alone.
func FalseSuspicions(cfg FDConfig) (FalseResult, error) {
	if err := cfg.Validate(); err != nil {
		return FalseResult{}, err
	}
	return falseSuspicions(cfg.resolved()), nil
}

func fresh(cfg FDConfig) FreshResult {
	res := FreshResult{Cap: RoundCap(cfg.N, cfg.Fanout, cfg.Loss)}
	col := newColumn(cfg.N, cfg.Fanout, cfg.Loss, cfg.TSuspect, cfg.TRemove)
	src := newTrialSource()
	var xs []float64
	for i := range cfg.Trials {
		rng := src.start(cfg.Seed, expFresh, i)
		col.reset()
		done := 0
		for r := 1; r <= res.Cap; r++ {
			col.round(rng, int32(r))
			if col.fresh == cfg.N-1 {
				done = r
				break
			}
		}
		if done > 0 {
			xs = append(xs, float64(done))
		} else {
			res.Unfinished++
		}
	}
	res.Rounds = Summarize(xs)
	return res
}

func detect(cfg FDConfig) DetectResult {
	res := DetectResult{Warmup: cfg.Warmup, Bound: cfg.TRemove + RoundCap(cfg.N, cfg.Fanout, cfg.Loss)}
	col := newColumn(cfg.N, cfg.Fanout, cfg.Loss, cfg.TSuspect, cfg.TRemove)
	src := newTrialSource()
	var first, allS, allR []float64
	c := int32(cfg.Warmup)
	others := cfg.N - 1
	for i := range cfg.Trials {
		rng := src.start(cfg.Seed, expDetect, i)
		col.reset()
		for r := int32(1); r <= c; r++ {
			col.round(rng, r)
		}
		col.crashed = true
		var f, s, rm int32
		for r := c + 1; r <= c+int32(res.Bound); r++ {
			if col.round(rng, r) > 0 && f == 0 {
				f = r - c
			}
			if s == 0 && col.suspected == others {
				s = r - c
			}
			if col.removed == others {
				rm = r - c
				break
			}
		}
		if s > 0 && (f == 0 || f > s) {
			f = s // everyone suspecting certainly means someone suspects
		}
		if f > 0 {
			first = append(first, float64(f))
		}
		if s > 0 {
			allS = append(allS, float64(s))
		}
		if rm > 0 {
			allR = append(allR, float64(rm))
		} else {
			res.Undetected++
		}
	}
	res.FirstSuspect, res.AllSuspect, res.AllRemoved = Summarize(first), Summarize(allS), Summarize(allR)
	return res
}

func falseSuspicions(cfg FDConfig) FalseResult {
	res := FalseResult{Warmup: cfg.Warmup, Rounds: cfg.Rounds}
	m := newMatrix(cfg.N, cfg.Fanout, cfg.Loss, cfg.TSuspect, cfg.TRemove)
	src := newTrialSource()
	rates := make([]float64, 0, cfg.Trials)
	for i := range cfg.Trials {
		rng := src.start(cfg.Seed, expFalse, i)
		m.reset()
		for r := int32(1); r <= int32(cfg.Warmup); r++ {
			m.round(rng, r)
		}
		var count int64
		for r := int32(cfg.Warmup) + 1; r <= int32(cfg.Warmup+cfg.Rounds); r++ {
			live, _ := m.round(rng, r)
			count += int64(live)
		}
		res.Count += count
		rates = append(rates, float64(count)/(float64(cfg.N)*float64(cfg.Rounds)))
	}
	res.Rate = Summarize(rates)
	return res
}
