package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// --- JSON Lines ---

// jsonlReader reads one JSON object per line. A line longer than
// Limits.RecordBytes is read through without being kept.
type jsonlReader struct {
	br   *bufio.Reader
	line int
	lim  Limits
	buf  []byte
}

func newJSONLReader(r *bufio.Reader, lim Limits) *jsonlReader {
	return &jsonlReader{br: r, lim: lim}
}

func (j *jsonlReader) columns() []string { return nil } // from the first record
func (j *jsonlReader) unit() string      { return "line" }

func (j *jsonlReader) next() (record, error) {
	for {
		b, over, err := j.readLine()
		if len(b) == 0 && !over && err != nil {
			return record{}, err // io.EOF at the end
		}
		j.line++
		if over {
			return record{line: j.line, err: fmt.Errorf("the line is longer than %s", size(j.lim.RecordBytes))}, nil
		}
		b = bytes.TrimSpace(b)
		if len(b) == 0 {
			if err != nil {
				return record{}, err
			}
			continue // blank lines carry nothing
		}
		rec := record{line: j.line, raw: bytes.Clone(b)}
		rec.fields, rec.err = decodeRecord(rec.raw, j.lim)
		return rec, nil
	}
}

// readLine reads up to and including the next \n, keeping at most
// Limits.RecordBytes of it; over says it was longer.
func (j *jsonlReader) readLine() (line []byte, over bool, err error) {
	if cap(j.buf) > 1<<20 { // not kept from one long line for every later one
		j.buf = nil
	}
	j.buf = j.buf[:0]
	for {
		chunk, err := j.br.ReadSlice('\n')
		if !over {
			if len(j.buf)+len(chunk) > j.lim.RecordBytes {
				over, j.buf = true, j.buf[:0]
			} else {
				j.buf = appendGrow(j.buf, chunk, j.lim.RecordBytes)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return j.buf, over, err
	}
}

// --- JSON array ---

// jsonArrayReader reads the elements of one JSON array. It finds where each
// element ends by scanning strings and brackets itself, so that an element
// it cannot use — broken, nested deeper than Limits.Depth, longer than
// Limits.RecordBytes — is skipped with its record number and the rest of
// the array is still read. (encoding/json's Decoder cannot resume inside an
// array after an error, and reads an element whole before judging it.)
type jsonArrayReader struct {
	br   *bufio.Reader
	n    int
	lim  Limits
	buf  []byte
	done bool
}

func newJSONArrayReader(r *bufio.Reader, lim Limits) (*jsonArrayReader, error) {
	j := &jsonArrayReader{br: r, lim: lim}
	b, err := j.peekNonSpace()
	if err == io.EOF {
		return nil, errors.New("empty file")
	}
	if err != nil {
		return nil, err
	}
	if b != '[' {
		head, _ := r.Peek(min(r.Buffered(), 40))
		return nil, fmt.Errorf("not a JSON array: starts with %s", quote(string(head)))
	}
	r.Discard(1)
	return j, nil
}

func (j *jsonArrayReader) columns() []string { return nil } // from the first record
func (j *jsonArrayReader) unit() string      { return "record" }

// peekNonSpace skips white space and returns the next byte, unread.
func (j *jsonArrayReader) peekNonSpace() (byte, error) {
	for {
		b, err := j.br.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			j.br.Discard(1)
		default:
			return b[0], nil
		}
	}
}

func (j *jsonArrayReader) next() (record, error) {
	if j.done {
		return record{}, io.EOF
	}
	b, err := j.peekNonSpace()
	if j.n > 0 && err == nil && b == ',' {
		j.br.Discard(1)
		b, err = j.peekNonSpace()
	}
	switch {
	case err == io.EOF:
		j.done = true
		return record{line: j.n, note: fmt.Sprintf("the file ends inside the JSON array, after record %d: it may be cut short", j.n)}, nil
	case err != nil:
		return record{}, err
	case b == ']': // the end (after a trailing comma too: nothing is lost)
		j.done = true
		return record{}, io.EOF
	}
	j.n++
	raw, over, err := j.element()
	if err != nil {
		return record{}, err
	}
	if over != "" {
		return record{line: j.n, err: errors.New(over)}, nil
	}
	rec := record{line: j.n, raw: raw}
	rec.fields, rec.err = decodeRecord(raw, j.lim)
	return rec, nil
}

// element reads one element: up to the comma or bracket that follows it at
// depth 0, or the end of the file. An element over a limit is read to its
// end without being kept, and over says why.
func (j *jsonArrayReader) element() (raw []byte, over string, err error) {
	if cap(j.buf) > 1<<20 {
		j.buf = nil
	}
	j.buf = j.buf[:0]
	var (
		depth, total  int
		inString, esc bool
		end           bool
		started       bool // a value began: white space no longer leads
	)
	for !end {
		chunk, err := bufferedChunk(j.br)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		n := 0
	scan:
		for ; n < len(chunk); n++ {
			c := chunk[n]
			if inString {
				switch {
				case esc:
					esc = false
				case c == '\\':
					esc = true
				case c == '"':
					inString = false
					if depth == 0 {
						n++
						end = true
						break scan
					}
				}
				continue
			}
			switch c {
			case '"':
				inString, started = true, true
			case '{', '[':
				depth++
				started = true
				if depth > j.lim.Depth && over == "" {
					over = fmt.Sprintf("is nested deeper than %d levels", j.lim.Depth)
				}
			case '}', ']':
				if depth == 0 { // the array's own bracket, or a stray one
					if total+n == 0 { // a stray one where an element should be: it is the (broken) element
						n++
					}
					end = true
					break scan
				}
				depth--
				if depth == 0 {
					n++
					end = true
					break scan
				}
			case ',':
				if depth == 0 {
					if total+n == 0 { // an element is missing: the comma stands for it
						n++
					}
					end = true
					break scan
				}
			case ' ', '\t', '\r', '\n':
				if depth == 0 && started { // a number, true, false or null ended
					end = true
					break scan
				}
			default:
				started = true
			}
		}
		total += n
		if over == "" && total > j.lim.RecordBytes {
			over = fmt.Sprintf("is longer than %s", size(j.lim.RecordBytes))
		}
		if over == "" {
			j.buf = appendGrow(j.buf, chunk[:n], j.lim.RecordBytes)
		} else {
			j.buf = j.buf[:0]
		}
		j.br.Discard(n)
	}
	if over != "" {
		return nil, over, nil
	}
	return bytes.Clone(bytes.TrimSpace(j.buf)), "", nil
}

// bufferedChunk returns the bytes buffered at r's position, at least one
// unless the input has ended.
func bufferedChunk(r *bufio.Reader) ([]byte, error) {
	if r.Buffered() == 0 {
		if _, err := r.Peek(1); err != nil {
			return nil, err
		}
	}
	return r.Peek(r.Buffered())
}

// decodeRecord turns one JSON object into columns and holds it to the
// limits of one record.
func decodeRecord(b []byte, lim Limits) (map[string]string, error) {
	if len(b) == 0 {
		return nil, errors.New("is empty")
	}
	fields, err := flattenObject(b)
	if err != nil {
		return nil, err
	}
	if len(fields) > lim.Columns {
		return nil, fmt.Errorf("has %d keys, more than %d", len(fields), lim.Columns)
	}
	keys := 0
	for k, v := range fields {
		keys += len(k)
		if len(v) > lim.FieldBytes {
			return nil, fmt.Errorf("field %s is longer than %s", clean(k), size(lim.FieldBytes))
		}
	}
	if keys > lim.HeaderBytes {
		return nil, fmt.Errorf("its keys are longer than %s together", size(lim.HeaderBytes))
	}
	return fields, nil
}
