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
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/remote"
	"gossiplab/session"
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
	// SaveTrace hands a trace file to the platform (the browser downloads it, the desktop
	// writes it); nil where saving is not possible.
	SaveTrace func(name string, data []byte) error
}

// State is the app as published at the end of the last Update, for the JS API and tests.
type State struct {
	// The run: time, pause, speed, parameters, metrics, trace hash, timeline, lesson, caption,
	// scenario, split-view table and share link (session.State).
	session.State
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
	// Embed is the minimal iframe layout (?embed=1); Locked the controls locked by ?lock=.
	Embed  bool     `json:"embed"`
	Locked []string `json:"locked"`
	// Lecture is lecture mode's state; absent outside lecture mode.
	Lecture *LectureState `json:"lecture,omitempty"`
	// RumorKept are the rumor chart's kept curves: the last run of each other mode.
	RumorKept []KeptCurve `json:"rumor_kept"`
}

// The run's published types, from the session.
type (
	Caption       = session.Caption
	CompareRow    = session.CompareRow
	LessonState   = session.LessonState
	TimelineState = session.TimelineState
)

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
	// run is the run and everything around it that is not its picture; cur is the half of its
	// frame being refreshed or drawn (the left run, or in the split view for a moment the right).
	run   *session.Session
	cur   *session.Run
	epoch int // the frame's Epoch as last refreshed

	screenState // the layout
	openState   // what the learner has open
	inputState  // the pointer and the keys
	animState   // the animation and the charts
	partsState  // the panels laid out apart

	// Drawing buffers and text caches (see draw.go).
	gfx drawState

	// out is what crosses goroutines: the queued calls, the published State, the frame times.
	out publisher
}

// screenState is the layout: the window's size and scale, its regions, the nodes' places and
// the widgets, made again by relayout when what they depend on changes (never in Draw).
type screenState struct {
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
}

// openState is what the learner has open or chose to see: the selected node and its list (and
// how far it and the log are scrolled), the help and the matrix, the pitfall section, and the
// page's embedding and locks.
type openState struct {
	table      []core.Entry // the selected node's membership list
	selected   int
	tableTop   int // first row shown
	logBack    int // lines scrolled back from the newest
	showHelp   bool
	showMatrix bool
	pitOpen    bool // the pitfall toggles are shown (their section is open)
	embed      bool // the minimal iframe layout
	locked     []string
	link       *remote.Conn               // the live cluster's connection, nil when none is shown
	saveTrace  func(string, []byte) error // Options.SaveTrace
}

// inputState is the input: this frame's, a finger tracked as a mouse, what the pointer is
// over, a drag under way, and the partition line last drawn.
type inputState struct {
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
}

// animState is the picture's memory of the run shown: bursts where packets died, pulses where
// they left, the probes, the charts, the rumor's curve and the matrix, emptied when another
// run or moment is shown (restartPicture).
type animState struct {
	ticks     int
	bursts    []burst
	pulse     []int // tick of each node's last gossip round, for the heartbeat pulse
	burstNext int
	seen      [512]uint64 // ids of packets already shown dying
	seenNext  int
	lastTime  core.Time
	charts    chartSet
	lastSamp  core.Time
	mat       matrixState
	probes    probeTracker
	rum       rumorState
}

// partsState are the panels with a layout of their own.
type partsState struct {
	banner bannerState
	toast  toastState
	left   leftPanel     // the membership list and the matrix
	capt   captionState  // the caption (caption.go)
	lec    lectureState  // lecture mode (lecture.go)
	cmp    *compareState // the split view, nil when closed
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
	g := &Game{
		screenState: screenState{uiScale: opts.UIScale, hidpi: opts.HiDPI, dsf: 1, w: 1280, h: 720},
		openState: openState{selected: -1, embed: opts.Embed, locked: append([]string{}, opts.Locked...), saveTrace: opts.SaveTrace,
			pitOpen: opts.Config.Pitfalls != (core.Pitfalls{})},
		animState:  animState{charts: newChartSet(), bursts: make([]burst, maxBursts)},
		partsState: partsState{banner: bannerState{errs: append([]string(nil), opts.Errors...)}},
	}
	g.rum.reset()
	run, err := session.New(session.Options{Config: opts.Config, Speed: opts.Speed, Paused: opts.Paused, Compare: opts.Compare}, observer{g})
	if err != nil {
		return nil, err
	}
	g.run = run
	g.cur = &run.Frame().Runs[0]
	if len(opts.Lecture) > 0 {
		useTheme(presenterTheme)
	} else {
		useTheme(lightTheme)
	}
	if err := g.initGraphics(); err != nil {
		return nil, err
	}
	if err := g.initLecture(opts); err != nil {
		return nil, err
	}
	g.refresh()
	g.publish()
	return g, nil
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

// Select makes node id the selected one (its membership table opens), or none with -1.
func (g *Game) Select(id int) error {
	if id < -1 || id >= g.cur.Source.NumNodes() {
		return fmt.Errorf("select: node must be in [-1, %d], got %d", g.cur.Source.NumNodes()-1, id)
	}
	g.selected = id
	g.tableTop = 0
	g.sync()
	return nil
}

// ShowHelp and ShowMatrix open or close the help overlay and the truth-vs-belief matrix.
func (g *Game) ShowHelp(on bool)   { g.showHelp = on; g.sync() }
func (g *Game) ShowMatrix(on bool) { g.showMatrix = on; g.mat.builtAt = -1; g.sync() }

// Update is called 60 times a second by Ebiten.
func (g *Game) Update() error {
	t0 := time.Now()
	g.out.runQueued(g)
	g.readInput()
	g.handleInput()
	g.drainLink()
	tps := ebiten.TPS()
	if tps <= 0 {
		tps = 60
	}
	g.run.Advance(1000 / float64(tps)) // unless paused; playing from an earlier moment forks the run there
	g.ticks++
	g.out.frameStarted()
	g.sync()
	g.out.spent(&g.out.updNs, t0)
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

// refresh takes the session's frame, and updates the charts and animations from its events.
func (g *Game) refresh() {
	fr := g.run.Refresh(lesson.UI{ListOpen: g.selected >= 0})
	g.cur = &fr.Runs[0]
	g.fitCompare()
	if fr.Epoch != g.epoch { // another run or moment: the animations and charts start again
		g.epoch = fr.Epoch
		g.restartPicture()
	}
	for i := range g.cur.Events {
		e := &g.cur.Events[i]
		g.animate(e)
		if e.Kind == core.EvInformed && e.Peer == core.NoNode && g.rum.injectedAt < 0 {
			g.rum.injectedAt = e.Time
		}
	}
	if g.rumor() {
		g.rum.update(&g.cur.Snap, g.cur.Config.Seed)
	}
	g.charts.update(&g.cur.Snap.Metrics, g.cur.Snap.Time)
	if g.selected >= g.cur.Source.NumNodes() {
		g.selected = -1
	}
	if g.selected >= 0 {
		g.table = g.cur.Source.AppendView(core.NodeID(g.selected), g.table[:0])
	}
	g.relayout()
	g.fitTableTop()
	g.toastLayout()
	g.trackProbes()
	g.spawnFlightBursts()
	g.lastTime = g.cur.Snap.Time
	if g.showMatrix {
		g.mat.maybeBuild(g)
	}
	if g.cmp != nil {
		g.refreshCompare()
	}
	g.layoutTooltip()
	if g.showHelp {
		g.layoutHelp()
	}
}

// relayout recomputes the regions, widgets and node positions when something they depend on
// changed.
func (g *Game) relayout() {
	// Big windows (a projector, a full-screen lecture) get bigger type on their own.
	cssW, cssH := g.w/g.dsf, g.h/g.dsf
	g.s = g.uiScale * math.Max(1, math.Min(2.5, math.Min(cssW/1280, cssH/760))) * g.dsf
	if g.lecturing() {
		g.layoutMenu() // when the window, the scale or the scenes changed
	}
	leftOpen := g.selected >= 0 || g.showMatrix
	n := g.cur.Source.NumNodes()
	pf := &g.cur.Config.Pitfalls
	pitKey := b2f(pf.NoTombstone) + 2*b2f(pf.TimestampMerge) + 4*b2f(pf.NoGeneration) + 8*float64(pf.ClockSkew)
	key := [8]float64{g.w, g.h, g.s, b2f(g.selected >= 0), b2f(g.showMatrix), b2f(g.banner.off) + 2*float64(len(g.banner.errs)), b2f(g.swim()) + 2*b2f(g.rumor()) + 4*float64(modeIndex(g.cur.Config.RumorMode)) + 64*b2f(g.cmp != nil) + 128*float64(len(g.run.SourceKind())), pitKey + 1e9*b2f(g.pitOpen)}
	if key == g.laidFor && n == g.laidN && g.capt.laid == g.run.Caption() {
		return
	}
	g.laidFor, g.laidN, g.capt.laid = key, n, g.run.Caption()
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
	if len(g.banner.errs) > 0 && !g.banner.off {
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
	g.layoutLeft()
	g.layoutLegend()
	g.layoutBanner()
	g.ctlVer++
}

// badgeText is the top bar's warning while pitfalls are on.
func (g *Game) badgeText() string {
	names, n := pitfallsOn(&g.cur.Config)
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
		txt += session.PitfallTitle(names[i], g.cur.Config.Pitfalls.ClockSkew)
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
