package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// Helpers shared by the adapters: field cleaning the same way the importer
// (pkg/ingest) cleans the same fields, so a crawled posting and an imported
// copy of it compare equal.

// oneLine folds a field to one line of single-spaced text.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

var leadingDate = regexp.MustCompile(`(?:^|[^\d])(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)

// parseDate reads the (first) date a posting was published from the forms sites
// use: ISO 8601 dates and date-times ("2024-03-05T10:00:00+08:00" is the
// 5th: the publisher's own calendar day), "2024/3/5", "2024年3月5日",
// "2019-03-15 10:23:11". Years outside 1990..next year are rejected.
func parseDate(s string, now time.Time) (time.Time, bool) {
	m := leadingDate.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if y < 1990 || y > now.Year()+1 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2023-02-30
		return time.Time{}, false
	}
	return t, true
}

// htmlText turns an HTML fragment into plain text. Descriptions in
// JSON-LD are often HTML escaped once more (&lt;p&gt;): a second pass
// removes the tags the first pass revealed.
func htmlText(s string) string {
	t := normalize.HTMLToText(s)
	if strings.Contains(t, "<") && looksLikeTags(t) {
		t = normalize.HTMLToText(t)
	}
	return t
}

var tagRe = regexp.MustCompile(`(?i)</?(p|br|div|li|ul|ol|strong|b|span|h[1-6])\b[^>]*>`)

func looksLikeTags(s string) bool { return tagRe.MatchString(s) }

// shortHash is a stable short id for a posting that names none.
func shortHash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
