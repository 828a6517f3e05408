package view

import (
	"strings"
	"testing"
)

func TestParseEmbedAndLock(t *testing.T) {
	opts, errs := ParseParams(query(map[string]string{"embed": "1", "lock": " Loss,fanout ,protocol,loss"}))
	if len(errs) != 0 || !opts.Embed || strings.Join(opts.Locked, ",") != "protocol,fanout,loss" {
		t.Fatalf("embed %v locked %v errs %v", opts.Embed, opts.Locked, errs)
	}
	opts, errs = ParseParams(query(map[string]string{"lock": "loss,bogus"}))
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "lock:") || !strings.Contains(errs[0], "bogus") ||
		!strings.Contains(errs[0], "fanout") || strings.Join(opts.Locked, ",") != "loss" {
		t.Fatalf("locked %v errs %v", opts.Locked, errs)
	}
	if _, errs = ParseParams(query(map[string]string{"embed": "maybe"})); len(errs) != 1 || !strings.HasPrefix(errs[0], "embed:") {
		t.Fatalf("errs %v", errs)
	}
}

func TestEmbedLayoutAndLocks(t *testing.T) {
	opts, _ := ParseParams(query(map[string]string{"embed": "1", "n": "12", "lock": "protocol,speed"}))
	g, err := NewGame(opts)
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(800, 500)
	st := g.State()
	if !st.Embed || strings.Join(st.Locked, ",") != "protocol,speed" {
		t.Fatalf("embed %v locked %v", st.Embed, st.Locked)
	}
	for _, name := range []string{"play", "step", "reset"} {
		if _, ok := st.Controls[name]; !ok {
			t.Errorf("embed: no %s control", name)
		}
	}
	for _, name := range []string{"loss", "fanout", "n", "matrix", "help", "add", "compare", "protocol_swim", "speed", "pitfalls"} {
		if _, ok := st.Controls[name]; ok {
			t.Errorf("embed with lock=protocol,speed: control %s shown", name)
		}
	}
	if g.L.side.w != 0 || g.L.cluster.w < 780 {
		t.Errorf("side %v cluster %v", g.L.side, g.L.cluster)
	}
	speed := g.run.Speed()
	g.do(actToggleProtocol)
	g.do(actFaster)
	g.do(actCompare)
	if g.Protocol() != "heartbeat" || g.run.Speed() != speed || g.cmp != nil {
		t.Errorf("locked keys acted: protocol %s speed %g compare %v", g.Protocol(), g.run.Speed(), g.cmp != nil)
	}
	if !strings.Contains(g.toast.msg, "locked") {
		t.Errorf("toast %q", g.toast.msg)
	}
	// The author's page may still change a locked control through the API (SetProtocol).
	if err := g.SetProtocol("swim"); err != nil || g.Protocol() != "swim" {
		t.Errorf("SetProtocol under lock: %v", err)
	}
}

func TestLockWithoutEmbed(t *testing.T) {
	opts, _ := ParseParams(query(map[string]string{"lock": "loss,fanout"}))
	g, err := NewGame(opts)
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(1280, 800)
	st := g.State()
	if st.Embed {
		t.Error("embed on")
	}
	for _, name := range []string{"loss", "fanout"} {
		if _, ok := st.Controls[name]; ok {
			t.Errorf("locked %s shown", name)
		}
	}
	for _, name := range []string{"period", "protocol_swim", "speed", "matrix"} {
		if _, ok := st.Controls[name]; !ok {
			t.Errorf("%s missing", name)
		}
	}
}
