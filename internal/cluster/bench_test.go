package cluster

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/demo"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier"
	"github.com/jobtrend/jobtrend/pkg/redisfrontier/redistest"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// BenchmarkCluster crawls loopback demo boards with one, two and three
// nodes sharing a Redis frontier (in-process, each with its own
// connection and leases), politeness delay off, and then stores what
// they sent with one writer. Each iteration runs every configuration once,
// in turn, so that the machine's load falls on all of them alike; the
// metrics are means and the log gives each one's range:
//
//	hosts=1: one board, one source — per-host politeness (one request in
//	         flight across all nodes) is the ceiling, whatever the nodes;
//	hosts=3: three boards (three sources), which nodes spread over.
//
// sqlite is the single process on the SQLite frontier, for scale.
//
//	go test ./internal/cluster -run '^$' -bench Cluster -benchtime 3x
func BenchmarkCluster(b *testing.B) {
	board, err := demo.New(demo.Options{Generated: 500})
	if err != nil {
		b.Fatal(err)
	}
	addr := redistest.Addr(b)
	for _, hosts := range []int{1, 3} {
		b.Run(fmt.Sprintf("hosts=%d", hosts), func(b *testing.B) {
			var cfgSrcs []crawl.SourceConfig
			for h := range hosts {
				srv := httptest.NewServer(board.Handler())
				defer srv.Close()
				s := crawl.DefaultSettings()
				s.Delay, s.Jitter, s.Refresh = 0, 0, 0
				s.Timeout, s.MaxWait = 10*time.Second, 10*time.Second
				cfgSrcs = append(cfgSrcs, crawl.SourceConfig{Name: fmt.Sprintf("board%d", h), Kind: "jsonld",
					Start: []string{srv.URL + "/jobs"}, Settings: s})
			}
			cfg := &crawl.Config{Sources: cfgSrcs}
			configs := []string{"sqlite", "nodes=1", "nodes=2", "nodes=3"}
			rates := map[string][]float64{}
			var writerRates []float64
			for i := 0; i < b.N; i++ {
				for _, c := range configs {
					pages, secs := 0, 0.0
					if c == "sqlite" {
						pages, secs = crawlSQLite(b, cfg)
					} else {
						var n int
						fmt.Sscanf(c, "nodes=%d", &n)
						u := fmt.Sprintf("redis://%s/0?prefix=bench-%d-%d-%d&lease=30s", addr, hosts, i, n)
						var postings int
						var wsecs float64
						pages, secs, postings, wsecs = crawlCluster(b, cfg, u, n)
						if n == 3 {
							writerRates = append(writerRates, float64(postings)/wsecs)
						}
					}
					rates[c] = append(rates[c], float64(pages)/secs)
				}
			}
			for _, c := range configs {
				lo, hi, mean := spread(rates[c])
				b.ReportMetric(mean, "pages/s-"+c)
				b.Logf("%s: %.0f–%.0f pages/s over %d runs", c, lo, hi, len(rates[c]))
			}
			lo, hi, mean := spread(writerRates)
			b.ReportMetric(mean, "postings/s-writer")
			b.Logf("writer: %.0f–%.0f postings/s over %d runs", lo, hi, len(writerRates))
		})
	}
}

func spread(xs []float64) (lo, hi, mean float64) {
	if len(xs) == 0 {
		return 0, 0, 0
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs {
		lo, hi, mean = min(lo, x), max(hi, x), mean+x
	}
	return lo, hi, mean / float64(len(xs))
}

func crawlSQLite(b *testing.B, cfg *crawl.Config) (int, float64) {
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "j.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now()
	sum, err := crawl.Run(context.Background(), cfg, crawl.SQLiteStore(st), crawl.Options{})
	if err != nil || sum.Errors > 0 {
		b.Fatalf("sqlite crawl: %v (%s)", err, sum.Line())
	}
	return sum.Pages, time.Since(t0).Seconds()
}

// crawlCluster runs n nodes at once, then one writer; it returns the
// pages crawled and the crawl's seconds, and the postings stored and the
// writer's seconds.
func crawlCluster(b *testing.B, cfg *crawl.Config, u string, n int) (int, float64, int, float64) {
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	pages := 0
	t0 := time.Now()
	for i := range n {
		s, err := redisfrontier.Open(ctx, u, redisfrontier.Options{Node: fmt.Sprint("bench", i)})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum, err := crawl.Run(ctx, cfg, s, crawl.Options{})
			if err != nil || sum.Errors > 0 {
				b.Errorf("node %d: %v (%s)", i, err, sum.Line())
			}
			mu.Lock()
			pages += sum.Pages
			mu.Unlock()
		}()
	}
	wg.Wait()
	secs := time.Since(t0).Seconds()

	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "j.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	w, err := redisfrontier.Open(ctx, u, redisfrontier.Options{Node: "writer"})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	t1 := time.Now()
	stats, err := w.Ingest(ctx, st.NewSession(), redisfrontier.WriterOptions{Drain: true, Block: 10 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	wsecs := time.Since(t1).Seconds()
	// Leave the server as it was.
	keys, _ := w.Client().Keys(ctx, redisPrefix(u)+"*").Result()
	if len(keys) > 0 {
		w.Client().Del(ctx, keys...)
	}
	return pages, secs, stats.Postings, wsecs
}

func redisPrefix(u string) string {
	c, err := redisfrontier.ParseURL(u)
	if err != nil {
		return "none"
	}
	return c.Prefix + ":"
}
