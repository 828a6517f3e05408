package live

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gossiplab/core"
)

// A node under a supervisor (gossiplab cluster) reports on its standard output and takes
// commands on its standard input, one JSON object or one command a line; the end of its input
// means the supervisor is gone, and the node stops (no orphans).

// Report is one line a supervised node writes: where it listens (first), then every interval
// its list and counters.
type Report struct {
	ID         core.NodeID  `json:"id"`
	Generation uint16       `json:"generation"`
	Addr       string       `json:"addr,omitempty"`
	TimeMs     int64        `json:"t_ms"`
	List       []core.Entry `json:"list,omitempty"`
	Stats      *Stats       `json:"stats,omitempty"`
	// The messages sent and received since the report before (times in Unix ms).
	Sent []SentMsg `json:"sent,omitempty"`
	Recv []RecvMsg `json:"recv,omitempty"`
}

// WriteReport writes the node's list and counters as one line to w.
func (n *Node) WriteReport(w io.Writer) error {
	n.mu.Lock()
	r := Report{ID: n.opts.ID, Generation: n.opts.Generation, TimeMs: int64(n.now()), List: n.n.AppendList(nil)}
	st := n.stats
	n.mu.Unlock()
	r.Stats = &st
	r.Sent, r.Recv = n.TakeMessages()
	return writeLine(w, r)
}

// WriteHello writes the first line: who the node is and where it listens.
func (n *Node) WriteHello(w io.Writer) error {
	return writeLine(w, Report{ID: n.opts.ID, Generation: n.opts.Generation, Addr: n.self.String()})
}

func writeLine(w io.Writer, r Report) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Obey reads commands from r until it ends, and returns then (the caller stops the node):
//
//	loss P            the injected loss on what this node sends, in [0, 1)
//	partition A,B,…   drop traffic to and from members outside this group (by id)
//	heal              the partition ends
//	leave             depart gracefully: the farewell goes out, then Obey returns
//
// A bad command is answered on errOut and ignored.
func (n *Node) Obey(r io.Reader, errOut io.Writer) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 1 && f[0] == "leave" {
			n.leave()
			return
		}
		if err := n.command(f); err != nil {
			fmt.Fprintf(errOut, "node %d: %v\n", n.opts.ID, err)
		}
	}
}

// leave sends the farewell and waits until the slowest injected delay has let it go out.
func (n *Node) leave() {
	n.mu.Lock()
	now := n.now()
	n.n.Leave(now)
	n.flush(now)
	wait := time.Duration(n.opts.Config.LatencyMax+20) * time.Millisecond
	n.mu.Unlock()
	time.Sleep(wait)
}

func (n *Node) command(f []string) error {
	if len(f) == 0 {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	switch {
	case f[0] == "loss" && len(f) == 2:
		p, err := strconv.ParseFloat(f[1], 64)
		if err != nil || p < 0 || p >= 1 {
			return fmt.Errorf("loss must be a number in [0, 1), got %q", f[1])
		}
		n.opts.Config.Loss = p
	case f[0] == "partition" && len(f) == 2:
		group := map[core.NodeID]bool{}
		for _, s := range strings.Split(f[1], ",") {
			id, err := strconv.Atoi(s)
			if err != nil || id < 0 || id >= core.MaxNodes {
				return fmt.Errorf("partition: ids must be whole numbers in [0, %d), got %q", core.MaxNodes, s)
			}
			group[core.NodeID(id)] = true
		}
		n.group = group
	case f[0] == "heal" && len(f) == 1:
		n.group = nil
	default:
		return fmt.Errorf("unknown command %q (known: loss P, partition A,B,…, heal)", strings.Join(f, " "))
	}
	return nil
}
