package redisfrontier_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// What only a frontier shared by several processes has to get right:
// leases that outlive a dead node but not a live one, one request in
// flight per host across nodes, and the writer's acknowledgements.

func openNode(t *testing.T, u, node string, now func() time.Time) *redisfrontier.Store {
	t.Helper()
	s, err := redisfrontier.Open(context.Background(), u, redisfrontier.Options{Node: node, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A node that dies holding a lease: the request is not handed out while
// the lease runs, then once — to another node — and the dead node's late
// acknowledgement (a process that was only paused) changes nothing.
func TestLeaseOfADeadNodeIsHandedOutAgain(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: t0}
	u := redistest.URL(t, "lease=30s")
	a, b := openNode(t, u, "a", c.Now), openNode(t, u, "b", c.Now)
	fa, fb := frontier(t, a, "x").(*redisfrontier.Frontier), frontier(t, b, "x").(*redisfrontier.Frontier)
	mustBegin(t, fa, 0)
	fa.Add(ctx, []store.FrontierItem{item("p"), item("q")}, time.Time{})
	if g := mustBegin(t, fb, 0); !g.Resumed || g.Requeued != 0 {
		t.Errorf("second node's Begin = %+v, want the generation resumed, nothing requeued", g)
	}
	p, _, _ := fa.Pop(ctx)
	a.Close() // node a dies holding p

	if n, _ := fb.Leased(ctx); n != 1 || fb.Pending() != 1 {
		t.Errorf("leased %d, pending %d; want p leased and q pending", n, fb.Pending())
	}
	if g := mustBegin(t, fb, 0); g.Requeued != 0 {
		t.Errorf("a Begin while p's lease runs requeued %d: it took a live lease", g.Requeued)
	}
	c.Add(29 * time.Second)
	q, _, _ := fb.Pop(ctx)
	if _, ok, _ := fb.Pop(ctx); ok || q.Key != "q" {
		t.Fatalf("popped %s and then more while p's lease runs", q.Key)
	}
	if fb.Pending() != 0 {
		t.Error("p pending before its lease expired")
	}
	c.Add(2 * time.Second)
	if fb.Pending() != 1 {
		t.Errorf("pending = %d after p's lease expired, want 1", fb.Pending())
	}
	p2, ok, err := fb.Pop(ctx)
	if err != nil || !ok || p2.Key != p.Key || string(p2.Request) != "req p" {
		t.Fatalf("after the lease expired popped %+v, %v, %v; want p", p2, ok, err)
	}
	// a was only paused, and now acknowledges what is b's: nothing moves.
	a2 := openNode(t, u, "a", c.Now)
	fa2 := frontier(t, a2, "x")
	if err := fa2.Mark(ctx, "p", store.StateFailed, "late"); err != nil {
		t.Fatal(err)
	}
	if cnt, _ := fb.Counts(ctx); cnt[store.StateInflight] != 2 {
		t.Errorf("a node that lost its lease moved the request: %v", cnt)
	}
	for _, k := range []string{"p", "q"} {
		if _, err := fb.Complete(ctx, k, store.PageRecord{URL: k, Kind: "listing"}, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	// A second completion (the paused node finished its copy) is harmless.
	if _, err := fa2.Complete(ctx, "p", store.PageRecord{URL: "p", Kind: "listing"}, []store.FrontierItem{item("q")}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	cnt, _ := fb.Counts(ctx)
	if cnt[store.StateDone] != 2 || len(cnt) != 1 {
		t.Errorf("counts = %v, want 2 done", cnt)
	}
	if done, _ := fb.Finish(ctx); !done {
		t.Error("generation not finished")
	}
	st, err := b.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Sources) != 1 || st.Sources[0].Reclaimed != 1 {
		t.Errorf("status sources = %+v, want 1 lease handed out again", st.Sources)
	}
}

// A live node's leases are renewed, however long it holds a request.
func TestLiveLeaseIsRenewed(t *testing.T) {
	ctx := context.Background()
	u := redistest.URL(t, "lease=300ms")
	a, b := openNode(t, u, "a", nil), openNode(t, u, "b", nil)
	fa, fb := frontier(t, a, "x"), frontier(t, b, "x")
	mustBegin(t, fa, 0)
	fa.Add(ctx, []store.FrontierItem{item("p")}, time.Time{})
	if _, ok, _ := fa.Pop(ctx); !ok {
		t.Fatal("nothing popped")
	}
	time.Sleep(time.Second) // more than three leases
	if it, ok, _ := fb.Pop(ctx); ok {
		t.Fatalf("node b took %s, leased by the live node a", it.Key)
	}
	a.Close()
	time.Sleep(400 * time.Millisecond)
	if it, ok, _ := fb.Pop(ctx); !ok || it.Key != "p" {
		t.Fatalf("after a closed, b popped %+v, %v; want p", it, ok)
	}
}

// Nodes sharing a host: never two requests in flight at once, and never
// one before the NotBefore the last one set.
func TestHostLeaseAcrossNodes(t *testing.T) {
	ctx := context.Background()
	u := redistest.URL(t, "")
	const nodes, each = 3, 15
	const gap = 15 * time.Millisecond
	var inflight, maxInflight atomic.Int32
	var mu sync.Mutex
	var spans [][2]time.Time
	var wg sync.WaitGroup
	first := frontier(t, openNode(t, u, "robots", nil), "x")
	if _, err := first.UpdateHost(ctx, "board:80", func(st *crawl.HostState) { st.Delay = gap }); err != nil {
		t.Fatal(err)
	}
	for n := range nodes {
		f := frontier(t, openNode(t, u, fmt.Sprint("n", n), nil), "x").(*redisfrontier.Frontier)
		for range 2 { // two workers per node
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					var tok string
					for tok == "" {
						now := time.Now()
						var busy time.Duration
						var until time.Time
						var err error
						tok, busy, until, err = f.LeaseHost(ctx, "board:80", now, 5*time.Second)
						if err != nil {
							t.Error(err)
							return
						}
						if tok == "" {
							time.Sleep(max(min(busy, 5*time.Millisecond), until.Sub(now), time.Millisecond))
						}
					}
					start := time.Now()
					if n := inflight.Add(1); n > maxInflight.Load() {
						maxInflight.Store(n)
					}
					time.Sleep(2 * time.Millisecond)
					inflight.Add(-1)
					end := time.Now()
					// The pause is the host's own (a robots.txt Crawl-delay
					// one node read), longer than the source's 1ms.
					if err := f.ReleaseHost(ctx, "board:80", tok, end, time.Millisecond, 0); err != nil {
						t.Error(err)
					}
					mu.Lock()
					spans = append(spans, [2]time.Time{start, end})
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if maxInflight.Load() != 1 {
		t.Errorf("%d requests in flight at once across nodes, want 1", maxInflight.Load())
	}
	if len(spans) != nodes*2*each {
		t.Fatalf("%d requests, want %d", len(spans), nodes*2*each)
	}
	sortSpans(spans)
	for i := 1; i < len(spans); i++ {
		if d := spans[i][0].Sub(spans[i-1][1]); d < gap-time.Millisecond {
			t.Errorf("request %d started %v after the previous ended, want at least %v", i, d, gap)
		}
	}
}

func sortSpans(s [][2]time.Time) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j][0].Before(s[j-1][0]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func openDB(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "jobtrend.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func postingsN(n int, dataset string) []posting.Posting {
	ps := make([]posting.Posting, n)
	for i := range ps {
		ps[i] = posting.Posting{Source: "board", SourceID: fmt.Sprintf("%04d", i), Title: fmt.Sprintf("Go 工程师 %d", i),
			Company: "某公司", Description: "熟悉 Go 语言", Dataset: dataset,
			FirstSeen: t0, LastSeen: t0, PostedAt: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)}
	}
	return ps
}

// failing fails its first UpsertBatch after the transaction would have
// begun: the writer must acknowledge nothing of that batch.
type failing struct {
	*store.Session
	fail atomic.Int32
}

func (f *failing) UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error) {
	if f.fail.Add(-1) >= 0 {
		return store.Counts{}, errors.New("disk I/O error (injected)")
	}
	return f.Session.UpsertBatch(ctx, ps)
}

func count(t *testing.T, db *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.DB().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The writer acknowledges a batch only after its transaction committed:
// a failed transaction leaves every entry to be read again, and a rerun
// stores each posting exactly once, in the dataset the node declared.
func TestIngestAcknowledgesOnlyCommittedBatches(t *testing.T) {
	ctx := context.Background()
	u := redistest.URL(t, "")
	node := openNode(t, u, "n1", nil)
	ds := posting.Dataset{Name: "board-2026", Platform: "demo-board", Frame: "census", DateBasis: posting.DateFirstSeen, About: "test"}
	if _, err := node.EnsureDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	ps := postingsN(120, ds.Name)
	if _, err := node.UpsertBatch(ctx, ps[:70]); err != nil {
		t.Fatal(err)
	}
	if _, err := node.UpsertBatch(ctx, ps[50:]); err != nil { // 20 sent twice: a page fetched again
		t.Fatal(err)
	}
	db := openDB(t)
	w := openNode(t, u, "writer", nil)
	sess := &failing{Session: db.NewSession()}
	sess.fail.Store(1)
	_, err := w.Ingest(ctx, sess, redisfrontier.WriterOptions{Batch: 50, Drain: true, Block: 50 * time.Millisecond})
	if err == nil {
		t.Fatal("Ingest hid a failed transaction")
	}
	st, _ := w.Status(ctx)
	if st.Stream.Backlog != 140 || st.Stream.Pending != 50 {
		t.Errorf("after a failed batch: backlog %d, pending %d; want 140 and the 50 read", st.Stream.Backlog, st.Stream.Pending)
	}
	if n := count(t, db, `SELECT count(*) FROM postings`); n != 0 {
		t.Errorf("%d postings stored by a failed batch", n)
	}
	stats, err := w.Ingest(ctx, db.NewSession(), redisfrontier.WriterOptions{Batch: 50, Drain: true, Block: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Entries != 140 || stats.Claimed != 50 || stats.Counts.New != 120 {
		t.Errorf("rerun stats = %+v; want 140 entries (50 taken back), 120 new", stats)
	}
	if n := count(t, db, `SELECT count(*) FROM postings WHERE source = 'board'`); n != 120 {
		t.Errorf("%d postings stored, want 120", n)
	}
	if n := count(t, db, `SELECT count(DISTINCT source_id) FROM postings`); n != 120 {
		t.Errorf("%d distinct ids, want 120", n)
	}
	if n := count(t, db, `SELECT count(*) FROM datasets WHERE name = ? AND platform = 'demo-board' AND date_basis = 'first_seen'`, ds.Name); n != 1 {
		t.Error("the dataset the node declared was not recorded as declared")
	}
	st, _ = w.Status(ctx)
	if st.Stream.Backlog != 0 || st.Writer.Postings != 140 {
		t.Errorf("after the rerun: %+v, writer %+v", st.Stream, st.Writer)
	}
}

// Entries a writer read and never acknowledged (it died) are taken over
// by another writer once idle; entries that cannot be postings go to the
// dead-letter stream instead of blocking the writer.
func TestIngestClaimsADeadWritersEntries(t *testing.T) {
	ctx := context.Background()
	u := redistest.URL(t, "")
	node := openNode(t, u, "n1", nil)
	node.UpsertBatch(ctx, postingsN(30, ""))
	cfg, _ := redisfrontier.ParseURL(u)
	rdb := node.Client()
	stream := cfg.Prefix + ":postings"
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: []any{"posting", "{not json"}})
	b, _ := json.Marshal(posting.Posting{Source: "board", Title: "no id"})
	rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: []any{"posting", b}})
	// The dead writer read everything and died.
	if err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "writers", Consumer: "old", Streams: []string{stream, ">"}, Count: 100}).Err(); err != nil {
		t.Fatal(err)
	}
	db := openDB(t)
	w := openNode(t, u, "w", nil)
	stats, err := w.Ingest(ctx, db.NewSession(), redisfrontier.WriterOptions{Consumer: "new", Drain: true,
		ClaimIdle: 100 * time.Millisecond, Block: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Claimed != 32 || stats.Postings != 30 || stats.Dead != 2 || stats.Entries != 32 {
		t.Errorf("stats = %+v; want 32 claimed, 30 postings, 2 dead", stats)
	}
	if n := count(t, db, `SELECT count(*) FROM postings`); n != 30 {
		t.Errorf("%d postings stored, want 30", n)
	}
	if n, _ := rdb.XLen(ctx, cfg.Prefix+":postings-dead").Result(); n != 2 {
		t.Errorf("dead-letter stream has %d entries, want 2", n)
	}
}

func TestParseURL(t *testing.T) {
	c, err := redisfrontier.ParseURL("redis://127.0.0.1:6390/3?lease=45s&round=2h&prefix=prod")
	if err != nil || c.Redis.Addr != "127.0.0.1:6390" || c.Redis.DB != 3 || c.Lease != 45*time.Second || c.Round != 2*time.Hour || c.Prefix != "prod" {
		t.Errorf("ParseURL = %+v, %v", c, err)
	}
	for _, bad := range []string{"http://127.0.0.1:6379/0", "redis://h:1/0?lease=soon", "redis://h:1/0?lease=1ms", "redis://h:1/x", "redis://h:1/0?colour=red"} {
		if _, err := redisfrontier.ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		}
	}
}

// A node restarted under its name after its process was killed takes
// back that process's leases at once instead of waiting out the lease
// time; other nodes' leases stay theirs.
func TestRestartedNodeTakesBackItsLeases(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: t0}
	u := redistest.URL(t, "lease=10m")
	a, other := openNode(t, u, "a", c.Now), openNode(t, u, "b", c.Now)
	if _, _, err := a.StartCrawlRun(ctx, []string{"x"}, 1); err != nil {
		t.Fatal(err)
	}
	fa, fo := frontier(t, a, "x"), frontier(t, other, "x")
	mustBegin(t, fa, 0)
	fa.Add(ctx, []store.FrontierItem{item("p"), item("q")}, time.Time{})
	fa.Pop(ctx)
	fo.Pop(ctx)
	a.Close() // killed: its run never ends

	a2 := openNode(t, u, "a", c.Now)
	_, interrupted, err := a2.StartCrawlRun(ctx, []string{"x"}, 2)
	if err != nil || interrupted != 1 {
		t.Fatalf("restart: interrupted %d, %v; want 1", interrupted, err)
	}
	f2 := frontier(t, a2, "x")
	g := mustBegin(t, f2, 0)
	if !g.Resumed || g.Requeued != 1 {
		t.Errorf("Begin after the restart = %+v; want p requeued at once, q left to node b", g)
	}
	if it, ok, _ := f2.Pop(ctx); !ok || it.Key != "p" {
		t.Errorf("popped %+v, %v; want p", it, ok)
	}
	if _, ok, _ := f2.Pop(ctx); ok {
		t.Error("node b's live lease was taken")
	}
}
