package rounds

import (
	"math/rand/v2"
	"strconv"
)

// Status is what one observer believes about one member.
type Status uint8

// The statuses an observer moves a member through. A member whose heartbeat increases is
// Alive again whatever its status was.
const (
	Alive   Status = iota // heard from within T_suspect rounds
	Suspect               // no heartbeat increase for T_suspect rounds
	Removed               // no heartbeat increase for T_remove rounds
)

func (s Status) String() string {
	switch s {
	case Alive:
		return "alive"
	case Suspect:
		return "suspect"
	case Removed:
		return "removed"
	}
	return "Status(" + strconv.Itoa(int(s)) + ")"
}

// delivery is one list message that arrived: from's list, as at the start of the round plus
// its own increment, merges into to's.
type delivery struct{ from, to int32 }

// gossipPlan draws the messages of one round. Both the one-column and the full-matrix
// simulations draw their rounds through it, in the same order, so that with the same stream
// they see identical messages; the tests rely on this to check that a column really evolves
// independently of the rest of the matrix.
type gossipPlan struct {
	n, fanout int
	loss      float64
	pick      *picker
	out       []delivery
}

func newGossipPlan(n, fanout int, loss float64) *gossipPlan {
	return &gossipPlan{n: n, fanout: fanout, loss: loss, pick: newPicker(n, fanout), out: make([]delivery, 0, n*fanout)}
}

// draw returns the delivered messages of one round. When zeroCrashed, node 0 sends nothing and
// messages to it are lost; targets are still drawn among all N-1 others, because the senders
// do not know it crashed.
func (g *gossipPlan) draw(rng *rand.Rand, zeroCrashed bool) []delivery {
	out := g.out[:0]
	start := 0
	if zeroCrashed {
		start = 1
	}
	for j := int32(start); j < int32(g.n); j++ {
		for _, t := range g.pick.pick(rng, j) {
			if lost(rng, g.loss) || (t == 0 && zeroCrashed) {
				continue
			}
			out = append(out, delivery{j, t})
		}
	}
	g.out = out
	return out
}

// timeouts applies the end-of-round rule to one (observer, member) entry and reports whether
// it was an alive→suspect transition.
func timeouts(st *Status, age, r1, r2 int32) (suspected bool) {
	if *st == Alive && age >= r1 {
		*st = Suspect
		suspected = true
	}
	if *st == Suspect && age >= r2 {
		*st = Removed
	}
	return suspected
}
