package trend

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	// Reference values computed independently (Python, from the textbook
	// formula); 96/1200 is the contract's example (0.066, 0.097 rounded).
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{96, 1200, 0.065957, 0.096724},
		{0, 10, 0, 0.277533},
		{10, 10, 0.722467, 1},
		{1, 2, 0.094531, 0.905469},
		{4, 2983, 0.000522, 0.003443},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > 5e-6 || math.Abs(hi-tt.hi) > 5e-6 {
			t.Errorf("Wilson(%d, %d) = (%.6f, %.6f), want (%.6f, %.6f)", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
	if lo, hi := Wilson(0, 0); lo != 0 || hi != 0 {
		t.Errorf("Wilson(0, 0) = (%v, %v), want (0, 0)", lo, hi)
	}
}
