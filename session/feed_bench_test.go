package session

import (
	"testing"

	"gossiplab/core"
)

// BenchmarkFeedFrame is one frame of the app showing a recorded 64-node cluster: 16 ms of
// playback (the tally takes any frame passed) and the snapshot the view draws. Reported per
// frame; the browser gives Update and Draw about 50 ms a frame at 20 FPS.
func BenchmarkFeedFrame(b *testing.B) {
	tr, _ := traceOfSimN(b, 64, 1, 30*core.Second)
	f, err := OpenTrace(tr, "bench")
	if err != nil {
		b.Fatal(err)
	}
	var snap core.Snapshot
	var events []core.Event
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if f.Now() >= f.End() {
			f.SeekTo(0)
		}
		f.SeekTo(f.Now() + 16)
		f.SnapshotInto(&snap, false)
		events = f.AppendEvents(events[:0])
	}
}
