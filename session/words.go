package session

import (
	"fmt"
	"strings"

	"gossiplab/core"
)

// How the session words times, protocols, pitfalls and settings for the event log and the
// screen: one place, so the log, the toasts and the panels say the same.

// Ms writes a duration in ms as "250 ms" or "1.5 s" (three significant digits).
func Ms(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.3g s", ms/1000)
}

// Clock writes a virtual time as m:ss.s, rounded down like the clock in the top bar.
func Clock(t core.Time) string {
	d := int64(t) / 100
	return fmt.Sprintf("%d:%02d.%d", d/600, d/10%60, d%10)
}

// ProtocolTitle is a protocol's name as the screen writes it.
func ProtocolTitle(p core.Protocol) string {
	switch p {
	case core.ProtocolSwim:
		return "SWIM"
	case core.ProtocolRumor:
		return "rumor spreading"
	}
	return "heartbeat gossip"
}

// FanoutName is the fanout's symbol in a run of protocol p: b for the rumor, as its slider says.
func FanoutName(p core.Protocol) string {
	if p == core.ProtocolRumor {
		return "fanout b"
	}
	return "fanout M"
}

// PitfallTitle and PitfallNote word a pitfall for the screen and the event log.
func PitfallTitle(name string, skew core.Time) string {
	switch name {
	case "no_tombstone":
		return "no tombstones"
	case "no_generation":
		return "restart without generation"
	case "timestamp_merge":
		return "wall-clock timestamps, skew ±" + Ms(float64(skew))
	}
	return name
}

func PitfallNote(name string, on bool, skew core.Time) string {
	if on {
		return "BUG ON: " + PitfallTitle(name, skew)
	}
	return "bug off: " + PitfallTitle(name, skew)
}

// SetNote words a parameter change for the event log of a run of protocol p: each setting of
// the command, "; " between them.
func SetNote(cmd core.Command, p core.Protocol) string {
	out := settingNote(cmd.Param, cmd.Value, cmd.Node, p)
	for _, a := range cmd.Also {
		out += "; " + settingNote(a.Param, a.Value, cmd.Node, p)
	}
	return out
}

func settingNote(param string, v float64, node core.NodeID, p core.Protocol) string {
	switch param {
	case "loss":
		return fmt.Sprintf("loss set to %.0f %%", v*100)
	case "node_loss":
		return fmt.Sprintf("node %d's extra loss set to %.0f %%", node, v*100)
	case "fanout":
		return fmt.Sprintf("%s set to %.0f", FanoutName(p), v)
	case "period_ms":
		return "period X set to " + Ms(v)
	case "t_suspect_ms":
		return "T suspect set to " + Ms(v)
	case "t_remove_ms":
		return "T remove set to " + Ms(v)
	case "latency_min_ms":
		return "latency min set to " + Ms(v)
	case "latency_max_ms":
		return "latency max set to " + Ms(v)
	case "pitfall_no_tombstone", "pitfall_no_generation":
		return PitfallNote(strings.TrimPrefix(param, "pitfall_"), v == 1, 0)
	}
	if p := core.ParamByName(param); p != nil { // the others by the parameter table's words
		return p.Symbol + " set to " + p.Text(v)
	}
	return fmt.Sprintf("%s set to %g", param, v)
}
