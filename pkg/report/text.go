package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// JSON writes the report in the contract's JSON form, indented, with
// non-ASCII text and HTML characters left readable.
func JSON(w io.Writer, r any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Table writes the report as aligned plain text for a terminal.
func Table(w io.Writer, r *trend.Report) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(ew, "Share of job postings mentioning %q per year (exact reposts counted once; 95%% Wilson interval)\n\n", r.Skill)
	if len(r.Years) == 0 {
		fmt.Fprintln(ew, "(no job postings in the store for this range)")
		return ew.err
	}
	fmt.Fprintln(tw, "year\tpostings\tmatched\tshare\t95% interval\t")
	for _, y := range r.Years {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t\n", y.Year, y.Total, y.Matched, pct(y.Share), interval(y))
	}
	tw.Flush()
	if len(r.Platforms) > 1 {
		fmt.Fprintf(ew, "\nBy platform\n\n")
		fmt.Fprintln(tw, "source\tyear\tpostings\tmatched\tshare\t95% interval\t")
		for _, p := range r.Platforms {
			for _, y := range p.Years {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t\n", plain(p.Source), y.Year, y.Total, y.Matched, pct(y.Share), interval(y))
			}
		}
		tw.Flush()
	}
	if len(r.Compare) > 0 {
		fmt.Fprintf(ew, "\nCompared with other skills (share of the same postings)\n\n")
		fmt.Fprintf(tw, "year\t%s\t", r.Skill)
		for _, s := range r.Compare {
			fmt.Fprintf(tw, "%s\t", s.Skill)
		}
		fmt.Fprintln(tw)
		for _, y := range r.Years {
			fmt.Fprintf(tw, "%d\t%s\t", y.Year, pct(y.Share))
			for _, s := range r.Compare {
				if c, ok := yearOf(s.Years, y.Year); ok {
					fmt.Fprintf(tw, "%s\t", pct(c.Share))
				} else {
					fmt.Fprint(tw, "\t")
				}
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	if len(r.Companies) > 0 {
		fmt.Fprintf(ew, "\nCompanies with the most postings, %d–%d (%s postings), and their TF-IDF keywords\n\n",
			r.Method.From, r.Method.To, r.Method.KeywordScope)
		for _, c := range r.Companies {
			terms := make([]string, len(c.Keywords))
			for i, k := range c.Keywords {
				terms[i] = plain(k.Term)
			}
			list := strings.Join(terms, ", ")
			if len(terms) == 0 {
				list = "(no keyword stands out)"
			}
			fmt.Fprintf(ew, "%s (%d postings, %d with %s): %s\n", plain(c.Company), c.Postings, c.Matched, r.Skill, list)
		}
	}
	return ew.err
}

// plain drops control characters from posting text bound for a terminal:
// a crawled company name must not be able to send escape sequences (or a
// tab that breaks the columns).
func plain(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func interval(y trend.YearStat) string {
	return fmt.Sprintf("%.1f–%.1f%%", 100*y.CILow, 100*y.CIHigh)
}

// errWriter keeps the first write error so rendering code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
