package core

import "math/rand/v2"

// network is the lossy channel: independent loss (global and per node), uniform latency, and
// partitions. Loss and latency are drawn from the sender's link stream when a message is sent;
// partitions are checked when it arrives, so splitting the network also cuts packets in flight.
type network struct {
	nodeLoss []float64 // extra loss on every message to or from a node ("straggler")
	group    []int     // partition group per node; all equal when healed
	split    bool
}

func (nw *network) grow(n int) {
	for len(nw.nodeLoss) < n {
		nw.nodeLoss = append(nw.nodeLoss, 0)
		nw.group = append(nw.group, 0)
	}
}

// lossProb is the chance a message from a to b is lost: it must survive the channel and both ends.
func (nw *network) lossProb(c *Config, from, to NodeID) float64 {
	return 1 - (1-c.Loss)*(1-nw.nodeLoss[from])*(1-nw.nodeLoss[to])
}

// draw decides a message's fate at send time: lost or not, and its latency.
func (nw *network) draw(c *Config, rng *rand.Rand, from, to NodeID) (lost bool, latency Time) {
	// Both draws always happen so that a loss setting doesn't shift later latencies.
	u := rng.Float64()
	latency = c.LatencyMin
	if c.LatencyMax > c.LatencyMin {
		latency += Time(rng.Int64N(int64(c.LatencyMax-c.LatencyMin) + 1))
	}
	return u < nw.lossProb(c, from, to), latency
}

func (nw *network) separated(a, b NodeID) bool { return nw.split && nw.group[a] != nw.group[b] }

// payload is one gossiped list, shared by the messages of one tick and recycled when the last
// of them is delivered or dropped.
type payload struct {
	entries []wireEntry
	refs    int32
}

type payloadPool struct {
	items []payload
	free  []int32
}

func (p *payloadPool) get() int32 {
	if n := len(p.free); n > 0 {
		i := p.free[n-1]
		p.free = p.free[:n-1]
		return i
	}
	p.items = append(p.items, payload{})
	return int32(len(p.items) - 1)
}

func (p *payloadPool) release(i int32) {
	pl := &p.items[i]
	pl.refs--
	if pl.refs == 0 {
		pl.entries = pl.entries[:0]
		p.free = append(p.free, i)
	}
}

// MsgKind says what a message is.
type MsgKind uint8

const (
	MsgGossip   MsgKind = iota // heartbeat protocol: a membership list
	MsgPing                    // SWIM: are you alive? (Seq identifies the probe)
	MsgAck                     // SWIM: yes — About names who answered, sent back or forwarded
	MsgPingReq                 // SWIM: please ping About for me
	MsgFarewell                // SWIM: I am leaving
	MsgRumor                   // rumor: here is the rumor
	MsgCall                    // rumor (pull, push-pull): a call; About is NoNode if the caller is uninformed
	numMsgKinds
)

var msgKindNames = [...]string{"gossip", "ping", "ack", "ping-req", "farewell", "rumor", "call"}

func (k MsgKind) String() string {
	if int(k) < len(msgKindNames) {
		return msgKindNames[k]
	}
	return "msg?"
}

func (k MsgKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// message is a packet in flight.
type message struct {
	id       uint64
	kind     MsgKind
	about    NodeID // SWIM: the probe target of a ping-req, or who an ack vouches for
	seq      uint32 // SWIM: the probe this ping, ping-req or ack belongs to
	from, to NodeID
	sentAt   Time
	arriveAt Time
	payload  int32
	entries  int32
	bytes    int32
	lost     bool // decided at send; shown as a drop when it would have arrived
	live     bool
}

// flightTable holds messages in flight in reusable slots.
type flightTable struct {
	slots []message
	free  []int32
	count int
}

func (f *flightTable) add(m message) int32 {
	m.live = true
	f.count++
	if n := len(f.free); n > 0 {
		i := f.free[n-1]
		f.free = f.free[:n-1]
		f.slots[i] = m
		return i
	}
	f.slots = append(f.slots, m)
	return int32(len(f.slots) - 1)
}

func (f *flightTable) remove(i int32) {
	f.slots[i].live = false
	f.count--
	f.free = append(f.free, i)
}

// find returns the slot of live message id, or -1.
func (f *flightTable) find(id uint64) int32 {
	for i := range f.slots {
		if f.slots[i].live && f.slots[i].id == id {
			return int32(i)
		}
	}
	return -1
}
