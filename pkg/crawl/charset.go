package crawl

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodeBody returns body as UTF-8 and the name of the encoding it was read
// in. The order of evidence is chosen for Chinese job sites, where
// declarations are often wrong (the corpus has UTF-8 pages declaring GBK
// and ISO-8859-1):
//
//  1. a byte-order mark;
//  2. bytes that are valid UTF-8 and contain multi-byte sequences are UTF-8,
//     whatever is declared — GBK text is practically never valid UTF-8;
//  3. the charset of the Content-Type header, then of a <meta> tag;
//     GBK and GB2312 are read as GB18030, their superset; a declared
//     Latin-1 that is really GB18030 (all decodes, mostly CJK) is GB18030;
//     a declared UTF-8 counts only for UTF-8 with a few damaged bytes (GBK
//     pages served as UTF-8 go on to detection);
//  4. detection (chardet), with GB18030 preferred when it decodes cleanly.
//
// Pure ASCII is returned unchanged as "utf-8".
func decodeBody(body []byte, contentType string) ([]byte, string) {
	if len(body) == 0 {
		return body, "utf-8"
	}
	if bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		return bytes.ToValidUTF8(body[3:], []byte("\uFFFD")), "utf-8"
	}
	if bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")) {
		enc, name, _ := charset.DetermineEncoding(body, "")
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return out, name
		}
	}
	if utf8.Valid(body) {
		return body, "utf-8"
	}
	declared := declaredCharset(contentType)
	if declared == "" && looksHTML(contentType, body) {
		declared = metaCharset(body)
	}
	if declared != "" {
		// A declared UTF-8 is believed only for UTF-8 with a few damaged
		// bytes: GBK pages served as "charset=utf-8" are common, and their
		// bytes are nowhere near UTF-8.
		if enc, name := lookupEncoding(declared); enc != nil && (name != "utf-8" || mostlyUTF8(body)) {
			if isLatin(name) && cleanGB18030(body) {
				return decodeWith(simplifiedchinese.GB18030, body), "gb18030"
			}
			return decodeWith(enc, body), name
		}
	}
	if cleanGB18030(body) {
		return decodeWith(simplifiedchinese.GB18030, body), "gb18030"
	}
	if rs, err := chardet.NewTextDetector().DetectAll(body); err == nil {
		if enc, name := lookupEncoding(bestGuess(rs).Charset); enc != nil {
			return decodeWith(enc, body), name
		}
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8 (invalid bytes replaced)"
}

// mostlyUTF8 reports whether body, which is not valid UTF-8, is UTF-8 with
// a few damaged bytes rather than text in another encoding: nearly all of
// its multi-byte sequences decode.
func mostlyUTF8(body []byte) bool {
	var good, bad int
	for i := 0; i < len(body); {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(body[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		} else {
			good++
		}
		i += size
	}
	return good >= 2*bad
}

// bestGuess is chardet's most confident guess, ties broken by name:
// chardet runs its recognizers concurrently and sorts them unstably, so its
// own DetectBest can name a different charset for the same bytes from one
// run to the next, and a page would be stored as different text.
func bestGuess(rs []chardet.Result) chardet.Result {
	best := rs[0]
	for _, r := range rs[1:] {
		if r.Confidence > best.Confidence || r.Confidence == best.Confidence &&
			(r.Charset < best.Charset || r.Charset == best.Charset && r.Language < best.Language) {
			best = r
		}
	}
	return best
}

func declaredCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)

// metaCharset finds a <meta charset> or http-equiv declaration in the
// first 4 KB, where browsers look for it.
func metaCharset(body []byte) string {
	head := body[:min(len(body), 4096)]
	if m := metaCharsetRe.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

func looksHTML(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "html") {
		return true
	}
	head := bytes.ToLower(body[:min(len(body), 512)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")) ||
		bytes.Contains(head, []byte("<meta"))
}

// lookupEncoding maps a label to an encoding; the GB family maps to
// GB18030, which decodes everything GBK and GB2312 do.
func lookupEncoding(label string) (encoding.Encoding, string) {
	l := strings.ToLower(strings.TrimSpace(label))
	switch l {
	case "gbk", "gb2312", "gb-2312", "gb_2312-80", "cp936", "x-gbk", "gb18030", "gb-18030", "euc-cn":
		return simplifiedchinese.GB18030, "gb18030"
	case "utf-8", "utf8":
		return encoding.Nop, "utf-8"
	}
	enc, name := charset.Lookup(l)
	if enc == nil {
		return nil, ""
	}
	return enc, name
}

func isLatin(name string) bool {
	switch name {
	case "windows-1252", "iso-8859-1", "latin1", "us-ascii", "iso-8859-15":
		return true
	}
	return false
}

// cleanGB18030 reports whether body decodes as GB18030 without errors into
// text whose non-ASCII letters are mostly CJK: the signature of a GBK page.
func cleanGB18030(body []byte) bool {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return false
	}
	var cjk, other int
	for _, r := range string(out) {
		if r < 0x80 {
			continue
		}
		if unicode.Is(unicode.Han, r) || unicode.In(r, unicode.Punct) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) {
			cjk++
		} else {
			other++
		}
	}
	return cjk > 0 && cjk >= 4*other
}

func decodeWith(enc encoding.Encoding, body []byte) []byte {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD"))
}
