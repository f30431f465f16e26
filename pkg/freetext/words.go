package freetext

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// The word lists below are what the classifier knows about Chinese job
// headings. They were built by reading the 1,918 real comments; each entry
// is there because some heading needed it, and none names a single post.

// titleSuffixes end a position title: "高级前端开发工程师", "Java 技术专家",
// "Senior Software Engineer". Matched case-insensitively at the end of a
// segment after a trailing level ("P6", "(高级)") is removed.
var titleSuffixes = []string{
	"工程师", "工程師", "開發", "经理", "經理", "設計師", "專家", "實習生", "開發者", "开发", "研发", "专家", "架构师", "经理", "设计师", "实习生", "实习", "研究员", "科学家",
	"总监", "主管", "负责人", "组长", "程序员", "开发者", "布道师", "分析师", "顾问", "讲师", "教师",
	"老师", "策划", "美术", "动画师", "特效师", "原画师", "编辑", "运营", "专员", "助理", "合伙人",
	"前端", "后端", "全栈", "客户端", "服务端", "后台", "测试", "运维", "算法", "产品", "设计",
	"技术支持", "技术岗", "交付", "动画", "特效", "原画", "建模", "UI", "UX", "交互", "DBA", "SRE", "QA", "HRBP", "HR", "CTO", "PM", "BD", "DevOps", "iOS", "Android",
	"安卓", "Java", "Golang", "Go", "Python", "C++", "PHP", "Rust", "Node.js", "Node", "Flutter", "FPGA",
	"React", "Vue", "Web", "H5", "Unity", "UE4", "嵌入式", "大数据", "数据开发", "数仓", "爬虫", "NLP", "CV",
	"engineer", "engineers", "developer", "developers", "designer", "manager", "scientist", "architect",
	"intern", "researcher", "lead", "leader", "director", "programmer", "analyst", "specialist", "consultant",
	"sde", "swe", "devops", "tpm", "head",
}

// strongTitle words make a segment a title wherever they stand.
var strongTitle = []string{"工程师", "engineer", "developer", "架构师", "实习生", "研发专家", "技术专家", "科学家", "设计师", "程序员"}

// orgSuffixes end a company or a unit of one.
var orgSuffixes = []string{
	"有限公司", "有限责任公司", "公司", "集团", "科技", "网络", "信息", "软件", "智能", "银行", "证券",
	"基金", "保险", "资本", "研究院", "研究所", "实验室", "大学", "学院", "事业部", "事业群", "技术部", "中心",
	"团队", "部门", "工作室", "Lab", "Labs", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "GmbH", "Co.", "Technologies",
	"Technology", "Tech", "Group", "Studio", "Studios", "Games", "AI", ".ai", ".io", ".com",
}

// brands are employers common enough in Chinese tech posts that a heading
// starting with one ("腾讯游戏流量中台后台开发工程师") can be split into
// company and title. Longest first within a prefix is handled by the matcher.
var brands = []string{
	"字节跳动", "字节", "抖音", "飞书", "今日头条", "TikTok", "阿里巴巴", "阿里云", "阿里", "蚂蚁集团", "蚂蚁金服", "蚂蚁",
	"支付宝", "淘宝", "天猫", "钉钉", "菜鸟", "饿了么", "高德", "优酷", "盒马", "腾讯", "腾讯云", "微信支付",
	"百度", "美团", "京东", "拼多多", "Temu", "TEMU", "网易", "快手", "小米", "华为", "滴滴", "携程", "哔哩哔哩",
	"B站", "小红书", "微博", "新浪", "搜狐", "360", "奇虎", "有赞", "微众银行", "招商银行", "平安", "Shopee", "虾皮",
	"米哈游", "大疆", "商汤", "旷视", "SHEIN", "希音", "得物", "唯品会", "贝壳", "链家", "知乎", "猿辅导", "作业帮",
	"好未来", "陌陌", "斗鱼", "虎牙", "爱奇艺", "七牛云", "PingCAP", "Shopify", "Microsoft", "微软", "Google", "谷歌",
	"大疆", "DJI", "富途", "携程", "哈啰", "蔚来", "理想汽车", "小鹏", "比亚迪", "联想", "中兴", "OPPO", "vivo", "荣耀",
	"Amazon", "亚马逊", "SAP", "Intel", "英特尔", "NVIDIA", "英伟达", "Airbnb", "Airwallex", "Flexport", "Apifox",
}

// brandsByRune indexes the known employers by their first rune,
// lower-cased: the brands above and every name of the company alias table
// (data/companies.tsv), but for ASCII names shorter than three letters
// ("JD", "TT"), which are more often other words.
var brandsByRune = func() map[rune][]string {
	m := map[rune][]string{}
	seen := map[string]bool{}
	add := func(b string) {
		b = strings.TrimSpace(b)
		if b == "" || seen[b] || isASCIIWord(b) && len(b) < 3 || runesAtMost(b, 1) {
			return
		}
		seen[b] = true
		r, _ := utf8.DecodeRuneInString(b)
		r = unicode.ToLower(r)
		m[r] = append(m[r], b)
	}
	for _, b := range brands {
		add(b)
	}
	for _, b := range normalize.KnownCompanyNames() {
		add(b)
	}
	return m
}()

// noiseWords are heading words that are neither company, title nor place:
// kinds of hiring, urgency, greetings, counts.
var noiseWords = []string{
	"长期有效", "长期招聘", "持续招聘", "持续有效", "持续扩招", "招聘中", "正在招聘", "火热招募", "火热招聘", "招贤纳士", "期待你的加入",
	"期待您的加入", "欢迎加入", "欢迎投递", "欢迎推荐", "欢迎来撩", "欢迎", "等你来", "加入我们", "大量HC", "大量hc", "多个岗位",
	"多岗位", "大量岗位", "各类岗位", "相关岗位", "部分岗位", "社招岗位", "岗位若干", "若干", "社招", "校招", "校园招聘", "实习生招聘",
	"春招", "秋招", "补招", "提前批", "内推", "直推", "组内直招", "组内直推", "直招", "急招", "急聘", "诚聘", "诚招", "热招", "高薪",
	"全职", "兼职", "外企", "外资", "合资", "国企", "央企", "大厂", "小而美", "不加班", "非远程", "不远程", "名额有限", "神仙公司",
	"长期", "招聘需求", "招聘启事", "招聘", "招人", "招募中", "招人中", "热招中", "进行中", "开放中", "招募", "小伙伴", "同学们", "啦",
	"急缺人", "急缺", "缺人", "紧急", "S级", "s级", "可远程", "remote", "hiring", "we're hiring", "we are hiring", "jobs", "join us", "Office", "office",
	"HC", "hc", "多地", "两地", "三地", "四地", "五地", "等地", "均可", "可选", "base", "Base", "BASE", "坐标", "工作地点", "工作地",
	"new", "NEW", "hot", "HOT", "应届生", "应届", "毕业生", "初中高级都要", "初中高级", "都要", "都招", "不限", "等等", "大量", "多个",
	"猎头", "如下", "大家好", "正编岗位", "正编", "正式编制", "基本信息", "继续", "都有hc", "都有HC", "均有hc", "均有HC", "都有岗位", "均有岗位", "均有研发中心", "都有", "均有", "最近在", "最近", "岗位合集", "合集", "美资", "美企", "日企", "德企", "欧美", "海量HC", "海量", "急急急", "火热", "所有岗位", "所有", "都在进行", "均可直推",
}

// noiseAlone are words that are noise only as a whole token: inside a
// name they belong to it ("TikTok 商业化技术创意部门", "蚂蚁金服 商家与开放技术部").
var noiseAlone = map[string]bool{
	"岗位": true, "职位": true, "平台": true, "团队": true, "部门": true, "研发中心": true, "技术中心": true, "总部": true,
	"分公司": true, "项目组": true, "等": true, "及": true, "和": true, "与": true, "or": true, "急": true, "远程": true,
	"同学": true, "更新": true, "地点": true, "城市": true, "目前": true, "补充": true, "补充一下": true, "需求": true, "开放": true,
	"公司": true, "企业": true, "机会": true, "坑位": true, "届": true, "IT": true, "实习": true, "持续": true, "岗位有": true, "研发团队": true, "技术团队": true,
}

// sectionWords open the headings of a post's sections; a heading starting
// with one is not a position title even if it ends like one.
var sectionWords = []string{
	"关于", "我们", "公司", "团队", "部门", "文化", "愿景", "使命", "价值观", "办公环境", "工作环境", "氛围", "历史", "发展历程", "项目", "业务", "福利", "薪资", "薪酬", "待遇", "联系", "简历", "投递", "加分",
	"任职", "岗位", "职位", "JD", "jd", "岗位职责", "岗位要求", "岗位描述", "岗位亮点", "岗位介绍", "职位描述", "职位要求", "职位职责", "职位介绍", "职责", "要求", "工作职责",
	"工作内容", "工作地点", "工作时间", "技术栈", "面试", "招聘流程", "为什么", "你将", "你需要", "你可以", "你会", "我们希望", "希望你",
	"加入我们", "写在", "其他", "其它", "注意", "PS", "ps", "备注", "官网", "简介", "介绍", "背景", "优势", "亮点", "产品介绍",
	"about", "About", "ABOUT", "what", "What", "why", "Why", "who", "Who", "how", "How", "responsibilities",
	"Responsibilities", "requirements", "Requirements", "qualifications", "Qualifications", "benefits", "Benefits",
	"nice to have", "Nice to have", "bonus", "Bonus", "contact", "Contact", "the role", "The Role", "The role", "role", "Role",
	"job description", "Job Description", "Job description", "in this role", "In this role",
}

// verbs separate a company from the titles it hires for:
// "华为CloudBU招聘高级软件工程师", "盛立金融 招前端/后端", "广告系统求后端".
var verbs = []string{"招聘", "徵才", "征才", "扩招", "诚聘", "诚招", "急招", "急聘", "热招", "直招", "直推", "在招", "招募", "招收", "招人", "寻找", "内推", "招", "求"}

func hasSuffixFold(s, suf string) bool {
	if len(s) < len(suf) {
		return false
	}
	return equalFoldFast(s[len(s)-len(suf):], suf)
}

// equalFoldFast is strings.EqualFold for a word of the package's lists, of
// equal byte length: an ASCII word folds byte by byte (a non-ASCII rune of
// the same byte length cannot fold to it, having fewer runes), and a
// Chinese word has no case, so it is equal only as bytes. Decoding runes
// for this was a tenth of the parse.
func equalFoldFast(a, word string) bool {
	n := len(word)
	if len(a) != n {
		return false
	}
	// A word that opens or ends with an ideograph or CJK symbol
	// (U+3000–U+9FFF, three bytes led by 0xE3–0xE9) matches only a text
	// with the same three bytes there, whatever the rest: that rune folds
	// to nothing else. Most comparisons fail on it, before caseless
	// decodes the word.
	if n >= 3 {
		if cjkRuneAt(word, 0) && a[:3] != word[:3] || cjkRuneAt(word, n-3) && a[n-3:] != word[n-3:] {
			return false
		}
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			if caseless(word[i:]) {
				return a[i:] == word[i:]
			}
			return strings.EqualFold(a, word)
		}
		x := a[i]
		if x == c {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if x != c || x < 'a' || x > 'z' {
			return false
		}
	}
	return true
}

// cjkRuneAt reports whether s[i:i+3] encodes one rune of U+3000–U+9FFF.
func cjkRuneAt(s string, i int) bool {
	return s[i] >= 0xE3 && s[i] <= 0xE9 && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

func hasPrefixFold(s, pre string) bool {
	if len(s) < len(pre) {
		return false
	}
	return equalFoldFast(s[:len(pre)], pre)
}

// caseless reports a word of runes without case: ASCII punctuation and
// digits, CJK symbols, kana and ideographs (U+3000–U+9FFF).
func caseless(w string) bool {
	for _, r := range w {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				return false
			}
			continue
		}
		if r < 0x3000 || r > 0x9FFF {
			return false
		}
	}
	return true
}

// trimLevel removes what follows a title without changing it: a level
// ("P6", "P6-P7", "T5"), a count ("x2", "×3"), a trailing bracketed note.
func trimLevel(s string) string {
	for {
		before := s
		s = strings.TrimSpace(s)
		s = strings.TrimRightFunc(s, func(r rune) bool {
			return unicode.IsPunct(r) && r != ')' && r != '）' && r != '+' && r != '#' && r != '.' || unicode.IsSpace(r)
		})
		if strings.HasSuffix(s, ")") || strings.HasSuffix(s, "）") {
			if i := lastOpenParen(s); i > 0 {
				s = s[:i]
			}
		}
		// P6, P6-P7, T5, L3, x2
		if i := strings.LastIndexAny(s, " -/~PpTtLlXx×"); i >= 0 && i < len(s)-1 {
			tail := s[i:]
			if levelTail(tail) {
				s = s[:i]
			}
		}
		if s == before {
			return s
		}
	}
}

func levelTail(t string) bool {
	t = strings.TrimLeft(t, " -/~")
	if t == "" {
		return false
	}
	switch t[0] {
	case 'P', 'p', 'T', 't', 'L', 'l', 'X', 'x':
		t = t[1:]
	default:
		if strings.HasPrefix(t, "×") {
			t = t[len("×"):]
		} else {
			return false
		}
	}
	if t == "" || len(t) > 2 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

func lastOpenParen(s string) int {
	i := strings.LastIndex(s, "(")
	j := strings.LastIndex(s, "（")
	return max(i, j)
}

// stripLevelCode removes a level code at either end: "前端P6起", "P7 Java".
func stripLevelCode(t string) string {
	if !hasLevelStart(t) {
		return t
	}
	for _, loc := range levelCode.FindAllStringSubmatchIndex(t, -1) {
		if loc[3] == len(t) || loc[2] == 0 {
			return strings.TrimSpace(t[:loc[2]] + t[loc[3]:])
		}
	}
	return t
}

// hasLevelStart reports a P or T followed by a digit, which every match of
// levelCode holds: most texts have none and need no regular expression.
func hasLevelStart(t string) bool {
	for i := 0; i+1 < len(t); i++ {
		if c := t[i] | 0x20; (c == 'p' || c == 't') && '0' <= t[i+1] && t[i+1] <= '9' {
			return true
		}
	}
	return false
}

// replaceLevelCodes replaces the level codes in t by a space.
func replaceLevelCodes(t string) string {
	if !hasLevelStart(t) {
		return t
	}
	return levelCode.ReplaceAllString(t, " ")
}

// isTitle reports whether s reads as a position title.
// genericArea are titles too general to make "X工程" a position ("开发工程").
var genericArea = map[string]bool{"开发": true, "研发": true, "软件": true, "系统": true, "技术": true}

func isTitle(s string) bool {
	s = trimLevel(stripLevelCode(s))
	// "前端工程", "数据工程": the engineering of a field is a position
	if r, ok := strings.CutSuffix(s, "工程"); ok && r != "" && !strings.HasSuffix(r, "工程") && isTitle(r) && !genericArea[r] {
		return true
	}
	// "资深技术产品经理岗（质量平台）": the word for post
	if t, ok := strings.CutSuffix(s, "岗"); ok && t != "" {
		s = t
	}
	if s == "" || !runesAtMost(s, 40) {
		return false
	}
	if sectionByFirst.hasPrefixOf(s) {
		return false
	}
	lower := lowerASCII(s)
	for _, w := range strongTitle {
		if strings.Contains(lower, w) {
			return true
		}
	}
	byLast, always := titleSuffixIndex.candidates(s)
	return endsLikeTitle(s, byLast) || endsLikeTitle(s, always)
}

// endsLikeTitle reports whether s ends in one of suffixes, an ASCII one
// after a word boundary.
func endsLikeTitle(s string, suffixes []string) bool {
	for _, suf := range suffixes {
		if hasSuffixFold(s, suf) {
			// "Go" and "PM" end many words; ask for a boundary before ASCII suffixes.
			if c := suf[0]; c < utf8.RuneSelf && len(s) > len(suf) {
				p := s[len(s)-len(suf)-1]
				if normalize.IsWordByte(p) {
					continue
				}
			}
			return true
		}
	}
	return false
}

// sectionByFirst is sectionWords by first byte.
var sectionByFirst = newPrefixIndex(sectionWords)

// titleSuffixIndex is titleSuffixes by last byte.
var titleSuffixIndex = newSuffixIndex(titleSuffixes)

// prefixIndex holds words by their first byte: a text can start with only
// those that share its own.
type prefixIndex [256][]string

func newPrefixIndex(words []string) *prefixIndex {
	var p prefixIndex
	for _, w := range words {
		if w != "" {
			p[w[0]] = append(p[w[0]], w)
		}
	}
	return &p
}

// hasPrefixOf reports whether s starts with one of the words (as bytes).
func (p *prefixIndex) hasPrefixOf(s string) bool {
	if s == "" {
		return false
	}
	for _, w := range p[s[0]] {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// suffixIndex holds words by their last byte, for hasSuffixFold: an ASCII
// word under its last byte lower-cased, a word without case (caseless)
// under its last byte as it is; any other word may fold onto other bytes
// and is tried on every text.
type suffixIndex struct {
	byLast [256][]string
	always []string
}

func newSuffixIndex(words []string) *suffixIndex {
	var x suffixIndex
	for _, w := range words {
		switch {
		case w == "":
			x.always = append(x.always, w)
		case isASCIIWord(w):
			c := lowerByte(w[len(w)-1])
			x.byLast[c] = append(x.byLast[c], w)
		case caseless(w):
			x.byLast[w[len(w)-1]] = append(x.byLast[w[len(w)-1]], w)
		default:
			x.always = append(x.always, w)
		}
	}
	return &x
}

// candidates returns the words hasSuffixFold(s, w) may hold for, in the
// order given: those under s's last byte, and those tried on every text.
func (x *suffixIndex) candidates(s string) (byLast, always []string) {
	if s == "" {
		return nil, x.always
	}
	return x.byLast[lowerByte(s[len(s)-1])], x.always
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isOrg reports whether s ends like a company or a unit of one, or starts
// with a known employer.
func isOrg(s string) bool {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "的") && !hasLegalSuffix(s) {
		return false // "先进的技术" describes
	}
	byLast, always := orgSuffixIndex.candidates(s)
	return endsLikeOrgWord(s, byLast) || endsLikeOrgWord(s, always) || brandPrefix(s) != ""
}

// orgSuffixIndex is orgSuffixes by last byte.
var orgSuffixIndex = newSuffixIndex(orgSuffixes)

// endsLikeOrgWord reports whether s ends in one of suffixes after more
// text, an ASCII word after a word boundary.
func endsLikeOrgWord(s string, suffixes []string) bool {
	for _, suf := range suffixes {
		if hasSuffixFold(s, suf) && len(s) > len(suf) {
			if c := suf[0]; c < utf8.RuneSelf && normalize.IsWordByte(c) {
				p := s[len(s)-len(suf)-1]
				if normalize.IsWordByte(p) {
					continue
				}
			}
			return true
		}
	}
	return false
}

// brandPrefix returns the known employer s starts with, "" if none.
func brandPrefix(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	best := ""
	for _, b := range brandsByRune[unicode.ToLower(r)] {
		if len(b) > len(best) && hasPrefixFold(s, b) {
			// an ASCII brand must end at a word boundary: "SAP" not "SAPxx"
			if c := b[len(b)-1]; c < utf8.RuneSelf && len(s) > len(b) && normalize.IsWordByte(s[len(b)]) {
				continue
			}
			// "钉钉号", "钉钉群": a contact, not the employer
			if r, _ := utf8.DecodeRuneInString(s[len(b):]); r == '号' || r == '群' {
				continue
			}
			best = s[:len(b)]
		}
	}
	return best
}

// isNoise reports whether s holds nothing but noise words, punctuation and
// spaces.
func isNoise(s string) bool {
	if b := brandPrefix(strings.TrimSpace(s)); b != "" && b == strings.TrimSpace(s) {
		return false // "360" is an employer, not a number
	}
	s = stripNoise(s)
	s = strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if s == "" || noiseAlone[s] || len(s) <= 40 && mayBeNoiseCode(s) && noiseCode.MatchString(s) || levelWord(s) {
		return true
	}
	if _, ok := labels[lowerASCII(s)]; ok {
		return true // a label word on its own: "薪酬范围", "工作地点"
	}
	for _, suf := range domainSuffixes {
		if strings.HasSuffix(s, suf) && !hasLegalSuffix(s) {
			return true
		}
	}
	return perkLits.in(s)
}

// domainSuffixes end a description of the work, not a name: "出版教育方向",
// "React技术栈", "无人机相关", "新能源汽车行业".
var domainSuffixes = []string{"方向", "技术栈", "相关", "行业", "领域", "场景", "赛道", "业务线"}

// perkWords mark a statement of working conditions: "全额社保12%公积金双休",
// "16薪+15天年假", "拒绝 996".
var perkWords = []string{"双休", "年假", "公积金", "社保", "险一金", "福利", "加班", "996", "965", "955", "WLB", "wlb", "到岗",
	"资金到位", "面试", "待遇", "薪资", "薪酬", "病假", "带薪", "经验"}

// perkLits finds any of perkWords in one pass.
var perkLits = newLitSet(perkWords...)

// noiseCode matches tokens that are codes, not names: a work schedule
// ("955", "996"), a class year ("24届", "2026届", "2025"), a level ("P6").
var noiseCode = regexp.MustCompile(`(?i)^(?:9\d\d|\d{2,4}\s?届(?:校招|应届生?|毕业生)?|20\d{2}(?:年|届)?|[ptl]\d{1,2}|\d{1,2}(?:\s?[-~～]\s?\d{1,2})?\s?薪|\d{1,2}\s?月份?|[\d\s.+%~～-]+|\d+\s?[-~～]?\s?\d*\s?年(?:及?以上)?(?:经验)?|[\d\s~～-]+[人名位个]|(?:岗位|职位)\s?[0-9一二三四五六七八九十]{1,2}|(?:sde|swe|ic)\s?\d|email|phone|wlb|ing|team|jd|[a-e]\+?\s?轮(?:融资)?|pre-?a\+?\s?轮?(?:融资)?|天使轮(?:融资)?|种子轮(?:融资)?)$`)

// mayBeNoiseCode reports whether s opens as a match of noiseCode can: a
// digit or one of the range and space characters its number patterns
// start with; the first two characters of one of its words, in any case
// ("ſ" folds to s); 岗位, 职位, 天使 or 种子.
func mayBeNoiseCode(s string) bool {
	if s == "" {
		return true
	}
	c := s[0]
	if c < utf8.RuneSelf {
		// the first characters of its alternatives: digits, the number
		// patterns' space and signs, and (any case) the letters of
		// p6, t5, l3, sde, swe, ic, email, phone, wlb, ing, team, jd, a–e轮, pre-a
		c = lowerByte(c)
		if '0' <= c && c <= '9' || strings.IndexByte(" \t\n\f\r.+%~-", c) >= 0 {
			return true
		}
		if len(s) < 2 {
			return false // every word opening with a letter has two runes
		}
		// the second byte: a digit (p6, t5, l3), the next letter (phone,
		// pre-a, team, sde, swe, ic, ing, email, wlb, jd), or what may
		// follow a–e before 轮 (a plus, a space, or 轮's first byte 0xE8)
		d := lowerByte(s[1])
		digit := '0' <= d && d <= '9'
		beforeRound := d == '+' || d == 0xE8 || strings.IndexByte(" \t\n\f\r", d) >= 0
		switch c {
		case 'p':
			return digit || d == 'h' || d == 'r'
		case 't':
			return digit || d == 'e'
		case 'l':
			return digit
		case 's':
			return d == 'd' || d == 'w'
		case 'i':
			return d == 'c' || d == 'n'
		case 'e':
			return d == 'm' || beforeRound
		case 'w':
			return d == 'l'
		case 'j':
			return d == 'd'
		case 'a', 'b', 'c', 'd':
			return beforeRound
		}
		return false
	}
	for _, p := range []string{"岗位", "职位", "天使", "种子", "～", "ſ"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

func stripNoise(s string) string {
	if !noiseLits.in(s) {
		return s // no noise word, so nothing to replace
	}
	if hasLegalSuffix(s) {
		return s // a registered name is kept whole: 北京外企德科人力资源服务上海有限公司
	}
	for _, w := range noiseCandidates(s) {
		if strings.Contains(s, w) {
			if isASCIIWord(w) {
				s = replaceWord(s, w)
			} else {
				s = strings.ReplaceAll(s, w, " ")
			}
		}
	}
	return s
}

// noiseLits finds any of noiseWords as written.
var noiseLits = newLitSet(noiseWords...)

// noiseByRune indexes noiseWords by their first rune, lower-cased, each
// list in noiseWords' order.
var noiseByRune = func() map[rune][]int {
	m := map[rune][]int{}
	for i, w := range noiseWords {
		r, _ := utf8.DecodeRuneInString(w)
		r = unicode.ToLower(r)
		m[r] = append(m[r], i)
	}
	return m
}()

// noiseCandidates returns the noise words that may occur in s — those
// whose first rune does — in noiseWords' order: stripNoise runs on most
// pieces of most lines, and trying all noise words on each is slow.
func noiseCandidates(s string) []string {
	var idx []int
	var seen []rune
	for _, r := range s {
		r = unicode.ToLower(r)
		if slices.Contains(seen, r) {
			continue
		}
		seen = append(seen, r)
		idx = append(idx, noiseByRune[r]...)
	}
	if len(idx) == 0 {
		return nil
	}
	slices.Sort(idx)
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = noiseWords[j]
	}
	return out
}

func isASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// replaceWord blanks whole-word occurrences of an ASCII word.
func replaceWord(s, w string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, w)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + len(w)
		if (i > 0 && normalize.IsWordByte(s[i-1])) || (j < len(s) && normalize.IsWordByte(s[j])) {
			b.WriteString(s[:j])
			s = s[j:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		s = s[j:]
	}
}

// isDecoration reports runes that decorate headings and names but are not
// part of them: emoji, pictographs, dingbats, variation selectors.
func isDecoration(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // emoji and pictographs
		r >= 0x2600 && r <= 0x27BF, // misc symbols, dingbats
		r >= 0x2B00 && r <= 0x2BFF, // arrows, stars
		r >= 0x2190 && r <= 0x21FF, // arrows
		r >= 0xFE00 && r <= 0xFE0F, // variation selectors
		r == 0x200D, r == 0x20E3, r == 0x3030, r == 0x303D,
		r >= 0xE0020 && r <= 0xE007F:
		return true
	case r < 0x80, r >= 0x4E00 && r <= 0x9FFF:
		return false // ASCII and Chinese ideographs hold no symbol (So); skip the table search
	}
	return unicode.Is(unicode.So, r) && r != '°'
}

// hasDecoration is strings.ContainsFunc(s, isDecoration), stepping over
// ASCII and the ideographs U+5000–U+9FFF (lead bytes 0xE5–0xE9) without
// decoding them: this check runs on every line several times.
func hasDecoration(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= 0xE5 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isDecoration(r) {
			return true
		}
		i += n
	}
	return false
}

// stripDecoration removes decoration runes and GitHub short codes.
func stripDecoration(s string) string {
	if !hasDecoration(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isDecoration(r) {
			return ' '
		}
		return r
	}, s)
}

// knownKeys are the comparison keys of the alias table's names.
var knownKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range normalize.KnownCompanyNames() {
		if k := normalize.CompanyKey(n); k != "" {
			m[k] = true
		}
	}
	return m
}()

// knownEmployer reports a name the alias table knows.
func knownEmployer(name string) bool {
	k := normalize.CompanyKey(name)
	return k != "" && knownKeys[k]
}
