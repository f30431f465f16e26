package freetext

import (
	"encoding/binary"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"golang.org/x/text/unicode/norm"
)

// line is one line of a comment after Markdown and HTML are reduced to text,
// with the structure the parser relies on kept beside it: a heading or a
// whole-line bold line is where posters put "城市 公司 职位 薪资"; quote depth
// tells a reply from a post; table cells keep their columns.
type line struct {
	text  string   // plain text: markers removed, links reduced to their text, trimmed
	level int      // Markdown heading level 1–6, 0 for other lines
	bold  bool     // the whole line was emphasised (**…**, <b>, <strong>)
	quote int      // blockquote depth
	list  bool     // list item ("- x", "1. x")
	cells []string // table row cells; nil for other lines
	sep   bool     // a table's |---|---| row (dropped from text)
	links []string // the text of the line's links: "[疯狂游戏](http://…)" names a company
}

// heading reports whether the line is set apart the way titles are.
func (l *line) heading() bool { return l.level > 0 || l.bold }

// PlainText returns the readable text of a Markdown comment for storage and
// search: images dropped, links reduced to their text, HTML tags removed and
// entities decoded, Markdown markers (#, **, >, list bullets, table pipes and
// rules) removed, line structure kept (runs of empty lines become one, table
// cells are separated by a tab). The result is valid UTF-8.
func PlainText(markdown string) string {
	return plainText(splitLines(markdown), len(markdown))
}

// plainText is PlainText of a comment's lines; size is the comment's length
// (what the text is given room for). It only reads lines.
func plainText(lines []line, size int) string {
	var b strings.Builder
	b.Grow(size)
	blank := false
	started := false
	for i := range lines {
		l := &lines[i]
		if l.sep {
			continue
		}
		t := l.text
		if l.cells != nil {
			t = strings.Join(nonEmpty(l.cells), "\t")
		}
		if t == "" {
			blank = started
			continue
		}
		if started {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		b.WriteString(t)
		started = true
		blank = false
	}
	return b.String()
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

var (
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	tableRow    = regexp.MustCompile(`(?m)^[ \t>]*\|.*$`)
	brTag       = regexp.MustCompile(`<(?i:br)\s*/?>`)
	// htmlTag matches the tags GitHub comments actually carry. Only known
	// names are taken: "<email>", "<phone>" (the corpus's redaction marks)
	// and "<深圳>" are text, not tags. The "<" stays outside (?i): a
	// case-folded first rune keeps the regexp package from jumping to it,
	// and it tried every position of every post instead.
	htmlTag = regexp.MustCompile(`</?(?i:(a|abbr|b|big|blockquote|br|caption|center|code|col|colgroup|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|picture|pre|s|section|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|video))\b(?:"[^"]*"|'[^']*'|[^<>"'])*/?>`)
)

// htmlToMarkdown rewrites the HTML a comment may contain into the Markdown
// the line splitter understands, so that <h1>, <li>, <b> and <tr> keep their
// meaning for the parser.
func htmlToMarkdown(s string) string {
	if strings.Contains(s, "<!--") {
		s = htmlComment.ReplaceAllString(s, "")
	}
	// In a Markdown table row a <br> breaks the cell's text, not the row.
	if strings.Contains(s, "|") && strings.Contains(lowerASCII(s), "<br") {
		s = tableRow.ReplaceAllStringFunc(s, func(row string) string {
			return brTag.ReplaceAllString(row, " ")
		})
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = replaceHTMLTags(s, func(tag string) string {
			closing := strings.HasPrefix(tag, "</")
			name := lowerASCII(tagName(tag))
			switch name {
			case "h1", "h2", "h3", "h4", "h5", "h6":
				if closing {
					return "\n"
				}
				return "\n" + strings.Repeat("#", int(name[1]-'0')) + " "
			case "b", "strong":
				return "**"
			case "li":
				if closing {
					return "\n"
				}
				return "\n- "
			case "td", "th":
				if closing {
					return " |"
				}
				return "| "
			case "br", "p", "div", "tr", "table", "thead", "tbody", "tfoot", "ul", "ol",
				"dl", "dd", "dt", "pre", "blockquote", "hr", "section", "details", "summary", "caption", "center":
				return "\n"
			}
			return ""
		})
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// sanitize makes any input safe to slice by rune: invalid UTF-8 becomes a
// space (so that words on either side stay apart), NUL is dropped and line
// endings become \n.
func sanitize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	if hasFoldRune(s) {
		s = strings.Map(foldRune, s)
	}
	return s
}

// indexColon is strings.IndexAny(s, "：:") as two byte searches, which
// find the same index: a decoder cannot step over the lead byte of "：".
func indexColon(s string) int {
	i := strings.IndexByte(s, ':')
	if j := strings.Index(s, "："); j >= 0 && (i < 0 || j < i) {
		return j
	}
	return i
}

// hasFoldRune is strings.ContainsFunc(s, needsFold) for valid UTF-8: those
// runes are led by the bytes 0xEF (U+F000–U+FFFF) and 0xE2 (U+2000–U+2FFF),
// and only there is a rune decoded.
func hasFoldRune(s string) bool {
	for _, lead := range []byte{0xE2, 0xEF} {
		for i := 0; ; i++ {
			j := strings.IndexByte(s[i:], lead)
			if j < 0 {
				break
			}
			i += j
			if r, _ := utf8.DecodeRuneInString(s[i:]); needsFold(r) {
				return true
			}
		}
	}
	return false
}

// needsFold reports the runes foldRune changes: full-width letters and
// digits ("２０Ｋ", "ｒｅｄｉｓ") and Kangxi radicals that some input methods
// produce for ordinary characters ("⾼级Java后端⼯程师").
func needsFold(r rune) bool {
	return r >= 0xFF10 && r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41 && r <= 0xFF5A ||
		r >= 0x2F00 && r <= 0x2FD5
}

// foldRune maps those runes to what they stand for. Full-width punctuation
// (（）：，) is left alone: it is how Chinese is written, and company names
// keep it.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF10 && r <= 0xFF19, r >= 0xFF21 && r <= 0xFF3A, r >= 0xFF41 && r <= 0xFF5A:
		return r - 0xFEE0
	case r >= 0x2F00 && r <= 0x2FD5:
		if f := norm.NFKC.String(string(r)); utf8.RuneCountInString(f) == 1 {
			f, _ := utf8.DecodeRuneInString(f)
			return f
		}
	}
	return r
}

// splitLines turns a comment body into lines of plain text with their
// Markdown structure noted.
func splitLines(body string) []line {
	s := htmlToMarkdown(sanitize(body))
	// A link or image may wrap its URL onto the next line ("[x](https://…\n)");
	// join those before splitting so the URL does not leak into the text.
	if strings.Contains(s, "http") && urlWrapSpace.in(s) {
		s = wrappedURL.ReplaceAllString(s, "($1)")
	}
	raw := strings.Split(s, "\n")
	bare := bareTableRows(raw)
	out := make([]line, 0, len(raw))
	fence := false
	for i, r := range raw {
		t := strings.TrimRightFunc(r, unicode.IsSpace)
		trimmed := strings.TrimLeftFunc(t, unicode.IsSpace)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = !fence
			out = append(out, line{})
			continue
		}
		var l line
		if fence {
			l.text = trimmed
			out = append(out, l)
			continue
		}
		t = trimmed
		for strings.HasPrefix(t, ">") {
			l.quote++
			t = strings.TrimLeftFunc(t[1:], unicode.IsSpace)
		}
		if isRule(t) {
			// A rule under a line of text is a setext heading underline.
			if n := len(out); n > 0 && out[n-1].text != "" && out[n-1].level == 0 &&
				out[n-1].cells == nil && (t[0] == '=' || t[0] == '-') {
				out[n-1].level = 2
				if t[0] == '=' {
					out[n-1].level = 1
				}
			}
			out = append(out, line{quote: l.quote})
			continue
		}
		if lv, rest := headingPrefix(t); lv > 0 {
			l.level = lv
			t = strings.TrimRight(strings.TrimSpace(rest), "#")
			t = strings.TrimSpace(t)
		}
		if strings.HasPrefix(t, "|") && strings.Count(t, "|") >= 2 || bare != nil && bare[i] && l.quote == 0 && strings.Contains(t, "|") {
			l.cells = splitCells(t)
			l.sep = isSepRow(l.cells)
			if l.sep {
				l.cells = nil
			} else {
				for i, c := range l.cells {
					l.cells[i] = strings.TrimSpace(inline(c))
				}
				l.text = strings.Join(nonEmpty(l.cells), " ")
			}
			out = append(out, l)
			continue
		}
		if rest, ok := bulletPrefix(t); ok {
			l.list = true
			t = rest
		} else if n := orderedPrefix(t); n > 0 {
			l.list = true
			// "1.  **Golang 技术专家**（上海、广州）": a numbered title
			if r := strings.TrimSpace(t[n:]); strings.HasPrefix(r, "**") && strings.Count(r, "**") >= 2 {
				if end := strings.Index(r[2:], "**"); end >= 0 && runesAtMost(r[2:2+end], 24) {
					l.bold = true
				}
			}
		}
		if wholeBold(t) || strings.HasPrefix(t, "**") && strings.Count(t, "**") == 1 {
			l.bold = true // "**研发安全工程师" opening a bold run that ends lines later
		}
		l.text, l.links = inlineLinks(t)
		l.text = strings.TrimSpace(l.text)
		out = append(out, l)
	}
	return out
}

// urlWrapSpace are the spaces wrappedURL needs inside the parentheses: a
// "(https://…)" without any is left as it is, so the expression is not run.
var urlWrapSpace = newLitSet("( ", "(\t", "(\n", " )", "\t)", "\n)")

// tagName is the element name of a tag htmlTag matched: the word after
// "<" or "</", which the expression ends with \b.
// htmlTagNames are the names htmlTag takes, lower-cased.
var htmlTagNames = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range strings.Split("a|abbr|b|big|blockquote|br|caption|center|code|col|colgroup|dd|del|details|div|dl|dt|em|font|h1|h2|h3|h4|h5|h6|hr|i|img|ins|kbd|li|mark|ol|p|picture|pre|s|section|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|video", "|") {
		m[n] = true
	}
	return m
}()

// replaceHTMLTags is htmlTag.ReplaceAllStringFunc(s, f), read by hand: a
// "<", an optional "/", a known name ending at a word boundary, then
// attributes (quoted strings, or anything but < > " ') up to ">". The
// expression backtracked over every "<" of a long body.
func replaceHTMLTags(s string, f func(string) string) string {
	// the expression's (?i) folds ſ to s and K to k; such text keeps it
	if strings.Contains(s, "ſ") || strings.Contains(s, "\u212a") {
		return htmlTag.ReplaceAllStringFunc(s, f)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		end := htmlTagEnd(s, i)
		if end < 0 {
			i++
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(f(s[i:end]))
		i, last = end, end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// htmlTagEnd returns the end of the tag htmlTag matches at s[i] ('<'), or -1.
func htmlTagEnd(s string, i int) int {
	k := i + 1
	if k < len(s) && s[k] == '/' {
		k++
	}
	n := k
	for n < len(s) && normalize.IsWordByte(s[n]) {
		n++
	}
	if n == k || n-k > 10 || !htmlTagNames[lowerASCII(s[k:n])] {
		return -1
	}
	for n < len(s) {
		switch s[n] {
		case '>':
			return n + 1
		case '<':
			return -1
		case '"', '\'':
			q := strings.IndexByte(s[n+1:], s[n])
			if q < 0 {
				return -1
			}
			n += q + 2
		default:
			n++
		}
	}
	return -1
}

func tagName(tag string) string {
	i := 1
	if len(tag) > 1 && tag[1] == '/' {
		i = 2
	}
	j := i
	for j < len(tag) && normalize.IsWordByte(tag[j]) {
		j++
	}
	return tag[i:j]
}

var wrappedURL = regexp.MustCompile(`\([ \t]*\n?[ \t]*(https?://[^\s()]{1,1000})[ \t]*\n?[ \t]*\)`)

// isRule reports a thematic break or setext underline: ---, ***, ===, ___,
// and the long full-width dash lines Chinese posters draw (————).
func isRule(t string) bool {
	n := 0
	var first rune
	for _, r := range t {
		switch r {
		case '-', '=', '*', '_', '—', '─', '━', '－', '＝':
			if first == 0 {
				first = r
			}
			if r != first {
				return false
			}
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3 || (n >= 2 && (first == '=' || first == '—'))
}

func headingPrefix(t string) (int, string) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return 0, t
	}
	rest := t[n:]
	if rest == "" {
		return n, "" // an empty heading ("# <img …>" once the image is gone)
	}
	// GitHub wants a space after the hashes; many posters writing Chinese
	// omit it ("###【北京】…"), so a non-ASCII character counts too. "#1106"
	// (an issue reference) does not.
	r, _ := utf8.DecodeRuneInString(rest)
	if r == ' ' || r == '\t' || r >= utf8.RuneSelf || r == '*' || r == '[' {
		return n, rest
	}
	return 0, t
}

func bulletPrefix(t string) (string, bool) {
	for _, p := range []string{"- ", "* ", "+ ", "• ", "· ", "-\t", "*\t"} {
		if strings.HasPrefix(t, p) {
			return strings.TrimLeftFunc(t[len(p):], unicode.IsSpace), true
		}
	}
	if t == "-" || t == "*" || t == "+" {
		return "", true
	}
	return t, false
}

// orderedPrefix returns the length of an ordered-list marker ("1. ", "2、",
// "(3)", "一、"), 0 when there is none. The marker stays in the text — the
// number is part of what the poster wrote — but the parser strips it from
// titles.
func orderedPrefix(t string) int {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i <= 3 && i < len(t) {
		r, w := utf8.DecodeRuneInString(t[i:])
		switch r {
		case '.', '、', ')', '）', '．', '，':
			return i + w
		}
		return 0
	}
	n := 0
	for _, r := range t {
		if !strings.ContainsRune("一二三四五六七八九十", r) {
			if n > 0 && r == '、' {
				return n + len("、")
			}
			return 0
		}
		n += utf8.RuneLen(r)
	}
	return 0
}

func wholeBold(t string) bool {
	t = strings.TrimSpace(t)
	if len(t) < 5 {
		return false
	}
	if (strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**")) ||
		(strings.HasPrefix(t, "__") && strings.HasSuffix(t, "__")) {
		return true
	}
	return false
}

// bareTableRows marks the rows of the tables written without the outer
// pipes, which GitHub renders as tables too: a header row, a delimiter row
// of as many cells ("岗位|人数|薪资" over "--|--|--"), and the rows with a
// pipe below them.
func bareTableRows(raw []string) []bool {
	var bare []bool
	for i := 0; i+1 < len(raw); i++ {
		if strings.IndexByte(raw[i+1], '|') < 0 || strings.IndexByte(raw[i+1], '-') < 0 {
			continue // a delimiter row has both
		}
		head, delim := strings.TrimSpace(raw[i]), strings.TrimSpace(raw[i+1])
		if strings.HasPrefix(head, "|") || strings.HasPrefix(head, ">") || !strings.Contains(head, "|") || !strings.Contains(delim, "|") {
			continue
		}
		dc := splitCells(delim)
		if !isSepRow(dc) || len(dc) != len(splitCells(head)) {
			continue
		}
		if bare == nil {
			bare = make([]bool, len(raw))
		}
		bare[i], bare[i+1] = true, true
		for i += 2; i < len(raw) && strings.Contains(raw[i], "|") && strings.TrimSpace(raw[i]) != ""; i++ {
			bare[i] = true
		}
		i--
	}
	return bare // nil when there is no such table
}

func splitCells(t string) []string {
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "|")
	t = strings.TrimSuffix(t, "|")
	var cells []string
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '\\' && i+1 < len(t) && t[i+1] == '|' {
			b.WriteByte('|')
			i++
			continue
		}
		if c == '|' {
			cells = append(cells, b.String())
			b.Reset()
			continue
		}
		b.WriteByte(c)
	}
	return append(cells, b.String())
}

func isSepRow(cells []string) bool {
	any := false
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		c = strings.Trim(c, ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
		any = true
	}
	return any
}

// inline reduces one line of Markdown inline syntax to text: images are
// dropped, links keep their text, emphasis and code markers go, escapes are
// resolved and emoji short codes (":rocket:") removed.
func inline(s string) string {
	t, _ := inlineLinks(s)
	return t
}

// inlineLinks is inline that also returns the text of the links it reduced.
func inlineLinks(s string) (string, []string) {
	if !containsAnyRune(s, "[]!*_`~\\<:") {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	var links []string
	inlineTo(&b, s, 0, &links)
	out := b.String()
	if containsAnyRune(out, "*_") {
		out = stripSingleEmphasis(out)
		out = stripOpenEmphasis(out)
	}
	return out, links
}

// stripOpenEmphasis removes an emphasis marker that opens a line or closes
// it when its partner is on another line ("_技术栈：…" … "…精通英语_"); the
// marker must touch a non-ASCII letter, so "__init__" and "a_b" stay.
func stripOpenEmphasis(s string) string {
	for _, m := range []string{"_", "*"} {
		if strings.HasPrefix(s, m) && !strings.HasPrefix(s, m+m) {
			if r, _ := utf8.DecodeRuneInString(s[1:]); r >= utf8.RuneSelf {
				s = s[1:]
			}
		}
		if strings.HasSuffix(s, m) && !strings.HasSuffix(s, m+m) {
			if r, _ := utf8.DecodeLastRuneInString(s[:len(s)-1]); r >= utf8.RuneSelf {
				s = s[:len(s)-1]
			}
		}
	}
	return s
}

func inlineTo(b *strings.Builder, s string, depth int, links *[]string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!|<>~", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if end, _, ok := linkAt(s, i+1); ok {
				i = end
				continue
			}
		case c == '[':
			if end, text, ok := linkAt(s, i); ok {
				if depth < 4 {
					start := b.Len()
					inlineTo(b, text, depth+1, links)
					if depth == 0 {
						*links = append(*links, strings.TrimSpace(b.String()[start:]))
					}
				}
				i = end
				continue
			}
		case c == '<' && (strings.HasPrefix(s[i:], "<http://") || strings.HasPrefix(s[i:], "<https://")):
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				b.WriteString(s[i+1 : i+j])
				i += j + 1
				continue
			}
		case (c == '*' || c == '_' || c == '~') && i+1 < len(s) && s[i+1] == c:
			n := 2
			for i+n < len(s) && s[i+n] == c {
				n++
			}
			i += n
			continue
		case c == '`':
			i++
			continue
		case c == ':':
			if n := shortcodeLen(s[i:]); n > 0 {
				i += n
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
}

// linkAt parses "[text](url)" starting at s[i] == '['. It returns the index
// just past the link and the link text. Brackets nest; "[北京][字节跳动]"
// (no parenthesis after the bracket) is not a link and is left as text.
func linkAt(s string, i int) (end int, text string, ok bool) {
	j := matchClose(s, i, '[', ']')
	if j < 0 || j+1 >= len(s) || s[j+1] != '(' {
		return 0, "", false
	}
	k := matchClose(s, j+1, '(', ')')
	if k < 0 {
		return 0, "", false
	}
	return k + 1, s[i+1 : j], true
}

func matchClose(s string, i int, open, close byte) int {
	depth := 0
	limit := min(len(s), i+4000)
	for j := i; j < limit; j++ {
		switch s[j] {
		case '\\':
			j++
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// shortcodeLen returns the length of a GitHub emoji short code (":rocket:")
// at the start of s, 0 if there is none.
func shortcodeLen(s string) int {
	if len(s) < 4 || s[0] != ':' {
		return 0
	}
	if c := s[1]; c < 'a' || c > 'z' {
		return 0
	}
	for j := 2; j < len(s) && j < 40; j++ {
		c := s[j]
		switch {
		case c == ':':
			if j >= 3 {
				return j + 1
			}
			return 0
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '+', c == '-':
		default:
			return 0
		}
	}
	return 0
}

// stripSingleEmphasis removes *x* and _x_ pairs: an opener after a space or
// at the start, a closer before a space or at the end. "20k*15薪" and
// "snake_case" keep their characters.
func stripSingleEmphasis(s string) string {
	rs := []rune(s)
	drop := make([]bool, len(rs))
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if c != '*' && c != '_' {
			continue
		}
		if i > 0 && !edgeRune(rs[i-1]) || i+1 >= len(rs) || unicode.IsSpace(rs[i+1]) {
			continue
		}
		for j := i + 2; j < len(rs); j++ {
			if rs[j] == c && !unicode.IsSpace(rs[j-1]) && (j+1 == len(rs) || edgeRune(rs[j+1])) {
				drop[i], drop[j] = true, true
				i = j
				break
			}
		}
	}
	var b strings.Builder
	for i, r := range rs {
		if !drop[i] {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func edgeRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || r >= 0x3000
}

// submatchIf is re.FindStringSubmatch(s), run only when s holds need, a
// literal every match of re contains: a failing regular expression costs
// far more than the look-up.
func submatchIf(re *regexp.Regexp, s, need string) []string {
	if !strings.Contains(s, need) {
		return nil
	}
	return re.FindStringSubmatch(s)
}

// lowerASCII lower-cases the ASCII letters of s and leaves every other
// byte as it is, so that the result has s's length and byte offsets. The
// parser's word lists are ASCII or Chinese; strings.ToLower, which maps
// every rune of a Chinese text through the Unicode tables, was one of the
// parser's largest costs.
func lowerASCII(s string) string {
	i := 0
	// eight bytes at a time while none is an upper-case letter: most text
	// here is Chinese, and the scan was a twentieth of the parse
	for i+8 <= len(s) && !hasUpper8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
		uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56) {
		i += 8
	}
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i+8 <= len(b); i += 8 {
		// an upper-case letter lacks the bit 0x20 its lower case has
		x := binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(b[i:], x|upper8(x)>>2)
	}
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// indexDigit returns the index of the first ASCII digit of s, or -1,
// looking at eight bytes at a time.
func indexDigit(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if bytesIn8(uint64(s[i])|uint64(s[i+1])<<8|uint64(s[i+2])<<16|uint64(s[i+3])<<24|
			uint64(s[i+4])<<32|uint64(s[i+5])<<40|uint64(s[i+6])<<48|uint64(s[i+7])<<56, '0', '9') != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return i
		}
	}
	return -1
}

// bytesIn8 has the high bit of each byte of x that is in lo–hi set, and no
// other bit (0 < lo <= hi < 128): as in upper8.
func bytesIn8(x uint64, lo, hi byte) uint64 {
	const ones, low7, high = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	t := x & low7
	return (ones*(127+uint64(hi)+1) - t) &^ x & (t + ones*(127-(uint64(lo)-1))) & high
}

// hasUpper8 reports whether any of the eight bytes of x is in 'A'–'Z'.
// Per byte b, 127+'Z'+1-(b&127) has its high bit set iff b&127 <= 'Z',
// (b&127)+127-('A'-1) iff b&127 >= 'A', and ^b iff b < 128; no sum or
// difference carries into the next byte.
func hasUpper8(x uint64) bool { return upper8(x) != 0 }

// upper8 has the high bit of each byte of x that is in 'A'–'Z' set, and
// no other bit.
func upper8(x uint64) uint64 {
	const ones, low7, high = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	t := x & low7
	return (ones*(127+'Z'+1) - t) &^ x & (t + ones*(127-('A'-1))) & high
}

// containsAnyRune is strings.ContainsAny, faster for the sets of Chinese
// punctuation the parser asks about: strings.ContainsAny decodes every
// rune of s and looks each up in chars once chars has a non-ASCII rune,
// where one substring search per rune of chars is a fast byte scan.
func containsAnyRune(s, chars string) bool {
	for i, r := range chars {
		if strings.Contains(s, chars[i:i+utf8.RuneLen(r)]) {
			return true
		}
	}
	return false
}

// runesAtMost reports whether s has at most n runes
// (utf8.RuneCountInString(s) <= n) without counting a long text to its
// end: a rune is one to four bytes.
func runesAtMost(s string, n int) bool {
	if len(s) <= n {
		return true
	}
	if n < 0 || len(s) > 4*n {
		return false
	}
	c := 0
	for i := 0; i < len(s); c++ {
		if c == n {
			return false
		}
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		// a three-byte rune whose lead admits any continuation bytes (not
		// 0xE0 or 0xED), without decoding it
		if (c >= 0xE1 && c <= 0xEC || c >= 0xEE) && c <= 0xEF && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return true
}
