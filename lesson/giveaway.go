package lesson

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Predict first, then run: a question teaches only if nothing the learner reads before the
// answer is revealed gives that answer away. Giveaways looks for each question's key phrases
// (Predict.Keys, and a numeric answer's own figure) in everything the lesson page shows before
// the reveal: the title and summary, the narrative, every task and its dead-end text, the
// words that say when an answer appears, the other questions with their choices and
// explanations, and the experiments' texts. Only the question's own choices, its explanation
// and the debrief (shown after every reveal) may hold them.

// Giveaway is one key phrase found where the learner reads it too early.
type Giveaway struct {
	Question int    // index into Predict
	Key      string // the phrase or figure
	Field    string // where it was found, e.g. "narrative[2]" or "predict[1].reveal_after"
}

func (g Giveaway) String() string {
	return fmt.Sprintf("predict[%d]'s answer is given away in %s: %q", g.Question, g.Field, g.Key)
}

// Giveaways lists the key phrases of l's questions found in text the learner reads before the
// answers.
func Giveaways(l *Lesson) []Giveaway {
	var out []Giveaway
	for qi, q := range l.Predict {
		for _, t := range shownBefore(l, qi) {
			for _, k := range keysOf(q) {
				if containsKey(t.text, k) {
					out = append(out, Giveaway{qi, k, t.field})
				}
			}
		}
	}
	return out
}

type fieldText struct{ field, text string }

// shownBefore is every text the page shows before question qi's answer, with its field.
func shownBefore(l *Lesson, qi int) []fieldText {
	out := []fieldText{{"title", l.Title}, {"summary", l.Summary}}
	for i, p := range l.Narrative {
		out = append(out, fieldText{fmt.Sprintf("narrative[%d]", i), p})
	}
	for i, t := range l.Tasks {
		f := fmt.Sprintf("tasks[%d]", i)
		out = append(out, fieldText{f + ".text", t.Text})
		for j, w := range t.Check.While { // shown while the task waits for them
			out = append(out, fieldText{fmt.Sprintf("%s.check.while[%d]", f, j), w.describeKind()})
		}
		if t.Stuck != nil {
			out = append(out, fieldText{f + ".stuck.text", t.Stuck.Text})
		}
	}
	for i, q := range l.Predict {
		f := fmt.Sprintf("predict[%d]", i)
		out = append(out, fieldText{f + ".question", q.Question}, fieldText{f + ".reveal_after", q.RevealAfter.Describe()})
		if i == qi {
			continue
		}
		for j, c := range q.Choices {
			out = append(out, fieldText{fmt.Sprintf("%s.choices[%d]", f, j), c})
		}
		out = append(out, fieldText{f + ".explanation", q.Explanation})
	}
	for i, e := range l.Experiments {
		out = append(out, fieldText{fmt.Sprintf("experiments[%d].text", i), e.Text})
	}
	return out
}

// keysOf is a question's key phrases: its Keys, and a numeric answer's figure.
func keysOf(q Predict) []string {
	keys := append([]string(nil), q.Keys...)
	if len(q.Choices) == 0 && q.Answer != nil {
		keys = append(keys, strconv.FormatFloat(*q.Answer, 'f', -1, 64))
	}
	return keys
}

var digitGroup = regexp.MustCompile(`(\d)[ ,\x{202F}\x{00A0}](\d{3})\b`)

// containsKey reports whether text holds key: a number as a whole number (3180 also as
// "3,180" or "3 180", not inside 13180 or 3180.5), a phrase case-insensitively at word
// boundaries, markup aside.
func containsKey(text, key string) bool {
	text = strings.NewReplacer("**", "", "`", "").Replace(text)
	if _, err := strconv.ParseFloat(key, 64); err == nil {
		for digitGroup.MatchString(text) {
			text = digitGroup.ReplaceAllString(text, "$1$2")
		}
		re := regexp.MustCompile(`(^|[^\d.,])` + regexp.QuoteMeta(key) + `($|[^\d.,]|[.,]($|\D))`)
		return re.MatchString(text)
	}
	re := regexp.MustCompile(`(?i)(^|\W)` + regexp.QuoteMeta(key) + `($|\W)`)
	return re.MatchString(text)
}
