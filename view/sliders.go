package view

import (
	"fmt"
	"math"

	"gossiplab/core"
)

// The slider table: each slider once — the parameter it sets (its URL name, which names it in
// State.Controls and ?lock=), its label and tooltip, its scale and step, when it shows, how its
// value reads and what setting it does. A live core parameter's slider reads and sets the
// parameter through core.Params and the session (liveSlider); the others say what they do.

// sliderSpec is one row of the slider table.
type sliderSpec struct {
	id         control
	url        string // its URL parameter (appParams)
	label, tip string
	// The track runs from lo to hi, on a log scale when log; a value lands on a multiple of
	// step, or (step 0) on two significant digits.
	log    bool
	lo, hi func(g *Game) float64
	step   float64
	shown  func(g *Game) bool                  // nil: always
	value  func(g *Game) (v, v2 float64)       // v2 for a range's second knob
	text   func(g *Game, v, v2 float64) string // the value shown right of the track
	commit func(g *Game, v, v2 float64) error
}

func constant(v float64) func(*Game) float64 { return func(*Game) float64 { return v } }

// heartbeatOnly, membership and swimOnly are when protocol-specific sliders show.
func heartbeatOnly(g *Game) bool { return !g.swim() && !g.rumor() }
func membership(g *Game) bool    { return !g.swim() }
func swimOnly(g *Game) bool      { return g.swim() }

// liveSlider is the slider of a live core parameter (core.Params name): its value is the run's,
// a new one goes to the session, which checks it with the rest and logs it.
func liveSlider(id control, url, name, label, tip string, log bool, lo, hi func(*Game) float64, step float64) sliderSpec {
	p := core.ParamByName(name)
	return sliderSpec{id: id, url: url, label: label, tip: tip, log: log, lo: lo, hi: hi, step: step,
		value:  func(g *Game) (float64, float64) { return p.Get(&g.cur.Config), 0 },
		text:   func(_ *Game, v, _ float64) string { return unitText(p.Unit, v) },
		commit: func(g *Game, v, _ float64) error { return g.run.Set(name, v) }}
}

// unitText writes a slider's value in its unit: ms as "250 ms" or "1.5 s", a probability in
// percent, a count as it is.
func unitText(u core.Unit, v float64) string {
	switch u {
	case core.UnitMs:
		return fmtMs(v)
	case core.UnitProb:
		return fmt.Sprintf("%.0f %%", v*100)
	}
	return fmt.Sprintf("%.0f", v)
}

// when is sp shown only when shown says so.
func (sp sliderSpec) when(shown func(g *Game) bool) sliderSpec { sp.shown = shown; return sp }

// sliderSpecs are the side panel's sliders, in order (the speed slider, in the top bar, last).
var sliderSpecs = []sliderSpec{
	{id: ctlLoss, url: "loss", label: "Loss", tip: "Probability that any one message is lost", lo: constant(0), hi: constant(MaxLoss), step: 0.01,
		value:  func(g *Game) (float64, float64) { return g.cur.Config.Loss, 0 },
		text:   func(_ *Game, v, _ float64) string { return fmt.Sprintf("%.0f %%", v*100) },
		commit: func(g *Game, v, _ float64) error { return g.run.SetLoss(v) }},
	{id: ctlLatency, url: "latency", label: "Latency", tip: "One-way delay, drawn uniformly between the two knobs", lo: constant(0), hi: constant(latencyMaxSlider), step: 5,
		value: func(g *Game) (float64, float64) {
			return float64(g.cur.Config.LatencyMin), float64(g.cur.Config.LatencyMax)
		},
		text:   func(_ *Game, v, v2 float64) string { return fmt.Sprintf("%.0f–%.0f ms", v, v2) },
		commit: func(g *Game, v, v2 float64) error { return g.run.SetLatency(v, v2) }},
	{id: ctlFanout, url: "fanout", label: "Fanout M", tip: "Peers each node gossips its list to, every period", shown: membership,
		lo: constant(1), hi: (*Game).fanoutMax, step: 1,
		value:  func(g *Game) (float64, float64) { return float64(g.cur.Config.Fanout), 0 },
		text:   func(_ *Game, v, _ float64) string { return fmt.Sprintf("%.0f", v) },
		commit: func(g *Game, v, _ float64) error { return g.run.SetFanout(v) }},
	{id: ctlPeriod, url: "period", label: "Period X", tip: "Every X each node bumps its heartbeat and gossips", log: true, lo: constant(periodLo), hi: constant(periodHi),
		value:  func(g *Game) (float64, float64) { return float64(g.cur.Config.Period), 0 },
		text:   msText,
		commit: func(g *Game, v, _ float64) error { return g.run.SetPeriod(v) }},
	{id: ctlTSuspect, url: "tsuspect", label: "T suspect", tip: "No heartbeat increase for this long: suspect", shown: heartbeatOnly,
		log: true, lo: constant(tsLo), hi: constant(tsHi),
		value:  func(g *Game) (float64, float64) { return float64(g.cur.Config.TSuspect), 0 },
		text:   msText,
		commit: func(g *Game, v, _ float64) error { return g.run.SetTSuspect(v) }},
	{id: ctlTRemove, url: "tremove", label: "T remove", tip: "No heartbeat increase for this long: remove (keep a tombstone)", shown: heartbeatOnly,
		log: true, lo: constant(trLo), hi: constant(trHi),
		value:  func(g *Game) (float64, float64) { return float64(g.cur.Config.TRemove), 0 },
		text:   msText,
		commit: func(g *Game, v, _ float64) error { return g.run.SetTRemove(v) }},
	{id: ctlN, url: "n", label: "Nodes N", tip: "Cluster size; takes effect on Reset", log: true, lo: constant(MinNodes), hi: constant(MaxNodes), step: 1,
		value: func(g *Game) (float64, float64) {
			if g.run.Feed() != nil { // a real cluster's size, not the simulator's next run's
				return float64(g.cur.Source.NumNodes()), 0
			}
			return float64(g.run.Next().N), 0
		},
		text: func(g *Game, v, _ float64) string {
			return nextText(fmt.Sprintf("%.0f", v), int(v) != g.cur.Source.NumNodes())
		},
		commit: func(g *Game, v, _ float64) error {
			if g.run.SetNextN(int(v)) {
				g.flashUntilReset(fmt.Sprintf("N = %d from the next Reset (press R)", int(v)))
			}
			return nil
		}},
	{id: ctlK, url: "k", label: "K helpers", shown: swimOnly, lo: constant(0), hi: (*Game).kMax, step: 1,
		tip:   "SWIM: when the direct ping gets no ack in time, ask K others to ping\nthe target (ping-req) and forward its ack; takes effect on Reset",
		value: func(g *Game) (float64, float64) { return float64(g.run.Next().K), 0 },
		text: func(g *Game, v, _ float64) string {
			return nextText(fmt.Sprintf("%.0f", v), int(v) != g.cur.Config.Swim.K)
		},
		commit: func(g *Game, v, _ float64) error {
			if g.run.SetNextK(int(v)) {
				g.flashUntilReset(fmt.Sprintf("K = %d helpers from the next Reset (press R)", int(v)))
			}
			return nil
		}},
	{id: ctlTSuspicion, url: "tsuspicion", label: "T suspicion", shown: swimOnly, log: true, lo: constant(tsLo), hi: constant(tsHi),
		tip:   "SWIM: a suspect that does not refute within this time is confirmed dead;\ntakes effect on Reset",
		value: func(g *Game) (float64, float64) { return float64(g.run.Next().TSuspicion), 0 },
		text: func(g *Game, v, _ float64) string {
			return nextText(fmtMs(v), core.Time(v) != g.cur.Config.Swim.SuspicionTimeout)
		},
		commit: func(g *Game, v, _ float64) error {
			if g.run.SetNextTSuspicion(core.Time(v)) {
				g.flashUntilReset("T suspicion = " + fmtMs(v) + " from the next Reset (press R)")
			}
			return nil
		}},
	liveSlider(ctlTPing, "tping", "swim_ping_timeout_ms", "Ping timeout",
		"SWIM: how long a prober waits for the direct ack before asking K others\n(ping-req); it must stay under the period X",
		true, constant(10), func(g *Game) float64 { return float64(g.cur.Config.Period - 1) }, 0).when(swimOnly),
	speedSlider,
}

// speedSlider is the top bar's: virtual seconds per real second, on a log scale.
var speedSlider = sliderSpec{id: ctlSpeed, url: "speed", label: "Speed", tip: "Virtual seconds per real second (log scale, 0.1× to 20×)",
	log: true, lo: constant(MinSpeed), hi: constant(MaxSpeed),
	value:  func(g *Game) (float64, float64) { return g.run.Speed(), 0 },
	text:   func(_ *Game, v, _ float64) string { return fmt.Sprintf("Speed %s×", trimFloat(v)) },
	commit: func(g *Game, v, _ float64) error { return g.run.SetSpeed(math.Max(MinSpeed, math.Min(MaxSpeed, v))) }}

func msText(_ *Game, v, _ float64) string { return fmtMs(v) }

// nextText marks a value that waits for the next Reset.
func nextText(s string, waits bool) string {
	if waits {
		return s + " (R)"
	}
	return s
}

// slider is the spec of slider id.
func slider(id control) *sliderSpec {
	for i := range sliderSpecs {
		if sliderSpecs[i].id == id {
			return &sliderSpecs[i]
		}
	}
	return nil
}

// sliderShown reports whether a slider belongs to the running protocol.
func (g *Game) sliderShown(id control) bool {
	sp := slider(id)
	return sp != nil && (sp.shown == nil || sp.shown(g))
}

// sliderValue is the slider's current value(s) in its own units.
func (g *Game) sliderValue(id control) (float64, float64) {
	if sp := slider(id); sp != nil {
		return sp.value(g)
	}
	return 0, 0
}

// sliderText is the value shown right of the slider.
func (g *Game) sliderText(id control, v, v2 float64) string {
	if sp := slider(id); sp != nil {
		return sp.text(g, v, v2)
	}
	return ""
}

// sliderNorm maps a value to its knob's place on the track, 0..1.
func (g *Game) sliderNorm(id control, v float64) float64 {
	sp := slider(id)
	if sp == nil {
		return 0
	}
	lo, hi := sp.lo(g), sp.hi(g)
	t := (v - lo) / (hi - lo)
	if sp.log {
		t = logUnscale(v, lo, hi)
	}
	return math.Max(0, math.Min(1, t))
}

// sliderDenorm maps a knob place back to a value, snapped to a step a person would choose.
func (g *Game) sliderDenorm(id control, t float64) float64 {
	sp := slider(id)
	if sp == nil {
		return 0
	}
	t = math.Max(0, math.Min(1, t))
	lo, hi := sp.lo(g), sp.hi(g)
	v := lo + t*(hi-lo)
	if sp.log {
		v = snapSig(logScale(t, lo, hi), 2)
	}
	if inv := math.Round(1 / sp.step); sp.step > 0 && inv > 1 { // a fraction: 0.01 → hundredths, exactly
		v = math.Round(v*inv) / inv
	} else if sp.step > 0 {
		v = math.Round(v/sp.step) * sp.step
	}
	return math.Max(lo, math.Min(hi, v)) // a rounded end stays on the track (a ping timeout under the period)
}

// commitSlider applies a slider's new value through its spec; an error shows as a toast.
func (g *Game) commitSlider(id control, v, v2 float64) {
	if sp := slider(id); sp != nil {
		if err := sp.commit(g, v, v2); err != nil {
			g.flash(err.Error())
		}
	}
}
