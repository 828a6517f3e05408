package core

// Sim runs the cluster: it owns the clock, the event queue, the nodes and the network.
// It is not safe for concurrent use; the view and the CLI drive it from one goroutine.
type Sim struct {
	cfg   Config
	now   Time
	queue eventQueue
	nodes []*node
	net   network

	flight    flightTable
	payloads  payloadPool
	nextMsgID uint64

	beliefs  beliefs
	metrics  metrics
	informed int // nodes that know the rumor (Protocol "rumor")

	record   bool
	events   []Event
	overflow uint64 // events not kept because nobody drained them
	hash     traceHash
}

// maxPendingEvents bounds the undrained event buffer; beyond it events still count in the
// trace hash but are not kept, so a caller that never drains cannot exhaust memory.
const maxPendingEvents = 1 << 20

// New builds a cluster from cfg, or returns the config's validation error.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Sim{cfg: cfg.clone(), record: true, hash: fnvOffset}
	s.metrics.addMark(0)
	for i := 0; i < cfg.N; i++ {
		s.addNode()
	}
	for _, n := range s.nodes {
		n.view = make([]entry, cfg.N) // exact size: at N=10,000 the lists are 1.6 GB
		if cfg.StartConverged {
			for m := range n.view {
				n.view[m] = entry{state: Alive} // written directly: N² changes would be news to nobody
			}
			n.aliveCount = cfg.N - 1
		} else {
			n.reset(0, s.cfg.Seeds)
		}
		n.changes = nil // the initial lists are not news
		if s.swim() {
			n.swimReset()
		}
		s.beliefs.observe(n, +1)
		s.scheduleFirstTick(n)
	}
	s.queue.push(qitem{at: s.cfg.SampleInterval, kind: qSample})
	return s, nil
}

// addNode creates node len(nodes) with its random streams, without starting it.
func (s *Sim) addNode() *node {
	n := newNode(NodeID(len(s.nodes)), s.cfg.Seed)
	s.nodes = append(s.nodes, n)
	s.net.grow(len(s.nodes))
	s.beliefs.grow(len(s.nodes))
	return n
}

// scheduleFirstTick desynchronises timers: each life's first tick falls at a random phase in [0, X).
func (s *Sim) scheduleFirstTick(n *node) {
	phase := Time(n.proto.Int64N(int64(s.cfg.Period)))
	s.queue.push(qitem{at: s.now + phase, kind: qTick, node: n.id, epoch: n.epoch})
}

// Now is the current virtual time.
func (s *Sim) Now() Time { return s.now }

// Config returns the current parameters (changed by OpSet commands).
func (s *Sim) Config() Config { return s.cfg.clone() }

// NumNodes counts every node ever created, whatever its status.
func (s *Sim) NumNodes() int { return len(s.nodes) }

// Step processes the next scheduled action and moves the clock to it.
func (s *Sim) Step() {
	it := s.queue.pop()
	s.now = it.at
	switch it.kind {
	case qTick:
		s.tick(it)
	case qDeliver:
		s.deliver(it)
	case qSample:
		s.sample()
		s.queue.push(qitem{at: s.now + s.cfg.SampleInterval, kind: qSample})
	case qTimer:
		if n := s.nodes[it.node]; n.status == StatusUp && n.epoch == it.epoch {
			n.swimTimer(&s.cfg)
			s.sendSwim(n)
		}
	}
}

func (s *Sim) swim() bool { return s.cfg.Protocol == ProtocolSwim }

// Advance runs everything scheduled up to now+dt and leaves the clock at now+dt.
func (s *Sim) Advance(dt Time) {
	end := s.now + dt
	for s.queue.len() > 0 && s.queue.peek().at <= end {
		s.Step()
	}
	s.now = end
}

// RunUntil advances to time t (no-op if t is not in the future).
func (s *Sim) RunUntil(t Time) {
	if t > s.now {
		s.Advance(t - s.now)
	}
}

// NextEventTime is when the next scheduled action happens.
func (s *Sim) NextEventTime() Time { return s.queue.peek().at }

func (s *Sim) tick(it qitem) {
	n := s.nodes[it.node]
	if n.status != StatusUp || n.epoch != it.epoch {
		return // a tick of a life that has ended
	}
	s.queue.push(qitem{at: s.now + s.cfg.Period, kind: qTick, node: n.id, epoch: n.epoch})
	if s.cfg.Protocol == ProtocolRumor {
		if kind, ok := n.rumorTick(&s.cfg); ok {
			s.rumorSend(n, kind)
		}
		return
	}
	if s.swim() {
		wake := n.swimTick(s.now, &s.cfg)
		s.flushChanges(n)
		s.sendSwim(n)
		if wake {
			s.queue.push(qitem{at: s.now + s.cfg.Swim.PingTimeout, kind: qTimer, node: n.id, epoch: n.epoch})
		}
		return
	}
	pl := s.payloads.get()
	if cap(s.payloads.items[pl].entries) < len(s.nodes) {
		// Sized once for a whole list: growing by append would leave a trail of garbage the
		// size of the list for every pooled payload, which at N=10,000 costs 200 MB of RSS.
		s.payloads.items[pl].entries = make([]wireEntry, 0, len(s.nodes))
	}
	entries := n.tick(s.now, &s.cfg, s.payloads.items[pl].entries[:0])
	s.payloads.items[pl].entries = entries
	s.flushChanges(n)
	s.send(n, pl)
}

// send puts one gossip message per target of n on the wire, all sharing payload pl.
func (s *Sim) send(n *node, pl int32) {
	p := &s.payloads.items[pl]
	if len(n.targets) == 0 {
		p.refs = 1
		s.payloads.release(pl)
		return
	}
	p.refs = int32(len(n.targets))
	for _, to := range n.targets {
		s.post(n, message{kind: MsgGossip, about: NoNode, to: to, payload: pl}, len(p.entries))
	}
}

// sendSwim puts a SWIM node's outgoing messages on the wire, each with its own payload.
func (s *Sim) sendSwim(n *node) {
	for _, o := range n.sw.out {
		pl := s.payloads.get()
		p := &s.payloads.items[pl]
		p.entries = append(p.entries[:0], n.sw.entries[o.lo:o.hi]...)
		p.refs = 1
		s.post(n, message{kind: o.kind, about: o.about, seq: o.seq, to: o.to, payload: pl}, len(p.entries))
	}
	n.sw.out = n.sw.out[:0]
}

// swimHeaderBytes: a SWIM message also carries its sequence number and subject.
const swimHeaderBytes = 8

// post draws a message's fate and schedules its arrival.
func (s *Sim) post(n *node, m message, entries int) {
	size := s.cfg.HeaderBytes + s.cfg.EntryBytes*entries
	if m.kind != MsgGossip {
		size += swimHeaderBytes
	}
	lost, lat := s.net.draw(&s.cfg, n.link, n.id, m.to)
	s.nextMsgID++
	m.id, m.from, m.sentAt, m.arriveAt = s.nextMsgID, n.id, s.now, s.now+lat
	m.entries, m.bytes, m.lost = int32(entries), int32(size), lost
	slot := s.flight.add(m)
	s.metrics.totals.MsgsSent++
	s.metrics.totals.BytesSent += uint64(size)
	s.emit(Event{Time: s.now, Kind: EvSent, Node: n.id, Peer: m.to, Msg: m.id})
	s.queue.push(qitem{at: m.arriveAt, kind: qDeliver, slot: slot, msg: m.id})
}

func (s *Sim) deliver(it qitem) {
	m := s.flight.slots[it.slot]
	if !m.live || m.id != it.msg {
		return // dropped by hand while in flight
	}
	s.flight.remove(it.slot)
	to := s.nodes[m.to]
	reason := DropNone
	switch {
	case m.lost:
		reason = DropLoss
	case s.net.separated(m.from, m.to):
		reason = DropPartition
	case to.status != StatusUp:
		reason = DropDead
	}
	if reason != DropNone {
		s.metrics.totals.Dropped[reason]++
		s.emit(Event{Time: s.now, Kind: EvDropped, Node: m.from, Peer: m.to, Msg: m.id, Reason: reason})
	} else {
		s.metrics.totals.Delivered++
		s.emit(Event{Time: s.now, Kind: EvDelivered, Node: m.from, Peer: m.to, Msg: m.id})
		entries := s.payloads.items[m.payload].entries
		switch m.kind {
		case MsgGossip:
			to.receive(entries, s.now)
			s.flushChanges(to)
		case MsgRumor, MsgCall:
			answer, learned := to.rumorReceive(m.kind, m.about != NoNode, s.now)
			if learned {
				s.informed++
				s.emit(Event{Time: s.now, Kind: EvInformed, Node: to.id, Peer: m.from})
			}
			if answer {
				s.postEmpty(to, MsgRumor, to.id, m.from)
			}
		default:
			to.swimReceive(m.kind, m.from, m.about, m.seq, entries, s.now, &s.cfg)
			s.flushChanges(to)
			s.sendSwim(to)
		}
	}
	s.payloads.release(m.payload)
}

// changeEvents maps a belief transition to the event that tells it.
func changeEvent(from, to State) (EventKind, bool) {
	switch {
	case to == Suspect:
		return EvSuspected, true
	case to == Removed:
		return EvRemoved, true
	case to == Left:
		return EvSawLeft, true
	case to == Unknown && from == Suspect:
		return EvRemoved, true // straight to forgotten: the NoTombstone pitfall
	case to == Unknown:
		return EvForgotten, true
	case to == Alive && from == Suspect:
		return EvUnsuspected, true
	case to == Alive && from == Removed:
		return EvReadded, true
	case to == Alive && from == Unknown:
		return EvLearned, true
	}
	return 0, false // Left → Alive is a new generation: also "learned" below
}

// flushChanges turns a node's belief transitions into counts, metrics and events.
func (s *Sim) flushChanges(n *node) {
	for _, c := range n.changes {
		if c.member == n.id {
			continue // its own entry: only a leave changes it, and EvLeft tells that
		}
		s.beliefs.moved(c.member, c.from.state, c.to.state)
		kind, ok := changeEvent(c.from.state, c.to.state)
		if !ok {
			kind = EvLearned
		}
		subject := s.nodes[c.member]
		falseAlarm := subject.status == StatusUp && c.to.gen == subject.gen
		switch kind {
		case EvSuspected:
			s.metrics.totals.Suspicions++
			if falseAlarm {
				s.metrics.totals.FalseSuspicions++
			}
			s.noteFirstSuspicion(c.member, c.to.gen)
		case EvRemoved:
			s.metrics.totals.Removals++
			if falseAlarm {
				s.metrics.totals.FalseRemovals++
			}
		}
		e := Event{Time: s.now, Kind: kind, Node: n.id, Peer: c.member, Heartbeat: c.to.hb, Generation: c.to.gen}
		if kind == EvRemoved && c.to.state == Unknown { // no tombstone: the last entry it had, forgotten
			e.Heartbeat, e.Generation, e.NoTombstone = c.from.hb, c.from.gen, true
		}
		s.emit(e)
		s.checkDetections(c.member)
	}
	n.changes = n.changes[:0]
}

func (s *Sim) noteFirstSuspicion(subject NodeID, gen uint16) {
	for i := range s.metrics.detections {
		d := &s.metrics.detections[i]
		if d.Open && d.Node == subject && d.Generation == gen && d.FirstSuspect < 0 {
			d.FirstSuspect = s.now
		}
	}
}

func (s *Sim) sample() {
	s.metrics.samples.push(s.takeSample())
	s.metrics.addMark(s.now)
}

func (s *Sim) emit(e Event) {
	s.hash.add(&e)
	if !s.record {
		return
	}
	if len(s.events) >= maxPendingEvents {
		s.overflow++
		return
	}
	s.events = append(s.events, e)
}

// RecordEvents turns keeping events for Events on or off (the trace hash covers them either
// way). Experiments that only read metrics turn it off to save memory and time.
func (s *Sim) RecordEvents(on bool) {
	s.record = on
	if !on {
		s.events = s.events[:0]
	}
}

// Events returns the events since the last call, oldest first, in a new slice.
func (s *Sim) Events() []Event {
	out := append([]Event(nil), s.events...)
	s.events = s.events[:0]
	return out
}

// AppendEvents appends the events since the last call to dst and returns it; it does not
// allocate when dst has room, which suits a per-frame caller.
func (s *Sim) AppendEvents(dst []Event) []Event {
	dst = append(dst, s.events...)
	s.events = s.events[:0]
	return dst
}

// EventsOverflowed counts events that were not kept because the buffer was full.
func (s *Sim) EventsOverflowed() uint64 { return s.overflow }

// TraceHash is a hash of every event so far: equal configs and commands give equal hashes.
func (s *Sim) TraceHash() uint64 { return uint64(s.hash) }
