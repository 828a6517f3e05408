package view

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gossiplab/core"
)

// The controls keep the names pages and lessons point at (State.Controls, ?lock=).
func TestControlNamesPagesPointAt(t *testing.T) {
	want := [numControls]string{"play", "step", "reset", "add", "leave", "heal", "matrix", "help", "compare",
		"protocol_heartbeat", "protocol_swim", "protocol_rumor", "mode_push", "mode_pull", "mode_pushpull", "inject", "pitfall_badge", "pitfalls", "pitfall_no_tombstone", "pitfall_no_generation",
		"pitfall_timestamp_merge", "save_trace", "close_source", "speed", "loss", "latency", "fanout", "period", "tsuspect", "tremove", "n",
		"k", "tsuspicion", "tping"}
	if controlNames != want {
		t.Errorf("control names\n got %q\nwant %q", controlNames, want)
	}
}

// The action table is whole: unique names, one action per key, a button's label and tooltip,
// locks that are lockable, and every action does something.
func TestActionTableIsWhole(t *testing.T) {
	names := map[string]action{}
	keys := map[string]action{}
	for a := actNone + 1; a < numActions; a++ {
		sp := &actions[a]
		if sp.name == "" || sp.run == nil {
			t.Errorf("action %d has no name or does nothing: %+v", a, sp.name)
		}
		if b, dup := names[sp.name]; dup {
			t.Errorf("actions %d and %d are both %q", b, a, sp.name)
		}
		names[sp.name] = a
		for _, k := range sp.keys {
			id := fmt.Sprint(sp.ctrl, k)
			if b, dup := keys[id]; dup {
				t.Errorf("key %v (ctrl %v) does both %q and %q", k, sp.ctrl, actions[b].name, sp.name)
			}
			keys[id] = a
		}
		for _, l := range sp.locks {
			if !slices.Contains(LockNames, l) {
				t.Errorf("%s is locked by %q, not a lock name (%v)", sp.name, l, LockNames)
			}
		}
	}
	for c := range numControls {
		if c.isSlider() || c == ctlBadge || c == ctlPitHeader {
			continue
		}
		if label, _, tip := button(c); label == "" || tip == "" {
			t.Errorf("button %s has label %q, tooltip %q", controlNames[c], label, tip)
		}
	}
}

// The help overlay lists every key the table gives words to, and the lecture keys only in
// lecture mode.
func TestHelpListsTheTablesKeys(t *testing.T) {
	help := strings.Join(helpLines, "\n")
	for a := actNone + 1; a < numActions; a++ {
		sp := &actions[a]
		if sp.help == "" || sp.keyText == "" {
			continue
		}
		in := strings.Contains(help, sp.keyText+"  "+sp.help)
		if in == sp.lecture {
			t.Errorf("help lists %q: %v, want %v", sp.keyText+"  "+sp.help, in, !sp.lecture)
		}
		if sp.lecture && !strings.Contains(strings.Join(lectureHelp, "\n"), sp.keyText+"  "+sp.help) {
			t.Errorf("the lecture help lacks %q", sp.keyText)
		}
	}
	for _, l := range append(helpKeys("Keys", false), lectureHelp...) {
		if len([]rune(l)) > 100 {
			t.Errorf("help line of %d characters: %q", len([]rune(l)), l)
		}
	}
}

// DoAction carries out an action by name with its arguments, and a bad call names the action,
// what it takes and the range.
func TestDoActionByName(t *testing.T) {
	g := newTestGame(t, 10, 1280, 720)
	if err := g.DoAction("crash", "3"); err != nil {
		t.Fatal(err)
	}
	if st := g.State().Nodes[3].Status; st != "crashed" {
		t.Fatalf("crash 3: node 3 is %s", st)
	}
	if err := g.DoAction("advance", "2500"); err != nil || g.State().TimeMs != 2500 {
		t.Fatalf("advance 2500: %v, at %d ms", err, g.State().TimeMs)
	}
	if err := g.DoAction("set", "loss", "0.2"); err != nil || g.State().Params.Loss != 0.2 {
		t.Fatalf("set loss 0.2: %v, loss %g", err, g.State().Params.Loss)
	}
	if err := g.DoAction("protocol", "swim"); err != nil || g.Protocol() != core.ProtocolSwim {
		t.Fatalf("protocol swim: %v, %s", err, g.Protocol())
	}
	if err := g.DoAction("pause"); err != nil || !g.State().Paused {
		t.Fatalf("pause: %v", err)
	}
	if err := g.DoAction("select", "3.0"); err != nil || g.selected != 3 {
		t.Errorf("select 3.0: %v, selected %d", err, g.selected)
	}
	for range 2 { // on stays on; no word switches
		g.DoAction("matrix", "on")
	}
	if !g.showMatrix {
		t.Error("matrix on twice: closed")
	}
	if g.DoAction("matrix"); g.showMatrix {
		t.Error("matrix without a word did not close it")
	}
	if err := g.DoAction("speed", "NaN"); err == nil || !strings.Contains(err.Error(), "speed must be in [0.1, 20]") {
		t.Errorf("speed NaN: %v", err)
	}
	for _, c := range []struct {
		words []string
		want  string
	}{
		{[]string{"crash", "10"}, "[0, 9]"},
		{[]string{"crash"}, `"crash" needs a number`},
		{[]string{"advance", "soon"}, `"advance soon": "soon" is not a number`},
		{[]string{"advance", "-5"}, "number in [0,"},
		{[]string{"pitfall", "no_tombstone", "maybe"}, "needs a pitfall name and on or off"},
		{[]string{"pause", "now"}, "takes no arguments"},
		{[]string{"fly"}, "unknown action \"fly\" (known: play_pause, step"},
	} {
		err := g.DoAction(c.words[0], c.words[1:]...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an error with %q", c.words, err, c.want)
		}
	}
}
