package core

import (
	"fmt"
	"testing"
)

func benchConfig(n int) Config {
	c, _ := Preset("benchmark") // M=3, X=1 s, 1% loss
	c.N = n
	return c
}

// BenchmarkSim runs one simulated second per op and reports simulated seconds per wall second.
// allocs/op is allocations per simulated second.
func BenchmarkSim(b *testing.B) {
	for _, n := range []int{32, 256, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			s := mustSim(b, benchConfig(n))
			s.RecordEvents(false)
			s.Advance(30 * Second) // past the start-up: pools and queues at their working size
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				s.Advance(Second)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "simsec/s")
		})
	}
}

// Once warmed up, the simulator allocates nothing per step, with events recorded and drained
// into a reused buffer as the view does every frame: GC pauses would show as stutter.
func TestSteadyStateDoesNotAllocate(t *testing.T) {
	s := mustSim(t, benchConfig(64))
	buf := make([]Event, 0, 1<<16)
	for i := 0; i < 60; i++ {
		s.Advance(Second)
		buf = s.AppendEvents(buf[:0])
	}
	var snap Snapshot
	s.SnapshotInto(&snap, false)
	allocs := testing.AllocsPerRun(20, func() {
		s.Advance(Second)
		buf = s.AppendEvents(buf[:0])
		s.SnapshotInto(&snap, false)
	})
	if allocs > 0 {
		t.Fatalf("seed %d: %.1f allocations per simulated second in steady state, want 0", s.cfg.Seed, allocs)
	}
}
