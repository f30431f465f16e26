package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"

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

// htmlData is the view with the chart as inline SVG.
type htmlData struct {
	*view
	Chart, CoSkillsChart template.HTML
}

func htmlView(r *trend.Report) (*htmlData, error) {
	d := &htmlData{view: newView(r)}
	if len(r.Years) > 0 {
		svg, err := chartSVG(r)
		if err != nil {
			return nil, err
		}
		// Our own SVG: gonum escapes every label it writes.
		d.Chart = template.HTML(inlineSVG(svg))
	}
	if d.CoSkills != nil {
		svg, err := coSkillsSVG(r.CoSkills)
		if err != nil {
			return nil, err
		}
		d.CoSkillsChart = template.HTML(inlineSVG(svg))
	}
	return d, nil
}
