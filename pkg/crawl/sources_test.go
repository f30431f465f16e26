package crawl

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// TestCSSSourceOnDemoBoard describes the demo board by selectors only
// (the way a user adds a board in the config) and gets the same postings
// the JSON-LD crawl gets.
func TestCSSSourceOnDemoBoard(t *testing.T) {
	board, _ := demo.New(demo.Options{Generated: 100, PerPage: 25})
	srv := httptest.NewServer(board.Handler())
	defer srv.Close()
	cfg, err := ParseConfig([]byte(fmt.Sprintf(`
sources:
  - name: board
    kind: css
    start: ["%s/jobs"]
    delay: 0s
    css:
      links: "a.job-link"
      next: "a.next"
      title: "h1.title"
      company: ".posting .company"
      city: ".posting .city"
      salary: ".salary"
      posted_at: "time@datetime"
      description: ".description"
      id: ".source@data-id"
`, srv.URL)), "css.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum := mustRun(t, cfg, st)
	got := stored(t, st, "board")
	if len(got) != board.Len() || sum.Errors != 0 {
		t.Fatalf("%s; %d stored, want %d", sum.Line(), len(got), board.Len())
	}
	for i := range board.Len() {
		j := board.Job(i)
		p, ok := got[j.SourceID]
		if !ok || p.Title != j.Title || p.Company != j.Company || p.City != normalize.City(j.City) || p.Salary != j.Salary ||
			!p.PostedAt.Equal(j.Posted) || p.URL != srv.URL+j.Path || (j.Description != "" && p.Description == "") {
			t.Fatalf("%s: stored %+v, board %+v", j.Path, p, j)
		}
	}
	// Item mode: postings read from the listing rows themselves.
	cfg.Sources[0].Name = "rows"
	cfg.Sources[0].Options = CSSOptions{Item: "li.job", Title: "a.job-link", Company: ".company", City: ".city", Next: "a.next"}
	if err := cfg.Sources[0].Check(); err != nil {
		t.Fatal(err)
	}
	sum = mustRun(t, cfg, st)
	rows := stored(t, st, "rows")
	if len(rows) != board.Len() {
		t.Fatalf("item mode: %s, %d stored", sum.Line(), len(rows))
	}
	if _, ok := rows[srv.URL+board.Job(0).Path]; !ok {
		t.Errorf("item mode: postings not keyed by their link (%v...)", valuesOf(rows)[0].SourceID)
	}
}

// TestSavedResponses reads a folder of saved responses — an HTML page, a
// JSON API response and a HAR archive — with each platform adapter.
func TestSavedResponses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Lagou: the real saved API results (a bare array) and a detail page.
	write("lagou/positionAjax.json", fixture(t, "pages/lagou/positionAjax_result_2021-02.json"))
	write("lagou/detail.html", fixture(t, "pages/lagou/detail_2018-08_python.html"))
	write("lagou/captcha.html", fixture(t, "pages/zhaopin/captcha_2022-07.html"))
	write("lagou/notes.md", []byte("ignored"))
	// Zhaopin: two detail pages saved by a browser.
	recs := zhaopinRecords(t)
	write("zhaopin/a.html", []byte("<!-- saved from url=(0052)"+recs[0].JobURL+" -->\n"+zhaopinDetailHTML(recs[0])))
	write("zhaopin/sub/b.htm", []byte(zhaopinDetailHTML(recs[1])))
	// GitHub: a HAR of the comments API, the body base64-encoded as browsers do.
	posts := ruanyfPosts(t)[:3]
	var comments []map[string]any
	for _, p := range posts {
		comments = append(comments, map[string]any{"id": p.CommentID, "body": p.Body, "created_at": p.CreatedAt, "updated_at": p.UpdatedAt,
			"html_url":  fmt.Sprintf("https://github.com/ruanyf/weekly/issues/%d#issuecomment-%d", p.Issue, p.CommentID),
			"issue_url": fmt.Sprintf("https://api.github.com/repos/ruanyf/weekly/issues/%d", p.Issue)})
	}
	body, _ := json.Marshal(comments)
	har, _ := json.Marshal(map[string]any{"log": map[string]any{"entries": []any{
		map[string]any{"request": map[string]any{"method": "GET", "url": "https://api.github.com/repos/ruanyf/weekly/issues/1/comments"},
			"response": map[string]any{"status": 200, "content": map[string]any{"mimeType": "application/json; charset=utf-8",
				"text": base64.StdEncoding.EncodeToString(body), "encoding": "base64"}}},
		map[string]any{"request": map[string]any{"method": "GET", "url": "https://github.githubassets.com/logo.png"},
			"response": map[string]any{"status": 200, "content": map[string]any{"mimeType": "image/png", "text": "iVBOR"}}},
	}}})
	write("github/session.har", har)

	st := openStore(t)
	cfg, err := ParseConfig([]byte(fmt.Sprintf(`
sources:
  - {name: lagou, kind: lagou, saved: %s/lagou}
  - {name: zhaopin, kind: zhaopin, saved: %s/zhaopin}
  - {name: ruanyf-weekly, kind: github-threads, saved: %s/github, github: {repo: ruanyf/weekly}}
`, dir, dir, dir)), "saved.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sum := mustRun(t, cfg, st)
	if n := len(stored(t, st, "lagou")); n != 16 {
		t.Errorf("lagou: %d postings from saved responses, want 15 + 1", n)
	}
	z := stored(t, st, "zhaopin")
	if len(z) != 2 || z[zlID.FindStringSubmatch(recs[0].JobURL)[1]].URL != recs[0].JobURL {
		t.Errorf("zhaopin: %v", z)
	}
	if n := len(stored(t, st, "ruanyf-weekly")); n != 3 {
		t.Errorf("github: %d posts from the HAR, want 3", n)
	}
	if sum.AntiBot != 1 || sum.Errors != 0 {
		t.Errorf("%s; want the saved captcha page recognized and skipped", sum.Line())
	}
	// Saved responses are read, never fetched: no frontier was used.
	if n := countRows(t, st, `SELECT count(*) FROM crawl_queue`); n != 0 {
		t.Errorf("%d requests queued while reading saved responses", n)
	}

	// A source that cannot start is an error of that source; the others run.
	sum, err = Run(context.Background(), &Config{Sources: []SourceConfig{
		{Name: "x", Kind: "lagou", Settings: withSaved(filepath.Join(dir, "nope")), Options: LagouOptions{Queries: []LagouQuery{{Keyword: "go"}}}},
		{Name: "y", Kind: "lagou", Settings: withSaved(filepath.Join(dir, "lagou")), Options: LagouOptions{Queries: []LagouQuery{{Keyword: "go"}}}},
	}}, SQLiteStore(st), Options{})
	if err != nil || !strings.Contains(sum.Sources[0].Error, "nope") || sum.Errors != 1 || sum.Sources[1].New != 16 || sum.Failed() {
		t.Errorf("a missing saved folder: %v, %+v", err, sum.Sources)
	}
}

func withSaved(dir string) Settings {
	s := fast()
	s.Saved = dir
	return s
}

func TestCookieFile(t *testing.T) {
	txt := "# Netscape HTTP Cookie File\n" +
		".lagou.com\tTRUE\t/\tFALSE\t0\tJSESSIONID\tABC\n" +
		"#HttpOnly_www.lagou.com\tFALSE\t/\tTRUE\t4102444800\tuser_trace_token\tT1\n" +
		".lagou.com\tTRUE\t/\tFALSE\t946684800\texpired\tX\n" +
		"Cookie: sid=1; theme=dark\n"
	perHost, header, err := parseCookieFile("c.txt", bufio.NewScanner(strings.NewReader(txt)), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(perHost["lagou.com"]) != 1 || len(perHost["www.lagou.com"]) != 1 || len(header) != 2 || !perHost["www.lagou.com"][0].Secure {
		t.Errorf("parsed %v / %v", perHost, header)
	}
	if _, _, err := parseCookieFile("c.txt", bufio.NewScanner(strings.NewReader("x.com\tFALSE\t/\tFALSE\tsoon\tn\tv\n")), time.Now()); err == nil {
		t.Error("a bad expiry accepted")
	}

	// End to end: the cookies reach the site, and only the site.
	var got []string
	srv, _ := site(t, map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Cookie"))
		fmt.Fprint(w, jobPage("1", "x"))
	}})
	u, _ := url.Parse(srv.URL)
	file := filepath.Join(t.TempDir(), "cookies.txt")
	os.WriteFile(file, []byte(u.Hostname()+"\tFALSE\t/\tFALSE\t0\tsession\tS3CRET\nother.example\tFALSE\t/\tFALSE\t0\tleak\tNO\n"), 0o600)
	s := fast()
	s.CookieFile = file
	mustRun(t, cfgFor("ck", srv.URL+"/", s), openStore(t))
	if len(got) != 1 || !strings.Contains(got[0], "session=S3CRET") || strings.Contains(got[0], "leak") {
		t.Errorf("cookies sent: %q", got)
	}
}

func TestPrivateAddressesAreNotFollowed(t *testing.T) {
	// At dial time: a transport for a public source refuses loopback.
	srv, _ := site(t, map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hi") }})
	tr := newPoliteTransport(&Settings{Timeout: time.Second, MaxWait: time.Second, MaxBody: 1 << 20}, false)
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	if _, err := tr.RoundTrip(req); !errors.Is(err, errPrivateAddress) {
		t.Errorf("dial to %s: err = %v, want errPrivateAddress", srv.URL, err)
	}
	// Before queueing: links to private hosts are dropped unless the
	// source's own start URL is private — even hosts allow_domains names.
	r := &sourceRun{sc: &SourceConfig{Name: "pub", Settings: fast()}, log: discardLog(), opts: Options{Now: time.Now},
		hosts: map[string]bool{"jobs.example.com": true, "localhost": true, "169.254.169.254": true, "10.0.0.8": true}}
	page := htmlPage(t, "https://jobs.example.com/list", "")
	items, filtered := r.followItems(page, 0, []Request{{URL: "http://localhost:8080/admin"}, {URL: "http://169.254.169.254/latest/meta-data/"},
		{URL: "http://10.0.0.8/"}, {URL: "https://jobs.example.com/job/1"}, {URL: "https://evil.example.net/"}, {URL: "file:///etc/passwd"},
		{URL: "gopher://jobs.example.com/"}})
	if len(items) != 1 || filtered != 6 {
		t.Errorf("followed %d, filtered %d; want only the same-host public link", len(items), filtered)
	}
	r.allowPrivate = true // the source started on a private address (the demo, an intranet board)
	if items, _ := r.followItems(page, 0, []Request{{URL: "http://localhost:8080/x"}}); len(items) != 1 {
		t.Error("a private-start source could not follow its own hosts")
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestCSSIDPatternKeepsListingsOut: a board described with a broad title
// selector ("h1" is on every page, listings included) relies on
// id_pattern to tell postings from listings. Listing pages whose URL does
// not match it were stored as postings, keyed by their URL.
func TestCSSIDPatternKeepsListingsOut(t *testing.T) {
	board, _ := demo.New(demo.Options{Generated: -1, PerPage: 25})
	rec := &recorder{h: board.Handler()}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	cfg, err := ParseConfig([]byte(fmt.Sprintf(`
sources:
  - name: board
    kind: css
    start: ["%s/jobs"]
    delay: 0s
    max_pages: 300
    css:
      links: "a.job-link"
      next: "a.next"
      title: "h1"
      description: ".description"
      id_pattern: '/jobs/([^/?#]+)$'
`, srv.URL)), "css.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	sum := mustRun(t, cfg, st)
	got := stored(t, st, "board")
	for id, p := range got {
		if strings.Contains(id, "/") {
			t.Errorf("a page outside id_pattern was stored as a posting: %s %q", id, p.Title)
		}
	}
	details := rec.count("/jobs/")
	listings := rec.count("/jobs") - details
	if len(got) != details || details < 200 || listings == 0 || sum.Errors != 0 {
		t.Errorf("%s; %d stored from %d detail pages (and %d listings); want one posting per detail page, none per listing",
			sum.Line(), len(got), details, listings)
	}
}
