package core

// beliefs counts, for every subject, how many live observers hold it in each state. It is kept
// up to date on every change, so convergence, the per-node belief arcs and the "suspected by
// all" moments cost O(N) or O(1) instead of a scan of all N² entries.
type beliefs struct {
	counts [][Left + 1]int32 // [subject][state]; Unknown is not counted
	live   int               // observers that are up
}

func (b *beliefs) grow(n int) {
	for len(b.counts) < n {
		b.counts = append(b.counts, [Left + 1]int32{})
	}
}

// moved records that a live observer's belief about subject went from one state to another.
func (b *beliefs) moved(subject NodeID, from, to State) {
	if from != Unknown {
		b.counts[subject][from]--
	}
	if to != Unknown {
		b.counts[subject][to]++
	}
}

// observe adds (sign +1) or withdraws (-1) a whole observer's list, when it comes up or goes down.
func (b *beliefs) observe(n *node, sign int32) {
	for m, e := range n.view {
		if NodeID(m) != n.id && e.state != Unknown {
			b.counts[m][e.state] += sign
		}
	}
	b.live += int(sign)
}

func (b *beliefs) of(subject NodeID, s State) int { return int(b.counts[subject][s]) }
