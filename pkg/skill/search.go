package skill

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// Searcher turns posting text and query terms into the tokens of the
// full-text index, the same way for both, so that what a user types finds
// what a posting says:
//
//   - Latin words are lower-cased and width-folded, and skill spellings map
//     to the taxonomy's canonical name (golang, Golang1.21 → go; k8s →
//     kubernetes; C++ → cpp; Node.js → nodejs), so an alias finds every
//     spelling;
//   - Chinese text is indexed character by character, and a Chinese term
//     is searched as the phrase of its characters (微服务 → "微 服 务"), so
//     it is found whether or not a word segmenter would split it the same
//     way. (Overlapping pairs were tried first: the index came out three
//     times as costly to build, 14 s against 4 s per 100,000 postings, and
//     no faster to query, 26–61 ms either way.)
//   - everything else (punctuation, symbols, white space) separates tokens
//     and is never part of one, so no query character can reach the index's
//     query syntax.
//
// Tokens contain only letters and digits. A Searcher is safe for concurrent
// use.
type Searcher struct {
	tax *Taxonomy
}

// searchRulesVersion names the tokenization rules below; bump it whenever a
// change can change the tokens of some text, so the index is rebuilt.
const searchRulesVersion = "search-2"

// NewSearcher returns a Searcher that maps skill spellings with tax.
func NewSearcher(tax *Taxonomy) *Searcher { return &Searcher{tax: tax} }

var defaultSearcher = sync.OnceValue(func() *Searcher { return NewSearcher(DefaultTaxonomy()) })

// DefaultSearcher uses the default taxonomy.
func DefaultSearcher() *Searcher { return defaultSearcher() }

// Version identifies the tokenization: rules and taxonomy. An index built
// under another version must be rebuilt.
func (s *Searcher) Version() string { return searchRulesVersion + "/" + s.tax.Version() }

// SearchText is the index text of a posting: its tokens separated by
// spaces. It is written straight into one buffer (no string per token):
// every stored posting goes through it.
func (s *Searcher) SearchText(title, description string) string {
	var b strings.Builder
	b.Grow(2 * (len(title) + len(description)))
	emit := func(tok string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
	}
	s.scan(title, emit)
	s.scan(description, emit)
	return b.String()
}

// Tokens appends the index tokens of text to dst.
func (s *Searcher) Tokens(dst []string, text string) []string {
	s.scan(text, func(tok string) { dst = append(dst, tok) })
	return dst
}

// scan calls emit with each index token of text, in order. A token passed
// to emit may share memory with text.
func (s *Searcher) scan(text string, emit func(string)) {
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isHan(r):
			// One token per character: phrase positions keep 微服务 a
			// sequence, and a single character is a word of its own.
			emit(text[i : i+size])
			i += size
		case isLatinWordRune(r):
			j := i
			for j < len(text) {
				r2, n := utf8.DecodeRuneInString(text[j:])
				if !isLatinWordRune(r2) && !(isJoiner(r2) && j > i) {
					break
				}
				j += n
			}
			s.emitLatin(strings.TrimRight(text[i:j], ".-_/"), emit)
			i = j
		case r == '.' && i+1 < len(text) && isLatinWordRune(rune(text[i+1])):
			// A leading dot belongs to the name: .NET
			j := i + 1
			for j < len(text) {
				r2, n := utf8.DecodeRuneInString(text[j:])
				if !isLatinWordRune(r2) {
					break
				}
				j += n
			}
			s.emitLatin(text[i:j], emit)
			i = j
		default:
			i += size
		}
	}
}

// emitLatin maps one Latin word to its canonical skill name, or to its
// lower-cased letter-and-digit parts.
func (s *Searcher) emitLatin(w string, emit func(string)) {
	if w == "" {
		return
	}
	if c, ok := s.tax.Canonical(w); ok {
		w = c
	} else {
		w = strings.ToLower(normalize.FoldWidth(w))
	}
	for _, part := range strings.FieldsFunc(w, func(r rune) bool { return !isLetterOrDigit(r) }) {
		emit(part)
	}
}

func isHan(r rune) bool { return r >= 0x2E80 && unicode.Is(unicode.Han, r) && unicode.IsLetter(r) }

// isLatinWordRune: ASCII and full-width letters and digits, and the
// characters of names like C++, C#.
func isLatinWordRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '+' || r == '#'
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A:
		return true
	case unicode.IsLetter(r) && !isHan(r) && r < 0x2E80: // Latin with accents, Greek, Cyrillic
		return true
	}
	return false
}

// isJoiner may sit inside a Latin word: node.js, go-zero, ci/cd, snake_case.
func isJoiner(r rune) bool { return r == '.' || r == '-' || r == '_' || r == '/' }

// MaxTermLen bounds a query term, in characters.
const MaxTermLen = 200

// Term is one query term, ready for the store: either a skill, matched
// through the tagger's tags (precise: "go" does not match "let's go"), or a
// phrase of index tokens.
type Term struct {
	Raw    string   // as the user typed it
	Skill  string   // canonical skill name, or ""
	Tokens []string // the phrase to find, when Skill is ""
	// Via says how the term is matched: "skill tags" or "full text".
	Via string
	// As is what a skill term was read as when it was not a spelling of
	// the skill itself ("Go语言" as go); empty otherwise.
	As string
}

// How terms are matched.
const (
	ViaSkill    = "skill tags"
	ViaFullText = "full text"
)

// roleSuffixes turn a skill into a phrase about it that means the skill:
// "Go语言", "Java开发", "Python工程师" ask for postings with that skill.
var roleSuffixes = []string{"开发工程师", "工程师", "程序员", "开发", "语言"}

// ParseTerm reads one query term. A term naming a skill of the taxonomy
// (in any spelling) becomes a skill term; anything else a phrase of index
// tokens. A term with no letters or digits, or longer than MaxTermLen, is
// an error that says so.
func (s *Searcher) ParseTerm(raw string) (Term, error) {
	t := Term{Raw: raw}
	term := strings.TrimSpace(raw)
	if n := utf8.RuneCountInString(term); n > MaxTermLen {
		return t, fmt.Errorf("term of %d characters is too long (at most %d)", n, MaxTermLen)
	}
	if !utf8.ValidString(term) {
		return t, fmt.Errorf("term %q is not valid UTF-8", raw)
	}
	if c, ok := s.tax.Canonical(term); ok {
		t.Skill, t.Via = c, ViaSkill
		return t, nil
	}
	for _, suf := range roleSuffixes {
		if stem, ok := strings.CutSuffix(term, suf); ok && stem != "" {
			if c, ok := s.tax.Canonical(strings.TrimSpace(stem)); ok {
				t.Skill, t.Via, t.As = c, ViaSkill, c
				return t, nil
			}
		}
	}
	t.Via = ViaFullText
	t.Tokens = s.Tokens(nil, term)
	if len(t.Tokens) == 0 {
		return t, fmt.Errorf("term %q has no letters or digits to search for", raw)
	}
	return t, nil
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// SuggestSkills returns up to n skills whose name or a spelling is close to
// term (a typo: "golnag", "kubernets"; or a part: "postgre"), nearest first,
// for the hint of a query that found nothing.
func (s *Searcher) SuggestSkills(term string, n int) []string {
	q := strings.ToLower(strings.TrimSpace(normalize.FoldWidth(term)))
	if q == "" {
		return nil
	}
	type cand struct {
		name string
		d    int
	}
	best := map[string]int{}
	for _, sk := range s.tax.Skills() {
		for _, sp := range append([]string{sk.Name}, sk.Aliases...) {
			d := normalize.EditDistance(q, sp)
			limit := 1 + utf8.RuneCountInString(q)/4
			if strings.HasPrefix(sp, q) && utf8.RuneCountInString(q) >= 3 {
				d = min(d, 1)
			}
			if d > limit {
				continue
			}
			if old, ok := best[sk.Name]; !ok || d < old {
				best[sk.Name] = d
			}
		}
	}
	cands := make([]cand, 0, len(best))
	for name, d := range best {
		cands = append(cands, cand{name, d})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].d != cands[j].d {
			return cands[i].d < cands[j].d
		}
		return cands[i].name < cands[j].name
	})
	var out []string
	for _, c := range cands {
		if len(out) == n {
			break
		}
		out = append(out, c.name)
	}
	return out
}
