package session

import (
	"strings"
	"testing"

	"gossiplab/core"
)

// A line that folds events spread over time shows the span it covers, not only its start.
func TestEventLogFoldedLinesShowTheirSpan(t *testing.T) {
	l := NewEventLog()
	for i := 0; i <= 43; i++ { // node 0 tells 44 nodes, one every 200 ms from 11.9 s to 20.5 s
		l.Add(core.Event{Time: 11900 + core.Time(i)*200, Kind: core.EvInformed, Node: core.NodeID(3 + i), Peer: 0})
	}
	var lines []string
	for i := 0; i < l.Len(); i++ {
		lines = append(lines, l.At(i).Line())
	}
	all := strings.Join(lines, "\n")
	if !strings.Contains(all, "11.9–20.5 s  44 nodes hear the rumor from node 0") {
		t.Errorf("no line covers 11.9–20.5 s:\n%s", all)
	}
	one := NewEventLog()
	one.Add(core.Event{Time: 4200, Kind: core.EvCrashed, Node: 2})
	if got := one.At(0).Line(); got != "   4.2 s  node 2 crashes" {
		t.Errorf("a single event's line is %q", got)
	}
}

func TestEventLogRing(t *testing.T) {
	l := NewEventLog()
	for i := 0; i < logCapacity+10; i++ {
		l.Add(core.Event{Time: core.Time(i) * core.Second * 10, Kind: core.EvCrashed, Node: core.NodeID(i)})
	}
	if l.Len() != logCapacity {
		t.Fatalf("len = %d, want %d", l.Len(), logCapacity)
	}
	if first := l.At(0); first.node != 10 {
		t.Fatalf("oldest kept = node %d, want 10", first.node)
	}
	l.Add(core.Event{Kind: core.EvSent})
	if l.Len() != logCapacity || l.At(l.Len()-1).node != logCapacity+9 {
		t.Fatal("a packet event was logged")
	}
}
