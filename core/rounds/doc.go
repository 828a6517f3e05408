// Package rounds is Gossip Lab's synchronous round model: one rumor spreading from node 0 by
// push, pull or push-pull (Spread), and heartbeat full-list gossip failure detection (Fresh,
// Detect, FalseSuspicions, FailureDetection).
//
// The package is pure and deterministic. Trial i of an experiment draws only from its own PCG
// stream derived from (seed, experiment, i), so a result depends on the configuration and seed
// alone, and any single trial can be replayed without running the ones before it.
//
// Round semantics shared by every experiment: in round r only state held at the START of the
// round is acted upon or sent; anything learned during round r is first used in round r+1.
// Targets are distinct and uniform among the other N-1 nodes, and every message is lost
// independently with probability Loss.
package rounds
