package dedup

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// corpusPath is the full jobhunting-2024 export when the shared corpus sits
// beside the repository; the benchmark falls back to testdata.
var corpusPath = filepath.Join("..", "..", "..", "shared", "corpus", "jobhunting-2024", "jobs.csv")

// synthSource holds the real lines, titles, cities and pay texts synthetic
// postings are made of.
type synthSource struct {
	lines  []string
	titles []string
	cities []string // normalize.City of each real row's city
	pays   []string // normalize.SalaryRange of each real row's pay, "" when none
	from   string
}

var lineBreak = regexp.MustCompile(`(?i)_x000d_|<br\s*/?>|\n|。|；`)

func loadSynthSource(tb testing.TB) *synthSource {
	tb.Helper()
	path, titleCol, descCol, cityCol, loCol, hiCol := corpusPath, "职位", "职位描述", "地区", "最低薪资", "最高薪资"
	f, err := os.Open(path)
	if err != nil {
		path, titleCol, descCol, cityCol, loCol, hiCol = filepath.Join("testdata", "postings.csv"), "title", "description", "city", "salary_min", "salary_max"
		if f, err = os.Open(path); err != nil {
			tb.Fatal(err)
		}
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	ti, di, ci, li, hi := -1, -1, -1, -1, -1
	for i, h := range head {
		switch h {
		case titleCol:
			ti = i
		case descCol:
			di = i
		case cityCol:
			ci = i
		case loCol:
			li = i
		case hiCol:
			hi = i
		}
	}
	if ti < 0 || di < 0 || ci < 0 || li < 0 || hi < 0 {
		tb.Fatalf("%s: no %s, %s, %s, %s or %s column", path, titleCol, descCol, cityCol, loCol, hiCol)
	}
	src := &synthSource{from: path}
	seen := map[string]bool{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		src.titles = append(src.titles, rec[ti])
		if c := normalize.City(rec[ci]); c != "" {
			src.cities = append(src.cities, c)
		}
		src.pays = append(src.pays, normalize.SalaryRange(rec[li], rec[hi], ""))
		for _, l := range lineBreak.Split(rec[di], -1) {
			l = strings.TrimSpace(l)
			// Whole English ads come as one "line"; long lines would make
			// unrelated synthetic ads share paragraphs.
			if n := utf8.RuneCountInString(l); n >= 6 && n <= 120 && !seen[l] {
				seen[l] = true
				src.lines = append(src.lines, l)
			}
		}
	}
	return src
}

// synth makes posting i of a deterministic synthetic stream: fresh ads of
// 6–16 real lines drawn at random from different real ads, with a real
// city and pay, and every dupEvery-th posting a near-duplicate of an
// earlier one (a line dropped, a line added, a few characters cut from a
// line, the title decorated; half of them posted for another city, a
// quarter at a higher pay band that overlaps the first, from its middle
// to 20% above its top): a planted pair.
type synth struct {
	src      *synthSource
	dupEvery int
}

func (s synth) base(i int) (rng *rand.Rand) { return rand.New(rand.NewPCG(uint64(i), 0x5eed)) }

// original returns the index of the ad posting i copies, or -1.
func (s synth) original(i int) int {
	if i < 100 || i%s.dupEvery != 0 {
		return -1
	}
	rng := s.base(i)
	for {
		j := i - 1 - rng.IntN(min(i, 50000))
		if s.original(j) < 0 {
			return j
		}
	}
}

func (s synth) fresh(i int) (string, []string) {
	rng := s.base(i)
	title := s.src.titles[rng.IntN(len(s.src.titles))]
	n := 6 + rng.IntN(11)
	lines := make([]string, n)
	for k := range lines {
		lines[k] = s.src.lines[rng.IntN(len(s.src.lines))]
	}
	return title, lines
}

func (s synth) posting(i int) Posting {
	if j := s.original(i); j >= 0 {
		title, lines := s.fresh(j)
		rng := rand.New(rand.NewPCG(uint64(i), 0xd0b))
		k := rng.IntN(len(lines))
		lines = append(lines[:k], lines[k+1:]...)
		k = rng.IntN(len(lines) + 1)
		lines = append(lines[:k], append([]string{s.src.lines[rng.IntN(len(s.src.lines))]}, lines[k:]...)...)
		if r := []rune(lines[0]); len(r) > 12 {
			cut := 2 + rng.IntN(4)
			at := rng.IntN(len(r) - cut)
			lines[0] = string(r[:at]) + string(r[at+cut:])
		}
		if rng.IntN(2) == 0 {
			title += "（急招）"
		}
		city, pay := s.meta(j)
		if rng.IntN(2) == 0 {
			city = s.src.cities[rng.IntN(len(s.src.cities))]
		}
		if p := parsePay(pay); p.per == perMonth && p.hi < maxPay && rng.IntN(4) == 0 {
			pay = fmt.Sprintf("%.0f-%.0f", (p.lo+p.hi)/2, p.hi*1.2)
		}
		return Posting{ID: int64(i), Title: title, Description: strings.Join(lines, "_x000D_\n"), City: city, Salary: pay}
	}
	title, lines := s.fresh(i)
	city, pay := s.meta(i)
	return Posting{ID: int64(i), Title: title, Description: strings.Join(lines, "<br />\n"), City: city, Salary: pay}
}

// meta returns the city and pay of fresh ad i.
func (s synth) meta(i int) (city, pay string) {
	rng := rand.New(rand.NewPCG(uint64(i), 0xc17))
	return s.src.cities[rng.IntN(len(s.src.cities))], s.src.pays[rng.IntN(len(s.src.pays))]
}

// BenchmarkPass is the whole near-duplicate pass (sketch on all cores,
// band, cluster) over a synthetic stream of a million postings
// (DEDUP_BENCH_N sets another count); run it with -benchtime=1x. It
// reports postings/s, MB/s of text, the clusterer's retained bytes per
// posting after GC, the peak heap (which includes the generator's garbage
// and GOGC headroom), the peak live heap (after a GC at the end of each
// chunk of 65,536 postings: the clusterer plus one chunk's text), and the
// share of planted duplicates found.
func BenchmarkPass(b *testing.B) {
	n := 1_000_000
	if v := os.Getenv("DEDUP_BENCH_N"); v != "" {
		var err error
		if n, err = parseCount(v); err != nil {
			b.Fatalf("DEDUP_BENCH_N=%q: %v", v, err)
		}
	}
	src := loadSynthSource(b)
	b.Logf("synthesizing %d postings from %d real lines, %d titles (%s), GOMAXPROCS %d",
		n, len(src.lines), len(src.titles), src.from, runtime.GOMAXPROCS(0))
	s := synth{src: src, dupEvery: 10}
	const batchSize = 4096
	for range b.N {
		b.StopTimer()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap0, peak, peakLive := ms.HeapAlloc, ms.HeapAlloc, ms.HeapAlloc
		c := NewClusterer(n)
		var textBytes int64
		var busy, cpu time.Duration
		// Postings are synthesized a chunk at a time with the timer stopped;
		// each chunk is then one pipelined pass of Cluster over batches.
		const chunk = 1 << 16
		postings := make([]Posting, 0, chunk)
		for lo := 0; lo < n; lo += chunk {
			postings = postings[:0]
			for i := lo; i < min(lo+chunk, n); i++ {
				p := s.posting(i)
				textBytes += int64(len(p.Title) + len(p.Description))
				postings = append(postings, p)
			}
			rest := postings
			b.StartTimer()
			t0, c0 := time.Now(), cpuTime()
			if _, err := Cluster(context.Background(), c, func() ([]Posting, error) {
				k := min(batchSize, len(rest))
				out := rest[:k]
				rest = rest[k:]
				return out, nil
			}); err != nil {
				b.Fatal(err)
			}
			busy += time.Since(t0)
			cpu += cpuTime() - c0
			b.StopTimer()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peakLive = max(peakLive, ms.HeapAlloc)
		}
		postings = nil
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained := float64(ms.HeapAlloc) - float64(heap0)
		planted, found, falseJoin := 0, 0, 0
		for i := range n {
			ci, _ := c.Cluster(int64(i))
			if j := s.original(i); j >= 0 {
				planted++
				if cj, _ := c.Cluster(int64(j)); cj == ci {
					found++
				}
			} else if ci != int64(i) && s.original(int(ci)) < 0 {
				// a fresh ad joined to an earlier fresh ad that it does not copy
				if j := int(ci); j != i {
					falseJoin++
				}
			}
		}
		runtime.KeepAlive(c)
		st := c.Stats()
		b.ReportMetric(float64(n)/busy.Seconds(), "postings/s")
		b.ReportMetric(float64(textBytes)/busy.Seconds()/1e6, "MB/s")
		b.ReportMetric(retained/float64(n), "B/posting")
		b.ReportMetric(float64(peak-heap0)/1e6, "peak-MB")
		b.ReportMetric(float64(peakLive-heap0)/1e6, "peak-live-MB")
		b.ReportMetric(float64(found)/float64(max(planted, 1)), "planted-recall")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.Logf("n %d, %.1f MB of text, %.1f s busy, %.1f CPU-s; planted %d found %d; fresh ads joined to others %d; comparisons %d, kept apart %d, merges %d, clusters %d",
			n, float64(textBytes)/1e6, busy.Seconds(), cpu.Seconds(), planted, found, falseJoin, st.Comparisons, st.KeptApart, st.Merges, c.Clusters())
	}
}

func parseCount(s string) (int, error) {
	n := 0
	for _, r := range strings.ReplaceAll(s, "_", "") {
		if r < '0' || r > '9' {
			return 0, errors.New("not a positive integer")
		}
		n = n*10 + int(r-'0')
	}
	if n <= 0 {
		return 0, errors.New("not a positive integer")
	}
	return n, nil
}

// BenchmarkSketchOf is one core's sketching speed on real postings.
func BenchmarkSketchOf(b *testing.B) {
	rows := readPostings(b, filepath.Join("testdata", "postings.csv"))
	var ps []Posting
	var size int64
	for _, r := range rows {
		ps = append(ps, Posting{Title: r.title, Description: r.description})
		size += int64(len(r.title) + len(r.description))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		for _, p := range ps {
			_ = SketchOf(p.Title, p.Description)
		}
	}
}

// BenchmarkSketchClassicMinHash is the baseline SketchOf's design is
// measured against: K-permutation MinHash, one hash per shingle per bin,
// over the same normalized shingles and with the same number of bins.
func BenchmarkSketchClassicMinHash(b *testing.B) {
	rows := readPostings(b, filepath.Join("testdata", "postings.csv"))
	var ps []Posting
	var size int64
	for _, r := range rows {
		ps = append(ps, Posting{Title: r.title, Description: r.description})
		size += int64(len(r.title) + len(r.description))
	}
	var seeds [Bins]uint64
	for i := range seeds {
		seeds[i] = mix64(uint64(i) + 1)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		for _, p := range ps {
			var mins [Bins]uint64
			for i := range mins {
				mins[i] = ^uint64(0)
			}
			c := classicSink{mins: &mins, seeds: &seeds}
			normalizeTo(p.Title, &c)
			c.count, c.h = 0, 0
			normalizeTo(p.Description, &c)
		}
	}
}

type classicSink struct {
	ring  [ShingleSize]rune
	count int
	h     uint64
	mins  *[Bins]uint64
	seeds *[Bins]uint64
}

func (c *classicSink) put(r rune) {
	pow := uint64(1)
	for range ShingleSize {
		pow *= rollBase
	}
	slot := c.count % ShingleSize
	c.h = c.h*rollBase + uint64(r)
	if c.count >= ShingleSize {
		c.h -= uint64(c.ring[slot]) * pow
	}
	c.ring[slot] = r
	c.count++
	if c.count < ShingleSize {
		return
	}
	h := mix64(c.h ^ shingleKy)
	for i := range c.mins {
		if v := mix64(h ^ c.seeds[i]); v < c.mins[i] {
			c.mins[i] = v
		}
	}
}

// BenchmarkPlaceOf is the gazetteer scan SketchOf runs on each text, alone.
func BenchmarkPlaceOf(b *testing.B) {
	rows := readPostings(b, filepath.Join("testdata", "postings.csv"))
	var size int64
	for _, r := range rows {
		size += int64(len(r.title) + len(r.description))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		for _, r := range rows {
			_ = placeOf(r.title, r.description)
		}
	}
}
