package redisfrontier_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
	"github.com/jobtrend/jobtrend/pkg/store"
)

func clusterConfig(base string, delay time.Duration) *crawl.Config {
	s := crawl.DefaultSettings()
	s.Delay, s.Jitter = delay, 0
	s.Backoff, s.AntibotBackoff = 5*time.Millisecond, 20*time.Millisecond
	s.Timeout, s.MaxWait = 5*time.Second, 5*time.Second
	s.Refresh = 0
	return &crawl.Config{Sources: []crawl.SourceConfig{{Name: "demo", Kind: "jsonld", Start: []string{base + "/jobs"},
		Settings: s, Options: crawl.JSONLDOptions{SourceFromIdentifier: true}}}}
}

// Three nodes crawl the demo board at once through one Redis, and one
// writer stores what they send: every posting of the board is stored
// exactly once, the board never sees two requests at once, and never a
// request sooner than the delay after the previous one ended, whichever
// node sent them.
func TestThreeNodesCrawlOneBoardPolitely(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a board with three nodes (a few seconds)")
	}
	board, err := demo.New(demo.Options{Generated: 120})
	if err != nil {
		t.Fatal(err)
	}
	log := demo.NewRequestLog(board.Handler())
	srv := httptest.NewServer(log)
	defer srv.Close()
	const delay = 8 * time.Millisecond
	cfg := clusterConfig(srv.URL, delay)
	u := redistest.URL(t, "lease=2s")
	ctx := context.Background()

	var wg sync.WaitGroup
	sums := make([]crawl.Summary, 3)
	for n := range 3 {
		node := openNode(t, u, fmt.Sprint("node", n), nil)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum, err := crawl.Run(ctx, cfg, node, crawl.Options{})
			if err != nil {
				t.Errorf("node %d: %v", n, err)
			}
			sums[n] = sum
		}()
	}
	wg.Wait()
	pages, sent := 0, 0
	for n, s := range sums {
		t.Logf("node %d: %s", n, s.Line())
		pages += s.Pages
		sent += s.Sent
		if s.Errors != 0 {
			t.Errorf("node %d: %d errors", n, s.Errors)
		}
	}
	if sums[0].Pages == 0 || sums[1].Pages == 0 || sums[2].Pages == 0 {
		t.Errorf("a node crawled nothing: pages %d, %d, %d", sums[0].Pages, sums[1].Pages, sums[2].Pages)
	}

	db := openDB(t)
	w := openNode(t, u, "writer", nil)
	stats, err := w.Ingest(ctx, db.NewSession(), redisfrontier.WriterOptions{Drain: true, Block: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Postings != sent {
		t.Errorf("writer stored %d postings, nodes sent %d", stats.Postings, sent)
	}
	checkBoardStored(t, db, board)
	maxIn, gap, _ := log.Rate(delay)
	if maxIn != 1 {
		t.Errorf("the board saw %d requests at once, want 1", maxIn)
	}
	if gap < delay-time.Millisecond {
		t.Errorf("shortest pause between two of the board's %d requests: %v, want at least %v", log.Served(), gap, delay)
	}
	st, err := w.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Sources) != 1 || st.Sources[0].Finished.IsZero() || st.Sources[0].Counts[store.StateDone] != pages {
		t.Errorf("status: %+v; want the generation finished with %d pages done", st.Sources, pages)
	}
	t.Log("\n" + st.Text())
}

// checkBoardStored asserts that every posting of the board is stored
// exactly once, under its platform and id, and nothing else is.
func checkBoardStored(t *testing.T, db *store.Store, board *demo.Board) {
	t.Helper()
	want := map[[2]string]bool{}
	for i := range board.Len() {
		j := board.Job(i)
		want[[2]string{j.Source, j.SourceID}] = true
	}
	rows, err := db.DB().Query(`SELECT source, source_id, count(*) FROM postings GROUP BY source, source_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		var src, id string
		var n int
		if err := rows.Scan(&src, &id, &n); err != nil {
			t.Fatal(err)
		}
		got++
		if n != 1 {
			t.Errorf("%s/%s stored %d times", src, id, n)
		}
		if !want[[2]string{src, id}] {
			t.Errorf("%s/%s stored but not on the board", src, id)
		}
	}
	if got != len(want) {
		t.Errorf("%d postings stored, the board has %d", got, len(want))
	}
}

// Redis killed (SIGKILL) mid-crawl and started again on its append-only
// file: what the file lost is a suffix of the writes, so a page whose
// completion was lost is fetched again, never skipped. The node rides out
// the restart (or a rerun resumes), and the writer then stores every
// posting of the board exactly once.
func TestRedisRestartLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts a redis-server mid-crawl")
	}
	srv := redistest.Start(t)
	board, err := demo.New(demo.Options{Generated: 60})
	if err != nil {
		t.Fatal(err)
	}
	log := demo.NewRequestLog(board.Handler())
	hs := httptest.NewServer(log)
	defer hs.Close()
	cfg := clusterConfig(hs.URL, 2*time.Millisecond)
	u := fmt.Sprintf("redis://%s/0?lease=2s", srv.Addr)
	ctx := context.Background()

	type result struct {
		sum crawl.Summary
		err error
	}
	done := make(chan result, 1)
	node := openNode(t, u, "n1", nil)
	go func() {
		sum, err := crawl.Run(ctx, cfg, node, crawl.Options{})
		done <- result{sum, err}
	}()
	for log.Served() < 400 {
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Logf("redis-server killed and restarted after %d requests", log.Served())
	r := <-done
	t.Logf("the run: %s, %v", r.sum.Line(), r.err)
	if r.err != nil || !r.sum.Sources[0].Finished {
		// The outage outlasted the retries: the next run resumes.
		node.Close()
		sum, err := crawl.Run(ctx, cfg, openNode(t, u, "n1", nil), crawl.Options{})
		if err != nil {
			t.Fatalf("the run after the restart: %v", err)
		}
		t.Logf("the next run: %s", sum.Line())
	}
	db := openDB(t)
	w := openNode(t, u, "writer", nil)
	if _, err := w.Ingest(ctx, db.NewSession(), redisfrontier.WriterOptions{Drain: true, Block: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	checkBoardStored(t, db, board)
	if maxIn, _, _ := log.Rate(time.Second); maxIn != 1 {
		t.Errorf("the board saw %d requests at once", maxIn)
	}
}
