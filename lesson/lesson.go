// Package lesson reads, validates and checks the lab's lessons: short guided experiments, each a
// JSON file in web/lessons/ that the UI shows beside the running cluster.
//
// A lesson file (strict JSON: an unknown field is an error):
//
//	{
//	  "id": "04-failure-detection",          // the file name without .json
//	  "number": 4,                            // its place in web/lessons/index.json, from 1
//	  "title": "…", "summary": "one line",
//	  "narrative": ["paragraph", "…"],       // plain text; **bold** and `code` only, no HTML
//	  "scenario": {…},                        // a core.Scenario, read by core.ParseScenario
//	  "tasks": [{"text": "…", "check": {"kind": "all_removed", "count": 2}}],
//	  "predict": [{"question": "…", "choices": ["a", "b"], "answer": 1,
//	               "reveal_after": {"kind": "crashed_count", "count": 1},
//	               "explanation": "…"}],
//	  "experiments": [{"kind": "load_vs_m", "values": [1, 2, 3], "runs": 2,   // optional
//	                   "text": "what to look for"}]
//	}
//
// Tasks are done in order: a task's check is looked at only once every earlier task is done, and
// a done task stays done. A predict question has either 2–5 choices and an answer that is the
// index of the right one, or no choices and a numeric answer with a unit and a tolerance; its
// answer and explanation may be shown once its reveal_after check has been met. The check
// kinds and their arguments are listed in Kinds; Checker evaluates them from the simulator's
// events and snapshots.
//
// The package is pure (no os, no net) so that it compiles to WebAssembly.
package lesson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"gossiplab/core"
)

// Lesson is one parsed and validated lesson.
type Lesson struct {
	// ID names the lesson; it equals the file name without ".json" (e.g. "04-failure-detection").
	ID string `json:"id"`
	// Number is the lesson's place in the course, from 1; it equals the file name's NN prefix.
	Number int `json:"number"`
	// Title is shown as the lesson's heading; Summary is one line for the lesson list.
	Title   string `json:"title"`
	Summary string `json:"summary"`
	// Narrative is the lesson text, one string per paragraph: plain text with **bold** and
	// `code` as the only markup, so it renders as selectable, screen-reader-friendly text.
	Narrative []string `json:"narrative"`
	// RawScenario is the scenario object as written; Scenario is it parsed by core.ParseScenario.
	RawScenario json.RawMessage `json:"scenario"`
	Scenario    core.Scenario   `json:"-"`
	// Tasks are what the learner does, in order, each with a machine check.
	Tasks []Task `json:"tasks"`
	// Predict holds the predict-then-reveal questions (at least one).
	Predict []Predict `json:"predict"`
	// Experiments (optional, at most 3) are seeded sweeps the learner can start from the lesson
	// in the app's Experiments tab: the same runs as `gossiplab sweep`.
	Experiments []Experiment `json:"experiments,omitempty"`
}

// Experiment is a sweep offered by a lesson.
type Experiment struct {
	// Kind is one of ExperimentKinds.
	Kind string `json:"kind"`
	// Values of the swept parameter (1–12; the app checks each against the parameter's range);
	// Runs is the number of seeded runs per value (1–20).
	Values []float64 `json:"values"`
	Runs   int       `json:"runs"`
	// Text says what to look for in the result (plain text with **bold** and `code`).
	Text string `json:"text"`
}

// ExperimentKinds are the sweeps of the app's Experiments tab (wasm/experiment.go names the
// same three): dissemination time against N, false suspicions against T_suspect, messages per
// node per second against M.
var ExperimentKinds = []string{"dissemination_vs_n", "false_positives_vs_t_suspect", "load_vs_m"}

// Task is one step for the learner.
type Task struct {
	Text  string `json:"text"`
	Check Check  `json:"check"`
}

// Check is a condition on the run. Which arguments a kind takes is in Kinds; an argument a kind
// does not take is an error.
type Check struct {
	Kind string `json:"kind"`
	// Count: how many (nodes, events…); 0 means 1 where the kind takes a count.
	Count int `json:"count,omitempty"`
	// Value: a threshold (a fraction, a parameter value, or milliseconds).
	Value *float64 `json:"value,omitempty"`
	// Param names a parameter for param_at_least / param_at_most / pitfall_on.
	Param string `json:"param,omitempty"`
	// Protocol for protocol_is; Mode for rumor_mode_is.
	Protocol string `json:"protocol,omitempty"`
	Mode     string `json:"mode,omitempty"`
}

// Predict is a predict-then-reveal question.
type Predict struct {
	Question string `json:"question"`
	// Choices: 2–5 answers to pick from; Answer is then the index of the right one. Without
	// choices, Answer is a number in Unit, right within ±Tolerance.
	Choices   []string `json:"choices,omitempty"`
	Answer    *float64 `json:"answer"`
	Unit      string   `json:"unit,omitempty"`
	Tolerance *float64 `json:"tolerance,omitempty"`
	// RevealAfter must be met before the answer and explanation are shown.
	RevealAfter Check  `json:"reveal_after"`
	Explanation string `json:"explanation"`
}

// Correct tells whether a learner's response (a choice index, or a number) is right.
func (p Predict) Correct(response float64) bool {
	if p.Answer == nil {
		return false
	}
	if len(p.Choices) > 0 {
		return response == *p.Answer
	}
	tol := 0.0
	if p.Tolerance != nil {
		tol = *p.Tolerance
	}
	return math.Abs(response-*p.Answer) <= tol
}

// KindInfo says which arguments a check kind takes, and what it means (Doc).
type KindInfo struct {
	Count, Value, Param, Protocol, Mode bool
	Doc                                 string
}

// Kinds lists every check kind with the arguments it takes and what it means.
var Kinds = map[string]KindInfo{
	"crashed_count":          {Count: true, Doc: "at least count crash events so far (clicks or scenario)"},
	"suspected_by_all":       {Count: true, Doc: "at least count crashed nodes that no live node believes alive any more"},
	"all_removed":            {Count: true, Doc: "at least count nodes crashed, and every crashed node removed (or never known) by every live node"},
	"false_suspicion_seen":   {Count: true, Doc: "at least count false suspicions (a live node suspected) so far"},
	"false_removal_seen":     {Count: true, Doc: "at least count false removals (a live node removed) so far"},
	"no_false_suspicion_for": {Value: true, Doc: "value ms with no new false suspicion, counted from when the previous task was done"},
	"convergence_at_least":   {Value: true, Doc: "convergence (share of correct beliefs, 0..1) is at least value"},
	"partitioned":            {Doc: "the network is split now"},
	"healed_and_converged":   {Value: true, Doc: "a partition was healed and convergence since reached value (default 1)"},
	"protocol_is":            {Protocol: true, Doc: "the run uses protocol (heartbeat, swim, rumor)"},
	"rumor_mode_is":          {Mode: true, Doc: "the rumor spreads by mode (push, pull, pushpull)"},
	"param_at_least":         {Param: true, Value: true, Doc: "parameter param is at least value"},
	"param_at_most":          {Param: true, Value: true, Doc: "parameter param is at most value"},
	"pitfall_on":             {Param: true, Doc: "pitfall param (no_tombstone, no_generation, timestamp_merge) is switched on"},
	"rumor_all_informed":     {Doc: "a rumor was started and every up node knows it"},
	"restart_seen":           {Count: true, Doc: "at least count restarts"},
	"left_seen":              {Count: true, Doc: "at least count graceful leaves"},
	"joined_seen":            {Count: true, Doc: "at least count nodes added"},
	"resurrection_seen":      {Count: true, Doc: "at least count times a node that had removed a crashed node took it back"},
	"time_at_least":          {Value: true, Doc: "the virtual clock has reached value ms"},
}

// KindNames lists the check kinds, sorted.
func KindNames() []string {
	names := make([]string, 0, len(Kinds))
	for k := range Kinds {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// paramValue reads a parameter from a config, by the names core.Params uses (and "n").
var paramValue = map[string]func(c *core.Config) float64{
	"n":                         func(c *core.Config) float64 { return float64(c.N) },
	"loss":                      func(c *core.Config) float64 { return c.Loss },
	"latency_min_ms":            func(c *core.Config) float64 { return float64(c.LatencyMin) },
	"latency_max_ms":            func(c *core.Config) float64 { return float64(c.LatencyMax) },
	"fanout":                    func(c *core.Config) float64 { return float64(c.Fanout) },
	"period_ms":                 func(c *core.Config) float64 { return float64(c.Period) },
	"t_suspect_ms":              func(c *core.Config) float64 { return float64(c.TSuspect) },
	"t_remove_ms":               func(c *core.Config) float64 { return float64(c.TRemove) },
	"t_tombstone_ms":            func(c *core.Config) float64 { return float64(c.TTombstone) },
	"seed_retry_ms":             func(c *core.Config) float64 { return float64(c.SeedRetry) },
	"swim_k":                    func(c *core.Config) float64 { return float64(c.Swim.K) },
	"swim_ping_timeout_ms":      func(c *core.Config) float64 { return float64(c.Swim.PingTimeout) },
	"swim_suspicion_timeout_ms": func(c *core.Config) float64 { return float64(c.Swim.SuspicionTimeout) },
}

var pitfallOn = map[string]func(c *core.Config) bool{
	"no_tombstone":    func(c *core.Config) bool { return c.Pitfalls.NoTombstone },
	"no_generation":   func(c *core.Config) bool { return c.Pitfalls.NoGeneration },
	"timestamp_merge": func(c *core.Config) bool { return c.Pitfalls.TimestampMerge },
}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	slices.Sort(k)
	return k
}

// Problem is one invalid field.
type Problem struct {
	Field string // the path, e.g. tasks[1].check.kind
	Msg   string
}

// Error lists every problem of one file.
type Error struct {
	File     string
	Problems []Problem
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if p.Field == "" {
			lines[i] = e.File + ": " + p.Msg
		} else {
			lines[i] = e.File + ": " + p.Field + " " + p.Msg
		}
	}
	return strings.Join(lines, "\n")
}

type problems struct{ list []Problem }

func (p *problems) add(field, format string, a ...any) {
	p.list = append(p.list, Problem{field, fmt.Sprintf(format, a...)})
}

// decodeStrict decodes exactly one JSON value into v, rejecting unknown fields and trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the lesson object")
	}
	return nil
}

// jsonProblem adds the line and column, or the field, to a JSON error.
func jsonProblem(data []byte, err error) error {
	return core.JSONProblem(data, err, func(field, want, got string) string {
		return fmt.Sprintf("%s must be JSON %s, got JSON %s", field, want, got)
	})
}

// Parse reads and validates one lesson file; name is the file's path, used in every error
// message (and its base name must be NN-slug.json, matching id and number).
func Parse(name string, data []byte) (Lesson, error) {
	var l Lesson
	if err := decodeStrict(data, &l); err != nil {
		return Lesson{}, &Error{name, []Problem{{"", err.Error()}}}
	}
	if err := l.validate(name); err != nil {
		return Lesson{}, err
	}
	return l, nil
}

// Validate checks a lesson read from file name (Parse calls it); it fills Scenario from
// RawScenario.
func (l *Lesson) Validate(name string) error { return l.validate(name) }

func (l *Lesson) validate(name string) error {
	var p problems
	base := strings.TrimSuffix(path.Base(name), ".json")
	if l.ID == "" {
		p.add("id", "must not be empty")
	} else if l.ID != base {
		p.add("id", "must equal the file name without .json (%q), got %q", base, l.ID)
	}
	if l.Number < 1 || l.Number > 99 {
		p.add("number", "must be in [1, 99], got %d", l.Number)
	} else if pre, _, ok := strings.Cut(base, "-"); ok {
		if n, err := strconv.Atoi(pre); err == nil && n != l.Number {
			p.add("number", "must equal the file name's prefix %d, got %d", n, l.Number)
		}
	}
	checkText(&p, "title", l.Title, 80)
	checkText(&p, "summary", l.Summary, 200)
	if strings.Contains(l.Summary, "\n") {
		p.add("summary", "must be one line")
	}
	if len(l.Narrative) == 0 {
		p.add("narrative", "must have at least one paragraph")
	}
	for i, para := range l.Narrative {
		checkText(&p, fmt.Sprintf("narrative[%d]", i), para, 2000)
	}
	if len(l.RawScenario) == 0 || string(l.RawScenario) == "null" {
		p.add("scenario", "is missing")
	} else if sc, err := core.ParseScenario(l.RawScenario); err != nil {
		var ce *core.ConfigError
		if errors.As(err, &ce) {
			for _, fe := range ce.Problems {
				p.add("scenario.config."+fe.Field, "%s", fe.Msg)
			}
		} else {
			p.add("scenario", "is invalid: %s", strings.TrimPrefix(err.Error(), "scenario: "))
		}
	} else {
		l.Scenario = sc
	}
	if len(l.Tasks) < 1 || len(l.Tasks) > 6 {
		p.add("tasks", "must have 1 to 6 tasks, got %d", len(l.Tasks))
	}
	for i, t := range l.Tasks {
		f := fmt.Sprintf("tasks[%d]", i)
		checkText(&p, f+".text", t.Text, 400)
		t.Check.validate(&p, f+".check")
	}
	if len(l.Predict) < 1 {
		p.add("predict", "must have at least one question")
	}
	for i, q := range l.Predict {
		f := fmt.Sprintf("predict[%d]", i)
		checkText(&p, f+".question", q.Question, 400)
		checkText(&p, f+".explanation", q.Explanation, 1500)
		q.RevealAfter.validate(&p, f+".reveal_after")
		switch {
		case q.Answer == nil:
			p.add(f+".answer", "is missing")
		case math.IsNaN(*q.Answer) || math.IsInf(*q.Answer, 0):
			p.add(f+".answer", "must be a finite number")
		case len(q.Choices) > 0:
			if len(q.Choices) < 2 || len(q.Choices) > 5 {
				p.add(f+".choices", "must have 2 to 5 choices, got %d", len(q.Choices))
			}
			if a := *q.Answer; a != math.Trunc(a) || a < 0 || int(a) >= len(q.Choices) {
				p.add(f+".answer", "must be a choice index in [0, %d], got %g", len(q.Choices)-1, a)
			}
			for j, c := range q.Choices {
				checkText(&p, fmt.Sprintf("%s.choices[%d]", f, j), c, 200)
				if slices.Index(q.Choices, c) != j {
					p.add(fmt.Sprintf("%s.choices[%d]", f, j), "repeats an earlier choice")
				}
			}
			if q.Unit != "" || q.Tolerance != nil {
				p.add(f, "a multiple-choice question takes no unit or tolerance")
			}
		default:
			if q.Choices != nil {
				p.add(f+".choices", "must have 2 to 5 choices, got 0")
			}
			if q.Unit == "" {
				p.add(f+".unit", "must be given for a numeric answer")
			}
			if q.Tolerance == nil {
				p.add(f+".tolerance", "must be given for a numeric answer")
			} else if !(*q.Tolerance >= 0) || math.IsInf(*q.Tolerance, 0) {
				p.add(f+".tolerance", "must be a finite number ≥ 0, got %g", *q.Tolerance)
			}
		}
	}
	if len(l.Experiments) > 3 {
		p.add("experiments", "must have at most 3 experiments, got %d", len(l.Experiments))
	}
	for i, e := range l.Experiments {
		f := fmt.Sprintf("experiments[%d]", i)
		if !slices.Contains(ExperimentKinds, e.Kind) {
			p.add(f+".kind", "must be one of %s, got %q", strings.Join(ExperimentKinds, ", "), e.Kind)
		}
		if len(e.Values) < 1 || len(e.Values) > 12 {
			p.add(f+".values", "must have 1 to 12 values, got %d", len(e.Values))
		}
		for j, v := range e.Values {
			if !(v > 0) || math.IsInf(v, 0) {
				p.add(fmt.Sprintf("%s.values[%d]", f, j), "must be a finite number > 0, got %g", v)
			}
		}
		if e.Runs < 1 || e.Runs > 20 {
			p.add(f+".runs", "must be in [1, 20], got %d", e.Runs)
		}
		checkText(&p, f+".text", e.Text, 400)
	}
	if len(p.list) == 0 {
		return nil
	}
	return &Error{name, p.list}
}

// checkText requires non-empty text of at most max bytes with only the safe markup: **bold**
// and `code` in balanced pairs, and nothing that looks like an HTML tag or entity.
func checkText(p *problems, field, s string, max int) {
	switch {
	case strings.TrimSpace(s) == "":
		p.add(field, "must not be empty")
		return
	case len(s) > max:
		p.add(field, "must be at most %d bytes, got %d", max, len(s))
	}
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '<' {
			c := s[i+1]
			if c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
				p.add(field, "must not contain HTML (found %q); use **bold** or `code`", s[i:min(len(s), i+12)])
				return
			}
		}
		if s[i] == '&' && strings.IndexByte(s[i:min(len(s), i+10)], ';') > 0 && s[i+1] != ' ' {
			p.add(field, "must not contain HTML entities; write the character itself")
			return
		}
	}
	if strings.Count(s, "**")%2 != 0 {
		p.add(field, "has an unclosed ** (bold)")
	}
	if strings.Count(s, "`")%2 != 0 {
		p.add(field, "has an unclosed ` (code)")
	}
}

func (c Check) validate(p *problems, f string) {
	a, ok := Kinds[c.Kind]
	if !ok {
		p.add(f+".kind", "must be one of %s, got %q", strings.Join(KindNames(), ", "), c.Kind)
		return
	}
	unused := func(field string) { p.add(f+"."+field, "is not used by kind %s", c.Kind) }
	if !a.Count && c.Count != 0 {
		unused("count")
	}
	if c.Count < 0 || c.Count > core.MaxNodes {
		p.add(f+".count", "must be in [0, %d], got %d", core.MaxNodes, c.Count)
	}
	if !a.Value && c.Value != nil {
		unused("value")
	}
	if !a.Param && c.Param != "" {
		unused("param")
	}
	if !a.Protocol && c.Protocol != "" {
		unused("protocol")
	}
	if !a.Mode && c.Mode != "" {
		unused("mode")
	}
	if a.Value && c.Value != nil && (math.IsNaN(*c.Value) || math.IsInf(*c.Value, 0)) {
		p.add(f+".value", "must be a finite number")
		return
	}
	switch c.Kind {
	case "convergence_at_least", "healed_and_converged":
		if c.Value == nil && c.Kind == "convergence_at_least" {
			p.add(f+".value", "is missing (a fraction in (0, 1])")
		} else if c.Value != nil && (*c.Value <= 0 || *c.Value > 1) {
			p.add(f+".value", "must be in (0, 1], got %g", *c.Value)
		}
	case "no_false_suspicion_for", "time_at_least":
		if c.Value == nil {
			p.add(f+".value", "is missing (milliseconds)")
		} else if *c.Value <= 0 || *c.Value > float64(core.MaxScenarioDuration) {
			p.add(f+".value", "must be in (0, %d] ms, got %g", core.MaxScenarioDuration, *c.Value)
		}
	case "param_at_least", "param_at_most":
		if _, ok := paramValue[c.Param]; !ok {
			p.add(f+".param", "must be one of %s, got %q", strings.Join(sortedKeys(paramValue), ", "), c.Param)
		}
		if c.Value == nil {
			p.add(f+".value", "is missing")
		}
	case "pitfall_on":
		if _, ok := pitfallOn[c.Param]; !ok {
			p.add(f+".param", "must be one of %s, got %q", strings.Join(sortedKeys(pitfallOn), ", "), c.Param)
		}
	case "protocol_is":
		if !slices.Contains([]string{"heartbeat", "swim", "rumor"}, c.Protocol) {
			p.add(f+".protocol", "must be one of heartbeat, swim, rumor, got %q", c.Protocol)
		}
	case "rumor_mode_is":
		if !slices.Contains(core.RumorModes, c.Mode) {
			p.add(f+".mode", "must be one of %s, got %q", strings.Join(core.RumorModes, ", "), c.Mode)
		}
	}
}

// Index is web/lessons/index.json: the lesson files in course order.
type Index struct {
	Lessons []string `json:"lessons"`
}

// ParseIndex reads the index strictly: file names only (NN-slug.json), no repeats.
func ParseIndex(name string, data []byte) (Index, error) {
	var ix Index
	if err := decodeStrict(data, &ix); err != nil {
		return Index{}, &Error{name, []Problem{{"", err.Error()}}}
	}
	var p problems
	if len(ix.Lessons) == 0 {
		p.add("lessons", "must list at least one lesson file")
	}
	for i, f := range ix.Lessons {
		field := fmt.Sprintf("lessons[%d]", i)
		if path.Base(f) != f || !strings.HasSuffix(f, ".json") || f == "index.json" {
			p.add(field, "must be a lesson file name like 01-slug.json, got %q", f)
		}
		if slices.Index(ix.Lessons, f) != i {
			p.add(field, "repeats %q", f)
		}
	}
	if len(p.list) > 0 {
		return Index{}, &Error{name, p.list}
	}
	return ix, nil
}
