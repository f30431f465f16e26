package cluster

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
