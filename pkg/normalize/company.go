package normalize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// legalSuffixes are stripped from the end of a company name, longest first,
// so that "字节跳动科技有限公司" and "字节跳动" compare equal.
var legalSuffixes = []string{
	"股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司",
	"网络技术", "信息技术", "科技", "网络", "技术",
	" co., ltd.", " co.,ltd.", " co. ltd", " ltd.", " ltd", " inc.", " inc", " llc", " gmbh",
}

// CompanyKey returns the comparison key of a company name: width-folded,
// lower-cased, parenthesised parts and legal suffixes removed. Two names with
// the same key are one employer. An empty name has an empty key.
func CompanyKey(name string) string {
	s := strings.ToLower(norm.NFKC.String(strings.TrimSpace(name)))
	s = stripParens(s)
	for changed := true; changed; {
		changed = false
		for _, suf := range legalSuffixes {
			if len(s) > len(suf) && strings.HasSuffix(s, suf) {
				s = strings.TrimSpace(strings.TrimSuffix(s, suf))
				changed = true
			}
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			return -1
		}
		return r
	}, s)
}

// stripParens removes "(…)" groups (after NFKC, full-width brackets are ASCII),
// which in Chinese company names hold a region or branch: 腾讯科技（深圳）有限公司.
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '【' || r == '[':
			depth++
		case (r == ')' || r == '】' || r == ']') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
