package skill

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// What the rules read around a spelling: the neighbouring characters and
// words, blanks, URLs, and the technical words before and after a name.

// halfWidth maps full-width ASCII forms to ASCII, and the ideographic and
// no-break spaces to a space, so that the rules read "（Go）" like "(Go)"
// on the raw path as on the cleaned one.
func halfWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	if r == 0x3000 || r == 0xA0 {
		return ' '
	}
	return r
}

func runeBefore(s string, i int) (rune, int) {
	if i <= 0 {
		return 0, 0
	}
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return halfWidth(r), n
}

func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return halfWidth(r), n
}

func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r))
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\v' || r == '\f' || r == 0x2002 || r == 0x2003 || r == 0x2009 || r == 0x200B || r == 0xFEFF
}

// skipBlanksBack returns the offset before the blanks that end s[:i] (not
// crossing a line end).
func skipBlanksBack(s string, i int) int {
	for i > 0 {
		r, n := runeBefore(s, i)
		if !isSpaceRune(r) {
			break
		}
		i -= n
	}
	return i
}

func skipBlanks(s string, i int) int {
	for i < len(s) {
		r, n := runeAt(s, i)
		if !isSpaceRune(r) {
			break
		}
		i += n
	}
	return i
}

// prevWord returns the lower-case Latin word that ends before s[i]
// (blanks skipped; apostrophes kept: "let's") and where it starts.
func prevWord(s string, i int) (string, int) {
	e := skipBlanksBack(s, i)
	b := e
	for b > 0 {
		c := s[b-1]
		if normalize.IsASCIILetter(c) || c == '\'' || c == 0x99 && b >= 3 && s[b-3:b] == "’" {
			if c == 0x99 {
				b -= 3
			} else {
				b--
			}
			continue
		}
		if c >= 0x80 && b >= 2 && s[b-2:b] == "é" {
			b -= 2
			continue
		}
		break
	}
	w := strings.ToLower(strings.ReplaceAll(s[b:e], "’", "'"))
	return w, b
}

// nextWord returns the lower-case Latin word that starts after s[:i]
// (blanks skipped) and where it ends.
func nextWord(s string, i int) (string, int) {
	b := skipBlanks(s, i)
	e := b
	for e < len(s) && (normalize.IsASCIILetter(s[e]) || s[e] == '\'') {
		e++
	}
	return strings.ToLower(s[b:e]), e
}

// cjkContext reports whether the nearest letter before or after [i, j),
// over blanks and punctuation on the same line, is a CJK character.
func cjkContext(s string, i, j int) bool {
	for k, steps := i, 0; k > 0 && steps < 8; steps++ {
		r, n := runeBefore(s, k)
		if r == '\n' || r == '\r' {
			break
		}
		if isCJK(r) {
			return true
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		k -= n
	}
	for k, steps := j, 0; k < len(s) && steps < 8; steps++ {
		r, n := runeAt(s, k)
		if r == '\n' || r == '\r' {
			break
		}
		if isCJK(r) {
			return true
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		k += n
	}
	return false
}

// inURL reports whether s[i] lies inside a URL, an e-mail address or a
// file path: the blank-free token around it contains "://", "www." or '@'.
func inURL(s string, i int) bool {
	b := i
	for b > 0 && i-b < 256 {
		c := s[b-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c >= 0x80 {
			break
		}
		b--
	}
	tok := s[b:i]
	return strings.Contains(tok, "://") || strings.Contains(tok, "www.") || strings.Contains(tok, "@")
}

// glued reports a spelling that is part of a longer token: a domain or
// file name ("go.wepay.com", "main.go"), or a hyphenated word whose other
// part is not technical ("go-to", "no-go", "C-level", "R-squared").
// Hyphenated words with a technical part ("Go-based") are not glued.
func glued(s string, i, j int) bool {
	if r, n := runeBefore(s, i); r == '.' || r == '@' || r == '-' || r == '\'' {
		if p, _ := runeBefore(s, i-n); p < utf8.RuneSelf && normalize.IsWordByte(byte(p)) {
			return true
		}
	}
	if r, n := runeAt(s, j); r == '.' || r == '-' || r == '\'' {
		if q, _ := runeAt(s, j+n); q < utf8.RuneSelf && normalize.IsASCIILetter(byte(q)) {
			if r == '-' {
				w, _ := nextWord(s, j+n)
				return !techNounsEN[w]
			}
			return true
		}
	}
	return false
}

// techNounsEN follow a language name in technical English: "Go developer",
// "C programming", "R packages".
var techNounsEN = setOf(
	"developer", "developers", "dev", "devs", "engineer", "engineers", "engineering", "programmer",
	"programmers", "programming", "code", "coding", "codebase", "service", "services", "microservice",
	"microservices", "backend", "backends", "server", "servers", "language", "lang", "expert", "experts",
	"experience", "sdk", "api", "apis", "library", "libraries", "module", "modules", "mod", "routine",
	"routines", "runtime", "toolchain", "stack", "app", "apps", "application", "applications", "project",
	"projects", "based", "powered", "native", "binary", "binaries", "concurrency", "generics", "package",
	"packages", "framework", "frameworks", "web", "script", "scripts", "scripting", "tooling", "programs",
	"program", "extensions", "bindings", "compiler", "interop", "skills", "knowledge", "proficiency",
	"development", "developing", "implementation", "codebases", "shop", "team", "teams", "ecosystem",
	"community", "gopher", "gophers", "studio", "shiny", "tidyverse", "cran", "markdown", "ui", "cli", "clis",
)

// techBeforeEN precede a language name in technical English: "written in
// Go", "experience with C", "using R".
var techBeforeEN = setOf(
	"in", "using", "use", "uses", "with", "of", "writing", "write", "writes", "written", "learn", "learning",
	"know", "knows", "love", "loves", "like", "likes", "prefer", "especially", "mainly", "mostly",
	"primarily", "partly", "modern", "idiomatic", "fluent", "proficient", "ansi", "embedded", "native",
	"pure", "port", "porting", "rewrite", "rewriting", "rewritten", "coding", "code", "program",
)

// techNounsCN follow a language name in Chinese: "Go开发", "C语言".
var techNounsCN = []string{
	"语言", "开发", "研发", "工程师", "后端", "后台", "服务", "编程", "项目", "经验", "框架", "微服务",
	"技术", "程序", "代码", "全栈", "方向", "架构", "中间件", "基础", "脚本", "生态", "源码", "标准库",
	"并发", "工具", "软件", "包", "专家", "岗", "高级", "资深", "实习", "版本", "泛型", "协程", "底层",
}

// strongNounsCN outweigh a marker of another meaning nearby ("围棋" in a
// game company's Go job).
var strongNounsCN = []string{"语言", "开发", "研发", "工程师", "后端", "服务端", "编程", "微服务", "代码"}

// techVerbsCN precede a skill in Chinese requirements: "熟悉Go", "精通C".
var techVerbsCN = []string{
	"熟悉", "精通", "掌握", "使用", "基于", "了解", "熟练", "擅长", "懂", "采用", "运用", "会", "用",
	"学习", "转", "以", "通过", "编写", "开发",
}

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// nextCJKIs reports whether the text after s[:j] (blanks and closing
// brackets skipped) starts with one of words.
func nextCJKIs(s string, j int, words []string) bool {
	j = skipBlanks(s, j)
	for j < len(s) {
		r, n := runeAt(s, j)
		if r == ')' || r == ']' || r == '"' || r == '】' || r == '》' {
			j = skipBlanks(s, j+n)
			continue
		}
		break
	}
	rest := s[j:]
	for _, w := range words {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

func prevCJKIs(s string, i int, words []string) bool {
	i = skipBlanksBack(s, i)
	head := s[:i]
	for _, w := range words {
		if strings.HasSuffix(head, w) {
			return true
		}
	}
	return false
}

// techAfter: a technical noun follows ("Go developer", "Go开发").
func techAfter(s string, j int) bool {
	if w, _ := nextWord(s, j); w != "" {
		return techNounsEN[w]
	}
	return nextCJKIs(s, j, techNounsCN)
}

// techBefore: a technical verb or preposition precedes ("written in Go",
// "熟悉Go").
func techBefore(s string, i int) bool {
	if w, _ := prevWord(s, i); w != "" {
		return techBeforeEN[w]
	}
	return prevCJKIs(s, i, techVerbsCN)
}

// markerNear reports a marker word of kind m, or one of the CJK words,
// within about 40 characters of candidate k.
func (x *ruleCtx) markerNear(m marker, cjk []string) bool {
	const reach = 120 // bytes: ~40 CJK characters or ~120 Latin ones
	lo, hi := x.start()-reach, x.end()+reach
	for j := x.k - 1; j >= 0 && x.cands[j].end >= lo; j-- {
		if x.cands[j].state == isMarker && x.tg.entries[x.cands[j].entry].marker == m {
			return true
		}
	}
	for j := x.k + 1; j < len(x.cands) && x.cands[j].start <= hi; j++ {
		if e := x.tg.entries[x.cands[j].entry]; e.skill < 0 && e.marker == m {
			return true
		}
	}
	if len(cjk) == 0 {
		return false
	}
	win := window(x.s, x.start(), x.end(), reach)
	for _, w := range cjk {
		if strings.Contains(win, w) {
			return true
		}
	}
	return false
}

// window returns s around [i, j), about reach bytes each side, cut at rune
// boundaries.
func window(s string, i, j, reach int) string {
	lo, hi := i-reach, j+reach
	if lo < 0 {
		lo = 0
	}
	if hi > len(s) {
		hi = len(s)
	}
	for lo > 0 && !utf8.RuneStart(s[lo]) {
		lo--
	}
	for hi < len(s) && !utf8.RuneStart(s[hi]) {
		hi++
	}
	return s[lo:hi]
}

// sentenceStart reports whether s[i] begins a sentence, a line or a list
// item: only quotes, bullets and blanks lie between it and a line start or
// a full stop.
func sentenceStart(s string, i int) bool {
	for i > 0 {
		r, n := runeBefore(s, i)
		switch {
		case isSpaceRune(r), r == '"', r == '\'', r == '“', r == '‘', r == '*', r == '•', r == '·', r == '>', r == '#', r == '-':
			i -= n
			continue
		case r == '\n', r == '\r', r == '.', r == '!', r == '?', r == '。', r == '！', r == '？':
			return true
		}
		return false
	}
	return true
}
