package experiment

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gossiplab/core"
)

// Defaults of Options.
const (
	DefaultWindow = 60 * core.Second
	DefaultProbes = 8
)

// Options shape one measured run. A zero field takes its default.
type Options struct {
	// Warmup runs before anything is measured, so the start-up transient is not counted.
	// Default max(10·X, T_suspect).
	Warmup core.Time
	// Window is the measured stretch of virtual time without any crash: load, false
	// suspicions and convergence are taken over it, and the dissemination probes start in it.
	// Default DefaultWindow.
	Window core.Time
	// Probes is how many dissemination probes start in the window, evenly spaced (a probe that
	// would start while the previous one runs waits for it). Default DefaultProbes.
	Probes int
	// ProbeLimit bounds one probe; a heartbeat that has not reached everyone by then counts as
	// unreached. Default 60·X.
	ProbeLimit core.Time
	// DetectLimit bounds the detection phase after the crash. Default T_remove + 60·X.
	DetectLimit core.Time
	// Yield, if not nil, is called between chunks of one run: after each stretch of at most one
	// period X of virtual time, and every YieldEvents events while a dissemination probe is
	// followed event by event. It lets a caller spread a run over many frames (the browser app
	// blocks in it until the next frame). It must not touch the run: the results are the same
	// with or without it, bit for bit. Returning false cancels the run: Measure returns
	// ErrCanceled. It is not part of the result (Result.Options.Yield is nil).
	Yield func() bool `json:"-"`
}

// YieldEvents is how many events Measure steps between two calls of Options.Yield while it
// follows a probe event by event.
const YieldEvents = 500

// ErrCanceled is what Measure returns when Options.Yield returned false.
var ErrCanceled = errors.New("experiment canceled")

// pause calls the hook; it reports false when the run must stop.
func (o *Options) pause() bool { return o.Yield == nil || o.Yield() }

// runUntil advances sim to t. Without a hook it is one sim.RunUntil, as it always was; with one
// it runs at most one period at a time and calls the hook in between. The simulator's Advance
// only steps the events due by its end, so the split changes nothing in the run.
func runUntil(sim *core.Sim, t core.Time, opt *Options, period core.Time) error {
	if opt.Yield == nil {
		sim.RunUntil(t)
		return nil
	}
	for sim.Now() < t {
		sim.RunUntil(min(t, sim.Now()+period))
		if !opt.pause() {
			return ErrCanceled
		}
	}
	return nil
}

// WithDefaults returns o with its zero fields set for cfg.
func (o Options) WithDefaults(cfg core.Config) Options {
	if o.Warmup <= 0 {
		o.Warmup = max(10*cfg.Period, cfg.TSuspect)
	}
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.Probes <= 0 {
		o.Probes = DefaultProbes
	}
	if o.ProbeLimit <= 0 {
		o.ProbeLimit = 60 * cfg.Period
	}
	if o.DetectLimit <= 0 {
		o.DetectLimit = cfg.TRemove + 60*cfg.Period
	}
	return o
}

// Result is what one seeded run measured. Times are virtual milliseconds; a measurement that
// could not be taken (no probe finished, a detection stage not reached) is NaN.
type Result struct {
	// Index and Value say which value of the swept parameter, Run which repetition; Measure
	// leaves them zero and Sweep fills them in.
	Index int
	Value float64
	Run   int
	// Config is the run's configuration (its Seed included); Options the options used,
	// defaults filled in.
	Config  core.Config
	Options Options

	// DisseminationMs is the mean over the finished probes of the time one heartbeat of node 0
	// takes, from the tick that creates it, until every live node holds node 0 at that
	// heartbeat or newer. DisseminationPeriods is the same divided by the period X.
	DisseminationMs      float64
	DisseminationPeriods float64
	Probes               int // probes started
	ProbesUnreached      int // probes that hit ProbeLimit

	// Load over the window: messages and bytes sent per node per second.
	MsgsPerNodePerSec  float64
	BytesPerNodePerSec float64

	// FalseSuspicions counts suspicions of up nodes over the window (no node is down);
	// FalseSuspicionsPerNodePerSec divides it by N and the window in seconds.
	FalseSuspicions              uint64
	FalseSuspicionsPerNodePerSec float64
	// MeanConvergence is the time average of the convergence over the window, sampled every
	// SampleInterval; SyncedFraction the fraction of those samples at convergence 1 (every
	// live node holds every other alive, nobody suspected).
	MeanConvergence float64
	SyncedFraction  float64
	Samples         int

	// After the window, CrashedNode crashes. The delays run from the crash until the first
	// live node suspects it, no live node believes it alive, and every live node has removed it.
	CrashedNode     core.NodeID
	FirstSuspectMs  float64
	AllSuspectMs    float64
	AllRemovedMs    float64
	DetectUnreached int // how many of the three stages were not reached within DetectLimit
}

// CrashTarget is the node a run crashes: the highest id that is not a seed (N−1 by default).
func CrashTarget(cfg core.Config) core.NodeID {
	for id := core.NodeID(cfg.N - 1); id > 0; id-- {
		if !slices.Contains(cfg.Seeds, id) {
			return id
		}
	}
	return core.NodeID(cfg.N - 1)
}

// Measure runs cfg once: a warm-up, the measured window with dissemination probes, then a crash
// and its detection. It returns cfg's validation error, an error if N < 2, or ErrCanceled when
// opt.Yield cancelled it.
func Measure(cfg core.Config, opt Options) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	if cfg.N < 2 {
		return Result{}, fmt.Errorf("n must be at least 2 to crash a node and watch it, got %d", cfg.N)
	}
	opt = opt.WithDefaults(cfg)
	sim, err := core.New(cfg)
	if err != nil {
		return Result{}, err
	}
	sim.RecordEvents(false)
	r := Result{Config: cfg, Options: opt}
	r.Options.Yield = nil // the hook steers the run; it is not part of what was measured

	if !opt.pause() {
		return Result{}, ErrCanceled
	}
	if err := runUntil(sim, opt.Warmup, &opt, cfg.Period); err != nil {
		return Result{}, err
	}
	if err := measureWindow(sim, &r, &opt); err != nil {
		return Result{}, err
	}
	if err := measureDetection(sim, &r, &opt); err != nil {
		return Result{}, err
	}
	return r, nil
}

// measureWindow runs the crash-free window and fills in dissemination, load, false suspicions
// and convergence. hook carries Options.Yield (r.Options has none).
func measureWindow(sim *core.Sim, r *Result, hook *Options) error {
	cfg, opt := r.Config, r.Options
	t0 := sim.Now()
	end := t0 + opt.Window
	before := sim.Totals()
	var after core.Totals
	closed := false

	spacing := max(opt.Window/core.Time(opt.Probes), 1)
	nextProbe := t0
	nextSample := t0 + cfg.SampleInterval
	var pr *probe
	var dissemSum float64
	var done, synced int
	var convSum float64

	for {
		now := sim.Now()
		if !closed && now >= end {
			after = sim.Totals()
			closed = true
		}
		if now == nextSample && now <= end {
			c := sim.Current().Convergence
			convSum += c
			if c == 1 {
				synced++
			}
			r.Samples++
			nextSample += cfg.SampleInterval
		}
		if pr == nil && !closed && r.Probes < opt.Probes && now >= nextProbe {
			pr = startProbe(sim, now+opt.ProbeLimit)
			r.Probes++
			nextProbe = t0 + core.Time(r.Probes)*spacing
		}
		if closed && pr == nil {
			break
		}

		stop := core.Time(math.MaxInt64)
		if !closed {
			stop = end
			if nextSample <= end {
				stop = min(stop, nextSample)
			}
		}
		if pr == nil {
			if r.Probes < opt.Probes {
				stop = min(stop, nextProbe)
			}
			if err := runUntil(sim, stop, hook, cfg.Period); err != nil {
				return err
			}
			continue
		}
		stop = min(stop, pr.deadline)
		// Event by event while a probe runs, so its end is exact to the event.
		finished := false
		steps := 0
		for sim.NextEventTime() <= stop {
			sim.Step()
			if pr.check(sim) {
				finished = true
				break
			}
			if steps++; steps%YieldEvents == 0 && !hook.pause() {
				return ErrCanceled
			}
		}
		switch {
		case finished:
			dissemSum += float64(sim.Now() - pr.born)
			done++
			pr = nil
		default:
			if err := runUntil(sim, stop, hook, cfg.Period); err != nil {
				return err
			}
			if sim.Now() >= pr.deadline {
				r.ProbesUnreached++
				pr = nil
			}
		}
	}

	r.DisseminationMs, r.DisseminationPeriods = math.NaN(), math.NaN()
	if done > 0 {
		r.DisseminationMs = dissemSum / float64(done)
		r.DisseminationPeriods = r.DisseminationMs / float64(cfg.Period)
	}
	nodeSec := float64(cfg.N) * opt.Window.Seconds()
	r.MsgsPerNodePerSec = float64(after.MsgsSent-before.MsgsSent) / nodeSec
	r.BytesPerNodePerSec = float64(after.BytesSent-before.BytesSent) / nodeSec
	r.FalseSuspicions = after.FalseSuspicions - before.FalseSuspicions
	r.FalseSuspicionsPerNodePerSec = float64(r.FalseSuspicions) / nodeSec
	r.MeanConvergence, r.SyncedFraction = math.NaN(), math.NaN()
	if r.Samples > 0 {
		r.MeanConvergence = convSum / float64(r.Samples)
		r.SyncedFraction = float64(synced) / float64(r.Samples)
	}
	return nil
}

// probe follows one heartbeat of node 0 until every live node holds it.
type probe struct {
	target   uint32        // the heartbeat followed: node 0's next one after the probe starts
	gen      uint16        // node 0's generation
	born     core.Time     // when node 0 created target; -1 until then
	deadline core.Time     // give up then
	pending  []core.NodeID // live nodes that do not hold target yet
}

func startProbe(sim *core.Sim, deadline core.Time) *probe {
	self := sim.Belief(0, 0)
	pr := &probe{target: self.Heartbeat + 1, gen: self.Generation, born: -1, deadline: deadline}
	for id := 1; id < sim.NumNodes(); id++ {
		if sim.StatusOf(core.NodeID(id)) == core.StatusUp {
			pr.pending = append(pr.pending, core.NodeID(id))
		}
	}
	return pr
}

// check reports whether every live node holds the target heartbeat; O(nodes still pending).
func (pr *probe) check(sim *core.Sim) bool {
	if pr.born < 0 {
		if sim.Belief(0, 0).Heartbeat < pr.target {
			return false
		}
		pr.born = sim.Now()
	}
	keep := pr.pending[:0]
	for _, id := range pr.pending {
		if sim.StatusOf(id) != core.StatusUp {
			continue
		}
		b := sim.Belief(id, 0)
		if b.Generation > pr.gen || (b.Generation == pr.gen && b.Heartbeat >= pr.target) {
			continue
		}
		keep = append(keep, id)
	}
	pr.pending = keep
	return len(keep) == 0
}

// measureDetection crashes one node and follows its detection until every live node removed it.
// hook carries Options.Yield.
func measureDetection(sim *core.Sim, r *Result, hook *Options) error {
	cfg := r.Config
	r.CrashedNode = CrashTarget(cfg)
	r.FirstSuspectMs, r.AllSuspectMs, r.AllRemovedMs = math.NaN(), math.NaN(), math.NaN()
	if err := sim.Apply(core.Command{Op: core.OpCrash, Node: r.CrashedNode}); err != nil {
		r.DetectUnreached = 3 // cannot happen: the node is up and exists
		return nil
	}
	limit := sim.Now() + r.Options.DetectLimit
	var d core.Detection
	for {
		dets := sim.Detections()
		d = dets[len(dets)-1]
		if d.AllRemoved >= 0 || sim.Now() >= limit {
			break
		}
		sim.RunUntil(min(limit, sim.Now()+cfg.Period))
		if !hook.pause() {
			return ErrCanceled
		}
	}
	for _, st := range []struct {
		at  core.Time
		out *float64
	}{{d.FirstSuspect, &r.FirstSuspectMs}, {d.AllSuspect, &r.AllSuspectMs}, {d.AllRemoved, &r.AllRemovedMs}} {
		if st.at < 0 {
			r.DetectUnreached++
		} else {
			*st.out = float64(d.Delay(st.at))
		}
	}
	return nil
}
