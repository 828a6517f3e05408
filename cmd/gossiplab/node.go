package main

import (
	"context"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gossiplab/core"
	"gossiplab/live"
)

// runNode runs one real member of heartbeat gossip or SWIM on a UDP socket (package live: the
// simulator's state machine on the wall clock) until interrupted or --duration passes, printing
// its list every --every. The cluster's parameters are run's flags; --loss and --latency are
// injected on what this node sends.
func runNode(args []string, out io.Writer) error {
	f := newFlags("node", out)
	protocol := f.choiceVar("protocol", "heartbeat", []string{"heartbeat", "swim"}, "membership protocol")
	id := f.intVar("id", 0, 0, core.MaxNodes-1, "this member's id, unique in the cluster")
	listen := f.stringVar("listen", "127.0.0.1:7946", "IPv4 address and UDP port to listen on (port 0: any free one)")
	join := f.stringVar("join", "", "members to introduce itself to, comma-separated host:port (none for the first node)")
	stateFile := f.stringVar("state", "", "file keeping this node's generation: each start reads it, adds one and writes it back, so a restart outranks the last life (without it: generation 0)")
	swimK := f.paramVar(core.ParamByName("swim_k"), 3, 0, "SWIM: members asked to ping-req when a direct ping gets no ack")
	seed := f.seedVar(1)
	duration := f.durationVar("duration", 0, 0, 7*24*3600*core.Second, "stop after this long (0: until interrupted)")
	every := f.durationVar("every", 5*core.Second, 10, 3600*core.Second, "print the list this often")
	report := f.boolVar("report", false, "under a supervisor (gossiplab cluster): JSON lines on stdout (where it listens, then its list and counters every --every), commands on stdin (loss P, partition A,B,…, heal); the end of stdin stops the node")
	cluster := addClusterFlags(f, 1, map[string]string{"n": "expected cluster size (sizes the lists and, by default, the timeouts)",
		"loss": "probability that a message this node sends is dropped (injected)"})
	if err := f.parse(args); err != nil {
		return err
	}
	given := givenFlags(f)
	cfg := core.DefaultConfig()
	cfg.Protocol, cfg.Seed = core.Protocol(*protocol), *seed
	if err := cluster.apply(given, &cfg, true); err != nil {
		return err
	}
	if given["swim-k"] {
		cfg.Swim.K = int(swimK())
	}
	if cfg.Swim.PingTimeout >= cfg.Period { // SWIM's ping timeout fits in the period (as the app fits it)
		cfg.Swim.PingTimeout = max(1, cfg.Period*3/10)
	}
	if err := cfg.Validate(); err != nil {
		return usagef("%s", flagNames(err.Error()))
	}
	joins, err := parseJoin(*join)
	if err != nil {
		return usagef("--join: %v", err)
	}
	gen, err := nextGeneration(*stateFile)
	if err != nil {
		return usagef("--state: %v", err)
	}
	nd, err := live.Start(live.Options{Config: cfg, ID: core.NodeID(*id), Generation: gen, Listen: *listen, Join: joins})
	if err != nil {
		return usagef("--listen: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	var printed time.Time
	line := func() { fmt.Fprintln(out, nodeLine(nd, time.Since(start))) }
	if *report {
		nd.WriteHello(out)
		line = func() { nd.WriteReport(out) }
		var quit context.CancelFunc
		ctx, quit = context.WithCancel(ctx)
		go func() { nd.Obey(os.Stdin, os.Stderr); quit() }() // the supervisor is gone: stop
	} else {
		fmt.Fprintf(out, "node %d (%s, generation %d) listening on %s\n", *id, cfg.Protocol, gen, nd.Addr())
	}
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(*duration)*time.Millisecond)
		defer cancel()
	}
	done := make(chan error, 1)
	go func() { done <- nd.Run(ctx) }()
	t := time.NewTicker(time.Duration(*every) * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			if time.Since(printed) > 50*time.Millisecond { // not the line the ticker just printed
				line()
			}
			return err
		case <-t.C:
			line()
			printed = time.Now()
		}
	}
}

// nodeLine sums a node's list and traffic up in one line.
func nodeLine(nd *live.Node, since time.Duration) string {
	var count [5]int
	for _, e := range nd.List() {
		count[e.State]++
	}
	st := nd.Stats()
	line := fmt.Sprintf("%6.1f s  alive %d, suspect %d, removed %d, left %d · sent %d msgs %d B, received %d msgs %d B, refused %d",
		since.Seconds(), count[core.Alive], count[core.Suspect], count[core.Removed], count[core.Left],
		st.Sent, st.SentBytes, st.Received, st.ReceivedBytes, st.Refused)
	if st.NoAddress > 0 { // members it has heard of but cannot reach yet
		line += fmt.Sprintf(", no address %d", st.NoAddress)
	}
	return line
}

// parseJoin reads "127.0.0.1:7946,127.0.0.1:7947" (IPv4 addresses and ports).
func parseJoin(s string) ([]netip.AddrPort, error) {
	var out []netip.AddrPort
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		ap, err := netip.ParseAddrPort(part)
		if err != nil || !ap.Addr().Is4() || ap.Port() == 0 {
			return nil, fmt.Errorf("must be IPv4 host:port addresses separated by commas, got %q", part)
		}
		out = append(out, ap)
	}
	return out, nil
}

// nextGeneration reads the generation kept in file, adds one, writes it back and returns it (0
// and nothing kept without a file): a restarted node must outrank every heartbeat of its last
// life, and a counter on disk does so whatever the clock says.
func nextGeneration(file string) (uint16, error) {
	if file == "" {
		return 0, nil
	}
	gen := uint16(0)
	if b, err := os.ReadFile(file); err == nil {
		last, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 16)
		if err != nil {
			return 0, fmt.Errorf("%s does not hold a generation (a whole number in [0, 65535]): %q", file, strings.TrimSpace(string(b)))
		}
		if last == 65535 {
			return 0, fmt.Errorf("%s: all 65535 generations are used", file)
		}
		gen = uint16(last) + 1
	} else if !os.IsNotExist(err) {
		return 0, err
	}
	if err := os.WriteFile(file, []byte(strconv.Itoa(int(gen))+"\n"), 0o644); err != nil {
		return 0, err
	}
	return gen, nil
}
