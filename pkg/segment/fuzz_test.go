package segment

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTokens: whatever the text, Tokens must not panic and every token must
// be clean, valid UTF-8 and stable; appending must keep what dst held.
func FuzzTokens(f *testing.F) {
	for _, seed := range []string{
		"1、带领小组完成日常社区后端核心业务相关的微服务开发和维护工作",
		"· 5年以上现代编程语言经验（例如Golang, C/C++, Java, Node.js, Python等）",
		"2、熟悉 .NET 和 Java 技术栈，熟悉Spring、Spring Boot、Springcloud、.net core等主流框架；_x000d_",
		"Go1.18+、Vue2.x/Vue3、k8s、gRPC、ＪＡＶＡ、Ｃ＃、20K-40K·14薪",
		"we're looking for a Go engineer (remote) - https://example.com/jobs?id=1",
		"微服务\xff\xfe云原生\x00高并发",
		"完整介绍：https://www.yuque.com/ishenli/vvduk4/bgz32q ，内推码：d4m8k，微信：zhangsan_2020 @ishenli hr@x.cn",
		"1、计算机、通信、自动化或电子工程等相关专业；熟悉Java，计算机相关专业，专业本科",
		"...---+++###___",
		"",
	} {
		f.Add(seed)
	}
	s, err := segCanon()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		dst := []string{"keep"}
		got := s.Tokens(dst, text)
		if len(got) == 0 || got[0] != "keep" {
			t.Fatalf("Tokens dropped what dst held: %q", got)
		}
		for _, tok := range got[1:] {
			switch {
			case tok == "":
				t.Fatalf("empty token from %q", text)
			case !utf8.ValidString(tok):
				t.Fatalf("invalid UTF-8 token %q from %q", tok, text)
			case utf8.RuneCountInString(tok) < 2:
				t.Fatalf("single-character token %q from %q", tok, text)
			case strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || isSpace(r) }):
				t.Fatalf("token %q with white space from %q", tok, text)
			case !hasLetter(tok):
				t.Fatalf("token %q without a letter from %q", tok, text)
			}
		}
		if again := s.Tokens(nil, text); !slices.Equal(again, got[1:]) {
			t.Fatalf("Tokens is not deterministic for %q: %q then %q", text, got[1:], again)
		}
	})
}
