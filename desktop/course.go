package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/view"
	"gossiplab/web"
)

// courseFlags are the desktop's versions of the page's share=, scenario= and lesson=
// parameters: a lecturer opens a student's share link, a scenario file or one lesson's
// scenario without going through the menu.
type courseFlags struct {
	share, scenario, lesson *string
}

func addCourseFlags(fs *flag.FlagSet) courseFlags {
	return courseFlags{
		share:    fs.String("share", "", "open a share link: the v1.… text, or the whole URL with ?share= (replays to the same state, paused)"),
		scenario: fs.String("scenario", "", "play a scenario file (e.g. scenarios/crash-three.json): its config and timed commands"),
		lesson:   fs.String("lesson", "", "start a lesson's scenario with its title as the caption: 1..10 or its id (e.g. 04-failure-detection)"),
	}
}

// check refuses combinations that say two different things to start with; it names the flags.
func (c courseFlags) check(lecture bool) error {
	var set []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"share", c.share}, {"scenario", c.scenario}, {"lesson", c.lesson}} {
		if *f.v != "" {
			set = append(set, "-"+f.name)
		}
	}
	if len(set) > 1 {
		return fmt.Errorf("%s: give only one of them (each says what runs at the start)", strings.Join(set, " and "))
	}
	if len(set) == 1 && lecture {
		return fmt.Errorf("%s with -lecture: lecture mode starts from its scene menu (use -scene N)", set[0])
	}
	return nil
}

// start loads what the flags ask for into g, before the window opens. Errors name the flag.
func (c courseFlags) start(g *view.Game) error {
	switch {
	case *c.share != "":
		if err := g.OpenShare(shareText(*c.share)); err != nil {
			return fmt.Errorf("-share: %v", err)
		}
	case *c.scenario != "":
		data, err := os.ReadFile(*c.scenario)
		if err != nil {
			return fmt.Errorf("-scenario: %v", err)
		}
		sc, err := core.ParseScenario(data)
		if err != nil {
			return fmt.Errorf("-scenario: %s: %v", *c.scenario, err)
		}
		if err := g.LoadScenario(sc, view.Caption{}); err != nil {
			return fmt.Errorf("-scenario: %s: %v", *c.scenario, err)
		}
	case *c.lesson != "":
		ls, err := web.LoadLessons()
		if err != nil {
			return fmt.Errorf("-lesson: %v", err)
		}
		k := findLesson(ls, *c.lesson)
		if k < 0 {
			ids := make([]string, len(ls))
			for i := range ls {
				ids[i] = ls[i].ID
			}
			return fmt.Errorf("-lesson must be a number in [1, %d] or one of %s, got %q", len(ls), strings.Join(ids, ", "), *c.lesson)
		}
		if err := g.StartLesson(&ls[k], nil); err != nil {
			return fmt.Errorf("-lesson: %v", err)
		}
		g.SetCaption(view.LessonCaption(&ls[k]))
	}
	return nil
}

// shareText takes the link text out of a pasted URL (…?share=v1.…), or returns s as it is.
func shareText(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "?"); i >= 0 && strings.Contains(s, "share=") {
		if q, err := url.ParseQuery(s[i+1:]); err == nil && q.Get("share") != "" {
			return q.Get("share")
		}
	}
	return s
}

// findLesson resolves a -lesson value (a number from 1, or an id with or without .json) to an
// index into ls, or -1.
func findLesson(ls []lesson.Lesson, v string) int {
	v = strings.TrimSuffix(strings.TrimSpace(v), ".json")
	if n, err := strconv.Atoi(v); err == nil {
		if n >= 1 && n <= len(ls) {
			return n - 1
		}
		return -1
	}
	for i := range ls {
		if ls[i].ID == v {
			return i
		}
	}
	return -1
}
