// Command gossiplab runs the experiments behind Gossip Lab's lessons without a window:
// rumor spreading and heartbeat failure detection in synchronous rounds (spread, fd),
// timed scenarios in the event-driven simulator (run), and parameter sweeps with plots (sweep).
//
// Every subcommand is deterministic for a given --seed. Bad flags exit with status 2 and a
// message naming the flag and its allowed range.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// command is one subcommand: it parses its own flags from args and writes results to out.
type command struct {
	name    string
	summary string
	run     func(args []string, out io.Writer) error
}

func commands() []command {
	return []command{
		{"spread", "one rumor from node 0 in the synchronous round model (push, pull, push-pull)", runSpread},
		{"fd", "heartbeat gossip failure detection in synchronous rounds", runFD},
		{"swim", "SWIM's failure detector in rounds: first detection, false suspicions per probe, load", runSwim},
		{"run", "a timed scenario in the event-driven simulator; ends with its trace hash", runScenario},
		{"sweep", "vary one parameter over seeded event-driven runs; writes CSV and a plot", runSweep},
		{"compare", "one seeded scenario under several protocols: detection, false positives, load", runCompare},
		{"node", "one real member on a UDP socket (127.0.0.1 unless --listen says otherwise)", runNode},
		{"cluster", "N real node processes on 127.0.0.1, supervised: crashes (SIGKILL), restarts, detection times", runCluster},
	}
}

func main() {
	os.Exit(mainWithExit(os.Args[1:], os.Stdout, os.Stderr))
}

// mainWithExit is main without os.Exit, so tests can run the CLI in-process.
func mainWithExit(args []string, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(errOut)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(args[1:], out)
		var ue *usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(errOut, "gossiplab %s: %v\n", c.name, ue)
			return 2
		default:
			fmt.Fprintf(errOut, "gossiplab %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(errOut, "gossiplab: unknown command %q\n", args[0])
	printUsage(errOut)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: gossiplab <command> [flags]    (gossiplab <command> -h for its flags)")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-7s %s\n", c.name, c.summary)
	}
}
