package freetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// salaryRange matches a pay range as posters write it: "20-30k",
// "15K - 25K", "20~40K/月", "25-50K·15薪", "20k-40k*13-15 薪",
// "40-90万", "$3500-5000", "15000-25000元/月". A unit (k, 千, w, 万, 元, a
// currency sign) is required so that "3-5年", "P5-P7" and "2020-2021" are
// not read as pay.
var salaryRange = regexp.MustCompile(
	`(?i)(?:(?:[$¥￥]|usd|rmb)\s?)?(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d{1,2})?\s?(?:k|千|w|万)?\s?(?:[-~～〜—–－至到]{1,2}|\s-\s)\s?(?:(?:[$¥￥]|usd|rmb)\s?)?(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?:\.\d{1,2})?` +
		`(?:\s?(?:k|千|w|万元?|元|美元|美金|rmb|usd)` + // the unit
		`(?:\s?(?:/|每)\s?(?:月|年|天|日|month|year|day))?` + // the period
		`(?:\s?[·*xX×✕\\]{1,2}\s?\d{1,2}(?:\s?[-~]\s?\d{1,2})?\s?薪?|\s?,?\s?\d{1,2}(?:\s?[-~]\s?\d{1,2})?\s?薪)?` + // months a year
		`)`)

// salaryBare matches a range with no unit, taken only where a label says it
// is pay ("薪资：15000-25000", "$3000-5000").
var salaryBare = regexp.MustCompile(`(?i)(?:(?:[$¥￥]|usd|rmb)\s?)?(?:\d{1,3}(?:,\d{3})+|\d{1,6})\s?[-~～到至—–]\s?(?:[$¥￥]\s?)?(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?:\s?(?:/|每)\s?(?:月|天|日|年))?`)

// currencyRange matches a range that a currency sign or name makes pay
// even without a label: "$3000-6000", "USD 4,000 – 8,000".
var currencyRange = regexp.MustCompile(`(?i)(?:[$¥￥]|usd|rmb)\s?(?:\d{1,3}(?:,\d{3})+|\d{1,6})\s?[-~～到至—–]\s?(?:[$¥￥]\s?)?(?:\d{1,3}(?:,\d{3})+|\d{1,6})`)

// payHints are the literal words salaryLabel needs.
var payHints = newWordSet("薪", "待遇", "工资", "base", "salary", "package", "总包", "年包")

// salaryLabel matches the labels that introduce pay.
var salaryLabel = regexp.MustCompile(`(?i)(薪资|薪酬|薪水|月薪|年薪|待遇|工资|月薪资|base|salary|package|总包|年包)`)

// salarySingle matches one amount after a pay label: "月薪3万", "年薪 40 万起".
var salarySingle = regexp.MustCompile(`(?i)\d{1,4}(?:\.\d)?\s?(?:k|w|万|千)\+?(?:\s?起)?`)

// notPay is context that makes an amount something other than the salary:
// bonuses, allowances, funding, counts.
var notPay = []string{"奖金", "年终", "期权", "补贴", "补助", "房补", "餐补", "报销", "融资", "估值", "营收", "收入", "用户", "下载", "star", "Star", "粉丝", "日活", "月活", "奖励", "红包", "绩效", "市值", "规模"}

// findSalary returns the first pay range in s, as written, or "".
// labelled says the text is known to be about pay, which admits bare ranges.
func findSalary(s string, labelled bool) string {
	if indexDigit(s) < 0 {
		return ""
	}
	// every pattern below needs a unit, a currency or a label
	if !labelled && !containsAnyRune(s, "kK千万wW元$¥￥美") {
		if low := lowerASCII(s); !strings.Contains(low, "usd") && !strings.Contains(low, "rmb") {
			return ""
		}
	}
	// salaryRange, currencyRange and salaryBare all need a separator, and
	// they try every position of the text: skip them where there is none.
	if containsAnyRune(s, "-~～〜—–－至到") {
		if m := findRange(s, labelled); m != "" {
			return m
		}
	} else if !labelled {
		return ""
	}
	if labelled {
		if loc := salaryLabel.FindStringIndex(s); loc != nil {
			if m := salarySingle.FindString(s[loc[1]:]); m != "" {
				return strings.TrimSpace(m)
			}
		}
	}
	return ""
}

// findRange returns the first pay range of s (salaryRange, then a
// currency's range, then, labelled, a bare range), or "".
func findRange(s string, labelled bool) string {
	off := payStart(s)
	for _, loc := range salaryRange.FindAllStringIndex(s[off:], 4) {
		loc[0], loc[1] = loc[0]+off, loc[1]+off
		m := s[loc[0]:loc[1]]
		if !plausiblePay(m) || payContextBad(s[:loc[0]], labelled) {
			continue
		}
		if loc[1] < len(s) && normalize.IsWordByte(s[loc[1]]) && !unicode.IsDigit(rune(s[loc[1]])) {
			continue // "1-2weeks"
		}
		return strings.TrimSpace(m)
	}
	if m := currencyRange.FindString(s[off:]); m != "" && plausiblePay(m) {
		return strings.TrimSpace(m)
	}
	if labelled {
		if m := salaryBare.FindString(s[off:]); m != "" && plausiblePay(m) {
			return strings.TrimSpace(m)
		}
	}
	return ""
}

// payStart returns an offset before which none of salaryRange,
// currencyRange and salaryBare can start a match: each opens with a
// digit, or with a currency ($, ¥, ￥, usd, rmb — "uſd" folds too) and a
// space before one, so at most eight bytes before the first digit. The
// expressions have no anchors, so their matches in s[payStart(s):] are
// their matches in s, less the offset; the text before is not scanned.
func payStart(s string) int {
	i := indexDigit(s)
	if i < 0 {
		return len(s)
	}
	i = max(i-8, 0)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// plausiblePay rejects ranges whose numbers cannot be pay: a lower bound
// above the upper one, or a unit-less pair of years.
func plausiblePay(m string) bool {
	nums := numbersIn(strings.ReplaceAll(m, ",", ""), 2)
	if len(nums) < 2 {
		return false
	}
	lo, hi := nums[0], nums[1]
	if lo <= 0 || hi <= 0 {
		return false
	}
	if lo > hi {
		return false
	}
	if lo >= 1900 && hi <= 2100 && hi-lo <= 10 {
		return false // a span of years
	}
	// "餐标80-100元/人": a small sum in yuan is an allowance unless paid by
	// the day or hour ("300-500元/天")
	if u := strings.TrimSpace(strings.SplitN(m, "/", 2)[0]); strings.HasSuffix(u, "元") && !strings.HasSuffix(u, "万元") && hi < 1000 &&
		!strings.Contains(m, "天") && !strings.Contains(m, "日") && !strings.Contains(m, "时") {
		return false
	}
	return true
}

// payContextBad looks at the few runes before a range for words that make it
// a bonus, an allowance or a count. A labelled line is trusted.
func payContextBad(before string, labelled bool) bool {
	if labelled {
		return false
	}
	rs := []rune(before)
	if len(rs) > 8 {
		rs = rs[len(rs)-8:]
	}
	w := string(rs)
	if i := strings.LastIndexAny(w, "，,；;。"); i >= 0 {
		w = w[i:]
	}
	for _, bad := range notPay {
		if strings.Contains(w, bad) {
			return true
		}
	}
	return false
}

func numbersIn(s string, max int) []float64 {
	var out []float64
	for i := 0; i < len(s) && len(out) < max; {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		v := 0.0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			v = v*10 + float64(s[i]-'0')
			i++
		}
		if i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			f := 0.1
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				v += f * float64(s[i]-'0')
				f /= 10
				i++
			}
		}
		out = append(out, v)
	}
	return out
}
