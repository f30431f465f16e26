package skill

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// The rules for ambiguous spellings. A weak spelling ("go", "R", "C",
// "Swift", "PG") found by the scanner gets a verdict from its skill's rule
// set; "list" verdicts are settled afterwards by the neighbours: a weak
// spelling standing in a list next to an accepted skill ("Java/Go",
// "Python, R", "C/C++") is accepted. README.md beside this file describes the
// rules in prose; every rule has a test in rules_test.go.

type verdict uint8

const (
	pending  verdict = iota
	accept           // a mention
	reject           // not a mention
	listOnly         // a mention only next to an accepted skill in a list
	listLeft         // a mention only after an accepted skill in a list on the same line
	isMarker         // a marker word, not a skill
)

type ruleFunc func(x *ruleCtx) verdict

var rulesByName = map[string]ruleFunc{
	"go":          ruleGo,
	"r":           ruleR,
	"c":           ruleC,
	"swift":       ruleSwift,
	"context":     ruleContext,
	"distributed": ruleDistributed,
}

// ruleCtx is what a rule sees: the scanned text, all candidates, and which
// one is judged.
type ruleCtx struct {
	s     string
	cands []cand
	k     int
	tg    *Tagger
}

func (x *ruleCtx) start() int { return x.cands[x.k].start }
func (x *ruleCtx) end() int   { return x.cands[x.k].end }

// judge gives every candidate its verdict and then settles the list
// verdicts from the neighbours until nothing changes.
func (tg *Tagger) judge(s string, cands []cand) {
	x := ruleCtx{s: s, cands: cands, tg: tg}
	for k := range cands {
		e := &tg.entries[cands[k].entry]
		switch {
		case e.skill < 0:
			cands[k].state = isMarker
		case !e.weak:
			cands[k].state = accept
		default:
			x.k = k
			cands[k].state = tg.rules[e.skill](&x)
		}
	}
	for changed := true; changed; {
		changed = false
		for k := range cands {
			st := cands[k].state
			if st != listOnly && st != listLeft {
				continue
			}
			if tg.listNeighbour(s, cands, k, st == listLeft) {
				cands[k].state = accept
				changed = true
			}
		}
	}
	// Ambiguous names that only have each other ("Rails, Swift, React",
	// "hive、R") are a list of skills when real punctuation joins them.
	for k := 0; k+1 < len(cands); k++ {
		a, b := &cands[k], &cands[k+1]
		if a.state != listOnly || b.state != listOnly {
			continue
		}
		if gap := s[a.end:b.start]; strings.TrimSpace(gap) != "" {
			if _, ok := listGap(gap, false); ok {
				a.state, b.state = accept, accept
			}
		}
	}
	for k := range cands {
		if cands[k].state == listOnly || cands[k].state == listLeft {
			cands[k].state = reject
		}
	}
}

// listNeighbour reports whether candidate k stands in a list next to an
// accepted candidate: only separators lie between them.
func (tg *Tagger) listNeighbour(s string, cands []cand, k int, leftOnly bool) bool {
	c := cands[k]
	capital := s[c.start] >= 'A' && s[c.start] <= 'Z'
	for j := k - 1; j >= 0; j-- {
		if cands[j].state == isMarker {
			continue
		}
		if cands[j].state == accept {
			if gap, ok := listGap(s[cands[j].end:c.start], capital); ok && (!leftOnly || !gap.newline) {
				return true
			}
		}
		break
	}
	if leftOnly {
		return false
	}
	for j := k + 1; j < len(cands); j++ {
		if cands[j].state == isMarker {
			continue
		}
		if cands[j].state == accept {
			_, ok := listGap(s[c.end:cands[j].start], false)
			return ok
		}
		break
	}
	return false
}

type gapInfo struct{ newline bool }

// listGap reports whether g, the text between two skill names, is only
// list punctuation and conjunctions: "/", ", ", " and ", "、", "或", "\n- ".
// "to" joins only when allowTo ("from Python to Go").
func listGap(g string, allowTo bool) (gapInfo, bool) {
	var info gapInfo
	if len(g) > 24 {
		return info, false
	}
	for i := 0; i < len(g); {
		if n, nl := normalize.BlankAt(g, i); n > 0 {
			info.newline = info.newline || nl
			i += n
			continue
		}
		c := g[i]
		if c < utf8.RuneSelf {
			switch c {
			case ',', '/', '|', '&', '+', ';', '(', ')', '[', ']', '\\', '-', '*', '>', '"', '\'', '`':
				i++
				continue
			}
			if normalize.IsASCIILetter(c) {
				j := i
				for j < len(g) && (normalize.IsASCIILetter(g[j]) || g[j] == '/') {
					j++
				}
				switch strings.ToLower(g[i:j]) {
				case "and", "or", "and/or", "plus", "w/", "nor":
					i = j
					continue
				case "to":
					if allowTo {
						i = j
						continue
					}
				}
			}
			return info, false
		}
		r, size := utf8.DecodeRuneInString(g[i:])
		switch foldRune(r) {
		case '、', ',', ';', '/', '|', '(', ')', '•', '·', '・', '【', '】', '和', '或', '及', '与', '跟', '者', '以':
			// "或者" and "以及" are covered by their characters.
			i += size
			continue
		}
		return info, false
	}
	return info, true
}

// ---- shared context helpers ------------------------------------------------

// foldRune maps full-width ASCII forms to ASCII so that the rules read
// "（Go）" like "(Go)" on the raw path as on the cleaned one.
func foldRune(r rune) rune {
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
	return foldRune(r), n
}

func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return foldRune(r), n
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
		if p, _ := runeBefore(s, i-n); p < utf8.RuneSelf && isWordByte(byte(p)) {
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

// ---- Go ---------------------------------------------------------------------

// goIdiomsAfter are words that make "go" the English verb: "go to",
// "go live", "go through", "go ahead", "go above and beyond".
var goIdiomsAfter = setOf(
	"to", "through", "thru", "though", "ahead", "live", "above", "beyond", "out", "on", "into", "onto", "off",
	"back", "down", "up", "over", "home", "wrong", "right", "far", "further", "farther", "public", "big",
	"global", "international", "here", "there", "get", "getter", "getters", "fast", "faster", "alone",
	"together", "along", "away", "straight", "see", "do", "work", "meet", "mode", "for", "with", "unanswered",
	"unfilled", "unnoticed", "south", "north", "bust", "hand", "kart", "karts", "karting", "between",
	"around", "about", "after", "by", "next", "grow", "surfing", "find", "check", "deep", "deeper", "viral",
	"green", "missing", "broke", "where", "ask", "figure", "abroad", "somewhere", "anywhere", "everywhere",
	"smoothly", "well", "badly", "all", "more", "much", "even", "turbo", "crazy", "first", "pass", "giants",
	"team", "signal", "decision", "time", "and", "or", "from", "beyond", "get", "vote", "play", "if", "when",
	"it", "the", "a", "an", "this", "that", "our", "your", "their", "its", "is", "was", "be",
	"now", "yet", "again", "hard", "long", "forward", "forth", "too", "very", "extra", "no",
)

// goHardIdioms stay idioms even inside Chinese text ("go-live", "go fast").
var goHardIdioms = setOf("to", "through", "ahead", "live", "above", "beyond", "out", "home", "far", "fast",
	"alone", "together", "public", "global", "big", "get", "getter", "straight", "away", "kart", "wrong")

// goSoftAfter follow the capitalized language name mid-sentence as often
// as they follow the verb.
var goSoftAfter = setOf("and", "or", "is", "was", "team", "for", "on", "with", "from", "to", "in", "the",
	"a", "an", "it", "this", "that", "code", "all", "more", "much", "even", "too", "now", "again", "very", "no")

// goIdiomsBefore are words before "go" that make it the verb or a name:
// "let's go", "ready to go", "on the go", "Pokémon GO", "Amazon Go".
var goIdiomsBefore = setOf(
	"let's", "lets", "let", "wanna", "gonna", "gotta", "ready", "set", "good", "will", "would", "could",
	"can", "should", "must", "may", "might", "we", "you", "they", "i", "he", "she", "people", "things",
	"please", "just", "also", "then", "and", "cannot", "can't", "won't", "don't", "didn't", "to", "not",
	"pokemon", "pokémon", "amazon", "caltrain", "sports", "android", "scan", "pay", "nintendo",
	"where", "who", "that", "which", "how", "free", "or", "who'll", "we'll", "you'll", "they'll", "off",
	"get", "the", "no", "on", "ever", "always", "never", "may", "often", "finally", "wherever",
)

// goOtherCN are Chinese words for the other meanings of "GO": the board
// game (围棋, 棋, 对弈, 段位), gene ontology (基因, 富集, 通路, 注释 with
// the others), Pokémon (宝可梦).
var goOtherCN = []string{"棋", "弈", "段位", "基因", "富集", "通路", "转录", "生信", "生物信息", "宝可梦"}

func ruleGo(x *ruleCtx) verdict {
	s, i, j := x.s, x.start(), x.end()
	if j-i > 2 { // "Go1.21": only the language has releases written so
		return accept
	}
	if inURL(s, i) || glued(s, i, j) {
		return reject
	}
	capital := s[i] == 'G'
	cjk := cjkContext(s, i, j)
	if x.markerNear(markOtherGo, goOtherCN) {
		if nextCJKIs(s, j, strongNounsCN) {
			return accept
		}
		if w, _ := nextWord(s, j); w == "developer" || w == "developers" || w == "engineer" || w == "engineers" || w == "programming" || w == "language" {
			return accept
		}
		return reject
	}
	// "go/no-go", "GO!", "Go Go Go".
	if r, n := runeAt(s, j); r == '/' {
		if w, _ := nextWord(s, j+n); w == "no" {
			return reject
		}
	}
	pw, pstart := prevWord(s, i)
	if w, _ := nextWord(s, j); techNounsEN[w] {
		return accept // "a Go expert", "looking for go developer"
	}
	if goIdiomsBefore[pw] && !(pw == "to" && capital && !sentenceStart(s, pstart)) {
		// "Let's Go", "ready to go", "Pokémon GO"; but "to Go" with a capital
		// after a skill list ("from Python to Go") is settled by the list.
		if pw == "the" {
			if p2, _ := prevWord(s, pstart); p2 == "on" || p2 == "get" {
				return reject
			}
			if capital && !sentenceStart(s, pstart) {
				return accept // "the Go runtime"
			}
			return listOnly
		}
		if pw == "and" || pw == "or" {
			return listLeft // "Python and Go" yes, "come and go" no
		}
		return reject
	}
	if r, _ := runeAt(s, j); r == '!' {
		return listLeft // "GO!GO!GO!" no; "Elixir and Go!" yes
	}
	if w, _ := nextWord(s, j); goIdiomsAfter[w] {
		switch {
		case cjk && !goHardIdioms[w]:
			// "熟悉Go and Python" reads as a list, not as the verb.
		case capital && !cjk && !sentenceStart(s, i) && goSoftAfter[w]:
			// Usual after the language too: "Go and Python", "Go is a
			// plus", "Go on the backend", "use Go to build".
			return accept
		default:
			return listLeft
		}
	}
	if cjk {
		return accept
	}
	if techAfter(s, j) {
		return accept
	}
	if goVersionAfter(s, j) {
		return accept
	}
	if capital && !sentenceStart(s, i) {
		return accept // "written in Go", "our Go services", "a GO shop"
	}
	if !capital && techBefore(s, i) && pw != "" {
		return accept // "prototype things in go (backend)"
	}
	return listOnly
}

// goVersionAfter matches " 1.21" after the name.
func goVersionAfter(s string, j int) bool {
	k := skipBlanks(s, j)
	if k == j || k >= len(s) || s[k] != '1' {
		return false
	}
	return k+2 < len(s) && s[k+1] == '.' && s[k+2] >= '0' && s[k+2] <= '9'
}

// ---- R ----------------------------------------------------------------------

var rTechCN = []string{"语言", "编程", "脚本", "软件", "包", "代码", "开发", "程序"}

func ruleR(x *ruleCtx) verdict {
	s, i, j := x.s, x.start(), x.end()
	if inURL(s, i) || glued(s, i, j) {
		return reject
	}
	// "R&D", "R & D", "GR&R".
	if r, _ := runeAt(s, skipBlanks(s, j)); r == '&' {
		return reject
	}
	if r, _ := runeBefore(s, skipBlanksBack(s, i)); r == '&' {
		return reject
	}
	if s[i] == 'r' {
		return listOnly
	}
	if w, _ := nextWord(s, j); w != "" {
		if techNounsEN[w] {
			return accept
		}
	} else if nextCJKIs(s, j, rTechCN) {
		return accept
	}
	if techBefore(s, i) {
		if pw, _ := prevWord(s, i); pw == "of" || pw == "in" || pw == "with" || pw == "using" || pw == "use" || pw == "uses" || pw == "" {
			return accept
		}
	}
	return listOnly
}

// ---- C ----------------------------------------------------------------------

var cTechCN = []string{"语言", "编程", "开发", "程序", "代码", "工程师", "方向", "基础", "模块", "库"}

// cNamesBefore precede a "C" that is a letter grade or a name: "Series C",
// "Vitamin C", "To C", "Plan C", "Objective C" (a language of its own).
var cNamesBefore = setOf("series", "vitamin", "type", "class", "grade", "level", "plan", "block", "building",
	"area", "zone", "section", "part", "tier", "round", "to", "for", "objective", "option", "b", "a", "and", "category")

func ruleC(x *ruleCtx) verdict {
	s, i, j := x.s, x.start(), x.end()
	if inURL(s, i) || glued(s, i, j) {
		return reject
	}
	pw, _ := prevWord(s, i)
	if cNamesBefore[pw] && pw != "and" {
		return reject
	}
	if r, _ := runeAt(s, j); isCJK(r) {
		// "C端", "C轮", "C1驾照" are not the language; "C语言", "C开发" are.
		if nextCJKIs(s, j, cTechCN) {
			return accept
		}
		return reject
	}
	if r, _ := runeAt(s, skipBlanks(s, j)); r == '&' {
		if w, _ := nextWord(s, skipBlanks(s, j)+1); w != "" && len(w) == 1 {
			return reject // "C&C", "C & A"
		}
	}
	if w, _ := nextWord(s, j); w != "" && techNounsEN[w] {
		return accept
	}
	if nextCJKIs(s, j, cTechCN) {
		return accept
	}
	if s[i] == 'C' && techBefore(s, i) {
		return accept
	}
	return listOnly
}

// ---- Swift ------------------------------------------------------------------

var swiftOtherCN = []string{"报文", "清算", "支付", "银行", "跨境", "汇款", "结算", "外汇"}

func ruleSwift(x *ruleCtx) verdict {
	s, i, j := x.s, x.start(), x.end()
	if inURL(s, i) || glued(s, i, j) {
		return reject
	}
	if x.markerNear(markFinance, swiftOtherCN) {
		return reject
	}
	w := s[i:j]
	if w == "SWIFT" || w == "swift" {
		return listOnly // the bank network, or the adjective
	}
	if pw, _ := prevWord(s, i); pw == "taylor" || pw == "suzuki" || pw == "jonathan" {
		return reject
	}
	if cjkContext(s, i, j) {
		return accept
	}
	if techAfter(s, j) {
		return accept
	}
	if k := skipBlanks(s, j); k > j && k < len(s) && s[k] >= '1' && s[k] <= '6' {
		return accept // "Swift 3"
	}
	if pw, _ := prevWord(s, i); pw == "in" || pw == "with" || pw == "using" || pw == "written" || pw == "pure" {
		return accept
	}
	return listOnly
}

// ---- everything else ambiguous: PG, Node, Spring, React, gin, ... --------------

func ruleContext(x *ruleCtx) verdict {
	s, i, j := x.s, x.start(), x.end()
	if inURL(s, i) || glued(s, i, j) {
		return reject
	}
	if techAfter(s, j) {
		return accept
	}
	if prevCJKIs(s, i, techVerbsCN[:8]) {
		return accept
	}
	if pw, _ := prevWord(s, i); pw == "using" || pw == "with" {
		return accept
	}
	return listOnly
}

// distributedOther are the words after 分布式 that make it something other
// than distributed systems: a team spread over places (remote work) or
// power generated near where it is used (分布式光伏, an energy business).
var distributedOther = []string{"团队", "办公", "协作", "光伏", "发电", "能源", "新能源", "电站", "储能", "电源"}

// ruleDistributed accepts 分布式 unless distributedOther follows.
func ruleDistributed(x *ruleCtx) verdict {
	if nextCJKIs(x.s, x.end(), distributedOther) {
		return reject
	}
	return accept
}
