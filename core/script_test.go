package core

import (
	"strings"
	"testing"
)

// A script is checked as a whole when it is loaded: a command that can never apply is refused
// naming its index, whatever its time.
func TestScriptCheckRefusesWhatCanNeverApply(t *testing.T) {
	crash := func(at Time, node NodeID) TimedCommand {
		return TimedCommand{At: at, Command: Command{Op: OpCrash, Node: node}}
	}
	add := func(at Time) TimedCommand { return TimedCommand{At: at, Command: Command{Op: OpAdd}} }
	part := func(at Time, groups ...[]NodeID) TimedCommand {
		return TimedCommand{At: at, Command: Command{Op: OpPartition, Groups: groups}}
	}
	cases := []struct {
		what   string
		script Script
		want   string // "" = accepted
	}{
		{"a node beyond N", Script{crash(50*Minute, 1000)}, "commands[0]: crash at 3000000 ms: node must be in [0, 999] (the cluster has 1000 nodes then), got 1000"},
		{"a node added before it", Script{add(Minute), crash(50*Minute, 1000)}, ""},
		{"a node added after it", Script{crash(Second, 1000), add(Minute)}, "commands[0]: crash at 1000 ms: node must be in [0, 999]"},
		{"listed out of time order, added before it", Script{crash(50*Minute, 1000), add(Minute)}, ""},
		{"overlapping groups", Script{part(Second, []NodeID{0, 1, 2}, []NodeID{2, 3})}, "commands[0]: partition at 1000 ms: groups[1]: node 2 is already in groups[0]"},
		{"a group beyond N", Script{part(Second, []NodeID{0, 1000})}, "groups[0]: nodes must be in [0, 999], got 1000"},
		{"no group", Script{part(Second)}, "groups must list at least one group"},
		{"a bad op", Script{{At: 0, Command: Command{Op: "explode"}}}, "commands[0]: op must be one of"},
		{"after the end", Script{crash(2*time24h, 1)}, "commands[0]: at_ms must be in [0, duration_ms="},
	}
	for _, c := range cases {
		err := c.script.Check(1000, time24h, "duration_ms", false)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.what, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want %q", c.what, err, c.want)
		}
	}
	// A share link's commands must also be in time order.
	if err := (Script{add(Minute), crash(Second, 1)}).Check(16, 60*Minute, "at_ms", true); err == nil || !strings.Contains(err.Error(), "commands[1]: at_ms 1000 comes before") {
		t.Errorf("out of order in a link: %v", err)
	}
}

const time24h = 24 * 60 * Minute

// Every node down: a detection has no "by all" time, and no stage comes before the one above it.
func TestDetectionStagesNeedALiveObserver(t *testing.T) {
	c := DefaultConfig().SizedFor(2)
	c.Loss = 0
	s := mustSim(t, c)
	s.Advance(5 * Second)
	mustApply(t, s, Command{Op: OpCrash, Node: 0})
	mustApply(t, s, Command{Op: OpCrash, Node: 1})
	s.Advance(15 * Second)
	for _, d := range s.Detections() {
		if !d.NoObserver || d.FirstSuspect != -1 || d.AllSuspect != -1 || d.AllRemoved != -1 {
			t.Errorf("node %d: %+v, want no observer and no stage", d.Node, d)
		}
	}
	for _, seed := range testSeeds[:5] {
		c := DefaultConfig()
		c.Seed = seed
		s := mustSim(t, c)
		s.Advance(5 * Second)
		mustApply(t, s, Command{Op: OpCrash, Node: 3})
		s.Advance(30 * Second)
		d := s.Detections()[0]
		if d.NoObserver || !(d.FirstSuspect >= 0 && d.FirstSuspect <= d.AllSuspect && d.AllSuspect <= d.AllRemoved) {
			t.Errorf("seed %d: an ordinary crash: %+v", seed, d)
		}
	}
}

// The rule "timeouts follow N" is one function, used by the presets and by scenario files.
func TestTimeoutsFollowN(t *testing.T) {
	for _, c := range []struct {
		n                   int
		ts, tr, tt, swimSus Time
	}{{16, 6 * Second, 12 * Second, 36 * Second, 5 * Second}, {256, 8 * Second, 16 * Second, 48 * Second, 8 * Second},
		{1000, 10 * Second, 20 * Second, 60 * Second, 10 * Second}} {
		got := DefaultConfig().SizedFor(c.n)
		if got.TSuspect != c.ts || got.TRemove != c.tr || got.TTombstone != c.tt || got.Swim.SuspicionTimeout != c.swimSus {
			t.Errorf("N=%d: %v %v %v %v", c.n, got.TSuspect, got.TRemove, got.TTombstone, got.Swim.SuspicionTimeout)
		}
	}
	th, _ := Preset("thousand")
	if th.Swim.SuspicionTimeout != 10*Second {
		t.Errorf("preset thousand: SWIM suspicion timeout %v", th.Swim.SuspicionTimeout)
	}
	small := DefaultConfig().SizedFor(2)
	if small.Fanout != 1 || small.Swim.K != 0 || small.Validate() != nil {
		t.Errorf("N=2: fanout %d, K %d, %v", small.Fanout, small.Swim.K, small.Validate())
	}
	sc, err := ParseScenario([]byte(`{"config": {"n": 600, "t_suspect_ms": 30000, "t_remove_ms": 60000}}`))
	if err != nil {
		t.Fatal(err)
	}
	if c := sc.Config; c.TSuspect != 30*Second || c.TRemove != 60*Second || c.TTombstone != 60*Second || c.Swim.SuspicionTimeout != 10*Second {
		t.Errorf("a 600-node scenario with its own T_suspect and T_remove: %v %v %v %v", c.TSuspect, c.TRemove, c.TTombstone, c.Swim.SuspicionTimeout)
	}
}
