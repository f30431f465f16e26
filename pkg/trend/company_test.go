package trend

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

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
	// A range narrows it; an unknown company is an error with suggestions.
	h, err = CompanyKeywords(ctx, s, "ByteDance", Options{From: 2021, Segmenter: src}, "")
	if err != nil || len(h.Years) != 1 || h.Postings != 3 {
		t.Errorf("2021 only: %+v %v", h, err)
	}
	_, err = CompanyKeywords(ctx, s, "字节", Options{Segmenter: src}, "")
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
