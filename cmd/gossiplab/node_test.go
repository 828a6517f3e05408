package main

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Bad flags of a real node exit 2 with one message naming the flag: a bad or busy address, a
// bad join list, a state file that holds no generation.
func TestNodeBadFlagsExit2(t *testing.T) {
	busy, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	garbage := filepath.Join(t.TempDir(), "gen")
	os.WriteFile(garbage, []byte("yesterday"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--listen", "localhost:7000"}, "--listen: must be an IPv4 address and port"},
		{[]string{"--listen", busy.LocalAddr().String()}, "--listen: listen udp4 " + busy.LocalAddr().String() + ": bind"},
		{[]string{"--listen", "127.0.0.1:0", "--join", "127.0.0.1"}, "--join: must be IPv4 host:port"},
		{[]string{"--listen", "127.0.0.1:0", "--state", garbage}, "--state: " + garbage + " does not hold a generation"},
		{[]string{"--id", "10000"}, "--id"},
		{[]string{"--protocol", "rumor"}, "--protocol"},
	} {
		var out, errOut bytes.Buffer
		if code := mainWithExit(append([]string{"node"}, c.args...), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, errOut.String(), c.want)
		}
	}
}

// Two real nodes started by the command find each other through --join, and a state file
// raises the generation at each start.
func TestTwoNodesFromTheCommandLine(t *testing.T) {
	l, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	seedAddr := l.LocalAddr().String()
	l.Close() // a free port for node 0, which the other joins
	state := filepath.Join(t.TempDir(), "gen")
	os.WriteFile(state, []byte("4\n"), 0o644)
	common := []string{"--n", "2", "--period", "100ms", "--t-suspect", "1s", "--t-remove", "2s", "--duration", "1500ms", "--every", "1s"}
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 2)
	codes := make([]int, 2)
	for i, args := range [][]string{{"--listen", seedAddr}, {"--id", "1", "--listen", "127.0.0.1:0", "--join", seedAddr, "--state", state}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var errOut bytes.Buffer
			codes[i] = mainWithExit(append(append([]string{"node"}, args...), common...), &outs[i], &errOut)
			outs[i].WriteString(errOut.String())
		}()
	}
	wg.Wait()
	for i := range outs {
		lines := strings.Split(strings.TrimSpace(outs[i].String()), "\n")
		if codes[i] != 0 || !strings.Contains(lines[len(lines)-1], "alive 2, suspect 0") {
			t.Errorf("node %d: exit %d\n%s", i, codes[i], outs[i].String())
		}
	}
	if !strings.Contains(outs[1].String(), "generation 5") {
		t.Errorf("the state file's 4 did not become generation 5:\n%s", outs[1].String())
	}
	if b, _ := os.ReadFile(state); strings.TrimSpace(string(b)) != "5" {
		t.Errorf("state file holds %q", b)
	}
}
