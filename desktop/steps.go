package main

import (
	"fmt"
	"strconv"
	"strings"

	"gossiplab/core"
	"gossiplab/view"
)

// step is one action of the -do script, run on the game's goroutine before the first frame.
// Scripts set up a demo (or a screenshot) without clicking:
//
//	crash N | restart N | leave N | add      core commands
//	select N | matrix | help | pause | play  what is shown
//	advance MS                               run virtual time forward at once
//	cut DEG                                  partition along a line through the centre at DEG degrees
//	set PARAM VALUE                          a core parameter (loss, t_suspect_ms, …)
//	protocol NAME                            switch to heartbeat, swim or rumor (starts again)
//	mode NAME | inject N                     rumor: push, pull or pushpull (starts again); start the rumor at N
//	pitfall NAME on|off                      switch a pitfall (no_tombstone, no_generation, timestamp_merge)
//	scene N | menu                           lecture mode: load scene N; open the scene menu
type step struct {
	text string
	run  func(g *view.Game) error
}

func parseSteps(script string) ([]step, error) {
	var steps []step
	for _, raw := range strings.Split(script, ";") {
		f := strings.Fields(raw)
		if len(f) == 0 {
			continue
		}
		text := strings.Join(f, " ")
		num := func(i int) (float64, error) {
			if len(f) <= i {
				return 0, fmt.Errorf("%q needs a number", text)
			}
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return 0, fmt.Errorf("%q: %q is not a number", text, f[i])
			}
			return v, nil
		}
		var st step
		st.text = text
		switch f[0] {
		case "crash", "restart", "leave":
			v, err := num(1)
			if err != nil {
				return nil, err
			}
			op := core.Op(f[0])
			st.run = func(g *view.Game) error { return g.Apply(core.Command{Op: op, Node: core.NodeID(v)}) }
		case "add":
			st.run = func(g *view.Game) error { return g.Apply(core.Command{Op: core.OpAdd}) }
		case "select":
			v, err := num(1)
			if err != nil {
				return nil, err
			}
			st.run = func(g *view.Game) error { return g.Select(int(v)) }
		case "matrix":
			st.run = func(g *view.Game) error { g.ShowMatrix(true); return nil }
		case "help":
			st.run = func(g *view.Game) error { g.ShowHelp(true); return nil }
		case "pause":
			st.run = func(g *view.Game) error { g.Pause(); return nil }
		case "play":
			st.run = func(g *view.Game) error { g.Play(); return nil }
		case "advance":
			v, err := num(1)
			if err != nil {
				return nil, err
			}
			st.run = func(g *view.Game) error { g.AdvanceNow(core.Time(v)); return nil }
		case "cut":
			v, err := num(1)
			if err != nil {
				return nil, err
			}
			st.run = func(g *view.Game) error { return g.PartitionAcross(v) }
		case "set":
			if len(f) < 3 {
				return nil, fmt.Errorf("%q needs a parameter and a value", text)
			}
			v, err := num(2)
			if err != nil {
				return nil, err
			}
			param := f[1]
			st.run = func(g *view.Game) error { return g.Apply(core.Command{Op: core.OpSet, Param: param, Value: v}) }
		case "protocol":
			if len(f) != 2 {
				return nil, fmt.Errorf("%q needs a protocol name (heartbeat, swim or rumor)", text)
			}
			name := f[1]
			st.run = func(g *view.Game) error { return g.SetProtocol(name) }
		case "mode":
			if len(f) != 2 {
				return nil, fmt.Errorf("%q needs a rumor mode (push, pull or pushpull)", text)
			}
			name := f[1]
			st.run = func(g *view.Game) error { return g.SetRumorMode(name) }
		case "inject":
			v, err := num(1)
			if err != nil {
				return nil, err
			}
			st.run = func(g *view.Game) error { return g.Inject(int(v)) }
		case "pitfall":
			if len(f) != 3 || (f[2] != "on" && f[2] != "off") {
				return nil, fmt.Errorf("%q needs a pitfall name and on or off", text)
			}
			name, on := f[1], f[2] == "on"
			st.run = func(g *view.Game) error { return g.SetPitfall(name, on) }
		case "scene":
			v, err := num(1)
			if err != nil {
				return nil, err
			}
			st.run = func(g *view.Game) error { return g.LoadScene(int(v)) }
		case "menu":
			st.run = func(g *view.Game) error { g.ShowSceneMenu(true); return nil }
		default:
			return nil, fmt.Errorf("unknown step %q (known: crash, restart, leave, add, select, matrix, help, pause, play, advance, cut, set, protocol, mode, inject, pitfall, scene, menu)", f[0])
		}
		steps = append(steps, st)
	}
	return steps, nil
}
