package cluster

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the tests read the database the writer wrote

	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
)

var (
	binMu  sync.Mutex
	binDir string
	binErr error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	redistest.Cleanup()
	os.Exit(code)
}

// crawlBinary builds cmd/crawl with a plain go build, once.
func crawlBinary(t testing.TB) string {
	t.Helper()
	binMu.Lock()
	defer binMu.Unlock()
	if binDir == "" && binErr == nil {
		dir, err := os.MkdirTemp("", "jobtrend-cluster-bin")
		if err != nil {
			t.Fatal(err)
		}
		binDir = dir
		out, err := exec.Command(goTool(), "build", "-o", filepath.Join(dir, "crawl"), "github.com/jobtrend/jobtrend/cmd/crawl").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build ./cmd/crawl: %v\n%s", err, out)
		}
	}
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "crawl")
}

func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			return p
		}
	}
	return "go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// child is a binary running in the background.
type child struct {
	name           string
	cmd            *exec.Cmd
	done           chan struct{}
	err            error
	stdout, stderr bytes.Buffer
}

func start(t testing.TB, name string, args ...string) *child {
	t.Helper()
	c := &child{name: name, cmd: exec.Command(crawlBinary(t), args...), done: make(chan struct{})}
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
	return c
}

// kill sends SIGKILL and waits for the process to be gone.
func (c *child) kill() {
	c.cmd.Process.Kill()
	<-c.done
}

// wait waits for the process to exit by itself and fails the test unless
// it exited 0.
func (c *child) wait(t testing.TB, limit time.Duration) {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(limit):
		c.kill()
		t.Fatalf("%s did not finish within %v\nstderr:\n%s", c.name, limit, c.stderr.String())
	}
	if c.err != nil {
		t.Fatalf("%s: %v\nstderr:\n%s", c.name, c.err, c.stderr.String())
	}
}

// boardLog is the board's own record of the requests it served.
type boardLog struct {
	h                     http.Handler
	mu                    sync.Mutex
	spans                 []span
	inflight, maxInflight int
}

type span struct {
	path       string
	start, end time.Time
}

func (l *boardLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.inflight++
	l.maxInflight = max(l.maxInflight, l.inflight)
	i := len(l.spans)
	l.spans = append(l.spans, span{path: r.URL.RequestURI(), start: time.Now()})
	l.mu.Unlock()
	l.h.ServeHTTP(w, r)
	l.mu.Lock()
	l.inflight--
	l.spans[i].end = time.Now()
	l.mu.Unlock()
}

func (l *boardLog) served() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.spans)
}

// rate reads the log: the most requests in flight at once, the shortest
// pause between the end of one request and the start of the next, and the
// most requests started within any window of the given length.
func (l *boardLog) rate(window time.Duration) (maxInflight int, minGap time.Duration, maxInWindow int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := append([]span(nil), l.spans...)
	sort.Slice(s, func(i, j int) bool { return s[i].start.Before(s[j].start) })
	minGap = time.Duration(1<<62 - 1)
	for i := 1; i < len(s); i++ {
		minGap = min(minGap, s[i].start.Sub(s[i-1].end))
	}
	for i, j := 0, 0; j < len(s); j++ {
		for s[j].start.Sub(s[i].start) >= window {
			i++
		}
		maxInWindow = max(maxInWindow, j-i+1)
	}
	return l.maxInflight, minGap, maxInWindow
}

func (l *boardLog) fetches() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := map[string]int{}
	for _, s := range l.spans {
		m[s.path]++
	}
	return m
}

// storedOnce checks the database the writer wrote: every posting of the
// board stored exactly once by (source, source_id), nothing else, and
// SQLite's integrity check ok.
func storedOnce(t *testing.T, dbPath string, board *demo.Board) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ic string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ic); err != nil || ic != "ok" {
		t.Errorf("PRAGMA integrity_check = %q, %v", ic, err)
	}
	want := map[[2]string]bool{}
	for i := range board.Len() {
		j := board.Job(i)
		want[[2]string{j.Source, j.SourceID}] = true
	}
	rows, err := db.Query(`SELECT source, source_id, count(*) FROM postings GROUP BY source, source_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[[2]string]bool{}
	for rows.Next() {
		var k [2]string
		var n int
		if err := rows.Scan(&k[0], &k[1], &n); err != nil {
			t.Fatal(err)
		}
		got[k] = true
		if n != 1 {
			t.Errorf("%s/%s stored %d times", k[0], k[1], n)
		}
		if !want[k] {
			t.Errorf("%s/%s stored but not on the board", k[0], k[1])
		}
	}
	lost := 0
	for k := range want {
		if !got[k] {
			lost++
			if lost <= 5 {
				t.Errorf("%s/%s lost: on the board, not in the store", k[0], k[1])
			}
		}
	}
	if lost > 0 || len(got) != len(want) {
		t.Errorf("%d postings stored, %d lost, the board has %d", len(got), lost, len(want))
	}
}

func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
