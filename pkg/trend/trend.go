package trend

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// YearStat is one year of the trend (the contract's year object).
type YearStat struct {
	Year    int     `json:"year"`
	Total   int     `json:"total"`   // distinct job postings (exact reposts once)
	Matched int     `json:"matched"` // of them, mentioning the skill
	Share   float64 `json:"share"`   // Matched / Total
	CILow   float64 `json:"ci_low"`  // 95% Wilson interval of Share
	CIHigh  float64 `json:"ci_high"`
}

// Platform is the trend of one source.
type Platform struct {
	Source string     `json:"source"`
	Years  []YearStat `json:"years"`
}

// Method says how the numbers were made, for the report's readers.
type Method struct {
	Generated        time.Time `json:"generated"`
	From             int       `json:"from"`
	To               int       `json:"to"`
	Sources          []string  `json:"sources,omitempty"` // only these sources (empty: all)
	Synthetic        bool      `json:"synthetic"`         // generated sources included
	TaggerVersion    string    `json:"tagger_version,omitempty"`
	SegmenterVersion string    `json:"segmenter_version,omitempty"`
	Postings         int       `json:"postings"`  // distinct job postings in the range
	Segmented        int       `json:"segmented"` // postings segmented by this run (the rest came from the cache)
	KeywordScope     string    `json:"keyword_scope"`
	MaxDFShare       float64   `json:"max_df_share"`
}

// Series is the overall trend of one more skill, for comparison.
type Series struct {
	Skill string     `json:"skill"`
	Years []YearStat `json:"years"`
}

// Report is the yearly trend report (the contract's JSON form plus Compare
// and Method).
type Report struct {
	Skill     string     `json:"skill"`
	Years     []YearStat `json:"years"`
	Platforms []Platform `json:"platforms"`
	Companies []Company  `json:"companies"`
	Compare   []Series   `json:"compare,omitempty"`
	Method    Method     `json:"method"`
}

// Keyword scopes: which of a company's postings its keywords (and its rank
// among companies) come from.
const (
	ScopeAll     = "all"     // every posting: what the company's jobs ask for
	ScopeMatched = "matched" // postings with the skill: what its Go jobs ask for
)

// Options configures Compute.
type Options struct {
	Skill         string   // canonical skill name; default "go"
	Compare       []string // more canonical skill names, overall series only
	From, To      int      // inclusive year range; 0 = the store's range
	Sources       []string // only these sources; empty = every real source
	Synthetic     bool     // include synthetic (generated) sources
	Companies     int      // how many companies; default 10; negative = none
	Keywords      int      // keywords per company; default 10
	Scope         string   // ScopeAll (default) or ScopeMatched
	MaxDFShare    float64  // boilerplate threshold; default tfidf.DefaultMaxDFShare
	Segmenter     SegmenterSource
	TaggerVersion string
	Progress      func(done, total int) // segmentation progress
	Now           func() time.Time
}

// Store is what Compute reads.
type Store interface {
	termStore
	YearRange(ctx context.Context, f store.Filter) (from, to int, ok bool, err error)
	YearCounts(ctx context.Context, skill string, f store.Filter) ([]store.YearCount, error)
	CompanyCounts(ctx context.Context, skill string, f store.Filter) ([]store.CompanyCount, error)
	docSource
}

// Compute builds the report. Skill tags must be current (Store.Retag).
func Compute(ctx context.Context, st Store, opts Options) (*Report, error) {
	opts.defaults()
	r := &Report{Skill: opts.Skill, Years: []YearStat{}, Platforms: []Platform{}, Companies: []Company{}}
	r.Method = Method{Generated: opts.Now().UTC(), TaggerVersion: opts.TaggerVersion,
		SegmenterVersion: opts.Segmenter.Version, KeywordScope: opts.Scope, MaxDFShare: opts.MaxDFShare}
	if opts.From != 0 && opts.To != 0 && opts.From > opts.To {
		return nil, fmt.Errorf("year range %d–%d is empty", opts.From, opts.To)
	}
	f := store.Filter{From: opts.From, To: opts.To, Sources: opts.Sources, Synthetic: opts.Synthetic}
	refreshed := func() (int, error) { return 0, nil }
	if opts.Companies >= 0 {
		// Segmenting new postings, and loading jieba's dictionaries for it
		// (0.4 s of one core), runs beside the queries of the shares and
		// the company counts: on two cores a cold report of 10,000
		// postings saw one core idle for the whole load.
		var stop func()
		refreshed, stop = startRefresh(ctx, st, opts.Segmenter, opts.Progress)
		defer stop()
	}
	lo, hi, ok, err := st.YearRange(ctx, f)
	if err != nil {
		return nil, err
	}
	if !ok {
		return r, nil // no postings in the range: an empty report
	}
	f.From, f.To = lo, hi
	r.Method.From, r.Method.To = lo, hi
	r.Method.Sources, r.Method.Synthetic = opts.Sources, opts.Synthetic

	counts, err := st.YearCounts(ctx, opts.Skill, f)
	if err != nil {
		return nil, err
	}
	r.Years, r.Platforms = shares(counts)
	for _, y := range r.Years {
		r.Method.Postings += y.Total
	}
	for _, sk := range opts.Compare {
		if sk == opts.Skill {
			continue
		}
		counts, err := st.YearCounts(ctx, sk, f)
		if err != nil {
			return nil, err
		}
		years, _ := shares(counts)
		r.Compare = append(r.Compare, Series{Skill: sk, Years: years})
	}
	if opts.Companies < 0 {
		return r, nil
	}
	if r.Companies, err = companies(ctx, st, f, opts, func() (err error) {
		r.Method.Segmented, err = refreshed()
		return err
	}); err != nil {
		return nil, err
	}
	return r, nil
}

// startRefresh runs RefreshTerms in its own goroutine. wait returns its
// result; stop, for deferring, cancels it if nobody waited and returns
// once it has ended, so the store is never closed under it.
func startRefresh(ctx context.Context, st termStore, src SegmenterSource, progress func(done, total int)) (wait func() (int, error), stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var n int
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		n, err = RefreshTerms(ctx, st, src, progress)
	}()
	wait = func() (int, error) {
		<-done
		return n, err
	}
	stop = func() {
		cancel()
		<-done
	}
	return wait, stop
}

func (o *Options) defaults() {
	if o.Skill == "" {
		o.Skill = "go"
	}
	if o.Companies == 0 {
		o.Companies = 10
	}
	if o.Keywords <= 0 {
		o.Keywords = 10
	}
	if o.Scope == "" {
		o.Scope = ScopeAll
	}
	if o.MaxDFShare == 0 {
		o.MaxDFShare = tfidf.DefaultMaxDFShare
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// shares turns per-(year, source) counts into the overall and per-source
// series. Repost groups never span sources, so overall counts are sums.
func shares(counts []store.YearCount) ([]YearStat, []Platform) {
	byYear := map[int]*YearStat{}
	bySource := map[string][]YearStat{}
	for _, c := range counts {
		y := byYear[c.Year]
		if y == nil {
			y = &YearStat{Year: c.Year}
			byYear[c.Year] = y
		}
		y.Total += c.Total
		y.Matched += c.Matched
		bySource[c.Source] = append(bySource[c.Source], stat(c.Year, c.Total, c.Matched))
	}
	years := make([]YearStat, 0, len(byYear))
	for _, y := range byYear {
		years = append(years, stat(y.Year, y.Total, y.Matched))
	}
	slices.SortFunc(years, func(a, b YearStat) int { return cmp.Compare(a.Year, b.Year) })
	plats := make([]Platform, 0, len(bySource))
	for src, ys := range bySource {
		plats = append(plats, Platform{Source: src, Years: ys}) // already in year order
	}
	slices.SortFunc(plats, func(a, b Platform) int { return cmp.Compare(a.Source, b.Source) })
	return years, plats
}

func stat(year, total, matched int) YearStat {
	s := YearStat{Year: year, Total: total, Matched: matched}
	if total > 0 {
		s.Share = float64(matched) / float64(total)
	}
	s.CILow, s.CIHigh = Wilson(matched, total)
	return s
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}
