package trend

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/ingest"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// The keyword checks run on the real datasets of the shared corpus, each
// imported into its own store (a company's keywords are ranked against its
// own dataset's document frequencies), and on a split of their biggest
// companies into a development half, the only one the vocabulary and the
// rules were tuned on, and a test half (testdata/keyword-split.tsv).

var writeSplit = flag.Bool("keywordsplit", false, "draw the development/test split of companies again and write testdata/keyword-split.tsv")

// sharedCorpus is where the corpus is when -corpus is not given.
const sharedCorpus = "/work/shared/corpus"

// keywordDataset is one dataset of the corpus as the keyword checks read it.
type keywordDataset struct {
	name string // as in keyword-split.tsv
	file string // under the corpus directory
}

var keywordDatasets = []keywordDataset{
	{"jobhunting-2024", "jobhunting-2024/jobs.csv"},
	{"ruanyf-weekly-hiring", "ruanyf-weekly-hiring/posts.jsonl"},
	{"lagou-2018-content", "lagou-2018-content/Lagou_Data.csv"},
	{"boss-golang-2021", "boss-golang-2021/golang.jsonl"},
	{"zhaopin-2020", "zhaopin-2020/zl.jsonl"},
}

// The split: per dataset, companies ranked by postings (all postings, ties
// by company key, anonymous names left out, as the report ranks them); the
// first splitTop go to test, and of ranks splitTop+1 … splitPool those with
// at least splitMinPostings postings are shuffled with splitSeed and halved,
// the first half to development, the rest to test.
const (
	splitFile        = "testdata/keyword-split.tsv"
	splitTop         = 10
	splitPool        = 40
	splitMinPostings = 3
	splitSeed        = 20261206
)

// splitEntry is one line of keyword-split.tsv.
type splitEntry struct {
	dataset, company, key string
	rank, postings        int
	part                  string // "dev" or "test"
}

// readSplit reads keyword-split.tsv.
func readSplit(t testing.TB) []splitEntry {
	t.Helper()
	f, err := os.Open(splitFile)
	if err != nil {
		t.Fatalf("the development/test split: %v", err)
	}
	defer f.Close()
	var out []splitEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "dataset\t") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 6 {
			t.Fatalf("%s:%d: %d columns, want 6", splitFile, n, len(c))
		}
		e := splitEntry{dataset: c[0], company: c[2], key: c[3], part: c[5]}
		var err1, err2 error
		e.rank, err1 = strconv.Atoi(c[1])
		e.postings, err2 = strconv.Atoi(c[4])
		if err1 != nil || err2 != nil || (e.part != "dev" && e.part != "test") || e.key == "" {
			t.Fatalf("%s:%d: malformed line %q", splitFile, n, line)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKeywordSplitIsSound checks the frozen split: at least 30 test
// companies from at least 3 datasets, each dataset's top 10 in test, no
// company in both halves.
func TestKeywordSplitIsSound(t *testing.T) {
	split := readSplit(t)
	parts := map[string]string{}
	testSets := map[string]int{}
	nTest := 0
	for _, e := range split {
		id := e.dataset + "\t" + e.key
		if p, dup := parts[id]; dup {
			t.Errorf("%s %s listed twice (%s, %s)", e.dataset, e.company, p, e.part)
		}
		parts[id] = e.part
		if e.rank <= splitTop && e.part != "test" {
			t.Errorf("%s %s: rank %d but in %s", e.dataset, e.company, e.rank, e.part)
		}
		if e.part == "test" {
			nTest++
			testSets[e.dataset]++
		}
	}
	if nTest < 30 || len(testSets) < 3 {
		t.Errorf("%d test companies from %d datasets, want ≥ 30 from ≥ 3", nTest, len(testSets))
	}
	t.Logf("%d companies: %d test (%v), %d dev", len(split), nTest, testSets, len(split)-nTest)
}

// corpusRoot is the corpus directory, or "" (with the reason logged) when
// it is not on this machine.
func corpusRoot(t *testing.T) string {
	t.Helper()
	dir := *corpusDir
	if dir == "" {
		dir = sharedCorpus
	}
	for _, d := range keywordDatasets {
		if _, err := os.Stat(filepath.Join(dir, d.file)); err != nil {
			t.Skipf("the real corpus is not here (%v): the keyword checks need it; give -corpus DIR", err)
			return ""
		}
	}
	return dir
}

// datasetStores imports every keyword dataset into its own store in dir,
// on every core.
func datasetStores(t *testing.T, root string) map[string]*store.Store {
	t.Helper()
	ctx := context.Background()
	out := map[string]*store.Store{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(keywordDatasets))
	dir := t.TempDir()
	for i, d := range keywordDatasets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(ctx, filepath.Join(dir, d.name+".db"), store.Options{Tagger: normalize.DefaultTagger()})
			if err != nil {
				errs[i] = err
				return
			}
			t.Cleanup(func() { s.Close() })
			if _, err := ingest.ImportFile(ctx, filepath.Join(root, d.file), s, ingest.Options{}); err != nil {
				errs[i] = fmt.Errorf("%s: %w", d.name, err)
				return
			}
			mu.Lock()
			out[d.name] = s
			mu.Unlock()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// drawSplit ranks each dataset's companies by postings and draws the split
// described at splitSeed.
func drawSplit(t *testing.T, stores map[string]*store.Store) []splitEntry {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(splitSeed, splitSeed))
	var out []splitEntry
	for _, d := range keywordDatasets {
		st := stores[d.name]
		cc, err := st.CompanyCounts(ctx, "go", store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		type emp struct {
			key, name     string
			postings, top int
		}
		byKey := map[string]*emp{}
		for _, c := range cc {
			key := normalize.CompanyKey(c.Company)
			if key == "" {
				continue
			}
			e := byKey[key]
			if e == nil {
				e = &emp{key: key}
				byKey[key] = e
			}
			e.postings += c.Postings
			if c.Postings > e.top || (c.Postings == e.top && c.Company < e.name) {
				e.name, e.top = c.Company, c.Postings
			}
		}
		var ranked []*emp
		for _, e := range byKey {
			ranked = append(ranked, e)
		}
		slices.SortFunc(ranked, func(a, b *emp) int {
			if c := cmp.Compare(b.postings, a.postings); c != 0 {
				return c
			}
			return cmp.Compare(a.key, b.key)
		})
		var pool []splitEntry
		for i, e := range ranked[:min(splitPool, len(ranked))] {
			se := splitEntry{dataset: d.name, company: normalize.CanonicalCompany(e.name), key: e.key, rank: i + 1, postings: e.postings}
			switch {
			case i < splitTop:
				se.part = "test"
				out = append(out, se)
			case e.postings >= splitMinPostings:
				pool = append(pool, se)
			}
		}
		rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for i := range pool {
			pool[i].part = "test"
			if i < len(pool)/2 {
				pool[i].part = "dev"
			}
		}
		slices.SortFunc(pool, func(a, b splitEntry) int { return cmp.Compare(a.rank, b.rank) })
		out = append(out, pool...)
	}
	return out
}

func writeSplitFile(t *testing.T, split []splitEntry) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `# The development/test split of companies for the keyword and orientation checks.
# Drawn once, before any tuning, by TestKeywordsCorpus/split (go test ./pkg/trend -run TestKeywordsCorpus/split -keywordsplit):
# per dataset of the shared corpus (%s), each imported into its own store
# as crawl import does, companies are ranked by job postings (exact reposts once; names merged by
# normalize.CompanyKey; anonymous names left out; ties by key). Ranks 1–%d go to test. Of ranks %d–%d, those
# with at least %d postings are shuffled (math/rand/v2 PCG, seed %d, datasets in the order above)
# and halved: the first half (rounded down) to dev, the rest to test.
# The vocabulary, the keyword rules and the orientation rules were tuned on dev only.
# Columns: dataset, rank, company (display name), key (normalize.CompanyKey at drawing time), postings, part.
dataset	rank	company	key	postings	part
`, datasetNames(), splitTop, splitTop+1, splitPool, splitMinPostings, splitSeed)
	for _, e := range split {
		fmt.Fprintf(&b, "%s\t%d\t%s\t%s\t%d\t%s\n", e.dataset, e.rank, e.company, e.key, e.postings, e.part)
	}
	if err := os.WriteFile(splitFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func datasetNames() string {
	var names []string
	for _, d := range keywordDatasets {
		names = append(names, d.name)
	}
	return strings.Join(names, ", ")
}

// TestKeywordsCorpus runs the keyword checks on the real corpus: the split
// (drawn again with -keywordsplit), the automatic checker on the dev and
// test companies, the pool for blind labelling (-labelpool) and the
// evaluation against the labels once they exist.
func TestKeywordsCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("imports and segments the real corpus (about a minute)")
	}
	root := corpusRoot(t)
	stores := datasetStores(t, root)
	t.Run("split", func(t *testing.T) {
		if !*writeSplit {
			t.Skip("the split is frozen; -keywordsplit draws it again")
		}
		split := drawSplit(t, stores)
		writeSplitFile(t, split)
	})
}
