package skill

import (
	"strings"
	"testing"
)

func TestSearchTokens(t *testing.T) {
	s := DefaultSearcher()
	tests := []struct{ in, want string }{
		{"熟悉Golang1.21与k8s", "熟 悉 go 与 kubernetes"},
		{"精通 Ｇｏ、C++ 和 C#，了解 .NET 与 Node.js", "精 通 go cpp 和 csharp 了 解 dotnet 与 nodejs"},
		{"微服务架构", "微 服 务 架 构"},
		{"云 原生", "云 原 生"},
		{`"OR" NEAR(x, 3) *; DROP TABLE postings; --`, "or near x 3 drop table postings"},
		{"go-zero/gin 框架", "go zero gin 框 架"},
		{"Python3.8、vue.js、CI/CD", "python vue cicd"},
	}
	for _, tt := range tests {
		got := strings.Join(s.Tokens(nil, tt.in), " ")
		if got != tt.want {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseTerm(t *testing.T) {
	s := DefaultSearcher()
	tests := []struct {
		in      string
		skill   string
		tokens  string
		wantErr string
	}{
		{in: "golang", skill: "go"},
		{in: "Go", skill: "go"},
		{in: "k8s", skill: "kubernetes"},
		{in: "微服务", skill: "microservice"},
		{in: "微服务治理", tokens: "微 服 务 治 理"},
		// A skill with a role suffix asks for the skill: the tags, not a phrase.
		{in: "Go语言", skill: "go"},
		{in: "golang开发", skill: "go"},
		{in: "Java开发工程师", skill: "java"},
		{in: "Python 工程师", skill: "python"},
		{in: "语言", tokens: "语 言"},
		{in: "产品开发", tokens: "产 品 开 发"},
		{in: "云", tokens: "云"},
		{in: "高并发 分布式", tokens: "高 并 发 分 布 式"},
		{in: "NEAR(", tokens: "near"},
		{in: "'; DROP TABLE postings; --", tokens: "drop table postings"},
		{in: `"`, wantErr: "no letters or digits"},
		{in: "*", wantErr: "no letters or digits"},
		{in: strings.Repeat("很", 5000), wantErr: "too long"},
		{in: "bad\xff", wantErr: "not valid UTF-8"},
	}
	for _, tt := range tests {
		got, err := s.ParseTerm(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseTerm(%.20q) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.Skill != tt.skill || strings.Join(got.Tokens, " ") != tt.tokens {
			t.Errorf("ParseTerm(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

// FuzzSearchTokens: tokens are never empty and hold only letters and
// digits, so nothing can reach the full-text query syntax.
func FuzzSearchTokens(f *testing.F) {
	for _, s := range []string{"熟悉Golang1.21与k8s", `"OR" NEAR(x) *`, ".NET C# C++", "微服务"} {
		f.Add(s)
	}
	s := DefaultSearcher()
	f.Fuzz(func(t *testing.T, in string) {
		for _, tok := range s.Tokens(nil, in) {
			if tok == "" || strings.IndexFunc(tok, func(r rune) bool { return !isLetterOrDigit(r) }) >= 0 {
				t.Fatalf("Tokens(%q) gave token %q", in, tok)
			}
		}
	})
}
