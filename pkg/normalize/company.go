package normalize

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jobtrend/jobtrend/data"
)

// Company names are published in many forms: the legal name
// (北京字节跳动科技有限公司), a brand (字节跳动, 今日头条), a regional
// entity (腾讯科技（深圳）有限公司), a name cut short by the site
// (上海好说信息技术...), or no name at all (某大型知名互联网公司, a
// headhunter's anonymous client). CompanyKey reduces them to one key per
// employer; CanonicalCompany gives the name a report shows.

// legalSuffixes end legal names; stripped repeatedly, longest first.
var legalSuffixes = sortLongestFirst([]string{
	"集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "分公司",
	"集团公司", "总公司", "公司", "集团", "控股", "企业", "事业部", "工作室",
	// units that hire under the group's name: CITRIX（思杰）南京研发中心 is Citrix
	"研发中心", "技术中心", "研发部",
	" co., ltd.", " co.,ltd.", " co., ltd", " co.,ltd", " co. ltd.", " co. ltd", " co ltd", ",ltd.", ",ltd",
	" company limited", " limited", " ltd.", " ltd", " inc.", " inc", ", inc.", ", inc", " llc", " l.l.c.",
	" gmbh", " corp.", " corp", " corporation", " pte.", " pte", " plc", " s.a.", " ag", " group",
	" holdings", " holding", " technologies", " technology", " tech", " co.", " co",
})

// tradeWords describe the line of business after the firm's own name
// (字节跳动科技 → 字节跳动); stripped only once the legal suffix is gone or
// when nothing else ends the name, and never down to fewer than two
// characters.
var tradeWords = sortLongestFirst([]string{
	"网络科技", "信息科技", "信息技术", "网络技术", "数码科技", "智能科技", "数据科技", "互联网科技",
	"软件技术", "电子商务", "计算机系统", "计算机技术", "科技发展", "技术发展", "文化传媒", "文化传播",
	"管理咨询", "企业管理", "人力资源", "通讯技术", "通信技术", "电子科技", "软件科技", "云计算",
	"科技", "技术", "软件", "网络", "信息", "传媒", "咨询", "服务", "贸易", "实业", "发展", "商务",
	"数码", "智能", "数据", "互联网", "在线", "移动", "半导体", "微电子", "集成电路", "电子",
})

// places open or close many names (北京字节跳动…, …有限公司广州分公司). They
// are removed unless what remains is a generic word (北京银行 stays).
var places = sortLongestFirst(strings.Fields(`
北京市 上海市 天津市 重庆市 北京 上海 天津 重庆 深圳市 广州市 杭州市 成都市 南京市 武汉市 西安市 苏州市
长沙市 郑州市 合肥市 青岛市 大连市 济南市 宁波市 无锡市 福州市 厦门市 珠海市 东莞市 佛山市 中山市 贵阳市
昆明市 南昌市 石家庄市 太原市 沈阳市 长春市 哈尔滨市 海口市 南宁市 兰州市 乌鲁木齐市 呼和浩特市 银川市 西宁市
拉萨市 常州市 温州市 嘉兴市 绍兴市 金华市 南通市 徐州市 烟台市 惠州市 泉州市 保定市 洛阳市 襄阳市 芜湖市
深圳 广州 杭州 成都 南京 武汉 西安 苏州 长沙 郑州 合肥 青岛 大连 济南 宁波 无锡 福州 厦门 珠海 东莞 佛山 中山
贵阳 昆明 南昌 石家庄 太原 沈阳 长春 哈尔滨 海口 三亚 南宁 兰州 乌鲁木齐 呼和浩特 银川 西宁 拉萨 常州 温州 嘉兴
绍兴 金华 南通 徐州 烟台 惠州 泉州 保定 洛阳 襄阳 芜湖 昆山
广东省 浙江省 江苏省 山东省 福建省 四川省 湖北省 湖南省 河南省 河北省 安徽省 江西省 陕西省 山西省 辽宁省 吉林省
黑龙江省 云南省 贵州省 海南省 甘肃省 青海省 台湾省 广西 内蒙古 宁夏 新疆 西藏 香港 澳门
广东 浙江 江苏 山东 福建 四川 湖北 湖南 河南 河北 安徽 江西 陕西 山西 辽宁 吉林 黑龙江 云南 贵州 海南 甘肃 青海
中国 中国大陆`))

var (
	legalIndex = newAffixes(legalSuffixes)
	tradeIndex = newAffixes(tradeWords)
	placeIndex = newAffixes(places)
)

// genericRemainders make a place name part of the firm's name: 北京银行 is
// not 上海银行.
var genericRemainders = map[string]bool{
	"银行": true, "大学": true, "医院": true, "地铁": true, "机场": true, "电视台": true, "日报": true,
	"证券": true, "农商银行": true, "商业银行": true, "燃气": true, "水务": true, "电力": true, "交通": true,
	"公交": true, "城建": true, "建工": true, "烟草": true, "移动": true, "联通": true, "电信": true,
	"分行": true, "银行股份": true, "农村商业银行": true, "国际": true, "人才": true, "师范大学": true,
	"理工大学": true, "科技大学": true, "中学": true, "小学": true, "一中": true, "人民医院": true,
}

func sortLongestFirst(list []string) []string {
	out := append([]string(nil), list...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(out[j]) > utf8.RuneCountInString(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// IsAnonymousCompany reports names that hide the employer: "某大型知名互联网公司",
// "北京某小型电子半导体公司", "保密". Such postings have no comparable company.
func IsAnonymousCompany(name string) bool {
	s := strings.TrimSpace(norm.NFKC.String(name))
	if s == "" {
		return true
	}
	switch s {
	case "保密", "匿名", "匿名公司", "未公开", "某公司", "知名企业", "某知名企业":
		return true
	}
	if k := strings.Index(s, "某"); k >= 0 && utf8.RuneCountInString(s[:k]) <= 4 {
		return strings.HasSuffix(s, "公司") || strings.HasSuffix(s, "企业") || strings.HasSuffix(s, "机构") ||
			strings.HasSuffix(s, "集团") || strings.Contains(s, "上市")
	}
	return false
}

// cleanCompany removes from a name what does not tell employers apart: width
// forms, brackets and what they hold, a trailing ellipsis, legal suffixes,
// trade words, and place names at either end. Case is kept.
func cleanCompany(name string) string {
	s := norm.NFKC.String(name)
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimRight(s, ".…· ")
	// "北京达内金桥科技有限公司1": a digit typed after the legal suffix
	if t := strings.TrimRight(s, "0123456789"); t != s && strings.HasSuffix(t, "公司") {
		s = t
	}
	s = stripBrackets(s)
	for changed := true; changed; {
		changed = false
		// Punctuation left at an end hides a suffix under it ("00 Ltd&"):
		// trim it inside the loop so cleaning a cleaned name changes nothing.
		if t := strings.TrimSpace(strings.Trim(s, trimPunct)); t != s && t != "" {
			s, changed = t, true
			continue
		}
		if t, ok := trimSuffixFold(s, legalIndex); ok {
			s, changed = t, true
			continue
		}
		if t, ok := trimSuffixFold(s, tradeIndex); ok {
			s, changed = t, true
			continue
		}
		if t, ok := trimPlace(s); ok {
			s, changed = t, true
		}
	}
	// Dropping a bracket or a suffix can leave two combining marks side by
	// side that NFKC would reorder: normalize again so the result is a
	// fixed point.
	return norm.NFKC.String(strings.TrimSpace(strings.Trim(s, trimPunct)))
}

const trimPunct = ",.-_·/&+…' "

// affixes is a list of name parts, indexed by their first and last
// runes: a name's own first and last runes pick the few entries that can
// begin or end it, in list order, so the first of them that fits is the
// first a scan of the whole list would find. Scanning the lists for every
// name cost a query of a common skill 70 ms for its 9,000 companies.
type affixes struct {
	list            []string
	byFirst, byLast map[rune][]int // entry indexes, ascending
}

func newAffixes(list []string) *affixes {
	a := &affixes{list: list, byFirst: map[rune][]int{}, byLast: map[rune][]int{}}
	for i, e := range list {
		r, _ := utf8.DecodeRuneInString(e)
		a.byFirst[r] = append(a.byFirst[r], i)
		r, _ = utf8.DecodeLastRuneInString(e)
		a.byLast[foldClass(r)] = append(a.byLast[foldClass(r)], i)
	}
	return a
}

// foldClass is the smallest rune equal to r under Unicode simple case
// folding (strings.EqualFold's equality): one key for all of r's cases.
func foldClass(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// endingIn returns the indexes of the entries whose last rune folds to
// s's last rune: the only ones s can end with, up to case.
func (a *affixes) endingIn(s string) []int {
	r, _ := utf8.DecodeLastRuneInString(s)
	return a.byLast[foldClass(r)]
}

// atEnds returns the indexes of the entries that begin with s's first rune
// or end with its last rune up to case, ascending and once each.
func (a *affixes) atEnds(s string) []int {
	r, _ := utf8.DecodeRuneInString(s)
	first := a.byFirst[r]
	last := a.endingIn(s)
	if len(first) == 0 {
		return last
	}
	if len(last) == 0 {
		return first
	}
	out := make([]int, 0, len(first)+len(last))
	for len(first) > 0 || len(last) > 0 {
		switch {
		case len(last) == 0 || len(first) > 0 && first[0] < last[0]:
			out, first = append(out, first[0]), first[1:]
		case len(first) == 0 || last[0] < first[0]:
			out, last = append(out, last[0]), last[1:]
		default:
			out, first, last = append(out, first[0]), first[1:], last[1:]
		}
	}
	return out
}

// trimSuffixFold removes the first suffix of the list that s ends with
// (case ignored) unless fewer than two characters would remain.
func trimSuffixFold(s string, a *affixes) (string, bool) {
	for _, i := range a.endingIn(s) {
		suf := a.list[i]
		if len(s) <= len(suf) {
			continue
		}
		if strings.EqualFold(s[len(s)-len(suf):], suf) {
			rest := strings.TrimSpace(strings.TrimRight(s[:len(s)-len(suf)], ",.-·"))
			if utf8.RuneCountInString(rest) >= 2 {
				return rest, true
			}
		}
	}
	return s, false
}

func trimPlace(s string) (string, bool) {
	for _, i := range placeIndex.atEnds(s) {
		p := placeIndex.list[i]
		if strings.HasPrefix(s, p) {
			if rest := strings.TrimSpace(s[len(p):]); placeRemainderOK(rest) {
				return rest, true
			}
		}
		if strings.HasSuffix(s, p) {
			if rest := strings.TrimSpace(s[:len(s)-len(p)]); placeRemainderOK(rest) {
				return rest, true
			}
		}
	}
	return s, false
}

func placeRemainderOK(rest string) bool {
	if utf8.RuneCountInString(rest) < 2 || genericRemainders[rest] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	// "北京市朝阳区…" keeps its district; "上海·" is punctuation, not a name.
	return r != '市' && r != '省' && r != '区' && r != '县' && r != '路' && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// stripBrackets removes bracketed parts, which in Chinese company names
// hold a region or a branch: 腾讯科技（深圳）有限公司 (after NFKC the
// brackets are ASCII). An unclosed bracket is dropped on its own.
func stripBrackets(s string) string {
	if !strings.ContainsAny(s, "([【〔") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '【' || r == '[' || r == '〔':
			depth++
		case (r == ')' || r == '】' || r == ']' || r == '〕') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	out := strings.TrimSpace(b.String())
	if depth > 0 || out == "" {
		// Unbalanced, or the whole name was in brackets: keep the text,
		// drop the brackets.
		return strings.TrimSpace(strings.Map(func(r rune) rune {
			switch r {
			case '(', ')', '[', ']', '【', '】', '〔', '〕':
				return -1
			}
			return r
		}, s))
	}
	return out
}

// keyOf turns a cleaned name into a comparison key: lower-case, no
// punctuation or white space.
func keyOf(clean string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, clean)
}

// CompanyAliases maps company keys to display names, from an alias table in
// the format of data/companies.tsv.
type CompanyAliases struct {
	canon map[string]string // key -> display name
	names []string          // every name of the table as written, in table order
}

// ParseCompanyAliases reads an alias table: '#' comments, one employer a
// line, display name first, other names after it, tab-separated. A name
// claimed by two employers is an error.
func ParseCompanyAliases(r io.Reader) (*CompanyAliases, error) {
	a := &CompanyAliases{canon: map[string]string{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		names := strings.Split(text, "\t")
		display := strings.TrimSpace(names[0])
		for _, n := range names {
			k := keyOf(cleanCompany(n))
			if k == "" {
				return nil, fmt.Errorf("company aliases line %d: name %q has an empty key", line, n)
			}
			if prev, dup := a.canon[k]; dup && prev != display {
				return nil, fmt.Errorf("company aliases line %d: %q is already an alias of %q", line, n, prev)
			}
			a.canon[k] = display
			a.names = append(a.names, strings.TrimSpace(n))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read company aliases: %w", err)
	}
	return a, nil
}

var defaultAliases = sync.OnceValue(func() *CompanyAliases {
	a, err := ParseCompanyAliases(bytes.NewReader(data.Companies))
	if err != nil {
		panic(fmt.Sprintf("%s: %v", data.CompaniesName, err)) // embedded and tested
	}
	return a
})

// DefaultCompanyAliases is the table embedded from data/companies.tsv.
func DefaultCompanyAliases() *CompanyAliases { return defaultAliases() }

// Names returns every name the table lists (display names and aliases),
// as written, in table order. Parsers use them to recognise an employer at
// the start of a longer name ("拼多多容器平台").
func (a *CompanyAliases) Names() []string { return slices.Clone(a.names) }

// Key returns the comparison key of name: equal keys mean one employer.
// Anonymous names ("某大型互联网公司") and empty ones have the empty key,
// which callers must treat as "unknown", never as one employer.
func (a *CompanyAliases) Key(name string) string {
	if IsAnonymousCompany(name) {
		return ""
	}
	c := cleanCompany(name)
	k := keyOf(c)
	if d, ok := a.canon[k]; ok {
		return keyOf(cleanCompany(d))
	}
	return k
}

// Canonical returns the name to show for name: the alias table's display
// name, else the cleaned name (brackets, legal suffixes and place names
// removed). Anonymous names are returned trimmed, as published.
func (a *CompanyAliases) Canonical(name string) string {
	if IsAnonymousCompany(name) {
		return strings.TrimSpace(name)
	}
	c := cleanCompany(name)
	if d, ok := a.canon[keyOf(c)]; ok {
		return d
	}
	if c == "" {
		return strings.TrimSpace(name)
	}
	return c
}

// CompanyKey returns the comparison key of a company name using the
// embedded alias table; equal keys are one employer. The empty key means
// unknown (empty or anonymous name) and must not be grouped.
func CompanyKey(name string) string { return DefaultCompanyAliases().Key(name) }

// KnownCompanyNames returns every name of the embedded alias table.
func KnownCompanyNames() []string { return DefaultCompanyAliases().Names() }

// CanonicalCompany returns the display name of a company: the alias
// table's name (ByteDance → 字节跳动), else the cleaned name.
func CanonicalCompany(name string) string { return DefaultCompanyAliases().Canonical(name) }
