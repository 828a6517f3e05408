package live

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"gossiplab/core"
	"gossiplab/trace"
)

// A cluster of real node processes on this machine, started and supervised as `gossiplab
// cluster` does: each node is the program Binary run with `node --report` and the cluster's
// flags, listening on 127.0.0.1 on a free port; node 0 first, the others joining it. Its
// reports (stdout, JSON lines) keep the supervisor's picture; its stdin is how commands reach
// it, and when the supervisor goes the node's stdin ends and it stops: no orphans.

// ClusterOptions are a cluster's settings.
type ClusterOptions struct {
	Binary string   // the gossiplab program (os.Executable() for the CLI itself)
	Env    []string // extra environment for the nodes (tests use it)
	N      int
	Flags  []string // the nodes' cluster flags: --protocol, --period, --t-suspect, …, --n
	Loss   float64  // the loss the nodes start injecting (their --loss), as Loss reports it
	Every  time.Duration
	Dir    string    // where the nodes keep their generation (a state file each)
	Errors io.Writer // the nodes' standard error
	// InProc runs the nodes in this process instead — real UDP sockets, no processes — with
	// Config for their parameters (Binary, Env, Flags, Dir are then unused): for clusters
	// larger than a machine's processes allow.
	InProc bool
	Config core.Config
}

// MaxClusterNodes bounds a cluster, the nodes added while it runs included.
const MaxClusterNodes = 512

// Cluster is a running cluster.
type Cluster struct {
	opts  ClusterOptions
	mu    sync.Mutex
	procs []*proc
	start time.Time
	gens  map[core.NodeID]uint16 // InProc: each node's next generation
	match Matcher                // the nodes' messages, sends paired with receipts
	loss  float64                // the injected loss now
	cut   [][]core.NodeID        // the partition's groups while there is one, for nodes that start during it
}

// proc is one node process and the supervisor's latest picture of it.
type proc struct {
	id     core.NodeID
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	up     bool
	left   bool // it went by leaving
	group  int  // its partition group, 1…; 0 when none
	gen    uint16
	latest Report
	addr   string // where it listens
	done   chan struct{}
	// InProc: the node itself and how to stop it.
	node   *Node
	cancel func()
}

// waitOrKill waits for the node to end, killing its process if it has not within d.
func (p *proc) waitOrKill(d time.Duration) {
	select {
	case <-p.done:
	case <-time.After(d):
		if p.cmd != nil {
			p.cmd.Process.Kill()
		}
		<-p.done
	}
}

// pid is the node's process id (0 in process).
func (p *proc) pid() int {
	if p.cmd == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// StartCluster starts N node processes and returns once each has said where it listens.
func StartCluster(opts ClusterOptions) (*Cluster, error) {
	if opts.N < 1 || opts.N > MaxClusterNodes {
		return nil, fmt.Errorf("n must be in [1, %d] processes, got %d", MaxClusterNodes, opts.N)
	}
	if opts.Every <= 0 {
		opts.Every = 100 * time.Millisecond
	}
	if opts.Errors == nil {
		opts.Errors = io.Discard
	}
	opts.Errors = &lockedWriter{w: opts.Errors} // every node's standard error goes to it
	c := &Cluster{opts: opts, start: time.Now(), procs: make([]*proc, opts.N), gens: map[core.NodeID]uint16{}}
	c.match.Start = c.start.UnixMilli()
	// A receipt comes in its receiver's next report: wait two report intervals and the longest
	// injected delay before calling a message lost.
	c.match.Grace = max(1000, 2*opts.Every.Milliseconds()+int64(opts.Config.LatencyMax)+200)
	c.loss = opts.Loss
	if opts.InProc {
		c.loss = opts.Config.Loss
	}
	for i := range opts.N {
		if err := c.launch(core.NodeID(i)); err != nil {
			c.Stop()
			return nil, err
		}
	}
	return c, nil
}

// launch starts node id's process (again, after a crash: its state file raises the generation).
func (c *Cluster) launch(id core.NodeID) error {
	if c.opts.InProc {
		return c.launchInProc(id)
	}
	args := append([]string{"node", "--report", "--id", strconv.Itoa(int(id)), "--listen", "127.0.0.1:0",
		"--every", fmt.Sprintf("%dms", c.opts.Every.Milliseconds()),
		"--state", filepath.Join(c.opts.Dir, fmt.Sprintf("node%d.gen", id))}, c.opts.Flags...)
	if join := c.joinAddrs(id); len(join) > 0 {
		args = append(args, "--join", strings.Join(join, ","))
	}
	cmd := exec.Command(c.opts.Binary, args...)
	cmd.Env = append(os.Environ(), c.opts.Env...)
	cmd.Stderr = c.opts.Errors
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("node %d: %w", id, err)
	}
	p := &proc{id: id, cmd: cmd, stdin: stdin, up: true, done: make(chan struct{})}
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<16), 1<<24)
	if !lines.Scan() { // the first line: where it listens
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("node %d said nothing and exited", id)
	}
	var hello Report
	if err := json.Unmarshal(lines.Bytes(), &hello); err != nil || hello.Addr == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("node %d: its first line is not where it listens: %q", id, lines.Text())
	}
	p.gen, p.addr = hello.Generation, hello.Addr
	c.mu.Lock()
	c.procs[id] = p
	c.mu.Unlock()
	go c.follow(p, lines)
	return nil
}

// launchInProc starts node id in this process, on its own UDP socket.
func (c *Cluster) launchInProc(id core.NodeID) error {
	opts := Options{Config: c.opts.Config, ID: id, Generation: c.gens[id], Listen: "127.0.0.1:0"}
	c.gens[id]++
	for _, a := range c.joinAddrs(id) {
		ap, err := netip.ParseAddrPort(a)
		if err != nil {
			return err
		}
		opts.Join = append(opts.Join, ap)
	}
	nd, err := Start(opts)
	if err != nil {
		return fmt.Errorf("node %d: %w", id, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &proc{id: id, up: true, gen: opts.Generation, addr: nd.Addr().String(), done: make(chan struct{}), node: nd, cancel: cancel}
	c.mu.Lock()
	c.procs[id] = p
	c.mu.Unlock()
	go func() {
		nd.Run(ctx)
		c.mu.Lock()
		p.up = false
		c.mu.Unlock()
		close(p.done)
	}()
	return nil
}

// joinAddrs are the addresses a node starting (or restarting) introduces itself to: node 0's
// while it is up, else up to three other live nodes' — so that a restarted seed finds the
// cluster again instead of starting one of its own.
func (c *Cluster) joinAddrs(id core.NodeID) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, p := range c.procs {
		if p == nil || !p.up || p.id == id || p.addr == "" {
			continue
		}
		if p.id == 0 {
			return []string{p.addr}
		}
		if len(out) < 3 {
			out = append(out, p.addr)
		}
	}
	return out
}

// follow keeps a node's latest report until its output ends.
func (c *Cluster) follow(p *proc, lines *bufio.Scanner) {
	defer close(p.done)
	for lines.Scan() {
		var r Report
		if json.Unmarshal(lines.Bytes(), &r) != nil {
			continue
		}
		c.mu.Lock()
		c.match.Sent(p.id, r.Sent)
		c.match.Received(p.id, r.Recv)
		r.Sent, r.Recv = nil, nil
		p.latest = r
		c.mu.Unlock()
	}
	p.cmd.Wait()
	c.mu.Lock()
	p.up = false
	c.mu.Unlock()
}

// Crash kills node id's process (SIGKILL): it says nothing more, as a crashed machine.
func (c *Cluster) Crash(id core.NodeID) error {
	p, err := c.node(id, true)
	if err != nil {
		return err
	}
	if p.node != nil {
		p.cancel()
	} else {
		p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.done
	return nil
}

// Restart starts node id again, in its next generation.
func (c *Cluster) Restart(id core.NodeID) error {
	if _, err := c.node(id, false); err != nil {
		return err
	}
	if err := c.launch(id); err != nil {
		return err
	}
	c.recut()
	return nil
}

// recut tells every node the partition again, one that has just started included.
func (c *Cluster) recut() {
	c.mu.Lock()
	cut := c.cut
	c.mu.Unlock()
	if cut != nil {
		c.Partition(cut)
	}
}

// Send writes a command line (loss P, partition A,B,…, heal) to node id.
func (c *Cluster) Send(id core.NodeID, command string) error {
	p, err := c.node(id, true)
	if err != nil {
		return err
	}
	if p.node != nil {
		return p.node.command(strings.Fields(command))
	}
	_, err = io.WriteString(p.stdin, command+"\n")
	return err
}

func (c *Cluster) node(id core.NodeID, up bool) (*proc, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id < 0 || int(id) >= len(c.procs) || c.procs[id] == nil {
		return nil, fmt.Errorf("node must be in [0, %d], got %d", len(c.procs)-1, id)
	}
	p := c.procs[id]
	if p.up != up {
		if up {
			return nil, fmt.Errorf("node %d is down", id)
		}
		return nil, fmt.Errorf("node %d is up", id)
	}
	return p, nil
}

// Leave has node id depart gracefully: it gossips its farewell and its process exits.
func (c *Cluster) Leave(id core.NodeID) error {
	p, err := c.node(id, true)
	if err != nil {
		return err
	}
	c.mu.Lock()
	p.left = true
	c.mu.Unlock()
	if p.node != nil {
		p.node.leave()
		p.cancel()
		<-p.done
		return nil
	}
	if _, err := io.WriteString(p.stdin, "leave\n"); err != nil {
		return err
	}
	p.waitOrKill(5 * time.Second)
	return nil
}

// Add starts one more node, with the next id; it joins through node 0.
func (c *Cluster) Add() (core.NodeID, error) {
	c.mu.Lock()
	if len(c.procs) >= MaxClusterNodes {
		c.mu.Unlock()
		return 0, fmt.Errorf("add: a cluster has at most %d nodes", MaxClusterNodes)
	}
	id := core.NodeID(len(c.procs))
	c.procs = append(c.procs, nil)
	c.mu.Unlock()
	if err := c.launch(id); err != nil {
		c.mu.Lock()
		if int(id) == len(c.procs)-1 && c.procs[id] == nil { // give the slot back: frames list nodes by id
			c.procs = c.procs[:id]
		}
		c.mu.Unlock()
		return 0, err
	}
	c.recut()
	return id, nil
}

// Partition splits the network: each node drops traffic to and from the members outside its
// group; the nodes no group names form one more group, as in the simulator.
func (c *Cluster) Partition(groups [][]core.NodeID) error {
	if len(groups) == 0 {
		return fmt.Errorf("partition: needs at least one group of node ids")
	}
	c.mu.Lock()
	n := len(c.procs)
	c.mu.Unlock()
	side := make([]int, n)
	for i := range side {
		side[i] = len(groups) // the rest
	}
	for g, members := range groups {
		for _, m := range members {
			if m < 0 || int(m) >= n {
				return fmt.Errorf("partition: node must be in [0, %d], got %d", n-1, m)
			}
			side[m] = g
		}
	}
	c.mu.Lock()
	c.cut = groups
	for m, p := range c.procs {
		if p != nil {
			p.group = side[m] + 1
		}
	}
	c.mu.Unlock()
	for g := 0; g <= len(groups); g++ {
		var ids []string
		for m := range n {
			if side[m] == g {
				ids = append(ids, strconv.Itoa(m))
			}
		}
		for m := range n {
			if side[m] == g {
				c.Send(core.NodeID(m), "partition "+strings.Join(ids, ",")) // a node that is down has nothing to drop
			}
		}
	}
	return nil
}

// Heal ends the partition; SetLoss sets every running node's injected loss.
func (c *Cluster) Heal() {
	c.mu.Lock()
	c.cut = nil
	for _, p := range c.procs {
		if p != nil {
			p.group = 0
		}
	}
	c.mu.Unlock()
	c.all("heal")
}
func (c *Cluster) SetLoss(p float64) error {
	if !(p >= 0 && p < 1) {
		return fmt.Errorf("loss must be in [0, 1), got %g", p)
	}
	c.all("loss " + strconv.FormatFloat(p, 'g', -1, 64))
	c.mu.Lock()
	c.loss = p
	c.mu.Unlock()
	return nil
}

// Loss is the loss the nodes inject now (as last set; the start's until then).
func (c *Cluster) Loss() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.loss
}

func (c *Cluster) all(command string) {
	c.mu.Lock()
	n := len(c.procs)
	c.mu.Unlock()
	for m := range n {
		c.Send(core.NodeID(m), command)
	}
}

// View is the supervisor's picture of one node: up or not, its process id, generation and the
// latest list it reported.
type View struct {
	ID         core.NodeID
	Up         bool
	Left       bool // down because it left
	Group      int  // partition group, 1…; 0 when none
	PID        int
	Generation uint16
	List       []core.Entry
	Stats      Stats
}

// Views are the nodes as last reported, by id (a node in this process: as it is now).
func (c *Cluster) Views() []View {
	c.mu.Lock()
	procs := append([]*proc(nil), c.procs...)
	out := make([]View, len(procs))
	for i, p := range procs {
		if p == nil {
			out[i].ID = core.NodeID(i) // starting: down, for now
			continue
		}
		out[i] = View{ID: p.id, Up: p.up, Left: p.left && !p.up, Group: p.group, PID: p.pid(), Generation: p.gen, List: p.latest.List}
		if p.latest.Stats != nil {
			out[i].Stats = *p.latest.Stats
		}
	}
	c.mu.Unlock()
	for i, p := range procs { // outside the cluster's lock: a node takes its own
		if p != nil && p.node != nil && out[i].Up {
			out[i].List, out[i].Stats = p.node.List(), p.node.Stats()
		}
	}
	return out
}

// Start is when the cluster started: frames and messages count from it.
func (c *Cluster) Start() time.Time { return c.start }

// Messages are the messages whose fate became known since the last call (sent and received,
// or judged lost), in ms since the cluster started.
func (c *Cluster) Messages() []trace.Msg {
	c.mu.Lock()
	procs := append([]*proc(nil), c.procs...)
	c.mu.Unlock()
	for _, p := range procs { // nodes in this process: read their logs directly
		if p != nil && p.node != nil {
			s, r := p.node.TakeMessages()
			c.mu.Lock()
			c.match.Sent(p.id, s)
			c.match.Received(p.id, r)
			c.mu.Unlock()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.match.Take(time.Now().UnixMilli(), func(id core.NodeID) bool {
		return int(id) < len(c.procs) && c.procs[id] != nil && c.procs[id].up
	})
}

// Stop ends the cluster: every node's input is closed (it stops by itself), and one that has
// not gone within two seconds is killed. It returns when every process has exited.
func (c *Cluster) Stop() {
	c.mu.Lock()
	procs := append([]*proc(nil), c.procs...)
	c.mu.Unlock()
	for _, p := range procs {
		switch {
		case p == nil:
		case p.node != nil:
			p.cancel()
		default:
			p.stdin.Close()
		}
	}
	for _, p := range procs {
		if p != nil {
			p.waitOrKill(2 * time.Second)
		}
	}
}

// lockedWriter lets several processes' outputs share one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// TraceFrame is the views as one frame of a recorded trace (package trace), at t ms since the
// start, with the injected loss now, the commands applied since the frame before and the
// messages whose fate became known.
func TraceFrame(t int64, loss float64, views []View, commands []string, msgs []trace.Msg) trace.Frame {
	f := trace.Frame{TimeMs: t, Loss: loss, Commands: commands, Messages: msgs, Nodes: make([]trace.Node, 0, len(views))}
	for _, v := range views {
		f.Nodes = append(f.Nodes, trace.Node{ID: v.ID, Up: v.Up, Left: v.Left, Group: v.Group, Generation: v.Generation, List: v.List,
			Sent: v.Stats.Sent, SentBytes: v.Stats.SentBytes})
	}
	return f
}
