package segment

import (
	"strings"
	"unicode/utf8"
)

// Job ads end with how to apply: links (https://job.toutiao.com/s/tDBVER,
// careers.pddglobalhr.com/campus/grad), e-mail addresses, a recruiter's
// handle (@ishenli, 微信：zhangsan_2020) or a referral code (内推码:
// PWJXNZD). Their pieces are no words of the job, yet one company's ads
// repeat them, so they reached keyword lists (toutiao, pddglobalhr,
// ishenli, rtfalsfdlfg from a short link). All of them are ASCII, so the
// Latin scanner skips them before it cuts tokens.

// contactAt decides whether the span text[i:end] of the ASCII run ending
// at b is contact detail, and if so returns where that ends (else i).
// handle says the span is the word after a cue; it is updated for the
// next span.
func contactAt(text string, i, end, b int, handle *bool) int {
	if n := contactLen(text, i, b); n > 0 {
		*handle = false
		return i + n
	}
	if *handle || (i > 0 && text[i-1] == '@') {
		*handle = false
		return end
	}
	if asciiCue(text[i:end], text, end, b) {
		*handle = true
		return end
	}
	return i
}

// contactLen returns the length of the link or e-mail address starting at
// text[i] (within the ASCII run ending at b), or 0.
func contactLen(text string, i, b int) int {
	w := i
	at, dots, slash := -1, 0, -1
	for w < b && isURLByte(text[w]) {
		switch text[w] {
		case '@':
			if at < 0 {
				at = w
			}
		case '.':
			if slash < 0 {
				dots++
			}
		case '/':
			if slash < 0 {
				slash = w
			}
		}
		w++
	}
	word := text[i:w]
	switch {
	case hasPrefixFold(word, "http://") || hasPrefixFold(word, "https://") || hasPrefixFold(word, "ftp://") ||
		hasPrefixFold(word, "www."):
		return len(word)
	case at > i && strings.IndexByte(text[at:w], '.') > 0:
		return len(word) // name@host.tld
	case dots == 0:
		return 0
	}
	host := word
	if slash >= 0 {
		host = text[i:slash]
	}
	if isDomain(host, dots) {
		return len(word)
	}
	return 0
}

// isURLByte: the bytes of a link as ads write it; a closing bracket or
// quote ends it (Markdown's [JD](https://…)).
func isURLByte(c byte) bool { return urlBytes[c] }

var urlBytes = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = isAlnum(byte(c)) || strings.IndexByte("-._~%+#?=&/:;@!$*,", byte(c)) >= 0
	}
	return t
}()

// Top-level domains after which a dotted word is a host. The common ones
// make any such word a host (github.com, golang.org). A few are also file
// and library names (socket.io, asp.net, x.ai): those count only with a
// subdomain (xx.github.io).
var (
	hostTLDs = setOfWords("com cn org edu gov me cc top xyz info biz site link ly gl im tv hk tw jp uk us de fr sg")
	weakTLDs = setOfWords("io net ai dev app co tech")
)

func setOfWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isDomain reports whether host (letters, digits, '-' and dots) is a host
// name: labels and a known top-level domain.
func isDomain(host string, dots int) bool {
	last := strings.LastIndexByte(host, '.')
	if last <= 0 || last == len(host)-1 {
		return false
	}
	for j := 0; j < len(host); j++ {
		if c := host[j]; !isAlnum(c) && c != '-' && c != '.' {
			return false
		}
	}
	tld := asciiLower(host[last+1:])
	switch {
	case hostTLDs[tld]:
		return true
	case weakTLDs[tld]:
		return dots >= 2
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// A handle or a code follows a cue (微信：zhangsan_2020, 内推码: PWJXNZD,
// wx: abc): the first Latin word after one of the cues, blanks and a colon
// between, is contact detail, not a word of the job.
var (
	handleCuesCJK   = []string{"微信", "微信号", "内推码", "推荐码", "邀请码", "投递码"}
	handleCuesLatin = []string{"wechat", "weixin", "wx", "vx", "qq"}
)

// handleAfterCue reports whether the ASCII run starting at a follows a cue:
// text before a, blanks and full-width colons skipped, ends with one. Runs
// are maximal, so the text before one ends in a non-ASCII character; a
// Latin cue can precede only across a full-width colon (wx：abc).
func handleAfterCue(text string, a int) bool {
	j := a
	for j > 0 {
		if text[j-1] == ' ' || text[j-1] == '\t' {
			j--
		} else if j >= 3 && text[j-3:j] == "：" {
			j -= 3
		} else {
			break
		}
	}
	if j == 0 {
		return false
	}
	head := text[:j]
	if head[j-1] < utf8.RuneSelf {
		return latinCue(head[max(0, j-6):], true)
	}
	// Every CJK cue ends in 信, 号 or 码 (E4 BF A1, E5 8F B7, E7 A0 81).
	if j < 3 || !(head[j-1] == 0xA1 || head[j-1] == 0xB7 || head[j-1] == 0x81) {
		return false
	}
	for _, c := range handleCuesCJK {
		if strings.HasSuffix(head, c) {
			return true
		}
	}
	return false
}

// latinCue reports whether s is a Latin cue (any case); with suffix, whether
// it ends with one that is a word of its own.
func latinCue(s string, suffix bool) bool {
	for _, c := range handleCuesLatin {
		if len(s) < len(c) || (!suffix && len(s) != len(c)) {
			continue
		}
		tail := s[len(s)-len(c):]
		if asciiEqualFold(tail, c) && (len(s) == len(c) || !isAlnum(s[len(s)-len(c)-1])) {
			return true
		}
	}
	return false
}

// asciiEqualFold compares an ASCII string with a lower-case one.
func asciiEqualFold(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// asciiCue reports whether span, ending at text[end], is a Latin handle cue
// (wechat, wx, QQ) followed by a colon within the run ending at b: the
// next word is the handle.
func asciiCue(span, text string, end, b int) bool {
	if len(span) > 6 || !latinCue(span, false) {
		return false
	}
	for end < b && text[end] == ' ' {
		end++
	}
	return end < b && text[end] == ':'
}
