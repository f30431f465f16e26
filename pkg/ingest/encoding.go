package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// Encodings a file can be read in.
const (
	EncAuto     = "auto"
	EncUTF8     = "utf-8"
	EncGBK      = "gbk"
	EncGB18030  = "gb18030"
	EncMojibake = "mojibake" // GBK bytes once misread as Latin-1 and saved again as UTF-8
)

// sniffSize is how much of a file encoding detection looks at.
const sniffSize = 256 << 10

// ParseEncoding checks a --encoding value.
func ParseEncoding(s string) (string, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); v {
	case "", EncAuto:
		return EncAuto, nil
	case "utf8", EncUTF8:
		return EncUTF8, nil
	case EncGBK, "cp936", "gb2312":
		return EncGBK, nil
	case EncGB18030:
		return EncGB18030, nil
	case EncMojibake, "latin1-gbk":
		return EncMojibake, nil
	default:
		return "", fmt.Errorf("unknown encoding %s (auto, utf-8, gbk, gb18030, mojibake)", quote(s))
	}
}

// DetectEncoding guesses the encoding of a file from its first bytes:
// UTF-8 when they are valid UTF-8 (unless the text is the typical mojibake
// of GBK read as Latin-1), GB18030 (a superset of GBK and GB2312) otherwise.
func DetectEncoding(sample []byte) string {
	sample = bytes.TrimPrefix(sample, utf8BOM)
	// GBK text almost never forms valid multi-byte UTF-8 sequences by
	// chance, so a file whose multi-byte sequences are overwhelmingly valid
	// is UTF-8 with a few damaged rows (reported per row), not GBK.
	var valid, invalid int
	for i := 0; i < len(sample); {
		r, size := utf8.DecodeRune(sample[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			if len(sample)-i >= utf8.UTFMax { // not a character cut by the sample's end
				invalid++
			}
		case size > 1:
			valid++
		}
		i += max(size, 1)
	}
	switch {
	case invalid > 0 && valid < 20*invalid:
		return EncGB18030
	case invalid == 0 && looksLikeMojibake(sample):
		return EncMojibake
	}
	return EncUTF8
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// looksLikeMojibake spots GBK text that went through a Latin-1 decode: no
// CJK characters, many Latin-1 letters from the upper half, and those
// letters, taken back to bytes, decode as GBK into mostly CJK text.
func looksLikeMojibake(s []byte) bool {
	var high, cjk, other int
	for _, r := range string(s) {
		switch {
		case r < 0x80:
		case r <= 0xFF:
			high++
		case r >= 0x4E00 && r <= 0x9FFF:
			cjk++
		default:
			other++
		}
	}
	if high < 16 || cjk > high/20 || other > high/10 {
		return false
	}
	repaired, err := io.ReadAll(transform.NewReader(bytes.NewReader(s), mojibakeDecoder()))
	if err != nil {
		return false
	}
	var han int
	for _, r := range string(repaired) {
		if r >= 0x4E00 && r <= 0x9FFF {
			han++
		}
	}
	return han >= high/4
}

// mojibakeDecoder undoes the Latin-1 misreading (runes back to bytes) and
// then decodes the bytes as GB18030.
func mojibakeDecoder() transform.Transformer {
	return transform.Chain(encoding.ReplaceUnsupported(charmap.ISO8859_1.NewEncoder()),
		simplifiedchinese.GB18030.NewDecoder())
}

// decodeReader returns r decoded to UTF-8 from enc (detected from the first
// bytes when enc is auto), and the encoding it used. A UTF-8 byte-order mark
// is dropped.
func decodeReader(r io.Reader, enc string) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	sample, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	if err := notText(sample); err != nil {
		return nil, "", err
	}
	if enc == EncAuto || enc == "" {
		enc = DetectEncoding(sample)
	}
	if bom, _ := br.Peek(3); bytes.Equal(bom, utf8BOM) {
		br.Discard(3)
	}
	switch enc {
	case EncUTF8:
		return br, enc, nil
	case EncGBK, EncGB18030:
		return transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder()), enc, nil
	case EncMojibake:
		return transform.NewReader(br, mojibakeDecoder()), enc, nil
	}
	return nil, "", fmt.Errorf("unknown encoding %s", quote(enc))
}

// notText says what a file that is no CSV or JSON text is, from its first
// bytes, so that a wrong argument (the store, an archive, a program) gets
// its name instead of a mapping error over columns of binary noise. A
// stray NUL in a text file is not enough: binary files are full of them.
func notText(head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return errors.New("is an SQLite database, not a CSV or JSON file")
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return errors.New("is gzip-compressed: decompress it first (gunzip)")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return errors.New("is a ZIP archive (an .xlsx workbook is one): extract it, or save the sheet as CSV, first")
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return errors.New("is UTF-16 text: convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)")
	}
	if n := bytes.Count(head, []byte{0}); n >= 8 && 100*n >= len(head) {
		return fmt.Errorf("holds binary data (%d NUL bytes in its first %d), not CSV or JSON text", n, len(head))
	}
	return nil
}
