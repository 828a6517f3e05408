package session

import (
	"fmt"
	"hash/fnv"
	"io"
	"slices"

	"gossiplab/core"
	"gossiplab/trace"
)

// Feed is a run read from frames (package trace) rather than simulated: a recorded trace of a
// real cluster, played and scrubbed, or a live cluster's frames as they arrive over its
// connection. It is a Source: the view draws it as it draws the simulator — nodes, packets
// in flight, belief rings, lists, charts, events — with core.Tally computing the metrics.
//
// Packets: a message is drawn from its reported send time to its reported receipt, and for at
// least MinFlight (loopback delivers in well under a millisecond, too quick to see).
type Feed struct {
	hdr      trace.Header
	name     string
	nameHash uint64 // of name, for TraceHash
	live     bool
	frames   []trace.Frame
	msgs     []feedMsg // every message, by send time
	nextID   uint64

	now    core.Time   // the moment shown
	upTo   int         // frames [0, upTo) are in the tally
	tally  *core.Tally // the metrics of the frames up to now
	events []core.Event
	sentTo int // msgs [0, sentTo) have had their events
	// pending is a loss asked of a live cluster and not yet in its frames (-1: none): shown
	// meanwhile, so that the slider stays where it was put.
	pending   float64
	pendingAt core.Time // when it was asked: a loss the frames never report is forgotten after pendingFor
	reps      []core.Reported
}

type feedMsg struct {
	trace.Msg
	id uint64
}

// MinFlight is the least time a packet of a feed is drawn in flight, in ms.
const MinFlight = 150

// LiveLag is how far behind the newest frame a live feed is shown, in ms: a message's receipt
// comes in a report after its send, and both must be known to draw it.
const LiveLag = 600

// NewFeed starts a feed of a cluster whose header is hdr; name says where it comes from (a
// file name, a URL); live feeds follow their newest frame.
func NewFeed(hdr trace.Header, name string, live bool) *Feed {
	h := fnv.New64a()
	h.Write([]byte(name))
	f := &Feed{hdr: hdr, name: name, live: live, pending: -1, nameHash: h.Sum64()}
	f.tally = core.NewTally(hdr.Config)
	return f
}

// OpenTrace reads a whole recorded trace as a feed (its refusals name the line and why).
func OpenTrace(tr trace.Trace, name string) (*Feed, error) {
	if len(tr.Frames) == 0 {
		return nil, fmt.Errorf("trace %s has a header but no frames: nothing to show", name)
	}
	f := NewFeed(tr.Header, name, false)
	for _, fr := range tr.Frames {
		if err := f.Push(fr); err != nil {
			return nil, err
		}
	}
	f.SeekTo(core.Time(tr.Frames[0].TimeMs))
	f.events = f.events[:0]
	return f, nil
}

// Push adds the next frame; its time must not go back.
func (f *Feed) Push(fr trace.Frame) error {
	if n := len(f.frames); n > 0 && fr.TimeMs < f.frames[n-1].TimeMs {
		return fmt.Errorf("frame at %d ms goes back from %d ms", fr.TimeMs, f.frames[n-1].TimeMs)
	}
	if err := fr.Check(); err != nil {
		return fmt.Errorf("frame at %d ms: %v", fr.TimeMs, err)
	}
	for _, m := range fr.Messages {
		f.nextID++
		fm := feedMsg{m, f.nextID}
		i := len(f.msgs) // nearly in order: insert from the end
		for i > 0 && f.msgs[i-1].SentMs > m.SentMs {
			i--
		}
		f.msgs = slices.Insert(f.msgs, i, fm)
		if i < f.sentTo { // known after the moment shown passed it (a loss is judged a grace later): counted, not drawn
			f.sentTo++
			f.tally.Message(m.Drop)
		}
	}
	f.frames = append(f.frames, fr)
	if f.live && len(f.frames) > MaxLiveFrames {
		f.forget(len(f.frames) / 4)
	}
	return nil
}

// MaxLiveFrames bounds what a live feed keeps (10 minutes at the default report interval of
// 100 ms): past it the oldest quarter goes, so an app left attached for a lecture does not grow
// without end. Save trace keeps what is kept.
const MaxLiveFrames = 6000

// forget drops the first k frames (already shown: a live feed is shown near its newest) and the
// messages sent before what is left.
func (f *Feed) forget(k int) {
	k = min(k, f.upTo)
	f.frames = f.frames[:copy(f.frames, f.frames[k:])]
	f.upTo -= k
	start := int64(f.Start()) - maxDrawnFlight
	m := 0
	for m < len(f.msgs) && m < f.sentTo && f.msgs[m].SentMs < start {
		m++
	}
	f.msgs = f.msgs[:copy(f.msgs, f.msgs[m:])]
	f.sentTo -= m
}

// WriteTrace writes the frames so far as a trace file (package trace), as gossiplab cluster
// --record writes one.
func (f *Feed) WriteTrace(w io.Writer) error {
	tw, err := trace.NewWriter(w, f.hdr.Config, f.hdr.Source)
	if err != nil {
		return err
	}
	for _, fr := range f.frames {
		if err := tw.Write(fr); err != nil {
			return err
		}
	}
	return nil
}

// Live reports whether the feed follows a live cluster (else it plays a recording).
func (f *Feed) Live() bool { return f.live }

// Name is where the feed comes from.
func (f *Feed) Name() string { return f.name }

// Start and End are the first and the newest frame's times (0, 0 with none).
func (f *Feed) Start() core.Time {
	if len(f.frames) == 0 {
		return 0
	}
	return core.Time(f.frames[0].TimeMs)
}
func (f *Feed) End() core.Time {
	if len(f.frames) == 0 {
		return 0
	}
	return core.Time(f.frames[len(f.frames)-1].TimeMs)
}

// Frames are the frames so far (the caller must not change them).
func (f *Feed) Frames() []trace.Frame { return f.frames }

// SeekTo shows the moment t (clamped to the frames): the frames passed go into the tally and
// their events are queued; going back, the tally starts again from the first frame (and the
// events queued are those from the start). It reports whether it went back.
func (f *Feed) SeekTo(t core.Time) (back bool) {
	t = max(f.Start(), min(t, f.End()))
	if t < f.now {
		back = true
		f.tally = core.NewTally(f.hdr.Config)
		f.upTo, f.sentTo = 0, 0
		f.events = f.events[:0]
	}
	for f.upTo < len(f.frames) && core.Time(f.frames[f.upTo].TimeMs) <= t {
		f.observe(&f.frames[f.upTo])
		f.upTo++
	}
	f.now = t
	f.messageEvents()
	return back
}

// observe takes one frame into the tally and queues its events.
func (f *Feed) observe(fr *trace.Frame) {
	f.reps = fr.Reported(f.reps[:0])
	k := len(f.events)
	f.events = f.tally.Observe(core.Time(fr.TimeMs), f.reps, f.events)
	if f.upTo == 0 { // the first frame: what everyone knows already, not news
		f.events = f.events[:k]
	}
	if fr.Loss == f.pending || f.now-f.pendingAt > pendingFor {
		f.pending = -1
	}
}

// AskedLoss notes a loss asked of the live cluster: Config shows it until a frame does.
func (f *Feed) AskedLoss(v float64) { f.pending, f.pendingAt = v, f.now }

// pendingFor is how long an asked loss is shown without a frame reporting it (refused, or
// overtaken by another viewer's), in ms.
const pendingFor = 3 * core.Second

// messageEvents queues sent, delivered and dropped events of the messages sent by now (and
// counts their fate in the tally).
func (f *Feed) messageEvents() {
	for f.sentTo < len(f.msgs) && core.Time(f.msgs[f.sentTo].SentMs) <= f.now {
		m := &f.msgs[f.sentTo]
		f.tally.Message(m.Drop)
		f.events = append(f.events, core.Event{Time: core.Time(m.SentMs), Kind: core.EvSent, Node: m.From, Peer: m.To, Msg: m.id})
		end := core.Event{Time: core.Time(m.ArriveMs), Kind: core.EvDelivered, Node: m.From, Peer: m.To, Msg: m.id}
		if m.Drop != core.DropNone {
			end.Kind, end.Reason = core.EvDropped, m.Drop
		}
		f.events = append(f.events, end)
		f.sentTo++
	}
}

// frameAt is the index of the frame shown at now (the last not after it), -1 before the first.
func (f *Feed) frameAt() int {
	i, _ := slices.BinarySearchFunc(f.frames, f.now+1, func(fr trace.Frame, t core.Time) int {
		return int(core.Time(fr.TimeMs) - t)
	})
	return i - 1
}

// The Source side.

func (f *Feed) Now() core.Time { return f.now }

// NumNodes is how many nodes the cluster has had.
func (f *Feed) NumNodes() int {
	n := f.hdr.Config.N
	if i := f.frameAt(); i >= 0 {
		n = max(n, len(f.frames[i].Nodes))
	}
	return n
}

// Config is the cluster's config, with its node count and loss as they are now.
func (f *Feed) Config() core.Config {
	c := f.hdr.Config
	c.N = f.NumNodes()
	if i := f.frameAt(); i >= 0 {
		c.Loss = f.frames[i].Loss
	}
	if f.pending >= 0 {
		c.Loss = f.pending
	}
	c.StartConverged = false
	return c
}

func (f *Feed) SnapshotInto(dst *core.Snapshot, withViews bool) {
	dst.Time = f.now
	dst.Config = f.Config()
	dst.Partitioned = false
	dst.Nodes = dst.Nodes[:0]
	var cur *trace.Frame
	if i := f.frameAt(); i >= 0 {
		cur = &f.frames[i]
	}
	n := f.NumNodes()
	live := f.tally.Live()
	for id := range n {
		info := core.NodeInfo{ID: core.NodeID(id), Status: core.StatusCrashed}
		if cur != nil && id < len(cur.Nodes) {
			nd := &cur.Nodes[id]
			info.Generation, info.Group = nd.Generation, nd.Group
			dst.Partitioned = dst.Partitioned || nd.Group > 0
			switch {
			case nd.Up:
				info.Status = core.StatusUp
			case nd.Left:
				info.Status = core.StatusLeft
			}
			for _, e := range nd.List {
				if e.Member == nd.ID {
					info.Heartbeat = e.Heartbeat
				}
			}
		}
		c := f.tally.Counts(core.NodeID(id))
		info.Alive, info.Suspect, info.Removed, info.Left = int(c[core.Alive]), int(c[core.Suspect]), int(c[core.Removed]), int(c[core.Left])
		others := live
		if info.Status == core.StatusUp {
			others--
		}
		info.Unknown = max(0, others-info.Alive-info.Suspect-info.Removed-info.Left)
		dst.Nodes = append(dst.Nodes, info)
	}
	dst.Views = dst.Views[:0]
	if withViews {
		for id := range n {
			dst.Views = append(dst.Views, f.AppendView(core.NodeID(id), nil))
		}
	} else {
		dst.Views = nil
	}
	dst.InFlight = f.appendInFlight(dst.InFlight[:0])
	dst.Metrics.Totals = f.tally.Totals()
	dst.Metrics.Latest = f.tally.Current(f.now)
	dst.Metrics.Latest.InFlight = len(dst.InFlight)
	dst.Metrics.Samples = append(dst.Metrics.Samples[:0], f.tally.Samples()...)
	dst.Metrics.Detections = append(dst.Metrics.Detections[:0], f.tally.Detections()...)
}

// appendInFlight appends the messages in the air at now.
func (f *Feed) appendInFlight(dst []core.Flight) []core.Flight {
	// The first message that may still fly: none sent before now − the longest flight shown.
	lo, _ := slices.BinarySearchFunc(f.msgs, int64(f.now)-maxDrawnFlight, func(m feedMsg, t int64) int { return int(m.SentMs - t) })
	for i := lo; i < len(f.msgs) && core.Time(f.msgs[i].SentMs) <= f.now; i++ {
		m := &f.msgs[i]
		end := core.Time(max(m.ArriveMs, m.SentMs+MinFlight))
		if end <= f.now {
			continue
		}
		dst = append(dst, core.Flight{ID: m.id, Kind: m.Kind, From: m.From, To: m.To, About: m.About,
			SentAt: core.Time(m.SentMs), ArriveAt: end, Entries: m.Entries, Bytes: m.Bytes, Lost: m.Drop != core.DropNone})
	}
	return dst
}

// maxDrawnFlight bounds how long a packet is shown in flight (a receipt reported late), in ms.
const maxDrawnFlight = 2000

func (f *Feed) AppendEvents(dst []core.Event) []core.Event {
	dst = append(dst, f.events...)
	f.events = f.events[:0]
	return dst
}

// AppendView appends node id's list as the frame shown has it (a node down: its last list).
func (f *Feed) AppendView(id core.NodeID, dst []core.Entry) []core.Entry {
	for i := f.frameAt(); i >= 0; i-- {
		nodes := f.frames[i].Nodes
		if int(id) < len(nodes) && (nodes[id].Up || len(nodes[id].List) > 0 || i == 0) {
			return append(dst, nodes[id].List...)
		}
	}
	return dst
}

// Belief is what observer last reported about subject.
func (f *Feed) Belief(observer, subject core.NodeID) core.Entry {
	st := f.tally.Belief(observer, subject)
	if st == core.Unknown {
		return core.Entry{Member: subject}
	}
	if i := f.frameAt(); i >= 0 && int(observer) < len(f.frames[i].Nodes) {
		for _, e := range f.frames[i].Nodes[observer].List {
			if e.Member == subject {
				return e
			}
		}
	}
	return core.Entry{Member: subject, State: st}
}

// TraceHash fingerprints the frames shown so far (equal recordings, equal hashes).
func (f *Feed) TraceHash() uint64 { // published every frame: no allocation
	h := f.nameHash
	for _, v := range [3]uint64{uint64(len(f.frames)), uint64(f.upTo), uint64(f.now)} {
		h = (h ^ v) * 1099511628211 // FNV-1a's prime, a word at a time
	}
	return h
}

var _ Source = (*Feed)(nil)
