package segment

import (
	"fmt"
	"testing"
)

func TestHashSet(t *testing.T) {
	var words []string
	for i := 0; i < 5000; i++ {
		words = append(words, fmt.Sprintf("词%d", i))
	}
	s := newHashSet(append(words, words[:10]...)) // duplicates are harmless
	for _, w := range words {
		if !s.has(w) {
			t.Fatalf("%q missing", w)
		}
	}
	for i := 5000; i < 20000; i++ {
		if w := fmt.Sprintf("词%d", i); s.has(w) {
			t.Fatalf("%q found, never added", w)
		}
	}
	if e := newHashSet(nil); e.has("") || e.has("x") {
		t.Error("the empty set has members")
	}
}
