package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/outfile"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// recorder wraps a handler and remembers every request.
type recorder struct {
	h    http.Handler
	mu   sync.Mutex
	reqs []recorded
	// concurrency
	inflight, maxInflight int
	now                   func() time.Time // the clock request times are read from; nil: time.Now
}

// useClock makes the recorder read request times from c, the clock the
// crawl runs on.
func (r *recorder) useClock(c *fakeClock) {
	r.mu.Lock()
	r.now = c.Now
	r.mu.Unlock()
}

func (r *recorder) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}

type recorded struct {
	path       string
	ua         string
	start, end time.Time
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.inflight++
	r.maxInflight = max(r.maxInflight, r.inflight)
	// Recorded as it arrives: a request the crawler gave up on (a body over
	// the cap) may still be answering when the crawl has ended.
	i := len(r.reqs)
	r.reqs = append(r.reqs, recorded{path: req.URL.RequestURI(), ua: req.UserAgent(), start: r.clock()})
	h := r.h
	r.mu.Unlock()
	h.ServeHTTP(w, req)
	r.mu.Lock()
	r.inflight--
	r.reqs[i].end = r.clock()
	r.mu.Unlock()
}

// requests returns the requests so far.
func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

func (r *recorder) count(prefix string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, q := range r.reqs {
		if strings.HasPrefix(q.path, prefix) {
			n++
		}
	}
	return n
}

func demoConfig(base string, s Settings) *Config {
	return &Config{Sources: []SourceConfig{{Name: "demo", Kind: "jsonld", Start: []string{base + "/jobs"}, Settings: s,
		Options: JSONLDOptions{SourceFromIdentifier: true}}}}
}

// TestDemoBoardCrawl crawls the demo board twice: the first run stores
// every posting exactly once, under the platform its identifier names; the
// second fetches only listings (details are fresh); a run with refresh 0 on
// a board whose generated postings changed updates exactly those.
func TestDemoBoardCrawl(t *testing.T) {
	board, err := demo.New(demo.Options{Generated: 300})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{h: board.Handler()}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	st := openStore(t)
	s := fast()
	s.UserAgent = "jobtrend-test/1 (+https://example.com/contact)"

	sum := mustRun(t, demoConfig(srv.URL, s), st)
	if sum.New != board.Len() || sum.Updated != 0 || sum.Errors != 0 {
		t.Fatalf("first run: %s; want %d new, no errors", sum.Line(), board.Len())
	}
	bySource := map[string]map[string]posting.Posting{}
	for i := range board.Len() {
		j := board.Job(i)
		if bySource[j.Source] == nil {
			bySource[j.Source] = stored(t, st, j.Source)
		}
		p, ok := bySource[j.Source][j.SourceID]
		if !ok {
			t.Fatalf("posting %s/%s (%s) not stored", j.Source, j.SourceID, j.Path)
		}
		wantCity := normalize.City(j.City)
		if p.Title != j.Title || p.Company != j.Company || p.City != wantCity || p.URL != j.URL || p.Salary != j.Salary ||
			!p.PostedAt.Equal(j.Posted) || strings.TrimSpace(p.Description) == "" && strings.TrimSpace(j.Description) != "" {
			t.Fatalf("posting %s/%s stored as %+v, board has %+v", j.Source, j.SourceID, p, j)
		}
	}
	if n := countRows(t, st, `SELECT count(*) FROM postings`); n != board.Len() {
		t.Errorf("%d rows, want %d", n, board.Len())
	}
	if sum.Blocked != 1 || rec.count("/private/") != 0 {
		t.Errorf("robots.txt: blocked %d, /private/ requested %d times; want 1 and 0", sum.Blocked, rec.count("/private/"))
	}
	if rec.count("/apply") != 0 {
		t.Error("a rel=nofollow link was followed")
	}
	if want := (board.Len() + 42) / 50; sum.Warnings != want { // one broken JSON-LD block on every 50th page (index 7 mod 50)
		t.Errorf("warnings = %d, want %d broken blocks", sum.Warnings, want)
	}
	reqs := rec.requests()
	for _, r := range reqs {
		if r.ua != s.UserAgent {
			t.Fatalf("request %s with User-Agent %q", r.path, r.ua)
		}
	}
	if reqs[0].path != "/robots.txt" {
		t.Errorf("first request %s, want /robots.txt", reqs[0].path)
	}
	if rec.maxInflight != 1 {
		t.Errorf("%d requests in flight at once to one host, want 1", rec.maxInflight)
	}

	// Second run: every detail page is stored and fresh.
	details := rec.count("/jobs/")
	sum = mustRun(t, demoConfig(srv.URL, s), st)
	if sum.New != 0 || sum.Skipped != board.Len() || rec.count("/jobs/") != details {
		t.Errorf("second run: %s, %d detail fetches; want all %d skipped as fresh, none fetched", sum.Line(),
			rec.count("/jobs/")-details, board.Len())
	}
	if sum.Pages < board.Len()/20 {
		t.Errorf("second run fetched %d pages; the listings must be fetched every time", sum.Pages)
	}

	// Third run, refresh 0, the generated postings changed: updated, not duplicated.
	board2, _ := demo.New(demo.Options{Generated: 300, Seed: 2})
	rec.mu.Lock()
	rec.h = board2.Handler()
	rec.mu.Unlock()
	s.Refresh = 0
	sum = mustRun(t, demoConfig(srv.URL, s), st)
	if sum.New != 0 || sum.Updated < 250 || sum.Updated+sum.Unchanged != board.Len() {
		t.Errorf("third run: %s; want ~300 updated, the rest unchanged, none new", sum.Line())
	}
	if n := countRows(t, st, `SELECT count(*) FROM postings`); n != board.Len() {
		t.Errorf("%d rows after an update, want %d", n, board.Len())
	}
	if ok, _ := st.IntegrityCheck(context.Background()); ok != "ok" {
		t.Errorf("integrity_check = %s", ok)
	}
}

// site is a small programmable test site: robots.txt allows all, the start
// page links to paths, each path answers by its handler.
func site(t *testing.T, routes map[string]http.HandlerFunc) (*httptest.Server, *recorder) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /nope/\n")
	})
	mux.HandleFunc("/sitemap.xml", http.NotFound)
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	rec := &recorder{h: mux}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return srv, rec
}

func jobPage(id, title string) string {
	return fmt.Sprintf(`<html><head><title>%s</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":%q,"identifier":%q,"description":"描述 %s"}</script></head><body><h1>%s</h1></body></html>`,
		title, title, id, id, title)
}

func links(paths ...string) string {
	var b strings.Builder
	b.WriteString("<html><body>")
	for _, p := range paths {
		fmt.Fprintf(&b, `<a href="%s">%s</a>`, p, p)
	}
	b.WriteString("</body></html>")
	return b.String()
}

func cfgFor(name, start string, s Settings) *Config {
	return &Config{Sources: []SourceConfig{{Name: name, Kind: "jsonld", Start: []string{start}, Settings: s}}}
}

// flaky answers with the given statuses first, then the page.
func flaky(page string, failures ...int) http.HandlerFunc {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		i := n
		n++
		mu.Unlock()
		if i < len(failures) {
			switch failures[i] {
			case -1: // a connection reset
				hj, _ := w.(http.Hijacker)
				c, _, _ := hj.Hijack()
				c.Close()
			case -2: // a timeout
				select { // until the client gives up
				case <-time.After(1200 * time.Millisecond):
				case <-r.Context().Done():
				}
			default:
				if failures[i] == http.StatusTooManyRequests || failures[i] == http.StatusServiceUnavailable {
					w.Header().Set("Retry-After", "1")
				}
				http.Error(w, "failure", failures[i])
			}
			return
		}
		fmt.Fprint(w, page)
	}
}

func TestFaults(t *testing.T) {
	big := strings.Repeat("x", 64<<10)
	srv, rec := site(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, links("/e500", "/reset", "/slow", "/always", "/gone", "/loop", "/big", "/gbk", "/nope/x", "/off", "/e503"))
		},
		"/e500":   flaky(jobPage("e500", "五百"), 500, 502),
		"/e503":   flaky(jobPage("e503", "五零三"), 503),
		"/reset":  flaky(jobPage("reset", "重置"), -1, -1),
		"/slow":   flaky(jobPage("slow", "超时"), -2),
		"/always": flaky("", 500, 500, 500, 500, 500, 500, 500, 500),
		"/gone":   http.NotFound,
		"/loop": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/loop2", http.StatusFound)
		},
		"/loop2": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/loop", http.StatusFound)
		},
		"/big": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, big) },
		"/gbk": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html") // the charset is only in the page
			w.Write(gbk(t, `<html><head><meta charset="gbk">`+jobPage("gbk", "数据分析师")[6:]))
		},
		"/off": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://example.invalid/elsewhere", http.StatusFound)
		},
	})
	st := openStore(t)
	s := fast()
	s.Retries = 3
	s.Timeout = 500 * time.Millisecond // real: /slow is a real stall, longer; other pages must not time out on a busy machine
	s.MaxBody = 32 << 10
	clock := newFakeClock()
	rec.useClock(clock)
	sum := runWith(t, cfgFor("faults", srv.URL+"/", s), st, clock.options())
	got := stored(t, st, "faults")
	for _, id := range []string{"e500", "e503", "reset", "slow", "gbk"} {
		if _, ok := got[id]; !ok {
			t.Errorf("posting %s not stored after transient failures", id)
		}
	}
	if got["gbk"].Title != "数据分析师" {
		t.Errorf("GBK page title = %q", got["gbk"].Title)
	}
	if n := rec.count("/always"); n != s.Retries+1 {
		t.Errorf("/always requested %d times, want %d (the retry cap)", n, s.Retries+1)
	}
	if n := rec.count("/gone"); n != 1 {
		t.Errorf("a 404 was retried (%d requests)", n)
	}
	if n := rec.count("/loop"); n > 2 {
		t.Errorf("redirect loop followed %d times", n)
	}
	if n := rec.count("/big"); n != 1 {
		t.Errorf("an oversized body was retried (%d requests)", n)
	}
	if rec.count("/nope/") != 0 {
		t.Error("robots.txt ignored")
	}
	// Errors: /always, /gone, /loop, /big; blocked: /nope/x (robots), /off (another host).
	if sum.Errors != 4 || sum.Blocked != 2 || len(got) != 5 {
		t.Errorf("summary %s; want 5 stored, 4 errors, 2 blocked", sum.Line())
	}
	var e503 []time.Time
	for _, r := range rec.requests() {
		if r.path == "/e503" {
			e503 = append(e503, r.start)
		}
	}
	if len(e503) != 2 || e503[1].Sub(e503[0]) < time.Second {
		t.Errorf("/e503 requested at %v: Retry-After: 1 of the 503 was not honoured", e503)
	}
	f, _ := st.Frontier("faults")
	rows, _ := f.Rows(context.Background())
	notes := map[string]string{}
	for _, r := range rows {
		notes[r.URL[len(srv.URL):]] = string(r.State) + ": " + r.Note
	}
	for path, want := range map[string]string{"/always": "failed: HTTP 500", "/gone": "failed: HTTP 404", "/loop": "redirect loop",
		"/big": "size cap", "/nope/x": "blocked: disallowed by robots.txt", "/off": "blocked"} {
		if !strings.Contains(notes[path], want) {
			t.Errorf("frontier note for %s = %q, want %q", path, notes[path], want)
		}
	}
}

func TestPolitenessDelayAndRetryAfter(t *testing.T) {
	var paths []string
	for i := range 6 {
		paths = append(paths, fmt.Sprintf("/j/%d", i))
	}
	routes := map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links(paths...)) }}
	for i, p := range paths {
		routes[p] = func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage(fmt.Sprint(i), "职位")) }
	}
	routes["/j/3"] = flaky(jobPage("3", "职位"), http.StatusTooManyRequests)
	srv, rec := site(t, routes)
	st := openStore(t)
	s := fast()
	s.Delay, s.Jitter, s.Workers = 80*time.Millisecond, 20*time.Millisecond, 4
	clock := newFakeClock()
	rec.useClock(clock)
	sum := runWith(t, cfgFor("polite", srv.URL+"/", s), st, clock.options())
	if sum.New != 6 {
		t.Fatalf("%s", sum.Line())
	}
	if rec.maxInflight != 1 {
		t.Errorf("%d concurrent requests to one host with 4 workers, want 1", rec.maxInflight)
	}
	// Times are the crawl's clock: every pause it made shows, none of the
	// scheduling noise of a real one.
	rs := rec.requests()
	saw429 := false
	for i := 1; i < len(rs); i++ {
		gap := rs[i].start.Sub(rs[i-1].end)
		if rs[i-1].path == "/j/3" && !saw429 {
			// The 429 said Retry-After: 1 — for the whole host, not only that page.
			saw429 = true
			if gap < time.Second {
				t.Errorf("request %s came %v after a 429 with Retry-After: 1", rs[i].path, gap)
			}
			continue
		}
		if gap < s.Delay {
			t.Errorf("request %d (%s) came %v after the previous response; delay is %v", i, rs[i].path, gap, s.Delay)
		}
	}
	if !saw429 {
		t.Error("the 429 was not followed by another request")
	}
}

func TestHostBackoffDefersToNextRun(t *testing.T) {
	var limited atomic.Bool
	limited.Store(true)
	srv, _ := site(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/a", "/b")) },
		"/a": func(w http.ResponseWriter, r *http.Request) {
			if limited.Load() {
				w.Header().Set("Retry-After", "3600")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, jobPage("a", "甲"))
		},
		"/b": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage("b", "乙")) },
	})
	st := openStore(t)
	s := fast()
	s.Workers = 1
	start := time.Now()
	sum := mustRun(t, cfgFor("bo", srv.URL+"/", s), st)
	if time.Since(start) > 5*time.Second {
		t.Errorf("a Retry-After of an hour blocked the run for %v", time.Since(start))
	}
	if sum.Deferred == 0 || sum.Sources[0].Finished || sum.Errors != 0 {
		t.Fatalf("first run: %s (finished %v); want requests deferred, not failed", sum.Line(), sum.Sources[0].Finished)
	}
	limited.Store(false)
	sum = mustRun(t, cfgFor("bo", srv.URL+"/", s), st)
	if !sum.Sources[0].Resumed || !sum.Sources[0].Finished || len(stored(t, st, "bo")) != 2 {
		t.Errorf("next run: %s resumed=%v finished=%v; want both postings", sum.Line(), sum.Sources[0].Resumed, sum.Sources[0].Finished)
	}
}

func TestTrapsAreBounded(t *testing.T) {
	srv, rec := site(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, links("/events?month=2024-01", "/deep/1", fmt.Sprintf("/s?sid=%d&page=1", time.Now().UnixNano()), "/a/"))
		},
		// An endless calendar: every month links to the next.
		"/events": func(w http.ResponseWriter, r *http.Request) {
			m, _ := time.Parse("2006-01", r.URL.Query().Get("month"))
			fmt.Fprint(w, links("/events?month="+m.AddDate(0, 1, 0).Format("2006-01")))
		},
		// A fresh session id on every link: the same page.
		"/s": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, links(fmt.Sprintf("/s?sid=%d&page=1", time.Now().UnixNano())))
		},
		// Relative links that keep appending.
		"/a/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("a/")) },
		// Infinite depth.
		"/deep/": func(w http.ResponseWriter, r *http.Request) {
			var n int
			fmt.Sscanf(r.URL.Path, "/deep/%d", &n)
			fmt.Fprint(w, links(fmt.Sprintf("/deep/%d", n+1)))
		},
	})
	st := openStore(t)
	s := fast()
	s.MaxDepth = 8
	now := time.Now()
	sum := mustRun(t, cfgFor("traps", srv.URL+"/", s), st)
	if n := rec.count("/events"); n > (now.Year()+2-2024)*12 {
		t.Errorf("calendar trap: %d pages", n)
	}
	if n := rec.count("/s?"); n != 1 {
		t.Errorf("session-id trap: %d fetches, want 1", n)
	}
	if n := rec.count("/a/"); n > 4 {
		t.Errorf("repeating-path trap: %d fetches", n)
	}
	if n := rec.count("/deep/"); n != s.MaxDepth { // /deep/1 is one hop from the start
		t.Errorf("depth: %d fetches of /deep/, want %d (max depth %d)", n, s.MaxDepth, s.MaxDepth)
	}
	if !sum.Sources[0].Finished {
		t.Error("the crawl did not finish")
	}

	// max_pages caps a generation's requests.
	st2 := openStore(t)
	s.MaxPages = 5
	sum = mustRun(t, cfgFor("traps", srv.URL+"/", s), st2)
	if sum.Requests > 5 {
		t.Errorf("max_pages 5: %d requests", sum.Requests)
	}
}

func TestAntiBotPagesBackOffAndAreNeverStored(t *testing.T) {
	captcha := fixture(t, "pages/zhaopin/captcha_2022-07.html")
	var mu sync.Mutex
	served := 0
	srv, rec := site(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/job/1")) },
		"/job/1": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			served++
			n := served
			mu.Unlock()
			if n <= 2 {
				w.Write(captcha) // a 200 with a captcha: the worst kind
				return
			}
			fmt.Fprint(w, jobPage("1", "真职位"))
		},
		"/job/2": func(w http.ResponseWriter, r *http.Request) { w.Write(captcha) },
	})
	st := openStore(t)
	s := fast()
	clock := newFakeClock()
	rec.useClock(clock)
	sum := runWith(t, cfgFor("ab", srv.URL+"/", s), st, clock.options())
	got := stored(t, st, "ab")
	if sum.AntiBot != 2 || len(got) != 1 || got["1"].Title != "真职位" {
		t.Errorf("%s; stored %v; want 2 anti-bot pages, then the posting", sum.Line(), got)
	}
	reqs := rec.requests()
	var times []time.Time
	for _, r := range reqs {
		if r.path == "/job/1" {
			times = append(times, r.start)
		}
	}
	if len(times) != 3 || times[1].Sub(times[0]) < s.AntibotBackoff || times[2].Sub(times[1]) < 2*s.AntibotBackoff {
		t.Errorf("/job/1 requested at %v; want back-offs of %v, then doubled", times, s.AntibotBackoff)
	}

	// A host that only answers captchas: deferred to the next run, nothing stored.
	st2 := openStore(t)
	s.Retries = 2
	sum = mustRun(t, cfgFor("ab2", srv.URL+"/job/2", s), st2)
	if n := countRows(t, st2, `SELECT count(*) FROM postings`); n != 0 || sum.Deferred != 1 || sum.Errors != 0 {
		t.Errorf("captcha-only: %s, %d postings stored; want 1 deferred, none stored", sum.Line(), n)
	}
}

func TestRunLock(t *testing.T) {
	srv, _ := site(t, map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, jobPage("1", "x"))
	}})
	st := openStore(t)
	held, err := lockRun(context.Background(), lockPath(st.Path()), false)
	if err != nil {
		t.Fatal(err)
	}
	// A report's --out renamed over the lock would leave the holder locking
	// a file nobody else opens: the lock is one of the store's files.
	err = outfile.Check(lockPath(st.Path()), outfile.Options{Protect: []string{st.Path()}, Force: true,
		Recognize: func([]byte) bool { return true }})
	if !errors.Is(err, outfile.ErrRefused) {
		t.Errorf("an output over the run lock: %v; want it refused", err)
	}
	start := time.Now()
	_, err = Run(context.Background(), cfgFor("lk", srv.URL+"/", fast()), SQLiteStore(st), Options{})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "--wait") || time.Since(start) > time.Second {
		t.Fatalf("Run while locked = %v after %v; want ErrLocked at once, mentioning --wait", err, time.Since(start))
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		held.unlock()
	}()
	sum, err := Run(context.Background(), cfgFor("lk", srv.URL+"/", fast()), SQLiteStore(st), Options{Wait: true})
	if err != nil || sum.New != 1 || time.Since(start) < 300*time.Millisecond {
		t.Errorf("Run --wait = %s, %v", sum.Line(), err)
	}
}

func TestCancelThenResume(t *testing.T) {
	board, _ := demo.New(demo.Options{Generated: 200})
	srv := httptest.NewServer(board.Handler())
	defer srv.Close()
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	opts := Options{Progress: func(c Counters) {
		if c.Pages >= 300 {
			cancel()
		}
	}}
	sum1, err := Run(ctx, demoConfig(srv.URL, fast()), SQLiteStore(st), opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
	f, _ := st.Frontier("demo")
	if c, _ := f.Counts(context.Background()); c[store.StateInflight] != 0 {
		t.Errorf("requests left in flight after a clean stop: %v", c)
	}
	sum2 := mustRun(t, demoConfig(srv.URL, fast()), st)
	if !sum2.Sources[0].Resumed || sum1.New+sum2.New != board.Len() || sum2.Unchanged > 10 {
		t.Errorf("stop %s / resume %s: want the two to add up to %d new", sum1.Line(), sum2.Line(), board.Len())
	}
	if n := countRows(t, st, `SELECT count(*) FROM postings`); n != board.Len() {
		t.Errorf("%d rows, want %d", n, board.Len())
	}
	runs, _ := st.CrawlRuns(context.Background(), 5)
	if len(runs) != 2 || runs[0].Status != "done" || runs[1].Status != "interrupted" {
		t.Errorf("run records: %+v", runs)
	}
}

func TestRobotsCrawlDelay(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/a", "/b", "/private/c")) })
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage("a", "甲")) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage("b", "乙")) })
	clock := newFakeClock()
	rec := &recorder{h: mux, now: clock.Now}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	sum := runWith(t, cfgFor("cd", srv.URL+"/", fast()), openStore(t), clock.options())
	if sum.New != 2 || sum.Blocked != 1 {
		t.Fatalf("%s", sum.Line())
	}
	var prev time.Time
	for _, r := range rec.requests() {
		if !prev.IsZero() && r.start.Sub(prev) < 300*time.Millisecond && r.path != "/robots.txt" {
			t.Errorf("%s came %v after the previous response; robots.txt asked for 0.3s", r.path, r.start.Sub(prev))
		}
		prev = r.end
	}
}
