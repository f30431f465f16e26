package report

import (
	"io"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// Output is what one rendering of a report writes: the document, and for
// formats that draw the chart as a file of its own (Markdown), the chart.
type Output struct {
	Doc io.Writer
	// Chart receives the SVG chart when ChartLink is set; Markdown links
	// to it by ChartLink.
	Chart     io.Writer
	ChartLink string
}

// Settings are the choices a rendering may take besides the format.
type Settings struct {
	Table string // the CSV table: TableYears, TablePlatforms …
	BOM   bool   // start a CSV file with the byte order mark
}

// A renderer writes a report in one format.
type renderer func(out Output, r *trend.Report, s Settings) error

// formats is the one place a report format is chosen, the default first
// and in the order help texts name them: the CLI's --format values.
var formats = []struct {
	name   string
	render renderer
}{
	{"json", func(o Output, r *trend.Report, _ Settings) error { return JSON(o.Doc, r) }},
	{"table", func(o Output, r *trend.Report, _ Settings) error { return Table(o.Doc, r) }},
	{"csv", func(o Output, r *trend.Report, s Settings) error {
		if s.BOM {
			if _, err := io.WriteString(o.Doc, BOM); err != nil {
				return err
			}
		}
		return CSV(o.Doc, r, s.Table)
	}},
	{"md", func(o Output, r *trend.Report, _ Settings) error {
		if o.ChartLink != "" && o.Chart != nil {
			if err := Chart(o.Chart, r); err != nil {
				return err
			}
		}
		return Markdown(o.Doc, r, o.ChartLink)
	}},
	{"html", func(o Output, r *trend.Report, _ Settings) error { return HTML(o.Doc, r) }},
}

// Formats lists the report formats, the default first.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.name
	}
	return out
}

// Render writes r in format; ok is false for a format that does not exist.
func Render(format string, out Output, r *trend.Report, s Settings) (ok bool, err error) {
	for _, f := range formats {
		if f.name == format {
			return true, f.render(out, r, s)
		}
	}
	return false, nil
}
