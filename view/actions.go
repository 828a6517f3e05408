package view

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
)

// The action table: everything a learner, a page or a script can ask the app for, once. Each
// action has its name (the JS API's do(name, …), the desktop's -do steps, the name of its
// button in State.Controls), its keys and how the help writes them, its button's label and
// tooltip, the words of the help overlay, the locked controls that refuse it, the arguments it
// takes and what it does. The keys, the buttons, the help overlay, embed locks, the desktop's
// steps and the JS API all read this table; adding a button is one entry here and one control
// in widgets.go.

// action is an index into actions.
type action uint8

const (
	actNone action = iota
	actPlayPause
	actStep
	actReset
	actAdd
	actLeave
	actHeal
	actMatrix
	actHelp
	actEscape
	actFullscreen
	actScaleUp
	actScaleDown
	actScaleReset
	actSlower
	actFaster
	actCrashSelected
	actToggleProtocol
	actProtoHeartbeat
	actProtoSwim
	actBadge
	actPitHeader
	actPitNoTomb
	actPitNoGen
	actPitStamp
	actProtoRumor
	actModePush
	actModePull
	actModePushPull
	actInject
	actCompare
	// Lecture mode (lecture.go): scenes 1–10 (consecutive), next, previous, the scene menu.
	actScene1
	actScene2
	actScene3
	actScene4
	actScene5
	actScene6
	actScene7
	actScene8
	actScene9
	actScene10
	actSceneNext
	actScenePrev
	actSceneMenu
	actSidePanel
	// Time travel: back or forward 5 s of virtual time, back to the live run.
	actTimeBack
	actTimeForward
	actTimeLive
	// Actions with arguments, for the JS API and the desktop's steps (no key, no button).
	actPlay
	actPause
	actCrash
	actRestart
	actSelect
	actAdvance
	actCut
	actSet
	actSpeed
	actProtocol
	actMode
	actSplit
	actPitfall
	actScene
	// Sources other than the simulator (sources.go): save what is shown as a trace; close it.
	actSaveTrace
	actCloseSource
	numActions
)

// actionSpec is one row of the action table.
type actionSpec struct {
	name    string       // the API's and the steps' name; its button's in State.Controls
	keys    []ebiten.Key // its shortcuts (with Ctrl held for ctrl)
	ctrl    bool
	keyText string // the keys as the help and the tooltip write them
	label   string // its button's label ("" without a button)
	tip     string // its button's tooltip
	help    string // its line in the help overlay ("" to leave it out)
	lecture bool   // a lecture-mode key (the help's Lecture section)
	locks   []string
	// args are the arguments the steps and the API give, as the steps write them ("N", "NAME
	// on|off"; optional ones in brackets); a key or a button gives none, and an action on a
	// node then takes its default (the selected node, node 0).
	args  string
	needs string // what a call without them is told it needs ("" for "a number")
	run   func(g *Game, a args) error
}

// actions is the action table, indexed by action.
var actions [numActions]actionSpec

func init() {
	none := func(f func(g *Game)) func(g *Game, a args) error {
		return func(g *Game, _ args) error { f(g); return nil }
	}
	actions = [numActions]actionSpec{
		actPlayPause: {name: "play_pause", keys: keys(ebiten.KeySpace), keyText: "Space", label: "Pause",
			tip: "Play or pause virtual time", help: "play / pause", run: none((*Game).playPause)},
		actStep: {name: "step", keys: keys(ebiten.KeyPeriod), keyText: ".", label: "Step",
			tip: "Pause and advance one protocol period X", help: "step one period X", run: none((*Game).StepPeriod)},
		actReset: {name: "reset", keys: keys(ebiten.KeyR), keyText: "R", label: "Reset",
			tip: "Start again with the parameters on the right (N applies here)", help: "reset",
			run: func(g *Game, _ args) error { return g.Reset() }},
		actAdd: {name: "add", keys: keys(ebiten.KeyA), keyText: "A", label: "+ Node", locks: []string{"n"},
			tip: "Add a node: it knows only the seed (node 0) and joins by gossiping to it", help: "add a node (joins via the seed, node 0)",
			run: func(g *Game, a args) error { return g.addNode(a.input) }},
		actLeave: {name: "leave", keys: keys(ebiten.KeyL), keyText: "L", label: "Leave", args: "N",
			tip: "The selected node leaves gracefully: it gossips \"left\" and stops", help: "selected node leaves gracefully",
			run: (*Game).leave},
		actHeal: {name: "heal", keys: keys(ebiten.KeyH), keyText: "H", label: "Heal",
			tip: "Remove the partition (drag a line across the cluster to make one)", help: "heal the partition",
			run: func(g *Game, _ args) error { return g.heal() }},
		actMatrix: {name: "matrix", keys: keys(ebiten.KeyM), keyText: "M", label: "Matrix",
			tip: "Truth vs belief: what every node believes about every other", help: "truth-vs-belief matrix",
			args: "[on|off]", needs: "on or off", run: func(g *Game, a args) error { g.ShowMatrix(a.switchTo(g.showMatrix)); return nil }},
		actHelp: {name: "help", keys: keys(ebiten.KeyF1), keyText: "?", label: "Help", tip: "All the controls", help: "this help",
			args: "[on|off]", needs: "on or off", run: func(g *Game, a args) error { g.ShowHelp(a.switchTo(g.showHelp)); return nil }},
		actEscape:     {name: "escape", keys: keys(ebiten.KeyEscape), keyText: "Esc", help: "close", run: none((*Game).escape)},
		actFullscreen: {name: "fullscreen", keys: keys(ebiten.KeyF, ebiten.KeyF11), keyText: "F", help: "fullscreen", run: none(func(*Game) { ebiten.SetFullscreen(!ebiten.IsFullscreen()) })},
		actScaleUp: {name: "text_bigger", keys: keys(ebiten.KeyEqual, ebiten.KeyNumpadAdd), ctrl: true, keyText: "Ctrl+= / Ctrl+-", help: "bigger / smaller text",
			run: none(func(g *Game) { g.setUIScale(g.uiScale * 1.15) })},
		actScaleDown: {name: "text_smaller", keys: keys(ebiten.KeyMinus, ebiten.KeyNumpadSubtract), ctrl: true,
			run: none(func(g *Game) { g.setUIScale(g.uiScale / 1.15) })},
		actScaleReset: {name: "text_reset", keys: keys(ebiten.KeyDigit0), ctrl: true, run: none(func(g *Game) { g.setUIScale(1) })},
		actSlower: {name: "slower", keys: keys(ebiten.KeyBracketLeft), keyText: "[ ]", help: "slower / faster", locks: []string{"speed"},
			run: func(g *Game, _ args) error { return g.SetSpeed(math.Max(MinSpeed, snapSig(g.run.Speed()/1.5, 2))) }},
		actFaster: {name: "faster", keys: keys(ebiten.KeyBracketRight), locks: []string{"speed"},
			run: func(g *Game, _ args) error { return g.SetSpeed(math.Min(MaxSpeed, snapSig(g.run.Speed()*1.5, 2))) }},
		actCrashSelected: {name: "crash_selected", keys: keys(ebiten.KeyC), keyText: "C", help: "crash / restart selected",
			run: func(g *Game, _ args) error { return g.crashSelected() }},
		actToggleProtocol: {name: "next_protocol", keys: keys(ebiten.KeyP), keyText: "P", locks: []string{"protocol"},
			help: "switch protocol: heartbeat gossip ↔ SWIM (starts again)", run: none((*Game).toggleProtocol)},
		actProtoHeartbeat: {name: "protocol_heartbeat", label: "Heartbeat", locks: []string{"protocol"},
			tip: "Heartbeat gossip: every period each node bumps its heartbeat and gossips\nits whole list to M peers; silence for T suspect → suspect. Resets the run.",
			run: none(func(g *Game) { g.chooseProtocol(core.ProtocolHeartbeat) })},
		actProtoSwim: {name: "protocol_swim", label: "SWIM", locks: []string{"protocol"},
			tip: "SWIM: every period each node pings one member; no ack → ping-req through\nK others; still no ack → suspect; no refutation in T suspicion → dead. Resets the run.",
			run: none(func(g *Game) { g.chooseProtocol(core.ProtocolSwim) })},
		actProtoRumor: {name: "protocol_rumor", label: "Rumor", locks: []string{"protocol"},
			tip: "Rumor spreading: click a node (or press I) to start a rumor there and watch\nit spread by push, pull or push-pull to b peers a period. Resets the run.",
			run: none(func(g *Game) { g.chooseProtocol(core.ProtocolRumor) })},
		actBadge:     {name: "pitfall_badge", run: none((*Game).badgeClicked)},
		actPitHeader: {name: "pitfalls", locks: []string{"pitfalls"}, run: none(func(g *Game) { g.pitOpen = !g.pitOpen; g.sync() })},
		// The tips say what each bug does, not what follows from it: lessons 5 and 8 ask the
		// learner to predict that.
		actPitNoTomb: {name: "pitfall_no_tombstone", label: "No tombstones", locks: []string{"pitfalls"},
			tip: "Bug: forget a removed member at once instead of keeping a tombstone.\nCrash a node with it on and watch the event log.",
			run: func(g *Game, _ args) error { return g.togglePitfall(ctlPitNoTomb) }},
		actPitNoGen: {name: "pitfall_no_generation", label: "Restart without generation", locks: []string{"pitfalls"},
			tip: "Bug: a restarted node comes back with heartbeat 0 in the same generation.\nRestart a crashed node with it on and watch its ring.",
			run: func(g *Game, _ args) error { return g.togglePitfall(ctlPitNoGen) }},
		actPitStamp: {name: "pitfall_timestamp_merge", label: "Wall-clock timestamps", locks: []string{"pitfalls"},
			tip: "Bug: merge lists by wall-clock timestamps instead of heartbeat counters,\nwith every clock off by up to ±skew: live nodes whose clock lags are suspected,\ncrashed ones whose clock runs ahead look alive. Switching it resets the run.",
			run: func(g *Game, _ args) error { return g.togglePitfall(ctlPitStamp) }},
		actModePush: {name: "mode_push", label: "Push", locks: []string{"mode"},
			tip: "Push: every period each informed node sends the rumor to b random peers.\nStarts the run again (same seed).",
			run: none(func(g *Game) { g.chooseMode(0) })},
		actModePull: {name: "mode_pull", label: "Pull", locks: []string{"mode"},
			tip: "Pull: every period each uninformed node calls b random peers and an informed\ncallee answers with the rumor. Starts the run again (same seed).",
			run: none(func(g *Game) { g.chooseMode(1) })},
		actModePushPull: {name: "mode_pushpull", label: "Push-pull", locks: []string{"mode"},
			tip: "Push-pull: every node calls b random peers; the rumor crosses the call\nwhichever way it can. Starts the run again (same seed).",
			run: none(func(g *Game) { g.chooseMode(2) })},
		actInject: {name: "inject", keys: keys(ebiten.KeyI), keyText: "I", label: "Start rumor", args: "N",
			tip: "Start the rumor at node 0 (or click any node that has not heard it)", help: "rumor: start it at node 0",
			run: (*Game).inject},
		actCompare: {name: "compare", keys: keys(ebiten.KeyV), keyText: "V", label: "Compare", locks: []string{"compare", "protocol"},
			tip:  "Split view: heartbeat gossip and SWIM side by side on the same scenario;\nevery crash, partition and parameter applies to both. Starts the run again.",
			help: "split view: heartbeat | SWIM", run: none((*Game).toggleCompare)},
		actSceneNext: {name: "scene_next", keys: keys(ebiten.KeyPageDown, ebiten.KeyN), keyText: "PageDown or N", help: "next scene", lecture: true,
			run: none(func(g *Game) { g.lectureAction(actSceneNext) })},
		actScenePrev: {name: "scene_previous", keys: keys(ebiten.KeyPageUp, ebiten.KeyB), keyText: "PageUp or B", help: "previous scene", lecture: true,
			run: none(func(g *Game) { g.lectureAction(actScenePrev) })},
		actSceneMenu: {name: "menu", keys: keys(ebiten.KeyTab), keyText: "Tab", help: "the scene menu (click a scene)", lecture: true,
			args: "[on|off]", needs: "on or off", run: func(g *Game, a args) error {
				if len(a.words) == 0 {
					g.lectureAction(actSceneMenu)
				} else {
					g.ShowSceneMenu(a.words[0] == "on")
				}
				return nil
			}},
		actSidePanel: {name: "side_panel", keys: keys(ebiten.KeyS), keyText: "S", help: "side panel: parameters, charts", lecture: true,
			run: none(func(g *Game) { g.lectureAction(actSidePanel) })},
		actTimeBack: {name: "time_back", keys: keys(ebiten.KeyArrowLeft), keyText: "← →", help: "back / forward 5 s in the run's past (paused)",
			run: none(func(g *Game) { g.travel(actTimeBack) })},
		actTimeForward: {name: "time_forward", keys: keys(ebiten.KeyArrowRight), run: none(func(g *Game) { g.travel(actTimeForward) })},
		actTimeLive: {name: "time_live", keys: keys(ebiten.KeyEnd), keyText: "End", help: "back to the live run",
			run: none(func(g *Game) { g.travel(actTimeLive) })},

		actPlay:    {name: "play", run: none((*Game).Play)},
		actPause:   {name: "pause", run: none((*Game).Pause)},
		actCrash:   {name: "crash", args: "N", run: func(g *Game, a args) error { return g.applyToNode(core.OpCrash, a) }},
		actRestart: {name: "restart", args: "N", run: func(g *Game, a args) error { return g.applyToNode(core.OpRestart, a) }},
		actSelect: {name: "select", args: "N", run: func(g *Game, a args) error {
			n, err := a.int(0, -1, g.cur.Source.NumNodes()-1)
			if err != nil {
				return err
			}
			return g.Select(n)
		}},
		actAdvance: {name: "advance", args: "MS", run: func(g *Game, a args) error {
			ms, err := a.num(0, 0, float64(core.MaxScenarioDuration))
			if err != nil {
				return err
			}
			g.AdvanceNow(core.Time(ms))
			return nil
		}},
		actCut: {name: "cut", args: "DEG", run: func(g *Game, a args) error {
			deg, err := a.num(0, -360, 360)
			if err != nil {
				return err
			}
			return g.PartitionAcross(deg)
		}},
		actSet: {name: "set", args: "PARAM VALUE", needs: "a parameter and a value", run: func(g *Game, a args) error {
			v, err := a.num(1, math.Inf(-1), math.Inf(1))
			if err != nil {
				return err
			}
			return g.Apply(core.Command{Op: core.OpSet, Param: a.words[0], Value: v})
		}},
		actSpeed: {name: "speed", args: "X", run: func(g *Game, a args) error { // SetSpeed says the range
			v, _ := strconv.ParseFloat(a.words[0], 64) // a number: CheckAction saw to it
			return g.SetSpeed(v)
		}},
		actProtocol: {name: "protocol", args: "NAME", needs: "a protocol name (heartbeat, swim or rumor)", run: func(g *Game, a args) error { return g.SetProtocol(a.words[0]) }},
		actMode:     {name: "mode", args: "NAME", needs: "a rumor mode (push, pull or pushpull)", run: func(g *Game, a args) error { return g.SetRumorMode(a.words[0]) }},
		actSplit: {name: "split", args: "[SPEC]", needs: "two protocols (heartbeat swim) or none", run: func(g *Game, a args) error {
			return g.SetCompare(strings.Join(a.words, ","))
		}},
		actPitfall: {name: "pitfall", args: "NAME on|off", needs: "a pitfall name and on or off", run: func(g *Game, a args) error {
			on, err := a.onOff(1)
			if err != nil {
				return err
			}
			return g.SetPitfall(a.words[0], on)
		}},
		actScene: {name: "scene", args: "N", run: func(g *Game, a args) error {
			n, err := a.int(0, 1, max(1, len(g.lec.scenes)))
			if err != nil {
				return err
			}
			return g.LoadScene(n)
		}},
		actSaveTrace: {name: "save_trace", label: "Save trace",
			tip: "Save what the real cluster did so far as a trace file (JSON lines):\nopen it later to play and scrub it, or attach it to a report",
			run: func(g *Game, _ args) error { return g.said(g.SaveTrace()) }},
		actCloseSource: {name: "close_source", label: "×",
			tip: "Close this and go back to the simulator (the run you left is as it was)",
			run: none(func(g *Game) { g.CloseSource() })},
	}
	for i := range 10 { // scenes 1–10 on the digits (0 is the tenth), on the main row and the keypad
		actions[actScene1+action(i)] = actionSpec{name: fmt.Sprintf("scene_%d", i+1),
			keys: keys(ebiten.KeyDigit1+ebiten.Key(i%10), ebiten.KeyNumpad1+ebiten.Key(i%10)), lecture: true,
			run: none(func(g *Game) { g.lectureAction(actScene1 + action(i)) })}
		if i == 9 {
			actions[actScene10].keys = keys(ebiten.KeyDigit0, ebiten.KeyNumpad0)
		}
	}
	actions[actScene1].keyText, actions[actScene1].help = "1–9, 0", "scene 1–9, 10"
	// What is made from the table.
	controlNames = makeControlNames()
	helpLines = append(append(append([]string{}, helpMouse...), helpKeys("Keys", false)...), helpReading...)
	lectureHelp = helpKeys("Lecture", true)
}

func keys(k ...ebiten.Key) []ebiten.Key { return k }

// actionNamed finds an action by name.
func actionNamed(name string) (action, bool) {
	for a := actNone + 1; a < numActions; a++ {
		if actions[a].name == name {
			return a, true
		}
	}
	return actNone, false
}

// ActionNames lists the actions' names in table order, for messages and the docs.
func ActionNames() []string {
	names := make([]string, 0, numActions-1)
	for a := actNone + 1; a < numActions; a++ {
		names = append(names, actions[a].name)
	}
	return names
}

// ActionUsage is how the steps write an action with its arguments ("crash N"), or "" if
// there is no such action.
func ActionUsage(name string) string {
	a, ok := actionNamed(name)
	if !ok {
		return ""
	}
	return strings.TrimSpace(name + " " + actions[a].args)
}

// CheckAction checks a call of an action as the steps write it ("crash 3"): a known name, the
// arguments it takes, numbers where it takes numbers. It needs no game: the desktop checks its
// -do steps before it opens a window. Ranges that depend on the run (node ids) are checked
// when the action runs.
func CheckAction(words []string) error {
	if len(words) == 0 {
		return fmt.Errorf("an empty action")
	}
	a, ok := actionNamed(words[0])
	if !ok {
		return fmt.Errorf("unknown action %q (known: %s)", words[0], strings.Join(ActionNames(), ", "))
	}
	sp := &actions[a]
	text := strings.Join(words, " ")
	spec := strings.Fields(sp.args)
	need := 0
	for _, f := range spec {
		if !strings.HasPrefix(f, "[") {
			need++
		}
	}
	most := len(spec)
	if sp.args == "[SPEC]" {
		most = 2 // "heartbeat swim", or one "heartbeat,swim"
	}
	got := words[1:]
	switch {
	case len(spec) == 0 && len(got) > 0:
		return fmt.Errorf("%q: %s takes no arguments", text, words[0])
	case len(got) < need || len(got) > most:
		needs := sp.needs
		if needs == "" {
			needs = "a number"
		}
		return fmt.Errorf("%q needs %s", text, needs)
	}
	for i, w := range got {
		switch strings.Trim(spec[min(i, len(spec)-1)], "[]") {
		case "N", "MS", "DEG", "X", "VALUE":
			if _, err := strconv.ParseFloat(w, 64); err != nil {
				return fmt.Errorf("%q: %q is not a number", text, w)
			}
		case "on|off":
			if w != "on" && w != "off" {
				return fmt.Errorf("%q needs %s", text, sp.needs)
			}
		}
	}
	return nil
}

// DoAction carries out the action named name with its arguments (the JS API, the desktop's
// steps): an unknown name, a missing or bad argument gives an error naming the action, what it
// takes and the allowed range. Unlike a key or a button, it is not refused by ?lock= (a page's
// own script may set what the reader cannot).
func (g *Game) DoAction(name string, words ...string) error {
	if err := CheckAction(append([]string{name}, words...)); err != nil {
		return err
	}
	a, _ := actionNamed(name)
	if r := g.actionOff(a); r != "" {
		return fmt.Errorf("%s: %s", name, strings.ReplaceAll(r, "\n", " "))
	}
	return actions[a].run(g, args{action: name, usage: ActionUsage(name), words: words})
}

// do carries out an action from a key or a button: a locked one only says so.
func (g *Game) do(a action) {
	if name := g.actionLock(a); name != "" {
		g.flash(name + " is locked on this page")
		return
	}
	if g.refused(g.actionOff(a)) {
		return
	}
	if a > actNone && a < numActions && actions[a].run != nil {
		actions[a].run(g, args{action: actions[a].name, input: true})
	}
}

// actionLock names the locked control that refuses action a (from a key or a button), or "".
func (g *Game) actionLock(a action) string {
	for _, n := range actions[a].locks {
		if g.isLocked(n) {
			return n
		}
	}
	return ""
}

// isLocked reports whether the lock parameter named this control (a LockNames name).
func (g *Game) isLocked(name string) bool { return slices.Contains(g.locked, name) }

// args are an action's arguments as words, with readers that name the action on error; input
// is true for a key or a button (what the learner did gets a toast; a script's step does not).
type args struct {
	action, usage string
	words         []string
	input         bool
}

func (a args) num(i int, lo, hi float64) (float64, error) {
	if i >= len(a.words) {
		return 0, fmt.Errorf("%s needs %s", a.action, a.usage)
	}
	v, err := strconv.ParseFloat(a.words[i], 64)
	if err != nil || !(v >= lo && v <= hi) {
		return 0, fmt.Errorf("%s: %q must be a number in [%g, %g]", a.action, a.words[i], lo, hi)
	}
	return v, nil
}

func (a args) int(i, lo, hi int) (int, error) {
	if i >= len(a.words) {
		return 0, fmt.Errorf("%s needs %s", a.action, a.usage)
	}
	f, err := strconv.ParseFloat(a.words[i], 64) // "3" or "3.0"
	v := int(f)
	if err != nil || f != math.Trunc(f) || v < lo || v > hi {
		return 0, fmt.Errorf("%s: %q must be a whole number in [%d, %d]", a.action, a.words[i], lo, hi)
	}
	return v, nil
}

// switchTo is what an on/off switch becomes: on or off as the words say, else the other way
// from now (a key, a button, a step without a word).
func (a args) switchTo(now bool) bool {
	if len(a.words) == 1 {
		return a.words[0] == "on"
	}
	return !now
}

func (a args) onOff(i int) (bool, error) {
	if i < len(a.words) && (a.words[i] == "on" || a.words[i] == "off") {
		return a.words[i] == "on", nil
	}
	return false, fmt.Errorf("%s needs %s", a.action, a.usage)
}

// node is the node argument i, or dflt when it is absent (-1: none).
func (g *Game) nodeArg(a args, i, dflt int) (int, error) {
	if i >= len(a.words) {
		return dflt, nil
	}
	return a.int(i, 0, g.cur.Source.NumNodes()-1)
}
