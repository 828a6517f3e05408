package rounds

import "math/rand/v2"

// picker draws b distinct targets uniformly among the n-1 nodes other than the caller. It is
// built once per run and reused, so rounds do not allocate.
type picker struct {
	others int // n-1
	b      int
	// mark[v] == epoch means v was already drawn for the current caller: rejection sampling
	// with an O(1) membership test, used while b <= (n-1)/2 so that rejections stay rare.
	mark  []uint32
	epoch uint32
	// perm is a partial Fisher-Yates scratch over 0..n-2, used when b > (n-1)/2, where
	// rejection sampling would degrade towards coupon collecting.
	perm []int32
	out  []int32
}

func newPicker(n, b int) *picker {
	p := &picker{others: n - 1, b: b, out: make([]int32, 0, b)}
	switch {
	case b == 1:
	case 2*b <= n-1:
		p.mark = make([]uint32, n)
	default:
		p.perm = make([]int32, n-1)
	}
	p.reset()
	return p
}

// reset restores the Fisher-Yates scratch to the identity. It must run at the start of every
// trial: the scratch order would otherwise carry over and make a trial's draws depend on the
// trials before it (the distribution would be right, but replaying trial i alone would not).
func (p *picker) reset() {
	for i := range p.perm {
		p.perm[i] = int32(i)
	}
}

// pick returns b distinct targets for caller self; the slice is valid until the next call.
func (p *picker) pick(r *rand.Rand, self int32) []int32 {
	out := p.out[:0]
	switch {
	case p.b == 1:
		out = append(out, skipSelf(int32(r.IntN(p.others)), self))
	case p.mark != nil:
		p.epoch++
		if p.epoch == 0 { // wrapped: old marks could alias the new epoch
			clear(p.mark)
			p.epoch = 1
		}
		for len(out) < p.b {
			t := skipSelf(int32(r.IntN(p.others)), self)
			if p.mark[t] == p.epoch {
				continue
			}
			p.mark[t] = p.epoch
			out = append(out, t)
		}
	default:
		// Positions i.. of perm always hold exactly the not-yet-drawn values, so each draw is
		// uniform among the remaining ones whatever order perm was left in.
		for i := 0; i < p.b; i++ {
			j := i + r.IntN(p.others-i)
			p.perm[i], p.perm[j] = p.perm[j], p.perm[i]
			out = append(out, skipSelf(p.perm[i], self))
		}
	}
	p.out = out
	return out
}

// skipSelf maps a draw from [0, n-2] onto the n-1 nodes other than self.
func skipSelf(t, self int32) int32 {
	if t >= self {
		return t + 1
	}
	return t
}
