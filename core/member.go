package core

// State is what one observer believes about one member.
type State uint8

const (
	// Unknown: not in the list (never heard of, or a tombstone that has expired).
	Unknown State = iota
	// Alive: the heartbeat increased less than TSuspect ago.
	Alive
	// Suspect: no increase for TSuspect; still gossiped, and cleared by any newer heartbeat.
	Suspect
	// Removed: no increase for TRemove. Kept as a tombstone for TTombstone and not gossiped;
	// only a strictly newer (generation, heartbeat) brings the member back.
	Removed
	// Left: the member announced a graceful leave. Gossiped, so the news spreads, until it
	// expires after TTombstone; only a newer generation brings the member back.
	Left
)

var stateNames = [...]string{"unknown", "alive", "suspect", "removed", "left"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "state?"
}

// Entry is one row of a node's membership list, as the snapshot shows it.
type Entry struct {
	Member     NodeID `json:"member"`
	Heartbeat  uint32 `json:"heartbeat"`
	Generation uint16 `json:"generation"`
	State      State  `json:"state"`
	// Updated is the observer's local time of the last heartbeat increase; for a Removed or
	// Left entry, the time it became a tombstone.
	Updated Time `json:"updated_ms"`
}

// entry is the compact in-memory form of Entry: 16 bytes, so 1000 nodes × 1000 members fit in 16 MB.
type entry struct {
	hb      uint32
	gen     uint16
	state   State
	_       uint8
	updated Time
}

// wireEntry is one member as carried in a message. The heartbeat protocol sends Alive or Left
// with a heartbeat; SWIM sends any state with an incarnation number in hb.
type wireEntry struct {
	id    NodeID
	hb    uint32
	gen   uint16
	state State
}

// newer reports whether version (gen, hb) is strictly newer than (lgen, lhb).
// The generation dominates: a restarted node's heartbeat starts again at 0.
func newer(gen uint16, hb uint32, lgen uint16, lhb uint32) bool {
	return gen > lgen || (gen == lgen && hb > lhb)
}

// merge applies one received entry to the local one and returns the result. It is the whole
// merge rule, kept pure so that table tests can cover it:
//   - a strictly newer version replaces the local one and stamps the local time, which also
//     clears a suspicion and re-adds a removed member (it really is alive: its counter moved);
//   - an equal or older version is ignored — in particular a tombstone ignores every stale copy;
//   - a left announcement at a version at least as new as ours marks the member Left, but once
//     Left, only a newer generation (a restart) brings it back.
func merge(local entry, in wireEntry, now Time) entry {
	switch {
	case local.state == Unknown:
		st := Alive
		if in.state == Left {
			st = Left // remember the departure so stale alive copies can't add it
		}
		return entry{hb: in.hb, gen: in.gen, state: st, updated: now}
	case local.state == Left:
		if in.gen > local.gen && in.state != Left {
			return entry{hb: in.hb, gen: in.gen, state: Alive, updated: now}
		}
		return local
	case in.state == Left:
		if !newer(local.gen, local.hb, in.gen, in.hb) { // in >= local
			return entry{hb: in.hb, gen: in.gen, state: Left, updated: now}
		}
		return local
	case newer(in.gen, in.hb, local.gen, local.hb):
		return entry{hb: in.hb, gen: in.gen, state: Alive, updated: now}
	default:
		return local
	}
}

// expire applies the timeouts to one entry at local time now, where age is the time since its
// heartbeat last rose, and returns the new entry. A check that comes late (timeouts are checked
// once per period) may pass several stages at once.
func expire(e entry, now, age Time, c *Config) entry {
	switch e.state {
	case Alive:
		if age < c.TSuspect {
			return e
		}
		e.state = Suspect
		fallthrough
	case Suspect:
		if age >= c.TRemove {
			if c.Pitfalls.NoTombstone {
				return entry{} // the pitfall: forgotten at once, so stale gossip can add it back
			}
			e.state = Removed
			e.updated = now // the tombstone's clock starts now
		}
	case Removed, Left:
		if now-e.updated >= c.TTombstone { // tombstones age from their removal
			return entry{}
		}
	}
	return e
}
