package lesson

import (
	"fmt"

	"gossiplab/core"
)

// Checker follows the runs of one lesson and tells which tasks are done, which predict answers
// may be revealed, and when the current task can no longer be done in this run.
//
// A run is one simulation from time 0: a reset, a protocol or rumor-mode switch or a scenario
// load starts a new one (call NewRun), and a rewind in time travel cuts it (call Truncate).
// Every check is evaluated over a window of the current run, never over earlier runs:
//
//   - task i's window opens at the latest of: the run's start; the moment task i−1 was done, if
//     that was in this run; the moment the task's While conditions last began to hold. It is
//     closed while a While condition does not hold.
//   - a question's reveal_after window is the same without the task order.
//
// Tasks are done in order, and a task once done stays done (a rewind to before it reopens it).
// Feed Observe every batch of events the sim produced with a snapshot taken after them; the
// Checker keeps no reference to either.
type Checker struct {
	l       *Lesson
	tasks   []taskState
	reveals []condState
	run     int // the current run's number, from 1
	rec     record
	now     core.Time
	live    bool   // some node is up
	doneBuf []bool // what Observe returns
	waiting string // the open task's first While condition that does not hold, or ""
	// which task and condition waiting words (-1: none; -2: crashed nodes, waitingDown of them)
	waitingTask, waitingCond, waitingDown int
	waitingProto                          core.Protocol // the words depend on it (fanout M or b)
	suspAt, remAt                         []core.Time   // a batch's false alarms, reused
	cmp                                   *comparer
}

type taskState struct {
	done    bool
	at      core.Time // when it was found done
	run     int       // in which run
	cond    condState
	stuck   condState // the task's stuck check, held since (AfterMs)
	isStuck bool
	// While stuck: why (the lesson's words, or the checker's own), and where "start this step
	// again" goes back to (a task, from 0, and a moment of this run).
	why        string
	retryTask  int
	retryAt    core.Time
	retryWhere string // "before the rumor started"; "" for where the step began
}

// condState follows whether a check's While conditions hold: since is the moment they last
// began to hold in this run, or -1 while they do not; flips records the changes, for Truncate.
type condState struct {
	since    core.Time
	revealed bool // for a question: its answer may be shown (stays true)
	flips    []flip
}

type flip struct {
	t  core.Time
	on bool
}

// UI is what the screen adds to the run for the checks.
type UI struct {
	// ListOpen: a node's membership list is open on screen.
	ListOpen bool
}

// NewChecker starts following the runs of l; the first run starts now.
func NewChecker(l *Lesson) *Checker {
	c := &Checker{l: l, tasks: make([]taskState, len(l.Tasks)), reveals: make([]condState, len(l.Predict)),
		waitingTask: -1, waitingCond: -1}
	if l.Compare != "" {
		c.cmp = newComparer(l.Compare, l.Scenario.Config)
	}
	c.NewRun()
	return c
}

// NewRun tells the checker that a new run has started at time 0: counts and windows start
// afresh; done tasks and revealed answers stay.
func (c *Checker) NewRun() {
	c.run++
	c.rec = newRecord()
	c.now = 0
	for i := range c.tasks {
		c.tasks[i].cond = condState{since: -1}
		c.tasks[i].stuck = condState{since: -1}
		c.tasks[i].isStuck = false
	}
	for i := range c.reveals {
		c.reveals[i] = condState{since: -1, revealed: c.reveals[i].revealed}
	}
	if c.cmp != nil {
		c.cmp.newRun()
	}
}

// Truncate tells the checker that the current run was rewound to time t and goes on from
// there: what happened after t is forgotten, and tasks done after t are open again.
func (c *Checker) Truncate(t core.Time) {
	c.rec.truncate(t)
	c.now = min(c.now, t)
	for i := range c.tasks {
		ts := &c.tasks[i]
		if ts.done && ts.run == c.run && ts.at > t {
			ts.done = false
		}
		ts.cond.truncate(t)
		ts.stuck = condState{since: -1}
		ts.isStuck = false
	}
	for i := range c.reveals {
		c.reveals[i].truncate(t)
	}
	if c.cmp != nil {
		c.cmp.truncate(t)
	}
}

// Reopen marks tasks from index from on as not done, where they were done in this run (a
// "start this step again" that went back to before them).
func (c *Checker) Reopen(from int) {
	for i := max(0, from); i < len(c.tasks); i++ {
		if c.tasks[i].run == c.run {
			c.tasks[i].done = false
		}
	}
}

func (cs *condState) truncate(t core.Time) {
	for len(cs.flips) > 0 && cs.flips[len(cs.flips)-1].t > t {
		cs.flips = cs.flips[:len(cs.flips)-1]
	}
	cs.since = -1
	if n := len(cs.flips); n > 0 && cs.flips[n-1].on {
		cs.since = cs.flips[n-1].t
	}
}

// update notes whether the conditions hold at time now.
func (cs *condState) update(now core.Time, holds bool) {
	switch {
	case holds && cs.since < 0:
		cs.since = now
		cs.flips = append(cs.flips, flip{now, true})
	case !holds && cs.since >= 0:
		cs.since = -1
		cs.flips = append(cs.flips, flip{now, false})
	}
}

// Observe takes the events since the last call, a snapshot taken after them and what the
// screen shows, and returns which tasks are done (a slice the Checker owns and reuses).
func (c *Checker) Observe(events []core.Event, s *core.Snapshot, ui UI) []bool {
	c.now = s.Time
	c.suspAt, c.remAt = c.suspAt[:0], c.remAt[:0] // when the batch's false alarms happened
	for _, e := range events {
		c.rec.add(e, s)
		switch {
		case e.Kind == core.EvSuspected && falseAlarm(e, s):
			c.suspAt = append(c.suspAt, e.Time)
		case e.Kind == core.EvRemoved && falseAlarm(e, s):
			c.remAt = append(c.remAt, e.Time)
		}
	}
	c.rec.falseSusp.observeAt(c.suspAt, s.Time, s.Metrics.Totals.FalseSuspicions)
	c.rec.falseRem.observeAt(c.remAt, s.Time, s.Metrics.Totals.FalseRemovals)
	if ui.ListOpen {
		if n := len(c.rec.listOpen); n == 0 || c.rec.listOpen[n-1] < s.Time {
			c.rec.listOpen = append(c.rec.listOpen, s.Time)
		}
	}
	c.live = false
	for i := range s.Nodes {
		if s.Nodes[i].Status == core.StatusUp {
			c.live = true
			break
		}
	}
	c.observeTasks(s, ui)
	for i, q := range c.l.Predict {
		r := &c.reveals[i]
		r.update(s.Time, c.holds(q.RevealAfter.While, s))
		if !r.revealed && r.since >= 0 && c.met(q.RevealAfter, s, ui, r.since) {
			r.revealed = true
		}
	}
	if c.cmp != nil {
		c.cmp.observe(events, s)
	}
	c.doneBuf = c.AppendDone(c.doneBuf[:0])
	return c.doneBuf
}

func (c *Checker) observeTasks(s *core.Snapshot, ui UI) {
	open := true // every earlier task is done
	for i, t := range c.l.Tasks {
		ts := &c.tasks[i]
		ts.cond.update(s.Time, c.holds(t.Check.While, s))
		if ts.done || !open {
			ts.isStuck = false
			continue
		}
		open = false
		start := c.windowStart(i)
		c.setWaiting(i, s)
		if start >= 0 && c.met(t.Check, s, ui, start) {
			ts.done, ts.at, ts.run, ts.isStuck = true, c.metAt(t.Check, start, s.Time), c.run, false
			open = true
			continue
		}
		ts.isStuck = c.stuck(i, s, ui, c.orderStart(i))
	}
}

// orderStart is when task i's turn came in this run: when task i−1 was done, or the run's start.
// A dead end is looked for from then, whether the task's own conditions hold or not.
func (c *Checker) orderStart(i int) core.Time {
	if i > 0 && c.tasks[i-1].run == c.run {
		return c.tasks[i-1].at
	}
	return 0
}

// windowStart is when task i's window opened, or -1 while it is closed.
func (c *Checker) windowStart(i int) core.Time {
	if since := c.tasks[i].cond.since; since >= 0 {
		return max(since, c.orderStart(i))
	}
	return -1
}

// stuck tells whether open task i can no longer be done in this run, and if so notes why and
// where to go back to: its lesson says so (Task.Stuck, held for AfterMs); it waits for beliefs
// and no node is up to hold any; or it waits for a rumor to reach everyone while this run's one
// rumor started before the task's settings held (a b = 2 rumor does not count for b = 1, and
// a run has one rumor).
func (c *Checker) stuck(i int, s *core.Snapshot, ui UI, start core.Time) bool {
	t := &c.l.Tasks[i]
	ts := &c.tasks[i]
	ts.retryTask, ts.retryAt = c.retryPoint(i)
	ts.retryWhere = ""
	switch {
	case !c.live && needsObserver(t.Check.Kind):
		ts.why = noObserverText
		return true
	case t.Check.Kind == "rumor_all_informed" && c.rumorTooEarly(i):
		ts.why = rumorTooEarlyText
		// Go back to before the rumor started, where the settings can be put right first; a
		// rumor started at 0:00 leaves nothing to go back to (RetryAtMs -1): Reset.
		inj := c.rec.injects[len(c.rec.injects)-1]
		ts.retryTask, ts.retryAt, ts.retryWhere = c.openAt(inj-1), inj-1, "before the rumor started"
		if inj-1 < 0 {
			ts.retryTask = -1
		}
		return true
	case t.Stuck == nil:
		return false
	}
	ts.stuck.update(s.Time, c.holds(t.Stuck.If.While, s) && c.met(t.Stuck.If, s, ui, start))
	if ts.stuck.since < 0 || s.Time-ts.stuck.since < core.Time(t.Stuck.AfterMs) {
		return false
	}
	ts.why = t.Stuck.Text
	if t.Stuck.If.Kind == "seeds_down" { // go back to before the last seed went down
		if at := c.rec.lastCrashOf(s.Config.Seeds) - 1; at >= 0 && at < ts.retryAt {
			ts.retryTask, ts.retryAt, ts.retryWhere = c.openAt(at), at, "before the seed went down"
		}
	}
	return true
}

const (
	noObserverText    = "No node is up any more, so no node is left to notice anything in this run."
	rumorTooEarlyText = "This run's rumor started before the step's settings all held, and a run has only one rumor: press Reset (R) for a new run."
)

// rumorTooEarly: task i's window is open, this run's rumor has started, but not inside it.
func (c *Checker) rumorTooEarly(i int) bool {
	w := c.windowStart(i)
	return w >= 0 && len(c.rec.injects) > 0 && c.rec.injects.since(w) == 0
}

// openAt is the task that was open at moment at of this run: the first one not done by then.
func (c *Checker) openAt(at core.Time) int {
	for i := range c.tasks {
		if ts := &c.tasks[i]; !ts.done || (ts.run == c.run && ts.at > at) {
			return i
		}
	}
	return len(c.tasks) - 1
}

// needsObserver: kinds about what live nodes believe, which no run without one can meet.
func needsObserver(kind string) bool {
	switch kind {
	case "suspected_by_all", "all_removed", "convergence_at_least", "healed_and_converged", "rumor_all_informed",
		"false_suspicion_seen", "false_removal_seen", "resurrection_seen", "no_false_suspicion_for":
		return true
	}
	return false
}

// holds reports whether every condition holds on s.
func (c *Checker) holds(conds []Check, s *core.Snapshot) bool {
	for _, w := range conds {
		if !c.state(w, s) {
			return false
		}
	}
	return true
}

// met evaluates one check whose window opened at start (its While conditions are the
// caller's business).
func (c *Checker) met(ch Check, s *core.Snapshot, ui UI, start core.Time) bool {
	n := ch.count()
	switch ch.Kind {
	case "crashed_count":
		return c.rec.downSince(start, s) >= n
	case "restart_seen":
		return c.rec.restarts.since(start) >= n
	case "left_seen":
		return c.rec.lefts.since(start) >= n
	case "joined_seen":
		return c.rec.joins.since(start) >= n
	case "resurrection_seen":
		return c.rec.resurrections.since(start) >= n
	case "false_suspicion_seen":
		return c.rec.falseSusp.since(start) >= uint64(n)
	case "false_removal_seen":
		return c.rec.falseRem.since(start) >= uint64(n)
	case "list_opened":
		return ui.ListOpen || c.rec.listOpen.since(start) > 0
	case "no_false_suspicion_for":
		return s.Time-max(start, c.rec.falseSusp.lastAt()) >= core.Time(ch.value(0))
	case "ran_for":
		return s.Time-start >= core.Time(ch.value(0))
	case "time_at_least":
		return s.Time >= core.Time(ch.value(0))
	case "rumor_all_informed":
		return c.rec.injects.since(start) > 0 && allInformed(s)
	case "healed_and_converged":
		return c.rec.heals.since(start) > 0 && !s.Partitioned && s.Metrics.Latest.Convergence >= ch.value(1)
	case "task_done":
		return n <= len(c.tasks) && c.tasks[n-1].done
	}
	return c.state(ch, s)
}

// metAt is when check ch, met by now in a window opened at start, was met: exact for the kinds
// whose moment the record knows (a span of time, the n-th false suspicion or removal), now for
// the others. A tick then says "at 10 s" for a 10 s task however seldom the run was looked at.
func (c *Checker) metAt(ch Check, start, now core.Time) core.Time {
	at := now
	switch ch.Kind {
	case "ran_for":
		at = start + core.Time(ch.value(0))
	case "no_false_suspicion_for":
		at = max(start, c.rec.falseSusp.lastAt()) + core.Time(ch.value(0))
	case "time_at_least":
		at = core.Time(ch.value(0))
	case "false_suspicion_seen":
		at = c.rec.falseSusp.reachedAt(start, uint64(ch.count()))
	case "false_removal_seen":
		at = c.rec.falseRem.reachedAt(start, uint64(ch.count()))
	}
	if at < start || at > now {
		return now
	}
	return at
}

func allInformed(s *core.Snapshot) bool {
	up := false
	for i := range s.Nodes {
		if nd := &s.Nodes[i]; nd.Status == core.StatusUp {
			if !nd.Informed {
				return false
			}
			up = true
		}
	}
	return up
}

// state evaluates a check of class ClassState on the run now.
func (c *Checker) state(ch Check, s *core.Snapshot) bool {
	n := ch.count()
	switch ch.Kind {
	case "suspected_by_all":
		k := 0
		for i := range s.Nodes {
			if nd := &s.Nodes[i]; nd.Status == core.StatusCrashed && nd.Alive == 0 {
				k++
			}
		}
		return c.live && k >= n
	case "all_removed":
		k := 0
		for i := range s.Nodes {
			if nd := &s.Nodes[i]; nd.Status == core.StatusCrashed {
				if nd.Alive > 0 || nd.Suspect > 0 {
					return false
				}
				k++
			}
		}
		return c.live && k >= n
	case "convergence_at_least":
		return s.Metrics.Latest.Convergence >= ch.value(1)
	case "partitioned":
		return s.Partitioned
	case "protocol_is":
		p := s.Config.Protocol
		if p == "" {
			p = core.ProtocolHeartbeat
		}
		return string(p) == ch.Protocol
	case "rumor_mode_is":
		return s.Config.RumorMode == ch.Mode
	case "param_at_least", "param_at_most", "param_is":
		p := checkParam(ch.Param)
		if p == nil {
			return false
		}
		v := p.Get(&s.Config)
		if ch.Param == "n" {
			v = float64(len(s.Nodes))
		}
		switch ch.Kind {
		case "param_at_least":
			return v >= ch.value(0)-1e-9
		case "param_at_most":
			return v <= ch.value(0)+1e-9
		}
		return v >= ch.value(0)-1e-9 && v <= ch.value(0)+1e-9
	case "pitfall_on":
		get, ok := pitfallOn[ch.Param]
		return ok && get(&s.Config)
	case "seeds_down":
		for _, id := range s.Config.Seeds {
			if int(id) < len(s.Nodes) && s.Nodes[id].Status == core.StatusUp {
				return false
			}
		}
		return true
	}
	return false
}

// Done reports which tasks are done (a slice the Checker owns).
func (c *Checker) Done() []bool {
	out := make([]bool, len(c.tasks))
	for i := range c.tasks {
		out[i] = c.tasks[i].done
	}
	return out
}

// AppendDone appends which tasks are done to dst (no allocation when dst has room).
func (c *Checker) AppendDone(dst []bool) []bool {
	for i := range c.tasks {
		dst = append(dst, c.tasks[i].done)
	}
	return dst
}

// DoneAt is the virtual time task i was found done, in the run it was done in (meaningful
// when it is done).
func (c *Checker) DoneAt(i int) core.Time { return c.tasks[i].at }

// Revealed reports whether predict question i's answer may be shown.
func (c *Checker) Revealed(i int) bool { return c.reveals[i].revealed }

// Status is the current task as the lesson page shows it.
type Status struct {
	// Task is the first task not done (-1 when all are).
	Task int `json:"task"`
	// Waiting words the While condition that does not hold now, or "" (e.g. "the loss is at
	// least 20 %": the task's window is closed until it does).
	Waiting string `json:"waiting"`
	// ElapsedMs and GoalMs show how far a timed task (ran_for, no_false_suspicion_for) is:
	// GoalMs is 0 for other kinds.
	ElapsedMs int64 `json:"elapsed_ms"`
	GoalMs    int64 `json:"goal_ms"`
	// Stuck: the task can no longer be done in this run; StuckText says why, and RetryTask (from
	// 0) and RetryAtMs where "start this step again" goes back to (-1 and -1: nowhere in this
	// run helps, only a Reset).
	Stuck     bool   `json:"stuck"`
	StuckText string `json:"stuck_text"`
	RetryTask int    `json:"retry_task"`
	RetryAtMs int64  `json:"retry_at_ms"`
	// RetryWhere words that moment: "where step 2 began", "before the rumor started".
	RetryWhere string `json:"retry_where"`
}

// Status returns the current task's state (computed at the last Observe).
func (c *Checker) Status() Status {
	st := Status{Task: -1, RetryTask: -1, RetryAtMs: -1}
	i := c.current()
	if i < 0 {
		return st
	}
	st.Task = i
	t := &c.l.Tasks[i]
	start := c.windowStart(i)
	if start < 0 || c.waitingCond == -2 {
		st.Waiting = c.waiting
	}
	switch t.Check.Kind {
	case "ran_for", "no_false_suspicion_for":
		st.GoalMs = int64(t.Check.value(0))
		if start >= 0 {
			from := start
			if t.Check.Kind == "no_false_suspicion_for" {
				from = max(start, c.rec.falseSusp.lastAt())
			}
			st.ElapsedMs = int64(max(0, c.now-from))
		}
	}
	if ts := &c.tasks[i]; ts.isStuck {
		st.Stuck = true
		st.StuckText = ts.why
		st.RetryTask, st.RetryAtMs, st.RetryWhere = ts.retryTask, int64(ts.retryAt), ts.retryWhere
		if st.RetryWhere == "" && st.RetryTask >= 0 {
			st.RetryWhere = fmt.Sprintf("where step %d began", st.RetryTask+1)
		}
		if st.RetryTask < 0 {
			st.RetryAtMs, st.RetryWhere = -1, ""
		}
	}
	return st
}

// current is the first task not done, or -1.
func (c *Checker) current() int {
	for i := range c.tasks {
		if !c.tasks[i].done {
			return i
		}
	}
	return -1
}

// setWaiting notes what task i waits for on s: the first of its While conditions that does not
// hold, or, for a check about crashed nodes, the crashed nodes it lacks ("2 nodes are down
// (now 1)": a restarted node no longer counts). Worded once per change, so that a steady frame
// allocates nothing.
func (c *Checker) setWaiting(task int, s *core.Snapshot) {
	ch := c.l.Tasks[task].Check
	k, down := -1, 0
	for j, w := range ch.While {
		if !c.state(w, s) {
			k = j
			break
		}
	}
	if k < 0 && (ch.Kind == "suspected_by_all" || ch.Kind == "all_removed") {
		for i := range s.Nodes {
			if s.Nodes[i].Status == core.StatusCrashed {
				down++
			}
		}
		if down < ch.count() {
			k = -2
		}
	}
	if task == c.waitingTask && k == c.waitingCond && (k != -2 || down == c.waitingDown) && s.Config.Protocol == c.waitingProto {
		return
	}
	c.waitingTask, c.waitingCond, c.waitingDown, c.waiting = task, k, down, ""
	c.waitingProto = s.Config.Protocol
	switch {
	case k >= 0:
		c.waiting = ch.While[k].describeKindFor(s.Config.Protocol)
	case k == -2:
		if n := ch.count(); n == 1 {
			c.waiting = "a node is down"
		} else {
			c.waiting = fmt.Sprintf("%d nodes are down (now %d)", n, down)
		}
	}
}

// retryPoint is where "start this step again" for stuck task i goes: the task it names (or i),
// at the moment that task's window opened in this run.
func (c *Checker) retryPoint(i int) (int, core.Time) {
	to := i
	if st := c.l.Tasks[i].Stuck; st != nil && st.RetryFrom > 0 {
		to = min(i, st.RetryFrom-1)
	}
	return to, c.orderStart(to)
}

// DoneThisRun reports whether task i was done in the run on screen (not in a run before it).
func (c *Checker) DoneThisRun(i int) bool { return c.tasks[i].done && c.tasks[i].run == c.run }

// Ticks are the learner's ticks as the page saved them before a reload, per task (shorter or
// nil slices are fine): done, when (ms; -1 unknown) and whether in the run on screen then.
type Ticks struct {
	Done     []bool
	AtMs     []int64
	ThisRun  []bool
	haveThis bool
}

// NewTicks bundles saved ticks; thisRun nil means unknown (every tick is then taken as the
// run's own, for the replay to find again).
func NewTicks(done []bool, atMs []int64, thisRun []bool) Ticks {
	return Ticks{Done: done, AtMs: atMs, ThisRun: thisRun, haveThis: thisRun != nil}
}

func (t Ticks) done(i int) bool { return i < len(t.Done) && t.Done[i] }

func (t Ticks) at(i int) core.Time {
	if i < len(t.AtMs) && t.AtMs[i] >= 0 {
		return core.Time(t.AtMs[i])
	}
	return -1
}

func (t Ticks) earlier(i int) bool {
	return t.haveThis && t.done(i) && !(i < len(t.ThisRun) && t.ThisRun[i])
}

// RestoreEarlier takes in, before the replay of the run on screen, the ticks done in runs before
// it: the replay cannot see those again, and the later tasks' windows open from the run's start
// as they did.
func (c *Checker) RestoreEarlier(t Ticks) {
	for i := range c.tasks {
		if t.earlier(i) && !c.tasks[i].done {
			c.tasks[i] = taskState{done: true, at: t.at(i), run: 0, cond: c.tasks[i].cond, stuck: condState{since: -1}}
		}
	}
}

// Restore, after the replay, marks the ticks the replay did not find again (a list opened on
// screen, say) as done in an earlier run, and gives every tick the time the learner saw (the
// replay looks once a period, the screen once a frame). Their successors' windows then open at
// the current run's start.
func (c *Checker) Restore(t Ticks) {
	for i := range c.tasks {
		if !t.done(i) {
			continue
		}
		ts := &c.tasks[i]
		if !ts.done {
			*ts = taskState{done: true, at: t.at(i), run: 0, cond: ts.cond, stuck: condState{since: -1}}
		} else if at := t.at(i); at >= 0 && (ts.run != c.run || at <= c.now) {
			ts.at = at
		}
	}
}
