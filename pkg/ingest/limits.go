package ingest

import "fmt"

// Limits bound what one file may make the importer hold in memory. Real
// datasets stay far below them (in the whole corpus the longest field is
// 32 KB, a "谁在招人" post, and the widest header 33 columns); a file beyond
// them is hostile or not what it claims to be, and without them a single
// 200 MB field cost twenty times its size before it was stored, and then
// every report had to segment it.
type Limits struct {
	HeaderBytes int // a CSV header row, or the keys of one JSON record together
	Columns     int // columns of a CSV header, keys of a JSON record
	FieldBytes  int // one field (after decoding to UTF-8): a longer row is skipped
	RecordBytes int // one CSV row, JSONL line or JSON array element: a longer one is skipped
	Depth       int // nesting of a JSON record: a deeper one is skipped
}

// DefaultLimits are the limits of `crawl import`.
func DefaultLimits() Limits {
	return Limits{
		HeaderBytes: 64 << 10,
		Columns:     1000,
		FieldBytes:  1 << 20,
		RecordBytes: 16 << 20,
		Depth:       10000, // encoding/json's own limit: deeper records cannot be decoded anyway
	}
}

// orDefault fills the zero fields of l from DefaultLimits.
func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	for _, f := range []struct{ v, def *int }{{&l.HeaderBytes, &d.HeaderBytes}, {&l.Columns, &d.Columns},
		{&l.FieldBytes, &d.FieldBytes}, {&l.RecordBytes, &d.RecordBytes}, {&l.Depth, &d.Depth}} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return l
}

// size renders a byte count the way the limits are documented: 64 KB, 1 MB.
func size(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// appendGrow appends b to buf, doubling the capacity when it must grow, up
// to limit: a record grown by append's own steps (1.25× for large slices)
// to the 16 MB limit allocates some 80 MB on the way, doubling 32 MB.
func appendGrow(buf, b []byte, limit int) []byte {
	if need := len(buf) + len(b); need > cap(buf) {
		c := max(4096, 2*cap(buf))
		for c < need {
			c *= 2
		}
		grown := make([]byte, len(buf), max(need, min(c, limit)))
		copy(grown, buf)
		buf = grown
	}
	return append(buf, b...)
}
