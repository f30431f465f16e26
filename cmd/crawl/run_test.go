package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/cli"
	"github.com/jobtrend/jobtrend/pkg/demo"
)

// exec runs the crawl command in-process and returns its exit code and
// streams, as a shell would see them.
func execCrawl(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	code = cli.ExitCode(err, &errb)
	return code, out.String(), errb.String()
}

func demoServer(t *testing.T, generated int) (*demo.Board, string) {
	t.Helper()
	b, err := demo.New(demo.Options{Generated: generated})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b.Handler())
	t.Cleanup(srv.Close)
	return b, srv.URL
}

// TestRunAdHocJSONLD is the contract's `crawl run --kind jsonld --start URL`.
func TestRunAdHocJSONLD(t *testing.T) {
	board, base := demoServer(t, 40)
	db := filepath.Join(t.TempDir(), "j.db")
	code, stdout, stderr := execCrawl(t, "run", "--db", db, "--kind", "jsonld", "--start", base+"/jobs", "--delay", "0", "--json", "--max-pages", "5000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil || strings.Count(strings.TrimSpace(stdout), "\n") != 0 {
		t.Fatalf("stdout is not one JSON object: %q (%v)", stdout, err)
	}
	for _, k := range []string{"pages", "new", "updated", "unchanged", "errors"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary has no %q: %s", k, stdout)
		}
	}
	if int(sum["new"].(float64)) != board.Len() || sum["errors"].(float64) != 0 {
		t.Errorf("summary %s; want %d new", stdout, board.Len())
	}
	if strings.Contains(stderr, "crawl: ") && strings.Contains(stderr, " pages, ") {
		t.Errorf("--json also printed the summary line on stderr: %s", stderr)
	}
	// Without --json: one summary line on stderr, nothing on stdout.
	code, stdout, stderr = execCrawl(t, "run", "--start", base+"/jobs", "--db", db, "--delay", "0", "--quiet")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if code != 0 || stdout != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "crawl: ") || !strings.Contains(lines[0], "0 new") {
		t.Errorf("second run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestRunConfigAndSourceSelection(t *testing.T) {
	_, base := demoServer(t, 10)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "sources.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`
defaults:
  delay: 0s
sources:
  - name: board
    kind: jsonld
    start: ["%s/jobs"]
  - name: other
    kind: jsonld
    enabled: false
    start: ["%s/jobs?page=2"]
`, base, base)), 0o644)
	db := filepath.Join(dir, "j.db")
	code, stdout, stderr := execCrawl(t, "run", "--config", cfg, "--db", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum struct {
		Sources []struct{ Name string } `json:"sources"`
	}
	json.Unmarshal([]byte(stdout), &sum)
	if len(sum.Sources) != 1 || sum.Sources[0].Name != "board" {
		t.Errorf("ran %+v; want only the enabled source", sum.Sources)
	}
	code, stdout, _ = execCrawl(t, "run", "--db", db, "--config", cfg, "--source", "other", "--json")
	json.Unmarshal([]byte(stdout), &sum)
	if code != 0 || len(sum.Sources) != 1 || sum.Sources[0].Name != "other" {
		t.Errorf("--source other: exit %d, ran %+v", code, sum.Sources)
	}
}

func TestRunUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("sources:\n  - {name: a, kind: jsonld, start: [http://x.com/], delai: 1s}\n"), 0o644)
	db := filepath.Join(dir, "j.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--db", db}, "nothing to crawl"},
		{[]string{"run", "--db", db, "--config", bad, "--start", "http://x.com/"}, "not both"},
		{[]string{"run", "--db", db, "--start", "http://x.com/", "--kind", "lagou"}, "only jsonld"},
		{[]string{"run", "--db", db, "--start", "http://x.com/", "--refresh", "soon"}, "--refresh"},
		{[]string{"run", "--db", db, "--start", "ftp://x.com/"}, "start URL"},
		{[]string{"run", "--db", db, "--config", bad}, "delai"},
		{[]string{"run", "--db", db, "--config", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{[]string{"run", "--db", db, "--config", filepath.Join("..", "..", "data", "sources.yaml"), "--source", "nosuch"}, "no source named nosuch"},
		{[]string{"run", "--db", db, "--start", "http://x.com/", "--workers", "0"}, "workers"},
		{[]string{"run", "--db", db, "--start", "http://x.com/", "extra"}, "unexpected argument"},
		{[]string{"run", "--db", db, "--bogus"}, "bogus"},
	} {
		code, _, stderr := execCrawl(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args[1:], code, stderr, tt.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a usage error created the database")
	}
	code, stdout, _ := execCrawl(t, "run", "--help")
	if code != 0 || !strings.Contains(stdout, "--kind jsonld") || !strings.Contains(stdout, "-refresh") {
		t.Errorf("--help: exit %d, %q", code, stdout)
	}
	// Each flag's default is said once: the jitter's is "a quarter of
	// --delay", not also the flag package's rendering of a number.
	for _, line := range strings.Split(stdout, "\n") {
		if strings.Count(line, "(default") > 1 {
			t.Errorf("--help says a default twice: %q", strings.TrimSpace(line))
		}
	}
	if !strings.Contains(stdout, "a quarter of --delay") {
		t.Errorf("--help does not say the jitter's default: %q", stdout)
	}
}

func TestRunExitCodes(t *testing.T) {
	// Every request failed: exit 1.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	defer down.Close()
	db := filepath.Join(t.TempDir(), "j.db")
	code, _, stderr := execCrawl(t, "run", "--db", db, "--start", down.URL+"/", "--delay", "0", "--retries", "0", "--quiet")
	if code != 1 || !strings.Contains(stderr, "every request failed") {
		t.Errorf("all failed: exit %d, %q", code, stderr)
	}
	// Nothing listening at the start URL: exit 1 soon, naming the URL.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/jobs"
	ln.Close()
	code, _, stderr = execCrawl(t, "run", "--db", db, "--start", dead, "--delay", "0", "--quiet")
	if code != 1 || !strings.Contains(stderr, "cannot reach "+dead+": connection refused") {
		t.Errorf("dead start URL: exit %d, %q; want 1 and the URL named", code, stderr)
	}
	// Some postings stored despite errors: exit 0.
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<a href="/broken">x</a><script type="application/ld+json">{"@type":"JobPosting","title":"Go","identifier":"1"}</script>`)
	})
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "x", http.StatusInternalServerError) })
	half := httptest.NewServer(mux)
	defer half.Close()
	code, stdout, stderr := execCrawl(t, "run", "--db", db, "--start", half.URL+"/", "--delay", "0", "--retries", "0", "--json")
	if code != 0 || !strings.Contains(stdout, `"errors":1`) || !strings.Contains(stdout, `"new":1`) {
		t.Errorf("partial: exit %d, %s %s", code, stdout, stderr)
	}
}

// TestRunSecondRunExitsAtOnce: while one run holds the database, a second
// exits 1 at once with a clear message; with --wait it waits its turn.
func TestRunSecondRunExitsAtOnce(t *testing.T) {
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		<-release
		fmt.Fprint(w, `<script type="application/ld+json">{"@type":"JobPosting","title":"Go","identifier":"1"}</script>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "j.db")
	first := make(chan int)
	go func() {
		code, _, _ := execCrawl(t, "run", "--db", db, "--start", srv.URL+"/", "--delay", "0", "--quiet")
		first <- code
	}()
	time.Sleep(300 * time.Millisecond) // the first run is waiting for its page
	start := time.Now()
	code, _, stderr := execCrawl(t, "run", "--db", db, "--start", srv.URL+"/", "--delay", "0", "--quiet")
	if code != 1 || !strings.Contains(stderr, "another crawl run") || time.Since(start) > 2*time.Second {
		t.Errorf("second run: exit %d after %v, %q", code, time.Since(start), stderr)
	}
	waiting := make(chan int)
	go func() {
		code, _, _ := execCrawl(t, "run", "--db", db, "--start", srv.URL+"/", "--delay", "0", "--quiet", "--wait")
		waiting <- code
	}()
	time.Sleep(200 * time.Millisecond)
	close(release)
	if c := <-first; c != 0 {
		t.Errorf("first run exit %d", c)
	}
	select {
	case c := <-waiting:
		if c != 0 {
			t.Errorf("--wait run exit %d", c)
		}
	case <-time.After(10 * time.Second):
		t.Error("--wait run never finished")
	}
}

// TestRunWarningsSummarized: the demo board breaks the JSON-LD of every
// 50th page on purpose. By default the first such warning is shown and
// the rest counted in one line at the end; --quiet shows only that line;
// --verbose shows each.
func TestRunWarningsSummarized(t *testing.T) {
	_, base := demoServer(t, 40)
	for _, tt := range []struct {
		flag              string
		perPage, summary  int
		wantSummaryPrefix string
	}{
		{"", 1, 1, "JSON-LD block skipped: 3 pages (first: source="},
		{"--quiet", 0, 1, "JSON-LD block skipped: 3 pages (first: source="},
		{"--verbose", 3, 0, ""},
	} {
		db := filepath.Join(t.TempDir(), "w.db")
		args := []string{"run", "--db", db, "--start", base + "/jobs", "--delay", "0", "--workers", "1", "--max-pages", "160"}
		if tt.flag != "" {
			args = append(args, tt.flag)
		}
		code, _, stderr := execCrawl(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.flag, code, stderr)
		}
		var perPage, summary int
		for _, l := range strings.Split(stderr, "\n") {
			switch {
			case strings.Contains(l, `msg="JSON-LD block skipped"`):
				perPage++
			case strings.Contains(l, `msg="JSON-LD block skipped: `):
				summary++
				if !strings.Contains(l, tt.wantSummaryPrefix) || !strings.Contains(l, "detail=") {
					t.Errorf("%s: summary line %q; want it to start %q and show the first page", tt.flag, l, tt.wantSummaryPrefix)
				}
			}
		}
		if perPage != tt.perPage || summary != tt.summary {
			t.Errorf("%s: %d warning lines and %d summary lines, want %d and %d:\n%s", tt.flag, perPage, summary, tt.perPage, tt.summary, stderr)
		}
		if tt.flag == "--quiet" && strings.Count(strings.TrimSpace(stderr), "\n") != 1 {
			t.Errorf("--quiet printed more than the warnings' summary and the crawl's:\n%s", stderr)
		}
	}
}

// TestRunSegmentsAsItStores: a crawl caches the segmenter's terms of what
// it stores, as an import does, so the report after it cuts nothing; with
// --no-segment it leaves them to the report.
func TestRunSegmentsAsItStores(t *testing.T) {
	if testing.Short() {
		t.Skip("loads jieba's dictionaries")
	}
	_, base := demoServer(t, 40)
	for _, noSegment := range []bool{false, true} {
		db := filepath.Join(t.TempDir(), "s.db")
		args := []string{"run", "--db", db, "--kind", "jsonld", "--start", base + "/jobs", "--delay", "0", "--quiet", "--max-pages", "5000"}
		if noSegment {
			args = append(args, "--no-segment")
		}
		if code, _, stderr := execCrawl(t, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		d, err := sql.Open("sqlite3", db)
		if err != nil {
			t.Fatal(err)
		}
		var jobs, cached int
		d.QueryRow(`SELECT count(*) FROM postings WHERE kind = 'job'`).Scan(&jobs)
		d.QueryRow(`SELECT count(*) FROM posting_terms t JOIN postings p ON p.id = t.posting_id AND p.content_hash = t.content_hash`).Scan(&cached)
		d.Close()
		switch {
		case jobs < 40:
			t.Fatalf("only %d job postings crawled", jobs)
		case noSegment && cached != 0:
			t.Errorf("--no-segment: %d of %d postings segmented", cached, jobs)
		case !noSegment && cached != jobs:
			t.Errorf("%d of %d crawled postings segmented", cached, jobs)
		}
	}
}
