package skill

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Every rule for an ambiguous name, each with a real sentence (from the
// corpus) or a realistic one.
func TestRules(t *testing.T) {
	tests := []struct {
		rule  string
		text  string
		skill string
		want  bool
	}{
		// Go: accepted in technical context.
		{"go in Chinese text", "熟悉Go语言，有高并发服务开发经验", "go", true},
		{"go before CJK verb", "2、熟悉 go 语言，基础扎实，2年以上go项目开发经验", "go", true},
		{"go in slash list", "熟悉Java/C/C++/Python/GO/JS/C#其中一种语言", "go", true},
		{"go with 、", "3、熟悉go、python、c++至少一种语言", "go", true},
		{"golang alias", "1年以上Golang实际项目研发经验", "go", true},
		{"version suffix", "项目使用Go1.21开发", "go", true},
		{"golang version suffix", "熟悉golang1.19及以上版本的新特性", "go", true},
		{"version after space", "Experience with Go 1.18 generics", "go", true},
		{"full-width", "熟悉Ｇｏ语言", "go", true},
		{"capitalized mid-sentence", "All backend work is primarily in Go.", "go", true},
		{"English list", "Stack: Go, Javascript, React, Flow, Postgres", "go", true},
		{"lowercase English list", "Software engineering: go, python, angular.js, react", "go", true},
		{"tech noun after", "Looking for go developer who has networking experience", "go", true},
		{"a Go expert", "no big deal if you're not a JS or a Go expert", "go", true},
		{"Go on the backend after list", "AWS, Kafka, MySQL, and Go on the backend", "go", true},
		{"Elixir and Go!", "bonus points for interest in Elixir and Go!", "go", true},
		{"bullet list across lines", "To do this we use:\n- Rails\n- Go\n- Ansible", "go", true},
		{"framework implies Go", "熟悉gin、beego等Web框架", "go", true},
		{"go-zero implies Go", "熟悉 go-zero 或 go-micro 微服务框架", "go", true},
		{"HTML entity slash", "data pipeline is written in Go&#x2F;Python and Hadoop", "go", true},
		{"markup around", "<li>熟悉<b>Go</b>语言</li>", "go", true},
		{"board game word but Go development", "熟悉围棋或象棋规则者优先，服务端使用Go开发。", "go", true},
		// Go: idioms rejected.
		{"go-to-market", "参与制定海外go-to-market策略", "go", false},
		{"go-live", "Provide level 3 support and go-live support.", "go", false},
		{"Go Live", "sign-off against these prior to Go Live", "go", false},
		{"go/no-go", "Chair the go/no-go meeting before each release.", "go", false},
		{"go-getter", "We are looking for a go-getter.", "go", false},
		{"let's go", "Let's go! 加入我们", "go", false},
		{"on the go", "a mobile-first interface for teams on the go.", "go", false},
		{"ready to go", "architect and you're good to go.", "go", false},
		{"go to URL", "To apply, please go to: http://codemntr.io/apply", "go", false},
		{"Go to at line start", "Go to http://remix.com/jobs to apply", "go", false},
		{"go through", "as we go through the Techstars NYC summer session", "go", false},
		{"go above and beyond", "We go above and beyond when it comes to quality", "go", false},
		{"go ahead", "then go ahead and apply.", "go", false},
		{"in go mode", "and are in go mode!", "go", false},
		{"wanna go fast", "If you wanna go fast , go alone !", "go", false},
		{"GO!GO!GO!", "GO!GO!GO! 2025校园招聘火热进行中", "go", false},
		{"go-karts", "a really fun office environment (go-karts + a rock climbing wall!)", "go", false},
		// Go: other meanings.
		{"gene ontology", "熟悉GO/KEGG富集分析，能独立完成转录组数据分析", "go", false},
		{"GO term", "Perform GO term enrichment with R/Bioconductor.", "go", false},
		{"board game", "围棋（Go）AI研发工程师：负责围棋对弈引擎的训练", "go", false},
		{"Pokémon GO", "负责Pokémon GO相关IP授权与运营活动策划", "go", false},
		{"Pokemon Go English", "Our team is behind Ingress and Pokemon Go.", "go", false},
		{"product name", "Caltrain Go Pass, Annual professional development", "go", false},
		{"domain", "Apply at https://go.wepay.com/careers", "go", false},
		{"URL slug", "https://github.com/einsitang/sudoku-go", "go", false},
		{"Google is not go", "We use Google Cloud and GoPro cameras.", "go", false},
		{"goto is not go", "Our goto language is Python", "go", false},
		// R.
		{"R in list", "熟练使用SQL和R软件", "r", true},
		{"R语言", "熟悉R语言或者SPSS/SAS", "r", true},
		{"R with slash", "very experienced in R/Python, and SQL", "r", true},
		{"R&D", "熟悉R&D流程管理，有IPD经验", "r", false},
		{"R&amp;D", "We're also looking for PhD's to join our R&amp;D team.", "r", false},
		{"O/R mapping", "熟练操作 O/R 映射工具 MyBatis", "r", false},
		{"R in an id", "追求技术的资深Go开发(R42K1)", "r", false},
		// C.
		{"C/C++", "精通C/C++编程", "c", true},
		{"C语言", "熟悉C语言及嵌入式开发", "c", true},
		{"programs in C", "designing efficient programs in C.", "c", true},
		{"C modules", "low-level developers (C modules, Kernel engineers, etc.)", "c", true},
		{"C端", "为B端和C端用户提供一流的使用体验", "c", false},
		{"C轮", "负责C轮融资后的财务规划", "c", false},
		{"C1驾照", "持C1驾照，能熟练驾驶", "c", false},
		{"Series C", "Funding: $50MM through Series C (CRV, Bain Capital)", "c", false},
		{"To C", "Hi 我们是Shopee To C Group", "c", false},
		{"A/C", "all of our offices have better A/C than anyone", "c", false},
		{"Objective C is objc", "Objective C, Cocoa, OS SDK", "c", false},
		{"C++ alone is not C", "熟练使用C++编程语言", "c", false},
		// Swift.
		{"Swift list", "精通Swift/Objective-C，熟悉iOS开发", "swift", true},
		{"written in Swift", "all written in Swift", "swift", true},
		{"Swift 3", "take over a Swift 3 project", "swift", true},
		{"weak neighbours", "Our stack is Rails, Swift, React & Multichain.", "swift", true},
		{"SWIFT bank messages", "熟悉SWIFT报文（MT103/MT202）及跨境支付清算流程", "swift", false},
		{"SWIFT code", "SWIFT code: CHASUS33", "swift", false},
		{"swift adjective", "We value a swift response to customers.", "swift", false},
		// Chinese spellings: found anywhere, Latin text may touch them.
		{"微服务 in Chinese text", "熟悉微服务架构及服务治理", "microservice", true},
		{"微服务 before Latin", "负责微服务API设计", "microservice", true},
		{"云原生 at the start", "云原生方向，熟悉K8s", "cloud-native", true},
		{"服务网格", "有服务网格(ServiceMesh)经验", "service-mesh", true},
		{"安卓 is android", "3年及以上iOS和安卓客户端开发经验", "android", true},
		{"分布式 systems", "熟悉分布式、缓存、消息等机制", "分布式", true},
		{"distributed systems in English", "Experience in distributed systems.", "分布式", true},
		{"distributed team", "有分布式团队协作经验", "分布式", false},
		{"distributed solar power", "负责分布式光伏电站的运维", "分布式", false},
		{"高并发", "有大规模高并发互联网应用的开发经验", "高并发", true},
		// The Go frameworks, each its own skill, each meaning Go.
		{"beego is not gin", "熟悉Beego框架者优先", "gin", false},
		{"beego means go", "熟悉Beego框架者优先", "go", true},
		{"echo in a framework list", "熟悉gin、beego、echo 等", "echo", true},
		{"shell echo", "在 shell 里用 echo 命令输出环境变量", "echo", false},
		{"Amazon Echo", "Our office has an Amazon Echo in every meeting room.", "echo", false},
		{"iris with xorm", "掌握常用框架和技术：MVC, Iris，Xorm", "iris", true},
		{"iris recognition", "熟悉虹膜识别（Iris recognition）算法者优先", "iris", false},
		{"Go Micro with a space", "具有使用Gin，Go-Kit，Go Micro开发微服务的经验", "go-micro", true},
		{"dubbo-go is its own skill", "有dubbo-go经验者优先", "dubbo-go", true},
		// PG and other context-only spellings.
		{"PG in a database list", "熟悉MySQL/PG等关系型数据库", "postgresql", true},
		{"PG alone", "PG电子官方合作伙伴", "postgresql", false},
	}
	tg := DefaultTagger()
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got := tg.Has(tt.text, tt.skill); got != tt.want {
				t.Errorf("Has(%q, %q) = %v, want %v; mentions %v", tt.text, tt.skill, got, tt.want, tg.Tag(tt.text))
			}
		})
	}
}

func TestTagOffsets(t *testing.T) {
	tg := DefaultTagger()
	tests := []struct {
		text string
		want []Mention
	}{
		{"熟悉Go语言和k8s", []Mention{{"go", "Go", 6, 8}, {"kubernetes", "k8s", 17, 20}}},
		{"熟悉Ｇｏｌａｎｇ/C++", []Mention{{"go", "Ｇｏｌａｎｇ", 6, 24}, {"cpp", "C++", 25, 28}}},
		{"<p>Go&#x2F;Python</p>", []Mention{{"go", "Go", 3, 5}, {"python", "Python", 11, 17}}},
		{"Java8 and python3.10", []Mention{{"java", "Java8", 0, 5}, {"python", "python3.10", 10, 20}}},
		{"C#、.NET Core、Node.js", []Mention{{"csharp", "C#", 0, 2}, {"dotnet", ".NET Core", 5, 14}, {"nodejs", "Node.js", 17, 24}}},
		// Excel's escaped line break, left in a spreadsheet export's cell.
		{"熟悉Python和Go_x000d_2、Redis_X000A_", []Mention{{"python", "Python", 6, 12}, {"go", "Go", 15, 17},
			{"redis", "Redis", 28, 33}}},
		{"snake_x000case", nil},
	}
	for _, tt := range tests {
		got := tg.Tag(tt.text)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tag(%q) =\n %v\nwant\n %v", tt.text, got, tt.want)
		}
	}
}

func TestSkills(t *testing.T) {
	got := DefaultTagger().Skills("熟悉beego框架，MySQL/Redis，了解K8s")
	want := []string{"beego", "go", "kubernetes", "mysql", "redis"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Skills = %v, want %v", got, want)
	}
}

// A spelling must start where the scanner can start one: ASCII or a CJK
// character (three bytes in UTF-8); "été" (two bytes) or an emoji (four)
// would never be found.
func TestParseTaxonomyChineseSpellings(t *testing.T) {
	for _, alias := range []string{"été", "🚀rocket"} {
		in := "skills:\n  - name: x\n    aliases: [" + alias + "]\n"
		if _, err := ParseTaxonomy(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "must start with") {
			t.Errorf("alias %q: err = %v, want a refusal", alias, err)
		}
	}
	tax, err := ParseTaxonomy(strings.NewReader("skills:\n  - name: 微服务\n    aliases: [微服务, microservice]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := NewTagger(tax).Skills("我们的微服务与Microservice"); !reflect.DeepEqual(got, []string{"微服务"}) {
		t.Errorf("Skills = %v", got)
	}
}

// BenchmarkTagChineseSpellings prices the Chinese spellings (微服务, 云原生,
// 分布式): the scanner tries them at every Chinese character. Each
// iteration tags the documents with the default tagger and with one built
// from the same taxonomy without its Chinese spellings, interleaved;
// x-latin-only is the first's time over the second's.
func BenchmarkTagChineseSpellings(b *testing.B) {
	docs := benchDocs(b)
	full := DefaultTagger()
	var buf strings.Builder
	for _, l := range strings.Split(string(mustRead(b, "../../data/skills.yaml")), "\n") {
		if i := strings.Index(l, "aliases: ["); i >= 0 {
			var keep []string
			for _, a := range strings.Split(strings.TrimSuffix(l[i+len("aliases: ["):], "]"), ",") {
				if a = strings.TrimSpace(a); a != "" && a[0] < 0x80 {
					keep = append(keep, a)
				}
			}
			l = l[:i] + "aliases: [" + strings.Join(keep, ", ") + "]"
		}
		if strings.Contains(l, "weak: [分布式]") {
			l = strings.Replace(l, "分布式", "distributed", 1)
		}
		buf.WriteString(l + "\n")
	}
	tax, err := ParseTaxonomy(strings.NewReader(buf.String()))
	if err != nil {
		b.Fatal(err)
	}
	latin := NewTagger(tax)
	var tFull, tLatin time.Duration
	for b.Loop() {
		t0 := time.Now()
		for _, d := range docs {
			full.Tag(d)
		}
		t1 := time.Now()
		for _, d := range docs {
			latin.Tag(d)
		}
		tFull += t1.Sub(t0)
		tLatin += time.Since(t1)
	}
	b.ReportMetric(float64(tFull)/float64(tLatin), "x-latin-only")
}

func mustRead(b *testing.B, name string) []byte {
	b.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	return data
}
