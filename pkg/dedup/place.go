package dedup

import "strings"

// cities is the gazetteer of place names a posting's text is searched
// for: the municipalities, the prefecture-level cities and the
// county-level cities jobs are often posted for, by their usual short
// name ("上海市" is found through "上海"). A few city names are left out
// because they are also common words or brand names and would place ads
// that name no city: 三明(治), 来宾, 大同(小异), 朝阳, 安康, 日照, 白银,
// 北海(道), 长治(久安), 四平(八稳), 开封, (经)营口, (广)东营(销), 广安(装),
// 普洱, 通化, (上)海东, 三沙, (平)安顺, (推)广元. Leaving a city out only
// makes SameJob's city rule more cautious: a text that names it counts as
// naming no city. Sketches store a city by its position here: append new
// names at the end, and change FormatVersion for any other edit.
var cities = [...]string{
	"北京", "上海", "天津", "重庆", "香港", "澳门",
	// Hebei, Shanxi, Inner Mongolia
	"石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "保定", "张家口", "承德", "沧州", "廊坊", "衡水",
	"太原", "阳泉", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁",
	"呼和浩特", "包头", "乌海", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔", "乌兰察布",
	// Liaoning, Jilin, Heilongjiang
	"沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "阜新", "辽阳", "盘锦", "铁岭", "葫芦岛",
	"长春", "吉林", "辽源", "白山", "松原", "白城", "延边",
	"哈尔滨", "齐齐哈尔", "鸡西", "鹤岗", "双鸭山", "大庆", "伊春", "佳木斯", "七台河", "牡丹江", "黑河", "绥化",
	// Jiangsu, Zhejiang, Anhui
	"南京", "无锡", "徐州", "常州", "苏州", "南通", "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁",
	"昆山", "常熟", "太仓", "张家港", "江阴", "宜兴", "溧阳", "丹阳",
	"杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水",
	"义乌", "慈溪", "余姚", "诸暨", "海宁", "桐乡", "平湖", "瑞安", "乐清", "温岭",
	"合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山", "滁州", "阜阳", "宿州", "六安", "亳州", "池州", "宣城",
	// Fujian, Jiangxi, Shandong
	"福州", "厦门", "莆田", "泉州", "漳州", "南平", "龙岩", "宁德", "晋江", "石狮", "福清",
	"南昌", "景德镇", "萍乡", "九江", "新余", "鹰潭", "赣州", "吉安", "宜春", "抚州", "上饶",
	"济南", "青岛", "淄博", "枣庄", "烟台", "潍坊", "济宁", "泰安", "威海", "临沂", "德州", "聊城", "滨州", "菏泽",
	// Henan, Hubei, Hunan
	"郑州", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳", "许昌", "漯河", "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店", "济源",
	"武汉", "黄石", "十堰", "宜昌", "襄阳", "鄂州", "荆门", "孝感", "荆州", "黄冈", "咸宁", "随州", "恩施", "仙桃", "潜江", "天门",
	"长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底", "湘西",
	// Guangdong, Guangxi, Hainan
	"广州", "韶关", "深圳", "珠海", "汕头", "佛山", "江门", "湛江", "茂名", "肇庆", "惠州", "梅州", "汕尾", "河源", "阳江", "清远", "东莞", "中山", "潮州", "揭阳", "云浮",
	"南宁", "柳州", "桂林", "梧州", "防城港", "钦州", "贵港", "玉林", "百色", "贺州", "河池", "崇左",
	"海口", "三亚", "儋州",
	// Sichuan, Guizhou, Yunnan, Tibet
	"成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "遂宁", "内江", "乐山", "南充", "眉山", "宜宾", "达州", "雅安", "巴中", "资阳", "西昌", "甘孜", "阿坝", "凉山",
	"贵阳", "六盘水", "遵义", "毕节", "铜仁",
	"昆明", "曲靖", "玉溪", "保山", "昭通", "丽江", "临沧", "大理", "红河", "西双版纳", "德宏", "楚雄", "文山",
	"拉萨", "日喀则", "昌都", "林芝", "山南", "那曲",
	// Shaanxi, Gansu, Qinghai, Ningxia, Xinjiang
	"西安", "铜川", "宝鸡", "咸阳", "渭南", "延安", "汉中", "榆林", "商洛",
	"兰州", "嘉峪关", "金昌", "天水", "武威", "张掖", "平凉", "酒泉", "庆阳", "定西", "陇南",
	"西宁", "银川", "石嘴山", "吴忠", "固原", "中卫",
	"乌鲁木齐", "克拉玛依", "吐鲁番", "哈密", "喀什", "阿克苏", "昌吉", "伊犁", "库尔勒", "石河子",
	"雄安",
}

// Place values kept in a sketch: noPlace when the text names no city of
// the gazetteer, severalPlaces when it names more than one, otherwise the
// gazetteer index of the one city plus one.
const (
	noPlace       uint16 = 0
	severalPlaces uint16 = 0xFFFF
)

// cityNumber maps a gazetteer name to its index plus one.
var cityNumber = func() map[string]uint16 {
	m := make(map[string]uint16, len(cities))
	for i, c := range cities {
		if _, dup := m[c]; dup {
			panic("dedup: city listed twice: " + c)
		}
		m[c] = uint16(i + 1)
	}
	return m
}()

// cjkFirst and cjkSecond mark the CJK ideographs (U+4E00–U+9FFF) that
// begin a city name and that come second in one, so the scan decodes a
// character and tests a bit or two for almost every character of a text:
// 上 of 上班 and 大 of 大学 pass the first test and fail the second.
var cjkFirst, cjkSecond, citiesByFirst = func() (*cjkSet, *cjkSet, map[rune][]uint16) {
	var first, second cjkSet
	by := map[rune][]uint16{}
	for i, c := range cities {
		r := []rune(c)
		for _, x := range r {
			if x < 0x4E00 || x > 0x9FFF {
				panic("dedup: city name is not all CJK ideographs: " + c)
			}
		}
		first.add(r[0])
		second.add(r[1])
		by[r[0]] = append(by[r[0]], uint16(i+1))
	}
	return &first, &second, by
}()

// cjkSet is a set of CJK unified ideographs U+4E00–U+9FFF.
type cjkSet [0x5200 / 64]uint64

func (s *cjkSet) add(r rune) { s[(r-0x4E00)/64] |= 1 << ((r - 0x4E00) % 64) }

// has reports whether r, any rune ≥ 0x4E00 decoded from three bytes, is
// in the set.
func (s *cjkSet) has(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF && s[(r-0x4E00)/64]&(1<<((r-0x4E00)%64)) != 0
}

// cjkAt decodes the three-byte character at s[i], or returns 0.
func cjkAt(s string, i int) rune {
	if i+2 >= len(s) {
		return 0
	}
	c := s[i]
	if c < 0xE4 || c > 0xE9 || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
		return 0
	}
	return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
}

// placeOf returns the city of the gazetteer that the title and the
// description name, noPlace or severalPlaces.
func placeOf(title, description string) uint16 {
	p := scanPlaces(title, noPlace)
	if p == severalPlaces {
		return p
	}
	return scanPlaces(description, p)
}

// scanPlaces adds the cities named in s to p.
func scanPlaces(s string, p uint16) uint16 {
	for i := 0; i+5 < len(s); {
		if c := s[i]; c < 0xE4 || c > 0xE9 {
			i++
			continue
		}
		r := cjkAt(s, i)
		if r == 0 {
			i++
			continue
		}
		if !cjkFirst.has(r) || !cjkSecond.has(cjkAt(s, i+3)) {
			i += 3
			continue
		}
		step := 3
		for _, n := range citiesByFirst[r] {
			name := cities[n-1]
			if !strings.HasPrefix(s[i:], name) {
				continue
			}
			switch p {
			case noPlace:
				p = n
			case n:
			default:
				return severalPlaces
			}
			step = len(name)
			break
		}
		i += step
	}
	return p
}

// cityOf returns the gazetteer number of a normalized city field ("上海",
// "上海市", "红河州"), or 0 when the gazetteer does not list it.
func cityOf(city string) uint16 {
	if n, ok := cityNumber[city]; ok {
		return n
	}
	for _, suffix := range []string{"市", "地区", "自治州", "州", "新区"} {
		if rest, ok := strings.CutSuffix(city, suffix); ok {
			if n, ok := cityNumber[rest]; ok {
				return n
			}
		}
	}
	return 0
}
