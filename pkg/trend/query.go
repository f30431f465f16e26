package trend

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// CompanyMatches is a company and how many of its postings match a query.
type CompanyMatches struct {
	Company string `json:"company"`
	Matched int    `json:"matched"`
}

// QueryResult is the answer to an ad-hoc keyword query (the contract's
// JSON form of `analyze query`, plus platforms).
type QueryResult struct {
	Terms []string `json:"terms"`
	// MatchedBy says how each term was looked for, in the order of Terms.
	MatchedBy []TermMatch      `json:"matched_by"`
	Years     []YearStat       `json:"years"`
	Platforms []Platform       `json:"platforms"`
	Companies []CompanyMatches `json:"companies"`
	Examples  []store.Example  `json:"examples"`
	// Hints, when nothing matched: skills and companies close to the terms.
	Hints []string `json:"hints,omitempty"`
	// Warnings say what the yearly shares leave out and where they mix
	// sources, as a report's do.
	Warnings []string `json:"warnings"`
}

// TermMatch is how one query term is matched: through the skill tags (a
// skill in any spelling, or a skill with a role suffix such as Go语言) or
// as a phrase in the full-text index.
type TermMatch struct {
	Term  string `json:"term"`
	Via   string `json:"via"`             // "skill tags" or "full text"
	Skill string `json:"skill,omitempty"` // the skill, for skill tags
}

// MaxTerms bounds a query: every term is one more condition on every
// posting, and no question needs more.
const MaxTerms = 16

// DedupeTerms drops terms that ask the same as an earlier one (the same
// skill, or the same phrase), so that 64 copies of a word cost one.
func DedupeTerms(terms []skill.Term) []skill.Term {
	seen := map[string]bool{}
	var out []skill.Term
	for _, t := range terms {
		key := "skill:" + t.Skill
		if t.Skill == "" {
			key = "text:" + strings.Join(t.Tokens, " ")
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
	}
	return out
}

// QueryOptions configures Query.
type QueryOptions struct {
	From, To  int
	Sources   []string
	Synthetic bool
	Companies int // how many companies; default 10
	Examples  int // how many example postings; default 5
	// MinPostings is the fewest postings a year needs for a share;
	// default DefaultMinPostings, as in reports.
	MinPostings int
}

// QueryStore is what Query reads.
type QueryStore interface {
	MatchYears(ctx context.Context, m store.Match, f store.Filter) ([]store.YearCount, error)
	MatchCompanies(ctx context.Context, m store.Match, f store.Filter) ([]store.CompanyCount, error)
	MatchExamples(ctx context.Context, m store.Match, f store.Filter, n int) ([]store.Example, error)
	CompaniesLike(ctx context.Context, text string, n int) ([]store.CompanyCount, error)
}

// Query answers "how often do postings mention all of these terms, by year,
// and who asks?": per year, the share of distinct job postings containing
// every term (95% Wilson interval), overall and per source, the companies
// with the most matching postings (names merged as in reports), and the
// newest matching postings. Skill terms match through the tagger's tags,
// other terms through the full-text index.
func Query(ctx context.Context, st QueryStore, terms []skill.Term, opts QueryOptions) (*QueryResult, error) {
	if opts.Companies == 0 {
		opts.Companies = 10
	}
	if opts.Examples == 0 {
		opts.Examples = 5
	}
	if opts.MinPostings <= 0 {
		opts.MinPostings = DefaultMinPostings
	}
	var m store.Match
	res := &QueryResult{Terms: []string{}, MatchedBy: []TermMatch{}, Companies: []CompanyMatches{}}
	for _, t := range terms {
		res.Terms = append(res.Terms, t.Raw)
		res.MatchedBy = append(res.MatchedBy, TermMatch{Term: t.Raw, Via: t.Via, Skill: t.Skill})
		if t.Skill != "" {
			m.Skills = append(m.Skills, t.Skill)
		} else {
			m.Phrases = append(m.Phrases, store.Phrase{Tokens: t.Tokens})
		}
	}
	f := store.Filter{From: opts.From, To: opts.To, Sources: opts.Sources, Synthetic: opts.Synthetic}
	// The three reads are independent; in WAL mode each runs on its own
	// connection, so they use both cores.
	var (
		wg                          sync.WaitGroup
		counts                      []store.YearCount
		errYears, errComp, errExamp error
	)
	wg.Add(3)
	go func() { defer wg.Done(); counts, errYears = st.MatchYears(ctx, m, f) }()
	go func() {
		// Named here, beside the other reads: keying thousands of names
		// takes a common skill's query tens of milliseconds.
		defer wg.Done()
		var cc []store.CompanyCount
		if cc, errComp = st.MatchCompanies(ctx, m, f); errComp == nil {
			res.Companies = topEmployers(cc, opts.Companies)
		}
	}()
	go func() { defer wg.Done(); res.Examples, errExamp = st.MatchExamples(ctx, m, f, opts.Examples) }()
	wg.Wait()
	for _, err := range []error{errYears, errComp, errExamp} {
		if err != nil {
			return nil, err
		}
	}
	res.Years, res.Platforms, res.Warnings = queryShares(counts, opts.MinPostings)
	// Every source's matches, those left out of the yearly shares too.
	matched := 0
	for _, c := range counts {
		matched += c.Matched
	}
	if matched == 0 {
		var err error
		if res.Hints, err = hints(ctx, st, terms); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// hints says what the user may have meant when nothing matched: skills
// spelled like a term, and companies whose name holds it (a company is not
// something its postings mention).
func hints(ctx context.Context, st QueryStore, terms []skill.Term) ([]string, error) {
	var out []string
	searcher := skill.DefaultSearcher()
	for _, t := range terms {
		if t.Skill != "" {
			continue
		}
		if sk := searcher.SuggestSkills(t.Raw, 3); len(sk) > 0 {
			out = append(out, fmt.Sprintf("%q is no skill of the taxonomy; close skills: %s", t.Raw, strings.Join(sk, ", ")))
		}
		cc, err := st.CompaniesLike(ctx, strings.TrimSpace(t.Raw), 5)
		if err != nil {
			return nil, err
		}
		if len(cc) > 0 {
			var names []string
			for _, c := range cc {
				names = append(names, fmt.Sprintf("%s (%d)", c.Company, c.Postings))
			}
			out = append(out, fmt.Sprintf("%q names companies: %s; `analyze keywords --company NAME` shows what their postings ask for",
				t.Raw, strings.Join(names, ", ")))
		}
	}
	if len(out) == 0 {
		out = append(out, "no posting contains every term: try fewer terms, another spelling, or a wider --from/--to")
	}
	return out, nil
}

// topEmployers merges company names into employers (names merged as in
// reports; anonymous ones left out) and returns the top employers by
// matches, display name breaking ties; top ≤ 0 returns them all.
func topEmployers(cc []store.CompanyCount, top int) []CompanyMatches {
	type employer struct {
		name             string
		matched, nameMax int
	}
	byKey := map[string]*employer{}
	for _, c := range cc {
		key := normalize.CompanyKey(c.Company)
		if key == "" {
			continue // anonymous ("某大型互联网公司"): not one employer
		}
		e := byKey[key]
		if e == nil {
			e = &employer{}
			byKey[key] = e
		}
		e.matched += c.Matched
		if c.Matched > e.nameMax || (c.Matched == e.nameMax && c.Company < e.name) {
			e.name, e.nameMax = c.Company, c.Matched
		}
	}
	// Only the employers that can make the list get their display name
	// (the ties of the last place included, which the name orders): a
	// common skill has thousands of employers.
	emps := make([]*employer, 0, len(byKey))
	for _, e := range byKey {
		emps = append(emps, e)
	}
	slices.SortFunc(emps, func(a, b *employer) int { return cmp.Compare(b.matched, a.matched) })
	if top > 0 && len(emps) > top {
		last := emps[top-1].matched
		n := top
		for n < len(emps) && emps[n].matched == last {
			n++
		}
		emps = emps[:n]
	}
	out := []CompanyMatches{}
	for _, e := range emps {
		out = append(out, CompanyMatches{Company: normalize.CanonicalCompany(e.name), Matched: e.matched})
	}
	slices.SortFunc(out, func(a, b CompanyMatches) int {
		if c := cmp.Compare(b.Matched, a.Matched); c != 0 {
			return c
		}
		return cmp.Compare(a.Company, b.Company)
	})
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// queryShares turns per-(year, source) counts into the pooled and
// per-source series, with what a reader of them must know. Repost groups
// never span sources, so pooled counts are sums.
//
// As in reports: a source whose postings nearly all match (≥ 80% of ≥ 30)
// was selected on the terms — the results of a search for them — and is
// left out of the pooled years (its own series stays); a year with fewer
// than minPostings postings gets no share; and a year whose sources differ
// from the last one's is named, since its pooled level then mixes other
// collections.
func queryShares(counts []store.YearCount, minPostings int) ([]YearStat, []Platform, []string) {
	bySource := map[string]*tally{}
	for _, c := range counts {
		addTally(bySource, c.Source, c)
	}
	var warnings, selected []string
	for _, src := range slices.Sorted(maps.Keys(bySource)) {
		t := bySource[src]
		if t.n >= selectionMinPostings && float64(t.k) >= selectionShare*float64(t.n) {
			selected = append(selected, src)
		}
	}
	if len(selected) == len(bySource) {
		// Nothing would be left: the user asked for these sources.
		if len(selected) > 0 {
			warnings = append(warnings, fmt.Sprintf("Nearly every posting of %s matches (≥ %.0f%%): a selection on the terms, "+
				"not a sample of the market, so the shares say how the selection was made, not how common the terms are.",
				strings.Join(selected, ", "), 100*selectionShare))
		}
		selected = nil
	}
	for _, src := range selected {
		t := bySource[src]
		warnings = append(warnings, fmt.Sprintf("Source %s is left out of the yearly shares: %s of its %s postings match (≥ %.0f%%), "+
			"a selection on the terms, not a sample of the market; its own series is under platforms.",
			src, Thousands(t.k), Thousands(t.n), 100*selectionShare))
	}

	byYear := map[int]*tally{}
	members := map[int][]store.YearCount{}
	perSource := map[string][]YearStat{}
	var small []string
	for _, c := range counts {
		ys := stat(c.Year, c.Total, c.Matched, minPostings)
		perSource[c.Source] = append(perSource[c.Source], ys)
		if slices.Contains(selected, c.Source) {
			continue
		}
		addTally(byYear, c.Year, c)
		members[c.Year] = append(members[c.Year], c)
	}
	years := make([]YearStat, 0, len(byYear))
	var changes []string
	prev := yearSets{}
	prevYear := 0
	for _, year := range slices.Sorted(maps.Keys(byYear)) {
		y := byYear[year]
		ys := stat(year, y.n, y.k, minPostings)
		if ys.Share == nil {
			small = append(small, fmt.Sprintf("%d (%s)", year, Count(y.n, "posting")))
		}
		years = append(years, ys)
		cur := yearSets{}
		for _, c := range members[year] {
			cur.add(c.Source, c.Total, y.n)
		}
		if ys.Share == nil || len(cur) == 0 {
			continue
		}
		if c := compositionChange(year, prevYear, prev, cur); c != "" {
			changes = append(changes, c)
		}
		prev, prevYear = cur, year
	}
	if len(changes) > 0 {
		warnings = append(warnings, fmt.Sprintf("The pooled level of a year mixes the sources that cover it, and they come and go (%s): "+
			"a difference between years may be a change of sources; `analyze report` measures changes inside datasets.",
			strings.Join(changes, "; ")))
	}
	if len(small) > 0 {
		warnings = append(warnings, fmt.Sprintf("Too few postings for a share (fewer than %d): %s.", minPostings, strings.Join(small, ", ")))
	}
	plats := make([]Platform, 0, len(perSource))
	for _, src := range slices.Sorted(maps.Keys(perSource)) {
		plats = append(plats, Platform{Source: src, Years: perSource[src]}) // already in year order
	}
	if warnings == nil {
		warnings = []string{}
	}
	return years, plats, warnings
}

// addTally adds c's counts to m's tally under k.
func addTally[K comparable](m map[K]*tally, k K, c store.YearCount) {
	t := m[k]
	if t == nil {
		t = &tally{}
		m[k] = t
	}
	t.n += c.Total
	t.k += c.Matched
}

// stat is a year of independent postings with its Wilson interval (the
// ad-hoc query's counts, which are not compared across years); no share
// below minPostings.
func stat(year, total, matched, minPostings int) YearStat {
	s := YearStat{Year: year, Total: total, Matched: matched, Distinct: total, DistinctMatched: matched}
	if total < minPostings {
		s.Note = fmt.Sprintf("fewer than %d postings: no share", minPostings)
		return s
	}
	share := float64(matched) / float64(total)
	lo, hi := Wilson(matched, total)
	s.Share, s.CILow, s.CIHigh = &share, &lo, &hi
	return s
}
