package crawl

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// lagouRows reads the real Lagou API rows (DataAnalyst.csv) as API results:
// the CSV's columns are the API's field names; list columns, exported as
// Python literals ("['张江']"), become JSON arrays again, ids numbers.
func lagouRows(t testing.TB) []map[string]any {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(fixture(t, "lagou-dataanalyst/DataAnalyst.csv.gz")))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	var out []map[string]any
	for _, rec := range recs[1:] {
		m := map[string]any{}
		for i, col := range head {
			v := rec[i]
			switch {
			case col == "positionId" || col == "companyId":
				n, err := strconv.Atoi(v)
				if err != nil {
					t.Fatalf("%s %q: %v", col, v, err)
				}
				m[col] = n
			case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
				var list []string
				if err := json.Unmarshal([]byte(strings.ReplaceAll(v, "'", `"`)), &list); err != nil {
					t.Fatalf("%s %q: %v", col, v, err)
				}
				m[col] = list
			case v == "" && (col == "businessZones" || col == "companyLabelList"):
				m[col] = nil
			default:
				m[col] = v
			}
		}
		out = append(out, m)
	}
	return out
}

// lagouPage is positionAjax.json's answer for one page of rows.
func lagouPage(rows []map[string]any, pn, size, total int) []byte {
	b, _ := json.Marshal(map[string]any{
		"success": true, "msg": nil, "code": 0,
		"content": map[string]any{"pageNo": pn, "pageSize": size,
			"positionResult": map[string]any{"resultSize": len(rows), "totalCount": total, "result": rows}},
	})
	return b
}

func lagouSourceFor(t testing.TB, base string, o LagouOptions) *lagouSource {
	t.Helper()
	o.BaseURL = base
	if len(o.Queries) == 0 {
		o.Queries = []LagouQuery{{Keyword: "数据分析"}}
	}
	s, err := newLagouSource(&SourceConfig{Name: "lagou"}, o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func jsonPage(t testing.TB, raw string, body []byte, meta map[string]string) *Page {
	t.Helper()
	u, _ := url.Parse(raw)
	return &Page{URL: u, Status: 200, Header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}}, Body: body,
		Request: Request{URL: raw, Kind: KindAPI, Meta: meta}, Fetched: time.Now()}
}

// TestLagouGolden parses every real Lagou row, served as API pages of 15,
// and the real 2021 API results (with createTime), against golden files.
func TestLagouGolden(t *testing.T) {
	rows := lagouRows(t)
	if len(rows) != 6876 {
		t.Fatalf("%d rows, want 6876", len(rows))
	}
	src := lagouSourceFor(t, "https://www.lagou.com", LagouOptions{Pages: 1000})
	var all []posting.Posting
	for pn := 1; (pn-1)*15 < len(rows); pn++ {
		page := rows[(pn-1)*15 : min(pn*15, len(rows))]
		res, err := src.Parse(context.Background(), jsonPage(t, "https://www.lagou.com/jobs/positionAjax.json?city=全国",
			lagouPage(page, pn, 15, len(rows)), map[string]string{"step": "api", "kd": "数据分析", "city": "全国", "pn": strconv.Itoa(pn)}))
		if err != nil {
			t.Fatalf("page %d: %v", pn, err)
		}
		if len(res.Postings) != len(page) || len(res.Warnings) != 0 {
			t.Fatalf("page %d: %d postings, warnings %v", pn, len(res.Postings), res.Warnings)
		}
		wantNext := pn*15 < len(rows)
		if (len(res.Follow) == 1) != wantNext {
			t.Fatalf("page %d: follow %v, want next page %v", pn, res.Follow, wantNext)
		}
		all = append(all, res.Postings...)
	}
	checkGolden(t, "lagou-dataanalyst.tsv", all)

	res, err := src.Parse(context.Background(), jsonPage(t, "file:///positionAjax_result_2021-02.json",
		fixture(t, "pages/lagou/positionAjax_result_2021-02.json"), nil))
	if err != nil || len(res.Postings) != 15 {
		t.Fatalf("the saved 2021 results: %d postings, %v", len(res.Postings), err)
	}
	for _, p := range res.Postings {
		if p.PostedDate() != "2021-02-19" {
			t.Errorf("posting %s dated %q, want 2021-02-19 (createTime)", p.SourceID, p.PostedDate())
		}
	}
	checkGolden(t, "lagou-positionajax-2021.tsv", res.Postings)
}

func TestLagouPages(t *testing.T) {
	src := lagouSourceFor(t, "https://www.lagou.com", LagouOptions{ListRows: true})
	// A detail page (2018): the description, and fields from the page.
	p := htmlPage(t, "https://www.lagou.com/jobs/4249621.html", string(fixture(t, "pages/lagou/detail_2018-08_python.html")))
	p.Fetched = time.Date(2018, 8, 3, 12, 0, 0, 0, time.UTC)
	res, err := src.Parse(context.Background(), p)
	if err != nil || len(res.Postings) != 1 {
		t.Fatalf("detail: %+v, %v", res, err)
	}
	d := res.Postings[0]
	if d.SourceID != "4249621" || d.Title != "Python工程师" || d.Company != "聚美优品技术部" || d.Salary != "10k-18k" ||
		d.City != "成都" || d.PostedDate() != "2018-08-03" || !strings.Contains(d.Description, "Python") || res.Kind != KindDetail {
		t.Errorf("detail posting = %+v", d)
	}
	// Server-rendered list rows (2016, 2018) and the empty shell (2018).
	for _, tt := range []struct {
		file    string
		n       int
		fetched time.Time
		firstID string
		date    string
	}{
		{"pages/lagou/list_2016_datamining.html.gz", 15, time.Date(2016, 11, 10, 0, 0, 0, 0, time.UTC), "2480676", "2016-10-19"},
		{"pages/lagou/list_2018-08_python_chengdu.html.gz", 15, time.Date(2018, 8, 2, 0, 0, 0, 0, time.UTC), "3490584", "2018-08-01"},
		{"pages/lagou/list_2018-09_nodejs_shenzhen.html", 0, time.Now(), "", ""},
	} {
		p := htmlPage(t, "https://www.lagou.com/jobs/list_x?city=成都", string(fixture(t, tt.file)))
		p.Fetched = tt.fetched
		p.Request.Meta = map[string]string{"step": "list", "kd": "x", "city": "成都"}
		res, err := src.Parse(context.Background(), p)
		if err != nil || len(res.Postings) != tt.n {
			t.Errorf("%s: %d postings, %v; want %d", tt.file, len(res.Postings), err, tt.n)
			continue
		}
		if len(res.Follow) != 1 || res.Follow[0].Method != "POST" || !strings.Contains(string(res.Follow[0].Body), "pn=1") {
			t.Errorf("%s: follow %+v; want the API request for page 1", tt.file, res.Follow)
		}
		if tt.n > 0 && (res.Postings[0].SourceID != tt.firstID || res.Postings[0].PostedDate() != tt.date) {
			t.Errorf("%s: first row %+v, want id %s dated %s", tt.file, res.Postings[0], tt.firstID, tt.date)
		}
	}
	// Lagou's refusal is an anti-bot answer, not an empty page.
	_, err = src.Parse(context.Background(), jsonPage(t, "https://www.lagou.com/jobs/positionAjax.json",
		[]byte(`{"status":false,"msg":"您操作太频繁,请稍后再访问","clientIp":"1.2.3.4","state":2402,"success":false}`), map[string]string{"step": "api"}))
	if !isAntiBot(err) {
		t.Errorf("refusal: err = %v, want ErrAntiBot", err)
	}
}

func isAntiBot(err error) bool {
	return err != nil && strings.Contains(err.Error(), ErrAntiBot.Error())
}

// fakeLagou serves the search flow: the list page sets the session cookie;
// the API answers only with it (and a Referer), once refuses as Lagou does,
// and pages the real rows.
type fakeLagou struct {
	rows       []map[string]any
	mu         sync.Mutex
	apiCalls   int
	refuseAt   int
	noCookie   int
	detailHits int
	detail     []byte
}

func (f *fakeLagou) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case strings.HasPrefix(r.URL.Path, "/jobs/list_"):
		http.SetCookie(w, &http.Cookie{Name: "JSESSIONID", Value: "ABC123", Path: "/"})
		http.SetCookie(w, &http.Cookie{Name: "user_trace_token", Value: "t-1", Path: "/"})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><div id=\"s_position_list\"></div></body></html>"))
	case r.URL.Path == "/jobs/positionAjax.json" && r.Method == http.MethodPost:
		f.apiCalls++
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		c, err := r.Cookie("JSESSIONID")
		if err != nil || c.Value != "ABC123" || !strings.Contains(r.Referer(), "/jobs/list_") || f.apiCalls == f.refuseAt {
			if err != nil {
				f.noCookie++
			}
			fmt.Fprint(w, `{"status":false,"msg":"您操作太频繁,请稍后再访问","clientIp":"1.2.3.4","state":2402,"success":false}`)
			return
		}
		r.ParseForm()
		pn, _ := strconv.Atoi(r.PostForm.Get("pn"))
		lo, hi := min((pn-1)*15, len(f.rows)), min(pn*15, len(f.rows))
		w.Write(lagouPage(f.rows[lo:hi], pn, 15, len(f.rows)))
	case strings.HasPrefix(r.URL.Path, "/jobs/") && strings.HasSuffix(r.URL.Path, ".html"):
		f.detailHits++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(f.detail)
	default:
		http.NotFound(w, r)
	}
}

func TestLagouCrawl(t *testing.T) {
	rows := lagouRows(t)[:300]
	f := &fakeLagou{rows: rows, refuseAt: 4, detail: fixture(t, "pages/lagou/detail_2018-08_python.html")}
	srv := httptest.NewServer(f)
	defer srv.Close()
	st := openStore(t)
	cfg := &Config{Sources: []SourceConfig{{Name: "lagou", Kind: "lagou", Settings: fast(),
		Options: LagouOptions{BaseURL: srv.URL, Queries: []LagouQuery{{Keyword: "数据分析", City: "全国"}}, Pages: 30}}}}
	sum := mustRun(t, cfg, st)
	distinct := map[string]bool{}
	for _, r := range rows {
		distinct[fmt.Sprint(r["positionId"])] = true
	}
	got := stored(t, st, "lagou")
	if len(got) != len(distinct) || sum.AntiBot != 1 || sum.Errors != 0 || f.noCookie != 0 {
		t.Fatalf("%s; stored %d (want %d), API calls without the session cookie: %d", sum.Line(), len(got), len(distinct), f.noCookie)
	}
	if f.apiCalls != 20+1 { // 300 rows / 15, plus the refused call retried
		t.Errorf("%d API calls, want 21: paging must stop at totalCount", f.apiCalls)
	}
	p := got["2537336"]
	if p.Title != "数据分析师" || p.Company != "1号店" || p.City != "上海" || p.Salary != "7k-9k" || p.URL != "https://www.lagou.com/jobs/2537336.html" {
		t.Errorf("posting 2537336 = %+v", p)
	}

	// With details, each posting's page is fetched once and gives the
	// description; the next run skips fresh detail pages.
	st2 := openStore(t)
	f2 := &fakeLagou{rows: rows[:30], detail: f.detail}
	srv2 := httptest.NewServer(f2)
	defer srv2.Close()
	o := cfg.Sources[0].Options.(LagouOptions)
	o.BaseURL, o.Details = srv2.URL, true
	cfg.Sources[0].Options = o
	mustRun(t, cfg, st2)
	got = stored(t, st2, "lagou")
	for id, p := range got {
		if !strings.Contains(p.Description, "Python") || p.Title == "" {
			t.Fatalf("posting %s with details: %+v", id, p)
		}
	}
	hits := f2.detailHits
	sum = mustRun(t, cfg, st2)
	if f2.detailHits != hits || sum.Skipped != len(got) {
		t.Errorf("second run fetched %d detail pages again (skipped %d); want none", f2.detailHits-hits, sum.Skipped)
	}
}

func TestRelativeDate(t *testing.T) {
	at := time.Date(2018, 8, 3, 9, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{"2018-07-26": "2018-07-26", "1天前发布": "2018-08-02", "09:48发布": "2018-08-03",
		"09:48  发布于拉勾网": "2018-08-03", "昨天": "2018-08-02", "刚刚": "2018-08-03", "三天前": ""} {
		d, ok := relativeDate(in, at)
		got := ""
		if ok {
			got = d.Format(posting.DateLayout)
		}
		if got != want {
			t.Errorf("relativeDate(%q) = %q, want %q", in, got, want)
		}
	}
}
