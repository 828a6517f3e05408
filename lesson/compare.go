package lesson

import (
	"fmt"
	"slices"

	"gossiplab/core"
)

// Comparisons. A lesson that asks the learner to compare (the three rumor modes, heartbeat
// gossip against SWIM, M = 3 against M = 1) names what it compares in its "compare" field. The
// checker then cuts the runs into segments, one per value of that setting (a mode switch or a
// protocol switch starts a new run; a fanout change starts a new segment in the same run), and
// keeps the last segment of each value, so that the lesson page can show them side by side
// after the run they came from is gone.

// CompareBy lists what a lesson can compare.
var CompareBy = []string{"rumor_mode", "protocol", "fanout", "n"}

// Segment is one stretch of a run with one value of the compared setting, measured.
type Segment struct {
	// Label names the value ("push-pull", "SWIM", "M = 1"); Current marks the segment running now.
	Label   string `json:"label"`
	Current bool   `json:"current"`
	// DurationMs is how long the segment has run (virtual time).
	DurationMs int64 `json:"duration_ms"`
	// RumorPeriods: periods from the rumor's start to the moment every up node knew it
	// (-1 before, or without a rumor).
	RumorPeriods float64 `json:"rumor_periods"`
	// The first crash in the segment: delays from it to the first suspicion and to removal by
	// every live node, in ms (-1 before, or without a crash).
	FirstSuspectMs int64 `json:"first_suspect_ms"`
	AllRemovedMs   int64 `json:"all_removed_ms"`
	// Load over the segment, per up node and second, and the false suspicions in it.
	MsgsPerNodeS    float64 `json:"msgs_per_node_s"`
	BytesPerNodeS   float64 `json:"bytes_per_node_s"`
	FalseSuspicions uint64  `json:"false_suspicions"`
}

type comparer struct {
	by   string
	kept []keptSegment // the last finished segment of each label, in order of first appearance
	cur  segment
	run  int // the current run's number
}

// keptSegment is a finished segment with its run and baselines: a rewind drops those of the
// dropped future and takes the one it lands in back as the running one.
type keptSegment struct {
	seg segment
	run int
}

// segKey identifies a segment's value of the compared setting: a word (mode, protocol) or a
// number (fanout, N); comparable, and built without allocating.
type segKey struct {
	word string
	num  int
}

// segment is the running segment with its baselines.
type segment struct {
	key       segKey
	start     core.Time
	base      core.Totals
	nodeMs    float64 // up nodes × ms, summed over the segment
	lastT     core.Time
	rebase    bool // take the baselines at the next observe (after a new run or a rewind)
	injectAt  core.Time
	crash     core.NodeID
	crashGen  uint16
	crashAt   core.Time
	out       Segment
	hasCrash  bool
	hasInject bool
}

func newComparer(by string) *comparer {
	return &comparer{by: by, cur: segment{rebase: true}}
}

func (m *comparer) newRun() {
	m.finish()
	m.run++
	m.cur = segment{rebase: true}
}

// truncate: the run was rewound to t. Segments of this run that began after t are forgotten;
// the running one, if it began before, goes on from t (its figures are taken again at the next
// look), else a new one starts at t.
func (m *comparer) truncate(t core.Time) {
	n := 0
	for _, k := range m.kept {
		if k.run != m.run || k.seg.start <= t {
			m.kept[n] = k
			n++
		}
	}
	m.kept = m.kept[:n]
	if m.cur.rebase || m.cur.start >= t { // landed before the running segment: take back the one it was in
		m.cur = segment{rebase: true}
		if i := m.lastOfRun(); i >= 0 {
			m.cur = m.kept[i].seg
			m.kept = slices.Delete(m.kept, i, i+1)
		}
	}
	c := &m.cur
	if c.rebase {
		return
	}
	if c.lastT > t && c.lastT > c.start { // the up nodes × time so far, scaled back to t
		c.nodeMs *= float64(t-c.start) / float64(c.lastT-c.start)
	}
	c.lastT = min(c.lastT, t)
	c.hasInject = c.hasInject && c.injectAt <= t
	c.hasCrash = c.hasCrash && c.crashAt <= t
	c.out.RumorPeriods, c.out.FirstSuspectMs, c.out.AllRemovedMs = -1, -1, -1
}

// lastOfRun is the kept segment of the current run that began last, or -1.
func (m *comparer) lastOfRun() int {
	at := -1
	for i, k := range m.kept {
		if k.run == m.run && (at < 0 || k.seg.start > m.kept[at].seg.start) {
			at = i
		}
	}
	return at
}

// finish keeps the running segment, if it ran at all, as the last one of its label.
func (m *comparer) finish() {
	if m.cur.key == (segKey{}) || m.cur.out.DurationMs <= 0 {
		return
	}
	k := keptSegment{m.cur, m.run}
	k.seg.out.Current = false
	if i := slices.IndexFunc(m.kept, func(s keptSegment) bool { return s.seg.out.Label == k.seg.out.Label }); i >= 0 {
		m.kept[i] = k
	} else {
		m.kept = append(m.kept, k)
	}
}

func (m *comparer) keyOf(c *core.Config) segKey {
	switch m.by {
	case "rumor_mode":
		return segKey{word: modeWords[c.RumorMode]}
	case "protocol":
		p := string(c.Protocol)
		if p == "" {
			p = string(core.ProtocolHeartbeat)
		}
		return segKey{word: protocolWords[p]}
	case "n":
		return segKey{num: c.N}
	}
	return segKey{num: c.Fanout}
}

// label words a key for the table (once per segment).
func (m *comparer) label(k segKey) string {
	switch m.by {
	case "n":
		return fmt.Sprintf("N = %d", k.num)
	case "fanout":
		return fmt.Sprintf("M = %d", k.num)
	}
	return k.word
}

func (m *comparer) observe(events []core.Event, s *core.Snapshot) {
	key := m.keyOf(&s.Config)
	if key != m.cur.key && m.cur.key != (segKey{}) && !m.cur.rebase {
		m.finish()
		m.cur = segment{rebase: true}
	}
	c := &m.cur
	if c.rebase || c.key == (segKey{}) {
		label := c.out.Label
		if key != c.key || label == "" {
			label = m.label(key)
		}
		*c = segment{key: key, start: s.Time, base: s.Metrics.Totals, lastT: s.Time,
			out: Segment{Label: label, RumorPeriods: -1, FirstSuspectMs: -1, AllRemovedMs: -1}}
	}
	up := 0
	for i := range s.Nodes {
		if s.Nodes[i].Status == core.StatusUp {
			up++
		}
	}
	c.nodeMs += float64(up) * float64(s.Time-c.lastT)
	c.lastT = s.Time
	for _, e := range events { // the batch since the last look belongs to the running segment
		switch {
		case e.Kind == core.EvInformed && e.Peer == core.NoNode && !c.hasInject:
			c.hasInject, c.injectAt = true, e.Time
		case e.Kind == core.EvCrashed && !c.hasCrash:
			c.hasCrash, c.crash, c.crashAt = true, e.Node, e.Time
			if int(e.Node) < len(s.Nodes) {
				c.crashGen = s.Nodes[e.Node].Generation
			}
		}
	}
	o := &c.out
	o.Current = true
	o.DurationMs = int64(s.Time - c.start)
	if c.hasInject && o.RumorPeriods < 0 && allInformed(s) && s.Config.Period > 0 {
		last := c.injectAt // when the last up node heard it (exact, however seldom observed)
		for i := range s.Nodes {
			if nd := &s.Nodes[i]; nd.Status == core.StatusUp {
				last = max(last, nd.InformedAt)
			}
		}
		o.RumorPeriods = float64(last-c.injectAt) / float64(s.Config.Period)
	}
	if c.hasCrash {
		for _, d := range s.Metrics.Detections {
			if d.Node == c.crash && d.Generation == c.crashGen && d.CrashedAt == c.crashAt {
				o.FirstSuspectMs, o.AllRemovedMs = int64(d.Delay(d.FirstSuspect)), int64(d.Delay(d.AllRemoved))
			}
		}
	}
	t := &s.Metrics.Totals
	if c.nodeMs > 0 {
		o.MsgsPerNodeS = float64(t.MsgsSent-c.base.MsgsSent) * 1000 / c.nodeMs
		o.BytesPerNodeS = float64(t.BytesSent-c.base.BytesSent) * 1000 / c.nodeMs
	}
	o.FalseSuspicions = t.FalseSuspicions - c.base.FalseSuspicions
}

// appendSegments appends the kept segments and the running one to dst: the running one on a
// row of its own even when an earlier segment has its label (M = 3, M = 1, M = 3 again).
func (m *comparer) appendSegments(dst []Segment) []Segment {
	for _, k := range m.kept {
		dst = append(dst, k.seg.out)
	}
	if m.cur.key == (segKey{}) || m.cur.rebase {
		return dst
	}
	return append(dst, m.cur.out)
}

// restore takes back segments shown before a reload (state().lesson.compare): every one but
// the running one, which the replay has measured again.
func (m *comparer) restore(segs []Segment) {
	for _, s := range segs {
		if s.Current || s.DurationMs <= 0 {
			continue
		}
		s.Current = false
		if i := slices.IndexFunc(m.kept, func(k keptSegment) bool { return k.seg.out.Label == s.Label }); i >= 0 {
			continue // the replay saw this one itself
		}
		m.kept = append(m.kept, keptSegment{segment{out: s}, -1})
	}
}

// RestoreCompare takes back the segments the page showed before a reload (the runs the lesson
// compares that the replay of the current run cannot see again). Call it after the replay.
func (c *Checker) RestoreCompare(segs []Segment) {
	if c.cmp != nil {
		c.cmp.restore(segs)
	}
}

// AppendCompare appends the segments to show side by side to dst: the last of each value of
// the compared setting, the running one marked Current. Nothing when the lesson compares
// nothing. It does not allocate when dst has room.
func (c *Checker) AppendCompare(dst []Segment) []Segment {
	if c.cmp == nil {
		return dst
	}
	return c.cmp.appendSegments(dst)
}
