package trend

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/skill"
)

// TestVocabularyTermsAreTokens: every spelling of the vocabulary comes out
// of the segmenter as one token, itself. A spelling jieba cuts apart
// (微服务 → 微/服务 before the user dictionary had it) or the stop words
// drop could never be counted: it would sit in the vocabulary unseen.
func TestVocabularyTermsAreTokens(t *testing.T) {
	if testing.Short() {
		t.Skip("loads jieba")
	}
	src, closeSeg := DefaultSegmenter(nil)
	defer closeSeg()
	seg, err := src.Open()
	if err != nil {
		t.Fatal(err)
	}
	voc := DefaultVocabulary()
	tax := skill.DefaultTaxonomy()
	bad := 0
	for _, sp := range voc.Spellings() {
		vt, _ := voc.Lookup(sp)
		if vt.Skill {
			continue // the taxonomy's spellings: mapped by the segmenter, tested there
		}
		got := seg.Tokens(nil, sp)
		if len(got) != 1 || got[0] != sp {
			bad++
			t.Errorf("%q (%s, %s): segmented as %q", sp, vt.Name, vt.Category, got)
		}
	}
	// The skills' Chinese spellings too: the tokens must find their term.
	for _, s := range tax.Skills() {
		for _, a := range s.Aliases {
			if a[0] < 0x80 {
				continue
			}
			got := seg.Tokens(nil, a)
			if len(got) != 1 {
				t.Errorf("skill %s: %q segmented as %q", s.Name, a, got)
			} else if vt, ok := voc.Lookup(got[0]); !ok || vt.Name != s.Name {
				t.Errorf("skill %s: %q gives the token %q, which the vocabulary maps to %+v", s.Name, a, got[0], vt)
			}
		}
	}
	t.Logf("%d spellings of %d terms checked, %d bad", len(voc.Spellings()), len(voc.Terms()), bad)
}

func TestVocabularyCounts(t *testing.T) {
	voc := DefaultVocabulary()
	kinds := map[string]int{}
	cats := map[string]int{}
	for _, vt := range voc.Terms() {
		kinds[vt.Kind]++
		cats[vt.Category]++
	}
	t.Logf("%d terms (%d tech, %d domain), %d spellings; by category %v; version %s",
		len(voc.Terms()), kinds[KindTech], kinds[KindDomain], len(voc.Spellings()), cats, voc.Version())
	if kinds[KindDomain] < 150 || kinds[KindTech] < 500 {
		t.Errorf("vocabulary too small: %v", kinds)
	}
	for _, sp := range []string{"k8s", "微服务", "golang", "跨境电商", "风控", "推荐系统", "支付", "广告", "直播", "音视频", "自动驾驶", "量化交易"} {
		if _, ok := voc.Lookup(sp); !ok {
			t.Errorf("%q is not in the vocabulary", sp)
		}
	}
	if vt, _ := voc.Lookup("k8s"); vt.Name != "kubernetes" {
		t.Errorf("k8s → %q, want kubernetes", vt.Name)
	}
	if vt, _ := voc.Lookup("微服务"); vt.Name != "microservice" {
		t.Errorf("微服务 → %q, want microservice", vt.Name)
	}
	for _, benefit := range []string{"五险一金", "班车", "健身房", "保险", "旅游", "toutiao", "p7"} {
		if _, ok := voc.Lookup(benefit); ok {
			t.Errorf("%q must not be a keyword candidate", benefit)
		}
	}
}

func TestParseVocabularyErrors(t *testing.T) {
	tax := skill.DefaultTaxonomy()
	head := "version: 1\ncategories:\n" +
		"  language: {kind: tech}\n  database: {kind: tech}\n  framework: {kind: tech}\n  concept: {kind: tech}\n" +
		"  middleware: {kind: tech}\n  data: {kind: tech}\n  systems: {kind: tech}\n  cloud-native: {kind: tech}\n" +
		"  ops: {kind: tech}\n  observability: {kind: tech}\n  tooling: {kind: tech}\n  frontend: {kind: tech}\n" +
		"  client: {kind: tech}\n  ai: {kind: tech}\n  blockchain: {kind: tech}\n  industry: {kind: domain}\n"
	if _, err := ParseVocabulary(strings.NewReader(head+"terms:\n  industry: [金融]\n"), tax); err != nil {
		t.Fatalf("a good file: %v", err)
	}
	for _, tt := range []struct{ in, want string }{
		{head + "  odd: {kind: both}\n", `kind "both"`},
		{head + "terms:\n  nosuch: [x]\n", `unknown category "nosuch"`},
		{head + "terms:\n  industry: [金融, 金融]\n", `already a spelling`},
		{head + "terms:\n  industry: [k8s]\n", `spelling of the skill "kubernetes"`},
		{head + "terms:\n  industry: [Banking]\n", `lower case`},
		{head + "terms:\n  industry: [big data]\n", `white space`},
		{head + "terms:\n  industry: [a||b]\n", `empty spelling`},
		{"version: 1\ncategories:\n  industry: {kind: domain}\n", `category "language" is not a category`},
		{head + "extra: 1\n", `field extra not found`},
	} {
		_, err := ParseVocabulary(strings.NewReader(tt.in), tax)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

func TestOrientationRulesParse(t *testing.T) {
	voc := DefaultVocabulary()
	o, err := parseOrientation(bytes.NewReader(data.Orientation), voc)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"云原生后端", "SRE/可观测", "中间件/基础架构", "数据/AI", "区块链", "游戏", "客户端", "前端", "安全",
		"嵌入式/硬件", "测试", "业务后端", "其他"}
	got := slices.Clone(o.labels)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("labels %v, want exactly %v", o.labels, want)
	}
	for _, tt := range []struct{ in, want string }{
		{"version: 1\nlabels: [a, b]\nfallback: c\nmin_score: 1\n", `fallback "c"`},
		{"version: 1\nlabels: [a, b]\nfallback: b\nmin_score: 1\ncategories:\n  nosuch: {a: 1}\n", `unknown category`},
		{"version: 1\nlabels: [a, b]\nfallback: b\nmin_score: 1\nterms:\n  k8s: {a: 1}\n", `first spelling`},
		{"version: 1\nlabels: [a, b]\nfallback: b\nmin_score: 1\nterms:\n  kubernetes: {c: 1}\n", `unknown label "c"`},
		{"version: 1\nlabels: [a, b]\nfallback: b\nmin_score: 1\nterms:\n  kubernetes: {a: -1}\n", `must be positive`},
		{"version: 1\nlabels: [a, b]\nfallback: b\nmin_score: 0\n", `min_score`},
	} {
		_, err := parseOrientation(strings.NewReader(tt.in), voc)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

// FuzzParseVocabulary: whatever the file, parsing returns a vocabulary or
// an error, never panics; the rules parse against what it returns.
func FuzzParseVocabulary(f *testing.F) {
	f.Add(string(data.Vocabulary))
	f.Add("version: 1\ncategories:\n  language: {kind: tech}\nterms:\n  language: [a|b, c]\n")
	f.Add("terms: {x: [\"|\"]}")
	tax := skill.DefaultTaxonomy()
	f.Fuzz(func(t *testing.T, in string) {
		v, err := ParseVocabulary(strings.NewReader(in), tax)
		if err != nil {
			return
		}
		for _, sp := range v.Spellings() {
			if _, ok := v.Lookup(sp); !ok {
				t.Fatalf("spelling %q not found", sp)
			}
		}
		_, _ = parseOrientation(bytes.NewReader(data.Orientation), v)
	})
}
