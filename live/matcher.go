package live

import (
	"slices"

	"gossiplab/core"
	"gossiplab/trace"
)

// Matcher pairs the messages nodes report sending with the ones their receivers report
// receiving, so that a frame can show each packet from its send to its receipt. Reports come
// in any order (a receiver may report before the sender): each side waits for the other.
// A send that no receipt matches within Grace of when it left is judged lost — to a receiver
// that was down (core.DropDead) or, if it was up, on the way (core.DropLoss). A message the
// sender dropped itself (the injected loss, a partition) is known at once.
//
// Matching is first in, first out per sender, receiver and kind, which is exact while one
// pair's messages do not overtake each other (loopback without injected delay; with a delay
// range, two messages of one pair within that range may swap their receipt times).
type Matcher struct {
	// Start is the cluster's start in Unix ms; frames count from it.
	Start int64
	// Grace is how long a send waits for its receipt, in ms.
	Grace   int64
	pending map[pair][]SentMsg
	early   map[pair][]RecvMsg // receipts that came before their send's report
	done    []trace.Msg
}

type pair struct {
	from, to core.NodeID
	kind     core.MsgKind
}

// Sent takes node from's report of what it sent.
func (m *Matcher) Sent(from core.NodeID, msgs []SentMsg) {
	m.init()
	for _, s := range msgs {
		if s.Drop != core.DropNone {
			m.finish(from, s, s.TMs, s.Drop)
			continue
		}
		k := pair{from, s.To, s.Kind}
		if q := m.early[k]; len(q) > 0 {
			m.finish(from, s, q[0].TMs, core.DropNone)
			m.early[k] = q[1:]
			continue
		}
		m.pending[k] = append(m.pending[k], s)
	}
}

// Received takes node to's report of what it received.
func (m *Matcher) Received(to core.NodeID, msgs []RecvMsg) {
	m.init()
	for _, r := range msgs {
		k := pair{r.From, to, r.Kind}
		if q := m.pending[k]; len(q) > 0 {
			m.finish(r.From, q[0], r.TMs, core.DropNone)
			m.pending[k] = q[1:]
			continue
		}
		m.early[k] = append(m.early[k], r)
	}
}

// Take returns the messages whose fate is known at nowMs (Unix ms), in the order they were
// sent; up says whether a node is up now (for a send nobody received).
func (m *Matcher) Take(nowMs int64, up func(core.NodeID) bool) []trace.Msg {
	m.init()
	for k, q := range m.pending {
		for len(q) > 0 && q[0].DueMs+m.Grace < nowMs {
			drop := core.DropLoss
			if !up(k.to) {
				drop = core.DropDead
			}
			m.finish(k.from, q[0], q[0].DueMs, drop)
			q = q[1:]
		}
		m.pending[k] = q
		if len(q) == 0 {
			delete(m.pending, k)
		}
	}
	for k, q := range m.early { // a receipt whose send was never reported (the log overflowed)
		for len(q) > 0 && q[0].TMs+m.Grace < nowMs {
			q = q[1:]
		}
		m.early[k] = q
		if len(q) == 0 {
			delete(m.early, k)
		}
	}
	out := m.done
	m.done = nil
	slices.SortFunc(out, func(a, b trace.Msg) int {
		if a.SentMs != b.SentMs {
			return int(a.SentMs - b.SentMs)
		}
		if a.From != b.From {
			return int(a.From - b.From)
		}
		return int(a.To - b.To)
	})
	return out
}

func (m *Matcher) init() {
	if m.pending == nil {
		m.pending, m.early = map[pair][]SentMsg{}, map[pair][]RecvMsg{}
	}
	if m.Grace == 0 {
		m.Grace = 1000
	}
}

func (m *Matcher) finish(from core.NodeID, s SentMsg, arrive int64, drop core.DropReason) {
	sent := s.TMs - m.Start
	m.done = append(m.done, trace.Msg{From: from, To: s.To, Kind: s.Kind, About: s.About, SentMs: sent,
		ArriveMs: max(sent, arrive-m.Start), Bytes: s.Bytes, Entries: s.Entries, Drop: drop})
}
