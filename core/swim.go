package core

import "math/bits"

// SWIM (Das, Gupta, Motivala 2002), as the lab runs it:
//   - every period a node pings one member (uniformly at random among those it believes alive
//     or suspects, or round-robin); no ack within PingTimeout → it asks K others (ping-req) to
//     ping the target and forward the ack; no ack by the end of the period → it suspects it;
//   - a suspicion not refuted within SuspicionTimeout is confirmed: the member is removed and
//     kept as a tombstone for TTombstone;
//   - a member told it is suspected (or dead) at its current incarnation refutes: it raises its
//     incarnation and spreads Alive at the new one;
//   - updates travel piggybacked on pings, acks and ping-reqs, each up to
//     Lambda·⌈log2(N+1)⌉ times, newest first, at most MaxPiggyback per message. Every message
//     also carries the sender's own entry, so a receiver learns a joiner at once, and a reply
//     carries the addressee's entry when the replier suspects it, so it can refute;
//   - a node that hears from a member it did not know answers with its whole list once (the
//     join sync that memberlist calls push-pull), so a joiner learns the cluster from its seed.
// Precedence for one member, versions compared as (generation, incarnation): a newer generation
// wins outright; within one, Alive(i) beats Alive/Suspect/Removed(j) for i > j, Suspect(i) beats
// Alive(j) for i ≥ j and Suspect(j) for i > j, Removed(i) and Left(i) beat Alive/Suspect(j) for
// i ≥ j. Removed is final for its incarnation; Left only yields to a newer generation.

// swimNode is a node's SWIM state beside its membership list.
type swimNode struct {
	seq      uint32 // last sequence number used
	target   NodeID // member probed this period, NoNode if none
	probeSeq uint32
	acked    bool
	relays   []relay // ping-reqs being served for others
	queue    []queued
	rr       []NodeID // round-robin order, one pass
	out      []outMsg
	entries  []wireEntry // the entries of out, each message a range
}

type relay struct {
	seq       uint32 // the ping this node sent on the requester's behalf
	requester NodeID
	reqSeq    uint32
	at        Time
}

type queued struct {
	id   NodeID
	sent int
}

// outMsg is a message a SWIM node wants sent; its entries are sw.entries[lo:hi].
type outMsg struct {
	to     NodeID
	kind   MsgKind
	about  NodeID
	seq    uint32
	lo, hi int32
}

// swimMerge applies one received update to the local entry under SWIM's precedence rules.
func swimMerge(local entry, in wireEntry, now Time) entry {
	take := entry{hb: in.hb, gen: in.gen, state: in.state, updated: now}
	switch {
	case local.state == Unknown || in.gen > local.gen:
		return take
	case in.gen < local.gen || local.state == Left:
		return local
	}
	newerInc, atLeast := in.hb > local.hb, in.hb >= local.hb
	switch in.state {
	case Alive:
		if newerInc {
			return take
		}
	case Suspect:
		if (local.state == Alive && atLeast) || (local.state == Suspect && newerInc) {
			return take
		}
	case Removed, Left:
		if (local.state == Alive || local.state == Suspect) && atLeast {
			return take
		}
	}
	return local
}

// enqueue puts a member's current entry on the piggyback queue, as its newest update.
func (n *node) enqueue(id NodeID) {
	q := n.sw.queue
	for i := range q {
		if q[i].id == id {
			copy(q[i:], q[i+1:])
			q = q[:len(q)-1]
			break
		}
	}
	n.sw.queue = append(q, queued{id: id})
}

// swimSet changes an entry and queues the change for dissemination.
func (n *node) swimSet(id NodeID, e entry) {
	n.set(id, e)
	n.enqueue(id)
}

// swimReset starts a new SWIM life: known are itself and the seeds, and its Alive is news.
func (n *node) swimReset() {
	n.sw.seq, n.sw.target, n.sw.acked = 0, NoNode, false
	n.sw.relays, n.sw.queue, n.sw.rr = n.sw.relays[:0], n.sw.queue[:0], n.sw.rr[:0]
	n.enqueue(n.id)
}

// swimTick closes the last probe, applies the timeouts and starts the next probe. It reports
// whether the sim should wake it after PingTimeout.
func (n *node) swimTick(now Time, c *Config) bool {
	n.sw.out, n.sw.entries = n.sw.out[:0], n.sw.entries[:0]
	n.view[n.id].updated = now
	if t := n.sw.target; t != NoNode && !n.sw.acked && n.view[t].state == Alive {
		e := n.view[t]
		e.state, e.updated = Suspect, now
		n.swimSet(t, e)
	}
	for m := range n.view {
		e := n.view[m]
		switch {
		case e.state == Suspect && now-e.updated >= c.Swim.SuspicionTimeout:
			e.state, e.updated = Removed, now
			n.swimSet(NodeID(m), e)
		case (e.state == Removed || e.state == Left) && now-e.updated >= c.TTombstone:
			n.set(NodeID(m), entry{})
		}
	}
	keep := n.sw.relays[:0]
	for _, r := range n.sw.relays {
		if now-r.at < c.Period {
			keep = append(keep, r)
		}
	}
	n.sw.relays = keep

	n.sw.target, n.sw.acked = n.pickProbe(c), false
	if n.sw.target != NoNode {
		n.sw.seq++
		n.sw.probeSeq = n.sw.seq
		n.emit(n.sw.target, MsgPing, n.sw.target, n.sw.seq, c, false)
	}
	for _, s := range n.probeSeed(now, c, n.targets[:0]) {
		if s != n.sw.target {
			n.sw.seq++
			n.emit(s, MsgPing, s, n.sw.seq, c, false)
		}
	}
	return n.sw.target != NoNode
}

// swimTimer fires PingTimeout after the tick: without a direct ack, ask K others to probe.
func (n *node) swimTimer(c *Config) {
	n.sw.out, n.sw.entries = n.sw.out[:0], n.sw.entries[:0]
	t := n.sw.target
	if t == NoNode || n.sw.acked || c.Swim.K == 0 {
		return
	}
	helpers := n.pickPeers(c.Swim.K+1, n.targets[:0])
	sent := 0
	for _, h := range helpers {
		if h != t && sent < c.Swim.K {
			n.emit(h, MsgPingReq, t, n.sw.probeSeq, c, false)
			sent++
		}
	}
}

// swimReceive handles one SWIM message.
func (n *node) swimReceive(kind MsgKind, from, about NodeID, seq uint32, entries []wireEntry, now Time, c *Config) {
	n.sw.out, n.sw.entries = n.sw.out[:0], n.sw.entries[:0]
	wasKnown := int(from) < len(n.view) && (n.view[from].state == Alive || n.view[from].state == Suspect)
	n.swimMergeAll(entries, now)
	switch kind {
	case MsgPing:
		n.emit(from, MsgAck, n.id, seq, c, !wasKnown)
	case MsgAck:
		if seq == n.sw.probeSeq && about == n.sw.target {
			n.sw.acked = true
			return
		}
		for i, r := range n.sw.relays {
			if r.seq == seq {
				n.emit(r.requester, MsgAck, about, r.reqSeq, c, false)
				n.sw.relays = append(n.sw.relays[:i], n.sw.relays[i+1:]...)
				return
			}
		}
	case MsgPingReq:
		n.sw.seq++
		n.sw.relays = append(n.sw.relays, relay{seq: n.sw.seq, requester: from, reqSeq: seq, at: now})
		n.emit(about, MsgPing, about, n.sw.seq, c, false)
	}
}

// swimMergeAll merges received updates; news about itself that it is suspected or dead is
// refuted with a higher incarnation.
func (n *node) swimMergeAll(entries []wireEntry, now Time) {
	for _, in := range entries {
		if in.id == n.id {
			self := n.view[n.id]
			if in.gen == self.gen && in.hb >= self.hb && (in.state == Suspect || in.state == Removed) {
				self.hb = in.hb + 1
				n.view[n.id] = self
				n.enqueue(n.id)
			}
			continue
		}
		n.grow(in.id)
		local := n.view[in.id]
		if ne := swimMerge(local, in, now); ne != local {
			n.swimSet(in.id, ne)
		}
	}
}

// swimLeave announces a graceful departure to every member it believes alive or suspects.
func (n *node) swimLeave(now Time, c *Config) {
	n.sw.out, n.sw.entries = n.sw.out[:0], n.sw.entries[:0]
	self := n.view[n.id]
	self.hb++
	self.state, self.updated = Left, now
	n.set(n.id, self)
	n.enqueue(n.id)
	for m, e := range n.view {
		if NodeID(m) != n.id && (e.state == Alive || e.state == Suspect) {
			n.emit(NodeID(m), MsgFarewell, n.id, 0, c, false)
		}
	}
}

// pickProbe chooses this period's target among the members believed alive or suspected.
func (n *node) pickProbe(c *Config) NodeID {
	probeable := func(m NodeID) bool {
		st := n.view[m].state
		return m != n.id && (st == Alive || st == Suspect)
	}
	if c.Swim.RoundRobin {
		for len(n.sw.rr) > 0 {
			m := n.sw.rr[len(n.sw.rr)-1]
			n.sw.rr = n.sw.rr[:len(n.sw.rr)-1]
			if int(m) < len(n.view) && probeable(m) {
				return m
			}
		}
		for m := range n.view { // a new pass in a new random order
			if probeable(NodeID(m)) {
				n.sw.rr = append(n.sw.rr, NodeID(m))
			}
		}
		n.proto.Shuffle(len(n.sw.rr), func(i, j int) { n.sw.rr[i], n.sw.rr[j] = n.sw.rr[j], n.sw.rr[i] })
		if len(n.sw.rr) == 0 {
			return NoNode
		}
		m := n.sw.rr[len(n.sw.rr)-1]
		n.sw.rr = n.sw.rr[:len(n.sw.rr)-1]
		return m
	}
	cands := n.scratch[:0]
	for m := range n.view {
		if probeable(NodeID(m)) {
			cands = append(cands, NodeID(m))
		}
	}
	n.scratch = cands
	if len(cands) == 0 {
		return NoNode
	}
	return cands[n.proto.IntN(len(cands))]
}

// emit queues a message to `to` with its piggyback: the sender's own entry, the addressee's
// entry when this node suspects or removed it (so it can refute), then the newest queued
// updates; or, with full, the whole list (the join sync).
func (n *node) emit(to NodeID, kind MsgKind, about NodeID, seq uint32, c *Config, full bool) {
	lo := int32(len(n.sw.entries))
	n.sw.entries = append(n.sw.entries, n.wire(n.id))
	if int(to) < len(n.view) && (n.view[to].state == Suspect || n.view[to].state == Removed) {
		n.sw.entries = append(n.sw.entries, n.wire(to))
	}
	if full {
		for m, e := range n.view {
			if NodeID(m) != n.id && NodeID(m) != to && e.state != Unknown {
				n.sw.entries = append(n.sw.entries, n.wire(NodeID(m)))
			}
		}
	} else {
		n.piggyback(c)
	}
	n.sw.out = append(n.sw.out, outMsg{to: to, kind: kind, about: about, seq: seq, lo: lo, hi: int32(len(n.sw.entries))})
}

// piggyback appends up to MaxPiggyback queued updates, newest first, and retires those sent
// Lambda·⌈log2(N+1)⌉ times.
func (n *node) piggyback(c *Config) {
	limit := c.Swim.Lambda * bits.Len(uint(len(n.view)+1))
	q := n.sw.queue
	taken := 0
	for i := len(q) - 1; i >= 0 && taken < c.Swim.MaxPiggyback; i-- {
		if q[i].id == n.id { // its own entry leads every message anyway
			q[i].sent++
			continue
		}
		n.sw.entries = append(n.sw.entries, n.wire(q[i].id))
		q[i].sent++
		taken++
	}
	keep := q[:0]
	for _, u := range q {
		if u.sent < limit {
			keep = append(keep, u)
		}
	}
	n.sw.queue = keep
}

func (n *node) wire(id NodeID) wireEntry {
	e := n.view[id]
	return wireEntry{id: id, hb: e.hb, gen: e.gen, state: e.state}
}
