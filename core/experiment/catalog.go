package experiment

import (
	"fmt"
	"strings"
)

// The catalogue: what a sweep can plot (Quantities: the CLI's --y) and the prepared experiments
// of the app's Experiments tab and the lessons (Kinds). One list each, for every screen.

// Quantity is what a sweep plots on its y axis.
type Quantity struct {
	Name    string   // as --y: dissemination, load, bytes, false_positives, synced, detect
	Metrics []string // keys of Metrics, plotted together
	Title   string   // the plot's title
	YLabel  string   // the y axis label, with its unit
}

// Quantities lists what a sweep can plot, in the CLI's order.
var Quantities = []Quantity{
	{"dissemination", []string{"dissemination_ms"}, "Dissemination time of a heartbeat", "time until every node holds it (ms)"},
	{"load", []string{"msgs_per_node_per_s"}, "Message load", "messages sent per node (msgs/s)"},
	{"bytes", []string{"bytes_per_node_per_s"}, "Byte load", "bytes sent per node (B/s)"},
	{"false_positives", []string{"false_suspicions_per_node_per_s"}, "False suspicions without any crash", "false suspicions per node (1/s)"},
	{"synced", []string{"synced_fraction", "mean_convergence"}, "Synchronisation without any crash", "fraction"},
	{"detect", []string{"first_suspect_ms", "all_suspect_ms", "all_removed_ms"}, "Crash detection", "delay after the crash (ms)"},
}

// QuantityNames lists the names of Quantities.
func QuantityNames() []string {
	out := make([]string, len(Quantities))
	for i, m := range Quantities {
		out[i] = m.Name
	}
	return out
}

// QuantityByName returns the quantity called name, or an error listing the known ones.
func QuantityByName(name string) (*Quantity, error) {
	for i := range Quantities {
		if Quantities[i].Name == name {
			return &Quantities[i], nil
		}
	}
	return nil, fmt.Errorf("must be one of %s, got %q", strings.Join(QuantityNames(), ", "), name)
}

// Kind is a prepared experiment: a sweep of one parameter plotting one quantity, with default
// values and a word on the theory drawn beside it.
type Kind struct {
	Name     string    `json:"kind"`
	Title    string    `json:"title"`
	Param    string    `json:"param"` // Param.Name, as --param
	Quantity string    `json:"y"`     // Quantity.Name, as --y
	XLabel   string    `json:"x_label"`
	YLabel   string    `json:"y_label"`
	Defaults []float64 `json:"values"`
	Theory   string    `json:"theory"` // what the theory curve is, or why there is none
	Short    string    `json:"short"`  // the same in a few words
}

// Kinds lists the prepared experiments.
var Kinds = []Kind{
	{"dissemination_vs_n", "Time for a heartbeat to reach everyone vs N", "n", "dissemination",
		"N (nodes)", "time to reach all (ms)", []float64{8, 16, 32, 64},
		"least-squares fit T = a + b·log2 N of the measured means; and for reference the synchronous push-round model, (log_{M+1} N + ln N / M)·X rounds of one period (Pittel; Frieze–Grimmett for fanout M), which the event-driven run beats because a node forwards news at its next tick, on average half a period later",
		"measured means with 95 % CI, their log2 N fit, and the push-round model for reference"},
	{"false_positives_vs_t_suspect", "False suspicions vs T_suspect", "t_suspect", "false_positives",
		"T_suspect (ms)", "false suspicions /node/s", []float64{1000, 2000, 3000, 4000, 6000},
		"no closed form for full-list heartbeat gossip (the README tabulates measurements only): measurement only. T_remove = 2·T_suspect and T_tombstone = 3·T_remove for each value, as in the CLI",
		"measured means with 95 % CI (the loss is in the caption); no closed-form curve"},
	{"load_vs_m", "Messages per node per second vs fanout M", "fanout", "load",
		"fanout M (peers per period)", "messages /node/s", []float64{1, 2, 3, 4, 5},
		"M / X: every period X each node sends its list to M peers",
		"measured means with 95 % CI on the line M / X"},
}

// KindNames lists the names of Kinds.
func KindNames() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = k.Name
	}
	return out
}

// KindByName returns the prepared experiment called name, or an error listing them.
func KindByName(name string) (*Kind, error) {
	for i := range Kinds {
		if Kinds[i].Name == name {
			return &Kinds[i], nil
		}
	}
	quoted := make([]string, len(Kinds))
	for i, k := range Kinds {
		quoted[i] = `"` + k.Name + `"`
	}
	return nil, fmt.Errorf("kind must be one of %s, got %q", strings.Join(quoted, ", "), name)
}

// Metric is the kind's first plotted metric: what its table shows.
func (k *Kind) Metric() string {
	q, _ := QuantityByName(k.Quantity)
	return q.Metrics[0]
}
