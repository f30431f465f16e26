package dedup

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func normalized(s string) string {
	var c runeCollector
	normalizeTo(s, &c)
	return string(c.r)
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"熟悉Go_x000D_语言", "熟悉go语言"},
		{"Go_x000d_\n3年以上", "go年以上"},
		{"职位职责： \n<br />1、对标海内外SaaS", "职位职责对标海内外saas"},
		{"Ｊａｖａ开发，ＨＴＭＬ５", "java开发html"},
		{"联系<phone>或<email>投递", "联系或投递"},
		{"R&amp;D&nbsp;团队&#12288;A&B", "rd团队ab"},
		{"薪资<1万 > 5千", "薪资万千"}, // a '<' that opens no tag is text (then punctuation)
		{"Café Müller", "cafémüller"},
		{"\xff\xfe无效字节", "无效字节"},
		{"_x000", "x"},
	} {
		if got := normalized(tc.in); got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestYearsAsked(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint8
	}{
		{"本科及以上学历，3年以上Java开发经验", 3},
		{"具有 8 年以上的 .NET 开发经验", 8},
		{"三年及以上java开发经验", 3},
		{"1-3年以上Java开发经验", 1},
		{"5年+后端经验", 5},
		{"２年或以上经验", 2},
		{"2024年入职，应届生", 0},
		{"年龄35岁以下", 0},
		{"工作经验不限", 0},
		{"100年以上老店", 0},
		{"年以上", 0},
	} {
		if got := yearsAsked(tc.in); got != tc.want {
			t.Errorf("yearsAsked(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestTitleLevel(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Java开发工程师", "JAVA开发工程师（急招）", true},
		{"资深全栈开发工程师", "全栈高级开发工程师", true},
		{"java专家", "高级JAVA工程师", true},
		{"中高级java", "高级java开发", true},
		{"初级Java开发工程师", "JAVA开发助理工程师", true},
		{"数据分析师", "数据分析师助理", false},
		{"中级java开发", "java开发工程师", false},
		{"Django开发工程师（兼职）", "Django开发工程师", false},
		{"Ｓｅｎｉｏｒ Java", "Java", false},
	} {
		if got := titleLevel(tc.a) == titleLevel(tc.b); got != tc.same {
			t.Errorf("level(%q)=%b level(%q)=%b: same=%v, want %v", tc.a, titleLevel(tc.a), tc.b, titleLevel(tc.b), got, tc.same)
		}
	}
}

// realRow returns one posting of testdata/postings.csv.
func realRow(t *testing.T, id string) corpusRow {
	t.Helper()
	rows := readPostings(t, filepath.Join("testdata", "postings.csv"))
	r, ok := rows[id]
	if !ok {
		t.Fatalf("%s not in testdata/postings.csv", id)
	}
	return r
}

func TestSketchIdentityAndNoise(t *testing.T) {
	a := realRow(t, "51JOB_158399939") // the Java template posted under many names
	b := realRow(t, "51JOB_141182969") // a chip-test engineer ad
	sa := SketchOf(a.title, a.description)
	if !sa.Comparable() {
		t.Fatalf("%d shingles: not comparable", sa.Shingles())
	}
	// Markup, Excel breaks, full-width letters and digits do not change the sketch.
	noisy := strings.ReplaceAll(a.description, "\n", "_x000D_\n<br />")
	noisy = strings.ReplaceAll(noisy, "Java", "Ｊａｖａ")
	noisy = strings.ReplaceAll(noisy, "；", "；&nbsp;1、")
	if sn := SketchOf(a.title, noisy); sn != sa {
		t.Errorf("noise changed the sketch: similarity %.3f", Similarity(sa, sn))
	}
	sb := SketchOf(b.title, b.description)
	if j := Similarity(sa, sb); j > 0.1 {
		t.Errorf("unrelated ads: similarity %.3f", j)
	}
	if Same(sa, sb) {
		t.Error("unrelated ads are Same")
	}
}

// TestContainmentFindsExtendedRepost builds the case exact Jaccard misses:
// an agency's template reposted with benefits and a list of cities added
// (pair 201 of pairs.tsv) keeps most of its text, so its containment stays
// high while its Jaccard similarity falls below one half.
func TestContainmentFindsExtendedRepost(t *testing.T) {
	a := realRow(t, "51JOB_158903744")
	b := realRow(t, "51JOB_159019991")
	sa, sb := SketchOf(a.title, a.description), SketchOf(b.title, b.description)
	j, c := exactJC(exactShingles(a.title, a.description), exactShingles(b.title, b.description))
	if j >= 0.5 || c < 0.85 {
		t.Fatalf("exact J %.2f C %.2f: the pair no longer shows the case", j, c)
	}
	if est := Containment(sa, sb); est < Threshold {
		t.Errorf("estimated containment %.2f (exact %.2f) below %.2f", est, c, Threshold)
	}
	if !Same(sa, sb) || !sharesBand(&sa, &sb) {
		t.Errorf("extended repost not found: Same %v, shared band %v", Same(sa, sb), sharesBand(&sa, &sb))
	}
}

// TestLevelAndYearsSeparateVersions: one employer's two versions of one
// text, 数据分析师 and 数据分析师助理 (pair 40), and the same description
// asking 3 and 5 years, are different jobs although the texts match.
func TestLevelAndYearsSeparateVersions(t *testing.T) {
	a := realRow(t, "51JOB_158623506")
	b := realRow(t, "51JOB_153234716")
	sa, sb := SketchOf(a.title, a.description), SketchOf(b.title, b.description)
	if Similarity(sa, sb) < 0.95 {
		t.Fatalf("similarity %.2f: the texts no longer match", Similarity(sa, sb))
	}
	if Same(sa, sb) {
		t.Errorf("%q and %q are Same", a.title, b.title)
	}
	d := realRow(t, "51JOB_159534778").description // "…3年以上开发经验…"
	if !strings.Contains(d, "3年以上") {
		t.Fatal("description changed")
	}
	s3 := SketchOf("JAVA开发", d)
	s5 := SketchOf("JAVA开发", strings.Replace(d, "3年以上", "5年以上", 1))
	if Same(s3, s5) {
		t.Error("3 and 5 years are Same")
	}
	if !Same(s3, SketchOf("JAVA开发", d+"工作地点：南京")) {
		t.Error("a line added made the ad another job")
	}
}

func TestShortTextsNeverMatch(t *testing.T) {
	stub := "JAVA基础扎实，理解io、多线程、集合等基础框架，对JVM原理有一定的了解"
	a, b := SketchOf("Java", stub), SketchOf("Java", stub)
	if a.Comparable() || Same(a, b) || a.Bands() != nil || Similarity(a, b) != 0 {
		t.Errorf("a %d-shingle stub is comparable or matches", a.Shingles())
	}
	var zero Sketch
	if zero.Comparable() || Same(zero, zero) {
		t.Error("the zero sketch matches")
	}
}

func TestBands(t *testing.T) {
	r := realRow(t, "51JOB_158399939")
	s := SketchOf(r.title, r.description)
	keys := s.Bands()
	if len(keys) != Bands {
		t.Fatalf("%d band keys, want %d", len(keys), Bands)
	}
	seen := map[uint64]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Errorf("band key %x repeated", k)
		}
		seen[k] = true
	}
	t2 := SketchOf(r.title, r.description+"五险一金，周末双休")
	shared := 0
	for i, k := range t2.Bands() {
		if k == keys[i] {
			shared++
		}
	}
	if shared == 0 {
		t.Error("a near-identical ad shares no band")
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	r := realRow(t, "51JOB_158623506")
	for _, s := range []Sketch{SketchOf(r.title, r.description), SketchOf("Java", "短"), {}} {
		b := s.Marshal()
		if len(b) != EncodedSize || EncodedSize > 256 {
			t.Fatalf("encoded %d bytes (EncodedSize %d)", len(b), EncodedSize)
		}
		got, err := Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		if got != s {
			t.Error("round trip changed the sketch")
		}
	}
}

func TestUnmarshalErrors(t *testing.T) {
	r := realRow(t, "51JOB_158623506")
	good := SketchOf(r.title, r.description).Marshal()
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	for name, b := range map[string][]byte{
		"empty":      nil,
		"short":      good[:100],
		"long":       append(append([]byte(nil), good...), 0),
		"version":    mut(func(b []byte) []byte { b[0] = 99; return b }),
		"level bits": mut(func(b []byte) []byte { b[1] = 0x80; return b }),
		"place":      mut(func(b []byte) []byte { b[3], b[4] = 0xFE, 0xFF; return b }),
		"short+bins": mut(func(b []byte) []byte { b[5], b[6], b[7] = 3, 0, 0; return b }),
	} {
		_, err := Unmarshal(b)
		if !errors.Is(err, ErrFormat) {
			t.Errorf("%s: error %v, want ErrFormat", name, err)
		}
	}
}
