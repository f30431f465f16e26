package freetext

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Post is what Parse reads from one comment.
type Post struct {
	IsJob  bool     `json:"is_job"`           // false for non-posts: editor summaries, questions, replies, image-only comments, ...
	Reason string   `json:"reason,omitempty"` // when !IsJob: short machine-readable reason (see the Reason* constants)
	Title  string   `json:"title"`            // the main position title: Titles[0]
	Titles []string `json:"titles"`           // every position title found, in order
	// Company is the employer as written, cleaned of decoration (【】,
	// emoji, Markdown) and of the team or business line that follows it.
	Company     string `json:"company"`
	CompanyFrom string `json:"company_from,omitempty"` // where Company was read: one of the CompanyFrom* constants
	// Team is the unit the post hires for when it names one beside the
	// company: "拼多多容器平台" is company 拼多多, team 容器平台.
	Team     string   `json:"team,omitempty"`
	City     string   `json:"city"`      // Cities[0]
	Cities   []string `json:"cities"`    // every place of work, in order, normalized to a city name ("上海市浦东新区" → "上海")
	Salary   string   `json:"salary"`    // as written, e.g. "20-30k", "15K - 25K"
	WorkMode string   `json:"work_mode"` // WorkRemote, WorkHybrid, WorkOnsite, or "" when the post does not say
}

// Where a post's company was read.
const (
	CompanyFromHeading = "heading" // the post's heading or leading line: "# 【北京】字节跳动-前端"
	CompanyFromLink    = "link"    // the text of a link naming an organisation: "[WiseTech Global](…)"
	CompanyFromLabel   = "label"   // a labelled line or table column: "公司：RingCentral"
	CompanyFromBody    = "body"    // running text: "卓拙科技成立于2012年", "关于 Apifox"
)

// Work modes.
const (
	WorkRemote = "remote" // the work may be done remotely: 远程, 可远程, remote
	WorkHybrid = "hybrid" // partly remote: 每周1–2天远程, 3 days from home and 2 in the office
	WorkOnsite = "onsite" // the post says the work is not remote: 不支持远程, 坐班, onsite
)

// Reasons a comment is not a job post.
const (
	ReasonEmpty      = "empty"       // no text at all
	ReasonImageOnly  = "image-only"  // images (a poster, a QR code) and at most a contact line
	ReasonSummary    = "summary"     // the editor's summary of the previous thread's posts
	ReasonNotice     = "notice"      // the editor's housekeeping: thread closed, "请补上招聘公司的名称"
	ReasonReply      = "reply"       // an answer to another comment: "@user …", a quote with a remark
	ReasonQuestion   = "question"    // a question or a complaint: "有没有深圳的岗位？", "别在这里发个人求职了"
	ReasonJobSeeking = "job-seeking" // a résumé: "个人求职 - 前端开发", "蹲一个实习"
	ReasonVolunteer  = "volunteer"   // unpaid collaboration: open-source co-building, side projects
	ReasonTooShort   = "too-short"   // a few words with nothing that says job
	ReasonNoJob      = "no-job"      // text, but no title, company or hiring language
)

// Parse reads one comment body (Markdown, as GitHub stores it). It never
// fails: a body that is not a job post comes back with IsJob false and a
// Reason; the extraction fields are then empty.
func Parse(body string) Post {
	return parseLines(splitLines(body), body)
}

// ParseWithText returns Parse(body) and PlainText(body), splitting body
// into lines once for both (the split is a twelfth of a parse).
func ParseWithText(body string) (Post, string) {
	lines := splitLines(body)
	// neither the parse nor plainText changes lines (splitLines made them)
	return parseLines(lines, body), plainText(lines, len(body))
}

func parseLines(lines []line, body string) Post {
	d := newDoc(lines, body)
	if reason := d.notPost(); reason != "" {
		return Post{Reason: reason}
	}
	p := d.extract()
	if reason := d.judge(&p); reason != "" {
		return Post{Reason: reason}
	}
	p.IsJob = true
	return p
}

// doc is a comment split into the lines the parser reads.
type doc struct {
	all        []line // every line
	use        []line // the lines that make the post (a reply's quote excluded)
	text       string // plain text of use, one line per line
	prose      string // text without URLs, whose "?" and "@" are not the writer's
	lower      string // text, lower-cased
	lowerProse string
	own        string // plain text of the unquoted lines
	images     int    // images in the body
	body       string // the comment as posted

	ixText, ixProse, ixOwn *textIndex // built on first use

	// heads memoizes parseHeading: the heading reader, the field reader
	// and the title reader all read the same heading lines
	heads map[headKey]headInfo

	// letters memoizes letterCount: the judges before and after extraction
	// count the same texts
	letters []textCount
}

type textCount struct {
	s string
	n int
}

// letterCount is letterCount, counted once per text.
func (d *doc) letterCount(s string) int {
	for _, c := range d.letters {
		// a final newline is no letter: the own lines are the text but for
		// it when no line is quoted
		if c.s == s || len(c.s) == len(s)+1 && c.s[len(s)] == '\n' && c.s[:len(s)] == s ||
			len(s) == len(c.s)+1 && s[len(c.s)] == '\n' && s[:len(c.s)] == c.s {
			return c.n
		}
	}
	n := letterCount(s)
	d.letters = append(d.letters, textCount{s, n})
	return n
}

type headKey struct {
	text   string
	strong bool
}

// parseHeading is parseHeading, read once per text.
func (d *doc) parseHeading(text string, strong bool) headInfo {
	k := headKey{text, strong}
	if h, ok := d.heads[k]; ok {
		return h
	}
	if d.heads == nil {
		d.heads = map[headKey]headInfo{}
	}
	h := parseHeading(text, strong)
	d.heads[k] = h
	return h
}

func newDoc(lines []line, body string) *doc {
	d := &doc{all: lines, body: body}
	d.images = strings.Count(body, "![") + strings.Count(body, "<img") + strings.Count(body, "<IMG")
	var own []string
	for _, l := range lines {
		if l.quote == 0 && l.text != "" {
			own = append(own, l.text)
		}
	}
	d.own = strings.Join(own, "\n")
	d.setUse(lines)
	return d
}

func (d *doc) setUse(ls []line) {
	d.use = ls
	var b strings.Builder
	for _, l := range ls {
		if l.text != "" {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
	}
	d.text = b.String()
	d.prose = d.text
	if strings.Contains(d.text, "://") || strings.Contains(d.text, "www.") || strings.Contains(d.text, "@") {
		// line by line: urlRe over a whole long post is slow
		var b strings.Builder
		for _, l := range strings.SplitAfter(d.text, "\n") {
			if strings.Contains(l, "://") || strings.Contains(l, "www.") || strings.Contains(l, "@") {
				l = urlRe.ReplaceAllString(l, " ")
			}
			b.WriteString(l)
		}
		d.prose = b.String()
	}
	d.lower = lowerASCII(d.text)
	d.lowerProse = d.lower
	if d.prose != d.text {
		d.lowerProse = lowerASCII(d.prose)
	}
	d.ixText, d.ixProse = nil, nil
}

func (d *doc) textIx() *textIndex {
	if d.ixText == nil {
		d.ixText = newTextIndex(d.text, d.lower)
	}
	return d.ixText
}

func (d *doc) proseIx() *textIndex {
	if d.ixProse == nil {
		if d.prose == d.text {
			d.ixProse = d.textIx() // no link was removed
		} else {
			d.ixProse = newTextIndex(d.prose, d.lowerProse)
		}
	}
	return d.ixProse
}

func (d *doc) ownIx() *textIndex {
	if d.ixOwn == nil {
		if len(d.text) == len(d.own)+1 && strings.HasPrefix(d.text, d.own) {
			// no quoted line: the text is own's lines and a final newline,
			// and its rune pairs are own's and one more, which only a word
			// ending in a newline could want
			d.ixOwn = &textIndex{s: d.own, lower: d.lower[:len(d.own)], bits: d.textIx().pairs()}
		} else {
			d.ixOwn = newTextIndex(d.own, lowerASCII(d.own))
		}
	}
	return d.ixOwn
}

var urlRe = regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s，。；）)]+|\S+@\S+\.[a-z]{2,}`)

var (
	seekerRe    = regexp.MustCompile(`个人求职|求职意向|^\s*[【\[(（]?\s*求职|求职\s*[-|｜:：]|找工作|找实习|找个实习|想找|找份|自荐|求内推|求捞|捞一下|捞我|^\s*蹲|蹲一个|蹲个|蹲.{0,8}(?:岗|实习|前端|后端|开发)|求职中|赏口饭|看得上|投一下|求收留|别在这里|不要在这里`)
	jobHead     = regexp.MustCompile(`招聘|诚聘|急招|内推|在招|招募|扩招|招人|(?i)hiring`)
	seekHeading = regexp.MustCompile(`^\s*(?:个人)?求职`)
	atReply     = regexp.MustCompile(`^@[A-Za-z0-9-]+`)
	seekAsk     = regexp.MustCompile(`求.{0,8}(?:岗位|工作|实习)`)
	// seekerNeeds are words seekerRe cannot match without
	seekerNeeds = newLitSet("求", "找", "自荐", "捞", "蹲", "赏口饭", "看得上", "投一下", "别在这里", "不要在这里")
)

// Keyword lists, scanned over whole posts (see wordSet).
var (
	// seekWeak are the words of a résumé.
	seekWeak = newWordSet("本人", "期望城市", "期望工作", "期望薪资", "期望岗位", "我的优势", "个人优势", "工作年限", "毕业生",
		"应届生", "在读", "求职", "求一份", "找一份", "收留", "求带", "大佬", "希望有", "我的简历", "个人简历", "在线简历", "现寻",
		"双非", "在校期间", "实习经验", "届本科", "届硕士", "应聘", "奖学金", "工作经历")
	// jobStrong are the section names of a job description.
	jobStrong = newWordSet("岗位职责", "任职要求", "职位描述", "工作职责", "岗位要求", "职位要求", "任职资格", "工作内容", "职责描述",
		"加分项", "我们希望你", "职位职责", "岗位描述", "任职条件", "你会做什么", "你将负责", "你需要具备", "你需要", "额外加分",
		"我们提供", "我们期待你", "岗位亮点", "职位亮点", "responsibilities", "requirements", "qualifications", "what you'll do",
		"what you’ll do", "job description")
	// jobWeak are words of hiring.
	jobWeak = newWordSet("招聘", "招人", "诚聘", "急招", "诚招", "招募", "内推", "在招", "hc", "hiring", "加入我们", "join us", "岗位",
		"职位", "投递", "简历发", "简历投", "简历请", "发送简历", "我司", "公司", "校招", "社招", "春招", "秋招", "试用期", "面试",
		"候选人", "兼职", "全职", "五险一金", "双休", "福利")
	// question marks a question or a complaint.
	question = newWordSet("？", "?", "吗", "嘛", "有没有", "请问", "建议", "怎么", "是否", "如何", "能不能", "可以吗", "真的")
	// volunteer marks unpaid collaboration.
	volunteer = newWordSet("招募共建", "项目共建", "代码共建", "side project", "side projects", "招募贡献者")
	// summary marks the editor's summary of the previous thread.
	summary = newWordSet("招聘汇总", "招聘信息汇总", "上一期《谁在招人", "上个月的招聘", "以下是上个月")
	// notice marks the editor's housekeeping.
	notice = newWordSet("本帖关闭", "岗位已经在那里汇总", "招聘帖关闭", "招聘贴关闭", "招聘聘贴关闭", "招聘帖已关闭", "帖子关闭", "必须披露招聘公司",
		"请补上招聘公司", "请补上公司名称")
	// mailReply marks an answer sent by e-mail and posted by GitHub.
	mailReply = newWordSet("写道：", "写道:", "原始邮件", "wrote:", "发件人：", "发件人:")
	// complaint marks a remark about the thread itself.
	complaint = newWordSet("别在这里", "不要在这里", "这里不是", "不贴薪资", "耍流氓")
	// posterAdds is how a poster adds to their own quoted post.
	posterAdds = newWordSet("邮箱", "联系", "附上", "补充", "更新", "继续招", "还在招", "仍在招", "hr", "欢迎")
)

// notPost recognises comments that are not job posts by their form, before
// anything is extracted.
func (d *doc) notPost() string {
	letters := d.letterCount(d.text)
	if letters == 0 {
		if d.images > 0 {
			return ReasonImageOnly
		}
		return ReasonEmpty
	}
	head := firstLines(d.text, 3)
	// "本帖关闭…所有岗位已经在那里汇总了" closes a thread; "上一期…的招聘汇总"
	// lists the last one's posts.
	if notice.hasIn(d.ownIx()) && d.letterCount(d.own) < 200 {
		return ReasonNotice
	}
	if summary.has(head, lowerASCII(head)) {
		return ReasonSummary
	}
	if r := d.quoteReply(); r != "" {
		return r
	}
	ownFirst := firstLines(d.own, 1)
	if atReply.MatchString(ownFirst) && d.letterCount(d.own) < 300 && !jobStrong.hasIn(d.ownIx()) {
		return ReasonReply
	}
	if mailReply.hasIn(d.ownIx()) && !jobStrong.hasIn(d.ownIx()) {
		return ReasonReply
	}
	if complaint.hasIn(d.textIx()) && letters < 200 {
		return ReasonQuestion // "你们别在这里发个人求职了！！"
	}
	if d.seeking() {
		return ReasonJobSeeking
	}
	return ""
}

// quoteReply handles comments that quote another. A quote with a question
// or a remark under it is a reply (its quoted post is counted where it was
// posted); a quote with nothing under it is a repost, and a quote under
// which the poster adds to their own post ("补充一下，继续招 Golang 工程师")
// is a post.
func (d *doc) quoteReply() string {
	// A reply opens with the quote; a post may quote its own requirements
	// further down ("> 1. 计算机相关专业本科及以上学历"), which is layout.
	for _, l := range d.all {
		if l.text == "" {
			continue
		}
		if l.quote == 0 {
			return ""
		}
		break
	}
	ownLetters := d.letterCount(d.own)
	if ownLetters < 2 {
		// all quoted: a repost; read the quote as the post
		return ""
	}
	var own []line
	var quote []line
	for _, l := range d.all {
		if l.quote == 0 {
			own = append(own, l)
		} else {
			quote = append(quote, l)
		}
	}
	ownJob := jobStrong.hasIn(d.ownIx()) && ownLetters > 80
	if ownJob {
		// the poster's own post, with a quote for context
		d.setUse(own)
		return ""
	}
	short := ownLetters < 200
	ownProse := urlRe.ReplaceAllString(d.own, " ")
	if short && question.has(ownProse, lowerASCII(ownProse)) {
		return ReasonReply
	}
	qd := &doc{all: quote}
	qd.setUse(quote)
	quoteIsJob := !qd.seeking() && (jobStrong.hasIn(qd.textIx()) || jobWeak.hasIn(qd.textIx()))
	if quoteIsJob && short && posterAdds.hasIn(d.ownIx()) {
		// the poster adding to their own post: read both
		return ""
	}
	if short {
		return ReasonReply
	}
	d.setUse(own)
	return ""
}

// seeking recognises a job seeker's résumé.
func (d *doc) seeking() bool {
	head := firstLines(d.text, 2)
	strong := seekerNeeds.in(head) && seekerRe.MatchString(head)
	jobScore := func() int {
		job := 0
		if jobStrong.hasIn(d.textIx()) {
			job += 3
		}
		return job + jobWeak.countIn(d.proseIx(), 4)
	}
	// "求内推" is a seeker asking; "内推" alone is a recruiter offering.
	if strong && !jobHead.MatchString(strings.ReplaceAll(head, "求内推", "")) {
		return jobScore() < 6
	}
	for _, l := range d.use {
		if l.heading() && seekHeading.MatchString(l.text) {
			return true
		}
	}
	weak := seekWeak.countIn(d.textIx(), 1<<30)
	// one more weak sign matters only from two on
	if weak >= 2 {
		if s := truncRunes(d.text, 600); strings.Contains(s, "求") && seekAsk.MatchString(s) {
			weak++
		}
	}
	return weak >= 3 && weak-jobScore() >= 1
}

// judge decides, after extraction, whether what was found makes a job post.
func (d *doc) judge(p *Post) string {
	letters := d.letterCount(d.text)
	strong := jobStrong.hasIn(d.textIx())
	evidence := 0
	if p.Title != "" {
		evidence++
	}
	if p.Company != "" {
		evidence++
	}
	if p.Salary != "" {
		evidence++
	}
	if strong {
		evidence += 2
	}
	evidence += jobWeak.countIn(d.proseIx(), 2)
	if volunteer.hasIn(d.textIx()) && p.Salary == "" && !strong {
		return ReasonVolunteer
	}
	if letters < 120 && question.hasIn(d.proseIx()) && !strong && p.Salary == "" && p.Title == "" {
		return ReasonQuestion
	}
	if letters < 25 && evidence < 2 {
		if d.images > 0 {
			return ReasonImageOnly
		}
		return ReasonTooShort
	}
	if evidence < 2 {
		if d.images > 0 && letters < 60 {
			return ReasonImageOnly
		}
		return ReasonNoJob
	}
	return ""
}

// letterCount counts letters and digits: the words a reader reads, without
// punctuation, emoji or the corpus's <email>/<phone> marks.
func letterCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// the ASCII letters and digits, without a table look-up
			if c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' {
				n++
			}
			i++
			continue
		}
		// U+5000–U+9FFF (lead bytes 0xE5–0xE9) are ideographs, letters all
		if c >= 0xE5 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			n++
			i += 3
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r >= 0x4E00 && r <= 0x9FFF || unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
		i += w
	}
	n -= 5 * strings.Count(s, "<email>")
	n -= 5 * strings.Count(s, "<phone>")
	return max(n, 0)
}

func firstLines(s string, n int) string {
	i := 0
	for k := 0; k < n; k++ {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return s
		}
		i += j + 1
	}
	return s[:i]
}

// extract reads the fields of a post.
func (d *doc) extract() Post {
	var p Post
	var companies []string
	from := map[string]string{} // where each company candidate was read
	var links []string          // organisations named by a link in the heading
	weakHead := false           // the heading's company is an unrecognised word
	note := func(src string, names ...string) {
		for _, n := range names {
			if _, ok := from[n]; !ok && n != "" {
				from[n] = src
			}
		}
	}
	var titles, citiesFound, weakCities []string
	salary := ""
	remote := false

	// 1. The heading: the first line, and a heading line close after it
	//    when the first says little.
	heads, lead := d.headingLines()
	first := -1
	for i, l := range d.use {
		if l.text != "" {
			first = i
			break
		}
	}
	for _, hr := range heads {
		i := hr.i
		// The post's leading line may name a company by position alone
		// ("# 长亭科技"); a heading further down must name a title beside it
		// ("**远程文化**" under "## 文化" names no company).
		atLead := i == lead
		h := d.parseHeading(hr.text, atLead && !hr.clause && d.use[i].heading())
		if atLead || len(h.titles) > 0 {
			// A link in the heading that names an organisation is its name:
			// "# 澳大利亚Top科技公司 [WiseTech Global](…) 南京Office招人".
			if !hr.clause {
				for _, link := range d.use[i].links {
					if c := cleanCompany(link); c != "" && isOrgLink(c) && !isGeneric(c) {
						note(CompanyFromLink, c)
						companies = appendUnique(companies, c)
						links = append(links, c)
					}
				}
			}
			note(CompanyFromHeading, h.companies...)
			if len(companies) == 0 && h.company != "" && h.rank >= rankUnknown {
				weakHead = true
			}
			companies = appendUnique(companies, h.companies...)
		}
		titles = appendUnique(titles, h.titles...)
		citiesFound = appendUnique(citiesFound, h.cities...)
		weakCities = appendUnique(weakCities, h.weak...)
		if salary == "" {
			salary = h.salary
		}
		remote = remote || h.remote
	}
	headSet := map[int]bool{}
	for _, hr := range heads {
		if !hr.clause {
			headSet[hr.i] = true
		}
	}

	// A first line that is only a link names the company: "[Arkie](https://www.arkie.cn/)".
	if first >= 0 && len(companies) == 0 {
		l := d.use[first]
		if len(l.links) == 1 && strings.TrimSpace(l.text) == l.links[0] {
			if c := cleanCompany(l.links[0]); c != "" && isOrgLink(c) {
				note(CompanyFromLink, c)
				companies = append(companies, c)
			}
		}
	}

	// 2. Labelled fields, tables and title lines in the body.
	f := d.fields(headSet)
	if len(f.companies) > 0 {
		note(CompanyFromLabel, f.companies...)
		if len(links) > 0 && !hasLegalSuffix(f.companies[0]) {
			// "# [WiseTech Global](…) 南京Office招人" over "公司 / 中文名「慧咨环球」…"
			companies = appendUnique(slices.Clone(links), append(f.companies, companies...)...)
		} else {
			companies = append(f.companies, companies...)
		}
		weakHead = false
	}
	if weakHead {
		// "[深圳] 海外 AIGC 方向， AI 绘画…" then "深圳小波微粒科技有限公司，深耕…":
		// a registered name in the first lines beats an unrecognised word
		if c := d.earlyLegalName(); c != "" {
			note(CompanyFromBody, c)
			companies = appendUnique([]string{c}, companies...)
		}
	}
	titles = appendUnique(titles, f.titles...)
	lt, lc := d.listTitles(headSet)
	titles = appendUnique(titles, lt...)
	citiesFound = appendUnique(citiesFound, lc...)
	citiesFound = appendUnique(citiesFound, f.cities...)
	if salary == "" {
		salary = f.salary
	}
	remote = remote || f.remote

	// 3. Fallbacks from running text. A heading's description of the
	//    company ("硅谷初创公司") is not a company: it stays empty.
	if len(companies) == 0 {
		note(CompanyFromBody, f.about...)
		companies = f.about
	}
	if len(companies) == 0 || isBareUnit(companies[0]) {
		// "金融事业部", "技术中台": a unit without its company; the text
		// usually names the company.
		prose := d.companyFromProse()
		if len(prose) > 0 {
			note(CompanyFromBody, prose...)
			companies = append(prose, companies...)
		}
	}
	if allWeak(citiesFound) {
		// "英国保诚-深圳保诚科技有限公司": a city in a registered name says
		// more than a country in a description
		citiesFound = append(slices.Clone(weakCities), citiesFound...)
	}
	if len(citiesFound) == 0 {
		citiesFound = f.prose
	}
	if len(citiesFound) == 0 {
		citiesFound = weakCities
	}
	strongMore, offices := d.morePlaces()
	citiesFound = appendUnique(citiesFound, strongMore...)
	if len(citiesFound) == 0 {
		citiesFound = offices
	}
	if len(citiesFound) == 0 {
		citiesFound = d.citiesFromProse()
	}
	if len(citiesFound) == 0 {
		if c := d.soleCity(); c != "" {
			citiesFound = []string{c}
		}
	}
	if salary == "" {
		salary = d.salaryFromProse()
	}
	if len(titles) == 0 {
		titles = d.titlesFromProse()
	}
	// a place list naming 远程 ("【远程｜合肥｜上海】") makes the post remote
	for _, c := range citiesFound {
		if c == Remote {
			remote = true
		}
	}

	citiesFound = keepStrong(citiesFound, f.cities)
	citiesFound = dropCountriesOfCities(citiesFound)
	citiesFound = slices.DeleteFunc(citiesFound, func(c string) bool { return c == Remote })

	// a unit with no company named anywhere ("迪拜Center技术中心") is a team
	for len(companies) > 0 && isBareUnit(companies[0]) {
		if p.Team == "" {
			p.Team = companies[0]
		}
		companies = companies[1:]
	}
	if len(companies) > 0 {
		p.Company, p.Team = splitTeam(companies[0])
		p.CompanyFrom = from[companies[0]]
	}
	titles = keepTitles(titles, p.Company, p.Team)
	p.Titles = titles
	if len(titles) > 0 {
		p.Title = titles[0]
	}
	p.Cities = citiesFound
	if len(citiesFound) > 0 {
		p.City = citiesFound[0]
	}
	p.Salary = salary
	p.WorkMode = d.workMode(remote)
	return p
}

// earlyLegalName returns a registered company name in the first lines of
// the body.
func (d *doc) earlyLegalName() string {
	n := 0
	for _, l := range d.use {
		if l.text == "" {
			continue
		}
		if n++; n > 4 {
			break
		}
		if c := legalName(l.text); c != "" {
			return c
		}
	}
	return ""
}

func allWeak(cs []string) bool {
	for _, c := range cs {
		if !weakPlaces[c] {
			return false
		}
	}
	return len(cs) > 0
}

// remoteHints are the literal words remoteRe needs.
var remoteHints = newWordSet("远程", "remote", "wfh", "work from home", "居家办公", "在家办公")

var (
	remoteNegRe = regexp.MustCompile(`(?i)不支持远程|不接受远程|不可远程|不能远程|非远程|无法远程|暂不.{0,2}远程|不考虑远程|not remote|no remote|是否远程\s*[:：]\s*否`)
)

// headingLines picks the lines that head the post: the first line with text
// (when it is short enough to be a heading) and, if it says little, the next
// heading among the first few lines.
// headRef is a heading line, or the first clause of a long first line.
type headRef struct {
	i      int    // index in d.use
	text   string // the text to read as a heading
	clause bool   // text is only the first clause of the line
}

// headingLines also returns the index of the post's leading line: the
// first line with words, contact lines, greetings and noise ("## 基本信息")
// aside.
func (d *doc) headingLines() ([]headRef, int) {
	var out []headRef
	lead := -1
	seen := 0
	afterLabel := false
	// Once the body has begun (a section heading, a label), only lines set
	// apart as headings count: "1. 硅谷文化，扁平管理…" under "## 岗位亮点"
	// is not the post's heading.
	bodyStarted := false
	firstNamesNone := false
	for idx, l := range d.use {
		if l.text == "" || l.cells != nil {
			continue
		}
		if afterLabel {
			afterLabel = false
			continue // "**公司名称**" then "北京灵汐科技": a value, read as a field
		}
		switch bareLabel(l.text) {
		case labelCompany, labelPlace, labelSalary, labelAbout:
			afterLabel = true
			bodyStarted = true
			continue
		case labelNone:
		default:
			bodyStarted = true
			continue
		}
		if isContactLine(l.text) || greeting.MatchString(l.text) || noiseLine(l.text) {
			continue
		}
		if lead < 0 {
			lead = idx
		}
		if isSectionHeading(l.text) {
			bodyStarted = true
			continue
		}
		if _, _, isLabel := labelOf(l.text); isLabel {
			bodyStarted = true
			continue // "公司：RingCentral", "岗位：前端架构师" are read as fields
		}
		seen++
		if seen > 4 {
			break
		}
		if bodyStarted && !l.heading() {
			continue
		}
		n := utf8.RuneCountInString(l.text)
		if seen == 1 && (isProseLine(l) || !l.heading() && n > 60) {
			// A first line written as prose or too long for a heading: its
			// first clause may still be one ("SmartX 大量 HC 长期招人，专注
			// 基础架构，…"); "广州奇虎是高速发展的移动互联网团队，…" is not.
			if i := strings.IndexAny(l.text, "，。！!；;,"); i > 0 && runesAtMost(l.text[:i], 40) {
				out = append(out, headRef{i: idx, text: l.text[:i], clause: true})
			}
			continue
		}
		if seen == 1 {
			if l.heading() || n <= 60 {
				out = append(out, headRef{i: idx, text: l.text})
				h := d.parseHeading(l.text, l.heading())
				if h.company != "" && len(h.titles) > 0 || h.structure >= 3 {
					return out, lead
				}
				firstNamesNone = h.company == ""
			}
			continue
		}
		// "# [南京][前端]" then "【南京】浩鲸云计算 - 前端工程师": a plain second
		// line set out like a heading completes one that named no company
		if seen == 2 && firstNamesNone && !l.heading() && n <= 60 && !isProseLine(l) && containsAnyRune(l.text, "【】[]|｜-—") {
			out = append(out, headRef{i: idx, text: l.text})
			return out, lead
		}
		if l.heading() && n <= 80 && !isSectionHeading(l.text) && !isProseLine(l) {
			out = append(out, headRef{i: idx, text: l.text})
			return out, lead
		}
	}
	return out, lead
}

// noiseLine reports a short line of noise: "## 基本信息", "【社招】".
func noiseLine(s string) bool {
	s = strings.TrimSpace(stripDecoration(s))
	return runesAtMost(s, 8) && isNoise(s)
}

// greeting matches a first line that thanks the editor or greets readers
// ("感谢 @ruanyf 老师…", "大家好，…"): prose, not a heading.
var greeting = regexp.MustCompile(`(?i)^\s*(?:非常|十分)?(?:感谢|谢谢|多谢|大家好|各位好|各位|hi\b|hello|你好|您好)`)

// isProseLine reports a line written as a sentence rather than a heading:
// several commas, a full stop at the end, or "X是…的…", and no heading
// marker or bracket.
func isProseLine(l line) bool {
	if l.level > 0 || containsAnyRune(l.text, "【】[]|｜") {
		return false
	}
	t := l.text
	for _, o := range proseOpeners {
		if strings.HasPrefix(t, o) {
			return true
		}
	}
	commas := strings.Count(t, "，") + strings.Count(t, ",")
	return commas >= 2 || strings.HasSuffix(t, "。") || strings.Contains(t, "是") && strings.Contains(t, "的")
}

// proseOpeners begin sentences, not headings: "负责小米商城相关业务…",
// "我是美团上海到餐大客团队前端同学…".
var proseOpeners = []string{"负责", "熟悉", "要求", "具备", "我们", "我是", "我司", "本人", "目前", "现在", "如果", "因为", "由于", "主要", "欢迎", "感兴趣"}

// isBareUnit reports a unit name without its company: "金融事业部".
func isBareUnit(s string) bool {
	if brandPrefix(s) != "" || hasLegalSuffix(s) || !runesAtMost(s, 12) {
		return false
	}
	// "电商平台部", "人工智能研究院": a unit named only by what it does
	// ("智源人工智能研究院" names itself)
	for _, suf := range []string{"部", "研究院"} {
		if r, ok := strings.CutSuffix(s, suf); ok && !runesAtMost(r, 1) && isDescription(r+"平台") {
			return true
		}
	}
	// "趋势科技中国研发中心" names its company by the words before 科技;
	// "科技研发中心", "信息技术中心" are made of generic words only
	core := s
	for trimmed := true; trimmed; {
		trimmed = false
		for _, w := range []string{"科技", "信息", "网络", "软件", "智能", "数字", "技术", "研发", "金融", "数据"} {
			if r, ok := strings.CutPrefix(core, w); ok {
				core, trimmed = r, true
			}
		}
	}
	for _, w := range []string{"科技", "公司", "集团", "银行", "证券", "网络", "软件", "信息", "智能"} {
		if i := strings.Index(core, w); i > 0 || i == 0 && core != s {
			return false
		}
	}
	for _, suf := range []string{"事业部", "事业群", "技术部", "中心", "部门", "中台", "工作室", "研发部", "产品部", "团队"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// isContactLine reports lines that carry only contact details or a link.
func isContactLine(s string) bool {
	t := lowerASCII(s)
	if strings.HasPrefix(t, "http") && !containsAnyRune(t, " \t") {
		return true
	}
	for _, p := range []string{"邮箱", "email", "e-mail", "mail", "微信", "wechat", "vx", "wx", "电话", "联系方式", "联系", "简历", "投递", "<email>", "<phone>", "钉钉", "qq", "手机"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			// "钉钉终端开发工程师" is DingTalk hiring, "钉钉：xxx" a contact
			if p == "钉钉" && rest != "" && !containsAnyRune(firstRune(rest), "：: 号群") {
				return false
			}
			return true
		}
	}
	return false
}

func isSectionHeading(s string) bool {
	s = strings.TrimSpace(stripDecoration(s))
	s = strings.TrimLeft(s, " #*【[")
	if n := orderedPrefix(s); n > 0 {
		s = strings.TrimSpace(s[n:])
	}
	return sectionByFirst.hasPrefixOf(s)
}
