package core

import "testing"

func TestMergeRules(t *testing.T) {
	const now = 500
	alive := func(gen uint16, hb uint32) entry { return entry{gen: gen, hb: hb, state: Alive, updated: 100} }
	with := func(e entry, st State) entry { e.state = st; return e }
	tests := []struct {
		name  string
		local entry
		in    wireEntry
		want  entry
	}{
		{"unknown member is learned", entry{}, wireEntry{hb: 3}, entry{hb: 3, state: Alive, updated: now}},
		{"unknown left member is remembered as left", entry{}, wireEntry{hb: 3, state: Left}, entry{hb: 3, state: Left, updated: now}},
		{"higher heartbeat wins and stamps local time", alive(0, 5), wireEntry{hb: 6}, entry{hb: 6, state: Alive, updated: now}},
		{"equal heartbeat is ignored", alive(0, 5), wireEntry{hb: 5}, alive(0, 5)},
		{"lower heartbeat is ignored", alive(0, 5), wireEntry{hb: 2}, alive(0, 5)},
		{"newer generation wins despite a low heartbeat", alive(1, 90), wireEntry{gen: 2, hb: 0}, entry{gen: 2, state: Alive, updated: now}},
		{"older generation loses despite a high heartbeat", alive(2, 1), wireEntry{gen: 1, hb: 99}, alive(2, 1)},
		{"newer heartbeat clears a suspicion", with(alive(0, 5), Suspect), wireEntry{hb: 6}, entry{hb: 6, state: Alive, updated: now}},
		{"stale heartbeat keeps the suspicion", with(alive(0, 5), Suspect), wireEntry{hb: 5}, with(alive(0, 5), Suspect)},
		{"tombstone ignores an equal copy", with(alive(0, 5), Removed), wireEntry{hb: 5}, with(alive(0, 5), Removed)},
		{"tombstone ignores an older copy", with(alive(0, 5), Removed), wireEntry{hb: 1}, with(alive(0, 5), Removed)},
		{"tombstone yields to a strictly newer heartbeat", with(alive(0, 5), Removed), wireEntry{hb: 6}, entry{hb: 6, state: Alive, updated: now}},
		{"left announcement beats alive", alive(0, 5), wireEntry{hb: 6, state: Left}, entry{hb: 6, state: Left, updated: now}},
		{"stale left announcement is ignored", alive(0, 7), wireEntry{hb: 6, state: Left}, alive(0, 7)},
		{"left member ignores alive copies of the same generation", with(alive(0, 6), Left), wireEntry{hb: 9}, with(alive(0, 6), Left)},
		{"left member returns in a new generation", with(alive(0, 6), Left), wireEntry{gen: 1, hb: 0}, entry{gen: 1, state: Alive, updated: now}},
	}
	for _, tt := range tests {
		if got := merge(tt.local, tt.in, now); got != tt.want {
			t.Errorf("%s: merge(%+v, %+v) = %+v, want %+v", tt.name, tt.local, tt.in, got, tt.want)
		}
	}
}

func TestExpireRules(t *testing.T) {
	c := DefaultConfig() // T_suspect 6 s, T_remove 12 s, T_tombstone 36 s
	at := func(st State, updated Time) entry { return entry{hb: 4, state: st, updated: updated} }
	tests := []struct {
		name string
		e    entry
		now  Time
		want entry
	}{
		{"fresh member stays alive", at(Alive, 0), c.TSuspect - 1, at(Alive, 0)},
		{"silent for T_suspect: suspected", at(Alive, 0), c.TSuspect, at(Suspect, 0)},
		{"suspect stays suspect before T_remove", at(Suspect, 0), c.TRemove - 1, at(Suspect, 0)},
		{"silent for T_remove: removed, tombstone clock starts", at(Suspect, 0), c.TRemove, at(Removed, c.TRemove)},
		{"a late check passes both stages at once", at(Alive, 0), c.TRemove + 7, at(Removed, c.TRemove+7)},
		{"tombstone kept until T_tombstone", at(Removed, 100), 100 + c.TTombstone - 1, at(Removed, 100)},
		{"tombstone forgotten after T_tombstone", at(Removed, 100), 100 + c.TTombstone, entry{}},
		{"left entry forgotten after T_tombstone", at(Left, 100), 100 + c.TTombstone, entry{}},
	}
	for _, tt := range tests {
		if got := expire(tt.e, tt.now, tt.now-tt.e.updated, &c); got != tt.want {
			t.Errorf("%s: expire(%+v, %d) = %+v, want %+v", tt.name, tt.e, tt.now, got, tt.want)
		}
	}
}

// FuzzMerge checks the properties every merge must keep, for any local entry and any input.
func FuzzMerge(f *testing.F) {
	f.Add(uint8(1), uint16(0), uint32(5), uint16(0), uint32(6), false)
	f.Add(uint8(3), uint16(0), uint32(5), uint16(0), uint32(5), false)
	f.Add(uint8(4), uint16(1), uint32(5), uint16(2), uint32(0), true)
	f.Fuzz(func(t *testing.T, st uint8, lgen uint16, lhb uint32, gen uint16, hb uint32, isLeft bool) {
		local := entry{gen: lgen, hb: lhb, state: State(st % 5), updated: 10}
		if local.state == Unknown {
			local = entry{}
		}
		in := wireEntry{gen: gen, hb: hb, state: Alive}
		if isLeft {
			in.state = Left
		}
		got := merge(local, in, 99)
		if got.state == Unknown {
			t.Fatalf("merge(%+v, %+v) forgot the member", local, in)
		}
		if local.state != Unknown && newer(local.gen, local.hb, got.gen, got.hb) {
			t.Fatalf("merge(%+v, %+v) = %+v: the version went backwards", local, in, got)
		}
		if got != local && got.updated != 99 {
			t.Fatalf("merge(%+v, %+v) = %+v: changed without stamping the local time", local, in, got)
		}
		if local.state == Removed && got.state == Alive && !newer(gen, hb, lgen, lhb) {
			t.Fatalf("merge(%+v, %+v): a stale copy resurrected a tombstone", local, in)
		}
		if local.state == Left && got.state == Alive && gen <= lgen {
			t.Fatalf("merge(%+v, %+v): a left member came back in the same generation", local, in)
		}
	})
}
