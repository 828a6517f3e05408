package rounds

import (
	"math"
	"math/rand/v2"
)

// SpreadResult summarizes a Spread experiment.
type SpreadResult struct {
	Config SpreadConfig // as run, with MaxRounds resolved
	// RoundsAll summarizes T_all, the first round by which all N nodes are informed, over the
	// trials that got there; Unfinished counts the others.
	RoundsAll  Summary
	Unfinished int
	// Rounds99 summarizes T_99, the first round with at least ceil(0.99·N) informed, over the
	// trials that got there; Unfinished99 counts the others.
	Rounds99     Summary
	Unfinished99 int
	// RoundsAllByTrial is T_all of each trial in order, or -1 for an unfinished trial.
	RoundsAllByTrial []int
	// MeanInformedByRound[r] is the mean informed count after r rounds (element 0 is 1). A
	// trial that finished earlier counts as N (with a stop rule: as the count it ended with);
	// the slice runs to the longest trial.
	MeanInformedByRound []float64
	// Mongering holds the rumor-mongering figures when Config.Stop is a stop rule, else nil.
	// T_all and T_99 above then cover the trials that got there before the rumor died out,
	// and Unfinished counts the trials that left some node uninformed.
	Mongering *MongerStats
}

// uninformed marks a node in spreadSim.at that has not heard the rumor.
const uninformed = math.MaxInt32

// spreadSim holds the buffers of one Spread run, reused by every trial.
type spreadSim struct {
	cfg SpreadConfig
	// at[v] is the round in which v was informed, or uninformed. "Informed at the start of
	// round r" is then at[v] < r, which keeps nodes informed during r from acting in r.
	at []int32
	// list holds the informed nodes in order (push) or the still uninformed ones (pull), so
	// a round touches only the nodes that act in it.
	list   []int32
	pick   *picker
	counts []int // informed count after each round of the current trial
}

// trialOutcome is one trial: T_all and T_99, or 0 when not reached within the cap.
type trialOutcome struct{ all, r99 int }

func newSpreadSim(cfg SpreadConfig) *spreadSim {
	return &spreadSim{
		cfg:  cfg,
		at:   make([]int32, cfg.N),
		list: make([]int32, 0, cfg.N),
		pick: newPicker(cfg.N, cfg.Fanout),
	}
}

// Spread runs cfg.Trials independent trials of one rumor starting at node 0.
func Spread(cfg SpreadConfig) (SpreadResult, error) {
	if err := cfg.Validate(); err != nil {
		return SpreadResult{}, err
	}
	cfg.MaxRounds = cfg.roundCap()
	if cfg.Stop.Kind != StopNone {
		return monger(cfg), nil
	}
	sim := newSpreadSim(cfg)
	src := newTrialSource()
	res := SpreadResult{Config: cfg, RoundsAllByTrial: make([]int, cfg.Trials)}
	var all, r99 []float64
	var sums []float64
	// endedAt[r] counts finished trials whose last round was r: they count as N afterwards.
	var endedAt []int
	for i := range cfg.Trials {
		o := sim.trial(src.start(cfg.Seed, expSpread, i))
		for len(sums) < len(sim.counts) {
			sums = append(sums, 0)
			endedAt = append(endedAt, 0)
		}
		for r, c := range sim.counts {
			sums[r] += float64(c)
		}
		res.RoundsAllByTrial[i] = -1
		if o.all > 0 {
			all = append(all, float64(o.all))
			res.RoundsAllByTrial[i] = o.all
			endedAt[o.all]++
		} else {
			res.Unfinished++
		}
		if o.r99 > 0 {
			r99 = append(r99, float64(o.r99))
		} else {
			res.Unfinished99++
		}
	}
	res.RoundsAll = Summarize(all)
	res.Rounds99 = Summarize(r99)
	res.MeanInformedByRound = make([]float64, len(sums))
	done := 0 // finished trials whose last round is before r
	for r := range sums {
		if r > 0 {
			done += endedAt[r-1]
		}
		res.MeanInformedByRound[r] = (sums[r] + float64(done)*float64(cfg.N)) / float64(cfg.Trials)
	}
	return res, nil
}

// trial runs one trial with rng and leaves the per-round informed counts in s.counts.
func (s *spreadSim) trial(rng *rand.Rand) trialOutcome {
	n := s.cfg.N
	for v := range s.at {
		s.at[v] = uninformed
	}
	s.at[0] = 0
	s.pick.reset()
	s.list = s.list[:0]
	switch s.cfg.Mode {
	case Push:
		s.list = append(s.list, 0)
	case Pull:
		for v := 1; v < n; v++ {
			s.list = append(s.list, int32(v))
		}
	}
	need99 := (99*n + 99) / 100 // ceil(0.99·n) without floating-point rounding
	informed := 1
	s.counts = append(s.counts[:0], informed)
	var o trialOutcome
	capRounds := s.cfg.MaxRounds
	for r := 1; r <= capRounds && informed < n; r++ {
		switch s.cfg.Mode {
		case Push:
			informed = s.pushRound(rng, int32(r), informed)
		case Pull:
			informed = s.pullRound(rng, int32(r), informed)
		case PushPull:
			informed = s.pushPullRound(rng, int32(r), informed)
		}
		s.counts = append(s.counts, informed)
		if o.r99 == 0 && informed >= need99 {
			o.r99 = r
		}
	}
	if informed == n {
		o.all = len(s.counts) - 1
	}
	return o
}

// lost draws whether one message is lost. Without loss no draw is made, which keeps the
// common lossless case fast; it only changes which random numbers a lossless run consumes.
func lost(rng *rand.Rand, p float64) bool {
	return p > 0 && rng.Float64() < p
}

func (s *spreadSim) pushRound(rng *rand.Rand, r int32, informed int) int {
	senders := s.list[:len(s.list)] // informed at the start; appends below are not senders
	for _, v := range senders {
		for _, t := range s.pick.pick(rng, v) {
			// A send to an already informed node changes nothing whether or not it is lost,
			// so its loss draw is skipped; the distribution of the outcome is unchanged.
			if s.at[t] != uninformed || lost(rng, s.cfg.Loss) {
				continue
			}
			s.at[t] = r
			s.list = append(s.list, t)
			informed++
		}
	}
	return informed
}

func (s *spreadSim) pullRound(rng *rand.Rand, r int32, informed int) int {
	keep := 0
	for _, u := range s.list {
		learned := false
		for _, t := range s.pick.pick(rng, u) {
			if s.at[t] < r && !lost(rng, s.cfg.Loss) {
				learned = true
				break
			}
		}
		if learned {
			s.at[u] = r
			informed++
		} else {
			s.list[keep] = u
			keep++
		}
	}
	s.list = s.list[:keep]
	return informed
}

func (s *spreadSim) pushPullRound(rng *rand.Rand, r int32, informed int) int {
	for v := range int32(len(s.at)) {
		vIn := s.at[v] < r
		for _, t := range s.pick.pick(rng, v) {
			if vIn == (s.at[t] < r) || lost(rng, s.cfg.Loss) {
				continue
			}
			// Exactly one end knew the rumor at the start; the other may already have learned
			// it earlier in this round, in which case nothing changes.
			u := t
			if !vIn {
				u = v
			}
			if s.at[u] == uninformed {
				s.at[u] = r
				informed++
			}
		}
	}
	return informed
}
