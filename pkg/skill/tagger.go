package skill

import (
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// Mention is one place a skill is named. Start and End are byte offsets
// into the text given to Tag (the original, before any cleaning), and
// Match is that text: input[Start:End].
type Mention struct {
	Skill string `json:"skill"`
	Match string `json:"match"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Tagger finds skills of a taxonomy in text. It is read-only after NewTagger
// and safe for concurrent use.
type Tagger struct {
	tax     *Taxonomy
	root    [256]int32 // first byte (lower-cased) -> node index, 0 = none
	nodes   []trieNode
	entries []entry
	rules   []ruleFunc // per skill; nil for skills without weak spellings
	goSkill int
	// cjkStart has the bit of every three-byte character (U+0800–U+FFFF)
	// that starts a spelling: 微 of 微服务.
	cjkStart [1 << 10]uint64
}

type trieNode struct {
	edges []trieEdge
	term  int32 // entry index + 1
}

type trieEdge struct {
	b  byte
	to int32
}

// entry is one spelling the scanner knows: a taxonomy alias, or a marker
// word that only informs the rules (a skill of -1).
type entry struct {
	text     string
	skill    int
	weak     bool
	versions bool
	marker   marker
}

// marker words are not skills; the rules look for them near an ambiguous
// spelling ("KEGG" near "GO" means gene ontology).
type marker uint8

const (
	noMarker    marker = iota
	markOtherGo        // gene ontology, the board game, Pokémon GO
	markFinance        // SWIFT the bank network
)

var markerWords = map[string]marker{
	"kegg": markOtherGo, "ontology": markOtherGo, "enrichment": markOtherGo, "pathway": markOtherGo,
	"pathways": markOtherGo, "alphago": markOtherGo, "pokemon": markOtherGo, "pokémon": markOtherGo,
	"niantic": markOtherGo, "baduk": markOtherGo, "weiqi": markOtherGo, "bioconductor": markOtherGo,
	"clusterprofiler": markOtherGo, "gsea": markOtherGo,
	"bic": markFinance, "iban": markFinance, "mt103": markFinance, "mt202": markFinance, "sepa": markFinance,
	"cips": markFinance, "bank": markFinance, "banking": markFinance, "banks": markFinance, "payment": markFinance,
	"payments": markFinance, "iso20022": markFinance, "chaps": markFinance, "fedwire": markFinance,
}

// NewTagger compiles the taxonomy's spellings into a scanner.
func NewTagger(t *Taxonomy) *Tagger {
	tg := &Tagger{tax: t, nodes: make([]trieNode, 1), goSkill: -1}
	for _, a := range t.aliases {
		tg.add(entry{text: a.text, skill: a.skill, weak: a.weak, versions: t.skills[a.skill].Versions})
	}
	words := make([]string, 0, len(markerWords))
	for w := range markerWords {
		words = append(words, w)
	}
	sort.Strings(words)
	for _, w := range words {
		if _, taken := t.byTerm[w]; taken {
			continue
		}
		tg.add(entry{text: w, skill: -1, marker: markerWords[w]})
	}
	tg.rules = make([]ruleFunc, len(t.skills))
	for i, s := range t.skills {
		if len(s.Weak) > 0 {
			tg.rules[i] = rulesByName[s.Rule]
		}
		if s.Name == "go" {
			tg.goSkill = i
		}
	}
	return tg
}

func (tg *Tagger) add(e entry) {
	// ParseTaxonomy lets a spelling start with ASCII or a three-byte
	// character only.
	if r, n := utf8.DecodeRuneInString(e.text); n == 3 {
		tg.cjkStart[r>>6] |= 1 << (r & 63)
	}
	tg.entries = append(tg.entries, e)
	id := int32(len(tg.entries))
	s := e.text
	first := lowerASCII(s[0])
	n := tg.root[first]
	if n == 0 {
		tg.nodes = append(tg.nodes, trieNode{})
		n = int32(len(tg.nodes) - 1)
		tg.root[first] = n
	}
	for i := 1; i < len(s); i++ {
		c := lowerASCII(s[i])
		next := tg.child(n, c)
		if next == 0 {
			tg.nodes = append(tg.nodes, trieNode{})
			next = int32(len(tg.nodes) - 1)
			tg.nodes[n].edges = append(tg.nodes[n].edges, trieEdge{b: c, to: next})
		}
		n = next
	}
	if tg.nodes[n].term == 0 {
		tg.nodes[n].term = id
	}
}

var defaultTagger = sync.OnceValue(func() *Tagger { return NewTagger(DefaultTaxonomy()) })

// DefaultTagger is the tagger of DefaultTaxonomy, built once.
func DefaultTagger() *Tagger { return defaultTagger() }

// Taxonomy returns the taxonomy the tagger was built from.
func (tg *Tagger) Taxonomy() *Taxonomy { return tg.tax }

// Version is the taxonomy's version (see Taxonomy.Version).
func (tg *Tagger) Version() string { return tg.tax.version }

// cand is a spelling found by the scanner, before the rules judge it.
type cand struct {
	start, end int
	entry      int32
	state      verdict
}

type scratch struct{ cands []cand }

var scratchPool = sync.Pool{New: func() any { return &scratch{cands: make([]cand, 0, 64)} }}

// Tag returns the skills named in text, in text order. The text may be raw:
// HTML, entities and full-width forms are handled, and offsets refer to the
// text as given.
func (tg *Tagger) Tag(text string) []Mention {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	s, nt, cands := tg.run(text, sc)
	var out []Mention
	for _, c := range cands {
		if c.state != accept {
			continue
		}
		start, end := c.start, c.end
		if nt != nil {
			start, end = nt.Span(start, end)
		}
		out = append(out, Mention{Skill: tg.tax.skills[tg.entries[c.entry].skill].Name, Match: text[start:end], Start: start, End: end})
	}
	_ = s
	return out
}

// Skills returns the sorted canonical names of the skills text mentions,
// including the skills those imply (a mention of beego counts for go).
func (tg *Tagger) Skills(text string) []string {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	_, _, cands := tg.run(text, sc)
	var seen []bool
	for _, c := range cands {
		if c.state != accept {
			continue
		}
		if seen == nil {
			seen = make([]bool, len(tg.tax.skills))
		}
		for _, k := range tg.tax.implied[tg.entries[c.entry].skill] {
			seen[k] = true
		}
	}
	var out []string
	for i, ok := range seen {
		if ok {
			out = append(out, tg.tax.skills[i].Name)
		}
	}
	sort.Strings(out)
	return out
}

// Has reports whether text mentions skill (a canonical name), directly or
// through a skill that implies it. It allocates nothing for the common
// answer "no".
func (tg *Tagger) Has(text, skill string) bool {
	target, ok := tg.tax.byName[skill]
	if !ok {
		return false
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	_, _, cands := tg.run(text, sc)
	for _, c := range cands {
		if c.state != accept {
			continue
		}
		for _, k := range tg.tax.implied[tg.entries[c.entry].skill] {
			if k == target {
				return true
			}
		}
	}
	return false
}

// run scans text (cleaned first if it needs it) and judges every candidate.
// It returns the scanned string, the cleaning map (nil if text was scanned
// as given) and the candidates.
func (tg *Tagger) run(text string, sc *scratch) (string, *normalize.Text, []cand) {
	s := text
	var nt *normalize.Text
	if needsCleaning(text) {
		t := normalize.NormalizeTextWidth(text)
		nt = &t
		s = t.S
	}
	cands := tg.scan(s, sc.cands[:0])
	tg.judge(s, cands)
	sc.cands = cands
	return s, nt, cands
}

// needsCleaning reports whether text holds something the scanner cannot
// read as it is: markup, character references, Excel's escaped line
// breaks, or full-width and other compatibility forms of Latin letters and
// digits. Full-width punctuation
// ("，" "（") is common in Chinese text and the rules read it directly, so
// it alone does not force the slower path.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '_':
			if normalize.ExcelBreakAt(s, i) {
				return true // Excel's "_x000d_", a line break
			}
		case '<':
			if i+1 < len(s) {
				if n := s[i+1]; normalize.IsASCIILetter(n) || n == '/' || n == '!' || n == '?' {
					return true
				}
			}
		case '&':
			if i+1 < len(s) {
				if n := s[i+1]; normalize.IsASCIILetter(n) || n == '#' {
					return true
				}
			}
		case 0xEF:
			if i+2 < len(s) {
				b1, b2 := s[i+1], s[i+2]
				switch {
				case b1 == 0xBC && (b2 >= 0x90 && b2 <= 0x99 || b2 >= 0xA1 && b2 <= 0xBA || b2 == 0x83 || b2 == 0x8B || b2 == 0x8E):
					return true // full-width digits, capitals, # + .
				case b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A:
					return true // full-width small letters
				case b1 == 0xAC && b2 <= 0x86:
					return true // Latin ligatures ﬁ ﬂ
				}
			}
		case 0xF0:
			if i+1 < len(s) && s[i+1] == 0x9D {
				return true // mathematical alphanumerics
			}
		}
	}
	return false
}

// scan finds every spelling of the trie at a word start, leftmost-longest,
// non-overlapping.
func (tg *Tagger) scan(s string, cands []cand) []cand {
	prevWord := false // s[i-1] is an ASCII letter, digit or '_'
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x80 {
			prevWord = false
			// A Chinese spelling (微服务, 云原生) may start at any character:
			// Chinese has no spaces, and a word boundary is no condition.
			// Only the few characters that start one are walked from; one
			// bit test tells them from the rest.
			if c >= 0xE0 && c < 0xF0 && i+2 < len(s) {
				r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
				if tg.cjkStart[r>>6]&(1<<(r&63)) != 0 {
					if e, end := tg.walk(s, i, tg.root[c]); e != 0 {
						cands = append(cands, cand{start: i, end: end, entry: e - 1})
						i = end
						prevWord = normalize.IsWordByte(s[end-1])
						continue
					}
				}
			}
			i++
			continue
		}
		w := normalize.IsWordByte(c)
		if prevWord {
			i++
			prevWord = w
			continue
		}
		n := tg.root[lowerASCII(c)]
		if n == 0 {
			i++
			prevWord = w
			continue
		}
		if e, end := tg.walk(s, i, n); e != 0 {
			cands = append(cands, cand{start: i, end: end, entry: e - 1})
			i = end
			prevWord = normalize.IsWordByte(s[end-1])
			continue
		}
		i++
		prevWord = w
	}
	return cands
}

// walk follows the trie from s[i] (whose node is n) and returns the longest
// entry (index+1) that ends at a word boundary, and its end.
func (tg *Tagger) walk(s string, i int, n int32) (int32, int) {
	best, bestEnd := int32(0), 0
	j := i + 1
	for {
		if t := tg.nodes[n].term; t != 0 {
			if end, ok := rightBoundary(s, j, &tg.entries[t-1]); ok {
				best, bestEnd = t, end
			}
		}
		if j >= len(s) || len(tg.nodes[n].edges) == 0 {
			break
		}
		c := s[j]
		adv := 1
		if k, nl := normalize.BlankAt(s, j); k > 0 {
			if nl {
				break
			}
			// A space in a spelling ("spring boot") matches any run of blanks.
			c, adv = ' ', k
			for j+adv < len(s) {
				m, nl := normalize.BlankAt(s, j+adv)
				if m == 0 || nl {
					break
				}
				adv += m
			}
		} else {
			c = lowerASCII(c)
		}
		next := tg.child(n, c)
		if next == 0 {
			break
		}
		n = next
		j += adv
	}
	return best, bestEnd
}

// child returns the node node n leads to by byte c, 0 when none.
func (tg *Tagger) child(n int32, c byte) int32 {
	for _, ed := range tg.nodes[n].edges {
		if ed.b == c {
			return ed.to
		}
	}
	return 0
}

// rightBoundary checks what follows a spelling that ends at s[j]: no
// letter may follow; digits may, as a version, where the skill allows it
// ("Go1.21", "Java8", "C++17"). It returns the end including the version.
func rightBoundary(s string, j int, e *entry) (int, bool) {
	if j >= len(s) {
		return j, true
	}
	if e.text[len(e.text)-1] >= 0x80 {
		return j, true // a Chinese spelling ends at any character (微服务API)
	}
	c := s[j]
	if normalize.IsASCIILetter(c) || c == '_' {
		return 0, false
	}
	last := e.text[len(e.text)-1]
	if !normalize.IsWordByte(last) && last < 0x80 && (c == '+' || c == '#') {
		return 0, false // "C+" is not "C++"
	}
	if c == '.' && last >= '0' && last <= '9' && e.versions && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
		c = s[j+1] // "python3.10": the spelling's own digits go on as a version
		j++
	}
	if c >= '0' && c <= '9' {
		if !e.versions || e.skill < 0 {
			return 0, false
		}
		k := j
		for {
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			if k+1 < len(s) && s[k] == '.' && s[k+1] >= '0' && s[k+1] <= '9' {
				k++
				continue
			}
			break
		}
		if k < len(s) && (normalize.IsASCIILetter(s[k]) || s[k] == '_') {
			return 0, false // "k8s"-like tokens that are not this spelling
		}
		return k, true
	}
	return j, true
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
