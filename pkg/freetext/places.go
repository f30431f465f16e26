package freetext

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Besides headings and "工作地点：" fields, posts name their places in a few
// recurring forms that morePlaces reads:
//
//   - a line that opens with places: "2. 北京 上海 苏州 M365 … 等部门均有大量hc";
//   - a city beside a link: "https://job.toutiao.com/s/i2Q6uyug  北京",
//     "中国-北京-内推直达：https://…", "北京：https://dcar.jobs.feishu.cn/…";
//   - one-letter abbreviations inside a place line: "北/上/深/杭，一切好商量";
//   - a list of offices: "目前我们在北京、上海、杭州、深圳、西雅图五地均设有研发中心".

// linkWords are the words of a link line around the place it names.
var linkWords = regexp.MustCompile(`(?i)内推直达|简历直达|内推链接|投递链接|内推|投递|链接|直达|社招|校招|实习生?|岗位|职位|中国|china|jd|点击|这里|入口|[:：\-—–|｜()（）\[\]【】·•]`)

// officeNeeds are the words officeAfter cannot match without.
var officeNeeds = newLitSet("研发中心", "办公室", "团队", "分部", "工区", "办公地点", "hc", "HC", "岗位")

// officeAfter follows a list of offices: "五地均设有研发中心", "等地都有团队".
var officeAfter = regexp.MustCompile(`^\s*(?:等)?\s*(?:[两三四五六七八九十多\d]+\s*(?:地|个城市))?\s*(?:均|都|皆)?\s*(?:设有|设立|设|有)(?:研发中心|办公室|团队|分部|研发团队|工区|办公地点|hc|HC|岗位)`)

// morePlaces returns the places read in those forms: strong ones, and
// offices that count only when nothing else names a place.
func (d *doc) morePlaces() (strong, offices []string) {
	for _, l := range d.use {
		t := l.text
		if t == "" || l.cells != nil {
			continue
		}
		if strings.Contains(t, "http") || strings.Contains(t, "www.") {
			rest := linkWords.ReplaceAllString(urlRe.ReplaceAllString(t, " "), " ")
			if hasPlace(rest) && onlyPlaces(rest) {
				strong = appendUnique(strong, citiesIn(rest, true)...)
				continue
			}
		}
		if cs := leadingCities(t); len(cs) >= 2 {
			strong = appendUnique(strong, cs...)
		}
		if officeNeeds.in(t) {
			offices = appendUnique(offices, officeList(t)...)
		}
	}
	return strong, offices
}

// leadingCities returns the cities a line opens with when it opens with a
// run of them: "北京 上海 苏州 M365 Sharepoint…" → 北京, 上海, 苏州.
func leadingCities(t string) []string {
	if n := orderedPrefix(t); n > 0 {
		t = t[n:]
	}
	t = strings.TrimSpace(strings.TrimLeft(t, "-*•· "))
	// the line must open with a city: look at its first runes before
	// reading the whole line
	head := t
	if n := 0; len(head) > 24 {
		for i := range head {
			if n++; n > 8 {
				head = head[:i]
				break
			}
		}
	}
	if !cities.opensWith(head, false) {
		return nil
	}
	var out []string
	pos := 0
	for _, h := range cities.find(t, false) {
		if strings.TrimFunc(t[pos:h.start], isPlaceSep) != "" {
			break
		}
		out = appendUnique(out, h.city)
		pos = h.end
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

func isPlaceSep(r rune) bool {
	return r == ' ' || r == '\u3000' || r == '、' || r == '，' || r == ',' || r == '/' || r == '／' || r == '和' || r == '及' || r == '与' || r == '|' || r == '｜'
}

// officeList reads "在北京、上海、杭州、深圳、西雅图五地均设有研发中心": a run of
// two or more places followed by the words of offices.
func officeList(t string) []string {
	hits := cities.find(t, false)
	for i := 0; i+1 < len(hits); i++ {
		run := []string{hits[i].city}
		end := hits[i].end
		j := i + 1
		for ; j < len(hits); j++ {
			if strings.TrimFunc(t[end:hits[j].start], isPlaceSep) != "" {
				break
			}
			run = appendUnique(run, hits[j].city)
			end = hits[j].end
		}
		if len(run) >= 2 && officeAfter.MatchString(t[end:]) {
			return run
		}
		i = j - 1
	}
	return nil
}

// abbrAnywhere finds one-letter abbreviations of cities inside a place
// text: "北/上/深/杭，一切好商量" → 北京, 上海, 深圳, 杭州.
var abbrAnywhere = regexp.MustCompile(`(?:^|[^\p{Han}])([北上广深杭成南武西厦苏](?:\s?[/、]\s?[北上广深杭成南武西厦苏])+)(?:[^\p{Han}]|$)`)

// placesIn returns the places a place field names, abbreviations included.
func placesIn(s string) []string {
	out := citiesIn(s, true)
	for _, m := range abbrAnywhere.FindAllStringSubmatch(s, -1) {
		out = appendUnique(out, abbreviatedCities(strings.ReplaceAll(m[1], " ", ""))...)
	}
	return out
}

// soleCity returns the one city a post names anywhere, outside trips,
// histories and customers, when it names exactly one.
func (d *doc) soleCity() string {
	found := ""
	for _, l := range d.use {
		for _, clause := range strings.FieldsFunc(l.text, func(r rune) bool { return strings.ContainsRune("，,。；;！!？?+＋", r) }) {
			if tripWords.in(clause) {
				continue
			}
			for _, h := range cities.find(clause, false) {
				if h.city == Remote || weakPlaces[h.city] {
					continue
				}
				if found != "" && found != h.city {
					return ""
				}
				found = h.city
			}
		}
	}
	if utf8.RuneCountInString(found) == 0 {
		return ""
	}
	return found
}

// tripWords mark lines about trips, histories and customers, whose places
// are not places of work.
var tripWords = newLitSet("旅游", "旅行", "团建", "出游", "去过", "成立于", "创立于", "起源", "来自", "上市", "客户", "用户", "覆盖", "遍布", "毕业", "大学")
