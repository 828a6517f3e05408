package main

import (
	"fmt"
	"strings"

	"gossiplab/view"
)

// step is one action of the -do script, run on the game's goroutine before the first frame.
// Scripts set up a demo (or a screenshot) without clicking. A step is an action of the app's
// action table (view/actions.go) with its arguments, e.g.
//
//	crash N | restart N | leave N | add      core commands
//	select N | pause | play                  what is shown
//	matrix | help | menu [on|off]            open or close (no word: the other way from now)
//	advance MS                               run virtual time forward at once
//	cut DEG                                  partition along a line through the centre at DEG degrees
//	set PARAM VALUE                          a core parameter (loss, t_suspect_ms, …)
//	protocol NAME                            switch to heartbeat, swim or rumor (starts again)
//	mode NAME | inject N                     rumor: push, pull or pushpull (starts again); start the rumor at N
//	pitfall NAME on|off                      switch a pitfall (no_tombstone, no_generation, timestamp_merge)
//	scene N                                  lecture mode: load scene N
type step struct {
	text  string
	words []string
}

// stepUsage lists the steps as -help shows them: every action with its arguments.
func stepUsage() string {
	var out []string
	for _, name := range view.ActionNames() {
		out = append(out, view.ActionUsage(name))
	}
	return strings.Join(out, ", ")
}

// parseSteps splits a script at ";" and checks every step before anything runs.
func parseSteps(script string) ([]step, error) {
	var steps []step
	for _, raw := range strings.Split(script, ";") {
		f := strings.Fields(raw)
		if len(f) == 0 {
			continue
		}
		if view.ActionUsage(f[0]) == "" {
			return nil, fmt.Errorf("unknown step %q (known: %s)", f[0], strings.Join(view.ActionNames(), ", "))
		}
		if err := view.CheckAction(f); err != nil {
			return nil, err
		}
		steps = append(steps, step{text: strings.Join(f, " "), words: f})
	}
	return steps, nil
}

// run carries out the step.
func (st step) run(g *view.Game) error { return g.DoAction(st.words[0], st.words[1:]...) }
