package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats a file can be read as.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
	FormatJSON  = "json" // one array of objects
)

// record is one row of input: its position for messages, its columns, and
// the original bytes to keep as the posting's Raw.
type record struct {
	line   int // 1-based line (CSV, JSONL) or element number (JSON array)
	fields map[string]string
	raw    []byte
	err    error // the row could not be read; line says where
}

// recordReader yields records until io.EOF. A row that cannot be read comes
// back as a record with err set, so the caller can report it and go on.
type recordReader interface {
	next() (record, error)
	columns() []string // known after the first record (JSON) or the header (CSV)
	unit() string      // "line" or "record", for messages
}

// detectFormat picks the format from the file name, else from the first
// non-blank byte of the content.
func detectFormat(name string, head []byte) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".jsonl"), strings.HasSuffix(lower, ".ndjson"):
		return FormatJSONL
	case strings.HasSuffix(lower, ".csv"), strings.HasSuffix(lower, ".tsv"):
		return FormatCSV
	}
	switch t := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n"); {
	case len(t) > 0 && t[0] == '[':
		return FormatJSON
	case len(t) > 0 && t[0] == '{':
		return FormatJSONL
	}
	return FormatCSV
}

// --- CSV ---

type csvReader struct {
	r      *csv.Reader
	header []string
}

func newCSVReader(r io.Reader, comma rune) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.LazyQuotes = true // real exports carry stray quotes; strict parsing would drop whole files
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("empty file: no header row")
	}
	if err != nil {
		return nil, fmt.Errorf("header row: %w", err)
	}
	seen := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !utf8.ValidString(h) {
			return nil, fmt.Errorf("header row: column %d is not valid UTF-8 (is the file GBK? pass --encoding gbk)", i+1)
		}
		if h == "" {
			h = "column" + strconv.Itoa(i+1)
		}
		if n := seen[h]; n > 0 { // duplicate names stay addressable: name, name#2
			seen[h]++
			h = h + "#" + strconv.Itoa(n+1)
		} else {
			seen[h] = 1
		}
		header[i] = h
	}
	cr.FieldsPerRecord = len(header)
	return &csvReader{r: cr, header: header}, nil
}

func (c *csvReader) columns() []string { return c.header }
func (c *csvReader) unit() string      { return "line" }

func (c *csvReader) next() (record, error) {
	row, err := c.r.Read()
	if err == io.EOF {
		return record{}, io.EOF
	}
	line, _ := c.r.FieldPos(0)
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				return record{line: pe.StartLine, err: fmt.Errorf("has %d fields, the header has %d", len(row), len(c.header))}, nil
			}
			return record{line: pe.StartLine, err: pe.Err}, nil
		}
		return record{}, err
	}
	rec := record{line: line, fields: make(map[string]string, len(row))}
	for i, v := range row {
		rec.fields[c.header[i]] = v
	}
	return rec, nil
}

// --- JSON Lines ---

type jsonlReader struct {
	r    *bufio.Reader
	line int
	cols map[string]bool
}

func newJSONLReader(r io.Reader) *jsonlReader {
	return &jsonlReader{r: bufio.NewReaderSize(r, 1<<20), cols: map[string]bool{}}
}

func (j *jsonlReader) columns() []string { return sortedKeys(j.cols) }
func (j *jsonlReader) unit() string      { return "line" }

func (j *jsonlReader) next() (record, error) {
	for {
		b, err := j.r.ReadBytes('\n')
		if len(b) == 0 && err != nil {
			return record{}, err // io.EOF at the end
		}
		j.line++
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			if err != nil {
				return record{}, err
			}
			continue // blank lines carry nothing
		}
		rec := record{line: j.line, raw: b}
		rec.fields, rec.err = flattenObject(b)
		for k := range rec.fields {
			j.cols[k] = true
		}
		return rec, nil
	}
}

// --- JSON array ---

type jsonArrayReader struct {
	dec  *json.Decoder
	n    int
	cols map[string]bool
}

func newJSONArrayReader(r io.Reader) (*jsonArrayReader, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("not a JSON array: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("not a JSON array: starts with %v", tok)
	}
	return &jsonArrayReader{dec: dec, cols: map[string]bool{}}, nil
}

func (j *jsonArrayReader) columns() []string { return sortedKeys(j.cols) }
func (j *jsonArrayReader) unit() string      { return "record" }

func (j *jsonArrayReader) next() (record, error) {
	if !j.dec.More() {
		return record{}, io.EOF
	}
	j.n++
	var raw json.RawMessage
	if err := j.dec.Decode(&raw); err != nil {
		// The decoder cannot resynchronize inside an array: stop here.
		return record{}, fmt.Errorf("record %d: %w", j.n, err)
	}
	rec := record{line: j.n, raw: raw}
	rec.fields, rec.err = flattenObject(raw)
	for k := range rec.fields {
		j.cols[k] = true
	}
	return rec, nil
}

// flattenObject turns one JSON object into string columns: strings as they
// are, numbers in their original digits (ids must not become 4.321741e+06),
// booleans as true/false, null as "", arrays of scalars joined with ", "
// and anything nested as compact JSON.
func flattenObject(b []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("invalid JSON at byte %d: %v", se.Offset, se)
		}
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value on the line")
	}
	out := make(map[string]string, len(obj))
	for k, v := range obj {
		out[k] = scalarString(v)
	}
	return out, nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			switch e.(type) {
			case map[string]any, []any:
				b, _ := json.Marshal(x)
				return string(b)
			}
			parts = append(parts, scalarString(e))
		}
		return strings.Join(parts, ", ")
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
