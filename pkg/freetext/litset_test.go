package freetext

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The literal sets stand in for regular expressions and word loops on hot
// paths; they must give the same answers. Checked on every line of the
// corpus and on a few edge cases.
func TestLiteralSetsAgreeWithTheirExpressions(t *testing.T) {
	lines := []string{"", "AIGC saas平台", "\xed\xa0\x80岗位", "<b>x</B><email><深圳><br/>", `<a href="x>y" title='<'>t</a>`, `<p class="x>`, "<h7><H2 >", "<ſpan>", "<b", "a<bigfoo>b<TD>", "招聘2024届", "12024", "x 20 年", "国产公司 Foo", "某大厂—字节跳动", "\xe5\xb2岗位：前端", "岗\xe4", "职位有 类：", "2024届", "P7", "aigc", "ai gc", "海外Web3创作工具类平台", "全球领先的金融科技公司",
		"SaaS 软件\t服务", "北京、上海等地均可", "遍布全球的客户", "招聘岗位都有：前端",
		"【 工作地点 】 ：  杭州 ", "岗位1：前端", "岗位二 :\t产品", "**Base**: 上海", "a:b:c", "：x", "太长的标签名字超过十个字了吧：值", "(地点)：", "地点：\r\n", "x\ny：z",
		"P6", "t5", "L3", "SDE 2", "swe3", "IC4", "Email", "PHONE", "WLB", "ing", "Team", "JD", "A轮", "b+ 轮融资", "C轮", "D轮", "E轮", "Pre-A", "prea+轮",
		"天使轮", "种子轮融资", " 12", ".5", "+1", "%", "~3", "-", "～3", "\t3人", "岗位1", "职位 二", "ſde1", "ſwe 3", "e 轮", "Ic 3", "a\t轮", "T12", "phone", "PRE-A", "9", "l", "E+轮",
		"【岗位1】前端", "[ 职位二 ]：产品经理", " 岗位 3 - 测试工程师", "北/上/杭 全职", "上、深", "现招聘数据产品经理1名", "我们需要一位前端", "期待几位同学",
		"[【长标签一二三四五六七八九十】二]:x", "一二三四五六七八九十一二三四五：x", "【一二三四五六七八九十】二】：x",
		"月薪 uſd 3000-5000", "待遇：￥ 20-30k", "前面很长的一段中文说明文字 USD 4,000 – 8,000", "薪资¥1-2万", "年包 rmb 40-60w", "abcdefgh9", "abcdefg9", "２０Ｋ", "ｒｅｄｉｓ", "⾼级Java后端⼯程师", "（）：，", "\xef：", "\xe4\xbd：x:", "a:b：c"}
	if testing.Short() {
		t.Log("corpus lines skipped with -short")
	} else {
		for _, p := range loadCorpus(t) {
			lines = append(lines, strings.Split(p.Body, "\n")...)
			d := newDoc(splitLines(p.Body), p.Body)
			for _, needs := range []*litSet{hybridNeeds, remoteNeeds, remoteHintWords, onsiteNeeds, seekerNeeds, noiseLits} {
				if needs.index(d.lower) >= 0 && !needs.mayIn(d.textIx()) {
					t.Fatalf("comment %d: a word of %v is in the lower-cased text, but mayIn says none may be", p.CommentID, needs.pairs)
				}
			}
			if got, want := urlsIn(d.text, d.lower, 20), urlRe.FindAllString(d.text, 20); !slices.Equal(got, want) {
				t.Fatalf("urlsIn on comment %d: %q, the expression %q", p.CommentID, got, want)
			}
			// a tag may span lines
			if got, want := replaceHTMLTags(p.Body, strings.ToUpper), htmlTag.ReplaceAllStringFunc(p.Body, strings.ToUpper); got != want {
				t.Fatalf("replaceHTMLTags on comment %d differs from the expression", p.CommentID)
			}
		}
	}
	for _, text := range []string{"WWW.EXAMPLE.COM 招聘\nhr@example.com，谢谢\n", strings.Repeat("见 https://a.cn/x 与 b@c.io\n", 15), "无链接\n", "HTTPS://X.CN）"} {
		if got, want := urlsIn(text, lowerASCII(text), 20), urlRe.FindAllString(text, 20); !slices.Equal(got, want) {
			t.Fatalf("urlsIn on %q: %q, the expression %q", text, got, want)
		}
	}
	for _, text := range []string{"WFH 2 days", "Hybrid Work", "可远程", "ON-SITE", "x"} {
		ix := newTextIndex(text, lowerASCII(text))
		for _, needs := range []*litSet{hybridNeeds, remoteNeeds, onsiteNeeds, remoteHintWords} {
			if needs.index(ix.lower) >= 0 && !needs.mayIn(ix) {
				t.Fatalf("%q: a word of the set is in the lower-cased text, but mayIn says none may be", text)
			}
		}
	}
	trip := regexp.MustCompile(`旅游|旅行|团建|出游|去过|成立于|创立于|起源|来自|上市|客户|用户|覆盖|遍布|毕业|大学`)
	for _, s := range lines {
		if got, want := descriptionLits.removeAll(lowerASCII(s)), lowerASCII(descriptionWords.ReplaceAllString(s, "")); got != want {
			t.Fatalf("descriptionLits on %q: %q, the expression %q", s, got, want)
		}
		if got, want := tripWords.in(s), trip.MatchString(s); got != want {
			t.Fatalf("tripWords on %q: %v, the expression %v", s, got, want)
		}
		words := []string{"岗位", "职位", "急聘", "热招", "急招", "主招", "在招", "开放", "招聘", "招人", "类", "内推", "团队"}
		if got, want := introNeeds.in(s), containsAnyOf(s, words); got != want {
			t.Fatalf("introNeeds on %q: %v, strings.Contains %v", s, got, want)
		}
		for _, p := range append(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" |｜/、，,()（）【】[]-:：", r) }), s) {
			byLast, always := titleSuffixIndex.candidates(p)
			if got, want := endsLikeTitle(p, byLast) || endsLikeTitle(p, always), endsLikeTitle(p, titleSuffixes); got != want {
				t.Fatalf("titleSuffixIndex on %q: %v, the list %v", p, got, want)
			}
			byLast, always = orgSuffixIndex.candidates(p)
			if got, want := endsLikeOrgWord(p, byLast) || endsLikeOrgWord(p, always), endsLikeOrgWord(p, orgSuffixes); got != want {
				t.Fatalf("orgSuffixIndex on %q: %v, the list %v", p, got, want)
			}
			if got, want := sectionByFirst.hasPrefixOf(p), slices.ContainsFunc(sectionWords, func(w string) bool { return strings.HasPrefix(p, w) }); got != want {
				t.Fatalf("sectionByFirst on %q: %v, the list %v", p, got, want)
			}
		}
		if hiringSentence.MatchString(s) && !hiringNeeds.in(s) {
			t.Fatalf("hiringSentence matches %q, but hiringNeeds finds none of its verbs", s)
		}
		if got, want := indexColon(s), strings.IndexAny(s, "：:"); got != want {
			t.Fatalf("indexColon(%q) = %d, want %d", s, got, want)
		}
		if got, want := indexDigit(s), strings.IndexAny(s, "0123456789"); got != want {
			t.Fatalf("indexDigit(%q) = %d, want %d", s, got, want)
		}
		if off := payStart(s); off > 0 {
			shifted := salaryRange.FindAllStringIndex(s[off:], 4)
			for _, loc := range shifted {
				loc[0], loc[1] = loc[0]+off, loc[1]+off
			}
			if got, want := shifted, salaryRange.FindAllStringIndex(s, 4); !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("salaryRange from payStart on %q: %v, on the whole %v", s, got, want)
			}
			for _, re := range []*regexp.Regexp{currencyRange, salaryBare} {
				if got, want := re.FindString(s[off:]), re.FindString(s); got != want {
					t.Fatalf("%v from payStart on %q: %q, on the whole %q", re, s, got, want)
				}
			}
		}
		if v := strings.ToValidUTF8(s, " "); hasFoldRune(v) != strings.ContainsFunc(v, needsFold) {
			t.Fatalf("hasFoldRune(%q) = %v, want %v", v, hasFoldRune(v), !hasFoldRune(v))
		}
		for _, withDistricts := range []bool{false, true} {
			hs := cities.find(s, withDistricts)
			if got, want := cities.opensWith(s, withDistricts), len(hs) > 0 && hs[0].start == 0; got != want {
				t.Fatalf("cities.opensWith(%q, %v) = %v, want %v", s, withDistricts, got, want)
			}
		}
		if letterCount(s+"\n") != letterCount(s) {
			t.Fatalf("a final newline counts as a letter in %q", s)
		}
		if n := utf8.RuneCountInString(s); !runesAtMost(s, n) || n > 0 && runesAtMost(s, n-1) {
			t.Fatalf("runesAtMost(%q, …) does not count %d runes", s, n)
		}
		if got, want := letterCount(s), letterCountSlow(s); got != want {
			t.Fatalf("letterCount(%q) = %d, want %d", s, got, want)
		}
		if got, want := hasDecoration(s), strings.ContainsFunc(s, isDecoration); got != want {
			t.Fatalf("hasDecoration on %q: %v, want %v", s, got, want)
		}
		if got, want := stripLevelCode(s), stripLevelCodeSlow(s); got != want {
			t.Fatalf("stripLevelCode on %q: %q, want %q", s, got, want)
		}
		if got, want := replaceHTMLTags(s, strings.ToUpper), htmlTag.ReplaceAllStringFunc(s, strings.ToUpper); got != want {
			t.Fatalf("replaceHTMLTags on %q: %q, the expression %q", s, got, want)
		}
		if got, want := findLegalSuffix(s), legalSuffixRe.FindStringIndex(s); !slices.Equal(got, want) {
			t.Fatalf("findLegalSuffix on %q: %v, the expression %v", s, got, want)
		}
		if got, want := findTrailingYear(s), trailingYear.FindStringIndex(s); !slices.Equal(got, want) {
			t.Fatalf("findTrailingYear on %q: %v, the expression %v", s, got, want)
		}
		if got, want := describedNameMatch(s), describedName.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Fatalf("describedNameMatch on %q: %q, the expression %q", s, got, want)
		}
		if got, want := leftmostAt(introLabelAt, introStarts, s), introLabel.FindStringIndex(s); !slices.Equal(got, want) {
			t.Fatalf("leftmostAt(introLabel) on %q: %v, the expression %v", s, got, want)
		}
		for _, f := range append(strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("|｜/、，,()（）【】[]", r) }), strings.TrimSpace(s)) {
			if f = strings.TrimSpace(f); len(f) <= 40 && noiseCode.MatchString(f) && !mayBeNoiseCode(f) {
				t.Fatalf("mayBeNoiseCode(%q) is false, but noiseCode matches", f)
			}
		}
		for _, v := range []string{s, strings.TrimSpace(stripDecoration(s)), s + "\n：x"} {
			if got, want := labelMatch(v), labelRe.FindStringSubmatch(v); !slices.Equal(got, want) {
				t.Fatalf("labelMatch on %q: %q, the expression %q", v, got, want)
			}
		}
		if got, want := numberedTitleMatch(s), numberedTitle.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Fatalf("numberedTitleMatch on %q: %q, the expression %q", s, got, want)
		}
		if got, want := findAbbrRun(s), abbrRun.FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Fatalf("findAbbrRun on %q: %v, the expression %v", s, got, want)
		}
		if sentenceHire.MatchString(s) && !sentenceHireNeeds.in(s) {
			t.Fatalf("sentenceHire matches %q, but sentenceHireNeeds finds none of its words", s)
		}
		if got, want := introNeeds.index(s), firstIndexOf(s, words); got != want {
			t.Fatalf("introNeeds.index(%q) = %d, want %d", s, got, want)
		}
	}
	for _, w := range append(slices.Clone(titleSuffixes), orgSuffixes...) {
		for _, s := range []string{w, strings.ToUpper(w), "x" + w, "ſ" + w, "前端" + strings.ToUpper(w), "Go " + w} {
			for _, x := range []*suffixIndex{titleSuffixIndex, orgSuffixIndex} {
				byLast, always := x.candidates(s)
				if got, want := endsLikeTitle(s, byLast) || endsLikeTitle(s, always), endsLikeTitle(s, titleSuffixes); x == titleSuffixIndex && got != want {
					t.Errorf("titleSuffixIndex on %q: %v, the list %v", s, got, want)
				}
				if got, want := endsLikeOrgWord(s, byLast) || endsLikeOrgWord(s, always), endsLikeOrgWord(s, orgSuffixes); x == orgSuffixIndex && got != want {
					t.Errorf("orgSuffixIndex on %q: %v, the list %v", s, got, want)
				}
			}
			if got, want := hasSuffixFold(s, w), strings.EqualFold(s[len(s)-len(w):], w); got != want {
				t.Errorf("hasSuffixFold(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
	}
}

// letterCountSlow is letterCount decoding every rune.
func letterCountSlow(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF || unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return max(n-5*strings.Count(s, "<email>")-5*strings.Count(s, "<phone>"), 0)
}

func stripLevelCodeSlow(t string) string {
	for _, loc := range levelCode.FindAllStringSubmatchIndex(t, -1) {
		if loc[3] == len(t) || loc[2] == 0 {
			return strings.TrimSpace(t[:loc[2]] + t[loc[3]:])
		}
	}
	return t
}

// firstIndexOf is the least index in s of any of words, or -1.
func firstIndexOf(s string, words []string) int {
	best := -1
	for _, w := range words {
		if i := strings.Index(s, w); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

func TestRunesAtMost(t *testing.T) {
	for _, s := range []string{"", "a", "ab", "中文", "中文字", "\xe5\xb2", "a\xffb", "𝄞𝄞", strings.Repeat("中", 40), strings.Repeat("a", 121),
		"\xe0\x80\x80中", "\xed\xa0\x80文", "\xef\xbc\x9a：", "\xee\x80\x80x", "中\xe4\xb8", "\xf0\x9f\x98"} {
		for n := 0; n <= 45; n++ {
			if got, want := runesAtMost(s, n), utf8.RuneCountInString(s) <= n; got != want {
				t.Errorf("runesAtMost(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
}

func TestHasUpper8(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []uint64{0, 0x20, 0x5B, 0x40, 0xC0, 0xDA, 0xFF, 0x2F, 0x3A, 0xB0, 0xB9} {
				x := fill * 0x0101010101010101
				x = x&^(0xFF<<(8*pos)) | uint64(b)<<(8*pos)
				want := false
				for k := 0; k < 8; k++ {
					if c := byte(x >> (8 * k)); c >= 'A' && c <= 'Z' {
						want = true
					}
				}
				var lower uint64
				for k := 0; k < 8; k++ {
					c := byte(x >> (8 * k))
					if c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					lower |= uint64(c) << (8 * k)
				}
				if got := x | upper8(x)>>2; got != lower {
					t.Fatalf("lower-casing %#x gives %#x, want %#x", x, got, lower)
				}
				digit := false
				for k := 0; k < 8; k++ {
					if c := byte(x >> (8 * k)); c >= '0' && c <= '9' {
						digit = true
					}
				}
				if got := bytesIn8(x, '0', '9') != 0; got != digit {
					t.Fatalf("bytesIn8(%#x, '0', '9') = %v, want %v", x, got, digit)
				}
				if got := hasUpper8(x); got != want {
					t.Fatalf("hasUpper8(%#x) = %v, want %v", x, got, want)
				}
			}
		}
	}
}

func TestLowerASCII(t *testing.T) {
	for _, s := range []string{"", "A", "abcDEFGHIJKLMNOPqrstuvwxyz[@`{", "中文Go工程师ABCDEFGH", "ÀÉ\xffZ\x80A", strings.Repeat("Go开发", 9)} {
		want := strings.Map(func(r rune) rune {
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return r
		}, s)
		if !utf8.ValidString(s) {
			b := []byte(s)
			for i, c := range b {
				if c >= 'A' && c <= 'Z' {
					b[i] = c + 'a' - 'A'
				}
			}
			want = string(b)
		}
		if got := lowerASCII(s); got != want {
			t.Errorf("lowerASCII(%q) = %q, want %q", s, got, want)
		}
	}
}
