package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// trimSuffixFoldScan and trimPlaceScan scan whole lists: what the affix
// indexes must agree with.
func trimSuffixFoldScan(s string, list []string) (string, bool) {
	for _, suf := range list {
		if len(s) <= len(suf) {
			continue
		}
		if strings.EqualFold(s[len(s)-len(suf):], suf) {
			rest := strings.TrimSpace(strings.TrimRight(s[:len(s)-len(suf)], ",.-·"))
			if utf8.RuneCountInString(rest) >= 2 {
				return rest, true
			}
		}
	}
	return s, false
}

func trimPlaceScan(s string) (string, bool) {
	for _, p := range places {
		if strings.HasPrefix(s, p) {
			if rest := strings.TrimSpace(s[len(p):]); placeRemainderOK(rest) {
				return rest, true
			}
		}
		if strings.HasSuffix(s, p) {
			if rest := strings.TrimSpace(s[:len(s)-len(p)]); placeRemainderOK(rest) {
				return rest, true
			}
		}
	}
	return s, false
}

func checkAffixes(t *testing.T, s string) {
	t.Helper()
	for _, l := range []struct {
		name string
		list []string
		idx  *affixes
	}{{"legal suffixes", legalSuffixes, legalIndex}, {"trade words", tradeWords, tradeIndex}} {
		got, gotOK := trimSuffixFold(s, l.idx)
		want, wantOK := trimSuffixFoldScan(s, l.list)
		if got != want || gotOK != wantOK {
			t.Fatalf("%s of %q: indexed %q %v, scanned %q %v", l.name, s, got, gotOK, want, wantOK)
		}
	}
	got, gotOK := trimPlace(s)
	want, wantOK := trimPlaceScan(s)
	if got != want || gotOK != wantOK {
		t.Fatalf("places of %q: indexed %q %v, scanned %q %v", s, got, gotOK, want, wantOK)
	}
}

// TestAffixIndexesMatchScans: every entry of the lists, alone and with
// other entries and names before and after it, in other cases, ends the
// same way through the index as through a scan of the list.
func TestAffixIndexesMatchScans(t *testing.T) {
	names := []string{"", "字节跳动", "北京", "ByteDance", "K", "ſ", "\xff", "银行", "x", "上海·", "Kelvin K"}
	var all []string
	all = append(all, legalSuffixes...)
	all = append(all, tradeWords...)
	all = append(all, places...)
	for _, e := range all {
		for _, v := range []string{e, strings.ToUpper(e), strings.ToTitle(e), strings.TrimSpace(e)} {
			for _, n := range names {
				checkAffixes(t, n+v)
				checkAffixes(t, v+n)
				checkAffixes(t, n+v+n)
				for _, f := range places[:20] {
					checkAffixes(t, f+n+v)
					checkAffixes(t, v+n+f)
				}
			}
		}
	}
}

func FuzzAffixIndexes(f *testing.F) {
	for _, s := range []string{"北京字节跳动科技有限公司", "ByteDance Co., Ltd.", "上海银行", "深圳市腾讯计算机系统有限公司", "ACME INC", "ſ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAffixes(t, s) })
}
