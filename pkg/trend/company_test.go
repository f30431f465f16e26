package trend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

func TestCompanyKeywordsOverTime(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	var ps []posting.Posting
	add := func(company string, year int, text string, n int) {
		for i := 0; i < n; i++ {
			ps = append(ps, posting.Posting{Source: "x", SourceID: fmt.Sprint(len(ps)), Title: "工程师", Company: company,
				Description: fmt.Sprintf("%s boiler doc%d", text, len(ps)), PostedAt: day(year)})
		}
	}
	// 字节跳动 moves from php to golang; its legal name and its brand are one company.
	add("北京字节跳动科技有限公司", 2019, "php laravel", 3)
	add("字节跳动", 2021, "golang kafka", 2)
	add("ByteDance", 2021, "golang kafka", 1)
	add("阿里巴巴", 2019, "java dubbo", 3)
	add("阿里巴巴", 2021, "java dubbo", 3)
	if _, err := s.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	seg := &fieldsSegmenter{}
	src := SegmenterSource{Version: "v1", Open: func() (Segmenter, error) { return seg, nil }}
	h, err := CompanyKeywords(ctx, s, "字节跳动", Options{Keywords: 2, Segmenter: src}, "")
	if err != nil {
		t.Fatal(err)
	}
	if h.Company != "字节跳动" || h.Postings != 6 || h.Matched != 3 || len(h.Years) != 2 {
		t.Fatalf("history = %+v", h)
	}
	if y := h.Years[0]; y.Year != 2019 || y.Postings != 3 || y.Matched != 0 || terms(y.Keywords) != "laravel php" {
		t.Errorf("2019 = %+v, want laravel and php", y)
	}
	if y := h.Years[1]; y.Year != 2021 || y.Postings != 3 || y.Matched != 3 || terms(y.Keywords) != "go kafka" {
		t.Errorf("2021 = %+v, want go (golang) and kafka", y)
	}
	if strings.Join(h.Names, ",") != "ByteDance,北京字节跳动科技有限公司,字节跳动" {
		t.Errorf("names = %v", h.Names)
	}
	// A range narrows it; an unknown company is an error with suggestions,
	// names a typo away among them.
	h, err = CompanyKeywords(ctx, s, "ByteDance", Options{From: 2021, Segmenter: src}, "")
	if err != nil || len(h.Years) != 1 || h.Postings != 3 {
		t.Errorf("2021 only: %+v %v", h, err)
	}
	_, err = CompanyKeywords(ctx, s, "字节跳跳", Options{Segmenter: src}, "")
	if !errors.Is(err, ErrNoCompany) || !strings.Contains(err.Error(), "did you mean: 字节跳动 (6)") {
		t.Errorf("unknown company: %v", err)
	}
	if _, err := CompanyKeywords(ctx, s, "某大型互联网公司", Options{Segmenter: src}, ""); err == nil {
		t.Error("an anonymous name: want an error")
	}
}

func terms(kws []Keyword) string {
	var out []string
	for _, k := range kws {
		out = append(out, k.Term)
	}
	return strings.Join(out, " ")
}

// A staffing agency posting more than anyone is not a head employer: it is
// left out of the ranking, and kept (marked) on request.
func TestStaffingLeftOutOfRanking(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	var ps []posting.Posting
	add := func(company string, n int) {
		for i := range n {
			ps = append(ps, posting.Posting{Source: "boss", SourceID: fmt.Sprintf("%s-%d", company, i), Title: "后端开发",
				Company: company, Description: fmt.Sprintf("%s 第%d个岗位：负责 %d 号业务的后端服务，熟悉%s与 MySQL", company, i, i*7,
					[]string{"Go语言", "Java"}[i%2]),
				PostedAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)})
		}
	}
	add("上海仁联人力资源有限公司", 40)
	add("字节跳动", 30)
	add("腾讯", 20)
	if _, err := s.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	seg := &fieldsSegmenter{}
	src := SegmenterSource{Version: "test", Open: func() (Segmenter, error) { return seg, nil }}
	r, err := Compute(ctx, s, Options{Companies: 2, Segmenter: src})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Companies) != 2 || r.Companies[0].Company != "字节跳动" || r.Companies[1].Company != "腾讯" {
		t.Errorf("companies %+v, want 字节跳动 and 腾讯", r.Companies)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "仁联 (40 jobs)") {
		t.Errorf("warnings %q", r.Warnings)
	}
	r, err = Compute(ctx, s, Options{Companies: 2, Segmenter: src, IncludeStaffing: true})
	if err != nil || len(r.Companies) == 0 || !r.Companies[0].Staffing {
		t.Errorf("with IncludeStaffing: %+v %v %v %v", r.Companies, err, r.Years, r.Warnings)
	}
}
