package session

import (
	"strings"

	"gossiplab/core"
)

// Protocols are the protocols the app offers, in the order of the top-bar switch: the
// membership protocols and the rumor (one rumor spread by push, pull or push-pull).
var Protocols = []core.Protocol{core.ProtocolHeartbeat, core.ProtocolSwim, core.ProtocolRumor}

// PitfallNames are the deliberate bugs by name, in display order.
var PitfallNames = []string{"no_tombstone", "timestamp_merge", "no_generation"}

// DefaultSkewMs is the clock skew of the timestamp pitfall when none is given: ±4 s, so two
// clocks may differ by 8 s, more than T suspect, and live nodes are suspected.
const DefaultSkewMs = 4000

// ParseProtocol reads a protocol name, in any case.
func ParseProtocol(v string) (core.Protocol, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	for _, p := range Protocols {
		if v == string(p) {
			return p, true
		}
	}
	return "", false
}

// ProtocolList is the protocols' names, comma-separated, for messages.
func ProtocolList() string {
	names := make([]string, len(Protocols))
	for i, p := range Protocols {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}

// ParseRumorMode reads a rumor mode (push, pull, pushpull; "push-pull" too), in any case.
func ParseRumorMode(v string) (string, bool) {
	v = strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), "-", "")
	for _, m := range core.RumorModes {
		if v == m {
			return m, true
		}
	}
	return "", false
}

// FitSwim keeps SWIM's parameters valid for the cluster size and period, whichever protocol
// runs, so that switching to SWIM later cannot fail: at most N−2 helpers, and a ping timeout
// shorter than the period (30 % of it when the period is short).
func FitSwim(c *core.Config) {
	c.Swim.K = min(c.Swim.K, max(0, c.N-2))
	if c.Swim.PingTimeout >= c.Period {
		c.Swim.PingTimeout = max(1, c.Period*3/10)
	}
}
