package core

import (
	"container/heap"
	"fmt"
	"slices"
	"testing"
)

// nodeDriver runs Nodes the way the Sim runs its nodes — one queue of (time, order) events,
// a constant latency, no loss — so that the two drivers can be compared on the same inputs.
type nodeDriver struct {
	cfg   Config
	nodes []*Node
	down  []bool
	q     driverQueue
	seq   int
	now   Time
}

type driverItem struct {
	at       Time
	seq      int
	kind     int // 0 tick, 1 deliver, 2 timer
	node     NodeID
	msg      Message
	lifetime int
}

type driverQueue []driverItem

func (q driverQueue) Len() int { return len(q) }
func (q driverQueue) Less(i, j int) bool {
	return q[i].at < q[j].at || (q[i].at == q[j].at && q[i].seq < q[j].seq)
}
func (q driverQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *driverQueue) Push(x any)   { *q = append(*q, x.(driverItem)) }
func (q *driverQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

func (d *nodeDriver) push(it driverItem) {
	d.seq++
	it.seq = d.seq
	heap.Push(&d.q, it)
}

func newNodeDriver(t *testing.T, cfg Config) *nodeDriver {
	d := &nodeDriver{cfg: cfg, down: make([]bool, cfg.N)}
	for i := range cfg.N {
		n, err := NewNode(cfg, NodeID(i), 0, 0)
		if err != nil {
			t.Fatalf("seed %d: NewNode(%d): %v", cfg.Seed, i, err)
		}
		d.nodes = append(d.nodes, n)
	}
	for _, n := range d.nodes { // as Sim.New: each node's first tick at its own phase, in id order
		d.push(driverItem{at: n.FirstTick(), kind: 0, node: n.ID()})
	}
	return d
}

// post sends the node's outbox, as the Sim posts messages: arrival after the latency.
func (d *nodeDriver) post(n *Node) {
	for _, m := range n.Outbox() {
		m.Entries = slices.Clone(m.Entries)
		d.push(driverItem{at: d.now + d.cfg.LatencyMin, kind: 1, node: m.To, msg: m})
	}
}

func (d *nodeDriver) runUntil(end Time) {
	for d.q.Len() > 0 && d.q[0].at <= end {
		it := heap.Pop(&d.q).(driverItem)
		d.now = it.at
		n := d.nodes[it.node]
		if d.down[it.node] {
			continue // a crashed node neither ticks nor receives
		}
		switch it.kind {
		case 0:
			d.push(driverItem{at: d.now + d.cfg.Period, kind: 0, node: it.node})
			_, had := n.NextTimer()
			n.Tick(d.now)
			d.post(n)
			if at, ok := n.NextTimer(); ok && !had {
				d.push(driverItem{at: at, kind: 2, node: it.node})
			}
		case 1:
			n.Receive(it.msg, d.now)
			d.post(n)
		case 2:
			n.Timer(d.now)
			d.post(n)
		}
	}
	d.now = end
}

// The node a real driver runs is the simulator's: on the same inputs (ticks at the same phases,
// the same messages at the same times) every node's membership list comes out the same, entry
// for entry, under heartbeat gossip and SWIM, with a crash on the way.
func TestNodeDriverMatchesTheSim(t *testing.T) {
	for _, proto := range []Protocol{ProtocolHeartbeat, ProtocolSwim} {
		for _, seed := range []uint64{1, 2, 3} {
			cfg := DefaultConfig().SizedFor(8)
			cfg.Protocol, cfg.Seed, cfg.Loss = proto, seed, 0
			cfg.LatencyMin, cfg.LatencyMax = 30, 30
			sim, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			d := newNodeDriver(t, cfg)
			for _, step := range []struct {
				at    Time
				crash NodeID
			}{{5 * Second, 3}, {40 * Second, NoNode}} {
				sim.RunUntil(step.at)
				d.runUntil(step.at)
				if step.crash != NoNode {
					if err := sim.Apply(Command{Op: OpCrash, Node: step.crash}); err != nil {
						t.Fatal(err)
					}
					d.down[step.crash] = true
				}
			}
			for i, n := range d.nodes {
				want := sim.AppendView(NodeID(i), nil)
				got := n.AppendList(nil)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s seed %d: node %d's list\n got %v\nwant %v", proto, seed, i, got, want)
				}
			}
		}
	}
}

// A node reports what changed in its list; the crashed member ends removed by a live node.
func TestNodeReportsItsChanges(t *testing.T) {
	cfg := DefaultConfig().SizedFor(5)
	cfg.Loss, cfg.LatencyMin, cfg.LatencyMax, cfg.Seed = 0, 20, 20, 4
	d := newNodeDriver(t, cfg)
	d.runUntil(3 * Second)
	d.down[2] = true
	d.runUntil(30 * Second)
	var changes []Change
	changes = d.nodes[0].TakeChanges(changes)
	var suspected, removed bool
	for _, c := range changes {
		suspected = suspected || (c.Member == 2 && c.To.State == Suspect)
		removed = removed || (c.Member == 2 && c.To.State == Removed && c.Time > c.From.Updated)
	}
	if !suspected || !removed {
		t.Errorf("seed 4: node 0 reported %d changes; node 2 suspected %v, removed %v", len(changes), suspected, removed)
	}
	if again := d.nodes[0].TakeChanges(nil); len(again) != 0 {
		t.Errorf("seed 4: the changes are reported twice (%d)", len(again))
	}
}

// NewNode refuses what a node cannot run, naming it.
func TestNewNodeRefusals(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Protocol = ProtocolRumor
	if _, err := NewNode(cfg, 0, 0, 0); err == nil {
		t.Error("a rumor node was made")
	}
	if _, err := NewNode(DefaultConfig(), -1, 0, 0); err == nil {
		t.Error("node -1 was made")
	}
	bad := DefaultConfig()
	bad.Period = 0
	if _, err := NewNode(bad, 0, 0, 0); err == nil {
		t.Error("a node with period 0 was made")
	}
	n, err := NewNode(DefaultConfig(), 7, 3, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if l := n.AppendList(nil); len(l) == 0 || n.Generation() != 3 {
		t.Errorf("a new node knows %v in generation %d", l, n.Generation())
	}
}
