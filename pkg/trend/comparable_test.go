package trend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Stores in which pooling every posting of every year would give a false
// verdict, and the truth the report must give instead.

type yearSpec struct {
	n, k   int   // postings, with the skill
	months []int // months they fall in (default: all twelve)
	// q1, when set, makes the year seasonal: months 1–3 have the skill at
	// this share, the other months at k/n.
	q1 float64
}

type dsSpec struct {
	name, frame string
	years       map[int]yearSpec
	undated     int  // postings with no date at all
	python      bool // every posting names python: the results of a search for it
}

var testNow = time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)

// buildScenario stores the datasets' postings: each posting its own text
// (no reposts), spread over 60 companies per dataset, dated on its
// month's 15th.
func buildScenario(t *testing.T, specs []dsSpec) *store.Store {
	t.Helper()
	ctx := context.Background()
	s := openStore(t)
	rng := rand.New(rand.NewPCG(3, 4))
	id := 0
	for _, sp := range specs {
		frame := sp.frame
		if frame == "" {
			frame = posting.FrameCensus
		}
		if _, err := s.EnsureDataset(ctx, posting.Dataset{Name: sp.name, Platform: sp.name, Frame: frame,
			DateBasis: posting.DatePublished}); err != nil {
			t.Fatal(err)
		}
		var ps []posting.Posting
		add := func(when time.Time, skill bool) {
			id++
			// Other skills in some postings only: a census names no skill
			// in nearly all of them (that would make it a selection).
			desc := fmt.Sprintf("岗位 %d：负责后端服务开发", id)
			if id%3 != 0 {
				desc += "，熟悉 Java"
			}
			if id%2 == 0 {
				desc += " 与 MySQL"
			}
			if sp.python {
				desc += "，熟悉 Python"
			}
			if skill {
				desc += "，熟悉Go语言"
			}
			ps = append(ps, posting.Posting{Source: sp.name, SourceID: fmt.Sprint(id), Dataset: sp.name,
				Title: "后端开发工程师", Company: fmt.Sprintf("%s-%02d Labs", sp.name, rng.IntN(60)), Description: desc, PostedAt: when})
		}
		for _, year := range sortedYears(sp.years) {
			y := sp.years[year]
			months := y.months
			if months == nil {
				months = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
			}
			// Exactly k of the n postings have the skill, at random places;
			// a seasonal year has the first quarter's share in months 1–3
			// and k/n in the others, exactly, month by month.
			has := map[int]bool{}
			for _, i := range rng.Perm(y.n)[:y.k] {
				has[i] = true
			}
			perMonth := map[int]int{}
			for i := range y.n {
				perMonth[months[i%len(months)]]++
			}
			seen := map[int]int{}
			for i := range y.n {
				m := months[i%len(months)]
				skill := has[i]
				if y.q1 > 0 {
					share := float64(y.k) / float64(y.n)
					if m <= 3 {
						share = y.q1
					}
					skill = float64(seen[m]) < share*float64(perMonth[m])
					seen[m]++
				}
				add(time.Date(year, time.Month(m), 15, 0, 0, 0, 0, time.UTC), skill)
			}
		}
		for range sp.undated {
			add(time.Time{}, false)
		}
		if _, err := s.UpsertBatch(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func computeFor(t *testing.T, s *store.Store, opts Options) *Report {
	t.Helper()
	opts.Companies = -1
	opts.Now = func() time.Time { return testNow }
	r, err := Compute(context.Background(), s, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func flat(years []int, n, k int) map[int]yearSpec {
	m := map[int]yearSpec{}
	for _, y := range years {
		m[y] = yearSpec{n: n, k: k}
	}
	return m
}

func span(a, b int) []int {
	var out []int
	for y := a; y <= b; y++ {
		out = append(out, y)
	}
	return out
}

func yearOf(r *Report, year int) (YearStat, bool) {
	for _, y := range r.Years {
		if y.Year == year {
			return y, true
		}
	}
	return YearStat{}, false
}

// naiveChange is what pooling every posting of two years says.
func naiveChange(r *Report, a, b int) float64 {
	ya, _ := yearOf(r, a)
	yb, _ := yearOf(r, b)
	return float64(yb.Matched)/float64(yb.Total) - float64(ya.Matched)/float64(ya.Total)
}

func noSignificantChange(t *testing.T, r *Report) {
	t.Helper()
	for _, y := range r.Years {
		if y.Change != nil && y.Change.Significant {
			t.Errorf("%d: a significant change of %+.1f pp (%s) where every dataset is flat", y.Year, y.Change.PP, y.Change.Basis)
		}
	}
}

func wantDirection(t *testing.T, r *Report, want string) {
	t.Helper()
	if r.Trend.SlopePP != nil {
		t.Logf("trend %s: %+.2f pp a year (%+.2f to %+.2f)", r.Trend.Direction, *r.Trend.SlopePP, *r.Trend.CILow, *r.Trend.CIHigh)
	}
	if r.Trend.Direction != want {
		t.Errorf("trend = %s (%s), want %s\nheadline: %s", r.Trend.Direction, r.Trend.Basis, want, r.Headline)
	}
}

func TestKeywordSelectedDatasetIsLeftOut(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2019, 2024), 300, 60)},
		{name: "boss-golang", frame: "sample", years: map[int]yearSpec{2021: {n: 200, k: 198}}},
		{name: "lagou-search", frame: "query:golang", years: map[int]yearSpec{2022: {n: 40, k: 20}}},
	})
	r := computeFor(t, s, Options{})
	for _, src := range r.Sources {
		excluded := src.Source != "threads"
		if src.ExcludedFromShare != excluded || (excluded && !slices.Contains(src.SelectedOn, "go")) {
			t.Errorf("source %s: excluded %v, selected on %v, reason %q", src.Source, src.ExcludedFromShare, src.SelectedOn, src.Reason)
		}
	}
	y, _ := yearOf(r, 2021)
	if y.Total != 300 {
		t.Errorf("2021 counts %d postings, want the census's 300 only", y.Total)
	}
	noSignificantChange(t, r)
	wantDirection(t, r, Flat)
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "boss-golang is left out of go's shares") {
		t.Errorf("no warning about the selected dataset: %q", r.Warnings)
	}
	// For another skill a selection on go is no market either: python's
	// share among Go jobs is not python's share of jobs.
	r = computeFor(t, s, Options{Skill: "python"})
	for _, src := range r.Sources {
		if excluded := src.Source != "threads"; src.ExcludedFromShare != excluded {
			t.Errorf("python: %s excluded %v (%s)", src.Source, src.ExcludedFromShare, src.Reason)
		}
	}
}

// A search for python (every posting names it) whose Go share is high,
// beside a census at 20%: pooled, 2021 would read 41%. Go's shares leave
// the search out, since it measures Go among Python jobs.
func TestDatasetSelectedOnAnotherSkillIsLeftOut(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2019, 2024), 300, 60)},
		{name: "python-search", python: true, years: map[int]yearSpec{2021: {n: 300, k: 180}, 2022: {n: 300, k: 186}}},
	})
	r := computeFor(t, s, Options{})
	t.Logf("pooling would say %+.1f pp in 2021", 100*naiveChange(r, 2020, 2021))
	if y, _ := yearOf(r, 2021); y.Total != 300 {
		t.Errorf("2021 counts %d postings, want the census's 300 only", y.Total)
	}
	var reason string
	for _, src := range r.Sources {
		if src.Source == "python-search" {
			reason = src.Reason
		}
	}
	if !strings.Contains(reason, "a selection on python") || !strings.Contains(strings.Join(r.Warnings, "\n"), "python-search is left out of go's shares") {
		t.Errorf("reason %q, warnings %q", reason, r.Warnings)
	}
	noSignificantChange(t, r)
	wantDirection(t, r, Flat)
}

func TestDatasetThatJoinsMidSeries(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "a", years: flat(span(2019, 2024), 400, 40)},
		{name: "b", years: flat(span(2022, 2024), 400, 160)},
	})
	r := computeFor(t, s, Options{})
	t.Logf("pooling would say %+.1f pp in 2022", 100*naiveChange(r, 2021, 2022))
	y, _ := yearOf(r, 2022)
	if y.Change == nil || strings.Contains(y.Change.Basis, "b (") {
		t.Errorf("2022's change must come from a alone: %+v", y.Change)
	}
	noSignificantChange(t, r)
	wantDirection(t, r, Flat)
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "2022 adds b") {
		t.Errorf("no warning about the pooled level: %q", r.Warnings)
	}
}

func TestDatasetsWithNoCommonYears(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "hn", years: flat(span(2013, 2016), 400, 12)},
		{name: "threads", years: flat(span(2019, 2022), 300, 75)},
	})
	r := computeFor(t, s, Options{})
	for _, y := range r.Years {
		if y.Year == 2019 && y.Change != nil {
			t.Errorf("2019 compared with %d although no dataset covers both: %+v", y.Change.Against, y.Change)
		}
	}
	noSignificantChange(t, r)
	wantDirection(t, r, Flat)
}

func TestUndatedAndPlaceholderDates(t *testing.T) {
	ctx := context.Background()
	s := buildScenario(t, []dsSpec{{name: "threads", years: flat(span(2022, 2025), 600, 120), undated: 500}})
	// A spreadsheet's placeholder date is unknown, not 1970.
	if _, err := s.UpsertBatch(ctx, []posting.Posting{{Source: "threads", SourceID: "placeholder", Dataset: "threads",
		Title: "Go 开发", Description: "熟悉Go语言", PostedAt: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	r := computeFor(t, s, Options{})
	for _, y := range r.Years {
		if y.Year == 1970 || y.Year == time.Now().Year() {
			t.Errorf("undated postings filed under %d: %+v", y.Year, y)
		}
	}
	if len(r.Sources) != 1 || r.Sources[0].Undated != 501 {
		t.Errorf("sources = %+v, want 501 undated", r.Sources)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "--seen DATE") {
		t.Errorf("no warning about undated postings: %q", r.Warnings)
	}
	wantDirection(t, r, Flat)
}

// The first quarter hires more Go (a seasonal pattern); a partial year that
// has only January–March must be compared with January–March.
func TestPartialYearComparedOnItsMonths(t *testing.T) {
	q1 := []int{1, 2, 3}
	s := buildScenario(t, []dsSpec{{name: "threads", years: map[int]yearSpec{
		2022: {n: 1200, k: 180, q1: 0.3}, 2023: {n: 1200, k: 180, q1: 0.3}, 2024: {n: 1200, k: 180, q1: 0.3},
		2025: {n: 300, k: 45, q1: 0.3, months: q1},
	}}})
	r := computeFor(t, s, Options{})
	y, _ := yearOf(r, 2025)
	if !y.Partial || !slices.Equal(y.Months, q1) {
		t.Errorf("2025: partial %v months %v", y.Partial, y.Months)
	}
	t.Logf("pooling would say %+.1f pp in 2025", 100*naiveChange(r, 2024, 2025))
	if y.Change == nil || !strings.Contains(y.Change.Basis, "Jan–Mar") || y.Change.Significant {
		t.Errorf("2025's change must be on Jan–Mar and not significant: %+v", y.Change)
	}
	wantDirection(t, r, Flat)
}

func TestSmallYearGetsNoShare(t *testing.T) {
	s := buildScenario(t, []dsSpec{{name: "threads", years: map[int]yearSpec{
		2022: {n: 200, k: 40}, 2023: {n: 1, k: 1}, 2024: {n: 200, k: 42},
	}}})
	r := computeFor(t, s, Options{})
	y, _ := yearOf(r, 2023)
	if y.Share != nil || y.Change != nil {
		t.Errorf("a one-posting year got a share or a change: %+v", y)
	}
	if y, _ := yearOf(r, 2024); y.Change != nil {
		t.Errorf("2024 compared with a one-posting year: %+v", y.Change)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "2023 (1 posting)") {
		t.Errorf("warnings: %q", r.Warnings)
	}
}

func TestNewPlatformsWithLittleGoInTheLastYear(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2020, 2024), 300, 60)},
		{name: "zhaopin", years: map[int]yearSpec{2024: {n: 2000, k: 10}}},
		{name: "liepin", years: map[int]yearSpec{2024: {n: 1500, k: 8}}},
	})
	r := computeFor(t, s, Options{})
	t.Logf("pooling would say %+.1f pp in 2024", 100*naiveChange(r, 2023, 2024))
	noSignificantChange(t, r)
	wantDirection(t, r, Flat)
}

// The controls: where the share really moves inside a dataset, the report
// says so — the rules above do not simply suppress every verdict.
func TestRealChangeIsFound(t *testing.T) {
	rising := map[int]yearSpec{}
	for i, y := range span(2019, 2024) {
		rising[y] = yearSpec{n: 600, k: 60 + 36*i} // 10% → 40%
	}
	s := buildScenario(t, []dsSpec{{name: "threads", years: rising}, {name: "other", years: flat(span(2019, 2024), 300, 30)}})
	r := computeFor(t, s, Options{})
	wantDirection(t, r, Rising)
	if r.Trend.SlopePP == nil || *r.Trend.SlopePP < 2 || *r.Trend.SlopePP > 5 {
		t.Errorf("slope = %v, want about 6 pp a year in one dataset, 0 in the other: 2–5 pooled", r.Trend.SlopePP)
	}
	s = buildScenario(t, []dsSpec{{name: "threads", years: map[int]yearSpec{2023: {n: 800, k: 320}, 2024: {n: 800, k: 120}}}})
	r = computeFor(t, s, Options{})
	y, _ := yearOf(r, 2024)
	if y.Change == nil || !y.Change.Significant || y.Change.PP > -20 {
		t.Errorf("a 25-point fall: %+v", y.Change)
	}
	wantDirection(t, r, Falling)
}

// A board of another market and time (an English-language board of
// 2013–2018) is the only dataset with years to compare, and rises; the
// latest year comes from a board with nothing to compare it with. A
// headline saying only "rising" followed by the latest level reads as a
// rise up to that level: it must name the dataset and its years, and say
// the later year is no part of the trend.
func TestTrendNamesItsDatasetsAndWhereItEnds(t *testing.T) {
	rising := map[int]yearSpec{}
	for i, y := range span(2013, 2018) {
		rising[y] = yearSpec{n: 500, k: 15 + 20*i} // 3% → 23%
	}
	s := buildScenario(t, []dsSpec{
		{name: "hn", years: rising},
		{name: "jobhunting", years: map[int]yearSpec{2024: {n: 2000, k: 70}}},
	})
	r := computeFor(t, s, Options{})
	wantDirection(t, r, Rising)
	for _, want := range []string{"within hn (2013–2018)", "end in 2018", "postings of 2024", "say nothing about the trend"} {
		if !strings.Contains(r.Headline, want) {
			t.Errorf("headline lacks %q: %s", want, r.Headline)
		}
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "end in 2018: the postings of 2024") {
		t.Errorf("no warning that 2024 lies beyond the trend: %q", r.Warnings)
	}
	// Nor when the datasets disagree: each is named, and where they end.
	falling := map[int]yearSpec{}
	for i, y := range span(2013, 2018) {
		falling[y] = yearSpec{n: 500, k: 115 - 20*i} // 23% → 3%
	}
	s = buildScenario(t, []dsSpec{{name: "hn", years: rising}, {name: "board", years: falling},
		{name: "jobhunting", years: map[int]yearSpec{2024: {n: 2000, k: 70}}}})
	r = computeFor(t, s, Options{})
	for _, want := range []string{"The datasets disagree", "end in 2018: the postings of 2024"} {
		if !strings.Contains(r.Headline, want) {
			t.Errorf("headline lacks %q: %s", want, r.Headline)
		}
	}
	// When the trend's datasets reach the last year, nothing is said.
	s = buildScenario(t, []dsSpec{{name: "threads", years: flat(span(2020, 2024), 300, 60)}})
	r = computeFor(t, s, Options{})
	if strings.Contains(r.Headline, "end in") || !strings.Contains(r.Headline, "within threads (2020–2024)") {
		t.Errorf("headline: %s", r.Headline)
	}
}

// The warning that a pooled level mixes datasets that come and go, where
// a naive one says the wrong thing or nothing.
func TestCompositionWarning(t *testing.T) {
	for _, tt := range []struct {
		name  string
		specs []dsSpec
		want  string // in the warnings; "" for no composition warning at all
		trend string // "": not asserted
	}{{
		// Two datasets years apart, one per year: the pooled levels of
		// 2018 and 2024 are different collections, though no calendar
		// year has both.
		name: "a swap across a gap",
		specs: []dsSpec{{name: "lagou", years: map[int]yearSpec{2018: {n: 1000, k: 3}}},
			{name: "jobhunting", years: map[int]yearSpec{2024: {n: 2000, k: 70}}}},
		want: "2024 (against 2018) adds jobhunting and drops lagou", trend: Unknown,
	}, {
		// A dataset too small for a share of its own still moves the
		// level of the year it joins: 25 postings, 20 with the skill,
		// beside 300.
		name: "a small dataset that moves a level",
		specs: []dsSpec{{name: "threads", years: flat(span(2020, 2024), 300, 60)},
			{name: "small", years: map[int]yearSpec{2023: {n: 25, k: 20}}}},
		want: "2023 adds small; 2024 drops small", trend: Flat,
	}, {
		// A year with no share sets no baseline (two stray postings of
		// 2018), and a small dataset present every year does not leave and
		// return as the year's total shifts around it.
		name: "strays and shifting weights",
		specs: []dsSpec{{name: "threads", years: map[int]yearSpec{2020: {n: 400, k: 80}, 2021: {n: 600, k: 120}, 2022: {n: 400, k: 80}}},
			{name: "small", years: flat(span(2020, 2022), 25, 5)},
			{name: "stray", years: map[int]yearSpec{2018: {n: 2, k: 0}}}},
		want: "",
	}} {
		t.Run(tt.name, func(t *testing.T) {
			r := computeFor(t, buildScenario(t, tt.specs), Options{})
			w := strings.Join(r.Warnings, "\n")
			if tt.want == "" && strings.Contains(w, "come and go") || tt.want != "" && !strings.Contains(w, tt.want) {
				t.Errorf("warnings %q, want %q", r.Warnings, tt.want)
			}
			if tt.trend != "" {
				wantDirection(t, r, tt.trend)
			}
		})
	}
}
