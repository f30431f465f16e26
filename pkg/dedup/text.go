package dedup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ShingleSize is the length, in normalized characters, of the shingles a
// text is cut into. Five Chinese characters are about two words: long
// enough that unrelated ads share few shingles, short enough that a
// reworded line still shares many.
const ShingleSize = 5

// runeSink receives the normalized characters of one text, in order.
type runeSink interface{ put(r rune) }

// normalizeTo feeds the characters of s that carry content to sink:
// letters only, lower-cased, full-width forms folded to ASCII. It drops
// white space, punctuation, symbols and digits (list numbers, phone
// masks, salaries and dates differ between reposts of one ad), HTML tags
// and character references, and Excel's line-break marker "_x000d_".
// It never allocates.
func normalizeTo(s string, sink runeSink) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z':
				sink.put(rune(c))
			case c >= 'A' && c <= 'Z':
				sink.put(rune(c + 'a' - 'A'))
			case c == '<':
				if end := tagEnd(s, i); end > 0 {
					i = end
					continue
				}
			case c == '&':
				if end := entityEnd(s, i); end > 0 {
					i = end
					continue
				}
			case c == '_':
				if end := excelBreakEnd(s, i); end > 0 {
					i = end
					continue
				}
			}
			i++
			continue
		}
		// Fast path for the common CJK ideographs U+4E00–U+9FFF, whose
		// UTF-8 forms are E4–E9 followed by two continuation bytes.
		if c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			if r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); r >= 0x4E00 {
				sink.put(r)
				i += 3
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs, the common case
			sink.put(r)
		case r >= 0xFF21 && r <= 0xFF3A: // full-width A-Z
			sink.put(r - 0xFF21 + 'a')
		case r >= 0xFF41 && r <= 0xFF5A: // full-width a-z
			sink.put(r - 0xFF41 + 'a')
		case r == utf8.RuneError || r < 0xC0:
			// invalid bytes, Latin-1 punctuation and symbols
		case unicode.IsLetter(r):
			sink.put(unicode.ToLower(r))
		}
	}
}

// tagEnd returns the index after an HTML tag or comment starting at s[i]
// ('<'), or 0 when the '<' does not open one (a '<' in "薪资<1万" stays
// text, and is then dropped as punctuation anyway). The corpus masks
// contact data as "<phone>" and "<email>", which this drops too.
func tagEnd(s string, i int) int {
	if i+1 >= len(s) {
		return 0
	}
	c := s[i+1]
	if !(c == '/' || c == '!' || c|0x20 >= 'a' && c|0x20 <= 'z') {
		return 0
	}
	const maxTag = 512
	for j := i + 1; j < len(s) && j < i+maxTag; j++ {
		switch s[j] {
		case '>':
			return j + 1
		case '<':
			return 0
		}
	}
	return 0
}

// entityEnd returns the index after a character reference such as
// "&nbsp;", "&amp;" or "&#12288;" starting at s[i], or 0.
func entityEnd(s string, i int) int {
	const maxEntity = 12
	for j := i + 1; j < len(s) && j < i+maxEntity; j++ {
		c := s[j]
		switch {
		case c == ';':
			if j == i+1 {
				return 0
			}
			return j + 1
		case c == '#' && j == i+1:
		case c|0x20 >= 'a' && c|0x20 <= 'z', c >= '0' && c <= '9':
		default:
			return 0
		}
	}
	return 0
}

// excelBreakEnd returns the index after "_x000d_" or "_x000a_" (any case)
// starting at s[i], or 0. Excel writes line breaks in cells that way and
// exports keep them; left in, they would glue "Go_x000d_" into a word.
func excelBreakEnd(s string, i int) int {
	if len(s)-i < 7 || s[i+6] != '_' {
		return 0
	}
	w := s[i : i+7]
	if strings.EqualFold(w, "_x000d_") || strings.EqualFold(w, "_x000a_") {
		return i + 7
	}
	return 0
}

// Level classes of a title: postings of one template that differ in these
// are different jobs (the same employer's junior and senior openings).
const (
	levelJunior uint8 = 1 << iota
	levelMid
	levelSenior
	levelLead
	levelPartTime
)

// levelWords maps title words to level classes. Words of one class are
// interchangeable (高级 and 资深 are one level); "中高级" is checked
// before "高级" and "中级".
var levelWords = []struct {
	word  string
	class uint8
}{
	{"中高级", levelSenior},
	{"实习", levelJunior}, {"初级", levelJunior}, {"助理", levelJunior}, {"学徒", levelJunior},
	{"储备", levelJunior}, {"intern", levelJunior}, {"junior", levelJunior},
	{"中级", levelMid},
	{"高级", levelSenior}, {"资深", levelSenior}, {"专家", levelSenior}, {"架构师", levelSenior},
	{"senior", levelSenior}, {"principal", levelSenior}, {"staff", levelSenior},
	{"主管", levelLead}, {"经理", levelLead}, {"总监", levelLead}, {"负责人", levelLead},
	{"组长", levelLead}, {"leader", levelLead}, {"manager", levelLead}, {"director", levelLead},
	{"head of", levelLead},
	{"兼职", levelPartTime}, {"part-time", levelPartTime}, {"part time", levelPartTime},
}

// titleLevel returns the level classes a title names (0 when none).
func titleLevel(title string) uint8 {
	t := foldTitle(title)
	var mask uint8
	for _, lw := range levelWords {
		if k := strings.Index(t, lw.word); k >= 0 {
			mask |= lw.class
			if lw.word == "中高级" {
				// keep "高级" and "中级" inside it from counting again
				t = t[:k] + t[k+len(lw.word):]
			}
		}
	}
	return mask
}

// foldTitle lower-cases a title and folds full-width ASCII, so that
// "Ｓｅｎｉｏｒ" finds "senior".
func foldTitle(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// yearsAsked returns the first "N年以上" (N years or more; also "N-M年以上",
// "N年及以上", "N年+", with Chinese numerals) in a description, or 0. The
// first such phrase is almost always the experience the ad asks for; two
// versions of one template asking 3 and 5 years are different jobs.
func yearsAsked(desc string) uint8 {
	for off := 0; ; {
		k := strings.Index(desc[off:], "年")
		if k < 0 {
			return 0
		}
		k += off
		off = k + len("年")
		if !yearsSuffix(desc[off:]) {
			continue
		}
		if n := numberBefore(desc[:k]); n > 0 {
			return n
		}
	}
}

// yearsSuffix reports whether s starts with "以上", "及以上", "或以上" or "+"
// after optional spaces.
func yearsSuffix(s string) bool {
	s = strings.TrimLeft(s, " \u3000")
	for _, p := range []string{"以上", "及以上", "或以上", "+", "＋"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// numberBefore reads the number that ends s (after optional spaces), in
// ASCII, full-width or Chinese digits, skipping a range's upper bound
// ("3-5" gives 3). It returns 0 when there is none or it is implausible.
func numberBefore(s string) uint8 {
	s = strings.TrimRight(s, " \u3000")
	n, rest, ok := lastNumber(s)
	if !ok {
		return 0
	}
	// A range "3-5年以上": take the lower bound.
	t := strings.TrimRight(rest, " \u3000")
	for _, sep := range []string{"-", "~", "～", "至", "到", "－"} {
		if strings.HasSuffix(t, sep) {
			if m, _, ok := lastNumber(strings.TrimRight(t[:len(t)-len(sep)], " \u3000")); ok {
				n = m
			}
			break
		}
	}
	if n == 0 || n > 40 {
		return 0
	}
	return uint8(n)
}

// lastNumber parses the digits or Chinese numeral at the end of s.
func lastNumber(s string) (n int, rest string, ok bool) {
	end := len(s)
	i := end
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if d := digitValue(r); d < 0 {
			break
		}
		i -= size
	}
	if i < end {
		mul := 1
		for j := end; j > i; {
			r, size := utf8.DecodeLastRuneInString(s[:j])
			n += digitValue(r) * mul
			mul *= 10
			j -= size
			if mul > 100 {
				return 0, s, false
			}
		}
		return n, s[:i], true
	}
	r, size := utf8.DecodeLastRuneInString(s)
	if v, ok := chineseNumerals[r]; ok {
		return v, s[:len(s)-size], true
	}
	return 0, s, false
}

func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

var chineseNumerals = map[rune]int{
	'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10,
}
