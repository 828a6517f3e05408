package core

import (
	"fmt"
	"strings"
)

// EventKind says what happened.
type EventKind uint8

const (
	EvSent        EventKind = iota // Node sent message Msg to Peer
	EvDelivered                    // message Msg from Node arrived at Peer and was merged
	EvDropped                      // message Msg from Node to Peer was lost; Reason says why
	EvLearned                      // observer Node added Peer to its list (first news of it)
	EvSuspected                    // observer Node suspects Peer: no heartbeat increase for TSuspect
	EvUnsuspected                  // observer Node cleared its suspicion of Peer: a newer heartbeat came (a false alarm)
	EvRemoved                      // observer Node removed Peer (no increase for TRemove) and keeps a tombstone
	EvReadded                      // observer Node took back removed Peer: a strictly newer heartbeat proved it alive
	EvSawLeft                      // observer Node learned that Peer left gracefully
	EvForgotten                    // observer Node dropped Peer's tombstone after TTombstone
	EvJoined                       // Node was added and starts joining through the seeds
	EvLeft                         // Node left gracefully
	EvCrashed                      // Node crashed
	EvRestarted                    // Node restarted with generation Generation
	EvPartitioned                  // the network was split into groups
	EvHealed                       // the partition was removed
	EvParamSet                     // a parameter changed (see the command log for which)
	EvInformed                     // Node learned the rumor from Peer (NoNode where it was injected)
	numEventKinds
)

var eventKindNames = [...]string{"sent", "delivered", "dropped", "learned", "suspected", "unsuspected",
	"removed", "readded", "saw-left", "forgotten", "joined", "left", "crashed", "restarted",
	"partitioned", "healed", "param-set", "informed"}

func (k EventKind) String() string {
	if int(k) < len(eventKindNames) {
		return eventKindNames[k]
	}
	return "event?"
}

// DropReason says why a message was not delivered.
type DropReason uint8

const (
	DropNone      DropReason = iota
	DropLoss                 // random loss on the channel
	DropPartition            // sender and receiver are in different partition groups
	DropDead                 // the receiver was crashed or gone when the message arrived
	DropUser                 // the user dropped the packet by hand
	numDropReasons
)

var dropReasonNames = [...]string{"", "loss", "partition", "dead receiver", "dropped by hand"}

func (r DropReason) String() string {
	if int(r) < len(dropReasonNames) {
		return dropReasonNames[r]
	}
	return "reason?"
}

// Event is one thing that happened in the simulation. Node is the actor (sender, observer, or
// the node a command acted on); Peer is the other party (receiver or subject) or NoNode.
type Event struct {
	Time       Time       `json:"t_ms"`
	Kind       EventKind  `json:"kind"`
	Node       NodeID     `json:"node"`
	Peer       NodeID     `json:"peer"`
	Msg        uint64     `json:"msg,omitempty"`
	Reason     DropReason `json:"reason,omitempty"`
	Heartbeat  uint32     `json:"heartbeat,omitempty"`
	Generation uint16     `json:"generation,omitempty"`
	// NoTombstone (EvRemoved): the observer forgot the member at once instead of keeping a
	// tombstone (the no_tombstone pitfall); Heartbeat is then the last one it had seen. Not in
	// the trace hash: the config says it.
	NoTombstone bool `json:"no_tombstone,omitempty"`
}

// Describe tells the event in plain words for a run of protocol p: SWIM's version number is an
// incarnation, not a heartbeat.
func (e Event) Describe(p Protocol) string {
	if p == ProtocolSwim {
		return strings.NewReplacer("heartbeat", "incarnation").Replace(e.String())
	}
	return e.String()
}

// String tells the event in plain words, as the event log shows it.
func (e Event) String() string {
	t := fmt.Sprintf("%8.3f s: ", e.Time.Seconds())
	switch e.Kind {
	case EvSent:
		return t + fmt.Sprintf("node %d gossips to node %d (msg %d)", e.Node, e.Peer, e.Msg)
	case EvDelivered:
		return t + fmt.Sprintf("node %d receives node %d's list (msg %d)", e.Peer, e.Node, e.Msg)
	case EvDropped:
		return t + fmt.Sprintf("msg %d from node %d to node %d is lost: %s", e.Msg, e.Node, e.Peer, e.Reason)
	case EvLearned:
		return t + fmt.Sprintf("node %d learns of node %d", e.Node, e.Peer)
	case EvSuspected:
		return t + fmt.Sprintf("node %d suspects node %d (heartbeat %d stale)", e.Node, e.Peer, e.Heartbeat)
	case EvUnsuspected:
		return t + fmt.Sprintf("node %d no longer suspects node %d (heartbeat %d arrived)", e.Node, e.Peer, e.Heartbeat)
	case EvRemoved:
		if e.NoTombstone {
			return t + fmt.Sprintf("node %d removes node %d and forgets it at once: no tombstone (last heartbeat %d)", e.Node, e.Peer, e.Heartbeat)
		}
		return t + fmt.Sprintf("node %d removes node %d (tombstone at heartbeat %d)", e.Node, e.Peer, e.Heartbeat)
	case EvReadded:
		return t + fmt.Sprintf("node %d takes node %d back (newer heartbeat %d)", e.Node, e.Peer, e.Heartbeat)
	case EvSawLeft:
		return t + fmt.Sprintf("node %d learns that node %d left", e.Node, e.Peer)
	case EvForgotten:
		return t + fmt.Sprintf("node %d forgets node %d's tombstone", e.Node, e.Peer)
	case EvJoined:
		return t + fmt.Sprintf("node %d joins through the seeds", e.Node)
	case EvLeft:
		return t + fmt.Sprintf("node %d leaves gracefully", e.Node)
	case EvCrashed:
		return t + fmt.Sprintf("node %d crashes", e.Node)
	case EvRestarted:
		return t + fmt.Sprintf("node %d restarts (generation %d)", e.Node, e.Generation)
	case EvPartitioned:
		return t + "the network is partitioned"
	case EvHealed:
		return t + "the partition heals"
	case EvParamSet:
		return t + "a parameter changes"
	case EvInformed:
		if e.Peer == NoNode {
			return t + fmt.Sprintf("the rumor starts at node %d", e.Node)
		}
		return t + fmt.Sprintf("node %d hears the rumor from node %d", e.Node, e.Peer)
	}
	return t + e.Kind.String()
}

// traceHash is FNV-1a over every event, the run's fingerprint: equal inputs give equal hashes.
type traceHash uint64

const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

func (h *traceHash) add(e *Event) {
	x := uint64(*h)
	for _, w := range [...]uint64{uint64(e.Time), uint64(e.Kind), uint64(uint32(e.Node)),
		uint64(uint32(e.Peer)), e.Msg, uint64(e.Reason), uint64(e.Heartbeat), uint64(e.Generation)} {
		for i := 0; i < 8; i++ {
			x ^= w & 0xff
			x *= fnvPrime
			w >>= 8
		}
	}
	*h = traceHash(x)
}
