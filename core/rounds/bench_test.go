package rounds

import "testing"

func BenchmarkSpreadPush100k(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		if _, err := Spread(SpreadConfig{N: 100_000, Mode: Push, Fanout: 1, Trials: 1, Seed: uint64(i)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFalseSuspicions128(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		if _, err := FalseSuspicions(FDConfig{N: 128, Fanout: 1, TSuspect: 20, TRemove: 40, Trials: 1, Seed: uint64(i)}); err != nil {
			b.Fatal(err)
		}
	}
}
