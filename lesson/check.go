package lesson

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gossiplab/core"
)

// Check is a condition on the current run. Which arguments a kind takes is in Kinds; an
// argument a kind does not take is an error.
//
// Every check is evaluated over a window of the current run (see Checker): counts count the
// events in the window, durations measure time in it, states look at the run now. While lists
// conditions that must hold throughout the window: when one stops holding, the window closes,
// and it opens again, from zero, once they all hold again ("keep the loss at 20 % for a
// minute" is {kind: ran_for, value: 60000, while: [{kind: param_at_least, param: loss, value:
// 0.2}]}).
type Check struct {
	Kind string `json:"kind"`
	// Count: how many (nodes, events…); 0 means 1 where the kind takes a count.
	Count int `json:"count,omitempty"`
	// Value: a threshold (a fraction, a parameter value, or milliseconds).
	Value *float64 `json:"value,omitempty"`
	// Param names a parameter for param_at_least / param_at_most / param_is / pitfall_on.
	Param string `json:"param,omitempty"`
	// Protocol for protocol_is; Mode for rumor_mode_is.
	Protocol string `json:"protocol,omitempty"`
	Mode     string `json:"mode,omitempty"`
	// While: state conditions (kinds of class "state") that must hold throughout the window.
	While []Check `json:"while,omitempty"`
}

// Class says how a check kind reads the run.
type Class uint8

const (
	// ClassState: a condition on the run as it is now; only these may appear in While.
	ClassState Class = iota
	// ClassCount: events counted in the window.
	ClassCount
	// ClassTime: time passed in the window.
	ClassTime
	// ClassOutcome: the run as it is now, after something started in the window (a crash, a
	// rumor, a heal).
	ClassOutcome
	// ClassLesson: the lesson's own progress (task_done).
	ClassLesson
)

// KindInfo says which arguments a check kind takes, how it reads the run, and what it means.
type KindInfo struct {
	Count, Value, Param, Protocol, Mode bool
	Class                               Class
	Doc                                 string
}

// Kinds lists every check kind with the arguments it takes and what it means.
var Kinds = map[string]KindInfo{
	"crashed_count":          {Count: true, Class: ClassCount, Doc: "at least count nodes crashed in the window (clicks or scenario) and still down"},
	"restart_seen":           {Count: true, Class: ClassCount, Doc: "at least count restarts in the window"},
	"left_seen":              {Count: true, Class: ClassCount, Doc: "at least count graceful leaves in the window"},
	"joined_seen":            {Count: true, Class: ClassCount, Doc: "at least count nodes added in the window"},
	"false_suspicion_seen":   {Count: true, Class: ClassCount, Doc: "at least count false suspicions (a live node suspected) in the window"},
	"false_removal_seen":     {Count: true, Class: ClassCount, Doc: "at least count false removals (a live node removed) in the window"},
	"resurrection_seen":      {Count: true, Class: ClassCount, Doc: "at least count times, in the window, a node that had removed a crashed node took it back"},
	"list_opened":            {Class: ClassCount, Doc: "a node's membership list was open at some moment in the window"},
	"no_false_suspicion_for": {Value: true, Class: ClassTime, Doc: "value ms of the window with no false suspicion"},
	"ran_for":                {Value: true, Class: ClassTime, Doc: "the window has lasted value ms of virtual time"},
	"time_at_least":          {Value: true, Class: ClassTime, Doc: "the run's clock has reached value ms"},
	"suspected_by_all":       {Count: true, Class: ClassState, Doc: "at least count crashed nodes that no live node believes alive any more (and a live node is left)"},
	"all_removed":            {Count: true, Class: ClassState, Doc: "at least count nodes crashed, and every crashed node removed (or never known) by every live node (and a live node is left)"},
	"rumor_all_informed":     {Class: ClassOutcome, Doc: "a rumor was started in the window and every up node knows it"},
	"healed_and_converged":   {Value: true, Class: ClassOutcome, Doc: "a partition was healed in the window and convergence since reached value (default 1)"},
	"convergence_at_least":   {Value: true, Class: ClassState, Doc: "convergence (share of correct beliefs, 0..1) is at least value"},
	"partitioned":            {Class: ClassState, Doc: "the network is split now"},
	"protocol_is":            {Protocol: true, Class: ClassState, Doc: "the run uses protocol (heartbeat, swim, rumor)"},
	"rumor_mode_is":          {Mode: true, Class: ClassState, Doc: "the rumor spreads by mode (push, pull, pushpull)"},
	"param_at_least":         {Param: true, Value: true, Class: ClassState, Doc: "parameter param is at least value"},
	"param_at_most":          {Param: true, Value: true, Class: ClassState, Doc: "parameter param is at most value"},
	"param_is":               {Param: true, Value: true, Class: ClassState, Doc: "parameter param equals value"},
	"pitfall_on":             {Param: true, Class: ClassState, Doc: "pitfall param (no_tombstone, no_generation, timestamp_merge) is switched on"},
	"seeds_down":             {Class: ClassState, Doc: "every seed node is down (after a partition, no node is left for the halves to probe)"},
	"task_done":              {Count: true, Class: ClassLesson, Doc: "task number count (from 1) of this lesson is done"},
}

// KindNames lists the check kinds, sorted.
func KindNames() []string { return sortedKeys(Kinds) }

// checkParam is the core parameter a check names (param_is and its kin): any of core.Params
// but the pitfall switches, which pitfall_on reads; nil for another name.
func checkParam(name string) *core.Param {
	if p := core.ParamByName(name); p != nil && p.Unit != core.UnitFlag {
		return p
	}
	return nil
}

// checkParamNames lists the names checkParam knows, sorted.
func checkParamNames() []string {
	names := core.ParamNames(func(p *core.Param) bool { return p.Unit != core.UnitFlag })
	slices.Sort(names)
	return names
}

var pitfallOn = map[string]func(c *core.Config) bool{
	"no_tombstone":    func(c *core.Config) bool { return c.Pitfalls.NoTombstone },
	"no_generation":   func(c *core.Config) bool { return c.Pitfalls.NoGeneration },
	"timestamp_merge": func(c *core.Config) bool { return c.Pitfalls.TimestampMerge },
}

var pitfallWords = map[string]string{
	"no_tombstone": "no tombstones", "no_generation": "restart without generation",
	"timestamp_merge": "wall-clock timestamps",
}

var modeWords = map[string]string{"push": "push", "pull": "pull", "pushpull": "push-pull"}

var protocolWords = map[string]string{"heartbeat": "heartbeat gossip", "swim": "SWIM", "rumor": "rumor spreading"}

func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	slices.Sort(k)
	return k
}

func (c Check) count() int { return max(c.Count, 1) }

func (c Check) value(def float64) float64 {
	if c.Value == nil {
		return def
	}
	return *c.Value
}

// Describe words the check as the end of "…, the answer appears when …": what has to happen,
// with its conditions ("while the loss is at least 20 %"). It is what the lesson pages show
// while an answer waits, and what the giveaway lint reads.
func (c Check) Describe() string { return c.DescribeFor("") }

// DescribeFor is Describe in the words of a run of protocol p: under the rumor protocol the
// fanout is b, as its slider says, not M.
func (c Check) DescribeFor(p core.Protocol) string {
	s := c.describeKindFor(p)
	if len(c.While) > 0 {
		conds := make([]string, len(c.While))
		for i, w := range c.While {
			conds[i] = w.describeKindFor(p)
		}
		s += " while " + joinAnd(conds)
	}
	return s
}

func (c Check) describeKind() string { return c.describeKindFor("") }

func (c Check) describeKindFor(p core.Protocol) string {
	n := c.count()
	times := func(one, many string) string {
		if n == 1 {
			return one
		}
		return strings.ReplaceAll(many, "#", strconv.Itoa(n))
	}
	switch c.Kind {
	case "crashed_count":
		return times("you have crashed a node", "you have crashed # nodes")
	case "restart_seen":
		return times("a node has restarted", "# nodes have restarted")
	case "left_seen":
		return times("a node has left", "# nodes have left")
	case "joined_seen":
		return times("a node has joined", "# nodes have joined")
	case "false_suspicion_seen":
		return times("a live node has been falsely suspected", "# false suspicions have happened")
	case "false_removal_seen":
		return times("a live node has been falsely removed", "# false removals have happened")
	case "resurrection_seen":
		return "a removed node has come back from stale gossip"
	case "list_opened":
		return "you have opened a node's membership list"
	case "no_false_suspicion_for":
		return "the cluster has run " + seconds(c.value(0)) + " of simulated time without a false suspicion"
	case "ran_for":
		return "the cluster has run " + seconds(c.value(0)) + " of simulated time"
	case "time_at_least":
		return "the clock reaches " + seconds(c.value(0))
	case "suspected_by_all":
		return times("no live node believes the crashed node alive any more", "no live node believes # crashed nodes alive any more")
	case "all_removed":
		return times("every live node has removed the crashed node", "every live node has removed # crashed nodes")
	case "rumor_all_informed":
		return "every node has heard the rumor"
	case "healed_and_converged":
		return "a partition has been healed and the lists agree again"
	case "convergence_at_least":
		return fmt.Sprintf("at least %s of the beliefs are right", percent(c.value(1)))
	case "partitioned":
		return "the network is split"
	case "protocol_is":
		return "the run uses " + protocolWords[c.Protocol]
	case "rumor_mode_is":
		return "the rumor spreads by " + modeWords[c.Mode]
	case "param_at_least":
		return checkParam(c.Param).WordsFor(p) + " is at least " + checkParam(c.Param).Text(c.value(0))
	case "param_at_most":
		return checkParam(c.Param).WordsFor(p) + " is at most " + checkParam(c.Param).Text(c.value(0))
	case "param_is":
		return checkParam(c.Param).WordsFor(p) + " is " + checkParam(c.Param).Text(c.value(0))
	case "pitfall_on":
		return "the " + pitfallWords[c.Param] + " bug is switched on"
	case "task_done":
		return fmt.Sprintf("you have done task %d", n)
	case "seeds_down":
		return "every seed node is down"
	}
	return "the experiment gets there"
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// seconds writes milliseconds as "8 s" or "1.5 s".
func seconds(ms float64) string {
	return strconv.FormatFloat(math.Round(ms/100)/10, 'f', -1, 64) + " s"
}

func percent(f float64) string {
	return strconv.FormatFloat(math.Round(f*1000)/10, 'f', -1, 64) + " %"
}

// validate checks the check's kind and arguments, and its While conditions (state kinds only).
func (c Check) validate(p *problems, f string, tasks int) {
	c.validateKind(p, f, tasks)
	for i, w := range c.While {
		wf := fmt.Sprintf("%s.while[%d]", f, i)
		if a, ok := Kinds[w.Kind]; ok && a.Class != ClassState {
			p.add(wf+".kind", "must be a condition on the run now (%s), got %q", strings.Join(stateKinds(), ", "), w.Kind)
			continue
		}
		if len(w.While) > 0 {
			p.add(wf+".while", "is not allowed inside while")
		}
		w.validateKind(p, wf, tasks)
	}
}

func stateKinds() []string {
	var out []string
	for _, k := range KindNames() {
		if Kinds[k].Class == ClassState {
			out = append(out, k)
		}
	}
	return out
}

func (c Check) validateKind(p *problems, f string, tasks int) {
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
	case "no_false_suspicion_for", "time_at_least", "ran_for":
		if c.Value == nil {
			p.add(f+".value", "is missing (milliseconds)")
		} else if *c.Value <= 0 || *c.Value > float64(core.MaxScenarioDuration) {
			p.add(f+".value", "must be in (0, %d] ms, got %g", core.MaxScenarioDuration, *c.Value)
		}
	case "param_at_least", "param_at_most", "param_is":
		if checkParam(c.Param) == nil {
			p.add(f+".param", "must be one of %s, got %q", strings.Join(checkParamNames(), ", "), c.Param)
		}
		if c.Value == nil {
			p.add(f+".value", "is missing")
		}
	case "pitfall_on":
		if _, ok := pitfallOn[c.Param]; !ok {
			p.add(f+".param", "must be one of %s, got %q", strings.Join(sortedKeys(pitfallOn), ", "), c.Param)
		}
	case "protocol_is":
		if _, ok := protocolWords[c.Protocol]; !ok {
			p.add(f+".protocol", "must be one of heartbeat, swim, rumor, got %q", c.Protocol)
		}
	case "rumor_mode_is":
		if !slices.Contains(core.RumorModes, c.Mode) {
			p.add(f+".mode", "must be one of %s, got %q", strings.Join(core.RumorModes, ", "), c.Mode)
		}
	case "task_done":
		if c.Count < 1 || c.Count > tasks {
			p.add(f+".count", "must be a task number in [1, %d], got %d", tasks, c.Count)
		}
	}
}

// constrains reports whether the check, or one of its While conditions, pins down what
// matches: a parameter (param at a value, for the kinds that take one), a rumor mode, a
// protocol, a pitfall.
func (c Check) constrains(match func(k Check) bool) bool {
	if match(c) {
		return true
	}
	return slices.ContainsFunc(c.While, match)
}
