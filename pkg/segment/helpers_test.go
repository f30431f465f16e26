package segment

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
)

var corpusDir = flag.String("corpus", "", "directory of the full shared corpus (with jobhunting-2024/jobs.csv); "+
	"when set, TestCompanyKeywordsClean also runs on all of it")

// testCacheDir keeps the tests from writing into the user's cache directory.
var testCacheDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "segment-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testCacheDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testTaxonomy stands in for pkg/skill's taxonomy, which this
// package must not import: a few real aliases of the kind it maps.
var testTaxonomy = map[string]string{
	"go": "go", "golang": "go",
	"k8s": "kubernetes", "kubernetes": "kubernetes",
	"c++": "cpp", "cpp": "cpp", "c#": "csharp", ".net": "dotnet", "asp.net": "dotnet",
	"c":       "c",
	"node.js": "nodejs", "nodejs": "nodejs", "node": "nodejs",
	"vue": "vue", "vue.js": "vue", "vuejs": "vue",
	"js": "javascript", "javascript": "javascript",
	"java": "java", "python": "python", "grpc": "grpc",
	"spring boot": "spring-boot", "springboot": "spring-boot", "spring": "spring",
	"mysql": "mysql", "redis": "redis", "kafka": "kafka", "docker": "docker",
	"sql server": "sqlserver", "sqlserver": "sqlserver",
	"less": "less", // a stop word in English, a skill in the taxonomy
}

func testCanonical(t string) (string, bool) {
	c, ok := testTaxonomy[t]
	return c, ok
}

// Segmenters shared by the tests: loading jieba takes about a second.
var (
	segPlain = sync.OnceValues(func() (*Segmenter, error) { return New(Options{CacheDir: testCacheDir}) })
	segCanon = sync.OnceValues(func() (*Segmenter, error) {
		return New(Options{CacheDir: testCacheDir, Canonical: testCanonical, CanonicalVersion: "test-taxonomy-1"})
	})
	segHMM = sync.OnceValues(func() (*Segmenter, error) { return New(Options{CacheDir: testCacheDir, HMM: true}) })
)

func mustSeg(tb testing.TB, f func() (*Segmenter, error)) *Segmenter {
	tb.Helper()
	s, err := f()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// doc is one real posting: the company and its description.
type doc struct {
	Source, Company, Text string
}

// tagRE strips the HTML left in exported descriptions (<br /> in every
// LAGOU row); the store holds plain text, HTML removed by pkg/normalize.
var tagRE = regexp.MustCompile(`<[^>]*>`)

// loadTestdata reads the real postings copied into testdata/.
func loadTestdata(tb testing.TB) []doc {
	tb.Helper()
	var docs []doc
	docs = append(docs, readJSONL(tb, "testdata/boss-golang-2021/golang.jsonl", "boss-golang-2021", "company", "desc")...)
	docs = append(docs, readJSONL(tb, "testdata/zhaopin-2020/zl.jsonl", "zhaopin-2020", "name", "job_detail")...)
	docs = append(docs, readJobsCSV(tb, "testdata/jobhunting-2024/jobs-first1200.csv")...)
	return docs
}

func readJSONL(tb testing.TB, path, source, companyField, textField string) []doc {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var docs []doc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		company, _ := m[companyField].(string)
		text, _ := m[textField].(string)
		docs = append(docs, doc{source, company, text})
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return docs
}

func readJobsCSV(tb testing.TB, path string) []doc {
	tb.Helper()
	return readCSV(tb, path, "jobhunting-2024", "公司", "职位描述")
}

func readCSV(tb testing.TB, path, source, companyCol, textCol string) []doc {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	ci, ok1 := col[companyCol]
	ti, ok2 := col[textCol]
	if !ok1 || !ok2 {
		tb.Fatalf("%s: no column %q or %q", path, companyCol, textCol)
	}
	var docs []doc
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, doc{source, row[ci], tagRE.ReplaceAllString(row[ti], "\n")})
	}
	return docs
}

func loadFullCorpus(tb testing.TB, dir string) []doc {
	tb.Helper()
	docs := readJobsCSV(tb, filepath.Join(dir, "jobhunting-2024", "jobs.csv"))
	docs = append(docs, readJSONL(tb, filepath.Join(dir, "boss-golang-2021", "golang.jsonl"), "boss-golang-2021", "company", "desc")...)
	docs = append(docs, readJSONL(tb, filepath.Join(dir, "zhaopin-2020", "zl.jsonl"), "zhaopin-2020", "name", "job_detail")...)
	docs = append(docs, readCSV(tb, filepath.Join(dir, "lagou-2018-content", "Lagou_Data.csv"), "lagou-2018", "companyShortName", "content")...)
	return docs
}
