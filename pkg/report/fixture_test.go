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
func stat(year, total, matched int) trend.YearStat {
	lo, hi := trend.Wilson(matched, total)
	r6 := func(f float64) float64 { return math.Round(f*1e6) / 1e6 }
	return trend.YearStat{Year: year, Total: total, Matched: matched,
		Share: r6(float64(matched) / float64(total)), CILow: r6(lo), CIHigh: r6(hi)}
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
	r := &trend.Report{Skill: "go"}
	totals := map[int]*cell{}
	var years []int
	for _, p := range platforms {
		pl := trend.Platform{Source: p.source}
		for _, c := range p.cells {
			pl.Years = append(pl.Years, stat(c.year, c.total, c.matched))
			t := totals[c.year]
			if t == nil {
				t = &cell{year: c.year}
				totals[c.year] = t
				years = append(years, c.year)
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
		Postings: r.Method.Postings, Segmented: 412, KeywordScope: trend.ScopeAll, MaxDFShare: 0.5,
	}
	return r
}
