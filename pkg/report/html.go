package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; html/template escapes every value by its
// context, so posting text (company names, keywords) stays text.
var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// HTML writes the report as one self-contained page: the chart as inline
// SVG, the tables, the companies' keyword tables and how the numbers were
// made. It has no JavaScript and loads nothing (a Content-Security-Policy
// forbids both), so it works offline, from a mail attachment, and cannot
// run a script hidden in a posting.
func HTML(w io.Writer, r *trend.Report) error {
	d, err := htmlView(r)
	if err != nil {
		return err
	}
	// Render fully before writing, so a failure leaves no half page.
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, d); err != nil {
		return fmt.Errorf("rendering the HTML report: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

type htmlData struct {
	Title, Skill, Headline, Meta string
	Chart                        template.HTML
	Years                        []yearRow
	Platforms                    []platformRows
	Compare                      struct {
		Skills []string
		Rows   []compareRow
	}
	CompaniesIntro string
	Companies      []companyView
	Notes          []note
	Generated      string
}

type yearRow struct {
	Year                                      int
	Total, Matched, Share, Interval           string
	HasChange                                 bool
	Change, ChangeCI, Verdict, Overlap, Class string
}

type platformRows struct {
	Source string
	Rows   []yearRow
}

type compareRow struct {
	Year  int
	Cells []string
}

type companyView struct {
	Rank                    int
	Name, Postings, Matched string
	Top                     string
	Keywords                []keywordRow
}

type keywordRow struct {
	Rank  int
	Term  string
	Score string
	Bar   float64 // width in percent of the company's best score
}

func htmlView(r *trend.Report) (*htmlData, error) {
	d := &htmlData{
		Title: fmt.Sprintf("Share of job postings mentioning %s, %s", r.Skill, span(r.Method.From, r.Method.To)),
		Skill: r.Skill, Notes: methodNotes(r), CompaniesIntro: companiesIntro(r),
	}
	if !r.Method.Generated.IsZero() {
		d.Generated = "generated " + r.Method.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}
	srcs := "all sources"
	if len(r.Method.Sources) > 0 {
		srcs = "sources: " + strings.Join(r.Method.Sources, ", ")
	}
	d.Meta = fmt.Sprintf("%s distinct job postings, %s; %s; exact reposts counted once; 95%% Wilson intervals.",
		thousands(r.Method.Postings), span(r.Method.From, r.Method.To), srcs)
	if len(r.Years) == 0 {
		d.Headline = "No job postings in the store for this range."
	} else {
		d.Headline = headline(r)
		svg, err := chartSVG(r)
		if err != nil {
			return nil, err
		}
		// Our own SVG: gonum escapes every label it writes.
		d.Chart = template.HTML(inlineSVG(svg))
	}
	changes := Changes(r.Years)
	for i, y := range r.Years {
		row := row(y)
		if i > 0 {
			c := changes[i-1]
			row.HasChange, row.Change, row.ChangeCI, row.Verdict = true, vsPrev(c), ppRange(c.Low, c.High), c.Verdict()
			row.Overlap = yesNo(c.Overlap)
			switch {
			case c.Significant && c.Diff > 0:
				row.Class = "rise"
			case c.Significant:
				row.Class = "fall"
			}
		}
		d.Years = append(d.Years, row)
	}
	if len(r.Platforms) > 1 {
		for _, p := range r.Platforms {
			pr := platformRows{Source: p.Source}
			for _, y := range p.Years {
				pr.Rows = append(pr.Rows, row(y))
			}
			d.Platforms = append(d.Platforms, pr)
		}
	}
	if len(r.Compare) > 0 {
		d.Compare.Skills = []string{r.Skill}
		for _, s := range r.Compare {
			d.Compare.Skills = append(d.Compare.Skills, s.Skill)
		}
		for _, y := range r.Years {
			cr := compareRow{Year: y.Year, Cells: []string{pct(y.Share) + " (" + interval(y) + ")"}}
			for _, s := range r.Compare {
				cell := ""
				if c, ok := yearOf(s.Years, y.Year); ok {
					cell = pct(c.Share) + " (" + interval(c) + ")"
				}
				cr.Cells = append(cr.Cells, cell)
			}
			d.Compare.Rows = append(d.Compare.Rows, cr)
		}
	}
	for i, c := range r.Companies {
		cv := companyView{Rank: i + 1, Name: c.Company, Postings: thousands(c.Postings), Matched: thousands(c.Matched)}
		best := 0.0
		for _, k := range c.Keywords {
			best = max(best, k.Score)
		}
		var top []string
		for j, k := range c.Keywords {
			if j < 5 {
				top = append(top, k.Term)
			}
			bar := 0.0
			if best > 0 {
				bar = float64(int(1000*k.Score/best+0.5)) / 10
			}
			cv.Keywords = append(cv.Keywords, keywordRow{Rank: j + 1, Term: k.Term, Score: fmt.Sprintf("%.4f", k.Score), Bar: bar})
		}
		cv.Top = strings.Join(top, ", ")
		d.Companies = append(d.Companies, cv)
	}
	return d, nil
}

func row(y trend.YearStat) yearRow {
	return yearRow{Year: y.Year, Total: thousands(y.Total), Matched: thousands(y.Matched), Share: pct(y.Share), Interval: interval(y)}
}
