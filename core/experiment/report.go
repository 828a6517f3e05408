package experiment

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gossiplab/core"
)

// Report is a sweep's result as every screen shows it — the CLI's text, CSV, JSON and plot, the
// app's Experiments tab and a lesson's "Run it" — so that each only renders it.
type Report struct {
	Sweep    Sweep
	Quantity *Quantity
	Title    string  // "<quantity> vs <symbol>"
	Fixed    string  // the parameters held fixed: "N=64, M=3, X=1s, …"
	Runs     string  // runs per value, seeds and window
	Points   []Point // per swept value, every metric's mean, sd and count
	// Fit is T = a + b·log2 N of the mean dissemination times, for a sweep over n; FitErr says
	// why there is none.
	Fit    Fit
	FitErr error
	// Curves are the lines drawn beside the measurements for this quantity: the fit and the
	// push-round model for dissemination over N, M / X for the load, M / X full lists for bytes.
	Curves  []Curve
	Command string // the gossiplab sweep line that repeats the sweep
}

// Curve is a line of a plot, sampled densely enough to draw on a linear or a log axis.
type Curve struct {
	Label string    `json:"label"`
	X     []float64 `json:"x"`
	Y     []float64 `json:"y"`
}

// NewReport builds the report of sweep sw's points pts, for quantity m.
func NewReport(sw Sweep, m *Quantity, pts []Point) Report {
	r := Report{Sweep: sw, Quantity: m, Points: pts, Fixed: FixedText(sw), Runs: RunsText(sw), Command: sw.Command(m.Name),
		Title: fmt.Sprintf("%s vs %s", m.Title, sw.Param.Symbol)}
	r.Fit, r.FitErr = dissemFit(sw, pts)
	r.Curves = curves(sw, m, r.Fit, r.FitErr)
	return r
}

// dissemFit fits T = a + b·log2 N to the mean dissemination times of a sweep over n.
func dissemFit(sw Sweep, pts []Point) (Fit, error) {
	if sw.Param.Name != "n" {
		return Fit{}, fmt.Errorf("only for --param n")
	}
	k := MetricIndex("dissemination_ms")
	var ns, ts []float64
	for _, p := range pts {
		ns, ts = append(ns, p.Value), append(ts, p.Stats[k].Mean)
	}
	return Log2Fit(ns, ts)
}

// curves are the fit and theory lines for quantity m: over N the dissemination fit and the
// synchronous push-round model (Pittel; Frieze–Grimmett for fanout M), (log_{M+1} N + ln N / M)
// rounds of X; the load M / X messages per node per second; the bytes M / X · (header + entry·N).
func curves(sw Sweep, m *Quantity, fit Fit, fitErr error) []Curve {
	xs := span(sw.Values, sw.Param.Name == "n")
	c := sw.Base
	var out []Curve
	atValues := false // the models of a parameter that takes whole values are drawn through them
	line := func(label string, f func(x float64) float64) {
		if atValues {
			xs = slices.Sorted(slices.Values(sw.Values))
		}
		cv := Curve{Label: label, X: xs, Y: make([]float64, len(xs))}
		for i, x := range xs {
			cv.Y[i] = f(x)
		}
		out = append(out, cv)
	}
	switch {
	case m.Name == "dissemination" && sw.Param.Name == "n":
		if fitErr == nil {
			line(fmt.Sprintf("fit T = a + b·log2 N: a = %.0f ms, b = %.0f ms, R² = %.3f", fit.A, fit.B, fit.R2),
				func(n float64) float64 { return fit.At(math.Log2(n)) })
		}
		mm := float64(c.Fanout)
		line("push-round model (log_{M+1} N + ln N / M)·X", func(n float64) float64 {
			return (math.Log(n)/math.Log(mm+1) + math.Log(n)/mm) * float64(c.Period)
		})
	case m.Name == "load":
		atValues = true
		line("model M / X", func(v float64) float64 {
			cfg := sw.Config(v, 0)
			return float64(cfg.Fanout) * 1000 / float64(cfg.Period)
		})
	case m.Name == "bytes":
		atValues = true
		line(fmt.Sprintf("model M / X · (%d + %d·N) B", c.HeaderBytes, c.EntryBytes), func(v float64) float64 {
			cfg := sw.Config(v, 0)
			return float64(cfg.Fanout) * 1000 / float64(cfg.Period) * float64(cfg.HeaderBytes+cfg.EntryBytes*cfg.N)
		})
	}
	return out
}

// span samples the swept range at 65 points, evenly on a log axis when logX.
func span(values []float64, logX bool) []float64 {
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = min(lo, v), max(hi, v)
	}
	out := make([]float64, 65)
	for i := range out {
		f := float64(i) / 64
		if logX && lo > 0 {
			out[i] = lo * math.Pow(hi/lo, f)
		} else {
			out[i] = lo + (hi-lo)*f
		}
	}
	return out
}

// FixedText describes the parameters a sweep holds fixed: "N=64, M=3, X=1s, T_suspect=6s,
// T_remove=12s, loss=0.01, latency 20-80 ms" (a swept T_suspect derives T_remove and
// T_tombstone unless they were given).
func FixedText(sw Sweep) string {
	c := sw.Base
	var parts []string
	add := func(param, text string) {
		if sw.Param.Name != param {
			parts = append(parts, text)
		}
	}
	add("n", fmt.Sprintf("N=%d", c.N))
	add("fanout", fmt.Sprintf("M=%d", c.Fanout))
	add("period", fmt.Sprintf("X=%s", dur(c.Period)))
	if sw.Param.Name == "t_suspect" {
		tr, tt := "2·T_suspect", "3·T_remove"
		if sw.KeepTRemove {
			tr = dur(c.TRemove)
		}
		if sw.KeepTTombstone {
			tt = dur(c.TTombstone)
		}
		parts = append(parts, "T_remove="+tr, "T_tombstone="+tt)
	} else {
		parts = append(parts, "T_suspect="+dur(c.TSuspect), "T_remove="+dur(c.TRemove))
	}
	add("loss", fmt.Sprintf("loss=%g", c.Loss))
	parts = append(parts, fmt.Sprintf("latency %d-%d ms", c.LatencyMin, c.LatencyMax))
	return strings.Join(parts, ", ")
}

// RunsText words a sweep's runs: "3 runs per value (seeds 1-3), 2m0s window".
func RunsText(sw Sweep) string {
	seeds := fmt.Sprintf("seed %d", sw.Base.Seed)
	if sw.Runs > 1 {
		seeds = fmt.Sprintf("seeds %d-%d", sw.Base.Seed, sw.Base.Seed+uint64(sw.Runs-1))
	}
	runs := "runs"
	if sw.Runs == 1 {
		runs = "run"
	}
	return fmt.Sprintf("%d %s per value (%s), %s window", sw.Runs, runs, seeds, dur(sw.Options.Window))
}

// dur writes a virtual duration as Go does: "1s", "1m30s", "250ms".
func dur(t core.Time) string {
	if t == 0 {
		return "0s"
	}
	neg := ""
	if t < 0 {
		neg, t = "-", -t
	}
	if t < core.Second {
		return fmt.Sprintf("%s%dms", neg, int64(t))
	}
	h, m := int64(t)/3600000, int64(t)/60000%60
	sec := strconv.FormatFloat(float64(int64(t)%60000)/1000, 'f', -1, 64) + "s"
	switch {
	case h > 0:
		return fmt.Sprintf("%s%dh%dm%s", neg, h, m, sec)
	case m > 0:
		return fmt.Sprintf("%s%dm%s", neg, m, sec)
	}
	return neg + sec
}

// Command is the `gossiplab sweep` line that measures the same, plotting measure y: every
// cluster flag is given but the swept one, so that the CLI's preset cannot differ from the base.
func (sw Sweep) Command(y string) string {
	c := sw.Base
	vals := make([]string, len(sw.Values))
	for i, v := range sw.Values {
		vals[i] = num(v)
	}
	args := []string{"gossiplab", "sweep", "--param", sw.Param.Name, "--values", strings.Join(vals, ","),
		"--runs", strconv.Itoa(sw.Runs), "--seed", strconv.FormatUint(c.Seed, 10), "--y", y}
	ms := func(t core.Time) string { return strconv.FormatInt(int64(t), 10) + "ms" }
	if sw.Param.Name != "n" {
		args = append(args, "--n", strconv.Itoa(c.N))
	}
	if sw.Param.Name != "fanout" {
		args = append(args, "--fanout", strconv.Itoa(c.Fanout))
	}
	args = append(args, "--period", ms(c.Period), "--loss", num(c.Loss))
	if sw.Param.Name != "t_suspect" { // a swept T_suspect derives T_remove and T_tombstone, as there
		args = append(args, "--t-suspect", ms(c.TSuspect), "--t-remove", ms(c.TRemove), "--t-tombstone", ms(c.TTombstone))
	}
	args = append(args, "--latency", fmt.Sprintf("%d-%d", c.LatencyMin, c.LatencyMax))
	return strings.Join(args, " ")
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
