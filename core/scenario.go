package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// TimedCommand is a command scheduled at a virtual time.
type TimedCommand struct {
	At Time `json:"at_ms"`
	Command
}

// Scenario is a run described in a file: a starting config, timed commands and a duration.
//
//	{"preset": "classroom", "config": {"n": 24, "loss": 0}, "duration_ms": 60000,
//	 "commands": [{"at_ms": 10000, "op": "crash", "node": 3}]}
type Scenario struct {
	Name     string         `json:"name,omitempty"`
	Preset   string         `json:"preset,omitempty"`
	Config   Config         `json:"config"`
	Duration Time           `json:"duration_ms"`
	Commands []TimedCommand `json:"commands"`
}

// MaxScenarioDuration bounds a scenario's length.
const MaxScenarioDuration = 24 * 60 * Minute

// ParseScenario reads a scenario: the preset (default "classroom") is applied first, sized for
// the config's n (Config.SizedFor: the timeouts, fanout and K follow it), and the "config"
// object overrides its fields. Unknown fields, a bad config and commands out of order
// or out of range are errors that name the field; commands are sorted by time, keeping file
// order for equal times.
func ParseScenario(data []byte) (Scenario, error) {
	var head struct {
		Preset string `json:"preset"`
		Config struct {
			N *int `json:"n"`
		} `json:"config"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Scenario{}, fmt.Errorf("scenario: %w", jsonProblem(data, err))
	}
	if head.Preset == "" {
		head.Preset = "classroom"
	}
	base, err := Preset(head.Preset)
	if err != nil {
		return Scenario{}, fmt.Errorf("scenario: preset: %w", err)
	}
	if head.Config.N != nil { // what follows N follows the file's n, unless the file sets it too
		base = base.SizedFor(*head.Config.N)
	}
	sc := Scenario{Config: base, Duration: Minute}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		return Scenario{}, fmt.Errorf("scenario: %w", jsonProblem(data, err))
	}
	sc.Preset = head.Preset
	if err := sc.Validate(); err != nil {
		return Scenario{}, err
	}
	slices.SortStableFunc(sc.Commands, func(a, b TimedCommand) int { return int(a.At - b.At) })
	return sc, nil
}

// Validate checks the config, the duration and the commands as a whole (Script.Check: fields,
// times, nodes that exist by then, disjoint partition groups). Whether a command applies to the
// run's state, e.g. crashing a node that is up, is only known when the run reaches it.
func (sc Scenario) Validate() error {
	if err := sc.Config.Validate(); err != nil {
		return fmt.Errorf("scenario: config: %w", err)
	}
	if sc.Duration < 1 || sc.Duration > MaxScenarioDuration {
		return fmt.Errorf("scenario: duration_ms must be in [1, %d], got %d", MaxScenarioDuration, sc.Duration)
	}
	if err := Script(sc.Commands).Check(sc.Config.N, sc.Duration, "duration_ms", false); err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	return nil
}

// JSONProblem adds the line and column to a JSON syntax or type error; a type error that
// names its field is worded by fieldMsg(field, wanted Go type, JSON value found) instead.
// Scenario and lesson files share it so their errors point at the same place.
func JSONProblem(data []byte, err error, fieldMsg func(field, want, got string) string) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		if te.Field != "" {
			return errors.New(fieldMsg(te.Field, te.Type.String(), te.Value))
		}
		off = te.Offset
	}
	if off < 0 {
		return err
	}
	line, col := 1, 1
	for _, b := range data[:min(int(off), len(data))] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Errorf("line %d, column %d: %v", line, col, err)
}

func jsonProblem(data []byte, err error) error {
	return JSONProblem(data, err, func(field, want, got string) string {
		return fmt.Sprintf("field %s: expected %s, got JSON %s", field, want, got)
	})
}
