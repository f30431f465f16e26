package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/go-gota/gota/series"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// coSkillsView is the report's section on what the skill's postings also
// ask for: a summary row per co-skill with its trend inside datasets, and a
// table per dataset that has two or more years with shares — the series a
// reader may compare across years. Pooled yearly levels are not shown: the
// datasets that cover a year change from year to year.
type coSkillsView struct {
	Intro, Rising, Falling string
	Rows                   []coSkillRow
	Datasets               []coSkillDataset
	Chart                  string // inline SVG, HTML only
}

type coSkillRow struct {
	Skill, Category, Share, Trend, Slope string
}

type coSkillDataset struct {
	Source   string
	Years    []int
	Postings []string // postings with the skill, per year
	Rows     []coSkillCells
}

type coSkillCells struct {
	Skill string
	Cells []string // share per year, "—" for a year with too few postings
}

// TableCoSkills is the CSV table of the co-skills' shares inside each
// dataset.
const TableCoSkills = "co-skills"

func newCoSkillsView(r *trend.SkillsReport) *coSkillsView {
	if r == nil || len(r.Skills) == 0 {
		return nil
	}
	v := &coSkillsView{
		Intro: fmt.Sprintf("Among the %s postings mentioning %s, %s, the share that also mention each of the %d skills most asked for beside it. "+
			"A trend is measured inside datasets, on the months both years cover, as the share of %s itself is.",
			thousands(r.Method.Postings), r.With, span(r.Method.From, r.Method.To), len(r.Skills), r.With),
		Rising: orNone(r.Rising), Falling: orNone(r.Falling),
	}
	for _, s := range r.Skills {
		row := coSkillRow{Skill: s.Skill, Category: s.Category, Share: pct(s.Share), Trend: s.Trend.Direction, Slope: "—"}
		if s.Trend.SlopePP != nil {
			row.Slope = fmt.Sprintf("%+.1f pp (%+.1f to %+.1f)", *s.Trend.SlopePP, *s.Trend.CILow, *s.Trend.CIHigh)
		}
		v.Rows = append(v.Rows, row)
	}
	for _, name := range coSkillDatasets(r) {
		d := coSkillDataset{Source: name}
		for _, s := range r.Skills {
			p, _ := datasetOf(s.Datasets, name)
			if len(d.Years) == 0 {
				for _, y := range p.Years {
					d.Years = append(d.Years, y.Year)
					d.Postings = append(d.Postings, thousands(y.Total))
				}
			}
			row := coSkillCells{Skill: s.Skill}
			for _, year := range d.Years {
				cell := "—"
				if y, ok := yearOf(p.Years, year); ok && y.Share != nil {
					cell = pct(*y.Share)
				}
				row.Cells = append(row.Cells, cell)
			}
			d.Rows = append(d.Rows, row)
		}
		v.Datasets = append(v.Datasets, d)
	}
	return v
}

// coSkillDatasets names the datasets with two or more years that have a
// share for the skill's postings: one year alone shows no evolution.
func coSkillDatasets(r *trend.SkillsReport) []string {
	var out []string
	for _, s := range r.Skills {
		for _, p := range s.Datasets {
			if len(chartPoints(p.Years)) >= 2 && !slices.Contains(out, p.Source) {
				out = append(out, p.Source)
			}
		}
	}
	slices.Sort(out)
	return out
}

func datasetOf(ps []trend.Platform, name string) (trend.Platform, bool) {
	for _, p := range ps {
		if p.Source == name {
			return p, true
		}
	}
	return trend.Platform{}, false
}

func orNone(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	return strings.Join(ss, ", ")
}

// coSkillsText writes the section for a terminal.
func coSkillsText(ew *errWriter, v *coSkillsView) {
	tw := newTabWriter(ew)
	fmt.Fprintf(ew, "\nWhat the postings also ask for\n\n%s\n\n", plain(v.Intro))
	fmt.Fprintln(tw, "skill\tcategory\tall years\ttrend\tslope a year (95% interval)\t")
	for _, r := range v.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", plain(r.Skill), r.Category, r.Share, r.Trend, r.Slope)
	}
	tw.Flush()
	fmt.Fprintf(ew, "Rising within datasets: %s. Falling: %s.\n", plain(v.Rising), plain(v.Falling))
	coSkillsDatasetsText(ew, v.Datasets)
}

// coSkillsDatasetsText writes a table per dataset: the co-skills' shares
// per year inside it.
func coSkillsDatasetsText(ew *errWriter, ds []coSkillDataset) {
	tw := newTabWriter(ew)
	for _, d := range ds {
		fmt.Fprintf(ew, "\n%s\n\n", plain(d.Source))
		fmt.Fprint(tw, "skill\t")
		for _, y := range d.Years {
			fmt.Fprintf(tw, "%d\t", y)
		}
		fmt.Fprint(tw, "\n(postings)\t")
		fmt.Fprintf(tw, "%s\t\n", strings.Join(d.Postings, "\t"))
		for _, r := range d.Rows {
			fmt.Fprintf(tw, "%s\t%s\t\n", plain(r.Skill), strings.Join(r.Cells, "\t"))
		}
		tw.Flush()
	}
}

// coSkillsMarkdown writes the section as Markdown.
func coSkillsMarkdown(p func(string, ...any), v *coSkillsView) {
	p("## What the postings also ask for\n\n%s\n\n", md(v.Intro))
	p("| Skill | Category | All years | Trend | Slope a year (95%% interval) |\n|:--|:--|---:|:--|---:|\n")
	for _, r := range v.Rows {
		p("| %s | %s | %s | %s | %s |\n", md(r.Skill), md(r.Category), r.Share, r.Trend, r.Slope)
	}
	p("\nRising within datasets: %s. Falling: %s.\n\n", md(v.Rising), md(v.Falling))
	for _, d := range v.Datasets {
		p("### %s\n\n| Skill |", md(d.Source))
		for _, y := range d.Years {
			p(" %d |", y)
		}
		p("\n|:--|%s\n| *postings* | %s |\n", strings.Repeat("---:|", len(d.Years)), strings.Join(d.Postings, " | "))
		for _, r := range d.Rows {
			p("| %s | %s |\n", md(r.Skill), strings.Join(r.Cells, " | "))
		}
		p("\n")
	}
}

// coSkillsFrame is the co-skills' shares inside each dataset, one row per
// co-skill, dataset and year.
func coSkillsFrame(r *trend.Report) []series.Series {
	var c yearCols
	var with []string
	if r.CoSkills != nil {
		for _, s := range r.CoSkills.Skills {
			for _, p := range s.Datasets {
				c.add(s.Skill, p, p.Years)
				for range p.Years {
					with = append(with, r.CoSkills.With)
				}
			}
		}
	}
	return append([]series.Series{series.New(with, series.String, "with")}, c.series(true)...)
}

// coSkillsSVG draws the co-skills as small multiples: a panel per co-skill,
// a line per dataset with its 95% band, each panel on its own scale from
// zero. Only datasets with two or more years are drawn.
func coSkillsSVG(r *trend.SkillsReport) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("drawing the co-skills chart: %v", p)
		}
	}()
	names := coSkillDatasets(r)
	if len(names) == 0 {
		return nil, nil
	}
	ink := map[string]color.NRGBA{}
	for i, n := range names {
		ink[n] = palette[i%len(palette)]
	}
	const cols = 3
	rows := (len(r.Skills) + cols - 1) / cols
	cellH := 2.3 * vg.Inch
	height := cellH * vg.Length(rows)
	c, dc := newCanvas(height)
	gridW := chartWidth - legendWidth - gutter
	cellW := gridW / cols
	legend := newLegend()
	legend.Add("by dataset")
	listed := map[string]bool{} // a dataset drawn only from a later panel on still needs its entry
	// One span of years for every panel, so that panels line up.
	lo, hi := math.MaxInt, math.MinInt
	for _, s := range r.Skills {
		for _, p := range s.Datasets {
			if pts := chartPoints(p.Years); len(pts) >= 2 {
				lo, hi = min(lo, pts[0].year), max(hi, pts[len(pts)-1].year)
			}
		}
	}
	for i, s := range r.Skills {
		p := newPlot(shorten(s.Skill) + trendMark(s.Trend.Direction))
		p.Title.TextStyle.Font.Size = 11
		p.Y.Label.Text = ""
		p.X.Tick.Marker = yearTicks{most: 4}
		drawn, ymax := false, 0.0
		var lines, dots []element
		for _, name := range names {
			ds, _ := datasetOf(s.Datasets, name)
			pts := chartPoints(ds.Years)
			if len(pts) < 2 {
				continue
			}
			b, l, d, err := shareSeries(pts, ink[name], 1.4, nil)
			if err != nil {
				return nil, err
			}
			add(p, b...)
			lines, dots = append(lines, l...), append(dots, d...)
			if !listed[name] {
				listed[name] = true
				legend.Add(shorten(name), l[0], d[0])
			}
			for _, y := range pts {
				ymax = math.Max(ymax, y.hi)
			}
			drawn = true
		}
		add(p, lines...)
		add(p, dots...)
		frame(p, lo, hi, ymax)
		if !drawn {
			p.Title.Text += ": no dataset has two years"
		}
		col, row := i%cols, i/cols
		left := gutter + cellW*vg.Length(col)
		top := -cellH * vg.Length(row)
		bottom := height - cellH*vg.Length(row+1)
		p.Draw(draw.Crop(dc, left, -(chartWidth - left - cellW), bottom+gutter/2, top-gutter/2))
	}
	legend.Draw(draw.Crop(dc, chartWidth-legendWidth, 0, 0, -gutter))
	return svgBytes(c)
}

// trendMark adds the within-dataset verdict to a panel's title.
func trendMark(direction string) string {
	switch direction {
	case trend.Rising:
		return " (rising)"
	case trend.Falling:
		return " (falling)"
	}
	return ""
}
