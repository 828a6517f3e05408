package main

import (
	"bufio"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"gossiplab/core"
	"gossiplab/lesson"
	"gossiplab/remote"
	"gossiplab/session"
)

// gossiplab cluster serves the app and its live connection: an app connects, gets the header
// and frames, crashes a node by command (SIGKILL), and the frames — drawn by the session's
// live feed — show every live node removing it; the run ends with gossiplab run's summary.
func TestClusterServesTheAppLive(t *testing.T) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	var out strings.Builder
	go func() {
		done <- runCluster([]string{"--n", "5", "--period", "100ms", "--t-suspect", "600ms", "--t-remove", "1200ms",
			"--duration", "9s", "--every", "50ms", "--seed", "4", "--site", "testdata"}, io.MultiWriter(pw, &out))
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var liveURL string
	for liveURL == "" && lines.Scan() {
		if m := regexp.MustCompile(`-live (ws://\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			liveURL = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	if liveURL == "" {
		t.Fatalf("seed 4: the cluster printed no live address:\n%s", out.String())
	}
	if resp, err := http.Get(strings.Replace(strings.Replace(liveURL, "ws://", "http://", 1), "/live", "/nowhere.html", 1)); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("seed 4: a missing page: %v %v", resp, err)
	}
	conn, err := remote.Dial(liveURL, 5*time.Second)
	if err != nil {
		t.Fatalf("seed 4: %v", err)
	}
	defer conn.Close()
	if h := conn.Header(); h.Config.N != 5 || h.Config.Period != 100 {
		t.Fatalf("seed 4: header %+v", h)
	}
	s, err := session.New(session.Options{Config: core.DefaultConfig()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.OpenFeed(session.NewFeed(conn.Header(), liveURL, true), conn)
	crashed, removed := false, false
	deadline := time.After(7 * time.Second)
	for !removed {
		select {
		case fr, ok := <-conn.Frames():
			if !ok {
				t.Fatalf("seed 4: the connection ended before node 2 was removed:\n%s", out.String())
			}
			if err := s.PushFrame(fr); err != nil {
				t.Fatal(err)
			}
			s.Advance(50)
			snap := s.Refresh(lesson.UI{}).Runs[0].Snap
			if !crashed && fr.TimeMs > 1500 {
				if err := s.Apply(core.Command{Op: core.OpCrash, Node: 2}); err != nil {
					t.Fatal(err)
				}
				crashed = true
			}
			n := snap.Nodes
			removed = crashed && len(n) == 5 && n[2].Status == core.StatusCrashed && n[2].Removed == 4 && n[0].Alive == 3
		case note := <-conn.Notes():
			if note.Err {
				t.Errorf("seed 4: the supervisor said: %s", note.Text)
			}
		case <-deadline:
			snap := s.Refresh(lesson.UI{}).Runs[0].Snap
			t.Logf("shown at %v: %+v", snap.Time, snap.Nodes)
			t.Fatalf("seed 4: node 2 was not shown removed by the four others within 6 s:\n%s", out.String())
		}
	}
	// A partition cuts the real network (the frames carry each node's group), a heal mends it.
	if err := s.Apply(core.Command{Op: core.OpPartition, Groups: [][]core.NodeID{{0, 1}}}); err != nil {
		t.Fatal(err)
	}
	waitShown(t, s, conn, "the partition", func(n []core.NodeInfo) bool { return n[0].Group == n[1].Group && n[0].Group != n[3].Group && n[3].Group == n[4].Group })
	if err := s.Apply(core.Command{Op: core.OpHeal}); err != nil {
		t.Fatal(err)
	}
	waitShown(t, s, conn, "the heal", func(n []core.NodeInfo) bool { return n[0].Group == 0 && n[3].Group == 0 })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"node 2 killed (SIGKILL)", "network partitioned [[0 1]]", "partition healed", "crash detections (delay after the crash):", "node 2 crashed at", "removed by all +"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("seed 4: the output lacks %q:\n%s", want, out.String())
		}
	}
}

// waitShown feeds the live frames to the session until what it shows satisfies ok (within 3 s).
func waitShown(t *testing.T, s *session.Session, conn *remote.Conn, what string, ok func([]core.NodeInfo) bool) {
	t.Helper()
	deadline := time.After(3 * time.Second)
	for {
		select {
		case fr, open := <-conn.Frames():
			if !open {
				t.Fatalf("seed 4: the connection ended before %s showed", what)
			}
			s.PushFrame(fr)
			s.Advance(50)
			if n := s.Refresh(lesson.UI{}).Runs[0].Snap.Nodes; len(n) == 5 && ok(n) {
				return
			}
		case <-deadline:
			t.Fatalf("seed 4: %s did not show within 3 s", what)
		}
	}
}
