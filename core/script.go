package core

import (
	"fmt"
	"slices"
	"strings"
)

// Script is a list of timed commands in time order: what scenario files, share links, the
// timeline's log and the CLI's flags give. One place checks it as a whole and plays it.
type Script []TimedCommand

// Check validates the whole script before anything runs, so that a command that can never apply
// is refused when the file or link is loaded, not when its time comes minutes later: each
// command's op and fields; times in [0, end] (endName says what end is, e.g. duration_ms) and in
// order (inOrder) or just in range; every node
// a command names exists by then (n at the start, plus the adds before it); a partition's
// groups are disjoint and non-empty. Errors name the command by its index: "commands[3]: …".
// Whether a command applies to the run's state then (crashing a node that is already down) is
// only known when it runs.
//
// Commands are taken in time order (equal times in list order), as they will run; an error
// names a command by its index in the list as given.
func (sc Script) Check(n int, end Time, endName string, inOrder bool) error {
	order := make([]int, len(sc))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(sc[a].At - sc[b].At) })
	nodes := n
	for _, i := range order {
		c := sc[i]
		where := fmt.Sprintf("commands[%d]", i)
		if c.At < 0 || c.At > end {
			return fmt.Errorf("%s: at_ms must be in [0, %s=%d], got %d", where, endName, end, c.At)
		}
		if inOrder && i > 0 && c.At < sc[i-1].At {
			return fmt.Errorf("%s: at_ms %d comes before the command before it (%d ms)", where, c.At, sc[i-1].At)
		}
		if err := c.check(nodes); err != nil {
			if c.Op == OpSet || !isOp(c.Op) {
				return fmt.Errorf("%s: %v", where, err)
			}
			return fmt.Errorf("%s: %s at %d ms: %v", where, c.Op, c.At, err)
		}
		if c.Op == OpAdd {
			nodes++
		}
	}
	return nil
}

func isOp(op Op) bool {
	switch op {
	case OpCrash, OpRestart, OpLeave, OpAdd, OpSet, OpPartition, OpHeal, OpDrop, OpInject:
		return true
	}
	return false
}

// check validates one command against a cluster of n nodes.
func (c TimedCommand) check(n int) error {
	switch c.Op {
	case OpCrash, OpRestart, OpLeave, OpInject:
		if c.Node < 0 || int(c.Node) >= n {
			return fmt.Errorf("node must be in [0, %d] (the cluster has %d nodes then), got %d", n-1, n, c.Node)
		}
	case OpSet:
		for _, name := range append([]string{c.Param}, settingNames(c.Also)...) {
			if p := ParamByName(name); (p == nil || !p.Live) && name != "node_loss" {
				return fmt.Errorf("param must be one of %s, node_loss; got %q", strings.Join(ParamNames(LiveParam), ", "), name)
			}
		}
		if c.Param == "node_loss" && (c.Node < 0 || int(c.Node) >= n) {
			return fmt.Errorf("node must be in [0, %d] (the cluster has %d nodes then), got %d", n-1, n, c.Node)
		}
	case OpPartition:
		return checkGroups(c.Groups, n)
	case OpAdd:
		if n >= MaxNodes {
			return fmt.Errorf("the cluster already has the maximum of %d nodes", MaxNodes)
		}
	case OpHeal, OpDrop:
	default:
		return fmt.Errorf("op must be one of crash, restart, leave, add, set, partition, heal, drop, inject; got %q", c.Op)
	}
	return nil
}

func settingNames(ss []Setting) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Param
	}
	return out
}

// checkGroups: at least one group, every node in [0, n) and in one group at most.
func checkGroups(groups [][]NodeID, n int) error {
	if len(groups) == 0 {
		return fmt.Errorf("groups must list at least one group of nodes")
	}
	seen := make(map[NodeID]int, n)
	for gi, g := range groups {
		for _, id := range g {
			if id < 0 || int(id) >= n {
				return fmt.Errorf("groups[%d]: nodes must be in [0, %d], got %d", gi, n-1, id)
			}
			if first, ok := seen[id]; ok {
				return fmt.Errorf("groups[%d]: node %d is already in groups[%d]", gi, id, first)
			}
			seen[id] = gi
		}
	}
	return nil
}
