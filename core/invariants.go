package core

import (
	"fmt"
	"strings"
)

// Invariants checks a run against the rules every correct run keeps, as a component that tests,
// `gossiplab run --check` and (later) the reports of real clusters use:
//
//   - an up node's own entry is alive, in its own generation;
//   - no observer's heartbeat of a member goes back within a generation, nor its generation;
//   - a member taken back after its removal (before its tombstone expired) is newer than what
//     was removed: no resurrection from stale gossip;
//   - each node's count of alive peers and the run's belief counts match a recount;
//   - only an up node sends (or one leaving now, its farewell), and every message delivered or
//     dropped was in flight, and every one in flight is accounted for.
//
// Deliberate bugs (Config.Pitfalls) break some of them: that is what they show.
type Invariants struct {
	s    *Sim
	prev map[[2]NodeID]entry // (observer, member) → the entry at the previous check
	tomb map[[2]NodeID]entry // tombstones as they were made
	sent map[uint64]bool     // messages sent and not yet delivered or dropped
	left map[NodeID]Time     // when each node last left: its farewell is sent then
	life map[NodeID]uint16   // the observer generation prev was recorded in: a restart starts afresh
	// fresh: nodes restarted since the last check, whose lists start afresh whatever their
	// generation (a restart without a new generation, the no_generation bug, too)
	fresh map[NodeID]bool
	out   []Violation
}

// Violation is one broken invariant: when it was seen and what broke.
type Violation struct {
	Time Time   `json:"t_ms"`
	Rule string `json:"rule"` // own_entry, heartbeat_back, generation_back, resurrection, counts, messages
	Text string `json:"text"`
}

func (v Violation) String() string { return fmt.Sprintf("t=%v: %s: %s", v.Time, v.Rule, v.Text) }

// NewInvariants starts checking s (call it before s runs, or miss what came before).
func NewInvariants(s *Sim) *Invariants {
	return &Invariants{s: s, prev: map[[2]NodeID]entry{}, tomb: map[[2]NodeID]entry{}, sent: map[uint64]bool{},
		left: map[NodeID]Time{}, life: map[NodeID]uint16{}, fresh: map[NodeID]bool{}}
}

func (iv *Invariants) fail(rule, format string, a ...any) {
	iv.out = append(iv.out, Violation{iv.s.now, rule, fmt.Sprintf(format, a...)})
}

// failOn is fail for what event e did, at e's time.
func (iv *Invariants) failOn(e Event, rule, format string, a ...any) {
	what := e.String()
	if _, rest, ok := strings.Cut(what, ": "); ok { // without its time, which the violation carries
		what = rest
	}
	iv.out = append(iv.out, Violation{e.Time, rule, what + " — " + fmt.Sprintf(format, a...)})
}

// Check examines the state now and events, the run's events since the last Check (the caller
// drains them: Sim.AppendEvents, with RecordEvents on), and returns what broke (nil if
// nothing). It costs O(N²) map work: check once per step in tests, once per metrics line in the
// CLI.
func (iv *Invariants) Check(events []Event) []Violation {
	iv.out = iv.out[:0]
	clear(iv.fresh)
	for _, e := range events { // what resets the memory of the last check, however seldom it comes
		switch e.Kind {
		case EvRestarted: // a fresh list, whatever its generation
			iv.fresh[e.Node] = true
		case EvForgotten: // the observer forgot the member: what it learns next is news
			delete(iv.prev, [2]NodeID{e.Node, e.Peer})
		}
	}
	iv.checkLists()
	iv.checkEvents(events)
	if len(iv.sent) != iv.s.flight.count {
		iv.fail("messages", "%d messages unaccounted for, %d in flight", len(iv.sent), iv.s.flight.count)
	}
	if len(iv.out) == 0 {
		return nil
	}
	return append([]Violation(nil), iv.out...)
}

func (iv *Invariants) checkLists() {
	s := iv.s
	var want beliefs
	want.grow(len(s.nodes))
	for _, n := range s.nodes {
		self := n.view[n.id]
		if n.status == StatusUp {
			want.observe(n, +1)
			if self.state != Alive || self.gen != n.gen {
				iv.fail("own_entry", "node %d's own entry is %+v, want alive at generation %d", n.id, self, n.gen)
			}
		}
		alive := 0
		newLife := iv.life[n.id] != n.gen || iv.fresh[n.id]
		iv.life[n.id] = n.gen
		for m, e := range n.view {
			key := [2]NodeID{n.id, NodeID(m)}
			if newLife {
				delete(iv.prev, key)
			}
			if NodeID(m) != n.id && e.state == Alive {
				alive++
			}
			p, seen := iv.prev[key]
			if rule, text := versionRule(n.id, NodeID(m), p, e); seen && rule != "" && (n.status == StatusUp || rule != "heartbeat_back") {
				iv.fail(rule, "%s", text)
			}
			iv.prev[key] = e
		}
		if alive != n.aliveCount {
			iv.fail("counts", "node %d counts %d alive peers, its list has %d", n.id, n.aliveCount, alive)
		}
	}
	if want.live != s.beliefs.live {
		iv.fail("counts", "%d live observers counted, %d up", s.beliefs.live, want.live)
	}
	for id := range want.counts {
		if want.counts[id] != s.beliefs.counts[id] {
			iv.fail("counts", "belief counts of node %d are %v, a recount gives %v", id, s.beliefs.counts[id], want.counts[id])
		}
	}
}

func (iv *Invariants) checkEvents(events []Event) {
	s := iv.s
	for _, e := range events {
		key := [2]NodeID{e.Node, e.Peer}
		switch e.Kind {
		case EvLeft:
			iv.left[e.Node] = e.Time
		case EvRestarted: // its tombstones went with its old list
			for k := range iv.tomb {
				if k[0] == e.Node {
					delete(iv.tomb, k)
				}
			}
		case EvSent:
			if st := s.nodes[e.Node].status; st != StatusUp && !(st == StatusLeft && iv.left[e.Node] == e.Time) {
				iv.failOn(e, "messages", "but node %d is %v", e.Node, st)
			}
			iv.sent[e.Msg] = true
		case EvDelivered, EvDropped:
			if !iv.sent[e.Msg] {
				iv.failOn(e, "messages", "a message not in flight")
			}
			delete(iv.sent, e.Msg)
		case EvRemoved: // with or without a tombstone (no_tombstone): what it removed
			iv.tomb[key] = entry{gen: e.Generation, hb: e.Heartbeat}
		case EvForgotten: // the tombstone expired: news of the member is news again
			delete(iv.tomb, key)
		case EvReadded, EvLearned:
			if tb, ok := iv.tomb[key]; ok {
				if !newer(e.Generation, e.Heartbeat, tb.gen, tb.hb) {
					iv.failOn(e, "resurrection", "not newer than what it removed (generation %d, heartbeat %d)", tb.gen, tb.hb)
				}
				delete(iv.tomb, key)
			}
		}
	}
}
