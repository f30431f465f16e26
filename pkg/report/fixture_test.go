package report

import (
	"math"
	"time"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// xssTerm is posting text that must stay text in every format.
const xssTerm = "<script>alert(1)</script>"

// stat is one year as trend computes it, rounded to six decimals so the
// golden files cannot depend on the last bit of a square root (fused
// multiply-add differs between CPU architectures).
// A year with fewer than 30 postings has no share, as trend makes it.
func stat(year, total, matched int) trend.YearStat {
	y := trend.YearStat{Year: year, Total: total, Matched: matched, Distinct: total - total/20, DistinctMatched: matched - matched/20}
	if total < 30 {
		y.Note = "fewer than 30 postings, too few for a share"
		return y
	}
	lo, hi := trend.Wilson(matched, total)
	r6 := func(f float64) *float64 { v := math.Round(f*1e6) / 1e6; return &v }
	y.Share, y.CILow, y.CIHigh = r6(float64(matched)/float64(total)), r6(lo), r6(hi)
	return y
}

// change is a year-over-year change as trend reports it.
func change(against int, pp, lo, hi float64, basis string) *trend.Change {
	return &trend.Change{Against: against, PP: pp, CILow: lo, CIHigh: hi, Significant: lo > 0 || hi < 0, Basis: basis}
}

// fixture is a fixed report with every number known: three platforms (one
// with a gap year and one year too small to draw), a year present on one
// platform only, comparison skills, Chinese company names, and posting text
// that is markup in HTML and Markdown and a formula in a spreadsheet.
func fixture() *trend.Report {
	type cell struct{ year, total, matched int }
	platforms := []struct {
		source string
		cells  []cell
	}{
		{"boss", []cell{{2021, 400, 30}, {2022, 520, 47}, {2023, 610, 66}, {2024, 700, 84}}},
		{"lagou", []cell{{2018, 1200, 14}, {2022, 900, 61}, {2023, 850, 70}, {2024, 12, 2}}},
		{"ruanyf-weekly", []cell{{2019, 99, 17}, {2020, 238, 49}, {2021, 349, 91}, {2022, 216, 53}, {2023, 158, 25}, {2024, 199, 48}}},
	}
	r := &trend.Report{Skill: "go", Warnings: []string{
		"Dataset boss:golang is left out of go's shares: a search for \"golang\": every posting was selected for naming go.",
		"412 of the 1,200 job postings of dataset " + xssTerm + " have no date and are in no year.",
	}}
	totals := map[int]*cell{}
	for _, p := range platforms {
		pl := trend.Platform{Source: p.source}
		for _, c := range p.cells {
			pl.Years = append(pl.Years, stat(c.year, c.total, c.matched))
			t := totals[c.year]
			if t == nil {
				t = &cell{year: c.year}
				totals[c.year] = t
			}
			t.total += c.total
			t.matched += c.matched
		}
		r.Platforms = append(r.Platforms, pl)
	}
	for y := 2018; y <= 2024; y++ {
		if t := totals[y]; t != nil {
			r.Years = append(r.Years, stat(y, t.total, t.matched))
			r.Method.Postings += t.total
		}
	}
	// Changes measured inside datasets; 2019 and 2021 have none to compare
	// with (lagou skips 2019–2021; ruanyf-weekly starts in 2019).
	r.Years[2].Change = change(2019, 8.0, 1.5, 14.1, "within ruanyf-weekly (Jan–Dec, 99 → 238 postings)")
	r.Years[1].Note = "no change: no dataset has 30 postings in both 2018 and 2019 on months both cover"
	r.Years[3].Change = change(2020, 5.5, -1.8, 12.6, "within ruanyf-weekly (Jan–Dec, 238 → 349 postings)")
	r.Years[4].Change = change(2021, -1.9, -3.9, 0.2, "within boss (Jan–Dec, 400 → 520 postings); ruanyf-weekly; weighted by size")
	r.Years[5].Change = change(2022, 0.9, -1.2, 3.1, "within boss, lagou, ruanyf-weekly; weighted by size")
	r.Years[6].Partial, r.Years[6].Months = true, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	r.Years[6].Change = change(2023, 2.4, 0.3, 4.6, "within boss (Jan–Oct, 510 → 700 postings); ruanyf-weekly (Jan–Oct); weighted by size")
	slope, lo, hi := 0.6, -0.4, 1.6
	r.Trend = trend.Trend{Direction: trend.Unknown, SlopePP: &slope, CILow: &lo, CIHigh: &hi,
		Basis: "within-dataset slope (dataset × month fixed effects, 95% interval clustered by company) from boss 2021–2024, ruanyf-weekly 2019–2024"}
	s1, l1, h1 := 1.5, 0.8, 2.2
	s2, l2, h2 := -0.3, -3.1, 2.5
	r.Trend.Datasets = []trend.DatasetTrend{
		{Source: "boss", From: 2021, To: 2024, Direction: trend.Rising, SlopePP: &s1, CILow: &l1, CIHigh: &h1},
		{Source: "ruanyf-weekly", From: 2019, To: 2024, Direction: trend.Unknown, SlopePP: &s2, CILow: &l2, CIHigh: &h2},
	}
	r.Headline = "Whether go's share of job postings is rising or falling is not known: within the same datasets it moved +0.6 pp a year, " +
		"but the 95% interval (-0.4 to +1.6 pp) allows both. In 2024 (partial: Jan–Oct), 14.7% of 911 postings mentioned go (95% interval 12.6–17.2%)."
	r.Sources = []trend.Source{
		{Source: "boss", Platform: "boss", Frame: "census", DateBasis: "first_seen", Postings: 2230, SelectedOn: []string{}},
		{Source: "boss:golang", Platform: "boss", Frame: "query:golang", DateBasis: "first_seen", Postings: 188,
			SelectedOn: []string{"go"}, ExcludedFromShare: true, Reason: "a search for \"golang\": every posting was selected for naming go"},
		{Source: "lagou", Platform: "lagou", Frame: "sample", DateBasis: "published", Postings: 2962, Undated: 412, SelectedOn: []string{}},
		{Source: "ruanyf-weekly", Platform: "github", Frame: "census", DateBasis: "published", Postings: 1259, SelectedOn: []string{}},
	}
	for _, c := range []struct {
		skill   string
		matched []int // per year of r.Years
	}{
		{"java", []int{610, 41, 101, 361, 626, 611, 402}},
		{"python", []int{180, 12, 30, 130, 260, 270, 230}},
		{"rust", []int{0, 1, 2, 6, 14, 19, 21}},
	} {
		s := trend.Series{Skill: c.skill}
		for i, y := range r.Years {
			s.Years = append(s.Years, stat(y.Year, y.Total, c.matched[i]))
		}
		r.Compare = append(r.Compare, s)
	}
	r.CoSkills = coSkillsFixture()
	r.Companies = []trend.Company{
		{Company: "字节跳动", Postings: 105, Matched: 26, Keywords: []trend.Keyword{
			{Term: "微服务", Score: 0.4123}, {Term: "kubernetes", Score: 0.3301}, {Term: "抖音", Score: 0.2875},
			{Term: "高并发", Score: 0.2011}, {Term: "kafka", Score: 0.1502}}},
		{Company: "腾讯", Postings: 61, Matched: 9, Keywords: []trend.Keyword{
			{Term: "后台开发", Score: 0.3812}, {Term: xssTerm, Score: 0.25}, {Term: "c++", Score: 0.1999}}},
		{Company: "Acme | Cloud *Labs*", Postings: 22, Matched: 4, Keywords: []trend.Keyword{
			{Term: "=HYPERLINK(\"http://x\")", Score: 0.31}, {Term: "go_kit", Score: 0.2}, {Term: "`rm -rf`", Score: 0.1}}},
		{Company: "无码科技", Postings: 18, Matched: 15, Keywords: []trend.Keyword{}},
	}
	r.Method = trend.Method{
		Generated: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), From: 2018, To: 2024,
		TaggerVersion: "taxonomy-3f2a9c", SegmenterVersion: "gojieba-1.4.6+dict-8b1e",
		Postings: r.Method.Postings, Segmented: 412, KeywordScope: trend.ScopeAll, MaxDFShare: 0.5, MinPostings: 30,
	}
	return r
}

// coSkillsFixture is what go's postings also ask for: three co-skills over
// two datasets with several years each, and one (lagou) with a single year,
// which shows no evolution and is left out of the tables and the chart;
// boss has a year too small for a share.
func coSkillsFixture() *trend.SkillsReport {
	type cell struct{ year, total, matched int }
	r := &trend.SkillsReport{With: "go", Rising: []string{"kubernetes"}, Falling: []string{"php"},
		Warnings: []string{"The pooled level of a year mixes the datasets that cover it, and they come and go (2021 adds boss)."}}
	skills := []struct {
		skill, category string
		boss, ruanyf    []cell
		lagou           cell
		slope, lo, hi   float64
		direction       string
	}{
		{"kubernetes", "cloud-native", []cell{{2021, 30, 9}, {2022, 47, 18}, {2023, 66, 30}, {2024, 20, 12}},
			[]cell{{2019, 17, 2}, {2020, 49, 10}, {2021, 91, 24}, {2022, 53, 19}, {2023, 25, 9}, {2024, 48, 21}},
			cell{2018, 14, 1}, 6.1, 2.2, 10.0, trend.Rising},
		{"mysql", "database", []cell{{2021, 30, 12}, {2022, 47, 20}, {2023, 66, 26}, {2024, 20, 8}},
			[]cell{{2019, 17, 6}, {2020, 49, 19}, {2021, 91, 33}, {2022, 53, 20}, {2023, 25, 10}, {2024, 48, 17}},
			cell{2018, 14, 5}, -0.4, -4.0, 3.2, trend.Unknown},
		{"php", "language", []cell{{2021, 30, 6}, {2022, 47, 7}, {2023, 66, 6}, {2024, 20, 1}},
			[]cell{{2019, 17, 5}, {2020, 49, 11}, {2021, 91, 12}, {2022, 53, 5}, {2023, 25, 2}, {2024, 48, 3}},
			cell{2018, 14, 2}, -4.9, -8.1, -1.7, trend.Falling},
	}
	for _, s := range skills {
		cs := trend.CoSkill{Skill: s.skill, Category: s.category}
		slope, lo, hi := s.slope, s.lo, s.hi
		cs.Trend = trend.Trend{Direction: s.direction, SlopePP: &slope, CILow: &lo, CIHigh: &hi}
		total, matched := 0, 0
		for _, ds := range []struct {
			name  string
			cells []cell
		}{{"boss", s.boss}, {"lagou", []cell{s.lagou}}, {"ruanyf-weekly", s.ruanyf}} {
			p := trend.Platform{Source: ds.name}
			for _, c := range ds.cells {
				p.Years = append(p.Years, stat(c.year, c.total, c.matched))
				total, matched = total+c.total, matched+c.matched
			}
			cs.Datasets = append(cs.Datasets, p)
		}
		cs.Postings, cs.Share = matched, math.Round(1e4*float64(matched)/float64(total))/1e4
		r.Skills = append(r.Skills, cs)
		r.Method.Postings = total
	}
	r.Method.From, r.Method.To = 2018, 2024
	return r
}
