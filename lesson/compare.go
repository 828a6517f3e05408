package lesson

import (
	"fmt"
	"slices"

	"gossiplab/core"
)

// Comparisons. A lesson that asks the learner to compare (the three rumor modes, heartbeat
// gossip against SWIM, M = 3 against M = 1) names what it compares in its "compare" field. The
// checker then cuts the runs into segments, one per value of that setting (a mode switch or a
// protocol switch starts a new run; a fanout change starts a new segment in the same run). Within
// the run on screen every stretch keeps a row of its own, in order (M = 3, M = 1, M = 3 again);
// of the runs before, the last stretch of each value is kept, so that the lesson page can show
// them side by side after the run they came from is gone. A rumor compared by mode or by N is
// also keyed by the settings that change its speed (mode, b, loss): a push at b = 2 gets a row of
// its own ("push, b = 2") instead of standing for the b = 1 that the lesson compares.

// CompareBy lists what a lesson can compare.
var CompareBy = []string{"rumor_mode", "protocol", "fanout", "n"}

// Segment is one stretch of a run with one value of the compared setting, measured.
type Segment struct {
	// Label names the value ("push-pull", "SWIM", "M = 1", "push, b = 2"); Current marks the
	// segment running now, ThisRun the segments of the run on screen (a reload's replay measures
	// those again).
	Label   string `json:"label"`
	Current bool   `json:"current"`
	ThisRun bool   `json:"this_run"`
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
	base core.Config // the lesson's settings: a row says how its run differs (", b = 2")
	// kept: of the runs before, the last finished segment of each label; and every finished
	// segment of the current run, in order. At most maxRows (the oldest go first).
	kept []keptSegment
	cur  segment
	run  int // the current run's number
}

// maxRows bounds the rows compared: a table a learner can read at a glance.
const maxRows = 8

// keptSegment is a finished segment with its run and baselines: a rewind drops those of the
// dropped future and takes the one it lands in back as the running one.
type keptSegment struct {
	seg segment
	run int
}

// segKey identifies a segment's value of the compared setting: a word (mode, protocol) or a
// number (fanout, N), with the rumor's other settings where they matter (fanout b, loss, and
// the mode when N is compared); comparable, and built without allocating.
type segKey struct {
	word   string
	num    int
	mode   string
	fanout int
	loss   float64
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
	// A false suspicion under heartbeat gossip counts in the stretch that holds the middle of
	// the silence behind it (T_suspect long, ending when it fires): one that M = 1 caused but
	// that fired just after M went back to 3 counts for M = 1, and one that fires T_suspect
	// after M went down to 1 counts for M = 1 too (its silence began at the switch). moved:
	// this segment's suspicions counted for an earlier one; got: later ones counted for this one.
	moved, got times
}

func newComparer(by string, base core.Config) *comparer {
	return &comparer{by: by, base: base, cur: segment{rebase: true}}
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
	for i := range m.kept {
		if k := &m.kept[i]; k.run == m.run {
			g := k.seg.got.truncate(t)
			k.seg.out.FalseSuspicions -= uint64(len(k.seg.got) - len(g))
			k.seg.got = g
		}
	}
	// Landed before the running segment: take back the one it was in. A segment that began at
	// t itself stays: the run at t includes what began it (a seek applies the commands at t).
	if m.cur.rebase || m.cur.start > t {
		m.cur = segment{rebase: true}
		if i := m.lastOfRun(); i >= 0 {
			m.cur = m.kept[i].seg
			m.kept = slices.Delete(m.kept, i, i+1)
		}
	}
	m.cur.moved = m.cur.moved.truncate(t)
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

// finish keeps the running segment, if it ran at all (and, for a rumor, if its rumor started):
// in the place of a segment of the same label from a run before unless that one measured more
// (a 5 s stretch does not replace an 18 s one, nor a rumor still spreading one that reached
// everyone), else after the rows kept so far.
func (m *comparer) finish() {
	if m.cur.key == (segKey{}) || m.cur.out.DurationMs <= 0 {
		return
	}
	if protocolOf(&m.base) == core.ProtocolRumor && !m.cur.hasInject {
		return // nothing to compare: the rumor never started
	}
	k := keptSegment{m.cur, m.run}
	k.seg.out.Current = false
	if i := slices.IndexFunc(m.kept, func(s keptSegment) bool { return s.run != m.run && s.seg.out.Label == k.seg.out.Label }); i >= 0 {
		if !measuredLess(k.seg.out, m.kept[i].seg.out) {
			m.kept[i] = k
		}
		return
	}
	m.kept = append(m.kept, k)
	if over := len(m.kept) - maxRows + 1; over > 0 { // room for the running row too
		m.kept = slices.Delete(m.kept, 0, over)
	}
}

// measuredLess: segment a measured less than b: b has a result (the rumor reached everyone, a
// crash was removed by all) that a lacks, or, alike in that, a ran less than half as long.
func measuredLess(a, b Segment) bool {
	score := func(s Segment) int {
		n := 0
		if s.RumorPeriods >= 0 {
			n += 2
		}
		if s.AllRemovedMs >= 0 {
			n++
		}
		return n
	}
	if sa, sb := score(a), score(b); sa != sb {
		return sa < sb
	}
	return 2*a.DurationMs < b.DurationMs
}

// protocolOf is c's protocol, heartbeat when unset.
func protocolOf(c *core.Config) core.Protocol {
	if c.Protocol == "" {
		return core.ProtocolHeartbeat
	}
	return c.Protocol
}

func (m *comparer) keyOf(c *core.Config) segKey {
	var k segKey
	switch m.by {
	case "rumor_mode":
		k.word = modeWords[c.RumorMode]
	case "protocol":
		return segKey{word: protocolWords[string(protocolOf(c))]}
	case "n":
		k.num = c.N
	default:
		return segKey{num: c.Fanout}
	}
	if c.Protocol == core.ProtocolRumor { // what else sets a rumor's speed
		k.fanout, k.loss = c.Fanout, c.Loss
		if m.by == "n" {
			k.mode = c.RumorMode
		}
	}
	return k
}

// label words a key for the table (once per segment): the compared value, then each of the
// rumor's settings that differs from the lesson's ("push, b = 2"; "N = 128, pull").
func (m *comparer) label(k segKey) string {
	var out string
	switch m.by {
	case "n":
		out = fmt.Sprintf("N = %d", k.num)
	case "fanout":
		return fmt.Sprintf("M = %d", k.num)
	default:
		out = k.word
	}
	if k.mode != "" && k.mode != m.base.RumorMode {
		out += ", " + modeWords[k.mode]
	}
	if k.fanout != 0 && k.fanout != m.base.Fanout {
		out += fmt.Sprintf(", b = %d", k.fanout)
	}
	if k.fanout != 0 && k.loss != m.base.Loss {
		out += fmt.Sprintf(", loss %s", percent(k.loss))
	}
	return out
}

func (m *comparer) observe(events []core.Event, s *core.Snapshot) {
	if m.by != "protocol" && protocolOf(&s.Config) != protocolOf(&m.base) {
		// Another protocol than the lesson's (SWIM in a lesson on M): no row of this table.
		if m.cur.key != (segKey{}) && !m.cur.rebase {
			m.finish()
		}
		m.cur = segment{rebase: true}
		return
	}
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
		case e.Kind == core.EvSuspected && s.Config.Protocol == core.ProtocolHeartbeat && falseAlarm(e, s):
			m.attribute(e.Time, e.Time-s.Config.TSuspect/2)
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
	own := int64(t.FalseSuspicions-c.base.FalseSuspicions) - int64(len(c.moved)) + int64(len(c.got))
	o.FalseSuspicions = uint64(max(0, own))
}

// falseAlarm: e suspects a member that is up, in the generation suspected (the core's rule for
// its false-suspicion count, read from the snapshot after e's batch).
func falseAlarm(e core.Event, s *core.Snapshot) bool {
	if int(e.Peer) >= len(s.Nodes) {
		return false
	}
	nd := &s.Nodes[e.Peer]
	return nd.Status == core.StatusUp && nd.Generation == e.Generation
}

// attribute counts a false suspicion at time at, whose silence had its middle at mid, for the
// segment of the current run that mid falls in, when that is an earlier one.
func (m *comparer) attribute(at, mid core.Time) {
	c := &m.cur
	if mid >= c.start {
		return
	}
	for i := len(m.kept) - 1; i >= 0; i-- {
		k := &m.kept[i]
		if k.run == m.run && k.seg.start <= mid {
			c.moved = append(c.moved, at)
			k.seg.got = append(k.seg.got, at)
			k.seg.out.FalseSuspicions++
			return
		}
	}
}

// appendSegments appends the kept segments and the running one to dst: the running one on a
// row of its own even when an earlier segment has its label (M = 3, M = 1, M = 3 again).
func (m *comparer) appendSegments(dst []Segment) []Segment {
	for _, k := range m.kept {
		o := k.seg.out
		o.ThisRun = k.run == m.run
		dst = append(dst, o)
	}
	if m.cur.key == (segKey{}) || m.cur.rebase {
		return dst
	}
	o := m.cur.out
	o.ThisRun = true
	return append(dst, o)
}

// restore takes back segments shown before a reload (state().lesson.compare): those of the runs
// before, ahead of the current run's, which the replay has measured again. One whose label the
// current run has finished since stays replaced.
func (m *comparer) restore(segs []Segment) {
	var before []keptSegment
	for _, s := range segs {
		if s.Current || s.ThisRun || s.DurationMs <= 0 {
			continue
		}
		if slices.ContainsFunc(m.kept, func(k keptSegment) bool { return k.seg.out.Label == s.Label }) ||
			slices.ContainsFunc(before, func(k keptSegment) bool { return k.seg.out.Label == s.Label }) {
			continue
		}
		before = append(before, keptSegment{segment{out: s}, -1})
	}
	m.kept = append(before, m.kept...)
	if over := len(m.kept) - maxRows + 1; over > 0 {
		m.kept = slices.Delete(m.kept, 0, over)
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
