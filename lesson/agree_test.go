package lesson

import (
	"slices"
	"testing"
)

// What a task's text names, as the agreement check reads it.
func TestMentionsInTaskTexts(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Start a rumor in **push** mode and wait.", []string{"the rumor mode push"}},
		{"Switch the mode to **push-pull** and compare.", []string{"the rumor mode push-pull"}},
		{"Compare pull with pushpull.", []string{"the rumor mode pull", "the rumor mode pushpull"}},
		{"Switch the protocol to **SWIM** (press `P`).", []string{"the protocol SWIM"}},
		{"Under heartbeat gossip, crash a node.", []string{"the protocol heartbeat gossip"}},
		{"Switch on **no tombstones**.", []string{"the pitfall no tombstones"}},
		{"Keep the loss at 20 % and run a minute.", []string{"loss = 20%"}},
		{"Move the **T_suspect** slider to 8 s or more.", []string{"T_suspect = 8s"}},
		{"Move the **M** (fanout) slider down to 1.", []string{"fanout = 1"}},
		{"Set the **Nodes N** slider to 128 and press Reset.", []string{"N = 128"}},
		{"Set X to 2000 ms.", []string{"X = 2000ms"}},
		// Not a mention: a parameter named with no value, a value far from its name, a number
		// after a full stop, words that only look like names.
		{"Wait for a live node to be suspected: news is now slower than T_suspect.", nil},
		{"Let the cluster run for 10 seconds and watch the heartbeats climb.", nil},
		{"Crash two nodes: click them.", nil},
		{"Add a node through the seed (press `A`).", nil},
		{"Heal the network (press `H`) and wait until every list agrees with the truth.", nil},
		{"Watch the loss. Then wait 20 s.", nil},
	}
	for _, c := range cases {
		var got []string
		for _, m := range mentionsIn(c.text) {
			got = append(got, m.what)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: mentions %q, want %q", c.text, got, c.want)
		}
	}
}

// The value a task's text names must be the value its check constrains, in the right unit.
func TestMentionMatchesTheConstrainedValue(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	m := mentionsIn("Keep the loss at 20 % and T_suspect at 8 s.")
	if len(m) != 2 {
		t.Fatalf("mentions %v", m)
	}
	ok := Check{Kind: "ran_for", Value: v(60000), While: []Check{
		{Kind: "param_at_least", Param: "loss", Value: v(0.2)}, {Kind: "param_at_least", Param: "t_suspect_ms", Value: v(8000)}}}
	for _, x := range m {
		if !ok.constrains(x.match) {
			t.Errorf("%s is not matched by %+v", x.what, ok)
		}
	}
	wrong := Check{Kind: "ran_for", Value: v(60000), While: []Check{
		{Kind: "param_at_least", Param: "loss", Value: v(20)}, {Kind: "param_at_least", Param: "t_suspect_ms", Value: v(8)}}}
	for _, x := range m {
		if wrong.constrains(x.match) {
			t.Errorf("%s is matched by values in the wrong unit: %+v", x.what, wrong)
		}
	}
}
