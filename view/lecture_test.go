package view

import (
	"math"
	"strings"
	"testing"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/web"
)

// newLectureGame starts lecture mode with the ten lessons as scenes, as `desktop -lecture`
// does, in a w×h window; start is the first scene (0: the menu).
func newLectureGame(t testing.TB, start, w, h int) (*Game, []lesson.Lesson) {
	t.Helper()
	ls, err := web.LoadLessons()
	if err != nil {
		t.Fatal(err)
	}
	scenes := make([]LectureScene, len(ls))
	for i, l := range ls {
		scenes[i] = LectureScene{Title: l.Title, Caption: l.Summary, Scenario: l.Scenario}
	}
	g, err := NewGame(Options{Config: core.DefaultConfig(), Lecture: scenes, LectureStart: start})
	if err != nil {
		t.Fatalf("NewGame(lecture, start %d): %v", start, err)
	}
	t.Cleanup(func() { useTheme(lightTheme) })
	g.Layout(w, h)
	return g, ls
}

// key presses the keys of actions as one frame of input.
func key(g *Game, acts ...action) { frame(g, inputFrame{actions: acts}) }

// wantScene checks the state shows lesson k's scenario and caption.
func wantScene(t *testing.T, g *Game, ls []lesson.Lesson, k int) {
	t.Helper()
	st := g.State()
	l := &ls[k-1]
	if st.Lecture == nil || st.Lecture.Scene != k || st.Lecture.Menu {
		t.Fatalf("lecture state %+v, want scene %d with the menu closed", st.Lecture, k)
	}
	if st.Caption != LessonCaption(l) {
		t.Fatalf("caption %+v, want lesson %d's %+v", st.Caption, k, LessonCaption(l))
	}
	if st.Scenario != l.Scenario.Name || len(st.Nodes) != l.Scenario.Config.N || st.Params.Protocol != l.Scenario.Config.Protocol || st.TimeMs != 0 {
		t.Fatalf("scenario %q with %d nodes (%s) at %d ms, want lesson %d's %q with %d nodes (%s) from 0",
			st.Scenario, len(st.Nodes), st.Params.Protocol, st.TimeMs, k, l.Scenario.Name, l.Scenario.Config.N, l.Scenario.Config.Protocol)
	}
}

func TestLectureNumberKeysAndPaging(t *testing.T) {
	g, ls := newLectureGame(t, 0, 1280, 720)
	st := g.State()
	if st.Lecture == nil || !st.Lecture.Menu || st.Lecture.Scene != 0 || st.Lecture.Scenes != 10 || len(st.Lecture.Rows) != 10 {
		t.Fatalf("at the start: %+v, want the menu open over 10 scenes, none chosen", st.Lecture)
	}
	key(g, actScene4)
	wantScene(t, g, ls, 4)
	g.AdvanceNow(3000)
	key(g, actSceneNext) // PageDown
	wantScene(t, g, ls, 5)
	key(g, actScenePrev, actScenePrev) // PageUp twice
	wantScene(t, g, ls, 3)
	key(g, actScene10) // the 0 key
	wantScene(t, g, ls, 10)
	key(g, actSceneNext) // past the last: stays, says so
	wantScene(t, g, ls, 10)
	if !strings.Contains(g.toast.msg, "last") {
		t.Errorf("PageDown on the last scene: toast %q", g.toast.msg)
	}
	key(g, actScene1)
	key(g, actScenePrev)
	wantScene(t, g, ls, 1)
}

func TestLectureMenu(t *testing.T) {
	g, ls := newLectureGame(t, 0, 1280, 720)
	rows := g.State().Lecture.Rows
	r := rows[6]
	click(g, r.X+r.W/2, r.Y+r.H/2, false)
	wantScene(t, g, ls, 7)
	if len(g.State().Lecture.Rows) != 0 {
		t.Fatal("rows published while the menu is closed")
	}
	// Tab opens it again; a click on a node under it does nothing but close it from outside.
	key(g, actSceneMenu)
	st := g.State()
	if !st.Lecture.Menu || len(st.Lecture.Rows) != 10 {
		t.Fatalf("after Tab: %+v", st.Lecture)
	}
	for i := 1; i < len(st.Lecture.Rows); i++ { // rows inside the window, one under the other
		a, b := st.Lecture.Rows[i-1], st.Lecture.Rows[i]
		if b.Y < a.Y+a.H || b.Y+b.H > 720 || b.X < 0 || b.X+b.W > 1280 {
			t.Fatalf("menu rows %d and %d: %+v %+v", i-1, i, a, b)
		}
	}
	click(g, 3, 715, false) // outside the panel
	if st := g.State(); st.Lecture.Menu || st.Lecture.Scene != 7 {
		t.Fatalf("a click outside the menu: %+v, want it closed on scene 7", st.Lecture)
	}
	key(g, actSceneMenu)
	key(g, actEscape)
	if g.State().Lecture.Menu {
		t.Fatal("Esc left the menu open")
	}
	key(g, actSceneMenu)
	key(g, actScene2) // a number key with the menu open loads and closes it
	wantScene(t, g, ls, 2)
}

// A menu on a short window shrinks to fit rather than running off the screen.
func TestLectureMenuFitsShortWindow(t *testing.T) {
	g, _ := newLectureGame(t, 0, 800, 450)
	rows := g.State().Lecture.Rows
	last := rows[len(rows)-1]
	if last.Y+last.H > 450 || rows[0].Y < 0 {
		t.Fatalf("rows from y=%.0f to %.0f in a 450-pixel window", rows[0].Y, last.Y+last.H)
	}
}

func TestLectureRefusesBadSceneNumbers(t *testing.T) {
	g, ls := newLectureGame(t, 4, 1280, 720)
	wantScene(t, g, ls, 4)
	for _, k := range []int{0, -1, 11} {
		err := g.LoadScene(k)
		if err == nil || !strings.Contains(err.Error(), "scene must be in [1, 10]") {
			t.Errorf("LoadScene(%d): %v", k, err)
		}
		wantScene(t, g, ls, 4)
	}
	// Fewer scenes than keys: key 5 of three scenes is refused.
	three := []LectureScene{}
	for _, l := range ls[:3] {
		three = append(three, LectureScene{Title: l.Title, Caption: l.Summary, Scenario: l.Scenario})
	}
	g3, err := NewGame(Options{Config: core.DefaultConfig(), Lecture: three, LectureStart: 2})
	if err != nil {
		t.Fatal(err)
	}
	key(g3, actScene5)
	if st := g3.State(); st.Lecture.Scene != 2 || !strings.Contains(g3.toast.msg, "scene must be in [1, 3], got 5") {
		t.Fatalf("key 5 of 3 scenes: scene %d, toast %q", st.Lecture.Scene, g3.toast.msg)
	}
	for _, start := range []int{-1, 4} {
		if _, err := NewGame(Options{Config: core.DefaultConfig(), Lecture: three, LectureStart: start}); err == nil ||
			!strings.Contains(err.Error(), "must be in [1, 3]") {
			t.Errorf("start scene %d: %v", start, err)
		}
	}
	if _, err := NewGame(Options{Config: core.DefaultConfig(), LectureStart: 2}); err == nil {
		t.Error("a start scene without scenes was accepted")
	}
	useTheme(lightTheme)
}

// Outside lecture mode the number keys do nothing, and LoadScene says why.
func TestSceneKeysIgnoredOutsideLecture(t *testing.T) {
	g := newTestGame(t, 12, 1280, 720)
	key(g, actScene4, actSceneNext, actSceneMenu)
	if st := g.State(); st.Lecture != nil || len(st.Nodes) != 12 || st.Caption != (Caption{}) {
		t.Fatalf("scene keys outside lecture mode changed the state: %+v, %d nodes, caption %+v", st.Lecture, len(st.Nodes), st.Caption)
	}
	if err := g.LoadScene(1); err == nil || !strings.Contains(err.Error(), "-lecture") {
		t.Fatalf("LoadScene outside lecture mode: %v", err)
	}
}

// Lecture mode starts at the large scale, in the presenter theme, with bigger nodes; the help
// lists the lecture keys.
func TestLectureLooks(t *testing.T) {
	plain := newTestGame(t, 16, 1280, 720)
	g, _ := newLectureGame(t, 4, 1280, 720)                              // lesson 4: 16 nodes
	_, plainR := layoutNodes(nil, 16, g.L.disc, 30*g.s, g.labelRoom(16)) // the normal size in the same room
	if g.uiScale != DefaultLectureScale {
		t.Errorf("ui scale %g, want %g", g.uiScale, DefaultLectureScale)
	}
	if colBG != presenterTheme.bg || colInk != presenterTheme.ink {
		t.Error("lecture mode is not in the presenter theme")
	}
	if r := g.State().Nodes[0].R; r < 1.12*plainR || r < 20 {
		t.Errorf("lecture node radius %.1f, want at least 1.12 × the normal %.1f", r, plainR)
	}
	if g.L.side.w != 0 || g.sideShown() {
		t.Error("the side panel is shown at the start of lecture mode")
	}
	w := g.L.cluster.w
	key(g, actSidePanel) // S
	if g.L.side.w <= 0 || g.L.cluster.w >= w || g.State().Controls["loss"].W <= 0 {
		t.Errorf("S: side %+v, cluster width %.0f (was %.0f), loss slider %+v", g.L.side, g.L.cluster.w, w, g.State().Controls["loss"])
	}
	key(g, actSidePanel)
	if g.L.side.w != 0 || g.State().Controls["loss"].W != 0 {
		t.Errorf("S again: side %+v, loss slider %+v", g.L.side, g.State().Controls["loss"])
	}
	help := strings.Join(g.helpText(), "\n")
	for _, k := range []string{"Lecture", "PageDown", "Tab", "1–9, 0"} {
		if !strings.Contains(help, k) {
			t.Errorf("help lacks %q", k)
		}
	}
	if strings.Contains(strings.Join(plain.helpText(), "\n"), "PageDown") {
		t.Error("the normal help lists lecture keys")
	}
}

// The caption's band sits above the cluster: no node under it, at any size, in lecture mode and
// in the plain (embed) layout that sets a caption.
func TestCaptionBandAboveNodes(t *testing.T) {
	check := func(name string, g *Game) {
		t.Helper()
		c := g.capt
		if c.h <= 0 || c.title == "" || c.nLines == 0 {
			t.Fatalf("%s: no caption laid out: %+v", name, c)
		}
		cl := g.L.cluster
		for _, nd := range g.State().Nodes {
			if nd.Y-nd.R < c.r.bottom()-0.5 || nd.X-nd.R < cl.x-0.5 || nd.X+nd.R > cl.right()+0.5 || nd.Y+nd.R > cl.bottom()+0.5 {
				t.Fatalf("%s: node %d at (%.0f, %.0f) r %.0f reaches into the caption band %+v or out of %+v", name, nd.ID, nd.X, nd.Y, nd.R, c.r, cl)
			}
		}
		for i, a := range g.State().Nodes {
			for _, b := range g.State().Nodes[i+1:] {
				if math.Hypot(a.X-b.X, a.Y-b.Y) < a.R+b.R {
					t.Fatalf("%s: nodes %d and %d overlap", name, a.ID, b.ID)
				}
			}
		}
	}
	for _, win := range [][2]int{{1280, 720}, {1920, 1080}, {1024, 768}} {
		for k := 1; k <= 10; k++ {
			g, _ := newLectureGame(t, k, win[0], win[1])
			check("lecture", g)
		}
	}
	opts, _ := ParseParams(query(map[string]string{"embed": "1", "n": "12"}))
	g, err := NewGame(opts)
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(800, 500)
	top := g.State().Nodes[0].Y
	g.SetCaption(Caption{Title: "4. Failure detection", Text: "Crash two nodes and watch the others first suspect them, then remove them."})
	check("embed", g)
	if g.State().Nodes[0].Y <= top {
		t.Error("the caption did not push the cluster down")
	}
	g.SetCaption(Caption{})
	if g.capt.h != 0 || g.State().Nodes[0].Y != top {
		t.Error("hiding the caption did not give the room back")
	}
}

func TestWrapAndFit(t *testing.T) {
	m := func(s string) float64 { return float64(len([]rune(s))) }
	if got := wrapText("aa bb cc dd", 5, 2, m); len(got) != 2 || got[0] != "aa bb" || got[1] != "cc dd" {
		t.Errorf("wrap: %q", got)
	}
	if got := wrapText("aa bb cc dd ee", 5, 2, m); len(got) != 2 || got[1] != "cc d…" {
		t.Errorf("wrap with overflow: %q", got)
	}
	if got := fitLine("abcdefgh", 4, m); got != "abc…" {
		t.Errorf("fit: %q", got)
	}
	if got := wrapText("", 5, 2, m); len(got) != 0 {
		t.Errorf("empty: %q", got)
	}
}

// On a 1080p projector the lecture cluster takes the room under the caption: an oval as wide
// as the screen allows, from the caption band down to the legend, nodes big enough for the back
// rows. Every scene, no node out of the room, no two touching (TestCaptionBandAboveNodes).
func TestLectureClusterFillsTheProjector(t *testing.T) {
	for k := 1; k <= 10; k++ {
		g, _ := newLectureGame(t, k, 1920, 1080)
		nodes := g.State().Nodes
		if len(nodes) > singleRingMax {
			continue
		}
		minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, nd := range nodes {
			minX, maxX = math.Min(minX, nd.X-nd.R), math.Max(maxX, nd.X+nd.R)
			minY, maxY = math.Min(minY, nd.Y-nd.R), math.Max(maxY, nd.Y+nd.R)
		}
		cl := g.L.cluster
		if h := (maxY - minY) / cl.h; h < 0.75 {
			t.Errorf("scene %d: the nodes span %.0f %% of the room's height under the caption", k, 100*h)
		}
		if w := (maxX - minX) / g.w; w < 0.45 {
			t.Errorf("scene %d: the nodes span %.0f %% of the screen's width", k, 100*w)
		}
		if r := nodes[0].R; len(nodes) <= 32 && r < 30 || r < 15 {
			t.Errorf("scene %d: node radius %.0f px for %d nodes on a 1080p projector", k, r, len(nodes))
		}
	}
}
