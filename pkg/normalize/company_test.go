package normalize

import (
	"strings"
	"testing"
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

func TestParseTaxonomyErrors(t *testing.T) {
	for _, in := range []string{
		"skills: []",
		"skills:\n  - name: Go\n",
		"skills:\n  - name: a\n    aliases: [x]\n  - name: b\n    aliases: [x]\n",
		"skills:\n  - name: a\n    implies: [nope]\n",
		"skills:\n  - name: a\n    weak: [a]\n    rule: nonsense\n",
		"skills:\n  - name: a\n    colour: red\n",
	} {
		if _, err := ParseTaxonomy(strings.NewReader(in)); err == nil {
			t.Errorf("ParseTaxonomy(%q) succeeded, want an error", in)
		}
	}
}

func TestTaxonomy(t *testing.T) {
	tax := DefaultTaxonomy()
	if n := len(tax.Skills()); n < 40 {
		t.Errorf("%d skills, want at least 40", n)
	}
	for in, want := range map[string]string{"Golang": "go", "k8s": "kubernetes", "C++": "cpp", "C#": "csharp",
		".NET": "dotnet", "JS": "javascript", "Node.js": "nodejs", "PG": "postgresql", "Ｊａｖａ８": "java", "go": "go"} {
		if got, ok := tax.Canonical(in); !ok || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	other, err := ParseTaxonomy(strings.NewReader("skills:\n  - name: go\n    weak: [go]\n    rule: go\n"))
	if err != nil {
		t.Fatal(err)
	}
	if other.Version() == tax.Version() || tax.Version() == "" {
		t.Errorf("versions %q and %q should differ", other.Version(), tax.Version())
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
