package core

// The rumor protocol spreads one rumor over a fixed membership, asynchronously: each node acts
// at its own tick, every period, with the network's loss and latency. It is the event-driven
// counterpart of the round model (core/rounds), so the two can be compared:
//   - push: an informed node sends the rumor to Fanout peers;
//   - pull: an uninformed node calls Fanout peers, and an informed callee answers with the rumor;
//   - push-pull: every node calls Fanout peers, carrying the rumor if it has it, and an informed
//     callee answers an uninformed caller with the rumor.
// Peers are chosen uniformly among the members the node believes alive (its list is not timed
// out under this protocol: it starts converged and only joins change it).

// rumorTick is one period of the rumor protocol: it returns the kind of message to send to
// n.targets, or false if the node has nothing to say this period.
func (n *node) rumorTick(c *Config) (MsgKind, bool) {
	n.targets = n.targets[:0]
	switch {
	case c.RumorMode == "push" && n.informed:
		n.targets = n.pickPeers(c.Fanout, n.targets)
		return MsgRumor, true
	case c.RumorMode == "pull" && !n.informed, c.RumorMode == "pushpull":
		n.targets = n.pickPeers(c.Fanout, n.targets)
		return MsgCall, true
	}
	return 0, false
}

// rumorReceive handles a rumor message and reports whether the node must answer `from` with
// the rumor, and whether it has just learned it.
func (n *node) rumorReceive(kind MsgKind, callerInformed bool, now Time) (answer, learned bool) {
	switch kind {
	case MsgRumor:
		learned = n.learn(now)
	case MsgCall:
		if callerInformed {
			learned = n.learn(now)
		} else if n.informed {
			answer = true
		}
	}
	return answer, learned
}

func (n *node) learn(now Time) bool {
	if n.informed {
		return false
	}
	n.informed, n.informedAt = true, now
	return true
}

// rumorSend posts the rumor protocol's message of the given kind to each of n.targets.
func (s *Sim) rumorSend(n *node, kind MsgKind) {
	about := NoNode
	if n.informed {
		about = n.id // a call carries the rumor when its caller has it
	}
	for _, to := range n.targets {
		s.postEmpty(n, kind, about, to)
	}
}

// postEmpty posts a message without membership entries: it carries one record (the rumor).
func (s *Sim) postEmpty(n *node, kind MsgKind, about, to NodeID) {
	pl := s.payloads.get()
	s.payloads.items[pl].entries = s.payloads.items[pl].entries[:0]
	s.payloads.items[pl].refs = 1
	s.post(n, message{kind: kind, about: about, to: to, payload: pl}, 1)
}

// inject starts the rumor at node n.
func (s *Sim) inject(n *node) {
	if n.learn(s.now) {
		s.informed++
		s.emit(Event{Time: s.now, Kind: EvInformed, Node: n.id, Peer: NoNode})
	}
}
