package view

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// helpLines are the help overlay's lines: the mouse, the keys (from the action table, made in
// its init) and how to read the picture.
var helpLines []string

var helpMouse = []string{
	"Mouse",
	"Click a node — crash it; click again — restart it (new generation)",
	"Right-click or Shift+click a node (touch: hold it) — select it and open its membership list",
	"Click a packet in flight — drop it",
	"Drag a line across the cluster — partition the network along it",
	"Drag the sliders — change parameters (N applies on Reset)",
	"Scroll — the membership list or the event log",
}

var helpReading = []string{
	"",
	"Reading the picture",
	"Each node's body is the truth: green disc = up, cross = crashed, hollow = left.",
	"Its ring is the cluster's belief: the share of live nodes that think it alive (blue),",
	"suspect it (orange), have removed it (red), or don't know it (grey).",
	"Heartbeat: a crashed node stays blue until T suspect passes, then turns orange, then red.",
	"SWIM: hollow circle = ping, diamond = ack, triangle = ping-req (no ack in time: K others",
	"try); a faint line joins each prober to its target while its probe is open. No ack by the",
	"end of the period → suspect; no refutation within T suspicion → confirmed dead (removed).",
	"Rumor: click an uninformed node — the rumor starts there; click an informed one — crash it",
	"(click again: restart, forgetting the rumor). Filled orange-red disc = informed, hollow blue = not yet;",
	"dot = rumor, hollow square = call, filled square = a call carrying the rumor.",
}

// helpKeys is a section of the help overlay from the action table: every action with a key
// and words for the help (the lecture keys, or the others), several to a line.
func helpKeys(title string, lecture bool) []string {
	lines := []string{"", title}
	line := ""
	for a := actNone + 1; a < numActions; a++ {
		sp := &actions[a]
		if sp.help == "" || sp.keyText == "" || sp.lecture != lecture {
			continue
		}
		item := sp.keyText + "  " + sp.help
		switch {
		case line == "":
			line = item
		case len([]rune(line))+5+len([]rune(item)) <= 96:
			line += "     " + item
		default:
			lines, line = append(lines, line), item
		}
	}
	return append(lines, line)
}

// helpBox is the help overlay as laid out: its panel, line height and faces (shrunk as a whole
// when the window is too small for it at the UI scale, as a big lecture scale on a 720p
// projector), made again when the window, the scale or the lines change.
type helpBox struct {
	key                     [4]float64
	r                       rect
	s                       float64
	body, title, big, small *face
}

// layoutHelp lays out the help overlay for its lines.
func (g *Game) layoutHelp() {
	lines := g.helpText()
	hb := &g.gfx.help
	key := [4]float64{g.w, g.h, g.s, float64(len(lines))}
	if key == hb.key && hb.body != nil {
		return
	}
	hb.key = key
	s := g.s
	f := g.gfx.body
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, g.gfx.measure(l, f))
	}
	w += 48 * s
	h := 21*s*float64(len(lines)) + 80*s
	hb.title, hb.big, hb.small = g.gfx.title, g.gfx.big, g.gfx.small
	if k := math.Min((g.w-16)/w, (g.h-16)/h); k < 1 {
		s, w, h = s*k, w*k, h*k
		f = g.sizedFace(false, 14*s)
		hb.title, hb.big, hb.small = g.sizedFace(true, 15*s), g.sizedFace(true, 22*s), g.sizedFace(false, 12.5*s)
	}
	hb.s, hb.body = s, f
	hb.r = rect{g.w/2 - w/2, math.Max(8, g.h/2-h/2), w, h}
}

// draw draws the help overlay's lines as laid out over a w × h screen.
func (hb *helpBox) draw(d *drawState, lines []string, w, h float64, dst *ebiten.Image) {
	if hb.body == nil { // not laid out yet (refresh lays it out while the help is open)
		return
	}
	b := d.b
	b.rect(rect{0, 0, w, h}, colInk.alpha(0.45))
	s, r := hb.s, hb.r
	lh := 21 * s
	b.roundRect(r, 10*s, colPanel)
	b.flush(dst)
	d.text(dst, "Gossip Lab — controls", hb.big, r.x+24*s, r.y+28*s, colInk, aStart, aCenter)
	for i, l := range lines {
		face := hb.body
		c := colInk
		if l == "Mouse" || l == "Keys" || l == "Reading the picture" || l == "Lecture" {
			face, c = hb.title, colAccent
		}
		d.text(dst, l, face, r.x+24*s, r.y+60*s+float64(i)*lh, c, aStart, aCenter)
	}
	d.text(dst, "Click anywhere or press ? to close", hb.small, r.x+r.w/2, r.bottom()-14*s, colMuted, aCenter, aCenter)
}
