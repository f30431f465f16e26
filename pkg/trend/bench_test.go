package trend

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

var benchSizes = flag.String("benchsizes", "10000", "comma-separated store sizes (postings) for BenchmarkCompute")

// benchSeg is one segmenter for all benchmarks: loading jieba is the bench
// script's business (a fresh process), not the per-iteration cost here.
var benchSeg = sync.OnceValues(func() (SegmenterSource, Segmenter) {
	src, _ := DefaultSegmenter(nil) // never closed: lives as long as the test binary
	seg, err := src.Open()
	if err != nil {
		panic(err)
	}
	return src, seg
})

// BenchmarkCompute is the report on a store of synthesized postings (real
// text, see synthesize): cold (no cached terms: every posting segmented)
// and warm (every posting's terms cached, as on a second run). The
// baseline, timed in the same iteration, is bare segmentation of the same
// text on every core (segment.Tokens, nothing stored or counted), so
// x-seg is the cold pipeline's speed as a fraction of segmentation alone
// and x-cold is how many times faster a warm report is than a cold one.
// -corpus uses the full corpus as the source of text; -benchsizes sets the
// store sizes.
func BenchmarkCompute(b *testing.B) {
	real := realPostings(b)
	src, seg := benchSeg()
	for _, f := range strings.Split(*benchSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			b.Fatalf("-benchsizes: %q is not a positive number", f)
		}
		ps := synthesize(real, n, "bench-generated")
		size := textBytes(ps)
		s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), store.Options{Tagger: skill.DefaultTagger()})
		if err != nil {
			b.Fatal(err)
		}
		fillStore(b, s, ps)
		opts := Options{Synthetic: true, Segmenter: src}
		ctx := context.Background()
		var cold, warm, bare time.Duration
		runs := 0
		b.Run(fmt.Sprintf("postings=%d", n), func(b *testing.B) {
			for range b.N {
				bare += segmentAll(ps, seg)
				if _, err := s.DB().ExecContext(ctx, `DELETE FROM posting_terms`); err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				r, err := Compute(ctx, s, opts)
				cold += time.Since(start)
				if err != nil || r.Method.Segmented != n {
					b.Fatalf("cold: segmented %d of %d, %v", r.Method.Segmented, n, err)
				}
				start = time.Now()
				r, err = Compute(ctx, s, opts)
				warm += time.Since(start)
				if err != nil || r.Method.Segmented != 0 || len(r.Companies) == 0 {
					b.Fatalf("warm: segmented %d, %d companies, %v", r.Method.Segmented, len(r.Companies), err)
				}
				runs++
			}
			mbps := func(d time.Duration) float64 { return float64(size) * float64(runs) / d.Seconds() / 1e6 }
			b.ReportMetric(mbps(cold), "cold-MB/s")
			b.ReportMetric(mbps(bare), "seg-MB/s")
			b.ReportMetric(mbps(cold)/mbps(bare), "x-seg")
			b.ReportMetric(cold.Seconds()/float64(runs), "cold-s")
			b.ReportMetric(warm.Seconds()/float64(runs), "warm-s")
			b.ReportMetric(cold.Seconds()/warm.Seconds(), "x-cold")
			b.ReportMetric(0, "ns/op")
		})
		s.Close()
	}
}

// segmentAll cuts every posting's text on every core and keeps nothing:
// the floor under any cold report.
func segmentAll(ps []posting.Posting, seg Segmenter) time.Duration {
	start := time.Now()
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var toks []string
			for i := w; i < len(ps); i += workers {
				toks = seg.Tokens(toks[:0], ps[i].Title+"\n"+ps[i].Description)
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}
