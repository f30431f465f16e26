package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	if out, ok := flatObject(b); ok {
		return out, nil
	}
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

// flatObject is flattenObject for the common record, an object whose values
// are strings, numbers, booleans and nulls: one pass over the bytes where
// encoding/json scans the value once to find its end and again to decode
// it into a map of interfaces (a sixth of a JSON Lines import's CPU). ok is
// false for anything else — a nested value, an escape it leaves to
// encoding/json, invalid UTF-8, or any syntax error — and flattenObject
// then decodes the record as before, with the same result or error.
func flatObject(b []byte) (map[string]string, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	out := make(map[string]string, 12)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return out, skipSpace(b, i+1) == len(b)
	}
	for {
		key, j, ok := flatString(b, i)
		if !ok {
			return nil, false
		}
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipSpace(b, i+1)
		var v string
		switch {
		case i >= len(b):
			return nil, false
		case b[i] == '"':
			v, i, ok = flatString(b, i)
		case b[i] == '-' || '0' <= b[i] && b[i] <= '9':
			v, i, ok = flatNumber(b, i)
		case bytes.HasPrefix(b[i:], []byte("true")):
			v, i = "true", i+4
		case bytes.HasPrefix(b[i:], []byte("false")):
			v, i = "false", i+5
		case bytes.HasPrefix(b[i:], []byte("null")):
			v, i = "", i+4
		default:
			return nil, false // an object or an array
		}
		if !ok {
			return nil, false
		}
		out[key] = v
		i = skipSpace(b, i)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return out, skipSpace(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// flatString reads the JSON string starting at b[i] ('"'). The escapes of
// text (\n, \t, \", \\, \/, \r, \b, \f) are decoded here; a string with
// a \u escape is decoded by encoding/json, which knows the rules of
// surrogate pairs.
func flatString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	start := i + 1
	var buf []byte // the decoded string, once an escape is met
	for j := start; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			if buf != nil {
				buf = append(buf, b[start:j]...)
			} else {
				buf = b[start:j]
			}
			if !utf8.Valid(buf) {
				return "", 0, false // encoding/json replaces the bad bytes: leave it to it
			}
			return string(buf), j + 1, true
		case c == '\\':
			if j+1 >= len(b) {
				return "", 0, false
			}
			e := b[j+1]
			var r byte
			switch e {
			case '"', '\\', '/':
				r = e
			case 'n':
				r = '\n'
			case 't':
				r = '\t'
			case 'r':
				r = '\r'
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			default: // \u, or not an escape
				return unquoteString(b, i)
			}
			if buf == nil {
				// room for the whole string: growing from nothing took
				// several copies of a long description (the rest of the
				// record would be too much for a short string among many)
				buf = make([]byte, 0, rawStringLen(b, start))
			}
			buf = append(append(buf, b[start:j]...), r)
			j++
			start = j + 1
		case c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}

// rawStringLen is the length of the JSON string whose contents start at
// b[start], escapes as written (at least its decoded length), or the rest
// of b when it is not closed.
func rawStringLen(b []byte, start int) int {
	for j := start; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j - start
		}
	}
	return len(b) - start
}

// unquoteString decodes the JSON string starting at b[i] with
// encoding/json.
func unquoteString(b []byte, i int) (string, int, bool) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			var s string
			if json.Unmarshal(b[i:j+1], &s) != nil {
				return "", 0, false
			}
			return s, j + 1, true
		}
	}
	return "", 0, false
}

// flatNumber reads the JSON number starting at b[i], as its digits.
func flatNumber(b []byte, i int) (string, int, bool) {
	j := i
	if b[j] == '-' {
		j++
	}
	digits := func() bool {
		k := j
		for j < len(b) && '0' <= b[j] && b[j] <= '9' {
			j++
		}
		return j > k
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case !digits():
		return "", 0, false
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits() {
			return "", 0, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits() {
			return "", 0, false
		}
	}
	return string(b[i:j]), j, true
}
