package trend

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// The acceptance check on keyword quality: on the real corpus,
// imported as `crawl import` imports it, every listed company's top-10
// keywords hold no stop word, no number, no single character and no broken
// tech term, and the lists differ between companies: the mean pairwise
// Jaccard similarity of the top-10 lists is below 0.2. By default it runs
// on the samples in testdata/corpus (CI); with -corpus DIR on the whole
// corpus.

// acceptCompanies is how many companies the check lists: far more than a
// report shows (10), so that small employers, whose lists come from one
// or two postings, are judged too.
const acceptCompanies = 200

// latinCompounds are tech names the Latin scanner and the taxonomy keep
// whole; a piece of one (js of node.js, boot of spring boot) that is a
// keyword must occur on its own somewhere in the company's text.
var latinCompounds = []string{"node.js", "vue.js", "react.js", "asp.net", ".net", "socket.io", "spring boot",
	"spring cloud", "spring-boot", "spring-cloud", "c++", "c#", "react native", "sql server", "type script"}

// compounds is every tech term a keyword may be a fragment of: the user
// dictionary's Chinese words (微服务, 云原生, 高并发) and latinCompounds.
func compounds(t *testing.T) []string {
	t.Helper()
	out := slices.Clone(latinCompounds)
	for _, l := range strings.Split(string(data.UserDict), "\n") {
		if f := strings.Fields(l); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
			out = append(out, f[0])
		}
	}
	if len(out) < 100 {
		t.Fatalf("only %d compound terms", len(out))
	}
	return out
}

// brokenTerm says whether term is the remains of a tech term cut apart:
// it is part of a compound (微 of 微服务, js of node.js) and, with every
// such compound blanked out of the company's text, never occurs there on
// its own. text is lower-cased.
func brokenTerm(term, text string, compounds []string) bool {
	masked, inCompound := text, false
	for _, c := range compounds {
		if c != term && strings.Contains(c, term) {
			inCompound = true
			masked = strings.ReplaceAll(masked, c, " ")
		}
	}
	if !inCompound {
		return false
	}
	if term[0] >= utf8.RuneSelf {
		return !strings.Contains(masked, term)
	}
	return !regexp.MustCompile(`(^|[^a-z0-9])` + regexp.QuoteMeta(term) + `($|[^a-z0-9])`).MatchString(masked)
}

// otherCompounds leaves out of comp the spellings of term itself: the
// keyword 后端 counts 后端开发 too (one vocabulary term), so it is no
// fragment of it.
func otherCompounds(comp []string, term string) []string {
	voc := DefaultVocabulary()
	var out []string
	for _, c := range comp {
		if vt, ok := voc.Lookup(c); ok && vt.Name == term {
			continue
		}
		if c == "spring boot" || c == "spring-boot" || c == "spring cloud" || c == "spring-cloud" {
			if term == "spring" { // the taxonomy's spelling of spring
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// numberRE: a keyword starting with a digit is a number, a salary (20k)
// or a version (5g, 3d are not skills worth a top ten either).
var numberRE = regexp.MustCompile(`^[0-9]`)

// keywordProblem says what is wrong with one keyword, or "". text is the
// company's postings, lower-cased.
func keywordProblem(term string, stop map[string]bool, text string, compounds []string) string {
	switch {
	case stop[term]:
		return "a stop word"
	case numberRE.MatchString(term) || !strings.ContainsFunc(term, unicode.IsLetter):
		return "a number"
	case utf8.RuneCountInString(term) < 2:
		return "a single character"
	case term != strings.ToLower(term):
		return "not case-folded"
	case brokenTerm(term, text, compounds):
		return "a fragment of a tech term"
	}
	return ""
}

func stopWords(t *testing.T) map[string]bool {
	t.Helper()
	stop := map[string]bool{}
	for _, l := range strings.Split(string(data.StopWords), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			stop[strings.ToLower(l)] = true
		}
	}
	if len(stop) < 100 {
		t.Fatalf("only %d stop words read", len(stop))
	}
	return stop
}

// importReal imports the corpus's job-description datasets and the bundled
// "谁在招人？" posts into a fresh store.
func importReal(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "real.db"), store.Options{Tagger: skill.DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	dir := *corpusDir
	if dir == "" {
		dir = repoCorpus
	}
	// Hacker News "Who is hiring?" posts are left out: English, 2013–2018,
	// and their importer reads places ("London, UK") as companies.
	for _, f := range corpusFiles {
		if _, err := ingest.ImportFile(ctx, filepath.Join(dir, f), s, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ingest.Import(ctx, data.RuanyfPostsName, bytes.NewReader(data.RuanyfPosts), s, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCompanyKeywordsOnRealCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("segments the corpus samples (a few seconds)")
	}
	s := importReal(t)
	src, closeSeg := DefaultSegmenter(nil)
	defer closeSeg()
	r, err := Compute(context.Background(), s, Options{Companies: acceptCompanies, Segmenter: src})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Companies) < acceptCompanies {
		t.Fatalf("only %d companies listed", len(r.Companies))
	}
	stop := stopWords(t)
	texts := companyTexts(t, s)
	comp := compounds(t)
	var lists [][]string
	full, listed := 0, 0 // companies of ≥ 10 postings, and their keywords
	for _, c := range r.Companies {
		text, ok := texts[normalize.CompanyKey(c.Company)]
		if !ok {
			t.Fatalf("%s: no postings found under its key", c.Company)
		}
		var terms []string
		for _, kw := range c.Keywords {
			terms = append(terms, kw.Term)
			if p := keywordProblem(kw.Term, stop, text, otherCompounds(comp, kw.Term)); p != "" {
				t.Errorf("%s: keyword %q is %s", c.Company, kw.Term, p)
			}
		}
		// Empty lists would make the Jaccard check below pass trivially.
		// A small employer's list may be short: a keyword must be in
		// max(2, 10%) of its postings, and ten short postings may share
		// fewer than ten vocabulary terms; so a list is held to half
		// length, and the lists together (below) to nearly full length.
		if c.Postings >= 10 {
			full++
			listed += len(terms)
			if len(terms) < 5 {
				t.Errorf("%s (%d postings): only %d keywords %v", c.Company, c.Postings, len(terms), terms)
			}
		}
		lists = append(lists, terms)
		t.Logf("%s (%d): %s", c.Company, c.Postings, strings.Join(terms, " "))
	}
	if full > 0 && float64(listed) < 9.5*float64(full) {
		t.Errorf("%d companies of 10 postings or more list %.2f keywords on average, want ≥ 9.5", full, float64(listed)/float64(full))
	}
	mean, worst, a, b := meanJaccard(lists)
	t.Logf("mean pairwise Jaccard of %d top-10 lists: %.4f (most alike: %s / %s, %.2f)",
		len(lists), mean, r.Companies[a].Company, r.Companies[b].Company, worst)
	if mean >= 0.2 {
		t.Errorf("mean pairwise Jaccard %.3f ≥ 0.2: companies' lists are too much alike", mean)
	}
}

// companyTexts is every employer's job postings, lower-cased, by company
// key, as the segmenter saw them (title and description).
func companyTexts(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), `SELECT company, title, description FROM postings WHERE kind = 'job'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	b := map[string]*strings.Builder{}
	for rows.Next() {
		var company, title, desc string
		if err := rows.Scan(&company, &title, &desc); err != nil {
			t.Fatal(err)
		}
		key := normalize.CompanyKey(company)
		if b[key] == nil {
			b[key] = &strings.Builder{}
		}
		fmt.Fprintf(b[key], "%s\n%s\n", title, desc)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string, len(b))
	for k, v := range b {
		// Full-width letters as the segmenter folds them (ＪＡＶＡ).
		out[k] = strings.ToLower(width.Narrow.String(v.String()))
	}
	return out
}

// meanJaccard is the mean Jaccard similarity over all pairs of lists, and
// the most similar pair.
func meanJaccard(lists [][]string) (mean, worst float64, a, b int) {
	sum, pairs := 0.0, 0
	for i := range lists {
		for j := i + 1; j < len(lists); j++ {
			jac := jaccard(lists[i], lists[j])
			sum += jac
			pairs++
			if jac > worst {
				worst, a, b = jac, i, j
			}
		}
	}
	if pairs == 0 {
		return 0, 0, 0, 0
	}
	return sum / float64(pairs), worst, a, b
}

func jaccard(x, y []string) float64 {
	set := map[string]int{}
	for _, t := range x {
		set[t] |= 1
	}
	for _, t := range y {
		set[t] |= 2
	}
	inter := 0
	for _, v := range set {
		if v == 3 {
			inter++
		}
	}
	if len(set) == 0 {
		return 0
	}
	return float64(inter) / float64(len(set))
}

// TestKeywordChecksCanFail shows each rule of the acceptance check catches
// what it is meant to.
func TestKeywordChecksCanFail(t *testing.T) {
	stop := map[string]bool{"熟悉": true}
	comp := []string{"微服务", "云原生", "高并发", "node.js", "spring boot"}
	for _, tt := range []struct {
		term, text string
		bad        bool
	}{
		{"熟悉", "", true}, {"20k", "", true}, {"2023", "", true}, {"3.5", "", true}, {"——", "", true},
		{"云", "", true}, {"go", "", false}, {"Kafka", "", true}, {"微服务", "", false}, {"w07", "", false},
		{"服务", "负责微服务开发", true},       // only inside 微服务
		{"服务", "负责微服务开发，提供服务", false}, // on its own too
		{"并发", "支持高并发", true},
		{"并发", "支持高并发与并发编程", false},
		{"js", "熟悉node.js", true},
		{"js", "熟悉js/css与node.js", false},
		{"boot", "熟悉spring boot", true},
		{"boot", "熟悉sping boot", false}, // the ad's own typo: boot stands alone
		{"原生", "云原生架构", true},
	} {
		if got := keywordProblem(tt.term, stop, tt.text, comp) != ""; got != tt.bad {
			t.Errorf("keywordProblem(%q in %q) = %q, want bad=%v", tt.term, tt.text, keywordProblem(tt.term, stop, tt.text, comp), tt.bad)
		}
	}
	lists := [][]string{{"a", "b"}, {"a", "b"}, {"c", "d"}}
	if m, w, _, _ := meanJaccard(lists); fmt.Sprintf("%.4f %.1f", m, w) != "0.3333 1.0" {
		t.Errorf("meanJaccard = %v %v, want 1/3 and 1", m, w)
	}
}
