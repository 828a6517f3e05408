package session

import (
	"strings"

	"gossiplab/core"
)

// The split view: two membership protocols run the same seeded scenario side by side — same N,
// seed, loss and latency, and every crash, restart, partition or parameter change applied to
// both — with a table comparing their failure detection and cost.

// CompareRow is one protocol's line of the comparison table.
type CompareRow struct {
	Protocol core.Protocol `json:"protocol"`
	// Node is the last crashed node (-1 when none crashed yet); FirstSuspectMs and AllRemovedMs
	// are how long after that crash the first live node suspected it and every live node had
	// removed it (-1 while not yet).
	Node           int     `json:"node"`
	FirstSuspectMs int64   `json:"first_suspect_ms"`
	AllRemovedMs   int64   `json:"all_removed_ms"`
	FalsePositives uint64  `json:"false_positives"` // suspicions of members that were up
	MsgsPerNodeS   float64 `json:"msgs_per_node_s"`
	BytesPerNodeS  float64 `json:"bytes_per_node_s"`
	Crashed        []int   `json:"crashed"` // the nodes crashed now, by id
}

// twin is the split view's second run.
type twin struct {
	protos [2]core.Protocol
	sim    *core.Sim
	rows   [2]CompareRow
}

// newTwin builds the second run from the first one's configuration, with protos[1].
func newTwin(protos [2]core.Protocol, cfg core.Config) (*twin, error) {
	cfg.Protocol = protos[1]
	FitSwim(&cfg)
	sim, err := core.New(cfg)
	if err != nil {
		return nil, err
	}
	return &twin{protos: protos, sim: sim}, nil
}

// refresh takes the twin's frame into r and fills both rows of the table (left's from left).
func (t *twin) refresh(r *Run, left *core.Snapshot) {
	r.Source = t.sim
	t.sim.SnapshotInto(&r.Snap, false)
	r.Events = t.sim.AppendEvents(r.Events[:0])
	fillRow(&t.rows[0], t.protos[0], left)
	fillRow(&t.rows[1], t.protos[1], &r.Snap)
}

// CompareRows are the split view's table rows (left, right); nil when it is closed. They are
// the session's: copy what must outlive the next Refresh.
func (s *Session) CompareRows() []CompareRow {
	if s.twin == nil {
		return nil
	}
	return s.twin.rows[:]
}

// CompareProtocols are the split view's protocols (left, right); ok is false when it is closed.
func (s *Session) CompareProtocols() (p [2]core.Protocol, ok bool) {
	if s.twin == nil {
		return p, false
	}
	return s.twin.protos, true
}

// mirror applies a command given to the left run to the right one too (not the drop of one
// packet, which exists on the left only, nor a rumor).
func (s *Session) mirror(cmd core.Command) {
	if s.twin == nil || cmd.Op == core.OpDrop || cmd.Op == core.OpInject {
		return
	}
	s.twin.sim.Apply(cmd)
}

// mirrorParams copies the left run's live parameters (core.Params, the pitfall switches aside:
// they are the heartbeat protocol's bugs) to the right one, each on its own, so that one the
// right protocol refuses does not hold back the others.
func (s *Session) mirrorParams() {
	if s.twin == nil {
		return
	}
	a := s.sim.Config()
	for range 2 { // twice: an order that fails once (min ≤ max, suspect < remove) works the second time
		for _, p := range core.Params {
			if p.Live && p.Unit != core.UnitFlag {
				s.twin.sim.Apply(core.Command{Op: core.OpSet, Param: p.Name, Value: p.Get(&a)})
			}
		}
	}
}

func fillRow(r *CompareRow, p core.Protocol, snap *core.Snapshot) {
	r.Protocol = p
	r.Node, r.FirstSuspectMs, r.AllRemovedMs = -1, -1, -1
	if d := snap.Metrics.Detections; len(d) > 0 {
		last := d[len(d)-1]
		r.Node = int(last.Node)
		r.FirstSuspectMs = int64(last.Delay(last.FirstSuspect))
		r.AllRemovedMs = int64(last.Delay(last.AllRemoved))
	}
	t := snap.Metrics.Totals
	r.FalsePositives = t.FalseSuspicions
	r.MsgsPerNodeS, r.BytesPerNodeS = 0, 0
	if n := len(snap.Nodes); n > 0 && snap.Time > 0 {
		sec := snap.Time.Seconds()
		r.MsgsPerNodeS = float64(t.MsgsSent) / float64(n) / sec
		r.BytesPerNodeS = float64(t.BytesSent) / float64(n) / sec
	}
	r.Crashed = r.Crashed[:0]
	for i := range snap.Nodes {
		if snap.Nodes[i].Status == core.StatusCrashed {
			r.Crashed = append(r.Crashed, i)
		}
	}
}

// ParseCompare reads "heartbeat,swim": two membership protocols (not the rumor).
func ParseCompare(v string) ([2]core.Protocol, bool) {
	var out [2]core.Protocol
	parts := strings.Split(v, ",")
	if len(parts) != 2 {
		return out, false
	}
	for i, p := range parts {
		pr, ok := ParseProtocol(p)
		if !ok || pr == core.ProtocolRumor {
			return out, false
		}
		out[i] = pr
	}
	return out, true
}
