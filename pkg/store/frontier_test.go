package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func item(key string) FrontierItem {
	return FrontierItem{Key: key, URL: "https://example.com/" + key, Kind: "detail", Request: []byte("req " + key), Refreshable: true}
}

func popAll(t *testing.T, f *Frontier) []string {
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
		if string(it.Request) != "req "+it.Key {
			t.Errorf("pop %s: request %q not returned unchanged", it.Key, it.Request)
		}
		keys = append(keys, it.Key)
	}
}

func TestFrontierQueueOnceAndResume(t *testing.T) {
	ctx := context.Background()
	now := t0
	path := filepath.Join(t.TempDir(), "f.db")
	s, err := Open(ctx, path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := s.Frontier("demo")
	g, err := f.Begin(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if g.Resumed || g.Number != 1 {
		t.Fatalf("first Begin = %+v, want a new generation 1", g)
	}
	r, err := f.Add(ctx, []FrontierItem{item("a"), item("b"), item("a")}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if r != (AddResult{Added: 2, Known: 1}) {
		t.Errorf("add = %+v, want 2 added, 1 known", r)
	}
	a, _, _ := f.Pop(ctx)
	b, _, _ := f.Pop(ctx)
	if a.Key != "a" || b.Key != "b" {
		t.Fatalf("pop order %s, %s; want a, b (FIFO)", a.Key, b.Key)
	}
	// a completes and links c (and a again: already queued); b is in flight
	// when the process "dies".
	r, err = f.Complete(ctx, "a", PageRecord{URL: a.URL, Kind: "listing"}, []FrontierItem{item("c"), item("a")}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if r != (AddResult{Added: 1, Known: 1}) {
		t.Errorf("complete added %+v", r)
	}
	s.Close()

	s, err = Open(ctx, path, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f, _ = s.Frontier("demo")
	g, err = f.Begin(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
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
		if _, err := f.Complete(ctx, k, PageRecord{URL: k, Kind: "detail", Postings: 1}, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if done, err := f.Finish(ctx); err != nil || !done {
		t.Fatalf("Finish of a drained queue = %v, %v; want true", done, err)
	}

	// The next generation starts empty; detail pages fetched within the
	// refresh window are skipped, the listing is not.
	now = now.Add(time.Hour)
	g, err = f.Begin(ctx, 0)
	if err != nil || g.Resumed || g.Number != 2 {
		t.Fatalf("Begin after a finished generation = %+v, %v; want new generation 2", g, err)
	}
	listing := item("a")
	listing.Refreshable = true // a listing page (recorded kind) is never fresh
	r, err = f.Add(ctx, []FrontierItem{listing, item("b"), item("c")}, now.Add(-2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r != (AddResult{Added: 1, Fresh: 2}) {
		t.Errorf("add within refresh window = %+v, want 1 added, 2 fresh", r)
	}
	if r, _ := f.Add(ctx, []FrontierItem{item("b")}, now.Add(-2*time.Hour)); r != (AddResult{Known: 1}) {
		t.Errorf("a second link to a skipped page = %+v, want known (counted once)", r)
	}
	if c, _ := f.Counts(ctx); c[StateSkipped] != 2 || c[StatePending] != 1 {
		t.Errorf("counts after skipping = %v", c)
	}
	if done, _ := f.Finish(ctx); done {
		t.Error("finished with a request pending")
	}
	f.Pop(ctx)
	f.Complete(ctx, "a", PageRecord{URL: "a", Kind: "listing"}, nil, time.Time{})
	if done, _ := f.Finish(ctx); !done {
		t.Error("skipped requests kept the generation from finishing")
	}
	now = now.Add(time.Hour)
	f.Begin(ctx, 0)
	r, err = f.Add(ctx, []FrontierItem{item("b")}, now.Add(-time.Minute))
	if err != nil || r.Added != 1 {
		t.Errorf("add of a page older than the cut-off = %+v, %v; want added", r, err)
	}
}

func TestFrontierLimitAndStates(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	f, _ := s.Frontier("x")
	if _, err := f.Begin(ctx, 3); err != nil {
		t.Fatal(err)
	}
	r, err := f.Add(ctx, []FrontierItem{item("1"), item("2"), item("3"), item("4"), item("5")}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Added != 3 || r.OverLimit != 2 {
		t.Errorf("add beyond limit = %+v, want 3 added, 2 over", r)
	}
	steps := []struct {
		state QueueState
		note  string
	}{{StateFailed, "503 after 4 tries"}, {StateBlocked, "robots.txt"}, {StateDeferred, "host backs off"}}
	for _, st := range steps {
		it, ok, err := f.Pop(ctx)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := f.Mark(ctx, it.Key, st.state, st.note); err != nil {
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
	if c[StateFailed] != 1 || c[StateBlocked] != 1 || c[StateDeferred] != 1 {
		t.Errorf("counts = %v", c)
	}
	if done, _ := f.Finish(ctx); done {
		t.Error("a generation with a deferred request finished")
	}
	g, err := f.Begin(ctx, 3)
	if err != nil || !g.Resumed || g.Requeued != 1 || f.Pending() != 1 {
		t.Errorf("resume with a deferred request = %+v, pending %d, %v", g, f.Pending(), err)
	}
	rows, _ := f.Rows(ctx)
	if len(rows) != 3 || rows[0].Note != "503 after 4 tries" || rows[2].State != StatePending || rows[2].Attempts != 1 {
		t.Errorf("rows = %+v", rows)
	}
}

func TestFrontierSourcesAreSeparate(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	a, _ := s.Frontier("a")
	b, _ := s.Frontier("b")
	a.Begin(ctx, 0)
	b.Begin(ctx, 0)
	a.Add(ctx, []FrontierItem{item("k")}, time.Time{})
	if r, err := b.Add(ctx, []FrontierItem{item("k")}, time.Time{}); r.Added != 1 {
		t.Log(err)
		t.Error("a key queued by source a counted as known for source b")
	}
	if err := a.SetCookies("example.com", "sid=1"); err != nil {
		t.Fatal(err)
	}
	if c, _ := b.Cookies("example.com"); c != "" {
		t.Errorf("source b sees source a's cookies %q", c)
	}
	a2, _ := s.Frontier("a") // a new handle reads what was persisted
	if c, _ := a2.Cookies("example.com"); c != "sid=1" {
		t.Errorf("cookies not persisted: %q", c)
	}
	if err := a.Visited(1 << 63); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.IsVisited(1 << 63); !v {
		t.Error("visited hash (high bit set) not found")
	}
	if v, _ := b.IsVisited(1 << 63); v {
		t.Error("visited hash leaked across sources")
	}
	a.SetValue(ctx, "since", "2024-01-01T00:00:00Z")
	if v, ok, _ := a.Value(ctx, "since"); !ok || v != "2024-01-01T00:00:00Z" {
		t.Errorf("value = %q, %v", v, ok)
	}
	a.SetValue(ctx, "since", "")
	if _, ok, _ := a.Value(ctx, "since"); ok {
		t.Error("empty SetValue did not delete")
	}
	if _, err := s.Frontier(""); err == nil {
		t.Error("empty source name accepted")
	}
}

func TestCrawlRunRecords(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	id1, n, err := s.StartCrawlRun(ctx, []string{"demo"}, 42)
	if err != nil || n != 0 {
		t.Fatal(n, err)
	}
	// Run 1 is "killed"; the next start marks it interrupted.
	id2, n, err := s.StartCrawlRun(ctx, []string{"demo", "lagou"}, 43)
	if err != nil || n != 1 {
		t.Fatalf("second start interrupted %d runs, %v; want 1", n, err)
	}
	if err := s.EndCrawlRun(ctx, id2, "done", 10, Counts{New: 3, Unchanged: 7}, 1, `{"pages":10}`); err != nil {
		t.Fatal(err)
	}
	if err := s.EndCrawlRun(ctx, id2, "weird", 0, Counts{}, 0, ""); err == nil {
		t.Error("invalid status accepted")
	}
	runs, err := s.CrawlRuns(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != id2 || runs[0].Status != "done" || runs[0].Counts.New != 3 ||
		len(runs[0].Sources) != 2 || runs[1].ID != id1 || runs[1].Status != "interrupted" || runs[0].Finished.IsZero() {
		t.Errorf("runs = %+v", runs)
	}
}
