package view

import (
	"fmt"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"gossiplab/core"
)

// inputFrame is one frame of input, read from Ebiten by readInput or written by a test.
type inputFrame struct {
	x, y         float64
	down         bool // primary button (left mouse or a touch) held
	pressed      bool // went down this frame
	released     bool // went up this frame
	rightPressed bool
	shift        bool
	wheel        float64
	actions      []action
	touchActive  bool
	hasPointer   bool
}

// readInput fills g.in from Ebiten's input state. A single touch acts as the left button.
func (g *Game) readInput() {
	in := &g.in
	in.actions = in.actions[:0]
	in.pressed, in.released, in.rightPressed = false, false, false
	in.wheel = 0
	ctrl := ebiten.IsKeyPressed(ebiten.KeyControl) || ebiten.IsKeyPressed(ebiten.KeyMeta)
	in.shift = ebiten.IsKeyPressed(ebiten.KeyShift) || g.pageShift
	for a := actNone + 1; a < numActions; a++ { // the keys of the action table
		sp := &actions[a]
		if sp.ctrl != ctrl {
			continue
		}
		for _, k := range sp.keys {
			if inpututil.IsKeyJustPressed(k) && !(k == ebiten.KeyPeriod && in.shift) {
				in.actions = append(in.actions, a)
				break
			}
		}
	}
	if !ctrl { // '?' by the character typed, whatever the keyboard layout (Shift+/ on US keyboards)
		g.chars = ebiten.AppendInputChars(g.chars[:0])
		for _, c := range g.chars {
			if c == '?' {
				in.actions = append(in.actions, actHelp)
			}
		}
	}
	_, wy := ebiten.Wheel()
	in.wheel = wy

	g.touchIDs = ebiten.AppendTouchIDs(g.touchIDs[:0])
	if len(g.touchIDs) > 0 || in.touchActive {
		active := len(g.touchIDs) > 0
		if active {
			x, y := ebiten.TouchPosition(g.touchIDs[0])
			in.x, in.y = float64(x), float64(y)
		}
		in.touchActive, in.hasPointer = active, active
		in.pressed, in.released, in.rightPressed, in.down = g.touch.step(active, in.x, in.y, g.ticks,
			func(x, y float64) bool { return g.nodeAt(x, y) >= 0 }, 12*g.s)
		return
	}
	x, y := ebiten.CursorPosition()
	in.x, in.y = float64(x), float64(y)
	in.hasPointer = true
	in.pressed = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	in.released = inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft)
	in.down = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	in.rightPressed = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonRight)
}

// touchTracker turns one finger into the mouse's buttons. Away from the nodes a touch is the
// left button at once (sliders, buttons, a partition line). On a node it waits: lifted within
// holdTicks it is a click (crash or restart, start the rumor), held longer without moving it is
// a right-click (select the node, open its list), and moved away it becomes a drag.
type touchTracker struct {
	on, onNode, held bool
	start            int
	x0, y0           float64
}

// holdTicks is how long a touch on a node must stay to select it (half a second at 60 TPS).
const holdTicks = 30

// step takes the finger's state this frame and returns the buttons it stands for.
func (t *touchTracker) step(active bool, x, y float64, tick int, onNode func(x, y float64) bool, slop float64) (pressed, released, right, down bool) {
	switch {
	case active && !t.on: // the finger went down
		*t = touchTracker{on: true, start: tick, x0: x, y0: y, onNode: onNode(x, y)}
		return !t.onNode, false, false, !t.onNode
	case active && t.onNode && !t.held:
		if math.Hypot(x-t.x0, y-t.y0) > slop { // moved off: a drag from here on
			t.onNode = false
			return true, false, false, true
		}
		if tick-t.start >= holdTicks {
			t.held = true
			return false, false, true, false
		}
		return false, false, false, false
	case active:
		return false, false, false, !t.onNode && !t.held
	case t.on: // the finger lifted
		tap := t.onNode && !t.held
		*t = touchTracker{}
		return tap, true, false, false
	}
	return false, false, false, false
}

type hoverKind uint8

const (
	hoverNone hoverKind = iota
	hoverNode
	hoverPacket
	hoverWidget
	hoverChart // node is the chart's index
)

type hoverInfo struct {
	kind hoverKind
	node int
	msg  uint64
	w    *widget
}

type dragKind uint8

const (
	dragNone dragKind = iota
	dragSlider
	dragLine
)

type dragState struct {
	kind  dragKind
	id    control
	knob  int // which knob of a range slider
	v, v2 float64
	a, b  point
}

// handleInput turns the frame's input into intent: actions, clicks, drags and hover.
func (g *Game) handleInput() {
	in := &g.in
	g.mouse = point{in.x, in.y}
	for _, a := range in.actions {
		g.do(a)
	}
	if in.wheel != 0 {
		g.scroll(in.wheel)
	}
	if g.showHelp {
		if in.pressed || in.rightPressed {
			g.showHelp = false
			in.pressed = false
		}
		g.hover = hoverInfo{}
		return
	}
	if g.lec.menu {
		g.menuInput()
		return
	}
	switch g.drag.kind {
	case dragSlider:
		g.dragSliderTo(in.x)
		if in.released || !in.down {
			g.commitSlider(g.drag.id, g.drag.v, g.drag.v2)
			g.drag = dragState{}
		}
	case dragLine:
		g.drag.b = g.mouse
		if in.released || !in.down {
			g.finishLine()
			g.drag = dragState{}
		}
	}
	if in.pressed {
		g.press(in.x, in.y, in.shift)
	}
	if in.rightPressed {
		if i := g.nodeAt(in.x, in.y); i >= 0 {
			g.toggleSelect(i)
		} else if g.L.cluster.contains(in.x, in.y) {
			g.selected = -1
		}
	}
	g.updateHover()
}

// nodeAt returns the node under (x, y), or -1. Tiny nodes get a few pixels of slop.
func (g *Game) nodeAt(x, y float64) int {
	if !g.L.cluster.contains(x, y) {
		return -1
	}
	return hitNode(g.pos, g.nodeR, math.Max(2*g.s, 7*g.s-g.nodeR), x, y)
}

// press handles a primary click at (x, y).
func (g *Game) press(x, y float64, shift bool) {
	if g.bannerClose().contains(x, y) && len(g.banner.errs) > 0 && !g.banner.off {
		g.banner.off = true
		g.sync()
		return
	}
	if w := g.widgetAt(x, y); w != nil {
		if !w.id.isSlider() {
			g.do(controlAction[w.id])
			return
		}
		if w.track.w <= 0 || g.refused(g.controlOff(w.id)) {
			return
		}
		v, v2 := g.sliderValue(w.id)
		g.drag = dragState{kind: dragSlider, id: w.id, v: v, v2: v2}
		if w.id == ctlLatency { // grab the nearer knob
			t := (x - w.track.x) / w.track.w
			if math.Abs(t-g.sliderNorm(w.id, v2)) < math.Abs(t-g.sliderNorm(w.id, v)) ||
				(v == v2 && t > g.sliderNorm(w.id, v)) {
				g.drag.knob = 1
			}
		}
		g.dragSliderTo(x)
		return
	}
	if g.L.left.w > 0 && g.L.left.contains(x, y) {
		g.pressLeftPanel(x, y)
		return
	}
	if !g.L.cluster.contains(x, y) {
		return
	}
	if i := g.nodeAtRight(x, y); i >= 0 && !shift { // the split view's right cluster: the same node
		g.crashOrRestart(i)
		return
	}
	if i := g.nodeAt(x, y); i >= 0 {
		switch {
		case shift:
			g.toggleSelect(i)
		case g.rumor() && g.cur.Snap.Nodes[i].Status == core.StatusUp && !g.cur.Snap.Nodes[i].Informed:
			g.Inject(i) // under the rumor protocol a click on an uninformed node starts the rumor there
		default:
			g.crashOrRestart(i)
		}
		return
	}
	if fi := g.flightAt(x, y, 9*g.s); fi >= 0 {
		f := g.cur.Snap.InFlight[fi]
		look := g.lookFlight(&f)
		if g.Apply(core.Command{Op: core.OpDrop, Msg: f.ID}) == nil {
			g.addBurst(look.p, core.DropUser)
			g.run.Log().AddNote(g.cur.Source.Now(), fmt.Sprintf("you drop msg %d (node %d → node %d)", f.ID, f.From, f.To))
		}
		return
	}
	if g.inRightHalf(x, y) { // a partition is drawn across the left cluster (it applies to both)
		return
	}
	g.drag = dragState{kind: dragLine, a: g.mouse, b: g.mouse}
}

// crashOrRestart is a click on a node: an up node crashes, a crashed or departed one restarts.
func (g *Game) crashOrRestart(i int) {
	if i < 0 || i >= len(g.cur.Snap.Nodes) || g.refused(g.actionOff(actCrash)) {
		return
	}
	op := core.OpCrash
	if g.cur.Snap.Nodes[i].Status != core.StatusUp {
		op = core.OpRestart
	}
	g.Apply(core.Command{Op: op, Node: core.NodeID(i)})
}

func (g *Game) toggleSelect(i int) {
	if g.selected == i {
		g.selected = -1
	} else {
		g.selected = i
		g.tableTop = 0
	}
	g.sync()
}

// finishLine ends a drag on the canvas: a long enough line partitions the cluster along it, a
// short one is a click on empty space (which closes the table).
func (g *Game) finishLine() {
	a, b := g.drag.a, g.drag.b
	if math.Hypot(b.x-a.x, b.y-a.y) < 24*g.s {
		if g.selected >= 0 {
			g.selected = -1
			g.sync()
		}
		return
	}
	g.partitionAlong(a, b)
}

// PartitionAlong partitions the network along the line through (ax, ay) and (bx, by), in the
// coordinates of State (outside pixels): the nodes on each side form a group, as when the
// line is dragged.
func (g *Game) PartitionAlong(ax, ay, bx, by float64) error {
	return g.partitionAlong(point{ax * g.dsf, ay * g.dsf}, point{bx * g.dsf, by * g.dsf})
}

// partitionAlong does it in screen pixels.
func (g *Game) partitionAlong(a, b point) error {
	groups := splitByLine(g.pos, a, b)
	if groups == nil {
		err := fmt.Errorf("partition: the line must cut the cluster in two")
		g.flash("To partition, drag a line that cuts the cluster in two")
		return err
	}
	if err := g.Apply(core.Command{Op: core.OpPartition, Groups: groups}); err != nil {
		return err
	}
	d := g.L.disc
	g.wall = [2]point{{(a.x - d.cx) / d.r, (a.y - d.cy) / d.r}, {(b.x - d.cx) / d.r, (b.y - d.cy) / d.r}}
	g.hasWall = true
	g.run.Log().AddNote(g.cur.Source.Now(), fmt.Sprintf("you cut the network: %d | %d nodes (H heals)", len(groups[0]), len(groups[1])))
	return nil
}

// PartitionAcross partitions along a line through the centre of the cluster at deg degrees
// (0 = horizontal, counter-clockwise).
func (g *Game) PartitionAcross(deg float64) error {
	d := g.L.disc
	a := deg * math.Pi / 180
	dx, dy := math.Cos(a)*d.r, -math.Sin(a)*d.r
	return g.partitionAlong(point{d.cx - dx, d.cy - dy}, point{d.cx + dx, d.cy + dy})
}

func (g *Game) dragSliderTo(x float64) {
	w := g.widgetByID(g.drag.id)
	if w == nil || w.track.w <= 0 {
		return
	}
	v := g.sliderDenorm(w.id, (x-w.track.x)/w.track.w)
	if w.id == ctlLatency && g.drag.knob == 1 {
		g.drag.v2 = v
	} else {
		g.drag.v = v
	}
	if w.id == ctlSpeed { // speed follows the knob at once
		g.run.SetSpeed(v)
	}
}

// The actions' own steps (the action table's run functions).

func (g *Game) playPause() {
	if g.run.Paused() {
		g.Play()
	} else {
		g.Pause()
	}
}

func (g *Game) addNode(say bool) error {
	err := g.Apply(core.Command{Op: core.OpAdd})
	switch {
	case err == nil && say && g.run.Feed() != nil: // a real process starts; it shows in a later frame
		g.flash(fmt.Sprintf("node %d starts as a new process: it joins through node 0", g.cur.Source.NumNodes()))
	case err == nil && say:
		g.flash(fmt.Sprintf("node %d joins: it knows only the seed, node 0", g.cur.Source.NumNodes()-1))
	}
	return err
}

// leave makes node N leave gracefully, or the selected node without N.
func (g *Game) leave(a args) error {
	n, err := g.nodeArg(a, 0, g.selected)
	if err != nil {
		return err
	}
	if n < 0 {
		err := fmt.Errorf("Select a node first (right-click or Shift+click it, or hold it on a touch screen), then Leave")
		g.flash(err.Error())
		return err
	}
	return g.Apply(core.Command{Op: core.OpLeave, Node: core.NodeID(n)})
}

func (g *Game) heal() error {
	if !g.cur.Snap.Partitioned {
		err := fmt.Errorf("Nothing to heal: drag a line across the cluster to partition it")
		g.flash(err.Error())
		return err
	}
	return g.Apply(core.Command{Op: core.OpHeal})
}

// escape closes the topmost thing open: the help, the scene menu, a drag, the selection, the
// matrix.
func (g *Game) escape() {
	switch {
	case g.showHelp:
		g.showHelp = false
	case g.lec.menu:
		g.ShowSceneMenu(false)
	case g.drag.kind != dragNone:
		g.drag = dragState{}
	case g.selected >= 0:
		g.Select(-1)
	case g.showMatrix:
		g.ShowMatrix(false)
	}
}

func (g *Game) crashSelected() error {
	if g.selected < 0 {
		err := fmt.Errorf("Select a node first (right-click or Shift+click it, or hold it on a touch screen)")
		g.flash(err.Error())
		return err
	}
	g.crashOrRestart(g.selected)
	return nil
}

// applyToNode applies a core command to node N (argument 0).
func (g *Game) applyToNode(op core.Op, a args) error {
	n, err := g.nodeArg(a, 0, -1)
	if err != nil {
		return err
	}
	return g.Apply(core.Command{Op: op, Node: core.NodeID(n)})
}

func (g *Game) toggleProtocol() {
	if g.swim() {
		g.SetProtocol(string(core.ProtocolHeartbeat))
	} else {
		g.SetProtocol(string(core.ProtocolSwim))
	}
}

// chooseProtocol is a segment of the protocol switch: the run starts again unless p runs.
func (g *Game) chooseProtocol(p core.Protocol) {
	if g.cur.Config.Protocol != p {
		g.SetProtocol(string(p))
	}
}

// chooseMode is a segment of the rumor's mode switch (by its place in core.RumorModes).
func (g *Game) chooseMode(i int) {
	if m := core.RumorModes[i]; m != g.cur.Config.RumorMode {
		g.SetRumorMode(m)
	}
}

// inject starts the rumor at node N, or at node 0 without N.
func (g *Game) inject(a args) error {
	n, err := g.nodeArg(a, 0, 0)
	if err != nil {
		return err
	}
	if err := g.Inject(n); err != nil {
		return err
	}
	if a.input {
		g.flash(fmt.Sprintf("The rumor starts at node %d", n))
	}
	return nil
}

func (g *Game) toggleCompare() {
	if g.cmp != nil {
		g.SetCompare("")
	} else if g.SetCompare("heartbeat,swim") == nil {
		g.flash("Split view: heartbeat gossip (left) and SWIM (right), same seed — click a node to crash it in both")
	}
}

func (g *Game) badgeClicked() {
	if g.swim() || g.rumor() {
		g.flash("Pitfalls are heartbeat bugs: switch to Heartbeat (P) to turn them off")
		return
	}
	g.pitOpen = true
	g.sync()
	g.flash("Pitfalls are bugs on purpose: turn them off under \"Pitfalls\" on the right")
}

// togglePitfall switches the pitfall of toggle id (named by its control, "pitfall_<name>") the
// other way.
func (g *Game) togglePitfall(id control) error {
	return g.SetPitfall(strings.TrimPrefix(controlNames[id], "pitfall_"), !g.pitfallOn(id))
}

// setUIScale changes the user's UI scale factor (Ctrl+= / Ctrl+-).
func (g *Game) setUIScale(x float64) {
	g.uiScale = math.Max(MinUIScale, math.Min(MaxUIScale, x))
	g.sync()
}

// scroll moves the membership table or the event log under the pointer.
func (g *Game) scroll(dy float64) {
	step := int(math.Round(-dy * 3))
	if step == 0 {
		step = -int(math.Copysign(1, dy))
	}
	switch {
	case g.selected >= 0 && g.left.table.r.contains(g.mouse.x, g.mouse.y):
		g.tableTop = max(0, min(g.tableTop+step, len(g.table)-1))
	case g.gfx.side.log.contains(g.mouse.x, g.mouse.y):
		g.logBack = max(0, min(g.logBack-step, g.run.Log().Len()-1))
	}
}

// pressLeftPanel handles a click on the left panel: a close box, a row of the list (which
// selects that member) or a cell of the matrix (which selects its observer, the row).
func (g *Game) pressLeftPanel(x, y float64) {
	L := &g.left
	switch {
	case L.table.r.w > 0 && L.table.close.contains(x, y):
		g.Select(-1)
	case L.mat.r.w > 0 && L.mat.close.contains(x, y):
		g.ShowMatrix(false)
	case L.table.rowAt(x, y, g.tableTop, len(g.table)) >= 0:
		g.Select(int(g.table[L.table.rowAt(x, y, g.tableTop, len(g.table))].Member))
	default:
		if o, _, ok := L.mat.cellAt(x, y); ok {
			g.Select(o)
		}
	}
}

func (g *Game) chartAt(x, y float64) int {
	for i, r := range g.gfx.side.charts {
		if r.h > 0 && r.contains(x, y) {
			return i
		}
	}
	return -1
}

// updateHover finds what the pointer is over, for the tooltip and the highlight.
func (g *Game) updateHover() {
	h := hoverInfo{}
	x, y := g.in.x, g.in.y
	switch {
	case !g.in.hasPointer || g.drag.kind != dragNone:
	case g.widgetAt(x, y) != nil:
		h = hoverInfo{kind: hoverWidget, w: g.widgetAt(x, y)}
	case g.chartAt(x, y) >= 0:
		h = hoverInfo{kind: hoverChart, node: g.chartAt(x, y)}
	case g.nodeAt(x, y) >= 0:
		h = hoverInfo{kind: hoverNode, node: g.nodeAt(x, y)}
	case g.L.cluster.contains(x, y):
		if fi := g.flightAt(x, y, 9*g.s); fi >= 0 {
			h = hoverInfo{kind: hoverPacket, msg: g.cur.Snap.InFlight[fi].ID}
		}
	}
	g.hover = h
}

// SetPageShift tells the game that Shift is held (or not) while the focus is elsewhere on the
// page, where the canvas does not see the key: a Shift+click on a node after a click on the
// lesson text then still selects it.
func (g *Game) SetPageShift(on bool) { g.pageShift = on }

// PressKey carries out what a key does when it was pressed elsewhere on the page (the lesson
// text, a button beside the canvas): the page forwards it, so the keys a lesson names work
// wherever the focus is. code is the KeyboardEvent.code ("KeyA", "Space", "ArrowLeft"), key
// the KeyboardEvent.key (for "?", whatever the keyboard layout). It reports whether the key
// does anything here.
func (g *Game) PressKey(code, key string) bool {
	if key == "?" {
		g.do(actHelp)
		return true
	}
	name := code
	if len(code) == 4 && code[:3] == "Key" {
		name = code[3:] // "KeyA" is ebiten.KeyA, named "A"
	}
	for a := actNone + 1; a < numActions; a++ {
		if actions[a].ctrl {
			continue
		}
		for _, k := range actions[a].keys {
			if k.String() == name {
				g.do(a)
				return true
			}
		}
	}
	return false
}
