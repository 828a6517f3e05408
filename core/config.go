package core

import (
	"fmt"
	"strings"
)

// MaxNodes bounds the cluster: each node keeps an entry per member, so memory grows as N².
// At 16 bytes an entry, 10,000 nodes take 1.6 GB of membership lists.
const MaxNodes = 10000

// Protocol names a membership protocol.
type Protocol string

const (
	// ProtocolHeartbeat gossips heartbeat lists and times silent members out (the default).
	ProtocolHeartbeat Protocol = "heartbeat"
	// ProtocolSwim probes one member per period (ping, then ping-req through K others),
	// suspects it without an ack, and spreads updates piggybacked on the probes (SWIM, 2002).
	ProtocolSwim Protocol = "swim"
	// ProtocolRumor spreads one rumor (OpInject) by push, pull or push-pull over a fixed
	// membership: the dissemination that the round model's theory describes, run asynchronously.
	ProtocolRumor Protocol = "rumor"
)

// Protocols lists the protocols in display order.
var Protocols = []Protocol{ProtocolHeartbeat, ProtocolSwim}

// RumorModes are the ways a rumor can spread under ProtocolRumor.
var RumorModes = []string{"push", "pull", "pushpull"}

// SwimConfig holds SWIM's parameters (Das, Gupta, Motivala 2002). Period is the protocol period.
type SwimConfig struct {
	// K members are asked to ping the target (ping-req) when the direct ping gets no ack.
	K int `json:"k"`
	// PingTimeout is how long a prober waits for the direct ack before asking the K others;
	// the rest of the period is left for the indirect probes. Must be shorter than the period.
	PingTimeout Time `json:"ping_timeout_ms"`
	// SuspicionTimeout: a suspected member not refuted within it is confirmed dead (removed).
	SuspicionTimeout Time `json:"suspicion_timeout_ms"`
	// Lambda: each update is piggybacked Lambda·⌈log2(N+1)⌉ times, SWIM's λ·log N.
	Lambda int `json:"lambda"`
	// MaxPiggyback bounds the updates carried by one message.
	MaxPiggyback int `json:"max_piggyback"`
	// RoundRobin picks probe targets from a shuffled list, one pass at a time (SWIM §4.3),
	// instead of uniformly at random: every member is probed within 2N−1 periods.
	RoundRobin bool `json:"round_robin"`
}

// Config holds every protocol and network parameter. Times are virtual milliseconds.
// The zero value is not valid; start from DefaultConfig or a Preset.
type Config struct {
	// Protocol is "heartbeat" (the default; "" means it too) or "swim".
	Protocol Protocol `json:"protocol"`
	// Swim holds SWIM's parameters, used when Protocol is "swim".
	Swim SwimConfig `json:"swim"`
	// RumorMode is how a rumor spreads under Protocol "rumor": every period an informed node
	// pushes it to Fanout peers ("push"), an uninformed node asks Fanout peers for it ("pull"),
	// or every node calls Fanout peers and the rumor crosses whichever way it can ("pushpull").
	RumorMode string `json:"rumor_mode"`
	// N is the number of nodes at the start, with IDs 0..N-1.
	N int `json:"n"`
	// Fanout (M) is how many distinct peers each node gossips its list to every period,
	// chosen uniformly from the members it believes alive.
	Fanout int `json:"fanout"`
	// Period (X) is the protocol period: every X each node increments its heartbeat and gossips.
	Period Time `json:"period_ms"`
	// TSuspect: a member whose heartbeat has not increased for this long is suspected.
	// It should exceed the time a heartbeat takes to reach everyone (about
	// (log2 N + ln N)/M periods), or live members are suspected all the time.
	TSuspect Time `json:"t_suspect_ms"`
	// TRemove: a member whose heartbeat has not increased for this long is removed and
	// kept as a tombstone. Must exceed TSuspect.
	TRemove Time `json:"t_remove_ms"`
	// TTombstone: how long a removed (or left) member is remembered so that stale copies
	// still circulating cannot bring it back. At least TRemove, because the nodes that have
	// not yet timed the member out keep gossiping it for up to TRemove.
	TTombstone Time `json:"t_tombstone_ms"`
	// Loss is the probability that any one message is lost, independently.
	Loss float64 `json:"loss"`
	// LatencyMin and LatencyMax bound the one-way delay, drawn uniformly from [min, max].
	LatencyMin Time `json:"latency_min_ms"`
	LatencyMax Time `json:"latency_max_ms"`
	// Seeds are the nodes a joining or restarted node knows; it joins by gossiping to them.
	Seeds []NodeID `json:"seeds"`
	// SeedRetry: a node that believes none of the seeds alive also gossips to one seed at most
	// this often, so a cluster split by a partition finds itself again after heal. 0 disables it.
	SeedRetry Time `json:"seed_retry_ms"`
	// StartConverged starts every node knowing every other (heartbeat 0); otherwise the
	// initial nodes know only the seeds and join through them.
	StartConverged bool `json:"start_converged"`
	// HeaderBytes and EntryBytes are the message size model: a gossip message costs
	// HeaderBytes (IPv4 20 + UDP 8 + sender id 4 + entry count 4 = 36) plus EntryBytes per
	// membership entry (member id 4 + generation 4 + heartbeat 8 = 16, state in a flag bit).
	HeaderBytes int `json:"header_bytes"`
	EntryBytes  int `json:"entry_bytes"`
	// SampleInterval is how often the metrics time series is sampled.
	SampleInterval Time `json:"sample_interval_ms"`
	// Seed drives every random choice; the same seed and commands give the same run.
	Seed uint64 `json:"seed"`
	// Pitfalls switch on classic bugs of student gossip code, for demonstration. All off by default.
	Pitfalls Pitfalls `json:"pitfalls"`
}

// Pitfalls are deliberate bugs the lab can switch on to show why the protocol is as it is.
type Pitfalls struct {
	// NoTombstone forgets a removed member at once instead of keeping a tombstone, so stale
	// gossip still circulating adds it back: the removed member comes back from the dead.
	NoTombstone bool `json:"no_tombstone"`
	// TimestampMerge replaces heartbeat counters by wall-clock timestamps, as naive code does:
	// a node stamps its own entry with its clock, lists are merged by the higher stamp, and an
	// observer judges a member stale when its own clock minus the member's stamp exceeds
	// T_suspect. With ClockSkew the two readings come from different clocks: fresh heartbeats
	// from a node whose clock lags look old on arrival, so it is suspected although alive, and a
	// node whose clock runs ahead still looks alive after it crashed.
	TimestampMerge bool `json:"timestamp_merge"`
	// ClockSkew: each node's clock is off by a fixed amount drawn uniformly from
	// [-ClockSkew, +ClockSkew]. Only matters with TimestampMerge (counters need no clocks).
	ClockSkew Time `json:"clock_skew_ms"`
	// NoGeneration restarts a node with heartbeat 0 in the same generation, so its peers take
	// its low heartbeat for stale news and ignore it until they have removed it and its
	// tombstone has expired.
	NoGeneration bool `json:"no_generation"`
}

// DefaultConfig is the classroom setting: 16 nodes, small enough to read every list on screen.
func DefaultConfig() Config {
	return Config{
		Protocol:       ProtocolHeartbeat,
		RumorMode:      "push",
		Swim:           SwimConfig{K: 3, PingTimeout: 300 * Millisecond, SuspicionTimeout: 5 * Second, Lambda: 3, MaxPiggyback: 6},
		N:              16,
		Fanout:         3,           // log-time spread with modest load
		Period:         1 * Second,  // X
		TSuspect:       6 * Second,  // no false suspicion in 10 node-hours up to N=32 at 5% loss (5 s: some)
		TRemove:        12 * Second, // 2 × TSuspect: a second chance before giving up
		TTombstone:     36 * Second, // 3 × TRemove: outlives every stale copy
		Loss:           0.01,
		LatencyMin:     20 * Millisecond,
		LatencyMax:     80 * Millisecond,
		Seeds:          []NodeID{0},
		SeedRetry:      5 * Second,
		StartConverged: true,
		HeaderBytes:    36,
		EntryBytes:     16,
		SampleInterval: 500 * Millisecond,
		Seed:           1,
	}
}

// PresetNames lists the named presets in display order.
var PresetNames = []string{"classroom", "lossy", "large", "thousand", "benchmark"}

// Preset returns a named configuration.
func Preset(name string) (Config, error) {
	c := DefaultConfig()
	switch name {
	case "classroom", "default":
	case "lossy": // loss high enough that T_suspect visibly matters
		c.Loss = 0.2
	case "large":
		c = c.SizedFor(256)
	case "thousand":
		c = c.SizedFor(1000)
	case "benchmark": // the setting of BenchmarkSim: M=3, X=1 s, 1% loss
		c = c.SizedFor(1000)
		c.SampleInterval = Second
	default:
		return Config{}, fmt.Errorf("unknown preset %q (known: %s)", name, strings.Join(PresetNames, ", "))
	}
	return c, nil
}

// TimeoutsFor is the rule "timeouts follow N", the one place it is written: T_suspect,
// T_remove, T_tombstone and SWIM's suspicion timeout for an n-node cluster. A heartbeat (and a
// SWIM refutation) takes longer to reach every node of a bigger cluster (dissemination grows as
// log N: README, "What the lab shows"), so a timeout that suits 16 nodes makes a thousand flap:
// 6/12/36 s and 5 s up to 128 nodes, 8/16/48 s and 8 s up to 512, 10/20/60 s and 10 s above
// (at N = 1000 and 5 % loss, SWIM with 5 s falsely removes nodes by the thousand a minute, and
// none with 10 s).
func TimeoutsFor(n int) (suspect, remove, tombstone, suspicion Time) {
	switch {
	case n > 512:
		return 10 * Second, 20 * Second, 60 * Second, 10 * Second
	case n > 128:
		return 8 * Second, 16 * Second, 48 * Second, 8 * Second
	}
	return 6 * Second, 12 * Second, 36 * Second, 5 * Second
}

// SizedFor returns c for n nodes, with every value derived from the cluster's size following
// it: the timeouts (TimeoutsFor), the fanout (at most N−1) and SWIM's K (at most N−2). Callers
// set the values a user gave afterwards, so that only those can be refused for the size (a
// --fanout 3 on 2 nodes is an error; the default fanout on 2 nodes is 1).
func (c Config) SizedFor(n int) Config {
	c.N = n
	c.TSuspect, c.TRemove, c.TTombstone, c.Swim.SuspicionTimeout = TimeoutsFor(n)
	c.Fanout = min(c.Fanout, max(1, n-1))
	c.Swim.K = min(c.Swim.K, max(0, n-2))
	return c
}

// FieldError is one invalid Config field.
type FieldError struct {
	Field string // the JSON name of the field, as users write it in files and flags
	Msg   string // what is wrong, with the allowed range
}

func (e FieldError) Error() string { return e.Field + " " + e.Msg }

// ConfigError lists every invalid field of a Config.
type ConfigError struct{ Problems []FieldError }

func (e *ConfigError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return "invalid config: " + strings.Join(parts, "; ")
}

// Limits of the parameters, shared with the UI's sliders and the CLI's flags.
const (
	MaxPeriod  = 10 * Minute
	MaxTimeout = 24 * 60 * Minute
	MaxLatency = Minute
	MaxLoss    = 1.0 // exclusive
	// MaxClockSkew bounds the demonstration clock skew.
	MaxClockSkew = Minute
)

// Validate reports every invalid field with its allowed range, or nil.
func (c Config) Validate() error { return c.validate(c.N) }

// validate checks c for a cluster of `nodes` nodes (more than N once nodes have been added).
func (c Config) validate(nodes int) error {
	var p []FieldError
	bad := func(field, format string, a ...any) {
		p = append(p, FieldError{field, fmt.Sprintf(format, a...)})
	}
	if c.N < 1 || c.N > MaxNodes {
		bad("n", "must be in [1, %d], got %d", MaxNodes, c.N)
	}
	maxFanout := max(1, nodes-1)
	if c.Fanout < 1 || c.Fanout > maxFanout {
		bad("fanout", "must be in [1, %d] (at most N-1), got %d", maxFanout, c.Fanout)
	}
	if c.Period < 1 || c.Period > MaxPeriod {
		bad("period_ms", "must be in [1, %d], got %d", MaxPeriod, c.Period)
	}
	if c.TSuspect < 1 || c.TSuspect > MaxTimeout {
		bad("t_suspect_ms", "must be in [1, %d], got %d", MaxTimeout, c.TSuspect)
	}
	if c.TRemove <= c.TSuspect || c.TRemove > MaxTimeout {
		bad("t_remove_ms", "must be in (t_suspect_ms=%d, %d], got %d", c.TSuspect, MaxTimeout, c.TRemove)
	}
	if c.TTombstone < c.TRemove || c.TTombstone > MaxTimeout {
		bad("t_tombstone_ms", "must be in [t_remove_ms=%d, %d], got %d", c.TRemove, MaxTimeout, c.TTombstone)
	}
	if !(c.Loss >= 0 && c.Loss < MaxLoss) { // written so that NaN fails too
		bad("loss", "must be in [0, 1), got %g", c.Loss)
	}
	if c.LatencyMin < 0 || c.LatencyMin > MaxLatency {
		bad("latency_min_ms", "must be in [0, %d], got %d", MaxLatency, c.LatencyMin)
	}
	if c.LatencyMax < c.LatencyMin || c.LatencyMax > MaxLatency {
		bad("latency_max_ms", "must be in [latency_min_ms=%d, %d], got %d", c.LatencyMin, MaxLatency, c.LatencyMax)
	}
	if len(c.Seeds) == 0 {
		bad("seeds", "must name at least one node")
	}
	for _, s := range c.Seeds {
		if s < 0 || int(s) >= max(c.N, 1) {
			bad("seeds", "must be node ids in [0, %d], got %d", max(c.N, 1)-1, s)
			break
		}
	}
	if c.SeedRetry < 0 || c.SeedRetry > MaxTimeout {
		bad("seed_retry_ms", "must be in [0, %d] (0 = off), got %d", MaxTimeout, c.SeedRetry)
	}
	if c.HeaderBytes < 0 || c.HeaderBytes > 65535 {
		bad("header_bytes", "must be in [0, 65535], got %d", c.HeaderBytes)
	}
	if c.EntryBytes < 0 || c.EntryBytes > 65535 {
		bad("entry_bytes", "must be in [0, 65535], got %d", c.EntryBytes)
	}
	switch c.Protocol {
	case "", ProtocolHeartbeat:
	case ProtocolSwim:
		w := c.Swim
		if maxK := max(0, nodes-2); w.K < 0 || w.K > maxK {
			bad("swim.k", "must be in [0, %d] (at most N-2), got %d", maxK, w.K)
		}
		if w.PingTimeout < 1 || w.PingTimeout >= c.Period {
			bad("swim.ping_timeout_ms", "must be in [1, period_ms=%d), got %d", c.Period, w.PingTimeout)
		}
		if w.SuspicionTimeout < 1 || w.SuspicionTimeout > MaxTimeout {
			bad("swim.suspicion_timeout_ms", "must be in [1, %d], got %d", MaxTimeout, w.SuspicionTimeout)
		}
		if w.Lambda < 1 || w.Lambda > 100 {
			bad("swim.lambda", "must be in [1, 100], got %d", w.Lambda)
		}
		if w.MaxPiggyback < 0 || w.MaxPiggyback > 1000 {
			bad("swim.max_piggyback", "must be in [0, 1000], got %d", w.MaxPiggyback)
		}
	case ProtocolRumor:
		if c.RumorMode != "push" && c.RumorMode != "pull" && c.RumorMode != "pushpull" {
			bad("rumor_mode", "must be push, pull or pushpull, got %q", c.RumorMode)
		}
	default:
		bad("protocol", "must be heartbeat, swim or rumor, got %q", c.Protocol)
	}
	if c.Pitfalls.ClockSkew < 0 || c.Pitfalls.ClockSkew > MaxClockSkew {
		bad("pitfalls.clock_skew_ms", "must be in [0, %d], got %d", MaxClockSkew, c.Pitfalls.ClockSkew)
	}
	if c.SampleInterval < 1 || c.SampleInterval > MaxPeriod {
		bad("sample_interval_ms", "must be in [1, %d], got %d", MaxPeriod, c.SampleInterval)
	}
	if len(p) == 0 {
		return nil
	}
	return &ConfigError{p}
}

// clone returns c with its own copy of Seeds, so a Sim never shares a slice with its caller.
func (c Config) clone() Config {
	c.Seeds = append([]NodeID(nil), c.Seeds...)
	return c
}
