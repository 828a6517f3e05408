package session

import (
	"fmt"
	"strings"

	"gossiplab/core"
)

// Starting runs: Reset and everything that starts the run again (a protocol, a rumor mode, the
// timestamp pitfall, the split view, a scenario). Each builds the whole config first and
// replaces the run only when core accepts it: a refused setting leaves the run as it was.

// Reset starts a new run with the current parameters and the next run's settings (Next).
func (s *Session) Reset() error { return s.restart(s.nextConfig(), s.twinProtocols()) }

// nextConfig is the shown run's config with the next run's settings in it.
func (s *Session) nextConfig() core.Config {
	cfg := s.sim.Config()
	cfg.N = s.next.N
	cfg.Seed = s.next.Seed
	cfg.Swim.K, cfg.Swim.SuspicionTimeout = s.next.K, s.next.TSuspicion
	cfg.RumorMode = s.next.RumorMode
	return cfg
}

func (s *Session) twinProtocols() *[2]core.Protocol {
	if s.twin == nil {
		return nil
	}
	p := s.twin.protos
	return &p
}

// restart replaces the run by a new one of cfg; with protos, the split view runs protos[0]
// beside protos[1]. A twin that cannot start closes the split view (and says why); a cfg core
// refuses changes nothing.
func (s *Session) restart(cfg core.Config, protos *[2]core.Protocol) error {
	if err := s.NotHere("starting a new run"); err != nil {
		return err
	}
	if protos != nil {
		cfg.Protocol = protos[0]
	}
	cfg.Fanout = min(cfg.Fanout, max(1, cfg.N-1))
	cfg.Seeds = seedsBelow(cfg.Seeds, cfg.N) // a smaller N may have dropped a seed
	FitSwim(&cfg)
	sim, err := core.New(cfg)
	if err != nil {
		return err
	}
	s.obs.RunEnding()
	s.sim = sim
	s.startTimeline()
	if s.checker != nil {
		s.checker.NewRun()
	}
	s.next = nextOf(s.sim.Config())
	s.twin = nil
	if protos != nil {
		if s.twin, err = newTwin(*protos, s.sim.Config()); err != nil {
			s.obs.Say(err.Error())
		}
	}
	s.configChanged()
	s.pending = append(s.pending[:0], s.script...) // starting again replays the scenario's script
	s.acc = 0
	s.log.Reset()
	s.frame.Runs[0].Snap.Time, s.frame.Runs[1].Snap.Time = 0, 0
	s.frame.Epoch++
	s.obs.RunShown(true)
	c := s.Config()
	s.log.AddNote(0, fmt.Sprintf("reset: %d nodes, %s, seed %d", c.N, ProtocolTitle(c.Protocol), c.Seed))
	return nil
}

// seedsBelow keeps the seed nodes that exist among n nodes, or node 0 when none does.
func seedsBelow(seeds []core.NodeID, n int) []core.NodeID {
	var kept []core.NodeID
	for _, s := range seeds {
		if int(s) < n {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		return []core.NodeID{0}
	}
	return kept
}

// SetProtocol switches to another membership protocol ("heartbeat", "swim" or "rumor"): the
// run starts again with the same seed and parameters, and the split view closes.
func (s *Session) SetProtocol(name string) error {
	p, ok := ParseProtocol(name)
	if !ok {
		return fmt.Errorf("protocol must be one of %s, got %q", ProtocolList(), name)
	}
	cfg := s.nextConfig()
	cfg.Protocol = p
	return s.restart(cfg, nil)
}

// Protocol is the shown run's protocol.
func (s *Session) Protocol() core.Protocol { return s.Config().Protocol }

// SetRumorMode sets how the rumor spreads ("push", "pull" or "pushpull"): a rumor run starts
// again with the same seed and parameters; under another protocol it only prepares the mode.
func (s *Session) SetRumorMode(mode string) error {
	m, ok := ParseRumorMode(mode)
	if !ok {
		return fmt.Errorf("mode must be one of %s, got %q", strings.Join(core.RumorModes, ", "), mode)
	}
	if s.Protocol() != core.ProtocolRumor {
		s.next.RumorMode = m
		return nil
	}
	cfg := s.nextConfig()
	cfg.RumorMode = m
	return s.restart(cfg, nil)
}

// SetCompare opens the split view with two protocols ("heartbeat,swim"), or closes it with "".
// Either way the run starts again with the same seed and parameters.
func (s *Session) SetCompare(spec string) error {
	if strings.TrimSpace(spec) == "" {
		return s.restart(s.nextConfig(), nil)
	}
	protos, ok := ParseCompare(spec)
	if !ok {
		return fmt.Errorf("compare must be two of heartbeat, swim separated by a comma (e.g. heartbeat,swim), got %q", spec)
	}
	return s.restart(s.nextConfig(), &protos)
}

// Comparing reports whether the split view is open.
func (s *Session) Comparing() bool { return s.twin != nil }

// Apply carries out a core command on the run shown (and its twin): while an earlier moment is
// shown, the run forks there first. A parameter change is written in the event log.
func (s *Session) Apply(cmd core.Command) error {
	if err := s.exec(cmd); err != nil {
		return err
	}
	s.mirror(cmd)
	s.configChanged()
	if cmd.Op == core.OpSet {
		s.log.AddNote(s.source().Now(), SetNote(cmd, s.Protocol()))
	}
	return nil
}

// Inject starts the rumor at node id (protocol rumor only).
func (s *Session) Inject(id int) error {
	if s.Protocol() != core.ProtocolRumor {
		return fmt.Errorf("a rumor needs the Rumor protocol (switch in the top bar)")
	}
	return s.Apply(core.Command{Op: core.OpInject, Node: core.NodeID(id)})
}

// SetPitfall switches one of the deliberate bugs (PitfallNames) on or off. no_tombstone and
// no_generation change the running simulation; timestamp_merge starts it again (same seed), with
// the clock skew given at the start or DefaultSkewMs.
func (s *Session) SetPitfall(name string, on bool) error {
	switch name {
	case "no_tombstone", "no_generation":
		v := 0.0
		if on {
			v = 1
		}
		return s.Apply(core.Command{Op: core.OpSet, Param: "pitfall_" + name, Value: v})
	case "timestamp_merge":
		if s.Config().Pitfalls.TimestampMerge == on {
			return nil
		}
		cfg := s.nextConfig()
		cfg.Pitfalls.TimestampMerge = on
		if on && cfg.Pitfalls.ClockSkew == 0 {
			cfg.Pitfalls.ClockSkew = DefaultSkewMs
		}
		if err := s.restart(cfg, s.twinProtocols()); err != nil {
			return err
		}
		s.log.AddNote(0, PitfallNote("timestamp_merge", on, cfg.Pitfalls.ClockSkew))
		return nil
	}
	return fmt.Errorf("pitfall must be one of %s, got %q", strings.Join(PitfallNames, ", "), name)
}
