package posting

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestRepostKey(t *testing.T) {
	base := Posting{Source: "boss", SourceID: "1", Company: "得物App", Title: "Golang 开发", Description: "负责 微服务\n开发"}
	same := []func(p *Posting){
		func(p *Posting) { p.SourceID = "2" },                                      // another id
		func(p *Posting) { p.Description = "负责微服务\r\n  开发  " },                     // re-flowed
		func(p *Posting) { p.Title = "GOLANG开发" },                                  // re-cased, re-spaced
		func(p *Posting) { p.City, p.Salary, p.URL = "上海", "30-60K", "https://x" }, // not part of the key
	}
	different := []func(p *Posting){
		func(p *Posting) { p.Source = "lagou" },
		func(p *Posting) { p.Company = "字节跳动" },
		func(p *Posting) { p.Title = "Java 开发" },
		func(p *Posting) { p.Description = "负责 前端" },
		func(p *Posting) { p.Description = "" },                         // no description: never merged
		func(p *Posting) { p.Company, p.Title = "得物", "App Golang 开发" }, // field boundaries count
	}
	for i, f := range same {
		p := base
		f(&p)
		if p.RepostKey() != base.RepostKey() {
			t.Errorf("same[%d]: keys differ for %+v", i, p)
		}
	}
	for i, f := range different {
		p := base
		f(&p)
		if p.RepostKey() == base.RepostKey() {
			t.Errorf("different[%d]: keys equal for %+v", i, p)
		}
	}
	a, b := base, base
	a.Description, b.Description = "", ""
	b.SourceID = "2"
	if a.RepostKey() == b.RepostKey() {
		t.Error("two postings without a description were merged")
	}
}

func TestContentHashIgnoresSightings(t *testing.T) {
	p := Posting{Source: "x", SourceID: "1", Title: "Go", PostedAt: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)}
	q := p
	q.FirstSeen, q.LastSeen, q.Raw = time.Now(), time.Now(), []byte("{}")
	if p.ContentHash() != q.ContentHash() {
		t.Error("seen-dates or raw changed the content hash")
	}
	q.Salary = "20K"
	if p.ContentHash() == q.ContentHash() {
		t.Error("a salary change did not change the content hash")
	}
}

func TestYear(t *testing.T) {
	seen := time.Date(2024, 10, 9, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		p    Posting
		want int
	}{
		{Posting{PostedAt: time.Date(2019, 3, 15, 0, 0, 0, 0, time.UTC), FirstSeen: seen}, 2019},
		{Posting{FirstSeen: seen}, 2024},
		{Posting{}, 0},
	} {
		if got := tt.p.Year(); got != tt.want {
			t.Errorf("Year() = %d, want %d", got, tt.want)
		}
	}
}

// TestFoldedFastPath: copying the 3-byte characters U+4000–U+9FFF without
// decoding them folds exactly as the rule does rune by rune, on real text,
// on every character of the range and on broken UTF-8 around it.
func TestFoldedFastPath(t *testing.T) {
	byRule := func(s string) []byte {
		var dst []byte
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r < utf8.RuneSelf && (r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'):
			case r < utf8.RuneSelf:
				dst = append(dst, byte(unicode.ToLower(r)))
			case r >= 0x3400 && r <= 0x9FFF:
				dst = append(dst, s[i:i+size]...)
			case r == utf8.RuneError && size == 1:
				dst = utf8.AppendRune(dst, r)
			case !unicode.IsSpace(r):
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			i += size
		}
		return dst
	}
	var all strings.Builder
	for r := rune(0x3F00); r <= 0xA0FF; r++ {
		all.WriteRune(r)
	}
	cases := []string{
		"岗位职责：\n1. 负责 Golang 微服务开发　（全职）\r\nＧｏ / Kafka",
		all.String(),
		"\xe4\xb8", "\xe4\xb8x", "\xe9\x80\x80\x80", "\xe4\xb8\xe4\xb8\xad", "中\xff文", "\xe9", "a\u3000b",
	}
	for _, s := range cases {
		if got, want := appendFolded(nil, s), byRule(s); !bytes.Equal(got, want) {
			t.Errorf("appendFolded(%.40q) = %.40q, the rule gives %.40q", s, got, want)
		}
	}
}

// BenchmarkRepostKey keys a posting of a typical Chinese job ad's length.
func BenchmarkRepostKey(b *testing.B) {
	desc := strings.Repeat("职位描述：负责 Golang 后端服务的设计与开发，参与 Kubernetes 平台建设。\n", 16)
	p := Posting{Source: "bench", Company: "字节跳动", Title: "Go 开发工程师", Description: desc}
	b.SetBytes(int64(len(desc)))
	for b.Loop() {
		_ = p.RepostKey()
	}
}
