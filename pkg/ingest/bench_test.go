package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// synthCSV writes n postings built from the real job-hunting sample: real
// titles, companies and descriptions, recombined and given fresh ids, so the
// text has real length and character mix (≈1.3 KB per description).
func synthCSV(tb testing.TB, dir string, n int) (string, int64) {
	tb.Helper()
	f, err := os.Open(filepath.Join(corpus, "jobhunting-2024/jobs.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	rows = rows[1:]
	path := filepath.Join(dir, fmt.Sprintf("synth-%d.csv", n))
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := csv.NewWriter(out)
	w.Write([]string{"id", "source", "title", "company", "city", "salary", "posted_at", "description"})
	for i := 0; i < n; i++ {
		a, b, c := rows[i%len(rows)], rows[(i*7+3)%len(rows)], rows[(i*13+5)%len(rows)]
		w.Write([]string{fmt.Sprint(i), "synthetic", a[3], b[4], c[6], "15-30K",
			fmt.Sprintf("%d-%02d-%02d", 2018+i%7, 1+i%12, 1+i%28), a[10] + "\n" + string([]rune(c[10])[:len([]rune(c[10]))/3])})
	}
	w.Flush()
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	fi, _ := os.Stat(path)
	return path, fi.Size()
}

// synthJSONL writes the rows of synthCSV as JSON Lines, the form bench/run.sh
// imports: the importer then also decodes JSON and keeps (compresses) each
// record as the posting's raw record.
func synthJSONL(tb testing.TB, dir string, n int) (string, int64) {
	tb.Helper()
	csvPath, _ := synthCSV(tb, dir, n)
	f, err := os.Open(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("synth-%d.jsonl", n))
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		if err := enc.Encode(m); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
	fi, _ := os.Stat(path)
	return path, fi.Size()
}

// BenchmarkImport100k measures a bulk import of 100,000 postings from CSV
// into a fresh SQLite store: the whole path (decode, map, HTML clean, hash,
// compress, batched upsert). rows/s is the figure the README quotes.
func BenchmarkImport100k(b *testing.B) { benchImport(b, store.Options{}, store.SessionOptions{}) }

// BenchmarkImport100kTagged is the import as `crawl import` runs it: every
// posting is also tagged with the skill taxonomy as it is stored, and the
// full-text index is left to the first query (DeferSearch).
func BenchmarkImport100kTagged(b *testing.B) {
	benchImport(b, store.Options{Tagger: skill.DefaultTagger(), Indexer: skill.DefaultSearcher()},
		store.SessionOptions{DeferSearch: true})
}

// BenchmarkImport100kIndexed is the import as a crawl writes: tagged and
// full-text indexed as it is stored.
func BenchmarkImport100kIndexed(b *testing.B) {
	benchImport(b, store.Options{Tagger: skill.DefaultTagger(), Indexer: skill.DefaultSearcher()}, store.SessionOptions{})
}

// BenchmarkImport100kJSONL is BenchmarkImport100kTagged from JSON Lines.
func BenchmarkImport100kJSONL(b *testing.B) {
	benchImportFile(b, synthJSONL, store.Options{Tagger: skill.DefaultTagger(), Indexer: skill.DefaultSearcher()},
		store.SessionOptions{DeferSearch: true})
}

func benchImport(b *testing.B, so store.Options, sess store.SessionOptions) {
	benchImportFile(b, synthCSV, so, sess)
}

func benchImportFile(b *testing.B, synth func(testing.TB, string, int) (string, int64), so store.Options, sess store.SessionOptions) {
	const n = 100_000
	path, size := synth(b, b.TempDir(), n)
	b.SetBytes(size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), so)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		res, err := ImportFile(context.Background(), path, s.NewSessionWith(sess), Options{Seen: seen})
		if err != nil {
			b.Fatal(err)
		}
		if res.Stored.New != n {
			b.Fatalf("stored %+v skipped %d %v, want %d new", res.Stored, res.Skipped, firstErr(res), n)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "rows/s")
		// CPU time per row, all threads: what the import costs, whatever
		// the neighbours on a shared machine take of its wall time.
		b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/n, "cpu-µs/row")
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkCSVRead reads 20,000 synthesized rows (real text, 36 MB) with
// the importer's bounded reader and with encoding/csv as the importer used
// it before: the price of the limits and of reading lone-CR line ends. Run
// the pair several times, interleaved, on a shared machine.
func BenchmarkCSVRead(b *testing.B) {
	path, size := synthCSV(b, b.TempDir(), 20_000)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ours", func(b *testing.B) {
		b.SetBytes(size)
		for i := 0; i < b.N; i++ {
			c, err := newCSVReader(bufio.NewReaderSize(bytes.NewReader(data), 64<<10), ',', DefaultLimits())
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				rec, err := c.next()
				if err == io.EOF {
					break
				}
				if err != nil || rec.err != nil {
					b.Fatal(err, rec.err)
				}
				n++
			}
			if n != 20_000 {
				b.Fatalf("%d rows", n)
			}
		}
	})
	b.Run("encoding-csv", func(b *testing.B) {
		b.SetBytes(size)
		for i := 0; i < b.N; i++ {
			r := csv.NewReader(bufio.NewReaderSize(bytes.NewReader(data), 64<<10))
			r.LazyQuotes = true
			header, err := r.Read()
			if err != nil {
				b.Fatal(err)
			}
			r.FieldsPerRecord = len(header)
			n := 0
			for {
				row, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				fields := make(map[string]string, len(row)) // as the importer keeps a record
				for j, v := range row {
					fields[header[j]] = v
				}
				n++
			}
			if n != 20_000 {
				b.Fatalf("%d rows", n)
			}
		}
	})
}
