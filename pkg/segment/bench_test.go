package segment

import (
	"fmt"
	"sync"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// BenchmarkSegment measures throughput on the real postings in testdata
// (2.2 MB of job descriptions), one op being one pass over all of them,
// split between 1 or 2 goroutines sharing one Segmenter. The baseline is
// gojieba's own Cut with HMM, on the same text and dictionaries; the
// README reports the others as ratios to it.
func BenchmarkSegment(b *testing.B) {
	docs := loadTestdata(b)
	var total int64
	for _, d := range docs {
		total += int64(len(d.Text))
	}
	plain, hmm := mustSeg(b, segPlain), mustSeg(b, segHMM)

	type worker func(part []doc) *tfidf.Index
	variants := []struct {
		name string
		work worker
	}{
		{"cut-hmm-baseline", func(part []doc) *tfidf.Index {
			for _, d := range part {
				_ = plain.jieba.Cut(d.Text, true)
			}
			return nil
		}},
		{"cut-nohmm", func(part []doc) *tfidf.Index {
			for _, d := range part {
				_ = plain.jieba.Cut(d.Text, false)
			}
			return nil
		}},
		{"tokens", func(part []doc) *tfidf.Index {
			var toks []string
			for _, d := range part {
				toks = plain.Tokens(toks[:0], d.Text)
			}
			return nil
		}},
		{"tokens-hmm", func(part []doc) *tfidf.Index {
			var toks []string
			for _, d := range part {
				toks = hmm.Tokens(toks[:0], d.Text)
			}
			return nil
		}},
		// The pipeline the analyzer runs: segment and count per company
		// in one pass, keeping no tokens, one Index per goroutine, merged.
		{"tokens+tfidf", func(part []doc) *tfidf.Index {
			idx := tfidf.New()
			var toks []string
			for _, d := range part {
				toks = plain.Tokens(toks[:0], d.Text)
				idx.Add(d.Company, toks)
			}
			return idx
		}},
	}
	for _, v := range variants {
		for _, g := range []int{1, 2} {
			parts := make([][]doc, g)
			for i, d := range docs {
				parts[i%g] = append(parts[i%g], d)
			}
			b.Run(fmt.Sprintf("%s/goroutines=%d", v.name, g), func(b *testing.B) {
				b.SetBytes(total)
				b.ReportAllocs()
				for range b.N {
					idxs := make([]*tfidf.Index, g)
					var wg sync.WaitGroup
					for i := range g {
						wg.Add(1)
						go func() {
							defer wg.Done()
							idxs[i] = v.work(parts[i])
						}()
					}
					wg.Wait()
					if idxs[0] != nil {
						for _, x := range idxs[1:] {
							idxs[0].Merge(x)
						}
					}
				}
			})
		}
	}
}

// BenchmarkNew is the start-up cost: dictionaries already in the cache
// directory, jieba loading them.
func BenchmarkNew(b *testing.B) {
	if _, err := segPlain(); err != nil { // fills the cache directory
		b.Fatal(err)
	}
	for range b.N {
		s, err := New(Options{CacheDir: testCacheDir})
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
