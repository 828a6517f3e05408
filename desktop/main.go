// Command desktop runs Gossip Lab in a native window, for lectures and for students who prefer
// it to the browser. Its flags mirror the page's URL parameters:
//
//	go run ./desktop -n 32 -loss 0.1 -speed 0.5 -scale 1.5 -fullscreen
//	go run ./desktop -protocol swim -k 2 -tsuspicion 4000
//	go run ./desktop -pitfalls no_tombstone,no_generation
//	go run ./desktop -lecture -fullscreen      (lecture mode: the ten lessons as scenes)
//	go run ./desktop -lecture -scene 4         (start at lesson 4 rather than the scene menu)
//	go run ./desktop -share 'https://…/index.html?share=v1.…'   (a student's share link)
//	go run ./desktop -scenario scenarios/crash-three.json  -lesson 4
//
// F toggles fullscreen, Ctrl+= / Ctrl+- scale the UI, ? shows every control. For smoke tests,
// -exit-after 5s -screenshot out.png writes the screen to a PNG and exits with status 0.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"gossiplab/view"
	"gossiplab/web"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("desktop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	vals := map[string]*string{}
	for _, name := range view.ParamNames {
		if name != "paused" {
			vals[name] = fs.String(name, "", view.ParamHelp(name))
		}
	}
	paused := fs.Bool("paused", false, view.ParamHelp("paused"))
	fullscreen := fs.Bool("fullscreen", false, "start fullscreen (F toggles)")
	size := fs.String("size", "1280x720", "window size WxH in device-independent pixels")
	exitAfter := fs.Duration("exit-after", 0, "exit with status 0 after this much wall time (e.g. 5s), for smoke tests")
	shot := fs.String("screenshot", "", "write the screen to this PNG just before -exit-after exits")
	stateFile := fs.String("state", "", "write the app's state as JSON to this file after the first frame and at exit (for tests)")
	script := fs.String("do", "", "steps to run at the start, separated by ';', e.g. \"advance 3000; crash 3; matrix on\": the app's actions, "+stepUsage())
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memprof := fs.String("memprofile", "", "write an allocation profile of the run to this file")
	lecture := fs.Bool("lecture", false, "lecture mode: the lessons as scenes (keys 1-9, 0, PageDown/PageUp, Tab: menu), large type (default -scale 1.5), presenter theme")
	scene := fs.Int("scene", 0, "with -lecture: start at this scene (1..number of lessons) instead of the scene menu")
	course := addCourseFlags(fs)
	source := addSourceFlags(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "desktop: unexpected argument %q (flags start with -)\n", fs.Arg(0))
		return 2
	}
	if *exitAfter < 0 {
		fmt.Fprintf(stderr, "desktop: -exit-after must be a positive duration such as 5s, got %v\n", *exitAfter)
		return 2
	}
	if *shot != "" && *exitAfter == 0 {
		fmt.Fprintln(stderr, "desktop: -screenshot needs -exit-after (the screenshot is taken just before exiting)")
		return 2
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	opts, errs := view.ParseParams(func(name string) (string, bool) {
		if !given[name] {
			return "", false
		}
		if name == "paused" {
			return strconv.FormatBool(*paused), true
		}
		return *vals[name], true
	})
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(stderr, "desktop: -%s\n", strings.TrimSuffix(e, "; using the default"))
		}
		return 2
	}
	var winW, winH int
	if _, err := fmt.Sscanf(*size, "%dx%d", &winW, &winH); err != nil || winW < 200 || winH < 200 || winW > 16384 || winH > 16384 {
		fmt.Fprintf(stderr, "desktop: -size must be WxH with each side in [200, 16384], got %q\n", *size)
		return 2
	}
	if code, err := lectureOptions(&opts, *lecture, *scene, given); err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", err)
		return code
	}
	if err := course.check(*lecture); err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", err)
		return 2
	}
	steps, err := parseSteps(*script)
	if err != nil {
		fmt.Fprintf(stderr, "desktop: -do: %v\n", err)
		return 2
	}
	if err := source.open(); err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", err)
		return 2
	}
	opts.HiDPI = true // crisp on Retina and other high-density screens
	opts.SaveTrace = saveTrace
	g, err := view.NewGame(opts)
	if err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", err)
		return 1
	}
	if err := course.start(g); err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", err)
		return 2
	}
	source.start(g)
	if len(steps) > 0 {
		g.Do(func(g *view.Game) {
			for _, st := range steps {
				if err := st.run(g); err != nil {
					fmt.Fprintf(stderr, "desktop: -do %s: %v\n", st.text, err)
				}
			}
		})
	}
	if *memprof != "" {
		runtime.MemProfileRate = 512
	}
	if *cpuprof != "" {
		f, err := os.Create(*cpuprof)
		if err != nil {
			fmt.Fprintf(stderr, "desktop: %v\n", err)
			return 1
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if *memprof != "" {
		defer func() {
			f, err := os.Create(*memprof)
			if err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	ebiten.SetWindowTitle("Gossip Lab — gossip membership and failure detection")
	ebiten.SetWindowSize(winW, winH)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(*fullscreen)
	r := &runner{Game: g, exitAfter: *exitAfter, shot: *shot, stateFile: *stateFile}
	if err := ebiten.RunGame(r); err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", err)
		return 1
	}
	if r.err != nil {
		fmt.Fprintf(stderr, "desktop: %v\n", r.err)
		return 1
	}
	if *exitAfter > 0 {
		r.report(stderr)
	}
	if *stateFile != "" {
		if err := r.writeState(); err != nil {
			fmt.Fprintf(stderr, "desktop: %v\n", err)
			return 1
		}
	}
	return 0
}

// runner wraps the game with the desktop-only parts: exit after a while, and the screenshot.
type runner struct {
	*view.Game
	exitAfter time.Duration
	shot      string
	stateFile string
	wroteOnce bool
	start     time.Time
	wantShot  bool
	shotDone  bool
	err       error

	// Allocation count from one second in (after warm-up) to the end.
	mem0     runtime.MemStats
	frames0  int
	measured bool
}

func (r *runner) Update() error {
	now := time.Now()
	if r.start.IsZero() {
		r.start = now
	}
	if !r.measured && now.Sub(r.start) > time.Second {
		runtime.ReadMemStats(&r.mem0)
		r.frames0, _, _ = r.FrameStats()
		r.measured = true
	}
	if r.exitAfter > 0 && now.Sub(r.start) >= r.exitAfter {
		if r.shot == "" || r.shotDone {
			return ebiten.Termination
		}
		r.wantShot = true // Draw takes it, the next Update exits
	}
	if err := r.Game.Update(); err != nil {
		return err
	}
	if r.stateFile != "" && !r.wroteOnce {
		r.wroteOnce = true
		if err := r.writeState(); err != nil {
			r.err = err
			return ebiten.Termination
		}
	}
	return nil
}

// writeState writes the published state as JSON (atomically, so a reader never sees half).
func (r *runner) writeState() error {
	data, err := json.MarshalIndent(r.State(), "", " ")
	if err != nil {
		return err
	}
	tmp := r.stateFile + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, r.stateFile)
}

func (r *runner) Draw(screen *ebiten.Image) {
	r.Game.Draw(screen)
	if r.wantShot && !r.shotDone {
		r.shotDone = true
		r.err = writePNG(screen, r.shot)
	}
}

// writePNG saves the screen's pixels.
func writePNG(screen *ebiten.Image, path string) error {
	b := screen.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	screen.ReadPixels(img.Pix)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// report prints the frame statistics of the run.
func (r *runner) report(w io.Writer) {
	frames, upd, drw := r.FrameStats()
	st := r.State()
	allocs := "n/a"
	if r.measured && frames > r.frames0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		allocs = fmt.Sprintf("%.1f allocs, %.0f B", float64(m.Mallocs-r.mem0.Mallocs)/float64(frames-r.frames0),
			float64(m.TotalAlloc-r.mem0.TotalAlloc)/float64(frames-r.frames0))
	}
	fmt.Fprintf(w, "desktop: %d nodes, %d frames in %.1f s (%.0f TPS); CPU per frame: update %.2f ms, draw %.2f ms; per frame after warm-up: %s; virtual time %.1f s, %d in flight\n",
		len(st.Nodes), frames, time.Since(r.start).Seconds(), ebiten.ActualTPS(), upd, drw, allocs,
		float64(st.TimeMs)/1000, st.InFlight)
}

// lectureOptions sets lecture mode in opts from -lecture and -scene (given: the flags set on
// the command line). A bad flag is status 2; lessons that cannot be read (a broken build) 1.
func lectureOptions(opts *view.Options, lecture bool, scene int, given map[string]bool) (int, error) {
	if given["scene"] && !lecture {
		return 2, fmt.Errorf("-scene needs -lecture")
	}
	if !lecture {
		return 0, nil
	}
	scenes, err := lectureScenes()
	if err != nil {
		return 1, fmt.Errorf("-lecture: %v", err)
	}
	if given["scene"] && (scene < 1 || scene > len(scenes)) {
		return 2, fmt.Errorf("-scene must be a whole number in [1, %d], got %d", len(scenes), scene)
	}
	opts.Lecture, opts.LectureStart = scenes, scene
	if !given["scale"] {
		opts.UIScale = 0 // lecture mode's default, view.DefaultLectureScale
	}
	return 0, nil
}

// lectureScenes are the lessons of web/lessons/, in the course's order, as lecture scenes.
// (The scenarios/*.json files at the repository root are not included: go:embed cannot reach
// them from web/, and a copy here would drift from them.)
func lectureScenes() ([]view.LectureScene, error) {
	ls, err := web.LoadLessons()
	if err != nil {
		return nil, err
	}
	scenes := make([]view.LectureScene, len(ls))
	for i, l := range ls {
		scenes[i] = view.LectureScene{Title: l.Title, Caption: l.Summary, Scenario: l.Scenario}
	}
	return scenes, nil
}
