package view

import "gossiplab/core"

// chartWindow is how much simulated time the live charts show.
const chartWindow = core.Minute

// chartSet holds the series behind the live charts, fed from the core's sampled metrics.
type chartSet struct {
	conv, susp, rem, fp, msgs, bytes *series
	lastT                            core.Time // time of the newest sample taken in
}

// chartCapacity holds a minute at a 15 ms sample interval; the default is 500 ms.
const chartCapacity = 4096

func newChartSet() chartSet {
	return chartSet{
		conv: newSeries(chartCapacity), susp: newSeries(chartCapacity), rem: newSeries(chartCapacity),
		fp: newSeries(chartCapacity), msgs: newSeries(chartCapacity), bytes: newSeries(chartCapacity),
		lastT: -1,
	}
}

func (c *chartSet) reset() {
	for _, s := range c.all() {
		s.reset()
	}
	c.lastT = -1
}

func (c *chartSet) all() [6]*series { return [6]*series{c.conv, c.susp, c.rem, c.fp, c.msgs, c.bytes} }

// update takes in the samples newer than the last one seen. It walks back from the newest, so
// its cost is the number of new samples, not the length of the history.
func (c *chartSet) update(m *core.Metrics, now core.Time) {
	i := len(m.Samples)
	for i > 0 && m.Samples[i-1].Time > c.lastT {
		i--
	}
	if len(m.Samples)-i > chartCapacity {
		i = len(m.Samples) - chartCapacity
	}
	for ; i < len(m.Samples); i++ {
		s := &m.Samples[i]
		c.conv.push(s.Time, 100*s.Convergence)
		c.susp.push(s.Time, float64(s.Suspected))
		c.rem.push(s.Time, float64(s.Removed))
		c.fp.push(s.Time, float64(s.FalsePositives))
		c.msgs.push(s.Time, s.MsgsPerSec)
		c.bytes.push(s.Time, s.BytesPerSec)
		c.lastT = s.Time
	}
}
