// Package core is Gossip Lab's simulator: heartbeat-gossip membership with two-stage failure
// detection (suspect, then remove and keep a tombstone), run over a lossy, partitionable network.
//
// The core is deterministic and pure. Time is a virtual clock in integer milliseconds; every
// random draw comes from a stream seeded by (Config.Seed, node id), so the same config and the same
// commands always give the same run (the same trace hash). Nothing here reads the wall clock,
// starts goroutines or touches I/O, so the same code runs in the browser (WASM), on the desktop and
// in the CLI. The API follows etcd's raft: nodes are state machines that only append to an outbox;
// the Sim routes those messages through the Network and delivers them from one priority queue.
//
//	sim, err := core.New(core.DefaultConfig())
//	sim.Apply(core.Command{Op: core.OpCrash, Node: 3})
//	sim.Advance(30 * core.Second)
//	snap := sim.Snapshot()   // truth, every node's view, packets in flight, metrics
//	events := sim.Events()   // what happened since the last call, for animation and lessons
package core

import "fmt"

// Time is virtual time in milliseconds since the start of the run.
type Time int64

// Handy durations.
const (
	Millisecond Time = 1
	Second      Time = 1000
	Minute      Time = 60 * Second
)

// Seconds returns t in seconds, for display.
func (t Time) Seconds() float64 { return float64(t) / 1000 }

func (t Time) String() string { return fmt.Sprintf("%.3f s", t.Seconds()) }

// NodeID names a node. IDs are dense: the initial nodes are 0..N-1 and each added node takes the
// next number, so per-member state lives in slices indexed by NodeID rather than in maps.
type NodeID int32

// NoNode marks an event field that names no node.
const NoNode NodeID = -1
