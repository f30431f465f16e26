package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// streamReader produces parts in order, each repeated n times, without
// holding more than one part; it counts the bytes it gave.
type streamReader struct {
	parts []streamPart
	off   int // offset in the current repetition
	read  atomic.Int64
}

type streamPart struct {
	s string
	n int
}

// stream builds a streamReader from (string, repetitions) pairs.
func stream(pairs ...any) *streamReader {
	r := &streamReader{}
	for i := 0; i < len(pairs); i += 2 {
		r.parts = append(r.parts, streamPart{s: pairs[i].(string), n: pairs[i+1].(int)})
	}
	return r
}

func (r *streamReader) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 && len(r.parts) > 0 {
		part := &r.parts[0]
		if part.n == 0 || part.s == "" {
			r.parts, r.off = r.parts[1:], 0
			continue
		}
		n := copy(p, part.s[r.off:])
		if r.off += n; r.off == len(part.s) {
			r.off = 0
			part.n--
		}
		p = p[n:]
		total += n
	}
	r.read.Add(int64(total))
	if total == 0 {
		return 0, io.EOF
	}
	return total, nil
}

// allocatedDuring returns the bytes allocated while fn ran.
func allocatedDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// hugeSize is the size of the hostile fields: 200 MB, the attack as
// reported, or 64 MB under -short.
func hugeSize() int {
	if testing.Short() {
		return 64 << 20
	}
	return 200 << 20
}

// TestHugeFieldIsSkippedInBoundedMemory: a field of hundreds of megabytes
// is read through and refused without being held: the import allocates a
// small fraction of it (before the limits it allocated 20–27 times it),
// names its line, and stores the rows around it.
func TestHugeFieldIsSkippedInBoundedMemory(t *testing.T) {
	huge := hugeSize()
	chunk := strings.Repeat("熟悉Go语言，", 1<<12) // 64 KB of real-looking text
	reps := huge / len(chunk)
	tests := []struct {
		name, file string
		input      func() *streamReader
		wantErr    string
		wantLine   int
	}{
		{"CSV quoted field", "huge.csv", func() *streamReader {
			return stream("title,description\nGo,ok\nJava,\"", 1, chunk, reps, "\"\nRust,ok\n", 1)
		}, "field 2 is longer than 1 MB", 3},
		{"CSV unquoted field", "huge.csv", func() *streamReader {
			return stream("title,description\nGo,ok\nJava,", 1, chunk, reps, "\nRust,ok\n", 1)
		}, "field 2 is longer than 1 MB", 3},
		{"CSV row of many fields", "huge.csv", func() *streamReader {
			return stream("title,description\nGo,ok\nJava,", 1, ","+strings.Repeat("x", 1<<19), huge/(1<<19), "\nRust,ok\n", 1)
		}, "the row is longer than 16 MB", 3},
		{"JSON Lines", "huge.jsonl", func() *streamReader {
			return stream(`{"title":"Go"}`+"\n"+`{"title":"Java","description":"`, 1, chunk, reps, `"}`+"\n"+`{"title":"Rust"}`+"\n", 1)
		}, "the line is longer than 16 MB", 2},
		{"JSON array", "huge.json", func() *streamReader {
			return stream(`[{"title":"Go"},{"title":"Java","description":"`, 1, chunk, reps, `"},{"title":"Rust"}]`, 1)
		}, "is longer than 16 MB", 2},
		{"JSON field", "field.jsonl", func() *streamReader {
			return stream(`{"title":"Go"}`+"\n"+`{"title":"Java","description":"`, 1, chunk, (2<<20)/len(chunk), `"}`+"\n"+`{"title":"Rust"}`+"\n", 1)
		}, `field description is longer than 1 MB`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.input()
			sink := &memSink{}
			var res *Result
			var err error
			alloc := allocatedDuring(func() {
				res, err = Import(context.Background(), tt.file, r, sink, Options{Seen: seen})
			})
			if err != nil {
				t.Fatal(err)
			}
			if r.read.Load() < int64(huge)/2 && !strings.Contains(tt.name, "JSON field") {
				t.Fatalf("read %d bytes of a %d-byte input", r.read.Load(), huge)
			}
			if len(res.Errors) != 1 || res.Errors[0].Line != tt.wantLine || !strings.Contains(res.Errors[0].Error(), tt.wantErr) {
				t.Fatalf("errors %v, want one at %d saying %q", res.Errors, tt.wantLine, tt.wantErr)
			}
			var titles []string
			for _, p := range sink.ps {
				titles = append(titles, p.Title)
			}
			if strings.Join(titles, ",") != "Go,Rust" {
				t.Errorf("stored %v, want Go and Rust", titles)
			}
			// The limits keep at most a 16 MB record, grown by doubling
			// (32 MB allocated in all); the hostile field itself is never
			// kept.
			if limit := uint64(48 << 20); alloc > limit {
				t.Errorf("allocated %d MB reading a %d MB field, want under %d MB", alloc>>20, r.read.Load()>>20, limit>>20)
			}
			t.Logf("%s: read %d MB, allocated %.1f MB", tt.name, r.read.Load()>>20, float64(alloc)/(1<<20))
		})
	}
}

// TestRefusedHeadersAreNotEchoed: a header over the limits is refused with
// a short message, not quoted whole.
func TestRefusedHeadersAreNotEchoed(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"long header", strings.Repeat("x", 100<<10) + ",title\nGo,Go\n", "header row: field 1 is longer than 64 KB"},
		{"wide header", strings.Repeat("c,", 1500) + "title\n", "header row: has more than 1000 fields"},
		{"long header line", "title," + strings.Repeat("\x1b]52;c;", 20000) + "\n", "header row: field 2 is longer than 64 KB"},
	}
	for _, tt := range tests {
		_, err := Import(context.Background(), "h.csv", strings.NewReader(tt.content), &memSink{}, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || len(err.Error()) > 200 {
			t.Errorf("%s: err = %.300v, want a short one saying %q", tt.name, err, tt.want)
		}
	}
}

// hostile is text that takes over a terminal: it retitles the window (OSC
// 0 … BEL), clears the screen (CSI 2 J), writes the clipboard (OSC 52) and
// reverses the text direction (U+202E).
const hostile = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07\u202e\x9b31m"

// TestMessagesNeverCarryControlCharacters: every message that quotes a
// file — refusals, skipped rows, warnings — escapes control characters and
// cuts long quotes.
func TestMessagesNeverCarryControlCharacters(t *testing.T) {
	long := strings.Repeat("长", 5000)
	files := []struct{ name, content string }{
		{"cols" + hostile + ".csv", "公司" + hostile + ",城市\n字节,北京\n"},
		{"map.csv", "title\nGo\n"},
		{"dates.csv", "title,date,first_seen\nGo,2023" + hostile + ",\nRust,05-01" + hostile + ",x" + hostile + "\nC," + long + ",\n"},
		{"bad.jsonl", `{"title": "Go", "date": "` + `\u001b]0;x\u0007` + `"}` + "\n" + hostile + "\n[1]\n"},
		{"zl.jsonl", `{"jobname":"Go","joburl":"` + `\u001b]52;c;x\u0007` + long + `","job_detail":"x"}` + "\n"},
		{"hn.jsonl", `{"month":"\u001b[2J","id":"1","url":"u","full_html":"Go"}` + "\n"},
		{"arr.json", hostile + "[]"},
		{"arr2.json", `[{"title":"Go"},` + hostile + `]`},
		{"gbk.csv", "title," + hostile + "\xff\xfe\n"},
		{"nulls.csv", "title\x00\x1b,x\n" + hostile + ",\x1b[31m\n"},
	}
	for _, f := range files {
		opts := Options{Map: map[string]string{}}
		if f.name == "map.csv" {
			opts.Map["职位"+hostile] = FTitle
		}
		if f.name == "gbk.csv" {
			opts.Encoding = EncUTF8
		}
		res, err := Import(context.Background(), f.name, strings.NewReader(f.content), &memSink{}, opts)
		var msgs []string
		if err != nil {
			msgs = append(msgs, err.Error())
		}
		if res != nil {
			for _, e := range res.Errors {
				msgs = append(msgs, e.Error())
			}
			msgs = append(msgs, res.Notes...)
		}
		if len(msgs) == 0 {
			t.Errorf("%q: no message at all", f.name)
		}
		for _, m := range msgs {
			if i := strings.IndexFunc(m, func(r rune) bool {
				return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == '\u202e'
			}); i >= 0 {
				t.Errorf("%q: message carries %q: %q", f.name, m[i:i+1], m)
			}
			if len(m) > 600 {
				t.Errorf("%q: message of %d bytes: %.200q…", f.name, len(m), m)
			}
		}
	}
}

// TestCROnlyLineEnds: Excel for Mac writes lines that end in a lone \r;
// encoding/csv reads such a file as one header line and no rows.
func TestCROnlyLineEnds(t *testing.T) {
	content := "职位名称,公司名称,职位描述\r" +
		"Go 开发,字节跳动,\"熟悉 Go\r3 年经验\"\r" +
		"Java 开发,阿里巴巴,Spring\r" +
		"\r" + // an empty line is skipped
		"Rust 开发,PingCAP,TiKV\r"
	sink := &memSink{}
	res, err := Import(context.Background(), "mac.csv", strings.NewReader(content), sink, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 3 || len(sink.ps) != 3 || res.Skipped != 0 {
		t.Fatalf("rows %d, stored %d, skipped %d (%v)", res.Rows, len(sink.ps), res.Skipped, res.Errors)
	}
	if p := sink.ps[0]; p.Company != "字节跳动" || p.Description != "熟悉 Go\n3 年经验" {
		t.Errorf("first row: %q %q", p.Company, p.Description)
	}
	if p := sink.ps[2]; p.Title != "Rust 开发" || p.Description != "TiKV" {
		t.Errorf("last row: %q %q", p.Title, p.Description)
	}

	// A ragged row is reported at its own line.
	res, err = Import(context.Background(), "mac.csv", strings.NewReader("title,company\rGo,A\rJava\rRust,B\r"), &memSink{}, Options{})
	if err != nil || len(res.Errors) != 1 || res.Errors[0].Line != 3 {
		t.Errorf("ragged CR row: %v %v", err, res.Errors)
	}
}

// TestDeepJSONElementIsSkipped: one element of a JSON array nested deeper
// than 10,000 levels used to stop the import there (the rest of the file
// dropped, the file called refused, and every rerun stopping at the same
// place). It is skipped, named by its record number, and the rest is read.
func TestDeepJSONElementIsSkipped(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[")
	for i := 1; i <= 4200; i++ {
		if i > 1 {
			b.WriteString(",\n")
		}
		if i == 4001 {
			b.WriteString(`{"title": "deep", "x": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`)
			continue
		}
		fmt.Fprintf(&b, `{"id": "%d", "title": "Go 开发 %d", "company": "c%d"}`, i, i, i%50)
	}
	b.WriteString("]")
	path := writeFile(t, t.TempDir(), "deep.json", b.String())
	s := openStore(t)
	for run := 0; run < 2; run++ {
		res, err := ImportFile(context.Background(), path, s.NewSession(), Options{})
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if res.Rows != 4200 || res.Skipped != 1 || res.Errors[0].Line != 4001 ||
			!strings.Contains(res.Errors[0].Error(), "deep.json record 4001: is nested deeper than 10000 levels") {
			t.Fatalf("run %d: rows %d, skipped %d, %v", run, res.Rows, res.Skipped, res.Errors)
		}
		want := 4199
		if run == 1 {
			if res.Stored.Unchanged != want {
				t.Errorf("rerun: %+v, want %d unchanged", res.Stored, want)
			}
		} else if res.Stored.New != want {
			t.Errorf("first run: %+v, want %d new", res.Stored, want)
		}
	}
}

// TestJSONArraySyntax: the array reader finds elements the way a JSON
// parser does — brackets and commas inside strings, escaped quotes, white
// space, numbers — and survives what is not quite JSON.
func TestJSONArraySyntax(t *testing.T) {
	tests := []struct {
		in      string
		titles  string
		skipped []int
		note    bool
	}{
		{`[{"title":"a,]}[{"},{"title":"b\"],"} , {"title":"c"}]`, `a,]}[{|b"],|c`, nil, false},
		{`[ {"title":"a"} , 1 , "x", null, [1,2], {"title":"b"} ]`, `a|b`, []int{2, 3, 4, 5}, false},
		{`[{"title":"a"} {"title":"b"}]`, `a|b`, nil, false}, // a missing comma
		{`[{"title":"a"},]`, `a`, nil, false},                // a trailing comma
		{`[{"title":"a"},,{"title":"b"}]`, `a|b`, []int{2}, false},
		{`[{"title":"a"}, }, {"title":"b"}]`, `a|b`, []int{2}, false},
		{`[{"title":"a"}, {"title":"b"`, `a`, []int{2}, true}, // cut short
		{`[{"title":"a"}`, `a`, nil, true},
	}
	for _, tt := range tests {
		sink := &memSink{}
		res, err := Import(context.Background(), "a.json", strings.NewReader(tt.in), sink, Options{})
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		var titles []string
		for _, p := range sink.ps {
			titles = append(titles, p.Title)
		}
		var lines []int
		for _, e := range res.Errors {
			lines = append(lines, e.Line)
		}
		if strings.Join(titles, "|") != tt.titles || !equalInts(lines, tt.skipped) || (res.Warnings > 0) != tt.note {
			t.Errorf("%s: titles %q, skipped %v, notes %v; want %q, %v, note %v", tt.in, titles, res.Errors, res.Notes,
				tt.titles, tt.skipped, tt.note)
		}
	}
}

// TestNonRegularFilesAreRefused: opening a named pipe that nobody writes
// to blocked `crawl import` forever, past SIGINT and SIGTERM; a device
// never ends. Both are refused at once.
func TestNonRegularFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "jobs.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for _, tt := range []struct{ path, want string }{
		{fifo, "is a named pipe"},
		{os.DevNull, "is a device"},
		{dir, "is a directory"},
	} {
		done := make(chan error, 1)
		go func() {
			_, err := ImportFile(context.Background(), tt.path, &memSink{}, Options{})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("%s: err = %v, want one naming it and saying %q", tt.path, err, tt.want)
			}
		case <-time.After(10 * time.Second):
			// Unblock the open so the test can end.
			if f, err := os.OpenFile(tt.path, os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			t.Fatalf("%s: import still blocked after 10 s", tt.path)
		}
	}
}

// TestFilesThatAreNotTextAreNamed: the store itself, an archive, a
// program or UTF-16 text given to import is refused with what it is, not
// with a mapping error over columns of binary noise; a stray NUL in a CSV
// is still read.
func TestFilesThatAreNotTextAreNamed(t *testing.T) {
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	program, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, content, want string }{
		{"jobtrend.db", "SQLite format 3\x00" + strings.Repeat("\x00", 84), "is an SQLite database"},
		{"jobs.csv.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip-compressed"},
		{"jobs.xlsx", "PK\x03\x04\x14\x00\x06\x00", "ZIP archive"},
		{"u16.csv", "\xff\xfet\x00i\x00t\x00l\x00e\x00\n\x00", "UTF-16"},
		{"jobs.csv", string(program[:64<<10]), "binary data"},
	} {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ImportFile(context.Background(), path, &memSink{}, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.name) {
			t.Errorf("%s: err = %v, want one naming it and saying %q", tt.name, err, tt.want)
		}
	}
	path := filepath.Join(dir, "stray.csv")
	os.WriteFile(path, []byte("title,description\nGo 开发,熟悉 Go\x00 与 MySQL\n"), 0o644)
	if res, err := ImportFile(context.Background(), path, &memSink{}, Options{}); err != nil || res.Rows != 1 {
		t.Errorf("a CSV with a stray NUL: %v, %+v", err, res)
	}
}

// TestInterruptStopsInsideAField: an interrupt ends an import inside one
// long field, not after it.
func TestInterruptStopsInsideAField(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := stream("title,description\nGo,\"", 1, strings.Repeat("x", 1<<16), 1<<14, "\"\n", 1) // 1 GB
	go func() {
		for {
			time.Sleep(5 * time.Millisecond)
			if r.read.Load() > 8<<20 {
				cancel()
				return
			}
		}
	}()
	_, err := Import(ctx, "x.csv", r, &memSink{}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if r.read.Load() > 512<<20 {
		t.Errorf("read %d MB after the interrupt", r.read.Load()>>20)
	}
}

// failingSink fails every batch with an error naming a posting by its id,
// as a store does.
type failingSink struct{ memSink }

func (f *failingSink) UpsertBatch(_ context.Context, ps []posting.Posting) (store.Counts, error) {
	return store.Counts{}, fmt.Errorf("upsert: %s/%s: disk I/O error", ps[0].Source, ps[0].SourceID)
}

// TestSinkErrorsAreEscaped: an error of the store that quotes an id from
// the file is escaped too, and still unwraps.
func TestSinkErrorsAreEscaped(t *testing.T) {
	_, err := Import(context.Background(), "x.jsonl", strings.NewReader(`{"id":"`+`\u001b]52;c;eA==\u0007`+`","title":"Go"}`+"\n"),
		&failingSink{}, Options{})
	if err == nil || !strings.Contains(err.Error(), `\x1b]52;c;eA==\a: disk I/O error`) || strings.ContainsAny(err.Error(), "\x1b\x07") {
		t.Errorf("err = %q", err)
	}
}
