package view

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gossiplab/core"
)

// Every slider's knob and value agree: a place on the track gives a value on the slider's step,
// and that value puts the knob back where it gives the same value again.
func TestSliderScalesRoundTrip(t *testing.T) {
	g := newTestGame(t, 16, 1280, 720)
	g.SetProtocol("swim") // every slider has a scale whether it shows or not
	for _, sp := range sliderSpecs {
		for _, place := range []float64{0, 0.13, 0.5, 0.77, 1} {
			v := g.sliderDenorm(sp.id, place)
			if again := g.sliderDenorm(sp.id, g.sliderNorm(sp.id, v)); again != v {
				t.Errorf("%s: place %g gives %g, its knob's place gives %g", sp.url, place, v, again)
			}
			if lo, hi := sp.lo(g), sp.hi(g); v < lo || v > hi {
				t.Errorf("%s: place %g gives %g, outside [%g, %g]", sp.url, place, v, lo, hi)
			}
		}
	}
	// Values that learners and lessons meet, as the sliders gave them before the table.
	for _, c := range []struct {
		id    control
		place float64
		want  float64
	}{{ctlLoss, 0.2 / MaxLoss, 0.2}, {ctlLatency, 0.17, 85}, {ctlN, 0.5, 32}, {ctlPeriod, 0.5, 710}, {ctlSpeed, 0.5, 1.4}} {
		if got := g.sliderDenorm(c.id, c.place); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s at %g: %g, want %g", controlNames[c.id], c.place, got, c.want)
		}
	}
}

// One table of the app's parameters: every slider sets a lockable one, every core parameter with
// a URL name is one, and a generic one is read by its core parameter's range.
func TestAppParamsAreOneTable(t *testing.T) {
	for _, sp := range sliderSpecs {
		if !slices.Contains(LockNames, sp.url) || controlNames[sp.id] != sp.url {
			t.Errorf("slider %s: not a lockable parameter (%v) or named %q in State.Controls", sp.url, LockNames, controlNames[sp.id])
		}
	}
	for _, p := range core.Params {
		if p.URL != "" && !slices.Contains(ParamNames, p.URL) {
			t.Errorf("core parameter %s has URL name %q, which the app does not read", p.Name, p.URL)
		}
	}
	for _, name := range ParamNames {
		if ParamHelp(name) == "" {
			t.Errorf("parameter %s has no help", name)
		}
	}
}

// A new parameter end to end (the SWIM ping timeout): read from the URL by its core range,
// refused with its name when it does not fit, shown as a slider under SWIM only, set through the
// session and logged.
func TestPingTimeoutEndToEnd(t *testing.T) {
	params := func(kv ...string) func(string) (string, bool) {
		return func(name string) (string, bool) {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == name {
					return kv[i+1], true
				}
			}
			return "", false
		}
	}
	if _, errs := ParseParams(params("tping", "2000")); len(errs) != 1 || !strings.Contains(errs[0], "under the period X = 1000 ms") {
		t.Errorf("tping=2000 under heartbeat (kept for a switch to SWIM): %v", errs)
	}
	opts, errs := ParseParams(params("protocol", "swim", "tping", "200"))
	if len(errs) != 0 || opts.Config.Swim.PingTimeout != 200 {
		t.Fatalf("tping=200: %v, ping timeout %v", errs, opts.Config.Swim.PingTimeout)
	}
	for _, c := range []struct{ v, want string }{{"0", "tping: must be an integer in [1,"}, {"2000", "period_ms=1000"}, {"x", "tping: must be"}} {
		opts, errs := ParseParams(params("protocol", "swim", "tping", c.v))
		if len(errs) != 1 || !strings.Contains(errs[0], c.want) || opts.Config.Swim.PingTimeout != core.DefaultConfig().Swim.PingTimeout {
			t.Errorf("tping=%s: %v (ping timeout %v), want one error with %q and the default", c.v, errs, opts.Config.Swim.PingTimeout, c.want)
		}
	}
	g := newTestGame(t, 16, 1280, 720)
	if g.State().Controls["tping"].W != 0 {
		t.Error("the ping timeout slider shows under heartbeat gossip")
	}
	g.SetProtocol("swim")
	if g.State().Controls["tping"].W <= 0 {
		t.Fatal("no ping timeout slider under SWIM")
	}
	g.commitSlider(ctlTPing, 450, 0)
	if got := g.Sim().Config().Swim.PingTimeout; got != 450 {
		t.Fatalf("the slider set the ping timeout to %v, want 450 ms", got)
	}
	if !strings.Contains(logText(g), "ping timeout set to 0.5 s") {
		t.Errorf("the log does not say it:\n%s", logText(g))
	}
	g.commitSlider(ctlTPing, 5000, 0) // not under the period: refused, said
	if got := g.Sim().Config().Swim.PingTimeout; got != 450 || !strings.Contains(g.toast.msg, "ping_timeout") {
		t.Errorf("a ping timeout over the period: %v, toast %q", got, g.toast.msg)
	}
	if top := g.sliderDenorm(ctlTPing, 1); top >= float64(g.cur.Config.Period) {
		t.Errorf("the slider's right end gives %g ms, not under the period %v", top, g.cur.Config.Period)
	}
	if math.IsNaN(g.sliderNorm(ctlTPing, 450)) {
		t.Error("no knob place for 450 ms")
	}
}
