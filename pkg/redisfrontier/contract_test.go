package redisfrontier_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
	"github.com/jobtrend/jobtrend/pkg/store"
)

func TestMain(m *testing.M) {
	code := m.Run()
	redistest.Cleanup()
	os.Exit(code)
}

// The behaviour every crawl.Frontier must have, run against the SQLite
// frontier and the Redis one alike: one table of constructors, one suite.

// clock is a settable fake clock shared by a backend's processes.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// backend is one frontier implementation under test.
type backend struct {
	st crawl.Store
	// restart ends the process that opened st — without acking what it
	// holds, as a SIGKILL would — and opens the store again as the next
	// process. The clock is moved past any lease first.
	restart func() crawl.Store
	clock   *clock
}

type constructor struct {
	name string
	open func(t *testing.T) *backend
}

// testLease is the Redis frontier's visibility timeout in these tests (on
// the fake clock).
const testLease = time.Minute

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

var constructors = []constructor{
	{"sqlite", func(t *testing.T) *backend {
		c := &clock{t: t0}
		path := filepath.Join(t.TempDir(), "f.db")
		open := func() crawl.Store {
			s, err := store.Open(context.Background(), path, store.Options{Now: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return crawl.SQLiteStore(s)
		}
		b := &backend{clock: c}
		b.st = open()
		b.restart = func() crawl.Store {
			b.st.(interface{ Close() error }).Close()
			c.Add(testLease + time.Second)
			b.st = open()
			return b.st
		}
		return b
	}},
	{"redis", func(t *testing.T) *backend {
		c := &clock{t: t0}
		u := redistest.URL(t, "lease="+testLease.String()+"&round=0s")
		open := func() crawl.Store {
			s, err := redisfrontier.Open(context.Background(), u, redisfrontier.Options{Node: "test", Now: c.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		b := &backend{clock: c}
		b.st = open()
		b.restart = func() crawl.Store {
			b.st.(interface{ Close() error }).Close()
			c.Add(testLease + time.Second)
			b.st = open()
			return b.st
		}
		return b
	}},
}

// forEach runs test against every frontier implementation.
func forEach(t *testing.T, test func(t *testing.T, b *backend)) {
	for _, c := range constructors {
		t.Run(c.name, func(t *testing.T) { test(t, c.open(t)) })
	}
}

func item(key string) store.FrontierItem {
	return store.FrontierItem{Key: key, URL: "https://example.com/" + key, Kind: "detail", Depth: 2,
		Request: []byte("req " + key), Refreshable: true}
}

func frontier(t *testing.T, st crawl.Store, source string) crawl.Frontier {
	t.Helper()
	f, err := st.Frontier(source)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func popAll(t *testing.T, f crawl.Frontier) []string {
	t.Helper()
	var keys []string
	for {
		it, ok, err := f.Pop(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return keys
		}
		if string(it.Request) != "req "+it.Key || it.URL != "https://example.com/"+it.Key || it.Depth != 2 || it.Kind != "detail" {
			t.Errorf("pop %s: got %+v, not the item as queued", it.Key, it)
		}
		keys = append(keys, it.Key)
	}
}

func mustBegin(t *testing.T, f crawl.Frontier, limit int) store.Generation {
	t.Helper()
	g, err := f.Begin(context.Background(), limit)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestContractQueueOnceAndResume(t *testing.T) {
	forEach(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		f := frontier(t, b.st, "demo")
		if g := mustBegin(t, f, 0); g.Resumed || g.Number != 1 {
			t.Fatalf("first Begin = %+v, want a new generation 1", g)
		}
		r, err := f.Add(ctx, []store.FrontierItem{item("a"), item("b"), item("a")}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if r != (store.AddResult{Added: 2, Known: 1}) {
			t.Errorf("add = %+v, want 2 added, 1 known", r)
		}
		if f.Pending() != 2 {
			t.Errorf("pending = %d, want 2", f.Pending())
		}
		a, _, _ := f.Pop(ctx)
		bb, _, _ := f.Pop(ctx)
		if a.Key != "a" || bb.Key != "b" {
			t.Fatalf("pop order %s, %s; want a, b (FIFO)", a.Key, bb.Key)
		}
		r, err = f.Complete(ctx, "a", store.PageRecord{URL: a.URL, Kind: "listing"}, []store.FrontierItem{item("c"), item("a")}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if r != (store.AddResult{Added: 1, Known: 1}) {
			t.Errorf("complete added %+v, want 1 added, 1 known", r)
		}

		// The process dies with b leased.
		st := b.restart()
		f = frontier(t, st, "demo")
		g := mustBegin(t, f, 0)
		if !g.Resumed || g.Requeued != 1 || g.Number != 1 {
			t.Fatalf("Begin after a crash = %+v, want generation 1 resumed with 1 request requeued", g)
		}
		if got := popAll(t, f); fmt.Sprint(got) != "[b c]" {
			t.Errorf("after resume popped %v, want [b c] (b was in flight, a done)", got)
		}
		if done, err := f.Finish(ctx); err != nil || done {
			t.Errorf("Finish with requests in flight = %v, %v; want false", done, err)
		}
		for _, k := range []string{"b", "c"} {
			if _, err := f.Complete(ctx, k, store.PageRecord{URL: k, Kind: "detail", Postings: 1, Fetched: b.clock.Now()}, nil, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if done, err := f.Finish(ctx); err != nil || !done {
			t.Fatalf("Finish of a drained queue = %v, %v; want true", done, err)
		}
		c, err := f.Counts(ctx)
		if err != nil || c[store.StateDone] != 3 || len(c) != 1 {
			t.Errorf("counts = %v, %v; want 3 done", c, err)
		}

		// The next run starts a new generation; detail pages fetched
		// within the refresh window are skipped, the listing is not.
		b.clock.Add(time.Hour)
		st = b.restart()
		f = frontier(t, st, "demo")
		if g := mustBegin(t, f, 0); g.Resumed || g.Number != 2 {
			t.Fatalf("Begin after a finished generation = %+v; want new generation 2", g)
		}
		now := b.clock.Now()
		listing := item("a")
		r, err = f.Add(ctx, []store.FrontierItem{listing, item("b"), item("c")}, now.Add(-3*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if r != (store.AddResult{Added: 1, Fresh: 2}) {
			t.Errorf("add within refresh window = %+v, want 1 added, 2 fresh", r)
		}
		if r, _ := f.Add(ctx, []store.FrontierItem{item("b")}, now.Add(-3*time.Hour)); r != (store.AddResult{Known: 1}) {
			t.Errorf("a second link to a skipped page = %+v, want known (counted once)", r)
		}
		if c, _ := f.Counts(ctx); c[store.StateSkipped] != 2 || c[store.StatePending] != 1 {
			t.Errorf("counts after skipping = %v", c)
		}
		if done, _ := f.Finish(ctx); done {
			t.Error("finished with a request pending")
		}
		it, _, _ := f.Pop(ctx)
		f.Complete(ctx, it.Key, store.PageRecord{URL: "a", Kind: "listing", Fetched: now}, nil, time.Time{})
		if done, _ := f.Finish(ctx); !done {
			t.Error("skipped requests kept the generation from finishing")
		}
		b.clock.Add(time.Hour)
		st = b.restart()
		f = frontier(t, st, "demo")
		mustBegin(t, f, 0)
		r, err = f.Add(ctx, []store.FrontierItem{item("b")}, b.clock.Now().Add(-time.Minute))
		if err != nil || r.Added != 1 {
			t.Errorf("add of a page older than the cut-off = %+v, %v; want added", r, err)
		}
	})
}

func TestContractLimitAndStates(t *testing.T) {
	forEach(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		f := frontier(t, b.st, "x")
		mustBegin(t, f, 3)
		r, err := f.Add(ctx, []store.FrontierItem{item("1"), item("2"), item("3"), item("4"), item("5")}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Added != 3 || r.OverLimit != 2 {
			t.Errorf("add beyond limit = %+v, want 3 added, 2 over", r)
		}
		for _, st := range []store.QueueState{store.StateFailed, store.StateBlocked, store.StateDeferred} {
			it, ok, err := f.Pop(ctx)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			if err := f.Mark(ctx, it.Key, st, "because"); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Mark(ctx, "1", "bogus", ""); err == nil {
			t.Error("Mark accepted an invalid state")
		}
		c, err := f.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c[store.StateFailed] != 1 || c[store.StateBlocked] != 1 || c[store.StateDeferred] != 1 {
			t.Errorf("counts = %v", c)
		}
		if done, _ := f.Finish(ctx); done {
			t.Error("a generation with a deferred request finished")
		}
		st := b.restart()
		f = frontier(t, st, "x")
		g, err := f.Begin(ctx, 3)
		if err != nil || !g.Resumed || g.Requeued != 1 || f.Pending() != 1 {
			t.Errorf("resume with a deferred request = %+v, pending %d, %v", g, f.Pending(), err)
		}
		if it, ok, _ := f.Pop(ctx); !ok || it.Key != "3" || string(it.Request) != "req 3" {
			t.Errorf("the deferred request popped as %+v, %v", it, ok)
		}
	})
}

// A request released back to pending keeps its place in the queue.
func TestContractReleaseKeepsOrder(t *testing.T) {
	forEach(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		f := frontier(t, b.st, "x")
		mustBegin(t, f, 0)
		f.Add(ctx, []store.FrontierItem{item("a"), item("b"), item("c")}, time.Time{})
		a, _, _ := f.Pop(ctx)
		if err := f.Mark(ctx, a.Key, store.StatePending, "interrupted"); err != nil {
			t.Fatal(err)
		}
		if f.Pending() != 3 {
			t.Errorf("pending after release = %d, want 3", f.Pending())
		}
		if got := popAll(t, f); fmt.Sprint(got) != "[a b c]" {
			t.Errorf("popped %v after releasing a, want [a b c]", got)
		}
	})
}

func TestContractSourcesAreSeparate(t *testing.T) {
	forEach(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		fa, fb := frontier(t, b.st, "a"), frontier(t, b.st, "b")
		mustBegin(t, fa, 0)
		mustBegin(t, fb, 0)
		fa.Add(ctx, []store.FrontierItem{item("k")}, time.Time{})
		if r, err := fb.Add(ctx, []store.FrontierItem{item("k")}, time.Time{}); r.Added != 1 {
			t.Errorf("a key queued by source a counted as known for source b: %+v, %v", r, err)
		}
		if err := fa.SetCookies("example.com", "sid=1"); err != nil {
			t.Fatal(err)
		}
		if c, _ := fb.Cookies("example.com"); c != "" {
			t.Errorf("source b sees source a's cookies %q", c)
		}
		if err := fa.Visited(1 << 63); err != nil {
			t.Fatal(err)
		}
		if v, _ := fa.IsVisited(1 << 63); !v {
			t.Error("visited hash (high bit set) not found")
		}
		if v, _ := fb.IsVisited(1 << 63); v {
			t.Error("visited hash leaked across sources")
		}
		if err := fa.SetValue(ctx, "since", "2024-01-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
		if _, err := b.st.Frontier(""); err == nil {
			t.Error("empty source name accepted")
		}

		st := b.restart() // persisted, not remembered
		fa = frontier(t, st, "a")
		if c, _ := fa.Cookies("example.com"); c != "sid=1" {
			t.Errorf("cookies not persisted: %q", c)
		}
		if v, ok, _ := fa.Value(ctx, "since"); !ok || v != "2024-01-01T00:00:00Z" {
			t.Errorf("value = %q, %v", v, ok)
		}
		fa.SetValue(ctx, "since", "")
		if _, ok, _ := fa.Value(ctx, "since"); ok {
			t.Error("empty SetValue did not delete")
		}
	})
}

// Workers popping at once: every request is handed out exactly once, and
// links found by one are popped by the others.
func TestContractConcurrentWorkers(t *testing.T) {
	forEach(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		f := frontier(t, b.st, "x")
		mustBegin(t, f, 0)
		var seeds []store.FrontierItem
		for i := range 20 {
			seeds = append(seeds, item(fmt.Sprintf("s%02d", i)))
		}
		f.Add(ctx, seeds, time.Time{})
		var mu sync.Mutex
		popped := map[string]int{}
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for idle := 0; idle < 50; {
					it, ok, err := f.Pop(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if !ok {
						idle++
						time.Sleep(time.Millisecond)
						continue
					}
					idle = 0
					mu.Lock()
					popped[it.Key]++
					mu.Unlock()
					var follow []store.FrontierItem
					if it.Key[0] == 's' { // each seed links five details, some shared with other seeds
						for j := range 5 {
							follow = append(follow, item(fmt.Sprintf("d%03d", (int(it.Key[1]-'0')*10+int(it.Key[2]-'0'))*3+j)))
						}
					}
					if _, err := f.Complete(ctx, it.Key, store.PageRecord{URL: it.URL, Kind: "listing"}, follow, time.Time{}); err != nil {
						t.Error(err)
						return
					}
					_ = w
				}
			}()
		}
		wg.Wait()
		want := 20 + 19*3 + 5 // d000 … d061
		if len(popped) != want {
			t.Errorf("%d distinct requests popped, want %d", len(popped), want)
		}
		for k, n := range popped {
			if n != 1 {
				t.Errorf("%s popped %d times", k, n)
			}
		}
		if done, err := f.Finish(ctx); !done || err != nil {
			t.Errorf("Finish = %v, %v", done, err)
		}
	})
}

// UpdateHost is an atomic read-modify-write: concurrent increments are
// never lost, and a nil fn reads.
func TestContractUpdateHost(t *testing.T) {
	forEach(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		f := frontier(t, b.st, "x")
		if st, err := f.UpdateHost(ctx, "never.example:443", nil); err != nil || st != (crawl.HostState{}) {
			t.Errorf("state of an unknown host = %+v, %v; want zero", st, err)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 25 {
					if _, err := f.UpdateHost(ctx, "h.example:80", func(st *crawl.HostState) { st.AntiBot++ }); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		nb := t0.Add(90 * time.Second)
		st, err := f.UpdateHost(ctx, "h.example:80", func(st *crawl.HostState) { st.NotBefore, st.Delay = nb, 3*time.Second })
		if err != nil {
			t.Fatal(err)
		}
		if st.AntiBot != 200 || !st.NotBefore.Equal(nb) || st.Delay != 3*time.Second {
			t.Errorf("after 200 concurrent increments and a write: %+v", st)
		}
		if got, _ := f.UpdateHost(ctx, "h.example:80", nil); !got.NotBefore.Equal(st.NotBefore) || got.Delay != st.Delay || got.AntiBot != st.AntiBot {
			t.Errorf("read back %+v, want %+v", got, st)
		}
	})
}

// The Redis frontier's Begin never starts a second generation of a
// source whose last one finished in this round: nodes started minutes
// apart crawl it once.
func TestRoundIsCrawledOnce(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: t0}
	u := redistest.URL(t, "round=30m")
	open := func() *redisfrontier.Store {
		s, err := redisfrontier.Open(ctx, u, redisfrontier.Options{Node: "n", Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a := open()
	fa := frontier(t, a, "x")
	mustBegin(t, fa, 0)
	fa.Add(ctx, []store.FrontierItem{item("a")}, time.Time{})
	it, _, _ := fa.Pop(ctx)
	fa.Complete(ctx, it.Key, store.PageRecord{URL: it.URL, Kind: "listing", Fetched: c.Now()}, nil, time.Time{})
	if done, _ := fa.Finish(ctx); !done {
		t.Fatal("not finished")
	}
	c.Add(10 * time.Minute) // a node started late
	b := open()
	g, err := frontier(t, b, "x").Begin(ctx, 0)
	if !errors.Is(err, crawl.ErrCrawledThisRound) || g.Number != 1 {
		t.Errorf("Begin by a node starting 10 minutes into the round = %+v, %v; want generation 1 and ErrCrawledThisRound", g, err)
	}
	c.Add(6 * time.Hour) // the next round
	g, err = frontier(t, open(), "x").Begin(ctx, 0)
	if err != nil || g.Number != 2 || g.Resumed {
		t.Errorf("Begin in the next round = %+v, %v; want a new generation 2", g, err)
	}
}
