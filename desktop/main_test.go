package main

import (
	"bytes"
	"strings"
	"testing"

	"gossiplab/view"
)

// Bad flags exit with status 2 and one line naming the flag and what it accepts; none of these
// opens a window, so the test runs without a display.
func TestBadFlagsExit2(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-n", "0"}, "-n: must be a whole number in [1, 1000]"},
		{[]string{"-loss", "0.95"}, "-loss: must be a number in [0, 0.9]"},
		{[]string{"-latency", "80-20"}, "-latency: must be \"min-max\""},
		{[]string{"-fanout", "40"}, "-fanout: must be a whole number in [1, 15]"},
		{[]string{"-tsuspect", "5000", "-tremove", "4000"}, "-tremove: must be a whole number of ms in (tsuspect=5000"},
		{[]string{"-speed", "50"}, "-speed: must be a number in [0.1, 20]"},
		{[]string{"-scale", "0"}, "-scale: must be a number in [0.5, 4]"},
		{[]string{"-protocol", "foo"}, "-protocol: must be one of heartbeat, swim"},
		{[]string{"-k", "20"}, "-k: must be a whole number in [0, 14]"},
		{[]string{"-tsuspicion", "0"}, "-tsuspicion: must be a whole number of ms in [1, 3600000]"},
		{[]string{"-pitfalls", "bogus"}, "-pitfalls: must be a comma-separated list of no_tombstone, timestamp_merge, no_generation"},
		{[]string{"-skew", "70000"}, "-skew: must be a whole number of ms in [0, 60000]"},
		{[]string{"-do", "protocol"}, "needs a protocol name"},
		{[]string{"-do", "pitfall no_tombstone maybe"}, "needs a pitfall name and on or off"},
		{[]string{"-size", "10x10"}, "-size must be WxH"},
		{[]string{"-do", "explode 3"}, "unknown step \"explode\""},
		{[]string{"-do", "crash x"}, "is not a number"},
		{[]string{"-screenshot", "a.png"}, "-screenshot needs -exit-after"},
		{[]string{"-exit-after", "-1s"}, "-exit-after must be a positive duration"},
		{[]string{"-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"stray"}, "unexpected argument"},
		{[]string{"-scene", "3"}, "-scene needs -lecture"},
		{[]string{"-lecture", "-scene", "11"}, "-scene must be a whole number in [1, 10], got 11"},
		{[]string{"-lecture", "-scene", "0"}, "-scene must be a whole number in [1, 10], got 0"},
		{[]string{"-lecture", "-scene", "x"}, "invalid value \"x\" for flag -scene"},
		{[]string{"-lecture", "-do", "scene"}, "needs a number"},
		// -share, -scenario and -lesson mirror the page's share=, scenario= and lesson=.
		{[]string{"-share", "v9.abc"}, "-share: share link: it was made by a Gossip Lab with link format 9"},
		{[]string{"-share", "https://example.edu/lab/?share=v1.%21%21"}, "-share: share link: it is corrupted"},
		{[]string{"-scenario", "no/such/file.json"}, "-scenario: open no/such/file.json"},
		{[]string{"-lesson", "11"}, "-lesson must be a number in [1, 10] or one of 01-one-rumor"},
		{[]string{"-lesson", "4", "-share", "v1.x"}, "-share and -lesson: give only one of them"},
		{[]string{"-lecture", "-lesson", "4"}, "-lesson with -lecture: lecture mode starts from its scene menu (use -scene N)"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		if code := run(c.args, &out); code != 2 {
			t.Errorf("%v: exit status %d, want 2 (output %q)", c.args, code, out.String())
		}
		if !strings.Contains(out.String(), c.want) {
			t.Errorf("%v: output %q lacks %q", c.args, out.String(), c.want)
		}
	}
}

func TestSeveralBadFlagsAreAllReported(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"-n", "0", "-loss", "2"}, &out); code != 2 {
		t.Fatalf("exit status %d", code)
	}
	if lines := strings.Count(strings.TrimSpace(out.String()), "\n") + 1; lines != 2 {
		t.Fatalf("want one line per bad flag, got:\n%s", out.String())
	}
}

func TestParseSteps(t *testing.T) {
	steps, err := parseSteps(" crash 3; advance 8000 ;select 5; matrix; help; pause; play; add; leave 2; restart 3; cut 45; set loss 0.2; protocol swim; pitfall no_tombstone on;")
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 14 || steps[0].text != "crash 3" || steps[11].text != "set loss 0.2" || steps[13].text != "pitfall no_tombstone on" {
		t.Fatalf("steps: %d, first %q", len(steps), steps[0].text)
	}
	if _, err := parseSteps("set loss"); err == nil {
		t.Fatal("set without a value was accepted")
	}
	steps, err = parseSteps("protocol rumor; mode pushpull; inject 2")
	if err != nil || len(steps) != 3 || steps[2].text != "inject 2" {
		t.Fatalf("rumor steps: %v, %d", err, len(steps))
	}
	if _, err := parseSteps("inject"); err == nil {
		t.Fatal("inject without a node was accepted")
	}
}

// -lecture turns the ten lessons into scenes, in order, at the lecture scale unless -scale is
// given; -scene picks the first.
func TestLectureOptions(t *testing.T) {
	var opts view.Options
	opts.UIScale = 1
	if code, err := lectureOptions(&opts, true, 4, map[string]bool{"lecture": true, "scene": true}); err != nil {
		t.Fatalf("status %d: %v", code, err)
	}
	if len(opts.Lecture) != 10 || opts.LectureStart != 4 || opts.UIScale != 0 {
		t.Fatalf("%d scenes, start %d, scale %g", len(opts.Lecture), opts.LectureStart, opts.UIScale)
	}
	if sc := opts.Lecture[3]; !strings.HasPrefix(sc.Title, "Failure detection") || sc.Caption == "" || sc.Scenario.Config.N != 16 {
		t.Fatalf("scene 4: %+v", sc)
	}
	opts = view.Options{UIScale: 2}
	if _, err := lectureOptions(&opts, true, 0, map[string]bool{"lecture": true, "scale": true}); err != nil || opts.UIScale != 2 || opts.LectureStart != 0 {
		t.Fatalf("-lecture -scale 2: %v, scale %g, start %d", err, opts.UIScale, opts.LectureStart)
	}
	opts = view.Options{}
	if _, err := lectureOptions(&opts, false, 0, map[string]bool{}); err != nil || opts.Lecture != nil {
		t.Fatalf("without -lecture: %v, %d scenes", err, len(opts.Lecture))
	}
	steps, err := parseSteps("scene 4; menu")
	if err != nil || len(steps) != 2 || steps[0].text != "scene 4" || steps[1].text != "menu" {
		t.Fatalf("lecture steps: %v, %d", err, len(steps))
	}
}

// -share takes a pasted URL as well as the link text.
func TestShareText(t *testing.T) {
	if got := shareText(" https://x.edu/index.html?embed=1&share=v1.abc_-D "); got != "v1.abc_-D" {
		t.Errorf("shareText of a pasted URL = %q", got)
	}
	if got := shareText("v1.abc"); got != "v1.abc" {
		t.Errorf("shareText of bare link text = %q", got)
	}
}
