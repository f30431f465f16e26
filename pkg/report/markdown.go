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
// platforms, the comparison skills, what the postings also ask for, the companies with a keyword table each,
// and how the numbers were made. chart is the SVG's path relative to the
// Markdown file (see Chart); empty leaves the image out. Posting text is
// escaped: it can neither break a table nor become markup or HTML.
func Markdown(w io.Writer, r *trend.Report, chart string) error {
	v := newView(r)
	ew := &errWriter{w: w}
	p := func(format string, args ...any) { fmt.Fprintf(ew, format, args...) }
	p("%s", mdMarker)
	p("# %s\n\n", md(v.Title))
	if len(v.Years) > 0 && chart != "" {
		p("![Share of job postings mentioning %s per year, with 95%% intervals](%s)\n\n", md(r.Skill), mdURL(chart))
	}
	p("**%s**\n\n", md(v.Headline))
	if len(v.Warnings) > 0 {
		p("> **Read with care**\n>\n")
		for _, s := range v.Warnings {
			p("> - %s\n", md(s))
		}
		p("\n")
	}
	if len(v.Trends) > 0 {
		p("## The trend inside each dataset\n\n| Dataset | Years | Trend | Slope a year | 95%% interval |\n|:--|:--|:--|---:|---:|\n")
		for _, t := range v.Trends {
			p("| %s | %s | %s | %s | %s |\n", md(t.Source), t.Span, t.Direction, t.Slope, t.Interval)
		}
		p("\n")
	}
	if len(v.Years) > 0 {
		p("## Per year\n\n%s\n\n", md(v.Meta))
		p("| Year | Postings | Distinct jobs | Mentioning %s | Share | 95%% interval | Partial | Change | 95%% interval of change | Verdict |\n", md(r.Skill))
		p("|---:|---:|---:|---:|---:|---:|:--|---:|---:|:--|\n")
		for _, y := range v.Years {
			p("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", y.Year, y.Total, y.Distinct, y.Matched, y.Share, y.Interval,
				y.Partial, y.Change, y.ChangeCI, y.Verdict)
		}
		p("\n")
		for _, y := range v.Years {
			switch {
			case y.HasChange:
				p("- %d: %s, %s; %s\n", y.Year, y.Change, y.Verdict, md(y.Basis))
			case y.Note != "":
				p("- %d: %s\n", y.Year, md(y.Note))
			}
		}
		p("\n")
	}
	if len(v.Platforms) > 0 {
		p("## Per dataset\n\nA change is measured inside one dataset, on the months both years cover.\n\n")
		p("| Dataset | Year | Postings | Mentioning %s | Share | 95%% interval | Partial | Change | 95%% interval of change |\n", md(r.Skill))
		p("|:--|---:|---:|---:|---:|---:|:--|---:|---:|\n")
		for _, pl := range v.Platforms {
			for _, y := range pl.Rows {
				p("| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", md(pl.Source), y.Year, y.Total, y.Matched, y.Share,
					y.Interval, y.Partial, y.Change, y.ChangeCI)
			}
		}
		p("\n")
	}
	if len(v.Sources) > 0 {
		p("## Datasets\n\n| Dataset | Platform | Sampling frame | Dated by | Postings | Undated | Selected on | In the shares |\n")
		p("|:--|:--|:--|:--|---:|---:|:--|:--|\n")
		for _, s := range v.Sources {
			p("| %s | %s | %s | %s | %s | %s | %s | %s |\n", md(s.Source), md(s.Platform), md(s.Frame), md(s.DateBasis),
				s.Postings, s.Undated, md(s.SelectedOn), md(s.InShares))
		}
		p("\n")
	}
	if len(v.Compare.Skills) > 0 {
		p("## Compared with other skills\n\nPooled shares (95%% interval); each skill leaves out the datasets selected on it.\n\n|")
		p(" Year |")
		for _, s := range v.Compare.Skills {
			p(" %s |", md(s))
		}
		p("\n|---:|%s\n", strings.Repeat("---:|", len(v.Compare.Skills)))
		for _, row := range v.Compare.Rows {
			p("| %d |", row.Year)
			for _, c := range row.Cells {
				p(" %s |", md(c))
			}
			p("\n")
		}
		p("\n")
	}
	if v.CoSkills != nil {
		coSkillsMarkdown(p, v.CoSkills)
	}
	if len(v.Companies) > 0 {
		p("## Companies\n\n%s\n\n", md(v.CompaniesIntro))
		p("| # | Company | Jobs | Mentioning %s | Orientation | Top keywords (share of its jobs) |\n|---:|:--|---:|---:|:--|:--|\n", md(r.Skill))
		for _, c := range v.Companies {
			p("| %d | %s | %s | %s | %s | %s |\n", c.Rank, md(c.Name), c.Postings, c.Matched, md(c.Orientation), md(c.Top))
		}
		p("\n")
		for _, c := range v.Companies {
			p("### %s\n\n", md(c.Name))
			if len(c.Keywords) == 0 {
				p("No keyword stands out from the other postings.\n\n")
				continue
			}
			p("| # | Keyword | Share of its jobs | Score |\n|---:|:--|---:|---:|\n")
			for _, k := range c.Keywords {
				p("| %d | %s | %s | %s |\n", k.Rank, md(k.Term), k.Share, k.Score)
			}
			p("\n")
		}
	}
	p("## How the numbers were made\n\n")
	for _, n := range v.Notes {
		p("- **%s**: %s\n", n.Label, md(n.Text))
	}
	return ew.err
}

func companiesIntro(r *trend.Report) string {
	if r.Method.KeywordScope == trend.ScopeMatched {
		return fmt.Sprintf("The companies with the most distinct jobs mentioning %s, %s, and the TF-IDF keywords of those jobs.",
			r.Skill, span(r.Method.From, r.Method.To))
	}
	return fmt.Sprintf("The companies with the most distinct jobs, %s, and the TF-IDF keywords of their jobs.", span(r.Method.From, r.Method.To))
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
