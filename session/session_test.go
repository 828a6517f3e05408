package session

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gossiplab/core"
	"gossiplab/lesson"
)

// recorder is an Observer that remembers what it heard.
type recorder struct {
	ending int
	shown  []bool // fresh, per RunShown
	said   []string
}

func (r *recorder) RunEnding()          { r.ending++ }
func (r *recorder) RunShown(fresh bool) { r.shown = append(r.shown, fresh) }
func (r *recorder) Say(msg string)      { r.said = append(r.said, msg) }

func newSession(t testing.TB, n int, seed uint64) (*Session, *recorder) {
	t.Helper()
	cfg := core.DefaultConfig().SizedFor(n)
	cfg.Seed = seed
	rec := &recorder{}
	s, err := New(Options{Config: cfg}, rec)
	if err != nil {
		t.Fatalf("seed %d: New(n=%d): %v", seed, n, err)
	}
	s.Refresh(lesson.UI{})
	return s, rec
}

// logLines is the event log as text, one line per entry.
func logLines(s *Session) string {
	var b strings.Builder
	for i := 0; i < s.Log().Len(); i++ {
		b.WriteString(s.Log().At(i).Line())
		b.WriteByte('\n')
	}
	return b.String()
}

// The frame comes from a Source, and Refresh drains each event once.
func TestFrameReadsTheSourceAndDrainsEventsOnce(t *testing.T) {
	s, _ := newSession(t, 12, 1)
	if err := s.Apply(core.Command{Op: core.OpCrash, Node: 3}); err != nil {
		t.Fatal(err)
	}
	s.AdvanceNow(20 * core.Second)
	fr := s.Refresh(lesson.UI{})
	r := &fr.Runs[0]
	if r.Source.NumNodes() != 12 || r.Snap.Time != 20*core.Second || r.Config.N != 12 {
		t.Fatalf("seed 1: frame has %d nodes at %v, config N %d", r.Source.NumNodes(), r.Snap.Time, r.Config.N)
	}
	removed := 0
	for _, e := range r.Events {
		if e.Kind == core.EvRemoved && e.Peer == 3 {
			removed++
		}
	}
	if removed != 11 {
		t.Errorf("seed 1: %d removals of node 3 in the frame's events, want 11 (every live node)", removed)
	}
	if again := s.Refresh(lesson.UI{}); len(again.Runs[0].Events) != 0 {
		t.Errorf("seed 1: a second Refresh gives %d events again", len(again.Runs[0].Events))
	}
	if !strings.Contains(logLines(s), "node 3 crashes") {
		t.Errorf("seed 1: the log misses the crash:\n%s", logLines(s))
	}
}

// Advance moves virtual time by speed × real time, owes the fraction of a ms, and does nothing
// while paused.
func TestAdvanceFollowsSpeedAndPause(t *testing.T) {
	s, _ := newSession(t, 8, 2)
	if err := s.SetSpeed(2); err != nil {
		t.Fatal(err)
	}
	s.Advance(500.25)
	if now, owed := s.Sim().Now(), s.Owed(); now != 1000 || owed != 0.5 {
		t.Fatalf("seed 2: at 2× after 500.25 real ms: now %v, owed %g; want 1000 ms and 0.5", now, owed)
	}
	s.Pause()
	s.Advance(1000)
	if s.Sim().Now() != 1000 {
		t.Fatalf("seed 2: paused, the run moved to %v", s.Sim().Now())
	}
	if err := s.SetSpeed(99); err == nil || !strings.Contains(err.Error(), "[0.1, 20]") {
		t.Errorf("seed 2: speed 99 gives %v, want the allowed range", err)
	}
	s.StepPeriod()
	if s.Sim().Now() != 1000+s.Config().Period || !s.Paused() {
		t.Errorf("seed 2: a step goes to %v (paused %v), want one period on", s.Sim().Now(), s.Paused())
	}
}

// Reset starts the next run with the settings that wait for it (N, K), the same seed, and tells
// the observer: a last look at the old run, then a fresh one shown.
func TestResetStartsTheNextRun(t *testing.T) {
	s, rec := newSession(t, 10, 3)
	s.AdvanceNow(5 * core.Second)
	if !s.SetNextN(20) {
		t.Fatal("seed 3: N 20 in a 10-node run does not wait for a reset")
	}
	if s.Config().N != 10 {
		t.Fatalf("seed 3: N changed before the reset")
	}
	epoch := s.Frame().Epoch
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if c := s.Config(); c.N != 20 || c.Seed != 3 || s.Sim().Now() != 0 {
		t.Fatalf("seed 3: after reset N %d seed %d at %v", c.N, c.Seed, s.Sim().Now())
	}
	if rec.ending != 1 || len(rec.shown) != 1 || !rec.shown[0] || s.Frame().Epoch != epoch+1 {
		t.Errorf("seed 3: observer heard ending %d, shown %v; epoch %d → %d", rec.ending, rec.shown, epoch, s.Frame().Epoch)
	}
	if !strings.Contains(logLines(s), "reset: 20 nodes, heartbeat gossip, seed 3") {
		t.Errorf("seed 3: log after reset:\n%s", logLines(s))
	}
}

// A setting the app refuses names what it allows and leaves the run as it was.
func TestRefusedSettingsChangeNothing(t *testing.T) {
	s, rec := newSession(t, 10, 4)
	s.AdvanceNow(3 * core.Second)
	hash := s.TraceHash()
	for _, c := range []struct {
		err  error
		want string
	}{
		{s.SetProtocol("raft"), "heartbeat, swim, rumor"},
		{s.SetRumorMode("shout"), "push, pull, pushpull"},
		{s.SetCompare("heartbeat,rumor"), "two of heartbeat, swim"},
		{s.SetPitfall("no_sleep", true), "no_tombstone, timestamp_merge, no_generation"},
		{s.Inject(0), "Rumor protocol"},
		{s.Apply(core.Command{Op: core.OpCrash, Node: 99}), "99"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("seed 4: error %v, want one naming %q", c.err, c.want)
		}
	}
	if s.TraceHash() != hash || s.Sim().Now() != 3*core.Second || rec.ending != 0 {
		t.Errorf("seed 4: a refused setting changed the run (hash %x → %x, %d runs ended)", hash, s.TraceHash(), rec.ending)
	}
}

// T_suspect < T_remove holds as either slider moves: the other makes room and comes back, and
// the log says why.
func TestTimeoutsMakeRoomAndComeBack(t *testing.T) {
	s, _ := newSession(t, 10, 5)
	c0 := *s.Config()
	if err := s.SetTSuspect(float64(c0.TRemove) * 2); err != nil {
		t.Fatal(err)
	}
	if c := s.Config(); c.TSuspect != 2*c0.TRemove || c.TRemove != 4*c0.TRemove {
		t.Fatalf("seed 5: T_suspect %v, T_remove %v; want %v and %v", c.TSuspect, c.TRemove, 2*c0.TRemove, 4*c0.TRemove)
	}
	if err := s.SetTSuspect(float64(c0.TSuspect)); err != nil {
		t.Fatal(err)
	}
	if c := s.Config(); c.TRemove != c0.TRemove {
		t.Errorf("seed 5: T_remove %v did not come back to %v", c.TRemove, c0.TRemove)
	}
	log := logLines(s)
	for _, want := range []string{"T remove raised to", "to stay above T suspect", "T remove back to", "the value you had set"} {
		if !strings.Contains(log, want) {
			t.Errorf("seed 5: the log does not say %q:\n%s", want, log)
		}
	}
}

// Time travel: seeking shows the past paused while the live run waits; continuing from there
// drops the later part; both are jumps (not fresh runs) for the observer.
func TestSeekThenContinueDropsTheFuture(t *testing.T) {
	s, rec := newSession(t, 12, 6)
	s.AdvanceNow(4 * core.Second)
	s.Apply(core.Command{Op: core.OpCrash, Node: 5})
	s.AdvanceNow(16 * core.Second)
	if err := s.SeekTo(2 * core.Second); err != nil {
		t.Fatal(err)
	}
	tl := s.TimelineState()
	if !tl.Past || tl.AtMs != 2000 || tl.LiveMs != 20000 || !s.Paused() {
		t.Fatalf("seed 6: after seeking to 2 s: %+v, paused %v", tl, s.Paused())
	}
	s.Refresh(lesson.UI{})
	if st := s.Frame().Runs[0].Snap.Nodes[5].Status; st != core.StatusUp {
		t.Errorf("seed 6: at 2 s node 5 is %v, want up", st)
	}
	s.Play()
	s.Advance(100)
	if tl := s.TimelineState(); tl.Past || tl.LiveMs >= 20000 {
		t.Errorf("seed 6: playing from the past did not fork: %+v", tl)
	}
	if !strings.Contains(logLines(s), "the run continues from here") {
		t.Errorf("seed 6: the fork is not logged:\n%s", logLines(s))
	}
	if len(rec.shown) != 1 || rec.shown[0] {
		t.Errorf("seed 6: observer heard %v, want one jump (fresh false)", rec.shown)
	}
}

// A share link replays to the same state: equal trace hashes, a fresh run for the observer.
func TestShareLinkReplaysExactly(t *testing.T) {
	a, _ := newSession(t, 16, 7)
	a.AdvanceNow(3 * core.Second)
	a.Apply(core.Command{Op: core.OpCrash, Node: 2})
	a.Apply(core.Command{Op: core.OpSet, Param: "loss", Value: 0.1})
	a.AdvanceNow(9 * core.Second)
	link, err := a.ShareLink()
	if err != nil {
		t.Fatal(err)
	}
	b, rec := newSession(t, 5, 99)
	if err := b.OpenShare(link); err != nil {
		t.Fatalf("seed 7: %v", err)
	}
	if b.TraceHash() != a.TraceHash() || b.Sim().Now() != a.Sim().Now() || !b.Paused() {
		t.Errorf("seed 7: replay at %v hash %x, want %v hash %x", b.Sim().Now(), b.TraceHash(), a.Sim().Now(), a.TraceHash())
	}
	if len(rec.shown) != 1 || !rec.shown[0] || b.Next().N != 16 {
		t.Errorf("seed 7: observer heard %v; next N %d", rec.shown, b.Next().N)
	}
	if err := b.OpenShare("v1.garbage"); err == nil {
		t.Error("seed 7: a garbage link opened")
	}
	if b.TraceHash() != a.TraceHash() {
		t.Error("seed 7: a garbage link changed the run")
	}
}

// The split view runs both protocols on the same commands; the timeline is not available there.
func TestSplitViewMirrorsCommands(t *testing.T) {
	s, _ := newSession(t, 12, 8)
	if err := s.SetCompare("heartbeat,swim"); err != nil {
		t.Fatal(err)
	}
	s.Apply(core.Command{Op: core.OpCrash, Node: 4})
	s.AdvanceNow(30 * core.Second)
	fr := s.Refresh(lesson.UI{})
	if !fr.Twin || fr.Runs[1].Config.Protocol != core.ProtocolSwim || fr.Runs[1].Source.Now() != 30*core.Second {
		t.Fatalf("seed 8: twin %v protocol %s at %v", fr.Twin, fr.Runs[1].Config.Protocol, fr.Runs[1].Source.Now())
	}
	rows := s.CompareRows()
	for i, r := range rows {
		if r.Node != 4 || r.AllRemovedMs < 0 || len(r.Crashed) != 1 {
			t.Errorf("seed 8: row %d %+v, want node 4 removed by all", i, r)
		}
	}
	if err := s.SeekTo(core.Second); err == nil || !strings.Contains(err.Error(), "split view") {
		t.Errorf("seed 8: seeking in the split view gives %v", err)
	}
	if err := s.SetCompare(""); err != nil || s.Comparing() {
		t.Errorf("seed 8: closing the split view: %v, comparing %v", err, s.Comparing())
	}
}

// A scenario's script plays as the run reaches it, and again after a reset.
func TestScenarioScriptPlaysAgainAfterReset(t *testing.T) {
	s, _ := newSession(t, 8, 9)
	cfg := core.DefaultConfig().SizedFor(10)
	sc := core.Scenario{Name: "two crashes", Config: cfg, Commands: []core.TimedCommand{
		{At: 2 * core.Second, Command: core.Command{Op: core.OpCrash, Node: 1}},
		{At: 4 * core.Second, Command: core.Command{Op: core.OpCrash, Node: 2}},
	}}
	if err := s.LoadScenario(sc, Caption{Title: "Two crashes"}); err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 2; run++ {
		s.AdvanceNow(5 * core.Second)
		s.Refresh(lesson.UI{})
		nodes := s.Frame().Runs[0].Snap.Nodes
		if nodes[1].Status != core.StatusCrashed || nodes[2].Status != core.StatusCrashed {
			t.Fatalf("seed 9, run %d: nodes 1, 2 are %v, %v at 5 s", run, nodes[1].Status, nodes[2].Status)
		}
		if err := s.Reset(); err != nil {
			t.Fatal(err)
		}
	}
	if s.ScenarioName() != "two crashes" || s.Caption().Title != "Two crashes" {
		t.Errorf("seed 9: scenario %q caption %+v", s.ScenarioName(), s.Caption())
	}
}

// A lesson opens paused at its speed and its checker follows the run shown.
func TestLessonOpensPausedAtItsSpeed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("../web/lessons", "06-loss-and-false-positives.json"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lesson.Parse("06-loss-and-false-positives.json", data)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newSession(t, 8, 10)
	s.Play()
	if err := s.StartLesson(&l, nil); err != nil {
		t.Fatal(err)
	}
	st := s.LessonState(nil)
	if !s.Paused() || s.Speed() != LessonSpeed(&l) || st == nil || st.ID != l.ID || len(st.Done) != len(l.Tasks) {
		t.Fatalf("paused %v speed %g lesson %+v", s.Paused(), s.Speed(), st)
	}
	if err := s.RetryLessonStep(); err == nil {
		t.Error("retrying a step that is not stuck succeeded")
	}
	s.StopLesson()
	if s.LessonState(nil) != nil || s.Lesson() != nil {
		t.Error("the lesson goes on after StopLesson")
	}
}

// Publishing the state allocates nothing in steady state, and a copy shares no memory.
func TestPublishAllocatesNothingAndCopiesDeeply(t *testing.T) {
	s, _ := newSession(t, 32, 11)
	s.Play()
	var p State
	s.Advance(100)
	s.Refresh(lesson.UI{})
	s.PublishInto(&p)
	allocs := testing.AllocsPerRun(50, func() {
		s.Advance(16)
		s.Refresh(lesson.UI{})
		s.PublishInto(&p)
	})
	if allocs != 0 {
		t.Errorf("seed 11: %g allocations per frame, want 0", allocs)
	}
	c := p.Copy()
	if want := fmt.Sprintf("%016x", s.TraceHash()); c.TraceHash != want {
		t.Errorf("seed 11: trace hash %q, want %q", c.TraceHash, want)
	}
	if len(p.Params.Seeds) > 0 {
		c.Params.Seeds[0] = 99
		if p.Params.Seeds[0] == 99 {
			t.Error("seed 11: the copy shares the seeds")
		}
	}
}
