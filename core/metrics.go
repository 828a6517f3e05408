package core

// Totals are counters since the start of the run.
type Totals struct {
	MsgsSent  uint64 `json:"msgs_sent"`
	BytesSent uint64 `json:"bytes_sent"`
	Delivered uint64 `json:"delivered"`
	// Dropped counts lost messages by DropReason (index 0 unused).
	Dropped [numDropReasons]uint64 `json:"dropped"`
	// Suspicions and Removals count observer transitions; the False ones concern a member that
	// was up in that very generation, i.e. a false positive of the failure detector.
	Suspicions      uint64 `json:"suspicions"`
	FalseSuspicions uint64 `json:"false_suspicions"`
	Removals        uint64 `json:"removals"`
	FalseRemovals   uint64 `json:"false_removals"`
}

// Sample is the state of the cluster at one moment, taken every SampleInterval.
type Sample struct {
	Time Time `json:"t_ms"`
	// Convergence is the fraction of (live observer, other node) pairs whose belief equals the
	// truth: an up node held Alive, a crashed or departed node removed, left or unknown.
	Convergence float64 `json:"convergence"`
	Up          int     `json:"up"`
	Crashed     int     `json:"crashed"`
	Left        int     `json:"left"`
	// Suspected and Removed count (live observer, subject) pairs in that state.
	Suspected int `json:"suspected"`
	Removed   int `json:"removed"`
	// UnknownUp counts (live observer, up subject) pairs where the observer holds nothing about
	// the subject: it forgot it (its tombstone expired) or has not learned of it yet.
	UnknownUp int `json:"unknown_up"`
	// FalsePositives counts up nodes that at least one live observer does not hold alive: it
	// suspects it, has removed it, or does not know it any more (or yet).
	FalsePositives int `json:"false_positives"`
	// Message load over the last protocol period (or sample interval, if longer): the
	// "generated throughput". A whole period, because the nodes' ticks are spread over it
	// unevenly, and a shorter window would swing with the phases. Per node means per up node.
	MsgsPerSec         float64 `json:"msgs_per_s"`
	BytesPerSec        float64 `json:"bytes_per_s"`
	MsgsPerNodePerSec  float64 `json:"msgs_per_node_per_s"`
	BytesPerNodePerSec float64 `json:"bytes_per_node_per_s"`
	// FalseSuspicionsPerSec is the rate of false suspicions over the same window.
	FalseSuspicionsPerSec float64 `json:"false_suspicions_per_s"`
	InFlight              int     `json:"in_flight"`
	// Informed counts the nodes that know the rumor (Protocol "rumor").
	Informed int `json:"informed"`
}

// Detection follows one crash: how long until the failure detector caught up with it.
// A time is -1 until it happens; a detection ends (Open false) when the node restarts.
type Detection struct {
	Node       NodeID `json:"node"`
	Generation uint16 `json:"generation"`
	CrashedAt  Time   `json:"crashed_at_ms"`
	// FirstSuspect: the first live observer suspects it. AllSuspect: after that, no live
	// observer believes it alive any more. AllRemoved: after that, no live observer even
	// suspects it; every one has removed it (or never knew it). A stage never comes before the
	// one above it.
	FirstSuspect Time `json:"first_suspect_ms"`
	AllSuspect   Time `json:"all_suspect_ms"`
	AllRemoved   Time `json:"all_removed_ms"`
	Open         bool `json:"open"`
	// NoObserver: every node went down before the detection was complete, so it has no "by
	// all" time (every live node agreeing is vacuous with none left); its later stages stay -1.
	NoObserver bool `json:"no_observer"`
}

// Delay returns t − CrashedAt, or -1 when t has not happened.
func (d Detection) Delay(t Time) Time {
	if t < 0 {
		return -1
	}
	return t - d.CrashedAt
}

// sampleRing keeps the most recent samples in fixed memory, so long runs do not grow.
type sampleRing struct {
	buf   []Sample
	start int
	n     int
}

const defaultSampleCapacity = 7200 // an hour at the default 500 ms

func (r *sampleRing) push(s Sample) {
	if r.buf == nil {
		r.buf = make([]Sample, defaultSampleCapacity)
	}
	if r.n < len(r.buf) {
		r.buf[(r.start+r.n)%len(r.buf)] = s
		r.n++
		return
	}
	r.buf[r.start] = s
	r.start = (r.start + 1) % len(r.buf)
}

func (r *sampleRing) appendTo(dst []Sample) []Sample {
	for i := 0; i < r.n; i++ {
		dst = append(dst, r.buf[(r.start+i)%len(r.buf)])
	}
	return dst
}

func (r *sampleRing) last() (Sample, bool) {
	if r.n == 0 {
		return Sample{}, false
	}
	return r.buf[(r.start+r.n-1)%len(r.buf)], true
}

// mark is the counters at one sample time: the baselines of the rate windows.
type mark struct {
	at  Time
	tot Totals
}

// metrics gathers counters and the sampled series.
type metrics struct {
	totals     Totals
	marks      [64]mark // the counters at recent samples, a ring
	markN      int
	samples    sampleRing
	detections []Detection
}

// baseline returns the most recent mark at least window old, or the oldest one kept.
func (m *metrics) baseline(now, window Time) mark {
	if m.markN == 0 {
		return mark{}
	}
	kept := min(m.markN, len(m.marks))
	oldest := m.marks[(m.markN-kept)%len(m.marks)]
	for i := 1; i <= kept; i++ {
		mk := m.marks[(m.markN-i)%len(m.marks)]
		if now-mk.at >= window {
			return mk
		}
	}
	return oldest
}

func (m *metrics) addMark(now Time) {
	m.marks[m.markN%len(m.marks)] = mark{now, m.totals}
	m.markN++
}

// takeSample computes a Sample from the belief counts in O(nodes).
func (s *Sim) takeSample() Sample {
	m := &s.metrics
	sm := Sample{Time: s.now, InFlight: s.flight.count, Informed: s.informed}
	fillBeliefs(&sm, len(s.nodes), func(i int) Status { return s.nodes[i].status }, s.beliefs.counts, s.beliefs.live)
	fillLoad(&sm, s.now, m.baseline(s.now, max(s.cfg.Period, s.cfg.SampleInterval)), m.totals)
	return sm
}

// fillLoad fills a Sample's load — messages, bytes and false suspicions per second, per node —
// from the totals now and at the window's start (base). Sim and Tally share it.
func fillLoad(sm *Sample, now Time, base mark, totals Totals) {
	dt := (now - base.at).Seconds()
	if dt <= 0 {
		return
	}
	sm.MsgsPerSec = float64(totals.MsgsSent-base.tot.MsgsSent) / dt
	sm.BytesPerSec = float64(totals.BytesSent-base.tot.BytesSent) / dt
	sm.FalseSuspicionsPerSec = float64(totals.FalseSuspicions-base.tot.FalseSuspicions) / dt
	if sm.Up > 0 {
		sm.MsgsPerNodePerSec = sm.MsgsPerSec / float64(sm.Up)
		sm.BytesPerNodePerSec = sm.BytesPerSec / float64(sm.Up)
	}
}

// checkDetections updates the open detections of subject after its belief counts changed,
// or of every subject when subject is NoNode (an observer went down).
func (s *Sim) checkDetections(subject NodeID) {
	for i := range s.metrics.detections {
		d := &s.metrics.detections[i]
		if !d.Open || d.NoObserver || d.AllRemoved >= 0 || (subject != NoNode && d.Node != subject) {
			continue
		}
		if s.beliefs.live == 0 { // nobody left to notice: no "by all", now or after a restart
			d.NoObserver = true
			continue
		}
		alive, suspect := s.beliefs.of(d.Node, Alive), s.beliefs.of(d.Node, Suspect)
		if d.FirstSuspect >= 0 && d.AllSuspect < 0 && alive == 0 {
			d.AllSuspect = s.now
		}
		if d.AllSuspect >= 0 && d.AllRemoved < 0 && alive == 0 && suspect == 0 {
			d.AllRemoved = s.now
		}
	}
}

// fillBeliefs fills a Sample's belief side — convergence, up/crashed/left, suspected, removed,
// unknown and false positives — from the belief counts of n nodes whose statuses status gives,
// with live observers up. The simulator and a real cluster's reports (Tally) share it.
func fillBeliefs(sm *Sample, n int, status func(int) Status, counts [][Left + 1]int32, live int) {
	var correct, pairs int64
	for id := range n {
		c := &counts[id]
		sm.Suspected += int(c[Suspect])
		sm.Removed += int(c[Removed])
		switch st := status(id); st {
		case StatusUp:
			sm.Up++
			pairs += int64(live - 1)
			correct += int64(c[Alive])
			known := int(c[Alive]) + int(c[Suspect]) + int(c[Removed]) + int(c[Left])
			sm.UnknownUp += live - 1 - known
			if int(c[Alive]) < live-1 { // suspected, removed, left or not known by someone
				sm.FalsePositives++
			}
		default:
			if st == StatusCrashed {
				sm.Crashed++
			} else {
				sm.Left++
			}
			pairs += int64(live)
			correct += int64(live) - int64(c[Alive]) - int64(c[Suspect])
		}
	}
	sm.Convergence = 1
	if pairs > 0 {
		sm.Convergence = float64(correct) / float64(pairs)
	}
}
