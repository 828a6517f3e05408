package view

import (
	"fmt"
	"slices"

	"gossiplab/session"
)

// What each source lets the learner do. The simulator takes everything; a live cluster of real
// processes takes what a supervisor can do to them (crash, restart, add, leave, partition,
// heal, the injected loss) and runs in real time; a recorded trace is played, paused, stepped
// and scrubbed, never changed. A control without meaning for the source shown stays on screen,
// muted, and its tooltip (or a click) says why.

// viewActions change only the picture: they work on every source.
var viewActions = []action{actMatrix, actHelp, actEscape, actFullscreen, actScaleUp, actScaleDown, actScaleReset,
	actSidePanel, actSelect, actBadge, actSaveTrace, actCloseSource}

// liveActions reach a live cluster's processes.
var liveActions = []action{actAdd, actLeave, actHeal, actCrashSelected, actCrash, actRestart, actCut, actSet}

// traceActions move through a recording.
var traceActions = []action{actPlayPause, actStep, actSlower, actFaster, actPlay, actPause, actAdvance, actSpeed,
	actTimeBack, actTimeForward, actTimeLive}

// actionOff says why action a has no meaning for the source shown ("" when it has).
func (g *Game) actionOff(a action) string {
	kind := g.run.SourceKind()
	if kind == session.KindSimulator || slices.Contains(viewActions, a) {
		return ""
	}
	if kind == session.KindLive {
		if g.link == nil && !slices.Contains(viewActions, a) {
			return "The live cluster's supervisor has stopped: what it showed stays (Save trace keeps it).\n× on its badge goes back to the simulator."
		}
		if slices.Contains(liveActions, a) {
			return ""
		}
		return liveReason(a)
	}
	if slices.Contains(traceActions, a) {
		return ""
	}
	return "A recorded trace is played and scrubbed, never changed: this has no meaning for it.\nClose the trace (× on its badge) to go back to the simulator."
}

// liveReason words why a has no meaning for a live cluster.
func liveReason(a action) string {
	switch a {
	case actPlayPause, actPlay, actPause, actStep, actAdvance, actSlower, actFaster, actSpeed:
		return "A live cluster runs in real time: it cannot be paused, stepped or sped up.\nSave it as a trace to play it at your pace."
	case actTimeBack, actTimeForward, actTimeLive:
		return "A live cluster cannot go back in time (nor into the future).\nSave it as a trace and open that to scrub."
	case actReset:
		return "The real cluster's size and settings are fixed when gossiplab cluster starts (--n, --period, …).\nAdd a node with A; crash and restart them with clicks."
	case actProtoHeartbeat, actProtoSwim, actProtoRumor, actToggleProtocol, actProtocol, actCompare, actSplit:
		return "The real nodes run the one protocol gossiplab cluster started them with (--protocol)."
	}
	return "This has no meaning for a live cluster of real processes: it takes crash, restart, add,\nleave, partition, heal and the loss. Close it (× on its badge) for the simulator."
}

// controlOff says why the control has no meaning for the source shown ("" when it has).
func (g *Game) controlOff(id control) string {
	kind := g.run.SourceKind()
	if kind == session.KindSimulator {
		return ""
	}
	if !id.isSlider() {
		return g.actionOff(controlAction[id])
	}
	switch {
	case kind == session.KindLive && g.link == nil:
		return g.actionOff(actSet)
	case kind == session.KindLive && id == ctlLoss, kind == session.KindTrace && id == ctlSpeed:
		return ""
	case kind == session.KindLive && id == ctlSpeed:
		return liveReason(actSpeed)
	case kind == session.KindLive:
		return "Only the injected loss can change on a running real cluster; its other parameters are\nfixed when gossiplab cluster starts (--n, --protocol, --period, --t-suspect, --t-remove, --latency)."
	}
	return g.actionOff(actSet)
}

// refused flashes why the control or action cannot be used here, and reports whether it did.
func (g *Game) refused(reason string) bool {
	if reason == "" {
		return false
	}
	g.flash(reason)
	return true
}

// sourceBadge is the top bar's badge for a source other than the simulator ("" for it), worded
// again only when what it says changes (it is drawn every frame).
func (g *Game) sourceBadge() string {
	f := g.run.Feed()
	if f == nil {
		return ""
	}
	c := &g.gfx.badgeText
	key := [4]int64{int64(g.cur.Source.NumNodes()), int64(g.cur.Snap.Metrics.Latest.Up), int64(f.Now() / 100), int64(f.End() / 100)}
	if g.link == nil {
		key[0] = -key[0] - 1 // a live cluster gone says so
	}
	if f != c.feed || key != c.key || c.s == "" {
		c.feed, c.key, c.s = f, key, g.wordBadge(f)
	}
	return c.s
}

// badgeCache is the source badge's text and what it was worded from.
type badgeCache struct {
	feed *session.Feed
	key  [4]int64
	s    string
}

// wordBadge words the source badge.
func (g *Game) wordBadge(f *session.Feed) string {
	st := g.run.SourceKind()
	up := g.cur.Snap.Metrics.Latest.Up
	if st == session.KindLive && g.link == nil {
		return fmt.Sprintf("live cluster gone: %d processes as last seen", g.cur.Source.NumNodes())
	}
	if st == session.KindLive {
		return fmt.Sprintf("live: %d real processes (%d up)", g.cur.Source.NumNodes(), up)
	}
	return fmt.Sprintf("trace: %s · %s of %s", f.Name(), session.Clock(f.Now()), session.Clock(f.End()))
}
