package trend

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// fieldsSegmenter splits on white space: enough to test the pipeline
// around segmentation without jieba.
type fieldsSegmenter struct{ calls atomic.Int64 }

func (f *fieldsSegmenter) Tokens(dst []string, text string) []string {
	f.calls.Add(1)
	return append(dst, strings.Fields(strings.ToLower(text))...)
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), store.Options{Tagger: skill.DefaultTagger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func day(y int) time.Time { return time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC) }

// truth describes a synthetic corpus whose every number is known.
type cell struct {
	year           int
	source         string
	total, matched int
}

func buildCorpus(t *testing.T, s *store.Store, cells []cell) {
	t.Helper()
	var ps []posting.Posting
	n := 0
	for _, c := range cells {
		for i := 0; i < c.total; i++ {
			n++
			// java in half of them: in nearly all, every dataset would be a
			// selection on java.
			desc := fmt.Sprintf("posting %d of %s in %d: 后端服务", i, c.source, c.year)
			if i%2 == 0 {
				desc += " java spring mysql"
			}
			if i < c.matched {
				desc += " 熟悉Go语言与微服务"
			}
			p := posting.Posting{Source: c.source, SourceID: fmt.Sprint(n), Title: "后端开发",
				Company: fmt.Sprintf("青云%02d科技", i%3), Description: desc, PostedAt: day(c.year)}
			ps = append(ps, p)
			if i%4 == 0 { // an exact repost under another id: must count once
				r := p
				r.SourceID += "-repost"
				ps = append(ps, r)
			}
		}
		// Not job posts: kept in the store, never counted.
		ps = append(ps, posting.Posting{Source: c.source, SourceID: fmt.Sprintf("other-%d-%s", c.year, c.source),
			Title: "上一期招聘汇总", Description: "Golang 字节跳动 …", PostedAt: day(c.year), Kind: posting.Other})
	}
	if _, err := s.UpsertBatch(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
}

// counts renders years as "year:total/matched" for comparisons.
func counts(ys []YearStat) string {
	var parts []string
	for _, y := range ys {
		parts = append(parts, fmt.Sprintf("%d:%d/%d", y.Year, y.Total, y.Matched))
	}
	return strings.Join(parts, " ")
}

func TestSharesMatchKnownTruth(t *testing.T) {
	s := openStore(t)
	cells := []cell{
		{2019, "lagou", 40, 2}, {2019, "boss", 10, 0},
		{2020, "lagou", 50, 5}, {2020, "boss", 30, 9},
		{2021, "lagou", 20, 4}, {2021, "boss", 25, 25},
		// Generated postings: left out unless asked for (and then left
		// out of go's shares all the same: 35 of 40 mention it).
		{2018, "demo-generated", 30, 30}, {2021, "demo-generated", 10, 5},
	}
	buildCorpus(t, s, cells)
	seg := &fieldsSegmenter{}
	r, err := Compute(context.Background(), s, Options{Companies: -1,
		Segmenter: SegmenterSource{Version: "test", Open: func() (Segmenter, error) { return seg, nil }}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := counts(r.Years), "2019:50/2 2020:80/14 2021:45/29"; got != want {
		t.Errorf("years: %s, want %s", got, want)
	}
	wantPlat := map[string]string{"boss": "2019:10/0 2020:30/9 2021:25/25", "lagou": "2019:40/2 2020:50/5 2021:20/4"}
	if len(r.Platforms) != 2 {
		t.Fatalf("platforms: %v", r.Platforms)
	}
	for _, p := range r.Platforms {
		if got := counts(p.Years); got != wantPlat[p.Source] {
			t.Errorf("%s: %s, want %s", p.Source, got, wantPlat[p.Source])
		}
	}
	// Years with fewer than 30 postings in a dataset have no share there.
	for _, p := range r.Platforms {
		for _, y := range p.Years {
			if (y.Total < 30) != (y.Share == nil) {
				t.Errorf("%s %d: %d postings, share %v", p.Source, y.Year, y.Total, y.Share)
			}
		}
	}
	// Comparison skills: java is in every other description (go, the
	// report's own skill, is not compared again).
	rc, err := Compute(context.Background(), s, Options{Companies: -1, Compare: []string{"java", "go"}})
	if err != nil || len(rc.Compare) != 1 || rc.Compare[0].Skill != "java" || counts(rc.Compare[0].Years) != "2019:50/25 2020:80/40 2021:45/23" {
		t.Errorf("compare: %+v %v", rc.Compare, err)
	}
	if r.Method.Postings != 175 {
		t.Errorf("postings = %d, want 175", r.Method.Postings)
	}
	// Filters: a year range, a source, and synthetic sources on request.
	for _, tt := range []struct {
		name string
		opts Options
		want string
	}{
		{"2020 only", Options{From: 2020, To: 2020}, "2020:80/14"},
		{"from 2021", Options{From: 2021}, "2021:45/29"},
		{"boss only", Options{Sources: []string{"boss"}}, "2019:10/0 2020:30/9 2021:25/25"},
		{"dataset lagou", Options{Datasets: []string{"lagou"}}, "2019:40/2 2020:50/5 2021:20/4"},
		{"with synthetic", Options{Synthetic: true, From: 2018, To: 2019}, "2019:50/2"},
		{"unknown source", Options{Sources: []string{"nope"}}, ""},
	} {
		tt.opts.Companies = -1
		r, err := Compute(context.Background(), s, tt.opts)
		if err != nil || counts(r.Years) != tt.want {
			t.Errorf("%s: %s %v, want %s", tt.name, counts(r.Years), err, tt.want)
		}
	}
}

func TestCompanyKeywordsAndCache(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	var ps []posting.Posting
	add := func(company, text string, n int) {
		for i := 0; i < n; i++ {
			ps = append(ps, posting.Posting{Source: "x", SourceID: fmt.Sprint(len(ps)), Title: "工程师", Company: company,
				Description: fmt.Sprintf("%s boiler plate doc%d", text, len(ps)), PostedAt: day(2023)})
		}
	}
	add("北京字节跳动科技有限公司", "golang kafka kafka", 3)
	add("字节跳动", "golang kafka", 2) // the same employer under its short name
	add("阿里巴巴（中国）有限公司", "java dubbo", 4)
	add("某小公司", "php laravel", 1)
	if _, err := s.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	seg := &fieldsSegmenter{}
	opens := 0
	src := SegmenterSource{Version: "v1", Open: func() (Segmenter, error) { opens++; return seg, nil }}
	r, err := Compute(ctx, s, Options{Companies: 2, Keywords: 3, Segmenter: src})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Companies) != 2 {
		t.Fatalf("companies: %+v", r.Companies)
	}
	top := r.Companies[0]
	if top.Postings != 5 || top.Matched != 5 || r.Companies[1].Postings != 4 {
		t.Errorf("companies = %+v, want the two spellings of 字节跳动 merged (5 postings, 5 with Go) first", r.Companies)
	}
	if len(top.Keywords) == 0 || top.Keywords[0].Term != "kafka" {
		t.Errorf("字节跳动's keywords = %v, want kafka first (golang ties lower: fewer uses)", top.Keywords)
	}
	for _, c := range r.Companies {
		for _, kw := range c.Keywords {
			if kw.Term == "boiler" || kw.Term == "plate" {
				t.Errorf("%s: boilerplate term %q in every posting ranked", c.Company, kw.Term)
			}
		}
	}
	if r.Method.Segmented != 10 || opens != 1 {
		t.Errorf("first report segmented %d (opened %d), want 10 (1)", r.Method.Segmented, opens)
	}
	// A second report segments nothing and does not even open the segmenter.
	r2, err := Compute(ctx, s, Options{Companies: 2, Keywords: 3, Segmenter: src})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Method.Segmented != 0 || opens != 1 || fmt.Sprint(r2.Companies) != fmt.Sprint(r.Companies) {
		t.Errorf("warm report: segmented %d, opened %d; companies %v vs %v", r2.Method.Segmented, opens, r2.Companies, r.Companies)
	}
	// A changed posting is re-segmented, alone.
	p := ps[9]
	p.Description = "php symfony"
	if _, err := s.UpsertBatch(ctx, []posting.Posting{p}); err != nil {
		t.Fatal(err)
	}
	r3, err := Compute(ctx, s, Options{Companies: 2, Keywords: 3, Segmenter: src})
	if err != nil || r3.Method.Segmented != 1 {
		t.Errorf("after one change: segmented %d, err %v; want 1", r3.Method.Segmented, err)
	}
	// A new segmenter version re-segments everything.
	src.Version = "v2"
	r4, err := Compute(ctx, s, Options{Companies: 2, Keywords: 3, Segmenter: src})
	if err != nil || r4.Method.Segmented != 10 {
		t.Errorf("new version: segmented %d, err %v; want 10", r4.Method.Segmented, err)
	}
}

func TestEmptyStore(t *testing.T) {
	r, err := Compute(context.Background(), openStore(t), Options{})
	if err != nil || len(r.Years) != 0 || r.Years == nil {
		t.Errorf("empty store: %+v, %v; want an empty (non-nil) report", r, err)
	}
}

func TestTermsEncoding(t *testing.T) {
	seg := &fieldsSegmenter{}
	toks := seg.Tokens(nil, "go kafka go 微服务 go")
	counts := countTerms(nil, toks)
	b := EncodeTerms(nil, counts)
	got, err := DecodeTerms(nil, b)
	if err != nil || fmt.Sprint(got) != "[{go 3} {kafka 1} {微服务 1}]" {
		t.Errorf("round trip: %v %v", got, err)
	}
	for _, bad := range [][]byte{nil, {5}, append(b, 0), b[:len(b)-1]} {
		if _, err := DecodeTerms(nil, bad); err == nil {
			t.Errorf("DecodeTerms(%v): want an error", bad)
		}
	}
}

func FuzzDecodeTerms(f *testing.F) {
	f.Add(EncodeTerms(nil, countTerms(nil, []string{"go", "go", "k8s"})))
	f.Fuzz(func(t *testing.T, b []byte) {
		counts, err := DecodeTerms(nil, b)
		if err != nil {
			return
		}
		again, err := DecodeTerms(nil, EncodeTerms(nil, counts))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(counts) {
			t.Errorf("round trip of %v: %v, %v", counts, again, err)
		}
	})
}
