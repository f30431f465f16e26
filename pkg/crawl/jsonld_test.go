package crawl

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

func htmlPage(t testing.TB, rawURL, body string) *Page {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return &Page{URL: u, Status: 200, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body),
		Request: Request{URL: rawURL}, Fetched: time.Now()}
}

func ld(blocks ...string) string {
	var b strings.Builder
	b.WriteString("<html><head><title>t</title>")
	for _, bl := range blocks {
		b.WriteString(`<script type="application/ld+json">` + bl + "</script>\n")
	}
	b.WriteString("</head><body></body></html>")
	return b.String()
}

func TestJSONLDShapes(t *testing.T) {
	const page = "https://jobs.example.com/job/42"
	full := `{"@context":"https://schema.org","@type":"JobPosting","title":"Golang 开发工程师",
	  "description":"&lt;p&gt;负责&lt;b&gt;微服务&lt;/b&gt;开发&lt;/p&gt;&lt;p&gt;熟悉 Go&lt;/p&gt;",
	  "datePosted":"2024-03-05T10:00:00+08:00","hiringOrganization":{"@type":"Organization","name":"得物App"},
	  "jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"上海·杨浦区","addressCountry":"CN"}},
	  "baseSalary":{"@type":"MonetaryAmount","currency":"CNY","value":{"@type":"QuantitativeValue","minValue":30000,"maxValue":60000,"unitText":"MONTH"}},
	  "identifier":{"@type":"PropertyValue","name":"dewu","value":"J-1001"}}`
	want := posting.Posting{Title: "Golang 开发工程师", Company: "得物App", City: "上海", Salary: "30000-60000 CNY/MONTH",
		PostedAt: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), Description: "负责微服务开发\n\n熟悉 Go", SourceID: "J-1001", URL: page}
	tests := []struct {
		name     string
		body     string
		want     []posting.Posting
		warnings int
	}{
		{"single object, every field", ld(full), []posting.Posting{want}, 0},
		{"@graph with the organization", ld(`{"@context":"https://schema.org","@graph":[{"@type":"Organization","name":"x"},` + full + `]}`),
			[]posting.Posting{want}, 0},
		{"a breadcrumb block first", ld(`{"@type":"BreadcrumbList","itemListElement":[]}`, full), []posting.Posting{want}, 0},
		{"a broken block, then a good one", ld(`{"@type":"JobPosting","title":"broken`, full), []posting.Posting{want}, 1},
		{"raw line breaks and a trailing comma (repaired)",
			ld("{\"@type\":\"JobPosting\",\"title\":\"后端\",\"description\":\"第一行\n第二行\",\"identifier\":\"7\",}"),
			[]posting.Posting{{Title: "后端", Description: "第一行\n第二行", SourceID: "7", URL: page}}, 0},
		{"HTML comment wrapper", ld("<!--\n" + `{"@type":"JobPosting","title":"测试","identifier":8}` + "\n-->"),
			[]posting.Posting{{Title: "测试", SourceID: "8", URL: page}}, 0},
		{"ItemList of two postings with urls", ld(`{"@type":"ItemList","itemListElement":[
			{"@type":"ListItem","item":{"@type":"JobPosting","title":"A","url":"/job/1","jobLocationType":"TELECOMMUTE"}},
			{"@type":"ListItem","item":{"@type":["JobPosting","Thing"],"title":"B","url":"https://jobs.example.com/job/2?utm_source=x",
			 "hiringOrganization":"乙公司","baseSalary":"15-25K·14薪","jobLocation":[{"address":"北京-海淀区"}]}}]}`),
			[]posting.Posting{
				{Title: "A", City: "远程", SourceID: "https://jobs.example.com/job/1", URL: "https://jobs.example.com/job/1"},
				{Title: "B", Company: "乙公司", City: "北京", Salary: "15-25K·14薪", SourceID: "https://jobs.example.com/job/2",
					URL: "https://jobs.example.com/job/2"}}, 0},
		{"two postings without ids get content ids", ld(`[{"@type":"JobPosting","title":"X"},{"@type":"http://schema.org/JobPosting","title":"Y"}]`),
			[]posting.Posting{{Title: "X", URL: page, SourceID: page + "#" + shortHash("X", "", "", "")},
				{Title: "Y", URL: page, SourceID: page + "#" + shortHash("Y", "", "", "")}}, 0},
		{"not schema.org JobPosting (Baidu cambrian)", ld(`{"@context":"https://ziyuan.baidu.com/contexts/cambrian.jsonld","title":"招聘","pubDate":"2022-07-18"}`), nil, 0},
		{"only broken blocks", ld(`{`, `nonsense`), nil, 2},
		{"bad date is left unknown", ld(`{"@type":"JobPosting","title":"Z","identifier":"9","datePosted":"昨天"}`),
			[]posting.Posting{{Title: "Z", SourceID: "9", URL: page}}, 0},
		{"salary as a number with currency", ld(`{"@type":"JobPosting","title":"S","identifier":"10","baseSalary":{"currency":"USD","value":{"value":50,"unitText":"hour"}}}`),
			[]posting.Posting{{Title: "S", SourceID: "10", URL: page, Salary: "50 USD/HOUR"}}, 0},
	}
	src := &jsonldSource{name: "ex", now: time.Now}
	for _, tt := range tests {
		p := htmlPage(t, page, tt.body)
		res, err := src.Parse(context.Background(), p)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if len(res.Warnings) != tt.warnings {
			t.Errorf("%s: warnings %q, want %d", tt.name, res.Warnings, tt.warnings)
		}
		if len(res.Postings) != len(tt.want) {
			t.Errorf("%s: %d postings, want %d", tt.name, len(res.Postings), len(tt.want))
			continue
		}
		for i, w := range tt.want {
			g := res.Postings[i]
			w.Source = "ex"
			g.Raw = nil
			if g.Source != w.Source || g.SourceID != w.SourceID || g.URL != w.URL || g.Title != w.Title || g.Company != w.Company ||
				g.City != w.City || g.Salary != w.Salary || !g.PostedAt.Equal(w.PostedAt) || g.Description != w.Description {
				t.Errorf("%s: posting %d =\n%+v\nwant\n%+v", tt.name, i, g, w)
			}
		}
		wantKind := KindListing
		if len(tt.want) == 1 {
			wantKind = KindDetail
		}
		if res.Kind != wantKind {
			t.Errorf("%s: page kind %s, want %s", tt.name, res.Kind, wantKind)
		}
	}
}

func TestJSONLDRealPagesWithoutJobPosting(t *testing.T) {
	// Real detail pages of Liepin and BOSS carry Baidu's JSON-LD dialect,
	// not schema.org JobPosting: nothing to store, nothing wrong.
	src := &jsonldSource{name: "x", now: time.Now}
	for _, f := range []string{"pages/liepin/detail_2022-07.html.gz", "pages/zhipin/detail_2022-07.html", "pages/lagou/detail_2018-08_python.html"} {
		p := htmlPage(t, "https://www.example.com/a/1.html", string(fixture(t, f)))
		res, err := src.Parse(context.Background(), p)
		if err != nil || len(res.Postings) != 0 || len(res.Warnings) != 0 {
			t.Errorf("%s: %d postings, warnings %q, err %v; want none", f, len(res.Postings), res.Warnings, err)
		}
		if len(res.Follow) == 0 {
			t.Errorf("%s: no links found", f)
		}
	}
}

func TestPageLinks(t *testing.T) {
	body := `<html><head><link rel="next" href="/p/2"><base href="https://cdn.example.com/base/"></head><body>
	<a href="job/1">one</a> <a href="/job/2" rel="nofollow">apply</a> <a href="javascript:void(0)">x</a>
	<a href="#top">top</a> <a rel="next" href="?page=2">next</a></body></html>`
	src := &jsonldSource{name: "x", now: time.Now}
	res, err := src.Parse(context.Background(), htmlPage(t, "https://www.example.com/list", body))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Follow {
		got = append(got, string(f.Kind)+" "+f.URL)
	}
	want := "listing /p/2|listing ?page=2| https://cdn.example.com/base/job/1"
	if strings.Join(got, "|") != want {
		t.Errorf("follow = %q, want %q", got, want)
	}
	p := htmlPage(t, "https://www.example.com/list", `<meta name="robots" content="noindex, nofollow"><a href="/x">x</a>`)
	if res, _ := src.Parse(context.Background(), p); len(res.Follow) != 0 {
		t.Errorf("nofollow page: followed %v", res.Follow)
	}
}

func TestParseSitemap(t *testing.T) {
	pages, maps, err := parseSitemap([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://x.com/a </loc></url><url><loc>https://x.com/b</loc><lastmod>2024-01-01</lastmod></url></urlset>`))
	if err != nil || len(pages) != 2 || pages[0] != "https://x.com/a" || len(maps) != 0 {
		t.Errorf("urlset: %v %v %v", pages, maps, err)
	}
	pages, maps, err = parseSitemap([]byte(`<sitemapindex><sitemap><loc>https://x.com/s1.xml.gz</loc></sitemap></sitemapindex>`))
	if err != nil || len(maps) != 1 || len(pages) != 0 {
		t.Errorf("index: %v %v %v", pages, maps, err)
	}
	if _, _, err := parseSitemap([]byte(`<html><body>Not found</body></html>`)); err == nil {
		t.Error("an HTML page was read as a sitemap")
	}
}

func FuzzJSONLD(f *testing.F) {
	f.Add(`{"@type":"JobPosting","title":"a","identifier":{"name":"x","value":1}}`)
	f.Add(`{"@graph":[{"@type":"JobPosting","jobLocation":[{"address":{"addressLocality":"北京"}}],"baseSalary":{"value":{"minValue":1}}}]}`)
	f.Add("{\"@type\":\"JobPosting\",\"description\":\"a\nb\",}")
	f.Add(`[[[[[[[[[[[[[[[[[[[[[[[[{"@type":"JobPosting"}]]]]]]]]]]]]]]]]]]]]]]]`)
	src := &jsonldSource{name: "fz", now: time.Now}
	f.Fuzz(func(t *testing.T, block string) {
		p := htmlPage(t, "https://x.com/j", ld(block))
		res, err := src.Parse(context.Background(), p)
		if err != nil {
			t.Fatalf("Parse error on block %q: %v", block, err)
		}
		for _, ps := range res.Postings {
			if ps.SourceID == "" || ps.Source != "fz" {
				t.Fatalf("posting without id or source from %q: %+v", block, ps)
			}
		}
	})
}
