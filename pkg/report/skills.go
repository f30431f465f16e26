package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// skillsView is the co-skill table as every format shows it: a row per
// other skill, a column per year, and the trend inside datasets.
type skillsView struct {
	With     string
	Years    []int
	Postings []string // postings with the skill, per year
	Rows     []skillRow
	Rising   string
	Falling  string
}

type skillRow struct {
	Skill, Category, Share string
	Cells                  []string // share per year, "—" where the year has too few postings
	Trend, Slope           string
}

func newSkillsView(r *trend.SkillsReport) skillsView {
	v := skillsView{With: r.With, Rising: strings.Join(r.Rising, ", "), Falling: strings.Join(r.Falling, ", ")}
	for _, y := range r.Years {
		v.Years = append(v.Years, y.Year)
		v.Postings = append(v.Postings, thousands(y.Total))
	}
	for _, s := range r.Skills {
		row := skillRow{Skill: s.Skill, Category: s.Category, Share: pct(s.Share), Trend: s.Trend.Direction, Slope: "—"}
		if s.Trend.SlopePP != nil {
			row.Slope = fmt.Sprintf("%+.1f pp (%+.1f to %+.1f)", *s.Trend.SlopePP, *s.Trend.CILow, *s.Trend.CIHigh)
		}
		for _, year := range v.Years {
			cell := "—"
			if y, ok := yearOf(s.Years, year); ok && y.Share != nil {
				cell = pct(*y.Share)
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	if v.Rising == "" {
		v.Rising = "none"
	}
	if v.Falling == "" {
		v.Falling = "none"
	}
	return v
}

// SkillsTable writes `analyze skills` as aligned text.
func SkillsTable(w io.Writer, r *trend.SkillsReport) error {
	v := newSkillsView(r)
	ew := &errWriter{w: w}
	fmt.Fprintf(ew, "What postings mentioning %s also ask for, %s: the share of those postings per year, and the trend inside datasets\n\n",
		plain(r.With), span(r.Method.From, r.Method.To))
	if len(v.Rows) == 0 {
		fmt.Fprintf(ew, "No posting in the range mentions %s together with another skill.\n", plain(r.With))
		return ew.err
	}
	tw := newTabWriter(ew)
	fmt.Fprint(tw, "skill\tcategory\tall years\t")
	for _, y := range v.Years {
		fmt.Fprintf(tw, "%d\t", y)
	}
	fmt.Fprintln(tw, "trend\tslope a year (95% interval)\t")
	fmt.Fprintf(tw, "(postings with %s)\t\t%s\t", plain(r.With), thousands(r.Method.Postings))
	for _, p := range v.Postings {
		fmt.Fprintf(tw, "%s\t", p)
	}
	fmt.Fprintln(tw, "\t\t")
	for _, row := range v.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", plain(row.Skill), row.Category, row.Share, strings.Join(row.Cells, "\t"), row.Trend, row.Slope)
	}
	tw.Flush()
	fmt.Fprintf(ew, "\nRising within datasets: %s. Falling: %s.\n", v.Rising, v.Falling)
	if cv := newCoSkillsView(r); cv != nil && len(cv.Datasets) > 0 {
		fmt.Fprintf(ew, "\nInside each dataset with two or more years (the pooled years above mix datasets):\n")
		coSkillsDatasetsText(ew, cv.Datasets)
	}
	for _, s := range r.Warnings {
		fmt.Fprintf(ew, "Note: %s\n", plain(s))
	}
	return ew.err
}

// SkillsCSV writes the co-skill shares as one tidy table: with, skill,
// category, year, postings (with the skill), matched (with both), share and
// its interval (empty for a year with too few postings).
func SkillsCSV(w io.Writer, r *trend.SkillsReport) error {
	var with, skill, category, share, lo, hi, partial []string
	var year, total, matched []int
	for _, s := range r.Skills {
		for _, y := range s.Years {
			with, skill, category = append(with, r.With), append(skill, s.Skill), append(category, s.Category)
			year, total, matched = append(year, y.Year), append(total, y.Total), append(matched, y.Matched)
			share, lo, hi = append(share, fraction(y.Share)), append(lo, fraction(y.CILow)), append(hi, fraction(y.CIHigh))
			partial = append(partial, fmt.Sprint(y.Partial))
		}
	}
	df := dataframe.New(
		series.New(with, series.String, "with"), series.New(skill, series.String, "skill"),
		series.New(category, series.String, "category"), series.New(year, series.Int, "year"),
		series.New(total, series.Int, "postings"), series.New(matched, series.Int, "matched"),
		series.New(share, series.String, "share"), series.New(lo, series.String, "ci_low"),
		series.New(hi, series.String, "ci_high"), series.New(partial, series.String, "partial"),
	)
	if df.Err != nil {
		return fmt.Errorf("building the skills table: %w", df.Err)
	}
	return df.WriteCSV(w)
}
