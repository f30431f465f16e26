package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fixture reads a file of testdata (decompressing .gz).
func fixture(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(rel, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
	}
	return b
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "jobtrend.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// fast are settings for loopback test servers: no politeness delay, short
// backoffs, so fault tests take milliseconds.
func fast() Settings {
	s := DefaultSettings()
	s.Delay, s.Jitter = 0, 0
	s.Backoff = 5 * time.Millisecond
	s.AntibotBackoff = 20 * time.Millisecond
	s.Timeout = 2 * time.Second
	s.MaxWait = 2 * time.Second
	return s
}

func mustRun(t testing.TB, cfg *Config, st any) Summary {
	t.Helper()
	sum, err := Run(context.Background(), cfg, crawlStore(st), Options{})
	if err != nil {
		t.Fatalf("Run: %v (summary %+v)", err, sum.Counters)
	}
	return sum
}

// stored returns every stored posting of source, by source id.
func stored(t testing.TB, st *store.Store, source string) map[string]posting.Posting {
	t.Helper()
	rows, err := st.DB().Query(`SELECT source_id, url, title, company, city, salary, coalesce(posted_at, ''), description, kind
		FROM postings WHERE source = ?`, source)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]posting.Posting{}
	for rows.Next() {
		var p posting.Posting
		var posted, kind string
		if err := rows.Scan(&p.SourceID, &p.URL, &p.Title, &p.Company, &p.City, &p.Salary, &posted, &p.Description, &kind); err != nil {
			t.Fatal(err)
		}
		p.Source, p.Kind = source, posting.Kind(kind)
		if posted != "" {
			p.PostedAt, _ = time.Parse(posting.DateLayout, posted)
		}
		out[p.SourceID] = p
	}
	return out
}

func countRows(t testing.TB, st *store.Store, q string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// goldenHeader names the columns of a golden file: one posting a line,
// tab-separated, the description as its length, a hash and its opening
// (whole descriptions of thousands of posts would make unreadable diffs).
const goldenHeader = "source\tsource_id\turl\ttitle\tcompany\tcity\tsalary\tposted_at\tkind\tdesc_runes\tdesc_sha256\tdesc_head"

func goldenLine(p posting.Posting) string {
	kind := string(p.Kind)
	if kind == string(posting.Job) {
		kind = ""
	}
	var n, hash, head string
	if p.Description != "" {
		sum := sha256.Sum256([]byte(p.Description))
		r := []rune(strings.Join(strings.Fields(p.Description), " "))
		if len(r) > 24 {
			r = r[:24]
		}
		n, hash, head = strconv.Itoa(utf8.RuneCountInString(p.Description)), hex.EncodeToString(sum[:6]), string(r)
	}
	fields := []string{p.Source, p.SourceID, p.URL, p.Title, p.Company, p.City, p.Salary, p.PostedDate(), kind, n, hash, head}
	for i, f := range fields {
		fields[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(f)
	}
	return strings.Join(fields, "\t")
}

// checkGolden compares ps (in source, source id order) with
// testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, ps []posting.Posting) {
	t.Helper()
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Source != ps[j].Source {
			return ps[i].Source < ps[j].Source
		}
		return ps[i].SourceID < ps[j].SourceID
	})
	var b bytes.Buffer
	b.WriteString(goldenHeader + "\n")
	for _, p := range ps {
		b.WriteString(goldenLine(p) + "\n")
	}
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(want, b.Bytes()) {
		got := strings.Split(b.String(), "\n")
		exp := strings.Split(string(want), "\n")
		for i := 0; i < max(len(got), len(exp)); i++ {
			var g, e string
			if i < len(got) {
				g = got[i]
			}
			if i < len(exp) {
				e = exp[i]
			}
			if g != e {
				t.Fatalf("%s differs from the golden file at line %d (%d lines, want %d):\n got: %s\nwant: %s\n(run with -update if the change is intended)",
					name, i+1, len(got), len(exp), g, e)
			}
		}
	}
}

func valuesOf(m map[string]posting.Posting) []posting.Posting {
	out := make([]posting.Posting, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	return out
}

func fixtureAbs(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeClock is a clock for Options.Now and Options.Sleep: sleeping moves
// it forward at once, so tests of delays, back-off and Retry-After take
// no real time and still see every pause the crawler makes. Pauses taken
// by concurrent workers add up; a test that measures the gap between two
// requests to one host is unaffected, because the host's gate lets only one
// of them wait at a time.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration // the sum of every pause
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if d > 0 {
		c.mu.Lock()
		c.now = c.now.Add(d)
		c.slept += d
		c.mu.Unlock()
	}
	return ctx.Err()
}

func (c *fakeClock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

func (c *fakeClock) options() Options { return Options{Now: c.Now, Sleep: c.Sleep} }

// runWith runs cfg with opts and fails the test on an error.
func runWith(t testing.TB, cfg *Config, st any, opts Options) Summary {
	t.Helper()
	sum, err := Run(context.Background(), cfg, crawlStore(st), opts)
	if err != nil {
		t.Fatalf("Run: %v (summary %+v)", err, sum.Counters)
	}
	return sum
}

// crawlStore is the crawler's Store of a test's store: the SQLite store
// through SQLiteStore, any other Store as it is.
func crawlStore(st any) Store {
	switch s := st.(type) {
	case *store.Store:
		return SQLiteStore(s)
	case Store:
		return s
	}
	panic(fmt.Sprintf("crawlStore(%T)", st))
}
