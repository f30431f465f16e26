package segment

import (
	"flag"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// BenchmarkSegment measures throughput on the real postings in testdata
// (2.2 MB of job descriptions; -corpus: the full corpus's 16 MB), one pass over all of them split between 1
// or 2 goroutines sharing one Segmenter. The baseline is gojieba's own Cut
// with HMM on the same text and dictionaries, timed in the same iteration,
// alternating with the variant, so that the ratio x-cut (variant MB/s over
// baseline MB/s) holds even on a machine shared with other work.
func BenchmarkSegment(b *testing.B) {
	docs := loadTestdata(b)
	if *corpusDir != "" {
		docs = loadFullCorpus(b, *corpusDir)
	}
	var total int64
	for _, d := range docs {
		total += int64(len(d.Text))
	}
	plain, hmm := mustSeg(b, segPlain), mustSeg(b, segHMM)
	// The segmenter as it was before the part-of-speech rules: stop words
	// from data/stopwords.txt only (1,300 entries instead of 52,000), to
	// measure what the larger set costs per lookup.
	noPOS, err := New(Options{CacheDir: testCacheDir})
	if err != nil {
		b.Fatal(err)
	}
	defer noPOS.Close()
	stopOnly, err := parseStopWords(data.StopWordsName, data.StopWords)
	if err != nil {
		b.Fatal(err)
	}
	noPOS.stop = newHashSet(stopOnly)

	direct := memoTwin(plain, nil)

	type worker func(part []doc) *tfidf.Index
	baseline := func(part []doc) *tfidf.Index {
		for _, d := range part {
			_ = plain.jieba.Cut(d.Text, true)
		}
		return nil
	}
	variants := []struct {
		name string
		work worker
	}{
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
		// Tokens cutting every text whole, without the memo of pieces.
		{"tokens-nomemo", func(part []doc) *tfidf.Index {
			var toks []string
			for _, d := range part {
				toks = direct.Tokens(toks[:0], d.Text)
			}
			return nil
		}},
		// Tokens before jieba was given only the non-ASCII runs.
		{"tokens-wholetext", func(part []doc) *tfidf.Index {
			var toks []string
			for _, d := range part {
				toks = plain.wholeTextTokens(toks[:0], d.Text)
			}
			return nil
		}},
		{"tokens-nopos", func(part []doc) *tfidf.Index {
			var toks []string
			for _, d := range part {
				toks = noPOS.Tokens(toks[:0], d.Text)
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
	pass := func(parts [][]doc, work worker) time.Duration {
		// Every pass starts with empty memos: the same texts again would
		// all be remembered, which is not what a stream of new postings
		// sees. Pieces repeated within the pass are found.
		for _, s := range []*Segmenter{plain, hmm, noPOS} {
			s.memo = newCutMemo(memoGenerationBytes)
		}
		start := time.Now()
		idxs := make([]*tfidf.Index, len(parts))
		var wg sync.WaitGroup
		for i := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				idxs[i] = work(parts[i])
			}()
		}
		wg.Wait()
		if idxs[0] != nil {
			for _, x := range idxs[1:] {
				idxs[0].Merge(x)
			}
		}
		return time.Since(start)
	}
	for _, v := range variants {
		for _, g := range []int{1, 2} {
			parts := make([][]doc, g)
			for i, d := range docs {
				parts[i%g] = append(parts[i%g], d)
			}
			b.Run(fmt.Sprintf("%s/goroutines=%d", v.name, g), func(b *testing.B) {
				var base, mine time.Duration
				for range b.N {
					base += pass(parts, baseline)
					mine += pass(parts, v.work)
				}
				mbps := func(d time.Duration) float64 { return float64(total) * float64(b.N) / d.Seconds() / 1e6 }
				b.ReportMetric(mbps(mine), "MB/s")
				b.ReportMetric(mbps(base), "cut-MB/s")
				b.ReportMetric(mbps(mine)/mbps(base), "x-cut")
				b.ReportMetric(0, "ns/op")
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

var textsFile = flag.String("texts", "", "JSON Lines postings (their description field) for BenchmarkMemo, "+
	"instead of the real postings in testdata or -corpus")

// BenchmarkMemo is what the memo of cuts saves: Tokens over every text
// with a memo emptied before each pass, against Tokens cutting every text
// whole, alternating within each iteration so that the ratio x-whole
// (whole-text time over memo time) holds on a shared machine. On distinct
// real postings (-corpus) it shows the memo's cost; on repeated text
// (-texts, a corpus from bench/synth) what it saves.
func BenchmarkMemo(b *testing.B) {
	var texts []string
	switch {
	case *textsFile != "":
		for _, d := range readJSONL(b, *textsFile, "texts", "company", "description") {
			texts = append(texts, d.Text)
		}
	case *corpusDir != "":
		for _, d := range loadFullCorpus(b, *corpusDir) {
			texts = append(texts, d.Text)
		}
	default:
		for _, d := range loadTestdata(b) {
			texts = append(texts, d.Text)
		}
	}
	base := mustSeg(b, segPlain)
	whole := memoTwin(base, nil)
	var toks []string
	pass := func(s *Segmenter) time.Duration {
		start := time.Now()
		for _, t := range texts {
			toks = s.Tokens(toks[:0], t)
		}
		return time.Since(start)
	}
	var memoTime, wholeTime time.Duration
	for range b.N {
		memoTime += pass(memoTwin(base, newCutMemo(memoGenerationBytes)))
		wholeTime += pass(whole)
	}
	b.ReportMetric(memoTime.Seconds()/float64(b.N), "s-memo")
	b.ReportMetric(wholeTime.Seconds()/float64(b.N), "s-whole")
	b.ReportMetric(wholeTime.Seconds()/memoTime.Seconds(), "x-whole")
	b.ReportMetric(0, "ns/op")
}
