package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// view is a report as every text format shows it: the same verdicts,
// warnings and tables in table, Markdown and HTML, rendered from one place
// so no format can say less than another. Its strings are not escaped:
// each renderer escapes for its own syntax.
type view struct {
	Title, Skill, Headline, Meta string
	Warnings                     []string
	Trends                       []trendRow // the trend inside each dataset
	Years                        []yearRow  // pooled across the datasets in the shares
	Platforms                    []platformView
	Sources                      []sourceRow
	Compare                      struct {
		Skills []string
		Rows   []compareRow
	}
	CoSkills       *coSkillsView // nil when the report follows none
	CompaniesIntro string
	Companies      []companyView
	Notes          []note
	Generated      string
}

type yearRow struct {
	Year                                          int
	Total, Distinct, Matched, Share, Interval     string
	Partial                                       string // "Jan–Mar" for a partial year, else ""
	HasChange                                     bool
	Change, ChangeCI, Verdict, Basis, Class, Note string
}

type trendRow struct {
	Source, Span, Direction, Slope, Interval string
}

type platformView struct {
	Source, Platform, Frame string
	Rows                    []yearRow
}

type sourceRow struct {
	Source, Platform, Frame, DateBasis, Postings, Undated, SelectedOn, InShares string
}

type compareRow struct {
	Year  int
	Cells []string
}

type companyView struct {
	Rank                    int
	Name, Postings, Matched string
	Top                     string
	Orientation             string // "云原生后端 (62% of its jobs)", or ""
	Keywords                []keywordRow
}

type keywordRow struct {
	Rank  int
	Term  string
	Share string // of the company's postings in scope: "42%", or "" when unknown
	Score string
	Bar   float64 // width in percent of the company's best score
}

func newView(r *trend.Report) *view {
	v := &view{Title: fmt.Sprintf("Share of job postings mentioning %s, %s", r.Skill, span(r.Method.From, r.Method.To)),
		Skill: r.Skill, Headline: r.Headline, Warnings: r.Warnings, Notes: methodNotes(r), CompaniesIntro: companiesIntro(r)}
	if v.Headline == "" {
		v.Headline = "No job postings in the store for this range."
	}
	if !r.Method.Generated.IsZero() {
		v.Generated = "generated " + r.Method.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}
	in := 0
	for _, s := range r.Sources {
		if !s.ExcludedFromShare {
			in++
		}
	}
	v.Meta = fmt.Sprintf("%s job postings, %s, from %d of %d datasets; exact reposts counted once; 95%% intervals clustered by company.",
		thousands(r.Method.Postings), span(r.Method.From, r.Method.To), in, len(r.Sources))
	for _, y := range r.Years {
		v.Years = append(v.Years, newYearRow(y))
	}
	for _, d := range r.Trend.Datasets {
		row := trendRow{Source: d.Source, Span: fmt.Sprintf("%d–%d", d.From, d.To), Direction: d.Direction, Slope: "—", Interval: "—"}
		if d.SlopePP != nil {
			row.Slope = fmt.Sprintf("%+.1f pp", *d.SlopePP)
			row.Interval = fmt.Sprintf("%+.1f to %+.1f pp", *d.CILow, *d.CIHigh)
		}
		v.Trends = append(v.Trends, row)
	}
	// One dataset's series is the pooled one: shown once.
	for _, p := range r.Platforms {
		if len(r.Platforms) == 1 {
			break
		}
		pv := platformView{Source: p.Source, Platform: p.Platform, Frame: p.Frame}
		for _, y := range p.Years {
			pv.Rows = append(pv.Rows, newYearRow(y))
		}
		v.Platforms = append(v.Platforms, pv)
	}
	for _, s := range r.Sources {
		row := sourceRow{Source: s.Source, Platform: s.Platform, Frame: s.Frame, DateBasis: s.DateBasis,
			Postings: thousands(s.Postings), Undated: thousands(s.Undated), SelectedOn: strings.Join(s.SelectedOn, ", "), InShares: "yes"}
		if s.ExcludedFromShare {
			row.InShares = "no: " + s.Reason
		}
		v.Sources = append(v.Sources, row)
	}
	if len(r.Compare) > 0 {
		v.Compare.Skills = []string{r.Skill}
		for _, s := range r.Compare {
			v.Compare.Skills = append(v.Compare.Skills, s.Skill)
		}
		years := map[int]bool{}
		for _, y := range r.Years {
			years[y.Year] = true
		}
		for _, s := range r.Compare {
			for _, y := range s.Years {
				years[y.Year] = true
			}
		}
		for _, year := range sortedKeys(years) {
			cr := compareRow{Year: year}
			for _, ys := range append([][]trend.YearStat{r.Years}, compareYears(r)...) {
				cell := ""
				if y, ok := yearOf(ys, year); ok {
					cell = shareWithInterval(y)
				}
				cr.Cells = append(cr.Cells, cell)
			}
			v.Compare.Rows = append(v.Compare.Rows, cr)
		}
	}
	v.CoSkills = newCoSkillsView(r.CoSkills)
	for i, c := range r.Companies {
		cv := companyView{Rank: i + 1, Name: c.Company, Postings: thousands(c.Postings), Matched: thousands(c.Matched)}
		if c.Staffing {
			cv.Name += " (staffing agency)"
		}
		if c.Orientation.Label != "" {
			cv.Orientation = fmt.Sprintf("%s (%s of its jobs)", c.Orientation.Label, pct0(c.Orientation.Share))
		}
		best := 0.0
		for _, k := range c.Keywords {
			best = max(best, k.Score)
		}
		var top []string
		for j, k := range c.Keywords {
			if j < 5 {
				top = append(top, keywordText(k))
			}
			bar := 0.0
			if best > 0 {
				bar = float64(int(1000*k.Score/best+0.5)) / 10
			}
			share := ""
			if k.Share > 0 {
				share = pct0(k.Share)
			}
			cv.Keywords = append(cv.Keywords, keywordRow{Rank: j + 1, Term: k.Term, Share: share, Score: fmt.Sprintf("%.4f", k.Score), Bar: bar})
		}
		cv.Top = strings.Join(top, ", ")
		v.Companies = append(v.Companies, cv)
	}
	return v
}

// keywordText is a keyword with the share of postings it is in: "kafka 42%".
func keywordText(k trend.Keyword) string {
	if k.Share > 0 {
		return k.Term + " " + pct0(k.Share)
	}
	return k.Term
}

func compareYears(r *trend.Report) [][]trend.YearStat {
	out := make([][]trend.YearStat, len(r.Compare))
	for i, s := range r.Compare {
		out[i] = s.Years
	}
	return out
}

func newYearRow(y trend.YearStat) yearRow {
	row := yearRow{Year: y.Year, Total: thousands(y.Total), Distinct: thousands(y.Distinct), Matched: thousands(y.Matched),
		Share: shareText(y), Interval: intervalText(y), Note: y.Note}
	if y.Partial {
		row.Partial = monthSpan(y.Months)
	}
	if c := y.Change; c != nil {
		row.HasChange = true
		row.Change = ppText(c.PP)
		if c.Against != y.Year-1 {
			row.Change += fmt.Sprintf(" vs %d", c.Against)
		}
		row.ChangeCI = fmt.Sprintf("%+.1f to %+.1f pp", c.CILow+0, c.CIHigh+0)
		row.Basis = c.Basis
		switch {
		case !c.Significant:
			row.Verdict = "not significant"
		case c.PP > 0:
			row.Verdict, row.Class = "significant rise", "rise"
		default:
			row.Verdict, row.Class = "significant fall", "fall"
		}
	}
	return row
}

// shareText is a year's share, or "—" for a year too small to have one.
func shareText(y trend.YearStat) string {
	if y.Share == nil {
		return "—"
	}
	return pct(*y.Share)
}

func intervalText(y trend.YearStat) string {
	if y.CILow == nil || y.CIHigh == nil {
		return "—"
	}
	return fmt.Sprintf("%.1f–%.1f%%", 100**y.CILow, 100**y.CIHigh)
}

func shareWithInterval(y trend.YearStat) string {
	if y.Share == nil {
		return "— (" + thousands(y.Total) + " postings)"
	}
	return shareText(y) + " (" + intervalText(y) + ")"
}

// ppText writes a change in signed percentage points; -0 prints as ±0.0.
func ppText(v float64) string {
	if v > -0.05 && v < 0.05 {
		return "±0.0 pp"
	}
	return fmt.Sprintf("%+.1f pp", v)
}

// monthSpan renders months as "Jan–Mar" or "Jan, Jul".
func monthSpan(ms []int) string { return trend.MonthSpan(ms) }

func sortedKeys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func yearOf(ys []trend.YearStat, year int) (trend.YearStat, bool) {
	for _, y := range ys {
		if y.Year == year {
			return y, true
		}
	}
	return trend.YearStat{}, false
}
