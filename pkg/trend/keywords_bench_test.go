package trend

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// BenchmarkKeywordSectionCold is the keyword section of a cold report on
// 10,000 postings synthesized from the real ones (see synthesize): every
// posting segmented and its counts cached (RefreshTerms), then the
// companies ranked and their keywords chosen (companies). It uses only
// what the code before the keyword vocabulary had too, so that
// testdata/keyword-bench.sh can build it against that code and run the
// two, interleaved, for a ratio that holds on a shared machine. Besides
// the wall time (ns/op) it reports the CPU time the process spent per
// operation (cpu-s/op, all threads, cgo's included), which other
// processes' load disturbs far less than wall time.
func BenchmarkKeywordSectionCold(b *testing.B) {
	ctx := context.Background()
	src, _ := benchSeg()
	ps := synthesize(realPostings(b), 10000, "bench-generated")
	s, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), store.Options{Tagger: skill.DefaultTagger()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	fillStore(b, s, ps)
	opts := Options{Synthetic: true, Segmenter: src}
	opts.defaults()
	f := store.Filter{Synthetic: true}
	b.SetBytes(textBytes(ps))
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if _, err := s.DB().ExecContext(ctx, `DELETE FROM posting_terms`); err != nil {
			b.Fatal(err)
		}
		before := cpuTime(b)
		b.StartTimer()
		n, err := RefreshTerms(ctx, s, src, nil)
		if err != nil || n != len(ps) {
			b.Fatalf("segmented %d of %d: %v", n, len(ps), err)
		}
		cs, _, err := companies(ctx, s, f, opts, func() error { return nil })
		if err != nil || len(cs) != 10 {
			b.Fatalf("%d companies: %v", len(cs), err)
		}
		b.StopTimer()
		cpu += cpuTime(b) - before
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the user and system time of the process so far.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
