package core

import "math/rand/v2"

// Clone returns an independent copy of the simulation, random streams included: advancing
// the copy and the original alike gives the same trace, and changing one leaves the other
// alone. The app keeps clones as checkpoints to travel back in time: restore the nearest one
// before t and replay the command log up to t. A clone costs about as much memory as the
// membership lists: 16 bytes × N².
func (s *Sim) Clone() *Sim {
	c := *s
	c.cfg = s.cfg.clone()
	c.queue.items = append([]qitem(nil), s.queue.items...)
	c.nodes = make([]*node, len(s.nodes))
	for i, n := range s.nodes {
		c.nodes[i] = n.clone()
	}
	c.net.nodeLoss = append([]float64(nil), s.net.nodeLoss...)
	c.net.group = append([]int(nil), s.net.group...)
	c.flight.slots = append([]message(nil), s.flight.slots...)
	c.flight.free = append([]int32(nil), s.flight.free...)
	c.payloads.items = make([]payload, len(s.payloads.items))
	for i, p := range s.payloads.items {
		c.payloads.items[i] = payload{entries: append([]wireEntry(nil), p.entries...), refs: p.refs}
	}
	c.payloads.free = append([]int32(nil), s.payloads.free...)
	c.beliefs.counts = append([][Left + 1]int32(nil), s.beliefs.counts...)
	c.metrics.samples.buf = append([]Sample(nil), s.metrics.samples.buf...)
	c.metrics.detections = append([]Detection(nil), s.metrics.detections...)
	c.events = append([]Event(nil), s.events...)
	return &c
}

func (n *node) clone() *node {
	c := *n
	protoSrc, linkSrc := *n.protoSrc, *n.linkSrc
	c.protoSrc, c.linkSrc = &protoSrc, &linkSrc
	c.proto, c.link = rand.New(c.protoSrc), rand.New(c.linkSrc)
	c.view = append([]entry(nil), n.view...)
	c.changes = append([]change(nil), n.changes...)
	c.targets = append([]NodeID(nil), n.targets...)
	c.scratch = append([]NodeID(nil), n.scratch...)
	c.sw.relays = append([]relay(nil), n.sw.relays...)
	c.sw.queue = append([]queued(nil), n.sw.queue...)
	c.sw.rr = append([]NodeID(nil), n.sw.rr...)
	c.sw.out = append([]outMsg(nil), n.sw.out...)
	c.sw.entries = append([]wireEntry(nil), n.sw.entries...)
	return &c
}
