package core

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestCoreIsPure keeps the simulator deterministic and portable: no wall clock, no I/O, no
// global math/rand, no browser or Ebiten. It asks `go list` about every package under core.
// (fmt pulls in os and time internally without using the clock or files, so those two are
// checked among direct imports only.)
func TestCoreIsPure(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the go command; the native run checks this")
	}
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \",\"}}|{{join .Deps \",\"}}", "gossiplab/core/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	directBan := []string{"time", "os", "net", "math/rand", "syscall/js", "syscall", "io/ioutil", "unsafe"}
	depBan := []string{"net", "math/rand", "syscall/js", "os/exec", "github.com/hajimehoshi/ebiten"}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, line := range lines {
		parts := strings.SplitN(line, "|", 3)
		pkg, imports, deps := parts[0], strings.Split(parts[1], ","), strings.Split(parts[2], ",")
		for _, imp := range imports {
			for _, b := range directBan {
				if imp == b {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
		for _, d := range deps {
			for _, b := range depBan {
				if d == b || (b != "math/rand" && strings.HasPrefix(d, b+"/")) {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "gossiplab/core|") {
		t.Fatalf("go list listed no core package: %q", out)
	}
}
