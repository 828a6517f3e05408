package lesson

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gossiplab/core"
)

// The rumor mode a task names must be the mode it ticks in: running pull first ticks neither
// "in push mode…" nor, since tasks go in order, the pull task after it.
func TestTaskTicksOnlyInTheModeItNames(t *testing.T) {
	l := load(t, "02-push-pull.json")
	for seed := uint64(1); seed <= 3; seed++ {
		r := start(t, &l, seed)
		r.swap(func(c *core.Config) { c.RumorMode = "pull" })
		r.apply(core.Command{Op: core.OpInject, Node: 0})
		r.advance(40 * core.Second)
		if r.snap.Metrics.Latest.Informed != len(r.snap.Nodes) {
			t.Fatalf("seed %d: pull did not inform everyone in 40 s", seed)
		}
		r.want(0, false, "after a pull run only")
		r.want(1, false, "after a pull run only (tasks go in order)")
		if st := r.chk.Status(); st.Task != 0 || st.Waiting != "the rumor spreads by push" {
			t.Errorf("seed %d: status %+v, want task 0 waiting for push", seed, st)
		}
		r.wantRevealed(0, false, "before push-pull ran")
		r.swap(func(c *core.Config) { c.RumorMode = "push" })
		r.want(0, false, "in push mode before a rumor was started in this run")
		r.apply(core.Command{Op: core.OpInject, Node: 3})
		r.advance(40 * core.Second)
		r.want(0, true, "after a push run")
		r.want(1, false, "after a push run: pull ran before, in another run")
	}
}

// Counts are about the current run: a crash before a reset or a protocol switch does not count.
func TestCountsAreScopedToTheCurrentRun(t *testing.T) {
	l := load(t, "04-failure-detection.json")
	r := start(t, &l, 1)
	r.apply(core.Command{Op: core.OpCrash, Node: 2})
	r.swap(func(*core.Config) {}) // Reset
	r.apply(core.Command{Op: core.OpCrash, Node: 5})
	r.want(0, false, "one crash before the reset and one after")
	r.apply(core.Command{Op: core.OpCrash, Node: 6})
	r.want(0, true, "two crashes in this run")

	l10 := load(t, "10-swim.json")
	r = start(t, &l10, 1)
	r.apply(core.Command{Op: core.OpCrash, Node: 7})
	r.advance(2 * core.Second)
	r.swap(func(c *core.Config) { c.Protocol = core.ProtocolSwim })
	r.advance(60 * core.Second)
	r.want(0, false, "a heartbeat crash, then a switch to SWIM before its removal")
	r.wantRevealed(0, false, "nothing crashed under SWIM")
	if st := r.chk.Status(); st.Waiting != "the run uses heartbeat gossip" {
		t.Errorf("status %+v, want waiting for heartbeat gossip", st)
	}
}

// A stated condition is checked throughout: "keep the loss at 20 %" restarts its minute when
// the loss moves away, and the page is told what it waits for and how far the minute is.
func TestWhileConditionsHoldThroughout(t *testing.T) {
	l := load(t, "06-loss-and-false-positives.json")
	r := start(t, &l, 2)
	r.advance(30 * core.Second)
	r.set("t_suspect_ms", 8000)
	r.want(1, true, "T_suspect at 8 s")
	r.advance(20 * core.Second)
	if st := r.chk.Status(); st.Task != 2 || st.GoalMs != 60000 || st.ElapsedMs < 19000 || st.ElapsedMs > 21000 {
		t.Errorf("status after 20 s of the minute: %+v", st)
	}
	r.set("loss", 0)
	if st := r.chk.Status(); st.Waiting != "the loss is 20 %" || st.ElapsedMs != 0 {
		t.Errorf("status with the loss at 0: %+v", st)
	}
	r.advance(70 * core.Second)
	r.want(2, false, "70 s at 0 % loss")
	r.set("loss", 0.2)
	back := r.sim.Now()
	r.advance(59 * core.Second)
	r.want(2, false, "59 s after the loss came back")
	r.advance(2 * core.Second)
	r.want(2, true, "61 s after the loss came back")
	if r.chk.DoneAt(2)-back < 60*core.Second {
		t.Errorf("the minute ended %v after the loss came back", r.chk.DoneAt(2)-back)
	}
}

// A reveal waits for what its question states: lesson 7's bytes at M = 3 need ten seconds at
// M = 3, not a move of the slider to 1.
func TestRevealWaitsForWhatTheQuestionStates(t *testing.T) {
	l := load(t, "07-x-and-m.json")
	r := start(t, &l, 1)
	r.set("fanout", 1)
	r.advance(30 * core.Second)
	r.wantRevealed(0, false, "M set to 1 at once")
	r.set("fanout", 3)
	r.advance(9 * core.Second)
	r.wantRevealed(0, false, "9 s at M = 3")
	r.advance(2 * core.Second)
	r.wantRevealed(0, true, "11 s at M = 3")
}

// A dead end is announced, and going back to where the named task began (a rewind: Truncate
// and Reopen, as the app does) lets the learner do it again, keeping the ticks before it.
func TestStuckTaskAndStartingTheStepAgain(t *testing.T) {
	l := load(t, "05-tombstones.json")
	r := start(t, &l, 3)
	r.advance(5 * core.Second)
	r.set("pitfall_no_tombstone", 1)
	r.want(0, true, "the bug on")
	bugOn := r.sim.Now()
	saved := r.sim.Clone()
	r.advance(5 * core.Second)
	r.apply(core.Command{Op: core.OpCrash, Node: 4})
	r.want(1, true, "a crash with the bug on")
	r.set("pitfall_no_tombstone", 0) // the learner switches the bug off: tombstones again
	r.advance(15 * core.Second)
	if st := r.chk.Status(); st.Stuck || st.Waiting != "the no tombstones bug is switched on" {
		t.Errorf("status with the bug off, before every node removed the crash: %+v, want waiting for the bug", st)
	}
	// Every node removes it: a dead end whatever the bug's switch says (a switch back on would not
	// bring a removed node back either), once it has lasted after_ms.
	for r.chk.Status().Stuck == false && r.sim.Now() < 2*core.Minute {
		r.advance(500)
	}
	if d := r.snap.Nodes[4]; d.Alive != 0 || d.Suspect != 0 {
		t.Fatalf("stuck while node 4 is still believed alive by %d, suspected by %d", d.Alive, d.Suspect)
	}
	r.set("pitfall_no_tombstone", 1)
	st := r.chk.Status()
	if !st.Stuck || st.RetryTask != 1 || st.RetryAtMs != int64(bugOn) || !strings.Contains(st.StuckText, "nothing more can happen to it") {
		t.Fatalf("status at the dead end: %+v, want stuck, retry task 1 at %d ms", st, bugOn)
	}
	r.want(2, false, "at the dead end")

	// Start this step again: back to when the bug went on.
	r.sim = saved
	r.chk.Truncate(core.Time(st.RetryAtMs))
	r.chk.Reopen(st.RetryTask)
	r.observe()
	r.want(0, true, "after going back: the earlier tick stays")
	r.want(1, false, "after going back: the crash is undone")
	if st := r.chk.Status(); st.Stuck || st.Task != 1 {
		t.Errorf("status after going back: %+v", st)
	}
	r.advance(5 * core.Second)
	r.apply(core.Command{Op: core.OpCrash, Node: 9})
	r.advance(2 * core.Minute)
	r.want(1, true, "the crash again")
	r.want(2, true, "stale gossip brings it back with the bug on")
}

// With no node up, nothing that live nodes believe can change: such a task is a dead end too.
func TestNoLiveNodeIsADeadEnd(t *testing.T) {
	l := load(t, "04-failure-detection.json")
	r := start(t, &l, 1)
	for i := 0; i < l.Scenario.Config.N; i++ {
		r.apply(core.Command{Op: core.OpCrash, Node: core.NodeID(i)})
	}
	r.advance(30 * core.Second)
	r.want(0, true, "every node crashed")
	r.want(1, false, "no live node to suspect anyone")
	if st := r.chk.Status(); !st.Stuck || st.Task != 1 || st.RetryAtMs != 0 || !strings.Contains(st.StuckText, "No node is up") {
		t.Errorf("status: %+v", st)
	}
}

// A rewind forgets what the dropped future did: a resurrection after the rewind point is gone,
// and the removal it closed is open again, so a later resurrection counts once.
func TestTruncateForgetsTheDroppedFuture(t *testing.T) {
	var rec record = newRecord()
	snap := &core.Snapshot{Nodes: []core.NodeInfo{{ID: 0, Status: core.StatusUp}, {ID: 1, Status: core.StatusCrashed}}}
	rec.add(core.Event{Time: 100, Kind: core.EvCrashed, Node: 1}, snap)
	rec.add(core.Event{Time: 500, Kind: core.EvRemoved, Node: 0, Peer: 1}, snap)
	rec.add(core.Event{Time: 900, Kind: core.EvLearned, Node: 0, Peer: 1}, snap)
	rec.falseSusp.observe(300, 2)
	rec.falseSusp.observe(800, 5)
	if rec.resurrections.since(0) != 1 || rec.falseSusp.since(400) != 3 {
		t.Fatalf("before: %d resurrections, %d false suspicions since 400", rec.resurrections.since(0), rec.falseSusp.since(400))
	}
	rec.truncate(600)
	if rec.resurrections.since(0) != 0 || rec.falseSusp.last() != 2 || rec.falseSusp.lastAt() != 300 || rec.downSince(0, snap) != 1 {
		t.Fatalf("after truncate: %+v", rec)
	}
	rec.add(core.Event{Time: 700, Kind: core.EvReadded, Node: 0, Peer: 1}, snap)
	rec.add(core.Event{Time: 750, Kind: core.EvLearned, Node: 0, Peer: 1}, snap)
	if rec.resurrections.since(0) != 1 {
		t.Errorf("after truncate, a new resurrection counts %d times, want once", rec.resurrections.since(0))
	}
	rec.truncate(50)
	if len(rec.removals) != 0 || len(rec.open) != 0 || rec.downSince(0, snap) != 0 {
		t.Errorf("truncate before everything left %+v", rec)
	}
}

// The comparison keeps the last run of each mode, labelled, after the runs are gone.
func TestCompareKeepsTheLastRunOfEachMode(t *testing.T) {
	l := load(t, "02-push-pull.json")
	r := start(t, &l, 1)
	for _, m := range core.RumorModes {
		r.swap(func(c *core.Config) { c.RumorMode = m })
		r.apply(core.Command{Op: core.OpInject, Node: 0})
		r.advance(30 * core.Second)
	}
	segs := r.chk.AppendCompare(nil)
	if len(segs) != 3 {
		t.Fatalf("segments %+v, want push, pull, push-pull", segs)
	}
	for i, want := range []string{"push", "pull", "push-pull"} {
		s := segs[i]
		if s.Label != want || s.Current != (i == 2) || s.RumorPeriods < 2 || s.RumorPeriods > 20 {
			t.Errorf("segment %d: %+v, want %s with 2–20 periods", i, s, want)
		}
	}
	if !(segs[2].RumorPeriods < segs[0].RumorPeriods) {
		t.Errorf("push-pull %.1f periods, push %.1f: push-pull should win at N = 128", segs[2].RumorPeriods, segs[0].RumorPeriods)
	}

	l7 := load(t, "07-x-and-m.json")
	r = start(t, &l7, 1)
	r.advance(20 * core.Second)
	r.set("fanout", 1)
	r.advance(20 * core.Second)
	segs = r.chk.AppendCompare(segs[:0])
	if len(segs) != 2 || segs[0].Label != "M = 3" || segs[1].Label != "M = 1" {
		t.Fatalf("fanout segments %+v", segs)
	}
	if m3, m1 := segs[0].MsgsPerNodeS, segs[1].MsgsPerNodeS; m3 < 2.7 || m3 > 3.3 || m1 < 0.8 || m1 > 1.2 {
		t.Errorf("messages per node per second: M = 3 → %.2f, M = 1 → %.2f, want M / X", m3, m1)
	}
	if b := segs[0].BytesPerNodeS; b < 3000 || b > 3300 {
		t.Errorf("bytes per node per second at M = 3: %.0f, want about 3180", b)
	}
}

// The comparison's times do not depend on how often the run is observed: one look after a long
// advance gives the same periods as many looks.
func TestCompareTimesDoNotDependOnObservation(t *testing.T) {
	l := load(t, "02-push-pull.json")
	measure := func(step core.Time) float64 {
		cfg := l.Scenario.Config
		cfg.Seed = 4
		s, _ := core.New(cfg)
		chk := NewChecker(&l)
		var snap core.Snapshot
		s.Apply(core.Command{Op: core.OpInject, Node: 0})
		for s.Now() < 40*core.Second {
			s.Advance(step)
			s.SnapshotInto(&snap, false)
			chk.Observe(s.Events(), &snap, UI{})
		}
		return chk.AppendCompare(nil)[0].RumorPeriods
	}
	fine, coarse := measure(100), measure(40*core.Second)
	if fine != coarse || fine < 3 || fine > 20 {
		t.Errorf("periods until all knew: %.2f observed every 100 ms, %.2f observed once", fine, coarse)
	}
}

// "Crash two nodes" means two nodes down: a node crashed, restarted and crashed again counts
// once, and a restarted one not at all.
func TestCrashedCountCountsNodesDown(t *testing.T) {
	l := load(t, "04-failure-detection.json")
	r := start(t, &l, 1)
	r.apply(core.Command{Op: core.OpCrash, Node: 3})
	r.apply(core.Command{Op: core.OpRestart, Node: 3})
	r.apply(core.Command{Op: core.OpCrash, Node: 9})
	r.want(0, false, "node 3 crashed and restarted, node 9 crashed: one node down")
	r.apply(core.Command{Op: core.OpCrash, Node: 3})
	r.want(0, true, "nodes 3 and 9 down")
	r.apply(core.Command{Op: core.OpRestart, Node: 9})
	r.advance(20 * core.Second)
	if st := r.chk.Status(); st.Task != 1 || st.Waiting != "2 nodes are down (now 1)" {
		t.Errorf("after a restart: status %+v, want task 1 waiting for a second node down", st)
	}
}

// Within one run, every stretch keeps a row of its own: going back to M = 3 does not overwrite
// the first stretch at M = 3, nor does a second visit to M = 1 overwrite the first. A rewind
// forgets the rows of the dropped future and keeps the running row's start; a reload's replay
// measures the run's rows again.
func TestCompareRowsAcrossStretchesRewindsAndReloads(t *testing.T) {
	l := load(t, "07-x-and-m.json")
	r := start(t, &l, 1)
	r.advance(10 * core.Second)
	r.set("fanout", 1)
	r.advance(20 * core.Second)
	saved := r.sim.Clone() // 30 s, at M = 1
	r.set("fanout", 3)
	r.advance(5 * core.Second)
	labels := func(c *Checker) (out []string) {
		for _, s := range c.AppendCompare(nil) {
			l := s.Label
			if s.Current {
				l += " (now)"
			}
			out = append(out, fmt.Sprintf("%s %.0fs", l, float64(s.DurationMs)/1000))
		}
		return out
	}
	if got := labels(r.chk); !slices.Equal(got, []string{"M = 3 10s", "M = 1 20s", "M = 3 (now) 5s"}) {
		t.Fatalf("seed 1: rows %q", got)
	}
	r.set("fanout", 1)
	r.advance(10 * core.Second)
	r.set("fanout", 3)
	r.advance(10 * core.Second)
	if got := labels(r.chk); !slices.Equal(got, []string{"M = 3 10s", "M = 1 20s", "M = 3 5s", "M = 1 10s", "M = 3 (now) 10s"}) {
		t.Fatalf("seed 1: rows after a second visit to M = 1 %q", got)
	}
	rows := r.chk.AppendCompare(nil)
	for i, row := range rows {
		t.Logf("seed 1: %s: %d false suspicions", row.Label, row.FalseSuspicions)
		if !row.ThisRun {
			t.Errorf("seed 1: row %d (%s) not marked as this run's", i, row.Label)
		}
	}
	// M = 1 causes the false suspicions; those that fire just after M went back to 3 count for
	// the M = 1 stretch whose silence they ended.
	if rows[0].FalseSuspicions != 0 || rows[1].FalseSuspicions < 20 || rows[3].FalseSuspicions < 5 {
		t.Errorf("seed 1: false suspicions per row %d, %d, %d, %d, %d: want none in the first M = 3 stretch and many in each M = 1 stretch",
			rows[0].FalseSuspicions, rows[1].FalseSuspicions, rows[2].FalseSuspicions, rows[3].FalseSuspicions, rows[4].FalseSuspicions)
	}
	for _, i := range []int{2, 4} {
		if 3*rows[i].FalseSuspicions > rows[i-1].FalseSuspicions {
			t.Errorf("seed 1: M = 3 after M = 1 shows %d false suspicions against %d for the M = 1 before it", rows[i].FalseSuspicions, rows[i-1].FalseSuspicions)
		}
	}
	var total uint64
	for _, row := range rows {
		total += row.FalseSuspicions
	}
	if want := r.snap.Metrics.Totals.FalseSuspicions; total != want {
		t.Errorf("seed 1: the rows add up to %d false suspicions, the run had %d", total, want)
	}

	// Rewind to just before 30 s, when M first went back to 3 (a seek to 30 s itself would
	// show the switch): the rows after it were the dropped future; M = 1 runs on.
	r.sim = saved
	r.chk.Truncate(30*core.Second - 1)
	r.observe()
	r.advance(5 * core.Second)
	if got := labels(r.chk); !slices.Equal(got, []string{"M = 3 10s", "M = 1 (now) 25s"}) {
		t.Fatalf("seed 1: rows after a rewind to 30 s and 5 s more: %q", got)
	}
	after := r.chk.AppendCompare(nil)
	if got := after[1].FalseSuspicions; got != r.snap.Metrics.Totals.FalseSuspicions {
		t.Errorf("seed 1: after the rewind the M = 1 row has %d false suspicions, the run %d", got, r.snap.Metrics.Totals.FalseSuspicions)
	}

	// A reload: a fresh checker follows the replay of the run (M = 3 for 10 s, then M = 1),
	// observing once a period as the app's replay does, and gets the same rows.
	before := r.chk.AppendCompare(nil)
	re := start(t, &l, 1)
	for re.sim.Now() < 10*core.Second {
		re.sim.Advance(core.Second)
		re.observe()
	}
	re.set("fanout", 1)
	for re.sim.Now() < 35*core.Second {
		re.sim.Advance(core.Second)
		re.observe()
	}
	re.chk.RestoreCompare(before)
	if got := labels(re.chk); !slices.Equal(got, []string{"M = 3 10s", "M = 1 (now) 25s"}) {
		t.Errorf("seed 1: rows after a reload %q", got)
	}
}

// Rows of the runs before the one on screen come back after a reload, ahead of the current
// run's; a row of the current run replaces an earlier run's row of the same label.
func TestCompareRestoresEarlierRuns(t *testing.T) {
	l := load(t, "02-push-pull.json")
	chk := NewChecker(&l)
	chk.RestoreCompare([]Segment{
		{Label: "push", DurationMs: 9000, RumorPeriods: 9.5},
		{Label: "pull", DurationMs: 8000, RumorPeriods: 7.5},
		{Label: "push-pull", DurationMs: 4000, ThisRun: true, Current: true},
	})
	if got := segLabels(chk.AppendCompare(nil)); !slices.Equal(got, []string{"push", "pull"}) {
		t.Errorf("restored rows %q, want push and pull (the running one is measured again)", got)
	}
}

// segLabels are the rows' labels, in order.
func segLabels(segs []Segment) (out []string) {
	for _, s := range segs {
		out = append(out, s.Label)
	}
	return out
}

// A rumor compared by mode is keyed by b too: a push at b = 2 gets a row of its own instead of
// standing for the lesson's b = 1.
func TestCompareRowsNameAnotherFanout(t *testing.T) {
	l := load(t, "02-push-pull.json")
	r := start(t, &l, 1)
	r.swap(func(c *core.Config) { c.Fanout = 2 })
	r.apply(core.Command{Op: core.OpInject, Node: 0})
	r.advance(20 * core.Second)
	r.swap(func(c *core.Config) { c.Fanout = 1 })
	r.apply(core.Command{Op: core.OpInject, Node: 0})
	r.advance(20 * core.Second)
	if got := segLabels(r.chk.AppendCompare(nil)); !slices.Equal(got, []string{"push, b = 2", "push"}) {
		t.Errorf("seed 1: rows %q, want the b = 2 run apart from the b = 1 one", got)
	}
}

// Lesson 9 with the seed crashed: after the heal nothing can bring the halves together, and the
// lesson says so; restarting the seed clears it.
func TestEverySeedDownIsADeadEndAfterAHeal(t *testing.T) {
	l := load(t, "09-partitions.json")
	r := start(t, &l, 1)
	r.apply(core.Command{Op: core.OpPartition, Groups: [][]core.NodeID{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}})
	r.apply(core.Command{Op: core.OpCrash, Node: 0})
	r.advance(20 * core.Second)
	r.want(1, true, "a false removal across the cut")
	r.apply(core.Command{Op: core.OpHeal})
	r.advance(3 * core.Second)
	if st := r.chk.Status(); !st.Stuck || !strings.Contains(st.StuckText, "Click node 0 to restart it") {
		t.Fatalf("healed with the seed down: status %+v", st)
	}
	r.apply(core.Command{Op: core.OpRestart, Node: 0})
	if r.chk.Status().Stuck {
		t.Error("still stuck with the seed back up")
	}
	r.advance(60 * core.Second)
	r.want(2, true, "healed and converged once the seed restarted")
}

// Lesson 9 with the seed crashed before the partition: "start this step again" goes back to
// before the seed went down (and so to step 1), not to where step 3 began with the seed still
// down, which would only lead back to the same dead end.
func TestSeedDownRetryGoesBackBeforeTheCrash(t *testing.T) {
	l := load(t, "09-partitions.json")
	r := start(t, &l, 1)
	r.advance(2 * core.Second)
	r.apply(core.Command{Op: core.OpCrash, Node: 0})
	crashAt := r.sim.Now()
	r.advance(2 * core.Second)
	r.apply(core.Command{Op: core.OpPartition, Groups: [][]core.NodeID{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}})
	r.advance(20 * core.Second)
	r.want(1, true, "a false removal across the cut")
	r.apply(core.Command{Op: core.OpHeal})
	r.advance(3 * core.Second)
	st := r.chk.Status()
	if !st.Stuck || st.RetryAtMs != int64(crashAt-1) || st.RetryTask != 0 {
		t.Fatalf("seed 1: status %+v, want stuck with a retry at %d ms, task 0", st, crashAt-1)
	}
}

// A rumor started before the step's settings held cannot count, and a run has one rumor: a
// dead end that says so (lesson 1: a b = 2 rumor, then b set back to 1). Going back helps only
// to before the rumor started; a rumor started at 0:00 leaves only a Reset.
func TestRumorStartedUnderOtherSettingsIsADeadEnd(t *testing.T) {
	for _, c := range []struct {
		injectAt core.Time
		retryAt  int64
	}{{0, -1}, {2 * core.Second, 2*int64(core.Second) - 1}} {
		l := load(t, "01-one-rumor.json")
		r := start(t, &l, 1)
		r.set("fanout", 2)
		r.advance(c.injectAt)
		r.apply(core.Command{Op: core.OpInject, Node: 0})
		r.advance(20 * core.Second)
		if st := r.chk.Status(); st.Stuck || st.Waiting != "the fanout b is 1" {
			t.Errorf("seed 1, rumor at %v: at b = 2: status %+v, want waiting for the fanout b", c.injectAt, st)
		}
		r.set("fanout", 1)
		r.advance(core.Second)
		st := r.chk.Status()
		if !st.Stuck || !strings.Contains(st.StuckText, "only one rumor") || st.RetryAtMs != c.retryAt {
			t.Fatalf("seed 1, rumor at %v: b back to 1 after the rumor reached everyone: status %+v, want a dead end going back to %d ms", c.injectAt, st, c.retryAt)
		}
		if c.retryAt >= 0 && (st.RetryTask != 0 || st.RetryWhere != "before the rumor started") {
			t.Errorf("seed 1: retry %d %q", st.RetryTask, st.RetryWhere)
		}
		r.want(0, false, "the b = 2 rumor")
	}
}

// A reload brings back the ticks of the runs before the one on screen before its replay (so
// the replay can tick the later tasks of this run), and the times the learner saw.
func TestRestoreTicksAroundTheReplay(t *testing.T) {
	l := load(t, "02-push-pull.json")
	chk := NewChecker(&l)
	ticks := NewTicks([]bool{true, true, true}, []int64{9000, 8000, 5120}, []bool{false, false, true})
	chk.RestoreEarlier(ticks)
	if d := chk.Done(); !d[0] || !d[1] || d[2] {
		t.Fatalf("after RestoreEarlier: done %v, want the two earlier runs' ticks only", d)
	}
	// The replay of this run (push-pull) ticks task 3 when it looks, a little after 5.12 s.
	cfg := l.Scenario.Config
	cfg.RumorMode, cfg.Seed = "pushpull", 2
	s, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var snap core.Snapshot
	s.SnapshotInto(&snap, false)
	chk.Observe(nil, &snap, UI{}) // the replay looks at time 0, as the run's own checker did
	s.Apply(core.Command{Op: core.OpInject, Node: 0})
	for s.Now() < 30*core.Second {
		s.Advance(core.Second)
		s.SnapshotInto(&snap, false)
		chk.Observe(s.Events(), &snap, UI{})
	}
	if !chk.Done()[2] || !chk.DoneThisRun(2) {
		t.Fatalf("seed 2: the replay did not tick task 3: done %v", chk.Done())
	}
	chk.Restore(ticks)
	for i, want := range []core.Time{9000, 8000, 5120} {
		if got := chk.DoneAt(i); got != want {
			t.Errorf("task %d done at %v after Restore, want %v (the time the learner saw)", i, got, want)
		}
	}
}

// One crashed node is "a node is down", not "1 nodes are down (now 0)".
func TestWaitingForOneCrashReadsWell(t *testing.T) {
	l := load(t, "10-swim.json")
	r := start(t, &l, 1)
	r.advance(2 * core.Second)
	if st := r.chk.Status(); st.Waiting != "a node is down" {
		t.Errorf("seed 1: status %+v, want waiting until a node is down", st)
	}
}

// A tick's time is when the task was met, not when the run was next looked at: 10 s for a
// 10-second task seen at 12 s, and the first false suspicion's own moment.
func TestTickTimesDoNotDependOnObservation(t *testing.T) {
	l := load(t, "07-x-and-m.json")
	cfg := l.Scenario.Config
	cfg.Seed = 1
	s, err := core.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	chk := NewChecker(&l)
	var snap core.Snapshot
	look := func() {
		s.SnapshotInto(&snap, false)
		chk.Observe(s.Events(), &snap, UI{})
	}
	look()
	s.Advance(12 * core.Second)
	look()
	if at := chk.DoneAt(0); !chk.Done()[0] || at != 10*core.Second {
		t.Fatalf("seed 1: task 1 (10 s at M = 3) done %v at %v, want at 10 s", chk.Done()[0], at)
	}
	// The same run, looked at every 100 ms, tells when the first false suspicion came.
	probe, _ := core.New(cfg)
	probe.Advance(12 * core.Second)
	for _, sim := range []*core.Sim{s, probe} {
		if err := sim.Apply(core.Command{Op: core.OpSet, Param: "fanout", Value: 1}); err != nil {
			t.Fatal(err)
		}
	}
	look()
	first := core.Time(-1)
	for probe.Now() < 60*core.Second && first < 0 {
		probe.Advance(100)
		for _, e := range probe.Events() {
			if e.Kind == core.EvSuspected && first < 0 {
				first = e.Time
			}
		}
	}
	s.Advance(first - s.Now() + 5*core.Second) // the next look comes 5 s later
	look()
	if first < 0 || !chk.Done()[2] || chk.DoneAt(2) != first {
		t.Errorf("seed 1: first false suspicion at %v; task 3 done %v at %v", first, chk.Done()[2], chk.DoneAt(2))
	}
}

// A rewind into an M = 3 stretch whose first seconds' false suspicions were counted for the
// M = 1 stretch before it leaves a sane count (not a negative one shown as 2^64 - 2).
func TestCompareRewindIntoAStretchWithMovedSuspicions(t *testing.T) {
	l := load(t, "07-x-and-m.json")
	r := start(t, &l, 1)
	r.advance(12 * core.Second)
	r.set("fanout", 1)
	r.advance(12 * core.Second)
	r.set("fanout", 3)
	r.advance(core.Second)
	saved := r.sim.Clone() // 25 s
	r.advance(6 * core.Second)
	r.set("fanout", 1)
	r.advance(5 * core.Second)
	r.sim = saved
	r.chk.Truncate(25 * core.Second)
	r.observe()
	r.advance(5 * core.Second)
	rows := r.chk.AppendCompare(nil)
	var total uint64
	for _, row := range rows {
		t.Logf("seed 1: %s %.0f s: %d false suspicions", row.Label, float64(row.DurationMs)/1000, row.FalseSuspicions)
		total += row.FalseSuspicions
	}
	if len(rows) != 3 || !rows[2].Current || rows[2].Label != "M = 3" {
		t.Fatalf("seed 1: rows %q after the rewind, want M = 3, M = 1, M = 3 (now)", segLabels(rows))
	}
	if want := r.snap.Metrics.Totals.FalseSuspicions; total != want {
		t.Errorf("seed 1: the rows add up to %d false suspicions, the run had %d", total, want)
	}
}
