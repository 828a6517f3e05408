package session

import (
	"fmt"

	"gossiplab/core"
)

// EventLog keeps the last membership events in plain words. Packets are not logged (they are
// drawn). Events of one kind that come close together fold into one line with a count: many
// observers about one subject ("node 3 suspected by 15 nodes"), or one observer about many
// ("node 7 suspects 12 nodes"), or, in a storm such as a partition of a thousand nodes where
// every pair differs, all of them ("4,812 suspicions, e.g. node 7 suspects node 3"). So a crash
// at N=1000 is one line, not a thousand.
type EventLog struct {
	entries []LogEntry // a ring
	start   int
	n       int
	window  core.Time // the longest gap between two events folded into one line
	seq     uint64    // bumps on every change, so the drawing knows when to rebuild
	// cutoff hides the lines after a moment of the run (the past shown in time travel), or is
	// -1: every line shows.
	cutoff core.Time
	// suspGen[p] is the generation of node p that observers last suspected: a suspicion
	// cleared by a newer generation was a real crash followed by a restart, not a false alarm.
	suspGen []uint16
}

type LogEntry struct {
	t     core.Time
	last  core.Time
	kind  core.EventKind
	node  core.NodeID // the observer (first one, when folded) or the actor
	peer  core.NodeID // the subject
	gen   uint16
	count int
	fold  foldMode
	back  bool   // EvUnsuspected by a newer generation: the node restarted (not a false alarm)
	note  string // a line the view wrote itself (a parameter change), instead of an event
	text  string // cached wording, rebuilt when dirty
	dirty bool
	// The wording cut to the log's width (fitted), and for which text and width.
	fit, fitFor string
	fitW        float64
}

// foldMode says what the events folded into one line have in common.
type foldMode uint8

const (
	foldSubject  foldMode = iota // same kind, same subject (peer)
	foldObserver                 // same kind, same observer (node)
	foldStorm                    // same kind only
)

const logCapacity = 300

func NewEventLog() *EventLog {
	return &EventLog{entries: make([]LogEntry, logCapacity), window: 3 * core.Second, cutoff: -1}
}

func (l *EventLog) Reset() { l.start, l.n, l.cutoff = 0, 0, -1; l.seq++; clear(l.suspGen) }

// Shown is how many of the oldest lines show: all, or those up to the cutoff (the lines are in
// time order).
func (l *EventLog) Shown() int {
	if l.cutoff < 0 {
		return l.n
	}
	n := l.n
	for n > 0 && l.At(n-1).t > l.cutoff {
		n--
	}
	return n
}

// Truncate drops the lines after t (the run forked there) and shows the rest.
func (l *EventLog) Truncate(t core.Time) {
	for l.n > 0 && l.At(l.n-1).t > t {
		l.n--
	}
	if l.n > 0 && l.At(l.n-1).last > t { // a folded line reaching past t: keep it, up to t
		l.At(l.n - 1).last = t
		l.At(l.n - 1).dirty = true
	}
	l.cutoff = -1
	l.seq++
}

func (l *EventLog) Len() int { return l.n }

// At returns the i-th oldest entry.
func (l *EventLog) At(i int) *LogEntry { return &l.entries[(l.start+i)%len(l.entries)] }

func (l *EventLog) push(e LogEntry) {
	e.dirty = true
	l.seq++
	if l.n < len(l.entries) {
		*l.At(l.n) = e
		l.n++
		return
	}
	l.entries[l.start] = e
	l.start = (l.start + 1) % len(l.entries)
}

// folds reports whether events of this kind are told per subject and may be folded.
func folds(k core.EventKind) bool {
	switch k {
	case core.EvLearned, core.EvSuspected, core.EvUnsuspected, core.EvRemoved, core.EvReadded,
		core.EvSawLeft, core.EvForgotten, core.EvInformed:
		return true
	}
	return false
}

// logged reports whether the log shows events of this kind at all.
func logged(k core.EventKind) bool {
	switch k {
	case core.EvSent, core.EvDelivered, core.EvDropped, core.EvParamSet:
		return false
	}
	return true
}

// add records one core event (ignoring the kinds the log does not show).
func (l *EventLog) Add(e core.Event) {
	if !logged(e.Kind) {
		return
	}
	back := false
	switch e.Kind {
	case core.EvSuspected:
		for int(e.Peer) >= len(l.suspGen) {
			l.suspGen = append(l.suspGen, 0)
		}
		l.suspGen[e.Peer] = e.Generation
	case core.EvUnsuspected:
		back = int(e.Peer) < len(l.suspGen) && e.Generation > l.suspGen[e.Peer]
	}
	if folds(e.Kind) && l.fold(e, back) {
		return
	}
	l.push(LogEntry{t: e.Time, last: e.Time, kind: e.Kind, node: e.Node, peer: e.Peer, gen: e.Generation, count: 1, back: back})
}

// fold adds e to a recent line it belongs to and reports whether it found one.
func (l *EventLog) fold(e core.Event, back bool) bool {
	const lookBack = 16
	recent := func(x *LogEntry) bool {
		return x.note == "" && x.kind == e.Kind && x.back == back && e.Time-x.last <= l.window
	}
	grow := func(x *LogEntry, mode foldMode) bool {
		x.fold = mode
		x.count++
		x.last = e.Time
		x.dirty = true
		l.seq++
		return true
	}
	stop := max(0, l.n-lookBack)
	for i := l.n - 1; i >= stop; i-- { // a storm line takes everything of its kind
		if x := l.At(i); recent(x) && x.fold == foldStorm {
			return grow(x, foldStorm)
		}
	}
	for i := l.n - 1; i >= stop; i-- {
		x := l.At(i)
		if !recent(x) {
			continue
		}
		if x.peer == e.Peer && (x.count == 1 || x.fold == foldSubject) {
			return grow(x, foldSubject)
		}
		if x.node == e.Node && (x.count == 1 || x.fold == foldObserver) {
			return grow(x, foldObserver)
		}
	}
	// Several lines of this kind in a row already: a storm. Fold into the newest of them.
	same := 0
	for i := l.n - 1; i >= max(0, l.n-4); i-- {
		if recent(l.At(i)) {
			same++
		}
	}
	if same >= 4 {
		return grow(l.At(l.n-1), foldStorm)
	}
	return false
}

// AddNote records a line written by the app (a command the user gave).
func (l *EventLog) AddNote(t core.Time, s string) {
	l.push(LogEntry{t: t, last: t, kind: core.EvParamSet, note: s, count: 1})
}

// Line returns the entry's wording, building it only when it changed. A folded line gives
// the span of time it covers ("11.9–20.5 s").
func (e *LogEntry) Line() string {
	if e.dirty {
		if e.last.Seconds()-e.t.Seconds() >= 0.05 {
			e.text = fmt.Sprintf("%6.1f–%.1f s  %s", e.t.Seconds(), e.last.Seconds(), e.words())
		} else {
			e.text = fmt.Sprintf("%6.1f s  %s", e.t.Seconds(), e.words())
		}
		e.dirty = false
	}
	return e.text
}

// Fitted is Line() cut to width w by cut (the drawing's ellipsis: long notes would run out of
// the panel); cached per line and width, so a steady log costs no allocation per frame.
func (e *LogEntry) Fitted(w float64, cut func(line string, w float64) string) string {
	l := e.Line()
	if l != e.fitFor || w != e.fitW {
		e.fit, e.fitFor, e.fitW = cut(l, w), l, w
	}
	return e.fit
}

// Time is when the line's first event happened; Kind what kind of event it tells (EvParamSet
// for a note).
func (e *LogEntry) Time() core.Time      { return e.t }
func (e *LogEntry) Kind() core.EventKind { return e.kind }

// SetWindow sets the longest gap between two events folded into one line.
func (l *EventLog) SetWindow(w core.Time) { l.window = w }

// Seq changes whenever the log does, so that a drawing knows when to rebuild.
func (l *EventLog) Seq() uint64 { return l.seq }

// ShowUpTo hides the lines after t (the past shown in time travel); t < 0 shows every line.
func (l *EventLog) ShowUpTo(t core.Time) { l.cutoff = t }

func (e *LogEntry) words() string {
	if e.note != "" {
		return e.note
	}
	n, p, c := e.node, e.peer, e.count
	if e.kind == core.EvInformed { // node n hears the rumor from node p
		switch {
		case c > 1 && e.fold == foldStorm:
			return fmt.Sprintf("%d nodes hear the rumor, e.g. node %d", c, n)
		case c > 1 && p != core.NoNode:
			return fmt.Sprintf("%d nodes hear the rumor from node %d", c, p)
		case c > 1:
			return fmt.Sprintf("the rumor starts at %d nodes", c)
		case p == core.NoNode:
			return fmt.Sprintf("the rumor starts at node %d", n)
		}
		return fmt.Sprintf("node %d hears the rumor from node %d", n, p)
	}
	if c > 1 && e.fold == foldStorm {
		if e.back {
			return fmt.Sprintf("%d restarted nodes seen back, e.g. node %d sees node %d", c, n, p)
		}
		return fmt.Sprintf("%d %s, e.g. node %d %s node %d", c, stormNoun[e.kind], n, verb[e.kind], p)
	}
	if c > 1 && e.fold == foldObserver {
		if e.back {
			return fmt.Sprintf("node %d sees %d restarted nodes back", n, c)
		}
		return fmt.Sprintf("node %d %s %d nodes", n, verb[e.kind], c)
	}
	switch e.kind {
	case core.EvSuspected:
		if c == 1 {
			return fmt.Sprintf("node %d suspects node %d", n, p)
		}
		return fmt.Sprintf("node %d suspected by %d nodes", p, c)
	case core.EvUnsuspected:
		switch {
		case e.back && c == 1:
			return fmt.Sprintf("node %d sees node %d back (it restarted)", n, p)
		case e.back:
			return fmt.Sprintf("%d nodes see node %d back (it restarted)", c, p)
		case c == 1:
			return fmt.Sprintf("node %d un-suspects node %d (false alarm)", n, p)
		}
		return fmt.Sprintf("%d nodes un-suspect node %d (false alarm)", c, p)
	case core.EvRemoved:
		if c == 1 {
			return fmt.Sprintf("node %d removes node %d", n, p)
		}
		return fmt.Sprintf("node %d removed by %d nodes", p, c)
	case core.EvReadded:
		if c == 1 {
			return fmt.Sprintf("node %d takes node %d back", n, p)
		}
		return fmt.Sprintf("%d nodes take node %d back", c, p)
	case core.EvSawLeft:
		if c == 1 {
			return fmt.Sprintf("node %d hears node %d left", n, p)
		}
		return fmt.Sprintf("%d nodes hear node %d left", c, p)
	case core.EvLearned:
		if c == 1 {
			return fmt.Sprintf("node %d learns of node %d", n, p)
		}
		return fmt.Sprintf("%d nodes learn of node %d", c, p)
	case core.EvForgotten:
		if c == 1 {
			return fmt.Sprintf("node %d forgets node %d's tombstone", n, p)
		}
		return fmt.Sprintf("%d nodes forget node %d's tombstone", c, p)
	case core.EvJoined:
		return fmt.Sprintf("node %d joins via the seed", n)
	case core.EvLeft:
		return fmt.Sprintf("node %d leaves gracefully", n)
	case core.EvCrashed:
		return fmt.Sprintf("node %d crashes", n)
	case core.EvRestarted:
		return fmt.Sprintf("node %d restarts (generation %d)", n, e.gen)
	case core.EvPartitioned:
		return "the network is partitioned"
	case core.EvHealed:
		return "the partition heals"
	}
	return e.kind.String()
}

// verb and stormNoun word the folded lines of each observer event kind.
var verb = map[core.EventKind]string{
	core.EvSuspected: "suspects", core.EvUnsuspected: "un-suspects", core.EvRemoved: "removes",
	core.EvReadded: "takes back", core.EvSawLeft: "hears left:", core.EvLearned: "learns of",
	core.EvForgotten: "forgets",
}

var stormNoun = map[core.EventKind]string{
	core.EvSuspected: "suspicions", core.EvUnsuspected: "suspicions cleared", core.EvRemoved: "removals",
	core.EvReadded: "nodes taken back", core.EvSawLeft: "departures heard", core.EvLearned: "nodes learned",
	core.EvForgotten: "tombstones forgotten",
}
