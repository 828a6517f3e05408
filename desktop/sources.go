package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gossiplab/remote"
	"gossiplab/trace"
	"gossiplab/view"
)

// sourceFlags are -live and -trace: a real cluster's supervisor to attach to, or a recorded
// trace to play, in place of the simulator (lecture mode included).
type sourceFlags struct {
	live, trace *string
	conn        *remote.Conn
	tr          trace.Trace
}

func addSourceFlags(fs *flag.FlagSet) *sourceFlags {
	return &sourceFlags{
		live:  fs.String("live", "", "attach to a real cluster: the ws:// address gossiplab cluster prints (e.g. ws://127.0.0.1:8090/live)"),
		trace: fs.String("trace", "", "play a recorded trace of a real cluster (gossiplab cluster --record FILE, or Save trace)"),
	}
}

// open connects or reads the trace before the window opens, so that a wrong address or a bad
// file is one message and exit status 2.
func (f *sourceFlags) open() error {
	if *f.live != "" && *f.trace != "" {
		return fmt.Errorf("-live and -trace: give one source, not both")
	}
	if *f.live != "" {
		if err := remote.CheckURL("-live", *f.live); err != nil {
			return err
		}
		conn, err := remote.Dial(*f.live, 10*time.Second)
		if err != nil {
			return fmt.Errorf("-live: %v", err)
		}
		f.conn = conn
	}
	if *f.trace != "" {
		file, err := os.Open(*f.trace)
		if err != nil {
			return fmt.Errorf("-trace: %v", err)
		}
		defer file.Close()
		if f.tr, err = trace.Read(file); err != nil {
			return fmt.Errorf("-trace %s: %v", *f.trace, err)
		}
	}
	return nil
}

// start shows the source in the game, at its first Update (a trace without frames is said
// in the app).
func (f *sourceFlags) start(g *view.Game) {
	switch {
	case f.conn != nil:
		g.Do(func(g *view.Game) { g.OpenLive(f.conn) })
	case *f.trace != "":
		name := filepath.Base(*f.trace)
		g.Do(func(g *view.Game) { g.OpenTrace(f.tr, name) })
	}
}

// saveTrace is the desktop's Options.SaveTrace: the file goes to the working folder, under a
// name that does not overwrite another.
func saveTrace(name string, data []byte) error {
	base := strings.TrimSuffix(name, ".jsonl")
	stamp := time.Now().Format("20060102-150405")
	path := fmt.Sprintf("%s-%s.jsonl", base, stamp)
	for i := 2; fileExists(path); i++ {
		path = fmt.Sprintf("%s-%s-%d.jsonl", base, stamp, i)
	}
	return os.WriteFile(path, data, 0o644)
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
