package core

import (
	"strings"
	"testing"
)

func TestParseScenario(t *testing.T) {
	sc, err := ParseScenario([]byte(`{"preset": "lossy", "config": {"n": 24, "fanout": 2}, "duration_ms": 90000,
		"commands": [{"at_ms": 20000, "op": "restart", "node": 3}, {"at_ms": 10000, "op": "crash", "node": 3}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Config.N != 24 || sc.Config.Fanout != 2 || sc.Config.Loss != 0.2 || sc.Duration != 90*Second {
		t.Fatalf("preset and overrides not combined: %+v", sc.Config)
	}
	if sc.Commands[0].Op != OpCrash || sc.Commands[1].Op != OpRestart {
		t.Fatalf("commands not sorted by time: %+v", sc.Commands)
	}
}

func TestParseScenarioErrorsNameTheField(t *testing.T) {
	bad := map[string]string{
		`{"config": {"fanot": 3}}`:  `unknown field "fanot"`,
		`{"config": {"loss": 1.5}}`: "loss must be in [0, 1)",
		`{"config": {"n": "ten"}}`:  "field config.n",
		`{"preset": "huge"}`:        "unknown preset",
		`{"duration_ms": 0}`:        "duration_ms must be in [1,",
		`{"duration_ms": 1000, "commands": [{"at_ms": 2000, "op": "crash"}]}`: "commands[0]: at_ms must be in [0, duration_ms=1000]",
		`{"commands": [{"op": "set", "param": "speed"}]}`:                     "commands[0]: param must be one of",
		`{"commands": [{"op": "boom"}]}`:                                      `op must be one of`,
		`{"config": {"n": 3}`:                                                 "scenario:",
		`{} {}`:                                                               "line 1, column 5",
	}
	for in, want := range bad {
		_, err := ParseScenario([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseScenario(%s) = %v, want an error containing %q", in, err, want)
		}
	}
}

// FuzzParseScenario: any input either fails with an error or yields a scenario that runs.
func FuzzParseScenario(f *testing.F) {
	f.Add([]byte(`{"config": {"n": 8}, "duration_ms": 5000, "commands": [{"at_ms": 100, "op": "crash", "node": 3}]}`))
	f.Add([]byte(`{"preset": "lossy", "commands": [{"op": "partition", "groups": [[0, 1]]}, {"op": "set", "param": "loss", "value": 0.5}]}`))
	f.Add([]byte(`{"config": {"period_ms": -1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := ParseScenario(data)
		if err != nil {
			return
		}
		if !cheapToRun(sc.Config, sc.Duration, sc.Commands) {
			return // valid but too slow to run inside a fuzz iteration
		}
		s, err := New(sc.Config)
		if err != nil {
			t.Fatalf("a parsed scenario's config was rejected by New: %v", err)
		}
		for _, c := range sc.Commands {
			s.RunUntil(c.At)
			_ = s.Apply(c.Command) // may fail (e.g. crash a crashed node) but must not panic
		}
		s.RunUntil(sc.Duration)
	})
}
