package view

import "gossiplab/core"

// series is a fixed-size ring of (time, value) points for a live chart: pushing never
// allocates, and the oldest point gives way when it is full.
type series struct {
	t     []core.Time
	v     []float64
	start int
	n     int
}

func newSeries(capacity int) *series {
	return &series{t: make([]core.Time, capacity), v: make([]float64, capacity)}
}

// push adds a point; points must come in time order (an older one is ignored).
func (s *series) push(t core.Time, v float64) {
	if s.n > 0 {
		if lt, _ := s.at(s.n - 1); t < lt {
			return
		}
	}
	if s.n < len(s.t) {
		i := (s.start + s.n) % len(s.t)
		s.t[i], s.v[i] = t, v
		s.n++
		return
	}
	s.t[s.start], s.v[s.start] = t, v
	s.start = (s.start + 1) % len(s.t)
}

// len is the number of points held.
func (s *series) len() int { return s.n }

// at returns the i-th oldest point.
func (s *series) at(i int) (core.Time, float64) {
	j := (s.start + i) % len(s.t)
	return s.t[j], s.v[j]
}

// last returns the newest point, or false when empty.
func (s *series) last() (core.Time, float64, bool) {
	if s.n == 0 {
		return 0, 0, false
	}
	t, v := s.at(s.n - 1)
	return t, v, true
}

// maxSince is the largest value at or after time t0 (0 when there is none).
func (s *series) maxSince(t0 core.Time) float64 {
	m := 0.0
	for i := s.n - 1; i >= 0; i-- {
		t, v := s.at(i)
		if t < t0 {
			break
		}
		m = max(m, v)
	}
	return m
}

// firstSince is the index of the first point at or after t0 (len when none).
func (s *series) firstSince(t0 core.Time) int {
	i := s.n
	for i > 0 {
		if t, _ := s.at(i - 1); t < t0 {
			break
		}
		i--
	}
	return i
}

func (s *series) reset() { s.start, s.n = 0, 0 }

// niceCeil rounds v up to 1, 2 or 5 times a power of ten, for a chart's top.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := 1.0
	for p*10 <= v {
		p *= 10
	}
	for p > v {
		p /= 10
	}
	for _, m := range [...]float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}
