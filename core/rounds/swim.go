package rounds

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SwimSelect is how a member selects its ping target each period.
type SwimSelect int

const (
	// SwimRandom selects uniformly among the other N−1 members, independently every period.
	SwimRandom SwimSelect = iota
	// SwimRoundRobin walks a private random order of the other N−1 members, redrawn after
	// each pass (SWIM §4.3).
	SwimRoundRobin
)

// SwimSelects lists the selections in the spelling that String and ParseSwimSelect use.
var SwimSelects = []string{"random", "roundrobin"}

func (s SwimSelect) String() string {
	if s >= 0 && int(s) < len(SwimSelects) {
		return SwimSelects[s]
	}
	return fmt.Sprintf("SwimSelect(%d)", int(s))
}

// ParseSwimSelect is the inverse of SwimSelect.String.
func ParseSwimSelect(s string) (SwimSelect, error) {
	for i, name := range SwimSelects {
		if s == name {
			return SwimSelect(i), nil
		}
	}
	return 0, fmt.Errorf("select must be one of random, roundrobin, got %q", s)
}

// Limits of SwimConfig, shared with the CLI so that flags and Validate agree.
const (
	MaxSwimN       = 1_000_000
	MaxSwimTrials  = 100_000
	MaxSwimPeriods = 100_000
	// DefaultSwimPeriods is the periods of the no-crash run when Periods is 0.
	DefaultSwimPeriods = 100
)

// Experiment streams of Swim, far above the iota list in rng.go so that experiments added
// there can never share a stream with these.
const (
	expSwimCrash experiment = 0x5300 + iota
	expSwimProbe
)

// SwimConfig is one SWIM failure-detector experiment.
type SwimConfig struct {
	N      int        // members, in [3, MaxSwimN]
	K      int        // ping-req helpers per failed direct probe, in [0, N−2]
	Loss   float64    // p: probability that any one message is lost, in [0, 1)
	Select SwimSelect // SwimRandom or SwimRoundRobin
	Trials int        // in [1, MaxSwimTrials]
	Seed   uint64
	// Periods is the protocol periods of each trial's no-crash run, in [0, MaxSwimPeriods];
	// 0 means DefaultSwimPeriods.
	Periods int
}

// Validate reports every invalid field with its allowed range.
func (c SwimConfig) Validate() error {
	var p problems
	nOK := c.N >= 3 && c.N <= MaxSwimN
	p.checkInt("n", c.N, 3, MaxSwimN)
	switch {
	case nOK && (c.K < 0 || c.K > c.N-2):
		p.addf("k must be in [0, N-2=%d], got %d", c.N-2, c.K)
	case !nOK && c.K < 0:
		p.addf("k must be in [0, N-2], got %d", c.K)
	}
	p.checkLoss(c.Loss)
	if c.Select != SwimRandom && c.Select != SwimRoundRobin {
		p.addf("select must be one of random, roundrobin, got %v", c.Select)
	}
	p.checkInt("trials", c.Trials, 1, MaxSwimTrials)
	if c.Periods < 0 || c.Periods > MaxSwimPeriods {
		p.addf("periods must be in [0, %d] (0 = default %d), got %d", MaxSwimPeriods, DefaultSwimPeriods, c.Periods)
	}
	return p.err()
}

// SwimResult summarizes a Swim experiment. Every Summary is over the trials, one value each.
type SwimResult struct {
	Config SwimConfig // as run, with Periods resolved

	// FirstDetection: the first period in which some live member pings the crashed node 0.
	FirstDetection       Summary
	FirstDetectionTheory float64 // SwimFirstDetectionTheory(N, Select)
	// AllDetection: the first period by which every live member has pinged node 0 itself.
	AllDetection Summary
	// AllDetectionBound is the round-robin bound on AllDetection, 2N−3 (SWIM states 2N−1);
	// 0 for random selection, which has no bound.
	AllDetectionBound int

	// FalseSuspicion: per trial, suspicions/probes over the N·Periods probes of the no-crash
	// run (every probe is of a live member).
	FalseSuspicion       Summary
	FalseSuspicionTheory float64 // SwimFalseSuspicionTheory(Loss, K)
	Suspicions, Probes   int64   // over all trials

	// Msgs: per trial, messages sent / (N·Periods) in the no-crash run.
	Msgs       Summary
	MsgsTheory float64 // SwimMsgsTheory(Loss, K)
	// BusiestMsgs: per trial, the most messages any one member sent, divided by Periods.
	BusiestMsgs Summary
}

// Swim runs SWIM's failure detector (Das, Gupta, Motivala, "SWIM: Scalable Weakly-consistent
// Infection-style Process Group Membership Protocol", DSN 2002) in the synchronous round model:
// cfg.Trials trials of the crash experiment and of the no-crash probe run.
//
// The model, exactly as simulated:
//
//	N members run synchronous protocol periods. In each period every live member M_i selects
//	one target among the other N−1 members — uniformly at random (SwimRandom) or the next
//	member of its round-robin pass (SwimRoundRobin, SWIM §4.3: each pass visits every other
//	member once, in a fresh random order drawn when the previous pass ends) — and pings it.
//	Every message (ping, ack, ping-req, a helper's ping, the target's ack to the helper, the
//	helper's forwarded ack) is lost independently with probability p. If the direct ping or
//	its ack is lost, M_i sends ping-req to K distinct members other than itself and the
//	target, chosen uniformly; each helper that receives one pings the target and forwards the
//	target's ack. M_i suspects the target if no ack, direct or forwarded, reaches it by the end
//	of the period. A message is sent only if the message that triggers it arrived; all K
//	ping-reqs are sent even if one of them will succeed. Helpers are live; a crashed target
//	sends nothing.
//
// Three measurements, each trial on its own PCG streams derived from (seed, trial):
//
//   - First detection: node 0 crashes at the start of period 1; the first period, counted from
//     1, in which some live member pings it (that probe certainly ends in a suspicion, since
//     node 0 never acks). SWIM's expectation for random selection is
//     E = 1/(1 − (1 − 1/(N−1))^(N−1)) → e/(e−1) ≈ 1.582; SwimFirstDetectionTheory also gives
//     the exact expectation for round-robin. Alongside, the period by which every live member
//     has pinged node 0 itself, which round-robin bounds by 2N−3 (SWIM: at most 2N−1, its
//     time-bounded completeness) and random selection does not bound at all.
//   - False suspicions: no crash; over all N·Periods probes of live targets, the fraction that
//     ends in a suspicion. Closed form (1 − (1−p)²)·(1 − (1−p)⁴)^K: the direct exchange (2
//     messages) fails and so does each of the K indirect paths (4 messages each).
//   - Load: in the same no-crash run, messages sent per member per period, and the busiest
//     member's; the expectation is SwimMsgsTheory.
//
// Round-robin state. At period 1 (of either experiment) each member is a uniformly random
// number of probes, in [0, N−2], into its current pass, as if members had joined at unrelated
// times. A uniformly random permutation per member would take O(N²) memory, so position j of
// a pass holds the member a·(j − c) mod (N−1) among the member's others: a uniform among the
// strides coprime to N−1, c uniform in [0, N−2], both redrawn for every pass (the same as
// a·j + b with b uniform). This visits every other member exactly once per pass, and a given
// member's position in a pass is uniform and independent across passes and members — the only
// properties first detection depends on, so its distribution is exactly that of uniformly
// random permutations. False suspicions and the mean load do not depend on
// the target at all (all targets are live and alike); only the busiest member's load depends
// on the order, and mainly through the once-per-pass property.
func Swim(cfg SwimConfig) (SwimResult, error) {
	if err := cfg.Validate(); err != nil {
		return SwimResult{}, err
	}
	if cfg.Periods == 0 {
		cfg.Periods = DefaultSwimPeriods
	}
	res := SwimResult{
		Config:               cfg,
		FirstDetectionTheory: SwimFirstDetectionTheory(cfg.N, cfg.Select),
		FalseSuspicionTheory: SwimFalseSuspicionTheory(cfg.Loss, cfg.K),
		MsgsTheory:           SwimMsgsTheory(cfg.Loss, cfg.K),
	}
	if cfg.Select == SwimRoundRobin {
		res.AllDetectionBound = 2*cfg.N - 3
	}
	sim := newSwimSim(cfg)
	src := newTrialSource()
	first := make([]float64, cfg.Trials)
	all := make([]float64, cfg.Trials)
	fs := make([]float64, cfg.Trials)
	msgs := make([]float64, cfg.Trials)
	busiest := make([]float64, cfg.Trials)
	probes := int64(cfg.N) * int64(cfg.Periods)
	for i := range cfg.Trials {
		f, a := sim.crashTrial(src.start(cfg.Seed, expSwimCrash, i))
		first[i], all[i] = float64(f), float64(a)
		o := sim.probeTrial(src.start(cfg.Seed, expSwimProbe, i), cfg.Periods)
		res.Suspicions += o.suspicions
		res.Probes += probes
		fs[i] = float64(o.suspicions) / float64(probes)
		msgs[i] = float64(o.msgs) / float64(probes)
		busiest[i] = float64(o.busiest) / float64(cfg.Periods)
	}
	res.FirstDetection, res.AllDetection = Summarize(first), Summarize(all)
	res.FalseSuspicion, res.Msgs, res.BusiestMsgs = Summarize(fs), Summarize(msgs), Summarize(busiest)
	return res, nil
}

// SwimFirstDetectionTheory is the expected first-detection period with N−1 = m live members.
//
// Random selection: each live member pings node 0 with probability 1/m per period,
// independently, so the first period is geometric with success 1 − (1 − 1/m)^m and mean
// E = 1/(1 − (1 − 1/m)^m) (SWIM §3.1).
//
// Round-robin (the state described in the package comment): member i has already probed k
// members of its current pass and node 0 sits at position pos; the next pass puts it at pos';
// k, pos, pos' are independent and uniform on [0, m−1]. It pings node 0 in period
// T = pos−k+1 if pos ≥ k, else (m−k) + pos'+1, so T ≤ 2m−1 = 2N−3. With F(t) = P(T ≤ t),
//
//	m²·P(pos ≥ k, pos−k+1 ≤ t) = Σ_{d<min(t,m)} (m−d)
//	m³·P(pos < k, m−k+pos'+1 ≤ t) = Σ_k k·clamp(t−m+k, 0, m)
//
// and the members are independent, so E = Σ_{t≥0} (1 − F(t))^m.
func SwimFirstDetectionTheory(n int, sel SwimSelect) float64 {
	m := float64(n - 1)
	if sel == SwimRandom {
		return 1 / -math.Expm1(m*math.Log1p(-1/m))
	}
	mi := n - 1
	var e float64
	for t := 0; t < 2*mi-1; t++ {
		term := math.Pow(1-swimRRCDF(mi, t), m)
		e += term
		if term < 1e-18*e {
			break
		}
	}
	return e
}

// swimRRCDF is F(t) = P(T ≤ t) of one round-robin member, T as in SwimFirstDetectionTheory.
func swimRRCDF(m, t int) float64 {
	if t <= 0 {
		return 0
	}
	mf := float64(m)
	tm := float64(min(t, m))
	a := tm*mf - tm*(tm-1)/2
	var b float64
	if t <= m {
		// Σ_{k=m−t+1}^{m−1} k·(k−(m−t)); with u = k−(m−t) in [1, t−1]: Σ u² + (m−t)·Σ u.
		tf := float64(t)
		b = (tf-1)*tf*(2*tf-1)/6 + (mf-tf)*(tf-1)*tf/2
	} else {
		for k := 1; k < m; k++ {
			b += float64(k) * float64(min(m, k+t-m))
		}
	}
	return min(1, a/(mf*mf)+b/(mf*mf*mf))
}

// SwimFalseSuspicionTheory is the probability that the probe of a live target ends in a
// suspicion: the direct exchange fails (1 − (1−p)²) and each of the K indirect paths
// ping-req → helper ping → ack → forwarded ack fails (1 − (1−p)⁴ each), all independently.
func SwimFalseSuspicionTheory(loss float64, k int) float64 {
	q := 1 - loss
	return (1 - q*q) * math.Pow(1-q*q*q*q, float64(k))
}

// SwimMsgsTheory is the expected messages one member's probe of a live target causes, which is
// also the expected messages sent per member per period when no one has crashed: every member
// probes once per period, and every message is sent by someone. With q = 1−p, a message is
// sent only if its trigger arrived:
//
//	ping                          1
//	ack (ping arrived)            q
//	direct exchange failed        1 − q²; then for each of the K helpers:
//	  ping-req                    1
//	  helper's ping               q     (ping-req arrived)
//	  target's ack to the helper  q²    (and the helper's ping arrived)
//	  forwarded ack               q³    (and the ack arrived)
//
// so E = 1 + q + (1 − q²)·K·(1 + q + q² + q³). At p = 0 that is exactly 2; the most one
// probe can cause is 2 + 4K.
func SwimMsgsTheory(loss float64, k int) float64 {
	q := 1 - loss
	return 1 + q + (1-q*q)*float64(k)*(1+q+q*q+q*q*q)
}

// swimPass is one member's round-robin pass: position j of the pass is member a·(j − c) mod m
// among the member's m = N−1 others (numbered as skipSelf does), so index 0 — node 0, for
// every member but node 0 itself — comes up at position c; next is the position of this
// period's probe.
type swimPass struct{ a, c, next int32 }

// swimSim holds the buffers of one Swim run, reused by every trial.
type swimSim struct {
	n, m, k int
	sel     SwimSelect
	// lossThr: a message is lost when a uniform 64-bit draw is below it, probability
	// lossThr/2^64 = p to within 2^-64. 0 (no loss) makes no draw at all.
	lossThr uint64
	rr      []swimPass // per member, round-robin only
	units   []int32    // the strides in [1, m−1] coprime to m, round-robin only
	sent    []int64    // messages sent by each member in the current probe run
	help    swimHelpers
}

func newSwimSim(cfg SwimConfig) *swimSim {
	s := &swimSim{n: cfg.N, m: cfg.N - 1, k: cfg.K, sel: cfg.Select, sent: make([]int64, cfg.N)}
	if cfg.Loss > 0 {
		s.lossThr = uint64(math.Ldexp(cfg.Loss, 64)) // < 2^64 since Loss < 1
	}
	if cfg.Select == SwimRoundRobin {
		s.rr = make([]swimPass, cfg.N)
		s.units = swimUnits(s.m)
	}
	s.help = newSwimHelpers(cfg.N, cfg.K)
	return s
}

// lost draws whether one message is lost.
func (s *swimSim) lost(r *rand.Rand) bool {
	return s.lossThr > 0 && r.Uint64() < s.lossThr
}

// newPass draws a fresh pass order: stride a uniform among the units mod m, c uniform in
// [0, m−1]; next = 0.
func (s *swimSim) newPass(r *rand.Rand) swimPass {
	a := s.units[r.IntN(len(s.units))]
	return swimPass{a: a, c: int32(r.IntN(s.m))}
}

// swimUnits lists the a in [1, m−1] with gcd(a, m) = 1 (for m = 2 that is just 1): m's prime
// factors by trial division, then a sieve striking their multiples, O(m log log m).
func swimUnits(m int) []int32 {
	struck := make([]bool, m)
	rest := m
	for p := 2; p*p <= rest; p++ {
		if rest%p != 0 {
			continue
		}
		for rest%p == 0 {
			rest /= p
		}
		for x := p; x < m; x += p {
			struck[x] = true
		}
	}
	if rest > 1 {
		for x := rest; x < m; x += rest {
			struck[x] = true
		}
	}
	var units []int32
	for a := 1; a < m; a++ {
		if !struck[a] {
			units = append(units, int32(a))
		}
	}
	return units
}

// startPasses puts every member a uniformly random number of probes into a fresh pass: the
// round-robin state at period 1.
func (s *swimSim) startPasses(r *rand.Rand) {
	for i := range s.rr {
		p := s.newPass(r)
		p.next = int32(r.IntN(s.m))
		s.rr[i] = p
	}
}

// target returns member i's target for this period and advances its round-robin pass.
func (s *swimSim) target(r *rand.Rand, i int32) int32 {
	if s.sel == SwimRandom {
		return skipSelf(int32(r.IntN(s.m)), i)
	}
	p := &s.rr[i]
	d := p.next - p.c // j − c, in (−m, m)
	if d < 0 {
		d += int32(s.m)
	}
	x := int32(int64(p.a) * int64(d) % int64(s.m))
	p.next++
	if int(p.next) == s.m {
		*p = s.newPass(r) // next = 0
	}
	return skipSelf(x, i)
}

// crashTrial is one crash experiment: node 0 is down from period 1 on. Members choose their
// targets independently of each other (random draws or private passes), and whom a member
// pings never depends on the outcome of its probes, so each live member's first ping of node 0
// is drawn directly from its distribution, O(1) per member:
//
//	random:      geometric, P(T > t) = (1 − 1/m)^t, by inversion of one uniform draw;
//	round-robin: from the member's pass at period 1, k probes into it: node 0 is at position
//	             c, pinged in period c−k+1 if c ≥ k; else in the next pass, at its c'.
//
// It returns the first period in which any live member pings node 0, and the first period by
// which all of them have.
func (s *swimSim) crashTrial(r *rand.Rand) (first, all int) {
	m := s.m
	logq := math.Log1p(-1 / float64(m))
	first = math.MaxInt
	for i := 1; i < s.n; i++ {
		var t int
		if s.sel == SwimRandom {
			// 1 − Float64() is in (0, 1]; T ≤ 1 + 53·ln2·m, which fits any int.
			t = 1 + int(math.Log(1-r.Float64())/logq)
		} else {
			// The same draws as startPasses, so the state at period 1 is the probes' state.
			p := s.newPass(r)
			k := r.IntN(m)
			if pos := int(p.c); pos >= k {
				t = pos - k + 1
			} else {
				t = (m - k) + int(s.newPass(r).c) + 1
			}
		}
		first = min(first, t)
		all = max(all, t)
	}
	return first, all
}

// swimProbeOutcome is one no-crash run: probes ending in a suspicion, messages sent, and the
// most messages sent by one member.
type swimProbeOutcome struct{ suspicions, msgs, busiest int64 }

// probeTrial runs periods protocol periods with every member live and counts suspicions and
// messages. Within a period the members' probes are independent (nobody's state changes), so
// running them one member after the other is the synchronous period.
func (s *swimSim) probeTrial(r *rand.Rand, periods int) swimProbeOutcome {
	clear(s.sent)
	s.help.reset()
	if s.sel == SwimRoundRobin {
		s.startPasses(r)
	}
	var o swimProbeOutcome
	sent := s.sent
	for range periods {
		for i := range int32(s.n) {
			t := s.target(r, i)
			sent[i]++ // ping
			if !s.lost(r) {
				sent[t]++ // ack
				if !s.lost(r) {
					continue // acked directly
				}
			}
			acked := false
			for _, h := range s.help.pick(r, i, t) {
				sent[i]++ // ping-req; every one is sent, whatever becomes of the others
				if s.lost(r) {
					continue
				}
				sent[h]++ // helper's ping
				if s.lost(r) {
					continue
				}
				sent[t]++ // target's ack to the helper
				if s.lost(r) {
					continue
				}
				sent[h]++ // forwarded ack
				if !s.lost(r) {
					acked = true
				}
			}
			if !acked {
				o.suspicions++
			}
		}
	}
	for _, c := range sent {
		o.msgs += c
		o.busiest = max(o.busiest, c)
	}
	return o
}

// swimHelpers draws K distinct helpers uniformly among the N−2 members other than the prober
// and its target, built once per run and reused like picker.
type swimHelpers struct {
	k     int
	pool  int // N−2
	mark  []uint32
	epoch uint32
	perm  []int32 // partial Fisher-Yates scratch over 0..N−3, used when 2K > N−2
	out   []int32
}

func newSwimHelpers(n, k int) swimHelpers {
	h := swimHelpers{k: k, pool: n - 2, out: make([]int32, 0, k)}
	switch {
	case k == 0:
	case 2*k <= n-2:
		h.mark = make([]uint32, n)
	default:
		h.perm = make([]int32, n-2)
	}
	h.reset()
	return h
}

// reset restores the Fisher-Yates scratch to the identity at the start of every trial, so
// that a trial's draws do not depend on the trials before it.
func (h *swimHelpers) reset() {
	for i := range h.perm {
		h.perm[i] = int32(i)
	}
}

// pick returns K distinct helpers, none equal to i or t; valid until the next call.
func (h *swimHelpers) pick(r *rand.Rand, i, t int32) []int32 {
	out := h.out[:0]
	lo, hi := min(i, t), max(i, t)
	skip := func(x int32) int32 { // maps [0, N−3] onto [0, N−1] without lo and hi
		if x >= lo {
			x++
		}
		if x >= hi {
			x++
		}
		return x
	}
	switch {
	case h.k == 0:
	case h.mark != nil:
		h.epoch++
		if h.epoch == 0 { // wrapped: old marks could alias the new epoch
			clear(h.mark)
			h.epoch = 1
		}
		for len(out) < h.k {
			x := skip(int32(r.IntN(h.pool)))
			if h.mark[x] == h.epoch {
				continue
			}
			h.mark[x] = h.epoch
			out = append(out, x)
		}
	default:
		for j := 0; j < h.k; j++ {
			l := j + r.IntN(h.pool-j)
			h.perm[j], h.perm[l] = h.perm[l], h.perm[j]
			out = append(out, skip(h.perm[j]))
		}
	}
	h.out = out
	return out
}
