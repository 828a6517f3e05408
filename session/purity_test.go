package session

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// The session is the run apart from its picture: it builds without Ebiten or the browser, so
// that it runs natively, under wasm and (in later issues) beside real processes.
func TestSessionKnowsNoScreen(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the go command; the native run checks this")
	}
	out, err := exec.Command("go", "list", "-deps", "gossiplab/session").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 5 {
		t.Fatalf("go list -deps listed %d packages: %q", len(deps), out)
	}
	for _, d := range deps {
		for _, banned := range []string{"github.com/hajimehoshi/ebiten", "syscall/js", "gossiplab/view", "net"} {
			if d == banned || strings.HasPrefix(d, banned+"/") {
				t.Errorf("session depends on %s", d)
			}
		}
	}
}
