package crawl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// The crash test: a crawl in a child process (this test binary, re-run)
// is killed with SIGKILL at several points — while a page is being fetched
// and at a random moment while postings are being written — and a final
// run must complete the crawl with every posting stored exactly once, no
// page fetched again except those the kills interrupted, and a sound
// database.

const (
	childEnv    = "JOBTREND_CRAWL_CHILD"
	childDBEnv  = "JOBTREND_CRAWL_CHILD_DB"
	childURLEnv = "JOBTREND_CRAWL_CHILD_URL"
)

func killTestSettings() Settings {
	s := fast()
	s.Workers = 4
	return s
}

// TestCrawlChild is the child's body; it does nothing in a normal test run.
func TestCrawlChild(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("run by TestSIGKILLResume")
	}
	st, err := store.Open(context.Background(), os.Getenv(childDBEnv), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := Run(context.Background(), demoConfig(os.Getenv(childURLEnv), killTestSettings()), SQLiteStore(st), Options{}); err != nil {
		t.Fatal(err)
	}
}

// gatedBoard serves the demo board and can hold one detail request open
// (the crawler is then killed mid-fetch).
type gatedBoard struct {
	h       http.Handler
	mu      sync.Mutex
	details map[string]int // fetches per detail path
	total   int
	holdAt  int           // hold the holdAt-th request (0: none)
	held    chan struct{} // closed when a request is being held
}

func (g *gatedBoard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.total++
	n := g.total
	if strings.HasPrefix(r.URL.Path, "/jobs/") {
		g.details[r.URL.Path]++
	}
	hold := g.holdAt > 0 && n == g.holdAt
	held := g.held
	g.mu.Unlock()
	if hold {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("<html><head><title>partial"))
		w.(http.Flusher).Flush()
		close(held)
		<-r.Context().Done() // until the client dies
		return
	}
	g.h.ServeHTTP(w, r)
}

func (g *gatedBoard) requests() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.total
}

func TestSIGKILLResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	board, err := demo.New(demo.Options{Generated: 600})
	if err != nil {
		t.Fatal(err)
	}
	g := &gatedBoard{h: board.Handler(), details: map[string]int{}}
	srv := httptest.NewServer(g)
	defer srv.Close()
	dbPath := filepath.Join(t.TempDir(), "crash.db")
	st0, err := store.Open(context.Background(), dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st0.Close()

	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrawlChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"=1", childDBEnv+"="+dbPath, childURLEnv+"="+srv.URL)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	kill := func(cmd *exec.Cmd, when string) {
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		cmd.Wait()
		t.Logf("killed %s, after %d requests", when, g.requests())
	}
	storedCount := func() int {
		st, err := store.Open(context.Background(), dbPath, store.Options{MustExist: true})
		if err != nil {
			return 0
		}
		defer st.Close()
		var n int
		st.DB().QueryRow(`SELECT count(*) FROM postings`).Scan(&n)
		return n
	}
	waitFor := func(what string, cond func() bool) {
		deadline := time.Now().Add(60 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(time.Millisecond)
		}
	}

	// 1. Early, while a listing or sitemap is being fetched.
	// 2. At a random moment once postings are being written.
	// 3. Late, while a detail page is being fetched.
	kills := 0
	for _, step := range []struct {
		name   string
		holdAt int
		stored int
	}{{"mid-fetch, 30 requests in", 30, 0}, {"while writing, after 500 postings", 0, 500}, {"mid-fetch, 400 requests into the third run", 400, 0}} {
		g.mu.Lock()
		g.holdAt = 0
		if step.holdAt > 0 {
			g.holdAt = g.total + step.holdAt
		}
		g.held = make(chan struct{})
		held := g.held
		g.mu.Unlock()
		cmd := start()
		if step.holdAt > 0 {
			select {
			case <-held:
			case <-time.After(60 * time.Second):
				t.Fatalf("%s: the child never got there", step.name)
			}
		} else {
			waitFor(step.name, func() bool { return storedCount() >= step.stored })
		}
		kill(cmd, step.name)
		kills++
	}

	// The final run, in this process, completes the crawl.
	st, err := store.Open(context.Background(), dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	g.mu.Lock()
	g.holdAt = 0
	g.mu.Unlock()
	sum := mustRun(t, demoConfig(srv.URL, killTestSettings()), st)
	if !sum.Sources[0].Resumed || !sum.Sources[0].Finished {
		t.Errorf("final run: resumed %v, finished %v; want a resumed generation that finishes", sum.Sources[0].Resumed, sum.Sources[0].Finished)
	}
	ctx := context.Background()
	if ok, err := st.IntegrityCheck(ctx); err != nil || ok != "ok" {
		t.Fatalf("PRAGMA integrity_check = %q, %v", ok, err)
	}
	if n := countRows(t, st, `SELECT count(*) FROM postings`); n != board.Len() {
		t.Errorf("%d postings stored, want %d", n, board.Len())
	}
	if n := countRows(t, st, `SELECT count(*) FROM (SELECT source, source_id FROM postings GROUP BY 1, 2 HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d postings stored twice", n)
	}
	for i := range board.Len() {
		j := board.Job(i)
		if countRows(t, st, `SELECT count(*) FROM postings WHERE source = ? AND source_id = ? AND title = ?`, j.Source, j.SourceID, j.Title) != 1 {
			t.Fatalf("posting %s/%s lost", j.Source, j.SourceID)
		}
	}
	f, _ := st.Frontier("demo")
	c, _ := f.Counts(ctx)
	if c[store.StatePending]+c[store.StateInflight]+c[store.StateDeferred]+c[store.StateFailed] != 0 {
		t.Errorf("frontier after the final run: %v", c)
	}
	// A page is fetched again only if a kill caught it between fetch and
	// completion: per worker, the page it was reading and one page waiting
	// to be written with others.
	refetched := 0
	g.mu.Lock()
	for _, n := range g.details {
		refetched += n - 1
	}
	distinct := len(g.details)
	g.mu.Unlock()
	if most := kills * 2 * killTestSettings().Workers; distinct != board.Len() || refetched > most {
		t.Errorf("%d detail pages fetched (want %d), %d fetched again (at most %d: the pages in flight at %d kills)",
			distinct, board.Len(), refetched, most, kills)
	}
	runs, _ := st.CrawlRuns(ctx, 10)
	interrupted := 0
	for _, r := range runs {
		if r.Status == "interrupted" {
			interrupted++
		}
	}
	if interrupted != kills || runs[0].Status != "done" {
		t.Errorf("run records: %d interrupted, last %s; want %d and done", interrupted, runs[0].Status, kills)
	}
	t.Logf("final run: %s; %d detail pages fetched again after %d kills", sum.Line(), refetched, kills)
}
