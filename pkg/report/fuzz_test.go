package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// FuzzEscaping puts arbitrary posting text where postings reach a report (a
// company name, a keyword, a source name) and checks it stays text: in HTML
// it makes no element or attribute of its own, in Markdown it neither opens
// HTML nor changes a table's shape.
func FuzzEscaping(f *testing.F) {
	for _, s := range []string{xssTerm, `"><img src=x onerror=alert(1)>`, "a|b\nc", "`x` *y* _z_ [l](u)", "</style></svg><script>",
		"<!--", "&lt;script&gt;", "\\|", "字节跳动", "\x00\x1b[31m", "<svg onload=alert(1)>", "]]><![CDATA["} {
		f.Add(s, s, s)
	}
	f.Fuzz(func(t *testing.T, company, term, source string) {
		r := &trend.Report{Skill: "go", Years: []trend.YearStat{stat(2022, 100, 10), stat(2023, 120, 30)},
			Platforms: []trend.Platform{
				{Source: source, Years: []trend.YearStat{stat(2022, 50, 5), stat(2023, 60, 20)}},
				{Source: "boss", Years: []trend.YearStat{stat(2022, 50, 5), stat(2023, 60, 10)}},
			},
			Companies: []trend.Company{{Company: company, Postings: 9, Matched: 2, Keywords: []trend.Keyword{{Term: term, Score: 0.5}}}},
			Method:    trend.Method{From: 2022, To: 2023, Postings: 220, Sources: []string{source}},
		}
		var b bytes.Buffer
		if err := HTML(&b, r); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(&b)
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				if n.Data == "script" || n.Data == "img" || n.Data == "iframe" || n.Data == "object" {
					t.Fatalf("posting text made a <%s>", n.Data)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(strings.ToLower(a.Key), "on") {
						t.Fatalf("posting text made an attribute %s on <%s>", a.Key, n.Data)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)

		b.Reset()
		if err := Markdown(&b, r, "report.svg"); err != nil {
			t.Fatal(err)
		}
		out := strings.TrimPrefix(b.String(), mdMarker) // the one comment is ours
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(out, `\\`, ""), `\<`, ""), "<") {
			t.Fatalf("an unescaped < in the Markdown:\n%s", out)
		}
		cols := 0
		for _, line := range strings.Split(out, "\n") {
			if !strings.HasPrefix(line, "|") {
				cols = 0
				continue
			}
			n := strings.Count(strings.ReplaceAll(line, `\\`, ""), "|") - strings.Count(strings.ReplaceAll(line, `\\`, ""), `\|`)
			if cols == 0 {
				cols = n
			} else if n != cols {
				t.Fatalf("a table row with %d cells under %d: %q", n-1, cols-1, line)
			}
		}
	})
}
