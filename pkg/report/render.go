package report

import (
	"io"
	"slices"

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

// renderers is the one place a report format is chosen: the CLI's --format
// values are its keys.
var renderers = map[string]renderer{
	"json":  func(o Output, r *trend.Report, _ Settings) error { return JSON(o.Doc, r) },
	"table": func(o Output, r *trend.Report, _ Settings) error { return Table(o.Doc, r) },
	"html":  func(o Output, r *trend.Report, _ Settings) error { return HTML(o.Doc, r) },
	"csv": func(o Output, r *trend.Report, s Settings) error {
		if s.BOM {
			if _, err := io.WriteString(o.Doc, BOM); err != nil {
				return err
			}
		}
		return CSV(o.Doc, r, s.Table)
	},
	"md": func(o Output, r *trend.Report, _ Settings) error {
		if o.ChartLink != "" && o.Chart != nil {
			if err := Chart(o.Chart, r); err != nil {
				return err
			}
		}
		return Markdown(o.Doc, r, o.ChartLink)
	},
}

// Formats lists the report formats, the default first, in the order help
// texts name them.
func Formats() []string {
	out := []string{"json", "table", "csv", "md", "html"}
	for f := range renderers {
		if !slices.Contains(out, f) {
			out = append(out, f) // a format added to the map but not ordered here
		}
	}
	return out
}

// Render writes r in format; ok is false for a format that does not exist.
func Render(format string, out Output, r *trend.Report, s Settings) (ok bool, err error) {
	f, ok := renderers[format]
	if !ok {
		return false, nil
	}
	return true, f(out, r, s)
}
