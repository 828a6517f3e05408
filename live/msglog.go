package live

import (
	"time"

	"gossiplab/core"
)

// A node keeps the messages it sent and received since its last report, so that its supervisor
// can draw packets in flight and match each send with its receipt (Matcher). Times are Unix
// milliseconds: the nodes of one machine share its clock.

// SentMsg is a message the node sent. DueMs is when it was handed to the socket (the send time
// plus the injected delay); Drop says why it never was (the injected loss, a partition).
type SentMsg struct {
	To      core.NodeID     `json:"to"`
	Kind    core.MsgKind    `json:"kind"`
	About   core.NodeID     `json:"about"` // SWIM: a ping-req's target, or who an ack vouches for
	TMs     int64           `json:"t"`
	DueMs   int64           `json:"due"`
	Bytes   int             `json:"bytes"`
	Entries int             `json:"entries"`
	Drop    core.DropReason `json:"drop,omitempty"`
}

// RecvMsg is a message the node received and accepted.
type RecvMsg struct {
	From core.NodeID  `json:"from"`
	Kind core.MsgKind `json:"kind"`
	TMs  int64        `json:"t"`
}

// maxLogged bounds what a node keeps between two reports; past it the oldest go (and are
// counted in Stats.Unlogged), so a supervisor that stopped reading costs nothing.
const maxLogged = 8192

// msgLog is what a node keeps between reports.
type msgLog struct {
	sent []SentMsg
	recv []RecvMsg
}

func unixMs() int64 { return time.Now().UnixMilli() }

func (n *Node) logSent(m *core.Message, bytes int, delay core.Time, drop core.DropReason) {
	if len(n.log.sent) >= maxLogged {
		n.log.sent = n.log.sent[:copy(n.log.sent, n.log.sent[maxLogged/2:])]
		n.stats.Unlogged += maxLogged / 2
	}
	t := unixMs()
	n.log.sent = append(n.log.sent, SentMsg{To: m.To, Kind: m.Kind, About: m.About, TMs: t, DueMs: t + int64(delay),
		Bytes: bytes, Entries: len(m.Entries), Drop: drop})
}

func (n *Node) logRecv(m *core.Message) {
	if len(n.log.recv) >= maxLogged {
		n.log.recv = n.log.recv[:copy(n.log.recv, n.log.recv[maxLogged/2:])]
		n.stats.Unlogged += maxLogged / 2
	}
	n.log.recv = append(n.log.recv, RecvMsg{From: m.From, Kind: m.Kind, TMs: unixMs()})
}

// TakeMessages returns the messages sent and received since the last call.
func (n *Node) TakeMessages() ([]SentMsg, []RecvMsg) {
	n.mu.Lock()
	defer n.mu.Unlock()
	s, r := n.log.sent, n.log.recv
	n.log = msgLog{}
	return s, r
}
