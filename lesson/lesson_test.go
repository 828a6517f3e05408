package lesson

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gossiplab/core"
)

const dir = "../web/lessons"

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func load(t testing.TB, file string) Lesson {
	t.Helper()
	l, err := Parse("web/lessons/"+file, readFile(t, file))
	if err != nil {
		t.Fatalf("%v", err)
	}
	return l
}

// Every lesson file parses and validates, and index.json lists exactly the files present, in order.
func TestLessonFilesAndIndex(t *testing.T) {
	ix, err := ParseIndex("web/lessons/index.json", readFile(t, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range ents {
		if n := e.Name(); strings.HasSuffix(n, ".json") && n != "index.json" {
			files = append(files, n)
		}
	}
	if !slices.Equal(files, ix.Lessons) {
		t.Fatalf("index.json lists %v, the folder holds %v (sorted)", ix.Lessons, files)
	}
	if len(files) != 10 {
		t.Errorf("want 10 lessons, have %d", len(files))
	}
	for i, f := range files {
		l := load(t, f)
		if l.Number != i+1 {
			t.Errorf("%s: number %d, but it is lesson %d in the index", f, l.Number, i+1)
		}
		if len(l.Tasks) < 2 || len(l.Tasks) > 4 {
			t.Errorf("%s: %d tasks, want 2 to 4", f, len(l.Tasks))
		}
		if l.Speed == 0 {
			t.Errorf("%s: no speed: each lesson names the speed its run plays at", f)
		}
		if len(l.Predict) < 1 {
			t.Errorf("%s: no predict question", f)
		}
		if _, err := core.New(l.Scenario.Config); err != nil {
			t.Errorf("%s: the scenario's config does not build a sim: %v", f, err)
		}
	}
}

// Broken inputs give errors that name the file and the field, and never panic.
func TestBrokenLessons(t *testing.T) {
	const file = "04-failure-detection.json"
	good := string(readFile(t, file))
	name := "web/lessons/" + file
	cases := []struct {
		what, old, new string
		want           []string
	}{
		{"unknown top-level field", `"number": 4,`, `"number": 4, "difficulty": 3,`, []string{`unknown field "difficulty"`}},
		{"unknown field in a check", `{"kind": "all_removed", "count": 2, "while"`, `{"kind": "all_removed", "count": 2, "nodes": [1], "while"`, []string{`unknown field "nodes"`}},
		{"bad check kind", `{"kind": "all_removed", "count": 2, "while"`, `{"kind": "remove", "count": 2, "while"`, []string{`tasks[2].check.kind must be one of`, `got "remove"`, "crashed_count"}},
		{"bad scenario config value", `"config": {"n": 16}`, `"config": {"n": 16, "loss": 1.5}`, []string{"scenario.config.loss must be in [0, 1), got 1.5"}},
		{"scenario command out of range", `"commands": []`, `"commands": [{"at_ms": 999999, "op": "crash", "node": 1}]`, []string{"scenario is invalid: commands[0]: at_ms must be in [0, duration_ms=180000]"}},
		{"unknown scenario field", `"duration_ms": 180000,`, `"duration_ms": 180000, "speed": 2,`, []string{"scenario is invalid", `unknown field "speed"`}},
		{"missing answer", `"answer": 14,`, ``, []string{"predict[0].answer is missing"}},
		{"choice answer out of range", `"answer": 1,`, `"answer": 2,`, []string{"predict[1].answer must be a choice index in [0, 1], got 2"}},
		{"too many choices", `["yes, if it is lucky", "no"]`, `["a", "b", "c", "d", "e", "f"]`, []string{"predict[1].choices must have 2 to 5 choices, got 6"}},
		{"numeric answer without tolerance", `"tolerance": 2,`, ``, []string{"predict[0].tolerance must be given"}},
		{"numeric answer without unit", `"unit": "seconds",`, ``, []string{"predict[0].unit must be given"}},
		{"HTML in the narrative", `A crashed node says nothing`, `A <b>crashed</b> node says nothing`, []string{"narrative[0] must not contain HTML"}},
		{"unclosed bold", `(its ring turns orange)`, `**(its ring turns orange)`, []string{"narrative[1] has an unclosed **"}},
		{"argument the kind does not take", `{"kind": "crashed_count", "count": 2,`, `{"kind": "crashed_count", "count": 2, "param": "loss",`, []string{"tasks[0].check.param is not used by kind crashed_count"}},
		{"bad param", `"reveal_after": {"kind": "task_done", "count": 3}`, `"reveal_after": {"kind": "param_at_least", "param": "speed", "value": 1}`, []string{"predict[0].reveal_after.param must be one of", `got "speed"`}},
		{"id not the file name", `"id": "04-failure-detection"`, `"id": "failure"`, []string{`id must equal the file name without .json ("04-failure-detection"), got "failure"`}},
		{"number not the prefix", `"number": 4`, `"number": 5`, []string{"number must equal the file name's prefix 4, got 5"}},
		{"wrong JSON type", `"number": 4`, `"number": "four"`, []string{"number must be JSON int"}},
		{"syntax error", `"title":`, `"title"`, []string{"line 4, column"}},
		{"trailing data", "\n}\n", "\n}\n{}", []string{"unexpected data after the lesson object"}},
		{"no tasks", `"tasks": [`, `"tasks": [], "x": [`, []string{`unknown field "x"`}},
		{"empty summary", `"summary": "Crash two nodes and watch the others first suspect them, then remove them."`, `"summary": " "`, []string{"summary must not be empty"}},
		{"bad experiment kind", `"predict": [`, `"experiments": [{"kind": "speed_vs_n", "values": [1], "runs": 1, "text": "x"}], "predict": [`, []string{`experiments[0].kind must be one of dissemination_vs_n, false_positives_vs_t_suspect, load_vs_m, got "speed_vs_n"`}},
		{"experiment runs and values out of range", `"predict": [`, `"experiments": [{"kind": "load_vs_m", "values": [0], "runs": 50, "text": "x"}], "predict": [`, []string{"experiments[0].values entry 1: M must be an integer in [1, 9999], got 0", "experiments[0].runs must be in [1, 20], got 50"}},
		{"while with a kind that is not a condition", `"while": [{"kind": "protocol_is", "protocol": "heartbeat"},`, `"while": [{"kind": "crashed_count"},`, []string{"tasks[0].check.while[0].kind must be a condition on the run now", `got "crashed_count"`}},
		{"nested while", `"while": [{"kind": "protocol_is", "protocol": "heartbeat"},`, `"while": [{"kind": "partitioned", "while": [{"kind": "partitioned"}]},`, []string{"tasks[0].check.while[0].while is not allowed inside while"}},
		{"task text names a value its check leaves free", `"Crash two nodes: click them."`, `"Crash two nodes: click them, with the loss at 5 %."`, []string{"tasks[0].check does not constrain loss = 5%"}},
		{"task text names a mode its check leaves free", `"Crash two nodes: click them."`, `"Crash two nodes in push mode."`, []string{"tasks[0].check does not constrain the rumor mode push"}},
		{"task_done beyond the tasks", `"reveal_after": {"kind": "task_done", "count": 3}`, `"reveal_after": {"kind": "task_done", "count": 7}`, []string{"predict[0].reveal_after.count must be a task number in [1, 3], got 7"}},
		{"retry from a later task", `"text": "Crash two nodes: click them.",`, `"text": "Crash two nodes: click them.", "stuck": {"if": {"kind": "partitioned"}, "text": "x", "retry_from": 3},`, []string{"tasks[0].stuck.retry_from must be a task number in [1, 1]"}},
		{"speed out of range", `"speed": 1,`, `"speed": 50,`, []string{"speed must be in [0.1, 20] (virtual seconds per real second), got 50"}},
		{"choice question without keys", `"keys": ["needs T_remove of silence"],`, ``, []string{"predict[1].keys must list at least one phrase"}},
		{"unknown comparison", `"speed": 1,`, `"speed": 1, "compare": "loss",`, []string{`compare must be one of rumor_mode, protocol, fanout, n, got "loss"`}},
		{"convergence out of range", `{"kind": "suspected_by_all", "count": 2,`, `{"kind": "convergence_at_least", "value": 2,`, []string{"tasks[1].check.value must be in (0, 1], got 2"}},
	}
	for _, c := range cases {
		if !strings.Contains(good, c.old) {
			t.Fatalf("%s: the good file has no %q to replace", c.what, c.old)
		}
		bad := strings.Replace(good, c.old, c.new, 1)
		_, err := Parse(name, []byte(bad))
		if err == nil {
			t.Errorf("%s: no error", c.what)
			continue
		}
		msg := err.Error()
		for _, w := range append([]string{name + ": "}, c.want...) {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not contain %q", c.what, msg, w)
			}
		}
	}
	for _, bad := range []string{`{"lessons": ["01-a.json", "01-a.json"]}`, `{"lessons": ["../x.json"]}`, `{"lessons": [], "more": 1}`} {
		if _, err := ParseIndex("web/lessons/index.json", []byte(bad)); err == nil || !strings.Contains(err.Error(), "web/lessons/index.json: ") {
			t.Errorf("index %s: error %v does not name the file", bad, err)
		}
	}
}

// run drives a real sim for a lesson as the app does, feeding the checker every step: a switch
// of protocol or mode starts a new run, a rewind truncates it.
type run struct {
	t    *testing.T
	sim  *core.Sim
	chk  *Checker
	snap core.Snapshot
	seed uint64
	ui   UI
}

func start(t *testing.T, l *Lesson, seed uint64) *run {
	t.Helper()
	cfg := l.Scenario.Config
	cfg.Seed = seed
	s, err := core.New(cfg)
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	r := &run{t: t, sim: s, chk: NewChecker(l), seed: seed}
	r.observe()
	return r
}

func (r *run) observe() {
	r.sim.SnapshotInto(&r.snap, false)
	r.chk.Observe(r.sim.Events(), &r.snap, r.ui)
}

func (r *run) advance(d core.Time) {
	end := r.sim.Now() + d
	for r.sim.Now() < end {
		r.sim.Advance(min(250, end-r.sim.Now()))
		r.observe()
	}
}

func (r *run) apply(c core.Command) {
	r.t.Helper()
	if err := r.sim.Apply(c); err != nil {
		r.t.Fatalf("seed %d: %+v: %v", r.seed, c, err)
	}
	r.observe() // the checker sees the command at once, as the app's sync does
}

func (r *run) set(param string, v float64) {
	r.apply(core.Command{Op: core.OpSet, Param: param, Value: v})
}

// swap starts a new run with a changed config, as the UI does when the learner switches the
// protocol or the rumor mode, or resets.
func (r *run) swap(change func(c *core.Config)) {
	r.t.Helper()
	cfg := r.sim.Config()
	change(&cfg)
	s, err := core.New(cfg)
	if err != nil {
		r.t.Fatalf("seed %d: %v", r.seed, err)
	}
	r.sim = s
	r.chk.NewRun()
	r.observe()
}

func (r *run) want(task int, done bool, when string) {
	r.t.Helper()
	if got := r.chk.Done()[task]; got != done {
		r.t.Errorf("seed %d, t=%v, %s: task %d done=%v, want %v", r.seed, r.sim.Now(), when, task, got, done)
	}
}

func (r *run) wantRevealed(q int, revealed bool, when string) {
	r.t.Helper()
	if got := r.chk.Revealed(q); got != revealed {
		r.t.Errorf("seed %d, t=%v, %s: question %d revealed=%v, want %v", r.seed, r.sim.Now(), when, q, got, revealed)
	}
}

// Lesson 4, walked as a learner would: crash two nodes by clicking, wait.
func TestLesson4Walkthrough(t *testing.T) {
	l := load(t, "04-failure-detection.json")
	cfg := l.Scenario.Config
	n := float64(cfg.N)
	d := core.Time(math.Ceil(math.Log2(n)+math.Log(n))+2) * (cfg.Period + cfg.LatencyMax) // dissemination bound
	for seed := uint64(1); seed <= 5; seed++ {
		r := start(t, &l, seed)
		r.advance(5 * core.Second)
		r.want(0, false, "before any crash")
		r.apply(core.Command{Op: core.OpCrash, Node: 3})
		r.advance(cfg.TRemove - cfg.TSuspect)
		r.wantRevealed(0, false, "before every node removed the crash")
		r.advance(25*core.Second - r.sim.Now())
		r.want(0, false, "after only one crash")
		crash := r.sim.Now()
		r.apply(core.Command{Op: core.OpCrash, Node: 9})
		r.want(0, true, "right after the second crash")
		r.want(1, false, "right after the crashes")
		r.want(2, false, "right after the crashes")
		r.advance(cfg.TSuspect - cfg.Period - 500)
		r.want(1, false, "before T_suspect − X")
		r.advance(crash + cfg.TRemove - cfg.Period - 500 - r.sim.Now())
		r.want(2, false, "before T_remove − X")
		r.advance(crash + cfg.TRemove + cfg.Period + d - r.sim.Now())
		r.want(1, true, "after T_remove + X + D")
		r.want(2, true, "after T_remove + X + D")
		r.wantRevealed(0, true, "after removal by all")
		r.wantRevealed(1, true, "after removal by all")
		if at := r.chk.DoneAt(2) - crash; at < cfg.TRemove-cfg.TSuspect {
			t.Errorf("seed %d: all removed %v after the crash, before T_remove − T_suspect", seed, at)
		}
	}
}

// Lesson 6, walked as a learner would: watch a false suspicion, move T_suspect, wait a minute.
func TestLesson6Walkthrough(t *testing.T) {
	l := load(t, "06-loss-and-false-positives.json")
	for seed := uint64(1); seed <= 5; seed++ {
		r := start(t, &l, seed)
		r.want(0, false, "at the start")
		r.advance(30 * core.Second)
		r.want(0, true, "after 30 s at T_suspect 3 s and 20 % loss")
		r.want(1, false, "before the slider moved")
		r.set("t_suspect_ms", 5000)
		r.advance(70 * core.Second)
		r.want(1, false, "with T_suspect only 5 s")
		r.want(2, false, "with T_suspect only 5 s (later tasks wait for earlier ones)")
		r.set("t_suspect_ms", 8000)
		r.want(1, true, "after T_suspect set to 8 s")
		set := r.sim.Now()
		r.advance(50 * core.Second)
		r.want(2, false, "50 s after the change")
		r.wantRevealed(1, false, "50 s after the change")
		r.advance(10 * core.Second)
		r.want(2, true, "a minute after the change")
		r.wantRevealed(1, true, "a minute after the change")
		if got := r.chk.DoneAt(2) - set; got < 60*core.Second || got > 61*core.Second {
			t.Errorf("seed %d: the minute was done %v after the change", seed, got)
		}
	}
}

// Every lesson's tasks can be done and its answers revealed: one seeded walk each, as a
// learner would do them.
func TestEveryLessonWalkable(t *testing.T) {
	walks := map[string]func(r *run){
		"01-one-rumor.json": func(r *run) {
			r.advance(2 * core.Second)
			r.apply(core.Command{Op: core.OpInject, Node: 5})
			r.advance(30 * core.Second)
			r.swap(func(c *core.Config) { c.N = 128 })
			r.apply(core.Command{Op: core.OpInject, Node: 0})
			r.advance(30 * core.Second)
		},
		"02-push-pull.json": func(r *run) {
			for _, m := range core.RumorModes {
				r.swap(func(c *core.Config) { c.RumorMode = m })
				r.apply(core.Command{Op: core.OpInject, Node: 0})
				r.advance(40 * core.Second)
			}
		},
		"03-heartbeats.json": func(r *run) {
			r.ui.ListOpen = true
			r.advance(core.Second)
			r.ui.ListOpen = false
			r.advance(10 * core.Second)
			r.apply(core.Command{Op: core.OpAdd})
			r.advance(30 * core.Second)
		},
		"04-failure-detection.json": func(r *run) {
			r.apply(core.Command{Op: core.OpCrash, Node: 1})
			r.apply(core.Command{Op: core.OpCrash, Node: 2})
			r.advance(40 * core.Second)
		},
		"05-tombstones.json": func(r *run) {
			r.advance(20 * core.Second)
			r.set("pitfall_no_tombstone", 1)
			r.advance(10 * core.Second)
			r.apply(core.Command{Op: core.OpCrash, Node: 12})
			r.advance(2 * core.Minute)
		},
		"06-loss-and-false-positives.json": func(r *run) {
			r.advance(30 * core.Second)
			r.set("t_suspect_ms", 8000)
			r.advance(61 * core.Second)
		},
		"07-x-and-m.json": func(r *run) {
			r.advance(10 * core.Second)
			r.set("fanout", 1)
			r.advance(60 * core.Second)
			r.set("fanout", 3)
			r.advance(60 * core.Second)
		},
		"08-churn.json": func(r *run) {
			r.apply(core.Command{Op: core.OpAdd})
			r.advance(5 * core.Second)
			r.apply(core.Command{Op: core.OpLeave, Node: 4})
			r.apply(core.Command{Op: core.OpCrash, Node: 9})
			r.advance(5 * core.Second)
			r.apply(core.Command{Op: core.OpRestart, Node: 9})
			r.advance(40 * core.Second)
		},
		"09-partitions.json": func(r *run) {
			r.advance(5 * core.Second)
			r.apply(core.Command{Op: core.OpPartition, Groups: [][]core.NodeID{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}}})
			r.advance(30 * core.Second)
			r.apply(core.Command{Op: core.OpHeal})
			r.advance(60 * core.Second)
		},
		"10-swim.json": func(r *run) {
			r.advance(5 * core.Second)
			r.apply(core.Command{Op: core.OpCrash, Node: 7})
			r.advance(30 * core.Second)
			r.swap(func(c *core.Config) { c.Protocol = core.ProtocolSwim })
			r.advance(5 * core.Second)
			r.apply(core.Command{Op: core.OpCrash, Node: 7})
			r.advance(30 * core.Second)
		},
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != "index.json" && walks[e.Name()] == nil {
			t.Errorf("%s has no walk in this test", e.Name())
		}
	}
	for file, walk := range walks {
		for seed := uint64(1); seed <= 3; seed++ {
			l := load(t, file)
			r := start(t, &l, seed)
			walk(r)
			for i := range l.Tasks {
				r.want(i, true, file+" walked through")
			}
			for i := range l.Predict {
				r.wantRevealed(i, true, file+" walked through")
			}
		}
	}
}

func TestCorrect(t *testing.T) {
	a, tol := 14.0, 2.0
	num := Predict{Answer: &a, Unit: "s", Tolerance: &tol}
	if !num.Correct(15.5) || num.Correct(16.5) {
		t.Error("numeric tolerance")
	}
	one := 1.0
	ch := Predict{Choices: []string{"a", "b"}, Answer: &one}
	if !ch.Correct(1) || ch.Correct(0) {
		t.Error("choice")
	}
}

func FuzzParse(f *testing.F) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"tasks":[{"check":{"kind":"param_at_least","param":"n","value":1e309}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse("web/lessons/01-x.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "web/lessons/01-x.json: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		out, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("web/lessons/01-x.json", out); err != nil {
			t.Fatalf("a valid lesson, written back, does not parse: %v", err)
		}
	})
}
