package view

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gossiplab/core"
	"gossiplab/session"
)

// Ranges of the starting parameters, shared by the desktop flags, the URL parameters and the
// sliders. They are narrower than core's limits where the view would stop being useful.
const (
	MinNodes, MaxNodes       = 1, 1000
	MinPeriodMs, MaxPeriodMs = 10, 60000
	MinTimeoutMs             = 1
	MaxTimeoutMs             = 3600000 // an hour of virtual time
	MaxLoss                  = 0.9
	MaxLatencyMs             = 10000
	MinSpeed, MaxSpeed       = session.MinSpeed, session.MaxSpeed
	MinUIScale, MaxUIScale   = 0.5, 4.0
	DefaultSpeed             = session.DefaultSpeed
)

// appParam is one of the app's starting parameters, once: its name (the URL parameter, the
// desktop's flag and, when lockable, the name ?lock= takes, as State.Controls names its
// control) — a core parameter's is its core.Param.URL —, the core parameter it sets
// (core.Params; "" for the app's own) and its words for the desktop's -help. A generic one is
// read by its core parameter's range and unit (the others have rules of their own in
// ParseParams: N sizes the timeouts, T_remove follows T_suspect, …).
type appParam struct {
	name     string
	param    string
	lockable bool
	generic  bool
	help     string
}

// url is the parameter's name in URLs, flags and locks.
func (p *appParam) url() string {
	if p.param != "" {
		return core.ParamByName(p.param).URL
	}
	return p.name
}

// appParams are the app's parameters in the order ParseParams reports their errors.
var appParams = []appParam{
	{name: "preset", help: "a core preset: " + strings.Join(core.PresetNames, ", ")},
	{name: "protocol", lockable: true, help: "protocol: heartbeat (default), swim or rumor (P switches in the window)"},
	{name: "mode", lockable: true, help: "rumor: how the rumor spreads: push (default), pull or pushpull"},
	{name: "compare", lockable: true, help: "split view of two protocols on the same scenario, e.g. heartbeat,swim (V toggles)"},
	{param: "n", lockable: true, help: fmt.Sprintf("number of nodes at the start, %d..%d", MinNodes, MaxNodes)},
	{param: "fanout", lockable: true, help: "fanout M: peers gossiped to each period, 1..n-1"},
	{param: "period_ms", lockable: true, help: fmt.Sprintf("protocol period X in ms, %d..%d", MinPeriodMs, MaxPeriodMs)},
	{param: "t_suspect_ms", lockable: true, help: "T_suspect in ms: no heartbeat increase for this long → suspect"},
	{param: "t_remove_ms", lockable: true, help: "T_remove in ms (> tsuspect): no increase for this long → remove"},
	{param: "swim_k", lockable: true, help: "SWIM: members asked to ping the target when the direct ping fails (ping-req), 0..n-2"},
	{param: "swim_suspicion_timeout_ms", lockable: true, help: "SWIM: suspicion timeout in ms: a suspect not refuted in time is confirmed dead"},
	{param: "swim_ping_timeout_ms", lockable: true, generic: true, help: "SWIM: ping timeout in ms: how long a prober waits for the direct ack before asking K others (under the period)"},
	{param: "loss", lockable: true, help: fmt.Sprintf("message loss probability, 0..%g", MaxLoss)},
	{name: "latency", lockable: true, help: "one-way latency range in ms, \"min-max\" (e.g. 20-80)"},
	{name: "pitfalls", lockable: true, help: "bugs on purpose, comma-separated: " + strings.Join(session.PitfallNames, ", ")},
	{param: "clock_skew_ms", help: fmt.Sprintf("clock skew of timestamp_merge in ms, 0..60000 (default %d with timestamp_merge)", DefaultSkewMs)},
	{name: "seed", help: "random seed (same seed and actions → same run)"},
	{name: "speed", lockable: true, help: fmt.Sprintf("virtual seconds per real second, %g..%g (default %g)", MinSpeed, MaxSpeed, DefaultSpeed)},
	{name: "paused", help: "start paused"},
	{name: "scale", help: fmt.Sprintf("UI scale, %g..%g (1.5–2 for a projector)", MinUIScale, MaxUIScale)},
}

// ParamNames lists the names ParseParams reads, in the order its errors are reported.
var ParamNames = appParamNames(func(*appParam) bool { return true })

// WebParamNames are the names ParseParams reads besides ParamNames, after them: the browser's
// embedding options (the desktop app has no use for them and defines no flags for them).
var WebParamNames = []string{"embed", "lock"}

// LockNames are the controls the lock parameter can lock, named as their URL parameters (and as
// in State.Controls; "protocol" covers the protocol switch and its P key, "pitfalls" the
// pitfall section, "speed" the speed slider and its [ ] keys).
var LockNames = appParamNames(func(p *appParam) bool { return p.lockable })

func appParamNames(keep func(*appParam) bool) []string {
	var out []string
	for i := range appParams {
		if keep(&appParams[i]) {
			out = append(out, appParams[i].url())
		}
	}
	return out
}

// setGeneric reads a generic parameter into cfg by its core parameter's range and unit; a bad
// value, or one the config's rules refuse (a ping timeout not under the period), leaves cfg as
// it was and returns the message naming the parameter and what it must be.
func setGeneric(cfg *core.Config, ap *appParam, get func(string) (string, bool)) (string, bool) {
	v, ok := get(ap.url())
	if !ok {
		return "", true
	}
	p := core.ParamByName(ap.param)
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || p.Check(f, cfg.N) != nil {
		return fmt.Sprintf("%s: must be %s, got %q; using the default", ap.url(), p.RangeText(cfg.N), v), false
	}
	try := *cfg
	p.Set(&try, f)
	if err := try.Validate(); err != nil {
		return fmt.Sprintf("%s: %v; using the default", ap.url(), err), false
	}
	fit := try
	session.FitSwim(&fit) // SWIM's settings stay valid for a switch to SWIM later
	if p.Get(&fit) != f {
		return fmt.Sprintf("%s: must fit SWIM's rules (a ping timeout under the period X = %d ms), got %q; using the default",
			ap.url(), try.Period, v), false
	}
	*cfg = try
	return "", true
}

// ParamHelp is a parameter's words for the desktop's -help ("" for an unknown name).
func ParamHelp(name string) string {
	for i := range appParams {
		if appParams[i].url() == name {
			return appParams[i].help
		}
	}
	return ""
}

// PitfallNames are the names the pitfalls parameter takes, in display order.
var PitfallNames = session.PitfallNames

// DefaultSkewMs is the clock skew of the timestamp pitfall when none is given.
const DefaultSkewMs = session.DefaultSkewMs

// ParseParams reads the starting parameters through get (a URL query, command-line flags), which
// reports whether a name was given and its text. Unknown names are not asked for. A bad value
// yields one message naming the parameter and its allowed range, and that parameter keeps its
// default, so the app can still run (and show the messages in its banner). Returned options
// carry the messages in Errors too.
//
//	preset   a core preset: classroom, lossy, large, thousand, benchmark (applied first)
//	protocol heartbeat (the default), swim or rumor
//	mode     rumor: how the rumor spreads, push (the default), pull or pushpull
//	compare  two protocols side by side, e.g. heartbeat,swim (the split view; protocol is ignored)
//	n        nodes at the start, 1..1000
//	fanout   M, peers gossiped to each period, 1..n-1
//	period   X in ms, 10..60000
//	tsuspect T_suspect in ms, 1..3600000
//	tremove  T_remove in ms, above tsuspect, ..3600000
//	k        SWIM: members asked to ping the target when the direct ping fails, 0..n-2
//	tsuspicion SWIM: suspicion timeout in ms (suspect → confirmed dead), 1..3600000
//	tping    SWIM: ping timeout in ms (no direct ack by then → ping-req), under the period
//	loss     probability a message is lost, 0..0.9
//	latency  "min-max" one-way delay in ms (or one number), 0..10000
//	pitfalls bugs switched on for demonstration, comma-separated: no_tombstone,
//	         timestamp_merge, no_generation (the heartbeat protocol's classic mistakes)
//	skew     the clock skew of timestamp_merge in ms, 0..60000: each clock is off by up to ±skew
//	         (default 4000 when timestamp_merge is on)
//	seed     random seed, a whole number ≥ 0
//	speed    virtual seconds per real second, 0.1..20
//	paused   true/false (given with no value: true)
//	scale    UI scale, 0.5..4 (1.5–2 for projectors)
//	embed    true/false (given with no value: true): the minimal controls for an iframe
//	lock     controls the reader cannot change, comma-separated LockNames (e.g. loss,fanout)
//
// When n is given but the timeouts are not, they follow n by core's one rule (core.TimeoutsFor:
// a larger cluster needs longer to spread a heartbeat, or a refutation), so a big cluster does
// not start out flapping; the fanout and K fit n unless given.
func ParseParams(get func(name string) (string, bool)) (Options, []string) {
	var errs []string
	bad := func(name, rng, got string) {
		errs = append(errs, fmt.Sprintf("%s: must be %s, got %q; using the default", name, rng, got))
	}
	cfg := core.DefaultConfig()
	if v, ok := get("preset"); ok {
		if c, err := core.Preset(strings.TrimSpace(v)); err == nil {
			cfg = c
		} else {
			bad("preset", "one of "+strings.Join(core.PresetNames, ", "), v)
		}
	}
	opts := Options{Speed: DefaultSpeed, UIScale: 1}
	if v, ok := get("protocol"); ok {
		if p, ok := session.ParseProtocol(v); ok {
			cfg.Protocol = p
		} else {
			bad("protocol", "one of "+session.ProtocolList(), v)
		}
	}
	if v, ok := get("compare"); ok {
		if protos, ok := session.ParseCompare(v); ok {
			opts.Compare = strings.ToLower(strings.ReplaceAll(v, " ", ""))
			cfg.Protocol = protos[0]
		} else {
			bad("compare", "two of heartbeat, swim separated by a comma (e.g. heartbeat,swim)", v)
		}
	}
	if v, ok := get("mode"); ok {
		if m, ok := session.ParseRumorMode(v); ok {
			cfg.RumorMode = m
		} else {
			bad("mode", "one of "+strings.Join(core.RumorModes, ", "), v)
		}
	}

	intParam := func(name string, lo, hi int, dst *int) bool {
		v, ok := get(name)
		if !ok {
			return false
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			bad(name, fmt.Sprintf("a whole number in [%d, %d]", lo, hi), v)
			return false
		}
		*dst = n
		return true
	}
	msParam := func(name string, lo, hi int, unit string, dst *core.Time) bool {
		var n int
		if !intParamQuiet(get, name, lo, hi, &n, func(v string) {
			bad(name, fmt.Sprintf("a whole number of ms in [%d, %d]%s", lo, hi, unit), v)
		}) {
			return false
		}
		*dst = core.Time(n)
		return true
	}
	floatParam := func(name string, lo, hi float64, dst *float64) bool {
		v, ok := get(name)
		if !ok {
			return false
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || f < lo || f > hi {
			bad(name, fmt.Sprintf("a number in [%g, %g]", lo, hi), v)
			return false
		}
		*dst = f
		return true
	}

	if intParam("n", MinNodes, MaxNodes, &cfg.N) {
		cfg = cfg.SizedFor(cfg.N) // the timeouts, fanout and K follow N (the parameters given below win)
	}
	maxFanout := max(1, cfg.N-1)
	if cfg.Fanout > maxFanout {
		cfg.Fanout = maxFanout
	}
	intParam("fanout", 1, maxFanout, &cfg.Fanout)
	msParam("period", MinPeriodMs, MaxPeriodMs, "", &cfg.Period)

	ts, tr := cfg.TSuspect, cfg.TRemove
	gotS := msParam("tsuspect", MinTimeoutMs, MaxTimeoutMs-1, "", &ts)
	gotR := msParam("tremove", MinTimeoutMs+1, MaxTimeoutMs, ", above tsuspect", &tr)
	rawR, _ := get("tremove")
	switch {
	case gotR && tr <= ts && gotS:
		bad("tremove", fmt.Sprintf("a whole number of ms in (tsuspect=%d, %d]", ts, MaxTimeoutMs), rawR)
		tr = 2 * ts
	case gotR && tr <= ts:
		bad("tremove", fmt.Sprintf("a whole number of ms in (tsuspect=%d, %d]", ts, MaxTimeoutMs), rawR)
		tr = cfg.TRemove
	case tr <= ts: // only tsuspect given, past the default T_remove: keep the usual ratio
		tr = 2 * ts
	}
	if tr > MaxTimeoutMs {
		tr = MaxTimeoutMs
	}
	cfg.TSuspect, cfg.TRemove = ts, tr
	cfg.TTombstone = max(cfg.TTombstone, min(3*tr, MaxTimeoutMs))

	intParam("k", 0, max(0, cfg.N-2), &cfg.Swim.K)
	msParam("tsuspicion", MinTimeoutMs, MaxTimeoutMs, "", &cfg.Swim.SuspicionTimeout)
	session.FitSwim(&cfg)

	floatParam("loss", 0, MaxLoss, &cfg.Loss)
	if v, ok := get("latency"); ok {
		lo, hi, ok := parseRange(v)
		if !ok || lo < 0 || hi < lo || hi > MaxLatencyMs {
			bad("latency", fmt.Sprintf("\"min-max\" in ms with 0 ≤ min ≤ max ≤ %d (e.g. 20-80)", MaxLatencyMs), v)
		} else {
			cfg.LatencyMin, cfg.LatencyMax = core.Time(lo), core.Time(hi)
		}
	}
	if v, ok := get("pitfalls"); ok {
		if pf, unknown := parsePitfalls(v); unknown != "" {
			bad("pitfalls", "a comma-separated list of "+strings.Join(PitfallNames, ", ")+" (unknown: "+unknown+")", v)
		} else {
			cfg.Pitfalls.NoTombstone, cfg.Pitfalls.TimestampMerge, cfg.Pitfalls.NoGeneration =
				pf.NoTombstone, pf.TimestampMerge, pf.NoGeneration
			if pf.TimestampMerge {
				cfg.Pitfalls.ClockSkew = DefaultSkewMs
			}
		}
	}
	msParam("skew", 0, int(core.MaxClockSkew), "", &cfg.Pitfalls.ClockSkew)
	if v, ok := get("seed"); ok {
		s, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil {
			bad("seed", fmt.Sprintf("a whole number in [0, %d]", uint64(math.MaxUint64)), v)
		} else {
			cfg.Seed = s
		}
	}
	floatParam("speed", MinSpeed, MaxSpeed, &opts.Speed)
	if v, ok := get("paused"); ok {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "", "1", "true", "yes", "on":
			opts.Paused = true
		case "0", "false", "no", "off":
			opts.Paused = false
		default:
			bad("paused", "true or false", v)
		}
	}
	floatParam("scale", MinUIScale, MaxUIScale, &opts.UIScale)
	if v, ok := get("embed"); ok {
		if b, ok := parseBool(v); ok {
			opts.Embed = b
		} else {
			bad("embed", "true or false", v)
		}
	}
	if v, ok := get("lock"); ok {
		// The names it knows are locked even when others are not: a typo must not unlock them.
		names, unknown := parseLock(v)
		opts.Locked = names
		if unknown != "" { // short enough for one banner line: the banner does not wrap
			errs = append(errs, fmt.Sprintf("lock: unknown %s; allowed: %s", unknown, strings.Join(LockNames, ",")))
		}
	}

	for i := range appParams { // the generic ones: their core parameter's range, then the config's rules
		if ap := &appParams[i]; ap.generic {
			if msg, ok := setGeneric(&cfg, ap, get); !ok {
				errs = append(errs, msg)
			}
		}
	}
	if err := cfg.Validate(); err != nil { // cannot happen with the checks above; never run bad config
		errs = append(errs, err.Error()+"; using the defaults")
		cfg = core.DefaultConfig()
	}
	opts.Config = cfg
	opts.Errors = errs
	return opts, errs
}

// parsePitfalls reads "no_tombstone,no_generation" (any case, spaces ignored; "" or "none" for
// none). unknown lists the names it did not know, or is "".
func parsePitfalls(v string) (p core.Pitfalls, unknown string) {
	var bad []string
	for _, f := range strings.Split(v, ",") {
		switch name := strings.ToLower(strings.TrimSpace(f)); name {
		case "", "none":
		case "no_tombstone":
			p.NoTombstone = true
		case "timestamp_merge":
			p.TimestampMerge = true
		case "no_generation":
			p.NoGeneration = true
		default:
			bad = append(bad, strings.TrimSpace(f))
		}
	}
	return p, strings.Join(bad, ", ")
}

func intParamQuiet(get func(string) (string, bool), name string, lo, hi int, dst *int, onBad func(string)) bool {
	v, ok := get(name)
	if !ok {
		return false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		onBad(v)
		return false
	}
	*dst = n
	return true
}

// parseBool reads true/false the way paused does ("" is true).
func parseBool(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

// parseLock reads "loss, fanout" (any case, spaces ignored) into LockNames, without duplicates,
// in LockNames order. unknown lists the names it did not know, or is "".
func parseLock(v string) (names []string, unknown string) {
	var bad []string
	want := map[string]bool{}
	for _, f := range strings.Split(v, ",") {
		name := strings.ToLower(strings.TrimSpace(f))
		if name == "" {
			continue
		}
		if !slices.Contains(LockNames, name) {
			bad = append(bad, strings.TrimSpace(f))
			continue
		}
		want[name] = true
	}
	for _, n := range LockNames {
		if want[n] {
			names = append(names, n)
		}
	}
	return names, strings.Join(bad, ", ")
}

// parseRange reads "20-80" (or "50", meaning 50-50) as two whole numbers.
func parseRange(s string) (lo, hi int, ok bool) {
	s = strings.TrimSpace(s)
	a, b, found := strings.Cut(s, "-")
	if !found {
		b = a
	}
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	return lo, hi, err1 == nil && err2 == nil
}
