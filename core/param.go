package core

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The parameters of a run, each described once. Every place that names, reads, sets, ranges or
// words a parameter — OpSet, scenario files and share links (by Name), lesson checks (Name,
// Words), the CLI's flags (Flag), the app's URL parameters, locks and desktop flags (URL),
// sweeps (Sweep), sliders and the event log (Symbol, Unit) — takes it from Params.

// Unit is how a parameter's value reads.
type Unit string

const (
	UnitCount Unit = "count" // a whole number: nodes, peers
	UnitMs    Unit = "ms"    // a whole number of virtual milliseconds
	UnitProb  Unit = "prob"  // a probability in [0, 1)
	UnitFlag  Unit = "flag"  // 0 (off) or 1 (on)
)

// Param is one parameter of a run.
type Param struct {
	Name  string // JSON name in OpSet and lesson checks: "t_suspect_ms"
	Field string // the name FieldError uses (Config's JSON path): "t_suspect_ms", "swim.k"
	Flag  string // gossiplab's flag without the dashes ("t-suspect"), or "" when it has none
	URL   string // the app's URL parameter, lock name and desktop flag ("tsuspect"), or ""
	Sweep string // gossiplab sweep --param name ("t_suspect"), or "" when it cannot be swept
	// Symbol is the short name the lessons and sliders use ("T_suspect", "M", "N"); Words the
	// parameter in a sentence ("T_suspect", "the fanout M").
	Symbol string
	Words  string
	Help   string // what it does, in one line
	Axis   string // a sweep's axis label, with the unit ("T_suspect (ms)"); "" when not swept
	Unit   Unit
	// Min and Max bound the value on its own (Config.Validate also relates parameters:
	// T_remove > T_suspect); MaxN, when set, is the bound in an n-node cluster instead of Max.
	Min, Max float64
	MaxOpen  bool // the range is [Min, Max) rather than [Min, Max]
	MaxN     func(n int) float64
	// Live: OpSet may change it while the run goes on; the others are set when a run starts.
	Live bool
	Get  func(c *Config) float64
	Set  func(c *Config, v float64)
}

func ms(t Time) float64 { return float64(t) }

// Params lists every parameter, in the order the app's panel shows them.
var Params = []*Param{
	{Name: "n", Field: "n", Flag: "n", URL: "n", Sweep: "n", Symbol: "N", Words: "N", Axis: "N (nodes)", Unit: UnitCount,
		Help: "number of nodes N", Min: 1, Max: MaxNodes,
		Get: func(c *Config) float64 { return float64(c.N) }, Set: func(c *Config, v float64) { c.N = int(v) }},
	{Name: "fanout", Field: "fanout", Flag: "fanout", URL: "fanout", Sweep: "fanout", Symbol: "M", Words: "the fanout M", Axis: "fanout M (peers per period)", Unit: UnitCount,
		Help: "peers gossiped to per period, M", Min: 1, Max: MaxNodes - 1, MaxN: func(n int) float64 { return float64(max(1, n-1)) }, Live: true,
		Get: func(c *Config) float64 { return float64(c.Fanout) }, Set: func(c *Config, v float64) { c.Fanout = int(v) }},
	{Name: "period_ms", Field: "period_ms", Flag: "period", URL: "period", Sweep: "period", Symbol: "X", Words: "the period X", Axis: "period X (ms)", Unit: UnitMs,
		Help: "protocol period X", Min: 1, Max: float64(MaxPeriod), Live: true,
		Get: func(c *Config) float64 { return ms(c.Period) }, Set: func(c *Config, v float64) { c.Period = Time(v) }},
	{Name: "loss", Field: "loss", Flag: "loss", URL: "loss", Sweep: "loss", Symbol: "loss", Words: "the loss", Axis: "message loss probability", Unit: UnitProb,
		Help: "message loss probability", Min: 0, Max: MaxLoss, MaxOpen: true, Live: true,
		Get: func(c *Config) float64 { return c.Loss }, Set: func(c *Config, v float64) { c.Loss = v }},
	{Name: "latency_min_ms", Field: "latency_min_ms", Symbol: "latency min", Words: "the minimum latency", Unit: UnitMs,
		Help: "shortest one-way delay", Min: 0, Max: float64(MaxLatency), Live: true,
		Get: func(c *Config) float64 { return ms(c.LatencyMin) }, Set: func(c *Config, v float64) { c.LatencyMin = Time(v) }},
	{Name: "latency_max_ms", Field: "latency_max_ms", Symbol: "latency max", Words: "the maximum latency", Unit: UnitMs,
		Help: "longest one-way delay", Min: 0, Max: float64(MaxLatency), Live: true,
		Get: func(c *Config) float64 { return ms(c.LatencyMax) }, Set: func(c *Config, v float64) { c.LatencyMax = Time(v) }},
	{Name: "t_suspect_ms", Field: "t_suspect_ms", Flag: "t-suspect", URL: "tsuspect", Sweep: "t_suspect", Symbol: "T_suspect", Words: "T_suspect", Axis: "T_suspect (ms)", Unit: UnitMs,
		Help: "suspect after no heartbeat increase for", Min: 1, Max: float64(MaxTimeout), Live: true,
		Get: func(c *Config) float64 { return ms(c.TSuspect) }, Set: func(c *Config, v float64) { c.TSuspect = Time(v) }},
	{Name: "t_remove_ms", Field: "t_remove_ms", Flag: "t-remove", URL: "tremove", Symbol: "T_remove", Words: "T_remove", Unit: UnitMs,
		Help: "remove (keep a tombstone) after no heartbeat increase for", Min: 1, Max: float64(MaxTimeout), Live: true,
		Get: func(c *Config) float64 { return ms(c.TRemove) }, Set: func(c *Config, v float64) { c.TRemove = Time(v) }},
	{Name: "t_tombstone_ms", Field: "t_tombstone_ms", Flag: "t-tombstone", Symbol: "T_tombstone", Words: "T_tombstone", Unit: UnitMs,
		Help: "forget a removed member after", Min: 1, Max: float64(MaxTimeout), Live: true,
		Get: func(c *Config) float64 { return ms(c.TTombstone) }, Set: func(c *Config, v float64) { c.TTombstone = Time(v) }},
	{Name: "seed_retry_ms", Field: "seed_retry_ms", Symbol: "seed retry", Words: "the seed retry", Unit: UnitMs,
		Help: "a node that believes no seed alive gossips to one at most this often (0: never)", Min: 0, Max: float64(MaxTimeout), Live: true,
		Get: func(c *Config) float64 { return ms(c.SeedRetry) }, Set: func(c *Config, v float64) { c.SeedRetry = Time(v) }},
	{Name: "swim_k", Field: "swim.k", Flag: "swim-k", URL: "k", Symbol: "K", Words: "K", Unit: UnitCount,
		Help: "SWIM: members asked to ping the target when the direct ping fails (ping-req)", Min: 0, Max: MaxNodes - 2,
		MaxN: func(n int) float64 { return float64(max(0, n-2)) }, Live: true,
		Get: func(c *Config) float64 { return float64(c.Swim.K) }, Set: func(c *Config, v float64) { c.Swim.K = int(v) }},
	{Name: "swim_ping_timeout_ms", Field: "swim.ping_timeout_ms", URL: "tping", Symbol: "ping timeout", Words: "the ping timeout", Unit: UnitMs,
		Help: "SWIM: how long a prober waits for the direct ack (less than the period)", Min: 1, Max: float64(MaxPeriod) - 1, Live: true,
		Get: func(c *Config) float64 { return ms(c.Swim.PingTimeout) }, Set: func(c *Config, v float64) { c.Swim.PingTimeout = Time(v) }},
	{Name: "swim_suspicion_timeout_ms", Field: "swim.suspicion_timeout_ms", URL: "tsuspicion", Symbol: "T suspicion", Words: "the suspicion timeout", Unit: UnitMs,
		Help: "SWIM: a suspect not refuted within this time is confirmed dead", Min: 1, Max: float64(MaxTimeout), Live: true,
		Get: func(c *Config) float64 { return ms(c.Swim.SuspicionTimeout) }, Set: func(c *Config, v float64) { c.Swim.SuspicionTimeout = Time(v) }},
	{Name: "pitfall_no_tombstone", Field: "pitfalls.no_tombstone", Symbol: "no tombstones", Words: "the no tombstones bug", Unit: UnitFlag,
		Help: "bug on purpose: forget a removed member at once", Min: 0, Max: 1, Live: true,
		Get: func(c *Config) float64 { return flagValue(c.Pitfalls.NoTombstone) }, Set: func(c *Config, v float64) { c.Pitfalls.NoTombstone = v == 1 }},
	{Name: "pitfall_no_generation", Field: "pitfalls.no_generation", Symbol: "restart without generation", Words: "the restart without generation bug", Unit: UnitFlag,
		Help: "bug on purpose: a restarted node keeps its generation", Min: 0, Max: 1, Live: true,
		Get: func(c *Config) float64 { return flagValue(c.Pitfalls.NoGeneration) }, Set: func(c *Config, v float64) { c.Pitfalls.NoGeneration = v == 1 }},
	{Name: "clock_skew_ms", Field: "pitfalls.clock_skew_ms", Flag: "clock-skew", URL: "skew", Symbol: "clock skew", Words: "the clock skew", Unit: UnitMs,
		Help: "with wall-clock timestamps: each clock is off by up to this much", Min: 0, Max: float64(MaxClockSkew),
		Get: func(c *Config) float64 { return ms(c.Pitfalls.ClockSkew) }, Set: func(c *Config, v float64) { c.Pitfalls.ClockSkew = Time(v) }},
}

func flagValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// ParamByName returns the parameter called name (Param.Name), or nil.
func ParamByName(name string) *Param {
	for _, p := range Params {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// ParamNames lists the names of the parameters for which keep reports true, in table order.
func ParamNames(keep func(p *Param) bool) []string {
	var out []string
	for _, p := range Params {
		if keep == nil || keep(p) {
			out = append(out, p.Name)
		}
	}
	return out
}

// LiveParam reports whether OpSet can change p while the run goes on.
func LiveParam(p *Param) bool { return p.Live }

// WordsFor is p in a sentence about a run of protocol proto ("the fanout b" under the rumor).
func (p *Param) WordsFor(proto Protocol) string {
	if p.Name == "fanout" && proto == ProtocolRumor {
		return "the fanout b"
	}
	return p.Words
}

// MaxFor is p's upper bound in an n-node cluster.
func (p *Param) MaxFor(n int) float64 {
	if p.MaxN != nil {
		return p.MaxN(n)
	}
	return p.Max
}

// Integer reports whether p's values are whole numbers.
func (p *Param) Integer() bool { return p.Unit != UnitProb }

// RangeText words p's allowed values in an n-node cluster: "an integer in [1, 15]",
// "a number in [0, 1)", "0 (off) or 1 (on)".
func (p *Param) RangeText(n int) string {
	switch p.Unit {
	case UnitFlag:
		return "0 (off) or 1 (on)"
	case UnitProb:
		closer := "]"
		if p.MaxOpen {
			closer = ")"
		}
		return fmt.Sprintf("a number in [%g, %g%s", p.Min, p.MaxFor(n), closer)
	}
	return fmt.Sprintf("an integer in [%g, %g]", p.Min, p.MaxFor(n))
}

// Check reports whether v is an allowed value of p on its own in an n-node cluster, with an
// error naming the range.
func (p *Param) Check(v float64, n int) error {
	hi := p.MaxFor(n)
	if math.IsNaN(v) || v < p.Min || v > hi || (p.MaxOpen && v == hi) || (p.Integer() && v != math.Trunc(v)) {
		return fmt.Errorf("must be %s, got %s", p.RangeText(n), strconv.FormatFloat(v, 'f', -1, 64))
	}
	return nil
}

// Text words value v of p with its unit, as the lessons and the event log write it: times in
// seconds to a tenth ("8 s", "0.5 s"), probabilities in percent to a tenth ("20 %"), flags "on"
// or "off", counts as they are.
func (p *Param) Text(v float64) string {
	switch p.Unit {
	case UnitMs:
		return strconv.FormatFloat(math.Round(v/100)/10, 'f', -1, 64) + " s"
	case UnitProb:
		return strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + " %"
	case UnitFlag:
		if v == 1 {
			return "on"
		}
		return "off"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Setting is one parameter's new value, for SetParams.
type Setting struct {
	Param string  `json:"param"`
	Value float64 `json:"value"`
}

// SetParams returns c with every setting applied, validated once as a whole for an n-node
// cluster: the order of the settings does not matter (T_suspect and T_remove can both move past
// each other). An unknown, not live or malformed setting, or a config that the settings leave
// invalid, is an error and c is returned unchanged.
func SetParams(c Config, n int, settings ...Setting) (Config, error) {
	out := c.clone()
	for _, s := range settings {
		p := ParamByName(s.Param)
		if p == nil || !p.Live {
			return c, fmt.Errorf("set: param must be one of %s; got %q", strings.Join(ParamNames(LiveParam), ", ")+", node_loss", s.Param)
		}
		if p.Unit == UnitFlag && s.Value != 0 && s.Value != 1 {
			return c, fmt.Errorf("set %s: value must be 0 (off) or 1 (on), got %g", s.Param, s.Value)
		}
		if p.Integer() && s.Value != math.Trunc(s.Value) {
			return c, fmt.Errorf("set %s: value must be a whole number, got %g", s.Param, s.Value)
		}
		p.Set(&out, s.Value)
	}
	if err := out.validate(n); err != nil {
		name := "set"
		if len(settings) == 1 {
			name = "set " + settings[0].Param
		}
		return c, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}
