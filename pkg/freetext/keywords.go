package freetext

import (
	"strings"
)

// wordSet finds literal words in text. It replaces regular expressions
// for the long keyword lists the classifier scans whole posts with: a loop
// of strings.Contains is an order of magnitude faster than Go's regexp on
// alternations of Chinese words. ASCII words match case-insensitively and
// only on word boundaries ("hc" is not in "which").
type wordSet struct {
	cjk   []string
	ascii []string // lower case
}

func newWordSet(words ...string) wordSet {
	var w wordSet
	for _, x := range words {
		if isASCIIWord(x) {
			w.ascii = append(w.ascii, strings.ToLower(x))
		} else {
			w.cjk = append(w.cjk, x)
		}
	}
	return w
}

// count returns how many of the words occur in s; lower is
// strings.ToLower(s), passed in so that callers scanning one text with
// several sets lower it once.
func (w wordSet) count(s, lower string) int {
	return w.countUpTo(s, lower, len(w.cjk)+len(w.ascii))
}

// countUpTo is count that stops at max.
func (w wordSet) countUpTo(s, lower string, max int) int {
	n := 0
	for _, x := range w.cjk {
		if n >= max {
			return n
		}
		if strings.Contains(s, x) {
			n++
		}
	}
	for _, x := range w.ascii {
		if n >= max {
			return n
		}
		if containsWord(lower, x) {
			n++
		}
	}
	return n
}

// has reports whether any of the words occurs in s.
func (w wordSet) has(s, lower string) bool {
	for _, x := range w.cjk {
		if strings.Contains(s, x) {
			return true
		}
	}
	for _, x := range w.ascii {
		if containsWord(lower, x) {
			return true
		}
	}
	return false
}

// containsWord reports whether w occurs in s with no ASCII letter or digit
// directly before or after it (only where w itself starts or ends with one).
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		okStart := start == 0 || !isWordByte(w[0]) || !isWordByte(s[start-1])
		okEnd := end == len(s) || !isWordByte(w[len(w)-1]) || !isWordByte(s[end])
		if okStart && okEnd {
			return true
		}
		i = start + 1
	}
}
