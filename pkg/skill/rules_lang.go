package skill

// The rules for the ambiguous names of programming languages: Go, R, C
// and Swift.

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
