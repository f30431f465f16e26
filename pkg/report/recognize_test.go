package report

import (
	"bytes"
	"testing"
)

// Every format's output is recognized as ours, and files that are not
// ours are not, so --out replaces an earlier report and nothing else.
func TestRecognizesItsOwnOutput(t *testing.T) {
	r := fixture()
	render := map[string]func(*bytes.Buffer) error{
		"json":  func(b *bytes.Buffer) error { return JSON(b, r) },
		"html":  func(b *bytes.Buffer) error { return HTML(b, r) },
		"md":    func(b *bytes.Buffer) error { return Markdown(b, r, "r.svg") },
		"svg":   func(b *bytes.Buffer) error { return Chart(b, r) },
		"table": func(b *bytes.Buffer) error { return Table(b, r) },
	}
	for _, tb := range Tables {
		render["csv:"+tb] = func(b *bytes.Buffer) error { return CSV(b, r, tb) }
	}
	for name, fn := range render {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		format, _, _ := bytes.Cut([]byte(name), []byte(":"))
		if !Recognizes(string(format), b.Bytes()) {
			t.Errorf("%s: the report's own output is not recognized: %.80q", name, b.String())
		}
	}
	for _, foreign := range []string{"", "SQLite format 3\x00", "# My notes\n", "{\"a\": 1}\n", "company,rank,term,score,extra\n",
		"<html><head><title>x</title></head></html>", "package main\n"} {
		for _, f := range []string{"json", "html", "md", "svg", "csv", "table"} {
			if Recognizes(f, []byte(foreign)) {
				t.Errorf("%s recognizes %q as its own", f, foreign)
			}
		}
	}
}
