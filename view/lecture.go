package view

import (
	"fmt"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/core"
)

// Lecture mode: the lab on a projector. A lecturer steps through scenes (the course's lessons,
// in order) with the number keys, PageDown / PageUp (what presentation clickers send) or a
// menu, and each scene shows its title and one-line caption over the cluster in large type,
// in a high-contrast theme with bigger nodes.
//
// Keys (only while Options.Lecture has scenes; none of them is used elsewhere):
//
//	1–9, 0      scene 1–9, 10 (also on the numeric keypad)
//	PageDown, N next scene        PageUp, B previous scene
//	Tab         the scene menu (it opens at the start unless a start scene is given)
//	Esc         closes the menu
//	S           shows or hides the side panel (parameters, charts, event log): hidden at the
//	            start, so that the cluster and the caption get the room on a projector

// DefaultLectureScale is the UI scale of lecture mode when Options.UIScale is 0: readable from
// the back of a room on a 1280×720 projector (and the scale grows with bigger windows).
const DefaultLectureScale = 1.5

// LectureScene is one scene of lecture mode: a scenario with a title and a one-line caption.
// Scene k (from 1) shows the caption "k. Title" over Caption, as LessonCaption does for
// lesson k.
type LectureScene struct {
	Title    string
	Caption  string
	Scenario core.Scenario
}

// LectureState is lecture mode as published in State.
type LectureState struct {
	Scene  int  `json:"scene"`  // the scene shown, from 1; 0 before the first is chosen
	Scenes int  `json:"scenes"` // how many there are
	Menu   bool `json:"menu"`   // the scene menu is open
	// Rows are the menu's rows (scene k at index k-1) in outside pixels, while the menu is open.
	Rows []Box `json:"rows"`
}

// lectureState is lecture mode inside the Game.
type lectureState struct {
	scenes []LectureScene
	cur    int // from 1; 0 none yet
	menu   bool
	hot    int  // the menu row under the pointer, -1 when none
	side   bool // the side panel is shown (S)

	// The menu as laid out for menuKey (window size, scale, scenes).
	menuKey         [4]float64
	fs              float64 // the menu's own scale (s, shrunk to fit a short window)
	panel           rect
	rows            []rect
	nums            []string
	titles, caps    []string
	head, foot, tip string
	bigF, titleF    *face    // the menu's faces at fs: its head, a scene's title,
	capF, hintF     *face    // a scene's caption, the hints,
	numF            *face    // the scene numbers
	help            []string // helpText's lines, built once
}

func (g *Game) lecturing() bool { return len(g.lec.scenes) > 0 }

// initLecture takes the scenes and the start scene of opts (0: open the menu instead).
func (g *Game) initLecture(opts Options) error {
	if len(opts.Lecture) == 0 {
		if opts.LectureStart != 0 {
			return fmt.Errorf("lecture start scene %d given without lecture scenes", opts.LectureStart)
		}
		return nil
	}
	if opts.LectureStart < 0 || opts.LectureStart > len(opts.Lecture) {
		return fmt.Errorf("lecture start scene must be in [1, %d] (or 0 for the menu), got %d", len(opts.Lecture), opts.LectureStart)
	}
	g.lec.scenes = append([]LectureScene(nil), opts.Lecture...)
	g.lec.hot = -1
	if opts.LectureStart > 0 {
		return g.LoadScene(opts.LectureStart)
	}
	g.lec.menu = true
	return nil
}

// LoadScene starts lecture scene k (from 1) with its caption, and closes the scene menu. A
// number out of range is refused (and shown), leaving the run as it was.
func (g *Game) LoadScene(k int) error {
	n := len(g.lec.scenes)
	if n == 0 {
		err := fmt.Errorf("scene: no lecture scenes (start the desktop app with -lecture)")
		g.flash(err.Error())
		return err
	}
	if k < 1 || k > n {
		err := fmt.Errorf("scene must be in [1, %d], got %d", n, k)
		g.flash(err.Error())
		return err
	}
	sc := &g.lec.scenes[k-1]
	if err := g.LoadScenario(sc.Scenario, sceneCaption(k, sc)); err != nil {
		return err
	}
	g.lec.cur, g.lec.menu = k, false
	g.sync()
	return nil
}

func sceneCaption(k int, sc *LectureScene) Caption {
	return Caption{Title: fmt.Sprintf("%d. %s", k, sc.Title), Text: sc.Caption}
}

// ShowSceneMenu opens or closes the lecture scene menu (no-op outside lecture mode).
func (g *Game) ShowSceneMenu(on bool) {
	g.lec.menu = on && g.lecturing()
	g.lec.hot = -1
	g.publish()
}

// lectureAction carries out a lecture key: a scene number (1–10), next, previous, the menu.
func (g *Game) lectureAction(a action) {
	if !g.lecturing() {
		return
	}
	n := len(g.lec.scenes)
	switch {
	case a >= actScene1 && a <= actScene10:
		g.LoadScene(int(a-actScene1) + 1)
	case a == actSceneNext:
		if g.lec.cur >= n {
			g.flash(fmt.Sprintf("Scene %d is the last one (Tab: the menu)", n))
			return
		}
		g.LoadScene(g.lec.cur + 1)
	case a == actScenePrev:
		if g.lec.cur <= 1 {
			g.flash("This is the first scene (Tab: the menu)")
			return
		}
		g.LoadScene(g.lec.cur - 1)
	case a == actSceneMenu:
		g.ShowSceneMenu(!g.lec.menu)
	case a == actSidePanel:
		g.ShowSidePanel(!g.lec.side)
	}
}

// sideShown reports whether the side panel is laid out: not in the embed layout, and in
// lecture mode only once S asked for it.
func (g *Game) sideShown() bool { return !g.embed && (!g.lecturing() || g.lec.side) }

// ShowSidePanel shows or hides the side panel in lecture mode (no-op otherwise).
func (g *Game) ShowSidePanel(on bool) {
	if !g.lecturing() || g.lec.side == on {
		return
	}
	g.lec.side = on
	g.laidN = -1 // lay out again
	g.sync()
}

// menuInput handles the pointer while the scene menu is open: a click on a row loads that
// scene, a click outside the menu closes it.
func (g *Game) menuInput() {
	in := &g.in
	g.layoutMenu()
	g.hover = hoverInfo{}
	g.lec.hot = -1
	for i, r := range g.lec.rows {
		if in.hasPointer && r.contains(in.x, in.y) {
			g.lec.hot = i
		}
	}
	if !in.pressed {
		return
	}
	in.pressed = false
	switch {
	case g.lec.hot >= 0:
		g.LoadScene(g.lec.hot + 1)
	case !g.lec.panel.contains(in.x, in.y):
		g.ShowSceneMenu(false)
	}
}

// Menu sizes at scale 1; the whole menu shrinks (fs < s) when the window is too short for it.
const (
	menuHeadH = 64.0
	menuRowH  = 50.0
	menuFootH = 40.0
	menuMaxW  = 980.0
)

// layoutMenu places the menu's panel and rows, and fits their texts, when the window, the
// scale or the scenes changed. It needs no display (the tests click its rows).
func (g *Game) layoutMenu() {
	m := &g.lec
	n := len(m.scenes)
	key := [4]float64{g.w, g.h, g.s, float64(n)}
	if key == m.menuKey && len(m.rows) == n {
		return
	}
	m.menuKey = key
	s := g.s
	g.gfx.ensureFaces(s)
	need := (menuHeadH + menuRowH*float64(n) + menuFootH) * s
	fs := s * math.Min(1, (g.h-16)/need)
	m.fs = fs
	w := math.Min(g.w-16, menuMaxW*s)
	h := (menuHeadH + menuRowH*float64(n) + menuFootH) * fs
	m.panel = rect{g.w/2 - w/2, math.Max(8, g.h/2-h/2), w, h}
	m.rows = m.rows[:0]
	m.nums, m.titles, m.caps = m.nums[:0], m.titles[:0], m.caps[:0]
	tf, cf := g.sizedFace(true, 17*fs), g.sizedFace(false, 13.5*fs)
	for i := range m.scenes {
		r := rect{m.panel.x + 14*fs, m.panel.y + (menuHeadH+menuRowH*float64(i))*fs, m.panel.w - 28*fs, (menuRowH - 4) * fs}
		m.rows = append(m.rows, r)
		avail := r.w - 64*fs
		m.nums = append(m.nums, strconv.Itoa(i+1))
		m.titles = append(m.titles, fitLine(m.scenes[i].Title, avail, func(t string) float64 { return g.gfx.measure(t, tf) }))
		m.caps = append(m.caps, fitLine(m.scenes[i].Caption, avail, func(t string) float64 { return g.gfx.measure(t, cf) }))
	}
	hf := g.sizedFace(false, 13*fs)
	m.bigF, m.titleF, m.capF, m.hintF, m.numF = g.sizedFace(true, 22*fs), tf, cf, hf, g.sizedFace(true, 18*fs)
	m.head = "Lecture — choose a scene"
	m.tip = fitLine("1–9, 0 (= 10): scene · PageDown / PageUp: next / previous · Tab: this menu", w-28*fs-g.gfx.measure(m.head, g.sizedFace(true, 22*fs))-30*fs,
		func(t string) float64 { return g.gfx.measure(t, hf) })
	m.foot = "Click a scene or press its number · Esc or a click outside closes · ? all controls"
}

// drawLectureMenu draws the scene menu over everything, while it is open.
func (g *Game) drawLectureMenu(dst *ebiten.Image) {
	if g.lec.menu {
		g.lec.drawMenu(&g.gfx, g.w, g.h, dst)
	}
}

// drawMenu draws the scene menu as laid out over a w × h screen: the current scene marked, the
// row under the pointer lit.
func (m *lectureState) drawMenu(d *drawState, w, h float64, dst *ebiten.Image) {
	if m.numF == nil { // not laid out yet
		return
	}
	fs := m.fs
	b := d.b
	b.rect(rect{0, 0, w, h}, colInk.alpha(0.5))
	p := m.panel
	b.roundRect(p, 10*fs, colPanel)
	b.frame(p, math.Max(1, 2*fs), colInk)
	for i, r := range m.rows {
		switch {
		case i+1 == m.cur:
			b.roundRect(r, 6*fs, colAccent.alpha(0.14))
			b.frame(r, math.Max(1, 2*fs), colAccent)
		case i == m.hot:
			b.roundRect(r, 6*fs, colAccent.alpha(0.07))
			b.frame(r, math.Max(1, fs), colBorder)
		}
		bx := rect{r.x + 8*fs, r.y + r.h/2 - 16*fs, 40 * fs, 32 * fs}
		b.roundRect(bx, 6*fs, colAccent)
	}
	b.flush(dst)
	big, tf, cf, hf := m.bigF, m.titleF, m.capF, m.hintF
	d.text(dst, m.head, big, p.x+20*fs, p.y+menuHeadH*fs/2, colInk, aStart, aCenter)
	d.text(dst, m.tip, hf, p.right()-20*fs, p.y+menuHeadH*fs/2, colMuted, aEnd, aCenter)
	numF := m.numF
	for i, r := range m.rows {
		d.text(dst, m.nums[i], numF, r.x+28*fs, r.y+r.h/2, colPanel, aCenter, aCenter)
		x := r.x + 64*fs
		d.text(dst, m.titles[i], tf, x, r.y+r.h*0.32, colInk, aStart, aCenter)
		d.text(dst, m.caps[i], cf, x, r.y+r.h*0.72, colMuted, aStart, aCenter)
	}
	d.text(dst, m.foot, hf, p.x+p.w/2, p.bottom()-menuFootH*fs/2, colMuted, aCenter, aCenter)
}

// publishLecture fills the published lecture state in place (no garbage per frame).
func (g *Game) publishLecture(p *State) {
	if !g.lecturing() {
		p.Lecture = nil
		return
	}
	if p.Lecture == nil {
		p.Lecture = &LectureState{}
	}
	l := p.Lecture
	l.Scene, l.Scenes, l.Menu = g.lec.cur, len(g.lec.scenes), g.lec.menu
	l.Rows = l.Rows[:0]
	if g.lec.menu {
		for _, r := range g.lec.rows {
			l.Rows = append(l.Rows, Box{r.x / g.dsf, r.y / g.dsf, r.w / g.dsf, r.h / g.dsf})
		}
	}
}

// copyLecture is State's deep copy of the lecture state.
func copyLecture(l *LectureState) *LectureState {
	if l == nil {
		return nil
	}
	c := *l
	c.Rows = append([]Box{}, l.Rows...)
	return &c
}

// lectureHelp is the help overlay's section on the lecture keys (from the action table, made in
// its init).
var lectureHelp []string

// helpText is the help overlay's lines: the lecture keys come second, after the keys.
func (g *Game) helpText() []string {
	if !g.lecturing() {
		return helpLines
	}
	if g.lec.help == nil {
		for i, l := range helpLines {
			if l == "Reading the picture" && i > 0 {
				g.lec.help = append(append(append([]string{}, helpLines[:i-1]...), lectureHelp...), helpLines[i-1:]...)
			}
		}
		if g.lec.help == nil {
			g.lec.help = append(append([]string{}, helpLines...), lectureHelp...)
		}
	}
	return g.lec.help
}

// layoutBigRing is lecture mode's layout: up to singleRingMax nodes on an oval that fills the
// cluster area (a projector's wide screen), at equal distances along it, node 0 at the top,
// ids clockwise, with bigger nodes than the ordinary layout allows; larger clusters are laid
// out as usual. It returns the centres, the node radius and the oval (as a disc with rx).
func layoutBigRing(dst []point, n int, area rect, margin, maxR, labelRoom float64) ([]point, float64, disc) {
	d := disc{area.x + area.w/2, area.y + area.h/2, math.Max(8, math.Min(area.w, area.h)/2-margin), 0, 0}
	if n <= 1 || n > singleRingMax {
		pts, r := layoutNodes(dst, n, d, maxR, labelRoom)
		return pts, r, d
	}
	r := maxR * 1.6
	var rx, ry float64
	for k := 0; k < 3; k++ { // the node size and the oval depend on each other: settle them
		ry = math.Max(8, area.h/2-margin-r-labelRoom)
		rx = math.Min(math.Max(8, area.w/2-margin-r-labelRoom), 2.2*ry) // wide, still a ring
		r = math.Min(maxR*1.6, 0.45*ovalPerimeter(rx, ry)/float64(n))
	}
	dst = ovalPoints(dst[:0], n, d.cx, d.cy, rx, ry)
	in := r + labelRoom
	return dst, r, disc{d.cx, d.cy, ry + in, rx + in, in}
}

// ovalPerimeter is the perimeter of an ellipse (Ramanujan's approximation).
func ovalPerimeter(a, b float64) float64 {
	return math.Pi * (3*(a+b) - math.Sqrt((3*a+b)*(a+3*b)))
}

// ovalPoints appends n points at equal distances along the ellipse (cx, cy, rx, ry), the first
// at the top, clockwise on screen.
func ovalPoints(dst []point, n int, cx, cy, rx, ry float64) []point {
	const steps = 720
	var arc [steps + 1]float64
	at := func(i int) point {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/steps
		return point{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	prev := at(0)
	for i := 1; i <= steps; i++ {
		p := at(i)
		arc[i] = arc[i-1] + math.Hypot(p.x-prev.x, p.y-prev.y)
		prev = p
	}
	j := 0
	for k := 0; k < n; k++ {
		want := arc[steps] * float64(k) / float64(n)
		for j < steps && arc[j+1] < want {
			j++
		}
		f := 0.0
		if d := arc[j+1] - arc[j]; d > 0 {
			f = (want - arc[j]) / d
		}
		a, b := at(j), at(j+1)
		dst = append(dst, point{a.x + (b.x-a.x)*f, a.y + (b.y-a.y)*f})
	}
	return dst
}

// A theme is the neutral colours; the Okabe–Ito hues that carry meaning (up, alive, suspect,
// removed, left, packets) are the same in every theme.
type theme struct {
	bg, panel, border, ink, muted, faint, crashed, unknown rgba
}

// lightTheme is the default (draw.go's colours, taken at start).
var lightTheme = theme{colBG, colPanel, colBorder, colInk, colMuted, colFaint, colCrashed, colUnknown}

// presenterTheme is lecture mode's: a very-high-contrast light theme rather than a dark one. A
// projector in a lit room lifts black to grey, so a dark background loses most of its contrast
// while black ink on white keeps it; the lab's pictures are also built for a light ground (a
// crashed node is a black cross on a white body, a departed one a hollow ring). So: pure white,
// black ink, secondary text near black (not mid-grey, which washes out), borders, guide ring
// and "unknown" dark enough to survive a dim projector. The hues stay Okabe–Ito, safe for the
// common colour-vision deficiencies, and shapes still tell the states apart without colour.
var presenterTheme = theme{
	bg: hex(0xFFFFFF), panel: hex(0xFFFFFF), border: hex(0x6E6E6E), ink: hex(0x000000),
	muted: hex(0x262626), faint: hex(0xC4C4C4), crashed: hex(0x000000), unknown: hex(0x8F8F8F),
}

// useTheme sets the colours Draw uses. They are package variables: a process shows one game
// (the desktop window, the page's canvas), and NewGame sets the theme of its mode.
func useTheme(t theme) {
	colBG, colPanel, colBorder, colInk = t.bg, t.panel, t.border, t.ink
	colMuted, colFaint, colCrashed, colUnknown = t.muted, t.faint, t.crashed, t.unknown
}
