// Package live runs the lab's protocols as real members on a real network: a core.Node — the
// simulator's state machine — driven by the wall clock and a UDP socket. Core stays pure; the
// clock, the sockets and (later) the processes live here.
package live

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"time"

	"gossiplab/core"
)

// Options are one real node's settings.
type Options struct {
	// Config holds the protocol and its parameters (period, fanout, timeouts, SWIM's); its Loss
	// and LatencyMin/LatencyMax are injected on what this node sends, so the loss lessons work
	// on loopback.
	Config     core.Config
	ID         core.NodeID
	Generation uint16
	// Listen is the UDP address to bind, e.g. "127.0.0.1:7946" (port 0: any free one).
	Listen string
	// Join are addresses of members to introduce itself to: until it hears from anyone, the node
	// sends its own state to each of them every period.
	Join []netip.AddrPort
}

// Stats count what a node sent and received (safe to read while it runs).
type Stats struct {
	// Sent counts every message the node sent, the ones the injected loss then dropped too (as
	// the simulator counts); Lost those.
	Sent, SentBytes, Received, ReceivedBytes uint64
	// Refused are datagrams dropped as malformed, foreign or of another version; NoAddress
	// messages not sent because the member's address is not known yet.
	Refused, NoAddress, Lost uint64
	// Partitioned are messages dropped, sent or received, across a partition (Obey).
	Partitioned uint64
	// Unlogged are messages sent or received that no report carried (the log between two
	// reports is bounded).
	Unlogged    uint64
	LastRefusal string
}

// Node is one real member.
type Node struct {
	opts  Options
	conn  *net.UDPConn
	self  netip.AddrPort
	start time.Time
	rng   *rand.Rand // injected loss and delay

	mu      sync.Mutex // guards what follows: the state machine, the address book, the stats
	n       *core.Node
	addrs   map[core.NodeID]netip.AddrPort
	heard   bool
	stats   Stats
	list    []core.Entry
	changes []core.Change
	buf     []byte
	digests []core.Digest
	group   map[core.NodeID]bool // the members on this side of a partition, nil when none
	log     msgLog               // messages since the last report
}

// Start binds the node's socket and makes its state machine; Run drives it.
func Start(opts Options) (*Node, error) {
	// A real node starts knowing itself and the seeds only: the members it has not heard of may
	// not exist yet (Config.N sizes its list and, by default, the timeouts).
	opts.Config.StartConverged = false
	cn, err := core.NewNode(opts.Config, opts.ID, opts.Generation, 0)
	if err != nil {
		return nil, err
	}
	ap, err := netip.ParseAddrPort(opts.Listen)
	if err != nil || !ap.Addr().Is4() {
		return nil, fmt.Errorf("must be an IPv4 address and port such as 127.0.0.1:7946, got %q", opts.Listen)
	}
	conn, err := net.ListenUDP("udp4", net.UDPAddrFromAddrPort(ap))
	if err != nil {
		return nil, err // "listen udp4 127.0.0.1:7946: bind: address already in use"
	}
	self := conn.LocalAddr().(*net.UDPAddr).AddrPort()
	self = netip.AddrPortFrom(self.Addr().Unmap(), self.Port())
	return &Node{opts: opts, conn: conn, self: self, n: cn, addrs: map[core.NodeID]netip.AddrPort{opts.ID: self},
		rng: rand.New(rand.NewPCG(opts.Config.Seed, uint64(opts.ID)))}, nil
}

// Addr is where the node listens.
func (n *Node) Addr() netip.AddrPort { return n.self }

// now is the node's clock: milliseconds since it started.
func (n *Node) now() core.Time { return core.Time(time.Since(n.start).Milliseconds()) }

// Run drives the node until ctx ends: ticks every period (from a random phase), SWIM's timer,
// and every datagram that arrives. It closes the socket when it returns.
func (n *Node) Run(ctx context.Context) error {
	n.start = time.Now()
	defer n.conn.Close()
	go func() { <-ctx.Done(); n.conn.Close() }()
	n.mu.Lock()
	next := n.n.FirstTick()
	n.mu.Unlock()
	go n.clock(ctx, next)
	b := make([]byte, core.MaxDatagram+1)
	for {
		k, from, err := n.conn.ReadFromUDPAddrPort(b)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		n.receive(b[:k], from)
	}
}

// clock runs the ticks and SWIM's timer on the wall clock.
func (n *Node) clock(ctx context.Context, firstTick core.Time) {
	nextTick := firstTick
	for {
		n.mu.Lock()
		wake := nextTick
		if at, ok := n.n.NextTimer(); ok && at < wake {
			wake = at
		}
		n.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(wake-n.now()) * time.Millisecond):
		}
		now := n.now()
		n.mu.Lock()
		if at, ok := n.n.NextTimer(); ok && at <= now {
			n.n.Timer(now)
		}
		if nextTick <= now {
			n.n.Tick(now)
			nextTick += n.opts.Config.Period
			if !n.heard {
				n.introduce()
			}
		}
		n.flush(now)
		n.mu.Unlock()
	}
}

// receive decodes one datagram and hands it to the state machine; a refused one is counted.
func (n *Node) receive(b []byte, from netip.AddrPort) {
	n.mu.Lock()
	defer n.mu.Unlock()
	m, err := core.DecodeDatagram(b, n.opts.ID, n.digests)
	n.digests = m.Entries
	if err != nil {
		n.stats.Refused++
		n.stats.LastRefusal = fmt.Sprintf("from %s: %v", from, err)
		return
	}
	if m.From == n.opts.ID {
		n.stats.Refused++
		n.stats.LastRefusal = fmt.Sprintf("from %s: the sender claims this node's own id %d", from, m.From)
		return
	}
	if n.group != nil && !n.group[m.From] {
		n.stats.Partitioned++
		return
	}
	n.stats.Received++
	n.stats.ReceivedBytes += uint64(len(b) + core.IPUDPHeaderBytes)
	n.logRecv(&m)
	n.heard = true
	n.addrs[m.From] = netip.AddrPortFrom(from.Addr().Unmap(), from.Port())
	for _, d := range m.Entries { // where the others listen, as the sender knows it
		if ip := netip.AddrFrom4(d.IP); d.Port != 0 && !ip.IsUnspecified() && d.ID != n.opts.ID && d.ID != m.From {
			n.addrs[d.ID] = netip.AddrPortFrom(ip, d.Port)
		}
	}
	now := n.now()
	n.n.Receive(m, now)
	n.flush(now)
}

// introduce sends the node's own state to the join addresses: a heartbeat node its list, a
// SWIM node a ping carrying its own entry.
func (n *Node) introduce() {
	kind := core.MsgGossip
	if n.opts.Config.Protocol == core.ProtocolSwim {
		kind = core.MsgPing
	}
	self := n.selfDigest()
	for _, a := range n.opts.Join {
		if a != n.self {
			n.sendTo(a, &core.Message{Kind: kind, From: n.opts.ID, About: core.NoNode, Entries: []core.Digest{self}})
		}
	}
}

func (n *Node) selfDigest() core.Digest {
	for _, e := range n.n.AppendList(n.list[:0]) {
		if e.Member == n.opts.ID {
			return n.digest(core.Digest{ID: e.Member, Heartbeat: e.Heartbeat, Generation: e.Generation, State: e.State})
		}
	}
	return n.digest(core.Digest{ID: n.opts.ID, Generation: n.opts.Generation, State: core.Alive})
}

// digest fills in where the member listens, when the node knows.
func (n *Node) digest(d core.Digest) core.Digest {
	if a, ok := n.addrs[d.ID]; ok && a.Addr().Is4() {
		d.IP, d.Port = a.Addr().As4(), a.Port()
	}
	return d
}

// flush sends the state machine's outbox and keeps its changes.
func (n *Node) flush(now core.Time) {
	n.changes = n.n.TakeChanges(n.changes)
	if len(n.changes) > 4096 { // nobody reads them yet: keep the latest
		n.changes = append(n.changes[:0], n.changes[len(n.changes)-1024:]...)
	}
	for _, m := range n.n.Outbox() {
		if n.group != nil && !n.group[m.To] {
			n.stats.Partitioned++
			n.logSent(&m, m.Size(&n.opts.Config), 0, core.DropPartition)
			continue
		}
		a, ok := n.addrs[m.To]
		if !ok {
			n.stats.NoAddress++
			continue
		}
		for i := range m.Entries {
			m.Entries[i] = n.digest(m.Entries[i])
		}
		n.sendTo(a, &m)
	}
}

// sendTo encodes m and sends it to a, through the injected loss and delay.
func (n *Node) sendTo(a netip.AddrPort, m *core.Message) {
	b, err := core.EncodeDatagram(n.buf[:0], m)
	if err != nil {
		n.stats.Refused++
		n.stats.LastRefusal = "sending: " + err.Error()
		return
	}
	n.buf = b
	c := &n.opts.Config
	n.stats.Sent++ // as the simulator counts: sent, whether the network then loses it or not
	n.stats.SentBytes += uint64(len(b) + core.IPUDPHeaderBytes)
	if n.rng.Float64() < c.Loss {
		n.stats.Lost++
		n.logSent(m, len(b)+core.IPUDPHeaderBytes, 0, core.DropLoss)
		return
	}
	delay := c.LatencyMin
	if c.LatencyMax > c.LatencyMin {
		delay += core.Time(n.rng.Int64N(int64(c.LatencyMax-c.LatencyMin) + 1))
	}
	n.logSent(m, len(b)+core.IPUDPHeaderBytes, delay, core.DropNone)
	if delay <= 0 {
		n.conn.WriteToUDPAddrPort(b, a)
		return
	}
	out := append([]byte(nil), b...)
	time.AfterFunc(time.Duration(delay)*time.Millisecond, func() { n.conn.WriteToUDPAddrPort(out, a) })
}

// List is the node's membership list now.
func (n *Node) List() []core.Entry {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.n.AppendList(nil)
}

// Stats is what the node has sent and received so far.
func (n *Node) Stats() Stats {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.stats
}
