package core

import (
	"strings"
	"testing"
)

// The list rules, reading by reading: each broken one is named; a new life starts afresh.
func TestListCheckerRules(t *testing.T) {
	e := func(m NodeID, hb uint32, gen uint16, st State) Entry {
		return Entry{Member: m, Heartbeat: hb, Generation: gen, State: st}
	}
	lc := NewListChecker()
	if v := lc.Observe(0, 0, 1, []Entry{e(0, 5, 1, Alive), e(1, 10, 0, Alive), e(2, 7, 2, Removed)}); v != nil {
		t.Fatalf("a first reading broke %v", v)
	}
	for _, c := range []struct {
		name string
		list []Entry
		rule string
	}{
		{"heartbeat back", []Entry{e(0, 6, 1, Alive), e(1, 9, 0, Alive), e(2, 7, 2, Removed)}, "heartbeat_back"},
		{"generation back", []Entry{e(0, 6, 1, Alive), e(1, 12, 0, Alive), e(2, 9, 1, Removed)}, "generation_back"},
		{"resurrection", []Entry{e(0, 6, 1, Alive), e(1, 12, 0, Alive), e(2, 7, 2, Alive)}, "resurrection"},
		{"own entry", []Entry{e(0, 6, 1, Suspect), e(1, 12, 0, Alive)}, "own_entry"},
	} {
		lc := NewListChecker()
		lc.Observe(0, 0, 1, []Entry{e(0, 5, 1, Alive), e(1, 10, 0, Alive), e(2, 7, 2, Removed)})
		v := lc.Observe(100, 0, 1, c.list)
		if len(v) != 1 || v[0].Rule != c.rule || v[0].Time != 100 {
			t.Errorf("%s: %v, want one %s at 100 ms", c.name, v, c.rule)
		}
	}
	// A strictly newer version brings a removed member back; a new life forgets the old readings.
	if v := lc.Observe(100, 0, 1, []Entry{e(0, 6, 1, Alive), e(1, 11, 0, Alive), e(2, 8, 2, Alive)}); v != nil {
		t.Errorf("a newer version taken back: %v", v)
	}
	if v := lc.Observe(200, 0, 2, []Entry{e(0, 0, 2, Alive), e(1, 3, 0, Alive)}); v != nil {
		t.Errorf("a restarted observer's first reading: %v", v)
	}
	if v := lc.Observe(300, 0, 2, []Entry{e(0, 1, 2, Alive), e(1, 2, 0, Alive)}); len(v) != 1 || !strings.Contains(v[0].Text, "from 3 to 2") {
		t.Errorf("in the new life the heartbeat went back: %v", v)
	}
}
