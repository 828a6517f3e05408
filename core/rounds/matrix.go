package rounds

import "math/rand/v2"

// matrix simulates the whole heartbeat matrix, needed when every member's column matters
// (false suspicions). Entries are flat row-major slices, row j being observer j's list, and
// are allocated once per run so that rounds do not allocate.
type matrix struct {
	n      int
	r1, r2 int32
	plan   *gossipPlan
	hb     []int32
	prev   []int32 // hb as at the start of the round plus own increments: what senders send
	last   []int32
	status []Status
	// crashed: node 0 has crashed. The false-suspicion experiment never crashes anyone; the
	// tests use it to compare the detection phase against column.
	crashed bool
}

func newMatrix(n, fanout int, loss float64, r1, r2 int) *matrix {
	return &matrix{
		n: n, r1: int32(r1), r2: int32(r2),
		plan:   newGossipPlan(n, fanout, loss),
		hb:     make([]int32, n*n),
		prev:   make([]int32, n*n),
		last:   make([]int32, n*n),
		status: make([]Status, n*n),
	}
}

func (m *matrix) reset() {
	clear(m.hb)
	clear(m.last)
	clear(m.status)
	m.plan.pick.reset()
	m.crashed = false
}

// round plays round r and returns the alive→suspect transitions at its end among live
// observers, split by whether the suspected member is live.
func (m *matrix) round(rng *rand.Rand, r int32) (ofLive, ofCrashed int) {
	n := m.n
	for j := range n {
		if j == 0 && m.crashed {
			continue
		}
		m.hb[j*n+j]++
		m.last[j*n+j] = r
	}
	copy(m.prev, m.hb)
	for _, d := range m.plan.draw(rng, m.crashed) {
		src := m.prev[int(d.from)*n : int(d.from+1)*n]
		base := int(d.to) * n
		dst := m.hb[base : base+n]
		for k, v := range src {
			if v > dst[k] {
				dst[k] = v
				m.last[base+k] = r
				m.status[base+k] = Alive
			}
		}
	}
	for j := range n {
		if j == 0 && m.crashed {
			continue
		}
		base := j * n
		last := m.last[base : base+n]
		status := m.status[base : base+n]
		for k := range n {
			if k == j {
				continue
			}
			if timeouts(&status[k], r-last[k], m.r1, m.r2) {
				if k == 0 && m.crashed {
					ofCrashed++
				} else {
					ofLive++
				}
			}
		}
	}
	return ofLive, ofCrashed
}
