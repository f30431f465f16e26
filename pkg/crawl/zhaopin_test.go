package crawl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

type zlRecord struct {
	JobName   string `json:"jobname"`
	Name      string `json:"name"`
	JobArea   string `json:"jobarea"`
	Salary    string `json:"salary"`
	JobDetail string `json:"job_detail"`
	JobURL    string `json:"joburl"`
	Skills    string `json:"job_skills"`
	Edu       string `json:"eduLevel"`
	Exp       string `json:"workingExp"`
}

func zhaopinRecords(t testing.TB) []zlRecord {
	t.Helper()
	var out []zlRecord
	sc := bufio.NewScanner(bytes.NewReader(fixture(t, "zhaopin-2020/zl.jsonl.gz")))
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	for sc.Scan() {
		var r zlRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

var zlID = regexp.MustCompile(`/([A-Za-z0-9]+)\.html?$`)

// zhaopinDetailHTML renders a record as a jobs.zhaopin.com detail page of
// 2020: the summary plane (title, salary, city with district, experience,
// education), the company block, the skills and description blocks. The
// markup is the layout scrapers of the time read (the class really is
// spelt "describtion"); the text is the record's.
func zhaopinDetailHTML(r zlRecord) string {
	city, district, _ := strings.Cut(r.JobArea, "-")
	var desc strings.Builder
	for i, line := range strings.Split(r.JobDetail, "\n") {
		if i > 0 {
			desc.WriteString("<br>")
		}
		desc.WriteString(html.EscapeString(line))
	}
	var skills strings.Builder
	for _, s := range strings.Split(r.Skills, "\n") {
		if s != "" {
			fmt.Fprintf(&skills, `<span class="describtion__skills-item">%s</span>`, html.EscapeString(s))
		}
	}
	e := html.EscapeString
	distSpan := ""
	if district != "" {
		distSpan = "<span>-" + e(district) + "</span>"
	}
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>【%s招聘_%s】%s招聘信息-智联招聘</title>
<link rel="canonical" href="%s"></head><body>
<div class="job-summary"><div class="summary-plane"><div class="summary-plane__top">
<h3 class="summary-plane__title">%s</h3><span class="summary-plane__salary">%s</span></div>
<ul class="summary-plane__info"><li><a href="//www.zhaopin.com/">%s</a>%s</li><li>%s</li><li>%s</li></ul></div></div>
<div class="company"><a class="company__title" href="//company.zhaopin.com/x.htm">%s</a></div>
<div class="describtion"><div class="describtion__skills-content">%s</div>
<div class="describtion__detail-content">%s</div></div>
</body></html>`, e(r.JobName), e(city), e(r.Name), e(r.JobURL), e(r.JobName), e(r.Salary), e(city), distSpan, e(r.Exp), e(r.Edu),
		e(r.Name), skills.String(), desc.String())
}

func TestZhaopinGolden(t *testing.T) {
	recs := zhaopinRecords(t)
	if len(recs) != 270 {
		t.Fatalf("%d records, want 270", len(recs))
	}
	src, err := newZhaopinSource(&SourceConfig{Name: "zhaopin", Start: []string{"https://sou.zhaopin.com/?jl=530&kw=python"}}, ZhaopinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var all []posting.Posting
	for _, r := range recs {
		p := htmlPage(t, r.JobURL, zhaopinDetailHTML(r))
		p.Request.Kind = KindDetail
		res, err := src.Parse(context.Background(), p)
		if err != nil || len(res.Postings) != 1 {
			t.Fatalf("%s: %d postings, %v", r.JobURL, len(res.Postings), err)
		}
		ps := res.Postings[0]
		// Field for field as the importer reads the same record.
		if ps.SourceID != zlID.FindStringSubmatch(r.JobURL)[1] || ps.Title != oneLine(r.JobName) || ps.Company != oneLine(r.Name) ||
			ps.City != normalize.City(r.JobArea) || ps.Salary != oneLine(r.Salary) || ps.Description != normalize.HTMLToText(r.JobDetail) {
			t.Fatalf("%s parsed as %+v", r.JobURL, ps)
		}
		all = append(all, ps)
	}
	checkGolden(t, "zhaopin-2020.tsv", all)
}

func TestZhaopinListPages(t *testing.T) {
	src, _ := newZhaopinSource(&SourceConfig{Name: "zhaopin", Start: []string{"https://sou.zhaopin.com/?jl=801&kw=x"}}, ZhaopinOptions{})
	// The old server-rendered list (2016): 60 detail links and a next page.
	p := htmlPage(t, "http://sou.zhaopin.com/jobs/searchresult.ashx?jl=成都&kw=算法工程师", string(fixture(t, "pages/zhaopin/list_2016-04_algorithm_chengdu.html.gz")))
	res, err := src.Parse(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	details, next := 0, 0
	for _, f := range res.Follow {
		switch f.Kind {
		case KindDetail:
			details++
		case KindListing:
			next++
			if !strings.Contains(f.URL, "p=2") {
				t.Errorf("next page %s", f.URL)
			}
		}
	}
	if details != 60 || next != 1 || len(res.Postings) != 0 {
		t.Errorf("2016 list: %d detail links, %d next, %d postings; want 60, 1, 0", details, next, len(res.Postings))
	}
	// The modern list past its last page (UTF-8 declared ISO-8859-1):
	// nothing to follow, nothing wrong.
	body, cs := decodeBody(fixture(t, "pages/zhaopin/list_2023-01_ssr_empty_result.html.gz"), "text/html; charset=iso-8859-1")
	p = htmlPage(t, "https://sou.zhaopin.com/?jl=613&p=34", string(body))
	res, err = src.Parse(context.Background(), p)
	if err != nil || len(res.Follow) != 0 || len(res.Postings) != 0 || len(res.Warnings) != 0 || cs != "utf-8" {
		t.Errorf("empty list: %+v, %v, charset %s", res, err, cs)
	}
}

// fakeZhaopin serves search lists (positionList in __INITIAL_STATE__, 30 a
// page, then the real past-the-end page) and detail pages built from the
// real records; some detail requests get the real slider captcha first.
type fakeZhaopin struct {
	byID       map[string]zlRecord
	order      []string
	mu         sync.Mutex
	captchaFor map[string]int
	empty      []byte
	captcha    []byte
	base       string
}

func (f *fakeZhaopin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case r.URL.Path == "/list":
		pn, _ := strconv.Atoi(r.URL.Query().Get("p"))
		if pn == 0 {
			pn = 1
		}
		lo, hi := min((pn-1)*30, len(f.order)), min(pn*30, len(f.order))
		if lo == hi {
			w.Header().Set("Content-Type", "text/html; charset=iso-8859-1") // as the real server declared it
			w.Write(f.empty)
			return
		}
		var list []map[string]any
		for _, id := range f.order[lo:hi] {
			list = append(list, map[string]any{"positionURL": f.base + "/" + id + ".htm", "name": f.byID[id].JobName})
		}
		state, _ := json.Marshal(map[string]any{"positionList": list, "isVerification": false})
		fmt.Fprintf(w, `<html><head><meta charset="utf-8"></head><body><div id="root"></div><script>__INITIAL_STATE__=%s</script></body></html>`, state)
	case strings.HasSuffix(r.URL.Path, ".htm"):
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/"), ".htm")
		f.mu.Lock()
		if f.captchaFor[id] > 0 {
			f.captchaFor[id]--
			f.mu.Unlock()
			w.Write(f.captcha)
			return
		}
		f.mu.Unlock()
		rec, ok := f.byID[id]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, zhaopinDetailHTML(rec))
	default:
		http.NotFound(w, r)
	}
}

// TestZhaopinCrawlMatchesImporter crawls the real records through list and
// detail pages after `crawl import` loaded the same records: every posting
// is found unchanged — same key, same fields.
func TestZhaopinCrawlMatchesImporter(t *testing.T) {
	recs := zhaopinRecords(t)
	f := &fakeZhaopin{byID: map[string]zlRecord{}, captchaFor: map[string]int{}, captcha: fixture(t, "pages/zhaopin/captcha_2022-07.html"),
		empty: fixture(t, "pages/zhaopin/list_2023-01_ssr_empty_result.html.gz")}
	for _, r := range recs {
		id := zlID.FindStringSubmatch(r.JobURL)[1]
		if _, dup := f.byID[id]; !dup {
			f.order = append(f.order, id)
		}
		f.byID[id] = r // the last copy, as the importer's upsert keeps it
	}
	f.captchaFor[f.order[3]] = 1
	f.captchaFor[f.order[100]] = 1
	srv := httptest.NewServer(f)
	defer srv.Close()
	f.base = srv.URL

	st := openStore(t)
	ctx := context.Background()
	var jsonl bytes.Buffer
	for _, line := range bytes.Split(fixture(t, "zhaopin-2020/zl.jsonl.gz"), []byte("\n")) {
		jsonl.Write(line)
		jsonl.WriteByte('\n')
	}
	res, err := ingest.Import(ctx, "zl.jsonl", &jsonl, st, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(stored(t, st, "zhaopin")); n != len(f.order) {
		t.Fatalf("import stored %d zhaopin postings (%+v), want %d", n, res.Stored, len(f.order))
	}
	cfg := &Config{Sources: []SourceConfig{{Name: "zhaopin", Kind: "zhaopin", Start: []string{srv.URL + "/list"}, Settings: fast(),
		Options: ZhaopinOptions{Pages: 20}}}}
	sum := mustRun(t, cfg, st)
	if sum.Unchanged != len(f.order) || sum.New != 0 || sum.Updated != 0 || sum.AntiBot != 2 || sum.Errors != 0 {
		t.Errorf("crawl after import: %s; want all %d unchanged, 2 anti-bot pages", sum.Line(), len(f.order))
	}
	if n := countRows(t, st, `SELECT count(*) FROM postings WHERE title LIKE '%验证%'`); n != 0 {
		t.Errorf("%d captcha pages stored as postings", n)
	}
}
