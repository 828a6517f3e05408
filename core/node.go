package core

import "math/rand/v2"

// Status is the truth about a node, as only the simulator knows it.
type Status uint8

const (
	StatusUp      Status = iota // running the protocol
	StatusCrashed               // stopped without a word; messages to it are lost
	StatusLeft                  // left gracefully after announcing it
)

var statusNames = [...]string{"up", "crashed", "left"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status?"
}

// change is one transition of an observer's belief about a member, reported to the Sim.
type change struct {
	member   NodeID
	from, to entry
}

// node is one heartbeat-gossip participant: a state machine whose tick and receive only change
// its own list and append to its outputs (targets, changes), which the Sim drains after each call.
type node struct {
	id     NodeID
	status Status
	gen    uint16 // generation: raised on every restart so the new life outranks the old one
	epoch  uint32 // bumped on crash and restart, so a tick queued for an old life is ignored

	view       []entry // indexed by member id; grows as the node learns of higher ids
	aliveCount int     // members other than itself in state Alive: the peers it may pick

	proto *rand.Rand // peer choice and timer phase
	link  *rand.Rand // loss and latency of the messages this node sends
	// The streams' states, kept so that Sim.Clone can copy them.
	protoSrc, linkSrc *rand.PCG

	lastSeedTry Time
	clockFrac   float64 // this node's clock error as a fraction of Pitfalls.ClockSkew, in [-1, 1]

	sw swimNode // SWIM's probe state and piggyback queue (Protocol "swim" only)

	informed   bool // the rumor protocol: it knows the rumor (since informedAt)
	informedAt Time

	targets []NodeID // where the current payload goes
	changes []change
	scratch []NodeID
}

func newNode(id NodeID, seed uint64) *node {
	protoSrc := rand.NewPCG(mix64(seed, uint64(id)<<1), 0x5eed_9055_1b00_0001)
	linkSrc := rand.NewPCG(mix64(seed, uint64(id)<<1|1), 0x5eed_9055_1b00_0002)
	return &node{
		id:          id,
		proto:       rand.New(protoSrc),
		link:        rand.New(linkSrc),
		protoSrc:    protoSrc,
		linkSrc:     linkSrc,
		lastSeedTry: -MaxTimeout,
		// Drawn from its own hash, not from a stream, so the pitfall leaves every other draw alone.
		clockFrac: 2*float64(mix64(seed^0xc10c, uint64(id))>>11)/(1<<53) - 1,
	}
}

// stampBase keeps wall-clock stamps positive however far a clock lags.
const stampBase = MaxClockSkew + 1

// clockStamp is this node's wall-clock reading at virtual time now, as a heartbeat-sized stamp
// (Pitfalls.TimestampMerge only). It wraps after 49 days of virtual time.
func (n *node) clockStamp(now Time, c *Config) uint32 {
	return uint32(now + Time(n.clockFrac*float64(c.Pitfalls.ClockSkew)) + stampBase)
}

// mix64 derives independent stream seeds from (seed, id) with SplitMix64's finaliser, so
// neighbouring ids and seeds give unrelated streams.
func mix64(seed, id uint64) uint64 {
	z := seed + 0x9e3779b97f4a7c15*(id+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (n *node) grow(m NodeID) {
	for int(m) >= len(n.view) {
		n.view = append(n.view, entry{})
	}
}

// set stores a member's entry, keeping aliveCount and reporting a change of state.
func (n *node) set(m NodeID, e entry) {
	old := n.view[m]
	n.view[m] = e
	if old.state == e.state {
		return
	}
	if m != n.id {
		if old.state == Alive {
			n.aliveCount--
		}
		if e.state == Alive {
			n.aliveCount++
		}
	}
	n.changes = append(n.changes, change{m, old, e})
}

// reset starts a new life: the node knows itself and the seeds, nothing else.
func (n *node) reset(now Time, seeds []NodeID) {
	for m := range n.view {
		if n.view[m].state != Unknown {
			n.set(NodeID(m), entry{})
		}
	}
	n.grow(n.id)
	n.set(n.id, entry{gen: n.gen, state: Alive, updated: now})
	for _, s := range seeds {
		if s != n.id {
			n.grow(s)
			// Version (0, 0) is below anything the seed will ever send, so its first real
			// gossip replaces this placeholder.
			n.set(s, entry{state: Alive, updated: now})
		}
	}
}

// tick is one protocol period: raise the own heartbeat, time out silent members, and choose
// the peers that get the list. It returns payload with the list appended, or unchanged if the
// node has nobody to send to.
func (n *node) tick(now Time, c *Config, payload []wireEntry) []wireEntry {
	self := &n.view[n.id]
	self.hb++
	if c.Pitfalls.TimestampMerge {
		self.hb = n.clockStamp(now, c)
	}
	self.updated = now
	stamped, mine := c.Pitfalls.TimestampMerge, self.hb
	for m := range n.view {
		e := &n.view[m]
		// How long since the member's heartbeat last rose, by this node's clock. With the
		// TimestampMerge pitfall it is read off two different clocks: this node's now minus the
		// member's own stamp.
		age := now - e.updated
		if stamped {
			age = Time(int64(mine) - int64(e.hb))
		}
		if e.state == Unknown || (e.state == Alive && age < c.TSuspect) || NodeID(m) == n.id {
			continue // the common cases, inline: this loop runs N times per tick
		}
		if ne := expire(*e, now, age, c); ne != *e {
			n.set(NodeID(m), ne)
		}
	}
	n.targets = n.pickPeers(c.Fanout, n.targets[:0])
	n.targets = n.probeSeed(now, c, n.targets)
	if len(n.targets) == 0 {
		return payload
	}
	return n.appendList(payload)
}

// receive merges a gossiped list. The node never takes news about itself from others.
// This loop is the simulator's hot path (N entries per message), so the common case — an alive
// member in the same generation — is handled inline and only the rest goes through merge.
func (n *node) receive(entries []wireEntry, now Time) {
	view := n.view
	for i := range entries {
		in := &entries[i]
		if int(in.id) >= len(view) {
			n.grow(in.id)
			view = n.view
		}
		local := &view[in.id]
		if local.state == Alive && local.gen == in.gen && in.state != Left && in.id != n.id {
			// Branch-free: about half the entries of a list are newer, an unpredictable branch.
			hb := max(local.hb, in.hb)
			up := local.updated
			if hb != local.hb {
				up = now
			}
			local.hb, local.updated = hb, up
			continue
		}
		if in.id == n.id {
			continue
		}
		if ne := merge(*local, *in, now); ne != *local {
			n.set(in.id, ne)
		}
	}
}

// leave announces a graceful departure: the own entry turns Left at a higher heartbeat and the
// farewell goes to every member the node believes alive or suspects, so all of them can drop it
// at once instead of waiting for TRemove.
func (n *node) leave(now Time, payload []wireEntry) []wireEntry {
	self := n.view[n.id]
	self.hb++
	self.state = Left
	self.updated = now
	n.set(n.id, self)
	n.targets = n.targets[:0]
	for m, e := range n.view {
		if NodeID(m) != n.id && (e.state == Alive || e.state == Suspect) {
			n.targets = append(n.targets, NodeID(m))
		}
	}
	return n.appendList(payload)
}

// appendList appends the entries worth gossiping: alive and suspected members, and left ones
// so the departure spreads. Tombstones stay private: they only filter stale news.
func (n *node) appendList(dst []wireEntry) []wireEntry {
	for m, e := range n.view {
		if e.state == Alive || e.state == Suspect || e.state == Left {
			st := Alive // a suspicion is the sender's own business, not news
			if e.state == Left {
				st = Left
			}
			dst = append(dst, wireEntry{id: NodeID(m), hb: e.hb, gen: e.gen, state: st})
		}
	}
	return dst
}

// pickPeers appends up to k distinct members chosen uniformly among those believed alive.
func (n *node) pickPeers(k int, dst []NodeID) []NodeID {
	cands := n.aliveCount
	if cands <= k { // everybody it knows alive
		for m, e := range n.view {
			if NodeID(m) != n.id && e.state == Alive {
				dst = append(dst, NodeID(m))
			}
		}
		return dst
	}
	// Rejection sampling over the dense list is cheapest when alive members are common and k is
	// small; otherwise collect the candidates and take a partial Fisher–Yates shuffle.
	if 4*k <= cands && 8*cands >= len(n.view) {
		start := len(dst)
		for len(dst)-start < k {
			m := NodeID(n.proto.IntN(len(n.view)))
			if m == n.id || n.view[m].state != Alive || contains(dst[start:], m) {
				continue
			}
			dst = append(dst, m)
		}
		return dst
	}
	all := n.scratch[:0]
	for m, e := range n.view {
		if NodeID(m) != n.id && e.state == Alive {
			all = append(all, NodeID(m))
		}
	}
	for i := 0; i < k; i++ {
		j := i + n.proto.IntN(len(all)-i)
		all[i], all[j] = all[j], all[i]
	}
	n.scratch = all
	return append(dst, all[:k]...)
}

// probeSeed adds one seed the node no longer believes alive, at most every SeedRetry. Without
// it, two halves of a healed partition would have removed each other for good.
func (n *node) probeSeed(now Time, c *Config, dst []NodeID) []NodeID {
	if c.SeedRetry == 0 || now-n.lastSeedTry < c.SeedRetry {
		return dst
	}
	var lost [8]NodeID // seeds not believed alive; more than 8 seeds are probed 8 at a time
	k := 0
	for _, s := range c.Seeds {
		if s == n.id || k == len(lost) {
			continue
		}
		if int(s) >= len(n.view) || (n.view[s].state != Alive && n.view[s].state != Suspect) {
			lost[k] = s
			k++
		}
	}
	if k == 0 {
		return dst
	}
	n.lastSeedTry = now
	s := lost[n.proto.IntN(k)]
	if contains(dst, s) {
		return dst
	}
	return append(dst, s)
}

func contains(ids []NodeID, id NodeID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
