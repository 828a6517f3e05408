package core

import "fmt"

// Node is one member of heartbeat gossip or SWIM as a driver other than the Sim runs it: a
// real-time loop with a UDP socket, or a test. It is the state machine the Sim drives — the same
// tick, merge, expiry and probe code —, in the way etcd raft's RawNode serves tests and real
// servers alike. It reads no clock and touches no socket: the driver calls
//
//   - Tick at the node's first tick (FirstTick after its start) and then every protocol period,
//   - Timer when NextTimer falls due (SWIM's ping timeout),
//   - Receive for every message that arrives,
//
// and after each call sends the messages Outbox returns and reports the belief changes
// TakeChanges returns. Times are the driver's milliseconds (Time); only differences matter.
// A Node is not safe for concurrent use.
type Node struct {
	cfg     Config
	n       *node
	out     []Message
	buf     []wireEntry
	timerAt Time // SWIM's pending ping timeout, or -1
	changes []Change
}

// Digest is one member's version as a message carries it, and where the member listens (an
// IPv4 address and UDP port, zero when unknown): a real node learns its peers' addresses from
// the lists it receives, as memberlist does. Core's Node leaves the address to its driver.
type Digest struct {
	ID         NodeID  `json:"id"`
	Heartbeat  uint32  `json:"heartbeat"` // SWIM: the incarnation
	Generation uint16  `json:"generation"`
	State      State   `json:"state"` // Alive, Suspect (SWIM), Removed (SWIM: confirmed dead) or Left
	IP         [4]byte `json:"ip"`
	Port       uint16  `json:"port"`
}

// Message is one datagram's content: its kind, sender, receiver, for SWIM the member a ping-req
// or its ack is about and the probe's sequence number, and the digests it carries (a whole list
// for heartbeat gossip, piggybacked updates for SWIM).
type Message struct {
	Kind    MsgKind  `json:"kind"`
	From    NodeID   `json:"from"`
	To      NodeID   `json:"to"`
	About   NodeID   `json:"about"`
	Seq     uint32   `json:"seq"`
	Entries []Digest `json:"entries"`
}

// Size is the message's size in bytes by the simulator's model (Config.HeaderBytes +
// Config.EntryBytes per digest, and SWIM's subject and sequence number): the wire format of the
// live package takes exactly this many bytes, so real and simulated loads compare one to one.
func (m *Message) Size(c *Config) int {
	size := c.HeaderBytes + c.EntryBytes*len(m.Entries)
	if m.Kind != MsgGossip {
		size += swimHeaderBytes
	}
	return size
}

// Change is one transition of the node's belief about a member, at Time.
type Change struct {
	Time   Time   `json:"t_ms"`
	Member NodeID `json:"member"`
	From   Entry  `json:"from"`
	To     Entry  `json:"to"`
}

// NewNode starts member id of a cluster configured by cfg (heartbeat or swim; cfg.N is the
// starting cluster size, cfg.Seeds the members it first knows, or with cfg.StartConverged all
// cfg.N of them, as a cluster that starts converged) in generation gen at time now: a restarted
// process comes back with a higher generation than its last life's, and knowing the seeds only
// (StartConverged off). The node's random choices are seeded by (cfg.Seed, id), as in the Sim.
func NewNode(cfg Config, id NodeID, gen uint16, now Time) (*Node, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Protocol != ProtocolHeartbeat && cfg.Protocol != ProtocolSwim {
		return nil, fmt.Errorf("protocol must be %s or %s for a node, got %q", ProtocolHeartbeat, ProtocolSwim, cfg.Protocol)
	}
	if id < 0 || int(id) >= MaxNodes {
		return nil, fmt.Errorf("id must be in [0, %d], got %d", MaxNodes-1, id)
	}
	r := &Node{cfg: cfg.clone(), n: newNode(id, cfg.Seed), timerAt: -1}
	r.n.gen = gen
	r.n.view = make([]entry, max(cfg.N, int(id)+1))
	if cfg.StartConverged { // a cluster that starts converged: every first member known, as in the Sim
		for m := range cfg.N {
			r.n.view[m] = entry{state: Alive, gen: gen * b2u16(NodeID(m) == id), updated: now}
		}
		r.n.aliveCount = cfg.N - 1
		if int(id) >= cfg.N {
			r.n.set(id, entry{gen: gen, state: Alive, updated: now})
		}
	} else {
		r.n.reset(now, r.cfg.Seeds)
	}
	r.n.changes = nil // its first list is not news
	if r.swim() {
		r.n.swimReset()
	}
	return r, nil
}

func (r *Node) swim() bool { return r.cfg.Protocol == ProtocolSwim }

// ID is the node's member id; Generation its life's generation.
func (r *Node) ID() NodeID         { return r.n.id }
func (r *Node) Generation() uint16 { return r.n.gen }

// FirstTick is how long after its start the node's first tick falls: a phase in [0, Period)
// drawn from its own random stream, as the Sim draws it, so that timers are not in step.
// Call it once, right after NewNode.
func (r *Node) FirstTick() Time { return Time(r.n.proto.Int64N(int64(r.cfg.Period))) }

// Tick is one protocol period: heartbeat gossip raises the own heartbeat, times out silent
// members and gossips the list to Fanout peers; SWIM probes one member.
func (r *Node) Tick(now Time) {
	if r.swim() {
		if r.n.swimTick(now, &r.cfg) {
			r.timerAt = now + r.cfg.Swim.PingTimeout
		}
		r.takeSwim(now)
		return
	}
	r.buf = r.n.tick(now, &r.cfg, r.buf[:0])
	r.takeGossip(now)
}

// NextTimer is when Timer is due (SWIM's ping timeout), if one is pending.
func (r *Node) NextTimer() (Time, bool) { return r.timerAt, r.timerAt >= 0 }

// Timer runs the pending ping timeout: no ack from the target yet, so ask K others (ping-req).
func (r *Node) Timer(now Time) {
	if r.timerAt < 0 {
		return
	}
	r.timerAt = -1
	r.n.swimTimer(&r.cfg)
	r.takeSwim(now)
}

// Receive takes one message addressed to this node. A message for another node, or of a kind
// this protocol does not use, is ignored (the live driver counts those before calling).
func (r *Node) Receive(m Message, now Time) {
	if m.To != r.n.id {
		return
	}
	r.buf = r.buf[:0]
	for _, d := range m.Entries {
		r.buf = append(r.buf, wireEntry{id: d.ID, hb: d.Heartbeat, gen: d.Generation, state: d.State})
	}
	switch {
	case m.Kind == MsgGossip && !r.swim():
		r.n.receive(r.buf, now)
		r.takeChanges(now)
	case m.Kind != MsgGossip && m.Kind != MsgRumor && m.Kind != MsgCall && r.swim():
		r.n.swimReceive(m.Kind, m.From, m.About, m.Seq, r.buf, now, &r.cfg)
		r.takeSwim(now)
	}
}

// Leave departs gracefully: the own entry turns Left and the farewell goes out (to every member
// believed alive under heartbeat gossip; piggybacked on SWIM's next messages).
func (r *Node) Leave(now Time) {
	if r.swim() {
		r.n.swimLeave(now, &r.cfg)
		r.takeSwim(now)
		return
	}
	r.buf = r.n.leave(now, r.buf[:0])
	r.takeGossip(now)
}

// Outbox returns the messages to send since the last call, and forgets them. The slice and its
// digests are reused by the next call: send (or copy) them first.
func (r *Node) Outbox() []Message {
	out := r.out
	r.out = r.out[:0]
	return out
}

// TakeChanges appends the belief changes since the last call to dst, and forgets them.
func (r *Node) TakeChanges(dst []Change) []Change {
	dst = append(dst, r.changes...)
	r.changes = r.changes[:0]
	return dst
}

// AppendList appends the node's membership list — the members it knows (state other than
// Unknown), by id — to dst.
func (r *Node) AppendList(dst []Entry) []Entry {
	for m, e := range r.n.view {
		if e.state != Unknown {
			dst = append(dst, Entry{Member: NodeID(m), Heartbeat: e.hb, Generation: e.gen, State: e.state, Updated: e.updated})
		}
	}
	return dst
}

// takeGossip turns the payload just built into one gossip message per chosen peer.
func (r *Node) takeGossip(now Time) {
	r.takeChanges(now)
	for _, to := range r.n.targets {
		r.out = append(r.out, Message{Kind: MsgGossip, From: r.n.id, To: to, About: NoNode, Entries: digests(r.buf)})
	}
}

// takeSwim takes SWIM's outgoing messages and the changes the step made.
func (r *Node) takeSwim(now Time) {
	r.takeChanges(now)
	for _, o := range r.n.sw.out {
		r.out = append(r.out, Message{Kind: o.kind, From: r.n.id, To: o.to, About: o.about, Seq: o.seq,
			Entries: digests(r.n.sw.entries[o.lo:o.hi])})
	}
	r.n.sw.out = r.n.sw.out[:0]
}

// takeChanges moves the state machine's belief transitions into the node's report.
func (r *Node) takeChanges(now Time) {
	for _, c := range r.n.changes {
		r.changes = append(r.changes, Change{Time: now, Member: c.member,
			From: Entry{Member: c.member, Heartbeat: c.from.hb, Generation: c.from.gen, State: c.from.state, Updated: c.from.updated},
			To:   Entry{Member: c.member, Heartbeat: c.to.hb, Generation: c.to.gen, State: c.to.state, Updated: c.to.updated}})
	}
	r.n.changes = r.n.changes[:0]
}

func b2u16(b bool) uint16 {
	if b {
		return 1
	}
	return 0
}

func digests(w []wireEntry) []Digest {
	out := make([]Digest, len(w))
	for i, e := range w {
		out[i] = Digest{ID: e.id, Heartbeat: e.hb, Generation: e.gen, State: e.state}
	}
	return out
}
