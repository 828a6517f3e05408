package rounds

import "math/rand/v2"

// column simulates only node 0's column of the heartbeat matrix: entry j is observer j's view
// of node 0. Heartbeats of different members never mix in a merge, so given the messages a
// column evolves on its own; fresh-heartbeat time and the detection of node 0's crash depend on
// nothing else, and this costs O(N·fanout) per round instead of O(N²·fanout).
type column struct {
	n      int
	r1, r2 int32
	plan   *gossipPlan
	hb     []int32 // heartbeat of node 0 known at j
	prev   []int32 // hb as at the start of the round, what senders send
	last   []int32 // round in which hb[j] last increased
	status []Status
	// crashed means node 0 has crashed: it neither increments nor sends, and is not counted.
	crashed bool
	// Counts over the observers 1..n-1, kept up to date so that the per-round stopping tests
	// are O(1).
	fresh     int // holding a heartbeat >= 1
	suspected int // Suspect or Removed
	removed   int
}

func newColumn(n, fanout int, loss float64, r1, r2 int) *column {
	return &column{
		n: n, r1: int32(r1), r2: int32(r2),
		plan:   newGossipPlan(n, fanout, loss),
		hb:     make([]int32, n),
		prev:   make([]int32, n),
		last:   make([]int32, n),
		status: make([]Status, n),
	}
}

// reset restores round 0: converged lists, every heartbeat and last 0, everyone alive.
func (c *column) reset() {
	clear(c.hb)
	clear(c.last)
	clear(c.status)
	c.plan.pick.reset()
	c.crashed = false
	c.fresh, c.suspected, c.removed = 0, 0, 0
}

// setStatus changes observer j's status of node 0 and keeps the counts in step.
func (c *column) setStatus(j int32, s Status) {
	old := c.status[j]
	if old == s || j == 0 {
		c.status[j] = s
		return
	}
	c.suspected += b2i(s != Alive) - b2i(old != Alive)
	c.removed += b2i(s == Removed) - b2i(old == Removed)
	c.status[j] = s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// round plays round r and returns the number of alive→suspect transitions at its end.
func (c *column) round(rng *rand.Rand, r int32) (suspicions int) {
	if !c.crashed {
		c.hb[0]++
		c.last[0] = r
	}
	copy(c.prev, c.hb)
	for _, d := range c.plan.draw(rng, c.crashed) {
		v := c.prev[d.from]
		if v <= c.hb[d.to] {
			continue
		}
		if c.hb[d.to] < 1 && d.to != 0 {
			c.fresh++
		}
		c.hb[d.to] = v
		c.last[d.to] = r
		if c.status[d.to] != Alive {
			c.setStatus(d.to, Alive)
		}
	}
	for j := int32(1); j < int32(c.n); j++ {
		st := c.status[j]
		if timeouts(&st, r-c.last[j], c.r1, c.r2) {
			suspicions++
		}
		if st != c.status[j] {
			c.setStatus(j, st)
		}
	}
	return suspicions
}
