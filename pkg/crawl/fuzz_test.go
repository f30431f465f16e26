package crawl

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// Fuzz targets for every platform parser, saved responses and sitemaps:
// the text that reaches them is written by whoever runs the site. Seeds
// are excerpts of the real pages in testdata/pages, committed under
// testdata/fuzz/<target>/. Each target feeds the bytes through decodeBody
// first, as the engine does, and checks what the engine relies on:
//
//   - no panic, and an error rather than a crash for anything unreadable;
//   - every posting's text is valid UTF-8 (a parser that cuts text by
//     bytes would split a character);
//   - every link to follow is non-empty and, resolved against the page as
//     the engine resolves it, is either refused or an http(s) URL;
//   - parsing the same page twice gives the same result (no dependence on
//     map order or on time beyond the fetch time).

var fuzzFetched = time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC)

func fuzzPage(raw string, body []byte, contentType string, req Request) *Page {
	u, _ := url.Parse(raw)
	req.URL = raw
	p := &Page{URL: u, Status: http.StatusOK, Header: http.Header{"Content-Type": {contentType}}, Request: req, Fetched: fuzzFetched}
	p.Body, p.Charset = decodeBody(body, contentType)
	return p
}

func checkParse(t *testing.T, src Source, page func() *Page) {
	t.Helper()
	p := page()
	res, err := src.Parse(context.Background(), p)
	if err != nil {
		return // an unreadable page is an error, which the engine records
	}
	for _, ps := range res.Postings {
		checkPostingText(t, ps)
	}
	for _, f := range res.Follow {
		if f.URL == "" {
			t.Fatalf("a follow request without a URL: %+v", f)
		}
		if u, err := p.Resolve(f.URL); err == nil && u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("follow %q resolves to scheme %q", f.URL, u.Scheme)
		}
	}
	res2, err2 := src.Parse(context.Background(), page())
	if err2 != nil || !sameResult(res, res2) {
		t.Fatalf("parsing the same page twice differs:\n%+v\n%+v (%v)", res, res2, err2)
	}
}

func checkPostingText(t *testing.T, ps posting.Posting) {
	t.Helper()
	for name, s := range map[string]string{"source": ps.Source, "source id": ps.SourceID, "url": ps.URL, "title": ps.Title,
		"company": ps.Company, "city": ps.City, "salary": ps.Salary, "description": ps.Description} {
		if !utf8.ValidString(s) {
			t.Fatalf("posting %s is not valid UTF-8: %q", name, s)
		}
	}
}

func sameResult(a, b Result) bool {
	if len(a.Postings) != len(b.Postings) || !reflect.DeepEqual(a.Follow, b.Follow) || a.Kind != b.Kind {
		return false
	}
	for i := range a.Postings {
		x, y := a.Postings[i], b.Postings[i]
		x.Raw, y.Raw = nil, nil
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func FuzzLagouParse(f *testing.F) {
	f.Add([]byte(`{"success":true,"content":{"pageNo":1,"pageSize":15,"positionResult":{"result":[{"positionId":1,"positionName":"Go","companyFullName":"x","createTime":"2021-02-01 10:00:00"}],"totalCount":1}}}`), uint8(0))
	f.Add([]byte(`{"success":false,"msg":"您操作太频繁,请稍后再访问","clientIp":"1.2.3.4","state":2402}`), uint8(0))
	f.Add([]byte(`<ul><li class="con_list_item" data-positionid="42" data-positionname="Go开发" data-company="某公司" data-salary="15k-25k"><span class="format-time">1天前发布</span></li></ul>`), uint8(1))
	src, err := newLagouSource(&SourceConfig{Name: "lagou"}, LagouOptions{Queries: []LagouQuery{{Keyword: "golang", City: "北京"}},
		Details: true, ListRows: true})
	if err != nil {
		f.Fatal(err)
	}
	src.now = func() time.Time { return fuzzFetched }
	f.Fuzz(func(t *testing.T, body []byte, kind uint8) {
		checkParse(t, src, func() *Page {
			switch kind % 3 {
			case 0:
				return fuzzPage("https://www.lagou.com/jobs/positionAjax.json?city=北京&px=new", body, "application/json;charset=UTF-8",
					Request{Kind: KindAPI, Method: "POST", Meta: map[string]string{"step": "api", "kd": "golang", "city": "北京", "pn": "1",
						"referer": "https://www.lagou.com/jobs/list_golang?city=北京"}})
			case 1:
				return fuzzPage("https://www.lagou.com/jobs/list_golang?city=北京&px=new", body, "text/html; charset=utf-8",
					Request{Kind: KindListing, Meta: map[string]string{"step": "list", "kd": "golang", "city": "北京"}})
			default:
				return fuzzPage("https://www.lagou.com/jobs/4904227.html", body, "text/html; charset=utf-8", Request{Kind: KindDetail})
			}
		})
	})
}

func FuzzZhaopinParse(f *testing.F) {
	f.Add([]byte(`<html><head><link rel="canonical" href="https://jobs.zhaopin.com/CC120072300J00203379213.htm"></head><body><h1 class="summary-plane__title">Go开发</h1><div class="describtion__detail-content">熟悉Go</div></body></html>`), true)
	f.Add([]byte(`<html><script>__INITIAL_STATE__={"positionList":[{"positionURL":"https://jobs.zhaopin.com/CC1J2.htm","name":"Go"}],"pageNo":1}</script></html>`), false)
	src, err := newZhaopinSource(&SourceConfig{Name: "zhaopin", Start: []string{"https://sou.zhaopin.com/?jl=530&kw=go"}}, ZhaopinOptions{})
	if err != nil {
		f.Fatal(err)
	}
	src.now = func() time.Time { return fuzzFetched }
	f.Fuzz(func(t *testing.T, body []byte, detail bool) {
		checkParse(t, src, func() *Page {
			if detail {
				return fuzzPage("https://jobs.zhaopin.com/CC120072300J00203379213.htm", body, "text/html", Request{Kind: KindDetail})
			}
			return fuzzPage("https://sou.zhaopin.com/?jl=530&kw=go&p=2", body, "text/html", Request{Kind: KindListing})
		})
	})
}

func FuzzGitHubParse(f *testing.F) {
	f.Add([]byte(`[{"id":9,"html_url":"https://github.com/ruanyf/weekly/issues/1#issuecomment-9","issue_url":"https://api.github.com/repos/ruanyf/weekly/issues/1","body":"【北京】字节跳动 招 Go 后端","created_at":"2021-03-01T23:30:00Z","user":{"login":"a"}}]`), uint8(1), `<https://api.github.com/x?page=2>; rel="next"`)
	f.Add([]byte(`[{"number":1106,"title":"谁在招人？（2020年3月）","created_at":"2020-03-01T00:00:00Z","comments":120}]`), uint8(0), "")
	f.Add([]byte(`{"message":"API rate limit exceeded"}`), uint8(2), "")
	src, err := newGitHubSource(&SourceConfig{Name: "ruanyf-weekly"}, GitHubOptions{Repo: "ruanyf/weekly"})
	if err != nil {
		f.Fatal(err)
	}
	src.now = func() time.Time { return fuzzFetched }
	steps := []string{ghStepIssues, ghStepComments, ghStepRecent, ""}
	f.Fuzz(func(t *testing.T, body []byte, step uint8, link string) {
		checkParse(t, src, func() *Page {
			p := fuzzPage("https://api.github.com/repos/ruanyf/weekly/issues?per_page=100", body, "application/json; charset=utf-8",
				Request{Kind: KindAPI, Meta: map[string]string{"step": steps[int(step)%len(steps)], "since": "2024-01-01T00:00:00Z"}})
			p.Header.Set("Link", link)
			return p
		})
	})
}

func FuzzCSSParse(f *testing.F) {
	f.Add([]byte(`<html><body><a class="job-link" href="/jobs/7">Go</a><a rel="next" href="?page=2">下一页</a></body></html>`), false)
	f.Add([]byte(`<html><body><h1 class="title">Go 开发</h1><span class="company">某公司</span><span class="city">上海</span><time datetime="2024-03-05">3月5日</time><div class="description"><p>熟悉 Go</p></div></body></html>`), true)
	sc := &SourceConfig{Name: "board", Kind: "css", Start: []string{"https://jobs.example.com/jobs"}}
	src, err := newCSSSource(sc, CSSOptions{
		Links: "a.job-link", Next: "a[rel=next]", Title: "h1.title", Company: ".company", City: ".city", Salary: ".salary",
		PostedAt: "time@datetime", Description: ".description", IDPattern: `/jobs/([^/?#]+)`})
	if err != nil {
		f.Fatal(err)
	}
	src.now = func() time.Time { return fuzzFetched }
	f.Fuzz(func(t *testing.T, body []byte, detail bool) {
		checkParse(t, src, func() *Page {
			if detail {
				return fuzzPage("https://jobs.example.com/jobs/7", body, "text/html; charset=utf-8", Request{Kind: KindDetail})
			}
			return fuzzPage("https://jobs.example.com/jobs?page=1", body, "text/html; charset=utf-8", Request{Kind: KindListing})
		})
	})
}

// FuzzReadSaved: a HAR archive or a saved HTML page, as a user saves them
// from a browser. Only http(s) pages come out of a HAR, and a saved page's
// own address, when it names one, is an http(s) URL.
func FuzzReadSaved(f *testing.F) {
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"2024-11-01T10:00:00Z","request":{"method":"GET","url":"https://www.lagou.com/jobs/1.html"},"response":{"status":200,"headers":[{"name":"Content-Type","value":"text/html"}],"content":{"mimeType":"text/html","text":"PGgxPkdvPC9oMT4=","encoding":"base64"}}}]}}`), true)
	f.Add([]byte(`<!-- saved from url=(0043)https://www.zhipin.com/job_detail/abc.html --><html><head><link rel="canonical" href="https://www.zhipin.com/job_detail/abc.html"></head></html>`), false)
	f.Fuzz(func(t *testing.T, b []byte, har bool) {
		if har {
			pages, err := readHAR(b, fuzzFetched)
			if err != nil {
				return
			}
			for _, p := range pages {
				if p.URL == nil || (p.URL.Scheme != "http" && p.URL.Scheme != "https") || !p.Saved {
					t.Fatalf("HAR gave a page at %v (saved %v)", p.URL, p.Saved)
				}
			}
			return
		}
		if u := canonicalURL(b); u != nil {
			if u.Scheme != "http" && u.Scheme != "https" {
				t.Fatalf("saved page's address %v is not http(s)", u)
			}
			if again, err := normalizeURL(nil, u.String()); err != nil || again.String() != u.String() {
				t.Fatalf("saved page's address %v does not normalize to itself: %v %v", u, again, err)
			}
		}
	})
}

// FuzzParseSitemap: sitemaps are fetched from any site the crawl visits.
func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.com/a</loc></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>https://x.com/s1.xml.gz</loc></sitemap></sitemapindex>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pages, maps, _ := parseSitemap(b) // a broken sitemap gives what it read before the error
		for _, l := range append(pages, maps...) {
			if l == "" || strings.TrimSpace(l) != l {
				t.Fatalf("sitemap entry %q: empty or untrimmed", l)
			}
		}
	})
}
