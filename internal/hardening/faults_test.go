package hardening

import (
	"bytes"
	"compress/gzip"
	"context"
	binenc "encoding/binary"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// The fault-injection suite: one crawl against loopback servers that
// answer with every fault the brief lists — slow bodies, truncated bodies,
// resets, 500/502/503/429 with and without Retry-After, redirect loops and
// chains, an endless link generator, a page of five thousand links, 50 MB
// bodies with and without Content-Length, gzip bombs, stalled headers,
// wrong and unknown charsets, binary garbage. The crawl must end with every
// reachable posting stored exactly once and every failure counted: the
// summary's errors equal the number of URLs that can never succeed, and
// the frontier says why each failed.

// fault is one route of the fault servers.
type fault struct {
	path string
	// fails is how many attempts fail before the page is served (transient
	// faults); -1 means every attempt fails (the URL can never succeed).
	fails int
	// retried says whether the failures are of the retryable kind, so the
	// summary's retries can be checked.
	retried bool
	// fail answers one failing attempt; nil for routes that always answer
	// the same (fails 0).
	fail func(w http.ResponseWriter, r *http.Request)
	// page answers a succeeding attempt; nil: the job page of the route.
	page func(w http.ResponseWriter, r *http.Request)
	// id is the posting the page carries ("" for none).
	id string
	// why is a word the frontier's note must contain for a failed URL
	// ("timeout awaiting response headers" or "request timed out" are both
	// a stall's).
	why string
}

// faultServer serves fault routes and records every request.
type faultServer struct {
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int
	times  map[string][]time.Time // start of each request, per path
}

func newFaultServer(t *testing.T, robots string, routes []fault, extra map[string]http.HandlerFunc) *faultServer {
	t.Helper()
	fs := &faultServer{counts: map[string]int{}, times: map[string][]time.Time{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, robots) })
	mux.HandleFunc("/sitemap.xml", http.NotFound)
	for _, f := range routes {
		mux.HandleFunc(f.path, func(w http.ResponseWriter, r *http.Request) {
			fs.mu.Lock()
			n := fs.counts[f.path]
			fs.mu.Unlock()
			if f.fails < 0 || n <= f.fails && f.fails > 0 {
				f.fail(w, r)
				return
			}
			if f.page != nil {
				f.page(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, faultJobPage(f.id))
		})
	}
	for p, h := range extra {
		mux.HandleFunc(p, h)
	}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		fs.counts[r.URL.Path]++
		fs.times[r.URL.Path] = append(fs.times[r.URL.Path], time.Now())
		fs.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *faultServer) count(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.counts[path]
}

func (fs *faultServer) countPrefix(prefix string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n := 0
	for p, c := range fs.counts {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

// faultJobPage is a detail page whose posting's id and title name the route.
func faultJobPage(id string) string {
	return `<!doctype html><html><head><title>` + id + `</title><script type="application/ld+json">` +
		`{"@context":"https://schema.org","@type":"JobPosting","title":"后端开发工程师 ` + id + `","identifier":"` + id +
		`","hiringOrganization":{"@type":"Organization","name":"故障测试公司"},"description":"熟悉Go语言，负责 ` + id + ` 的服务端开发。"}` +
		`</script></head><body><h1>` + id + `</h1></body></html>`
}

// Ways to fail an attempt.

func status(code int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		http.Error(w, http.StatusText(code), code)
	}
}

// reset closes the connection with a TCP RST before any response.
func reset(w http.ResponseWriter, r *http.Request) {
	c, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}

// truncated promises a body of 20,000 bytes, sends 3,000 and drops the
// connection.
func truncated(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", "20000")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(strings.Repeat("<p>半截</p>", 300)[:3000]))
	w.(http.Flusher).Flush()
	panic(http.ErrAbortHandler)
}

// resetMidBody sends headers and part of a page, then a TCP RST.
func resetMidBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("<!doctype html><html><head><title>"))
	w.(http.Flusher).Flush()
	reset(w, r)
}

// stall never answers within the crawler's timeout.
func stall(d time.Duration) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
	}
}

// stallBody sends headers and half a page, then nothing for d.
func stallBody(d time.Duration) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("<!doctype html><html><head>"))
		w.(http.Flusher).Flush()
		stall(d)(w, r)
	}
}

// trickle sends the page in small pieces with pauses: slow, but inside
// the timeout.
func trickle(id string, pieces int, pause time.Duration) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		page := faultJobPage(id)
		step := len(page)/pieces + 1
		for i := 0; i < len(page); i += step {
			w.Write([]byte(page[i:min(i+step, len(page))]))
			w.(http.Flusher).Flush()
			time.Sleep(pause)
		}
	}
}

// huge sends n bytes of HTML-ish filler, with or without Content-Length.
func huge(n int, withLength bool) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if withLength {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		chunk := bytes.Repeat([]byte("<p>大大大大大大大大</p>\n"), 4096)
		for sent := 0; sent < n; {
			k := min(len(chunk), n-sent)
			if _, err := w.Write(chunk[:k]); err != nil {
				return // the crawler hung up: what it should do
			}
			sent += k
		}
	}
}

// gzipBomb is a gzip stream that inflates to size bytes of zeros: many
// copies of one member (a reader reads concatenated members as one stream),
// about a thousandth of size on the wire.
func gzipBomb(size int) []byte {
	const member = 16 << 20
	var one bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&one, gzip.BestCompression)
	zw.Write(make([]byte, member))
	zw.Close()
	return bytes.Repeat(one.Bytes(), size/member)
}

func bomb(data []byte, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Write(data)
	}
}

func encoded(body []byte, contentType string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}
}

func redirectTo(target string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusFound) }
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func faultSettings() crawl.Settings {
	s := crawl.DefaultSettings()
	s.Delay, s.Jitter = 0, 0
	s.Backoff = 5 * time.Millisecond
	s.AntibotBackoff = 10 * time.Millisecond
	s.Timeout = time.Second
	s.MaxWait = 3 * time.Second
	s.Retries = 3
	s.MaxDepth = 12
	s.MaxPages = 400
	s.Workers = 4
	return s // MaxBody stays at its default, 10 MB: the 50 MB bodies are five times over it
}

func TestFaultInjection(t *testing.T) {
	if testing.Short() {
		t.Skip("a crawl of about ten seconds")
	}
	gbkPage := func(id, meta string) []byte {
		return gbk(t, strings.Replace(faultJobPage(id), "<head>", "<head>"+meta, 1))
	}
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(faultJobPage("utf16-bom")))
	garbage := make([]byte, 256<<10)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i+8 <= len(garbage); i += 8 {
		binenc.LittleEndian.PutUint64(garbage[i:], rng.Uint64())
	}
	bombData := gzipBomb(256 << 20) // 256 MB inflated, 25 times the body cap
	var bombGz bytes.Buffer
	zw := gzip.NewWriter(&bombGz)
	zw.Write(make([]byte, 64<<20))
	zw.Close()
	badGzip := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, bytes.Repeat([]byte{0xde, 0xad}, 500)...)

	// Host A: the main site. One request in flight per host, so the slow
	// faults live on host C and the deferral on host B.
	routesA := []fault{
		{path: "/t/500", fails: 1, retried: true, fail: status(500), id: "t-500"},
		{path: "/t/502", fails: 2, retried: true, fail: status(502), id: "t-502"},
		{path: "/t/503", fails: 1, retried: true, fail: status(503), id: "t-503"},
		{path: "/t/429", fails: 1, retried: true, fail: status(429), id: "t-429"},
		{path: "/t/503-retry-after", fails: 1, retried: true, fail: status(503, "Retry-After", "1"), id: "t-503-ra"},
		{path: "/t/429-retry-after-date", fails: 1, retried: true, id: "t-429-ra-date",
			fail: func(w http.ResponseWriter, r *http.Request) {
				status(429, "Retry-After", time.Now().Add(time.Second).UTC().Format(http.TimeFormat))(w, r)
			}},
		{path: "/t/reset", fails: 2, retried: true, fail: reset, id: "t-reset"},
		{path: "/t/reset-mid-body", fails: 1, retried: true, fail: resetMidBody, id: "t-reset-mid-body"},
		{path: "/t/truncated", fails: 1, retried: true, fail: truncated, id: "t-truncated"},
		{path: "/t/redirects", id: "t-redirects", page: redirectTo("/t/redirect2")},
		{path: "/t/gzip", id: "t-gzip", page: func(w http.ResponseWriter, r *http.Request) {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write([]byte(faultJobPage("t-gzip")))
			zw.Close()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(b.Bytes())
		}},
		// Charsets: declarations that lie, are missing, or name no charset at all.
		{path: "/t/gbk-declared-utf8", id: "t-gbk-declared-utf8", page: encoded(gbkPage("t-gbk-declared-utf8", ""), "text/html; charset=utf-8")},
		{path: "/t/gbk-declared-latin1", id: "t-gbk-declared-latin1", page: encoded(gbkPage("t-gbk-declared-latin1", ""), "text/html; charset=iso-8859-1")},
		{path: "/t/gbk-meta-only", id: "t-gbk-meta-only", page: encoded(gbkPage("t-gbk-meta-only", `<meta charset="gb2312">`), "text/html")},
		{path: "/t/gbk-undeclared", id: "t-gbk-undeclared", page: encoded(gbkPage("t-gbk-undeclared", ""), "text/html")},
		{path: "/t/unknown-charset", id: "t-unknown-charset", page: encoded([]byte(faultJobPage("t-unknown-charset")), "text/html; charset=x-no-such-charset")},
		{path: "/t/utf16-bom", id: "utf16-bom", page: encoded(utf16, "text/html")},
		{path: "/t/invalid-utf8", id: "t-invalid-utf8", page: encoded([]byte(strings.Replace(faultJobPage("t-invalid-utf8"), "负责", "负\xff\xfe责", 1)), "text/html; charset=utf-8")},
		// Pages that are not job pages at all: read, nothing stored, no error.
		{path: "/o/garbage", page: encoded(garbage, "text/html")},
		{path: "/o/binary", page: encoded(garbage, "application/octet-stream")},
		// URLs that can never succeed.
		{path: "/p/500", fails: -1, retried: true, fail: status(500), why: "500"},
		{path: "/p/404", fails: -1, fail: status(404), why: "404"},
		{path: "/p/reset", fails: -1, retried: true, fail: reset, why: "reset"},
		{path: "/p/loop", fails: -1, fail: redirectTo("/p/loop2"), why: "redirect"},
		{path: "/p/loop2", fails: -1, fail: redirectTo("/p/loop"), why: "redirect"},
		{path: "/p/long-chain", fails: -1, fail: redirectTo("/p/chain/1"), why: "redirects"},
		{path: "/p/50mb-length", fails: -1, fail: huge(50<<20, true), why: "size cap"},
		{path: "/p/50mb-chunked", fails: -1, fail: huge(50<<20, false), why: "size cap"},
		{path: "/p/gzip-bomb", fails: -1, fail: bomb(bombData, "Content-Type", "application/x-gzip"), why: "size cap"},
		{path: "/p/gzip-bomb-encoding", fails: -1, fail: bomb(bombGz.Bytes(), "Content-Type", "text/html", "Content-Encoding", "gzip"), why: "size cap"},
		{path: "/p/bad-gzip", fails: -1, fail: bomb(badGzip, "Content-Type", "text/html", "Content-Encoding", "gzip"), why: "corrupt"},
	}
	extraA := map[string]http.HandlerFunc{
		"/t/redirect2": redirectTo("/t/redirect3"),
		"/t/redirect3": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, faultJobPage("t-redirects")) },
		"/p/chain/": func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/p/chain/"))
			http.Redirect(w, r, fmt.Sprintf("/p/chain/%d", n+1), http.StatusFound)
		},
		// An endless link generator: every page links one level deeper and
		// to a fresh session id of itself.
		"/inf/": func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/inf/"))
			fmt.Fprintf(w, `<html><body><a href="/inf/%d">deeper</a> <a href="/inf/%d?jsessionid=%d">again</a> <a href="/cal?year=%d">calendar</a></body></html>`,
				n+1, n, rand.Int(), 2030+n)
		},
		"/cal": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>日历</body></html>") },
		// A page of 5,000 distinct links: the page budget stops it.
		"/wide": func(w http.ResponseWriter, r *http.Request) {
			var b strings.Builder
			b.WriteString("<html><body>")
			for i := range 5000 {
				fmt.Fprintf(&b, `<a href="/w/%d">%d</a>`, i, i)
			}
			b.WriteString("</body></html>")
			fmt.Fprint(w, b.String())
		},
		"/w/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<html><body>空</body></html>") },
	}
	// Host C: the slow faults.
	routesC := []fault{
		{path: "/t/slow-body", id: "t-slow-body", page: trickle("t-slow-body", 10, 30*time.Millisecond)},
		{path: "/t/stall-then-ok", fails: 1, retried: true, fail: stall(3 * time.Second), id: "t-stall-then-ok"},
		{path: "/t/stall-body-then-ok", fails: 1, retried: true, fail: stallBody(3 * time.Second), id: "t-stall-body-then-ok"},
		{path: "/p/stall", fails: -1, retried: true, fail: stall(3 * time.Second), why: "time"},
	}
	// Host B: asks for an hour's pause; its postings wait for the next run.
	var bHealed sync.Mutex
	healed := false
	routesB := []fault{
		{path: "/d/1", id: "d-1", fails: -1, fail: func(w http.ResponseWriter, r *http.Request) {
			bHealed.Lock()
			h := healed
			bHealed.Unlock()
			if h {
				fmt.Fprint(w, faultJobPage("d-1"))
				return
			}
			status(429, "Retry-After", "3600")(w, r)
		}},
		{path: "/d/2", id: "d-2", page: nil},
	}
	srvC := newFaultServer(t, "User-agent: *\nAllow: /\n", routesC, nil)
	srvB := newFaultServer(t, "User-agent: *\nAllow: /\n", routesB, nil)
	bombSitemap := bomb(bombData, "Content-Type", "application/x-gzip")
	extraA["/sitemap.xml.gz"] = bombSitemap
	var startLinks []string
	for _, f := range routesA {
		if f.path != "/p/loop2" {
			startLinks = append(startLinks, f.path)
		}
	}
	startLinks = append(startLinks, "/inf/1", "/cal?year=2019")
	for _, f := range routesC {
		startLinks = append(startLinks, srvC.URL+f.path)
	}
	startLinks = append(startLinks, srvB.URL+"/d/1", srvB.URL+"/d/2", "/wide") // last: its links must not crowd out the others
	extraA["/"] = func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString("<!doctype html><html><body>")
		for _, l := range startLinks {
			fmt.Fprintf(&b, `<a href="%s">x</a> `, l)
		}
		b.WriteString("</body></html>")
		fmt.Fprint(w, b.String())
	}
	srvA := newFaultServer(t, "User-agent: *\nAllow: /\nSitemap: /sitemap.xml.gz\n", routesA, extraA)

	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "faults.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := &crawl.Config{Sources: []crawl.SourceConfig{{Name: "faults", Kind: "jsonld", Start: []string{srvA.URL + "/"}, Settings: faultSettings()}}}

	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	allocBefore := ms.TotalAlloc
	start := time.Now()
	sum, err := crawl.Run(context.Background(), cfg, crawl.SQLiteStore(st), crawl.Options{})
	took := time.Since(start)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	runtime.ReadMemStats(&ms)
	t.Logf("first run, %v: %s", took.Round(time.Millisecond), sum.Line())

	// Every reachable posting stored exactly once.
	var want, permanent []string
	retries := 0
	for _, routes := range [][]fault{routesA, routesC} {
		for _, f := range routes {
			switch {
			case f.fails < 0:
				permanent = append(permanent, f.path)
			case f.id != "":
				want = append(want, f.id)
			}
			if f.retried && f.fails > 0 {
				retries += f.fails
			}
		}
	}
	sort.Strings(want)
	got := storedIDs(t, st, "faults")
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("stored postings:\n got %v\nwant %v", got, want)
	}
	var rows int
	st.DB().QueryRow(`SELECT count(*) FROM postings`).Scan(&rows)
	if rows != len(want) || sum.New != len(want) {
		t.Errorf("%d rows, %d new; want %d, each once", rows, sum.New, len(want))
	}
	for _, id := range []string{"t-gbk-declared-utf8", "t-gbk-declared-latin1", "t-gbk-meta-only", "t-gbk-undeclared", "utf16-bom", "t-unknown-charset"} {
		if text := storedText(t, st, id); !containsAll(text, "后端开发工程师", "故障测试公司", "熟悉Go语言") {
			t.Errorf("%s: a page in a wrong, missing or unknown charset was stored as mojibake: %q", id, text)
		}
	}

	// Every failure counted: the URLs that can never succeed are the
	// summary's errors, each failed in the frontier with the reason.
	// (/p/loop2 is only reached through /p/loop's redirect; the loop is one
	// failure.)
	permanent = removeString(permanent, "/p/loop2")
	permanent = append(permanent, "/sitemap.xml.gz")
	f, _ := st.Frontier("faults")
	qrows, err := f.Rows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]string{}
	deferred := 0
	for _, q := range qrows {
		switch q.State {
		case store.StateFailed:
			failed[pathOf(q.URL)] = q.Note
		case store.StateDeferred:
			deferred++
		case store.StatePending, store.StateInflight:
			t.Errorf("%s left %s", q.URL, q.State)
		}
	}
	whys := map[string]string{"/sitemap.xml.gz": "size cap"}
	for _, routes := range [][]fault{routesA, routesC} {
		for _, f := range routes {
			if f.fails < 0 {
				whys[f.path] = f.why
			}
		}
	}
	for _, p := range permanent {
		note, ok := failed[p]
		if !ok {
			t.Errorf("%s did not fail in the frontier", p)
			continue
		}
		if !strings.Contains(strings.ToLower(note), whys[p]) {
			t.Errorf("%s failed with note %q; want it to say %q", p, note, whys[p])
		}
	}
	if len(failed) != len(permanent) || sum.Errors != len(permanent) {
		t.Errorf("%d errors, %d failed URLs in the frontier (%v); want %d: %v", sum.Errors, len(failed), failed, len(permanent), permanent)
	}
	if sum.Retries < retries {
		t.Errorf("%d retries; the transient faults alone need %d", sum.Retries, retries)
	}
	if sum.Deferred != 2 || deferred != 2 || sum.Sources[0].Finished {
		t.Errorf("deferred %d in the summary, %d in the frontier, finished %v; want host B's two pages deferred to the next run (its 429 asks for an hour), the generation open",
			sum.Deferred, deferred, sum.Sources[0].Finished)
	}

	// Traps and limits: the endless generator stops at max_depth, fresh
	// session ids are one page, far calendars are not followed, the wide
	// page is cut by max_pages — and the crawl finished.
	if n := srvA.countPrefix("/inf/"); n > faultSettings().MaxDepth {
		t.Errorf("link generator: %d pages fetched, max_depth is %d", n, faultSettings().MaxDepth)
	}
	if n := srvA.count("/cal"); n > 1 {
		t.Errorf("calendar trap: %d fetches", n)
	}
	if n := srvA.countPrefix("/w/"); n == 0 || len(qrows) > faultSettings().MaxPages || sum.Filtered < 4000 {
		t.Errorf("wide page: %d of its links fetched, %d filtered; want the page budget to stop it", n, sum.Filtered)
	}
	if n := srvA.countPrefix("/p/chain/"); n > 5 {
		t.Errorf("a redirect chain was followed %d hops; the cap is 5", n)
	}

	// Faults that are not the page's own: Retry-After kept the host waiting.
	srvA.mu.Lock()
	ts := srvA.times["/t/503-retry-after"]
	srvA.mu.Unlock()
	if len(ts) != 2 || ts[1].Sub(ts[0]) < 900*time.Millisecond {
		t.Errorf("503 with Retry-After: 1: requests at %v; want the retry a second later", ts)
	}
	// Bodies were capped, not read whole: everything the crawl allocated,
	// two 50 MB bodies and two 256 MB gzip bombs and a 64 MB one included, is less than
	// one bomb.
	allocated := ms.TotalAlloc - allocBefore
	if allocated > 256<<20 {
		t.Errorf("the crawl allocated %d MB; bodies are capped at 10 MB, so the oversized ones were read whole", allocated>>20)
	}

	// The next run, once host B lets us in again, stores what was deferred
	// and nothing twice.
	bHealed.Lock()
	healed = true
	bHealed.Unlock()
	sum2, err := crawl.Run(context.Background(), cfg, crawl.SQLiteStore(st), crawl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second run: %s", sum2.Line())
	want = append(want, "d-1", "d-2")
	sort.Strings(want)
	if got := storedIDs(t, st, "faults"); strings.Join(got, " ") != strings.Join(want, " ") || sum2.New != 2 || sum2.Errors != 0 || !sum2.Sources[0].Resumed || !sum2.Sources[0].Finished {
		t.Errorf("second run: %s, resumed %v finished %v; stored %v, want %v", sum2.Line(), sum2.Sources[0].Resumed, sum2.Sources[0].Finished, got, want)
	}
	// The figures for docs/reliability.md: fault routes, and faulty
	// responses actually served (failed attempts, trap pages, bombs).
	routes, faulty := 4, srvA.count("/sitemap.xml.gz")+srvA.countPrefix("/p/chain/")+srvA.countPrefix("/inf/")+srvA.count("/wide")+srvA.count("/cal")
	for _, set := range []struct {
		srv    *faultServer
		routes []fault
	}{{srvA, routesA}, {srvB, routesB}, {srvC, routesC}} {
		for _, f := range set.routes {
			routes++
			switch n := set.srv.count(f.path); {
			case f.fails < 0 && f.id == "": // never succeeds
				faulty += n
			case f.fails < 0: // host B: failed until healed
				faulty += n - 1
			case f.fails > 0:
				faulty += min(n, f.fails)
			case f.page != nil: // a page in a wrong charset, garbage, a trickle
				faulty += n
			}
		}
	}
	t.Logf("%d fault routes, %d faulty responses served; %d requests, %d retries, %d errors, %d links filtered; %d MB allocated by the first run",
		routes, faulty, sum.Requests+sum2.Requests, sum.Retries+sum2.Retries, sum.Errors, sum.Filtered, allocated>>20)
}

func storedIDs(t testing.TB, st *store.Store, source string) []string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT source_id FROM postings WHERE source = ? ORDER BY source_id`, source)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// storedText returns the title, company and description of the given
// postings, one posting per element.
func storedText(t testing.TB, st *store.Store, ids ...string) []string {
	t.Helper()
	var out []string
	for _, id := range ids {
		var title, company, desc string
		if err := st.DB().QueryRow(`SELECT title, company, description FROM postings WHERE source_id = ?`, id).Scan(&title, &company, &desc); err != nil {
			t.Errorf("posting %s: %v", id, err)
			continue
		}
		out = append(out, title+"|"+company+"|"+desc)
	}
	return out
}

func containsAll(texts []string, subs ...string) bool {
	for _, s := range texts {
		for _, sub := range subs {
			if !strings.Contains(s, sub) {
				return false
			}
		}
	}
	return len(texts) > 0
}

func removeString(ss []string, s string) []string {
	out := ss[:0]
	for _, x := range ss {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

func pathOf(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		}
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	return u
}
