// Package lesson reads, validates and checks the lab's lessons: short guided experiments, each a
// JSON file in web/lessons/ that the UI shows beside the running cluster.
//
// A lesson file (strict JSON: an unknown field is an error):
//
//	{
//	  "id": "04-failure-detection",          // the file name without .json
//	  "number": 4,                            // its place in web/lessons/index.json, from 1
//	  "title": "…", "summary": "one line",
//	  "narrative": ["paragraph", "…"],       // the set-up; plain text, **bold** and `code` only
//	  "speed": 1,                             // optional: virtual s per real s when it opens (paused)
//	  "scenario": {…},                        // a core.Scenario, read by core.ParseScenario
//	  "tasks": [{"text": "…", "check": {"kind": "all_removed", "count": 2,
//	             "while": [{"kind": "protocol_is", "protocol": "swim"}]},
//	             "stuck": {"if": {…}, "after_ms": 3000, "text": "why", "retry_from": 2}}],
//	  "predict": [{"question": "…", "choices": ["a", "b"], "answer": 1,
//	               "reveal_after": {"kind": "task_done", "count": 3},
//	               "keys": ["phrases that give the answer away"], "explanation": "…"}],
//	  "debrief": ["paragraph", "…"],         // optional: shown once every answer is revealed
//	  "compare": "rumor_mode",                // optional: keep one segment per mode/protocol/fanout
//	  "experiments": [{"kind": "load_vs_m", "values": [1, 2, 3], "runs": 2,   // optional
//	                   "text": "what to look for"}]
//	}
//
// Tasks are done in order, each checked over the current run only (see Checker). A predict
// question has either 2–5 choices and an answer that is the index of the right one, or no
// choices and a numeric answer with a unit and a tolerance; its answer and explanation may be
// shown once its reveal_after check has been met. The check kinds and their arguments are in
// Kinds. Validate also refuses a task whose text names a rumor mode, a protocol, a pitfall or a
// parameter's value that its check does not constrain (agree.go); Giveaways finds answers given
// away before their question (giveaway.go).
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
	"gossiplab/core/experiment"
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
	// Narrative is the set-up, shown before the questions, one string per paragraph: plain
	// text with **bold** and `code` as the only markup, so it renders as selectable,
	// screen-reader-friendly text. It must not answer the questions (Giveaways).
	Narrative []string `json:"narrative"`
	// Speed is how many virtual seconds pass per real second when the lesson's run plays
	// (0: DefaultSpeed). The lesson opens paused, so the learner reads and predicts first.
	Speed float64 `json:"speed,omitempty"`
	// RawScenario is the scenario object as written; Scenario is it parsed by core.ParseScenario.
	RawScenario json.RawMessage `json:"scenario"`
	Scenario    core.Scenario   `json:"-"`
	// Tasks are what the learner does, in order, each with a machine check.
	Tasks []Task `json:"tasks"`
	// Predict holds the predict-then-reveal questions (at least one).
	Predict []Predict `json:"predict"`
	// Debrief (optional) is the theory behind the answers, shown once every answer is revealed.
	Debrief []string `json:"debrief,omitempty"`
	// Compare (optional, one of CompareBy) asks the checker to keep the last run (or stretch of
	// a run) of each rumor mode, protocol or fanout, for the page to show side by side.
	Compare string `json:"compare,omitempty"`
	// Experiments (optional, at most 3) are seeded sweeps the learner can start from the lesson
	// in the app's Experiments tab: the same runs as `gossiplab sweep`.
	Experiments []Experiment `json:"experiments,omitempty"`
}

// DefaultSpeed is a lesson's speed when it names none: one virtual second per real second.
const DefaultSpeed = 1.0

// MinSpeed and MaxSpeed bound Lesson.Speed (the app's speed slider's range).
const MinSpeed, MaxSpeed = 0.1, 20.0

// Experiment is a sweep offered by a lesson.
type Experiment struct {
	// Kind is one of experiment.Kinds (the app's Experiments tab).
	Kind string `json:"kind"`
	// Values of the swept parameter, as the app accepts them (experiment.PlanSpec with the
	// browser's limits, at the lesson's settings); Runs is the number of seeded runs per value
	// (1–20).
	Values []float64 `json:"values"`
	Runs   int       `json:"runs"`
	// Text says what to look for in the result (plain text with **bold** and `code`).
	Text string `json:"text"`
}

// Task is one step for the learner.
type Task struct {
	Text  string `json:"text"`
	Check Check  `json:"check"`
	// Stuck (optional) says when the task can no longer be done in this run, so that the page
	// can say so and offer to go back.
	Stuck *Stuck `json:"stuck,omitempty"`
}

// Stuck is a dead end of a task: when If has been met for AfterMs in the task's window, the
// page shows Text and a button that rewinds the run to where task RetryFrom (from 1; 0 means
// this task) began, keeping the learner's answers and earlier ticks.
type Stuck struct {
	If        Check  `json:"if"`
	AfterMs   int64  `json:"after_ms,omitempty"`
	Text      string `json:"text"`
	RetryFrom int    `json:"retry_from,omitempty"`
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
	// RevealAfter must be met before the answer and explanation are shown; RevealWords is it
	// in words (filled in by Validate), the end of "the answer appears when …".
	RevealAfter Check  `json:"reveal_after"`
	RevealWords string `json:"reveal_words,omitempty"`
	// Keys are phrases that would give the answer away if the learner read them before
	// answering (a numeric answer's own figure counts without being listed); Giveaways looks
	// for them. A multiple-choice question needs at least one.
	Keys        []string `json:"keys,omitempty"`
	Explanation string   `json:"explanation"`
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
	l.validateHead(&p, name)
	l.validateScenario(&p)
	if len(l.Tasks) < 1 || len(l.Tasks) > 6 {
		p.add("tasks", "must have 1 to 6 tasks, got %d", len(l.Tasks))
	}
	for i := range l.Tasks {
		l.validateTask(&p, i)
	}
	if len(l.Predict) < 1 {
		p.add("predict", "must have at least one question")
	}
	for i := range l.Predict {
		l.validatePredict(&p, i)
	}
	l.validateExperiments(&p)
	if len(p.list) == 0 {
		return nil
	}
	return &Error{name, p.list}
}

// validateHead checks the id, number, texts, speed and compare fields.
func (l *Lesson) validateHead(p *problems, name string) {
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
	checkText(p, "title", l.Title, 80)
	checkText(p, "summary", l.Summary, 200)
	if strings.Contains(l.Summary, "\n") {
		p.add("summary", "must be one line")
	}
	if len(l.Narrative) == 0 {
		p.add("narrative", "must have at least one paragraph")
	}
	for i, para := range l.Narrative {
		checkText(p, fmt.Sprintf("narrative[%d]", i), para, 2000)
	}
	for i, para := range l.Debrief {
		checkText(p, fmt.Sprintf("debrief[%d]", i), para, 2000)
	}
	if l.Speed != 0 && !(l.Speed >= MinSpeed && l.Speed <= MaxSpeed) {
		p.add("speed", "must be in [%g, %g] (virtual seconds per real second), got %g", MinSpeed, MaxSpeed, l.Speed)
	}
	if l.Compare != "" && !slices.Contains(CompareBy, l.Compare) {
		p.add("compare", "must be one of %s, got %q", strings.Join(CompareBy, ", "), l.Compare)
	}
}

func (l *Lesson) validateScenario(p *problems) {
	if len(l.RawScenario) == 0 || string(l.RawScenario) == "null" {
		p.add("scenario", "is missing")
		return
	}
	sc, err := core.ParseScenario(l.RawScenario)
	if err == nil {
		l.Scenario = sc
		return
	}
	var ce *core.ConfigError
	if errors.As(err, &ce) {
		for _, fe := range ce.Problems {
			p.add("scenario.config."+fe.Field, "%s", fe.Msg)
		}
		return
	}
	p.add("scenario", "is invalid: %s", strings.TrimPrefix(err.Error(), "scenario: "))
}

// validateTask checks task i: its text, its check, that they agree, and its dead end.
func (l *Lesson) validateTask(p *problems, i int) {
	t := &l.Tasks[i]
	f := fmt.Sprintf("tasks[%d]", i)
	checkText(p, f+".text", t.Text, 400)
	n := len(p.list)
	t.Check.validate(p, f+".check", len(l.Tasks))
	if len(p.list) == n { // a check that makes sense: does it agree with the text?
		agree(p, f, t.Text, t.Check)
	}
	if st := t.Stuck; st != nil {
		st.If.validate(p, f+".stuck.if", len(l.Tasks))
		checkText(p, f+".stuck.text", st.Text, 400)
		if st.AfterMs < 0 || st.AfterMs > int64(core.MaxScenarioDuration) {
			p.add(f+".stuck.after_ms", "must be in [0, %d] ms, got %d", core.MaxScenarioDuration, st.AfterMs)
		}
		if st.RetryFrom < 0 || st.RetryFrom > i+1 {
			p.add(f+".stuck.retry_from", "must be a task number in [1, %d] (this task or an earlier one), or 0, got %d", i+1, st.RetryFrom)
		}
	}
}

// validatePredict checks question i.
func (l *Lesson) validatePredict(p *problems, i int) {
	q := &l.Predict[i]
	f := fmt.Sprintf("predict[%d]", i)
	checkText(p, f+".question", q.Question, 400)
	checkText(p, f+".explanation", q.Explanation, 1500)
	n := len(p.list)
	q.RevealAfter.validate(p, f+".reveal_after", len(l.Tasks))
	if len(p.list) == n {
		q.RevealWords = q.RevealAfter.DescribeFor(l.Scenario.Config.Protocol)
	}
	for j, k := range q.Keys {
		if strings.TrimSpace(k) == "" || len(k) > 100 {
			p.add(fmt.Sprintf("%s.keys[%d]", f, j), "must be a phrase of 1 to 100 bytes")
		}
	}
	switch {
	case q.Answer == nil:
		p.add(f+".answer", "is missing")
	case math.IsNaN(*q.Answer) || math.IsInf(*q.Answer, 0):
		p.add(f+".answer", "must be a finite number")
	case len(q.Choices) > 0:
		validateChoices(p, f, q)
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

func validateChoices(p *problems, f string, q *Predict) {
	if len(q.Choices) < 2 || len(q.Choices) > 5 {
		p.add(f+".choices", "must have 2 to 5 choices, got %d", len(q.Choices))
	}
	if a := *q.Answer; a != math.Trunc(a) || a < 0 || int(a) >= len(q.Choices) {
		p.add(f+".answer", "must be a choice index in [0, %d], got %g", len(q.Choices)-1, a)
	}
	for j, c := range q.Choices {
		checkText(p, fmt.Sprintf("%s.choices[%d]", f, j), c, 200)
		if slices.Index(q.Choices, c) != j {
			p.add(fmt.Sprintf("%s.choices[%d]", f, j), "repeats an earlier choice")
		}
	}
	if q.Unit != "" || q.Tolerance != nil {
		p.add(f, "a multiple-choice question takes no unit or tolerance")
	}
	if len(q.Keys) == 0 {
		p.add(f+".keys", "must list at least one phrase that would give the answer away (for the giveaway check)")
	}
}

func (l *Lesson) validateExperiments(p *problems) {
	if len(l.Experiments) > 3 {
		p.add("experiments", "must have at most 3 experiments, got %d", len(l.Experiments))
	}
	for i, e := range l.Experiments {
		f := fmt.Sprintf("experiments[%d]", i)
		if e.Runs < 1 || e.Runs > 20 {
			p.add(f+".runs", "must be in [1, 20], got %d", e.Runs)
		}
		checkText(p, f+".text", e.Text, 400)
		// As the app will plan it: the kind, each value in its range, at the lesson's settings.
		if _, err := experiment.KindByName(e.Kind); err != nil {
			p.add(f+".kind", "must be one of %s, got %q", strings.Join(experiment.KindNames(), ", "), e.Kind)
			continue
		}
		spec := experiment.Spec{Kind: e.Kind, Values: e.Values, Runs: max(1, min(e.Runs, 20)), Seed: 1}
		if _, err := experiment.PlanSpec(spec, l.Scenario.Config, experiment.BrowserLimits); err != nil {
			if msg, ok := strings.CutPrefix(err.Error(), "values "); ok {
				p.add(f+".values", "%s", msg) // "experiments[0].values entry 1: M must be …"
			} else {
				p.add(f, "%v", err)
			}
		}
	}
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
