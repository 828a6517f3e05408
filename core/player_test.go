package core

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// The player applies each command at its own time (one at exactly t included), calls Visit
// after every stretch and command and AtPause at each pause after the commands due then, and
// goes on from Next on a second call.
func TestPlayerOrder(t *testing.T) {
	s, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	p := Player{
		Script: Script{
			{At: 2000, Command: Command{Op: OpCrash, Node: 1}},
			{At: 3000, Command: Command{Op: OpCrash, Node: 2}},
			{At: 5000, Command: Command{Op: OpCrash, Node: 3}},
		},
		Apply: func(c TimedCommand) error {
			log = append(log, fmt.Sprintf("apply %d@%d", c.Node, s.Now()))
			return s.Apply(c.Command)
		},
		Pause:   func(now Time) Time { return (now/3000 + 1) * 3000 },
		AtPause: func() { log = append(log, fmt.Sprintf("pause@%d", s.Now())) },
	}
	if err := p.RunTo(s, 3000); err != nil {
		t.Fatal(err)
	}
	want := []string{"apply 1@2000", "apply 2@3000", "pause@3000"}
	if !slices.Equal(log, want) || p.Next != 2 || s.Now() != 3000 {
		t.Fatalf("to 3 s: %q, next %d, now %v; want %q", log, p.Next, s.Now(), want)
	}
	if err := p.RunTo(s, 7000); err != nil {
		t.Fatal(err)
	}
	want = append(want, "apply 3@5000", "pause@6000")
	if !slices.Equal(log, want) || s.Now() != 7000 {
		t.Fatalf("to 7 s: %q, now %v; want %q", log, s.Now(), want)
	}
}

// A command that does not apply stops the play with its index and time.
func TestPlayerError(t *testing.T) {
	s, _ := New(DefaultConfig())
	p := Player{Script: Script{
		{At: 1000, Command: Command{Op: OpCrash, Node: 4}},
		{At: 2000, Command: Command{Op: OpCrash, Node: 4}}, // already down
	}}
	err := p.RunTo(s, 5000)
	var pe *PlayError
	if !errors.As(err, &pe) || pe.Index != 1 || pe.At != 2000 || s.Now() != 2000 {
		t.Fatalf("error %v (now %v), want commands[1] at 2000 ms", err, s.Now())
	}
}
