package freetext

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// A post's work mode: remote when the work may be done remotely ("可远程",
// "远程办公", "[杭州 可远程]", "Remote"), hybrid when only part of the week is
// ("每周1–2天远程", "3天Work From Home，2天Onsite", "混合办公"), onsite when the
// post rules remote work out ("不支持远程", "需全职坐班On site"). Words about
// remote work that describe something else — "疫情期间全员远程办公", "也有部分
// 同事远程办公", "远程面试", "远程控制" — say nothing about the position.

var (
	hybridRe = regexp.MustCompile(`(?i)(?:每周|一周|每星期|周)\s*[0-9一二两三四五]\s*(?:[-–—~～至到]\s*[0-9一二两三四五]\s*)?天\s*(?:远程|在家|居家|wfh|work from home|home office|灵活)|[0-9一二两三四五]\s*天\s*(?:work from home|wfh|在家|居家|远程)|混合办公|混合工作|hybrid\s*(?:work|office|remote|model|办公|工作)|部分远程|远程\s*[+＋]\s*(?:定期|不定期)?\s*(?:到岗|坐班|线下)|在家灵活办公|灵活(?:在家|居家)办公|(?:每)?周[一二三四五六日]\s*(?:可以?)?(?:居家|在家|远程)`)
	onsiteRe = regexp.MustCompile(`(?i)坐班|on[- ]?site|现场办公|线下办公|需到岗`)
	// remoteWords are the phrases of remote work in running text; the
	// general ones (远程办公, 在家办公 …) are read with their context.
	remoteWords   = regexp.MustCompile(`(?i)可远程|可以远程|支持远程|接受远程|全远程|完全远程|纯远程|远程优先|远程全职|远程兼职|远程岗|远程职位|远程友好|远程分布式|可居家|可在家|remote[- ]?(?:work|first|friendly|ok|only|job|position)|fully remote|100% remote|远程办公|远程工作|居家办公|在家办公|在家工作|work from home|\bwfh\b`)
	remoteGeneral = regexp.MustCompile(`远程办公|远程工作|居家办公|在家办公|在家工作`)
)

// The words hybridRe, remoteNegRe and onsiteRe cannot match without.
var (
	hybridNeeds = newLitSet("远程", "在家", "居家", "wfh", "work from home", "home office", "灵活", "混合", "hybrid")
	remoteNeeds = newLitSet("远程", "remote")
	onsiteNeeds = newLitSet("坐班", "site", "现场办公", "线下办公", "需到岗")
)

// remoteHintWords are the words remoteWords cannot match without.
var remoteHintWords = newLitSet("远程", "居家", "在家", "remote", "wfh", "work from home")

// findInLines returns the first match of re in ix's text, trying only the
// lines whose lower-cased text holds one of needs: a regular expression run over
// a whole long post is slow, and none of these spans lines.
func findInLines(re *regexp.Regexp, ix *textIndex, needs *litSet) []int {
	all := scanLines(re, ix, needs, 1)
	if len(all) == 0 {
		return nil
	}
	return all[0]
}

// findAllInLines is findInLines for every match.
func findAllInLines(re *regexp.Regexp, ix *textIndex, needs *litSet) [][]int {
	return scanLines(re, ix, needs, -1)
}

// scanLines runs re over the lines of text whose lower-cased text holds
// one of needs, jumping from one such word to the next: no word spans a
// line, so the lines in between cannot match.
func scanLines(re *regexp.Regexp, ix *textIndex, needs *litSet, n int) [][]int {
	if !needs.mayIn(ix) {
		return nil // no word of needs has its first rune pair in the text
	}
	text, lower := ix.s, ix.lower
	pos := needs.index(lower)
	if pos < 0 {
		return nil
	}
	if len(lower) != len(text) {
		return re.FindAllStringIndex(text, n) // lower-casing moved the bytes
	}
	var out [][]int
	for {
		start := strings.LastIndexByte(text[:pos], '\n') + 1
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		for _, loc := range re.FindAllStringIndex(text[start:end], -1) {
			out = append(out, []int{start + loc[0], start + loc[1]})
			if n > 0 && len(out) >= n {
				return out
			}
		}
		if end >= len(text) {
			return out
		}
		j := needs.index(lower[end+1:])
		if j < 0 {
			return out
		}
		pos = end + 1 + j
	}
}

// containsAnyOf reports whether s contains one of words.
func containsAnyOf(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// remoteAside are the words before a general phrase that make it a remark
// rather than an offer: "疫情期间全员远程办公", "也有部分同事远程办公",
// "无论远程还是本地工作".
var remoteAside = []string{"疫情", "期间", "部分同事", "同事", "无论", "曾", "以前", "也有", "员工", "鼓励"}

// workMode decides the work mode from what the heading and fields said
// (remote) and from the text.
func (d *doc) workMode(remote bool) string {
	text := d.text
	// the patterns below are slow on a long post: each is tried only when
	// a word it needs is in the text
	if loc := findInLines(hybridRe, d.textIx(), hybridNeeds); loc != nil && !remoteNegated(text, loc[0]) {
		return WorkHybrid
	}
	negated := findInLines(remoteNegRe, d.textIx(), remoteNeeds) != nil
	prose := false
	if !negated && remoteHints.hasIn(d.textIx()) {
		for _, loc := range findAllInLines(remoteWords, d.textIx(), remoteHintWords) {
			m := text[loc[0]:loc[1]]
			if remoteNegated(text, loc[0]) {
				continue
			}
			if remoteGeneral.MatchString(m) && aside(text[:loc[0]]) {
				continue
			}
			prose = true
			break
		}
	}
	onsite := findInLines(onsiteRe, d.textIx(), onsiteNeeds)
	switch {
	case (remote || prose) && onsite != nil && !strings.Contains(lowerASCII(text[onsite[0]:onsite[1]]), "site"):
		// "前期远程兼职 … 后期上海线下办公"
		return WorkHybrid
	case remote || prose:
		return WorkRemote
	case negated || onsite != nil:
		return WorkOnsite
	}
	return ""
}

// aside reports a remark just before a phrase of remote work.
func aside(before string) bool {
	n := 0
	i := len(before)
	for i > 0 && n < 10 {
		r, w := utf8.DecodeLastRuneInString(before[:i])
		if r == '\n' || r == '。' {
			break
		}
		i -= w
		n++
	}
	window := before[i:]
	for _, a := range remoteAside {
		if strings.Contains(window, a) {
			return true
		}
	}
	return false
}
