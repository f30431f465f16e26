package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/trend"
)

// KeywordsTable writes `analyze keywords` as text: the company, its
// orientation and keywords over the whole range, then each year's.
// Posting text is made plain.
func KeywordsTable(w io.Writer, h *trend.CompanyHistory) error {
	ew := &errWriter{w: w}
	span := "no dated postings"
	if h.Method.From != 0 {
		span = fmt.Sprintf("%d–%d", h.Method.From, h.Method.To)
	}
	fmt.Fprintf(ew, "%s, %s: %d distinct jobs, %d with %s (also written as: %s)\n", plain(h.Company), span,
		h.Postings, h.Matched, h.Skill, plain(strings.Join(h.Names, ", ")))
	if h.Undated > 0 {
		fmt.Fprintf(ew, "%d of the postings have no date: in the keywords of all years, in no year\n", h.Undated)
	}
	fmt.Fprintf(ew, "keywords: %s vocabulary, scope %s\n\n", h.Vocabulary, h.Method.KeywordScope)
	fmt.Fprintf(ew, "all years  %s%s\n", orientationText(h.Orientation), joinKeywords(h.Keywords))
	for _, y := range h.Years {
		fmt.Fprintf(ew, "%d (%d, %d with %s)  %s%s\n", y.Year, y.Postings, y.Matched, h.Skill, orientationText(y.Orientation),
			joinKeywords(y.Keywords))
	}
	return ew.err
}

// joinKeywords writes keywords with their share of the postings: "kafka 42%".
func joinKeywords(kws []trend.Keyword) string {
	terms := make([]string, len(kws))
	for i, k := range kws {
		terms[i] = plain(keywordText(k))
	}
	return strings.Join(terms, ", ")
}

func orientationText(o trend.Orientation) string {
	if o.Label == "" {
		return ""
	}
	return fmt.Sprintf("[%s %s] ", o.Label, pct0(o.Share))
}
