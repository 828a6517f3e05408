package core

import "fmt"

// ListChecker checks the membership lists a real cluster reports — successive readings of each
// observer's list — against the rules of Invariants that a list shows (the simulator's checker
// also sees messages and counts, which a list does not):
//
//   - a node's own entry is alive, in the generation it reports;
//   - between two readings of one observer's life, no member's heartbeat goes back within a
//     generation, nor its generation;
//   - a member the observer held removed is taken back only by a strictly newer version: no
//     resurrection from stale gossip.
//
// Readings come at the reports' pace, so a transition between two of them is checked only as
// far as the two readings show it. A ListChecker is not safe for concurrent use.
type ListChecker struct {
	prev map[NodeID]listReading
}

type listReading struct {
	gen  uint16
	list map[NodeID]Entry
}

// NewListChecker starts with no readings.
func NewListChecker() *ListChecker { return &ListChecker{prev: map[NodeID]listReading{}} }

// Observe takes one reading of observer's list at time t, from its life of generation gen, and
// returns the rules it broke against the observer's previous reading (nil if none).
func (lc *ListChecker) Observe(t Time, observer NodeID, gen uint16, list []Entry) []Violation {
	var out []Violation
	fail := func(rule, format string, a ...any) {
		out = append(out, Violation{t, rule, fmt.Sprintf(format, a...)})
	}
	cur := listReading{gen: gen, list: make(map[NodeID]Entry, len(list))}
	for _, e := range list {
		cur.list[e.Member] = e
	}
	if self, ok := cur.list[observer]; !ok || self.State != Alive || self.Generation != gen {
		fail("own_entry", "node %d's own entry is %+v, want alive at generation %d", observer, self, gen)
	}
	p, seen := lc.prev[observer]
	lc.prev[observer] = cur
	if !seen || p.gen != gen { // a new life starts afresh
		return out
	}
	for m, e := range cur.list {
		was, ok := p.list[m]
		if !ok || m == observer {
			continue
		}
		if rule, text := versionRule(observer, m, entryOf(was), entryOf(e)); rule != "" {
			fail(rule, "%s", text)
		}
		if was.State == Removed && e.State == Alive && !newer(e.Generation, e.Heartbeat, was.Generation, was.Heartbeat) {
			fail("resurrection", "node %d took node %d back at generation %d, heartbeat %d, not newer than what it removed (generation %d, heartbeat %d)",
				observer, m, e.Generation, e.Heartbeat, was.Generation, was.Heartbeat)
		}
	}
	return out
}

func entryOf(e Entry) entry {
	return entry{hb: e.Heartbeat, gen: e.Generation, state: e.State, updated: e.Updated}
}

// versionRule is the rule between two readings p and e of observer's entry of member m (both
// known, in one life of the observer): the heartbeat does not go back within a generation, nor
// the generation. It returns the rule broken and what broke it, or "".
func versionRule(observer, m NodeID, p, e entry) (rule, text string) {
	if e.state == Unknown || p.state == Unknown || m == observer {
		return "", ""
	}
	if e.gen == p.gen && e.hb < p.hb {
		return "heartbeat_back", fmt.Sprintf("node %d's heartbeat of node %d went back from %d to %d in generation %d", observer, m, p.hb, e.hb, e.gen)
	}
	if e.gen < p.gen {
		return "generation_back", fmt.Sprintf("node %d's generation of node %d went back from %d to %d", observer, m, p.gen, e.gen)
	}
	return "", ""
}
