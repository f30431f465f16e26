package freetext

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// fieldsFound is what the body's labelled lines, tables and title lines say.
type fieldsFound struct {
	companies []string // from "公司：" lines and tables
	about     []string // from "公司介绍：…" lines: used when nothing else names the company
	titles    []string
	cities    []string
	prose     []string // cities after a place word in running text ("办公室位于天河 CBD"): used when nothing else names one
	salary    string
	remote    bool
}

type labelKind int

const (
	labelNone labelKind = iota
	labelCompany
	labelPlace
	labelSalary
	labelTitle
	labelWorkMode
	labelAbout // "公司介绍：广域铭岛数字科技有限公司是…": the name is in the sentence
	labelOther // a label that introduces none of the fields: "行业：", "邮箱："
)

// labels maps the line labels posters use to the field they introduce.
// "公司地址" is a place, "公司官网" is nothing; only whole labels count.
var labels = map[string]labelKind{
	"公司": labelCompany, "公司名称": labelCompany, "公司名": labelCompany, "企业": labelCompany, "企业名称": labelCompany,
	"招聘公司": labelCompany, "招聘单位": labelCompany, "单位": labelCompany, "雇主": labelCompany, "company": labelCompany,
	"公司全称": labelCompany, "招聘企业": labelCompany, "团队名称": labelCompany, "入职公司": labelCompany, "签约公司": labelCompany,

	"工作地点": labelPlace, "工作地址": labelPlace, "地点": labelPlace, "地址": labelPlace, "办公地点": labelPlace,
	"办公地址": labelPlace, "工作城市": labelPlace, "城市": labelPlace, "base": labelPlace, "base地": labelPlace,
	"坐标": labelPlace, "所在地": labelPlace, "所在城市": labelPlace, "location": labelPlace, "locations": labelPlace,
	"office": labelPlace, "工作地": labelPlace, "招聘地址": labelPlace, "公司地址": labelPlace, "地区": labelPlace,
	"地域": labelPlace, "区域": labelPlace, "上班地点": labelPlace, "办公城市": labelPlace, "工作区域": labelPlace,
	"公司位置": labelPlace, "公司地点": labelPlace, "产研工作地": labelPlace, "研发广州平台地址": labelPlace,

	"薪资": labelSalary, "薪资范围": labelSalary, "薪酬": labelSalary, "薪酬范围": labelSalary, "薪资待遇": labelSalary,
	"待遇": labelSalary, "月薪": labelSalary, "年薪": labelSalary, "工资": labelSalary, "薪水": labelSalary,
	"薪资区间": labelSalary, "salary": labelSalary, "保底年薪": labelSalary, "薪资福利": labelSalary,
	"compensation": labelSalary, "薪酬待遇": labelSalary, "薪资水平": labelSalary, "待遇范围": labelSalary,
	"薪资结构": labelSalary, "月薪范围": labelSalary, "年薪范围": labelSalary, "base薪资": labelSalary,

	"岗位": labelTitle, "职位": labelTitle, "岗位名称": labelTitle, "职位名称": labelTitle, "招聘岗位": labelTitle,
	"招聘职位": labelTitle, "在招岗位": labelTitle, "在招职位": labelTitle, "目前在招职位": labelTitle,
	"开放岗位": labelTitle, "开放职位": labelTitle, "职位列表": labelTitle, "岗位列表": labelTitle, "position": labelTitle,
	"positions": labelTitle, "role": labelTitle, "title": labelTitle, "job title": labelTitle, "招聘方向": labelTitle,
	"目前在招岗位": labelTitle, "热招岗位": labelTitle, "急招岗位": labelTitle, "涉及岗位": labelTitle, "岗位方向": labelTitle,
	"职位方向": labelTitle, "职缺": labelTitle, "職缺": labelTitle, "招聘岗位如下": labelTitle, "在招": labelTitle, "现招聘": labelTitle, "招聘": labelTitle,
	"open positions": labelTitle, "we are hiring": labelTitle, "在招职位如下": labelTitle, "岗位如下": labelTitle,

	"是否远程": labelWorkMode, "工作方式": labelWorkMode, "办公方式": labelWorkMode, "工作形式": labelWorkMode,
	"远程": labelWorkMode, "工作模式": labelWorkMode,

	"公司介绍": labelAbout, "公司简介": labelAbout, "企业介绍": labelAbout, "企业简介": labelAbout, "关于公司": labelAbout,
	"关于我们": labelAbout, "团队介绍": labelAbout, "我们是谁": labelAbout,

	"行业": labelOther, "业务": labelOther, "融资": labelOther, "规模": labelOther, "官网": labelOther, "网址": labelOther,
	"公司官网": labelOther, "公司网站": labelOther, "简介": labelOther, "部门": labelOther, "团队": labelOther,
	"联系方式": labelOther, "邮箱": labelOther, "微信": labelOther, "电话": labelOther, "联系人": labelOther,
	"面向对象": labelOther, "招聘对象": labelOther, "关键词": labelOther, "工作时间": labelOther,
	"学历": labelOther, "学历要求": labelOther, "经验": labelOther, "工作经验": labelOther, "工作年限": labelOther,
	"工作性质": labelOther, "应聘渠道": labelOther, "外部报道": labelOther, "基本要求": labelOther,
	"要求": labelOther, "岗位要求": labelOther, "岗位职责": labelOther, "任职要求": labelOther, "职位描述": labelOther,
	"工作职责": labelOther, "职责": labelOther, "技术栈": labelOther, "简历投递": labelOther, "投递邮箱": labelOther,
	"投递方式": labelOther, "内推码": labelOther, "内推链接": labelOther, "投递链接": labelOther, "email": labelOther,
	"wechat": labelOther, "ps": labelOther, "备注": labelOther, "注意": labelOther, "福利": labelOther, "公司福利": labelOther,
	"福利待遇": labelOther, "投递地址": labelOther, "岗位描述": labelOther, "职位要求": labelOther, "任职资格": labelOther, "加分项": labelOther,
}

// labelRe splits "【工作地点】：杭州" / "**Base**: 上海" / "岗位1：前端" into
// label and value. The label may carry a number ("岗位1", "职位二").
var labelRe = regexp.MustCompile(`^[【\[「(（]?\s*([^\s:：【】\[\]()（）]{1,10}?)\s*(?:[0-9一二三四五六七八九十]{1,2})?\s*[】\]」)）]?\s*[:：]\s*(.*)$`)

// labelHead is labelRe up to its colon. Nothing before that colon may be
// one, so it is the first colon of the line; what follows it is the value,
// less its leading white space (labelRe's \s*(.*)$ over a line without
// '\n'). Matching the head alone spares the expression the rest of a long
// line.
var labelHead = regexp.MustCompile(`^[【\[「(（]?\s*([^\s:：【】\[\]()（）]{1,10}?)\s*(?:[0-9一二三四五六七八九十]{1,2})?\s*[】\]」)）]?\s*[:：]$`)

// labelMatch is labelRe.FindStringSubmatch(t).
func labelMatch(t string) []string {
	if strings.IndexByte(t, '\n') >= 0 {
		return labelRe.FindStringSubmatch(t)
	}
	i, n := strings.IndexByte(t, ':'), 1
	if j := strings.Index(t, "："); j >= 0 && (i < 0 || j < i) {
		i, n = j, len("：")
	}
	if i < 0 {
		return nil
	}
	// before the colon: at most an opening bracket, ten runes of label,
	// two of number and a closing bracket, besides white space
	k := 0
	for _, r := range t[:i] {
		if r != ' ' && r != '\t' && r != '\n' && r != '\f' && r != '\r' {
			if k++; k > 14 {
				return nil
			}
		}
	}
	m := labelHead.FindStringSubmatch(t[:i+n])
	if m == nil {
		return nil
	}
	return []string{t, m[1], strings.TrimLeft(t[i+n:], "\t\n\f\r ")}
}

// spaceLabelRe matches the few labels written without a colon: "Base 杭州",
// "坐标 北京西二旗".
var spaceLabelRe = regexp.MustCompile(`(?i)^(base|坐标|地点|工作地点|location|職缺|职缺)\s+(.+)$`)

// findLegalSuffix is legalSuffixRe.FindStringIndex, run only on text that
// can hold a match.
func findLegalSuffix(s string) []int {
	if !legalNeeds.in(s) {
		return nil
	}
	return legalSuffixRe.FindStringIndex(s)
}

// labelOf returns the kind of a line's label and its value.
func labelOf(text string) (labelKind, string, bool) {
	t := strings.TrimSpace(stripDecoration(text))
	t = strings.TrimLeft(t, " -*•·")
	if n := orderedPrefix(t); n > 0 {
		t = strings.TrimSpace(t[n:])
	}
	var m []string
	if containsAnyRune(t, ":：") {
		m = labelMatch(t)
	}
	if m == nil {
		if !strings.Contains(t, " ") {
			return labelNone, "", false
		}
		m = spaceLabelRe.FindStringSubmatch(t)
		if m == nil {
			return labelNone, "", false
		}
	}
	return labelKindOf(m[1], m[2])
}

func labelKindOf(label, value string) (labelKind, string, bool) {
	label = lowerASCII(strings.TrimSpace(strings.TrimRight(strings.TrimSpace(label), "？?")))
	if k, ok := labels[label]; ok { // "我们是谁？：…"
		return k, strings.TrimSpace(value), true
	}
	// "实习地点", "研发中心地址", "多个site": any label naming a place
	for _, suf := range []string{"地点", "地址", "城市", "工作地", "site", "sites"} {
		if strings.HasSuffix(label, suf) && runesAtMost(label, 8) {
			return labelPlace, strings.TrimSpace(value), true
		}
	}
	return labelNone, "", false
}

// bareLabel returns the kind of a line that is only a label, with no colon
// ("## 工作地点", "**公司地址**"), whose value is on the lines below.
func bareLabel(text string) labelKind {
	t := strings.TrimSpace(stripDecoration(text))
	t = strings.Trim(t, " #*【】[]：:")
	if t == "" || !runesAtMost(t, 8) {
		return labelNone
	}
	k, _, ok := labelKindOf(t, "")
	if !ok {
		return labelNone
	}
	return k
}

// placeWords introduce a place in running text: "base 杭州", "坐标：上海",
// "工作地点在深圳". The cities in the few runes after one are places of work.
var placeWords = regexp.MustCompile(`(?i)base\s*(?:地|在|为)?\s*[:：]?|坐标\s*[:：]?|工作地点?\s*(?:在|为|是)?\s*[:：]?|办公地点?\s*(?:在|为|是)?\s*[:：]?|地点\s*[:：]|地址\s*(?:在|为|是)|办公室在|公司在|位于|分别在\s*[:：]?|分别位于|设在|location\s*[:：]?`)

// placeHints are the literal words placeWords needs; a line without one is
// not searched.
var placeHints = newWordSet("base", "坐标", "工作地", "办公地", "地点", "地址", "办公室在", "公司在", "位于", "分别在", "设在", "location")

func placeWordsIn(s string) [][]int {
	if lower := lowerASCII(s); !placeHints.has(s, lower) && !strings.Contains(lower, "base") {
		return nil
	}
	return placeWords.FindAllStringIndex(s, 3)
}

// fields reads the body's labelled lines, tables and title lines. Lines in
// skip (the heading) are not read again.
func (d *doc) fields(skip map[int]bool) fieldsFound {
	var f fieldsFound
	var tableHead []string
	titleList := false // the lines after "招聘岗位：" are titles
	titleListN := 0
	placeNext := 0         // the lines after "## 工作地点" name places
	labelNext := labelNone // the kind of a bare label ("### 公司名称") whose value is the next line
	for i := 0; i < len(d.use); i++ {
		l := d.use[i]
		if l.cells != nil {
			if tableHead == nil {
				tableHead = l.cells
				continue
			}
			f.readRow(tableHead, l.cells)
			continue
		}
		if l.sep {
			continue // "| --- | --- |" under the head row keeps the table open
		}
		tableHead = nil
		if l.text == "" {
			continue
		}
		// place words in running text
		for _, loc := range placeWordsIn(l.text) {
			win := l.text[loc[1]:]
			if j := strings.IndexAny(win, "。；;！!"); j >= 0 {
				win = win[:j]
			}
			win = truncRunes(win, 60)
			// the first place right after the word, and the places listed
			// with it: "工区地址为北京大钟寺、上海抖音新江湾城、杭州西溪八方城…"
			for k, h := range cities.find(win, true) {
				if k == 0 && h.start > 12 {
					break
				}
				f.prose = appendUnique(f.prose, h.city)
			}
		}
		if labelNext != labelNone {
			k := labelNext
			labelNext = labelNone
			switch k {
			case labelCompany:
				if c := companyValue(l.text); c != "" && !l.heading() {
					f.companies = appendUnique(f.companies, c)
					continue
				}
			case labelSalary:
				if f.salary == "" {
					f.salary = findSalary(l.text, true)
				}
			case labelAbout:
				f.about = appendUnique(f.about, aboutCompany(l)...)
			}
		}
		switch k := bareLabel(l.text); k {
		case labelPlace:
			placeNext = 4
			continue
		case labelTitle:
			titleList = true
			titleListN = 0
			continue
		case labelCompany, labelSalary, labelAbout:
			labelNext = k
			continue
		}
		if skip[i] {
			continue
		}
		if placeNext > 0 {
			placeNext--
			if l.heading() && !hasPlace(l.text) {
				placeNext = 0
			} else if cs := placesIn(l.text); len(cs) > 0 {
				f.cities = appendUnique(f.cities, cs...)
				if placeOrNoise(l.text) {
					continue
				}
				// "**杭州 / 北京：** **P5 - Java 开发工程师 / …**": read on for titles
			}
		}

		// a line that holds only places: "北京市 · 海淀区", "杭州"
		if runesAtMost(l.text, 30) && hasPlace(l.text) && onlyPlaces(l.text) {
			f.cities = appendUnique(f.cities, citiesIn(l.text, true)...)
			continue
		}
		if titleList {
			// Under "招聘岗位": list items, headings or short lines, each a
			// title ("- 资深Java开发工程师", "初中级前端开发工程师 12~25K",
			// "R22861 | Senior Software Engineer"), or one line listing
			// several ("岗位有SaaS开发，Linux C++工程师，…").
			if titleListN < 20 && (l.list || l.heading() || runesAtMost(l.text, 60)) {
				if ts := lineTitles(l.text); len(ts) > 0 {
					f.titles = appendUnique(f.titles, ts...)
					titleListN += len(ts)
					if f.salary == "" {
						f.salary = findSalary(l.text, false)
					}
					continue
				}
			}
			if !l.list {
				titleList = false
			}
		}
		// "杭州北京 | 淘天集团|社招": a share card's line of places, employer
		// and kind of hiring
		if containsAnyRune(l.text, "|｜") {
			if c, cs := shareCard(l.text); c != "" {
				f.companies = appendUnique(f.companies, c)
				f.cities = appendUnique(f.cities, cs...)
			}
		}
		if k, v, ok := labelOf(l.text); ok {
			switch k {
			case labelCompany:
				if v == "" && i+1 < len(d.use) {
					v = d.use[i+1].text // "公司名称" on its own line, the name under it
				}
				if c := companyValue(v); c != "" {
					f.companies = appendUnique(f.companies, c)
				}
			case labelAbout:
				f.about = appendUnique(f.about, aboutCompany(line{text: v})...)
			case labelPlace:
				if v == "" && i+1 < len(d.use) {
					v = d.use[i+1].text // "工作地点：" on its own line, the place under it
				}
				f.cities = appendUnique(f.cities, placesIn(v)...)
				if (remoteWords.MatchString(v) || strings.Contains(v, "远程")) && !remoteNegRe.MatchString(v) {
					f.remote = true
				}
			case labelSalary:
				if f.salary == "" {
					if s := findSalary(v, true); s != "" {
						f.salary = s
					} else if v == "" && i+1 < len(d.use) {
						f.salary = findSalary(d.use[i+1].text, true)
					}
				}
			case labelTitle:
				if v == "" {
					titleList = true
					titleListN = 0
					continue
				}
				h := d.parseHeading(v, false)
				if len(h.titles) > 0 {
					f.titles = appendUnique(f.titles, h.titles...)
				} else if t := cleanTitle(trimLevel(v)); t != "" && runesAtMost(t, 20) && !looksLikeSentence(t) {
					f.titles = appendUnique(f.titles, t)
				}
				f.cities = appendUnique(f.cities, h.cities...)
				if f.salary == "" {
					f.salary = h.salary
				}
			case labelWorkMode:
				if strings.Contains(v, "远程") && !remoteNegRe.MatchString(v) && !strings.HasPrefix(v, "否") && !strings.HasPrefix(v, "不") {
					f.remote = true
				}
				if strings.HasPrefix(v, "是") && strings.Contains(l.text, "远程") {
					f.remote = true
				}
			}
			continue
		}
		// "### 职位1 前端开发工程师", "岗位二：产品经理"
		if m := numberedTitleMatch(l.text); m != nil && (l.heading() || l.list || runesAtMost(l.text, 30)) {
			h := d.parseHeading(m[1], false)
			f.titles = appendUnique(f.titles, h.titles...)
			f.cities = appendUnique(f.cities, h.cities...)
			if f.salary == "" {
				f.salary = h.salary
			}
			continue
		}
		// A title line: "### 高级前端工程师 20-30K", "**1. 数据科学家**",
		// "【岗位1】前端开发工程师".
		if l.heading() || (l.list && l.bold) {
			if isSectionHeading(l.text) {
				if titleHeader.has(l.text, lowerASCII(l.text)) {
					titleList = true
					titleListN = 0
				}
				continue
			}
			h := d.parseHeading(l.text, true)
			if l.level == 0 && !wholeBoldLine(l) {
				// "1. **前端工程化开发**": a numbered bold item is a title only
				// when it says so plainly ("1. **Golang 技术专家**（上海、广州）")
				h.titles = slices.DeleteFunc(h.titles, func(t string) bool { return !strongTitleWord(t) })
			}
			if len(h.titles) > 0 {
				f.titles = appendUnique(f.titles, h.titles...)
				f.cities = appendUnique(f.cities, h.cities...)
				if f.salary == "" {
					f.salary = h.salary
				}
			}
			if titleHeader.has(l.text, lowerASCII(l.text)) {
				titleList = true
				titleListN = 0
			}
			continue
		}
		if runesAtMost(l.text, 30) && titleHeader.has(l.text, lowerASCII(l.text)) {
			titleList = true
			titleListN = 0
		}
	}
	return f
}

func wholeBoldLine(l line) bool { return l.bold && !l.list }

// strongTitleWord reports a title that ends in a word only titles end in.
func strongTitleWord(t string) bool {
	t = lowerASCII(trimLevel(t))
	for _, w := range []string{"工程师", "专家", "架构师", "经理", "主管", "负责人", "实习生", "设计师", "研究员", "总监", "科学家", "engineer", "developer", "manager", "designer", "scientist"} {
		if strings.HasSuffix(t, w) {
			return true
		}
	}
	return false
}

// numberedTitle reads "职位1 前端开发工程师", "【岗位1】：前端开发工程师",
// "岗位二 - 产品经理".
var numberedTitle = regexp.MustCompile(`^[【\[]?\s*(?:岗位|职位)\s*[0-9一二三四五六七八九十]{1,2}\s*[】\]]?\s*[:：\-—–|｜]?\s*(\S.{1,40})$`)

// numberedTitleMatch is numberedTitle.FindStringSubmatch(s), tried only
// where 岗位 or 职位 opens the line after a bracket and spaces.
func numberedTitleMatch(s string) []string {
	t := strings.TrimPrefix(s, "【")
	if len(t) == len(s) {
		t = strings.TrimPrefix(s, "[")
	}
	t = strings.TrimLeft(t, "\t\n\f\r ")
	if !strings.HasPrefix(t, "岗位") && !strings.HasPrefix(t, "职位") {
		return nil
	}
	return numberedTitle.FindStringSubmatch(s)
}

// titleHeader marks a line after which a list of positions follows.
var titleHeader = newWordSet("招聘岗位", "在招岗位", "在招职位", "岗位如下", "职位如下", "招聘职位", "开放职位", "开放岗位", "职位列表",
	"岗位列表", "招聘以下", "热招岗位", "急招岗位", "岗位包括", "open positions", "we are hiring")

// lineTitles reads a line under a "招聘岗位" header as position titles:
// "- 资深Java开发工程师", "1. 前端（P6-P7）：…", "岗位有SaaS开发，Linux C++工程师".
func lineTitles(s string) []string {
	t := strings.TrimSpace(s)
	if i := indexColon(t); i > 0 && runesAtMost(t[:i], 24) {
		t = t[:i]
	}
	t = strings.TrimPrefix(t, "岗位有")
	t = strings.TrimPrefix(t, "职位有")
	return parseHeading(t, false).titles
}

// readRow reads one table row under its header.
func (f *fieldsFound) readRow(head, row []string) {
	for j, h := range head {
		if j >= len(row) {
			break
		}
		v := strings.TrimSpace(row[j])
		if v == "" {
			continue
		}
		h = lowerASCII(strings.TrimSpace(inline(h)))
		switch {
		case strings.Contains(h, "城市") || strings.Contains(h, "地点") || strings.Contains(h, "base") || strings.Contains(h, "location"):
			f.cities = appendUnique(f.cities, citiesIn(v, true)...)
		case strings.Contains(h, "公司") || strings.Contains(h, "company"):
			if c := companyValue(v); c != "" {
				f.companies = appendUnique(f.companies, c)
			}
		case strings.Contains(h, "薪") || strings.Contains(h, "salary"):
			if f.salary == "" {
				f.salary = findSalary(v, true)
			}
		case strings.Contains(h, "岗位") || strings.Contains(h, "职位") || strings.Contains(h, "position") || strings.Contains(h, "role"):
			if t := cleanTitle(trimLevel(v)); t != "" && runesAtMost(t, 30) {
				f.titles = appendUnique(f.titles, t)
			}
		}
	}
}

// companyValue cleans the value of a "公司：" line: "**RingCentral** （厦门铃盛软件）"
// keeps the name and its note; a trailing description after a comma goes.
func companyValue(v string) string {
	v = strings.TrimSpace(stripDecoration(v))
	// "中文名「慧咨环球」，澳交所上市…": the name in quotes
	if m := quotedName.FindStringSubmatch(v); m != nil {
		return cleanCompany(m[1])
	}
	// "51 社保（北京众合天下管理咨询有限公司）": the brand, its registered
	// name in brackets
	if m := submatchIf(brandThenLegal, v, "公司"); m != nil {
		return m[1]
	}
	// "数数科技是国内领先的大数据分析服务商": the subject of a sentence
	if m := proseCompany.FindStringSubmatch(v); m != nil && okProseCompany(m[1]) {
		v = m[1]
	} else if m := subjectIs.FindStringSubmatch(v); m != nil && okProseCompany(m[1]) {
		v = m[1]
	}
	if i := strings.IndexAny(v, "，,。;；|｜"); i > 0 {
		v = v[:i]
	}
	v = strings.TrimSpace(v)
	if looksLikeSentence(v) && !runesAtMost(v, 20) {
		return ""
	}
	return cleanCompany(v)
}

// hasLegalSuffix reports a registered company name: "…有限公司", "Co., Ltd.".
func hasLegalSuffix(s string) bool {
	if !strings.Contains(s, "有限") && !strings.Contains(s, "Ltd") && !strings.Contains(s, "Inc.") {
		return false
	}
	return findLegalSuffix(s) != nil
}

var (
	legalSuffixRe = regexp.MustCompile(`(?:股份有限公司|有限责任公司|有限公司|Co\.,\s?Ltd\.?|Inc\.|Ltd\.)`)
	// legalNeeds are words every match of legalSuffixRe holds
	legalNeeds = newLitSet("有限", "Co.,", "Inc.", "Ltd.")
	aboutRe    = regexp.MustCompile(`^(?:关于|About|ABOUT|about)\s*[:：]?\s*(.{1,24}?)\s*[:：]?$`)
	// proseCompany2 reads "量江湖是比邻弘科公司的移动互联网技术广告服务商",
	// "广州奇虎是高速发展的移动互联网团队".
	proseCompany2 = regexp.MustCompile(`^([^\s，,。：:；;！!？?“”"（(的]{2,16}?)(?:（[^）]{1,30}）)?是[^，。]{0,30}的[^，。]{0,24}(?:公司|团队|企业|平台|机构|服务商|厂商|品牌|提供商)`)
	proseCompany  = regexp.MustCompile(`^([^\s，,。：:；;！!？?“”"（(]{2,16}?|[A-Za-z][\w.&-]*(?: [A-Za-z][\w.&-]*){0,2})\s*(?:（[^）]{1,30}）|\([^)]{1,30}\))?\s*(?:是一家|是国内|是中国|是全球|是一个|是领先|是美国|是新加坡|是业界|是位于[^，。]{0,12}的一家|是一款|是面向|成立于|致力于|专注|隶属于|创立于|专注于)`)
)

// tradeStart matches a registered name's trade words: what follows a
// verb-like character inside a name ("嘉为|科技有限公司").
var tradeStart = regexp.MustCompile(`^(?:科技|信息|网络|技术|软件|电子|数据|智能|通信|数字)`)

// quotedName matches a name given in quotes: "中文名「慧咨环球」", "简称“ESWIN”".
var quotedName = regexp.MustCompile(`^(?:公司)?(?:中文名|英文名|简称|全称|名称)[:：]?\s*[「“"『]([^」”"』]{2,30})[」”"』]`)

// subjectIs matches "X是…": the subject of a sentence that defines it.
// brandThenLegal matches a brand followed by its registered name in brackets.
var brandThenLegal = regexp.MustCompile(`^(\S.{0,18}?)\s*[（(][^（()）]{4,40}(?:有限公司|有限责任公司)[）)]$`)

// weAre matches a name after "我们是": "我们是Pallas AI，致力于…",
// "我们是一家新成立的Prop Tech公司REinvent Studio,", "我们是深圳某某科技，".
var weAre = regexp.MustCompile(`(?:^|[！!，,。])\s*我们是(?:一家[^，,。]{0,24}?(?:公司|团队|企业|创业公司))?\s*([A-Za-z][\w.&-]*(?: [A-Za-z][\w.&-]*){0,2}|\p{Han}{2,10}(?:科技|网络|信息|智能|软件|集团|公司))\s*(?:[，,。（(]|$)`)

var subjectIs = regexp.MustCompile(`^([^\s，,。：:；;！!？?“”"的]{2,16}?)(?:（[^）]{1,30}）|\([^)]{1,30}\))?\s*是`)

// hiringSentence matches a sentence whose subject hires: "微软公司招聘软件开发工程师".
// urlsIn is urlRe.FindAllString(text, n) for n > 0, read line by line, and only in
// the lines with "://", "www." (lower holds text lower-cased) or "@": no
// match spans a line, and the expression is slow over a long post.
func urlsIn(text, lower string, n int) []string {
	var out []string
	for start := 0; start < len(text) && len(out) < n; {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if l := text[start:end]; strings.Contains(l, "://") || strings.Contains(l, "@") || strings.Contains(lower[start:end], "www.") {
			out = append(out, urlRe.FindAllString(l, n-len(out))...)
		}
		start = end + 1
	}
	return out
}

// hiringNeeds are the verbs hiringSentence cannot match without.
var hiringNeeds = newLitSet("招聘", "诚聘", "急聘", "诚招", "内推")

var hiringSentence = regexp.MustCompile(`^(?:\d{1,2}[.、．]\s*)?([^\s，,。：:；;！!？?]{2,12}?)(?:公司)?(?:正在)?(?:招聘|诚聘|急聘|诚招|内推)`)

// companyFromProse finds the company in running text when no heading or
// label named it: "关于 HYPERS", a legal name ("上海碳衡科技有限公司"), a
// sentence that introduces it ("爱因互动是一家…"), a link to its site, a
// known employer in the first lines.
func (d *doc) companyFromProse() []string {
	var out []string
	n := 0
	for _, l := range d.use {
		if l.text == "" {
			continue
		}
		n++
		if n > 15 {
			break
		}
		t := strings.TrimSpace(stripDecoration(l.text))
		if m := aboutRe.FindStringSubmatch(t); m != nil {
			if c := cleanCompany(m[1]); c != "" && !strings.HasPrefix(c, "我们") && !isSectionHeading(c) {
				out = appendUnique(out, c)
			}
		}
	}
	// "### 卓拙简介", "## Apifox 介绍": a section about the company names it
	for _, l := range d.use {
		if !l.heading() || !runesAtMost(l.text, 20) {
			continue
		}
		t := strings.Trim(strings.TrimSpace(stripDecoration(l.text)), "【】[] ")
		for _, suf := range []string{"简介", "介绍"} {
			if name, ok := strings.CutSuffix(t, suf); ok {
				name = cleanCompany(name)
				if name != "" && !isSectionHeading(name) && !isNoise(name) && !strings.HasPrefix(name, "我们") && !isTitle(name) {
					out = appendUnique(out, d.fullName(name))
				}
			}
		}
	}
	n = 0
	for _, l := range d.use {
		if l.text == "" {
			continue
		}
		if n++; n > 15 {
			break
		}
		if !strings.Contains(l.text, "我们是") {
			continue
		}
		// "👋🏼 您好！我们是 ALMA"
		if m := weAre.FindStringSubmatch(strings.TrimSpace(stripDecoration(l.text))); m != nil {
			if c := cleanCompany(m[1]); c != "" && !isTitle(c) && !isNoise(c) && !isGeneric(c) {
				out = appendUnique(out, c)
			}
		}
	}
	n = 0
	for _, l := range d.use {
		if l.text == "" {
			continue
		}
		n++
		if n > 15 {
			break
		}
		if c := legalName(l.text); c != "" {
			out = appendUnique(out, c)
		}
		t := strings.TrimSpace(stripDecoration(l.text))
		if m := proseCompany.FindStringSubmatch(t); m != nil && okProseCompany(m[1]) {
			out = appendUnique(out, cleanCompany(m[1]))
		} else if m := proseCompany2.FindStringSubmatch(t); m != nil && okProseCompany(m[1]) {
			out = appendUnique(out, cleanCompany(m[1]))
		}
		if n <= 5 {
			for _, link := range l.links {
				if c := cleanCompany(link); c != "" && isOrgLink(c) {
					out = appendUnique(out, c)
				}
			}
		}
	}
	if len(out) == 0 {
		// "1. 微软公司招聘软件开发工程师": a company hiring, in a sentence
		for _, l := range d.use {
			if !hiringNeeds.in(l.text) {
				continue
			}
			if m := hiringSentence.FindStringSubmatch(l.text); m != nil {
				if c := cleanCompany(m[1]); c != "" && (brandPrefix(c) != "" || isOrg(c)) && !isTitle(c) && !isGeneric(c) && !isBareUnit(c) {
					out = appendUnique(out, c)
					break
				}
			}
		}
	}
	if len(out) == 0 {
		// "公司官网：https://www.eolink.com", "请登录公司官网：www.molardata.com":
		// the site's name, when nothing else, as the text writes it
		for _, l := range d.use {
			i := strings.Index(l.text, "官网")
			if i < 0 {
				continue
			}
			if c := siteName(l.text[i:]); c != "" {
				out = appendUnique(out, d.asTextWrites(c))
				break
			}
		}
	}
	if len(out) == 0 {
		// "![滴滴](…logo….svg)": a logo whose text is a known employer
		if m := logoAlt.FindStringSubmatch(d.body); m != nil && knownEmployer(m[1]) {
			out = append(out, m[1])
		}
	}
	if len(out) == 0 {
		// "https://careers.pinduoduo.com/campus/…": a known employer's
		// careers site names the employer
		for _, u := range urlsIn(d.text, d.lower, 20) {
			if c := careersSite(u); c != "" {
				out = append(out, c)
				break
			}
			if c := d.slugInText(u); c != "" {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) == 0 {
		n = 0
		for _, l := range d.use {
			if l.text == "" || isContactLine(l.text) {
				continue
			}
			n++
			if n > 3 {
				break
			}
			var found []string
			keys := map[string]bool{}
			for _, w := range strings.FieldsFunc(l.text, func(r rune) bool {
				return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '.' && r != '&'
			}) {
				// "微信指数一度达国内Top1": a platform in a sentence, not the employer
				// ("飞书开放平台" is its unit)
				if b := brandPrefix(w); b != "" && !(len(w) > len(b) && platformBrand(b) && !endsWithUnit(w)) {
					found = appendUnique(found, b)
					keys[normalize.CompanyKey(b)] = true
				}
			}
			// "主要派往腾讯、网易、字节跳动等知名公司": a list of clients
			// names no employer ("拼多多集团-PDD" names one)
			if len(keys) == 1 {
				out = appendUnique(out, found[0])
			}
		}
	}
	if len(out) == 0 {
		// "公司名CTMC", "公司全称：…"
		if m := companyNamed.FindStringSubmatch(d.text); m != nil {
			if c := cleanCompany(m[1]); c != "" && !isNoise(c) && !isGeneric(c) && !isTitle(c) {
				out = append(out, c)
			}
		}
	}
	if len(out) == 0 {
		// "北京船讲科技有限公司，立于科技与人文的交汇点" far down the post
		for _, l := range d.use {
			if c := legalName(l.text); c != "" {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) == 0 {
		// "负责小米商城…", "海淀清河小米科技园": the one employer the post
		// names, and more than once
		if c := d.soleEmployer(); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// companyNamed matches a sentence that names the company: "公司名CTMC",
// "公司全称：杭州某某科技有限公司".
var companyNamed = regexp.MustCompile(`公司(?:名|名字|名称|全称)(?:叫|是|为)?\s*[:：]?\s*[「“"]?([A-Za-z][\w.&-]*(?: [A-Za-z][\w.&-]*){0,2}|[^\s，,。；;、」”"（(]{2,20})`)

// soleEmployer returns the known employer the text names at least twice
// when it names no other: a list of clients ("被腾讯、阿里、字节等大厂采用")
// names several and says nothing.
func (d *doc) soleEmployer() string {
	counts := map[string]int{}
	first := ""
	for i := 0; i < len(d.text); {
		r, w := utf8.DecodeRuneInString(d.text[i:])
		if b := brandPrefix(d.text[i:]); b != "" && (i == 0 || !isASCIIWord(b) || !normalize.IsWordByte(d.text[i-1])) && !contactTool(d.text, i, b) {
			k := normalize.CompanyKey(b)
			if counts[k] == 0 && first == "" {
				first = b
			}
			counts[k]++
			i += len(b)
			continue
		}
		_ = r
		i += w
	}
	if len(counts) != 1 || counts[normalize.CompanyKey(first)] < 2 {
		return ""
	}
	return first
}

// aboutCompany reads the company from the text of a "公司介绍" section:
// a registered name, "X是一家…", the first link ("[Rocket Software](…)（大连）
// 位于…"), or a first clause that ends like a company ("四川万益能源科技，
// 深耕电力行业").
func aboutCompany(l line) []string {
	v := l.text
	if c := legalName(v); c != "" {
		return []string{c}
	}
	if m := proseCompany.FindStringSubmatch(v); m != nil && okProseCompany(m[1]) {
		return []string{cleanCompany(m[1])}
	}
	if m := proseCompany2.FindStringSubmatch(v); m != nil && okProseCompany(m[1]) {
		return []string{cleanCompany(m[1])}
	}
	for _, link := range l.links {
		if c := cleanCompany(link); c != "" && isOrgLink(c) && strings.HasPrefix(v, link) {
			return []string{c}
		}
	}
	if c := companyValue(v); c != "" && (isOrg(c) || weakOrg(c)) && !looksLikeSentence(c) {
		return []string{c}
	}
	return nil
}

// okProseCompany accepts the subject of "X是一家…" as a company name unless
// it is a pronoun or a general word.
func okProseCompany(s string) bool {
	c := cleanCompany(s)
	if c == "" || isTitle(c) || isNoise(c) {
		return false
	}
	for _, p := range []string{"我们", "公司", "团队", "本", "这", "该", "它", "目前", "现在", "一家", "一个", "一支", "联合创始人", "创始人", "团队成员", "我司"} {
		if strings.HasPrefix(c, p) {
			return false
		}
	}
	return true
}

// isOrgLink reports link text that names an organisation rather than
// saying "详细信息" or being a URL.
func isOrgLink(s string) bool {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "www.") || strings.Contains(s, "@") {
		return false
	}
	if !runesAtMost(s, 20) || looksLikeSentence(s) || isTitle(s) || isSectionHeading(s) {
		return false
	}
	for _, w := range []string{"详细", "详情", "链接", "点击", "这里", "官网", "简历", "投递", "JD", "jd", "职位", "岗位", "申请", "主页", "博客", "知乎", "拉勾", "Boss", "BOSS", "Github", "GitHub", "github", "Website", "website", "Info", "更多", "查看", "email", "邮箱"} {
		if strings.Contains(s, w) {
			return false
		}
	}
	if isOrg(s) || strings.ContainsFunc(s, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		return true
	}
	// an English name: "Rocket Software", "Arkie"
	return capitalName.MatchString(s) && !techWords[lowerASCII(s)]
}

var capitalName = regexp.MustCompile(`^[A-Z][A-Za-z0-9.&\-]*(?: [A-Z0-9][A-Za-z0-9.&\-]*){0,3}$`)

// legalName returns the registered company name in s ("上海碳衡科技有限公司"),
// cut at the punctuation or verb before it.
func legalName(s string) string {
	loc := findLegalSuffix(s)
	if loc == nil {
		return ""
	}
	end := loc[1]
	start := loc[0]
	count := 0
	for start > 0 && count < 30 {
		r, w := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsSpace(r) && !asciiAlnum(prevRune(s[:start-w])) || unicode.IsPunct(r) && r != '（' && r != '）' && r != '(' && r != ')' && r != '·' && r != '&' && r != '.' && r != ',' {
			break
		}
		start -= w
		count++
	}
	name := s[start:end]
	// "全称上海碳衡科技有限公司", "隶属于北京公瑾科技有限公司": keep what follows the verb.
	for _, v := range []string{"全称", "隶属于", "属于", "是", "为", "由", "于", "加入"} {
		if i := strings.LastIndex(name, v); i >= 0 {
			// "嘉为科技有限公司", "华为技术有限公司": a verb inside the name
			if after := name[i+len(v):]; tradeStart.MatchString(after) && len(v) == len("为") {
				continue
			}
			name = name[i+len(v):]
		}
	}
	name = strings.TrimLeft(name, "（()）")
	if runesAtMost(name, 3) {
		return ""
	}
	return cleanCompany(name)
}

func prevRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// citiesFromProse looks for cities in the first lines of a post that named
// none in its heading or fields.
func (d *doc) citiesFromProse() []string {
	var out []string
	n := 0
	for _, l := range d.use {
		if l.text == "" {
			continue
		}
		n++
		if n > 3 {
			break
		}
		out = appendUnique(out, citiesIn(l.text, false)...)
	}
	return out
}

// salaryFromProse finds a pay range anywhere in the post: a line with a pay
// label first, then any range with a unit.
func (d *doc) salaryFromProse() string {
	for _, l := range d.use {
		if l.text == "" || !payHints.has(l.text, lowerASCII(l.text)) {
			continue
		}
		if loc := salaryLabel.FindStringIndex(l.text); loc != nil {
			if s := findSalary(l.text[loc[0]:], true); s != "" {
				return s
			}
		}
	}
	for _, l := range d.use {
		if s := findSalary(l.text, false); s != "" {
			return s
		}
	}
	return ""
}

// levelCodes matches level codes before titles: "p5/p6/p7 ".
var levelCodes = regexp.MustCompile(`(?i)\b[ptl]\d{1,2}\b[/、]?\s*`)

// positionsAll matches a remark that lists positions: "p5/p6/p7 Android/iOS
// 岗位都有", "前端、后端岗位均有".
var positionsAll = regexp.MustCompile(`([^\s，,。；;：:]{2,30}?)\s*(?:岗位|职位)(?:都有|均有|都在招|在招)`)

// positionsNeeds are the words positionsAll cannot match without.
var positionsNeeds = newLitSet("岗位都有", "岗位均有", "岗位都在招", "岗位在招", "职位都有", "职位均有", "职位都在招", "职位在招")

// sentenceHire matches "现招聘数据产品经理1名", "招一位前端", "寻找一位开发工程师".
// "募集前端开发工程师/技术专家", "我们需要一位对体验……执着的 React 前端工程师".
// sentenceHireNeeds are the words sentenceHire cannot match without.
var sentenceHireNeeds = newLitSet("招", "募集", "诚聘", "寻找", "需要", "寻求", "期待")

var sentenceHire = regexp.MustCompile(`(?:(?:招聘|招募|募集|诚聘|诚招|急招|寻找|招)(?:一名|一位|一个|几位|多名|若干)?|(?:需要|寻求|期待)(?:一名|一位|一个|几位|多名|若干))\s*([^，,。；;！!（(]{2,40})`)

// titlesFromProse finds titles in running text when no heading or label
// named one.
func (d *doc) titlesFromProse() []string {
	var out []string
	n := 0
	for _, l := range d.use {
		if l.text == "" {
			continue
		}
		n++
		if n > 24 {
			break
		}
		if positionsNeeds.in(l.text) {
			for _, m := range positionsAll.FindAllStringSubmatch(l.text, 2) {
				for _, it := range splitList(levelCodes.ReplaceAllString(m[1], "")) {
					if it = strings.TrimSpace(it); isTitle(it) && plausibleTitle(it) {
						out = appendUnique(out, it)
					}
				}
			}
		}
		if !sentenceHireNeeds.in(l.text) {
			continue
		}
		for _, m := range sentenceHire.FindAllStringSubmatch(l.text, 3) {
			v := strings.TrimSpace(m[1])
			if i := strings.LastIndex(v, "的"); i >= 0 {
				v = strings.TrimSpace(v[i+len("的"):]) // "…同样执着的 React 前端工程师"
			}
			v = strings.TrimRight(v, "0123456789名位个人")
			for _, it := range splitList(v) {
				it = asWritten(strings.TrimSpace(stripNoise(it)), l.text)
				if isTitle(it) && plausibleTitle(it) {
					if t := cleanTitle(it); t != "" {
						out = appendUnique(out, t)
					}
				}
			}
		}
	}
	return out
}

func truncRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[:i]
}

// siteName returns the name a company's web address shows:
// "https://www.eolink.com" → "eolink".
func siteName(v string) string {
	m := urlRe.FindString(v)
	if m == "" {
		m = domainRe.FindString(v)
	}
	if m == "" {
		return ""
	}
	host := lowerASCII(m)
	host = strings.TrimPrefix(strings.TrimPrefix(host, "https://"), "http://")
	host = strings.TrimPrefix(host, "//")
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	parts := strings.Split(host, ".")
	if len(parts) < 2 {
		return ""
	}
	name := parts[len(parts)-2]
	if (name == "com" || name == "co") && len(parts) >= 3 {
		name = parts[len(parts)-3]
	}
	if name == "www" || len(name) < 3 || containsAnyRune(name, "0123456789") && len(name) < 5 {
		return ""
	}
	for _, host := range []string{"github", "zhipin", "lagou", "mokahr", "feishu", "toutiao", "zhihu", "weixin", "qq", "google", "notion", "shimo", "yuque", "jianshu", "bilibili", "linkedin", "gitee"} {
		if name == host {
			return ""
		}
	}
	return name
}

// careersHost matches the host of an employer's careers site and captures
// the employer's name: careers.pinduoduo.com, jobs.bytedance.com,
// xiaomi.zhiye.com, app.mokahr.com/apply/xxx.
var careersHost = regexp.MustCompile(`(?i)^https?://(?:(?:careers?|jobs?|hr|talent|campus)\.([a-z0-9-]+)\.[a-z.]+|([a-z0-9-]+)\.(?:zhiye\.com|mokahr\.com|hotjob\.cn|jobs\.feishu\.cn)|(?:app|www)\.mokahr\.com/(?:social-recruitment|campus-recruitment|apply|recommendation-apply)/([a-z0-9-]+))`)

// careersSite returns the employer whose careers site u is, when the
// alias table knows the name (an unknown word from a host is too weak).
func careersSite(u string) string {
	m := careersHost.FindStringSubmatch(u)
	if m == nil {
		return ""
	}
	name := m[1] + m[2] + m[3]
	if knownEmployer(name) {
		return normalize.CanonicalCompany(name)
	}
	return ""
}

// slugInText returns the careers-site slug as the text writes it, when the
// text names it outside the address: "童心制物Makeblock社招内推码" beside
// makeblock.jobs.feishu.cn.
func (d *doc) slugInText(u string) string {
	m := careersHost.FindStringSubmatch(u)
	if m == nil {
		return ""
	}
	slug := lowerASCII(m[1] + m[2] + m[3])
	if len(slug) < 4 {
		return ""
	}
	prose := urlRe.ReplaceAllString(d.text, " ")
	lower := lowerASCII(prose)
	for i := strings.Index(lower, slug); i >= 0; {
		end := i + len(slug)
		if (i == 0 || !normalize.IsWordByte(lower[i-1])) && (end == len(lower) || !normalize.IsWordByte(lower[end])) {
			return prose[i:end]
		}
		j := strings.Index(lower[end:], slug)
		if j < 0 {
			break
		}
		i = end + j
	}
	return ""
}

// fullName returns the longer form of a short name that the text uses:
// "卓拙" → "卓拙科技" when the body says "卓拙科技（以下简称卓拙）".
func (d *doc) fullName(name string) string {
	if !runesAtMost(name, 4) || isASCIIWord(name) {
		return name
	}
	for i := strings.Index(d.text, name); i >= 0; {
		rest := d.text[i+len(name):]
		for _, w := range []string{"科技", "网络", "信息技术", "信息", "集团", "软件", "智能", "数据"} {
			if strings.HasPrefix(rest, w) {
				return name + w
			}
		}
		j := strings.Index(rest, name)
		if j < 0 {
			break
		}
		i += len(name) + j
	}
	return name
}

// contactTool reports a brand used as a way to get in touch or as a
// platform rather than an employer: "或微信交流", "加微信", "钉钉：xxx",
// "微信小程序", "微信指数".
func contactTool(text string, i int, b string) bool {
	if platformBrand(b) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[i+len(b):])
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	return strings.ContainsRune("：:号群交联沟", next) || prev == '加'
}

// platformBrand reports a brand that posts name as a platform they run on
// or publish to more often than as their employer.
func platformBrand(b string) bool {
	switch b {
	case "微信", "钉钉", "飞书", "QQ", "qq", "WeChat", "Lark":
		return true
	}
	return false
}

// logoAlt matches an image at the start of a post, with its text.
var logoAlt = regexp.MustCompile(`^\s*!\[([^\]]{2,20})\]\(`)

// asTextWrites returns a lower-case name read from an address as the text
// writes it, when it does: "molardata" → "MolarData".
func (d *doc) asTextWrites(name string) string {
	prose := urlRe.ReplaceAllString(d.text, " ")
	lower := lowerASCII(prose)
	for i := strings.Index(lower, name); i >= 0; {
		end := i + len(name)
		if (i == 0 || !normalize.IsWordByte(lower[i-1])) && (end == len(lower) || !normalize.IsWordByte(lower[end])) {
			return prose[i:end]
		}
		j := strings.Index(lower[end:], name)
		if j < 0 {
			break
		}
		i = end + j
	}
	return name
}

// shareCard reads a line of pieces set apart by bars that names places in
// one piece and a known employer (or a name ending like one) in another:
// "杭州北京 | 淘天集团|社招", the line a recruiting app's share card leaves.
func shareCard(t string) (company string, cities []string) {
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '|' || r == '｜' })
	if len(parts) < 2 || len(parts) > 5 {
		return "", nil
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
		case hasPlace(p) && onlyPlaces(p):
			cities = appendUnique(cities, citiesIn(p, true)...)
		case company == "" && (brandPrefix(p) == p || knownEmployer(p) || isOrg(p) && !isTitle(p) && runesAtMost(p, 16)):
			company = p
		}
	}
	if company == "" || len(cities) == 0 {
		return "", nil
	}
	return company, cities
}
