package lesson

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// A task's text and its check must agree where a machine can tell: a task that names a rumor
// mode, a protocol, a pitfall or a parameter's value ("keep the loss at 20 %") must have a
// check that constrains it, as its kind or in its While conditions. Otherwise the task ticks for
// things the learner did not do (the mode is named but any mode counts) or under conditions it
// says must hold (the loss at 0 % passes "keep the loss at 20 %").

// mentions are the things a task's text can name, each with the check that constrains it.
type mention struct {
	what  string // for the error message
	match func(Check) bool
}

var (
	modePattern     = regexp.MustCompile(`(?i)\b(push-pull|pushpull|push|pull)\b`)
	protocolPattern = regexp.MustCompile(`\bSWIM\b|(?i:\bheartbeat gossip\b|\brumor spreading\b|\brumor protocol\b)`)
	pitfallPattern  = regexp.MustCompile(`(?i)\bno[ _]tombstones?\b|\bno_generation\b|\brestart without generation\b|\btimestamp_merge\b|\bwall-clock timestamps\b`)
	// A parameter's name, then (within a short stretch without a full stop or another
	// parameter's name) a number with its unit.
	valuePattern = regexp.MustCompile(`(?i:\b(loss|t_suspect|t suspect|t_remove|t remove|t_tombstone|fanout)\b)|\b(M|X|N|K)\b`)
	numberAfter  = regexp.MustCompile(`^[^.0-9]{0,40}?(\d+(?:\.\d+)?)\s*(%|ms|s\b|seconds?\b)?`)
)

var paramAlias = map[string]string{
	"loss": "loss", "t_suspect": "t_suspect_ms", "t suspect": "t_suspect_ms", "t_remove": "t_remove_ms",
	"t remove": "t_remove_ms", "t_tombstone": "t_tombstone_ms", "fanout": "fanout", "m": "fanout",
	"x": "period_ms", "n": "n", "k": "swim_k",
}

// mentionsIn finds what text names.
func mentionsIn(text string) []mention {
	text = strings.NewReplacer("**", "", "`", "").Replace(text)
	var out []mention
	for _, m := range modePattern.FindAllString(text, -1) {
		mode := strings.ReplaceAll(strings.ToLower(m), "-", "")
		out = append(out, mention{"the rumor mode " + m, func(c Check) bool { return c.Kind == "rumor_mode_is" && c.Mode == mode }})
	}
	for _, m := range protocolPattern.FindAllString(text, -1) {
		proto := "heartbeat"
		switch strings.ToLower(m) {
		case "swim":
			proto = "swim"
		case "rumor spreading", "rumor protocol":
			proto = "rumor"
		}
		out = append(out, mention{"the protocol " + m, func(c Check) bool { return c.Kind == "protocol_is" && c.Protocol == proto }})
	}
	for _, m := range pitfallPattern.FindAllString(text, -1) {
		name := pitfallOf(strings.ToLower(m))
		out = append(out, mention{"the pitfall " + m, func(c Check) bool { return c.Kind == "pitfall_on" && c.Param == name }})
	}
	return append(out, valueMentions(text)...)
}

func pitfallOf(m string) string {
	switch {
	case strings.Contains(m, "tombstone"):
		return "no_tombstone"
	case strings.Contains(m, "generation"):
		return "no_generation"
	}
	return "timestamp_merge"
}

// valueMentions finds "parameter … number unit" in text.
func valueMentions(text string) []mention {
	var out []mention
	for _, loc := range valuePattern.FindAllStringIndex(text, -1) {
		name := text[loc[0]:loc[1]]
		param := paramAlias[strings.ToLower(name)]
		rest := text[loc[1]:]
		if next := valuePattern.FindStringIndex(rest); next != nil {
			if paramAlias[strings.ToLower(rest[next[0]:next[1]])] == param {
				continue // named again before its value ("M (fanout) … 1"): the later name takes it
			}
			rest = rest[:next[0]] // the number belongs to the next parameter named
		}
		m := numberAfter.FindStringSubmatch(rest)
		if m == nil {
			continue
		}
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		v = inUnit(param, v, m[2])
		out = append(out, mention{name + " = " + m[1] + m[2], func(c Check) bool {
			return (c.Kind == "param_at_least" || c.Kind == "param_at_most" || c.Kind == "param_is") &&
				c.Param == param && c.Value != nil && math.Abs(*c.Value-v) <= 1e-9*math.Max(1, math.Abs(v))
		}})
	}
	return out
}

// inUnit turns a number as written into the parameter's unit: a percentage into a fraction,
// seconds into milliseconds.
func inUnit(param string, v float64, unit string) float64 {
	switch {
	case unit == "%":
		return v / 100
	case strings.HasSuffix(param, "_ms") && unit != "ms":
		return v * 1000
	}
	return v
}

// agree adds a problem for each thing the task's text names that its check does not constrain.
func agree(p *problems, field, text string, c Check) {
	for _, m := range mentionsIn(text) {
		if !c.constrains(m.match) {
			p.add(field+".check", "does not constrain %s, which the task's text names; add it to the check or to its while conditions", m.what)
		}
	}
}
