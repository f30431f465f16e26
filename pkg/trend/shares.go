package trend

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// analysis holds what every skill's shares are computed from.
type analysis struct {
	opts *Options
	*datasetFacts
	kc keyCache
}

// datasetFacts is what every analysis of a store reads about its datasets,
// whatever the skill or the years: read once per report (the per-dataset
// skill counts join every tag of every posting, 11 s at a million
// postings, and the shares and the co-skills each read them).
type datasetFacts struct {
	sets    []store.DatasetRecord
	sources map[int64][]string // each dataset's sources
	totals  map[int64]int
	skills  map[int64]map[string]int
	undated map[int64]int
	reads   []countsRead // share counts read so far, for reuse (shareCounts)
}

// countsRead is one read of share counts: every dataset in scope, f's
// years, the pooled counts over pool.
type countsRead struct {
	skill  string
	f      store.Filter
	pool   []int64
	counts store.ShareCounts
}

// shareCounter is the store's read of share counts.
type shareCounter interface {
	ShareCounts(ctx context.Context, skill string, f store.Filter, pool []int64) (store.ShareCounts, error)
}

// shareCounts is the store's ShareCounts of skill for f, pooling the
// datasets in pool (nil: whichever an earlier read pooled, for a caller
// that needs only the cells), read at most once per report: the shares and
// the co-skills both need the skill's cells, of other datasets and years
// (a pass over every posting, seconds at a million). The first read takes
// every dataset in scope; what each caller asked for is picked from it.
func (a *analysis) shareCounts(ctx context.Context, st shareCounter, skill string, f store.Filter, pool []int64) (store.ShareCounts, error) {
	to := func(f store.Filter) int {
		if f.To == 0 {
			return 9999
		}
		return f.To
	}
	if len(f.Datasets) == 0 { // every dataset: nothing to pick from
		return st.ShareCounts(ctx, skill, f, pool)
	}
	want := map[int64]bool{}
	for _, d := range a.sets {
		if slices.Contains(f.Datasets, d.Name) {
			want[d.ID] = true
		}
	}
	var read *countsRead
	for i := range a.reads {
		r := &a.reads[i]
		if r.skill == skill && slices.Equal(r.f.Sources, f.Sources) && r.f.Synthetic == f.Synthetic &&
			r.f.Undated == f.Undated && r.f.From <= f.From && to(r.f) >= to(f) &&
			!slices.ContainsFunc(f.Datasets, func(n string) bool { return !slices.Contains(r.f.Datasets, n) }) &&
			(pool == nil || slices.Equal(r.pool, pool)) {
			read = r
			break
		}
	}
	if read == nil {
		wide := f
		wide.Datasets = nil
		for _, d := range a.sets {
			if a.inScope(d) {
				wide.Datasets = append(wide.Datasets, d.Name)
			}
		}
		counts, err := st.ShareCounts(ctx, skill, wide, pool)
		if err != nil {
			return store.ShareCounts{}, err
		}
		a.reads = append(a.reads, countsRead{skill: skill, f: wide, pool: pool, counts: counts})
		read = &a.reads[len(a.reads)-1]
	}
	inYears := func(year int) bool { return year >= f.From && year <= to(f) }
	var out store.ShareCounts
	for _, c := range read.counts.Cells {
		if want[c.Dataset] && inYears(c.Year) {
			out.Cells = append(out.Cells, c)
		}
	}
	for _, c := range read.counts.Pooled {
		if inYears(c.Year) {
			out.Pooled = append(out.Pooled, c)
		}
	}
	for _, d := range read.counts.Distinct {
		if (d.Dataset == 0 || want[d.Dataset]) && inYears(d.Year) {
			out.Distinct = append(out.Distinct, d)
		}
	}
	return out, nil
}

// skillShares is one skill's comparable shares.
type skillShares struct {
	sources   []Source
	eligible  []string // datasets in the shares
	byDS      map[int64]*datasetShares
	years     []YearStat // pooled
	platforms []Platform
	trend     Trend
	warnings  []string
}

// datasetStore is what an analysis reads about the datasets.
type datasetStore interface {
	Datasets(ctx context.Context) ([]store.DatasetRecord, error)
	DatasetSkills(ctx context.Context) (totals map[int64]int, skills map[int64]map[string]int, err error)
	DatasetDating(ctx context.Context) ([]store.Dating, error)
	DatasetSources(ctx context.Context) (map[int64][]string, error)
}

func readDatasetFacts(ctx context.Context, st datasetStore) (*datasetFacts, error) {
	a := &datasetFacts{undated: map[int64]int{}}
	var err error
	if a.sets, err = st.Datasets(ctx); err != nil {
		return nil, err
	}
	if a.totals, a.skills, err = st.DatasetSkills(ctx); err != nil {
		return nil, err
	}
	if a.sources, err = st.DatasetSources(ctx); err != nil {
		return nil, err
	}
	dating, err := st.DatasetDating(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range dating {
		if d.Year == 0 {
			a.undated[d.Dataset] += d.Postings
		}
	}
	return a, nil
}

func newAnalysis(facts *datasetFacts, opts *Options) *analysis {
	return &analysis{opts: opts, datasetFacts: facts, kc: keyCache{}}
}

// inScope says whether a dataset belongs to the report at all (--dataset,
// synthetic datasets).
func (a *analysis) inScope(d store.DatasetRecord) bool {
	if len(a.opts.Datasets) > 0 && !slices.Contains(a.opts.Datasets, d.Name) {
		return false
	}
	if len(a.opts.Sources) > 0 && !slices.ContainsFunc(a.sources[d.ID], func(s string) bool { return slices.Contains(a.opts.Sources, s) }) {
		return false
	}
	return a.opts.Synthetic || !strings.HasSuffix(d.Name, store.SyntheticSuffix)
}

// notMarket says why dataset d is no sample of the market for a share of
// skill, or "": it was selected on skill (a search for it, or nearly every
// posting naming it), or on anything else — a search for other terms, or
// another skill in nearly every posting (selectedOn). A search for python
// measures how often Python jobs ask for go, not how often jobs do; it
// would pull the pooled level toward its own population and, across its
// years, measure a trend of that population.
func (a *analysis) notMarket(d store.DatasetRecord, skill string, selectedOn []string) string {
	o := a.opts
	if sel, why := selection(d, skill, a.totals[d.ID], a.skills[d.ID][skill], o.Taxonomy); sel {
		return why
	}
	if terms := d.QueryTerms(); len(terms) > 0 {
		return fmt.Sprintf("a search for %q: it holds the jobs that search found, not a sample of the market", strings.Join(terms, ","))
	}
	if len(selectedOn) > 0 {
		sk := selectedOn[0]
		return fmt.Sprintf("%s of its %s postings mention %s: a selection on %s, in which %s's share is its share among %s jobs, not in the market",
			Thousands(a.skills[d.ID][sk]), Thousands(a.totals[d.ID]), sk, sk, skill, sk)
	}
	return ""
}

// shares computes a skill's comparable shares.
func (a *analysis) shares(ctx context.Context, st Store, skill string) (*skillShares, error) {
	o := a.opts
	res := &skillShares{byDS: map[int64]*datasetShares{}}
	for _, d := range a.sets {
		if !a.inScope(d) || a.totals[d.ID] == 0 {
			continue
		}
		src := Source{Source: d.Name, Platform: d.Platform, Frame: d.Frame, DateBasis: d.DateBasis,
			Postings: a.totals[d.ID], Undated: a.undated[d.ID], SelectedOn: []string{}}
		for _, sk := range o.Taxonomy.Names() {
			if sel, _ := selection(d, sk, a.totals[d.ID], a.skills[d.ID][sk], o.Taxonomy); sel {
				src.SelectedOn = append(src.SelectedOn, sk)
			}
		}
		if why := a.notMarket(d, skill, src.SelectedOn); why != "" {
			src.ExcludedFromShare, src.Reason = true, why
			res.warnings = append(res.warnings, fmt.Sprintf("Dataset %s is left out of %s's shares: %s.", d.Name, skill, why))
		} else {
			res.eligible = append(res.eligible, d.Name)
		}
		if n := a.undated[d.ID]; n > 0 {
			res.warnings = append(res.warnings, fmt.Sprintf("%s of the %s job postings of dataset %s have no date and are in no year; "+
				"if you know when they were collected, import the file again with --seen DATE.", Thousands(n), Thousands(a.totals[d.ID]), d.Name))
		}
		res.sources = append(res.sources, src)
	}
	if len(res.eligible) == 0 {
		res.trend = Trend{Direction: Unknown, Basis: "no dataset in the range can measure " + skill + "'s share"}
		return res, nil
	}
	f := store.Filter{From: o.From, To: o.To, Sources: o.Sources, Datasets: res.eligible, Synthetic: o.Synthetic}
	var pool []int64
	for _, d := range a.sets {
		if slices.Contains(res.eligible, d.Name) {
			pool = append(pool, d.ID)
		}
	}
	counts, err := a.shareCounts(ctx, st, skill, f, pool)
	if err != nil {
		return nil, err
	}
	res.byDS = buildShares(a.sets, counts.Cells, a.kc)
	dist := map[[2]int64]store.DistinctCount{}
	for _, d := range counts.Distinct {
		dist[[2]int64{d.Dataset, int64(d.Year)}] = d
	}
	res.platforms = a.platforms(res.byDS, dist)
	res.years, res.warnings = a.pooledYears(counts.Pooled, res.byDS, dist, res.warnings)
	res.trend = a.trend(skill, res.byDS)
	return res, nil
}

// yearStat fills a year's counts, share and interval from its clusters.
func (a *analysis) yearStat(year int, c *clusters, months []int) YearStat {
	y := YearStat{Year: year, Total: c.total, Matched: c.hits, Distinct: c.total, DistinctMatched: c.hits}
	y.Partial = len(months) < 12 || year >= a.opts.Now().Year()
	if y.Partial {
		y.Months = months
	}
	if c.total < a.opts.MinPostings {
		y.Note = fmt.Sprintf("%s: fewer than %d, too few for a share", Count(c.total, "posting"), a.opts.MinPostings)
		return y
	}
	share := c.share()
	lo, hi := c.interval()
	y.Share, y.CILow, y.CIHigh = &share, &lo, &hi
	return y
}

// platforms is one series per dataset, each year's change measured inside
// the dataset alone.
func (a *analysis) platforms(byDS map[int64]*datasetShares, dist map[[2]int64]store.DistinctCount) []Platform {
	var out []Platform
	for _, ds := range byDS {
		p := Platform{Source: ds.set.Name, Platform: ds.set.Platform, Frame: ds.set.Frame}
		for _, year := range sortedYears(ds.years) {
			dy := ds.years[year]
			y := a.yearStat(year, dy.all, dy.observed())
			if d, ok := dist[[2]int64{ds.set.ID, int64(year)}]; ok {
				y.Distinct, y.DistinctMatched = d.Total, d.Matched
			}
			if c, ok := compareYears(ds, year-1, year, a.opts.MinPostings); ok {
				y.Change = changeOf(year-1, []comparison{c})
			}
			p.Years = append(p.Years, y)
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y Platform) int { return cmp.Compare(x.Source, y.Source) })
	return out
}

// changeOf pools datasets' comparisons into a Change.
func changeOf(against int, cs []comparison) *Change {
	d, lo, hi := pool(cs)
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s (%s, %s → %s postings)", c.dataset, MonthSpan(c.months), Thousands(c.n1), Thousands(c.n2)))
	}
	basis := "within " + strings.Join(parts, "; ")
	if len(cs) > 1 {
		basis += "; weighted by size"
	}
	return &Change{Against: against, PP: round2(100 * d), CILow: round2(100 * lo), CIHigh: round2(100 * hi),
		Significant: lo > 0 || hi < 0, Basis: basis}
}

// pooledYears is each year's level across the datasets in the shares (a
// posting two datasets hold counted once), with the change measured inside
// the datasets that cover both years.
func (a *analysis) pooledYears(pooled []store.Cell, byDS map[int64]*datasetShares, dist map[[2]int64]store.DistinctCount,
	warnings []string) ([]YearStat, []string) {
	byYear := map[int]*clusters{}
	for _, c := range pooled {
		cl := byYear[c.Year]
		if cl == nil {
			cl = newClusters()
			byYear[c.Year] = cl
		}
		cl.add(a.kc.key(c.Company), c.Total, c.Matched)
	}
	// A year's collections, weighed by their share of its postings.
	members := func(year, total int) yearSets {
		ys := yearSets{}
		for _, ds := range byDS {
			if dy, ok := ds.years[year]; ok {
				ys.add(ds.set.Name, dy.all.total, total)
			}
		}
		return ys
	}
	var out []YearStat
	var small, partial, joins, dups []string
	prevMembers := yearSets{}
	prevYear := 0
	for _, year := range sortedYears(byYear) {
		monthSet := map[int]bool{}
		for _, ds := range byDS {
			if dy := ds.years[year]; dy != nil {
				for _, m := range dy.observed() {
					monthSet[m] = true
				}
			}
		}
		months := sortedYears(monthSet)
		y := a.yearStat(year, byYear[year], months)
		if d, ok := dist[[2]int64{0, int64(year)}]; ok {
			y.Distinct, y.DistinctMatched = d.Total, d.Matched
		}
		if y.Share == nil {
			small = append(small, fmt.Sprintf("%d (%s)", year, Count(y.Total, "posting")))
		}
		if y.Partial {
			partial = append(partial, fmt.Sprintf("%d (%s)", year, MonthSpan(months)))
		}
		var cs []comparison
		for _, ds := range byDS {
			if c, ok := compareYears(ds, year-1, year, a.opts.MinPostings); ok {
				cs = append(cs, c)
			}
		}
		slices.SortFunc(cs, func(x, y comparison) int { return cmp.Compare(x.dataset, y.dataset) })
		switch {
		case len(cs) > 0:
			y.Change = changeOf(year-1, cs)
		case len(out) > 0:
			y.Note = joinNote(y.Note, fmt.Sprintf("no change: no dataset has %d postings in both %d and %d on months both cover",
				a.opts.MinPostings, year-1, year))
		}
		// Against the last earlier year with datasets, not the calendar
		// year before: across a gap (2018, then 2024) the datasets may all
		// have changed.
		if cur := members(year, y.Total); y.Share != nil && len(cur) > 0 {
			if c := compositionChange(year, prevYear, prevMembers, cur); c != "" {
				joins = append(joins, c)
			}
			prevMembers, prevYear = cur, year
		}
		if y.Distinct > 0 && y.Total-y.Distinct >= max(10, y.Total/20) {
			dups = append(dups, fmt.Sprintf("%d: %s of %s (%s distinct jobs, %s with %s)", year, Thousands(y.Total-y.Distinct),
				Thousands(y.Total), Thousands(y.Distinct), Thousands(y.DistinctMatched), a.opts.Skill))
		}
		out = append(out, y)
	}
	if len(joins) > 0 {
		warnings = append(warnings, fmt.Sprintf("The pooled level of a year mixes the datasets that cover it, and they come and go (%s): "+
			"read the changes, measured inside datasets, not the differences of the levels.", strings.Join(joins, "; ")))
	}
	if len(dups) > 0 {
		warnings = append(warnings, fmt.Sprintf("Postings that repeat another's ad under another id, platform or company "+
			"(near-duplicates; the distinct column counts them once): %s.", strings.Join(dups, "; ")))
	}
	if len(partial) > 0 {
		warnings = append(warnings, fmt.Sprintf("Partial years: %s; each is compared only on the months it covers.",
			strings.Join(partial, ", ")))
	}
	if len(small) > 0 {
		warnings = append(warnings, fmt.Sprintf("Too few postings for a share (fewer than %d): %s.",
			a.opts.MinPostings, strings.Join(small, ", ")))
	}
	return out, warnings
}

// trend is the within-dataset slope over every year with enough postings,
// pooled and for each dataset alone.
func (a *analysis) trend(skill string, byDS map[int64]*datasetShares) Trend {
	var all []slopeCell
	var used []string
	var hits, total int
	var perDS []DatasetTrend
	ids := make([]int64, 0, len(byDS))
	for id := range byDS {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y int64) int { return cmp.Compare(byDS[x].set.Name, byDS[y].set.Name) })
	for _, id := range ids {
		ds := byDS[id]
		var years []int
		for _, year := range sortedYears(ds.years) {
			if ds.years[year].all.total >= a.opts.MinPostings {
				years = append(years, year)
			}
		}
		if len(years) < 2 {
			continue
		}
		var cells []slopeCell
		var dsHits, dsTotal int
		for _, year := range years {
			dy := ds.years[year]
			dsTotal += dy.all.total
			dsHits += dy.all.hits
			for m := 1; m <= 12; m++ {
				c := dy.months[m]
				if c == nil {
					continue
				}
				group := fmt.Sprintf("%d/%d", ds.set.ID, m)
				for key, t := range c.named {
					cells = append(cells, slopeCell{group: group, year: year, company: key, n: t.n, k: t.k})
				}
				if c.loneN > 0 {
					cells = append(cells, slopeCell{group: group, year: year, n: c.loneN, k: c.loneK})
				}
			}
		}
		dt := DatasetTrend{Source: ds.set.Name, From: years[0], To: years[len(years)-1]}
		fit := fitSlope(cells)
		dt.Direction = direction(fit, float64(dsHits)/float64(dsTotal))
		if fit.ok {
			slope, lo, hi := round2(100*fit.beta), round2(100*fit.lo), round2(100*fit.hi)
			dt.SlopePP, dt.CILow, dt.CIHigh = &slope, &lo, &hi
			used = append(used, fmt.Sprintf("%s %d–%d", ds.set.Name, years[0], years[len(years)-1]))
			all = append(all, cells...)
			hits += dsHits
			total += dsTotal
		}
		perDS = append(perDS, dt)
	}
	if len(used) == 0 {
		basis := fmt.Sprintf("no dataset has %d or more postings in two years, so no change within a dataset can be measured", a.opts.MinPostings)
		if len(perDS) > 0 {
			basis = fmt.Sprintf("the datasets with %d or more postings in two years (%d) share no calendar month across those years "+
				"or hold fewer than %d companies, so no change within a dataset can be judged", a.opts.MinPostings, len(perDS), minSlopeCompanies)
		}
		return Trend{Direction: Unknown, Datasets: perDS, Basis: basis}
	}
	fit := fitSlope(all)
	if !fit.ok {
		return Trend{Direction: Unknown, Datasets: perDS, Basis: fmt.Sprintf(
			"the years that can be compared hold %d companies, fewer than the %d a verdict needs", fit.companies, minSlopeCompanies)}
	}
	slope, lo, hi := round2(100*fit.beta), round2(100*fit.lo), round2(100*fit.hi)
	t := Trend{SlopePP: &slope, CILow: &lo, CIHigh: &hi, Datasets: perDS,
		Basis: "within-dataset slope (dataset × month fixed effects, 95% interval clustered by company) from " + strings.Join(used, ", ")}
	t.Direction = direction(fit, float64(hits)/float64(total))
	if t.Direction == Unknown {
		t.Basis += fmt.Sprintf("; the interval allows a rise or a fall of more than %.1f pp a year", 100*flatMargin(float64(hits)/float64(total)))
	}
	return t
}

// direction names what a slope's interval says.
func direction(fit slopeResult, share float64) string {
	margin := flatMargin(share)
	switch {
	case !fit.ok:
		return Unknown
	case fit.lo > 0:
		return Rising
	case fit.hi < 0:
		return Falling
	case fit.lo >= -margin && fit.hi <= margin:
		return Flat
	}
	return Unknown
}

// flatMargin is the change per year too small to call a rise or a fall: a
// tenth of the share (a share of 20% moving 2 pp a year), at least one
// point. "Flat" needs the whole 95% interval inside ±margin, not just zero
// inside it: an interval too wide to rule out a real move is "unknown".
func flatMargin(share float64) float64 { return math.Max(0.01, 0.1*share) }

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// yearSets are the collections (datasets, sources) behind one pooled
// year, each with its weight: its share of the year's postings.
type yearSets map[string]float64

// add records a collection with n of the year's total postings.
func (ys yearSets) add(name string, n, total int) {
	if n > 0 && total > 0 {
		ys[name] = float64(n) / float64(total)
	}
}

// joinWeight is the weight a collection must gain (or lose) between two
// years, from below it, to be said to come (or go): a twentieth of the
// postings (18 postings of 176, 12 of them with the skill, move a level
// by five points), so neither two stray postings nor a dataset whose
// weight shifts with the year's total are named.
const joinWeight = 0.05

// compositionChange says how the collections behind a pooled year, cur,
// differ from prev, those of the last earlier year with a share:
// "2024 (against 2018) adds a and drops b"; "" when they do not.
func compositionChange(year, prevYear int, prev, cur yearSets) string {
	if len(prev) == 0 {
		return ""
	}
	var joined, left []string
	for name, w := range cur {
		if w-prev[name] >= joinWeight && prev[name] < joinWeight {
			joined = append(joined, name)
		}
	}
	for name, w := range prev {
		if w-cur[name] >= joinWeight && cur[name] < joinWeight {
			left = append(left, name)
		}
	}
	slices.Sort(joined)
	slices.Sort(left)
	var change []string
	if len(joined) > 0 {
		change = append(change, "adds "+strings.Join(joined, ", "))
	}
	if len(left) > 0 {
		change = append(change, "drops "+strings.Join(left, ", "))
	}
	if len(change) == 0 {
		return ""
	}
	against := ""
	if prevYear < year-1 {
		against = fmt.Sprintf(" (against %d)", prevYear)
	}
	return fmt.Sprintf("%d%s %s", year, against, strings.Join(change, " and "))
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// computeShares fills the report's shares, trend, datasets and warnings,
// and the comparison skills' pooled series.
func computeShares(ctx context.Context, st Store, facts *datasetFacts, opts *Options, r *Report) error {
	a := newAnalysis(facts, opts)
	res, err := a.shares(ctx, st, opts.Skill)
	if err != nil {
		return err
	}
	r.Sources, r.Years, r.Platforms, r.Trend = res.sources, res.years, res.platforms, res.trend
	r.Warnings = append(r.Warnings, res.warnings...)
	if r.Sources == nil {
		r.Sources = []Source{}
	}
	if r.Years == nil {
		r.Years = []YearStat{}
	}
	if r.Platforms == nil {
		r.Platforms = []Platform{}
	}
	if len(r.Years) > 0 {
		r.Method.From, r.Method.To = r.Years[0].Year, r.Years[len(r.Years)-1].Year
	}
	for _, y := range r.Years {
		r.Method.Postings += y.Total
	}
	for _, sk := range opts.Compare {
		if sk == opts.Skill {
			continue
		}
		cr, err := a.shares(ctx, st, sk)
		if err != nil {
			return err
		}
		ys := cr.years
		if ys == nil {
			ys = []YearStat{}
		}
		r.Compare = append(r.Compare, Series{Skill: sk, Years: ys})
	}
	if s := beyondTrend(r); s != "" {
		r.Warnings = append(r.Warnings, s)
	}
	r.Headline = headline(r)
	return nil
}

// headline is the report's one-sentence answer.
func headline(r *Report) string {
	skill := r.Skill
	var b strings.Builder
	// When the datasets disagree, the pooled slope is an average of
	// different answers: say each one first.
	var each []string
	directions := map[string]bool{}
	for _, d := range r.Trend.Datasets {
		if d.SlopePP == nil {
			continue
		}
		directions[d.Direction] = true
		each = append(each, fmt.Sprintf("%s in %s (%d–%d, %+.1f pp a year)", d.Direction, d.Source, d.From, d.To, *d.SlopePP))
	}
	within := trendDatasets(r.Trend)
	switch {
	case len(directions) > 1:
		fmt.Fprintf(&b, "The datasets disagree on %s's share of job postings: %s.", skill, strings.Join(each, "; "))
		if r.Trend.SlopePP != nil {
			fmt.Fprintf(&b, " Pooled within datasets (the larger weigh more) it is %s, %+.1f pp a year (95%% interval %+.1f to %+.1f pp).",
				r.Trend.Direction, *r.Trend.SlopePP, *r.Trend.CILow, *r.Trend.CIHigh)
		}
	case r.Trend.Direction == Rising, r.Trend.Direction == Falling, r.Trend.Direction == Flat:
		fmt.Fprintf(&b, "%s's share of job postings is %s: within %s it moved %+.1f pp a year (95%% interval %+.1f to %+.1f pp).",
			skill, r.Trend.Direction, within, *r.Trend.SlopePP, *r.Trend.CILow, *r.Trend.CIHigh)
	case r.Trend.Direction == Unknown:
		if r.Trend.SlopePP != nil {
			fmt.Fprintf(&b, "Whether %s's share of job postings is rising or falling is not known: within %s it moved %+.1f pp a year, "+
				"but the 95%% interval (%+.1f to %+.1f pp) allows both.", skill, within, *r.Trend.SlopePP, *r.Trend.CILow, *r.Trend.CIHigh)
		} else {
			fmt.Fprintf(&b, "Whether %s's share of job postings is rising or falling is not known: %s.", skill, r.Trend.Basis)
		}
	}
	if s := beyondTrend(r); s != "" {
		b.WriteString(" " + s)
	}
	return b.String() + levelSentence(r)
}

// trendDatasets names the datasets a pooled slope was measured in, with
// their years: a reader must know which collection, of which market and
// time, the verdict speaks for.
func trendDatasets(t Trend) string {
	var names []string
	for _, d := range t.Datasets {
		if d.SlopePP != nil {
			names = append(names, fmt.Sprintf("%s (%d–%d)", d.Source, d.From, d.To))
		}
	}
	switch {
	case len(names) == 1:
		return names[0]
	case len(names) <= 3:
		return "the same datasets, " + strings.Join(names, ", ") + ","
	}
	return fmt.Sprintf("the same %d datasets", len(names))
}

// beyondTrend says which reported years lie after the last year the
// slope was measured in: their levels come from datasets in which no
// change could be measured, and say nothing about the trend. "" when none
// do.
func beyondTrend(r *Report) string {
	last := 0
	for _, d := range r.Trend.Datasets {
		if d.SlopePP != nil {
			last = max(last, d.To)
		}
	}
	if last == 0 {
		return ""
	}
	var after []string
	for _, y := range r.Years {
		if y.Year > last && y.Share != nil {
			after = append(after, strconv.Itoa(y.Year))
		}
	}
	if len(after) == 0 {
		return ""
	}
	return fmt.Sprintf("The trend's datasets end in %d: the postings of %s come from datasets in which no change could be measured, "+
		"and say nothing about the trend.", last, strings.Join(after, ", "))
}

// levelSentence states the latest level: the latest full year with a share
// (a partial year's level leans on the months it has), else the latest
// with a share.
func levelSentence(r *Report) string {
	var b strings.Builder
	skill := r.Skill
	var level *YearStat
	for i := len(r.Years) - 1; i >= 0 && level == nil; i-- {
		if y := &r.Years[i]; y.Share != nil && !y.Partial {
			level = y
		}
	}
	for i := len(r.Years) - 1; i >= 0 && level == nil; i-- {
		if y := &r.Years[i]; y.Share != nil {
			level = y
		}
	}
	if level != nil {
		partial := ""
		if level.Partial {
			partial = " (partial: " + MonthSpan(level.Months) + ")"
		}
		n := 0
		for _, p := range r.Platforms {
			for _, y := range p.Years {
				if y.Year == level.Year {
					n++
				}
			}
		}
		pooled := ""
		if n > 1 {
			pooled = fmt.Sprintf(", pooled across %d datasets", n)
		}
		fmt.Fprintf(&b, " In %d%s, %.1f%% of %s postings mentioned %s (95%% interval %.1f–%.1f%%%s).",
			level.Year, partial, 100**level.Share, Thousands(level.Total), skill, 100**level.CILow, 100**level.CIHigh, pooled)
	}
	return b.String()
}
