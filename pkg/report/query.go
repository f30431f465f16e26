package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// QueryTable writes the answer of `analyze query` as aligned text: how each
// term was matched, the yearly shares, the companies, the newest postings,
// and the hints when nothing matched. Posting text is made plain (no
// control characters reach the terminal).
func QueryTable(w io.Writer, r *trend.QueryResult) error {
	ew := &errWriter{w: w}
	quoted := make([]string, len(r.Terms))
	for i, t := range r.Terms {
		quoted[i] = fmt.Sprintf("%q", plain(t))
	}
	fmt.Fprintf(ew, "Postings containing %s, per year (exact reposts counted once; 95%% Wilson interval)\n\n",
		strings.Join(quoted, " and "))
	for _, m := range r.MatchedBy {
		how := m.Via
		if m.Skill != "" {
			how += " (skill " + m.Skill + ")"
		}
		fmt.Fprintf(ew, "  %q: %s\n", plain(m.Term), how)
	}
	writeWarnings(ew, r.Warnings)
	fmt.Fprintln(ew)
	tw := newTabWriter(ew)
	fmt.Fprintln(tw, "year\tpostings\tmatched\tshare\t95% interval\t")
	for _, y := range r.Years {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t\n", y.Year, y.Total, y.Matched, shareText(y), intervalText(y))
	}
	tw.Flush()
	if len(r.Companies) > 0 {
		fmt.Fprintf(ew, "\nCompanies with the most matching postings\n\n")
		for _, c := range r.Companies {
			fmt.Fprintf(tw, "%d\t  %s\n", c.Matched, plain(c.Company))
		}
		tw.Flush()
	}
	if len(r.Examples) > 0 {
		fmt.Fprintf(ew, "\nNewest matching postings\n\n")
		for _, e := range r.Examples {
			fmt.Fprintf(ew, "%s  %s — %s  %s\n", e.PostedAt, plain(e.Title), plain(e.Company), plain(e.URL))
		}
	}
	if len(r.Hints) > 0 {
		fmt.Fprintf(ew, "\nNo posting matched. ")
		for _, h := range r.Hints {
			fmt.Fprintf(ew, "%s.\n", plain(h))
		}
	}
	return ew.err
}
