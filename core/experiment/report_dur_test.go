package experiment

import (
	"testing"
	"time"

	"gossiplab/core"
)

// dur writes a duration as Go's time.Duration does (the CLI's flags read it back), without the
// time package, which core keeps out.
func TestDurWritesAsTimeDuration(t *testing.T) {
	for _, ms := range []core.Time{0, 1, 250, 999, 1000, 1500, 59999, 60000, 90500, 3600000, 3723456, -1500} {
		want := (time.Duration(ms) * time.Millisecond).String()
		if got := dur(ms); got != want {
			t.Errorf("dur(%d) = %q, want %q", ms, got, want)
		}
	}
}
