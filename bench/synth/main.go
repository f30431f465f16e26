// Command synth writes a benchmark corpus of N job postings as JSON Lines,
// synthesized from the real job descriptions of the project's corpus
// (jobhunting-2024, lagou-2018-content, zhaopin-2020, boss-golang-2021):
// the full shared corpus when it is there, the repo's testdata samples
// otherwise, so the bench runs on a clean clone.
//
// Every output posting is a real posting's company, title and year with its
// description's lines rotated (and, once the rotations run out, one line of
// another posting of the same source added), so the text keeps the real
// corpus's words, lengths and mix while no two postings are exact reposts:
// both pipelines of the bench must see N distinct documents. The first
// pass over the real postings (N ≤ real) is the real text unchanged.
//
// The rows carry no source: `crawl import --source bench-generated` names
// it, with the "-generated" suffix that keeps synthetic postings out of
// real statistics unless a report asks for them (--synthetic).
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

type realPosting struct {
	source, title, company, date string
	lines                        []string
}

type outRow struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Company     string `json:"company"`
	PostedAt    string `json:"posted_at"`
	Description string `json:"description"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("synth", flag.ContinueOnError)
	fl.SetOutput(stderr)
	corpus := fl.String("corpus", "", "corpus directory (default: /work/shared/corpus if present, else testdata/corpus)")
	n := fl.Int("n", 10000, "number of postings to write")
	out := fl.String("out", "", "output file (default: stdout)")
	seed := fl.Uint64("seed", 1, "shuffle seed")
	start := fl.Int("start", 0, "number of the first posting: corpora written in parts (-start 0, 1000000, …) with one seed together are one corpus")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *n <= 0 {
		return fmt.Errorf("-n %d: want a positive number", *n)
	}
	dir := *corpus
	if dir == "" {
		dir = "testdata/corpus"
		if _, err := os.Stat("/work/shared/corpus/jobhunting-2024/jobs.csv"); err == nil {
			dir = "/work/shared/corpus"
		}
	}
	base, err := load(dir)
	if err != nil {
		return err
	}
	if len(base) == 0 {
		return fmt.Errorf("%s: no postings with a description", dir)
	}
	if *start < 0 {
		return fmt.Errorf("-start %d: want 0 or more", *start)
	}
	shuffle := rand.New(rand.NewPCG(*seed, 0))
	shuffle.Shuffle(len(base), func(i, j int) { base[i], base[j] = base[j], base[i] })
	// Lines are borrowed from a stream of the part's own, so two parts do
	// not borrow alike.
	r := rand.New(rand.NewPCG(*seed, uint64(*start)+1))
	bySource := map[string][]int{}
	for i, p := range base {
		bySource[p.source] = append(bySource[p.source], i)
	}

	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	seen := make(map[[32]byte]bool, *n)
	var bytes int64
	for i := *start; i < *start+*n; i++ {
		p := base[i%len(base)]
		v := i / len(base)
		lines := rotate(p.lines, v)
		for k := 0; ; k++ {
			if v >= len(p.lines) || k > 0 {
				// Rotations exhausted (or a collision): borrow a line of
				// another posting of the same source.
				peers := bySource[p.source]
				q := base[peers[r.IntN(len(peers))]]
				lines = append(lines, q.lines[r.IntN(len(q.lines))])
			}
			// The store merges exact reposts ignoring case and white
			// space; distinct here means distinct there.
			h := sha256.Sum256([]byte(fold(p.company + "\x00" + p.title + "\x00" + strings.Join(lines, "\n"))))
			if !seen[h] {
				seen[h] = true
				break
			}
			if k > 50 {
				return fmt.Errorf("cannot make posting %d distinct", i)
			}
		}
		row := outRow{ID: fmt.Sprintf("g%07d", i), Title: p.title, Company: p.company, PostedAt: p.date,
			Description: strings.Join(lines, "\n")}
		bytes += int64(len(row.Title) + 1 + len(row.Description))
		if err := enc.Encode(row); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "synth: %d postings, %.1f MB of title+description text, from %d real postings in %s\n",
		*n, float64(bytes)/1e6, len(base), dir)
	return nil
}

func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), "")
}

// rotate returns lines rotated left by v (a fresh slice).
func rotate(lines []string, v int) []string {
	k := v % len(lines)
	out := make([]string, 0, len(lines)+1)
	out = append(out, lines[k:]...)
	return append(out, lines[:k]...)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// descLines reduces a description to its non-empty lines of plain text.
func descLines(s string) []string {
	s = tagRE.ReplaceAllString(s, "\n")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\r", "\n")
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func load(dir string) ([]realPosting, error) {
	var all []realPosting
	add := func(source, title, company, date, desc string) {
		lines := descLines(desc)
		if len(strings.Join(lines, "")) < 20 || company == "" {
			return
		}
		all = append(all, realPosting{source, strings.TrimSpace(title), strings.TrimSpace(company), date, lines})
	}
	err := readCSV(filepath.Join(dir, "jobhunting-2024", "jobs.csv"), func(c map[string]string) {
		add("jobhunting", c["职位"], c["公司"], day(c["首次发布时间"], "2024-01-01"), c["职位描述"])
	})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "lagou-2018-content", "Lagou_Data.csv"), func(c map[string]string) {
		add("lagou", c["positionName"], c["companyShortName"], day(c["createTime"], "2018-01-01"), c["content"])
	})
	if err != nil {
		return nil, err
	}
	err = readJSONL(filepath.Join(dir, "zhaopin-2020", "zl.jsonl"), func(m map[string]string) {
		date := "2020-02-01"
		if t, err := time.Parse("Mon Jan 2 15:04:05 2006", m["crawltime"]); err == nil {
			date = t.Format(time.DateOnly)
		}
		add("zhaopin", m["jobname"], m["name"], date, m["job_detail"])
	})
	if err != nil {
		return nil, err
	}
	err = readJSONL(filepath.Join(dir, "boss-golang-2021", "golang.jsonl"), func(m map[string]string) {
		add("boss", m["name"], m["company"], "2021-03-01", m["desc"])
	})
	return all, err
}

// day keeps the YYYY-MM-DD of a date-time, or returns def.
var dayRE = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})`)

func day(s, def string) string {
	m := dayRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return def
	}
	return fmt.Sprintf("%s-%02s-%02s", m[1], pad(m[2]), pad(m[3]))
}

func pad(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func readCSV(path string, fn func(map[string]string)) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a sample set may lack a file
	}
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: record %d: %w", path, line, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		fn(m)
	}
}

func readJSONL(path string, fn func(map[string]string)) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		var raw map[string]any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		m := make(map[string]string, len(raw))
		for k, v := range raw {
			if s, ok := v.(string); ok {
				m[k] = s
			}
		}
		fn(m)
	}
	return sc.Err()
}
