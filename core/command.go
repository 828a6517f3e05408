package core

import (
	"fmt"
)

// Op names a command.
type Op string

const (
	OpCrash     Op = "crash"     // Node stops at once, without a word
	OpRestart   Op = "restart"   // crashed or departed Node comes back: generation+1, heartbeat 0, joins via a seed
	OpLeave     Op = "leave"     // Node announces its departure and stops
	OpAdd       Op = "add"       // a new node joins through the seeds (Node is ignored; the next id is used)
	OpSet       Op = "set"       // set Param to Value, and the settings of Also with it, at once
	OpPartition Op = "partition" // split the network into Groups; unlisted nodes form one more group
	OpHeal      Op = "heal"      // remove the partition
	OpDrop      Op = "drop"      // drop message Msg, in flight, by hand
	OpInject    Op = "inject"    // start the rumor at Node (Protocol "rumor")
)

// Command is one user action, applied at the current virtual time. It is plain data so that
// scenario files, share links and the JS API can carry it.
type Command struct {
	Op     Op         `json:"op"`
	Node   NodeID     `json:"node"`
	Param  string     `json:"param,omitempty"`
	Value  float64    `json:"value,omitempty"`
	Groups [][]NodeID `json:"groups,omitempty"`
	Msg    uint64     `json:"msg,omitempty"`
	// Also (OpSet) lists more parameters set with Param in one step, validated together
	// (core.SetParams): T_suspect and T_remove can move past each other in one command.
	Also []Setting `json:"also,omitempty"`
}

// Apply carries out cmd now. A command that cannot apply (an unknown node, crashing a node that
// is down, a parameter out of range) returns an error that says why and changes nothing.
func (s *Sim) Apply(cmd Command) error {
	switch cmd.Op {
	case OpCrash:
		n, err := s.nodeFor(cmd, StatusUp)
		if err != nil {
			return err
		}
		s.crash(n)
	case OpRestart:
		n, err := s.nodeFor(cmd, StatusCrashed, StatusLeft)
		if err != nil {
			return err
		}
		if n.gen == ^uint16(0) {
			return fmt.Errorf("restart: node %d has used all %d generations", n.id, n.gen)
		}
		s.restart(n)
	case OpLeave:
		n, err := s.nodeFor(cmd, StatusUp)
		if err != nil {
			return err
		}
		s.leave(n)
	case OpAdd:
		if len(s.nodes) >= MaxNodes {
			return fmt.Errorf("add: the cluster already has the maximum of %d nodes", MaxNodes)
		}
		s.join()
	case OpSet:
		return s.set(cmd)
	case OpPartition:
		return s.partition(cmd.Groups)
	case OpHeal:
		s.net.split = false
		clear(s.net.group)
		s.emit(Event{Time: s.now, Kind: EvHealed, Node: NoNode, Peer: NoNode})
	case OpDrop:
		return s.dropByHand(cmd.Msg)
	case OpInject:
		if s.cfg.Protocol != ProtocolRumor {
			return fmt.Errorf("inject: a rumor needs protocol rumor, this run is %s", s.cfg.Protocol)
		}
		n, err := s.nodeFor(cmd, StatusUp)
		if err != nil {
			return err
		}
		s.inject(n)
	default:
		return fmt.Errorf("op must be one of crash, restart, leave, add, set, partition, heal, drop, inject; got %q", cmd.Op)
	}
	return nil
}

// nodeFor returns the node a command names, checking that it exists and has an allowed status.
func (s *Sim) nodeFor(cmd Command, allowed ...Status) (*node, error) {
	if cmd.Node < 0 || int(cmd.Node) >= len(s.nodes) {
		return nil, fmt.Errorf("%s: node must be in [0, %d], got %d", cmd.Op, len(s.nodes)-1, cmd.Node)
	}
	n := s.nodes[cmd.Node]
	for _, st := range allowed {
		if n.status == st {
			return n, nil
		}
	}
	return nil, fmt.Errorf("%s: node %d is %s", cmd.Op, n.id, n.status)
}

// goDown takes a node out of the live observers.
func (s *Sim) goDown(n *node, st Status) {
	n.status = st
	n.epoch++
	s.beliefs.observe(n, -1)
}

func (s *Sim) crash(n *node) {
	s.goDown(n, StatusCrashed)
	s.emit(Event{Time: s.now, Kind: EvCrashed, Node: n.id, Peer: NoNode, Generation: n.gen})
	s.metrics.detections = append(s.metrics.detections, Detection{Node: n.id, Generation: n.gen,
		CrashedAt: s.now, FirstSuspect: -1, AllSuspect: -1, AllRemoved: -1, Open: true})
	s.checkDetections(NoNode) // one fewer observer may complete other detections, or this one
}

func (s *Sim) restart(n *node) {
	for i := range s.metrics.detections {
		if d := &s.metrics.detections[i]; d.Node == n.id {
			d.Open = false
		}
	}
	if !s.cfg.Pitfalls.NoGeneration {
		n.gen++
	}
	if n.informed { // the rumor lived in the memory it lost
		n.informed = false
		s.informed--
	}
	n.epoch++
	n.status = StatusUp
	s.startLife(n)
	s.emit(Event{Time: s.now, Kind: EvRestarted, Node: n.id, Peer: NoNode, Generation: n.gen})
}

// startLife gives n a fresh list (itself and the seeds) and its first tick.
func (s *Sim) startLife(n *node) {
	n.reset(s.now, s.cfg.Seeds)
	n.changes = n.changes[:0] // a fresh list is not news about anyone
	if s.swim() {
		n.swimReset()
	}
	s.beliefs.observe(n, +1)
	s.scheduleFirstTick(n)
}

func (s *Sim) join() {
	n := s.addNode()
	s.startLife(n)
	s.emit(Event{Time: s.now, Kind: EvJoined, Node: n.id, Peer: NoNode})
}

func (s *Sim) leave(n *node) {
	s.emit(Event{Time: s.now, Kind: EvLeft, Node: n.id, Peer: NoNode, Generation: n.gen})
	if s.swim() {
		n.swimLeave(s.now, &s.cfg)
		n.changes = n.changes[:0]
		s.sendSwim(n)
		s.goDown(n, StatusLeft)
		s.checkDetections(NoNode)
		return
	}
	pl := s.payloads.get()
	s.payloads.items[pl].entries = n.leave(s.now, s.payloads.items[pl].entries[:0])
	n.changes = n.changes[:0] // only its own entry changed
	s.send(n, pl)
	s.goDown(n, StatusLeft)
	s.checkDetections(NoNode)
}

// set is OpSet: a live parameter of Params (core.SetParams), or node_loss for one node.
func (s *Sim) set(cmd Command) error {
	if cmd.Param == "node_loss" {
		if len(cmd.Also) > 0 {
			return fmt.Errorf("set node_loss: also must be empty (node_loss is set on its own)")
		}
		return s.setNodeLoss(cmd.Node, cmd.Value)
	}
	c, err := SetParams(s.cfg, len(s.nodes), append([]Setting{{cmd.Param, cmd.Value}}, cmd.Also...)...)
	if err != nil {
		return err
	}
	s.cfg = c
	for range 1 + len(cmd.Also) { // one event per parameter, as separate commands would give
		s.emit(Event{Time: s.now, Kind: EvParamSet, Node: NoNode, Peer: NoNode})
	}
	return nil
}

// setNodeLoss gives node id an extra loss probability v on every message to or from it.
func (s *Sim) setNodeLoss(id NodeID, v float64) error {
	if id < 0 || int(id) >= len(s.nodes) {
		return fmt.Errorf("set node_loss: node must be in [0, %d], got %d", len(s.nodes)-1, id)
	}
	if !(v >= 0 && v < 1) {
		return fmt.Errorf("set node_loss: value must be in [0, 1), got %g", v)
	}
	s.net.nodeLoss[id] = v
	s.emit(Event{Time: s.now, Kind: EvParamSet, Node: id, Peer: NoNode})
	return nil
}

func (s *Sim) partition(groups [][]NodeID) error {
	if len(groups) == 0 {
		return fmt.Errorf("partition: groups must list at least one group of nodes")
	}
	seen := make(map[NodeID]bool)
	for _, g := range groups {
		for _, id := range g {
			if id < 0 || int(id) >= len(s.nodes) {
				return fmt.Errorf("partition: nodes must be in [0, %d], got %d", len(s.nodes)-1, id)
			}
			if seen[id] {
				return fmt.Errorf("partition: node %d is in more than one group", id)
			}
			seen[id] = true
		}
	}
	clear(s.net.group) // unlisted nodes share group 0
	for i, g := range groups {
		for _, id := range g {
			s.net.group[id] = i + 1
		}
	}
	s.net.split = true
	s.emit(Event{Time: s.now, Kind: EvPartitioned, Node: NoNode, Peer: NoNode})
	return nil
}

func (s *Sim) dropByHand(id uint64) error {
	slot := s.flight.find(id)
	if slot < 0 {
		return fmt.Errorf("drop: message %d is not in flight", id)
	}
	m := s.flight.slots[slot]
	s.flight.remove(slot)
	s.payloads.release(m.payload)
	s.metrics.totals.Dropped[DropUser]++
	s.emit(Event{Time: s.now, Kind: EvDropped, Node: m.from, Peer: m.to, Msg: m.id, Reason: DropUser})
	return nil
}
