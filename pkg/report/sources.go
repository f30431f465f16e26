package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// SourcesTable writes `analyze sources` as text: one block per dataset.
func SourcesTable(w io.Writer, sums []trend.DatasetSummary) error {
	ew := &errWriter{w: w}
	if len(sums) == 0 {
		fmt.Fprintln(ew, "The store holds no dataset yet.")
		return ew.err
	}
	for i, s := range sums {
		if i > 0 {
			fmt.Fprintln(ew)
		}
		fmt.Fprintf(ew, "%s — platform %s, %s, dated by %s\n", plain(s.Source.Source), plain(s.Platform), plain(frameText(s.Frame)), s.DateBasis)
		if s.About != "" {
			fmt.Fprintf(ew, "  %s\n", plain(s.About))
		}
		fmt.Fprintf(ew, "  %s job postings (exact reposts counted once), %s undated (in no year)", thousands(s.Postings), thousands(s.Undated))
		if s.Dated > s.Postings-s.Undated {
			fmt.Fprintf(ew, "; %s reposts are listed in more than one year and count in each below", thousands(s.Dated-(s.Postings-s.Undated)))
		}
		fmt.Fprintln(ew)
		if len(s.SelectedOn) > 0 {
			fmt.Fprintf(ew, "  selected on %s: left out of those skills' shares\n", strings.Join(s.SelectedOn, ", "))
		}
		if len(s.Years) == 0 {
			continue
		}
		tw := newTabWriter(ew)
		fmt.Fprintln(tw, "  year\tpostings\tby publication date\tby first sighting\tmonths\t")
		for _, y := range s.Years {
			fmt.Fprintf(tw, "  %d\t%s\t%s\t%s\t%d\t\n", y.Year, thousands(y.Postings), thousands(y.ByPublished), thousands(y.ByFirstSeen), y.Months)
		}
		tw.Flush()
	}
	return ew.err
}

func frameText(frame string) string {
	switch {
	case frame == "census":
		return "census (what the board or thread showed)"
	case frame == "sample":
		return "sample (a selection of unknown design)"
	case strings.HasPrefix(frame, "query:"):
		return "keyword search for " + strings.TrimPrefix(frame, "query:")
	}
	return frame
}
