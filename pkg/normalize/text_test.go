package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain text", "plain text"},
		{"熟悉Ｇｏ语言，Ｋ８ｓ", "熟悉Go语言,K8s"},
		{"<p>岗位要求:</p><p>熟悉 go 语言</p>", "岗位要求:\n\n熟悉 go 语言"},
		{"Go&#x2F;Python &amp; R&amp;D", "Go/Python & R&D"},
		{"a&nbsp;&nbsp;b", "a b"},
		{"  lead\r\n\r\n\r\ntrail  ", "lead\n\ntrail"},
		{"x<script>var go=1;</script>y", "x\ny"},
		{"x<3 and y > 2", "x<3 and y > 2"}, // not a tag
		{"熟悉<go语言", "熟悉<go语言"},
		{"R&D and AT&T;", "R&D and AT&T;"},
		{"<!-- comment -->Go", "Go"},
		{"<td>A</td><td>B</td>", "A B"},
		{"１０年　经验", "10年 经验"},
	}
	for _, tt := range tests {
		got := NormalizeText(tt.in)
		if got.S != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got.S, tt.want)
		}
	}
}

func TestTextSpan(t *testing.T) {
	in := "<p>熟悉 Ｇｏ&amp;Rust</p>"
	nt := NormalizeText(in)
	if nt.S != "熟悉 Go&Rust" {
		t.Fatalf("S = %q", nt.S)
	}
	for _, tt := range []struct {
		clean, orig string
	}{{"Go", "Ｇｏ"}, {"Rust", "Rust"}, {"&", "&amp;"}, {"熟悉", "熟悉"}, {"Go&Rust", "Ｇｏ&amp;Rust"}} {
		i := strings.Index(nt.S, tt.clean)
		a, b := nt.Span(i, i+len(tt.clean))
		if got := in[a:b]; got != tt.orig {
			t.Errorf("Span of %q = %q, want %q", tt.clean, got, tt.orig)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	in := "职位职责： \n<br />1、负责**SaaS**系统<br/>2、熟悉Ｇｏ&nbsp;语言<style>p{}</style>"
	want := "职位职责:\n1、负责**SaaS**系统\n2、熟悉Ｇｏ 语言"
	// HTMLToText keeps widths; only NormalizeText applies NFKC.
	want = strings.Replace(want, "职位职责:", "职位职责：", 1)
	if got := HTMLToText(in); got != want {
		t.Errorf("HTMLToText = %q, want %q", got, want)
	}
}

func TestFoldSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a \t b", "a b"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"a\n\n\n\nb", "a\n\nb"},
		{"a\n \n b", "a\n\nb"},
		{"\u3000全角\u00a0空格\u3000", "全角 空格"},
		{"x<b>y</b>", "x<b>y</b>"},
		{"Python和Go_x000d_2、Redis_X000A__x000d_", "Python和Go\n2、Redis"},
		{"a_x000b_c _x000", "a_x000b_c _x000"},
		// CR then LF is one line end, as "\r\n" is; LF then CR two, as "\n\r".
		{"a_x000D_\nb_x000d__x000a_c_x000a__x000d_d", "a\nb\nc\n\nd"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FoldSpace(tt.in); got != tt.want {
			t.Errorf("FoldSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"<p>Go&#x2F;Python</p>", "熟悉Ｇｏ语言", "Go_x000d_Java_X000A_", "&#95;x000d_Go", "a\r\n\r\nb", "<script>x", "&#xFF27;o", "e\u0301", "<a href='>'>x</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		nt := NormalizeText(s)
		if utf8.ValidString(s) && !utf8.ValidString(nt.S) {
			t.Fatalf("invalid UTF-8 out of valid input %q: %q", s, nt.S)
		}
		prev := 0
		for i := 0; i <= len(nt.S); i++ {
			a, b := nt.Span(i, len(nt.S))
			if a < 0 || b > len(s) || a > b {
				t.Fatalf("Span(%d,%d) = %d,%d out of range for %q", i, len(nt.S), a, b, s)
			}
			if a < prev {
				t.Fatalf("Span start not monotonic at %d for %q", i, s)
			}
			prev = a
		}
		if FoldSpace(nt.S) != nt.S {
			t.Fatalf("NormalizeText(%q) = %q is not folded", s, nt.S)
		}
	})
}
