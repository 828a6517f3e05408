package live

import (
	"testing"

	"gossiplab/core"
	"gossiplab/trace"
)

// A send and its receipt make one message from the send time to the receipt time, whichever
// report comes first; what nobody receives is judged lost after the grace, as dead or lost
// by whether its receiver is up; what the sender dropped is known at once.
func TestMatcherPairsSendsWithReceipts(t *testing.T) {
	m := Matcher{Start: 1000, Grace: 500}
	up := func(id core.NodeID) bool { return id != 3 }
	m.Sent(0, []SentMsg{
		{To: 1, Kind: core.MsgGossip, TMs: 1100, DueMs: 1100, Bytes: 84, Entries: 3},
		{To: 1, Kind: core.MsgGossip, TMs: 1200, DueMs: 1200, Bytes: 84, Entries: 3},
		{To: 2, Kind: core.MsgGossip, TMs: 1150, DueMs: 1150, Bytes: 84, Entries: 3},
		{To: 3, Kind: core.MsgGossip, TMs: 1160, DueMs: 1160, Bytes: 84, Entries: 3},
		{To: 2, Kind: core.MsgGossip, TMs: 1170, DueMs: 1170, Bytes: 84, Entries: 3, Drop: core.DropLoss},
	})
	m.Received(1, []RecvMsg{{From: 0, Kind: core.MsgGossip, TMs: 1101}, {From: 0, Kind: core.MsgGossip, TMs: 1203}})
	m.Received(0, []RecvMsg{{From: 2, Kind: core.MsgPing, TMs: 1300}}) // before its send's report
	m.Sent(2, []SentMsg{{To: 0, Kind: core.MsgPing, TMs: 1298, DueMs: 1298, Bytes: 60, Entries: 1}})
	got := m.Take(1400, up)
	want := []trace.Msg{
		{From: 0, To: 1, Kind: core.MsgGossip, SentMs: 100, ArriveMs: 101, Bytes: 84, Entries: 3},
		{From: 0, To: 2, Kind: core.MsgGossip, SentMs: 170, ArriveMs: 170, Bytes: 84, Entries: 3, Drop: core.DropLoss},
		{From: 0, To: 1, Kind: core.MsgGossip, SentMs: 200, ArriveMs: 203, Bytes: 84, Entries: 3},
		{From: 2, To: 0, Kind: core.MsgPing, SentMs: 298, ArriveMs: 300, Bytes: 60, Entries: 1},
	}
	if !equalMsgs(got, want) {
		t.Fatalf("at 1400 ms:\n got %+v\nwant %+v", got, want)
	}
	got = m.Take(1700, up) // past the grace: 0→2 (up) lost, 0→3 (down) dead
	want = []trace.Msg{
		{From: 0, To: 2, Kind: core.MsgGossip, SentMs: 150, ArriveMs: 150, Bytes: 84, Entries: 3, Drop: core.DropLoss},
		{From: 0, To: 3, Kind: core.MsgGossip, SentMs: 160, ArriveMs: 160, Bytes: 84, Entries: 3, Drop: core.DropDead},
	}
	if !equalMsgs(got, want) {
		t.Fatalf("at 1700 ms:\n got %+v\nwant %+v", got, want)
	}
	if got := m.Take(5000, up); len(got) != 0 {
		t.Errorf("a message was given twice: %+v", got)
	}
}

func equalMsgs(a, b []trace.Msg) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
