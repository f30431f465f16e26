package report

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// Markdown writes the report as GitHub-flavoured Markdown: the chart (when
// chart names it), the yearly shares with their year-over-year change, the
// platforms, the comparison skills, the companies with a keyword table each,
// and how the numbers were made. chart is the SVG's path relative to the
// Markdown file (see Chart); empty leaves the image out. Posting text is
// escaped: it can neither break a table nor become markup or HTML.
func Markdown(w io.Writer, r *trend.Report, chart string) error {
	ew := &errWriter{w: w}
	p := func(format string, args ...any) { fmt.Fprintf(ew, format, args...) }
	p("%s", mdMarker)
	p("# Share of job postings mentioning %s, %s\n\n", md(r.Skill), span(r.Method.From, r.Method.To))
	if len(r.Years) == 0 {
		p("No job postings in the store for this range.\n\n")
	} else {
		if chart != "" {
			p("![Share of job postings mentioning %s per year, with 95%% intervals](%s)\n\n", md(r.Skill), mdURL(chart))
		}
		p("%s\n\n", md(headline(r)))
		p("## Per year\n\n")
		p("| Year | Postings | Mentioning %s | Share | 95%% interval | Change | 95%% interval of change | Verdict | Intervals overlap |\n", md(r.Skill))
		p("|---:|---:|---:|---:|---:|---:|---:|:--|:--|\n")
		changes := Changes(r.Years)
		for i, y := range r.Years {
			p("| %d | %s | %s | %s | %s |", y.Year, thousands(y.Total), thousands(y.Matched), pct(y.Share), interval(y))
			if i == 0 {
				p(" | | | |\n")
				continue
			}
			c := changes[i-1]
			p(" %s | %s | %s | %s |\n", vsPrev(c), ppRange(c.Low, c.High), c.Verdict(), yesNo(c.Overlap))
		}
		p("\n")
	}
	if len(r.Platforms) > 1 {
		p("## By platform\n\n")
		p("| Platform | Year | Postings | Mentioning %s | Share | 95%% interval |\n|:--|---:|---:|---:|---:|---:|\n", md(r.Skill))
		for _, pl := range r.Platforms {
			for _, y := range pl.Years {
				p("| %s | %d | %s | %s | %s | %s |\n", md(pl.Source), y.Year, thousands(y.Total), thousands(y.Matched), pct(y.Share), interval(y))
			}
		}
		p("\n")
	}
	if len(r.Compare) > 0 && len(r.Years) > 0 {
		p("## Compared with other skills\n\nShare of the same postings (95%% interval).\n\n| Year | %s |", md(r.Skill))
		for _, s := range r.Compare {
			p(" %s |", md(s.Skill))
		}
		p("\n|---:|---:|%s\n", strings.Repeat("---:|", len(r.Compare)))
		for _, y := range r.Years {
			p("| %d | %s (%s) |", y.Year, pct(y.Share), interval(y))
			for _, s := range r.Compare {
				if c, ok := yearOf(s.Years, y.Year); ok {
					p(" %s (%s) |", pct(c.Share), interval(c))
				} else {
					p(" |")
				}
			}
			p("\n")
		}
		p("\n")
	}
	if len(r.Companies) > 0 {
		p("## Companies\n\n%s\n\n", md(companiesIntro(r)))
		p("| # | Company | Postings | Mentioning %s | Top keywords |\n|---:|:--|---:|---:|:--|\n", md(r.Skill))
		for i, c := range r.Companies {
			terms := make([]string, 0, 5)
			for j, k := range c.Keywords {
				if j == 5 {
					break
				}
				terms = append(terms, md(k.Term))
			}
			p("| %d | %s | %s | %s | %s |\n", i+1, md(c.Company), thousands(c.Postings), thousands(c.Matched), strings.Join(terms, ", "))
		}
		p("\n")
		for _, c := range r.Companies {
			p("### %s\n\n", md(c.Company))
			if len(c.Keywords) == 0 {
				p("No keyword stands out from the other postings.\n\n")
				continue
			}
			p("| # | Keyword | TF-IDF score |\n|---:|:--|---:|\n")
			for i, k := range c.Keywords {
				p("| %d | %s | %.4f |\n", i+1, md(k.Term), k.Score)
			}
			p("\n")
		}
	}
	p("## How the numbers were made\n\n")
	for _, n := range methodNotes(r) {
		p("- **%s**: %s\n", n.Label, md(n.Text))
	}
	return ew.err
}

// headline is the report's finding in a sentence or two: the last year's
// share, and its change since the first and since the previous year, each
// with its verdict.
func headline(r *trend.Report) string {
	last := r.Years[len(r.Years)-1]
	s := fmt.Sprintf("In %d, %s of %s job postings mentioned %s (95%% interval %s).", last.Year, pct(last.Share),
		thousands(last.Total), r.Skill, interval(last))
	if len(r.Years) == 1 {
		return s
	}
	first := r.Years[0]
	long := Changes([]trend.YearStat{first, last})[0]
	s += fmt.Sprintf(" Since %d (%s): %s, %s", first.Year, pct(first.Share), pp(long.Diff), long.Verdict())
	if len(r.Years) > 2 {
		ch := Changes(r.Years)
		c := ch[len(ch)-1]
		s += fmt.Sprintf("; since %d (%s): %s, %s", c.Prev, pct(r.Years[len(r.Years)-2].Share), pp(c.Diff), c.Verdict())
	}
	return s + "."
}

func companiesIntro(r *trend.Report) string {
	if r.Method.KeywordScope == trend.ScopeMatched {
		return fmt.Sprintf("The companies with the most postings mentioning %s, %s, and the TF-IDF keywords of those postings.",
			r.Skill, span(r.Method.From, r.Method.To))
	}
	return fmt.Sprintf("The companies with the most postings, %s, and the TF-IDF keywords of their postings.", span(r.Method.From, r.Method.To))
}

// vsPrev is a change, naming the year compared with when it is not the
// year before (a year without postings in between).
func vsPrev(c Change) string {
	if c.Prev != c.Year-1 {
		return fmt.Sprintf("%s vs %d", pp(c.Diff), c.Prev)
	}
	return pp(c.Diff)
}

func yearOf(ys []trend.YearStat, year int) (trend.YearStat, bool) {
	for _, y := range ys {
		if y.Year == year {
			return y, true
		}
	}
	return trend.YearStat{}, false
}

// mdEscaper backslash-escapes the characters that make Markdown markup,
// links, HTML or table cells, and flattens line breaks. CommonMark treats a
// backslash before any ASCII punctuation as that character, so escaping
// more than needed is harmless.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`,
	`|`, `\|`, `~`, `\~`, `&`, `\&`, `#`, `\#`, `!`, `\!`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// md escapes text for Markdown.
func md(s string) string { return mdEscaper.Replace(s) }

// mdURL writes a link target: relative path segments percent-encoded, so
// a space or parenthesis in the file name cannot end the link.
func mdURL(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
