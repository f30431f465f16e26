package trend

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/jobtrend/jobtrend/pkg/normalize"
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
	Terms     []string         `json:"terms"`
	Years     []YearStat       `json:"years"`
	Platforms []Platform       `json:"platforms"`
	Companies []CompanyMatches `json:"companies"`
	Examples  []store.Example  `json:"examples"`
}

// QueryOptions configures Query.
type QueryOptions struct {
	From, To  int
	Sources   []string
	Synthetic bool
	Companies int // how many companies; default 10
	Examples  int // how many example postings; default 5
}

// QueryStore is what Query reads.
type QueryStore interface {
	MatchYears(ctx context.Context, m store.Match, f store.Filter) ([]store.YearCount, error)
	MatchCompanies(ctx context.Context, m store.Match, f store.Filter) ([]store.CompanyCount, error)
	MatchExamples(ctx context.Context, m store.Match, f store.Filter, n int) ([]store.Example, error)
}

// Query answers "how often do postings mention all of these terms, by year,
// and who asks?": per year, the share of distinct job postings containing
// every term (95% Wilson interval), overall and per source, the companies
// with the most matching postings (names merged as in reports), and the
// newest matching postings. Skill terms match through the tagger's tags,
// other terms through the full-text index.
func Query(ctx context.Context, st QueryStore, terms []normalize.Term, opts QueryOptions) (*QueryResult, error) {
	if opts.Companies == 0 {
		opts.Companies = 10
	}
	if opts.Examples == 0 {
		opts.Examples = 5
	}
	var m store.Match
	res := &QueryResult{Terms: []string{}, Companies: []CompanyMatches{}}
	for _, t := range terms {
		res.Terms = append(res.Terms, t.Raw)
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
		cc                          []store.CompanyCount
		errYears, errComp, errExamp error
	)
	wg.Add(3)
	go func() { defer wg.Done(); counts, errYears = st.MatchYears(ctx, m, f) }()
	go func() { defer wg.Done(); cc, errComp = st.MatchCompanies(ctx, m, f) }()
	go func() { defer wg.Done(); res.Examples, errExamp = st.MatchExamples(ctx, m, f, opts.Examples) }()
	wg.Wait()
	for _, err := range []error{errYears, errComp, errExamp} {
		if err != nil {
			return nil, err
		}
	}
	res.Years, res.Platforms = shares(counts)
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
	for _, e := range byKey {
		res.Companies = append(res.Companies, CompanyMatches{Company: normalize.CanonicalCompany(e.name), Matched: e.matched})
	}
	slices.SortFunc(res.Companies, func(a, b CompanyMatches) int {
		if c := cmp.Compare(b.Matched, a.Matched); c != 0 {
			return c
		}
		return cmp.Compare(a.Company, b.Company)
	})
	if opts.Companies > 0 && len(res.Companies) > opts.Companies {
		res.Companies = res.Companies[:opts.Companies]
	}
	return res, nil
}
