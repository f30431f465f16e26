package segment

import "strings"

// Latin text (tech names, English postings) never goes through jieba's
// dictionary: jieba cuts Node.js into Node/./js, .NET into ./NET and Go1.18
// into Go1/./18, and without HMM it cuts every unknown Latin word into
// letters. A run of ASCII letters, digits and the joiners below is tokenized
// here instead, with rules that keep tech names whole.

// isSpanByte reports whether c belongs to a Latin span: letters, digits and
// the characters that occur inside tech names (C++, C#, Node.js, k8s,
// spring-boot, snake_case).
func isSpanByte(c byte) bool {
	return isAlnum(c) || c == '+' || c == '#' || c == '.' || c == '-' || c == '_'
}

func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }
func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// spanEnd returns the end of the Latin span that starts at text[i].
func spanEnd(text string, i int) int {
	for i < len(text) && isSpanByte(text[i]) {
		i++
	}
	return i
}

// appendLatinSpan tokenizes one Latin span (ASCII only, no spaces) and
// appends the cleaned tokens to dst.
//
// Joining rules: "." "-" "_" join two alphanumerics (node.js, go1.18,
// asp.net, spring-boot); a leading "." before a letter is kept (.net); a run
// of two or more "+" ends the token and belongs to it (c++); one "#" after a
// letter ends the token and belongs to it (c#, f#).
func (s *Segmenter) appendLatinSpan(dst []string, span string) []string {
	n := len(span)
	for i := 0; i < n; {
		start := i
		switch c := span[i]; {
		case excelEscapeAt(span, i):
			i += 7
			continue
		case c == '.' && i+1 < n && isAlpha(span[i+1]):
			i++ // the dot of .NET; a previous alphanumeric would have joined it
		case !isAlnum(c):
			i++
			continue
		}
	scan:
		for i < n {
			c := span[i]
			switch {
			case isAlnum(c):
				i++
			case excelEscapeAt(span, i):
				break scan
			case (c == '.' || c == '-' || c == '_') && i+1 < n && isAlnum(span[i+1]):
				i++
			case c == '+':
				// "++" belongs to the name (c++, g++, notepad++); a single
				// "+" joins two names (DIV+CSS, Java+Go).
				if j := i + 1; j < n && span[j] == '+' {
					for i < n && span[i] == '+' {
						i++
					}
				}
				break scan
			case c == '#' && isAlpha(span[i-1]):
				i++
				break scan
			default:
				break scan
			}
		}
		dst = s.appendLatinToken(dst, span[start:i])
	}
	return dst
}

// dottedSuffixes are the endings after which a dotted token is one name
// (node.js, asp.net, socket.io) rather than two words run together.
var dottedSuffixes = []string{".js", ".net", ".io"}

// appendLatinToken folds one raw token's case, maps it to the taxonomy's
// canonical name, drops version suffixes and noise, and appends the result.
func (s *Segmenter) appendLatinToken(dst []string, raw string) []string {
	t := asciiLower(raw)
	if c, ok := s.canonical(t); ok {
		if keepLen(c) {
			dst = append(dst, c)
		}
		return dst
	}
	if strings.IndexByte(t, '.') > 0 { // a leading dot alone (.net) is a name
		stem, ver := splitVersion(t)
		if ver == "" {
			if hasAnySuffix(t, dottedSuffixes) {
				return s.appendPlain(dst, t)
			}
			// Two words run together without a space ("java.python",
			// "github.com"): count each on its own.
			for part := range strings.SplitSeq(t, ".") {
				dst = s.appendLatinToken(dst, part)
			}
			return dst
		}
		if strings.IndexByte(stem, '.') > 0 {
			// vue.js3.0 or a.b.1: judge the stem on its own.
			return s.appendLatinToken(dst, stem)
		}
		if c, ok := s.canonical(stem); ok {
			if keepLen(c) {
				dst = append(dst, c)
			}
			return dst
		}
		// A dotted version (go1.18, python3.8, vue2.x, "java.2" from
		// "Java.2.熟悉…") is a version whatever the name; an undotted digit
		// run may be part of the name (h5, es6, log4j), see below.
		return s.appendPlain(dst, stem)
	}
	if stem, ver := splitVersion(t); ver != "" {
		if c, ok := s.canonical(stem); ok {
			// java8 → java, python3 → python: the taxonomy knows the name.
			if keepLen(c) {
				dst = append(dst, c)
			}
			return dst
		}
	}
	return s.appendPlain(dst, t)
}

// maxLatinLen bounds a Latin token: longer ones are hashes, base64, glued
// URLs, never a skill name (the longest in the corpus are about 25).
const maxLatinLen = 40

// maxWordLen bounds a token of letters only. English text that lost its
// spaces on the way into a dataset ("bilingualinbothmandarinandenglish",
// "abasicunderstandingofcrm") reached keyword lists; in the corpus the
// longest real words are 20 letters (internationalization) and every
// longer run of letters is glued prose.
const maxWordLen = 20

// appendPlain applies the noise rules to a token the taxonomy does not know.
func (s *Segmenter) appendPlain(dst []string, t string) []string {
	switch {
	case t == "" || isDigit(t[0]):
		// Numbers, salaries (20k), years, list markers (1.), 5g, 3d.
		return dst
	case !keepLen(t) || len(t) > maxLatinLen:
		return dst
	case len(t) > maxWordLen && isLetterRun(t):
		return dst
	case s.isStop(t):
		return dst
	case looksLikeID(t):
		return dst
	}
	return append(dst, t)
}

// looksLikeID spots account names and codes that posts carry as contact
// details (WeChat ids like "zhangsanshi5566", referral codes like
// "d4m8kldyqq", e-mail names like "cugb_liangruile"): an underscore,
// letters and digits alternating three or more times, or a long letter run
// followed by three or more digits. Skill names (k8s, log4j, es2015, h5,
// p6) have none of these shapes; the taxonomy's own names never get here.
func looksLikeID(t string) bool {
	if strings.IndexByte(t, '_') >= 0 {
		return true
	}
	switches, letters, trailingDigits := 0, 0, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if i > 0 && isDigit(c) != isDigit(t[i-1]) && isAlnum(c) && isAlnum(t[i-1]) {
			switches++
		}
		switch {
		case isAlpha(c):
			letters++
			trailingDigits = 0
		case isDigit(c):
			trailingDigits++
		default:
			trailingDigits = 0
		}
	}
	return switches >= 3 || (letters >= 5 && trailingDigits >= 3)
}

// splitVersion splits a trailing version off a token: "go1.18" → ("go",
// "1.18"), "vue2.x" → ("vue", "2.x"), "python3" → ("python", "3"). The
// stem must keep a letter; "1.18" and "k8s" have no version suffix.
func splitVersion(t string) (stem, ver string) {
	j := len(t)
	for j > 0 {
		c := t[j-1]
		if isDigit(c) || c == '.' || c == 'x' && j >= 2 && t[j-2] == '.' {
			j--
			continue
		}
		break
	}
	// The version must start with a digit: "a.b" ends in letters, and the
	// dots before the digits belong to the separator, not the version.
	for j < len(t) && t[j] == '.' {
		j++
	}
	if j == len(t) || !isDigit(t[j]) {
		return t, ""
	}
	stem = strings.TrimRight(t[:j], ".-_")
	if stem == "" || !strings.ContainsFunc(stem, func(r rune) bool { return r < 0x80 && isAlpha(byte(r)) }) {
		return t, ""
	}
	return stem, t[j:]
}

func isLetterRun(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return true
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// asciiLower folds ASCII upper case, allocating only when there is some.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

// excelEscapeAt reports whether span[i:] starts with an Excel escape
// _xHHHH_ (_x000D_ is how Excel writes a carriage return into a cell, and
// CSV exports of .xlsx files keep it): white space, not a word.
func excelEscapeAt(span string, i int) bool {
	if i+7 > len(span) || span[i] != '_' || span[i+1]|0x20 != 'x' || span[i+6] != '_' {
		return false
	}
	for _, c := range []byte(span[i+2 : i+6]) {
		if !isDigit(c) && !('a' <= c|0x20 && c|0x20 <= 'f') {
			return false
		}
	}
	return true
}
