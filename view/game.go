// Package view is Gossip Lab's picture of the simulation: an Ebiten game, shared by the browser
// (wasm) and the desktop window, in which students watch heartbeat gossip spread (or SWIM probe,
// ping-req and piggyback), crash nodes with a click, cut the network with a drag, switch on
// classic bugs ("pitfalls") on purpose, and see the failure detector catch up.
//
// Update turns input into core commands, advances the simulation by speed × 1/60 s of virtual
// time, takes a snapshot (without views) into reused buffers and drains the events into the
// event log, the charts and the drop animations. Draw reads only that state. Everything that
// is not drawing — the geometry, hit tests, partition by a line, parameter parsing, the chart
// rings and the event log — is plain Go, tested without a display.
package view

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
	"gossiplab/lesson"
)

// Options are the starting settings of a Game.
type Options struct {
	Config  core.Config // starting parameters (already validated by the caller)
	Speed   float64     // virtual seconds per real second; 0 → DefaultSpeed
	Paused  bool
	UIScale float64  // 1 = normal; >1 for projectors
	Errors  []string // messages for the banner (bad parameters); the app still runs
	// HiDPI renders at the device's pixel density (crisp text on Retina screens): Layout then
	// returns the outside size times the device scale factor. State coordinates stay in outside
	// (CSS) pixels either way. Off by default: Layout returns the outside size unchanged.
	HiDPI bool
	// Compare opens the split view with two protocols, e.g. "heartbeat,swim" (see SetCompare).
	Compare string
	// Embed shows the minimal controls for an iframe on a course page (?embed=1): play/pause,
	// step, reset, the protocol switch and the speed; no side panel.
	Embed bool
	// Locked are controls the reader cannot change (LockNames): hidden, and their keys refused.
	Locked []string
	// Lecture turns on lecture mode (lecture.go) with these scenes: number keys and a menu load
	// them, captions show in large type, in the presenter theme; UIScale 0 means
	// DefaultLectureScale. LectureStart is the scene to start with (from 1), or 0 to open the
	// scene menu.
	Lecture      []LectureScene
	LectureStart int
}

// State is the app as published at the end of the last Update, for the JS API and tests.
type State struct {
	TimeMs   int64       `json:"time_ms"`
	Paused   bool        `json:"paused"`
	Speed    float64     `json:"speed"`
	Params   core.Config `json:"params"`
	Metrics  core.Sample `json:"metrics"`
	Totals   core.Totals `json:"totals"`
	Errors   []string    `json:"errors"`
	Nodes    []NodeState `json:"nodes"`
	InFlight int         `json:"in_flight"`
	Selected int         `json:"selected"` // -1 when none
	Frames   int         `json:"frames"`
	// Controls are the on-screen controls by name (the URL parameter a slider sets, or what a
	// button does: "play", "protocol_swim", "pitfall_no_tombstone", …) with their boxes in the
	// same outside pixels as Nodes, for tests and lesson pages that point at them.
	Controls map[string]Box `json:"controls"`
	// Badge is the warning shown in the top bar while a pitfall is on, or "".
	Badge string `json:"badge"`
	// Compare is the split view's table, one row per protocol (left, right); absent when the
	// split view is closed.
	Compare []CompareRow `json:"compare,omitempty"`
	// Embed is the minimal iframe layout (?embed=1); Locked the controls locked by ?lock=.
	Embed  bool     `json:"embed"`
	Locked []string `json:"locked"`
	// TraceHash fingerprints everything the run shown has done (equal runs, equal hashes);
	// State formats it from hash, so that publishing each frame allocates nothing.
	TraceHash string `json:"trace_hash"`
	hash      uint64
	// Timeline is the time-travel state; Lesson the running lesson's checks (absent without
	// one); Caption the title and caption over the cluster; Scenario the loaded scenario's name.
	Timeline TimelineState `json:"timeline"`
	Lesson   *LessonState  `json:"lesson,omitempty"`
	Caption  Caption       `json:"caption"`
	Scenario string        `json:"scenario"`
	// Lecture is lecture mode's state; absent outside lecture mode.
	Lecture *LectureState `json:"lecture,omitempty"`
	// RumorKept are the rumor chart's kept curves: the last run of each other mode.
	RumorKept []KeptCurve `json:"rumor_kept"`
	// ShareLink is the live run as a share link, as of its last timed command (made again only
	// when a command is added, so publishing allocates nothing in between): what a page saves
	// synchronously as it unloads. "" in the split view.
	ShareLink string `json:"share_link"`
}

// Box is a rectangle in outside pixels.
type Box struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// NodeState is one node as drawn: its centre and radius in layout pixels (the size Layout
// returns, which is the outside size: CSS pixels in the browser), its truth, and how many live
// nodes believe it alive, suspect it, or have removed it.
type NodeState struct {
	ID      int     `json:"id"`
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	R       float64 `json:"r"`
	Status  string  `json:"status"`
	Alive   int     `json:"alive"`
	Suspect int     `json:"suspect"`
	Removed int     `json:"removed"`
	// Informed: it knows the rumor (protocol rumor).
	Informed bool `json:"informed"`
}

// Game is the Ebiten game. Its methods other than Do, State and FrameStats must run on the
// game's goroutine: inside Update (through Do), or in tests that drive it directly.
type Game struct {
	sim   *core.Sim
	cfg   core.Config // parameters of the running sim, kept in step with the sliders
	seed  uint64
	nextN int // N for the next reset (the N slider)
	// SWIM's K and suspicion timeout for the next reset (their sliders): the core cannot change
	// them in a running simulation.
	nextK    int
	nextSusp core.Time
	// The T_suspect and T_remove the learner last set with their sliders (0: as configured),
	// which the other slider's room-making comes back to (moveTimeout).
	userTS, userTR float64
	speed          float64
	paused         bool
	acc            float64 // virtual ms owed to the sim, below one ms

	snap       core.Snapshot
	events     []core.Event
	table      []core.Entry // the selected node's membership list
	selected   int
	showHelp   bool
	showMatrix bool
	errs       []string // banner
	bannerOff  bool
	bannerWrap struct { // the banner's lines as last wrapped (bannerLines)
		w        float64
		n, title int
		lines    []string
	}

	// Layout.
	uiScale float64 // the user's factor (Options.UIScale, Ctrl+=/-)
	hidpi   bool
	dsf     float64 // screen pixels per outside pixel (1 unless HiDPI)
	s       float64 // effective scale: uiScale × a factor for big windows
	w, h    float64
	L       screenLayout
	pos     []point
	nodeR   float64
	laidN   int
	laidFor [8]float64
	widgets []widget
	toolH   float64
	ctlVer  int    // bumped when the widgets move, so publish rebuilds State.Controls
	badge   string // the pitfall warning in the top bar, "" when none
	pitOpen bool   // the pitfall toggles are shown (their section is open)
	embed   bool   // the minimal iframe layout
	locked  []string

	// Interaction.
	in        inputFrame
	touchIDs  []ebiten.TouchID
	touch     touchTracker
	pageShift bool // Shift held while the focus is elsewhere on the page (SetPageShift)
	chars     []rune
	mouse     point
	hover     hoverInfo
	drag      dragState
	wall      [2]point // the partition line, relative to the disc (centre 0,0, radius 1)
	hasWall   bool
	tableTop  int // first row shown
	logBack   int // lines scrolled back from the newest
	toast     string
	toastTill int
	toastNext bool // the toast is about the next Reset: a Reset clears it

	// Animation and charts.
	ticks     int
	bursts    []burst
	pulse     []int // tick of each node's last gossip round, for the heartbeat pulse
	burstNext int
	seen      [512]uint64 // ids of packets already shown dying
	seenNext  int
	lastTime  core.Time
	log       *eventLog
	charts    chartSet
	lastSamp  core.Time
	mat       matrixState
	probes    probeTracker
	rum       rumorState
	cmp       *compareState // the split view, nil when closed

	// Time travel, scenarios and lessons (timeline.go, scenario.go).
	tl           *core.Timeline      // records the live run; nil only if it could not start
	live         *core.Sim           // the live run while an earlier moment is shown, else nil
	script       []core.TimedCommand // the loaded scenario's commands (armed again by Reset)
	pending      []core.TimedCommand // the script's commands not yet reached
	caption      Caption
	scenarioName string
	lesson       *lesson.Lesson
	checker      *lesson.Checker
	capt         captionState // the caption as laid out (caption.go)
	lec          lectureState // lecture mode (lecture.go)

	// Drawing buffers and text caches (see draw.go).
	gfx drawState

	// Cross-goroutine.
	qmu    sync.Mutex
	queue  []func(*Game)
	spare  []func(*Game)
	pubMu  sync.Mutex
	pub    State
	pubCtl int // the ctlVer that pub.Controls shows
	// linkTL and linkCmds: the run and command count pub.ShareLink was made for.
	linkTL   *core.Timeline
	linkCmds int
	frames   int
	updNs    int64
	drawNs   int64
	statsMu  sync.Mutex
}

// NewGame builds the game and its simulation. The returned game already publishes a State.
func NewGame(opts Options) (*Game, error) {
	if opts.Speed == 0 {
		opts.Speed = DefaultSpeed
	}
	if !(opts.Speed >= MinSpeed && opts.Speed <= MaxSpeed) {
		return nil, fmt.Errorf("speed must be in [%g, %g], got %g", MinSpeed, MaxSpeed, opts.Speed)
	}
	if opts.UIScale == 0 {
		opts.UIScale = 1
		if len(opts.Lecture) > 0 {
			opts.UIScale = DefaultLectureScale
		}
	}
	if !(opts.UIScale >= MinUIScale && opts.UIScale <= MaxUIScale) {
		return nil, fmt.Errorf("ui scale must be in [%g, %g], got %g", MinUIScale, MaxUIScale, opts.UIScale)
	}
	sim, err := core.New(opts.Config)
	if err != nil {
		return nil, err
	}
	if len(opts.Lecture) > 0 {
		useTheme(presenterTheme)
	} else {
		useTheme(lightTheme)
	}
	g := &Game{
		sim:      sim,
		cfg:      sim.Config(),
		seed:     opts.Config.Seed,
		nextN:    opts.Config.N,
		nextK:    opts.Config.Swim.K,
		nextSusp: opts.Config.Swim.SuspicionTimeout,
		pitOpen:  opts.Config.Pitfalls != (core.Pitfalls{}),
		embed:    opts.Embed,
		locked:   append([]string{}, opts.Locked...),
		speed:    opts.Speed,
		paused:   opts.Paused,
		selected: -1,
		errs:     append([]string(nil), opts.Errors...),
		uiScale:  opts.UIScale,
		hidpi:    opts.HiDPI,
		dsf:      1,
		w:        1280,
		h:        720,
		log:      newEventLog(),
		charts:   newChartSet(),
		bursts:   make([]burst, maxBursts),
	}
	g.log.window = max(3*core.Second, 2*g.cfg.Period)
	g.startTimeline()
	g.rum.reset()
	if err := g.initGraphics(); err != nil {
		return nil, err
	}
	if opts.Compare != "" {
		protos, ok := parseCompare(opts.Compare)
		if !ok {
			return nil, fmt.Errorf("compare must be two of heartbeat, swim separated by a comma, got %q", opts.Compare)
		}
		g.cmp = &compareState{protos: protos}
		g.cfg.Protocol = protos[0]
		if err := g.Reset(); err != nil {
			return nil, err
		}
	}
	if err := g.initLecture(opts); err != nil {
		return nil, err
	}
	g.refresh()
	g.publish()
	return g, nil
}

// Do queues fn to run on the game's goroutine at the start of the next Update. It is safe from
// any goroutine (JS callbacks).
func (g *Game) Do(fn func(*Game)) {
	g.qmu.Lock()
	g.queue = append(g.queue, fn)
	g.qmu.Unlock()
}

// Apply carries out a core command now and returns the core's error, which is also shown on
// screen for a few seconds. The published State follows at once.
func (g *Game) Apply(cmd core.Command) error {
	err := g.exec(cmd)
	if err == nil {
		g.mirror(cmd)
	}
	if err != nil {
		g.flash(err.Error())
	} else if cmd.Op == core.OpSet {
		g.cfg = g.sim.Config()
		g.log.window = max(3*core.Second, 2*g.cfg.Period)
		g.log.addNote(g.sim.Now(), setNote(cmd, g.cfg.Protocol))
	}
	if cmd.Op == core.OpHeal || (cmd.Op == core.OpPartition && err == nil) {
		g.hasWall = false // PartitionAlong draws its line again after this
	}
	g.sync()
	return err
}

// Pause stops virtual time; Play starts it again.
func (g *Game) Pause() { g.paused = true; g.sync() }
func (g *Game) Play()  { g.paused = false; g.sync() }

// StepPeriod pauses and advances virtual time by one protocol period X.
func (g *Game) StepPeriod() {
	g.paused = true
	g.AdvanceNow(g.cfg.Period)
}

// AdvanceNow advances virtual time by ms at once (for tests and the step button).
func (g *Game) AdvanceNow(ms core.Time) {
	if ms > 0 {
		g.ContinueHere()
		g.advanceLive(ms)
	}
	g.sync()
}

// SetSpeed sets how many virtual seconds pass per real second, in [MinSpeed, MaxSpeed].
func (g *Game) SetSpeed(x float64) error {
	if !(x >= MinSpeed && x <= MaxSpeed) {
		err := fmt.Errorf("speed must be in [%g, %g], got %g", MinSpeed, MaxSpeed, x)
		g.flash(err.Error())
		return err
	}
	g.speed = x
	g.sync()
	return nil
}

// Reset starts a new simulation with the current parameters and the N of the N slider.
func (g *Game) Reset() error {
	if g.rumor() { // the rumor chart keeps this run's curve for comparison with the next
		g.rum.keep(g.cfg.Period, g.snap.Metrics.Latest.Informed, len(g.snap.Nodes))
	}
	cfg := g.cfg
	cfg.N = g.nextN
	cfg.Fanout = min(cfg.Fanout, max(1, cfg.N-1))
	cfg.Seeds = seedsBelow(cfg.Seeds, cfg.N) // a smaller N may have dropped a seed
	cfg.Seed = g.seed
	cfg.Swim.K, cfg.Swim.SuspicionTimeout = g.nextK, g.nextSusp
	fitSwim(&cfg)
	sim, err := core.New(cfg)
	if err != nil {
		g.flash(err.Error())
		return err
	}
	g.sim = sim
	g.startTimeline()
	g.newLessonRun()
	if g.toastNext { // "N = 130 from the next Reset" is done
		g.toast, g.toastTill, g.toastNext = "", 0, false
	}
	g.cfg = g.sim.Config()
	g.nextK = g.cfg.Swim.K
	if g.cmp != nil {
		if err := g.resetCompare(); err != nil {
			g.cmp = nil
			g.flash(err.Error())
		}
	}
	g.selected = -1
	g.hasWall = false
	g.pending = append(g.pending[:0], g.script...) // starting again replays the scenario's script
	g.acc = 0
	g.snap.Time = 0
	g.lastTime = 0
	g.lastSamp = -1
	g.log.reset()
	g.charts.reset()
	for i := range g.pulse {
		g.pulse[i] = -1000
	}
	g.seen = [len(g.seen)]uint64{} // message ids start again at 1
	g.mat.builtAt = -1
	g.probes.reset()
	g.rum.reset()
	g.rum.fitKept(g.cfg.N, g.cfg.Fanout, g.cfg.Loss)
	for i := range g.bursts {
		g.bursts[i] = burst{}
	}
	g.log.addNote(0, fmt.Sprintf("reset: %d nodes, %s, seed %d", cfg.N, protocolTitle(cfg.Protocol), cfg.Seed))
	g.sync()
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

// SetProtocol switches to another membership protocol ("heartbeat" or "swim"): the run starts
// again with the same seed and parameters.
func (g *Game) SetProtocol(name string) error {
	p, ok := parseProtocol(name)
	if !ok {
		err := fmt.Errorf("protocol must be one of %s, got %q", protocolList(), name)
		g.flash(err.Error())
		return err
	}
	old := g.cfg.Protocol
	g.cfg.Protocol = p
	g.cmp = nil // a protocol chosen alone closes the split view
	if err := g.Reset(); err != nil {
		g.cfg.Protocol = old
		return err
	}
	return nil
}

// Protocol is the running protocol.
func (g *Game) Protocol() core.Protocol { return g.cfg.Protocol }

func (g *Game) swim() bool  { return g.cfg.Protocol == core.ProtocolSwim }
func (g *Game) rumor() bool { return g.cfg.Protocol == core.ProtocolRumor }

// SetRumorMode sets how the rumor spreads ("push", "pull" or "pushpull"): the run starts again
// with the same seed and parameters. Under another protocol it only prepares the mode.
func (g *Game) SetRumorMode(mode string) error {
	m, ok := parseRumorMode(mode)
	if !ok {
		err := fmt.Errorf("mode must be one of %s, got %q", strings.Join(core.RumorModes, ", "), mode)
		g.flash(err.Error())
		return err
	}
	old := g.cfg.RumorMode
	g.cfg.RumorMode = m
	if !g.rumor() {
		g.sync()
		return nil
	}
	if err := g.Reset(); err != nil {
		g.cfg.RumorMode = old
		return err
	}
	return nil
}

// Inject starts the rumor at node id (protocol rumor only).
func (g *Game) Inject(id int) error {
	if !g.rumor() {
		err := fmt.Errorf("a rumor needs the Rumor protocol (switch in the top bar)")
		g.flash(err.Error())
		return err
	}
	return g.Apply(core.Command{Op: core.OpInject, Node: core.NodeID(id)})
}

// protocolTitle is a protocol's name as the screen writes it.
func protocolTitle(p core.Protocol) string {
	switch p {
	case core.ProtocolSwim:
		return "SWIM"
	case core.ProtocolRumor:
		return "rumor spreading"
	}
	return "heartbeat gossip"
}

// SetPitfall switches one of the deliberate bugs (PitfallNames) on or off. no_tombstone and
// no_generation change the running simulation; timestamp_merge starts it again (same seed), with
// the clock skew given at the start or DefaultSkewMs.
func (g *Game) SetPitfall(name string, on bool) error {
	v := 0.0
	if on {
		v = 1
	}
	switch name {
	case "no_tombstone", "no_generation":
		if err := g.Apply(core.Command{Op: core.OpSet, Param: "pitfall_" + name, Value: v}); err != nil {
			return err
		}
	case "timestamp_merge":
		if g.cfg.Pitfalls.TimestampMerge == on {
			return nil
		}
		old := g.cfg.Pitfalls
		g.cfg.Pitfalls.TimestampMerge = on
		if on && g.cfg.Pitfalls.ClockSkew == 0 {
			g.cfg.Pitfalls.ClockSkew = DefaultSkewMs
		}
		if err := g.Reset(); err != nil {
			g.cfg.Pitfalls = old
			return err
		}
		g.log.addNote(0, pitfallNote("timestamp_merge", on, g.cfg.Pitfalls.ClockSkew))
	default:
		err := fmt.Errorf("pitfall must be one of %s, got %q", strings.Join(PitfallNames, ", "), name)
		g.flash(err.Error())
		return err
	}
	if on {
		g.pitOpen = true
		g.flash("Pitfall on: " + pitfallTitle(name, g.cfg.Pitfalls.ClockSkew) + " (a bug, on purpose)")
	}
	g.sync()
	return nil
}

// pitfallTitle and pitfallNote word a pitfall for the screen and the event log.
func pitfallTitle(name string, skew core.Time) string {
	switch name {
	case "no_tombstone":
		return "no tombstones"
	case "no_generation":
		return "restart without generation"
	case "timestamp_merge":
		return "wall-clock timestamps, skew ±" + fmtMs(float64(skew))
	}
	return name
}

func pitfallNote(name string, on bool, skew core.Time) string {
	if on {
		return "BUG ON: " + pitfallTitle(name, skew)
	}
	return "bug off: " + pitfallTitle(name, skew)
}

// pitfallsOn lists the pitfalls switched on in c, by name.
func pitfallsOn(c *core.Config) (names [3]string, n int) {
	if c.Pitfalls.NoTombstone {
		names[n], n = "no_tombstone", n+1
	}
	if c.Pitfalls.TimestampMerge {
		names[n], n = "timestamp_merge", n+1
	}
	if c.Pitfalls.NoGeneration {
		names[n], n = "no_generation", n+1
	}
	return names, n
}

// Sim returns the running simulation (for reading; change it through Apply).
func (g *Game) Sim() *core.Sim { return g.sim }

// Select makes node id the selected one (its membership table opens), or none with -1.
func (g *Game) Select(id int) error {
	if id < -1 || id >= g.sim.NumNodes() {
		return fmt.Errorf("select: node must be in [-1, %d], got %d", g.sim.NumNodes()-1, id)
	}
	g.selected = id
	g.tableTop = 0
	g.sync()
	return nil
}

// ShowHelp and ShowMatrix open or close the help overlay and the truth-vs-belief matrix.
func (g *Game) ShowHelp(on bool)   { g.showHelp = on }
func (g *Game) ShowMatrix(on bool) { g.showMatrix = on; g.mat.builtAt = -1; g.sync() }

// State returns a copy of the state published at the end of the last Update. It is safe from
// any goroutine.
func (g *Game) State() State {
	g.pubMu.Lock()
	defer g.pubMu.Unlock()
	st := g.pub
	st.Nodes = append([]NodeState(nil), g.pub.Nodes...)
	st.Errors = append([]string{}, g.pub.Errors...) // [] rather than null in JSON
	st.Params.Seeds = append([]core.NodeID(nil), g.pub.Params.Seeds...)
	st.Controls = maps.Clone(g.pub.Controls)
	st.Locked = append([]string{}, g.pub.Locked...)
	st.Lecture = copyLecture(g.pub.Lecture)
	st.TraceHash = fmt.Sprintf("%016x", g.pub.hash)
	st.Lesson = copyLesson(g.pub.Lesson)
	st.RumorKept = make([]KeptCurve, len(g.pub.RumorKept))
	for i, k := range g.pub.RumorKept {
		k.X, k.Y = slices.Clone(k.X), slices.Clone(k.Y)
		st.RumorKept[i] = k
	}
	if g.pub.Compare != nil {
		st.Compare = make([]CompareRow, len(g.pub.Compare))
		for i, r := range g.pub.Compare {
			r.Crashed = append([]int{}, r.Crashed...)
			st.Compare[i] = r
		}
	}
	return st
}

// FrameStats returns the number of frames (Updates) so far and the mean CPU milliseconds per
// frame spent in Update and in Draw. It is safe from any goroutine.
func (g *Game) FrameStats() (frames int, updateMs, drawMs float64) {
	g.statsMu.Lock()
	defer g.statsMu.Unlock()
	if g.frames == 0 {
		return 0, 0, 0
	}
	return g.frames, float64(g.updNs) / float64(g.frames) / 1e6, float64(g.drawNs) / float64(g.frames) / 1e6
}

// Update is called 60 times a second by Ebiten.
func (g *Game) Update() error {
	t0 := time.Now()
	g.qmu.Lock()
	g.queue, g.spare = g.spare[:0], g.queue
	g.qmu.Unlock()
	for i, fn := range g.spare {
		fn(g)
		g.spare[i] = nil
	}
	g.readInput()
	g.handleInput()
	if !g.paused {
		g.ContinueHere() // playing from an earlier moment forks the run there
		tps := ebiten.TPS()
		if tps <= 0 {
			tps = 60
		}
		g.acc += g.speed * 1000 / float64(tps)
		if dt := math.Floor(g.acc); dt >= 1 {
			g.acc -= dt
			g.advanceLive(core.Time(dt))
		}
	}
	g.ticks++
	g.statsMu.Lock()
	g.frames++
	g.statsMu.Unlock()
	g.sync()
	g.statsMu.Lock()
	g.updNs += time.Since(t0).Nanoseconds()
	g.statsMu.Unlock()
	return nil
}

// Layout keeps one screen pixel per outside pixel (a CSS pixel in the browser), or, with
// Options.HiDPI, one per device pixel; the UI scale is applied in the drawing.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	dsf := 1.0
	if g.hidpi {
		if m := ebiten.Monitor(); m != nil {
			if f := m.DeviceScaleFactor(); f >= 1 && f <= 8 {
				dsf = f
			}
		}
	}
	sw, sh := max(1, int(math.Round(float64(outsideWidth)*dsf))), max(1, int(math.Round(float64(outsideHeight)*dsf)))
	if float64(sw) != g.w || float64(sh) != g.h || dsf != g.dsf {
		g.w, g.h, g.dsf = float64(sw), float64(sh), dsf
		g.relayout()
		g.publish()
	}
	return sw, sh
}

// animate starts what an event shows on screen: a burst where a packet died, a pulse where
// one left.
func (g *Game) animate(e *core.Event) {
	switch e.Kind {
	case core.EvDropped:
		g.dropped(e)
	case core.EvSent:
		for int(e.Node) >= len(g.pulse) {
			g.pulse = append(g.pulse, -1000)
		}
		g.pulse[e.Node] = g.ticks
	}
}

// sync refreshes the view of the simulation and publishes the state.
func (g *Game) sync() {
	g.refresh()
	g.publish()
}

// refresh takes the snapshot, drains the events and updates the log, charts and animations.
func (g *Game) refresh() {
	g.sim.SnapshotInto(&g.snap, false)
	g.events = g.sim.AppendEvents(g.events[:0])
	for i := range g.events {
		e := &g.events[i]
		g.log.add(*e)
		g.animate(e)
		if e.Kind == core.EvInformed && e.Peer == core.NoNode && g.rum.injectedAt < 0 {
			g.rum.injectedAt = e.Time
		}
	}
	g.checkLesson()
	if g.rumor() {
		g.rum.update(&g.snap, g.seed)
	}
	g.charts.update(&g.snap.Metrics, g.snap.Time)
	if g.selected >= g.sim.NumNodes() {
		g.selected = -1
	}
	if g.selected >= 0 {
		g.table = g.sim.AppendView(core.NodeID(g.selected), g.table[:0])
	}
	g.relayout()
	g.trackProbes()
	g.spawnFlightBursts()
	g.lastTime = g.snap.Time
	if g.showMatrix {
		g.mat.maybeBuild(g)
	}
	if g.cmp != nil {
		g.refreshCompare()
	}
}

// relayout recomputes the regions, widgets and node positions when something they depend on
// changed.
func (g *Game) relayout() {
	// Big windows (a projector, a full-screen lecture) get bigger type on their own.
	cssW, cssH := g.w/g.dsf, g.h/g.dsf
	g.s = g.uiScale * math.Max(1, math.Min(2.5, math.Min(cssW/1280, cssH/760))) * g.dsf
	leftOpen := g.selected >= 0 || g.showMatrix
	n := g.sim.NumNodes()
	pf := &g.cfg.Pitfalls
	pitKey := b2f(pf.NoTombstone) + 2*b2f(pf.TimestampMerge) + 4*b2f(pf.NoGeneration) + 8*float64(pf.ClockSkew)
	key := [8]float64{g.w, g.h, g.s, b2f(g.selected >= 0), b2f(g.showMatrix), b2f(g.bannerOff) + 2*float64(len(g.errs)), b2f(g.swim()) + 2*b2f(g.rumor()) + 4*float64(modeIndex(g.cfg.RumorMode)) + 64*b2f(g.cmp != nil), pitKey + 1e9*b2f(g.pitOpen)}
	if key == g.laidFor && n == g.laidN && g.capt.laid == g.caption {
		return
	}
	g.laidFor, g.laidN, g.capt.laid = key, n, g.caption
	g.badge = g.badgeText()
	g.toolH = g.layoutToolbar()
	leftW := 0.0
	if leftOpen {
		leftW = 470 * g.s
		if g.selected >= 0 {
			leftW = math.Max(leftW, g.gfx.tableCols[5]+200*g.s)
		}
	}
	bannerH := 0.0
	if len(g.errs) > 0 && !g.bannerOff {
		bannerH = g.bannerHeight() + 12*g.s
	}
	g.L = layoutScreenSide(g.w, g.h, g.s, g.toolH, leftW, bannerH, g.legendHeight, g.sideShown(), g.sideNeed())
	if capH := g.layoutCaption(g.L.canvas.w); capH > 0 { // the caption's band above the cluster
		g.L = layoutScreenSide(g.w, g.h, g.s, g.toolH, leftW, bannerH+capH, g.legendHeight, g.sideShown(), g.sideNeed())
		g.capt.r = rect{g.L.canvas.x, math.Max(g.L.canvas.y, g.L.cluster.y-capH), g.L.canvas.w, capH}
	}
	if g.lecturing() {
		g.pos, g.nodeR, g.L.disc = layoutBigRing(g.pos, n, g.L.cluster, 10*g.s, 30*g.s, g.labelRoom(n))
	} else {
		g.pos, g.nodeR = layoutNodes(g.pos, n, g.L.disc, 30*g.s, g.labelRoom(n))
	}
	if g.cmp != nil {
		g.layoutCompare(n)
	}
	g.layoutSide()
	g.ctlVer++
}

// badgeText is the top bar's warning while pitfalls are on.
func (g *Game) badgeText() string {
	names, n := pitfallsOn(&g.cfg)
	if n == 0 {
		return ""
	}
	txt := "BUGS ON: "
	if n == 1 {
		txt = "BUG ON: "
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			txt += " · "
		}
		txt += pitfallTitle(names[i], g.cfg.Pitfalls.ClockSkew)
	}
	return txt
}

func (g *Game) labelRoom(n int) float64 {
	if n <= singleRingMax {
		return 16 * g.s
	}
	return 0
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// publishLink makes p.ShareLink again when the live run has a new command or is a new run.
func (g *Game) publishLink(p *State) {
	if g.live != nil || g.tl == nil || g.cmp != nil {
		if g.cmp != nil {
			p.ShareLink, g.linkTL = "", nil
		}
		return
	}
	if g.tl == g.linkTL && g.tl.Len() == g.linkCmds {
		return
	}
	g.linkTL, g.linkCmds = g.tl, g.tl.Len()
	p.ShareLink, _ = core.EncodeShare(g.tl.Share(g.sim.Now())) // "" if too long for a link
}

// publish copies the state for State(). It does not allocate once the buffers have grown.
func (g *Game) publish() {
	g.pubMu.Lock()
	defer g.pubMu.Unlock()
	p := &g.pub
	p.TimeMs = int64(g.snap.Time)
	p.Paused = g.paused
	p.Speed = g.speed
	seeds := p.Params.Seeds
	p.Params = g.snap.Config
	p.Params.Seeds = append(seeds[:0], g.snap.Config.Seeds...)
	p.Metrics = g.snap.Metrics.Latest
	p.Totals = g.snap.Metrics.Totals
	if len(p.Errors) != len(g.errs) {
		p.Errors = append(p.Errors[:0], g.errs...)
	}
	p.Nodes = p.Nodes[:0]
	for i := range g.snap.Nodes {
		nd := &g.snap.Nodes[i]
		ns := NodeState{ID: int(nd.ID), Status: nd.Status.String(), Alive: nd.Alive, Suspect: nd.Suspect, Removed: nd.Removed,
			Informed: nd.Informed}
		if i < len(g.pos) {
			ns.X, ns.Y, ns.R = g.pos[i].x/g.dsf, g.pos[i].y/g.dsf, g.nodeR/g.dsf
		}
		p.Nodes = append(p.Nodes, ns)
	}
	p.InFlight = len(g.snap.InFlight)
	p.Selected = g.selected
	p.Frames = g.frames
	p.Badge = g.badge
	p.Embed = g.embed
	p.hash = g.sim.TraceHash()
	p.Timeline = g.timelineState()
	p.Lesson = g.lessonState(p.Lesson)
	p.Caption = g.caption
	p.Scenario = g.scenarioName
	p.RumorKept = g.rum.appendKept(p.RumorKept[:0])
	g.publishLink(p)
	g.publishLecture(p)
	if p.Locked == nil {
		p.Locked = g.locked
	}
	if g.cmp != nil {
		for len(p.Compare) < 2 {
			p.Compare = append(p.Compare, CompareRow{})
		}
		p.Compare = p.Compare[:2]
		for i := range p.Compare {
			crashed := p.Compare[i].Crashed
			p.Compare[i] = g.cmp.rows[i]
			p.Compare[i].Crashed = append(crashed[:0], g.cmp.rows[i].Crashed...)
		}
	} else {
		p.Compare = nil
	}
	if p.Controls == nil || g.pubCtl != g.ctlVer { // only after a relayout: no per-frame garbage
		g.pubCtl = g.ctlVer
		p.Controls = make(map[string]Box, len(g.widgets))
		for i := range g.widgets {
			w := &g.widgets[i]
			if w.r.w > 0 && w.r.h > 0 {
				p.Controls[controlNames[w.id]] = Box{w.r.x / g.dsf, w.r.y / g.dsf, w.r.w / g.dsf, w.r.h / g.dsf}
			}
			if w.track.w > 0 { // a slider: where its values lie, for pages that point at one
				p.Controls[controlNames[w.id]+"_track"] = Box{w.track.x / g.dsf, w.track.y / g.dsf, w.track.w / g.dsf, w.track.h / g.dsf}
			}
		}
	}
}

// fanoutName is the fanout's symbol in a run of protocol p: b for the rumor, as its slider says.
func fanoutName(p core.Protocol) string {
	if p == core.ProtocolRumor {
		return "fanout b"
	}
	return "fanout M"
}

// setNote words a parameter change for the event log of a run of protocol p: each setting of
// the command, "; " between them.
func setNote(cmd core.Command, p core.Protocol) string {
	out := settingNote(cmd.Param, cmd.Value, cmd.Node, p)
	for _, a := range cmd.Also {
		out += "; " + settingNote(a.Param, a.Value, cmd.Node, p)
	}
	return out
}

func settingNote(param string, v float64, node core.NodeID, p core.Protocol) string {
	cmd := core.Command{Param: param, Value: v, Node: node}
	switch cmd.Param {
	case "loss":
		return fmt.Sprintf("loss set to %.0f %%", v*100)
	case "node_loss":
		return fmt.Sprintf("node %d's extra loss set to %.0f %%", cmd.Node, v*100)
	case "fanout":
		return fmt.Sprintf("%s set to %.0f", fanoutName(p), v)
	case "period_ms":
		return "period X set to " + fmtMs(v)
	case "t_suspect_ms":
		return "T suspect set to " + fmtMs(v)
	case "t_remove_ms":
		return "T remove set to " + fmtMs(v)
	case "latency_min_ms":
		return "latency min set to " + fmtMs(v)
	case "latency_max_ms":
		return "latency max set to " + fmtMs(v)
	case "pitfall_no_tombstone", "pitfall_no_generation":
		return pitfallNote(strings.TrimPrefix(cmd.Param, "pitfall_"), v == 1, 0)
	}
	return fmt.Sprintf("%s set to %g", cmd.Param, v)
}

// flash shows a message at the bottom of the canvas for a few seconds.
func (g *Game) flash(msg string) {
	g.toast = msg
	g.toastTill = g.ticks + 5*60
	g.toastNext = false
}

// flashUntilReset is flash for a change that applies from the next Reset: the Reset clears it.
func (g *Game) flashUntilReset(msg string) {
	g.flash(msg)
	g.toastNext = true
}
