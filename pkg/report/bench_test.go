package report

import (
	"io"
	"testing"
)

// The renderers against JSON, the baseline of the same run: rendering is
// milliseconds next to computing a report (segmentation), so these only
// guard against a renderer becoming the slow step.
func BenchmarkRender(b *testing.B) {
	r := fixture()
	for _, bc := range []struct {
		name   string
		render func(io.Writer) error
	}{
		{"json", func(w io.Writer) error { return JSON(w, r) }},
		{"table", func(w io.Writer) error { return Table(w, r) }},
		{"csv-years", func(w io.Writer) error { return CSV(w, r, TableYears) }},
		{"markdown", func(w io.Writer) error { return Markdown(w, r, "report.svg") }},
		{"chart-svg", func(w io.Writer) error { return Chart(w, r) }},
		{"html", func(w io.Writer) error { return HTML(w, r) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.render(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
