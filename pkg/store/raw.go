package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The raw column keeps each posting's original record. A record (a JSON
// object, an HTML excerpt) repeats the posting's description, which the
// row holds anyway: when the record holds the stored description as it is
// or JSON-escaped, the record is stored without it, as a reference
// (packRaw) — on the synthesized corpus a 1.35 KB record becomes about
// 200 bytes, and writing it costs a search instead of compressing. Other
// records are compressed one by one with zstd (a posting is written and
// read alone), at zstd's fastest level with a 32 KB window and no
// checksum: on the corpus's JSON records that is 1.33× smaller at 12–14 µs
// a record. Rows written before compression keep their plain records. The
// three forms are told apart by their first bytes: a zstd frame by its
// magic number, a reference by a zstd skippable frame's (its header), and
// neither starts JSON, CSV or HTML text. Store.Raw puts a record back
// together; `sqlite3 db "SELECT writefile('r.zst', raw) FROM postings
// WHERE id = 1"; zstd -d r.zst` reads a compressed one by hand.
//
// A reference's header says where the description goes, how it was
// written there, and its length and CRC-32, so a record is never rebuilt
// around another text: a change of the stored description that keeps the
// record rewrites the record whole first (upsertOne).

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// refMagic starts a record stored by reference: the magic number of a zstd
// skippable frame, whose content is the reference's header.
var refMagic = []byte{0x5e, 0x2a, 0x4d, 0x18}

// How a reference's description was written in its record.
const (
	refVerbatim = 1 // as it is
	refJSON     = 2 // a JSON string's content, escaped as encoding/json does without HTML escaping
	refJSONHTML = 3 // the same with <, > and & escaped, encoding/json's default
)

// minRefLen is the shortest description a record is stored without:
// below it the header and the search cost more than they save.
const minRefLen = 128

// packRaw is the stored form of record, whose posting stores description:
// nil for none, a reference when the record holds the description, else a
// zstd frame.
func packRaw(record []byte, description string) []byte {
	if len(record) == 0 {
		return nil
	}
	if len(description) >= minRefLen && len(record) >= len(description) {
		var tried []byte
		for _, kind := range []byte{refVerbatim, refJSON, refJSONHTML} {
			text := writeAs(kind, description)
			if text == nil || bytes.Equal(text, tried) {
				continue // the same bytes were looked for already
			}
			if i := bytes.Index(record, text); i >= 0 {
				return reference(record, i, kind, text)
			}
			tried = text
		}
	}
	return compressRaw(record)
}

// writeAs is description as a record of kind holds it; nil for an
// unknown kind.
func writeAs(kind byte, description string) []byte {
	switch kind {
	case refVerbatim:
		return []byte(description)
	case refJSON, refJSONHTML:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(kind == refJSONHTML)
		if enc.Encode(description) != nil {
			return nil
		}
		out := b.Bytes()
		return out[1 : len(out)-2] // the quotes and the encoder's newline
	}
	return nil
}

// reference is record stored without text, found at offset i.
func reference(record []byte, i int, kind byte, text []byte) []byte {
	var h []byte
	h = append(h, kind)
	h = binary.AppendUvarint(h, uint64(i))
	h = binary.AppendUvarint(h, uint64(len(text)))
	h = binary.LittleEndian.AppendUint32(h, crc32.ChecksumIEEE(text))
	out := make([]byte, 0, 8+len(h)+len(record)-len(text))
	out = append(out, refMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(h)))
	out = append(out, h...)
	out = append(out, record[:i]...)
	return append(out, record[i+len(text):]...)
}

// unpackRaw reads a stored record back, whatever its form; description is
// its posting's stored description.
func unpackRaw(b []byte, description string) ([]byte, error) {
	if !bytes.HasPrefix(b, refMagic) {
		return decompressRaw(b)
	}
	if len(b) < 8 {
		return nil, errors.New("raw record: a reference cut short")
	}
	n := binary.LittleEndian.Uint32(b[4:8])
	if uint64(n) > uint64(len(b)-8) || n < 1 {
		return nil, errors.New("raw record: a reference cut short")
	}
	h, rest := b[8:8+n], b[8+n:]
	kind := h[0]
	i, k := binary.Uvarint(h[1:])
	if k <= 0 {
		return nil, errors.New("raw record: a bad reference")
	}
	size, k2 := binary.Uvarint(h[1+k:])
	if k2 <= 0 || len(h) != 1+k+k2+4 || i > uint64(len(rest)) {
		return nil, errors.New("raw record: a bad reference")
	}
	sum := binary.LittleEndian.Uint32(h[1+k+k2:])
	text := writeAs(kind, description)
	if text == nil || uint64(len(text)) != size || crc32.ChecksumIEEE(text) != sum {
		return nil, errors.New("raw record: the stored description is not the one the record was stored without")
	}
	out := make([]byte, 0, len(rest)+len(text))
	out = append(out, rest[:i]...)
	out = append(out, text...)
	return append(out, rest[i:]...), nil
}

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
	var (
		b    []byte
		desc string
	)
	err = s.db.QueryRowContext(ctx, `SELECT raw, description FROM postings WHERE source = ? AND source_id = ?`, source, sourceID).Scan(&b, &desc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("raw %s/%s: %w", source, sourceID, err)
	}
	if raw, err = unpackRaw(b, desc); err != nil {
		return nil, true, fmt.Errorf("raw %s/%s: %w", source, sourceID, err)
	}
	return raw, true, nil
}
