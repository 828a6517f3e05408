package session

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gossiplab/core"
)

// Settings a learner changes while the run goes on (the sliders), and those that wait for the
// next run. Each change is written in the event log, saying why when one setting moved another.

// SetNextN, SetNextK and SetNextTSuspicion set N, SWIM's K and its suspicion timeout for the
// next run (a running simulation cannot change them). They report whether the value differs
// from the run shown's, i.e. whether it waits for a Reset (the log says so).
func (s *Session) SetNextN(n int) bool {
	s.next.N = n
	if n == s.sim.NumNodes() {
		return false
	}
	s.log.AddNote(s.sim.Now(), fmt.Sprintf("N set to %d from the next reset", n))
	return true
}

func (s *Session) SetNextK(k int) bool {
	s.next.K = k
	if k == s.Config().Swim.K {
		return false
	}
	s.log.AddNote(s.sim.Now(), fmt.Sprintf("K set to %d from the next reset", k))
	return true
}

func (s *Session) SetNextTSuspicion(t core.Time) bool {
	s.next.TSuspicion = t
	if t == s.Config().Swim.SuspicionTimeout {
		return false
	}
	s.log.AddNote(s.sim.Now(), "T suspicion set to "+Ms(float64(t))+" from the next reset")
	return true
}

// SetLoss, SetLatency, SetFanout, SetPeriod, SetTSuspect and SetTRemove change the running
// simulation (and its twin): several parameters that move together go in one command,
// validated at once. Setting the value a parameter has already does nothing.
func (s *Session) SetLoss(v float64) error {
	if v == s.Config().Loss {
		return nil
	}
	return s.setLogged(core.Command{Op: core.OpSet, Param: "loss", Value: v}, fmt.Sprintf("loss set to %.0f %%", v*100))
}

// SetLatency sets the one-way delay's range [lo, hi] ms (given in either order).
func (s *Session) SetLatency(a, b float64) error {
	lo, hi := math.Min(a, b), math.Max(a, b)
	c := s.Config()
	if lo == float64(c.LatencyMin) && hi == float64(c.LatencyMax) {
		return nil
	}
	return s.setLogged(core.Command{Op: core.OpSet, Param: "latency_min_ms", Value: lo, // both at once
		Also: []core.Setting{{Param: "latency_max_ms", Value: hi}}}, fmt.Sprintf("latency set to %.0f–%.0f ms", lo, hi))
}

func (s *Session) SetFanout(v float64) error {
	c := s.Config()
	if v == float64(c.Fanout) {
		return nil
	}
	return s.setLogged(core.Command{Op: core.OpSet, Param: "fanout", Value: v}, fmt.Sprintf("%s set to %.0f", FanoutName(c.Protocol), v))
}

// SetPeriod sets the protocol period X in ms. Under SWIM, where the ping timeout must fit in a
// period, a period at or below it becomes twice the ping timeout (and Say tells).
func (s *Session) SetPeriod(v float64) error {
	c := s.Config()
	if c.Protocol == core.ProtocolSwim && v <= float64(c.Swim.PingTimeout) {
		v = SnapSig(2*float64(c.Swim.PingTimeout), 2)
		s.obs.Say("Under SWIM the period must exceed the ping timeout (" + Ms(float64(c.Swim.PingTimeout)) + "): X = " + Ms(v))
	}
	if v == float64(c.Period) {
		return nil
	}
	return s.setLogged(core.Command{Op: core.OpSet, Param: "period_ms", Value: v}, "period X set to "+Ms(v))
}

// SetTSuspect and SetTRemove move T_suspect or T_remove to v ms. T_suspect < T_remove must
// hold: the other one makes room (T_remove = 2 × T_suspect, or T_suspect = T_remove / 2) and
// comes back to the value the learner had set when the room is no longer needed. The tombstone
// time follows T_remove (3 ×).
func (s *Session) SetTSuspect(v float64) error {
	if v == float64(s.Config().TSuspect) {
		return nil
	}
	return s.moveTimeout(true, v)
}

func (s *Session) SetTRemove(v float64) error {
	if v == float64(s.Config().TRemove) {
		return nil
	}
	return s.moveTimeout(false, v)
}

// setLogged applies cmd, writes note in the log and mirrors the parameters to the twin.
func (s *Session) setLogged(cmd core.Command, note string) error {
	err := s.exec(cmd)
	if err == nil {
		s.log.AddNote(s.source().Now(), note)
	}
	s.mirrorParams()
	s.configChanged()
	return err
}

func (s *Session) moveTimeout(suspect bool, v float64) error {
	c := s.sim.Config()
	ts, tr := float64(c.TSuspect), float64(c.TRemove)
	if s.userTS == 0 {
		s.userTS = ts
	}
	if s.userTR == 0 {
		s.userTR = tr
	}
	if suspect {
		s.userTS, ts, tr = v, v, s.userTR
		if tr <= ts {
			tr = SnapSig(2*ts, 2)
		}
	} else {
		s.userTR, tr, ts = v, v, s.userTS
		if ts >= tr {
			ts = SnapSig(tr/2, 2)
		}
	}
	err := s.setTimeouts(ts, tr, suspect)
	s.mirrorParams()
	s.configChanged()
	return err
}

// setTimeouts sets T_suspect, T_remove and the tombstone time (3 × T_remove, when T_remove
// changes) in one command, and logs each value that changed, saying why when the learner moved
// the other one.
func (s *Session) setTimeouts(ts, tr float64, suspectMoved bool) error {
	c := s.sim.Config()
	tomb := float64(c.TTombstone)
	if tr != float64(c.TRemove) {
		tomb = math.Min(3*tr, float64(core.MaxTimeout))
	}
	steps := []struct {
		param, name string
		old, v      float64
		moved       bool
	}{
		{"t_tombstone_ms", "T tombstone", float64(c.TTombstone), tomb, false},
		{"t_remove_ms", "T remove", float64(c.TRemove), tr, !suspectMoved},
		{"t_suspect_ms", "T suspect", float64(c.TSuspect), ts, suspectMoved},
	}
	if tr < float64(c.TRemove) { // the log tells a lowering from T_suspect down, a raise from the tombstone
		slices.Reverse(steps)
	}
	var set []core.Setting
	for _, st := range steps {
		if st.v != st.old {
			set = append(set, core.Setting{Param: st.param, Value: st.v})
		}
	}
	if len(set) == 0 {
		return nil
	}
	// One command: the three move together, validated as a whole (no order to keep them valid).
	if err := s.exec(core.Command{Op: core.OpSet, Param: set[0].Param, Value: set[0].Value, Also: set[1:]}); err != nil {
		return err
	}
	for _, st := range steps {
		if st.v != st.old {
			s.log.AddNote(s.source().Now(), timeoutNote(st.name, st.old, st.v, st.moved, st.param == "t_tombstone_ms"))
		}
	}
	return nil
}

// timeoutNote words one timeout's change for the event log.
func timeoutNote(name string, old, v float64, moved, tomb bool) string {
	switch {
	case moved:
		return name + " set to " + Ms(v)
	case tomb:
		return name + " set to " + Ms(v) + " (3 × T remove)"
	case name == "T remove" && v > old:
		return "T remove raised to " + Ms(v) + " to stay above T suspect"
	case name == "T remove":
		return "T remove back to " + Ms(v) + ", the value you had set"
	case v < old:
		return "T suspect lowered to " + Ms(v) + " to stay below T remove"
	}
	return "T suspect back to " + Ms(v) + ", the value you had set"
}

// SnapSig rounds v to d significant digits (a value a person would choose).
func SnapSig(v float64, d int) float64 {
	if v == 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(math.Abs(v)))-float64(d-1))
	return math.Round(v/p) * p
}

// Set changes live parameter name (core.Params: "loss", "swim_ping_timeout_ms", …) of the
// running simulation and its twin to v, checked with the rest of the config, and writes it in
// the log. Setting the value it has already does nothing.
func (s *Session) Set(name string, v float64) error {
	p := core.ParamByName(name)
	if p == nil || !p.Live {
		return fmt.Errorf("set: param must be one of %s; got %q", strings.Join(core.ParamNames(core.LiveParam), ", "), name)
	}
	if p.Get(s.Config()) == v {
		return nil
	}
	cmd := core.Command{Op: core.OpSet, Param: name, Value: v}
	return s.setLogged(cmd, SetNote(cmd, s.Protocol()))
}
