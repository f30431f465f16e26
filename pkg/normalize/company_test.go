// The tests of this file are an external test package so that the golden
// list of top companies can read the free-text datasets through
// pkg/freetext, which itself imports normalize.
package normalize_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/jobtrend/jobtrend/pkg/freetext"
	. "github.com/jobtrend/jobtrend/pkg/normalize"
)

// Real name pairs from the corpus: jobhunting-2024 `公司` vs `招聘公司`,
// lagou-2018-content `companyShortName` vs `companyFullName`, BOSS brand
// names; each pair is one employer.
func TestCompanyKeySame(t *testing.T) {
	pairs := [][2]string{
		{"三星财产保险(中国)有限公司", "三星财产保险（中国）有限公司"},
		{"抖音视界(北京)有限公司", "抖音视界（北京）有限公司"},
		{"成都恩希云科技有限公司", "成都恩希云科技"},
		{"武汉枫林云信息科技有限公司", "武汉枫林云"},
		{"杭州大麦物联科技有限公司", "大麦物联"},
		{"北京熙软科技有限公司", "熙软科技"},
		{"北京甜蜜壹生文化传媒有限公司", "甜蜜壹生"},
		{"深圳联友科技有限公司广州分公司", "联友科技"},
		// Not solved without an alias line: 人人贷 / 人人贷商务顾问（北京）有限公司.
		{"北京字节跳动科技有限公司", "字节跳动"},
		{"抖音视界有限公司", "ByteDance"},
		{"今日头条", "字节跳动"},
		{"腾讯科技（深圳）有限公司", "腾讯"},
		{"得物App", "上海识装信息科技有限公司"},
		{"bilibili", "哔哩哔哩"},
		{"ＡＢＣ  Co., Ltd.", "abc"},
	}
	for _, p := range pairs {
		if a, b := CompanyKey(p[0]), CompanyKey(p[1]); a != b || a == "" {
			t.Errorf("CompanyKey(%q) = %q, CompanyKey(%q) = %q; want equal and non-empty", p[0], a, p[1], b)
		}
	}
}

func TestCompanyKeyDifferent(t *testing.T) {
	pairs := [][2]string{
		{"北京银行", "上海银行"},
		{"蚂蚁集团", "阿里巴巴"},
		{"北京大学", "南京大学"},
		{"华为技术有限公司", "小米科技有限责任公司"},
	}
	for _, p := range pairs {
		if a, b := CompanyKey(p[0]), CompanyKey(p[1]); a == b {
			t.Errorf("CompanyKey(%q) = CompanyKey(%q) = %q; want different", p[0], p[1], a)
		}
	}
}

func TestCanonicalCompany(t *testing.T) {
	tests := []struct{ in, want string }{
		{"北京字节跳动科技有限公司", "字节跳动"},
		{"抖音视界（北京）有限公司", "字节跳动"},
		{"Alibaba", "阿里巴巴"},
		{"三星财产保险（中国）有限公司", "三星财产保险"},
		{"上海好说信息技术...", "好说"},
		{"某大型知名互联网公司", "某大型知名互联网公司"},
	}
	for _, tt := range tests {
		if got := CanonicalCompany(tt.in); got != tt.want {
			t.Errorf("CanonicalCompany(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if k := CompanyKey("北京某小型电子半导体公司"); k != "" {
		t.Errorf("anonymous name got key %q, want empty", k)
	}
}

func TestParseCompanyAliasesErrors(t *testing.T) {
	_, err := ParseCompanyAliases(strings.NewReader("甲公司\tX\n乙公司\tX\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("duplicate alias: err = %v, want an error naming line 2", err)
	}
}

// TestCitrixOneEmployer: the same employer's reposts in the 谁在招人 threads
// came under four spellings (comment ids 760732162, 1046930126).
func TestCitrixOneEmployer(t *testing.T) {
	want := CompanyKey("Cloud Software Group")
	for _, n := range []string{"Cloud Software", "Citrix思杰南京", "CITRIX（思杰）南京研发中心", "Citrix", "思杰"} {
		if got := CompanyKey(n); got != want {
			t.Errorf("CompanyKey(%q) = %q, want %q", n, got, want)
		}
	}
}

// Short forms, slang and misspellings posters use, and the employers the
// alias table keeps apart (see data/companies.tsv for the policy).
func TestCompanyAliases(t *testing.T) {
	same := map[string][]string{
		"字节跳动":  {"字节", "ByteDance", "北京字节跳动科技有限公司", "抖音视界(北京)有限公司", "抖音视界有限公司", "飞书", "TikTok", "懂车帝"},
		"阿里巴巴":  {"阿里", "Alibaba", "阿里巴巴集团", "阿里云", "淘天集团", "钉钉", "饿了么", "高德", "Lazada", "飞猪"},
		"腾讯":    {"鹅厂", "腾迅", "Tencent", "腾讯科技（深圳）有限公司", "深圳市腾讯计算机系统有限公司", "微信"},
		"拼多多":   {"拼夕夕", "PDD", "Pinduoduo", "Temu", "上海寻梦信息技术有限公司"},
		"蚂蚁集团":  {"蚂蚁", "蚂蚁金服", "支付宝", "花呗"},
		"vivo":  {"蓝厂", "维沃移动通信有限公司"},
		"美团":    {"Meituan", "北京三快在线科技有限公司", "大众点评"},
		"哔哩哔哩":  {"B站", "bilibili", "上海宽娱数码科技有限公司"},
		"科大讯飞":  {"讯飞", "iFLYTEK"},
		"京东":    {"JD", "京东科技", "北京京东尚科信息技术有限公司"},
		"猫眼娱乐":  {"猫眼"},
		"鹰角网络":  {"鹰角游戏"},
		"中国电信":  {"天翼云"},
		"Anker": {"安克创新"},
	}
	for canon, names := range same {
		for _, n := range names {
			if got := CanonicalCompany(n); got != canon {
				t.Errorf("CanonicalCompany(%q) = %q, want %q", n, got, canon)
			}
		}
	}
	apart := [][2]string{
		{"蚂蚁集团", "阿里巴巴"}, {"菜鸟", "阿里巴巴"}, {"荣耀", "华为"}, {"腾讯音乐", "网易"},
		{"中软国际", "华为"}, {"字节跳动", "快手"},
	}
	for _, p := range apart {
		if CompanyKey(p[0]) == CompanyKey(p[1]) {
			t.Errorf("%q and %q share the key %q; the alias table keeps them apart", p[0], p[1], CompanyKey(p[0]))
		}
	}
}

var (
	corpusDir = flag.String("corpus", filepath.FromSlash("../../testdata/corpus"),
		"the corpus folder: the repository's samples (default) or the full shared corpus")
	update = flag.Bool("update", false, "rewrite the golden files")
)

// TestTopCompanies lists the 50 most frequent employers of each dataset
// after normalization, with the names each one merges, and compares the
// list with a golden file, so that a change to the alias table or to
// CompanyKey shows as a diff a reviewer can read. It runs on the
// repository's corpus samples (testdata/top-companies.sample.golden) or,
// with -corpus pointing at the full shared corpus, on every record
// (testdata/top-companies.full.golden). Rewrite with -update.
func TestTopCompanies(t *testing.T) {
	full := true
	if _, err := os.Stat(filepath.Join(*corpusDir, "jobhunting-2024", "SAMPLE.md")); err == nil {
		full = false
	}
	if full && testing.Short() {
		t.Skip("the full corpus is read only without -short")
	}
	var b strings.Builder
	b.WriteString("# The 50 most frequent employers of each dataset after normalize.CanonicalCompany,\n")
	b.WriteString("# with the names each one merges (rows). Anonymous names (某…公司) are left out.\n")
	b.WriteString("# Written by TestTopCompanies in pkg/normalize; rewrite with -update.\n")
	for _, ds := range companyDatasets {
		names, err := ds.read(*corpusDir)
		if err != nil {
			t.Fatalf("%s: %v", ds.name, err)
		}
		writeTop(&b, ds.name+" — "+ds.field, names, 50)
	}
	golden := filepath.Join("testdata", "top-companies.sample.golden")
	if full {
		golden = filepath.Join("testdata", "top-companies.full.golden")
	}
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got := b.String(); got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from line %d:\n got: %s\nwant: %s\n(rerun with -update if the change is meant)", golden, i+1, g, w)
			}
		}
	}
}

// companyDataset reads the company names of one dataset, one per record.
type companyDataset struct {
	name, field string
	read        func(dir string) ([]string, error)
}

var companyDatasets = []companyDataset{
	{"jobhunting-2024", "column 公司", func(dir string) ([]string, error) {
		return csvColumn(filepath.Join(dir, "jobhunting-2024", "jobs.csv"), false, "公司")
	}},
	{"lagou-2018-content", "companyShortName, else companyFullName", func(dir string) ([]string, error) {
		return csvColumn(filepath.Join(dir, "lagou-2018-content", "Lagou_Data.csv"), false, "companyShortName", "companyFullName")
	}},
	{"lagou-dataanalyst", "companyShortName, else companyFullName (the GBK file)", func(dir string) ([]string, error) {
		return csvColumn(filepath.Join(dir, "lagou-dataanalyst", "DataAnalyst.gbk.csv"), true, "companyShortName", "companyFullName")
	}},
	{"boss-golang-2021", "field company", func(dir string) ([]string, error) {
		return jsonlField(filepath.Join(dir, "boss-golang-2021", "golang.jsonl"), "company")
	}},
	{"zhaopin-2020", "field name", func(dir string) ([]string, error) {
		return jsonlField(filepath.Join(dir, "zhaopin-2020", "zl.jsonl"), "name")
	}},
	{"ruanyf-weekly-hiring", "freetext.Parse of each comment that is a post", func(string) ([]string, error) {
		// the repository's bundled copy is the whole thread set
		bodies, err := jsonlField(filepath.FromSlash("../../data/ruanyf-weekly-hiring/posts.jsonl"), "body")
		if err != nil {
			return nil, err
		}
		var out []string
		for _, body := range bodies {
			if p := freetext.Parse(body); p.IsJob {
				out = append(out, p.Company)
			}
		}
		return out, nil
	}},
	{"hn-whoishiring-2013-2018", "freetext.ParseHN of each comment's full_html", func(dir string) ([]string, error) {
		htmls, err := jsonlField(filepath.Join(dir, "hn-whoishiring-2013-2018", "posts.jsonl"), "full_html")
		if err != nil {
			return nil, err
		}
		out := make([]string, 0, len(htmls))
		for _, h := range htmls {
			out = append(out, freetext.ParseHN(h).Company)
		}
		return out, nil
	}},
}

// csvColumn reads the first non-empty of cols from each row of a CSV file,
// decoding it from GBK first when gbk is set.
func csvColumn(path string, gbk bool, cols ...string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r io.Reader = bytes.NewReader(data)
	if gbk {
		r = simplifiedchinese.GBK.NewDecoder().Reader(r)
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, c := range cols {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("%s: no column %q in %q", path, c, head)
		}
	}
	var out []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		v := ""
		for _, c := range cols {
			if i := idx[c]; i < len(rec) && strings.TrimSpace(rec[i]) != "" {
				v = rec[i]
				break
			}
		}
		out = append(out, v)
	}
}

// jsonlField reads one string field of each line of a JSON Lines file.
func jsonlField(path, field string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			return nil, fmt.Errorf("%s line %d: %v", path, n, err)
		}
		s, _ := m[field].(string)
		out = append(out, s)
	}
	return out, sc.Err()
}

// writeTop writes the n employers with the most records, each with the
// names it merges, most frequent first.
func writeTop(b *strings.Builder, title string, names []string, n int) {
	type group struct {
		key, display string
		rows         int
		names        map[string]int
	}
	groups := map[string]*group{}
	rows, anonymous := 0, 0
	for _, raw := range names {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		rows++
		k := CompanyKey(raw)
		if k == "" {
			anonymous++
			continue
		}
		g := groups[k]
		if g == nil {
			g = &group{key: k, display: CanonicalCompany(raw), names: map[string]int{}}
			groups[k] = g
		}
		g.rows++
		g.names[raw]++
	}
	list := make([]*group, 0, len(groups))
	for _, g := range groups {
		list = append(list, g)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].rows != list[j].rows {
			return list[i].rows > list[j].rows
		}
		return list[i].key < list[j].key
	})
	fmt.Fprintf(b, "\n## %s\n%d records with a company (%d anonymous), %d employers after normalization\n", title, rows, anonymous, len(groups))
	for i, g := range list {
		if i == n {
			break
		}
		type nc struct {
			name string
			n    int
		}
		var ns []nc
		for name, c := range g.names {
			ns = append(ns, nc{name, c})
		}
		sort.Slice(ns, func(i, j int) bool {
			if ns[i].n != ns[j].n {
				return ns[i].n > ns[j].n
			}
			return ns[i].name < ns[j].name
		})
		var parts []string
		for j, x := range ns {
			if j == 6 {
				parts = append(parts, fmt.Sprintf("… %d more", len(ns)-6))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", x.name, x.n))
		}
		fmt.Fprintf(b, "%3d %5d  %s  ←  %s\n", i+1, g.rows, g.display, strings.Join(parts, " · "))
	}
}

func FuzzCompanyKey(f *testing.F) {
	for _, s := range []string{"北京字节跳动科技有限公司", "腾讯科技（深圳）有限公司", "某大型知名互联网公司", "ByteDance Ltd.", "上海好说信息技术...", "(深圳)", "北京银行", "【】", "公司"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := CompanyKey(s)
		c := CanonicalCompany(s)
		if k == "" {
			return
		}
		if k2 := CompanyKey(c); k2 != k {
			t.Fatalf("CompanyKey(%q) = %q but the key of its canonical name %q is %q", s, k, c, k2)
		}
	})
}
