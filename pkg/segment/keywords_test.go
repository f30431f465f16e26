package segment

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// TestCompanyKeywordsClean is the acceptance check: on real
// postings, every company's top-10 TF-IDF keywords hold no stop word, no
// number, no single character and no broken tech term. It runs on the
// testdata copy, and on the whole corpus with -corpus DIR.
func TestCompanyKeywordsClean(t *testing.T) {
	t.Run("testdata", func(t *testing.T) { checkCompanyKeywords(t, loadTestdata(t)) })
	if *corpusDir != "" {
		t.Run("full corpus", func(t *testing.T) { checkCompanyKeywords(t, loadFullCorpus(t, *corpusDir)) })
	}
}

func checkCompanyKeywords(t *testing.T, docs []doc) {
	// Without a taxonomy every Latin keyword can be traced back to the
	// text it came from.
	s := mustSeg(t, segPlain)
	idx := tfidf.New()
	texts := make(map[string]*strings.Builder)
	var toks []string
	for _, d := range docs {
		toks = s.Tokens(toks[:0], d.Text)
		idx.Add(d.Company, toks)
		b, ok := texts[d.Company]
		if !ok {
			b = new(strings.Builder)
			texts[d.Company] = b
		}
		b.WriteString(foldFullWidth(d.Text))
		b.WriteString("\n")
	}
	entries, err := parseUserDict(data.UserDictName, data.UserDict)
	if err != nil {
		t.Fatal(err)
	}
	words := make([]string, len(entries))
	for i, e := range entries {
		words[i] = e.word
	}
	// Longest first, so that 微服务架构 is removed before 微服务.
	sort.Slice(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })

	opt := tfidf.Options{MaxDFShare: tfidf.DefaultMaxDFShare}
	problems := 0
	for _, company := range idx.Groups() {
		text := texts[company].String()
		for _, kw := range idx.TopK(company, 10, opt) {
			msg := tokenProblem(s, kw.Term)
			if msg == "" {
				msg = brokenTerm(kw, text, words)
			}
			if msg != "" {
				problems++
				if problems <= 20 {
					t.Errorf("%s: keyword %q (count %d): %s", company, kw.Term, kw.Count, msg)
					if i := strings.Index(strings.ToLower(text), kw.Term); i >= 0 {
						t.Logf("   context %q", text[max(0, i-30):min(len(text), i+30)])
					}
				}
			}
		}
	}
	if problems > 20 {
		t.Errorf("… %d problems in all", problems)
	}

	// Show the biggest employers' keywords with -v.
	groups := idx.Groups()
	sort.SliceStable(groups, func(i, j int) bool { return idx.GroupDocs(groups[i]) > idx.GroupDocs(groups[j]) })
	for _, g := range groups[:min(8, len(groups))] {
		var b strings.Builder
		for _, kw := range idx.TopK(g, 10, opt) {
			fmt.Fprintf(&b, " %s(%.2f)", kw.Term, kw.Score)
		}
		t.Logf("%s (%d postings):%s", g, idx.GroupDocs(g), b.String())
	}
}

// brokenTerm says how a keyword came from a tech term cut apart, or "".
//
// A Chinese keyword that is part of a user word (服务 in 微服务) must be
// explained by its occurrences outside such words: if it was counted more
// often, some 微服务 was cut into 微/服务. An occurrence inside a user word
// that partly overlaps another one (微服务治理: 微服务 and 服务治理) is
// ambiguous, and may go either way; so is one that a word of three or more
// characters from jieba's main dictionary partly overlaps (游戏开发商 is
// rightly 游戏/开发商, 海量数据库 海量/数据库). Two-character overlaps are
// not excused: they are how tech terms break (运/维和, 后/端的).
//
// A Latin keyword must occur in the text as a word of its own, perhaps
// with a version (go1.18 for go); js, net and io must not come from after
// a dot (node.js, .net, socket.io).
func brokenTerm(kw tfidf.Keyword, text string, userWords []string) string {
	if kw.Term[0] >= 0x80 {
		if n := freeOccurrences(text, kw.Term, userWords); kw.Count > n {
			return fmt.Sprintf("counted %d times but occurs only %d times outside the user words containing it", kw.Count, n)
		}
		return ""
	}
	before, after := `(?:^|[^a-z0-9])`, `(?:$|[^a-z0-9])`
	if kw.Term == "js" || kw.Term == "net" || kw.Term == "io" {
		before = `(?:^|[^a-z0-9.])`
	}
	if strings.HasSuffix(kw.Term, "#") || strings.HasSuffix(kw.Term, "+") {
		after = "" // c#net: the name ends at its own sign
	}
	re := regexp.MustCompile(before + regexp.QuoteMeta(kw.Term) + `(?:[0-9][0-9.x]*)?` + after)
	if n := len(re.FindAllStringIndex(strings.ToLower(text), -1)); n == 0 {
		return "does not occur in the text as a word of its own"
	}
	return ""
}

// freeOccurrences counts the occurrences of term in text that jieba may
// rightly cut out: those not inside an occurrence of a longer user word
// that no other user word overlaps.
func freeOccurrences(text, term string, userWords []string) int {
	type span struct{ a, b int }
	var spans []span
	for _, w := range userWords {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			spans = append(spans, span{off + i, off + i + len(w)})
			off += i + len(w)
		}
	}
	protected := func(a, b int) bool {
		for _, s := range spans {
			if s.a > a || s.b < b || s.b-s.a == b-a {
				continue // does not contain the occurrence
			}
			clean := !dictOverlaps(text, s.a, s.b)
			for _, o := range spans {
				partial := o.a < s.b && s.a < o.b && // overlapping
					!(o.a <= s.a && s.b <= o.b) && !(s.a <= o.a && o.b <= s.b) // neither inside the other
				if partial {
					clean = false
					break
				}
			}
			if clean {
				return true
			}
		}
		return false
	}
	n := 0
	for off := 0; ; {
		i := strings.Index(text[off:], term)
		if i < 0 {
			break
		}
		a := off + i
		if !protected(a, a+len(term)) {
			n++
		}
		off = a + len(term)
	}
	return n
}

// mainDictLong holds the words of three or more characters of jieba's main
// dictionary.
var mainDictLong = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool)
	for line := range strings.Lines(string(data.JiebaDict)) {
		w, _, _ := strings.Cut(line, " ")
		if utf8.RuneCountInString(w) >= 3 {
			m[w] = true
		}
	}
	return m
})

// dictOverlaps reports whether a long main-dictionary word crosses the
// start or the end of text[a:b] (but does not contain it).
func dictOverlaps(text string, a, b int) bool {
	dict := mainDictLong()
	const maxRunes = 6
	// starts inside, ends after b
	for p := a + 1; p < b; p++ {
		if !utf8.RuneStart(text[p]) {
			continue
		}
		q := b
		for n := utf8.RuneCountInString(text[p:b]); n < maxRunes && q < len(text); n++ {
			_, size := utf8.DecodeRuneInString(text[q:])
			q += size
			if dict[text[p:q]] {
				return true
			}
		}
	}
	// starts before a, ends inside
	for q := a + 1; q < b; q++ {
		if !utf8.RuneStart(text[q]) {
			continue
		}
		p := a
		for n := utf8.RuneCountInString(text[a:q]); n < maxRunes && p > 0; n++ {
			_, size := utf8.DecodeLastRuneInString(text[:p])
			p -= size
			if dict[text[p:q]] {
				return true
			}
		}
	}
	return false
}
