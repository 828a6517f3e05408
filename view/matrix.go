package view

import (
	"gossiplab/core"
	"gossiplab/session"
)

// The truth-vs-belief matrix: row = observer, column = subject, one pixel per pair, coloured by
// the observer's belief. Cells where the belief matches the truth are pale; wrong ones are
// strong, so errors jump out: a false positive is an up node suspected or removed, a false
// negative a crashed or departed node still believed alive. A down node that is suspected is
// "on its way" (half-strong): not wrong, not yet converged. "Right" is counted as the core's
// convergence counts it, so the two agree.

// maxMatrixNodes bounds the matrix (a 1000×1000 picture is 4 MB of pixels).
const maxMatrixNodes = 1000

// matrixEvery is how often (in frames) the matrix is rebuilt while shown: O(N²) work.
const matrixEvery = 12

type matrixState struct {
	n       int
	pix     []byte // n×n RGBA
	builtAt int    // tick of the last build; -1: now
	dirty   bool   // pixels changed since the last upload
	fp, fn  int    // wrong pairs
	pending int    // down subjects still suspected
	correct int    // right pairs among live observers
	pairs   int
}

func (m *matrixState) maybeBuild(g *Game) {
	if m.builtAt >= 0 && g.ticks-m.builtAt < matrixEvery && m.n == min(g.cur.Source.NumNodes(), maxMatrixNodes) {
		return
	}
	m.build(g.cur.Source, g.cur.Snap.Nodes)
	m.builtAt = g.ticks
}

// Matrix cell colours (RGBA): pale when right, strong when wrong.
var (
	cellAliveRight   = [4]byte{0xC8, 0xE6, 0xF7, 0xFF} // pale sky blue
	cellAliveWrong   = [4]byte{0x00, 0x5A, 0x9C, 0xFF} // strong blue: a false negative
	cellSuspectRight = [4]byte{0xF2, 0xCE, 0x7E, 0xFF} // mid orange: a down node on its way out
	cellSuspectWrong = [4]byte{0xE6, 0x9F, 0x00, 0xFF} // orange: a false positive
	cellRemovedRight = [4]byte{0xF0, 0xC4, 0xA8, 0xFF}
	cellRemovedWrong = [4]byte{0xD5, 0x5E, 0x00, 0xFF} // vermillion: a false positive
	cellLeft         = [4]byte{0xEB, 0xCB, 0xDE, 0xFF}
	cellUnknownRight = [4]byte{0xF2, 0xF2, 0xF2, 0xFF}
	cellUnknownWrong = [4]byte{0x99, 0x99, 0x99, 0xFF} // an up node it does not know
	cellSelf         = [4]byte{0x40, 0x40, 0x40, 0xFF}
	cellDeadObserver = [4]byte{0xFF, 0xFF, 0xFF, 0xFF} // a down observer: its beliefs don't count
)

// build recomputes the pixels and the counts from the sim.
func (m *matrixState) build(sim session.Source, nodes []core.NodeInfo) {
	n := min(sim.NumNodes(), len(nodes), maxMatrixNodes)
	if cap(m.pix) < n*n*4 {
		m.pix = make([]byte, n*n*4)
	}
	m.pix = m.pix[:n*n*4]
	m.n = n
	m.fp, m.fn, m.pending, m.correct, m.pairs = 0, 0, 0, 0, 0
	for o := 0; o < n; o++ {
		row := m.pix[o*n*4 : (o+1)*n*4]
		live := nodes[o].Status == core.StatusUp
		for s := 0; s < n; s++ {
			var c [4]byte
			switch {
			case s == o:
				c = cellSelf
			case !live:
				c = cellDeadObserver
			default:
				up := nodes[s].Status == core.StatusUp
				st := sim.Belief(core.NodeID(o), core.NodeID(s)).State
				right := true
				switch st {
				case core.Alive:
					right = up
					c = pick(right, cellAliveRight, cellAliveWrong)
					if !right {
						m.fn++
					}
				case core.Suspect:
					right = false // even of a down node: not converged until removed
					c = pick(!up, cellSuspectRight, cellSuspectWrong)
					if up {
						m.fp++
					} else {
						m.pending++
					}
				case core.Removed:
					right = !up
					c = pick(right, cellRemovedRight, cellRemovedWrong)
					if !right {
						m.fp++
					}
				case core.Left:
					right = !up
					c = cellLeft
				default:
					right = !up
					c = pick(right, cellUnknownRight, cellUnknownWrong)
				}
				m.pairs++
				if right {
					m.correct++
				}
			}
			copy(row[s*4:s*4+4], c[:])
		}
	}
	m.dirty = true
}

func pick(right bool, a, b [4]byte) [4]byte {
	if right {
		return a
	}
	return b
}
