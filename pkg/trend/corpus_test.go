package trend

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

var corpusDir = flag.String("corpus", "", "directory of the full shared corpus (e.g. /work/shared/corpus); "+
	"when set, the real-corpus tests and benchmarks use all of it instead of the samples in testdata/corpus")

// The real job-description datasets of the corpus, as `crawl import` reads
// them (their profiles are detected from the columns).
var corpusFiles = []string{
	"jobhunting-2024/jobs.csv",
	"lagou-2018-content/Lagou_Data.csv",
	"zhaopin-2020/zl.jsonl",
	"boss-golang-2021/golang.jsonl",
}

// repoCorpus is the repo's copy of samples of the corpus, which CI has.
const repoCorpus = "../../testdata/corpus"

// collector is an ingest.Sink that keeps what it is given.
type collector struct{ ps []posting.Posting }

func (c *collector) UpsertBatch(_ context.Context, ps []posting.Posting) (store.Counts, error) {
	c.ps = append(c.ps, ps...)
	return store.Counts{New: len(ps)}, nil
}

func (c *collector) EnsureDataset(context.Context, posting.Dataset) (bool, error) { return true, nil }

// readCorpus reads the real postings of dir through the importer, so they
// are what a store holds after `crawl import` (HTML removed, dates read).
func readCorpus(tb testing.TB, dir string) []posting.Posting {
	tb.Helper()
	c := &collector{}
	for _, f := range corpusFiles {
		path := filepath.Join(dir, f)
		if _, err := os.Stat(path); err != nil {
			tb.Fatalf("corpus file: %v", err)
		}
		res, err := ingest.ImportFile(context.Background(), path, c, ingest.Options{})
		if err != nil {
			tb.Fatalf("reading %s: %v", path, err)
		}
		if res.Stored.New == 0 {
			tb.Fatalf("%s: no postings", path)
		}
	}
	return c.ps
}

var (
	realOnce  sync.Once
	realCache []posting.Posting
)

// realPostings is readCorpus of -corpus, or of the repo's samples, read
// once per test binary.
func realPostings(tb testing.TB) []posting.Posting {
	tb.Helper()
	realOnce.Do(func() {
		dir := *corpusDir
		if dir == "" {
			dir = repoCorpus
		}
		realCache = readCorpus(tb, dir)
	})
	if len(realCache) == 0 {
		tb.Fatal("no real postings")
	}
	return realCache
}

// synthesize makes n distinct postings from real ones, as bench/synth does
// for the bench script: the k-th pass over the real postings rotates each
// description's lines by k, and, once rotations run out, adds a line of
// another posting of the same source, so the text keeps the real words and
// lengths while no two postings are exact reposts. The source is marked
// synthetic.
func synthesize(real []posting.Posting, n int, source string) []posting.Posting {
	var base []posting.Posting
	for _, p := range real {
		if len(strings.TrimSpace(p.Description)) >= 20 && p.Company != "" && p.Kind != posting.Other {
			base = append(base, p)
		}
	}
	lines := make([][]string, len(base))
	for i, p := range base {
		for l := range strings.SplitSeq(p.Description, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines[i] = append(lines[i], l)
			}
		}
	}
	seen := make(map[string]bool, n)
	out := make([]posting.Posting, 0, n)
	for i := 0; i < n; i++ {
		j := i % len(base)
		v := i / len(base)
		p := base[j]
		ls := lines[j]
		rot := append(append([]string{}, ls[v%len(ls):]...), ls[:v%len(ls)]...)
		for k := 0; ; k++ {
			if v >= len(ls) || k > 0 {
				o := lines[(j*7919+v*104729+k*31)%len(base)]
				rot = append(rot, o[(v+k)%len(o)])
			}
			p.Description = strings.Join(rot, "\n")
			if key := p.RepostKey(); !seen[key] {
				seen[key] = true
				break
			}
		}
		p.Source, p.SourceID, p.URL, p.Raw = source, fmt.Sprintf("g%07d", i), "", nil
		out = append(out, p)
	}
	return out
}

// textBytes is the size of the text a report segments.
func textBytes(ps []posting.Posting) int64 {
	var n int64
	for _, p := range ps {
		n += int64(len(p.Title) + 1 + len(p.Description))
	}
	return n
}

// fillStore writes ps into s in batches, as an import does.
func fillStore(tb testing.TB, s *store.Store, ps []posting.Posting) {
	tb.Helper()
	for i := 0; i < len(ps); i += 2000 {
		if _, err := s.UpsertBatch(context.Background(), ps[i:min(i+2000, len(ps))]); err != nil {
			tb.Fatal(err)
		}
	}
}
