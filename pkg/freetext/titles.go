package freetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// Posts list their positions in many forms besides the heading: a heading
// per position ("## Java开发工程师（架构师）"), bullets under "### 招聘职位",
// "【C++开发工程师】" lines, partly bold lines ("**高级/资深** 前端工程师"),
// link lines ("[Android SDK 开发工程师](…) 30-45K"), plain lines between
// requirement blocks ("前端开发工程师/高级工程师"), and inline lists
// ("我司常招岗位：1、Java开发工程师（架构师）；2、…"). listTitles reads them
// all, skipping the duty and requirement items under their section headings.

// dutySections open the blocks of a post whose items are duties,
// requirements or perks, never positions.
var dutySections = []string{
	"岗位职责", "工作职责", "职位职责", "职责描述", "岗位描述", "职位描述", "工作内容", "职责", "任职要求", "任职资格",
	"岗位要求", "职位要求", "任职条件", "职位概述", "要求", "基本要求", "技能要求", "加分项", "加分", "优先", "优先条件",
	"我们希望你", "希望你", "你需要", "你将", "你会", "我们期待", "我们提供", "福利", "福利待遇", "薪资福利", "公司福利",
	"团队福利", "岗位亮点", "职位亮点", "职位诱惑", "关于我们", "公司介绍", "公司简介", "团队介绍", "部门介绍", "简介",
	"responsibilities", "requirements", "qualifications", "minimum qualifications", "preferred qualifications",
	"what you'll do", "what you’ll do", "nice to have", "benefits", "bonus", "about", "job summary",
	"job expectations", "knowledge, skills and abilities", "experience requirements", "education requirements",
}

// listItemNumber matches the numbering of an inline list item: "1、", "2", "（3）".
var listItemNumber = regexp.MustCompile(`^\s*(?:[（(]?\d{1,2}[)）]|\d{1,2}\s?[、.．，,]?)\s*`)

// jobCode matches a requisition code before a title: "R22861 |", "JR1985476".
var jobCode = regexp.MustCompile(`^(?:[A-Z]{1,3}\d{4,8})\s*[|｜:：\-—]?\s*`)

// reqCode matches a requisition code after a title: "(J16017)".
var reqCode = regexp.MustCompile(`\s*[（(][A-Z]{0,3}\d{4,8}[)）]\s*$`)

// bareRoleWords are alternatives that only add a level or a role to the
// title before them: "对象存储研发工程师/专家", "前端开发工程师/高级工程师".
var bareRoleWords = map[string]bool{
	"专家": true, "技术专家": true, "高级工程师": true, "资深工程师": true, "工程师": true, "leader": true,
	"负责人": true, "高级": true, "资深": true, "中级": true, "初级": true, "senior": true, "junior": true,
}

// dashNote matches the dash between a title and what the work is:
// "Senior Frontend Engineer (API Gateway) - 组件开发", "…（Kong Manager）- KM 3.0".
var dashNote = regexp.MustCompile(`(?:\s|[）)])[-–—]\s`)

// otherPositions matches a remark that names more positions:
// "另有后端、产品、IOS、Android、测试等岗位", "还有前端、测试等职位在招".
var otherPositions = regexp.MustCompile(`(?:另有|还有|此外还有|其他还有|同时招聘)([^。！!；;：:]{2,60}?)等(?:岗位|职位|方向)`)

// otherNeeds are words otherPositions cannot match without.
var otherNeeds = []string{"另有", "还有", "同时招聘"}

// fieldHead matches the label of a field that describes the company or
// the work, whose value is never a title: "客户类型：", "关键字：".
var fieldHead = regexp.MustCompile(`(?:类型|关键字|关键词|行业|领域|阶段|规模|融资|客户)$`)

// headerNeeds are the words posListHeader cannot match without.
var headerNeeds = newLitSet("岗位", "职位", "职缺", "在招", "热招", "急招", "招聘", "hiring", "open positions", "roles", "类", "实习岗", "方向")

// posListHeader matches a line that announces a list of positions:
// "### 招聘岗位", "### 技术岗位：", "【内推岗位如下】", "目前在招职位：",
// "社招研发类：", "## 🔥 热招岗位", "Open positions".
var posListHeader = regexp.MustCompile(`(?i)(?:岗位|职位|职缺|在招|热招|急招|招聘|hiring|open positions|roles|[^\s]类|实习岗|^方向$)`)

// listTitles reads the positions a post lists outside its heading.
func (d *doc) listTitles(skip map[int]bool) (titles, cities []string) {
	inDuty := false
	inIntro := false // the duty block is an introduction of the company or team
	posList := false // the lines after "### 招聘岗位" are positions
	for i, l := range d.use {
		if l.text == "" || l.cells != nil {
			continue
		}
		t := strings.TrimSpace(stripDecoration(l.text))
		if isDutySection(t) {
			inDuty, posList = true, false
			inIntro = isIntroSection(t)
			continue
		}
		if skip[i] {
			// a heading already read; it may still open a list
			// ("### 招聘岗位(后台开发/架构)") or hold one after its first clause
			// ("网易长期招人，前端、客户端、服务端、引擎，…")
			posList = isPosListHeader(t)
			inDuty = inDuty && !posList
			if items, ok := introList(t, false); ok {
				titles = appendUnique(titles, items...)
			}
			continue
		}
		if isContactLine(t) || strings.HasPrefix(t, "http") {
			continue
		}
		if isPosListHeader(t) {
			inDuty, posList = false, true
			continue
		}
		// "另有后端、产品、IOS、Android、测试等岗位开放": more positions in passing
		if strings.Contains(t, "等") && containsAnyOf(t, otherNeeds) {
			if m := otherPositions.FindStringSubmatch(t); m != nil {
				if items := lenientItems(m[1]); len(items) > 1 {
					titles = appendUnique(titles, items...)
				}
			}
		}
		if inDuty && !l.heading() && !containsAnyRune(t, "：:") && sentenceFirst(t) {
			continue // a duty: most lines of a post, and nothing below reads one
		}
		// an inline list: "招聘岗位：后端、算法、产品、数据等等"
		if items, ok := introList(t, inDuty); ok {
			if len(items) > 0 {
				titles = appendUnique(titles, items...)
				inDuty = false
			}
			continue
		}
		ts, cs := lineTitle(l, t)
		if len(ts) == 0 && (l.heading() || l.list) {
			// "## <a href=…>前端开发专家</a> 点击可直接发送邮件"
			for _, link := range l.links {
				if lt, _ := lineTitle(l, link); len(lt) > 0 {
					ts = append(ts, lt...)
				}
			}
		}
		if len(ts) == 0 && posList && (l.list || runesAtMost(t, 24)) {
			ts = lenientTitle(t)
		}
		if len(ts) == 0 && posList && containsAnyRune(t, "，,、") && runesAtMost(t, 40) && !containsAnyRune(t, "。；;！!") {
			// "开发，测试，大数据，DevOps都有" under "### 招聘岗位": every
			// item short, or it is a sentence
			list := strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(t, "都有"), "都招"), "等")
			if items := lenientItems(list); len(items) == len(splitOutsideParens(list, "；;、，,")) {
				ts = items
			}
		}
		if len(ts) == 0 {
			if items := bareList(l, t); len(items) > 0 && !inDuty {
				titles = appendUnique(titles, items...)
				continue
			}
			if l.heading() {
				inDuty, posList = false, false
			}
			if posList && !l.list && !runesAtMost(t, 30) && !strings.Contains(t, "http") {
				posList = false
			}
			continue
		}
		if inDuty && !l.heading() && !standsAlone(l, t) && !(inIntro && l.list && strongTitleWord(stripParens(ts[0]))) && !d.headsDuties(i) {
			// bullets under "### 岗位职责" are duties; under "**公司介绍**"
			// a bullet that is a title is a position ("- AI编译器开发工程师"),
			// and so is a line right above "职位描述："
			continue
		}
		inDuty = false
		titles = appendUnique(titles, ts...)
		cities = appendUnique(cities, cs...)
	}
	return titles, cities
}

// placeTailNeeds are the words placeTail cannot match without.
var placeTailNeeds = []string{"坐标", "地点", "base", "城市"}

// placeTail matches a place field after a title: " 坐标：上海", " base 北京".
var placeTail = regexp.MustCompile(`(?i)\s+(?:坐标|地点|工作地点|base|城市)\s*[:：]?\s*[^\s:：]{2,12}$`)

// sentenceFirst reports a line that a sentence mark ends before any colon
// or dash could cut a title from it: no title is read from it, and most
// lines of a post are such sentences.
func sentenceFirst(t string) bool {
	if len(t) > 600 {
		return true
	}
	depth := 0
	for _, r := range t {
		switch r {
		case '(', '（', '[', '【':
			depth++
		case ')', '）', ']', '】':
			if depth > 0 {
				depth--
			}
		case '：', ':', '-', '–', '—':
			return false
		case '，', '。', '；', '！', '？', ';', '!', '?':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// isPosListHeader reports a short line that announces positions:
// "### 招聘岗位", "目前在招职位：", "【内推岗位如下】", "社招研发类：".
func isPosListHeader(t string) bool {
	if len(t) > 120 || !runesAtMost(t, 40) || !headerNeeds.in(lowerASCII(t)) {
		return false // a header is a few words, among them one of posListHeader's
	}
	// "### 招聘岗位(后台开发/架构)": the note in brackets says which kind
	s := strings.Trim(t, " #*【】[]()（）:：-—·•🔥🍪🍔")
	if p := stripParens(strings.Trim(t, " #*:：")); p != "" && p != strings.Trim(t, " #*:：") {
		s = strings.Trim(p, " #*【】[]()（）:：-—·•🔥")
	}
	if !runesAtMost(s, 16) || s == "" || containsAnyRune(s, "，,。") {
		return false
	}
	if k, v, ok := labelOf(t); ok && (k != labelTitle || v != "") {
		return false // "岗位：前端" is a field; "岗位职责：" a duty
	}
	if !posListHeader.MatchString(s) || isTitle(s) || notPosition.MatchString(s) || strings.Contains(s, "地点") {
		return false // "#### 岗位地点", "岗位要求" name no positions
	}
	// nothing but header words: "目前热招岗位有", not "【杭州】端点科技 多岗位内推急招"
	rest := posHeaderWords.ReplaceAllString(s, "")
	rest = strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return runesAtMost(rest, 2)
}

// posHeaderWords are the words a header of a position list is made of.
var posHeaderWords = regexp.MustCompile(`(?i)岗位|职位|职缺|目前|当前|正在|持续|长期|热招|急招|在招|开放|招聘|内推|社招|校招|实习|技术|非技术|研发|产品|类|有|的|列表|以下|如下|我们|新增|急|主要|其他|其它|部分|相关|信息|方向|hiring|open|positions|roles|we are|we're|current`)

// lenientTitle accepts an item of a list of positions that does not end
// like a title: "合约审计", "量化策略", "客服专员".
func lenientTitle(t string) []string {
	if n := orderedPrefix(t); n > 0 {
		t = strings.TrimSpace(t[n:])
	}
	t, _ = cutPlaceNote(strings.TrimSpace(strings.TrimLeft(t, "-*•·>")))
	n := utf8.RuneCountInString(t)
	if n < 2 || n > 24 || containsAnyRune(t, "，。；！？!?;:：") || looksLikeSentence(t) || isNoise(stripParens(t)) || notPosition.MatchString(t) {
		return nil
	}
	var out []string
	for _, it := range strings.FieldsFunc(t, func(r rune) bool { return r == '/' || r == '／' }) {
		if it = strings.TrimSpace(it); it != "" && !bareRoleWords[lowerASCII(it)] && plausibleTitle(it) {
			out = appendUnique(out, cleanTitle(it))
		}
	}
	return out
}

// isIntroSection reports a duty-block heading that introduces the company
// or the team rather than the work.
func isIntroSection(t string) bool {
	s := strings.Trim(t, " #*【】[]()（）:：-—·•")
	for _, w := range []string{"关于我们", "公司介绍", "公司简介", "团队介绍", "部门介绍", "简介", "about"} {
		if strings.HasPrefix(lowerASCII(s), w) {
			return true
		}
	}
	return false
}

// headsDuties reports whether the next line with text after use[i] opens
// a block of duties: the line is the position they belong to.
func (d *doc) headsDuties(i int) bool {
	for _, l := range d.use[i+1:] {
		if l.text == "" {
			continue
		}
		return isDutySection(strings.TrimSpace(stripDecoration(l.text)))
	}
	return false
}

// isDutySection reports a line that opens a block of duties, requirements
// or perks: "### 岗位职责", "【任职要求】", "**Responsibilities**", "加分项：".
func isDutySection(t string) bool {
	if len(t) > 160 {
		return false // a section heading is a few words (plus a short value)
	}
	// "职位描述：H5研发": the label of a title
	if i := indexColon(t[:min(len(t), 42)]); i > 0 && i < 40 { // a colon opening before byte 40 ends by 42
		if v := strings.TrimSpace(strings.TrimLeft(t[i:], "：:")); v != "" && runesAtMost(v, 12) && isTitle(v) {
			return false
		}
	}
	s := strings.Trim(t, " #*【】[]()（）:：-—·•🔧")
	s = strings.TrimSpace(strings.TrimRight(s, ":："))
	if n := orderedPrefix(s); n > 0 {
		s = strings.TrimSpace(s[n:])
	}
	if !runesAtMost(s, 16) {
		return false
	}
	low := lowerASCII(s)
	for _, w := range dutySections {
		if strings.HasPrefix(low, w) {
			return true
		}
	}
	// "实习生主要职责：", "后端岗位要求"
	for _, w := range []string{"职责", "要求", "任职资格", "职位描述", "岗位描述", "工作内容"} {
		if strings.HasSuffix(low, w) {
			return true
		}
	}
	return false
}

// standsAlone reports a plain line short enough, and title enough, to be a
// position even inside a requirement block: "Android开发工程师" between two
// blocks of duties written without headings.
func standsAlone(l line, t string) bool {
	return !l.list && runesAtMost(t, 24) && strongTitleWord(stripLocNote(t))
}

// lineTitle reads a line that is a position: its title or titles, and the
// places written beside them ("**Golang 工程师**（广州/上海）").
func lineTitle(l line, t string) (titles, cities []string) {
	if n := orderedPrefix(t); n > 0 {
		t = strings.TrimSpace(t[n:])
	}
	if sentenceFirst(t) {
		return nil, nil
	}
	// "1.Java开发工程师（风控方向） 坐标：上海": the place after the title
	var tail []int
	if containsAnyOf(lowerASCII(t), placeTailNeeds) {
		tail = placeTail.FindStringIndex(t)
	}
	if tail != nil && tail[0] > 0 {
		cities = citiesIn(t[tail[0]:], true)
		t = strings.TrimSpace(t[:tail[0]])
	}
	t = strings.TrimSpace(strings.TrimLeft(t, "-*•·>"))
	if t != "" && t[0] >= 'A' && t[0] <= 'Z' {
		t = jobCode.ReplaceAllString(t, "") // "R22861 |", "JR1985476"
	}
	// "【C++开发工程师】", "[Ku即时通讯专案技术团队徵才]": a line in brackets
	if (strings.HasPrefix(t, "【") && strings.HasSuffix(t, "】") || strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]")) &&
		strings.Count(t, "【")+strings.Count(t, "[") == 1 {
		t = strings.TrimSpace(strings.Trim(t, "【】[]"))
	}
	// "Staff SW Engineer：专业基础扎实…", "- 社招: 系统研发专家"
	if i := indexColon(t); i > 0 && runesAtMost(t[:i], 40) {
		head, tail := strings.TrimSpace(t[:i]), strings.TrimSpace(strings.TrimLeft(t[i:], "：:"))
		switch {
		case fieldHead.MatchString(head):
			return nil, nil // "客户类型：To B 端", "关键字：海报生成": a field, not a title
		case isNoise(head) && tail != "":
			t = tail
		case isTitle(trimLevel(head)) && (l.list || l.heading() || strongTitleWord(trimLevel(head))):
			t = head
		}
	}
	// "Senior Frontend Engineer (API Gateway) - 组件开发，云公用组件库开发":
	// a list item's title, then a dash, then what the work is
	if l.list || l.heading() {
		var loc []int
		if containsAnyRune(t, "-–—") { // what dashNote needs
			loc = dashNote.FindStringIndex(t)
		}
		if loc != nil && containsAnyRune(t[loc[1]:], "，,。；;") {
			if head := strings.TrimSpace(t[:loc[0]]); isTitle(trimLevel(stripParens(head))) {
				t = head
			}
		}
	}
	// "业务技术-高级AI前端开发工程师-直播业务": the one piece that is a
	// position, between its business line and its team
	if strings.Count(t, "-") >= 2 && !isTitle(trimLevel(t)) {
		var found []string
		for _, p := range strings.Split(t, "-") {
			if p = strings.TrimSpace(p); strongTitleWord(p) {
				found = append(found, p)
			}
		}
		if len(found) == 1 {
			t = found[0]
		}
	}
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(t, " JD"), " jd"))
	t = cutAtEnd(headCount, t)
	t = cutAtEnd(trailingCount, t)
	if s := findSalary(t, false); s != "" {
		i := strings.Index(t, s)
		// "测试工程师 7-15k*13薪【接口/自动化】": what follows the pay is a note
		if head := strings.TrimSpace(t[:i]); i > 0 && isTitle(trimLevel(head)) {
			t = head
		} else {
			t = strings.TrimSpace(t[:i] + " " + t[i+len(s):])
		}
	}
	t = cutAtEnd(reqCode, t)
	// "分布式图数据库[研发工程师/技术专家]": the kind of engineer in brackets
	// says the line is a position, whatever its name ends in
	kind := false
	if strings.HasSuffix(t, "]") || strings.HasSuffix(t, "】") {
		if i := strings.LastIndexAny(t, "[【"); i > 0 {
			if inner := strings.Trim(t[i:], "[]【】"); isTitleList(inner) {
				t = strings.TrimSpace(strings.TrimRight(t[:i], "[【 "))
				kind = true
			}
		}
	}
	// "高级开发工程师-基础架构微服务方向": the title without its direction
	t = cutDirection(t)
	// places in a trailing bracket: "（广州/上海）", "【北京】", "(深圳)"
	t, more := cutPlaceNote(t)
	cities = appendUnique(cities, more...)
	t = cutLongNote(t)
	t = strings.TrimSpace(strings.TrimRight(t, " -—|｜:："))
	n := utf8.RuneCountInString(t)
	if n == 0 || n > 48 || !isASCIIWord(t) && n > 32 {
		return nil, nil
	}
	if containsAnyRune(t, "，。；！？!?;") || looksLikeSentence(t) || isSectionHeading(t) || isNoise(stripParens(t)) {
		return nil, nil
	}
	if allGeneric(t) {
		return nil, nil // "[研发工程师/技术专家]" under the title it belongs to
	}
	for _, it := range splitAlternatives(t) {
		it = cutDirection(it)
		if (isTitle(it) || kind) && plausibleTitle(it) && !isOrgUnit(it) {
			if c := cleanTitle(it); c != "" {
				titles = appendUnique(titles, c)
			}
		}
	}
	return titles, cities
}

// splitAlternatives splits "前端开发工程师/高级工程师", "高级/资深后端开发工程师"
// into the titles they name, dropping alternatives that are only a level.
func splitAlternatives(t string) []string {
	if !containsAnyRune(t, "/／") || isASCIIWord(t) && !strings.Contains(t, " / ") {
		return []string{t}
	}
	// "UI/UX设计师", "Golang/PHP 工程师": a slash between short words
	// belongs to one title
	parts := splitOutsideParens(t, "/／")
	var out []string
	titled := 0
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || bareRoleWords[lowerASCII(stripParens(p))] {
			continue
		}
		if techWords[lowerASCII(p)] {
			return []string{t} // "Golang/PHP 工程师", "研发工程师C/C++": one title
		}
		if isTitle(p) {
			titled++
		}
		out = append(out, p)
	}
	if len(out) == 1 {
		return out // "前端开发工程师/高级工程师"
	}
	if titled < 2 {
		return []string{t}
	}
	return out
}

// genericTitles name no particular position on their own.
var genericTitles = map[string]bool{"研发工程师": true, "开发工程师": true, "技术专家": true, "专家": true, "工程师": true}

// allGeneric reports "研发工程师/技术专家": a list of generic titles only.
func allGeneric(t string) bool {
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '/' || r == '／' })
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if !genericTitles[strings.TrimSpace(p)] {
			return false
		}
	}
	return true
}

// cutDirection removes a direction written after a dash:
// "高级开发工程师-基础架构微服务方向" → "高级开发工程师".
func cutDirection(t string) string {
	if !strings.HasSuffix(t, "方向") {
		return t
	}
	if i := strings.LastIndexAny(t, "-—– "); i > 0 && isTitle(strings.TrimSpace(t[:i])) {
		return strings.TrimSpace(t[:i]) // "Go研发工程师 大数据方向"
	}
	return t
}

// cutPlaceNote removes a trailing bracket that holds only places and
// returns them: "Golang 工程师（广州/上海）" → "Golang 工程师", [广州 上海].
func cutPlaceNote(t string) (string, []string) {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}, {"【", "】"}, {"[", "]"}} {
		if !strings.HasSuffix(t, p[1]) {
			continue
		}
		i := strings.LastIndex(t, p[0])
		if i <= 0 {
			continue
		}
		inner := t[i+len(p[0]) : len(t)-len(p[1])]
		if hasPlace(inner) && placeOrNoise(inner) {
			cs := citiesIn(inner, true)
			cs = appendUnique(cs, abbreviatedCities(inner)...)
			return strings.TrimSpace(t[:i]), cs
		}
	}
	return t, nil
}

// stripLocNote is cutPlaceNote's text alone.
func stripLocNote(t string) string {
	s, _ := cutPlaceNote(t)
	return s
}

// inlineTitles reads the items of an inline list of positions:
// "1、Java开发工程师（架构师）；2、前端开发工程师；3、DBA", "后端、算法、产品、数据等等".
// It returns nothing unless most items are titles.
func inlineTitles(s string) []string {
	s = strings.TrimSpace(s)
	// "3D特效师      3D动画师      游戏UI": items set apart by spaces
	s = wideGap.ReplaceAllString(s, "、")
	if i := strings.IndexAny(s, "。！!"); i >= 0 {
		s = s[:i]
	}
	var items []string
	for _, part := range splitOutsideParens(s, "；;、，,") {
		part = listItemNumber.ReplaceAllString(strings.TrimSpace(part), "")
		part = strings.TrimSpace(part)
		for _, suf := range []string{"等等", "等岗位", "等职位", "等"} {
			part = strings.TrimSuffix(part, suf)
		}
		part = cutAtEnd(reqCode, part)
		if part == "" {
			continue
		}
		items = append(items, part)
	}
	if len(items) == 0 {
		return nil
	}
	var out []string
	titled := 0
	for _, it := range items {
		if isTitle(stripParens(it)) {
			titled++
		}
	}
	for _, it := range items {
		it = strings.TrimSpace(strings.TrimRight(it, "…."))
		if 2*titled >= len(items) && len(items) >= 3 && !isTitle(stripParens(it)) {
			// most items are titles: the short others are positions too
			// ("信息安全", "数据分析", "广告投放")
			if n := utf8.RuneCountInString(it); n >= 2 && n <= 10 && !looksLikeSentence(it) && !isNoise(it) && plausibleTitle(it) {
				out = appendUnique(out, it)
			}
			continue
		}
		it = cutAtEnd(headCount, it)
		it = strings.TrimSpace(strings.TrimRight(it, "0123456789人名位个（()）"))
		if (isTitle(it) || isTitle(stripParens(it))) && plausibleTitle(it) && runesAtMost(it, 30) {
			if c := cleanTitle(it); c != "" {
				out = appendUnique(out, c)
			}
		}
	}
	if 2*len(out) < len(items) {
		// "前端、客户端、服务端、引擎，游戏、有道、严选…各个事业部": the list
		// ends at the first comma
		if i := strings.IndexAny(s, "，,"); i > 0 && strings.Contains(s[:i], "、") {
			return inlineTitles(s[:i])
		}
		return nil
	}
	return out
}

// wideGap matches a run of two or more spaces (no-break spaces too).
var wideGap = regexp.MustCompile(`[ \t\x{00a0}\x{3000}]{2,}`)

// stripParens removes parenthesised notes: "后端开发（Golang）" → "后端开发".
func stripParens(s string) string {
	if !containsAnyRune(s, "(（") {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(parenGroup.ReplaceAllString(s, ""))
}

// trailingCount matches a head count after a title: "产品经理2人", "后端工程师7人".
var trailingCount = regexp.MustCompile(`\s?\d{1,2}\s?[人名位]$`)

// cutLongNote removes a trailing bracketed note that is not part of the
// title: a sentence ("(技术开发岗能看英文文档即可.)") or numbers ("(15+1+2)").
// Short notes stay: "（架构师）", "（Cloud运营后台）".
func cutLongNote(t string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if !strings.HasSuffix(t, p[1]) {
			continue
		}
		i := strings.LastIndex(t, p[0])
		if i <= 0 {
			continue
		}
		inner := t[i+len(p[0]) : len(t)-len(p[1])]
		if !runesAtMost(inner, 12) || !strings.ContainsFunc(inner, func(r rune) bool { return r > '9' && r != '+' }) ||
			containsAnyRune(inner, "。.，,") && !runesAtMost(inner, 6) {
			return strings.TrimSpace(t[:i])
		}
	}
	return t
}

// splitOutsideParens splits s at any of seps that is not inside brackets:
// "后端开发（Golang）、Android开发" → "后端开发（Golang）", "Android开发".
func splitOutsideParens(s, seps string) []string {
	var out []string
	depth := 0
	last := 0
	for i, r := range s {
		switch r {
		case '(', '（', '[', '【':
			depth++
		case ')', '）', ']', '】':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 && strings.ContainsRune(seps, r) {
				out = append(out, s[last:i])
				last = i + utf8.RuneLen(r)
			}
		}
	}
	return append(out, s[last:])
}

// introLabel matches the label of a list of positions written in running
// text: "我司常招岗位：", "社招急聘：", "在招T0岗位：", "技术研发类：", "其他岗位也可内推，".
var introLabel = regexp.MustCompile(`(?:岗位|职位|急聘|热招|急招|主招|在招|开放|招聘|招人|类|岗位有|职位有|内推)[^：:，,。]{0,4}?[：:，,]|(?:岗位|职位)(?:有|如下)|团队[：:]`)

// introLabelAt is introLabel anchored at the start, and introStarts the
// words its matches open with: leftmostAt tries it where those stand
// instead of at every position of a long line.
var (
	introLabelAt = regexp.MustCompile(`^(?:` + introLabel.String() + `)`)
	introStarts  = newLitSet("岗位", "职位", "急聘", "热招", "急招", "主招", "在招", "开放", "招聘", "招人", "类", "内推", "团队")
)

// leftmostAt returns the leftmost match in s of the expression whose
// anchored form is at and whose matches open with a word of starts, as
// FindStringIndex of the unanchored one would.
func leftmostAt(at *regexp.Regexp, starts *litSet, s string) []int {
	for off := 0; off < len(s); {
		i := starts.index(s[off:])
		if i < 0 {
			return nil
		}
		i += off
		if loc := at.FindStringIndex(s[i:]); loc != nil {
			return []int{i + loc[0], i + loc[1]}
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		off = i + w
	}
	return nil
}

// introPre are the words a title label or introLabel needs (labelOf's title
// labels are among them or end in them).
var introPre = newLitSet("岗位", "职位", "急聘", "热招", "急招", "主招", "在招", "开放", "招聘", "招人", "类", "内推", "团队",
	"职缺", "職缺", "方向", "岗", "title", "role", "position", "hiring", "opening", "招")

// introNeeds are the words introLabel cannot match without.
var introNeeds = newLitSet("岗位", "职位", "急聘", "热招", "急招", "主招", "在招", "开放", "招聘", "招人", "类", "内推", "团队")

// introList reads an inline list of positions after its label. ok reports
// that the line was such a list, even when none of its items is a title.
func introList(t string, inDuty bool) ([]string, bool) {
	if !introPre.in(lowerASCII(t)) {
		return nil, false // neither a title label nor introLabel can match
	}
	if k, v, ok := labelOf(t); ok {
		if k != labelTitle || v == "" {
			return nil, false
		}
		return inlineTitles(v), true
	}
	if inDuty {
		return nil, false
	}
	if !introNeeds.in(t) {
		return nil, false
	}
	loc := leftmostAt(introLabelAt, introStarts, t)
	if loc == nil {
		return nil, false
	}
	label := t[:loc[1]]
	if fieldHead.MatchString(strings.TrimRight(label, "：:，, ")) {
		return nil, false // "客户类型：To B 端"
	}
	// "我司常招岗位：" may come late in a sentence; a category ("技术研发类：")
	// or a verb ("社招急聘：") opens the line
	if !strings.Contains(label, "岗位") && !strings.Contains(label, "职位") && !runesAtMost(t[:loc[0]], 8) {
		return nil, false
	}
	for _, w := range []string{"职责", "要求", "描述", "介绍", "亮点", "福利", "地点", "城市", "名称", "级别", "链接", "方式", "流程"} {
		if strings.Contains(label, w) {
			return nil, false
		}
	}
	items := inlineTitles(t[loc[1]:])
	if len(items) == 0 && strings.Contains(label, "类") {
		// "安全技术类： 应用运维安全": a category of positions names them
		items = lenientItems(t[loc[1]:])
	}
	return items, len(items) > 0
}

// lenientItems accepts every short item of a list that a label says
// holds positions.
func lenientItems(s string) []string {
	var out []string
	for _, it := range splitOutsideParens(s, "；;、，,") {
		it = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(it), "…."))
		if n := utf8.RuneCountInString(it); n >= 2 && n <= 12 && !looksLikeSentence(it) && !isNoise(it) {
			out = append(out, it)
		}
	}
	return out
}

// bareList reads a line that is only a list of positions, without a label:
// "[AI基础软件设计、AI计算及通用计算库、AI生态应用开发](…)", "产品、测试、后端".
// Most items must be roles, not technologies ("Java、Go、Python" is a stack).
func bareList(l line, t string) []string {
	if !containsAnyRune(t, "、") || containsAnyRune(t, "。；;！!？?") || !runesAtMost(t, 60) {
		return nil
	}
	items := splitOutsideParens(t, "、，,")
	if len(items) < 2 {
		return nil
	}
	var out []string
	for _, it := range items {
		it = strings.TrimSpace(it)
		for _, suf := range []string{"等等", "等岗位", "等职位", "等"} {
			it = strings.TrimSuffix(it, suf)
		}
		if isTitle(stripParens(it)) && !techWords[lowerASCII(it)] && plausibleTitle(it) {
			out = append(out, cleanTitle(it))
		}
	}
	if 3*len(out) < 2*len(items) {
		return nil
	}
	return out
}

// notPosition matches items of a position list that are not positions:
// "相关链接", "详情见官网", "联系方式".
var notPosition = regexp.MustCompile(`链接|详情|联系|投递|邮箱|简历|官网|网址|地址|福利|待遇|薪资|面试|流程|要求|介绍|简介`)

// Junk taken for a title: contact lines ("发送邮件到 <email>", "加微信 xxx"),
// links ("申请Node.js职位"), openers of a remark ("另有移动端开发", "比如产品经理",
// "新增manager"), words about the list ("数据挖掘等岗位均", "亚洲技术团队职位",
// "特别是："), dates ("7月 6月"), a place ("Base 上海"). Literal lists, not a
// regular expression: the check runs on every title found.
var (
	junkIn = []string{"<email>", "<phone>", "http:", "https:", "加微信", "微信号", "微信：", "微信:", "邮件", "邮箱", "：", ":", "协作", "協作",
		"主要职责", "岗位职责", "工作地点", "人数", "·社招", "·校招", "·实习", "·全职", "年以上", "年及以上", "年经验"}
	junkStart = []string{"另有", "还有", "比如", "例如", "包括", "申请", "新增", "加入", "发送", "加", "也", "欢迎", "特别是",
		"其他", "其它", "提供", "提升", "优化", "带队", "有较强", "目前", "按照"}
	junkEnd = []string{"岗位均", "职位", "岗位", "名额", "不限", "招满", "加入", "文化", "直招", "均有hc", "也招聘", "也招", "招聘", "都在"}
)

// junkTitle reports a title that is junk; low is the title lower-cased.
func junkTitle(low string) bool {
	for _, w := range junkIn {
		if strings.Contains(low, w) {
			return true
		}
	}
	for _, w := range junkStart {
		if strings.HasPrefix(low, w) {
			return true
		}
	}
	for _, w := range junkEnd {
		if strings.HasSuffix(low, w) {
			return true
		}
	}
	// "base 上海", "7月 6月", "（intern"
	if rest, ok := strings.CutPrefix(low, "base"); ok && (rest == "" || !normalize.IsWordByte(rest[0])) {
		return true
	}
	if i := strings.Index(low, "月"); i > 0 && i <= 2 && strings.Trim(low[:i], "0123456789") == "" {
		if rest := low[i+len("月"):]; rest == "" || rest[0] == ' ' {
			return true
		}
	}
	// "22k内": pay left from a line
	if payLeft.MatchString(low) {
		return true
	}
	return (strings.HasPrefix(low, "（") || strings.HasPrefix(low, "(")) && !containsAnyRune(low, "）)")
}

// payLeft matches a piece that is only pay: "22k内", "30w+".
var payLeft = regexp.MustCompile(`^[\d.~\-+]+\s?[kw万千]\S{0,2}$`)

// numberLeft matches a list number left before a title: "2 、后端开发",
// "7 SPBU-NLP算法工程师" (not "3D特效师").
var numberLeft = regexp.MustCompile(`^\d{1,2}\s*(?:[、.．]\s*|\s+)`)

// splitTitleList splits a title that is a list: "高级前端、资深前端、前端专家",
// "服务器研发/算法/客户端研发/前端研发/数据分析师" (three or more slashed
// items, most of them titles).
func splitTitleList(t string) []string {
	t = strings.Trim(t, "/／、 ")
	if wideGap.MatchString(strings.TrimSpace(t)) {
		t = wideGap.ReplaceAllString(strings.TrimSpace(t), "、") // "3D特效师      3D动画师"
	}
	if strings.Contains(t, "、") {
		var out []string
		for _, it := range splitOutsideParens(t, "、") {
			if it = strings.TrimSpace(it); it != "" {
				out = append(out, it)
			}
		}
		return out
	}
	parts := splitOutsideParens(t, "/／")
	if len(parts) < 3 {
		return []string{t}
	}
	titled := 0
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" || techWords[lowerASCII(p)] || runesAtMost(p, 1) {
			return []string{t} // "C/C++/Go 工程师"
		}
		if isTitle(p) {
			titled++
		}
	}
	if 2*titled < len(parts) {
		return []string{t}
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// keepTitles drops junk titles and places taken for titles, removes list
// numbers and the company's own name before a title ("微步在线前端",
// "字节教育后端研发": the company is a field of its own), and splits
// titles that are lists.
func keepTitles(ts []string, company, team string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range ts {
		if t != "" && t[0] >= '0' && t[0] <= '9' {
			t = strings.TrimSpace(numberLeft.ReplaceAllString(t, ""))
		}
		t = strings.TrimSpace(cutAtEnd(parenCount, t))
		for _, it := range splitTitleList(t) {
			it = cutTranslation(cutOwnName(it, company, team))
			if it == "" || junkTitle(lowerASCII(it)) || onlyPlaces(it) || runesAtMost(it, 1) && !isASCIIWord(it) ||
				unbalanced(it) {
				continue
			}
			// "C端前端" and "C 端前端" are one title
			k := lowerASCII(strings.Join(strings.Fields(it), ""))
			if !seen[k] {
				seen[k] = true
				out = append(out, it)
			}
		}
	}
	return out
}

// parenCount matches a head count in brackets after a title: "C端产品经理 （2位）".
var parenCount = regexp.MustCompile(`\s*[（(]\s*\d{1,3}\s*[位人名个]?\s*[）)]$`)

// unbalanced reports a closing bracket without its opening one: "Go）",
// an item cut out of "后端工程师（PHP、Python、Go）".
func unbalanced(t string) bool {
	depth := 0
	for _, r := range t {
		switch r {
		case '(', '（':
			depth++
		case ')', '）':
			if depth--; depth < 0 {
				return true
			}
		}
	}
	return false
}

// cutTranslation keeps the Chinese title of a bilingual one:
// "前端研发工程师 Front-end Engineer" → "前端研发工程师".
func cutTranslation(t string) string {
	i := strings.LastIndexFunc(t, func(r rune) bool { return r >= utf8.RuneSelf })
	if i < 0 {
		return t
	}
	_, w := utf8.DecodeRuneInString(t[i:])
	head, tail := strings.TrimSpace(t[:i+w]), strings.TrimSpace(t[i+w:])
	if strings.HasPrefix(t[i+w:], " ") && strings.Contains(tail, " ") && isTitle(head) && isTitle(tail) && !containsAnyRune(tail, "()（）") {
		return head
	}
	return t
}

// cutOwnName removes the company or its team written before a title:
// "Lazada-Java Engineer", "猫眼前端", "滴滴 Web 前端开发工程师".
func cutOwnName(t, company, team string) string {
	// "社招-懂车帝-前端开发工程师": a kind of hiring and an employer's
	// name, each before a dash
	for {
		i := strings.IndexAny(t, "-—–")
		if i <= 0 {
			break
		}
		head := strings.TrimSpace(t[:i])
		rest := strings.TrimSpace(strings.TrimLeft(t[i:], "-—– "))
		if rest == "" || !isTitle(rest) || !(isNoise(head) || head == "外包" || knownEmployer(head) || head == company || head == team) {
			break
		}
		t = rest
	}
	for _, name := range []string{company + team, company, team, brandPrefix(company)} {
		if name == "" || !strings.HasPrefix(t, name) {
			continue
		}
		rest := strings.TrimSpace(strings.TrimLeft(t[len(name):], " -—–·|｜:："))
		if rest != "" && isTitle(rest) {
			return rest
		}
	}
	return t
}

// cutAtEnd removes the match of re, a pattern anchored at the end ($) of a
// few characters, from the end of s. It runs re on the last bytes only: a
// regular expression ending in $ is otherwise tried at every position of a
// long line.
func cutAtEnd(re *regexp.Regexp, s string) string {
	// every pattern cut this way ends in a digit, a closing bracket or a
	// counting word, before any trailing space
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, " \t"))
	if !(r >= '0' && r <= '9') && !strings.ContainsRune(")）人名位", r) {
		return s
	}
	i := max(0, len(s)-48)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + re.ReplaceAllString(s[i:], "")
}
