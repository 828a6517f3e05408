package view

import (
	"fmt"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/session"
)

// The run, as the Game's methods give it: each hands the command to the session (the run apart
// from its picture), shows its error as a toast, and refreshes the picture. The session calls
// back through observer when a new run or moment is shown, so that the animations, charts and
// selection tied to the old one start again.

// observer is the Game as the session's Observer.
type observer struct{ g *Game }

// RunEnding keeps the rumor chart's curve of the run about to end, for the next run to compare.
func (o observer) RunEnding() {
	g := o.g
	if g.run != nil && g.rumor() {
		g.rum.keep(g.cur.Config.Period, g.cur.Snap.Metrics.Latest.Informed, len(g.cur.Snap.Nodes))
	}
}

// RunShown starts the picture again for another run (fresh) or another moment of the same run.
func (o observer) RunShown(fresh bool) {
	g := o.g
	if g.run == nil {
		return
	}
	if fresh {
		g.selected = -1
		g.hasWall = false
		if g.toast.untilReset { // "N = 130 from the next Reset" is done
			g.toast = toastState{wrap: g.toast.wrap}
		}
	}
	g.cur = &g.run.Frame().Runs[0]
	g.restartPicture()
	if fresh {
		c := g.run.Config()
		g.rum.fitKept(c.N, c.Fanout, c.Loss)
	}
}

func (o observer) Say(msg string) { o.g.flash(msg) }

// restartPicture empties what the picture keeps of the run shown: the charts, the bursts and
// pulses, the packets seen, the probes, the rumor's curve and the matrix.
func (g *Game) restartPicture() {
	g.epoch = g.run.Frame().Epoch
	g.lastTime = g.cur.Source.Now()
	g.lastSamp = -1
	g.charts.reset()
	for i := range g.pulse {
		g.pulse[i] = -1000
	}
	g.seen = [len(g.seen)]uint64{} // message ids start again at 1
	g.mat.builtAt = -1
	g.probes.reset()
	g.rum.reset() // the rumor's curve is rebuilt from the samples: no dropped future on the chart
	for i := range g.bursts {
		g.bursts[i] = burst{}
	}
	g.fitCompare()
	if g.cmp != nil {
		g.cmp.b.restart()
		g.cmp.lbl = [2][6]labelCache{} // the rows may have changed protocols
	}
}

// said shows err (if any) as a toast, refreshes the picture and returns err.
func (g *Game) said(err error) error {
	if err != nil {
		g.flash(err.Error())
	}
	g.sync()
	return err
}

// Apply carries out a core command now and returns the core's error, which is also shown on
// screen for a few seconds. The published State follows at once.
func (g *Game) Apply(cmd core.Command) error {
	err := g.run.Apply(cmd)
	if cmd.Op == core.OpHeal || (cmd.Op == core.OpPartition && err == nil) {
		g.hasWall = false // PartitionAlong draws its line again after this
	}
	return g.said(err)
}

// Pause stops virtual time; Play starts it again.
func (g *Game) Pause() { g.run.Pause(); g.sync() }
func (g *Game) Play()  { g.run.Play(); g.sync() }

// StepPeriod pauses and advances virtual time by one protocol period X.
func (g *Game) StepPeriod() { g.run.StepPeriod(); g.sync() }

// AdvanceNow advances virtual time by ms at once (for tests and the step button).
func (g *Game) AdvanceNow(ms core.Time) { g.run.AdvanceNow(ms); g.sync() }

// SetSpeed sets how many virtual seconds pass per real second, in [MinSpeed, MaxSpeed].
func (g *Game) SetSpeed(x float64) error { return g.said(g.run.SetSpeed(x)) }

// Reset starts a new simulation with the current parameters and the N of the N slider.
func (g *Game) Reset() error { return g.said(g.run.Reset()) }

// SetProtocol switches to another membership protocol ("heartbeat" or "swim"), or the rumor:
// the run starts again with the same seed and parameters (and the split view closes).
func (g *Game) SetProtocol(name string) error { return g.said(g.run.SetProtocol(name)) }

func (g *Game) swim() bool  { return g.cur.Config.Protocol == core.ProtocolSwim }
func (g *Game) rumor() bool { return g.cur.Config.Protocol == core.ProtocolRumor }

// SetRumorMode sets how the rumor spreads ("push", "pull" or "pushpull"): the run starts again
// with the same seed and parameters. Under another protocol it only prepares the mode.
func (g *Game) SetRumorMode(mode string) error { return g.said(g.run.SetRumorMode(mode)) }

// Inject starts the rumor at node id (protocol rumor only).
func (g *Game) Inject(id int) error { return g.said(g.run.Inject(id)) }

// SetPitfall switches one of the deliberate bugs (PitfallNames) on or off (session.SetPitfall);
// switched on, the pitfall section opens and a toast says it is a bug on purpose.
func (g *Game) SetPitfall(name string, on bool) error {
	if err := g.said(g.run.SetPitfall(name, on)); err != nil {
		return err
	}
	if on {
		g.pitOpen = true
		g.flash("Pitfall on: " + session.PitfallTitle(name, g.cur.Config.Pitfalls.ClockSkew) + " (a bug, on purpose)")
	}
	g.sync()
	return nil
}

// SetCompare opens the split view with two protocols ("heartbeat,swim"), or closes it with "".
// Either way the run starts again with the same seed and parameters.
func (g *Game) SetCompare(spec string) error { return g.said(g.run.SetCompare(spec)) }

// Comparing reports whether the split view is open.
func (g *Game) Comparing() bool { return g.run.Comparing() }

// Sim returns the running simulation (for reading; change it through Apply).
func (g *Game) Sim() *core.Sim { return g.run.Sim() }

// Session is the run apart from its picture.
func (g *Game) Session() *session.Session { return g.run }

// SeekTo shows the run as it was at virtual time t, paused. A time at or past the live run's
// returns to the live run.
func (g *Game) SeekTo(t core.Time) error { return g.said(g.run.SeekTo(t)) }

// BackToLive leaves the past and shows the live run again (still paused).
func (g *Game) BackToLive() { g.run.BackToLive(); g.sync() }

// ContinueHere makes the moment shown the present: the run forks there and its later part is
// dropped.
func (g *Game) ContinueHere() { g.run.ContinueHere(); g.sync() }

// ViewingPast reports whether an earlier moment is shown.
func (g *Game) ViewingPast() bool { return g.run.ViewingPast() }

// ShareLink describes the run up to the moment shown as a share link ("v1.…").
func (g *Game) ShareLink() (string, error) { return g.run.ShareLink() }

// OpenShare replaces the run by the one a share link describes, replayed to the moment it was
// made and paused there. A link that cannot be opened changes nothing and says why.
func (g *Game) OpenShare(text string) error {
	if err := g.run.OpenShare(text); err != nil {
		return err
	}
	g.openedRun()
	return nil
}

// openedRun fits the picture to a run from elsewhere (a share link): its pitfalls, no kept
// curves of other runs.
func (g *Game) openedRun() {
	g.pitOpen = g.cur.Config.Pitfalls != (core.Pitfalls{})
	g.rum.reset()
	g.rum.clearKept()
	g.sync()
}

// LoadScenario starts a new run of sc (closing the split view) and plays its commands as the
// run reaches them. The caption, if any, is shown over the cluster. It returns core's error
// for a config it rejects, leaving the current run as it was.
func (g *Game) LoadScenario(sc core.Scenario, caption Caption) error {
	if err := g.run.LoadScenario(sc, caption); err != nil {
		return g.said(err)
	}
	g.openedRun()
	return nil
}

// SetCaption shows (or, with an empty caption, hides) the title and caption over the cluster.
func (g *Game) SetCaption(c Caption) { g.run.SetCaption(c); g.sync() }

// ShowError puts msg in the banner over the canvas (like a bad URL parameter), for problems
// the page finds: a share link or a lesson file that cannot be opened.
func (g *Game) ShowError(msg string) {
	g.banner.errs = append(g.banner.errs, msg)
	g.banner.off = false
	g.sync() // the banner changes the layout
}

// LessonRestore is what a reload mid-lesson brings back, as the page saved it: the run (a share
// link), the tasks ticked (per task: done, when, whether in the run on screen), the rows the
// lesson compares and the rumor chart's kept curves (state().lesson and state().rumor_kept).
type LessonRestore struct {
	Share       string           `json:"share"`
	Done        []bool           `json:"done"`
	DoneAtMs    []int64          `json:"done_at_ms"`
	DoneThisRun []bool           `json:"done_this_run"`
	Compare     []lesson.Segment `json:"compare"`
	Kept        []KeptCurve      `json:"kept"`
}

// StartLesson loads l's scenario, paused at the lesson's speed, and checks its tasks from now
// on (the caller decides whether a caption shows: LessonCaption). With rs (a reload
// mid-lesson), the run of rs.Share is replayed instead and the checker follows the replay; the
// ticks, rows and curves the replay cannot see again are taken back from rs. StopLesson ends the
// checking (the run goes on).
func (g *Game) StartLesson(l *lesson.Lesson, rs *LessonRestore) error {
	if g.run.Feed() != nil { // lessons run the simulator: the learner chose one, so the trace or live view closes
		g.CloseSource()
		g.flash("lessons run the simulator: the live cluster or trace was closed (open its page or file again to see it)")
	}
	var resume *session.LessonResume
	if rs != nil && rs.Share != "" {
		resume = &session.LessonResume{Share: rs.Share, Ticks: lesson.NewTicks(rs.Done, rs.DoneAtMs, rs.DoneThisRun), Compare: rs.Compare}
	}
	if err := g.run.StartLesson(l, resume); err != nil {
		if resume == nil {
			g.flash(err.Error())
		}
		return err
	}
	g.openedRun()
	if resume != nil {
		c := g.run.Config()
		g.rum.restoreKept(rs.Kept, c.N, c.Fanout, c.Loss)
	}
	g.sync()
	return nil
}

// LessonCaption is a lesson's title and summary as a caption over the cluster.
func LessonCaption(l *lesson.Lesson) Caption {
	return Caption{Title: fmt.Sprintf("%d. %s", l.Number, l.Title), Text: l.Summary}
}

func (g *Game) StopLesson() { g.run.StopLesson(); g.sync() }

// RetryLessonStep is "start this step again" for a task at a dead end (session.RetryLessonStep).
func (g *Game) RetryLessonStep() error {
	err := g.run.RetryLessonStep()
	g.sync()
	return err
}

// travel carries out the time-travel keys: ← shows the run 5 s earlier than the moment shown,
// → 5 s later (reaching the live run returns to it), End returns to the live run.
func (g *Game) travel(a action) {
	switch a {
	case actTimeBack:
		g.said(g.run.TravelBack())
	case actTimeForward:
		g.said(g.run.TravelForward())
	case actTimeLive:
		if g.run.Comparing() {
			g.flash("the timeline is not available in the split view: close it first (V)")
		}
		g.BackToLive()
	}
}

// fmtMs and fmtClock are the session's wording of durations and virtual times.
func fmtMs(ms float64) string     { return session.Ms(ms) }
func fmtClock(t core.Time) string { return session.Clock(t) }

// protocolTitle is a protocol's name as the screen writes it.
func protocolTitle(p core.Protocol) string { return session.ProtocolTitle(p) }

// Protocol is the running protocol.
func (g *Game) Protocol() core.Protocol { return g.run.Protocol() }
