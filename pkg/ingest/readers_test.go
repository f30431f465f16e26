package ingest

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// smallLimits make every limit reachable by fuzzed inputs of a few bytes.
var smallLimits = Limits{HeaderBytes: 24, Columns: 4, FieldBytes: 8, RecordBytes: 32, Depth: 3}

// stdCSV reads in with encoding/csv as the importer configured it before it
// had its own reader: LazyQuotes, any number of fields.
type stdRow struct {
	fields []string
	line   int
}

func stdCSV(t *testing.T, in string) []stdRow {
	t.Helper()
	r := csv.NewReader(strings.NewReader(in))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	var rows []stdRow
	for {
		f, err := r.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, stdRow{f, line})
	}
}

// ourCSV reads in with the importer's reader, line ends fixed (no
// detection) so the same bytes can be compared.
func ourCSV(t *testing.T, in string, crMode bool, lim Limits) []csvRow {
	t.Helper()
	c := &csvReader{br: bufio.NewReaderSize(strings.NewReader(in), 16), comma: ',', crMode: crMode, lim: lim}
	var rows []csvRow
	for {
		row, err := c.read(lim.FieldBytes, lim.RecordBytes, lim.Columns)
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

// checkCSV is the reader's contract, for one input: (1) it reads what
// encoding/csv reads — fields and the line each row starts on — but for the
// rows over a limit, which it reads through and marks; (2) the same file
// with lines ending in a lone \r reads the same.
func checkCSV(t *testing.T, in string) {
	want := stdCSV(t, in)
	for _, lim := range []Limits{DefaultLimits(), smallLimits} {
		got := ourCSV(t, in, false, lim)
		if len(got) != len(want) {
			t.Fatalf("%d rows, encoding/csv reads %d\ninput %q\ngot %v\nwant %v", len(got), len(want), in, got, want)
		}
		for i, w := range want {
			g := got[i]
			longest, total := 0, 0
			for _, f := range w.fields {
				longest = max(longest, len(f))
				total += len(f)
			}
			over := longest > lim.FieldBytes || total > lim.RecordBytes || len(w.fields) > lim.Columns
			if g.line != w.line || (g.over != "") != over || (!over && strings.Join(g.fields, "\x00") != strings.Join(w.fields, "\x00")) ||
				(!over && len(g.fields) != len(w.fields)) {
				t.Fatalf("row %d: got %q at line %d (over %q), encoding/csv %q at line %d (over the limits %v)\ninput %q",
					i, g.fields, g.line, g.over, w.fields, w.line, over, in)
			}
		}
	}
	// The same file written by Excel for Mac: every \n a \r.
	if !strings.Contains(in, "\r") {
		cr := strings.ReplaceAll(in, "\n", "\r")
		got := ourCSV(t, cr, true, DefaultLimits())
		if len(got) != len(want) {
			t.Fatalf("CR file: %d rows, want %d\ninput %q", len(got), len(want), cr)
		}
		for i, w := range want {
			if got[i].line != w.line || strings.Join(got[i].fields, "\x00") != strings.Join(w.fields, "\x00") {
				t.Fatalf("CR file row %d: %q at %d, want %q at %d\ninput %q", i, got[i].fields, got[i].line, w.fields, w.line, cr)
			}
		}
	}
}

func TestCSVReaderAgreesWithEncodingCSV(t *testing.T) {
	for _, in := range []string{
		"a,b\n1,2\n",
		"a,b\r\n1,2\r\n",
		"a,b\n\n\n1,2\n\r\n3,4",
		"a,\"b\nc\",d\n\"e\"\"f\",g\n",
		"a\"b,c\n\"d\"e,f\n\"g\" ,h\n",
		"\"abc\r\ndef\"\r\n\"x\r",
		"a\rb,c\r\nd\r",
		"\"unterminated,a\nb",
		"a,b,\n,\n\"\"\n",
		" \"a\",b\n",
		"\"a\"\r",
		"x\n\"\"\"\"\n",
		"a,b\n" + strings.Repeat("x", 40) + ",y\n",
	} {
		checkCSV(t, in)
	}
	// Every real CSV of the corpus, whole.
	for _, f := range []string{"jobhunting-2024/jobs.csv", "lagou-2018-content/Lagou_Data.csv", "lagou-dataanalyst/DataAnalyst.csv"} {
		b, err := os.ReadFile(filepath.Join(corpus, f))
		if err != nil {
			t.Fatal(err)
		}
		checkCSV(t, string(b))
	}
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a,\"b\nc\"\r\n\"x\"\"y\",z", "a\rb\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkCSV(t, in)
	})
}

// TestCSVLineEndDetection: the line ends of a file are those of its header
// line.
func TestCSVLineEndDetection(t *testing.T) {
	for in, want := range map[string]bool{
		"a,b\r1,2\r":      true,
		"a,b\r\n1,2\r\n":  false,
		"a,b\n1\r2,3\n":   false,
		"\"a\nb\",c\rx,y": true, // a line end inside quotes is not the header's
		"a,b":             false,
		"a,b\r":           false, // the end of the file: nothing to tell
	} {
		if got := crLineEnds(bufio.NewReader(strings.NewReader(in)), 64<<10); got != want {
			t.Errorf("crLineEnds(%q) = %v, want %v", in, got, want)
		}
	}
}

// readJSONArray reads every element of in with the importer's reader.
func readJSONArray(t *testing.T, in string, lim Limits) (raws []string, errs []int, notes int, err error) {
	j, err := newJSONArrayReader(bufio.NewReaderSize(strings.NewReader(in), 16), lim)
	if err != nil {
		return nil, nil, 0, err
	}
	last := 0
	for {
		rec, err := j.next()
		if err == io.EOF {
			return raws, errs, notes, nil
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.note != "" {
			notes++
			continue
		}
		if rec.line != last+1 {
			t.Fatalf("record %d after %d", rec.line, last)
		}
		last = rec.line
		switch {
		case rec.raw == nil && rec.err != nil:
			errs = append(errs, rec.line)
			raws = append(raws, "")
		default:
			if len(rec.raw) > lim.RecordBytes {
				t.Fatalf("record %d of %d bytes kept, over the %d-byte limit", rec.line, len(rec.raw), lim.RecordBytes)
			}
			raws = append(raws, string(rec.raw))
		}
	}
}

// checkJSONArray is the array reader's contract: on a valid array it finds
// the elements encoding/json finds, byte for byte; on anything it ends,
// numbers records in order and keeps none over the limits.
func checkJSONArray(t *testing.T, in string) {
	var want []json.RawMessage
	valid := json.Unmarshal([]byte(in), &want) == nil
	got, errs, notes, err := readJSONArray(t, in, DefaultLimits())
	if valid {
		if err != nil || len(errs) > 0 || notes > 0 || len(got) != len(want) {
			t.Fatalf("valid array %q: %d elements (errors %v, notes %d, %v), encoding/json finds %d", in, len(got), errs, notes, err, len(want))
		}
		for i := range want {
			if got[i] != string(want[i]) {
				t.Fatalf("element %d = %q, encoding/json reads %q", i+1, got[i], want[i])
			}
		}
	}
	readJSONArray(t, in, smallLimits)
}

func FuzzJSONArrayReader(f *testing.F) {
	for _, s := range []string{`[{"a":"b"},{"c":[1,{"d":"]"}]}]`, `[1, "x", null]`, `[{"a":"\"]"} {"b":1},]`, `[[[[1]]]]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkJSONArray(t, in)
	})
}

func TestJSONArrayReaderAgreesWithEncodingJSON(t *testing.T) {
	lines := readLines(t, filepath.Join(corpus, "zhaopin-2020/zl.jsonl"))
	checkJSONArray(t, "[\n"+strings.Join(lines, ",")+"]")
	checkJSONArray(t, ` [ {"a" : "x,]}\\\"" , "b":[ {}, [] ,"" ]} , 12.5e3 , true , "s" ] `)
}

func FuzzJSONLReader(f *testing.F) {
	for _, s := range []string{"{\"a\":1}\n\n{\"b\":\"c\"}", "{\"a\":\"" + strings.Repeat("x", 40) + "\"}\n{}\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		j := newJSONLReader(bufio.NewReaderSize(strings.NewReader(in), 16), smallLimits)
		last := 0
		for {
			rec, err := j.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.line <= last || rec.line > strings.Count(in, "\n")+1 {
				t.Fatalf("line %d after %d in a file of %d lines", rec.line, last, strings.Count(in, "\n")+1)
			}
			last = rec.line
			if len(rec.raw) > smallLimits.RecordBytes {
				t.Fatalf("line %d of %d bytes kept", rec.line, len(rec.raw))
			}
			for k, v := range rec.fields {
				if len(v) > smallLimits.FieldBytes || len(rec.fields) > smallLimits.Columns {
					t.Fatalf("line %d: field %q of %d bytes kept", rec.line, k, len(v))
				}
			}
		}
	})
}
