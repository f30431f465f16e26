package trend

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// synthStore fills a store with n postings recombined from the real
// job-hunting sample (titles, companies and descriptions of real 2024
// postings), spread over ten years, tagged and indexed as an import does.
// The source is marked synthetic.
func synthStore(tb testing.TB, n int) *store.Store {
	tb.Helper()
	f, err := os.Open("../../testdata/corpus/jobhunting-2024/jobs.csv")
	if err != nil {
		tb.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		tb.Fatal(err)
	}
	rows = rows[1:]
	s, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "q.db"),
		store.Options{Tagger: skill.DefaultTagger(), Indexer: skill.DefaultSearcher()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	batch := make([]posting.Posting, 0, 2000)
	for i := 0; i < n; i++ {
		a, b, c := rows[i%len(rows)], rows[(i*7+3)%len(rows)], rows[(i*13+5)%len(rows)]
		desc := []rune(c[10])
		batch = append(batch, posting.Posting{Source: "bench" + store.SyntheticSuffix, SourceID: fmt.Sprint(i),
			Title: a[3], Company: b[4], City: c[6], Description: normalize.HTMLToText(a[10] + "\n" + string(desc[:len(desc)/3])),
			PostedAt: time.Date(2015+i%10, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := s.UpsertBatch(context.Background(), batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	return s
}

// BenchmarkQuery100k answers ad-hoc queries on a store of 100,000
// postings: a skill (through the tags), a common and a rare Chinese term
// (through the full-text index), and a combination. The target is under
// 100 ms per query (ms/query is reported per case).
func BenchmarkQuery100k(b *testing.B) {
	s := synthStore(b, 100_000)
	searcher := skill.DefaultSearcher()
	for _, terms := range [][]string{{"golang"}, {"微服务"}, {"java"}, {"高并发", "k8s"}, {"区块链"}} {
		var parsed []skill.Term
		for _, t := range terms {
			pt, err := searcher.ParseTerm(t)
			if err != nil {
				b.Fatal(err)
			}
			parsed = append(parsed, pt)
		}
		b.Run(fmt.Sprint(terms), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := Query(context.Background(), s, parsed, QueryOptions{Synthetic: true})
				if err != nil {
					b.Fatal(err)
				}
				if len(r.Years) != 10 {
					b.Fatalf("%d years", len(r.Years))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/query")
		})
	}
}
