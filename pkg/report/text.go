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

// Table writes the report as aligned plain text for a terminal: the
// answer, the warnings, the pooled years with their changes, each dataset's
// series, the datasets, the comparison skills and the companies.
func Table(w io.Writer, r *trend.Report) error {
	v := newView(r)
	ew := &errWriter{w: w}
	tw := newTabWriter(ew)
	fmt.Fprintf(ew, "%s\n\n%s\n", plain(v.Title), plain(v.Headline))
	writeWarnings(ew, v.Warnings)
	if len(v.Trends) > 0 {
		fmt.Fprintf(ew, "\nThe trend inside each dataset (pp a year)\n\n")
		fmt.Fprintln(tw, "dataset\tyears\ttrend\tslope\t95% interval\t")
		for _, t := range v.Trends {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", plain(t.Source), t.Span, t.Direction, t.Slope, t.Interval)
		}
		tw.Flush()
	}
	if len(v.Years) == 0 {
		return ew.err
	}
	fmt.Fprintf(ew, "\nPer year, pooled across the datasets in the shares (%s)\n\n", plain(v.Meta))
	fmt.Fprintln(tw, "year\tpostings\tdistinct\tmatched\tshare\t95% interval\tpartial\tchange\t95% interval of change\t")
	for _, y := range v.Years {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", y.Year, y.Total, y.Distinct, y.Matched, y.Share, y.Interval,
			y.Partial, y.Change, y.ChangeCI)
	}
	tw.Flush()
	for _, y := range v.Years {
		switch {
		case y.HasChange:
			fmt.Fprintf(ew, "  %d: %s, %s; %s\n", y.Year, y.Change, y.Verdict, plain(y.Basis))
		case y.Note != "":
			fmt.Fprintf(ew, "  %d: %s\n", y.Year, plain(y.Note))
		}
	}
	if len(v.Platforms) > 0 {
		fmt.Fprintf(ew, "\nPer dataset (a change is measured inside one dataset)\n\n")
		fmt.Fprintln(tw, "dataset\tyear\tpostings\tmatched\tshare\t95% interval\tpartial\tchange\t95% interval of change\t")
		for _, p := range v.Platforms {
			for _, y := range p.Rows {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", plain(p.Source), y.Year, y.Total, y.Matched, y.Share,
					y.Interval, y.Partial, y.Change, y.ChangeCI)
			}
		}
		tw.Flush()
	}
	if len(v.Sources) > 0 {
		fmt.Fprintf(ew, "\nDatasets\n\n")
		for _, s := range v.Sources {
			fmt.Fprintf(ew, "  %s (%s; %s; dated by %s): %s postings, %s undated; in the shares: %s\n", plain(s.Source),
				plain(s.Platform), plain(s.Frame), s.DateBasis, s.Postings, s.Undated, plain(s.InShares))
		}
	}
	if len(v.Compare.Skills) > 0 {
		fmt.Fprintf(ew, "\nCompared with other skills (pooled shares; each skill leaves out the datasets selected on it)\n\n")
		fmt.Fprint(tw, "year\t")
		for _, s := range v.Compare.Skills {
			fmt.Fprintf(tw, "%s\t", s)
		}
		fmt.Fprintln(tw)
		for _, row := range v.Compare.Rows {
			fmt.Fprintf(tw, "%d\t%s\t\n", row.Year, strings.Join(row.Cells, "\t"))
		}
		tw.Flush()
	}
	if v.CoSkills != nil {
		coSkillsText(ew, v.CoSkills)
	}
	if len(v.Companies) > 0 {
		fmt.Fprintf(ew, "\n%s\n\n", plain(v.CompaniesIntro))
		for i, c := range r.Companies {
			terms := make([]string, len(c.Keywords))
			for j, k := range c.Keywords {
				terms[j] = plain(keywordText(k))
			}
			list := strings.Join(terms, ", ")
			if len(terms) == 0 {
				list = "(no keyword stands out)"
			}
			orient := ""
			if o := v.Companies[i].Orientation; o != "" {
				orient = "; " + o
			}
			fmt.Fprintf(ew, "%s (%d jobs, %d with %s%s): %s\n", plain(v.Companies[i].Name), c.Postings, c.Matched, r.Skill, orient, list)
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

// newTabWriter aligns columns to the right, two spaces apart.
func newTabWriter(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

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

// writeWarnings lists warnings under their heading, as plain text.
func writeWarnings(w io.Writer, warnings []string) {
	if len(warnings) == 0 {
		return
	}
	fmt.Fprintf(w, "\nWarnings\n")
	for _, s := range warnings {
		fmt.Fprintf(w, "  - %s\n", plain(s))
	}
}
