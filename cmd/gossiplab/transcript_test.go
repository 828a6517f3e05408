package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// Transcripts (testdata/transcripts/*.txt, in the style of etcd raft's datadriven tests): each
// case is a gossiplab command line and what it prints — the event log, the metrics lines, the
// summary and the trace hash — so that a change of behaviour shows as a diff that reads like a
// story. `go test ./cmd/gossiplab -run Transcripts -rewrite` writes the new outputs; read the
// diff before committing it.
//
//	gossiplab
//	run --n 10 --crash 3@10s --duration 30s
//	----
//	<stdout, then "exit N" and stderr when the exit status is not 0>
func TestTranscripts(t *testing.T) {
	datadriven.Walk(t, "testdata/transcripts", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "gossiplab" {
				d.Fatalf(t, "unknown directive %q (want gossiplab)", d.Cmd)
			}
			args := strings.Fields(d.Input)
			out, errOut, code := cli(t, args...)
			if code != 0 {
				out += fmt.Sprintf("exit %d\n%s", code, errOut)
			}
			return out
		})
	})
}
