package demo

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://demo.test"+path, nil))
	return rec.Code, rec.Body.String()
}

func TestBoardContent(t *testing.T) {
	b, err := New(Options{Generated: 1000})
	if err != nil {
		t.Fatal(err)
	}
	// 269 distinct Zhaopin postings (one id appears twice), 188 BOSS, 600 sampled.
	if b.Real() != 269+188+600 || b.Len() != b.Real()+1000 {
		t.Errorf("real %d, len %d", b.Real(), b.Len())
	}
	count := map[string]int{}
	for i := range b.Real() {
		j := b.Job(i)
		count[j.Source]++
		if j.SourceID == "" || j.Title == "" || !strings.HasPrefix(j.URL, "http") {
			t.Fatalf("real posting %d incomplete: %+v", i, j)
		}
	}
	if count["zhaopin"] < 269 || count[BossGolangSource] < 188 || count["51job"] == 0 || count["lagou"] == 0 || count["liepin"] == 0 || count[GeneratedSource] != 0 {
		t.Errorf("real postings by platform: %v", count)
	}
	// Generated postings: named as such, ten years, a rising share of Go.
	goRe := regexp.MustCompile(`(?i)golang|go语言|(^|[^a-z])go([^a-z]|$)`)
	byYear := map[int][2]int{}
	for i := b.Real(); i < b.Len(); i++ {
		j := b.Job(i)
		if j.Source != GeneratedSource || !strings.Contains(j.URL, ".invalid/") {
			t.Fatalf("generated posting %d not marked as generated: %+v", i, j)
		}
		c := byYear[j.Posted.Year()]
		c[0]++
		if goRe.MatchString(j.Title + "\n" + j.Description) {
			c[1]++
		}
		byYear[j.Posted.Year()] = c
	}
	if len(byYear) != 10 {
		t.Errorf("generated years: %v", byYear)
	}
	share := func(y int) float64 { return float64(byYear[y][1]) / float64(byYear[y][0]) }
	if !(share(2015)+share(2016) < share(2023)+share(2024)) {
		t.Errorf("Go share does not rise: 2015 %.2f, 2024 %.2f", share(2015), share(2024))
	}
	// Deterministic.
	b2, _ := New(Options{Generated: 1000})
	if b.Job(b.Len()-1) != b2.Job(b2.Len()-1) {
		t.Error("the same options gave different postings")
	}
}

func TestBoardPages(t *testing.T) {
	b, _ := New(Options{Generated: 30, PerPage: 10})
	h := b.Handler()
	code, robots := get(t, h, "/robots.txt")
	if code != 200 || !strings.Contains(robots, "Disallow: /private/") || !strings.Contains(robots, "Sitemap: http://demo.test/sitemap.xml") {
		t.Errorf("robots.txt: %d %q", code, robots)
	}
	_, idx := get(t, h, "/sitemap.xml")
	if n := strings.Count(idx, "<sitemap>"); n != (b.Len()+999)/1000 {
		t.Errorf("sitemap index lists %d sitemaps", n)
	}
	_, sm := get(t, h, "/sitemaps/jobs-1.xml")
	if n := strings.Count(sm, "<loc>"); n != min(1000, b.Len()) {
		t.Errorf("sitemap 1 lists %d URLs", n)
	}
	if code, _ := get(t, h, "/sitemaps/jobs-99.xml"); code != 404 {
		t.Errorf("sitemap past the end: %d", code)
	}
	_, list := get(t, h, "/jobs?page=2")
	if strings.Count(list, `class="job-link"`) != 10 || !strings.Contains(list, `rel="next" href="/jobs?page=3"`) {
		t.Errorf("listing page 2: %s", list[:min(len(list), 400)])
	}
	last := (b.Len() + 9) / 10
	if _, l := get(t, h, "/jobs?page="+itoa(last)); strings.Contains(l, `rel="next"`) {
		t.Error("the last listing page links to a next one")
	}
	for _, p := range []string{"/jobs?page=0", "/jobs?page=x"} {
		if code, _ := get(t, h, p); code != 400 {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, _ := get(t, h, "/jobs/g999999"); code != 404 {
		t.Errorf("unknown posting: %d", code)
	}
	// Every detail page carries its posting in JSON-LD; the designed broken
	// blocks are the only invalid ones (raw line breaks are invalid JSON
	// too, but what a lenient reader must repair).
	scriptRe := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	broken := 0
	for i := range b.Len() {
		j := b.Job(i)
		code, page := get(t, h, j.Path)
		if code != 200 {
			t.Fatalf("%s: %d", j.Path, code)
		}
		found := false
		for _, m := range scriptRe.FindAllStringSubmatch(page, -1) {
			var v any
			if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
				if i%50 == 13 {
					continue
				}
				broken++
				continue
			}
			js, _ := json.Marshal(v)
			if strings.Contains(string(js), `"value":"`+j.SourceID+`"`) {
				found = true
			}
		}
		if !found && i%50 != 13 {
			t.Fatalf("%s: no JSON-LD with identifier %s", j.Path, j.SourceID)
		}
		if strings.Contains(page, "<script>") {
			t.Fatalf("%s: third-party markup passed through", j.Path)
		}
	}
	if want := (b.Len() + 42) / 50; broken != want {
		t.Errorf("%d broken JSON-LD blocks, want %d", broken, want)
	}
	if code, _ := get(t, h, "/private/stats"); code != 403 {
		t.Errorf("/private/: %d", code)
	}
}

func TestStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, _ := New(Options{Generated: 5})
	base, stop, err := b.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("base %s: want a loopback address", base)
	}
	resp, err := http.Get(base + "/robots.txt")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), base+"/sitemap.xml") {
		t.Errorf("robots.txt via %s: %s", base, body)
	}
	stop()
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
