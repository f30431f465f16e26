package dedup

import (
	"strings"
	"unicode/utf8"
)

// Pay periods. Ranges are compared only within one period: a day rate and
// a monthly salary say nothing about each other.
const (
	perMonth uint8 = iota + 1
	perDay
	perHour
	perWeek
	perYear
)

// payRange is a pay range in yuan per period; the zero value is unknown.
type payRange struct {
	lo, hi float32
	per    uint8
}

// known reports whether the range was read.
func (p payRange) known() bool { return p.per != 0 }

// payGap is the relative gap two ranges must leave between them to be
// apart: ranges that touch or nearly touch (8,000–12,000 and
// 12,001–15,000) are one pay band written twice, not two.
const payGap = 0.05

// apart reports whether two known ranges of one period leave a gap
// between them.
func (p payRange) apart(q payRange) bool {
	if !p.known() || !q.known() || p.per != q.per {
		return false
	}
	return q.lo > p.hi*(1+payGap) || p.lo > q.hi*(1+payGap)
}

// parsePay reads pay as the store keeps it and as posters write it:
// "15-30K·16薪", "150-200元/天", "15000-25000元/月", "20k-40k", "1.5-2万",
// "40-90万" (a year: no month pays 100,000 yuan or more), "8千-1.2万",
// "300元/天", "15K". The months of pay a year ("·16薪") are not part of
// the range. Anything else ("面议", "", a lower bound above the upper)
// gives the zero payRange.
func parsePay(s string) payRange {
	if foreignCurrency(s) {
		return payRange{}
	}
	var lo, hi, uLo, uHi float64
	var start, i, j int
	for from := 0; ; from = j {
		// The first number or range that is not months of pay ("16薪",
		// "13-15薪").
		k := strings.IndexAny(s[from:], "0123456789")
		if k < 0 {
			return payRange{}
		}
		start = from + k
		lo, i = readNumber(s, start)
		uLo, i = readUnit(s, i)
		hi, uHi, j = lo, uLo, i
		if k := skipSpaces(s, i); sepLen(s, k) > 0 {
			k = skipSpaces(s, k+sepLen(s, k))
			if k < len(s) && s[k] >= '0' && s[k] <= '9' {
				hi, j = readNumber(s, k)
				uHi, j = readUnit(s, j)
			}
		}
		if !months(s[j:]) {
			break
		}
	}
	open := 0 // a single bound: -1 "以下", +1 "以上"/"起"/"+"
	if j == i {
		switch rest := s[skipSpaces(s, i):]; {
		case strings.HasPrefix(rest, "以上"), strings.HasPrefix(rest, "起"), strings.HasPrefix(rest, "+"):
			open = 1
		case strings.HasPrefix(rest, "以下"):
			open = -1
		}
	}
	// "15-25K": a unit written once applies to both bounds.
	switch {
	case uLo == 0 && uHi != 0:
		uLo = uHi
	case uHi == 0 && uLo != 0:
		uHi = uLo
	}
	lo, hi = lo*max(uLo, 1), hi*max(uHi, 1)
	if lo <= 0 || hi < lo || hi > maxPay {
		return payRange{}
	}
	per := periodOf(s[:start], s[j:])
	if per == 0 {
		switch {
		case hi >= 100_000:
			per = perYear
		case hi < 1000:
			per = perDay // the sites' intern day rates: "150-200"
		default:
			per = perMonth
		}
	}
	switch open {
	case 1:
		hi = maxPay
	case -1:
		lo = 1
	}
	return payRange{lo: float32(lo), hi: float32(hi), per: per}
}

// months reports whether the text after a number says it counts months
// of pay ("16薪", "13-15 薪", "3个月").
func months(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	return strings.HasPrefix(rest, "薪") || strings.HasPrefix(rest, "个月")
}

// maxPay bounds the amounts read (yuan); it also stands for the open
// upper end of "15K以上".
const maxPay = 1e8

// foreignCurrency reports pay in another currency, which is left unread
// rather than compared with yuan.
func foreignCurrency(s string) bool {
	l := strings.ToLower(s)
	for _, w := range []string{"$", "usd", "美元", "美金", "€", "eur", "£", "港币", "hkd", "日元", "円"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// periodOf returns the period stated before a range ("年薪", "日薪") or
// right after it ("/天", "元/月", "每小时"), or 0.
func periodOf(before, after string) uint8 {
	for _, p := range []struct {
		word string
		per  uint8
	}{{"年薪", perYear}, {"月薪", perMonth}, {"日薪", perDay}, {"时薪", perHour}, {"周薪", perWeek}} {
		if strings.Contains(before, p.word) {
			return p.per
		}
	}
	after = strings.TrimLeft(after, " ")
	after = strings.TrimPrefix(after, "元")
	after = strings.TrimLeft(after, " ")
	for _, p := range []struct {
		word string
		per  uint8
	}{
		{"/天", perDay}, {"/日", perDay}, {"每天", perDay},
		{"/小时", perHour}, {"/时", perHour}, {"每小时", perHour},
		{"/周", perWeek}, {"每周", perWeek},
		{"/年", perYear}, {"每年", perYear},
		{"/月", perMonth}, {"每月", perMonth},
	} {
		if strings.HasPrefix(after, p.word) {
			return p.per
		}
	}
	return 0
}

// readNumber reads digits, thousands commas ("15,000") and a decimal
// part from s[i], which is a digit.
func readNumber(s string, i int) (float64, int) {
	v := 0.0
	for i < len(s) {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			v = v*10 + float64(c-'0')
			i++
		case c == ',' && thousands(s[i+1:]):
			i++
		case c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			f := 0.1
			for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
				v += f * float64(s[i]-'0')
				f /= 10
			}
			return v, i
		default:
			return v, i
		}
	}
	return v, i
}

// thousands reports whether s starts with exactly three digits.
func thousands(s string) bool {
	if len(s) < 3 {
		return false
	}
	for k := range 3 {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return len(s) == 3 || s[3] < '0' || s[3] > '9'
}

// readUnit reads a multiplier after a number: k, 千, w, 万 (and 万元);
// 元 and nothing are 1, returned as 0 when nothing is written.
func readUnit(s string, i int) (float64, int) {
	j := skipSpaces(s, i)
	if j >= len(s) {
		return 0, i
	}
	switch s[j] {
	case 'k', 'K':
		return 1000, j + 1
	case 'w', 'W':
		return 10000, j + 1
	}
	r, size := utf8.DecodeRuneInString(s[j:])
	switch r {
	case '千':
		return 1000, j + size
	case '万':
		return 10000, j + size
	case '元':
		return 1, j + size
	}
	return 0, i
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// rangeSeps are the characters written between the bounds of a range.
var rangeSeps = []string{"-", "~", "～", "至", "到", "—", "–", "－", "〜"}

func sepLen(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	for _, sep := range rangeSeps {
		if strings.HasPrefix(s[i:], sep) {
			return len(sep)
		}
	}
	return 0
}
