package trend

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/dedup"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Keyword is a ranked term of a company's postings.
type Keyword struct {
	Term  string  `json:"term"`
	Score float64 `json:"score"`
	// Share is the share of the company's postings in scope that contain
	// the term ("kafka 42%").
	Share float64 `json:"share,omitempty"`
	// Category is the term's category in the vocabulary (empty with
	// VocabularyOpen).
	Category string `json:"category,omitempty"`
}

// Company is one employer (names normalized and merged) with its keywords.
type Company struct {
	Company     string      `json:"company"` // canonical display name
	Postings    int         `json:"postings"`
	Matched     int         `json:"matched"`
	Keywords    []Keyword   `json:"keywords"`
	Orientation Orientation `json:"orientation,omitzero"` // of its postings in scope
	// Staffing marks a staffing agency or a poster of other employers'
	// templates (shown only with Options.IncludeStaffing).
	Staffing bool `json:"staffing,omitempty"`
}

// YearKeywords is one year of a company's postings and their keywords.
type YearKeywords struct {
	Year        int         `json:"year"`
	Postings    int         `json:"postings"`
	Matched     int         `json:"matched"` // with the skill of the options
	Keywords    []Keyword   `json:"keywords"`
	Orientation Orientation `json:"orientation,omitzero"`
}

// CompanyHistory is one company's keywords over time (`analyze keywords`).
type CompanyHistory struct {
	Company     string         `json:"company"` // canonical display name
	Names       []string       `json:"names"`   // every spelling found in the store
	Skill       string         `json:"skill"`
	Postings    int            `json:"postings"`
	Matched     int            `json:"matched"`
	Undated     int            `json:"undated"`  // of Postings, those in no year (counted in Keywords, in no year of Years)
	Keywords    []Keyword      `json:"keywords"` // over the whole range
	Orientation Orientation    `json:"orientation,omitzero"`
	Years       []YearKeywords `json:"years"`
	// Vocabulary says where keywords came from: VocabularyOpen, or
	// VocabularyCurated and the vocabulary's version.
	Vocabulary string `json:"vocabulary"`
	Method     Method `json:"method"`
}

// ErrNoCompany is returned (wrapped, with suggestions) when no posting of
// the range belongs to the company asked for.
var ErrNoCompany = fmt.Errorf("no postings of that company")

// CompanyKeywords ranks one company's terms per year and over the whole
// range, against document frequencies over every posting of the range (so
// a year's keywords say what set the company apart, not what that year's
// job ads had in common), and gives each its orientation. vocabulary is
// VocabularyCurated (also "") or VocabularyOpen (see keywords.go). The
// company is found by its normalized name: 字节跳动, 北京字节跳动科技有限公司
// and ByteDance are one.
func CompanyKeywords(ctx context.Context, st Store, name string, opts Options, vocabulary string) (*CompanyHistory, error) {
	opts.defaults()
	mode, err := ParseVocabularyMode(vocabulary)
	if err != nil {
		return nil, err
	}
	key := normalize.CompanyKey(name)
	if key == "" {
		return nil, fmt.Errorf("company %q: an empty or anonymous name names no employer", name)
	}
	if opts.From != 0 && opts.To != 0 && opts.From > opts.To {
		return nil, fmt.Errorf("year range %d–%d is empty", opts.From, opts.To)
	}
	// Without a year range a company's keywords read all its postings,
	// undated ones too (a dataset that says nothing of when it was
	// collected still says what its jobs ask for); they are in no year.
	undated := opts.From == 0 && opts.To == 0
	f := store.Filter{From: opts.From, To: opts.To, Sources: opts.Sources, Synthetic: opts.Synthetic}
	lo, hi, ok, err := st.YearRange(ctx, f)
	if err != nil {
		return nil, err
	}
	f.Undated = undated
	h := &CompanyHistory{Company: normalize.CanonicalCompany(name), Skill: opts.Skill, Names: []string{},
		Keywords: []Keyword{}, Years: []YearKeywords{}, Vocabulary: mode}
	if mode == VocabularyCurated {
		h.Vocabulary += " " + DefaultVocabulary().Version()
	}
	h.Method = Method{Generated: opts.Now().UTC(), TaggerVersion: opts.TaggerVersion,
		SegmenterVersion: opts.Segmenter.Version, KeywordScope: opts.Scope, MaxDFShare: opts.MaxDFShare,
		Sources: opts.Sources, Synthetic: opts.Synthetic}
	if !ok && !undated {
		return nil, fmt.Errorf("company %q: %w: the store has no job postings in the range", name, ErrNoCompany)
	}
	if ok {
		f.From, f.To = lo, hi
		h.Method.From, h.Method.To = lo, hi
	}

	// A company's jobs are counted once however often they were posted:
	// the near-duplicate pass's job keys must be current, as for a report.
	if !opts.NoJobs && !st.ReadOnly() {
		if _, err := RefreshJobs(ctx, st, nil); err != nil {
			return nil, err
		}
	}
	cc, err := st.CompanyCounts(ctx, opts.Skill, f)
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	best := 0
	for _, c := range cc {
		if normalize.CompanyKey(c.Company) == key {
			mine[c.Company] = true
			h.Names = append(h.Names, c.Company)
			if c.Postings > best {
				best, h.Company = c.Postings, normalize.CanonicalCompany(c.Company)
			}
		}
	}
	if len(mine) == 0 {
		return nil, fmt.Errorf("company %q: %w in %s%s", name, ErrNoCompany, yearSpan(lo, hi, ok), suggest(cc, name, key))
	}
	slices.Sort(h.Names)

	if h.Method.Segmented, err = RefreshTerms(ctx, st, opts.Segmenter, opts.Progress); err != nil {
		return nil, err
	}
	years := 0
	if ok {
		years = hi - lo + 1
	}
	noYear := years // the slot of undated postings
	stats := make([]YearKeywords, years+1)
	counts, _, err := countDocs(ctx, st, opts.Skill, f, termsVersion(opts.Segmenter.Version), years+1, DefaultVocabulary(), defaultOrientation(),
		func(d *store.Doc) int {
			if !mine[d.Company] || (opts.Scope == ScopeMatched && !d.Matched) {
				return -1
			}
			i := noYear
			if d.Year != 0 {
				i = d.Year - lo
			}
			stats[i].Postings++
			if d.Matched {
				stats[i].Matched++
			}
			return i
		})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(h.Names)+1)
	for _, n := range append(h.Names, h.Company) {
		names = append(names, strings.ToLower(n))
	}
	ranker := newKeywordRanker(opts, mode)
	for i := range stats {
		if stats[i].Postings == 0 {
			continue
		}
		h.Postings += stats[i].Postings
		h.Matched += stats[i].Matched
		if i == noYear {
			h.Undated = stats[i].Postings
			continue
		}
		stats[i].Year = lo + i
		stats[i].Keywords = ranker.keywords(counts, i, names)
		stats[i].Orientation = counts.orientation(i)
		h.Years = append(h.Years, stats[i])
	}
	all := counts.addGroup(years + 1) // the whole range: all years' counts as one group
	h.Keywords = ranker.keywords(counts, all, names)
	h.Orientation = counts.orientation(all)
	return h, nil
}

// yearSpan names a range of years, or says there is none.
func yearSpan(lo, hi int, ok bool) string {
	switch {
	case !ok:
		return "the undated postings"
	case lo == hi:
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// suggest names the companies whose names contain what was asked for (or
// the reverse), largest first, for the "no such company" message.
func suggest(cc []store.CompanyCount, name, key string) string {
	type cand struct {
		name string
		n    int
	}
	seen := map[string]*cand{}
	lname := strings.ToLower(strings.TrimSpace(name))
	for _, c := range cc {
		k := normalize.CompanyKey(c.Company)
		if k == "" {
			continue
		}
		lc := strings.ToLower(c.Company)
		if !strings.Contains(k, key) && !strings.Contains(key, k) && !strings.Contains(lc, lname) && !nearName(k, key) {
			continue
		}
		if seen[k] == nil {
			seen[k] = &cand{name: normalize.CanonicalCompany(c.Company)}
		}
		seen[k].n += c.Postings
	}
	var cands []cand
	for _, c := range seen {
		cands = append(cands, *c)
	}
	if len(cands) == 0 {
		return ""
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.name, b.name)
	})
	var parts []string
	for i, c := range cands {
		if i == 5 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", c.name, c.n))
	}
	return "; did you mean: " + strings.Join(parts, ", ")
}

// nearName says whether a stored company key is a typo away from the one
// asked for: an edit distance of at most a third of the shorter name, and at
// least one, so that "字节跳跳" finds 字节跳动 and "bytedanse" ByteDance.
func nearName(stored, asked string) bool {
	n := min(utf8.RuneCountInString(stored), utf8.RuneCountInString(asked))
	if n < 2 {
		return false
	}
	return normalize.EditDistance(stored, asked) <= max(1, n/3)
}

// companies merges company names into employers, picks the largest, ranks
// each one's vocabulary terms against document frequencies over every
// posting in the range (keywords.go) and gives it its orientation
// (orientation.go).
// refreshed waits for the terms cache to be current; it is called once the
// work that does not need terms is done.
func companies(ctx context.Context, st Store, f store.Filter, opts Options, refreshed func() error) ([]Company, []string, error) {
	return companiesIn(ctx, st, f, opts, VocabularyCurated, refreshed)
}

// companiesIn is companies with keywords from the vocabulary mode given.
// It also returns the staffing agencies it left out of the ranking.
func companiesIn(ctx context.Context, st Store, f store.Filter, opts Options, vocabulary string, refreshed func() error) ([]Company, []string, error) {
	cc, err := st.CompanyCounts(ctx, opts.Skill, f)
	if err != nil {
		return nil, nil, err
	}
	byKey := map[string]*employer{}
	keyOf := map[string]string{} // company as written → key
	keys := companyKeys(cc)
	for i, c := range cc {
		key := keys[i]
		if key == "" {
			continue
		}
		keyOf[c.Company] = key
		e := byKey[key]
		if e == nil {
			e = &employer{key: key}
			byKey[key] = e
		}
		e.postings += c.Postings
		e.matched += c.Matched
		e.spellings = append(e.spellings, strings.ToLower(c.Company))
		if c.Postings > e.nameCount || (c.Postings == e.nameCount && c.Company < e.name) {
			e.name, e.nameCount = c.Company, c.Postings
		}
	}
	staffing, err := staffingKeys(ctx, st, byKey)
	if err != nil {
		return nil, nil, err
	}
	var left []string
	ranked := make([]*employer, 0, len(byKey))
	for _, e := range byKey {
		if (opts.Scope == ScopeMatched && e.matched > 0) || (opts.Scope != ScopeMatched && e.postings > 0) {
			ranked = append(ranked, e)
		}
	}
	weight := func(e *employer) int {
		if opts.Scope == ScopeMatched {
			return e.matched
		}
		return e.postings
	}
	slices.SortFunc(ranked, func(a, b *employer) int {
		if c := cmp.Compare(weight(b), weight(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	if !opts.IncludeStaffing {
		kept := ranked[:0]
		for _, e := range ranked {
			if staffing[e.key] {
				if len(kept) < opts.Companies {
					left = append(left, fmt.Sprintf("%s (%s)", normalize.CanonicalCompany(e.name), Count(weight(e), "job")))
				}
				continue
			}
			kept = append(kept, e)
		}
		ranked = kept
	}
	if len(ranked) > opts.Companies {
		ranked = ranked[:opts.Companies]
	}
	for _, e := range ranked {
		e.name = normalize.CanonicalCompany(e.name)
	}
	rank := make(map[string]int, len(ranked)) // employer key → its place in ranked
	for i, e := range ranked {
		rank[e.key] = i
	}
	slot := map[string]int{} // company as written → its employer's place
	for name, key := range keyOf {
		if i, ok := rank[key]; ok {
			slot[name] = i
		}
	}
	if err := refreshed(); err != nil {
		return nil, nil, err
	}
	counts, _, err := countDocs(ctx, st, opts.Skill, f, termsVersion(opts.Segmenter.Version), len(ranked), DefaultVocabulary(),
		defaultOrientation(), func(d *store.Doc) int {
			if i, ok := slot[d.Company]; ok && (opts.Scope != ScopeMatched || d.Matched) {
				return i
			}
			return -1
		})
	if err != nil {
		return nil, nil, err
	}
	ranker := newKeywordRanker(opts, vocabulary)
	out := make([]Company, 0, len(ranked))
	for i, e := range ranked {
		names := append(e.spellings, strings.ToLower(e.name))
		out = append(out, Company{Company: e.name, Postings: e.postings, Matched: e.matched,
			Keywords: ranker.keywords(counts, i, names), Orientation: counts.orientation(i), Staffing: staffing[e.key]})
	}
	return out, left, nil
}

// employer is one company of the ranking: its names merged by key.
type employer struct {
	key, name         string
	postings, matched int
	nameCount         int      // postings under name, the most used spelling
	spellings         []string // every name it was written as, lower-cased
}

// staffingKeys finds the staffing agencies among the employers: by name
// (劳务派遣, 人力资源, 外包 …: normalize.IsStaffingAgency, on any spelling)
// and by evidence (dedup.TemplatePostersOf: most of its postings are ads
// that appear under three or more other company names, as the
// near-duplicate pass's job keys show).
func staffingKeys(ctx context.Context, st Store, byKey map[string]*employer) (map[string]bool, error) {
	out := map[string]bool{}
	for key, e := range byKey {
		for _, name := range e.spellings {
			if normalize.IsStaffingAgency(name) {
				out[key] = true
				break
			}
		}
	}
	var shared []dedup.Membership
	keys := map[string]string{} // a name's key, computed once: a name has many postings
	err := st.SharedJobs(ctx, func(job int64, company string) {
		k, ok := keys[company]
		if !ok {
			k = normalize.CompanyKey(company)
			keys[company] = k
		}
		shared = append(shared, dedup.Membership{Cluster: job, Company: k})
	})
	if err != nil {
		return nil, err
	}
	totals := make(map[string]int, len(byKey))
	for key, e := range byKey {
		totals[key] = e.postings
	}
	for _, p := range dedup.TemplatePostersOf(shared, totals, dedup.DefaultTemplateRule) {
		if _, ok := byKey[p.Company]; ok {
			out[p.Company] = true
		}
	}
	return out, nil
}

// companyKeys is normalize.CompanyKey of every name, on every core: at
// about 10 µs a name it was a fifth of a warm report of 10,000 postings
// (5,000 distinct names).
func companyKeys(cc []store.CompanyCount) []string {
	keys := make([]string, len(cc))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(cc); i += workers {
				keys[i] = normalize.CompanyKey(cc[i].Company)
			}
		}()
	}
	wg.Wait()
	return keys
}

// nameHas reports whether term is part of one of the company's names
// (lower-cased). A Latin term must be a word of the name: go is part of
// "go team", not of "gojek" or "google".
func nameHas(names []string, term string) bool {
	latin := term != "" && term[0] < utf8.RuneSelf
	for _, n := range names {
		for i := 0; ; {
			j := strings.Index(n[i:], term)
			if j < 0 {
				break
			}
			j += i
			if !latin || (!alnumAt(n, j-1) && !alnumAt(n, j+len(term))) {
				return true
			}
			i = j + 1
		}
	}
	return false
}

// alnumAt reports whether n[i] is an ASCII letter or digit (false outside
// n). Unlike a word byte of the tagger, an underscore does not count.
func alnumAt(n string, i int) bool {
	if i < 0 || i >= len(n) {
		return false
	}
	c := n[i]
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
