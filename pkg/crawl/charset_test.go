package crawl

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var metaRe = regexp.MustCompile(`(?i)<meta[^>]*charset[^>]*>`)

func TestDecodeBodyRealPages(t *testing.T) {
	gbkPage := fixture(t, "pages/51job/list_2021-02_gbk.html.gz")
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantCharset string
		wantText    string
	}{
		{"GBK bytes, GBK in header", gbkPage, "text/html; charset=gbk", "gb18030", "-前程无忧"},
		{"GBK bytes, GBK only in <meta>", gbkPage, "text/html", "gb18030", "-前程无忧"},
		{"GBK bytes, header says ISO-8859-1", gbkPage, "text/html; charset=iso-8859-1", "gb18030", "-前程无忧"},
		{"GBK bytes, header says UTF-8", gbkPage, "text/html; charset=utf-8", "gb18030", "-前程无忧"},
		{"GBK bytes, <meta> says UTF-8", gbk(t, `<html><head><meta charset="utf-8"><title>数据分析师-北京</title>`), "text/html", "gb18030", "数据分析师-北京"},
		{"UTF-8 with a damaged byte, declared UTF-8", []byte("<html><title>数据分析\xff师-北京</title>"), "text/html; charset=utf-8", "utf-8", "师-北京"},
		{"GBK bytes, no declaration at all", metaRe.ReplaceAll(gbkPage, nil), "text/html", "gb18030", "-前程无忧"},
		{"UTF-8 bytes whose <meta> says GBK", fixture(t, "pages/51job/company_2021-02_utf8_meta_says_gbk.html.gz"), "text/html",
			"utf-8", "印孚瑟斯技术（中国）有限公司招聘"},
		{"UTF-8 bytes the server declared ISO-8859-1", fixture(t, "pages/zhaopin/list_2023-01_ssr_empty_result.html.gz"),
			"text/html; charset=iso-8859-1", "utf-8", "尽在智联招聘"},
		{"UTF-8 with a byte-order mark", append([]byte("\xef\xbb\xbf"), "<p>上海</p>"...), "", "utf-8", "<p>上海"},
		{"GBK JSON from an API", gbk(t, `{"city":"北京","positionName":"数据分析师"}`), "application/json;charset=GBK", "gb18030", `"北京"`},
		{"plain ASCII", []byte("<html>hello</html>"), "text/html; charset=gbk", "utf-8", "hello"},
		{"UTF-16 with BOM", []byte("\xff\xfeh\x00i\x00"), "", "utf-16le", "hi"},
	}
	for _, tt := range tests {
		out, cs := decodeBody(tt.body, tt.contentType)
		if cs != tt.wantCharset || !bytes.Contains(out, []byte(tt.wantText)) {
			t.Errorf("%s: charset %q, text has %q: %v; want %q and the text", tt.name, cs, tt.wantText,
				bytes.Contains(out, []byte(tt.wantText)), tt.wantCharset)
		}
		if !utf8.Valid(out) {
			t.Errorf("%s: output is not valid UTF-8", tt.name)
		}
	}
}

func TestDecodeBodyNeverGuessesChineseForLatin(t *testing.T) {
	latin1 := []byte("Caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9 \xe0 Montr\xe9al")
	out, cs := decodeBody(latin1, "text/html; charset=iso-8859-1")
	if !strings.Contains(string(out), "Café crème") {
		t.Errorf("Latin-1 page decoded as %s: %q", cs, out)
	}
}

// TestDecodeBodyIsDeterministic: bytes that only detection can read (two
// inputs FuzzGitHubParse and FuzzCSSParse found) decode the same way every
// time; chardet alone picks among equally confident guesses at random.
func TestDecodeBodyIsDeterministic(t *testing.T) {
	for _, in := range []string{"[{\"html_url\":\"2\",\"BodY\":\"\x90b\x8b1\xab\xaf\",\"\":{}}]",
		"0C0XA07x0AB0<A Class=\"job-link\" href=\xd8\xd8\xd808aX\xd87117x21101Z!\xd8>"} {
		first, cs := decodeBody([]byte(in), "text/html")
		for range 1000 {
			if out, cs2 := decodeBody([]byte(in), "text/html"); cs2 != cs || !bytes.Equal(out, first) {
				t.Fatalf("%q decoded as %s, then as %s", in, cs, cs2)
			}
		}
	}
}

func FuzzDecodeBody(f *testing.F) {
	f.Add([]byte("<meta charset=gbk>\xc9\xcf\xba\xa3"), "text/html")
	f.Add([]byte("\xef\xbb\xbf{}"), "application/json")
	f.Add([]byte("\xff\xfe\x00"), "")
	f.Add([]byte("abc\x80\x81"), "text/html; charset=utf-8")
	f.Add([]byte("<meta http-equiv=Content-Type content='text/html; charset=big5'>\xa4\xa4"), "text/html")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		out, cs := decodeBody(body, ct)
		if !utf8.Valid(out) {
			t.Fatalf("decodeBody(%q, %q) = %q (%s): not UTF-8", body, ct, out, cs)
		}
		if utf8.Valid(body) && !bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) && !bytes.HasPrefix(body, []byte("\xff\xfe")) &&
			!bytes.HasPrefix(body, []byte("\xfe\xff")) && !bytes.Equal(out, body) {
			t.Fatalf("valid UTF-8 %q was changed to %q (%s)", body, out, cs)
		}
	})
}
