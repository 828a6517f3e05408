package core

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Every kind a node sends comes back as it went, in exactly the bytes of the simulator's size
// model (with the IPv4 and UDP headers around it).
func TestDatagramRoundTripInTheModelsBytes(t *testing.T) {
	cfg := DefaultConfig()
	list := []Digest{{ID: 0, Heartbeat: 12, Generation: 0, State: Alive, IP: [4]byte{127, 0, 0, 1}, Port: 7946},
		{ID: 9999, Heartbeat: 1 << 31, Generation: 65535, State: Left, IP: [4]byte{10, 1, 2, 3}, Port: 65535},
		{ID: 5, Heartbeat: 3, Generation: 2, State: Suspect}, {ID: 6, Heartbeat: 4, Generation: 1, State: Removed}}
	for _, m := range []Message{
		{Kind: MsgGossip, From: 3, To: 7, About: NoNode, Entries: list},
		{Kind: MsgGossip, From: 3, To: 7, About: NoNode}, // an empty list reads back as nil
		{Kind: MsgPing, From: 1, To: 2, About: NoNode, Seq: 77, Entries: list[:1]},
		{Kind: MsgAck, From: 2, To: 1, About: 2, Seq: 77, Entries: list[:2]},
		{Kind: MsgPingReq, From: 1, To: 4, About: 2, Seq: 78},
		{Kind: MsgFarewell, From: 9, To: 0, About: NoNode, Entries: list[1:2]},
	} {
		b, err := EncodeDatagram(nil, &m)
		if err != nil {
			t.Fatalf("%s: %v", m.Kind, err)
		}
		if got, want := len(b)+IPUDPHeaderBytes, m.Size(&cfg); got != want {
			t.Errorf("%s with %d digests: %d bytes on the wire, the model says %d", m.Kind, len(m.Entries), got, want)
		}
		back, err := DecodeDatagram(b, m.To, nil)
		if err != nil {
			t.Fatalf("%s: %v", m.Kind, err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("%s: sent %+v, read %+v", m.Kind, m, back)
		}
	}
}

// A datagram that is short, foreign, of another version or kind, of the wrong length, or with
// an id or state out of range is refused whole, naming the field.
func TestDatagramRefusals(t *testing.T) {
	good, _ := EncodeDatagram(nil, &Message{Kind: MsgAck, From: 2, About: 2, Seq: 1, Entries: []Digest{{ID: 1, State: Alive}}})
	with := func(i int, v byte) []byte { b := bytes.Clone(good); b[i] = v; return b }
	for _, c := range []struct {
		name  string
		b     []byte
		field string
		words string
	}{
		{"empty", nil, "length", "at least 8"},
		{"foreign", with(0, 0x47), "version", "not a Gossip Lab datagram"},
		{"version 2", with(0, 0xA2), "version", "format version 2, this node reads version 1"},
		{"kind 5 (rumor)", with(1, 5), "kind", "got 5"},
		{"one byte short", good[:len(good)-1], "length", "1 digests make 32 bytes, got 31"},
		{"count says 2", with(3, 2), "length", "2 digests make 48"},
		{"negative sender", with(4, 0xFF), "sender", "must be in [0, 10000)"},
		{"sender 10000", append(bytes.Clone(good[:4]), append([]byte{0, 0, 0x27, 0x10}, good[8:]...)...), "sender", "got 10000"},
		{"bad subject", with(9, 0x7F), "subject", "or none"},
		{"state 0", with(16, 0), "digest state", "digest 0"},
		{"state 9", with(16, 9), "digest state", "got 9"},
		{"digest id", with(17, 0x01), "digest id", "digest 0"},
	} {
		_, err := DecodeDatagram(c.b, 0, nil)
		var de *DatagramError
		if !errors.As(err, &de) || de.Field != c.field || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: %v, want a %s error with %q", c.name, err, c.field, c.words)
		}
	}
	if _, err := EncodeDatagram(nil, &Message{Kind: MsgRumor}); err == nil {
		t.Error("a rumor message was encoded")
	}
	big := make([]Digest, MaxDigests+1)
	if _, err := EncodeDatagram(nil, &Message{Kind: MsgGossip, Entries: big}); err == nil || !strings.Contains(err.Error(), "fit one datagram") {
		t.Errorf("%d digests: %v", len(big), err)
	}
	full := make([]Digest, MaxDigests)
	if b, err := EncodeDatagram(nil, &Message{Kind: MsgPing, Entries: full}); err != nil || len(b) > MaxDatagram {
		t.Errorf("%d digests in a SWIM datagram: %v, %d bytes (UDP allows %d)", len(full), err, len(b), MaxDatagram)
	}
}

// No byte string crashes the decoder, and what it accepts encodes back to the same bytes but for
// the reserved ones.
func FuzzDecodeDatagram(f *testing.F) {
	for _, m := range []Message{{Kind: MsgGossip, From: 1, Entries: []Digest{{ID: 2, Heartbeat: 3, State: Alive}}},
		{Kind: MsgPingReq, From: 1, About: 3, Seq: 9}} {
		b, _ := EncodeDatagram(nil, &m)
		f.Add(b)
	}
	f.Add([]byte{0xA1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeDatagram(b, 0, nil)
		if err != nil {
			return
		}
		again, err := EncodeDatagram(nil, &m)
		if err != nil {
			t.Fatalf("an accepted datagram does not encode: %v (%+v)", err, m)
		}
		if len(again) != len(b) {
			t.Fatalf("%d bytes read, %d written", len(b), len(again))
		}
	})
}

// A State reads back from its name, and a wrong name says what it must be.
func TestStateTextRoundTrip(t *testing.T) {
	for st := Unknown; st <= Left; st++ {
		b, _ := st.MarshalText()
		var back State
		if err := back.UnmarshalText(b); err != nil || back != st {
			t.Errorf("%s: read back %s, %v", st, back, err)
		}
	}
	var s State
	if err := s.UnmarshalText([]byte("dead")); err == nil || !strings.Contains(err.Error(), "alive") {
		t.Errorf("dead: %v", err)
	}
}

func TestMsgKindAndDropReasonReadBackByName(t *testing.T) {
	for k := MsgGossip; k < numMsgKinds; k++ {
		b, _ := k.MarshalText()
		var back MsgKind
		if err := back.UnmarshalText(b); err != nil || back != k {
			t.Errorf("%v: read back %v, %v", k, back, err)
		}
	}
	for r := DropNone; r < numDropReasons; r++ {
		b, _ := r.MarshalText()
		var back DropReason
		if err := back.UnmarshalText(b); err != nil || back != r {
			t.Errorf("%v: read back %v, %v", r, back, err)
		}
	}
	var k MsgKind
	if err := k.UnmarshalText([]byte("shout")); err == nil || !strings.Contains(err.Error(), "gossip") {
		t.Errorf("an unknown kind: %v", err)
	}
}
