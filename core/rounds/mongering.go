package rounds

// Rumor mongering, the "complex epidemic" of Demers et al., "Epidemic Algorithms for Replicated
// Database Maintenance" (PODC 1987, §1.4), in the synchronous round model.
//
// A node is susceptible (has not heard the rumor), infective (knows it and pushes it) or removed
// (knows it but has stopped pushing). Node 0 is infective at round 0. In round r every node
// infective at the START of r pushes to Fanout distinct uniform targets, exactly as in Spread; a
// node informed during r is infective from round r+1 on. A contact is necessary when its target
// did not know the rumor at the start of r and unnecessary otherwise, so two pushes that reach
// the same susceptible node in the same round are both necessary (simultaneous round semantics;
// this is the reading under which Demers' Table 1 is reproduced, see mongering_test.go). Each
// message is lost with probability Loss: a lost push informs nobody and, for the feedback rules,
// returns no feedback, so it neither counts nor resets anything; it is still sent and counted as
// traffic. After its round's contacts the node applies its stop rule; if it stops it is removed
// from round r+1 on. The trial ends when no node is infective, or at MaxRounds.
//
// Stop rules, K in [1, MaxStopK]:
//
//	counter:K          feedback + counter (Demers' Table 1): a delivered unnecessary contact adds 1
//	                   to the node's counter, a delivered necessary contact resets it to 0, and the
//	                   node is removed when the counter reaches K, i.e. after K unnecessary contacts
//	                   in a row. With Fanout b > 1 the feedback of a round's b contacts arrives
//	                   together: any necessary contact resets the counter, otherwise it grows by the
//	                   number of delivered unnecessary contacts.
//	counter-noreset:K  as counter:K, but a necessary contact does not reset the counter: the node is
//	                   removed after K delivered unnecessary contacts in all.
//	coin:K             blind + coin (Demers' Table 2): after every contact, delivered or lost,
//	                   necessary or not, the node stops with probability 1/K.
//	feedback-coin:K    after every delivered unnecessary contact the node stops with probability
//	                   1/K: the rule behind Demers' differential equations.
//	blind-counter:K    the node is removed after K contacts, whatever became of them.
//
// Why counter:K resets. Demers describe the counter as "lose interest only after k unnecessary
// contacts" without saying what a necessary one does, but their traffic bound says it: every
// unnecessary message "was sent by a site that, within the last k cycles, sent a necessary
// message, or newly discovered the update", giving at most k(2m-1) messages; without a reset the
// traffic would be exactly (k+1)m-1 and no bound would be needed. Their Table 1 agrees: in this
// model counter:K matches all five rows (residue 0.174, 0.037, 0.011, 0.0036, 0.0013 against
// 0.176, 0.037, 0.011, 0.0036, 0.0012), while counter-noreset:K gives residue 0.048 and traffic
// 3.03 instead of 0.037 and 3.30 at K = 2.
//
// Trial i draws from the same per-trial PCG stream as trial i of Spread.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// StopKind selects a rumor-mongering stop rule; StopNone is the plain epidemic of Spread.
type StopKind int

const (
	StopNone StopKind = iota
	StopCounter
	StopCoin
	StopCounterNoReset
	StopFeedbackCoin
	StopBlindCounter
)

// StopKinds lists the kinds in the spelling of StopKind.String and ParseStopRule.
var StopKinds = []string{"none", "counter", "coin", "counter-noreset", "feedback-coin", "blind-counter"}

// MaxStopK bounds K of a stop rule.
const MaxStopK = 1000

// StopForms is the accepted spellings of a stop rule, for error messages and help.
var StopForms = "none, counter:K, coin:K, counter-noreset:K, feedback-coin:K or blind-counter:K, with K an integer in [1, " + strconv.Itoa(MaxStopK) + "]"

func (k StopKind) String() string {
	if k >= 0 && int(k) < len(StopKinds) {
		return StopKinds[k]
	}
	return fmt.Sprintf("StopKind(%d)", int(k))
}

// Describe says in words what the rule does, for reports.
func (k StopKind) Describe() string {
	switch k {
	case StopNone:
		return "no stop rule: informed nodes push until everyone is informed"
	case StopCounter:
		return "feedback, counter: removed after K unnecessary contacts in a row (a necessary contact resets the counter)"
	case StopCoin:
		return "blind, coin: after every contact, stop with probability 1/K"
	case StopCounterNoReset:
		return "feedback, counter without reset: removed after K unnecessary contacts in all"
	case StopFeedbackCoin:
		return "feedback, coin: after every unnecessary contact, stop with probability 1/K"
	case StopBlindCounter:
		return "blind, counter: removed after K contacts"
	}
	return k.String()
}

// StopRule is a stop rule with its parameter; the zero value is StopNone.
type StopRule struct {
	Kind StopKind
	K    int // in [1, MaxStopK] for every kind but StopNone, where it is 0
}

func (s StopRule) String() string {
	if s.Kind == StopNone {
		return "none"
	}
	return s.Kind.String() + ":" + strconv.Itoa(s.K)
}

// ParseStopRule reads "none" or "kind:K", the inverse of StopRule.String.
func ParseStopRule(text string) (StopRule, error) {
	bad := fmt.Errorf("stop must be one of %s; got %q", StopForms, text)
	if text == "none" {
		return StopRule{}, nil
	}
	name, num, ok := strings.Cut(text, ":")
	if !ok {
		return StopRule{}, bad
	}
	for i, kind := range StopKinds {
		if i == int(StopNone) || kind != name {
			continue
		}
		k, err := strconv.Atoi(num)
		if err != nil || k < 1 || k > MaxStopK {
			return StopRule{}, bad
		}
		return StopRule{Kind: StopKind(i), K: k}, nil
	}
	return StopRule{}, bad
}

// checkStop records the problems of a stop rule: unknown kind, K out of range, or a mode other
// than push (what pull's and push-pull's callers should count as necessary is not Demers' model).
func (p *problems) checkStop(s StopRule, mode Mode) {
	if s.Kind == StopNone {
		if s.K != 0 {
			p.addf("stop none takes no K, got K=%d", s.K)
		}
		return
	}
	if s.Kind < StopNone || int(s.Kind) >= len(StopKinds) {
		p.addf("stop must be one of %s, got %v", strings.Join(StopKinds, ", "), s.Kind)
	}
	p.checkInt("stop K", s.K, 1, MaxStopK)
	if mode == Pull || mode == PushPull {
		p.addf("stop rule %v needs mode push, got %v", s.Kind, mode)
	}
}

// MongerRoundCap bounds a rumor-mongering trial: RoundCap for the spreading, plus
// 50·K·(ln N + 1)/((1-loss)·fanout) for the tail in which the last infective nodes use up their
// K (with coin:K each node stops after a geometric number of rounds of mean about K/fanout, and
// the longest of N of them is about K·ln N/fanout; a lost contact does not count for the feedback
// rules). Clamped to MaxRoundCap.
func MongerRoundCap(n, fanout int, loss float64, k int) int {
	est := float64(RoundCap(n, fanout, loss)) + 50*float64(k)*(math.Log(float64(n))+1)/((1-loss)*float64(fanout))
	if !(est < MaxRoundCap) {
		return MaxRoundCap
	}
	return int(math.Ceil(est))
}

// MongerStats are the per-trial rumor-mongering figures of a Spread run with a stop rule,
// summarized over all trials (a trial stopped by MaxRounds counts as it stood then).
type MongerStats struct {
	Residue Summary // s: fraction of the N nodes never informed
	Traffic Summary // m: messages sent (lost ones included) per node, total/N
	TLast   Summary // t_last: round of the last new infection (0 if nobody but node 0 learned it)
	// TAve is t_ave: the mean infection round of the informed nodes other than node 0, over the
	// trials that informed anyone besides node 0.
	TAve Summary
	// Rounds is T_end, the rounds until no node was infective.
	Rounds Summary
	// Capped counts trials stopped by MaxRounds while some node was still infective.
	Capped int
	// Per trial, in order: informed nodes at the end, messages sent, t_last.
	InformedByTrial []int
	MessagesByTrial []int
	TLastByTrial    []int
}

// mongerSim holds the buffers of one mongering run, reused by every trial.
type mongerSim struct {
	cfg SpreadConfig
	at  []int32 // round in which v was informed, or uninformed
	// count is a node's counter: unnecessary contacts (counter rules) or contacts (blind-counter).
	count  []int32
	list   []int32 // infective nodes in order of infection
	pick   *picker
	counts []int // informed count after each round of the current trial
}

type mongerTrial struct {
	informed, messages int
	tLast, sumAt       int // last infection round, and the sum of the infection rounds of nodes 1..N-1
	end                int // rounds run
	all, r99           int // T_all and T_99, or 0 when not reached
	capped             bool
}

func newMongerSim(cfg SpreadConfig) *mongerSim {
	return &mongerSim{
		cfg:   cfg,
		at:    make([]int32, cfg.N),
		count: make([]int32, cfg.N),
		list:  make([]int32, 0, cfg.N),
		pick:  newPicker(cfg.N, cfg.Fanout),
	}
}

// monger is Spread for a config with a stop rule; cfg is valid and MaxRounds resolved.
func monger(cfg SpreadConfig) SpreadResult {
	sim := newMongerSim(cfg)
	src := newTrialSource()
	st := &MongerStats{
		InformedByTrial: make([]int, cfg.Trials),
		MessagesByTrial: make([]int, cfg.Trials),
		TLastByTrial:    make([]int, cfg.Trials),
	}
	res := SpreadResult{Config: cfg, RoundsAllByTrial: make([]int, cfg.Trials), Mongering: st}
	var all, r99, residue, traffic, tLast, tAve, rounds []float64
	var sums []float64
	// endSum[e] adds up the final informed counts of the trials whose last round was e: they keep
	// that count in every later round.
	var endSum []float64
	n := float64(cfg.N)
	for i := range cfg.Trials {
		o := sim.trial(src.start(cfg.Seed, expSpread, i))
		for len(sums) < len(sim.counts) {
			sums = append(sums, 0)
			endSum = append(endSum, 0)
		}
		for r, c := range sim.counts {
			sums[r] += float64(c)
		}
		endSum[len(sim.counts)-1] += float64(o.informed)

		res.RoundsAllByTrial[i] = -1
		if o.all > 0 {
			all = append(all, float64(o.all))
			res.RoundsAllByTrial[i] = o.all
		} else {
			res.Unfinished++
		}
		if o.r99 > 0 {
			r99 = append(r99, float64(o.r99))
		} else {
			res.Unfinished99++
		}
		if o.capped {
			st.Capped++
		}
		st.InformedByTrial[i], st.MessagesByTrial[i], st.TLastByTrial[i] = o.informed, o.messages, o.tLast
		residue = append(residue, float64(cfg.N-o.informed)/n)
		traffic = append(traffic, float64(o.messages)/n)
		tLast = append(tLast, float64(o.tLast))
		if o.informed > 1 {
			tAve = append(tAve, float64(o.sumAt)/float64(o.informed-1))
		}
		rounds = append(rounds, float64(o.end))
	}
	res.RoundsAll = Summarize(all)
	res.Rounds99 = Summarize(r99)
	st.Residue = Summarize(residue)
	st.Traffic = Summarize(traffic)
	st.TLast = Summarize(tLast)
	st.TAve = Summarize(tAve)
	st.Rounds = Summarize(rounds)
	res.MeanInformedByRound = make([]float64, len(sums))
	var carried float64
	for r := range sums {
		if r > 0 {
			carried += endSum[r-1]
		}
		res.MeanInformedByRound[r] = (sums[r] + carried) / float64(cfg.Trials)
	}
	return res
}

// trial runs one trial with rng and leaves the per-round informed counts in s.counts.
func (s *mongerSim) trial(rng *rand.Rand) mongerTrial {
	n := s.cfg.N
	for v := range s.at {
		s.at[v] = uninformed
	}
	clear(s.count)
	s.at[0] = 0
	s.pick.reset()
	s.list = append(s.list[:0], 0)
	need99 := (99*n + 99) / 100 // ceil(0.99·n), as in Spread
	o := mongerTrial{informed: 1}
	s.counts = append(s.counts[:0], 1)
	r := 0
	for len(s.list) > 0 {
		if r == s.cfg.MaxRounds {
			o.capped = true
			break
		}
		r++
		s.round(rng, int32(r), &o)
		s.counts = append(s.counts, o.informed)
		if o.r99 == 0 && o.informed >= need99 {
			o.r99 = r
		}
		if o.all == 0 && o.informed == n {
			o.all = r
		}
	}
	o.end = r
	return o
}

// coin is true with probability 1/k; k = 1 draws nothing.
func coin(rng *rand.Rand, k int) bool {
	return k == 1 || rng.IntN(k) == 0
}

// round runs round r: every node infective at its start pushes and applies the stop rule.
func (s *mongerSim) round(rng *rand.Rand, r int32, o *mongerTrial) {
	rule, k := s.cfg.Stop.Kind, s.cfg.Stop.K
	senders := len(s.list) // nodes appended below were informed in r and do not push in r
	kept := 0
	for i := range senders {
		v := s.list[i]
		necessary, unnecessary := 0, 0 // delivered contacts of v in this round
		stop := false
		for _, t := range s.pick.pick(rng, v) {
			o.messages++
			if lost(rng, s.cfg.Loss) {
				// The sender cannot tell a lost push from a delivered one: a blind rule counts
				// it, a feedback rule hears nothing back and counts nothing.
				if rule == StopCoin && !stop {
					stop = coin(rng, k)
				}
				continue
			}
			if s.at[t] < r {
				unnecessary++
				if rule == StopFeedbackCoin && !stop {
					stop = coin(rng, k)
				}
			} else {
				necessary++
				if s.at[t] == uninformed {
					s.at[t] = r
					s.list = append(s.list, t) // capacity N: never reallocates
					o.informed++
					o.sumAt += int(r)
					o.tLast = int(r)
				}
			}
			if rule == StopCoin && !stop {
				stop = coin(rng, k)
			}
		}
		switch rule {
		case StopCounter:
			if necessary > 0 {
				s.count[v] = 0
			} else {
				s.count[v] += int32(unnecessary)
			}
			stop = int(s.count[v]) >= k
		case StopCounterNoReset:
			s.count[v] += int32(unnecessary)
			stop = int(s.count[v]) >= k
		case StopBlindCounter:
			s.count[v] += int32(s.cfg.Fanout)
			stop = int(s.count[v]) >= k
		}
		if !stop {
			s.list[kept] = v // kept <= i: never overwrites a sender not yet processed
			kept++
		}
	}
	// The newly informed, appended after the senders, join the kept senders.
	kept += copy(s.list[kept:], s.list[senders:])
	s.list = s.list[:kept]
}

// DemersFigure is one figure of Demers et al.'s tables exactly as the paper prints it, such as
// "0.0036" or "38": its digits say how precise it is.
type DemersFigure string

// Value is the printed figure as a number.
func (f DemersFigure) Value() float64 {
	v, err := strconv.ParseFloat(string(f), 64)
	if err != nil {
		panic("rounds: malformed Demers figure " + strconv.Quote(string(f)))
	}
	return v
}

// HalfUnit is half a unit of the figure's last printed digit: how far the exact value may be
// from the printed one by rounding alone ("0.0036" → 0.00005, "17.7" → 0.05, "38" → 0.5).
func (f DemersFigure) HalfUnit() float64 {
	decimals := 0
	if i := strings.IndexByte(string(f), '.'); i >= 0 {
		decimals = len(f) - i - 1
	}
	return 0.5 * math.Pow(10, -float64(decimals))
}

// DemersRow is one row of Demers et al.'s tables for N = 1000, fanout 1, no loss.
type DemersRow struct {
	Table   string       // where the row is from
	Residue DemersFigure // s: fraction of sites never informed
	Traffic DemersFigure // m: messages per site
	TAve    DemersFigure // t_ave: mean cycle in which a site receives the update (see TAveDiffers)
	TLast   DemersFigure // t_last: cycle in which the last site receives it
}

// TAveDiffers says why the lab's t_ave is not the paper's: printed beside it by the CLI.
const TAveDiffers = "not reproduced: the lab's mean infection round (informed nodes, origin excluded) is 1.2–2.7 rounds below Table 1's t_ave and 1.2–2.0 below Table 2's (K ≥ 2) while s, m and t_last agree (README, Rumor mongering)"

// PublishedDemers returns the paper's figures, as printed, for a configuration that one of its
// tables covers: push to 1 target among 1000 sites without loss, counter:K (Table 1) or coin:K
// (Table 2) for K = 1..5. Source: Demers et al., "Epidemic algorithms for replicated database
// maintenance", PODC 1987 (also Xerox CSL-89-1, p. 10), §1.4, Table 1 ("Performance of an
// epidemic on 1000 sites using feedback and counters") and Table 2 (the same using blind removal
// and coins), columns s, m, t_ave and t_last.
func PublishedDemers(cfg SpreadConfig) (DemersRow, bool) {
	if cfg.N != 1000 || cfg.Fanout != 1 || cfg.Loss != 0 || cfg.Mode != Push || cfg.Stop.K < 1 || cfg.Stop.K > 5 {
		return DemersRow{}, false
	}
	i := cfg.Stop.K - 1
	switch cfg.Stop.Kind {
	case StopCounter:
		return DemersRow{
			Table:   "Demers et al. 1987, Table 1 (feedback, counter)",
			Residue: [5]DemersFigure{"0.18", "0.037", "0.011", "0.0036", "0.0012"}[i],
			Traffic: [5]DemersFigure{"1.7", "3.3", "4.5", "5.6", "6.7"}[i],
			TAve:    [5]DemersFigure{"11.0", "12.1", "12.5", "12.7", "12.8"}[i],
			TLast:   [5]DemersFigure{"16.8", "16.9", "17.4", "17.5", "17.7"}[i],
		}, true
	case StopCoin:
		return DemersRow{
			Table:   "Demers et al. 1987, Table 2 (blind, coin)",
			Residue: [5]DemersFigure{"0.96", "0.20", "0.060", "0.021", "0.008"}[i],
			Traffic: [5]DemersFigure{"0.04", "1.6", "2.8", "3.9", "4.9"}[i],
			TAve:    [5]DemersFigure{"19", "17", "15", "14.1", "13.8"}[i],
			TLast:   [5]DemersFigure{"38", "33", "32", "32", "32"}[i],
		}, true
	}
	return DemersRow{}, false
}
