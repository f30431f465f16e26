package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText reduces an HTML fragment (or plain text that may contain a few
// tags, as exported job descriptions do) to plain text: tags removed,
// entities decoded, block elements and <br> turned into line breaks, script
// and style content dropped, and white space folded by FoldSpace.
func HTMLToText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return FoldSpace(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s))
	skip := 0 // depth inside <script>/<style>
	for {
		switch z.Next() {
		case html.ErrorToken:
			return FoldSpace(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style {
				if t := z.Token(); t.Type == html.StartTagToken {
					skip++
				}
				continue
			}
			if breaksLine(a) {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if (a == atom.Script || a == atom.Style) && skip > 0 {
				skip--
				continue
			}
			if breaksLine(a) {
				b.WriteByte('\n')
			}
		}
	}
}

func breaksLine(a atom.Atom) bool {
	switch a {
	case atom.Br, atom.P, atom.Div, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Table,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Dd, atom.Dt, atom.Dl, atom.Pre, atom.Blockquote, atom.Hr:
		return true
	}
	return false
}

// FoldSpace normalizes white space the way a reader sees it: CRLF and CR
// become LF, runs of blanks inside a line become one space, lines are
// trimmed, and more than one empty line in a row becomes one. Non-breaking
// and ideographic spaces count as blanks.
func FoldSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	blankLines := 0
	started := false
	for _, line := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n") {
		line = strings.Join(strings.FieldsFunc(line, isBlank), " ")
		if line == "" {
			blankLines++
			continue
		}
		if started {
			if blankLines > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
		started = true
		blankLines = 0
	}
	return b.String()
}

func isBlank(r rune) bool {
	switch r {
	case ' ', '\t', '\v', '\f', '\u00a0', '\u3000', '\u2002', '\u2003', '\u2009', '\u200b', '\ufeff':
		return true
	}
	return false
}
