package trend

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// wordSegmenter cuts at white space and lower-cases: the tests below
// write their postings as the words the real segmenter would emit.
type wordSegmenter struct{}

func (wordSegmenter) Tokens(dst []string, text string) []string {
	return append(dst, strings.Fields(strings.ToLower(text))...)
}

// rankFixture is a store of postings written company by company.
type rankFixture struct {
	t  *testing.T
	st *store.Store
	ps []posting.Posting
}

func newRankFixture(t *testing.T) *rankFixture {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "rank.db"), store.Options{Tagger: skill.DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &rankFixture{t: t, st: st}
}

// add stores n postings of company with the title and description given
// (%d in the description becomes the posting's number, so none is an
// exact repost of another).
func (f *rankFixture) add(company, title, desc string, n int) {
	for range n {
		i := len(f.ps)
		f.ps = append(f.ps, posting.Posting{Source: "x", SourceID: fmt.Sprint(i), Title: title, Company: company,
			Description: fmt.Sprintf(desc, i), PostedAt: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)})
	}
}

// companies stores what was added and returns the report's company
// section with the vocabulary mode given.
func (f *rankFixture) companies(scope, vocabulary string) map[string]Company {
	f.t.Helper()
	ctx := context.Background()
	if _, err := f.st.UpsertBatch(ctx, f.ps); err != nil {
		f.t.Fatal(err)
	}
	f.ps = nil
	src := SegmenterSource{Version: "words", Open: func() (Segmenter, error) { return wordSegmenter{}, nil }}
	if _, err := RefreshTerms(ctx, f.st, src, nil); err != nil {
		f.t.Fatal(err)
	}
	opts := Options{Companies: 100, Scope: scope, Segmenter: src}
	opts.defaults()
	cs, _, err := companiesIn(ctx, f.st, store.Filter{}, opts, vocabulary, func() error { return nil })
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]Company{}
	for _, c := range cs {
		out[c.Company] = c
	}
	return out
}

func termList(kws []Keyword) []string {
	var out []string
	for _, k := range kws {
		out = append(out, k.Term)
	}
	return out
}

// filler is text of many companies, so that document frequencies look
// like a real store's: the terms below are rare outside the company.
func (f *rankFixture) filler() {
	for i := range 40 {
		f.add(fmt.Sprintf("其他%02d科技", i), "工程师", "java mysql 负责 开发 %d", 1)
	}
}

// One posting that repeats a term fifty times made it a top keyword when
// counts were summed over a company's postings. Counted once per posting
// and required in max(2, 10%) of them, it is no keyword; kafka, in 6 of
// 10, is, with its share.
func TestKeywordsOnePostingIsNoKeyword(t *testing.T) {
	f := newRankFixture(t)
	f.filler()
	f.add("字节跳动", "后端", "kafka redis 五险一金 班车 健身房 n%d", 6)
	f.add("字节跳动", "后端", "redis 五险一金 班车 健身房 n%d", 3)
	f.add("字节跳动", "后端", "redis "+strings.Repeat("clickhouse ", 50)+"n%d", 1)
	for _, mode := range []string{VocabularyCurated, VocabularyOpen} {
		c := f.companies(ScopeAll, mode)["字节跳动"]
		terms := termList(c.Keywords)
		if slices.Contains(terms, "clickhouse") {
			t.Errorf("%s: clickhouse, in one posting, is a keyword: %v", mode, c.Keywords)
		}
		i := slices.Index(terms, "kafka")
		if i < 0 || c.Keywords[i].Share != 0.6 {
			t.Errorf("%s: want kafka with share 0.6: %+v", mode, c.Keywords)
		}
		if mode == VocabularyCurated {
			for _, benefit := range []string{"五险一金", "班车", "健身房", "n1"} {
				if slices.Contains(terms, benefit) {
					t.Errorf("curated: %q, pasted into every ad, is a keyword: %v", benefit, terms)
				}
			}
		}
	}
}

// Spellings of one skill are one keyword, counted once per posting that
// has any of them: k8s in 3 postings and kubernetes in 2 others make
// kubernetes 50%, not two keywords of 30% and 20%.
func TestKeywordsSpellingsAreOneTerm(t *testing.T) {
	f := newRankFixture(t)
	f.filler()
	f.add("阿里巴巴", "后端", "k8s golang d%d", 3)
	f.add("阿里巴巴", "后端", "kubernetes 微服务 d%d", 2)
	f.add("阿里巴巴", "后端", "microservices k8s d%d", 2)
	f.add("阿里巴巴", "后端", "dubbo d%d", 3)
	c := f.companies(ScopeAll, VocabularyCurated)["阿里巴巴"]
	share := map[string]float64{}
	for _, k := range c.Keywords {
		share[k.Term] = k.Share
	}
	want := map[string]float64{"kubernetes": 0.7, "microservice": 0.4, "go": 0.3, "dubbo": 0.3}
	for term, s := range want {
		if share[term] != s {
			t.Errorf("%s: share %v, want %v (keywords %+v)", term, share[term], s, c.Keywords)
		}
	}
	for _, sp := range []string{"k8s", "golang", "微服务", "microservices"} {
		if _, ok := share[sp]; ok {
			t.Errorf("the spelling %q is listed beside its term: %+v", sp, c.Keywords)
		}
	}
}

// With --scope matched the skill is in every posting by construction: it
// is never a keyword, in no spelling; and a company needs five postings
// in scope for a list.
func TestKeywordsScopeMatched(t *testing.T) {
	f := newRankFixture(t)
	f.filler()
	f.add("拼多多", "Golang开发", "golang etcd grpc 电商 p%d", 5)
	f.add("拼多多", "Java开发", "java spring 电商 p%d", 5)
	f.add("小公司", "Golang开发", "golang etcd grpc s%d", 4)
	cs := f.companies(ScopeMatched, VocabularyCurated)
	pdd := cs["拼多多"]
	if terms := termList(pdd.Keywords); slices.Contains(terms, "go") || slices.Contains(terms, "golang") ||
		!slices.Contains(terms, "etcd") || slices.Contains(terms, "spring") {
		t.Errorf("拼多多, matched: %v; want etcd, not go, not the Java postings' spring", terms)
	}
	if s := cs["小公司"]; len(s.Keywords) != 0 || s.Matched != 4 {
		t.Errorf("小公司 has 4 postings with go: want no list, got %+v", s)
	}
	open := f.companies(ScopeMatched, VocabularyOpen)["拼多多"]
	if terms := termList(open.Keywords); slices.Contains(terms, "go") || slices.Contains(terms, "golang") {
		t.Errorf("open, matched: %v lists the skill", terms)
	}
}

// Tech terms outnumber business words in every ad; a list makes room for
// two domain terms the company has, at the end.
func TestKeywordsMakeRoomForDomain(t *testing.T) {
	f := newRankFixture(t)
	f.filler()
	tech := "kafka redis etcd grpc kubernetes docker clickhouse tidb flink spark elasticsearch rocketmq"
	f.add("美团", "后端", tech+" 外卖 m%d", 4)
	f.add("美团", "后端", tech+" 配送 m%d", 3)
	f.add("美团", "后端", tech+" m%d", 3)
	c := f.companies(ScopeAll, VocabularyCurated)["美团"]
	terms := termList(c.Keywords)
	if len(terms) != 10 || !slices.Contains(terms, "外卖") || !slices.Contains(terms, "配送") {
		t.Fatalf("美团: %v; want ten terms with 外卖 and 配送", terms)
	}
	if terms[8] != "外卖" || terms[9] != "配送" {
		t.Errorf("the domain terms should close the list in score order: %v", terms)
	}
	for i := 1; i < len(c.Keywords)-2; i++ {
		if c.Keywords[i].Score > c.Keywords[i-1].Score {
			t.Errorf("scores out of order: %+v", c.Keywords)
		}
	}
}

// Each posting gets the kind of job its terms signal; the company the kind
// most of its postings have, with their share. A post listing several jobs
// becomes one posting per title, each with the whole text: the title says
// which job it is.
func TestOrientation(t *testing.T) {
	f := newRankFixture(t)
	f.filler()
	f.add("滴滴", "前端开发", "vue webpack css 前端 d%d", 4)
	f.add("滴滴", "Golang 开发", "golang kubernetes etcd grpc 云原生 istio d%d", 3)
	f.add("滴滴", "Java 开发", "java spring mybatis mysql 后端 d%d", 2)
	f.add("滴滴", "", "滴滴内推，社招请联系 d%d", 1) // nothing about the work
	multi := "我们招 前端 vue webpack css 和 嵌入式 rtos 单片机 驱动开发 工程师 y%d"
	f.add("星辉", "嵌入式 软件开发 工程师", multi, 3)
	f.add("星辉", "前端 开发工程师", multi, 2)
	cs := f.companies(ScopeAll, VocabularyCurated)
	if o := cs["滴滴"].Orientation; o.Label != "前端" || o.Postings != 4 || o.Share != 0.4 {
		t.Errorf("滴滴: %+v; want 前端, 4 postings of 10", o)
	}
	if o := cs["星辉"].Orientation; o.Label != "嵌入式/硬件" || o.Postings != 3 {
		t.Errorf("星辉: %+v; want 嵌入式/硬件 from the titles, 3 postings", o)
	}
	rules := defaultOrientation()
	voc := DefaultVocabulary()
	ids := func(terms ...string) []int32 {
		var out []int32
		for _, term := range terms {
			i := voc.index(term)
			if i < 0 {
				t.Fatalf("%q not in the vocabulary", term)
			}
			out = append(out, i)
		}
		return out
	}
	scores := make([]float64, len(rules.labels))
	for _, tt := range []struct {
		terms, title []string
		want         string
	}{
		{[]string{"go", "kubernetes", "etcd", "grpc", "cloud-native", "istio"}, []string{"go"}, "云原生后端"},
		{[]string{"java", "spring", "mybatis", "mysql", "后端"}, nil, "业务后端"},
		{[]string{"测试", "自动化测试", "selenium", "jmeter", "测试用例"}, nil, "测试"},
		{[]string{"运营"}, nil, "其他"}, // a word of business, nothing technical enough
		{[]string{"数据分析", "sql", "excel", "spss"}, []string{"数据分析"}, "数据/AI"},
		{[]string{"go", "游戏", "手游", "玩家", "mysql"}, []string{"go"}, "游戏"},
	} {
		got := rules.classify(ids(tt.terms...), ids(tt.title...), scores)
		if got < 0 || rules.labels[got] != tt.want {
			t.Errorf("%v (title %v): label %d, want %s", tt.terms, tt.title, got, tt.want)
		}
	}
	if got := rules.classify(nil, nil, scores); got != -1 {
		t.Errorf("no terms: label %d, want none (-1)", got)
	}
}

func TestNameHas(t *testing.T) {
	for _, tt := range []struct {
		names []string
		term  string
		want  bool
	}{
		{[]string{"阿里巴巴"}, "阿里", true},
		{[]string{"apifox"}, "apifox", true},
		{[]string{"gojek"}, "go", false},
		{[]string{"google"}, "go", false},
		{[]string{"go team ltd"}, "go", true},
		{[]string{"tidb cloud", "pingcap"}, "tidb", true},
		{[]string{"cloud software group"}, "cloud", true},
		{[]string{"字节跳动"}, "电商", false},
	} {
		if got := nameHas(tt.names, tt.term); got != tt.want {
			t.Errorf("nameHas(%q, %q) = %v, want %v", tt.names, tt.term, got, tt.want)
		}
	}
}
