package freetext

import (
	"strings"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// wordSet finds literal words in text. It replaces regular expressions
// for the long keyword lists the classifier scans whole posts with: a loop
// of strings.Contains is an order of magnitude faster than Go's regexp on
// alternations of Chinese words. ASCII words match case-insensitively and
// only on word boundaries ("hc" is not in "which").
type wordSet struct {
	cjk   []string
	pairs []uint32 // the hash of each cjk word's first two runes (pairHash), 0 for a one-rune word
	lasts []uint32 // the same for its last two runes: a word must have both pairs in the text
	ascii []string // lower case
	scan  *litSet  // the cjk words, for has on a list long enough to pay for it
}

func newWordSet(words ...string) wordSet {
	var w wordSet
	for _, x := range words {
		if isASCIIWord(x) {
			w.ascii = append(w.ascii, lowerASCII(x))
		} else {
			w.cjk = append(w.cjk, x)
			w.pairs = append(w.pairs, firstPair(x))
			w.lasts = append(w.lasts, lastPair(x))
		}
	}
	if len(w.cjk) >= litSetMin {
		w.scan = newLitSet(w.cjk...)
	}
	return w
}

// litSet finds any of a list of literal words, as bytes, in one pass over
// a text: each rune is looked up among the words' first runes. A loop of
// strings.Contains reads a Chinese line once per word, stopping at every
// byte 0xE4–0xE9 (the first byte of most of its runes), which made these
// checks a sixth of the parse.
type litSet struct {
	byFirst map[rune][]string
	bits    [litBits / 64]uint64 // the first runes, modulo litBits
	empty   bool                 // "" is a word: every text holds it
	pairs   []uint32             // each word's firstPair (mayIn)
}

const (
	litBits   = 1 << 12
	litSetMin = 4 // below this many words a loop of strings.Contains is as fast
)

func newLitSet(words ...string) *litSet {
	l := &litSet{byFirst: map[rune][]string{}}
	for _, w := range words {
		if w == "" {
			l.empty = true
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		l.byFirst[r] = append(l.byFirst[r], w)
		l.pairs = append(l.pairs, firstPair(w))
		k := uint32(r) % litBits
		l.bits[k/64] |= 1 << (k % 64)
	}
	return l
}

// index returns the byte offset of the first word found in s, or -1.
func (l *litSet) index(s string) int {
	if l.empty {
		return 0
	}
	for i := 0; i < len(s); {
		// the rune at i, decoded inline for ASCII and the three-byte runes
		// of Chinese text (a call per rune was a tenth of this loop's time)
		var r rune
		n := 1
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			r = rune(c)
		case c >= 0xE1 && c <= 0xEC && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			r, n = rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F), 3
		default:
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		k := uint32(r) % litBits
		if l.bits[k/64]&(1<<(k%64)) != 0 {
			for _, w := range l.byFirst[r] {
				if strings.HasPrefix(s[i:], w) {
					return i
				}
			}
		}
		i += n
	}
	return -1
}

// in reports whether s holds one of the words.
func (l *litSet) in(s string) bool { return l.index(s) >= 0 }

// removeAll removes the words from s as a regular expression alternating
// them would, leftmost first: at each position the first word, in the
// order given, that starts there.
func (l *litSet) removeAll(s string) string {
	var b strings.Builder
	last := 0 // s[last:i] is kept and not yet written
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		k := uint32(r) % litBits
		if l.bits[k/64]&(1<<(k%64)) != 0 {
			if w := l.firstAt(s[i:], r); w > 0 {
				if b.Cap() == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[last:i])
				i += w
				last = i
				continue
			}
		}
		i += n
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// firstAt returns the length of the first word, in the order given, that
// s starts with, or 0.
func (l *litSet) firstAt(s string, r rune) int {
	for _, w := range l.byFirst[r] {
		if strings.HasPrefix(s, w) {
			return len(w)
		}
	}
	return 0
}

// textIndex is a text with a bit set of the pairs of adjacent runes in it:
// a word whose first two runes are not a pair of the text is not in it,
// and most words of the classifier's lists are not in most posts. Looking
// a pair up is far cheaper than strings.Contains over a long Chinese text,
// whose first bytes (0xE4–0xE9) occur everywhere.
type textIndex struct {
	s, lower string
	bits     *[pairBits / 64]uint64 // built on first use
}

const pairBits = 1 << 14

func newTextIndex(s, lower string) *textIndex { return &textIndex{s: s, lower: lower} }

func pairHash(a, b rune) uint32 {
	h := uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77
	return h>>7 | 1 // never 0, which marks a one-rune word
}

func firstPair(x string) uint32 {
	a, n := utf8.DecodeRuneInString(x)
	if n >= len(x) {
		return 0
	}
	b, _ := utf8.DecodeRuneInString(x[n:])
	return pairHash(a, b)
}

func lastPair(x string) uint32 {
	b, n := utf8.DecodeLastRuneInString(x)
	if n >= len(x) {
		return 0
	}
	a, _ := utf8.DecodeLastRuneInString(x[:len(x)-n])
	return pairHash(a, b)
}

// mayHave reports whether a word whose first pair hashes to h may occur.
func (t *textIndex) mayHave(h uint32) bool {
	if h == 0 {
		return true
	}
	k := h % pairBits
	return t.pairs()[k/64]&(1<<(k%64)) != 0
}

// pairs returns the bit set of the text's rune pairs, building it on the
// first call.
func (t *textIndex) pairs() *[pairBits / 64]uint64 {
	if t.bits == nil {
		t.bits = new([pairBits / 64]uint64)
		prev := rune(-1)
		for _, r := range t.s {
			if prev >= 0 {
				k := pairHash(prev, r) % pairBits
				t.bits[k/64] |= 1 << (k % 64)
				// and the pair lower-cased (ASCII, as lowerASCII): a word
				// of the lower-cased text is found by it (litSet.mayIn)
				if lp, lr := lowerASCIIRune(prev), lowerASCIIRune(r); lp != prev || lr != r {
					k := pairHash(lp, lr) % pairBits
					t.bits[k/64] |= 1 << (k % 64)
				}
			}
			prev = r
		}
	}
	return t.bits
}

func lowerASCIIRune(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// mayIn reports whether a word of the set may occur in the indexed text or
// its lower-cased form: false when no word's first two runes are a pair of
// either (a one-rune word may always occur).
func (l *litSet) mayIn(t *textIndex) bool {
	if l.empty {
		return true
	}
	for _, h := range l.pairs {
		if t.mayHave(h) {
			return true
		}
	}
	return false
}

// hasIn is has over an indexed text.
func (w wordSet) hasIn(t *textIndex) bool {
	for i, x := range w.cjk {
		if t.mayHave(w.pairs[i]) && t.mayHave(w.lasts[i]) && strings.Contains(t.s, x) {
			return true
		}
	}
	for _, x := range w.ascii {
		if containsWord(t.lower, x) {
			return true
		}
	}
	return false
}

// countIn returns how many of the words occur in an indexed text, up to max.
func (w wordSet) countIn(t *textIndex, max int) int {
	n := 0
	for i, x := range w.cjk {
		if n >= max {
			return n
		}
		if t.mayHave(w.pairs[i]) && t.mayHave(w.lasts[i]) && strings.Contains(t.s, x) {
			n++
		}
	}
	for _, x := range w.ascii {
		if n >= max {
			return n
		}
		if containsWord(t.lower, x) {
			n++
		}
	}
	return n
}

// has reports whether any of the words occurs in s.
func (w wordSet) has(s, lower string) bool {
	if w.scan != nil {
		if w.scan.in(s) {
			return true
		}
	} else {
		for _, x := range w.cjk {
			if strings.Contains(s, x) {
				return true
			}
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
		okStart := start == 0 || !normalize.IsWordByte(w[0]) || !normalize.IsWordByte(s[start-1])
		okEnd := end == len(s) || !normalize.IsWordByte(w[len(w)-1]) || !normalize.IsWordByte(s[end])
		if okStart && okEnd {
			return true
		}
		i = start + 1
	}
}
