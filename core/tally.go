package core

// Tally computes the simulator's metrics — belief counts, samples (convergence, suspected,
// removed, false positives, load), crash detections and totals — from what the members of a
// real cluster report: at each moment, every node's status and membership list. A supervisor
// of real processes and the app showing a recorded or live cluster use it, so their numbers
// are the simulator's, computed the same way (fillBeliefs is shared with Sim).
//
// Reports are snapshots, not every change: a transition happens, for the tally, at the moment
// of the first report that shows it (within one report interval of when it happened).
type Tally struct {
	cfg     Config
	now     Time
	status  []Status
	gen     []uint16
	view    [][]State // [observer][subject] as last reported; nil while the observer is down
	seenUp  []bool    // it has been up: coming up again is a restart
	counts  [][Left + 1]int32
	live    int
	totals  Totals
	dets    []Detection
	samples []Sample
	next    Time   // when the next sample is due
	started bool   // a report has come
	seen    []bool // merge's scratch: the members a list names
	marks   []mark
	sent    []sentCounter
}

// sentCounter is a node's message counters as last reported, in its generation.
type sentCounter struct {
	gen         uint16
	msgs, bytes uint64
}

// Reported is one node as its latest report shows it. Sent and SentBytes count since the
// node's process started (they start again at a restart, in the next generation).
type Reported struct {
	ID         NodeID
	Status     Status
	Generation uint16
	List       []Entry
	Sent       uint64
	SentBytes  uint64
}

// MaxTallySamples bounds the samples a Tally keeps (the oldest go first).
const MaxTallySamples = 4096

// NewTally starts a tally for a cluster of cfg (its SampleInterval and Period are used).
func NewTally(cfg Config) *Tally { return &Tally{cfg: cfg} }

// Observe takes every node's report at now (ms, not before the last call) and appends the
// events the reports imply — crashes, restarts, departures, and each observer's transitions
// (learned, suspected, unsuspected, removed, readded, saw-left, forgotten) — to dst.
func (t *Tally) Observe(now Time, nodes []Reported, dst []Event) []Event {
	if !t.started { // samples start with the first report (a viewer may join a cluster late)
		t.started = true
		step := max(1, t.cfg.SampleInterval)
		t.next = (now + step - 1) / step * step
	}
	t.now = max(t.now, now)
	for _, r := range nodes { // every node's status first: a list is judged against this moment's
		dst = t.observeStatus(r, dst)
	}
	for _, r := range nodes {
		if r.Status == StatusUp && r.ID >= 0 && int(r.ID) < len(t.view) && t.view[r.ID] != nil {
			dst = t.merge(r.ID, r.List, dst)
		}
	}
	t.mark()
	step := max(1, t.cfg.SampleInterval)
	if gap := t.now - t.next; gap > MaxTallySamples*step { // a long silence: sample only its end
		t.next += gap / step * step
	}
	for t.now >= t.next {
		t.addSample(t.Current(t.next))
		t.next += max(1, t.cfg.SampleInterval)
	}
	return dst
}

// Message counts a message whose fate is known: delivered (DropNone) or dropped, and why.
func (t *Tally) Message(drop DropReason) {
	if drop == DropNone {
		t.totals.Delivered++
	} else if drop < numDropReasons {
		t.totals.Dropped[drop]++
	}
}

func (t *Tally) grow(id NodeID) {
	for int(id) >= len(t.status) {
		t.status = append(t.status, StatusCrashed) // not yet started: down, never crashed
		t.gen = append(t.gen, 0)
		t.view = append(t.view, nil)
		t.seenUp = append(t.seenUp, false)
		t.counts = append(t.counts, [Left + 1]int32{})
		t.sent = append(t.sent, sentCounter{})
	}
}

func (t *Tally) observeStatus(r Reported, dst []Event) []Event {
	if r.ID < 0 || int(r.ID) >= MaxNodes {
		return dst
	}
	t.grow(r.ID)
	id := r.ID
	wasUp := t.view[id] != nil
	up := r.Status == StatusUp
	switch {
	case wasUp && !up:
		dst = t.goDown(id, r.Status, dst)
	case up && (!wasUp || r.Generation != t.gen[id]):
		if wasUp { // restarted between two reports: down and up again
			dst = t.goDown(id, StatusCrashed, dst)
		}
		if t.seenUp[id] {
			dst = append(dst, Event{Time: t.now, Kind: EvRestarted, Node: id, Peer: NoNode, Generation: r.Generation})
		}
		t.seenUp[id] = true
		t.view[id] = make([]State, len(t.status))
		t.live++
		t.closeDetections(id)
	}
	t.status[id], t.gen[id] = r.Status, r.Generation
	t.countSent(r)
	return dst
}

// goDown withdraws a node's list from the counts and opens a crash detection.
func (t *Tally) goDown(id NodeID, st Status, dst []Event) []Event {
	for m, s := range t.view[id] {
		if NodeID(m) != id && s != Unknown {
			t.counts[m][s]--
		}
	}
	t.view[id] = nil
	t.live--
	kind := EvCrashed
	if st == StatusLeft {
		kind = EvLeft
	} else {
		t.dets = append(t.dets, Detection{Node: id, Generation: t.gen[id], CrashedAt: t.now,
			FirstSuspect: -1, AllSuspect: -1, AllRemoved: -1, Open: true})
	}
	if st != StatusUp {
		t.status[id] = st
	}
	t.checkDetections()
	return append(dst, Event{Time: t.now, Kind: kind, Node: id, Peer: NoNode})
}

// merge takes observer id's list as reported: every change of state is a transition.
func (t *Tally) merge(id NodeID, list []Entry, dst []Event) []Event {
	v := t.view[id]
	seen := append(t.seen[:0], make([]bool, len(v))...) // reused: no allocation per list once grown
	for _, e := range list {
		if e.Member < 0 || int(e.Member) >= MaxNodes || e.Member == id {
			continue
		}
		t.grow(e.Member)
		for len(v) <= int(e.Member) {
			v = append(v, Unknown)
			seen = append(seen, false)
		}
		seen[e.Member] = true
		dst = t.move(id, e.Member, v[e.Member], e.State, e, dst)
		v[e.Member] = e.State
	}
	for m := range v { // members the list no longer has: forgotten
		if !seen[m] && v[m] != Unknown && NodeID(m) != id {
			dst = t.move(id, NodeID(m), v[m], Unknown, Entry{Member: NodeID(m)}, dst)
			v[m] = Unknown
		}
	}
	t.view[id] = v
	t.seen = seen
	t.checkDetections()
	return dst
}

// move counts one observer's transition about subject and says it as the simulator would.
func (t *Tally) move(obs, subject NodeID, from, to State, e Entry, dst []Event) []Event {
	if from == to {
		return dst
	}
	if from != Unknown {
		t.counts[subject][from]--
	}
	if to != Unknown {
		t.counts[subject][to]++
	}
	// A false positive: the subject is up in the very generation the observer gave up on.
	wrong := t.status[subject] == StatusUp && e.Generation == t.gen[subject]
	ev := Event{Time: t.now, Node: obs, Peer: subject, Heartbeat: e.Heartbeat, Generation: e.Generation}
	switch {
	case to == Suspect:
		ev.Kind = EvSuspected
		t.totals.Suspicions++
		if wrong {
			t.totals.FalseSuspicions++
		}
		t.firstSuspect(subject)
	case to == Removed:
		ev.Kind = EvRemoved
		t.totals.Removals++
		if wrong {
			t.totals.FalseRemovals++
		}
		t.firstSuspect(subject)
	case to == Left:
		ev.Kind = EvSawLeft
	case to == Unknown:
		ev.Kind = EvForgotten
	case from == Suspect:
		ev.Kind = EvUnsuspected
	case from == Removed:
		ev.Kind = EvReadded
	default:
		ev.Kind = EvLearned
	}
	return append(dst, ev)
}

func (t *Tally) firstSuspect(subject NodeID) {
	for i := range t.dets {
		if d := &t.dets[i]; d.Open && d.Node == subject && d.FirstSuspect < 0 {
			d.FirstSuspect = t.now
		}
	}
}

// checkDetections moves the open detections on as the simulator's do: suspected by all once
// no live observer holds it alive, removed by all once none even suspects it.
func (t *Tally) checkDetections() {
	for i := range t.dets {
		d := &t.dets[i]
		if !d.Open || d.NoObserver || d.AllRemoved >= 0 {
			continue
		}
		if t.live == 0 {
			d.NoObserver = true
			continue
		}
		c := &t.counts[d.Node]
		if d.FirstSuspect >= 0 && d.AllSuspect < 0 && c[Alive] == 0 {
			d.AllSuspect = t.now
		}
		if d.AllSuspect >= 0 && d.AllRemoved < 0 && c[Alive] == 0 && c[Suspect] == 0 {
			d.AllRemoved = t.now
		}
	}
}

// closeDetections ends node id's open detections: it is back.
func (t *Tally) closeDetections(id NodeID) {
	for i := range t.dets {
		if t.dets[i].Node == id {
			t.dets[i].Open = false
		}
	}
}

// countSent adds what a node sent since its last report (all of it after a restart).
func (t *Tally) countSent(r Reported) {
	c := &t.sent[r.ID]
	if r.Generation != c.gen || r.Sent < c.msgs {
		*c = sentCounter{gen: r.Generation}
	}
	t.totals.MsgsSent += r.Sent - c.msgs
	t.totals.BytesSent += r.SentBytes - c.bytes
	c.msgs, c.bytes = r.Sent, r.SentBytes
}

func (t *Tally) mark() {
	t.marks = append(t.marks, mark{t.now, t.totals})
	window := max(t.cfg.Period, t.cfg.SampleInterval)
	k := 0
	for k < len(t.marks)-1 && t.marks[k+1].at <= t.now-window {
		k++
	}
	t.marks = t.marks[k:]
}

func (t *Tally) addSample(s Sample) {
	if len(t.samples) >= MaxTallySamples {
		t.samples = t.samples[:copy(t.samples, t.samples[len(t.samples)/4:])]
	}
	t.samples = append(t.samples, s)
}

// Current is the cluster's sample as of the last report, stamped at.
func (t *Tally) Current(at Time) Sample {
	sm := Sample{Time: at}
	fillBeliefs(&sm, len(t.status), func(i int) Status {
		if t.view[i] == nil && t.status[i] == StatusUp {
			return StatusCrashed
		}
		return t.status[i]
	}, t.counts, t.live)
	if len(t.marks) > 0 {
		fillLoad(&sm, t.now, t.marks[0], t.totals)
	}
	return sm
}

// Totals, Detections, Samples: the metrics so far (the slices are the tally's; do not keep them
// across Observe calls).
func (t *Tally) Totals() Totals          { return t.totals }
func (t *Tally) Detections() []Detection { return t.dets }
func (t *Tally) Samples() []Sample       { return t.samples }

// Belief is what observer last reported about subject (Unknown if nothing or down).
func (t *Tally) Belief(observer, subject NodeID) State {
	if observer < 0 || int(observer) >= len(t.view) || subject < 0 || int(subject) >= len(t.view[observer]) {
		return Unknown
	}
	return t.view[observer][subject]
}

// Counts are how many live observers hold subject in each state (Unknown not counted), and
// Live how many observers are up.
func (t *Tally) Counts(subject NodeID) [Left + 1]int32 {
	if subject < 0 || int(subject) >= len(t.counts) {
		return [Left + 1]int32{}
	}
	return t.counts[subject]
}
func (t *Tally) Live() int { return t.live }
