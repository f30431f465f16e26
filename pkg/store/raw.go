package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The raw column keeps each posting's original record, compressed with
// zstd: the record (a JSON object, a CSV row, an HTML excerpt) repeats the
// posting's text, and stored as it came it was as large as the text
// itself. Records are compressed one by one (a posting is written and read
// alone), at zstd's fastest level with a 32 KB window and no checksum: on
// the corpus's JSON records that is 1.33× smaller at 12–14 µs a record (the
// default level: 1.41× at 16–19 µs; a larger window or the checksum cost
// time and gain nothing on records this size). Rows written before compression keep
// their plain records; a zstd frame is told from them by its magic number,
// which no JSON, CSV or HTML text starts with. `sqlite3 db "SELECT
// writefile('r.zst', raw) FROM postings WHERE id = 1"; zstd -d r.zst` reads
// one by hand.

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

var (
	rawEncoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(32<<10),
			zstd.WithEncoderCRC(false), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)))
		if err != nil {
			panic("zstd encoder: " + err.Error()) // constant options: cannot fail
		}
		return e
	})
	rawDecoder = sync.OnceValue(func() *zstd.Decoder {
		// A record is at most the importer's 16 MB row limit; the window
		// bound keeps a damaged frame from asking for more.
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(64<<20))
		if err != nil {
			panic("zstd decoder: " + err.Error())
		}
		return d
	})
)

// compressRaw is the stored form of a record: nil for none, else a zstd
// frame.
func compressRaw(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return rawEncoder().EncodeAll(b, make([]byte, 0, len(b)/2+16))
}

// decompressRaw reads a stored record back, compressed or from before
// compression.
func decompressRaw(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, zstdMagic) {
		return b, nil
	}
	out, err := rawDecoder().DecodeAll(b, nil)
	if err != nil {
		return nil, fmt.Errorf("raw record: %w", err)
	}
	return out, nil
}

// Raw returns the original record stored with the posting (source,
// sourceID), decompressed; nil when it has none. ok is false when there is
// no such posting.
func (s *Store) Raw(ctx context.Context, source, sourceID string) (raw []byte, ok bool, err error) {
	var b []byte
	err = s.db.QueryRowContext(ctx, `SELECT raw FROM postings WHERE source = ? AND source_id = ?`, source, sourceID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("raw %s/%s: %w", source, sourceID, err)
	}
	if raw, err = decompressRaw(b); err != nil {
		return nil, true, fmt.Errorf("raw %s/%s: %w", source, sourceID, err)
	}
	return raw, true, nil
}
