package segment

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/data"
)

// Real sentences from the corpus: tech terms must come out whole and
// canonical, job-ad noise must not come out at all.
func TestTokensRealSentences(t *testing.T) {
	s := mustSeg(t, segCanon)
	cases := []struct {
		source string
		text   string
		want   []string // each must be a token
		absent []string // none may be a token
	}{
		{"boss-golang-2021", "1、带领小组完成日常社区后端核心业务相关的微服务开发和维护工作",
			[]string{"社区", "后端", "微服务"}, []string{"微", "服务", "后", "端", "相关", "负责", "1"}},
		{"boss-golang-2021", "1、你将加入拼多多混合云团队，通过云原生不断完成技术的创新突破让研发智能化的申领和使用资源；",
			[]string{"拼多多", "混合云", "云原生"}, []string{"云", "原生", "混合", "团队", "你"}},
		{"boss-golang-2021", "· 5年以上现代编程语言经验（例如Golang, C/C++, Java, Node.js, Python等）",
			[]string{"go", "cpp", "java", "nodejs", "python", "编程语言"}, []string{"golang", "node", "js", "c", "5", "年", "以上", "经验"}},
		{"boss-golang-2021", "2、熟练掌握一门以上服务端语言,例如（JAVA、C++、C#、python）；",
			[]string{"服务端", "java", "cpp", "csharp", "python"}, []string{"熟练掌握", "语言", "c"}},
		{"boss-golang-2021", "2、精通 C#/C++/Golang/JS 之一",
			[]string{"csharp", "cpp", "go", "javascript"}, []string{"精通", "之一"}},
		{"boss-golang-2021", "6.有CNCF产品经验者优先考虑，如istio/NATS/gRPC；",
			[]string{"cncf", "产品", "istio", "nats", "grpc"}, []string{"经验", "优先", "优先考虑", "6."}},
		{"boss-golang-2021", "3.熟悉K8S等相关集群部署方案者优先",
			[]string{"kubernetes", "集群", "部署"}, []string{"k8s", "k8", "熟悉", "等", "优先"}},
		{"boss-golang-2021", "5.对系统性能容量有调优经验，能处理高并发分布式系统带来的性能问题",
			[]string{"调优", "高并发", "分布式系统"}, []string{"调", "优", "高", "并发", "经验"}},
		{"boss-golang-2021", "4、熟悉golang高并发网络模型，了解网络IO、磁盘IO场景优化与方案；",
			[]string{"go", "高并发", "io", "磁盘"}, []string{"golang", "了解", "4"}},
		{"zhaopin-2020", "2、熟悉分布式系统，熟练掌握一种以上服务框架和消息中间件，了解其实现原理；",
			[]string{"分布式系统", "消息中间件"}, []string{"中间", "件", "熟练掌握", "一种"}},
		{"zhaopin-2020", "5、熟悉 Javascript/CSS/HTML5，JQuery、React、Vue.js加分项：大数据，数理统计，机器学习，sklearn，高性能，大并发。",
			[]string{"javascript", "css", "html5", "jquery", "react", "vue", "大数据", "机器学习", "sklearn", "高性能"},
			[]string{"js", "vue.js", "加分项", "加分", "分项", "机器", "学习"}},
		{"zhaopin-2020", "1.计算机或相关专业本科以上学历，3年以上的后端开发经验；",
			[]string{"后端"}, []string{"本科", "以上学历", "学历", "经验", "相关专业", "3", "年"}},
		{"zhaopin-2020", "岗位职责 负责Linux环境下游戏服务器架构设计、游戏业务逻辑开发、监控和数据分析等支撑工具开发；",
			[]string{"linux", "游戏服务器", "游戏", "架构设计", "数据分析"}, []string{"岗位职责", "负责", "岗位"}},
		{"jobhunting-2024", "2、负责 .NET 和 Java 技术栈的系统设计和开发，确保项目的技术实现方案符合设计规范；",
			[]string{"dotnet", "java", "技术栈", "系统设计"}, []string{"net", ".net", "负责", "确保"}},
		{"jobhunting-2024", " 熟悉面向对象的程序设计，具有3年以上.NET开发经验；_x000d_",
			[]string{"面向对象", "程序设计", "dotnet"}, []string{"x000d", "net", "具有"}},
		{"jobhunting-2024", "2、熟悉 .NET 和 Java 技术栈，熟悉Spring、Spring Boot、Springcloud、.net core等主流框架；",
			[]string{"dotnet", "java", "spring", "spring-boot", "springcloud", "框架"}, []string{"boot", "主流", "net"}},
		{"jobhunting-2024", "1、全日制本科学历，计算机或软件工程类相关专业， 具有 8 年以上的 .NET 和 Java 企业级项目开发经验；",
			// 计算机, 软件工程: the degree, not the work (majors.go)
			[]string{"dotnet", "java", "企业级"}, []string{"全日制", "本科学历", "8", "经验", "软件工程", "计算机"}},
	}
	for _, c := range cases {
		got := s.Tokens(nil, c.text)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s %q:\n  tokens %q\n  lack %q", c.source, c.text, got, w)
			}
		}
		for _, a := range c.absent {
			if slices.Contains(got, a) {
				t.Errorf("%s %q:\n  tokens %q\n  hold %q", c.source, c.text, got, a)
			}
		}
	}
}

// The Latin scanner's rules, token by token.
func TestLatinRules(t *testing.T) {
	plain, canon := mustSeg(t, segPlain), mustSeg(t, segCanon)
	cases := []struct {
		text  string
		plain []string // without a taxonomy
		canon []string // with testTaxonomy
	}{
		{"Node.js", []string{"node.js"}, []string{"nodejs"}},
		{"Vue.js和NodeJS", []string{"vue.js", "nodejs"}, []string{"vue", "nodejs"}},
		{".NET开发", []string{".net"}, []string{"dotnet"}},
		{"熟悉ASP.NET", []string{"asp.net"}, []string{"dotnet"}},
		{"C++、C#、F#", []string{"c++", "c#", "f#"}, []string{"cpp", "csharp", "f#"}},
		{"C++11和C++17", []string{"c++", "c++"}, []string{"cpp", "cpp"}},
		{"Go1.18", []string{"go"}, []string{"go"}},
		{"Go 1.18及以上", []string{"go"}, []string{"go"}},
		{"golang1.20+", []string{"golang"}, []string{"go"}},
		{"Vue2.x/Vue3", []string{"vue", "vue3"}, []string{"vue", "vue"}},
		{"Python3.8、Java8", []string{"python", "java8"}, []string{"python", "java"}},
		{"h5、es6、log4j、k8s", []string{"h5", "es6", "log4j", "k8s"}, []string{"h5", "es6", "log4j", "kubernetes"}},
		{"gRPC、GRPC", []string{"grpc", "grpc"}, []string{"grpc", "grpc"}},
		{"DIV+CSS", []string{"css"}, []string{"css"}}, // div is a stop word, as HTML debris
		{"spring-boot与mybatis-plus", []string{"spring-boot", "mybatis-plus"}, []string{"spring-boot", "mybatis-plus"}},
		{"Spring Boot", []string{"spring", "boot"}, []string{"spring-boot"}},
		{"SQL Server 2019", []string{"sql", "server"}, []string{"sqlserver"}},
		{"Java.Python", []string{"java", "python"}, []string{"java", "python"}},
		{"见github.com/jobtrend", nil, nil}, // a link: contact detail (contact.go)
		{"java.python与vue.js", []string{"java", "python", "vue.js"}, []string{"java", "python", "vue"}},
		{"20K-40K·14薪", nil, nil},
		{"1.熟悉Redis 2.熟悉MySQL.3.有Kafka经验", []string{"redis", "mysql", "kafka"}, []string{"redis", "mysql", "kafka"}},
		{"C语言、R语言、C/C++", []string{"c++"}, []string{"cpp"}}, // c and r are single characters
		{"C端和B端产品", []string{"产品"}, []string{"产品"}},
		{"we're looking for a Go engineer", []string{"go"}, []string{"go"}},
		{"less is more; LESS/Sass", []string{"sass"}, []string{"less", "less", "sass"}},
		{"_x000D_\n负责后端_x000d_开发", []string{"后端"}, []string{"后端"}},
		{"#### 1. Golang", []string{"golang"}, []string{"go"}},
		{"3-5年，5G、3D", nil, nil},
		{"ＧＯ语言、Ｃ＃", []string{"go", "c#"}, []string{"go", "csharp"}}, // full-width forms folded
		{"Objective-C、T-SQL", []string{"objective-c", "t-sql"}, []string{"objective-c", "t-sql"}},
		{"i18n、notepad++", []string{"i18n", "notepad++"}, []string{"i18n", "notepad++"}},
		{"token=" + strings.Repeat("a1B2", 11) + " redis", []string{"token", "redis"}, []string{"token", "redis"}}, // 44 characters: a hash, not a name
	}
	for _, c := range cases {
		if got := plain.Tokens(nil, c.text); !slices.Equal(got, c.plain) {
			t.Errorf("%q without taxonomy: got %q, want %q", c.text, got, c.plain)
		}
		if got := canon.Tokens(nil, c.text); !slices.Equal(got, c.canon) {
			t.Errorf("%q with taxonomy: got %q, want %q", c.text, got, c.canon)
		}
	}
}

// Every user word stays whole alone and between ordinary words; and the
// frequencies chosen for them do not make them swallow a neighbour's
// character where jieba's own cut is right.
func TestUserDictWordsStayWhole(t *testing.T) {
	s := mustSeg(t, segPlain)
	entries, err := parseUserDict(data.UserDictName, data.UserDict)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if s.isStop(e.word) {
			continue
		}
		for _, text := range []string{e.word, "熟悉" + e.word + "，", "有" + e.word + "经验", "负责" + e.word + "的研发"} {
			if got := s.Tokens(nil, text); !slices.Contains(got, e.word) {
				t.Errorf("%q: tokens %q, want %q whole", text, got, e.word)
			}
		}
	}
	// Real contexts that defeated a smaller margin (see resolveFreqs) or
	// where a larger one would capture a neighbour's character.
	cases := []struct {
		text   string
		want   []string
		absent []string
	}{
		{"负责后端的开发", []string{"后端"}, nil},
		{"系统运维和开发", []string{"运维"}, []string{"维和"}},
		{"微服务治理、熔断", []string{"微服务", "熔断"}, nil},
		{"分布式调度系统", []string{"分布式", "调度"}, nil},
		{"有限流、熔断经验", []string{"限流"}, []string{"有限"}},
		{"负责小程序开发", []string{"小程序"}, []string{"程序开发"}},
		{"移动端的适配", []string{"移动端"}, []string{"端的"}},
		{"风控系统建设", []string{"风控"}, nil},
		{"前后端系统沟通", []string{"前后端"}, nil},
		{"提高并发能力", []string{"并发"}, []string{"高并发"}}, // 提高 is a stop word
		{"以提高性能", []string{"性能"}, []string{"高性能"}},
		{"安全等保证系统安全", []string{"系统安全"}, []string{"等保"}},
		{"通过等保测评", []string{"等保"}, nil},
		{"云服务器维护", []string{"服务器"}, []string{"云服务"}},
	}
	for _, c := range cases {
		got := s.Tokens(nil, c.text)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: tokens %q lack %q", c.text, got, w)
			}
		}
		for _, a := range c.absent {
			if slices.Contains(got, a) {
				t.Errorf("%q: tokens %q hold %q", c.text, got, a)
			}
		}
	}
}

// TestTokensAreClean checks every token of the real test corpus against
// the rules Tokens promises.
func TestTokensAreClean(t *testing.T) {
	docs := loadTestdata(t)
	for _, s := range []*Segmenter{mustSeg(t, segPlain), mustSeg(t, segCanon), mustSeg(t, segHMM)} {
		var toks []string
		n := 0
		for _, d := range docs {
			toks = s.Tokens(toks[:0], d.Text)
			n += len(toks)
			for _, tok := range toks {
				if msg := tokenProblem(s, tok); msg != "" {
					t.Fatalf("%s posting of %s: token %q %s", d.Source, d.Company, tok, msg)
				}
			}
		}
		if n < 50000 {
			t.Errorf("only %d tokens from %d postings", n, len(docs))
		}
	}
}

// tokenProblem says what is wrong with a token, or "" if nothing is.
func tokenProblem(s *Segmenter, tok string) string {
	switch {
	case tok == "":
		return "is empty"
	case !utf8.ValidString(tok):
		return "is not valid UTF-8"
	case utf8.RuneCountInString(tok) < 2:
		return "is a single character"
	case !hasLetter(tok):
		return "has no letter"
	case isDigit(tok[0]):
		return "starts with a digit"
	case strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || isSpace(r) }):
		return "contains white space or a control character"
	case tok != strings.ToLower(tok):
		return "is not lower-cased"
	case s.isStop(tok) && (s.canon == nil || !isCanonicalName(s, tok)):
		return "is a stop word"
	case isNumeralWord(tok):
		return "is a Chinese numeral"
	}
	return ""
}

func isCanonicalName(s *Segmenter, tok string) bool {
	for _, c := range testTaxonomy {
		if c == tok {
			return true
		}
	}
	return false
}

func TestHMMOption(t *testing.T) {
	// 线上 (online, in production) is missing from jieba's dictionary: only
	// the HMM finds it, without it the two characters are dropped.
	text := "负责线上问题排查"
	if got := mustSeg(t, segHMM).Tokens(nil, text); !slices.Contains(got, "线上") {
		t.Errorf("HMM on: %q → %q, want 线上", text, got)
	}
	if got := mustSeg(t, segPlain).Tokens(nil, text); slices.Contains(got, "线上") {
		t.Errorf("HMM off: %q → %q, want no 线上", text, got)
	}
}

func TestBadInput(t *testing.T) {
	s := mustSeg(t, segPlain)
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"white space only", " \n\t\u3000 ", nil},
		{"invalid byte between words", "微服务\xff云原生", []string{"微服务", "云原生"}},
		{"truncated character", "微服务\xe4\xbd", []string{"微服务"}},
		{"NUL between words", "微服务\x00云原生\x00", []string{"微服务", "云原生"}},
		{"only punctuation and numbers", "1、2。3；！？……——20K", nil},
		{"emoji", "🚀微服务🔥", []string{"微服务"}},
	}
	for _, c := range cases {
		if got := s.Tokens(nil, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%s: Tokens(%q) = %q, want %q", c.name, c.text, got, c.want)
		}
	}
}

func TestTokensAppends(t *testing.T) {
	s := mustSeg(t, segPlain)
	dst := make([]string, 1, 64)
	dst[0] = "keep"
	got := s.Tokens(dst, "熟悉微服务")
	if !slices.Equal(got, []string{"keep", "微服务"}) {
		t.Errorf("Tokens(dst, …) = %q, want [keep 微服务]", got)
	}
	if &got[0] != &dst[0] {
		t.Error("Tokens allocated a new slice although dst had room")
	}
}

// TestConcurrentTokens: one Segmenter used from several goroutines gives
// the same tokens as used from one (run with -race to check the Go side).
func TestConcurrentTokens(t *testing.T) {
	s := mustSeg(t, segCanon)
	docs := loadTestdata(t)
	if testing.Short() {
		docs = docs[:200]
	}
	want := make([][]string, len(docs))
	for i, d := range docs {
		want[i] = s.Tokens(nil, d.Text)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var toks []string
			for i := g; i < len(docs); i += 2 { // overlapping halves
				toks = s.Tokens(toks[:0], docs[i].Text)
				if !slices.Equal(toks, want[i]) {
					errs <- docs[i].Company
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for c := range errs {
		t.Errorf("concurrent Tokens gave other tokens for a posting of %s", c)
	}
}

func TestVersion(t *testing.T) {
	base := mustSeg(t, segPlain)
	if v := base.Version(); len(v) != 16 {
		t.Errorf("Version = %q, want 16 hex digits", v)
	}
	same, err := New(Options{CacheDir: testCacheDir})
	if err != nil {
		t.Fatal(err)
	}
	defer same.Close()
	if same.Version() != base.Version() {
		t.Error("two Segmenters with the same options have different versions")
	}
	variants := map[string]Options{
		"HMM":               {CacheDir: testCacheDir, HMM: true},
		"extra stop word":   {CacheDir: testCacheDir, ExtraStopWords: []string{"字节跳动"}},
		"taxonomy":          {CacheDir: testCacheDir, Canonical: testCanonical, CanonicalVersion: "a"},
		"taxonomy version":  {CacheDir: testCacheDir, Canonical: testCanonical, CanonicalVersion: "b"},
		"another stop word": {CacheDir: testCacheDir, ExtraStopWords: []string{"腾讯"}},
	}
	seen := map[string]string{base.Version(): "base"}
	for name, opt := range variants {
		s, err := New(opt)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := seen[s.Version()]; dup {
			t.Errorf("options %q and %q give the same Version %s", name, prev, s.Version())
		}
		seen[s.Version()] = name
		s.Close()
	}
	// The cache directory is shared: options do not change the files.
	if same.DictDir() != base.DictDir() {
		t.Errorf("dictionary directories differ: %s, %s", same.DictDir(), base.DictDir())
	}
}

func TestExtraStopWords(t *testing.T) {
	s, err := New(Options{CacheDir: testCacheDir, ExtraStopWords: []string{" 微服务 ", "GOLANG"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Tokens(nil, "熟悉微服务和Golang、云原生"); !slices.Equal(got, []string{"云原生"}) {
		t.Errorf("got %q, want [云原生]", got)
	}
}

func TestNewErrors(t *testing.T) {
	cases := []struct {
		name string
		opt  Options
		want string
	}{
		{"taxonomy without version", Options{CacheDir: testCacheDir, Canonical: testCanonical}, "CanonicalVersion"},
		{"empty stop word", Options{CacheDir: testCacheDir, ExtraStopWords: []string{"ok", " "}}, "ExtraStopWords[1]"},
		{"stop word with space", Options{CacheDir: testCacheDir, ExtraStopWords: []string{"spring boot"}}, "white space"},
		{"invalid UTF-8 stop word", Options{CacheDir: testCacheDir, ExtraStopWords: []string{"\xff"}}, "invalid UTF-8"},
	}
	for _, c := range cases {
		s, err := New(c.opt)
		if err == nil {
			s.Close()
			t.Errorf("%s: New succeeded", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
}

func TestCacheDirUnusable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{CacheDir: file})
	if err == nil {
		s.Close()
		t.Fatal("New with a file as CacheDir succeeded")
	}
	if !strings.Contains(err.Error(), "not-a-dir") {
		t.Errorf("error %q does not name the cache directory", err)
	}
}

func TestCloseTwiceAndUseAfterClose(t *testing.T) {
	s, err := New(Options{CacheDir: testCacheDir})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s.Close()
	defer func() {
		if r := recover(); r == nil {
			t.Error("Tokens after Close did not panic (it would read freed C memory)")
		}
	}()
	s.Tokens(nil, "微服务")
}

func TestMaterialize(t *testing.T) {
	files := []dictFile{{"a.txt", []byte("alpha\n")}, {"b.txt", bytes.Repeat([]byte("beta "), 1000)}}
	base := t.TempDir()
	dir, err := materialize(base, files, "0123456789abcdef0123")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(base, "jieba-0123456789abcdef"); dir != want {
		t.Errorf("dir = %s, want %s", dir, want)
	}
	if ok, err := sameFiles(dir, files); !ok || err != nil {
		t.Fatalf("files not written: %v %v", ok, err)
	}

	// A damaged file (same name, other content) is replaced, not trusted:
	// cppjieba would abort the process on a truncated dictionary line.
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte("bet"), 0o644); err != nil {
		t.Fatal(err)
	}
	again, err := materialize(base, files, "0123456789abcdef0123")
	if err != nil || again != dir {
		t.Fatalf("rewrite: %s, %v", again, err)
	}
	if ok, _ := sameFiles(dir, files); !ok {
		t.Error("damaged file was not repaired")
	}

	// Concurrent first runs all end with the same complete directory and
	// leave no temporary directories behind.
	base2 := t.TempDir()
	var wg sync.WaitGroup
	dirs := make([]string, 8)
	errs := make([]error, 8)
	for i := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dirs[i], errs[i] = materialize(base2, files, "fedcba9876543210ffff")
		}()
	}
	wg.Wait()
	for i := range dirs {
		if errs[i] != nil || dirs[i] != dirs[0] {
			t.Errorf("run %d: %s, %v", i, dirs[i], errs[i])
		}
	}
	entries, _ := os.ReadDir(base2)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("cache dir holds %q, want only the final directory", names)
	}
}

// Without a user cache directory (no $HOME), the dictionaries go to the
// system temporary directory.
func TestMaterializeFallback(t *testing.T) {
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	if _, err := os.UserCacheDir(); err == nil {
		t.Skip("os.UserCacheDir works without HOME on this system")
	}
	files := []dictFile{{"a.txt", []byte("alpha\n")}}
	dir, err := materialize("", files, "00112233445566778899")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, tmp+string(filepath.Separator)) {
		t.Errorf("dir = %s, want one under %s", dir, tmp)
	}
}

func TestParseUserDict(t *testing.T) {
	good := "# comment\n\n微服务\n云原生 nz\n高并发 1000\n分布式 500 n\n"
	got, err := parseUserDict("u.txt", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []dictEntry{{"微服务", 0, ""}, {"云原生", 0, "nz"}, {"高并发", 1000, ""}, {"分布式", 500, "n"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	bad := []struct{ text, want string }{
		{"微服务 1 n x\n", "u.txt:1"},
		{"微服务 0\n", "positive"},
		{"微服务 -3 n\n", "positive"},
		{"好词\n微\n", "u.txt:2"},
		{"Node.js\n", "Chinese characters only"},
		{"微服务\n微服务\n", "already listed on line 1"},
		{"微服务 n 12\n", "second field"},
		{"\xff\xfe\n", "invalid UTF-8"},
	}
	for _, c := range bad {
		_, err := parseUserDict("u.txt", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseUserDict(%q) error %v, want one mentioning %q", c.text, err, c.want)
		}
	}
}

func TestParseStopWords(t *testing.T) {
	got, err := parseStopWords("s.txt", []byte("# c\n\n的\n  Experience \nC++\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"的", "experience", "c++"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := parseStopWords("s.txt", []byte("ok\ntwo words\n")); err == nil || !strings.Contains(err.Error(), "s.txt:2") {
		t.Errorf("a stop word with a space: error %v, want one naming s.txt:2", err)
	}
}

// TestResolveFreqs checks the suggested frequencies against hand-computed
// values over a tiny main dictionary (total frequency 1110).
func TestResolveFreqs(t *testing.T) {
	main := []byte("微 10 n\n服务 100 n\n的 1000 n\n")
	entries := []dictEntry{
		{word: "微服务架构"}, // resolved after 微服务, which becomes one of its pieces
		{word: "微服务"},
		{word: "服务", freq: 7, tag: "v"}, // explicit: kept
		{word: "架构"},
	}
	got, err := resolveFreqs(entries, "main.txt", main)
	if err != nil {
		t.Fatal(err)
	}
	// The best cut's probability times the total is Π fᵢ / total^(k-1).
	// 架构: both characters unknown, each at the smallest frequency (10):
	// need = 10·10/1110 · 500 + 1 = 46.05 → 46.
	// 服务 is explicit, so 微服务's best cut is 微 + 服务 at 7 (the user
	// frequency replaces the main one): 10·7/1110 · 500 + 1 = 32.53 → 32.
	// 微服务架构: best cut 微服务 + 架构: 32·46/1110 · 500 + 1 = 664.06 → 664
	// (微+服务+架构 would be 10·7·46/1110² · 500 + 1 ≈ 2.3).
	want := []dictEntry{{"微服务架构", 664, "n"}, {"微服务", 32, "n"}, {"服务", 7, "v"}, {"架构", 46, "n"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// A word the main dictionary already knows more often keeps its count.
	got, err = resolveFreqs([]dictEntry{{word: "服务"}}, "main.txt", main)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].freq < 100 {
		t.Errorf("服务 resolved to %d, below its main-dictionary 100", got[0].freq)
	}

	for _, bad := range []string{"微 x n\n", "微\n", "微 0 n\n", ""} {
		if _, err := resolveFreqs(nil, "main.txt", []byte(bad)); err == nil || !strings.Contains(err.Error(), "main.txt") {
			t.Errorf("main dictionary %q: error %v, want one naming main.txt", bad, err)
		}
	}
}

func TestEmbeddedFilesParse(t *testing.T) {
	if _, err := loadResources(); err != nil {
		t.Fatal(err)
	}
	// The placeholders must satisfy cppjieba's loader assertions: at least
	// one entry each, the IDF one "word weight" with a positive weight.
	for _, p := range [][]byte{placeholderIDF, placeholderStop} {
		if len(bytes.TrimSpace(p)) == 0 {
			t.Error("an empty placeholder would make cppjieba abort")
		}
	}
	if f := strings.Fields(string(placeholderIDF)); len(f) != 2 {
		t.Errorf("IDF placeholder %q: want two fields", placeholderIDF)
	}
}
