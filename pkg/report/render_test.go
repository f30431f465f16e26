package report

import (
	"bytes"
	"strings"
	"testing"
)

// Every format the CLI offers renders through the one map, to the same
// bytes its own function writes; a name that is no format is refused.
func TestRenderEveryFormat(t *testing.T) {
	r := fixture()
	for _, f := range Formats() {
		var doc, svg bytes.Buffer
		ok, err := Render(f, Output{Doc: &doc, Chart: &svg, ChartLink: "r.svg"}, r, Settings{Table: TableYears, BOM: true})
		if !ok || err != nil {
			t.Fatalf("Render(%q) = %v, %v", f, ok, err)
		}
		if doc.Len() == 0 {
			t.Errorf("Render(%q) wrote nothing", f)
		}
		switch f {
		case "csv":
			if !strings.HasPrefix(doc.String(), BOM) {
				t.Errorf("csv with BOM: starts %q", doc.String()[:8])
			}
		case "md":
			if !strings.Contains(svg.String(), "<svg") || !strings.Contains(doc.String(), "r.svg") {
				t.Errorf("md: chart not written or not linked")
			}
		case "json":
			var want bytes.Buffer
			if err := JSON(&want, r); err != nil || want.String() != doc.String() {
				t.Errorf("json through Render differs from JSON (%v)", err)
			}
		}
	}
	if ok, _ := Render("pdf", Output{Doc: &bytes.Buffer{}}, r, Settings{}); ok {
		t.Error(`Render("pdf") reported a format`)
	}
}
