package normalize

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Field cleaning shared by every way postings arrive (import, crawl, the
// demo board), so an imported and a crawled copy of one posting compare
// equal field by field.

// City keeps the city of a Chinese "city·district" or "city-district" value
// (上海·徐汇区 → 上海, 北京-海淀区 → 北京); other values are only folded to one
// line.
func City(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) == 0 || !unicode.Is(unicode.Han, r[0]) {
		return s
	}
	if i := strings.IndexAny(s, "·-－/ ,，、"); i > 0 {
		return s[:i]
	}
	return s
}

// SalaryRange writes pay given as two numbers in yuan per month the way the
// sites show it: "15-30K·16薪" (months above 12 noted), and "150-200元/天"
// for amounts under 1,000, which are interns' day rates. Missing or
// unreadable bounds fall back on the other; none gives "".
func SalaryRange(lo, hi, months string) string {
	l, errL := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	h, errH := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if errL != nil && errH != nil {
		return ""
	}
	if errL != nil {
		l = h
	}
	if errH != nil || h < l {
		h = l
	}
	if h <= 0 {
		return ""
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	if h < 1000 {
		return f(l) + "-" + f(h) + "元/天"
	}
	s := f(l/1000) + "-" + f(h/1000) + "K"
	if m, err := strconv.Atoi(strings.TrimSpace(months)); err == nil && m > 12 {
		s += fmt.Sprintf("·%d薪", m)
	}
	return s
}
