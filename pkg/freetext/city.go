package freetext

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// Remote is the City value for remote work.
const Remote = "远程"

// cityNames are the cities posters name, by their usual short name. A name
// written with its suffix ("上海市", "杭州市") is matched through the short
// name; the suffix is skipped by the scanner.
var cityNames = []string{
	// municipalities, provincial capitals, the cities jobs are posted for
	"北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "苏州", "成都",
	"武汉", "西安", "长沙", "郑州", "合肥", "厦门", "福州", "济南", "青岛", "大连",
	"沈阳", "长春", "哈尔滨", "石家庄", "太原", "呼和浩特", "南昌", "南宁", "昆明", "贵阳",
	"海口", "三亚", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "宁波", "无锡", "常州",
	"南通", "徐州", "扬州", "镇江", "嘉兴", "湖州", "绍兴", "金华", "温州", "台州",
	"东莞", "佛山", "珠海", "中山", "惠州", "江门", "汕头", "湛江", "泉州", "漳州",
	"烟台", "威海", "潍坊", "临沂", "淄博", "洛阳", "宜昌", "襄阳", "芜湖", "赣州",
	"桂林", "柳州", "绵阳", "宜宾", "泸州", "遵义", "保定", "廊坊", "唐山", "秦皇岛",
	"鞍山", "吉林", "大庆", "包头", "昆山", "义乌", "株洲", "湘潭", "岳阳", "九江",
	"香港", "澳门", "台北", "新竹", "台中", "高雄",
	// the other prefecture-level cities, and county-level cities where
	// companies hire (a few names that are also common words are left out:
	// 大同, 朝阳, 通化)
	"邯郸", "邢台", "沧州", "衡水", "承德", "张家口", "长治", "晋中", "运城", "临汾", "阳泉", "晋城", "赤峰", "通辽",
	"鄂尔多斯", "呼伦贝尔", "乌海", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新", "辽阳", "盘锦", "铁岭", "葫芦岛",
	"四平", "松原", "延边", "齐齐哈尔", "牡丹江", "佳木斯", "连云港", "淮安", "盐城", "宿迁", "泰州", "丽水", "衢州",
	"舟山", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "滁州", "阜阳", "宿州", "亳州", "六安", "黄山", "莆田",
	"三明", "南平", "龙岩", "宁德", "景德镇", "萍乡", "新余", "鹰潭", "吉安", "宜春", "上饶", "枣庄", "东营",
	"济宁", "泰安", "日照", "滨州", "德州", "聊城", "菏泽", "开封", "平顶山", "安阳", "新乡", "焦作", "濮阳", "许昌",
	"漯河", "南阳", "商丘", "信阳", "周口", "驻马店", "黄石", "十堰", "荆州", "荆门", "孝感", "黄冈", "咸宁", "恩施",
	"衡阳", "邵阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底", "韶关", "茂名", "肇庆", "梅州", "汕尾",
	"河源", "阳江", "清远", "潮州", "揭阳", "北海", "钦州", "玉林", "百色", "儋州", "自贡", "攀枝花", "德阳",
	"广元", "遂宁", "内江", "乐山", "南充", "眉山", "达州", "雅安", "资阳", "六盘水", "安顺", "毕节", "曲靖",
	"玉溪", "丽江", "西双版纳", "宝鸡", "咸阳", "渭南", "延安", "汉中", "榆林", "天水", "酒泉", "克拉玛依", "喀什",
	"慈溪", "余姚", "张家港", "常熟", "江阴", "宜兴", "太仓", "晋江", "东阳", "永康", "瑞安", "乐清", "诸暨",
	"海宁", "桐乡",
	// abroad
	"新加坡", "东京", "大阪", "京都", "首尔", "阿联酋", "吉隆坡", "曼谷", "雅加达", "胡志明", "河内",
	"迪拜", "悉尼", "墨尔本", "伦敦", "柏林", "慕尼黑", "巴黎", "阿姆斯特丹", "都柏林", "多伦多",
	"温哥华", "纽约", "旧金山", "西雅图", "洛杉矶", "硅谷", "日本", "美国", "加拿大", "英国",
	"德国", "澳大利亚", "马来西亚", "泰国", "越南", "印尼", "菲律宾", "韩国",
	"波士顿", "芝加哥", "奥斯汀", "巴塞罗那", "马德里", "里斯本", "米兰", "罗马", "苏黎世", "日内瓦", "斯德哥尔摩",
	"赫尔辛基", "华沙", "布拉格", "维也纳", "布鲁塞尔", "哥本哈根", "奥斯陆", "特拉维夫", "班加罗尔", "孟买",
	"新德里", "马尼拉", "横滨", "名古屋", "福冈", "札幌", "釜山", "奥克兰", "惠灵顿", "圣保罗", "墨西哥城", "利雅得",
	"多哈", "阿布扎比", "开罗", "拉各斯", "内罗毕", "西班牙", "法国", "荷兰", "瑞士", "瑞典", "以色列", "意大利",
	"爱尔兰", "巴西", "墨西哥", "印度", "俄罗斯", "新西兰", "芬兰", "挪威", "丹麦", "波兰", "比利时", "奥地利",
	"葡萄牙", "土耳其", "沙特", "埃及", "南非", "阿根廷", "智利",
}

// weakPlaces are places that describe more often than they locate the
// work: "英国保诚", "澳大利亚Top科技公司", "硅谷初创公司", "新加坡外企".
// They are kept only when a post names no other place.
var weakPlaces = map[string]bool{
	"日本": true, "美国": true, "加拿大": true, "英国": true, "德国": true, "澳大利亚": true, "马来西亚": true,
	"泰国": true, "越南": true, "印尼": true, "菲律宾": true, "韩国": true, "阿联酋": true, "硅谷": true,
	"西班牙": true, "法国": true, "荷兰": true, "瑞士": true, "瑞典": true, "以色列": true, "意大利": true, "爱尔兰": true,
	"巴西": true, "墨西哥": true, "印度": true, "俄罗斯": true, "新西兰": true, "芬兰": true, "挪威": true, "丹麦": true,
	"波兰": true, "比利时": true, "奥地利": true, "葡萄牙": true, "土耳其": true, "沙特": true, "埃及": true, "南非": true,
	"阿根廷": true, "智利": true,
}

// countryCities are the cities of the gazetteer's countries, for
// dropping a country named beside one of its cities ("阿联酋迪拜" is 迪拜).
var countryCities = map[string][]string{
	"阿联酋": {"迪拜", "阿布扎比"}, "美国": {"旧金山", "纽约", "西雅图", "硅谷", "洛杉矶", "波士顿", "芝加哥", "奥斯汀", "圣何塞", "山景城"},
	"日本": {"东京", "大阪", "京都", "福冈"}, "英国": {"伦敦", "剑桥", "牛津", "爱丁堡", "曼彻斯特"}, "加拿大": {"多伦多", "温哥华", "蒙特利尔"},
	"德国": {"柏林", "慕尼黑", "法兰克福", "汉堡"}, "澳大利亚": {"悉尼", "墨尔本"}, "马来西亚": {"吉隆坡", "槟城"}, "泰国": {"曼谷"},
	"越南": {"胡志明市", "河内"}, "印尼": {"雅加达"}, "菲律宾": {"马尼拉"}, "韩国": {"首尔"}, "法国": {"巴黎"}, "荷兰": {"阿姆斯特丹"},
	"瑞士": {"苏黎世", "日内瓦"}, "爱尔兰": {"都柏林"}, "以色列": {"特拉维夫"}, "西班牙": {"巴塞罗那", "马德里"},
}

// dropCountriesOfCities drops a country from a list that names one of its
// cities.
func dropCountriesOfCities(cs []string) []string {
	out := cs[:0:0]
	for _, c := range cs {
		if cities, ok := countryCities[c]; ok && slices.ContainsFunc(cities, func(x string) bool { return slices.Contains(cs, x) }) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// keepStrong drops the weak places from a list that has others, but for
// those a place field names ("工作地点：杭州/深圳/西班牙/法国/新加坡").
func keepStrong(cs, fielded []string) []string {
	strong := cs[:0:0]
	for _, c := range cs {
		if !weakPlaces[c] || slices.Contains(fielded, c) {
			strong = append(strong, c)
		}
	}
	if len(strong) == 0 {
		return cs
	}
	return strong
}

// cityAliases map other spellings to a city name. English names are matched
// case-insensitively and on word boundaries.
var cityAliases = map[string]string{
	"帝都": "北京", "魔都": "上海", "鹏城": "深圳", "羊城": "广州",
	"beijing": "北京", "shanghai": "上海", "shenzhen": "深圳", "guangzhou": "广州",
	"hangzhou": "杭州", "nanjing": "南京", "chengdu": "成都", "wuhan": "武汉",
	"suzhou": "苏州", "xiamen": "厦门", "hongkong": "香港", "hong kong": "香港",
	"singapore": "新加坡", "tokyo": "东京", "dalian": "大连", "xian": "西安", "xi'an": "西安",
	"seattle": "西雅图", "san francisco": "旧金山", "new york": "纽约", "london": "伦敦", "sydney": "悉尼",
	"toronto": "多伦多", "vancouver": "温哥华", "berlin": "柏林", "dubai": "迪拜", "silicon valley": "硅谷",
	"remote": Remote, "远程": Remote, "wfh": Remote, "可远程": Remote, "支持远程": Remote, "接受远程": Remote,
	"远程办公": Remote, "远程工作": Remote, "居家办公": Remote, "在家办公": Remote, "全远程": Remote, "完全远程": Remote,
	"印度尼西亚": "印尼", "大坂": "大阪",
}

// districts are places inside one city that posters name instead of the
// city ("坐标：西二旗", "深圳南山"). They are used only where a place is
// expected — a heading or a location field — never in running text, where
// "朝阳" or "南山" can mean something else.
var districts = map[string]string{
	"海淀": "北京", "中关村": "北京", "望京": "北京", "西二旗": "北京", "上地": "北京",
	"亦庄": "北京", "五道口": "北京", "国贸": "北京", "朝阳区": "北京", "西城": "北京", "东城": "北京",
	"浦东": "上海", "张江": "上海", "闵行": "上海", "徐汇": "上海", "长宁": "上海", "静安": "上海",
	"杨浦": "上海", "五角场": "上海", "漕河泾": "上海", "陆家嘴": "上海", "虹桥": "上海", "黄浦": "上海",
	"普陀区": "上海", "宝山": "上海", "嘉定": "上海", "松江": "上海", "青浦": "上海", "临港": "上海",
	"南山": "深圳", "福田": "深圳", "宝安": "深圳", "龙岗": "深圳", "前海": "深圳", "罗湖": "深圳", "科兴": "深圳", "蛇口": "深圳",
	"天河": "广州", "海珠": "广州", "番禺": "广州", "黄埔": "广州", "琶洲": "广州",
	"滨江": "杭州", "余杭": "杭州", "西溪": "杭州", "未来科技城": "杭州", "西湖区": "杭州", "萧山": "杭州", "拱墅": "杭州", "文一西路": "杭州",
	"光谷": "武汉", "武昌": "武汉", "汉口": "武汉", "汉阳": "武汉", "雁塔": "西安", "江宁": "南京", "建邺": "南京", "雨花台": "南京", "鼓楼区": "南京",
	"天府": "成都", "高新南区": "成都", "松山湖": "东莞", "工业园区": "苏州",
	"盐官": "海宁", "鹽官": "海宁", "金桥": "上海", "唐镇": "上海", "外高桥": "上海", "徐家汇": "上海", "新天地": "上海",
	"大钟寺": "北京", "酒仙桥": "北京", "后厂村": "北京", "回龙观": "北京", "车公庄": "北京",
	"南山区": "深圳", "粤海": "深圳", "后海": "深圳", "深圳湾": "深圳", "华强北": "深圳", "车陂": "广州", "珠江新城": "广州",
	"钱江世纪城": "杭州", "紫金港": "杭州", "九龙湖": "南京", "河西": "南京", "新街口": "南京",
}

// cityMatcher finds city names in text, longest first.
type cityMatcher struct {
	byFirst map[rune][]cityEntry // candidates by first rune, longest first
	// the first runes, modulo litBits: most runes of a text open no name,
	// and a bit is cheaper to test than the map
	bits [litBits / 64]uint64
}

type cityEntry struct {
	name, city string
	ascii      bool
	district   bool
}

var cities = newCityMatcher()

func newCityMatcher() *cityMatcher {
	m := &cityMatcher{byFirst: map[rune][]cityEntry{}}
	add := func(name, city string, district bool) {
		r, _ := utf8.DecodeRuneInString(name)
		m.byFirst[r] = append(m.byFirst[r], cityEntry{name: name, city: city, ascii: r < utf8.RuneSelf, district: district})
	}
	for _, c := range cityNames {
		add(c, c, false)
	}
	for a, c := range cityAliases {
		add(a, c, false)
	}
	for d, c := range districts {
		add(d, c, true)
	}
	for r, es := range m.byFirst {
		sort.Slice(es, func(i, j int) bool {
			if len(es[i].name) != len(es[j].name) {
				return len(es[i].name) > len(es[j].name)
			}
			if es[i].name != es[j].name {
				return es[i].name < es[j].name
			}
			// one name in two tables: the order must not hang on the maps'
			return es[i].city < es[j].city || es[i].city == es[j].city && !es[i].district && es[j].district
		})
		m.byFirst[r] = es
		k := uint32(r) % litBits
		m.bits[k/64] |= 1 << (k % 64)
	}
	return m
}

// cityHit is one city name found in a text, with its byte span.
type cityHit struct {
	city       string
	start, end int
	district   bool
}

// find returns the cities named in s in order of appearance. Districts are
// reported only when withDistricts is set.
func (m *cityMatcher) find(s string, withDistricts bool) []cityHit {
	return m.findFrom(s, withDistricts, false)
}

// opensWith reports whether find(s, withDistricts) has a hit at 0, reading
// only the names that start there.
func (m *cityMatcher) opensWith(s string, withDistricts bool) bool {
	return len(m.findFrom(s, withDistricts, true)) > 0
}

// findFrom is find; atStart stops it after the first position.
func (m *cityMatcher) findFrom(s string, withDistricts, atStart bool) []cityHit {
	var hits []cityHit
	lower := ""
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		key := r
		if r < utf8.RuneSelf {
			if r >= 'A' && r <= 'Z' {
				key = r + 'a' - 'A'
			}
			if i > 0 && normalize.IsWordByte(s[i-1]) {
				i += w
				continue
			}
		}
		var cands []cityEntry
		if k := uint32(key) % litBits; m.bits[k/64]&(1<<(k%64)) != 0 {
			cands = m.byFirst[key]
		}
		matched := false
		for _, e := range cands {
			if e.district && !withDistricts {
				continue
			}
			var ok bool
			if e.ascii {
				if lower == "" {
					lower = lowerASCII(s)
				}
				ok = strings.HasPrefix(lower[i:], e.name) &&
					(i+len(e.name) == len(s) || !normalize.IsWordByte(s[i+len(e.name)]))
			} else {
				ok = strings.HasPrefix(s[i:], e.name)
			}
			if !ok || falseCity(s, i, e) {
				continue
			}
			end := i + len(e.name)
			// Skip a written suffix so "上海市" is one hit and "市" is not read on.
			sufs := []string{"市", "地区"}
			if e.district {
				sufs = []string{"新区", "区"}
			}
			for _, suf := range sufs {
				if !e.ascii && strings.HasPrefix(s[end:], suf) {
					end += len(suf)
					break
				}
			}
			hits = append(hits, cityHit{city: e.city, start: i, end: end, district: e.district})
			i = end
			matched = true
			break
		}
		if atStart {
			return hits
		}
		if !matched {
			i += w
		}
	}
	return hits
}

// falseCity rejects city names that are part of another word in the posts:
// 吉林大学 is a university, 京都 in 北京都 is not Kyoto, 海外 in 海外市场 is a
// market, 大连 in 一大连串 is not a city, 中山大学 / 中山路 are not 中山.
func falseCity(s string, i int, e cityEntry) bool {
	rest := s[i+len(e.name):]
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if e.city == Remote {
		return remoteNegated(s, i) || notRemoteWork(rest)
	}
	if strings.HasPrefix(rest, "外企") || strings.HasPrefix(rest, "籍") {
		return true // "新加坡外企", "美籍": where the company is from
	}
	// 四平路, 苏州街, 钦州北路, 成都大道: a street named after a city, in an
	// address of another
	for _, p := range []string{"路", "街", "大街", "大道", "东路", "西路", "南路", "北路", "中路", "巷"} {
		if strings.HasPrefix(rest, p) && !strings.HasPrefix(rest, "路演") && !strings.HasPrefix(rest, "路线") {
			r, _ := utf8.DecodeRuneInString(e.name)
			if r >= 0x4e00 {
				return true
			}
		}
	}
	switch e.name {
	case "吉林", "中山", "厦门", "南京", "武汉", "重庆", "西安", "上海", "北京", "天津", "深圳", "香港",
		"澳门", "苏州", "郑州", "兰州", "南昌", "宁波", "合肥", "烟台", "湘潭", "杭州", "广州", "成都", "长沙":
		// 吉林大学, 南京银行, 中山路: an institution or a street named after the city
		for _, p := range []string{"大学", "理工", "交通大学", "邮电", "银行", "日报", "电视台", "农商", "路", "东路", "西路", "南路", "北路"} {
			if strings.HasPrefix(rest, p) {
				return true
			}
		}
		if e.name == "大连" && prev == '一' {
			return true
		}
	case "京都":
		return prev == '北' || prev == '东'
	case "日本", "美国", "英国", "德国", "韩国", "加拿大", "泰国", "越南":
		// "美国上市", "日本市场", "韩国用户": a market or a company's listing.
		for _, p := range []string{"市场", "上市", "用户", "客户", "公司", "总部", "团队", "留学", "籍"} {
			if strings.HasPrefix(rest, p) {
				return true
			}
		}
	case "大连":
		return prev == '一' || strings.HasPrefix(rest, "理工")
	case "长春":
		return strings.HasPrefix(rest, "藤")
	case "吉隆坡", "三亚":
	}
	return false
}

// notRemoteWork tells "远程" meaning remote work from its technical and
// procedural uses: 远程面试 (an interview), 远程控制/桌面/调试 (products).
func notRemoteWork(rest string) bool {
	for _, p := range []string{"面", "控制", "桌面", "调试", "协助", "医疗", "教育", "会议", "连接", "访问", "运维", "监控", "升级", "通信", "通讯", "沟通", "视频", "服务器", "操作", "同步", "开发环境"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// remoteNegated reports "不支持远程", "非远程", "不接受 remote" and the like
// just before position i.
func remoteNegated(s string, i int) bool {
	before := s[:i]
	// look at the last few runes only
	n := 0
	j := len(before)
	for j > 0 && n < 6 {
		_, w := utf8.DecodeLastRuneInString(before[:j])
		j -= w
		n++
	}
	window := before[j:]
	// "不打卡不加班➕每周1天在家办公": a negation in the clause before says
	// nothing about this one
	if k := strings.LastIndexAny(window, "，,。；;、➕+|｜\n!！"); k >= 0 {
		_, w := utf8.DecodeRuneInString(window[k:])
		window = window[k+w:]
	}
	for _, neg := range []string{"不", "非", "无", "没有", "暂不", "不可", "不能", "not ", "no ", "non-"} {
		if strings.Contains(lowerASCII(window), neg) {
			return true
		}
	}
	return false
}

// citiesIn returns the distinct city names in s, in order.
func citiesIn(s string, withDistricts bool) []string {
	var out []string
	for _, h := range cities.find(s, withDistricts) {
		out = appendUnique(out, h.city)
	}
	return out
}

// singleLetterCities expands the one-character abbreviations posters use in
// lists such as "北/上/杭/深" — only when every item is one.
var singleLetterCities = map[string]string{
	"北": "北京", "上": "上海", "广": "广州", "深": "深圳", "杭": "杭州", "成": "成都", "南": "南京", "武": "武汉", "西": "西安", "厦": "厦门", "苏": "苏州",
}

func abbreviatedCities(s string) []string {
	s = strings.TrimSpace(s)
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '、' || r == '／' })
	if len(parts) < 2 {
		return nil
	}
	var out []string
	for _, p := range parts {
		c, ok := singleLetterCities[strings.TrimSpace(p)]
		if !ok {
			return nil
		}
		out = append(out, c)
	}
	return out
}

func appendUnique(list []string, items ...string) []string {
	for _, it := range items {
		if it == "" {
			continue
		}
		dup := false
		for _, x := range list {
			if x == it {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, it)
		}
	}
	return list
}

// placeFiller are the words a list of places is written with: "北京、上海等地均可".
var placeFiller = regexp.MustCompile(`(?i)等地|等城市|均可|都可|都有|可选|任选|优先|办公室|办公|总部|研发中心|base|工作地点|地点|坐标|中国|远程|remote|和|及|或|等|市|区|省|地|都`)

// onlyPlaces reports a text that names places and nothing else:
// "北京市 · 海淀区", "杭州/上海", "北京、上海等地均可".
func onlyPlaces(s string) bool {
	if abbreviatedCities(s) != nil {
		return true
	}
	rest := removeCities(s)
	// A letter or digit that no filler word holds stays after the fillers
	// are removed: most texts fail here without the regular expression.
	if strings.ContainsFunc(rest, func(r rune) bool { return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !fillerRunes[r] }) {
		return false
	}
	rest = placeFiller.ReplaceAllString(rest, " ")
	return !strings.ContainsFunc(rest, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// fillerRunes are the runes of placeFiller's words, in both cases and with
// the runes that fold to them.
var fillerRunes = func() map[rune]bool {
	m := map[rune]bool{}
	for _, w := range strings.Split(strings.TrimPrefix(placeFiller.String(), "(?i)"), "|") {
		for _, r := range w {
			for f := unicode.SimpleFold(r); ; f = unicode.SimpleFold(f) {
				m[f] = true
				if f == r {
					break
				}
			}
		}
	}
	return m
}()
