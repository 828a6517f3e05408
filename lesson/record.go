package lesson

import "gossiplab/core"

// The current run's history as the checks need it: when things happened, so that a check can
// count what fell inside its window, and so that a rewind (Checker.Truncate) can forget what
// the dropped future did. Every record is in the run's virtual time.

// times is a list of moments, oldest first.
type times []core.Time

// since counts the moments at or after t.
func (ts times) since(t core.Time) int {
	n := 0
	for i := len(ts) - 1; i >= 0 && ts[i] >= t; i-- {
		n++
	}
	return n
}

// truncate drops the moments after t.
func (ts times) truncate(t core.Time) times {
	for len(ts) > 0 && ts[len(ts)-1] > t {
		ts = ts[:len(ts)-1]
	}
	return ts
}

// tally follows a running total (the core's false-suspicion counter, say) as (time, total)
// steps, so that the increase inside a window can be read back.
type tally struct {
	steps []step
}

type step struct {
	t     core.Time
	total uint64
}

// observe notes the total seen at time t (only when it changed).
func (y *tally) observe(t core.Time, total uint64) {
	if total != y.last() {
		y.steps = append(y.steps, step{t, total})
	}
}

// observeAt notes the total seen at time now after a batch whose increases happened at the
// moments at (oldest first): one step each, then the rest, if the total grew more, at now.
func (y *tally) observeAt(at []core.Time, now core.Time, total uint64) {
	for _, t := range at {
		if y.last() >= total {
			return
		}
		y.steps = append(y.steps, step{t, y.last() + 1})
	}
	y.observe(now, total)
}

func (y *tally) last() uint64 {
	if len(y.steps) == 0 {
		return 0
	}
	return y.steps[len(y.steps)-1].total
}

// since is how much the total grew at or after t.
func (y *tally) since(t core.Time) uint64 {
	before := uint64(0)
	for i := len(y.steps) - 1; i >= 0; i-- {
		if y.steps[i].t < t {
			before = y.steps[i].total
			break
		}
	}
	return y.last() - before
}

// reachedAt is when the growth since t first reached n, or -1.
func (y *tally) reachedAt(t core.Time, n uint64) core.Time {
	before := uint64(0)
	for _, st := range y.steps {
		if st.t < t {
			before = st.total
			continue
		}
		if st.total-before >= n {
			return st.t
		}
	}
	return -1
}

// lastAt is when the total last grew, or -1.
func (y *tally) lastAt() core.Time {
	if len(y.steps) == 0 {
		return -1
	}
	return y.steps[len(y.steps)-1].t
}

func (y *tally) truncate(t core.Time) {
	for len(y.steps) > 0 && y.steps[len(y.steps)-1].t > t {
		y.steps = y.steps[:len(y.steps)-1]
	}
}

// crash is one crash: when, and which node.
type crash struct {
	at   core.Time
	node core.NodeID
}

// downSince counts the nodes that crashed at or after t and are still down in s (each once).
func (r *record) downSince(t core.Time, s *core.Snapshot) int {
	n := 0
	for i := len(r.crashes) - 1; i >= 0 && r.crashes[i].at >= t; i-- {
		c := r.crashes[i]
		if int(c.node) >= len(s.Nodes) || s.Nodes[c.node].Status != core.StatusCrashed {
			continue
		}
		first := true // the node's latest crash in the window counts, not an earlier one
		for j := i + 1; j < len(r.crashes); j++ {
			if r.crashes[j].node == c.node {
				first = false
				break
			}
		}
		if first {
			n++
		}
	}
	return n
}

// lastCrashOf is when the last of nodes crashed in this run (its latest crash), or -1.
func (r *record) lastCrashOf(nodes []core.NodeID) core.Time {
	for i := len(r.crashes) - 1; i >= 0; i-- {
		for _, n := range nodes {
			if r.crashes[i].node == n {
				return r.crashes[i].at
			}
		}
	}
	return -1
}

// removal is one observer's removal of a crashed member, open until the member restarts or the
// observer takes it back (a resurrection).
type removal struct {
	observer, subject core.NodeID
	at, closed        core.Time // closed is -1 while open
}

// record is what the current run did, as the checks read it.
type record struct {
	restarts, lefts, joins, injects, heals, resurrections times
	listOpen                                              times   // moments a list was seen open
	crashes                                               []crash // which node crashed when
	falseSusp, falseRem                                   tally
	removals                                              []removal
	open                                                  map[[2]core.NodeID]int // (observer, subject) → index of its open removal
}

func newRecord() record { return record{open: map[[2]core.NodeID]int{}} }

// add takes in one event; s is the snapshot taken after the batch it belongs to.
func (r *record) add(e core.Event, s *core.Snapshot) {
	switch e.Kind {
	case core.EvCrashed:
		r.crashes = append(r.crashes, crash{e.Time, e.Node})
	case core.EvRestarted:
		r.restarts = append(r.restarts, e.Time)
		for k, i := range r.open {
			if k[1] == e.Node {
				r.removals[i].closed = e.Time
				delete(r.open, k)
			}
		}
	case core.EvLeft:
		r.lefts = append(r.lefts, e.Time)
	case core.EvJoined:
		r.joins = append(r.joins, e.Time)
	case core.EvHealed:
		r.heals = append(r.heals, e.Time)
	case core.EvInformed:
		if e.Peer == core.NoNode {
			r.injects = append(r.injects, e.Time)
		}
	case core.EvRemoved:
		if int(e.Peer) < len(s.Nodes) && s.Nodes[e.Peer].Status == core.StatusCrashed {
			k := [2]core.NodeID{e.Node, e.Peer}
			if _, ok := r.open[k]; !ok {
				r.open[k] = len(r.removals)
				r.removals = append(r.removals, removal{e.Node, e.Peer, e.Time, -1})
			}
		}
	case core.EvLearned, core.EvReadded:
		k := [2]core.NodeID{e.Node, e.Peer}
		if i, ok := r.open[k]; ok {
			r.resurrections = append(r.resurrections, e.Time)
			r.removals[i].closed = e.Time
			delete(r.open, k)
		}
	}
}

// truncate forgets everything after t: the run was rewound there.
func (r *record) truncate(t core.Time) {
	for _, ts := range []*times{&r.restarts, &r.lefts, &r.joins, &r.injects, &r.heals, &r.resurrections, &r.listOpen} {
		*ts = ts.truncate(t)
	}
	for len(r.crashes) > 0 && r.crashes[len(r.crashes)-1].at > t {
		r.crashes = r.crashes[:len(r.crashes)-1]
	}
	r.falseSusp.truncate(t)
	r.falseRem.truncate(t)
	n := 0
	for _, rm := range r.removals {
		if rm.at <= t {
			if rm.closed > t {
				rm.closed = -1
			}
			r.removals[n] = rm
			n++
		}
	}
	r.removals = r.removals[:n]
	clear(r.open)
	for i, rm := range r.removals {
		if rm.closed < 0 {
			r.open[[2]core.NodeID{rm.observer, rm.subject}] = i
		}
	}
}
