package core

import (
	"encoding/binary"
	"fmt"
)

// The datagram format of real nodes (version 1): a Message as one UDP payload, big-endian, in
// exactly the bytes the simulator's size model counts — Config.HeaderBytes (36) is the IPv4 and
// UDP headers (28) and this payload's 8-byte header, Config.EntryBytes (16) one digest, and a
// SWIM message's subject and sequence number the 8 more the model adds — so that a real
// cluster's bytes per second compare one to one with the simulator's.
//
//	offset  size  field
//	0       1     0xA0 | version (0xA1 for version 1)
//	1       1     kind (MsgKind: 0 gossip, 1 ping, 2 ack, 3 ping-req, 4 farewell)
//	2       2     number of digests, n
//	4       4     sender's member id
//	8       4     SWIM kinds only: subject (About; 0xFFFFFFFF for none)
//	12      4     SWIM kinds only: probe sequence number
//	then n × 16   digests: state (1: 1 alive, 2 suspect, 3 removed, 4 left) and member id (3),
//	              heartbeat or incarnation (4), generation (2), UDP port (2), IPv4 address (4)
//
// A datagram of another version, with a kind a node does not use, a length that does not match
// its count, an id outside [0, MaxNodes) or a state outside those four is refused whole, with a
// DatagramError naming the field: the receiver counts it and drops it.

// Sizes of the format.
const (
	DatagramVersion  = 1
	datagramMagic    = 0xA0
	DatagramHeader   = 8  // version, kind, count, sender
	DatagramSwimMore = 8  // a SWIM message's subject and sequence number
	DatagramDigest   = 16 // one member's version
	// IPUDPHeaderBytes is what IPv4 and UDP add around the payload (20 + 8): with it a datagram
	// has the size Message.Size gives under the default size model.
	IPUDPHeaderBytes = 28
	// MaxDatagram is the largest UDP payload over IPv4; MaxDigests the most digests a gossip
	// datagram can carry within it: a full list of more members does not fit one datagram.
	MaxDatagram = 65507
	MaxDigests  = (MaxDatagram - DatagramHeader - DatagramSwimMore) / DatagramDigest
)

// DatagramError is a refused datagram: which field, and why.
type DatagramError struct {
	Field  string
	Reason string
}

func (e *DatagramError) Error() string { return "datagram " + e.Field + ": " + e.Reason }

func refuse(field, format string, args ...any) error {
	return &DatagramError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// datagramKinds are the kinds a node sends: heartbeat gossip and SWIM's four.
func datagramKind(k MsgKind) bool { return k <= MsgFarewell }

func swimKind(k MsgKind) bool { return k != MsgGossip }

// EncodeDatagram appends m as a datagram to dst. It refuses a kind nodes do not send, ids
// outside [0, MaxNodes) and more digests than fit one datagram (MaxDigests).
func EncodeDatagram(dst []byte, m *Message) ([]byte, error) {
	if !datagramKind(m.Kind) {
		return dst, refuse("kind", "must be gossip, ping, ack, ping-req or farewell, got %s", m.Kind)
	}
	if len(m.Entries) > MaxDigests {
		return dst, refuse("count", "at most %d digests fit one datagram, got %d", MaxDigests, len(m.Entries))
	}
	if !validID(m.From) {
		return dst, refuse("sender", "must be in [0, %d), got %d", MaxNodes, m.From)
	}
	dst = append(dst, datagramMagic|DatagramVersion, byte(m.Kind))
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(m.Entries)))
	dst = binary.BigEndian.AppendUint32(dst, uint32(m.From))
	if swimKind(m.Kind) {
		dst = binary.BigEndian.AppendUint32(dst, uint32(m.About)) // NoNode (-1) is 0xFFFFFFFF
		dst = binary.BigEndian.AppendUint32(dst, m.Seq)
	}
	for _, d := range m.Entries {
		if !validID(d.ID) {
			return dst, refuse("digest id", "must be in [0, %d), got %d", MaxNodes, d.ID)
		}
		dst = binary.BigEndian.AppendUint32(dst, uint32(d.State)<<24|uint32(d.ID))
		dst = binary.BigEndian.AppendUint32(dst, d.Heartbeat)
		dst = binary.BigEndian.AppendUint16(dst, d.Generation)
		dst = binary.BigEndian.AppendUint16(dst, d.Port)
		dst = append(dst, d.IP[:]...)
	}
	return dst, nil
}

// DecodeDatagram reads one datagram received by node to. The digests are appended to into (a
// buffer the caller reuses); the returned message's Entries is that slice.
func DecodeDatagram(b []byte, to NodeID, into []Digest) (Message, error) {
	m := Message{To: to, About: NoNode, Entries: into[:0]}
	if len(b) < DatagramHeader {
		return m, refuse("length", "at least %d bytes, got %d", DatagramHeader, len(b))
	}
	if b[0]&0xF0 != datagramMagic {
		return m, refuse("version", "not a Gossip Lab datagram (first byte %#02x)", b[0])
	}
	if v := b[0] & 0x0F; v != DatagramVersion {
		return m, refuse("version", "format version %d, this node reads version %d", v, DatagramVersion)
	}
	m.Kind = MsgKind(b[1])
	if !datagramKind(m.Kind) {
		return m, refuse("kind", "must be 0..%d (gossip, ping, ack, ping-req, farewell), got %d", MsgFarewell, b[1])
	}
	n := int(binary.BigEndian.Uint16(b[2:]))
	m.From = NodeID(int32(binary.BigEndian.Uint32(b[4:])))
	if !validID(m.From) {
		return m, refuse("sender", "must be in [0, %d), got %d", MaxNodes, int64(binary.BigEndian.Uint32(b[4:])))
	}
	head := DatagramHeader
	if swimKind(m.Kind) {
		head += DatagramSwimMore
	}
	if want := head + n*DatagramDigest; len(b) != want {
		return m, refuse("length", "%d digests make %d bytes, got %d", n, want, len(b))
	}
	if swimKind(m.Kind) {
		m.About = NodeID(int32(binary.BigEndian.Uint32(b[8:])))
		m.Seq = binary.BigEndian.Uint32(b[12:])
		if m.About != NoNode && !validID(m.About) {
			return m, refuse("subject", "must be in [0, %d) or none, got %d", MaxNodes, m.About)
		}
	}
	for i := 0; i < n; i++ {
		p := b[head+i*DatagramDigest:]
		w := binary.BigEndian.Uint32(p)
		d := Digest{ID: NodeID(w & 0xFFFFFF), State: State(w >> 24), Heartbeat: binary.BigEndian.Uint32(p[4:]),
			Generation: binary.BigEndian.Uint16(p[8:]), Port: binary.BigEndian.Uint16(p[10:]), IP: [4]byte(p[12:16])}
		if !validID(d.ID) {
			return m, refuse("digest id", "digest %d: must be in [0, %d), got %d", i, MaxNodes, d.ID)
		}
		if d.State != Alive && d.State != Suspect && d.State != Removed && d.State != Left {
			return m, refuse("digest state", "digest %d: must be alive, suspect, removed or left, got %d", i, p[0])
		}
		m.Entries = append(m.Entries, d)
	}
	return m, nil
}

func validID(id NodeID) bool { return id >= 0 && int(id) < MaxNodes }
