package crawl

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// TestRedirectWithCredentialsIsRefused: a page of the crawled site
// redirects to itself with a user name and password in the URL. Go's
// client would turn them into an Authorization header; links with
// credentials are refused, and so must be redirects: the target is never
// requested, and no request ever carries credentials the crawler built
// from a URL.
func TestRedirectWithCredentialsIsRefused(t *testing.T) {
	var (
		mu   sync.Mutex
		auth []string
	)
	var base string
	srv, rec := site(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/login", "/job/1")) },
		"/login": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, strings.Replace(base, "http://", "http://admin:admin@", 1)+"/admin", http.StatusFound)
		},
		"/admin": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			auth = append(auth, r.Header.Get("Authorization"))
			mu.Unlock()
			fmt.Fprint(w, jobPage("admin", "后台"))
		},
		"/job/1": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, jobPage("1", "职位")) },
	})
	base = srv.URL
	st := openStore(t)
	sum := mustRun(t, cfgFor("creds", srv.URL+"/", fast()), st)
	if n := rec.count("/admin"); n != 0 || len(auth) != 0 {
		t.Errorf("the redirect target was requested %d times, with Authorization %q; want never", n, auth)
	}
	if _, ok := stored(t, st, "creds")["admin"]; ok {
		t.Error("the page behind the credentials was stored")
	}
	f, _ := st.Frontier("creds")
	rows, _ := f.Rows(context.Background())
	for _, r := range rows {
		if strings.HasSuffix(r.URL, "/login") && (r.State != store.StateBlocked || !strings.Contains(r.Note, "credentials")) {
			t.Errorf("/login: %s, %q; want it blocked for carrying credentials", r.State, r.Note)
		}
	}
	if sum.New != 1 || sum.Blocked != 1 {
		t.Errorf("%s; want the one posting and the redirect blocked", sum.Line())
	}

	// Below colly, the transport refuses such a URL too, whoever built it.
	tr := newPoliteTransport(&Settings{Timeout: time.Second, MaxWait: time.Second, MaxBody: 1 << 20}, true)
	req, _ := http.NewRequest("GET", strings.Replace(base, "http://", "http://admin:admin@", 1)+"/admin", nil)
	req.SetBasicAuth("admin", "admin") // what http.Client adds for such a URL
	if _, err := tr.RoundTrip(req); !errors.Is(err, errURLCredentials) || strings.Contains(err.Error(), "admin:admin") {
		t.Errorf("RoundTrip of a URL with credentials: %v; want errURLCredentials, the password not repeated", err)
	}
	if n := rec.count("/admin"); n != 0 {
		t.Errorf("the transport sent a request with credentials (%d)", n)
	}
}

// TestAbsurdRetryAfterDefersTheHost: Retry-After values too large for a
// time.Duration (10^10 seconds overflowed to a negative pause, and the page
// was retried at once) or for an int64, and dates in the year 9999, are
// read as "not in this run": the host's requests are deferred to the next
// run, never retried at once. So is a rate-limit reset beyond int64.
func TestAbsurdRetryAfterDefersTheHost(t *testing.T) {
	for _, tt := range []struct {
		status int
		header []string
	}{
		{429, []string{"Retry-After", "10000000000"}},
		{503, []string{"Retry-After", "99999999999999999999999999"}},
		{429, []string{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}},
		{403, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "99999999999999999999999999"}},
	} {
		t.Run(tt.header[len(tt.header)-1], func(t *testing.T) {
			srv, rec := site(t, map[string]http.HandlerFunc{
				"/": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, links("/a")) },
				"/a": func(w http.ResponseWriter, r *http.Request) {
					for i := 0; i < len(tt.header); i += 2 {
						w.Header().Set(tt.header[i], tt.header[i+1])
					}
					http.Error(w, "slow down", tt.status)
				},
			})
			st := openStore(t)
			s := fast()
			s.Workers = 1
			sum := mustRun(t, cfgFor("ra", srv.URL+"/", s), st)
			if n := rec.count("/a"); n != 1 {
				t.Errorf("/a requested %d times; want once, then deferred", n)
			}
			if sum.Deferred != 1 || sum.Errors != 0 || sum.Sources[0].Finished {
				t.Errorf("%s; want /a deferred to the next run, no error", sum.Line())
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{" 3 ", 3 * time.Second, true},
		{"10000000000", maxRetryAfter, true},
		{"9223372036854775807", maxRetryAfter, true},
		{"99999999999999999999999999", maxRetryAfter, true},
		{"Sun, 01 Jun 2025 12:01:00 GMT", time.Minute, true},
		{"Sat, 31 May 2025 12:00:00 GMT", 0, true},
		{"Fri, 31 Dec 9999 23:59:59 GMT", maxRetryAfter, true},
		{"-1", 0, false},
		{"1.5", 0, false},
		{"+5", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	} {
		got, ok := parseRetryAfter(tt.v, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

// closedURL returns an http URL of a loopback port nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// TestDeadStartURLFailsFast: nothing listens at the start URL. With the
// default retries and back-off that took 38 s of pauses to report; a
// refused connection on a start URL is tried a few times briefly and then
// reported as the source's error, naming the URL. A start URL that answers
// 503 still gets the real back-off: the server is there and asked for
// patience.
func TestDeadStartURLFailsFast(t *testing.T) {
	dead := closedURL(t) + "/jobs"
	clock := newFakeClock()
	s := DefaultSettings()
	s.Delay, s.Jitter = 0, 0
	sum := runWith(t, cfgFor("dead", dead, s), openStore(t), clock.options())
	// Two seeds (robots.txt and the start URL), each tried three times: the
	// default back-off would have paused a minute in all.
	if clock.Slept() > 2*time.Second {
		t.Errorf("the crawl paused %v in all before giving up on a refused connection; want under two seconds", clock.Slept())
	}
	if sum.Requests > 2*(unreachableRetries+1) || !sum.Failed() {
		t.Errorf("%s (%d requests); want at most %d attempts per seed, and the run failed", sum.Line(), sum.Requests, unreachableRetries+1)
	}
	if e := sum.Sources[0].Error; !strings.Contains(e, dead) || !strings.Contains(e, "connection refused") {
		t.Errorf("source error %q; want it to name %s and the refused connection", e, dead)
	}

	// A server that is there but failing keeps the real back-off.
	srv, _ := site(t, map[string]http.HandlerFunc{"/job": flaky(jobPage("1", "职位"), 503, 502)})
	clock = newFakeClock()
	sum = runWith(t, cfgFor("busy", srv.URL+"/job", s), openStore(t), clock.options())
	if sum.New != 1 || sum.Retries != 2 || clock.Slept() < s.Backoff+2*s.Backoff {
		t.Errorf("%s after %v of pauses; want two retries with the real back-off (%v, then doubled)", sum.Line(), clock.Slept(), s.Backoff)
	}
}

func TestUnreachable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
	}{
		{&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "connection refused"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "jobs.example.invalid", IsNotFound: true}}, "not found"},
		{fmt.Errorf("Get %q: %w", "http://x/", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)}), "no route"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "i/o timeout", Name: "x", IsTimeout: true}}, ""},
		{&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, ""},
		{errTimeout, ""},
	} {
		if got := unreachable(tt.err); (got == "") != (tt.want == "") || !strings.Contains(got, tt.want) {
			t.Errorf("unreachable(%v) = %q; want %q", tt.err, got, tt.want)
		}
	}
}

// TestNeedlessEscapesAreOnePage: links spell one page several ways
// (/job/%31 is /job/1, %7e is ~, %2f is %2F). Its JSON-LD names no
// identifier, so the page's URL is its id: each spelling used to be
// fetched, and stored, once.
func TestNeedlessEscapesAreOnePage(t *testing.T) {
	page := func(title string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<html><head><script type="application/ld+json">{"@type":"JobPosting","title":%q,"description":"描述"}</script></head></html>`, title)
		}
	}
	var mu sync.Mutex
	fetched := map[string]int{} // by the path as it was requested
	// Served by the decoded path, as servers do: every spelling gets the page.
	pages := map[string]http.HandlerFunc{"/job/1": page("一"), "/~ann/job": page("安"), "/a/b": page("斜")}
	srv, _ := site(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			fetched[r.URL.EscapedPath()]++
			mu.Unlock()
			if h := pages[r.URL.Path]; h != nil {
				h(w, r)
				return
			}
			fmt.Fprint(w, links("/job/1", "/job/%31", "/job/%31?", "/~ann/job", "/%7eann/job", "/%7Eann/%6Aob", "/a%2fb", "/a%2Fb"))
		},
	})
	st := openStore(t)
	sum := mustRun(t, cfgFor("esc", srv.URL+"/", fast()), st)
	got := stored(t, st, "esc")
	if len(got) != 3 || sum.New != 3 {
		var ids []string
		for id := range got {
			ids = append(ids, id)
		}
		t.Errorf("%s; stored %v; want three postings, one per page", sum.Line(), ids)
	}
	delete(fetched, "/")
	if len(fetched) != 3 || fetched["/job/1"] != 1 || fetched["/~ann/job"] != 1 || fetched["/a%2Fb"] != 1 {
		t.Errorf("fetched %v; want each of the three pages once, in one spelling", fetched)
	}
}
