package freetext

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headInfo is what one heading line says.
type headInfo struct {
	company   string
	companies []string // company candidates, best first (see rank)
	cands     []candidate
	titles    []string
	cities    []string
	weak      []string // cities read from a registered name (上海碳衡科技有限公司): where it is registered, maybe not where it hires
	salary    string
	remote    bool
	structure int    // how many parts were recognised (title, city, salary, hiring word)
	rank      int    // the rank of company, when there is one
	src       string // the heading as parsed; every title and company is a piece of it
}

// candidate is a segment that may name the company.
type candidate struct {
	name string
	rank int // rankKnown, rankUnknown or rankGeneric
}

// Candidates are ranked: a segment that looks like a company by itself (a
// legal or unit suffix, a known employer) beats an unrecognised segment,
// which beats a description ("全球领先的金融科技公司"). Unrecognised segments
// count only in a heading whose other parts were recognised, so that
// "各位抱歉，插个队" yields no company.
const (
	rankLegal   = iota // a registered name: 杭州硅基互联科技有限公司
	rankKnown          // a known employer, or a name ending in 公司/集团/科技/银行…
	rankBracket        // an unrecognised word a poster put in 【】
	rankWeak           // a name ending in a word products share: 软件, 网络, 信息, 智能
	rankUnknown        // an unrecognised word
	rankUnit           // a unit with no company: 储能部门, 研发团队, EE技术研发中心
	rankGeneric        // a description: 硅谷初创公司
)

// segment is a piece of a heading between separators, or the content of a
// bracket group.
type segment struct {
	text    string
	bracket rune // '[' for 【】/[]/「」 groups, '(' for parentheses, 0 for plain text
}

var levelCode = regexp.MustCompile(`(?i)(?:^|[^a-z])([pt]\d{1,2}(?:\s?[-~/+]\s?[pt]?\d{1,2})?(?:\s?(?:起|以上|及以上|\+))?)`)

// parseHeading reads a heading such as "【武汉】【Talkdesk】音视频业务前端开发工程师 20-30k".
// strong says the line is set apart as a heading (#, bold), which lets an
// unrecognised segment stand for the company.
// describedLatin matches a description ending in a word for a kind of
// business, then a Latin name.
var describedLatin = regexp.MustCompile(`^(\S*\p{Han}\S*(?:软件|平台|公司|企业|项目|工具|产品|系统|服务商|厂商|独角兽|初创))\s+([A-Za-z][\w.&-]*(?: [A-Za-z][\w.&-]*){0,2})$`)

// fieldList matches four or more slashed items ending in a title after 等:
// "linux内核/安全/浏览器内核/图形/系统框架/Qt/多媒体/Camera等操作系统专家".
var fieldList = regexp.MustCompile(`(?:[^/\s|【】\[\]]{1,12}/){3,}[^/\s|【】\[\]]{1,12}?(?:等|\s+)([^/\s|【】\[\]]{2,16})`)

// letterEnd matches "C 端", "B 端" written with a space.
var letterEnd = regexp.MustCompile(`\b([A-Za-z])\s+端`)

func parseHeading(text string, strong bool) headInfo {
	var h headInfo
	t := strings.TrimSpace(stripDecoration(text))
	if t == "" {
		return h
	}
	if strings.Contains(t, "http") || strings.Contains(t, "www.") || strings.Contains(t, ".com") {
		t = urlRe.ReplaceAllString(t, " | ")
		t = domainRe.ReplaceAllString(t, " | ")
	}
	if s := findSalary(t, false); s != "" {
		h.salary = s
		h.structure++
		t = strings.Replace(t, s, " | ", 1)
	}
	// "拼多多 C 端前端": "C 端", "B 端" is one word
	if strings.Contains(t, "端") {
		t = letterEnd.ReplaceAllString(t, "${1}端")
	}
	// "linux内核/安全/浏览器内核/图形/…等操作系统专家": the fields of a
	// position, listed before it, name no company
	var loc []int
	if strings.Count(t, "/") >= 3 { // what fieldList needs
		loc = fieldList.FindStringSubmatchIndex(t)
	}
	if loc != nil {
		if last := t[loc[2]:loc[3]]; isTitle(last) || strings.HasSuffix(last, "人才") {
			if isTitle(last) {
				h.addTitle(last)
			}
			t = t[:loc[0]] + " | " + t[loc[1]:]
		}
	}
	h.src = t
	for _, seg := range splitSegments(t) {
		if seg.bracket == '[' {
			strong = true
		}
		h.classify(seg)
	}
	accept := strong || h.structure > 0
	for rank := rankLegal; rank <= rankUnit; rank++ {
		if rank >= rankUnknown && !accept {
			break
		}
		for _, c := range h.cands {
			if c.rank == rank {
				h.companies = appendUnique(h.companies, c.name)
			}
		}
	}
	if len(h.companies) > 0 {
		h.company = h.companies[0]
		h.rank = rankGeneric
		for _, c := range h.cands {
			if cleanCompany(c.name) == h.company || c.name == h.company {
				h.rank = min(h.rank, c.rank)
			}
		}
	}
	return h
}

// domainRe matches a bare domain name ("toutiao.com/s/…", "careers.tencent.com").
var domainRe = regexp.MustCompile(`(?i)(?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\.(?:com|cn|net|org|io|ai)(?:/\S*)?|(?://)?[a-z0-9-]+\.(?:com|cn|net|org|io|ai)/\S*`)

// splitSegments cuts a heading at its separators and bracket groups.
// A parenthesised note stays with the words it follows ("CITRIX（思杰）",
// "前端开发工程师（架构师）") unless it only gives places or noise
// ("袋鼠云（Base 杭州）"); a place inside a name ("无码科技（杭州）有限公司")
// stays too.
func splitSegments(t string) []segment {
	var segs []segment
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			segs = append(segs, segment{text: s})
		}
		cur.Reset()
	}
	rs := []rune(t)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if closeR, kind := bracketPair(r); kind != 0 {
			if j := findClose(rs, i, r, closeR); j > i {
				inner := strings.TrimSpace(string(rs[i+1 : j]))
				inName := j+1 < len(rs) && (unicode.IsLetter(rs[j+1]) || unicode.IsDigit(rs[j+1])) && cur.Len() > 0
				if kind == '(' && cur.Len() > 0 && (inName || !hasPlace(inner) && !placeOrNoise(inner)) {
					cur.WriteString(string(rs[i : j+1]))
				} else {
					flush()
					if inner != "" {
						segs = append(segs, segment{text: inner, bracket: kind})
					}
				}
				i = j
				continue
			}
			flush() // an unmatched bracket separates
			continue
		}
		if isSeparator(rs, i) {
			flush()
			continue
		}
		cur.WriteRune(r)
	}
	flush()
	return segs
}

func hasPlace(s string) bool {
	return len(cities.find(s, true)) > 0 || abbreviatedCities(s) != nil
}

func bracketPair(r rune) (rune, rune) {
	switch r {
	case '【':
		return '】', '['
	case '[':
		return ']', '['
	case '［':
		return '］', '['
	case '「':
		return '」', '['
	case '『':
		return '』', '['
	case '〔':
		return '〕', '['
	case '《':
		return '》', '['
	case '<':
		return '>', '['
	case '(':
		return ')', '('
	case '（':
		return '）', '('
	}
	return 0, 0
}

func findClose(rs []rune, i int, open, close rune) int {
	depth := 0
	for j := i; j < len(rs) && j < i+200; j++ {
		switch rs[j] {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func asciiAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isSeparator reports whether rs[i] separates heading segments. A slash
// or "、" without spaces around it lists alternatives ("前端/后端",
// "北京、上海") and is left to the list splitter.
func isSeparator(rs []rune, i int) bool {
	r := rs[i]
	prev, next := rune(0), rune(0)
	if i > 0 {
		prev = rs[i-1]
	}
	if i+1 < len(rs) {
		next = rs[i+1]
	}
	switch r {
	case '|', '｜', '¦', '—', '–', '―', '─', '，', ',', '；', ';', '：', '\t', '丨', '•', '!', '！', '?', '？', '。', '~', '～', '>', '=', '@', '#':
		if r == ',' && unicode.IsDigit(prev) && unicode.IsDigit(next) {
			return false
		}
		return true
	case '·':
		return !(asciiAlnum(prev) && asciiAlnum(next))
	case '/', '／':
		return unicode.IsSpace(prev) || unicode.IsSpace(next)
	case ':':
		return !(unicode.IsDigit(prev) && unicode.IsDigit(next))
	case '-', '+', '_':
		// "Node.js", "C++", "Wi-Fi", "P6-P7" keep their signs; "字节跳动-杭州"
		// and "内推 ---- 趋势科技" split.
		if r == '-' && (prev == '-' || next == '-') {
			return true
		}
		if asciiAlnum(prev) && asciiAlnum(next) || prev == r || next == r || (r == '+' && (prev == '+' || asciiAlnum(prev))) {
			return false
		}
		return r != '_'
	case ' ', '\u3000', '\u00a0':
		// two spaces in a row separate; one space does not
		return next == ' ' || next == '\u3000' || next == '\t' || r == '\u3000'
	}
	return false
}

// placeOrNoise reports whether s holds only cities, remote words and noise.
func placeOrNoise(s string) bool {
	if abbreviatedCities(s) != nil {
		return true // "北/上/杭/广"
	}
	return isNoise(replaceLevelCodes(removeCities(s)))
}

func removeCities(s string) string {
	hits := cities.find(s, true)
	if len(hits) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, h := range hits {
		b.WriteString(s[last:h.start])
		b.WriteByte(' ')
		last = h.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// classify files one segment under cities, titles or companies.
func (h *headInfo) classify(seg segment) {
	s := strings.TrimSpace(seg.text)
	if s == "" {
		return
	}
	if abbr := abbreviatedCities(s); abbr != nil {
		h.cities = appendUnique(h.cities, abbr...)
		h.structure++
		return
	}
	if c, ok := bracketCityCodes[s]; ok && seg.bracket != 0 {
		h.cities = appendUnique(h.cities, c) // "[HZ]"
		h.structure++
		return
	}
	// "字节跳动 产品研发与工程架构部 北/上/杭/深 全职/实习"
	if loc := findAbbrRun(s); loc != nil {
		h.cities = appendUnique(h.cities, abbreviatedCities(s[loc[2]:loc[3]])...)
		h.structure++
		h.classify(segment{text: s[:loc[2]], bracket: seg.bracket})
		h.classify(segment{text: s[loc[3]:], bracket: seg.bracket})
		return
	}
	hits := cities.find(s, true)
	if len(hits) > 0 {
		if hasLegalSuffix(s) {
			// a registered name keeps its city: 上海碳衡科技有限公司
			for _, hit := range hits {
				h.weak = appendUnique(h.weak, hit.city)
			}
			h.classifyText(s)
			return
		}
		for _, hit := range hits {
			if hit.city == Remote {
				h.remote = true
			}
			h.cities = appendUnique(h.cities, hit.city)
		}
		h.structure++
		// Cities cut a segment: "北京滴滴" → 滴滴, "CITRIX（思杰）南京研发中心" →
		// CITRIX（思杰） | 研发中心. Districts count: a heading is where
		// posters name places.
		last := 0
		for _, hit := range hits {
			h.classifyText(s[last:hit.start])
			last = hit.end
		}
		h.classifyText(s[last:])
		return
	}
	if seg.bracket != 0 && len(h.titles) > 0 && allTech(splitList(s)) {
		return // "web前端工程师【React/Vue/Angular】": the stack, not more titles
	}
	if seg.bracket == '[' {
		// "【飞猪-大模型应用-高级开发工程师】": a whole heading in brackets.
		if inner := splitSegments(s); len(inner) > 1 {
			for _, in := range inner {
				if in.bracket == 0 {
					in.bracket = seg.bracket // "[上海—坚果云]": still a bracketed name
				}
				h.classify(in)
			}
			return
		}
	}
	if seg.bracket == '[' && !containsAnyRune(s, " /、") {
		// "【Talkdesk】": posters put the company in brackets
		before := len(h.cands)
		h.classifyText(s)
		for i := before; i < len(h.cands); i++ {
			if h.cands[i].rank == rankUnknown {
				h.cands[i].rank = rankBracket
			}
		}
		return
	}
	h.classifyText(s)
}

// classifyText files text that holds no city.
func (h *headInfo) classifyText(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	// "拼多多商家前端 S级紧急社招": noise after the last space is not part
	// of what comes before it
	if i := strings.LastIndexAny(s, " \u3000"); i > 0 {
		if tail := s[i+1:]; isNoise(replaceLevelCodes(tail)) && !isNoise(s[:i]) && !containsAnyRune(s[:i], "/、,，") && !slices.ContainsFunc(unitSuffixes, func(u string) bool { return strings.HasPrefix(tail, u) }) {
			if hiringWord.MatchString(tail) {
				h.structure++
			}
			s = strings.TrimSpace(s[:i])
		}
	}
	if isNoise(replaceLevelCodes(s)) {
		if (strings.Contains(lowerASCII(s), "remote") || strings.Contains(s, "远程")) && !remoteNegRe.MatchString(s) {
			h.remote = true
		}
		if hiringWord.MatchString(s) {
			h.structure++
		}
		return
	}
	// "华为CloudBU招聘高级软件工程师": company before the verb, titles after.
	if left, right, ok := splitVerb(s); ok {
		h.structure++
		if isNoise(left) && !isTitleList(strings.TrimSpace(stripNoise(right))) {
			// "内推 趋势科技中国研发中心": nothing before the verb
			h.classifyText(right)
			return
		}
		right = strings.TrimSpace(stripNoise(right))
		if strings.HasPrefix(right, "（") && strings.HasSuffix(right, "）") || strings.HasPrefix(right, "(") && strings.HasSuffix(right, ")") {
			right = strings.TrimSpace(strings.Trim(right, "（）()")) // "直推（后端&算法）"
		}
		// "前端工程招聘": nothing after the verb, a title before it
		if l := strings.TrimSpace(left); right == "" && !containsAnyRune(l, " \u3000") && isTitle(l) && brandPrefix(l) == "" && !isOrg(l) {
			h.addTitle(strings.TrimSpace(left))
			return
		}
		list := isTitleList(right)
		for _, t := range splitList(right) {
			t = strings.TrimSpace(t)
			if t == "" || isNoise(t) {
				continue
			}
			if list || isTitle(t) {
				h.addTitle(t)
			}
		}
		h.classifyText(trimAdverbs(left))
		return
	}
	items := splitList(s)
	if len(items) > 1 {
		h.classifyList(items)
		return
	}
	h.classifyItem(s)
}

// classifyList files "前端/后端/FPGA", "产品经理/助理", "后端/数据/算法":
// when most items are titles the short others are too. The first item may
// carry the company before a space ("MoeGo 前端/后端") and the last a note
// after one ("测试 初中高级都要").
func (h *headInfo) classifyList(items []string) {
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	if first := items[0]; containsAnyRune(first, " \u3000") {
		if j := strings.LastIndexAny(first, " \u3000"); j > 0 && isTitle(first[j+1:]) && !isTitle(first[:j]) && !levelWord(lastWord(first[:j])) {
			h.classifyItem(first[:j])
			items[0] = strings.TrimSpace(first[j+1:])
		}
	}
	if n := len(items) - 1; containsAnyRune(items[n], " \u3000") {
		last := items[n]
		if j := strings.IndexAny(last, " \u3000"); j > 0 && isTitle(last[:j]) && !isTitle(last[j:]) {
			items[n] = last[:j]
			h.classifyItem(last[j:])
		}
	}
	if describesKind(items) {
		return
	}
	titles, short, other := 0, 0, 0
	for _, it := range items {
		it = strings.TrimSpace(stripNoise(it))
		switch {
		case it == "":
		case isTitle(it):
			titles++
		case runesAtMost(it, 4) && !isOrg(it):
			short++
		default:
			other++
		}
	}
	// "存储、虚拟化、前端、后端、测试、产品": short words among more titles,
	// and nothing else, are areas hired for too
	if titles >= 2 && short <= 1 || titles >= 1 && short == 0 && allTitlesOrNoise(items) || titles > short && other == 0 {
		for _, it := range items {
			if t := strings.TrimSpace(stripNoise(it)); t != "" && !isNoise(t) {
				h.addTitle(t)
			}
		}
		return
	}
	for _, it := range items {
		h.classifyItem(it)
	}
}

// allTech reports a list of technologies: "React/Vue/Angular".
func allTech(items []string) bool {
	for _, it := range items {
		if !techWords[lowerASCII(strings.TrimSpace(it))] {
			return false
		}
	}
	return len(items) > 0
}

var techWords = map[string]bool{
	"react": true, "vue": true, "angular": true, "java": true, "go": true, "golang": true, "python": true, "c++": true, "c#": true,
	"c": true, "php": true, "rust": true, "node": true, "node.js": true, "nodejs": true, "flutter": true, "web": true, "h5": true,
	"unity": true, "ios": true, "android": true, "kotlin": true, "swift": true, "typescript": true, "ts": true, "js": true,
	"javascript": true, "scala": true, ".net": true, "ruby": true, "electron": true, "react native": true, "rn": true, "qt": true,
	"接口": true, "自动化": true, "c端": true, "b端": true, "ai": true, "agent": true, "ml": true, "llm": true,
	"aigc": true, "saas": true, "iot": true, "sre": true, "devops": true, "qa": true, "ui": true, "ux": true, "sdk": true,
	"api": true, "app": true, "web3": true, "nlp": true, "cv": true, "gpu": true, "erp": true, "crm": true,
}

func allTitlesOrNoise(items []string) bool {
	for _, it := range items {
		t := strings.TrimSpace(stripNoise(it))
		if t != "" && !isNoise(t) && !isTitle(t) {
			return false
		}
	}
	return true
}

// classifyItem files one piece of a heading: a title, a company, a
// description or nothing.
func (h *headInfo) classifyItem(s string) {
	s = strings.TrimSpace(s)
	if hasLegalSuffix(s) {
		// "海光信息技术股份有限公司成立于2014年": the name ends at its suffix;
		// "西门子（深圳）磁共振有限公司 .Net软件工程师": a title after it
		if loc := findLegalSuffix(s); loc != nil {
			if rest := strings.TrimSpace(s[loc[1]:]); rest != "" && isTitle(rest) {
				h.addCand(strings.TrimSpace(s[:loc[1]]), rankLegal)
				h.addTitle(rest)
				return
			}
		}
		if c := legalName(s); c != "" {
			h.addCand(c, rankLegal)
		} else {
			h.addCand(s, rankLegal)
		}
		return
	}
	// "量化研究员岗位": the word for "position" is not part of the title
	for _, suf := range []string{"岗位", "职位"} {
		if t, ok := strings.CutSuffix(s, suf); ok && isTitle(t) {
			s = t
		}
	}
	clean := strings.TrimSpace(stripNoise(s))
	if clean == "" || isNoise(clean) {
		if hiringWord.MatchString(s) {
			h.structure++ // "社招/校招": noise, but it says this line is a heading
		}
		return
	}
	// "Kong China 搭建4个月有余", "RingCentral 逆势扩招啦": an English name,
	// then a sentence about it
	if m := leadingName.FindStringSubmatch(clean); m != nil && !isOrg(m[2]) && !isTitle(m[2]) && !techWords[lowerASCII(m[1])] &&
		(looksLikeSentence(m[2]) || containsAnyRune(m[2], "0123456789") || isNoise(m[2]) || hiringWord.MatchString(m[2])) {
		if hiringWord.MatchString(m[2]) {
			h.structure++
		}
		h.addCand(m[1], rankUnknown)
		return
	}
	// "淘天集团交易终端团队2026应届校招": the class year is not part of the name
	if loc := findTrailingYear(clean); loc != nil && !runesAtMost(clean[:loc[0]], 1) {
		clean = strings.TrimSpace(clean[:loc[0]])
	}
	// "全球领先的金融科技公司 Airwallex", "开源项目 Colossal-AI": a
	// description, then the name.
	if m := describedNameMatch(clean); m != nil && isGeneric(m[1]) && !isNoise(m[2]) {
		h.addCand(m[2], rankKnown)
		return
	}
	if m := describedName2.FindStringSubmatch(clean); m != nil && !isNoise(m[2]) {
		h.addCand(m[2], rankKnown)
		return
	}
	// "区块链创业公司 everFinance 前端岗位": a description, then the rest
	// of the heading, read on its own
	if m := describedRest.FindStringSubmatch(clean); m != nil && isGeneric(m[1]) {
		h.addCand(m[1], rankGeneric)
		h.classifyItem(m[2])
		return
	}
	// "和金数据一起，做最好的在线表单产品"
	if inner, ok := strings.CutSuffix(clean, "一起"); ok {
		for _, p := range []string{"和", "与", "跟"} {
			if name, ok := strings.CutPrefix(inner, p); ok && name != "" && !looksLikeSentence(name) {
				h.addCand(name, rankUnknown)
				return
			}
		}
	}
	// "加入Plaud AI：用算法重新定义…", "欢迎各位达人加入（字节）抖音生活服务达人团队"
	if i := strings.Index(clean, "加入"); i >= 0 && (i == 0 || greeting.MatchString(clean[:i]) || strings.HasPrefix(clean, "欢迎")) {
		if name := strings.TrimSpace(clean[i+len("加入"):]); name != "" && !isNoise(name) && (!looksLikeSentence(name) || brandPrefix(stripLeadingParen(name)) != "") {
			h.addCand(name, rankUnknown)
			return
		}
	}
	// "Conflux 的故事"
	if name, ok := strings.CutSuffix(clean, "的故事"); ok && strings.TrimSpace(name) != "" {
		h.addCand(name, rankKnown)
		return
	}
	// "图虫研发，长沙招募中", "慧算账研发广州平台": a name and its R&D
	if name, ok := strings.CutSuffix(clean, "研发"); ok && !runesAtMost(name, 1) && !isTitle(name) {
		if b := brandPrefix(name); b != "" || !hasDomainWord(name) {
			h.addCand(name, rankUnknown)
			return
		}
	}
	if isTitle(clean) && !isOrgUnit(clean) {
		// "希沃 seewo Android系统工程师", "MoeGo 前端工程师": a name in front of
		// the title, set off by a space.
		if pre, title, ok := splitNameTitle(clean); ok {
			h.classifyItem(pre)
			h.addTitle(title)
			return
		}
		// "腾讯游戏流量中台后台开发工程师": a known employer in front of a title.
		if b := brandPrefix(clean); b != "" && len(b) < len(clean) && !isTitle(b) {
			h.addCand(b, rankKnown)
		}
		// "klook前端工程师": an English name glued to a Chinese title
		if m := asciiNameTitle.FindStringSubmatch(clean); m != nil && !techWords[lowerASCII(m[1])] && !isTitle(m[1]) && isTitle(m[2]) && !orgWordIn.MatchString(m[2]) {
			h.addCand(m[1], rankUnknown)
			h.addTitle(m[2])
			return
		}
		// "Solara云数科技游戏电商团队前后端": a unit, then the titles
		if org, title, ok := splitOrgTitle(clean); ok {
			h.classifyItem(org)
			h.addTitle(title)
			return
		}
		h.addTitle(clean)
		return
	}
	// "ZOOM介绍", "Apifox 介绍": a section about the company names it.
	for _, suf := range []string{"介绍", "简介"} {
		if strings.HasSuffix(clean, suf) {
			name := strings.TrimSpace(strings.TrimSuffix(clean, suf))
			if name != "" && !isSectionHeading(clean) && !isNoise(name) {
				h.addCand(name, rankKnown)
			}
			return
		}
	}
	if looksLikeSentence(clean) {
		if b := brandPrefix(clean); b != "" {
			h.addCand(b, rankKnown)
		} else {
			// "急招 安徽无攸科技公司 致力于研发…": a name, then a sentence about it
			for _, w := range strings.Fields(clean) {
				if isNoise(w) {
					continue
				}
				if isOrg(w) && !isGeneric(w) && !isDescription(w) && runesAtMost(w, 16) {
					h.addCand(w, rankKnown)
				}
				break
			}
		}
		return
	}
	switch {
	case isGeneric(clean) || isDescription(clean):
		h.addCand(clean, rankGeneric)
	case isBareUnit(clean):
		h.addCand(clean, rankUnit)
	case weakOrg(clean):
		h.addCand(clean, rankWeak)
	case isOrg(clean):
		// "大疆内部研发推荐": a known employer followed by words that are not
		// part of a name is the employer.
		if b := brandPrefix(clean); b != "" && b != clean && !endsLikeOrg(clean) &&
			(containsAnyRune(clean[len(b):], "的内部推荐主战大量急目前超多") || strings.HasPrefix(clean[len(b):], " ")) {
			h.addCand(b, rankKnown)
			return
		}
		h.addCand(clean, rankKnown)
	case strings.Contains(clean, "的"):
		// "优秀的团队", "欢迎西安的或要来…": a description
	case strings.Contains(beforeParen(clean), "岗位") || strings.Contains(beforeParen(clean), "职位"):
		// "测试有残疾人岗位": about the positions, not a name
	case knownWordIn(clean) != "":
		// "Happy Birthday to Klook": a known employer among English words
		h.addCand(knownWordIn(clean), rankKnown)
	case containsAnyRune(firstRune(clean), "不没无很超") || strings.HasPrefix(clean, "包括") || strings.HasPrefix(clean, "包含") || strings.HasPrefix(clean, "以及"):
		// "不缺钱", "不受国内影响": a remark
	default:
		h.addCand(clean, rankUnknown)
	}
}

var asciiNameTitle = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]{2,20})(\p{Han}.*)$`)

// orgWordIn finds a company word inside a name: "Solara云数科技游戏电商团队".
var orgWordIn = regexp.MustCompile(`科技|公司|集团|网络|信息|团队|部门|事业部`)

// splitOrgTitle splits a unit name from titles glued after it:
// "Solara云数科技游戏电商团队前后端" → "Solara云数科技游戏电商团队", "前后端".
func splitOrgTitle(s string) (org, title string, ok bool) {
	for _, suf := range []string{"团队", "部门", "事业部", "事业群", "公司", "集团", "科技"} {
		i := strings.LastIndex(s, suf)
		if i <= 0 {
			continue
		}
		org, title = s[:i+len(suf)], s[i+len(suf):]
		if title != "" && isTitle(title) && !runesAtMost(org, 3) {
			return org, title, true
		}
	}
	return "", "", false
}

var leadingName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9.&\-]*(?: [A-Za-z0-9.&\-]+){0,3})\s+(\p{Han}.*)$`)

func firstRune(s string) string {
	_, w := utf8.DecodeRuneInString(s)
	return s[:w]
}

// weakOrg reports a name whose only company word is one that product and
// field names share ("协同办公工具软件", "移动互联网"), without a known brand.
func weakOrg(s string) bool {
	if brandPrefix(s) != "" || hasLegalSuffix(s) {
		return false
	}
	for _, suf := range orgSuffixes {
		if hasSuffixFold(s, suf) && len(s) > len(suf) {
			switch suf {
			case "软件", "网络", "信息", "智能", "AI", ".ai", ".io", ".com", "Tech", "Technology", "Technologies":
				return true
			}
			return false
		}
	}
	return false
}

// describedName splits "全球领先的金融科技公司 Airwallex" into the
// description and the name.
var describedName = regexp.MustCompile(`^(.{2,30}(?:公司|企业|独角兽|集团|机构|团队|项目|厂商|平台|交易所|大厂))\s*[-—–:：]*\s*([A-Za-z][\w.\- ]{1,30}|[^\s]{2,12})$`)

// describedRest splits a description ending in a word for a business from
// what follows it after a space.
var describedRest = regexp.MustCompile(`^(\S{2,20}(?:公司|企业|团队|平台|项目|独角兽|初创))\s+(\S.*)$`)

// describedName2 splits "全球第一的在线旅游OTA Booking.com" into a
// description ending in 的… and an English name.
var describedName2 = regexp.MustCompile(`^(.{2,30}的\S*)\s+([A-Za-z][\w.\-]{1,30}(?: [A-Z][\w.\-]{1,20}){0,2})$`)

// endsLikeOrg reports a name ending in a company or unit word (the brand
// list aside).
func endsLikeOrg(s string) bool {
	for _, suf := range orgSuffixes {
		if hasSuffixFold(s, suf) && len(s) > len(suf) {
			return true
		}
	}
	return false
}

// splitNameTitle splits "希沃 seewo Android系统工程师" into a name and a
// title at a space, where the part before is no title and does not end in a
// level ("资深 Python 爬虫工程师" stays whole), and never between two
// English words ("Senior Software Engineer").
func splitNameTitle(s string) (name, title string, ok bool) {
	words := strings.Fields(s)
	if len(words) < 2 {
		return "", "", false
	}
	for k := 1; k < len(words); k++ {
		pre := strings.Join(words[:k], " ")
		rest := strings.Join(words[k:], " ")
		a, _ := utf8.DecodeLastRuneInString(words[k-1])
		b, _ := utf8.DecodeRuneInString(words[k])
		if a < utf8.RuneSelf && b < utf8.RuneSelf {
			continue
		}
		if !isTitle(strings.TrimSuffix(rest, "岗位")) || isTitle(pre) || levelWord(words[k-1]) || isNoise(pre) {
			continue
		}
		return pre, rest, true
	}
	return "", "", false
}

func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// levelWord reports the seniority words that begin titles.
func levelWord(w string) bool {
	switch lowerASCII(strings.Trim(w, "()（）")) {
	case "高级", "资深", "初级", "中级", "中高级", "初中级", "初中高级", "首席",
		"senior", "junior", "sr", "sr.", "jr", "jr.", "staff", "principal", "chief":
		return true
	}
	return false
}

// isOrgUnit reports a company unit that happens to end like a title word
// ("阿里巴巴淘宝前端技术部行业与工作台团队" ends in 团队).
func isOrgUnit(s string) bool {
	for _, suf := range []string{"团队", "部门", "事业部", "事业群", "技术部", "中心", "实验室", "工作室", "公司", "集团", "研究院"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// descriptors are words of a description, not of a name: "全球领先的金融
// 科技公司", "头部企业", "小而美外企", "硅谷初创公司".
var descriptors = []string{"领先", "头部", "知名", "顶尖", "一线", "明星", "龙头", "独角兽", "初创", "创业", "出海", "自研", "互联网公司",
	"某", "外企", "国企", "央企", "上市", "硅谷", "神仙", "小而美", "行业", "国内", "全球", "世界", "Top", "TOP", "top", "500强",
	"大型", "中型", "小型", "之首", "第一", "百强", "新星", "开源项目", "技术型", "老牌", "早期"}

// descriptionWords describe a business without naming it: "协同办公工具软件",
// "区块链应用层技术公司", "海外Web3创作工具类平台", "早期项目".
var descriptionWords = regexp.MustCompile(`(?i)协同|办公|工具|软件|应用|技术|平台|公司|企业|项目|服务|产品|系统|层|类|型|早期|海外|国内|全球|创作|内核|效率|开发者|研究院|操作|移动|游戏|区块链|web3|ai|aigc|saas|人工智能|大数据|云|金融|电商|数据|科学|智能|解决方案|团队|的|和|与|及|\s`)

// descriptionLits are descriptionWords as literals (\s as its five ASCII
// spaces), for removing them from lower-cased text without the regexp
// package, which tried every alternative at every position.
var descriptionLits = newLitSet("协同", "办公", "工具", "软件", "应用", "技术", "平台", "公司", "企业", "项目", "服务", "产品", "系统", "层", "类", "型", "早期", "海外", "国内", "全球", "创作", "内核", "效率", "开发者", "研究院", "操作", "移动", "游戏", "区块链", "web3", "ai", "aigc", "saas", "人工智能", "大数据", "云", "金融", "电商", "数据", "科学", "智能", "解决方案", "团队", "的", "和", "与", "及", " ", "\t", "\n", "\f", "\r")

// isDescription reports a phrase made only of words that describe a
// business: nothing of it is a name.
func isDescription(s string) bool {
	if brandPrefix(s) != "" || hasLegalSuffix(s) || runesAtMost(s, 3) {
		return false
	}
	var rest string
	if strings.ContainsAny(s, "ſK") { // runes (?i) folds to s and k
		rest = lowerASCII(descriptionWords.ReplaceAllString(s, ""))
	} else {
		rest = descriptionLits.removeAll(lowerASCII(s))
	}
	for _, w := range industryWords {
		rest = strings.ReplaceAll(rest, w, "")
	}
	rest = strings.Trim(rest, sepChars)
	// "linux内核": a technology and what it is about
	return utf8.RuneCountInString(rest) == 0 || techWords[rest]
}

// industries name a line of business: "[量化]", "【区块链】" beside a heading
// describe the employer, they do not name it.
var industries = map[string]bool{
	"量化": true, "区块链": true, "金融": true, "金融科技": true, "游戏": true, "电商": true, "跨境电商": true, "教育": true,
	"在线教育": true, "医疗": true, "自动驾驶": true, "新能源": true, "芯片": true, "半导体": true, "aigc": true, "web3": true,
	"defi": true, "saas": true, "ai": true, "出海": true, "跨境": true, "外包": true, "物联网": true, "云计算": true,
	"大数据": true, "人工智能": true, "机器人": true, "智能硬件": true, "新能源汽车": true, "汽车": true, "社交": true,
	"直播": true, "音视频": true, "安全": true, "网络安全": true, "信息安全": true, "私募": true, "基金": true, "券商": true,
	"银行": true, "保险": true, "医药": true, "生物": true, "加密货币": true, "数字货币": true, "交易所": true, "nft": true,
	"量化交易": true,
}

// industryWords are the industries longest first, the order isDescription
// removes them in: ranging over the map would remove "金融" before
// "金融科技" on some runs and leave "科技", so the same text could be read
// two ways.
var industryWords = func() []string {
	ws := slices.Collect(maps.Keys(industries))
	slices.SortFunc(ws, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return ws
}()

// isGeneric reports a description standing where the company's name should.
func isGeneric(s string) bool {
	if industries[lowerASCII(strings.TrimSpace(strings.Trim(s, sepChars)))] {
		return true
	}
	if hasLegalSuffix(s) || brandPrefix(s) != "" {
		return false
	}
	// "固胜智能（游戏外设、赛车/飞行模拟，研发技术型公司）": the aside describes, the name does not
	s = parenGroup.ReplaceAllString(s, "")
	for _, d := range descriptors {
		if strings.Contains(s, d) {
			return true
		}
	}
	// "GPGPU公司", "机器人企业": a category followed by 公司 or 企业
	for _, suf := range []string{"公司", "企业"} {
		if rest, ok := strings.CutSuffix(s, suf); ok {
			rest = strings.TrimSpace(rest)
			if rest == "" || strings.ToUpper(rest) == rest && isASCIIWord(rest) || suf == "企业" && runesAtMost(rest, 6) {
				return true
			}
		}
	}
	return false
}

var parenGroup = regexp.MustCompile(`（[^（）]*）|\([^()]*\)`)

// hiringWord marks noise that still shows a line is a heading: 社招, 内推.
var hiringWord = regexp.MustCompile(`(?i)招|内推|直推|hiring|hc|实习`)

// splitVerb splits "X招聘Y" at the hiring verb. It refuses words that only
// contain a verb: 招商银行, 校招, 需求, 要求, 追求.
func splitVerb(s string) (left, right string, ok bool) {
	for _, v := range verbs {
		i := strings.Index(s, v)
		for i >= 0 {
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+len(v):])
			bad := false
			switch v {
			case "招":
				bad = strings.ContainsRune("商行牌股聘募收", after) || strings.ContainsRune("诚急热直在校社春秋补扩", before)
			case "求":
				bad = strings.ContainsRune("需要追请寻恳力务讲", before) || strings.ContainsRune("职是真知学证", after)
			case "在招":
				bad = after == '人' // "谁在招人" is read at 招人
			}
			if !bad {
				return s[:i], s[i+len(v):], true
			}
			j := strings.Index(s[i+len(v):], v)
			if j < 0 {
				break
			}
			i += len(v) + j
		}
	}
	return "", "", false
}

// describesKind reports a list of fields that ends in a company word,
// "游戏外设、赛车模拟公司": the items share the word, and the list says what
// kind of company it is without naming one.
func describesKind(items []string) bool {
	if len(items) < 2 {
		return false
	}
	last := items[len(items)-1]
	stem, ok := strings.CutSuffix(last, "公司")
	if !ok {
		stem, ok = strings.CutSuffix(last, "企业")
	}
	if !ok || runesAtMost(stem, 1) || brandPrefix(last) != "" || hasLegalSuffix(last) || containsAnyRune(stem, " \u3000") {
		return false
	}
	for _, it := range items[:len(items)-1] {
		if it == "" || !runesAtMost(it, 8) || isOrg(it) || brandPrefix(it) != "" || isTitle(it) || hasPlace(it) || containsAnyRune(it, " \u3000") {
			return false
		}
	}
	return true
}

// splitList splits "前端、后端和测试" / "Android/iOS" into items.
func splitList(s string) []string {
	for _, w := range []string{" 和 ", " 及 ", " 与 ", " and "} {
		s = strings.ReplaceAll(s, w, "、")
	}
	if strings.Contains(s, "&") {
		// "前端 & 客户端" lists; "AIGC&AGI", "P&G" are words
		s = ampWord.ReplaceAllString(s, "$1\x00$2")
	}
	items := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == '/' || r == '／' || r == '，' || r == ',' || r == '&' || r == '＆' || r == '|' || r == '｜' || r == '；' || r == ';'
	})
	for i, it := range items {
		items[i] = strings.ReplaceAll(it, "\x00", "&")
	}
	return items
}

var ampWord = regexp.MustCompile(`([A-Za-z0-9])&([A-Za-z0-9])`)

// isTitleList reports "研发、产品、运营" — a list whose items are titles.
func isTitleList(s string) bool {
	items := splitList(s)
	if len(items) == 0 {
		return false
	}
	n := 0
	for _, it := range items {
		it = strings.TrimSpace(stripNoise(it))
		if it == "" {
			continue
		}
		if !isTitle(it) {
			return false
		}
		n++
	}
	return n > 0
}

var sentenceMarks = []string{"。", "！", "!", "？", "?", "了", "吗", "呢", "我们", "我", "你", "谁", "本人", "欢迎",
	"快来", "诚邀", "急需", "需要", "期待", "这里", "一个", "一名", "一位", "请", "正在", "感谢", "谢谢", "大家", "各个", "各类", "各种", "同学",
	"专注", "致力", "涉及", "负责"}

func looksLikeSentence(s string) bool {
	// English words are longer: "Senior Frontend Engineer (API Gateway)"
	// is a title at 38 letters
	if n := utf8.RuneCountInString(s); n > 30 && !isASCIIWord(s) || n > 48 {
		return true
	}
	for _, m := range sentenceMarks {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}

func (h *headInfo) addTitle(t string) {
	t = cleanTitle(asWritten(t, h.src))
	if t == "" || isNoise(t) || !plausibleTitle(t) {
		return
	}
	h.titles = appendUnique(h.titles, t)
	h.structure++
}

func (h *headInfo) addCand(c string, rank int) {
	c = cleanCompany(asWritten(c, h.src))
	if c == "" || isNoise(c) || runesAtMost(c, 1) || techWords[lowerASCII(c)] {
		return
	}
	if (strings.HasPrefix(c, "(") || strings.HasPrefix(c, "（")) && (strings.HasSuffix(c, ")") || strings.HasSuffix(c, "）")) {
		return // "(部分岗位)": an aside
	}
	h.cands = append(h.cands, candidate{name: c, rank: rank})
}

// titleOpeners begin requirement sentences, not titles: "熟悉常用的数据结构",
// "负责…", "以高质量美术…".
var titleOpeners = []string{"熟悉", "负责", "致力", "专注", "支持", "具备", "掌握", "了解", "精通", "参与", "以", "做", "有", "能", "对", "和",
	"及", "在", "自建", "包括", "主要", "设计和", "通过", "基于", "提供", "打造", "为", "让", "帮助", "含"}

// openerWords begin with a title opener but are words of a title.
var openerWords = []string{"对象", "在线", "能源", "以太", "做市", "有赞", "和鲸", "支持工程", "支持专员"}

// titleVerbs occur in duties, not in titles: "设计师可以直接设计页面",
// "协助内部用户顺利使用大数据平台产品".
var titleVerbs = []string{"可以", "只需", "需要", "直接", "能够", "顺利", "协助", "使用", "对接", "进行", "完成", "提升", "保证", "实现"}

// plausibleTitle rejects what the list and heading readers take for a title
// but is a sentence or a bare word: "熟悉常用的数据结构和算法", "工程师".
func plausibleTitle(t string) bool {
	opener := true
	for _, w := range openerWords {
		if strings.HasPrefix(t, w) {
			opener = false // "对象存储研发工程师", "在线教育产品经理"
		}
	}
	for _, o := range titleOpeners {
		if opener && strings.HasPrefix(t, o) {
			return false
		}
	}
	bare := t
	if i := lastOpenParen(bare); i > 0 {
		bare = bare[:i]
	}
	if strings.Contains(bare, "的") || containsAnyRune(bare, "。；;！!？?") {
		return false
	}
	for _, v := range titleVerbs {
		if strings.Contains(bare, v) {
			return false
		}
	}
	switch lowerASCII(strings.TrimSpace(t)) {
	case "工程师", "开发", "研发", "岗位", "职位", "engineer", "developer", "leader", "lead":
		return false
	}
	return true
}

// asWritten returns s if it occurs in src, else its longest leading run of
// words that does. Removing noise from the middle of a segment
// ("华为消费者云服务大量OD岗位" → "华为消费者云服务 OD岗位") helps to classify it,
// but what is returned must be text the poster wrote.
func asWritten(s, src string) string {
	s = strings.Join(strings.Fields(s), " ")
	if src == "" || strings.Contains(src, s) {
		return s
	}
	// the longest run of words the poster wrote, earliest first
	words := strings.Fields(s)
	best := ""
	for i := range words {
		for j := len(words); j > i; j-- {
			cand := strings.Join(words[i:j], " ")
			if utf8.RuneCountInString(strings.Trim(cand, sepChars)) <= utf8.RuneCountInString(strings.Trim(best, sepChars)) {
				break
			}
			if strings.Contains(src, cand) {
				best = cand
				break
			}
		}
	}
	if best == "" {
		// the words may stand in the source without the spaces between them
		if joined := strings.Join(words, ""); strings.Contains(src, joined) {
			return joined
		}
	}
	return best
}

// sepChars are the separators a cut may leave at the ends of a piece.
const sepChars = " -—–*•·:：|｜,，、.。!！~@#/／"

// findTrailingYear is trailingYear.FindStringIndex on the last bytes of s
// only: a match is at most eight bytes long, and the expression, anchored
// at the end alone, is otherwise tried at every position.
func findTrailingYear(s string) []int {
	i := max(0, len(s)-16)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	loc := trailingYear.FindStringIndex(s[i:])
	if loc == nil {
		return nil
	}
	return []int{i + loc[0], i + loc[1]}
}

// describedNameNeeds are the words one of which ends describedName's first group.
var describedNameNeeds = newLitSet("公司", "企业", "独角兽", "集团", "机构", "团队", "项目", "厂商", "平台", "交易所", "大厂")

// describedNameMatch is describedName.FindStringSubmatch, run only on text
// that holds one of the words its description ends with.
func describedNameMatch(s string) []string {
	if !describedNameNeeds.in(s) {
		return nil
	}
	return describedName.FindStringSubmatch(s)
}

// trailingYear matches a year or class at the end of a name.
var trailingYear = regexp.MustCompile(`(?:20\d{2}|\d{2})\s?(?:届|年)?$`)

// headCount matches a trailing head count: "x2", "×3", "（2人）".
var headCount = regexp.MustCompile(`\s?(?:[xX×]\s?\d{1,2}|[（(]\d{1,2}\s?[人名][）)])$`)

// abbrRun finds a list of one-letter city abbreviations inside a heading.
var abbrRun = regexp.MustCompile(`(?:^|\s)([北上广深杭成南武西厦苏](?:[/、][北上广深杭成南武西厦苏])+)(?:\s|$)`)

// findAbbrRun is abbrRun.FindStringSubmatchIndex(s), tried only on text
// with a separator it needs.
func findAbbrRun(s string) []int {
	if !containsAnyRune(s, "/、") {
		return nil
	}
	return abbrRun.FindStringSubmatchIndex(s)
}

// cleanTitle trims what surrounds a title: list numbering, "岗位1：",
// brackets left open, a level code, a trailing "等".
func cleanTitle(t string) string {
	t = strings.TrimSpace(stripDecoration(t))
	// "前端P6起", "P7 Java": the level is not part of the title, nor a
	// head count ("产品经理x2")
	t = stripLevelCode(t)
	t = cutAtEnd(headCount, t)
	if n := orderedPrefix(t); n > 0 {
		t = t[n:]
	}
	for _, suf := range []string{"等岗位", "等职位", "等等", "职位描述", "岗位描述", "岗位职责", "等", "岗"} {
		if u, ok := strings.CutSuffix(t, suf); ok && u != "" {
			t = u
			break
		}
	}
	// "后端开发（Golang": a note a cut left open
	if open := strings.Count(t, "（") + strings.Count(t, "("); open > strings.Count(t, "）")+strings.Count(t, ")") {
		if i := lastOpenParen(t); i > 0 {
			t = strings.TrimSpace(t[:i])
		}
	}
	t = strings.TrimRight(t, "….")
	t = strings.TrimPrefix(t, "等")
	// "一位 nodejs 开发工程师": the count before the title
	for _, c := range []string{"一位", "一名", "一个", "几位", "多名", "若干"} {
		if r, ok := strings.CutPrefix(t, c); ok && strings.TrimSpace(r) != "" {
			t = strings.TrimSpace(r)
		}
	}
	t = strings.TrimLeft(t, " -*•·:：)）]】")
	t = strings.TrimRight(t, " -*•·:：(（[【")
	t = strings.TrimSpace(t)
	if !runesAtMost(t, 40) {
		return ""
	}
	return t
}

// cleanCompany trims decoration around a company name.
func cleanCompany(c string) string {
	c = strings.Join(strings.Fields(stripDecoration(c)), " ")
	c = strings.Trim(c, sepChars+"？?")
	// "比特鹰（Web3龙头企业）": a description in brackets is not part of the name
	if loc := parenGroup.FindAllStringIndex(c, -1); len(loc) > 0 {
		last := loc[len(loc)-1]
		if last[1] == len(c) && last[0] > 0 && isGeneric(strings.Trim(c[last[0]:], "（）()")) {
			c = strings.TrimSpace(c[:last[0]])
		}
	}
	c = strings.TrimSpace(c)
	// drop an unbalanced bracket left by a cut
	if strings.HasSuffix(c, "(") || strings.HasSuffix(c, "（") {
		c = strings.TrimSpace(c[:lastOpenParen(c)])
	}
	if open := strings.Count(c, "（") + strings.Count(c, "("); open > strings.Count(c, "）")+strings.Count(c, ")") {
		if i := lastOpenParen(c); i > 0 {
			c = strings.TrimSpace(c[:i])
		}
	}
	if strings.HasPrefix(c, ")") || strings.HasPrefix(c, "）") {
		c = strings.TrimLeft(c, ")） ")
	}
	// "（简称“ESWIN”）" is an aside, not part of the name
	if i := strings.Index(c, "（简称"); i > 0 {
		c = strings.TrimSpace(c[:i])
	} else if i := strings.Index(c, "(简称"); i > 0 {
		c = strings.TrimSpace(c[:i])
	}
	// "字节跳动 2025", "12月 IT": a year, a code or a noise word before or
	// after the name is not part of it
	for {
		i := strings.LastIndexAny(c, " \t")
		if i < 0 || !isNoise(c[i+1:]) || strings.Contains(c[i+1:], "公司") {
			break // "51 社保（北京众合天下管理咨询有限公司）" is a name
		}
		c = strings.TrimSpace(c[:i])
	}
	for {
		i := strings.IndexAny(c, " \t")
		if i < 0 || !isNoise(c[:i]) {
			break
		}
		c = strings.TrimSpace(c[i+1:])
	}
	// "淘天集团交易终端团队2026": a class year glued to the name
	if loc := findTrailingYear(c); loc != nil && !runesAtMost(c[:loc[0]], 1) {
		c = strings.TrimSpace(c[:loc[0]])
	}
	// "Nebulas | 星云链内推": the name ends at a separator
	if i := strings.Index(c, " | "); i > 0 {
		c = strings.TrimSpace(c[:i])
	}
	// "国产电气工业软件 ecad", "海外Web3创作工具类平台 Dreamspace XR": a
	// description of the business, then its name
	if m := submatchIf(describedLatin, c, " "); m != nil && !hasLegalSuffix(m[1]) && brandPrefix(m[1]) == "" {
		// after a kind of product the name is the product's
		// ("国产电气工业软件 ecad"): it names no employer
		for _, w := range []string{"软件", "工具", "产品", "系统"} {
			if strings.HasSuffix(m[1], w) {
				return ""
			}
		}
		c = m[2]
	}
	// "元气扭蛋 App": the app is the company's name
	for _, suf := range []string{" App", " APP", " app"} {
		if r, ok := strings.CutSuffix(c, suf); ok && !runesAtMost(r, 1) {
			c = r
		}
	}
	// "京东零售集团本月", "黑帕云是", "XX内推": words after the name
	for changed := true; changed; {
		changed = false
		for _, w := range []string{"本月", "今年", "近期", "最近", "目前", "内推", "直招", "急招", "是", "开放", "高层次人才", "人才", "新项目"} {
			if r, ok := strings.CutSuffix(c, w); ok && !runesAtMost(r, 1) {
				c, changed = strings.TrimSpace(r), true
			}
		}
	}
	// "天）": a closing bracket with no opening one ends the name; what
	// follows it is not joined to what precedes it
	for strings.Count(c, "）")+strings.Count(c, ")") > strings.Count(c, "（")+strings.Count(c, "(") {
		i := strings.LastIndexAny(c, "）)")
		if i < 0 {
			break
		}
		c = strings.TrimSpace(c[:i])
	}
	n := utf8.RuneCountInString(c)
	if n == 0 || n > 40 {
		return ""
	}
	if !strings.ContainsFunc(c, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return c
}

// bracketCityCodes are the city codes posters put in brackets: "[HZ]".
var bracketCityCodes = map[string]string{
	"BJ": "北京", "SH": "上海", "HZ": "杭州", "SZ": "深圳", "GZ": "广州", "CD": "成都", "WH": "武汉", "NJ": "南京",
}

// adverbs stand between a company and its hiring verb: "RingCentral 逆势扩招",
// "滴滴出行社会招聘", "字节跳动大量招聘".
var adverbs = []string{"逆势", "大量", "火热", "持续", "疯狂", "正在", "长期", "急需", "社会", "校园", "诚意", "全力", "继续", "也在", "正式", "开启", "开放", "本月", "本周", "今年", "近期", "最近", "目前", "现在", "现", "急", "诚", "在"}

func trimAdverbs(s string) string {
	for changed := true; changed; {
		changed = false
		t := strings.TrimSpace(s)
		for _, a := range adverbs {
			if r, ok := strings.CutSuffix(t, a); ok && !runesAtMost(strings.TrimSpace(r), 1) {
				s, changed = r, true
				break
			}
		}
	}
	return strings.TrimSpace(s)
}

// stripLeadingParen removes a bracketed group that opens s: "（字节）抖音…".
func stripLeadingParen(s string) string {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasPrefix(s, p[0]) {
			if i := strings.Index(s, p[1]); i > 0 {
				return strings.TrimSpace(s[i+len(p[1]):])
			}
		}
	}
	return s
}

// domainWords name a kind of work: a word before 研发 that holds one is a
// field of R&D ("后端研发", "大模型应用研发"), not a company.
var domainWords = []string{"前端", "后端", "全栈", "客户端", "服务端", "后台", "测试", "运维", "算法", "数据", "软件", "硬件", "系统", "平台",
	"嵌入式", "芯片", "产品", "安全", "网络", "基础", "架构", "应用", "游戏", "引擎", "图形", "音视频", "视频", "音频", "存储", "内核",
	"驱动", "移动", "技术", "模型", "智能", "机器", "工程", "业务", "中台", "云", "端"}

func hasDomainWord(s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }) {
		return true // "AI", "iOS", "Java"
	}
	for _, w := range domainWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// knownWordIn returns a known employer that is a whole word of an English
// phrase of several words: "Happy Birthday to Klook" → "Klook".
func knownWordIn(s string) string {
	words := strings.Fields(s)
	if len(words) < 3 {
		return ""
	}
	for _, w := range words {
		w = strings.Trim(w, "!！,，.。:：")
		if isASCIIWord(w) && len(w) >= 3 && knownEmployer(w) && brandPrefix(w) == w {
			return w
		}
	}
	return ""
}

// beforeParen returns s up to its first opening bracket.
func beforeParen(s string) string {
	if i := strings.IndexAny(s, "(（"); i >= 0 {
		return s[:i]
	}
	return s
}
