package crawl

import (
	"bufio"
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/demo"
)

// Benchmarks against the demo board on a loopback server, no delay. The
// crawl is compared with a baseline measured in the same run: fetching the
// same pages with a bare http.Client, one at a time (what one request in
// flight per host allows), reading the bodies and nothing else.
//
//	go test ./pkg/crawl -run '^$' -bench . -benchtime 3x
//	go test ./pkg/crawl -run TestLoad50k -crawl.load -v     (50,000 pages: memory)

var loadTest = flag.Bool("crawl.load", false, "run the 50,000-page load test (TestLoad50k)")

func benchBoard(b testing.TB, generated int) (*demo.Board, *httptest.Server) {
	board, err := demo.New(demo.Options{Generated: generated})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(board.Handler())
	b.Cleanup(srv.Close)
	return board, srv
}

// BenchmarkCrawl: the whole pipeline per page — fetch, charset, JSON-LD,
// link extraction, frontier, upsert — on the demo board with 3,057 and
// 10,000 postings (about 3,165 and 10,470 pages a run), with the default
// four workers; it reports pages/s.
func BenchmarkCrawl(b *testing.B) {
	b.Run("3k", func(b *testing.B) { benchCrawl(b, 2000) })
	b.Run("10k", func(b *testing.B) { benchCrawl(b, 10000-1057) })
}

func benchCrawl(b *testing.B, generated int) {
	_, srv := benchBoard(b, generated)
	pages := 0
	start := time.Now()
	for range b.N {
		b.StopTimer()
		st := openStore(b)
		b.StartTimer()
		sum, err := Run(context.Background(), demoConfig(srv.URL, fast()), SQLiteStore(st), Options{})
		if err != nil || sum.Errors != 0 {
			b.Fatal(err, sum.Line())
		}
		pages += sum.Pages
	}
	b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
}

// BenchmarkFetchBaseline fetches the same pages (listings and details)
// with a bare client, sequentially: the ceiling the crawl is measured
// against.
func BenchmarkFetchBaseline(b *testing.B) {
	board, srv := benchBoard(b, 2000)
	var urls []string
	for p := 1; (p-1)*20 < board.Len(); p++ {
		urls = append(urls, srv.URL+"/jobs?page="+strconv.Itoa(p))
	}
	for i := range board.Len() {
		urls = append(urls, srv.URL+board.Job(i).Path)
	}
	client := &http.Client{}
	start := time.Now()
	n := 0
	for range b.N {
		for _, u := range urls {
			resp, err := client.Get(u)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			n++
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "pages/s")
}

// TestLoad50k crawls 50,000 generated postings (about 52,600 pages) and
// checks that memory stays flat: the heap in use after the last page is
// within a margin of the heap after the first 10,000. Run with
// -crawl.load; it takes about a minute and a half.
func TestLoad50k(t *testing.T) {
	if !*loadTest {
		t.Skip("the 50,000-page load test runs with -crawl.load")
	}
	board, srv := benchBoard(t, 50000-1058)
	st := openStore(t)
	s := fast()
	s.MaxPages = 100000
	var samples []uint64
	next := 10000
	opts := Options{Progress: func(c Counters) {
		if c.Pages >= next {
			next += 10000
			runtime.GC()
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			samples = append(samples, m.HeapInuse)
			t.Logf("%6d pages: heap in use %5.1f MB, RSS %5.1f MB", c.Pages, float64(m.HeapInuse)/(1<<20), float64(rss("VmRSS"))/(1<<20))
		}
	}}
	start := time.Now()
	sum, err := Run(context.Background(), demoConfig(srv.URL, s), SQLiteStore(st), opts)
	el := time.Since(start)
	if err != nil || sum.New != board.Len() || sum.Errors != 0 {
		t.Fatalf("%s, %v; want %d new", sum.Line(), err, board.Len())
	}
	t.Logf("%d pages, %d postings in %v: %.0f pages/s; peak RSS (VmHWM) %.1f MB", sum.Pages, sum.New, el.Round(time.Second),
		float64(sum.Pages)/el.Seconds(), float64(rss("VmHWM"))/(1<<20))
	if len(samples) >= 2 && float64(samples[len(samples)-1]) > 1.5*float64(samples[0])+8<<20 {
		t.Errorf("heap grew from %d MB at 10,000 pages to %d MB at the end: not flat", samples[0]>>20, samples[len(samples)-1]>>20)
	}
}

// rss reads a memory figure of this process from /proc (Linux), in bytes.
func rss(field string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
