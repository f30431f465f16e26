package segment

import (
	"slices"
	"testing"
)

// Links, e-mail addresses, handles and referral codes give no tokens; the
// tech names around them, and dotted names that look like hosts (asp.net,
// socket.io, node.js), still do. The texts are the corpus's, shortened.
func TestContactDetailsGiveNoTokens(t *testing.T) {
	s, err := segCanon()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text      string
		want, not []string
	}{
		{"### [前端JD](https://job.toutiao.com/s/tDBVER)\r\n### [全部岗位](https://job.toutiao.com/campus/)",
			[]string{"前端", "jd"}, []string{"job", "toutiao", "tdbver", "campus", "https"}},
		{"【拼多多集团-PDD校园招聘】内推链接：https://careers.pddglobalhr.com/campus/grad?t=d4m8kLDYqq ，内推码：d4m8k",
			[]string{"pdd"}, []string{"careers", "pddglobalhr", "campus", "grad", "d4m8k"}},
		{"完整介绍可以查看：https://www.yuque.com/ishenli/vvduk4/bgz32q 前端工程师", []string{"前端"}, []string{"yuque", "ishenli", "vvduk4"}},
		{"欢迎投递 golang 岗位，简历发送至 hr.team@example.com 或私信 @ishenli", []string{"go"}, []string{"hr", "team", "example", "ishenli"}},
		{"字节跳动校招内推码: 9WNTSDD ，投递链接 job.bytedance.com/campus", nil, []string{"wntsdd", "9wntsdd", "bytedance", "campus"}},
		{"感兴趣加微信：zhangsan_2020 了解 kafka 岗位", []string{"kafka"}, []string{"zhangsan_2020", "zhangsan"}},
		{"WeChat: hiringbot, Java/Go 均可", []string{"java", "go"}, []string{"hiringbot"}},
		{"see github.com/rtfalsfdlfg and golang.org/doc", []string{"see"}, []string{"github", "rtfalsfdlfg", "golang", "doc"}},
		{"熟悉 Node.js、ASP.NET/C#、socket.io 和 Vue.js，e.g. Go", []string{"nodejs", "dotnet", "csharp", "socket.io", "vue", "go"}, nil},
	}
	for _, tt := range tests {
		got := s.Tokens(nil, tt.text)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Tokens(%q) = %q: %q missing", tt.text, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("Tokens(%q) = %q: %q should be gone", tt.text, got, w)
			}
		}
	}
}

func TestContactLen(t *testing.T) {
	for _, tt := range []struct {
		text string
		want string // the part skipped
	}{
		{"https://a.b/c?d=1 x", "https://a.b/c?d=1"},
		{"WWW.Example.COM/jobs", "WWW.Example.COM/jobs"},
		{"hr@x.cn,", "hr@x.cn,"},
		{"a.github.io/p", "a.github.io/p"},
		{"github.com", "github.com"},
		{"socket.io", ""},
		{"asp.net/c#", ""},
		{"node.js", ""},
		{"e.g.", ""},
		{"go1.21", ""},
		{"a@b", ""},
	} {
		if n := contactLen(tt.text, 0, len(tt.text)); tt.text[:n] != tt.want {
			t.Errorf("contactLen(%q) skips %q, want %q", tt.text, tt.text[:n], tt.want)
		}
	}
}
