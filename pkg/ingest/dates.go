package ingest

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	reYMD      = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$`)
	reYM       = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$`)
	reMD       = regexp.MustCompile(`^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s.*)?$`)
	reUnix     = regexp.MustCompile(`^\d{9,13}(?:\.\d+)?$`)
	yearInName = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d{2})(?:[^0-9]|$)`)
	// Exporters write zeros for an unknown date: 0, 0000-00-00,
	// 0000-00-00 00:00:00, 0000年00月00日.
	reZeroDate = regexp.MustCompile(`^[0\-/.:T年月日Z ]*0[0\-/.:T年月日Z ]*$`)
)

// ErrImpossibleDate marks a date that cannot be a posting's: a placeholder
// (0000-00-00, 1970-01-01, 1900-01-01), a date before 1990 or in the future.
// The importer counts such dates and stores them as unknown.
var ErrImpossibleDate = errors.New("impossible date")

// impossible is an error of a date that cannot be true.
type impossible struct{ error }

func (impossible) Is(target error) bool { return target == ErrImpossibleDate }

// textLayouts are full timestamps seen in real exports, tried in order.
var textLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	time.ANSIC,    // Sat Feb 22 22:58:03 2020 (zhaopin-2020 crawltime)
	time.UnixDate, // Sat Feb 22 22:58:03 CST 2020
	time.RFC1123Z,
	time.RFC1123,
}

// ParseDate reads a date in the forms real job data uses and returns it as
// UTC midnight: 2023-05-01, 2023/5/1, 2023.5.1, 2023年5月1日 (each possibly
// followed by a time), 2023-05 (the month's first day), 05-01 or 5月1日 with
// year taken from yearHint, Unix seconds or milliseconds, RFC 3339 and
// ctime forms. An empty string is no date (zero time, no error).
func ParseDate(s string, yearHint int) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if reZeroDate.MatchString(s) {
		return time.Time{}, impossible{fmt.Errorf("%s is a placeholder, not a date", quote(s))}
	}
	if m := reYMD.FindStringSubmatch(s); m != nil {
		return civil(atoi(m[1]), atoi(m[2]), atoi(m[3]), s)
	}
	if m := reYM.FindStringSubmatch(s); m != nil {
		return civil(atoi(m[1]), atoi(m[2]), 1, s)
	}
	if m := reMD.FindStringSubmatch(s); m != nil {
		if yearHint == 0 {
			return time.Time{}, fmt.Errorf("date %s has no year: pass --year, or name the file with its year", quote(s))
		}
		return civil(yearHint, atoi(m[1]), atoi(m[2]), s)
	}
	if reUnix.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("date %s: %w", quote(s), err)
		}
		if f > 1e11 { // milliseconds: seconds this large are past year 5000
			f /= 1000
		}
		t := time.Unix(int64(f), 0).UTC()
		return midnight(t), nil
	}
	for _, layout := range textLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return midnight(t.UTC()), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read date %s (forms: 2023-05-01, 2023/5/1, 2023年5月1日, 05-01 with --year, Unix seconds, RFC 3339)", quote(s))
}

// ParseTime reads a timestamp (first/last seen): the forms of ParseDate, but
// keeping the time of day when there is one.
func ParseTime(s string, yearHint int) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range append([]string{"2006-01-02 15:04:05", "2006/01/02 15:04:05", "2006-01-02 15:04"}, textLayouts...) {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if reUnix.MatchString(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err == nil {
			if f > 1e11 {
				f /= 1000
			}
			return time.Unix(int64(f), 0).UTC(), nil
		}
	}
	return ParseDate(s, yearHint)
}

// civil builds a calendar date. Whether it can be a posting's date (not
// 1970-01-01, not next year) is posting.CheckDate's question, asked of
// every date however it was read.
func civil(y, m, d int, s string) (time.Time, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, fmt.Errorf("date %s is out of range", quote(s))
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2023-02-30 must not roll over to March
		return time.Time{}, fmt.Errorf("date %s does not exist", quote(s))
	}
	return t, nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// YearFromName finds a plausible year (1990–2099) in a file name, for dates
// without one: list_2016-04_bigdata.html → 2016. It returns 0 when there is
// none.
func YearFromName(name string) int {
	m := yearInName.FindStringSubmatch(name)
	if m == nil {
		return 0
	}
	y := atoi(m[1])
	if y < 1990 {
		return 0
	}
	return y
}
