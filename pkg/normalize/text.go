package normalize

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is cleaned text together with the way back to the string it came
// from, so that a match found in the clean form can be shown, highlighted
// or cut out of the original.
type Text struct {
	S    string // the clean text
	src  string
	segs []seg // sorted by out; nil when S == src
}

// seg maps a piece of the clean text to the original. In an identity piece
// every byte is a copy (out+k came from src+k); a replaced piece (an entity,
// a tag turned into a line break, a folded run of white space, a width form)
// maps as a whole to src[src:srcEnd].
type seg struct {
	out, outEnd int
	src, srcEnd int
	ident       bool
}

// String returns the clean text.
func (t Text) String() string { return t.S }

// Source returns the original text.
func (t Text) Source() string { return t.src }

// Span maps the clean byte range [start, end) back to a range of the
// original such that the original range holds everything the clean range
// was made from. Offsets out of range are clamped.
func (t Text) Span(start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > len(t.S) {
		end = len(t.S)
	}
	if start > end {
		start = end
	}
	if t.segs == nil {
		return start, end
	}
	if start == end {
		o := t.origStart(start)
		return o, o
	}
	return t.origStart(start), t.origEnd(end)
}

// origStart is the original offset where clean byte p comes from.
func (t Text) origStart(p int) int {
	k := sort.Search(len(t.segs), func(i int) bool { return t.segs[i].outEnd > p })
	if k == len(t.segs) {
		return len(t.src)
	}
	g := t.segs[k]
	if g.ident {
		return g.src + (p - g.out)
	}
	return g.src
}

// origEnd is the original offset just after what clean byte p-1 came from.
func (t Text) origEnd(p int) int {
	k := sort.Search(len(t.segs), func(i int) bool { return t.segs[i].outEnd >= p })
	if k == len(t.segs) {
		return len(t.src)
	}
	g := t.segs[k]
	if g.ident {
		return g.src + (p - g.out)
	}
	return g.srcEnd
}

// NormalizeText cleans published text for matching: HTML tags removed
// (block elements become line breaks), entities decoded, NFKC applied
// (full-width "Ｇｏ" becomes "Go", "，" becomes ","), and white space folded
// as FoldSpace does. The result keeps a map back to s (see Text.Span).
//
// NFKC is applied to each run of text between markup; a combining mark
// that directly follows an ASCII letter is kept as it is.
func NormalizeText(s string) Text {
	return clean(s, true, true)
}

// HTMLToText reduces an HTML fragment (or plain text that may contain a few
// tags, as exported job descriptions do) to plain text: tags removed,
// entities decoded, block elements and <br> turned into line breaks, script
// and style content dropped, and white space folded by FoldSpace. Unlike
// NormalizeText it keeps character widths as published, since its result is
// what users read. A '<' that does not open a tag is kept as text.
func HTMLToText(s string) string {
	return clean(s, true, false).S
}

// FoldSpace normalizes white space the way a reader sees it: CRLF and CR
// become LF, runs of blanks inside a line become one space, lines are
// trimmed, and more than one empty line in a row becomes one. Non-breaking
// and ideographic spaces count as blanks.
func FoldSpace(s string) string {
	return clean(s, false, false).S
}

// NormalizeTextWidth is what the skill tagger scans when text needs
// cleaning: markup and references removed like NormalizeText, but of NFKC
// only the width folding a scanner for Latin-spelled names needs
// (full-width ASCII forms), which keeps Chinese text with full-width
// punctuation on a fast path.
func NormalizeTextWidth(s string) Text {
	return cleanMode(s, true, false, true)
}

func clean(s string, markup, nfkc bool) Text {
	return cleanMode(s, markup, nfkc, false)
}

func cleanMode(s string, markup, nfkc, widthOnly bool) Text {
	b := builder{src: s, nfkc: nfkc, widthOnly: widthOnly}
	b.out = make([]byte, 0, len(s))
	i := 0
	for i < len(s) {
		c := s[i]
		if markup && c == '<' {
			if j, brk, ok := scanTag(s, i); ok {
				switch {
				case brk == '\n' && isBR(s[i:j]):
					b.lineBreak(i, j, true)
				case brk != 0:
					b.space(brk, i, j)
				}
				i = j
				continue
			}
		}
		if markup && c == '&' {
			if j, dec, ok := scanEntity(s, i); ok {
				// "&#95;x000d_" spells Excel's line break with its
				// underscore escaped: a line break too, or the output
				// would hold a marker FoldSpace then folds.
				if dec == "_" && len(s)-j >= len(excelBreakMarker)-1 && excelBreak("_"+s[j:j+len(excelBreakMarker)-1], 0) {
					b.lineBreak(i, j+len(excelBreakMarker)-1, false)
					i = j + len(excelBreakMarker) - 1
					continue
				}
				b.replaced(dec, i, j)
				i = j
				continue
			}
		}
		if n, nl := BlankAt(s, i); n > 0 {
			if nl {
				b.lineBreak(i, i+n, false)
			} else {
				b.space(' ', i, i+n)
			}
			i += n
			continue
		}
		// A run of ordinary text up to the next blank or markup character.
		j := i
		ascii := true
		for j < len(s) {
			c := s[j]
			if c == '<' && markup || c == '&' && markup {
				if j == i {
					j++ // a literal '<' or '&'
				}
				break
			}
			if n, _ := BlankAt(s, j); n > 0 {
				break
			}
			if c >= utf8.RuneSelf {
				ascii = false
				_, size := utf8.DecodeRuneInString(s[j:])
				j += size
				continue
			}
			j++
		}
		b.text(i, j, ascii)
		i = j
	}
	return b.finish()
}

// isBR reports a <br> tag.
func isBR(tag string) bool {
	return len(tag) >= 3 && (tag[1] == 'b' || tag[1] == 'B') && (tag[2] == 'r' || tag[2] == 'R') &&
		(len(tag) == 3 || tag[3] == '>' || tag[3] == '/' || tag[3] == ' ')
}

type builder struct {
	widthOnly bool // fold full-width ASCII forms only (the tagger's cleaning)
	brPend    bool // the pending line break came from a <br> (fromBR) or a newline (!fromBR)
	brKind    bool
	src       string
	out       []byte
	segs      []seg
	nfkc      bool
	started   bool
	pendNL    int
	pendSp    bool
	pendFrom  int
	pendTo    int
	changed   bool
}

// space records white space ('\n' or ' ') that came from src[from:to];
// it is written, folded, only when more text follows.
func (b *builder) space(kind byte, from, to int) {
	if !b.pendSp && b.pendNL == 0 {
		b.pendFrom = from
	}
	b.pendTo = to
	if kind == '\n' {
		b.pendNL++
	} else {
		b.pendSp = true
	}
}

// lineBreak records a line end from a newline character or a <br> tag.
// Exported job descriptions often end each line with both ("…\n<br />");
// a <br> and a newline next to each other make one line break, not two.
func (b *builder) lineBreak(from, to int, fromBR bool) {
	if b.pendNL > 0 && b.brPend && b.brKind != fromBR {
		b.pendTo = to
		b.brPend = false
		return
	}
	b.space('\n', from, to)
	b.brPend, b.brKind = true, fromBR
}

func (b *builder) flush(next int) {
	if b.pendNL == 0 && !b.pendSp {
		return
	}
	if b.started {
		var w string
		switch {
		case b.pendNL >= 2:
			w = "\n\n"
		case b.pendNL == 1:
			w = "\n"
		default:
			w = " "
		}
		if b.pendTo-b.pendFrom == len(w) && b.src[b.pendFrom:b.pendTo] == w {
			b.emit(w, b.pendFrom, b.pendTo, true)
		} else {
			b.emit(w, b.pendFrom, b.pendTo, false)
		}
	} else {
		b.changed = true // leading white space dropped
	}
	b.pendNL, b.pendSp, b.brPend = 0, false, false
	_ = next
}

func (b *builder) emit(w string, from, to int, ident bool) {
	if !ident {
		b.changed = true
	}
	b.started = true
	out := len(b.out)
	b.out = append(b.out, w...)
	if n := len(b.segs); ident && n > 0 {
		last := &b.segs[n-1]
		if last.ident && last.outEnd == out && last.srcEnd == from {
			last.outEnd = len(b.out)
			last.srcEnd = to
			return
		}
	}
	b.segs = append(b.segs, seg{out: out, outEnd: len(b.out), src: from, srcEnd: to, ident: ident})
}

// replaced writes decoded text (an entity) that stands for src[from:to].
// The decoded text may itself be white space (&nbsp;) or need NFKC.
func (b *builder) replaced(dec string, from, to int) {
	if b.nfkc {
		dec = norm.NFKC.String(dec)
	}
	allBlank := true
	for i := 0; i < len(dec); {
		n, _ := BlankAt(dec, i)
		if n == 0 {
			allBlank = false
			break
		}
		i += n
	}
	if allBlank {
		if strings.ContainsAny(dec, "\n\r") {
			b.space('\n', from, to)
		} else {
			b.space(' ', from, to)
		}
		b.changed = true
		return
	}
	b.emitTrimmed(dec, from, to)
}

// text writes src[i:j], which holds no blank and no markup.
func (b *builder) text(i, j int, ascii bool) {
	run := b.src[i:j]
	if b.widthOnly && !ascii {
		b.foldWidthRun(i, j)
		return
	}
	if ascii || !b.nfkc || norm.NFKC.QuickSpanString(run) == len(run) {
		b.flush(i)
		b.emit(run, i, j, true)
		return
	}
	var it norm.Iter
	it.InitString(norm.NFKC, run)
	for !it.Done() {
		p0 := it.Pos()
		piece := it.Next()
		p1 := it.Pos()
		if string(piece) == run[p0:p1] {
			b.flush(i + p0)
			b.emit(run[p0:p1], i+p0, i+p1, true)
			continue
		}
		// A width or compatibility form: NFKC may turn it into white space
		// (U+3000 is caught earlier; others such as U+2007 are not).
		if n, nl := BlankAt(string(piece), 0); n == len(piece) {
			kind := byte(' ')
			if nl {
				kind = '\n'
			}
			b.space(kind, i+p0, i+p1)
			b.changed = true
			continue
		}
		b.emitTrimmed(string(piece), i+p0, i+p1)
	}
}

// emitTrimmed writes a replacement for src[from:to] while keeping the
// output folded: blanks NFKC puts at either end of it ("˛" → " ̨") become
// pending white space.
func (b *builder) emitTrimmed(w string, from, to int) {
	lead := len(w) - len(strings.TrimLeft(w, " "))
	if lead > 0 {
		b.space(' ', from, to)
		w = w[lead:]
	}
	trail := len(w) - len(strings.TrimRight(w, " "))
	w = w[:len(w)-trail]
	if w != "" {
		b.flush(from)
		b.emit(w, from, to, false)
	}
	if trail > 0 {
		b.space(' ', from, to)
	}
	b.changed = true
}

// foldWidthRun writes src[i:j] with full-width ASCII forms (U+FF01–FF5E)
// turned into ASCII, everything else copied.
func (b *builder) foldWidthRun(i, j int) {
	k := i
	for p := i; p < j; {
		c := b.src[p]
		if c != 0xEF || p+2 >= j || (b.src[p+1] != 0xBC && b.src[p+1] != 0xBD) {
			p++
			continue
		}
		r, size := utf8.DecodeRuneInString(b.src[p:j])
		if r < 0xFF01 || r > 0xFF5E {
			p += size
			continue
		}
		if k < p {
			b.flush(k)
			b.emit(b.src[k:p], k, p, true)
		}
		b.flush(p)
		b.emit(string(rune(r-0xFEE0)), p, p+size, false)
		p += size
		k = p
	}
	if k < j {
		b.flush(k)
		b.emit(b.src[k:j], k, j, true)
	}
}

func (b *builder) finish() Text {
	if b.pendNL > 0 || b.pendSp {
		b.changed = true // trailing white space dropped
	}
	out := string(b.out)
	if !b.changed && out == b.src {
		return Text{S: b.src, src: b.src}
	}
	return Text{S: out, src: b.src, segs: b.segs}
}

// BlankAt reports the size of the white-space character at s[i] (0 if none)
// and whether it ends a line. CRLF counts as one line end, and so does
// Excel's escaped line break "_x000d_" ("_x000a_", any case), which
// spreadsheet exports leave in cells: left in, it glues "Go_x000d_" into
// one word. These are the blanks FoldSpace folds; the skill tagger reads
// white space the same way.
func BlankAt(s string, i int) (int, bool) {
	c := s[i]
	switch c {
	case '_':
		if !excelBreak(s, i) {
			return 0, false
		}
		// Excel writes a CRLF as "_x000d_" and then a line feed, as "\n"
		// or "_x000a_": one line end, as CRLF is.
		n := len(excelBreakMarker)
		switch {
		case i+n < len(s) && s[i+n] == '\n':
			n++
		case isExcelCR(s[i:]) && excelBreak(s, i+n) && !isExcelCR(s[i+n:]):
			n += len(excelBreakMarker)
		}
		return n, true
	case ' ', '\t', '\v', '\f':
		return 1, false
	case '\n':
		return 1, true
	case '\r':
		if i+1 < len(s) && s[i+1] == '\n' {
			return 2, true
		}
		return 1, true
	}
	if c < utf8.RuneSelf {
		return 0, false
	}
	switch {
	case c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0: // U+00A0
		return 2, false
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80:
		switch s[i+2] {
		case 0x82, 0x83, 0x89, 0x8B: // U+2002 U+2003 U+2009 U+200B
			return 3, false
		case 0xA8, 0xA9: // U+2028 U+2029 line and paragraph separators
			return 3, true
		}
	case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80: // U+3000
		return 3, false
	case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBB && s[i+2] == 0xBF: // U+FEFF
		return 3, false
	}
	return 0, false
}

// scanTag recognizes an HTML tag, comment or declaration starting at s[i]
// == '<'. It returns the end of the markup (after script or style content
// for those elements), the white space it stands for (0, ' ' or '\n'), and
// false if s[i] does not open markup, in which case '<' is plain text.
func scanTag(s string, i int) (end int, brk byte, ok bool) {
	if i+1 >= len(s) {
		return 0, 0, false
	}
	c := s[i+1]
	switch {
	case c == '!':
		if strings.HasPrefix(s[i:], "<!--") {
			k := strings.Index(s[i+4:], "-->")
			if k < 0 {
				return len(s), 0, true
			}
			return i + 4 + k + 3, 0, true
		}
		k := strings.IndexByte(s[i:], '>')
		if k < 0 {
			return 0, 0, false
		}
		return i + k + 1, 0, true
	case c == '?':
		k := strings.IndexByte(s[i:], '>')
		if k < 0 {
			return 0, 0, false
		}
		return i + k + 1, 0, true
	case c == '/' || IsASCIILetter(c):
	default:
		return 0, 0, false
	}
	closing := c == '/'
	ns := i + 1
	if closing {
		ns++
	}
	ne := ns
	for ne < len(s) && (IsASCIILetter(s[ne]) || s[ne] >= '0' && s[ne] <= '9') {
		ne++
	}
	if ne == ns {
		return 0, 0, false
	}
	if ne < len(s) {
		switch s[ne] {
		case ' ', '\t', '\n', '\r', '\f', '/', '>':
		default:
			return 0, 0, false // "<go语言" is text, not a tag
		}
	}
	// Find the closing '>' outside quoted attribute values.
	var quote byte
	j := ne
	for ; j < len(s); j++ {
		c := s[j]
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			continue
		}
		if c == '"' || c == '\'' {
			quote = c
			continue
		}
		if c == '>' {
			break
		}
		if c == '<' {
			return 0, 0, false
		}
	}
	if j >= len(s) {
		return 0, 0, false
	}
	end = j + 1
	name := strings.ToLower(s[ns:ne])
	if !closing && (name == "script" || name == "style") && s[j-1] != '/' {
		k := indexFold(s[end:], "</"+name)
		if k < 0 {
			return len(s), '\n', true
		}
		close := end + k
		g := strings.IndexByte(s[close:], '>')
		if g < 0 {
			return len(s), '\n', true
		}
		return close + g + 1, '\n', true
	}
	switch name {
	case "br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
		"section", "article", "header", "footer", "dd", "dt", "dl", "pre", "blockquote", "hr",
		"tbody", "thead", "nav", "aside", "main", "form", "figure", "figcaption", "address":
		return end, '\n', true
	case "td", "th", "img", "option", "label", "input", "button":
		return end, ' ', true
	}
	return end, 0, true
}

// scanEntity decodes a character reference starting at s[i] == '&'.
func scanEntity(s string, i int) (end int, dec string, ok bool) {
	j := i + 1
	for j < len(s) && j-i <= 32 {
		c := s[j]
		if IsASCIILetter(c) || c >= '0' && c <= '9' || c == '#' {
			j++
			continue
		}
		break
	}
	if j == i+1 {
		return 0, "", false
	}
	if j < len(s) && s[j] == ';' {
		ref := s[i : j+1]
		if !wellFormedRef(ref) {
			return 0, "", false
		}
		d := html.UnescapeString(ref)
		// html decodes the longest known prefix of a name it does not
		// know (&nbspx; is U+00A0 "x;"): a reference must stand for one
		// character sequence, or white space would hide inside text.
		if d == ref || ref[1] != '#' && strings.HasSuffix(d, ";") && ref != "&semi;" {
			return 0, "", false
		}
		return j + 1, d, true
	}
	// The few references browsers accept without ';' and that occur in
	// scraped job text.
	switch s[i+1 : j] {
	case "nbsp", "amp", "lt", "gt", "quot":
		return j, html.UnescapeString(s[i:j] + ";"), true
	}
	return 0, "", false
}

// wellFormedRef reports whether ref ("&…;") is &name; with a name of
// letters and digits, &#digits; or &#xhex;, so that html.UnescapeString
// decodes all of it: &#XAX0; would decode &#XA (a line feed) and keep
// "X0;" as text.
func wellFormedRef(ref string) bool {
	body := ref[1 : len(ref)-1]
	if body[0] != '#' {
		return !strings.Contains(body, "#")
	}
	digits, isDigit := body[1:], func(c byte) bool { return c >= '0' && c <= '9' }
	if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
		digits = digits[1:]
		isDigit = func(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }
	}
	if digits == "" {
		return false
	}
	for k := 0; k < len(digits); k++ {
		if !isDigit(digits[k]) {
			return false
		}
	}
	return true
}

// IsASCIILetter reports whether c is an ASCII letter, either case.
func IsASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// IsWordByte reports whether c belongs to an ASCII word: a letter, a digit
// or an underscore. A name glued to such a byte is part of a longer word.
func IsWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// indexFold is strings.Index for an ASCII-lower-case needle, ignoring case.
func indexFold(s, lowerNeedle string) int {
	n := len(lowerNeedle)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], lowerNeedle) {
			return i
		}
	}
	return -1
}

// FoldWidth maps full-width ASCII forms to ASCII and leaves the rest alone;
// cheaper than NFKC where only Latin letters matter.
func FoldWidth(s string) string {
	if !strings.ContainsRune(s, 0xFF01) && strings.IndexFunc(s, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s)
}

// excelBreakMarker is the shape of Excel's escaped line breaks.
const excelBreakMarker = "_x000d_"

// excelBreak reports whether s[i:] starts with "_x000d_" or "_x000a_", in
// any case.
func excelBreak(s string, i int) bool {
	if len(s)-i < len(excelBreakMarker) {
		return false
	}
	m := s[i : i+len(excelBreakMarker)]
	return m[0] == '_' && m[1]|0x20 == 'x' && m[2:5] == "000" && (m[5]|0x20 == 'd' || m[5]|0x20 == 'a') && m[6] == '_'
}

// isExcelCR reports whether s starts with "_x000d_" (any case), Excel's
// carriage return, given that it starts with one of its line breaks.
func isExcelCR(s string) bool { return s[5]|0x20 == 'd' }

// ExcelBreakAt reports whether s[i:] starts with one of Excel's escaped
// line breaks, which a scanner of raw text must have cleaned first.
func ExcelBreakAt(s string, i int) bool { return excelBreak(s, i) }
