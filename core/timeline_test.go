package core

import (
	"math/rand/v2"
	"testing"
)

// liveRun plays a run frame by frame with random commands through a timeline.
func liveRun(t *testing.T, c Config, frames int) (*Timeline, *Sim) {
	tl, s, err := NewTimeline(c, 5*Second, 6)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(c.Seed, 5))
	for f := 0; f < frames; f++ {
		s.Advance(50)
		tl.Observe(s)
		if r.IntN(40) == 0 {
			n := NodeID(r.IntN(s.NumNodes())) // the first of these that applies is recorded
			for _, cmd := range []Command{{Op: OpCrash, Node: n}, {Op: OpRestart, Node: n}, {Op: OpSet, Param: "loss", Value: 0.1}} {
				if tl.Apply(s, cmd) == nil {
					break
				}
			}
		}
	}
	return tl, s
}

// Scrubbing back to any moment gives exactly the state the run passed through (checked
// against a replay of its share link), and scrubbing forward again returns to the live state.
func TestTimelineSeekIsExact(t *testing.T) {
	for _, seed := range testSeeds[:4] {
		c := DefaultConfig()
		c.N, c.Seed = 16, seed
		tl, live := liveRun(t, c, 2400) // 2 minutes
		for _, at := range []Time{0, 7 * Second, 33*Second + 450, 61 * Second, live.Now()} {
			got, err := tl.Seek(at)
			if err != nil {
				t.Fatalf("seed %d: Seek(%d): %v", seed, at, err)
			}
			want, err := tl.Share(at).Replay()
			if err != nil {
				t.Fatalf("seed %d: replay to %d: %v", seed, at, err)
			}
			if got.TraceHash() != want.TraceHash() || got.Now() != at {
				t.Fatalf("seed %d: Seek(%d) gave hash %x at %v, a full replay %x", seed, at, got.TraceHash(), got.Now(), want.TraceHash())
			}
		}
		if len(tl.Commands()) < 5 {
			t.Fatalf("seed %d: only %d commands recorded; the test needs a busy run", seed, len(tl.Commands()))
		}
		if end, _ := tl.Seek(live.Now()); end.TraceHash() != live.TraceHash() {
			t.Fatalf("seed %d: seeking to the live time gave another state", seed)
		}
		if n := len(tl.checkpoints); n > 6 {
			t.Fatalf("seed %d: %d checkpoints kept, at most 6", seed, n)
		}
	}
}

// Forking at an earlier time forgets the later commands, and the run goes on from there.
func TestTimelineFork(t *testing.T) {
	c := DefaultConfig()
	c.Seed = 9
	tl, s, _ := NewTimeline(c, 5*Second, 8)
	s.Advance(10 * Second)
	tl.Observe(s)
	if err := tl.Apply(s, Command{Op: OpCrash, Node: 3}); err != nil {
		t.Fatal(err)
	}
	s.Advance(20 * Second)
	tl.Observe(s)
	if err := tl.Apply(s, Command{Op: OpCrash, Node: 4}); err != nil {
		t.Fatal(err)
	}
	s.Advance(5 * Second)
	fork, err := tl.Seek(15 * Second)
	if err != nil {
		t.Fatal(err)
	}
	tl.Fork(15 * Second)
	if cmds := tl.Commands(); len(cmds) != 1 || cmds[0].Node != 3 {
		t.Fatalf("seed %d: after forking at 15 s the log is %+v, want only the crash of node 3", c.Seed, cmds)
	}
	if err := tl.Apply(fork, Command{Op: OpLeave, Node: 7}); err != nil {
		t.Fatal(err)
	}
	fork.Advance(10 * Second)
	again, _ := tl.Seek(fork.Now())
	if again.TraceHash() != fork.TraceHash() {
		t.Fatalf("seed %d: the forked run cannot be rebuilt from the timeline", c.Seed)
	}
	if fork.StatusOf(4) != StatusUp || fork.StatusOf(3) != StatusCrashed || fork.StatusOf(7) != StatusLeft {
		t.Fatalf("seed %d: the fork should have node 3 crashed, 4 up, 7 left", c.Seed)
	}
}

// Dragging the scrubber forward step by step from a past moment lands on exactly the states
// Seek gives for those moments.
func TestTimelineSeekFromMatchesSeek(t *testing.T) {
	for _, seed := range testSeeds[:3] {
		c := DefaultConfig()
		c.N, c.Seed = 12, seed
		tl, live := liveRun(t, c, 1600)
		shown, err := tl.Seek(3 * Second)
		if err != nil {
			t.Fatal(err)
		}
		for at := 3 * Second; at <= live.Now(); at += 1700 {
			if shown, err = tl.SeekFrom(shown, at); err != nil {
				t.Fatalf("seed %d: SeekFrom(%d): %v", seed, at, err)
			}
			want, _ := tl.Seek(at)
			if shown.Now() != at || shown.TraceHash() != want.TraceHash() {
				t.Fatalf("seed %d: SeekFrom to %d ms: at %d hash %x, Seek gives %x", seed, at, shown.Now(), shown.TraceHash(), want.TraceHash())
			}
		}
		// Going back falls back to a checkpoint.
		back, _ := tl.SeekFrom(shown, 2*Second)
		want, _ := tl.Seek(2 * Second)
		if back.TraceHash() != want.TraceHash() {
			t.Fatalf("seed %d: SeekFrom backwards differs from Seek", seed)
		}
	}
}
