package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
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
