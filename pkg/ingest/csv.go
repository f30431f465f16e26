package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// csvReader reads CSV the way encoding/csv does with LazyQuotes (stray
// quotes are text, a quoted field may span lines, "" is a quote, \r\n is a
// line end, empty lines are skipped), with three differences the standard
// reader cannot give:
//
//   - bounded memory: a field longer than Limits.FieldBytes or a row longer
//     than Limits.RecordBytes is read through without being kept, and comes
//     back as a row error naming its line;
//   - lines ending in a lone \r (Excel for Mac, classic Mac OS) are read as
//     lines when the header ends that way; encoding/csv reads such a file as
//     one header line and no rows;
//   - the line a row starts on is counted the same way for every row.
type csvReader struct {
	br     *bufio.Reader
	comma  byte
	crMode bool // a lone \r ends a line
	line   int  // lines consumed
	lim    Limits
	header []string

	buf     []byte // the current row's field bytes
	ends    []int  // where each field of buf ends
	nfields int
	field   int    // bytes of the current field
	over    string // why the current row is not kept; "" while it is
}

// csvRow is one row read: its fields, the line it starts on, and why it
// was not kept (over), if it was not.
type csvRow struct {
	fields []string
	line   int
	over   string
}

func newCSVReader(r *bufio.Reader, comma rune, lim Limits) (*csvReader, error) {
	c := &csvReader{br: r, comma: byte(comma), lim: lim}
	c.crMode = crLineEnds(r, lim.HeaderBytes)
	// The header is held to the header limits: no real header is longer,
	// and a refused file's message must not have to quote megabytes.
	row, err := c.read(lim.HeaderBytes, lim.HeaderBytes, lim.Columns)
	if err == io.EOF {
		return nil, errors.New("empty file: no header row")
	}
	if err != nil {
		return nil, fmt.Errorf("header row: %w", err)
	}
	if row.over != "" {
		return nil, fmt.Errorf("header row: %s (is this a CSV file?)", row.over)
	}
	header := row.fields
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
	c.header = header
	return c, nil
}

// crLineEnds says whether the file's first line ends in a lone \r: then
// every line does (a file mixing conventions is read by its first line's).
func crLineEnds(r *bufio.Reader, within int) bool {
	head, _ := r.Peek(min(within+2, r.Size()))
	quoted := false
	for i, b := range head {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			return false
		case b == '\r':
			return i+1 < len(head) && head[i+1] != '\n'
		}
	}
	return false
}

func (c *csvReader) columns() []string { return c.header }
func (c *csvReader) unit() string      { return "line" }

func (c *csvReader) next() (record, error) {
	row, err := c.read(c.lim.FieldBytes, c.lim.RecordBytes, c.lim.Columns)
	if err != nil {
		return record{}, err // io.EOF at the end
	}
	switch {
	case row.over != "":
		return record{line: row.line, err: errors.New(row.over)}, nil
	case len(row.fields) != len(c.header):
		return record{line: row.line, err: fmt.Errorf("has %d fields, the header has %d", len(row.fields), len(c.header))}, nil
	}
	rec := record{line: row.line, fields: make(map[string]string, len(row.fields))}
	for i, v := range row.fields {
		rec.fields[c.header[i]] = v
	}
	return rec, nil
}

// read reads one row. A row over a limit is read to its end but not kept:
// its over says why.
func (c *csvReader) read(maxField, maxRecord, maxFields int) (csvRow, error) {
	// Empty lines are skipped.
	for {
		if _, err := c.br.Peek(1); err != nil {
			return csvRow{}, err
		}
		n := c.lineEnd()
		if n == 0 {
			break
		}
		c.br.Discard(n)
		c.line++
	}
	c.buf, c.ends, c.nfields, c.field, c.over = c.buf[:0], c.ends[:0], 0, 0, ""
	start := c.line + 1
	lim := limits{maxField, maxRecord, maxFields}
	for {
		done, err := c.readField(lim)
		if err != nil {
			return csvRow{}, err
		}
		if done {
			break
		}
	}
	row := csvRow{line: start, over: c.over}
	if row.over == "" {
		s := string(c.buf) // one allocation for the row, as encoding/csv does
		row.fields = make([]string, len(c.ends))
		prev := 0
		for i, e := range c.ends {
			row.fields[i] = s[prev:e]
			prev = e
		}
	}
	// A buffer grown by one long row is not kept for the next.
	if cap(c.buf) > 1<<20 {
		c.buf = nil
	}
	return row, nil
}

type limits struct{ field, record, fields int }

// readField reads one field and its delimiter; done is true at the end of
// the row.
func (c *csvReader) readField(lim limits) (done bool, err error) {
	c.field = 0
	b, err := c.br.Peek(1)
	if err == io.EOF {
		c.endField(lim)
		return true, nil // "a,b," ends with an empty field
	}
	if err != nil {
		return false, err
	}
	if b[0] != '"' {
		return c.readUnquoted(lim)
	}
	c.br.Discard(1)
	for {
		chunk, err := c.chunk()
		if err == io.EOF { // the file ends inside the quotes: the field ends there
			c.endField(lim)
			return true, nil
		}
		if err != nil {
			return false, err
		}
		// Up to the next quote, or the next \r (rare, and read by its
		// neighbours): text, line feeds counted.
		seg, stop := chunk, byte(0)
		if i := bytes.IndexByte(seg, '"'); i >= 0 {
			seg, stop = seg[:i], '"'
		}
		if i := bytes.IndexByte(seg, '\r'); i >= 0 {
			seg, stop = seg[:i], '\r'
		}
		c.line += bytes.Count(seg, newline)
		c.add(seg, lim)
		c.br.Discard(len(seg))
		switch stop {
		case '\r':
			c.quotedCR(lim)
		case '"':
			c.br.Discard(1)
			next, err := c.br.Peek(1)
			switch {
			case err == io.EOF:
				c.endField(lim)
				return true, nil
			case err != nil:
				return false, err
			case next[0] == '"': // "" is a quote
				c.add(quoteChar, lim)
				c.br.Discard(1)
			case next[0] == c.comma:
				c.br.Discard(1)
				c.endField(lim)
				return false, nil
			case c.lineEnd() > 0:
				c.br.Discard(c.lineEnd())
				c.line++
				c.endField(lim)
				return true, nil
			default: // a stray quote is text
				c.add(quoteChar, lim)
			}
		}
	}
}

var (
	newline   = []byte{'\n'}
	quoteChar = []byte{'"'}
	cr        = []byte{'\r'}
)

// quotedCR handles a \r inside quotes: \r\n is a line feed, as is a lone
// \r in a file whose lines end that way; otherwise a \r before the end of
// the file is dropped (as encoding/csv does), and any other \r is text.
func (c *csvReader) quotedCR(lim limits) {
	next, err := c.br.Peek(2)
	switch {
	case len(next) == 2 && next[1] == '\n':
		c.add(newline, lim)
		c.br.Discard(2)
		c.line++
	case c.crMode:
		c.add(newline, lim)
		c.br.Discard(1)
		c.line++
	case err == io.EOF && len(next) == 1:
		c.br.Discard(1)
	default:
		c.add(cr, lim)
		c.br.Discard(1)
	}
}

func (c *csvReader) readUnquoted(lim limits) (done bool, err error) {
	for {
		chunk, err := c.chunk()
		if err == io.EOF {
			c.endField(lim)
			return true, nil
		}
		if err != nil {
			return false, err
		}
		i := -1
		for k, b := range chunk {
			if b == c.comma || b == '\n' || b == '\r' {
				i = k
				break
			}
		}
		if i < 0 {
			c.add(chunk, lim)
			c.br.Discard(len(chunk))
			continue
		}
		c.add(chunk[:i], lim)
		c.br.Discard(i)
		switch {
		case chunk[i] == c.comma:
			c.br.Discard(1)
			c.endField(lim)
			return false, nil
		case c.lineEnd() > 0:
			c.br.Discard(c.lineEnd())
			c.line++
			c.endField(lim)
			return true, nil
		default: // a \r that does not end the line is text
			c.add(cr, lim)
			c.br.Discard(1)
		}
	}
}

// lineEnd is the length of the line end at the reader's position: \n, \r\n,
// a \r before the end of the file, or a lone \r in a file whose lines end
// that way; 0 when there is none.
func (c *csvReader) lineEnd() int {
	b, err := c.br.Peek(2)
	switch {
	case len(b) == 0:
		return 0
	case b[0] == '\n':
		return 1
	case b[0] != '\r':
		return 0
	case len(b) == 2 && b[1] == '\n':
		return 2
	case c.crMode || (len(b) == 1 && err == io.EOF):
		return 1
	}
	return 0
}

// chunk returns the bytes buffered at the reader's position, at least one
// unless the input has ended.
func (c *csvReader) chunk() ([]byte, error) {
	if c.br.Buffered() == 0 {
		if _, err := c.br.Peek(1); err != nil {
			return nil, err
		}
	}
	return c.br.Peek(c.br.Buffered())
}

// add appends field bytes, unless the row is over a limit already or b
// takes it over one.
func (c *csvReader) add(b []byte, lim limits) {
	c.field += len(b)
	if c.over != "" {
		return
	}
	switch {
	case c.field > lim.field:
		c.over = fmt.Sprintf("field %d is longer than %s", c.nfields+1, size(lim.field))
	case len(c.buf)+len(b) > lim.record:
		c.over = fmt.Sprintf("the row is longer than %s", size(lim.record))
	default:
		c.buf = appendGrow(c.buf, b, lim.record)
		return
	}
	c.buf, c.ends = c.buf[:0], c.ends[:0]
}

func (c *csvReader) endField(lim limits) {
	c.nfields++
	switch {
	case c.over != "":
	case c.nfields > lim.fields:
		c.over = fmt.Sprintf("has more than %d fields", lim.fields)
		c.buf, c.ends = c.buf[:0], c.ends[:0]
	default:
		c.ends = append(c.ends, len(c.buf))
	}
}
