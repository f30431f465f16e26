package report

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// TestHTMLEscapes parses the page as a browser would and checks that posting
// text stays text: no script element, no event handler, no new attribute,
// and the hostile strings appear verbatim as text.
func TestHTMLEscapes(t *testing.T) {
	r := fixture()
	// More hostile text, in every place posting text can reach.
	r.Companies = append(r.Companies, trend.Company{Company: `</style><img src=x onerror="alert(2)">`, Postings: 3,
		Keywords: []trend.Keyword{{Term: `" onmouseover="alert(3)`, Score: 0.2}, {Term: "</table></div><script>alert(4)</script>", Score: 0.1}}})
	r.Platforms = append(r.Platforms, trend.Platform{Source: "<b>evil</b>", Years: []trend.YearStat{stat(2022, 40, 4)}})
	var b bytes.Buffer
	if err := HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var csp bool
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "b":
				t.Errorf("posting text became a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
				}
				if (a.Key == "src" || a.Key == "href") && !strings.HasPrefix(a.Val, "data:") && !strings.HasPrefix(a.Val, "#") {
					t.Errorf("<%s %s=%q> would fetch something: the report must work offline", n.Data, a.Key, a.Val)
				}
				if n.Data == "meta" && a.Key == "http-equiv" && a.Val == "Content-Security-Policy" {
					csp = true
				}
			}
		}
		if n.Type == html.TextNode {
			texts = append(texts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	all := strings.Join(texts, "\n")
	for _, want := range []string{xssTerm, `</style><img src=x onerror="alert(2)">`, `" onmouseover="alert(3)`,
		"</table></div><script>alert(4)</script>", "<b>evil</b>", "字节跳动", "=HYPERLINK(\"http://x\")"} {
		if !strings.Contains(all, want) {
			t.Errorf("text %q is not on the page as text", want)
		}
	}
	if !csp {
		t.Error("no Content-Security-Policy: the page should forbid scripts and fetches even if escaping failed")
	}
	if strings.Contains(b.String(), "<script") {
		t.Error("the page contains <script")
	}
}

// TestHTMLContent checks what an analyst needs is on the page: the chart,
// every table, year-over-year verdicts and how the numbers were made.
func TestHTMLContent(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	// html/template writes + as &#43;: compare text, not its encoding.
	page := html.UnescapeString(b.String())
	for _, want := range []string{
		`<section id="chart">`, `<svg width="648pt" height="576pt"`, `id="years-table"`, `id="platforms-table"`,
		`id="compare-table"`, `id="companies-table"`, `id="sources-table"`, `class="keywords"`, `id="warnings"`,
		"significant rise", "not significant", "+8.0 pp", "Jan–Oct", // the fixture's changes and its partial year
		"is not known", "Read with care", "boss:golang is left out", "no: a search for",
		"6,451 job postings", "clustered by company", "Newcombe", "counted once", "taxonomy-3f2a9c", "gojieba-1.4.6+dict-8b1e",
		"fixed effect", "-generated", "2026-03-01 09:30 UTC",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<?xml") {
		t.Error("the inline SVG kept its XML prolog")
	}
}
