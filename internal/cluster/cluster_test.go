package cluster

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
)

// The cluster's promise, with the real binaries and real SIGKILLs: three
// nodes and one writer crawl the demo board through one redis-server; a
// node and the writer are killed mid-crawl and started again. In the end
// every posting of the board is stored exactly once, none is lost, the
// database is sound, and the board — whose own log is the judge — never
// saw two requests at once nor a request sooner than the configured delay
// after the previous one, from whichever node.
func TestClusterSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("heavy: runs a redis-server, three crawl nodes and a writer, and kills some of them")
	}
	srv := redistest.Start(t)
	board, err := demo.New(demo.Options{Generated: 60})
	if err != nil {
		t.Fatal(err)
	}
	log := demo.NewRequestLog(board.Handler())
	hs := httptest.NewServer(log)
	defer hs.Close()

	const (
		delay   = 4 * time.Millisecond
		workers = 2
		lease   = 2 * time.Second
	)
	dir := t.TempDir()
	frontier := fmt.Sprintf("redis://%s/0?lease=%s", srv.Addr, lease)
	cfg := filepath.Join(dir, "sources.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`frontier: %s
defaults:
  delay: %s
  jitter: 0s
  backoff: 10ms
  antibot_backoff: 10ms
  timeout: 2s
  max_wait: 5s
  refresh: 0s
  workers: %d
sources:
  - name: demo
    kind: jsonld
    start: ["%s/jobs"]
    jsonld:
      source_from_identifier: true
`, frontier, delay, workers, hs.URL)), 0o644)
	db := filepath.Join(dir, "jobtrend.db")

	writer := start(t, "writer", "ingest", "--config", cfg, "--db", db, "--quiet", "--claim-idle", "1s")
	node := func(n int) *child {
		return start(t, fmt.Sprint("node", n), "run", "--config", cfg, "--node", fmt.Sprint("n", n), "--quiet", "--json")
	}
	nodes := []*child{node(1), node(2), node(3)}

	// Kill one node and the writer when a random share of the board
	// (a third to two thirds) has been served.
	pages := board.Len() + board.Len()/20 // details and listings, roughly
	at := pages/3 + rand.N(pages/3)
	waitFor(t, "the board serving a third of its pages", 40*time.Second, func() bool { return log.Served() >= at })
	victim := rand.N(3)
	t.Logf("after %d requests: SIGKILL node n%d and the writer", log.Served(), victim+1)
	nodes[victim].kill()
	writer.kill()
	time.Sleep(300 * time.Millisecond)
	writer = start(t, "writer", "ingest", "--config", cfg, "--db", db, "--quiet", "--claim-idle", "1s")
	nodes[victim] = node(victim + 1)

	for _, c := range nodes {
		c.wait(t, 50*time.Second)
		var sum struct{ Pages, Sent, Errors int }
		if err := json.Unmarshal(c.stdout.Bytes(), &sum); err != nil {
			t.Fatalf("%s: summary %q: %v", c.name, c.stdout.String(), err)
		}
		t.Logf("%s: %d pages, %d postings sent, %d errors", c.name, sum.Pages, sum.Sent, sum.Errors)
		if sum.Errors != 0 {
			t.Errorf("%s: %d errors\n%s", c.name, sum.Errors, c.stderr.String())
		}
	}
	// The nodes are done; the writer stores the rest and is stopped.
	status := func() (st struct {
		Stream struct{ Backlog int }
	}) {
		out, err := runOut(t, "status", "--config", cfg, "--json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	waitFor(t, "the writer emptying the stream", 20*time.Second, func() bool { return status().Stream.Backlog == 0 })
	writer.cmd.Process.Signal(syscall.SIGTERM)
	writer.wait(t, 10*time.Second)

	storedOnce(t, db, board)

	maxIn, gap, inWindow := log.Rate(100 * time.Millisecond)
	t.Logf("board: %d requests, at most %d at once, shortest pause %v, at most %d started in any 100ms", log.Served(), maxIn, gap, inWindow)
	if maxIn != 1 {
		t.Errorf("the board saw %d requests at once; one at a time across nodes is the rule", maxIn)
	}
	if gap < delay-time.Millisecond {
		t.Errorf("the board saw a request %v after the previous one ended; the delay is %v", gap, delay)
	}
	if limit := int(100*time.Millisecond/delay) + 1; inWindow > limit {
		t.Errorf("%d requests started within 100ms; at most %d at one request per %v", inWindow, limit, delay)
	}
	// Every page fetched; again only what the killed node had in hand.
	fetched := log.Fetches()
	for i := range board.Len() {
		if p := board.Job(i).Path; fetched[p] == 0 {
			t.Errorf("%s never fetched", p)
		}
	}
	again := 0
	for p, n := range fetched {
		if n > 1 && p != "/robots.txt" {
			again += n - 1
		}
	}
	t.Logf("%d pages fetched again after the kill", again)
	if again > 2*workers+1 {
		t.Errorf("%d pages fetched more than once; the killed node held at most %d", again, 2*workers+1)
	}

	out, err := runOut(t, "status", "--config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("crawl status:\n%s", out)
	if !strings.Contains(string(out), "finished") || !strings.Contains(string(out), "backlog 0") {
		t.Errorf("status does not show a finished generation and an empty stream:\n%s", out)
	}
}

// runOut runs the binary to completion and returns its stdout.
func runOut(t *testing.T, args ...string) ([]byte, error) {
	t.Helper()
	c := start(t, strings.Join(args, " "), args...)
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		c.kill()
	}
	if c.err != nil {
		return nil, fmt.Errorf("crawl %s: %v: %s", strings.Join(args, " "), c.err, c.stderr.String())
	}
	return c.stdout.Bytes(), nil
}
