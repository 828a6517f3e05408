package core

import "slices"

// NodeInfo is the truth about one node and what the live observers believe about it.
type NodeInfo struct {
	ID         NodeID `json:"id"`
	Status     Status `json:"status"`
	Generation uint16 `json:"generation"`
	Heartbeat  uint32 `json:"heartbeat"` // its own counter
	// Alive, Suspect, Removed, Left and Unknown count the live observers (other than the
	// node itself) holding that belief about it; they add up to the live observers.
	Alive   int     `json:"alive"`
	Suspect int     `json:"suspect"`
	Removed int     `json:"removed"`
	Left    int     `json:"left"`
	Unknown int     `json:"unknown"`
	Group   int     `json:"group"` // partition group; 0 when not partitioned or unlisted
	Loss    float64 `json:"loss"`  // its own extra loss (a straggler), on top of the channel's
	// Informed: it knows the rumor (Protocol "rumor"), since InformedAt.
	Informed   bool `json:"informed"`
	InformedAt Time `json:"informed_at_ms"`
}

// Flight is a message in flight.
type Flight struct {
	ID       uint64  `json:"id"`
	Kind     MsgKind `json:"kind"`
	About    NodeID  `json:"about"` // SWIM: a ping-req's target, or who an ack vouches for
	From     NodeID  `json:"from"`
	To       NodeID  `json:"to"`
	SentAt   Time    `json:"sent_ms"`
	ArriveAt Time    `json:"arrive_ms"`
	Entries  int     `json:"entries"`
	Bytes    int     `json:"bytes"`
	// Lost is already decided: the packet flies but will be dropped on arrival.
	Lost bool `json:"lost"`
}

// Metrics is the measured side of a snapshot.
type Metrics struct {
	Totals     Totals      `json:"totals"`
	Latest     Sample      `json:"latest"`  // computed at snapshot time
	Samples    []Sample    `json:"samples"` // the sampled series, oldest first
	Detections []Detection `json:"detections"`
}

// Snapshot is a self-contained copy of the simulation at one moment; the caller may keep it.
type Snapshot struct {
	Time        Time       `json:"t_ms"`
	Config      Config     `json:"config"`
	Partitioned bool       `json:"partitioned"`
	Nodes       []NodeInfo `json:"nodes"`
	// Views[i] is node i's membership list (known members only, by id). A crashed node's list
	// is frozen as it was. Nil when the snapshot was taken without views.
	Views    [][]Entry `json:"views,omitempty"`
	InFlight []Flight  `json:"in_flight"`
	Metrics  Metrics   `json:"metrics"`
}

// Snapshot returns a full snapshot, every node's list included.
func (s *Sim) Snapshot() Snapshot {
	var snap Snapshot
	s.SnapshotInto(&snap, true)
	return snap
}

// SnapshotInto fills dst, reusing its slices, so a per-frame caller does not allocate.
// Without views it costs O(nodes + messages in flight); with views, O(N²).
func (s *Sim) SnapshotInto(dst *Snapshot, withViews bool) {
	dst.Time = s.now
	dst.Config = s.cfg
	dst.Config.Seeds = append(dst.Config.Seeds[:0], s.cfg.Seeds...)
	dst.Partitioned = s.net.split
	dst.Nodes = dst.Nodes[:0]
	for _, n := range s.nodes {
		c := &s.beliefs.counts[n.id]
		others := s.beliefs.live
		if n.status == StatusUp {
			others--
		}
		info := NodeInfo{ID: n.id, Status: n.status, Generation: n.gen, Heartbeat: n.view[n.id].hb,
			Alive: int(c[Alive]), Suspect: int(c[Suspect]), Removed: int(c[Removed]), Left: int(c[Left]),
			Group: s.net.group[n.id], Loss: s.net.nodeLoss[n.id], Informed: n.informed, InformedAt: n.informedAt}
		info.Unknown = others - info.Alive - info.Suspect - info.Removed - info.Left
		dst.Nodes = append(dst.Nodes, info)
	}
	if withViews {
		dst.Views = slices.Grow(dst.Views[:0], len(s.nodes))[:len(s.nodes)]
		for i := range s.nodes {
			dst.Views[i] = s.AppendView(NodeID(i), dst.Views[i][:0])
		}
	} else {
		dst.Views = dst.Views[:0]
	}
	dst.InFlight = dst.InFlight[:0]
	for _, m := range s.flight.slots {
		if m.live {
			dst.InFlight = append(dst.InFlight, Flight{ID: m.id, Kind: m.kind, About: m.about, From: m.from, To: m.to, SentAt: m.sentAt,
				ArriveAt: m.arriveAt, Entries: int(m.entries), Bytes: int(m.bytes), Lost: m.lost})
		}
	}
	slices.SortFunc(dst.InFlight, func(a, b Flight) int {
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	dst.Metrics.Totals = s.metrics.totals
	dst.Metrics.Latest = s.takeSample()
	dst.Metrics.Samples = s.metrics.samples.appendTo(dst.Metrics.Samples[:0])
	dst.Metrics.Detections = append(dst.Metrics.Detections[:0], s.metrics.detections...)
}

// AppendView appends node id's known members (state other than Unknown) to dst, by member id.
func (s *Sim) AppendView(id NodeID, dst []Entry) []Entry {
	for m, e := range s.nodes[id].view {
		if e.state != Unknown {
			dst = append(dst, Entry{Member: NodeID(m), Heartbeat: e.hb, Generation: e.gen, State: e.state, Updated: e.updated})
		}
	}
	return dst
}

// Belief is what observer holds about subject (State Unknown if nothing). It is O(1), for
// experiments that follow one member without taking whole snapshots.
func (s *Sim) Belief(observer, subject NodeID) Entry {
	v := s.nodes[observer].view
	if int(subject) >= len(v) {
		return Entry{Member: subject}
	}
	e := v[subject]
	return Entry{Member: subject, Heartbeat: e.hb, Generation: e.gen, State: e.state, Updated: e.updated}
}

// StatusOf is the truth about node id.
func (s *Sim) StatusOf(id NodeID) Status { return s.nodes[id].status }

// Totals are the counters since the start.
func (s *Sim) Totals() Totals { return s.metrics.totals }

// Detections lists every crash so far and how long its detection took.
func (s *Sim) Detections() []Detection { return append([]Detection(nil), s.metrics.detections...) }

// Samples returns the sampled metrics series, oldest first.
func (s *Sim) Samples() []Sample { return s.metrics.samples.appendTo(nil) }

// Current computes a Sample for this moment.
func (s *Sim) Current() Sample { return s.takeSample() }
