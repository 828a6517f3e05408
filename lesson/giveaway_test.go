package lesson

import (
	"os"
	"strings"
	"testing"
)

// No lesson answers a question before the learner has locked in an answer: not in its
// narrative, its tasks, the words that say when the answer appears, or another question.
func TestNoLessonGivesItsAnswersAway(t *testing.T) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if e.Name() == "index.json" || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		l := load(t, e.Name())
		n++
		for _, g := range Giveaways(&l) {
			t.Errorf("%s: %s", e.Name(), g)
		}
		for i, q := range l.Predict {
			if len(keysOf(q)) == 0 {
				t.Errorf("%s: predict[%d] has no key phrase to look for", e.Name(), i)
			}
		}
	}
	if n != 10 {
		t.Errorf("looked at %d lessons, want 10", n)
	}
}

// The lint finds what a careless author writes, wherever the learner reads it first.
func TestGiveawaysFound(t *testing.T) {
	base := load(t, "07-x-and-m.json")
	cases := []struct {
		what   string
		change func(l *Lesson)
		want   string // a Giveaway's String
	}{
		{"the figure in the narrative", func(l *Lesson) { l.Narrative[0] += " Each node then sends 3180 bytes a second." },
			`predict[0]'s answer is given away in narrative[0]: "3180"`},
		{"the figure with a thousands separator", func(l *Lesson) { l.Summary = "At 3,180 B/s per node." },
			`predict[0]'s answer is given away in summary: "3180"`},
		{"a key phrase in a task", func(l *Lesson) { l.Tasks[2].Text = "Wait: news now travels slower than T_suspect." },
			`predict[1]'s answer is given away in tasks[2].text: "slower than T_suspect"`},
		{"a key phrase in another question's explanation", func(l *Lesson) { l.Predict[0].Explanation += " At M = 1 news travels slower than T_suspect." },
			`predict[1]'s answer is given away in predict[0].explanation: "slower than T_suspect"`},
		{"a key in the words of a reveal", func(l *Lesson) { l.Predict[0].Keys = []string{"task 1"} },
			`predict[0]'s answer is given away in predict[0].reveal_after: "task 1"`},
		{"a key in what a task waits for", func(l *Lesson) { l.Predict[1].Keys = []string{"fanout M is 3"} },
			`predict[1]'s answer is given away in tasks[0].check.while[1]: "fanout M is 3"`},
	}
	for _, c := range cases {
		l := base
		l.Narrative = append([]string(nil), base.Narrative...)
		l.Tasks = append([]Task(nil), base.Tasks...)
		l.Predict = append([]Predict(nil), base.Predict...)
		c.change(&l)
		var got []string
		for _, g := range Giveaways(&l) {
			got = append(got, g.String())
		}
		if !strings.Contains(strings.Join(got, "\n"), c.want) {
			t.Errorf("%s: giveaways %q, want %q", c.what, got, c.want)
		}
	}
	// Numbers match as whole numbers only; phrases at word boundaries.
	for _, c := range []struct {
		text, key string
		want      bool
	}{
		{"it sends 3180 B/s", "3180", true}, {"it sends 13180 B/s", "3180", false}, {"3180.5 B/s", "3180", false},
		{"about 1.58 periods.", "1.58", true}, {"about 1.585", "1.58", false}, {"3 180 bytes", "3180", true},
		{"the dead **come back**", "come back", true}, {"they overcome backlogs", "come back", false},
	} {
		if got := containsKey(c.text, c.key); got != c.want {
			t.Errorf("containsKey(%q, %q) = %v, want %v", c.text, c.key, got, c.want)
		}
	}
}
