package live

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"gossiplab/core"
)

// fastConfig is a cluster of n at a 100 ms period (timeouts 0.6 / 1.2 / 3.6 s), no injected
// loss or delay: tests of real nodes take seconds.
func fastConfig(n int, seed uint64) core.Config {
	cfg := core.DefaultConfig().SizedFor(n)
	cfg.Seed, cfg.Period, cfg.TSuspect, cfg.TRemove, cfg.TTombstone = seed, 100, 600, 1200, 3600
	cfg.Swim.PingTimeout, cfg.Swim.SuspicionTimeout = 40, 600
	cfg.Loss, cfg.LatencyMin, cfg.LatencyMax = 0, 0, 0
	return cfg
}

// cluster starts n real nodes on 127.0.0.1 (free ports), node 0 the seed the others join.
func cluster(t *testing.T, proto core.Protocol, n int) ([]*Node, []context.CancelFunc) {
	t.Helper()
	cfg := fastConfig(n, 7)
	cfg.Protocol = proto
	var nodes []*Node
	var stops []context.CancelFunc
	for i := range n {
		opts := Options{Config: cfg, ID: core.NodeID(i), Listen: "127.0.0.1:0"}
		if i > 0 {
			opts.Join = []netip.AddrPort{nodes[0].Addr()}
		}
		nd, err := Start(opts)
		if err != nil {
			t.Fatalf("seed 7: node %d: %v", i, err)
		}
		ctx, stop := context.WithCancel(context.Background())
		go nd.Run(ctx)
		nodes, stops = append(nodes, nd), append(stops, stop)
	}
	t.Cleanup(func() {
		for _, stop := range stops {
			stop()
		}
	})
	return nodes, stops
}

// waitFor polls cond until it holds or the deadline passes (real time: these are real nodes).
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("seed 7: not within %v: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// states counts, over the live nodes' lists, how each holds member m.
func holds(nodes []*Node, live []bool, m core.NodeID, st core.State) bool {
	for i, n := range nodes {
		if !live[i] {
			continue
		}
		found := false
		for _, e := range n.List() {
			if e.Member == m {
				found = e.State == st
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Real nodes on loopback join through the seed, learn each other's addresses from the lists,
// and, when one stops, every live node removes it — heartbeat gossip and SWIM.
func TestRealNodesJoinAndDetectACrash(t *testing.T) {
	for _, proto := range []core.Protocol{core.ProtocolHeartbeat, core.ProtocolSwim} {
		t.Run(string(proto), func(t *testing.T) {
			nodes, stops := cluster(t, proto, 5)
			live := []bool{true, true, true, true, true}
			waitFor(t, 10*time.Second, "every node holds every other alive", func() bool {
				for m := range nodes {
					if !holds(nodes, live, core.NodeID(m), core.Alive) {
						return false
					}
				}
				return true
			})
			stops[3]()
			live[3] = false
			gone := core.Removed
			waitFor(t, 10*time.Second, "every live node removes node 3", func() bool { return holds(nodes, live, 3, gone) })
			for i, n := range nodes {
				if st := n.Stats(); live[i] && (st.Sent == 0 || st.Received == 0 || st.Refused != 0) {
					t.Errorf("node %d: %+v", i, st)
				}
			}
		})
	}
}

// Garbage sprayed at a node is counted and dropped; its list stays whole.
func TestGarbageIsCountedAndDropped(t *testing.T) {
	nodes, _ := cluster(t, core.ProtocolHeartbeat, 3)
	live := []bool{true, true, true}
	waitFor(t, 10*time.Second, "three nodes know each other", func() bool { return holds(nodes, live, 2, core.Alive) })
	conn, err := net.DialUDP("udp4", nil, net.UDPAddrFromAddrPort(nodes[0].Addr()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, b := range [][]byte{{}, {0xA1}, []byte("GET / HTTP/1.1\r\n\r\n"), {0xA2, 0, 0, 0, 0, 0, 0, 1}, {0xA1, 9, 0, 0, 0, 0, 0, 1}} {
		conn.Write(b)
	}
	waitFor(t, 5*time.Second, "node 0 counts the garbage", func() bool { return nodes[0].Stats().Refused >= 4 })
	if st := nodes[0].Stats(); st.LastRefusal == "" {
		t.Errorf("no reason kept: %+v", st)
	}
	waitFor(t, 3*time.Second, "node 0 still holds both others alive", func() bool {
		return holds(nodes[:1], []bool{true}, 1, core.Alive) && holds(nodes[:1], []bool{true}, 2, core.Alive)
	})
}

// A bad listen address is refused, naming it.
func TestStartRefusesABadAddress(t *testing.T) {
	cfg := core.DefaultConfig()
	for _, addr := range []string{"", "localhost:7000", "[::1]:7000", "127.0.0.1:99999"} {
		if _, err := Start(Options{Config: cfg, Listen: addr}); err == nil {
			t.Errorf("listen %q was accepted", addr)
		}
	}
}

// A cluster in one process — real UDP sockets, no processes — joins, removes a crashed node and
// takes it back in its next generation.
func TestInProcCluster(t *testing.T) {
	cl, err := StartCluster(ClusterOptions{InProc: true, Config: fastConfig(20, 5), N: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Stop()
	held := func(m core.NodeID, ok func(core.State) bool) bool {
		for _, v := range cl.Views() {
			if !v.Up || v.ID == m {
				continue
			}
			st := core.Unknown
			for _, e := range v.List {
				if e.Member == m {
					st = e.State
				}
			}
			if !ok(st) {
				return false
			}
		}
		return true
	}
	waitFor(t, 10*time.Second, "every node holds node 19 alive", func() bool { return held(19, func(s core.State) bool { return s == core.Alive }) })
	if err := cl.Crash(7); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "every live node removes node 7", func() bool {
		return held(7, func(s core.State) bool { return s == core.Removed || s == core.Unknown })
	})
	if err := cl.Restart(7); err != nil {
		t.Fatal(err)
	}
	if g := cl.Views()[7].Generation; g != 1 {
		t.Errorf("seed 5: restarted in generation %d, want 1", g)
	}
	waitFor(t, 10*time.Second, "node 7 is back", func() bool { return held(7, func(s core.State) bool { return s == core.Alive }) })
}

// A restarted seed (node 0) introduces itself to the live nodes and the cluster is one again.
func TestRestartedSeedFindsTheCluster(t *testing.T) {
	cl, err := StartCluster(ClusterOptions{InProc: true, Config: fastConfig(6, 6), N: 6})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Stop()
	everyoneKnowsEveryone := func() bool {
		vs := cl.Views()
		for _, v := range vs {
			alive := 0
			for _, e := range v.List {
				if e.State == core.Alive {
					alive++
				}
			}
			if !v.Up || alive != len(vs) {
				return false
			}
		}
		return true
	}
	waitFor(t, 10*time.Second, "six nodes know each other", everyoneKnowsEveryone)
	cl.Crash(0)
	time.Sleep(300 * time.Millisecond) // a short outage: the others still hold the old node 0
	if err := cl.Restart(0); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the restarted seed and the others know each other again", everyoneKnowsEveryone)
}
