package core

import (
	"errors"
	"strings"
	"testing"
)

// A run driven step by step, as the app does, and its share link replayed in one go give the
// same trace hash: the link reproduces the run exactly.
func TestShareLinkReplaysTheSameRun(t *testing.T) {
	for _, proto := range []Protocol{ProtocolHeartbeat, ProtocolSwim} {
		c := DefaultConfig()
		c.Protocol, c.N, c.Seed, c.Loss = proto, 20, 42, 0.05
		live := mustSim(t, c)
		var log []TimedCommand
		do := func(cmd Command) {
			mustApply(t, live, cmd)
			log = append(log, TimedCommand{At: live.Now(), Command: cmd})
		}
		for frame := 0; frame < 900; frame++ { // 60 frames a second at 1× for 15 s
			live.Advance(16)
			switch frame {
			case 100:
				do(Command{Op: OpCrash, Node: 3})
			case 300:
				do(Command{Op: OpSet, Param: "loss", Value: 0.2})
			case 400:
				do(Command{Op: OpPartition, Groups: [][]NodeID{{0, 1, 2, 4, 5}}})
			case 600:
				do(Command{Op: OpHeal})
				do(Command{Op: OpRestart, Node: 3})
			case 700:
				do(Command{Op: OpAdd})
			}
		}
		link, err := EncodeShare(Share{Config: c, Commands: log, At: live.Now()})
		if err != nil {
			t.Fatal(err)
		}
		sh, err := DecodeShare(link)
		if err != nil {
			t.Fatalf("seed %d, %s: decoding our own link: %v", c.Seed, proto, err)
		}
		replay, err := sh.Replay()
		if err != nil {
			t.Fatalf("seed %d, %s: %v", c.Seed, proto, err)
		}
		if replay.TraceHash() != live.TraceHash() || replay.Now() != live.Now() {
			t.Fatalf("seed %d, %s: replayed hash %x at %v, live %x at %v", c.Seed, proto, replay.TraceHash(), replay.Now(), live.TraceHash(), live.Now())
		}
		if len(link) > 600 {
			t.Errorf("seed %d, %s: a link for 6 commands is %d characters", c.Seed, proto, len(link))
		}
	}
}

func TestShareLinkRejectsBadLinks(t *testing.T) {
	c := DefaultConfig()
	good, err := EncodeShare(Share{Config: c, Commands: []TimedCommand{{At: 1000, Command: Command{Op: OpCrash, Node: 2}}}, At: 5000})
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(good)
	flipped[len(flipped)/2] ^= 0x01
	bad := map[string]string{
		"":                        "it is empty",
		good[:len(good)/2]:        "truncated or corrupted",
		string(flipped):           "corrupted",
		"v2." + good[3:]:          "link format 2; this one reads format 1",
		"hello":                   "does not start with a version",
		"v1.***":                  "not base64url",
		strings.Repeat("A", 9000): "at most 8000",
	}
	for link, want := range bad {
		_, err := DecodeShare(link)
		var se *ShareError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
			show := link
			if len(show) > 40 {
				show = show[:40] + "…"
			}
			t.Errorf("DecodeShare(%q) = %v, want a ShareError containing %q", show, err, want)
		}
	}
	c.Fanout = 99
	if _, err := EncodeShare(Share{Config: c}); err == nil || !strings.Contains(err.Error(), "fanout must be in") {
		t.Errorf("a link with fanout 99 of 16 nodes: %v", err)
	}
	s := Share{Config: DefaultConfig(), Commands: []TimedCommand{{At: 9000, Command: Command{Op: OpCrash, Node: 2}}}, At: 5000}
	if _, err := EncodeShare(s); err == nil || !strings.Contains(err.Error(), "after the link's time") {
		t.Errorf("a command after the link's time: %v", err)
	}
	s = Share{Config: DefaultConfig(), Commands: []TimedCommand{{At: 10, Command: Command{Op: OpRestart, Node: 2}}}, At: 50}
	link, _ := EncodeShare(s)
	if _, err := mustDecode(t, link).Replay(); err == nil || !strings.Contains(err.Error(), "does not apply") {
		t.Errorf("restarting a node that is up: %v", err)
	}
}

func mustDecode(t *testing.T, link string) Share {
	t.Helper()
	s, err := DecodeShare(link)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// FuzzDecodeShare: any text either fails with a ShareError or replays without a panic.
func FuzzDecodeShare(f *testing.F) {
	good, _ := EncodeShare(Share{Config: DefaultConfig(), Commands: []TimedCommand{{At: 100, Command: Command{Op: OpCrash, Node: 1}}}, At: 2000})
	f.Add(good)
	f.Add("v1.")
	f.Add("v1.eJyrVkrOL0pVslIqSk1RqgUAJ9wE_Q")
	f.Fuzz(func(t *testing.T, link string) {
		s, err := DecodeShare(link)
		var se *ShareError
		if err != nil {
			if !errors.As(err, &se) {
				t.Fatalf("DecodeShare returned a %T: %v", err, err)
			}
			return
		}
		if !cheapToRun(s.Config, s.At, s.Commands) {
			return // valid but too slow to replay inside a fuzz iteration
		}
		_, _ = s.Replay()
	})
}
