package segment

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"
)

// wholeTextTokens is Tokens as it was before jieba was given only the
// non-ASCII runs (segment-rules-4): jieba cut the whole text and the Latin
// scanner took over at every word that began with an ASCII letter. It is
// the oracle of TestTokensMatchWholeText.
func (s *Segmenter) wholeTextTokens(dst []string, text string) []string {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, " ")
	}
	text = foldFullWidth(text)
	for {
		i := strings.IndexByte(text, 0)
		if i < 0 {
			break
		}
		dst = s.wholeTextCut(dst, text[:i])
		text = text[i+1:]
	}
	return s.wholeTextCut(dst, text)
}

func (s *Segmenter) wholeTextCut(dst []string, text string) []string {
	if text == "" {
		return dst
	}
	words := s.jieba.Tokenize(text, gojieba.DefaultMode, s.hmm)
	pos := 0 // text before pos has been handled (Latin spans end past words)
	for _, w := range words {
		if w.Start < pos {
			continue
		}
		if c := text[w.Start]; c < utf8.RuneSelf {
			if isSpanByte(c) {
				end := spanEnd(text, w.Start)
				if c, next, ok := s.phrase(text, w.Start, end); ok {
					dst = append(dst, c)
					pos = next
					continue
				}
				dst = s.appendLatinSpan(dst, text[w.Start:end])
				pos = end
			}
			continue // white space, ASCII punctuation
		}
		tok := w.Str
		// A dictionary word may end in Latin letters (卡拉OK); the Latin
		// part is the scanner's, up to the end of its span.
		if i := strings.IndexFunc(tok, func(r rune) bool { return r < utf8.RuneSelf && isSpanByte(byte(r)) }); i >= 0 {
			end := spanEnd(text, w.Start+i)
			dst = s.appendHan(dst, tok[:i])
			dst = s.appendLatinSpan(dst, text[w.Start+i:end])
			pos = end
			continue
		}
		dst = s.appendHan(dst, tok)
	}
	return dst
}

// TestTokensMatchWholeText pins what giving jieba only the non-ASCII runs
// changes: on the real postings in testdata, the tokens of every text are
// those of cutting the whole text, except where jieba's dictionary has a
// word mixing Han and Latin letters (卡拉OK) or the DAG crossed an ASCII
// run, listed here as they are found.
func TestTokensMatchWholeText(t *testing.T) {
	// The oracle predates the rule for fields of study (majors.go), which
	// works on the words jieba returns and so differs where Latin words
	// stand in such a list: it is compared without it.
	seg, err := New(Options{CacheDir: testCacheDir})
	if err != nil {
		t.Fatal(err)
	}
	defer seg.Close()
	seg.keepMajors = true
	texts := []string{"使用Go语言开发", "熟悉Node.js/Vue.js，了解k8s", "唱卡拉OK", "T恤", "Ｇｏ语言\x00开发", "a\x00b 中文\x00", "中文 Spring Boot 框架", ""}
	for _, d := range loadTestdata(t) {
		texts = append(texts, d.Text)
	}
	differ := 0
	for _, text := range texts {
		got := seg.Tokens(nil, text)
		want := seg.wholeTextTokens(nil, maskContacts(text))
		if slices.Equal(got, want) {
			continue
		}
		differ++
		g, w := slices.Clone(got), slices.Clone(want)
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Errorf("tokens of %.60q differ from the whole text's:\n got  %q\n want %q", text, got, want)
		} else {
			t.Errorf("tokens of %.60q are the whole text's in another order", text)
		}
	}
	t.Logf("%d texts, %d differ", len(texts), differ)
}

// maskContacts blanks the contact details Tokens skips (contact.go), so
// that cutting the whole text is compared on the same words.
func maskContacts(text string) string {
	b := []byte(text)
	for a := 0; a < len(text); {
		if text[a] >= utf8.RuneSelf {
			a++
			continue
		}
		e := a
		for e < len(text) && text[e] < utf8.RuneSelf {
			e++
		}
		handle := handleAfterCue(text, a)
		for i := a; i < e; {
			if !isSpanByte(text[i]) {
				i++
				continue
			}
			end := spanEnd(text, i)
			if next := contactAt(text, i, end, e, &handle); next > i {
				for k := i; k < next; k++ {
					b[k] = ' '
				}
				i = next
				continue
			}
			i = end
		}
		a = e
	}
	return string(b)
}
