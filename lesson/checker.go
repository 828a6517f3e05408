package lesson

import "gossiplab/core"

// Checker follows a run for one lesson and tells which tasks are done and which predict
// answers may be revealed. Feed it every batch of events the sim produced (Sim.Events) with a
// snapshot taken after them; it keeps no reference to either.
type Checker struct {
	l       *Lesson
	done    []bool
	doneAt  []core.Time
	reveal  []bool
	crashes int
	// event counts
	restarts, lefts, joins, resurrections int
	removedBy                             map[[2]core.NodeID]bool // (observer, subject) removed while subject crashed
	healed                                bool
	lastFalseSuspicions                   uint64
	lastFalseAt                           core.Time
	informedSeen                          bool
}

// NewChecker starts following a run of l from its beginning.
func NewChecker(l *Lesson) *Checker {
	return &Checker{l: l, done: make([]bool, len(l.Tasks)), doneAt: make([]core.Time, len(l.Tasks)),
		reveal: make([]bool, len(l.Predict)), removedBy: map[[2]core.NodeID]bool{}, lastFalseAt: -1}
}

// Observe takes the events since the last call and a snapshot taken after them, and returns
// which tasks are done (a slice the Checker owns; done tasks stay done). s must not be nil. When
// the UI rebuilds the sim (a protocol or rumor-mode switch, a reset), keep feeding the same
// Checker: counts and done tasks carry over.
func (c *Checker) Observe(events []core.Event, s *core.Snapshot) []bool {
	for _, e := range events {
		switch e.Kind {
		case core.EvCrashed:
			c.crashes++
		case core.EvRestarted:
			c.restarts++
			for k := range c.removedBy {
				if k[1] == e.Node {
					delete(c.removedBy, k)
				}
			}
		case core.EvLeft:
			c.lefts++
		case core.EvJoined:
			c.joins++
		case core.EvHealed:
			c.healed = true
		case core.EvPartitioned:
			c.healed = false
		case core.EvInformed:
			c.informedSeen = true
		case core.EvRemoved:
			if int(e.Peer) < len(s.Nodes) && s.Nodes[e.Peer].Status == core.StatusCrashed {
				c.removedBy[[2]core.NodeID{e.Node, e.Peer}] = true
			}
		case core.EvLearned, core.EvReadded:
			if c.removedBy[[2]core.NodeID{e.Node, e.Peer}] {
				c.resurrections++
				delete(c.removedBy, [2]core.NodeID{e.Node, e.Peer})
			}
		}
	}
	if fs := s.Metrics.Totals.FalseSuspicions; fs != c.lastFalseSuspicions {
		c.lastFalseSuspicions, c.lastFalseAt = fs, s.Time
	}
	since := core.Time(0)
	for i, t := range c.l.Tasks {
		if !c.done[i] {
			if !c.met(t.Check, s, since) {
				break
			}
			c.done[i], c.doneAt[i] = true, s.Time
		}
		since = c.doneAt[i]
	}
	for i, q := range c.l.Predict {
		if !c.reveal[i] && c.met(q.RevealAfter, s, 0) {
			c.reveal[i] = true
		}
	}
	return c.done
}

// Done reports which tasks are done.
func (c *Checker) Done() []bool { return c.done }

// DoneAt is the virtual time task i was found done (meaningful when Done()[i]).
func (c *Checker) DoneAt(i int) core.Time { return c.doneAt[i] }

// Revealed reports whether predict question i's answer may be shown.
func (c *Checker) Revealed(i int) bool { return c.reveal[i] }

// met evaluates one check; since is when the previous task was done.
func (c *Checker) met(ch Check, s *core.Snapshot, since core.Time) bool {
	count := max(ch.Count, 1)
	val := func(def float64) float64 {
		if ch.Value == nil {
			return def
		}
		return *ch.Value
	}
	switch ch.Kind {
	case "crashed_count":
		return c.crashes >= count
	case "suspected_by_all":
		n := 0
		for _, nd := range s.Nodes {
			if nd.Status == core.StatusCrashed && nd.Alive == 0 {
				n++
			}
		}
		return n >= count
	case "all_removed":
		n := 0
		for _, nd := range s.Nodes {
			if nd.Status == core.StatusCrashed {
				if nd.Alive > 0 || nd.Suspect > 0 {
					return false
				}
				n++
			}
		}
		return n >= count
	case "false_suspicion_seen":
		return s.Metrics.Totals.FalseSuspicions >= uint64(count)
	case "false_removal_seen":
		return s.Metrics.Totals.FalseRemovals >= uint64(count)
	case "no_false_suspicion_for":
		return s.Time-max(since, c.lastFalseAt) >= core.Time(val(0))
	case "convergence_at_least":
		return s.Metrics.Latest.Convergence >= val(1)
	case "partitioned":
		return s.Partitioned
	case "healed_and_converged":
		return c.healed && !s.Partitioned && s.Metrics.Latest.Convergence >= val(1)
	case "protocol_is":
		p := s.Config.Protocol
		if p == "" {
			p = core.ProtocolHeartbeat
		}
		return string(p) == ch.Protocol
	case "rumor_mode_is":
		return s.Config.RumorMode == ch.Mode
	case "param_at_least", "param_at_most":
		get, ok := paramValue[ch.Param]
		if !ok {
			return false
		}
		v := get(&s.Config)
		if ch.Param == "n" {
			v = float64(len(s.Nodes))
		}
		if ch.Kind == "param_at_least" {
			return v >= val(0)
		}
		return v <= val(0)
	case "pitfall_on":
		get, ok := pitfallOn[ch.Param]
		return ok && get(&s.Config)
	case "rumor_all_informed":
		if !c.informedSeen {
			return false
		}
		for _, nd := range s.Nodes {
			if nd.Status == core.StatusUp && !nd.Informed {
				return false
			}
		}
		return true
	case "restart_seen":
		return c.restarts >= count
	case "left_seen":
		return c.lefts >= count
	case "joined_seen":
		return c.joins >= count
	case "resurrection_seen":
		return c.resurrections >= count
	case "time_at_least":
		return s.Time >= core.Time(val(0))
	}
	return false
}
