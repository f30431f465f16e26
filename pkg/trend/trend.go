package trend

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// YearStat is one year of a share (the contract's year object, extended).
// Share and its interval are null for a year with fewer postings than
// Options.MinPostings: too few to say anything.
type YearStat struct {
	Year    int      `json:"year"`
	Total   int      `json:"total"`   // job postings (exact reposts once)
	Matched int      `json:"matched"` // of them, mentioning the skill
	Share   *float64 `json:"share"`   // Matched / Total
	CILow   *float64 `json:"ci_low"`  // 95% interval of Share, clustered by company
	CIHigh  *float64 `json:"ci_high"`
	// Distinct counts distinct jobs: near-duplicates (the same ad under
	// another id, platform or company) once.
	Distinct        int `json:"distinct"`
	DistinctMatched int `json:"distinct_matched"`
	// Partial marks a year observed on fewer than 12 months (or the current
	// year): compared only on the months it has. Months lists them.
	Partial bool  `json:"partial"`
	Months  []int `json:"months,omitempty"`
	// Change against the previous year, from datasets that cover both;
	// null where no dataset does.
	Change *Change `json:"change"`
	Note   string  `json:"note,omitempty"` // why a year has no share or no change
}

// Change is a year-over-year change of a share in percentage points, with
// its 95% interval, measured inside datasets (see comparable.go).
type Change struct {
	Against     int     `json:"against"` // the year compared with
	PP          float64 `json:"pp"`
	CILow       float64 `json:"ci_low"`
	CIHigh      float64 `json:"ci_high"`
	Significant bool    `json:"significant"`
	Basis       string  `json:"basis"`
}

// Trend is the one overall answer: is the share rising or falling, by how
// many percentage points a year, from which datasets.
type Trend struct {
	Direction string   `json:"direction"` // rising, falling, flat or unknown
	SlopePP   *float64 `json:"slope_pp_per_year"`
	CILow     *float64 `json:"ci_low"`
	CIHigh    *float64 `json:"ci_high"`
	Basis     string   `json:"basis"`
	// Datasets is the same slope inside each dataset with two or more
	// years, so a reader sees which collection moves the answer.
	Datasets []DatasetTrend `json:"datasets,omitempty"`
}

// DatasetTrend is the trend inside one dataset.
type DatasetTrend struct {
	Source    string   `json:"source"`
	From      int      `json:"from"`
	To        int      `json:"to"`
	Direction string   `json:"direction"`
	SlopePP   *float64 `json:"slope_pp_per_year"`
	CILow     *float64 `json:"ci_low"`
	CIHigh    *float64 `json:"ci_high"`
}

// Directions of a trend.
const (
	Rising  = "rising"
	Falling = "falling"
	Flat    = "flat"
	Unknown = "unknown"
)

// Platform is the series of one dataset.
type Platform struct {
	Source   string     `json:"source"` // the dataset's name
	Platform string     `json:"platform"`
	Frame    string     `json:"frame"`
	Years    []YearStat `json:"years"`
}

// Source is a dataset as the report describes it: what it is, and whether
// and why it is left out of the skill's shares.
type Source struct {
	Source            string   `json:"source"` // the dataset's name
	Platform          string   `json:"platform"`
	Frame             string   `json:"frame"`
	DateBasis         string   `json:"date_basis"`
	Postings          int      `json:"postings"` // job postings, dated or not
	Undated           int      `json:"undated"`
	SelectedOn        []string `json:"selected_on"`
	ExcludedFromShare bool     `json:"excluded_from_share"`
	Reason            string   `json:"reason,omitempty"`
}

// Method says how the numbers were made, for the report's readers.
type Method struct {
	Generated        time.Time `json:"generated"`
	From             int       `json:"from"`
	To               int       `json:"to"`
	Sources          []string  `json:"sources,omitempty"`  // only these sources (empty: all)
	Datasets         []string  `json:"datasets,omitempty"` // only these datasets (empty: all)
	Synthetic        bool      `json:"synthetic"`          // generated sources included
	TaggerVersion    string    `json:"tagger_version,omitempty"`
	SegmenterVersion string    `json:"segmenter_version,omitempty"`
	Postings         int       `json:"postings"`     // job postings counted in the shares
	Segmented        int       `json:"segmented"`    // postings segmented by this run (the rest came from the cache)
	Sketched         int       `json:"sketched"`     // postings sketched for near-duplicates by this run
	JobsChanged      int       `json:"jobs_changed"` // postings whose distinct-job key this run changed
	MinPostings      int       `json:"min_postings"`
	KeywordScope     string    `json:"keyword_scope"`
	MaxDFShare       float64   `json:"max_df_share"`
}

// Series is the pooled yearly share of one more skill, for comparison.
type Series struct {
	Skill string     `json:"skill"`
	Years []YearStat `json:"years"`
}

// Report is the yearly trend report: the contract's JSON form (skill,
// years, platforms, companies) with the overall trend, the datasets and
// their sampling frames, and the warnings a reader must see.
type Report struct {
	Skill     string     `json:"skill"`
	Headline  string     `json:"headline"` // the one-sentence answer
	Trend     Trend      `json:"trend"`
	Years     []YearStat `json:"years"`     // pooled across the datasets in the shares
	Platforms []Platform `json:"platforms"` // one series per dataset
	Sources   []Source   `json:"sources"`
	Warnings  []string   `json:"warnings"`
	Companies []Company  `json:"companies"`
	Compare   []Series   `json:"compare,omitempty"`
	// CoSkills is what the skill's postings also ask for and how that
	// changes (Options.CoSkills of them); absent when none were asked for.
	CoSkills *SkillsReport `json:"co_skills,omitempty"`
	Method   Method        `json:"method"`
}

// Keyword scopes: which of a company's postings its keywords (and its rank
// among companies) come from.
const (
	ScopeAll     = "all"     // every posting: what the company's jobs ask for
	ScopeMatched = "matched" // postings with the skill: what its Go jobs ask for
)

// DefaultMinPostings is how many postings a year of a dataset needs to get
// a share and take part in a comparison.
const DefaultMinPostings = 30

// Options configures Compute.
type Options struct {
	Skill       string   // canonical skill name; default "go"
	Compare     []string // more canonical skill names, pooled series only
	From, To    int      // inclusive year range; 0 = the store's range
	Sources     []string // only these sources; empty = every real source
	Datasets    []string // only these datasets; empty = every one
	Synthetic   bool     // include synthetic (generated) sources
	MinPostings int      // per dataset and year; default DefaultMinPostings
	Companies   int      // how many companies; default 10; negative = none
	CoSkills    int      // how many co-skills the report follows; default 8; negative = none
	Keywords    int      // keywords per company; default 10
	Scope       string   // ScopeAll (default) or ScopeMatched
	MaxDFShare  float64  // boilerplate threshold; default tfidf.DefaultMaxDFShare
	Taxonomy    *skill.Taxonomy
	// IncludeStaffing keeps staffing agencies and template posters in the
	// company ranking (marked Staffing).
	IncludeStaffing bool
	// NoJobs skips the near-duplicate pass: distinct jobs are counted by
	// the job keys the last pass stored.
	NoJobs        bool
	Segmenter     SegmenterSource
	TaggerVersion string
	Progress      func(done, total int) // segmentation progress
	Now           func() time.Time
}

// Store is what Compute reads.
type Store interface {
	termStore
	YearRange(ctx context.Context, f store.Filter) (from, to int, ok bool, err error)
	CompanyCounts(ctx context.Context, skillName string, f store.Filter) ([]store.CompanyCount, error)
	datasetStore
	shareCounter
	CoSkillCells(ctx context.Context, with string, f store.Filter) ([]store.CoSkillCell, error)
	ReadOnly() bool
	SharedJobs(ctx context.Context, fn func(jobKey int64, company string)) error
	jobStore
	docSource
}

// Compute builds the report. Skill tags must be current (Store.Retag).
func Compute(ctx context.Context, st Store, opts Options) (*Report, error) {
	opts.defaults()
	r := &Report{Skill: opts.Skill, Years: []YearStat{}, Platforms: []Platform{}, Sources: []Source{},
		Warnings: []string{}, Companies: []Company{}}
	r.Method = Method{Generated: opts.Now().UTC(), TaggerVersion: opts.TaggerVersion,
		SegmenterVersion: opts.Segmenter.Version, KeywordScope: opts.Scope, MaxDFShare: opts.MaxDFShare,
		MinPostings: opts.MinPostings, Sources: opts.Sources, Datasets: opts.Datasets, Synthetic: opts.Synthetic}
	if opts.From != 0 && opts.To != 0 && opts.From > opts.To {
		return nil, fmt.Errorf("year range %d–%d is empty", opts.From, opts.To)
	}
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
	// The datasets' counts do not read the job keys the near-duplicate
	// pass writes: they are read beside it (the pass is mostly one core's
	// work, and after an import both are computed afresh).
	var facts *datasetFacts
	factsDone := make(chan error, 1)
	go func() {
		var err error
		facts, err = readDatasetFacts(ctx, st)
		factsDone <- err
	}()
	if !opts.NoJobs {
		if err := refreshJobs(ctx, st, r); err != nil {
			<-factsDone
			return nil, err
		}
	}
	if err := <-factsDone; err != nil {
		return nil, err
	}
	var err error
	cmpOpts := opts
	if err := computeShares(ctx, st, facts, &cmpOpts, r); err != nil {
		return nil, err
	}
	if opts.CoSkills > 0 {
		co := opts
		co.From, co.To = r.Method.From, r.Method.To
		if r.CoSkills, err = coSkills(ctx, st, facts, co, opts.CoSkills); err != nil {
			return nil, fmt.Errorf("co-skills: %w", err)
		}
	}
	if opts.Companies < 0 {
		return r, nil
	}
	// The companies of the report's years; when no dataset can give a
	// share (all selected on the skill, say), those of the range asked for.
	f := store.Filter{From: r.Method.From, To: r.Method.To, Sources: opts.Sources, Synthetic: opts.Synthetic}
	if len(r.Years) == 0 {
		lo, hi, ok, err := st.YearRange(ctx, store.Filter{From: opts.From, To: opts.To, Sources: opts.Sources, Synthetic: opts.Synthetic})
		if err != nil {
			return nil, err
		}
		if !ok {
			return r, nil
		}
		f.From, f.To = lo, hi
		r.Method.From, r.Method.To = lo, hi
	}
	var left []string
	if r.Companies, left, err = companies(ctx, st, f, opts, func() (err error) {
		r.Method.Segmented, err = refreshed()
		return err
	}); err != nil {
		return nil, err
	}
	if len(left) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("Staffing agencies and posters of other employers' templates are left out of "+
			"the company ranking: %s (--include-staffing keeps them).", strings.Join(left, ", ")))
	}
	return r, nil
}

// refreshJobs runs the near-duplicate pass, or says why the store's job
// keys are used as they are.
func refreshJobs(ctx context.Context, st Store, r *Report) error {
	if st.ReadOnly() {
		r.Warnings = append(r.Warnings, "The store is read-only for this user: distinct jobs are those the last near-duplicate pass found.")
		return nil
	}
	res, err := RefreshJobs(ctx, st, nil)
	if err != nil {
		return err
	}
	r.Method.Sketched, r.Method.JobsChanged = res.Sketched, res.Changed
	return nil
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
	if o.CoSkills == 0 {
		o.CoSkills = 8
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
	if o.MinPostings <= 0 {
		o.MinPostings = DefaultMinPostings
	}
	if o.Taxonomy == nil {
		o.Taxonomy = skill.DefaultTaxonomy()
	}
}

func round4(f float64) float64 {
	return float64(int64(f*10000+0.5)) / 10000
}
