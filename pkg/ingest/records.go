package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	// note, when set, is not a row but a warning about the file at this
	// point (a JSON array the file ends inside).
	note string
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
