package freetext

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// want is the part of a Post a table row checks; a nil slice is not checked.
type want struct {
	isJob   bool
	reason  string
	title   string
	titles  []string
	company string
	city    string
	cities  []string
	salary  string
	mode    string
	team    string // checked when set
	from    string // CompanyFrom, checked when set
}

func checkWant(t *testing.T, name string, got Post, w want) {
	t.Helper()
	if got.IsJob != w.isJob || got.Reason != w.reason {
		t.Errorf("%s: IsJob=%v Reason=%q, want %v %q", name, got.IsJob, got.Reason, w.isJob, w.reason)
		return
	}
	if got.Title != w.title {
		t.Errorf("%s: Title=%q, want %q", name, got.Title, w.title)
	}
	if w.titles != nil && !slices.Equal(got.Titles, w.titles) {
		t.Errorf("%s: Titles=%q, want %q", name, got.Titles, w.titles)
	}
	if got.Company != w.company {
		t.Errorf("%s: Company=%q, want %q", name, got.Company, w.company)
	}
	if got.City != w.city {
		t.Errorf("%s: City=%q, want %q", name, got.City, w.city)
	}
	if w.cities != nil && !slices.Equal(got.Cities, w.cities) {
		t.Errorf("%s: Cities=%q, want %q", name, got.Cities, w.cities)
	}
	if got.Salary != w.salary {
		t.Errorf("%s: Salary=%q, want %q", name, got.Salary, w.salary)
	}
	if got.WorkMode != w.mode {
		t.Errorf("%s: WorkMode=%q, want %q", name, got.WorkMode, w.mode)
	}
	if w.team != "" && got.Team != w.team {
		t.Errorf("%s: Team=%q, want %q", name, got.Team, w.team)
	}
	if w.from != "" && got.CompanyFrom != w.from {
		t.Errorf("%s: CompanyFrom=%q, want %q", name, got.CompanyFrom, w.from)
	}
}

// TestParseHeadings parses real heading lines from the corpus (the comment
// id is given for each), alone, as a comment that is only its heading.
func TestParseHeadings(t *testing.T) {
	tests := []struct {
		id   int64
		line string
		want want
	}{
		{3976689573, "### 【武汉】【Talkdesk】音视频业务前端开发工程师-音视频技术 20-30k", want{isJob: true,
			title: "音视频业务前端开发工程师", company: "Talkdesk", city: "武汉", salary: "20-30k"}},
		{591786437, "### 美团 北京、上海、厦门、成都四地 / 20K ~ 45K", want{isJob: true,
			company: "美团", city: "北京", cities: []string{"北京", "上海", "厦门", "成都"}, salary: "20K ~ 45K"}},
		{800313319, "SmartX - 存储、虚拟化、前端、后端、测试、产品 [北京、上海、深圳]", want{isJob: true,
			title: "存储", titles: []string{"存储", "虚拟化", "前端", "后端", "测试", "产品"}, company: "SmartX", city: "北京", cities: []string{"北京", "上海", "深圳"}}},
		{591795749, "### 高级前端开发工程师 / 袋鼠云（Base 杭州）/ 15K - 25K", want{isJob: true,
			title: "高级前端开发工程师", company: "袋鼠云", city: "杭州", salary: "15K - 25K"}},
		{591912246, "## 【广州】产品经理/助理   /好智信息", want{isJob: true,
			title: "产品经理", titles: []string{"产品经理", "助理"}, company: "好智信息", city: "广州"}},
		{592277756, "### **DBA & SRE |   360商業化線 |  北京** | T5 - T7  | 20k - 40k", want{isJob: true,
			title: "DBA", titles: []string{"DBA", "SRE"}, company: "360", team: "商業化線", city: "北京", salary: "20k - 40k"}},
		{592332244, "## 🚀🚀🚀 前端技术专家-网易严选", want{isJob: true, title: "前端技术专家", company: "网易严选", from: CompanyFromHeading}},
		{592477854, "# 微众银行 - 高级前端工程师", want{isJob: true, title: "高级前端工程师", company: "微众银行"}},
		{592852050, "# 【杭州/西安/成都/南京/北京/上海/深圳】盛立金融 招前端/后端/FPGA 多个岗位", want{isJob: true,
			title: "前端", titles: []string{"前端", "后端", "FPGA"}, company: "盛立金融", city: "杭州",
			cities: []string{"杭州", "西安", "成都", "南京", "北京", "上海", "深圳"}}},
		{593088676, "# 🚖 【滴滴出行】金融事业部招聘前端工程师", want{isJob: true, title: "前端工程师", company: "滴滴出行"}},
		{594408986, "### [北京][字节跳动]广告系统求后端/数据/算法", want{isJob: true,
			title: "后端", titles: []string{"后端", "算法"}, company: "字节跳动", city: "北京"}},
		{593211769, "# 腾讯 -【IBG】高级运维开发工程师（深圳）", want{isJob: true,
			title: "高级运维开发工程师", company: "腾讯", city: "深圳"}},
		{593946533, "# 腾讯 - 微信支付 - 全栈 - 深圳/广州 （长期有效）", want{isJob: true,
			title: "全栈", company: "腾讯", city: "深圳", cities: []string{"深圳", "广州"}}},
		{595563643, "# 华为CloudBU招聘高级软件工程师", want{isJob: true, title: "高级软件工程师", company: "华为", team: "CloudBU"}},
		{595635055, "### 【北京、杭州】阿里云开放平台招聘 - 前端P6起，Java、Go后端P7起", want{isJob: true,
			title: "前端", titles: []string{"前端", "Java", "Go后端"}, company: "阿里云", team: "开放平台", city: "北京"}},
		{596108582, "# Authing 招聘全栈开发工程师（北京）", want{isJob: true, title: "全栈开发工程师", company: "Authing", city: "北京"}},
		{1469235908, "### 社招内推｜ Cloud Software Group - CITRIX（思杰）南京研发中心", want{isJob: true,
			company: "Cloud Software Group", city: "南京"}},
		{921668270, "北京｜【句子互动】全栈开发、后端开发 20k-40k 杜绝996", want{isJob: true,
			title: "全栈开发", titles: []string{"全栈开发", "后端开发"}, company: "句子互动", city: "北京", salary: "20k-40k"}},
		{628343348, "# [杭州 可远程] 秘猿科技 招聘区块链工程师、前端工程师、后端工程师等等", want{isJob: true,
			title: "区块链工程师", company: "秘猿科技", city: "杭州", cities: []string{"杭州"}, mode: WorkRemote}},
		{604785317, "# 字节跳动 产品研发与工程架构部 北/上/杭/深 全职/实习 （长期有效）", want{isJob: true,
			company: "字节跳动", city: "北京", cities: []string{"北京", "上海", "杭州", "深圳"}}},
		{1432637813, "## 【北京小而美外企】Tubi 比图科技招聘资深工程师！", want{isJob: true,
			title: "资深工程师", company: "Tubi 比图科技", city: "北京"}},
		{890441266, "# 【外企内推】全球领先的金融科技公司 Airwallex", want{isJob: true, company: "Airwallex"}},
		{2042105816, "## 【远程】Cryptape-高级区块链开发工程师", want{isJob: true,
			title: "高级区块链开发工程师", company: "Cryptape", city: "", mode: WorkRemote}},
		{1972284928, "# 华光软件 SRE产品研发（远程工作团队，优先base北京）", want{isJob: true,
			title: "SRE产品研发", company: "华光软件", city: "北京", cities: []string{"北京"}, mode: WorkRemote}},
		{2160186588, "# 【社招】深圳 MoeGo 前端/后端/测试 初中高级都要", want{isJob: true,
			title: "前端", titles: []string{"前端", "后端", "测试"}, company: "MoeGo", city: "深圳"}},
		{3867177476, "【深圳】【非远程】国产电气工业软件 ecad 招聘前端工程师 20-30k", want{isJob: true,
			// a product after its kind names no employer; 非远程 is onsite
			title: "前端工程师", company: "", city: "深圳", cities: []string{"深圳"}, salary: "20-30k", mode: WorkOnsite}},
		{891527335, "# 无码科技（杭州）有限公司 @杭州滨江", want{isJob: true, company: "无码科技（杭州）有限公司", city: "杭州"}},
		{2309262148, "## 京东-北京/深圳-移动研发平台后端工程师", want{isJob: true,
			title: "移动研发平台后端工程师", company: "京东", city: "北京"}},
		{2264405551, "**游戏外设、赛车模拟，研发技术型公司-固胜智能-深圳南山 招聘 嵌入式软件主管 30-50K·16薪**", want{isJob: true,
			title: "嵌入式软件主管", company: "固胜智能", city: "深圳", salary: "30-50K·16薪"}},
		{2181901924, "# 招兼职 RN 前端 和 golang 后端 remote 18-26k", want{isJob: true,
			title: "RN 前端", titles: []string{"RN 前端", "golang 后端"}, city: "", salary: "18-26k", mode: WorkRemote}},
		{1596941933, "【远程办公】10-15K/前端开发工程师（小程序端）", want{isJob: true,
			title: "前端开发工程师（小程序端）", city: "", salary: "10-15K", mode: WorkRemote}},
		{1517265245, "# 希沃 seewo Android系统工程师 @广州", want{isJob: true,
			title: "seewo Android系统工程师", company: "希沃", city: "广州"}},
		{2650184047, "招聘 P6/P7 Java 30～60K 16～20薪  Base 深圳", want{isJob: true,
			title: "Java", city: "深圳", salary: "30～60K"}},
	}
	for _, tc := range tests {
		checkWant(t, tc.line, Parse(tc.line), tc.want)
	}
}

// TestParseBodies covers what a heading alone does not show: fields on
// labelled lines, non-posts, replies that quote a post, HTML.
func TestParseBodies(t *testing.T) {
	tests := []struct {
		name string
		body string
		want want
	}{
		{"labels (522900887)", "- 公司：**RingCentral**  （厦门铃盛软件）\r\n- 职位：**前端软件工程师**\r\n- 工作地点：福建省厦门市\r\n",
			want{isJob: true, title: "前端软件工程师", company: "RingCentral", city: "厦门", from: CompanyFromLabel}},
		{"place under its label (900925448)", "## 美团-到店综合-高级前端开发工程师\r\n\r\n工作地点：\r\n上海\r\n",
			want{isJob: true, title: "高级前端开发工程师", company: "美团", city: "上海"}},
		{"table without outer pipes (543665508)", "# [唐山]启奥科技股份有限公司  JAVA/.NET/PHP/测试\n## 二、人才招聘\n\n岗位|人数|专业要求|学历要求|薪资\n--|--|--|--|--\nJava开发工程师|5|计算机相关|本科及以上，硕士优先|首年年薪6-15万\n.net开发工程师|3|计算机相关|本科及以上|首年年薪6-15万\n",
			want{isJob: true, title: "JAVA", titles: []string{"JAVA", ".NET", "PHP", "测试", "Java开发工程师", ".net开发工程师"}, company: "启奥科技股份有限公司", city: "唐山", salary: "6-15万"}},
		{"salary label", "### 识货APP招聘Golang开发工程师\n工作地点: 上海、五角场\n薪资：20~40k * 16薪\n",
			want{isJob: true, title: "Golang开发工程师", company: "识货APP", city: "上海", salary: "20~40k * 16薪"}},
		{"html heading (2046670358)", "<h1>无码科技（杭州）有限公司</h1><p>无码科技团队于 2016 年在杭州成立。</p><h1>前端开发工程师</h1><p><b>工作职责：</b></p>",
			want{isJob: true, title: "前端开发工程师", company: "无码科技（杭州）有限公司", city: "杭州"}},
		{"titles under a header", "**Apifox 长期招聘**\n\n### 招聘职位\n初中级前端开发工程师 12~25K\n高级前端开发工程师 20~40K\n",
			want{isJob: true, title: "初中级前端开发工程师", titles: []string{"初中级前端开发工程师", "高级前端开发工程师"}, company: "Apifox", salary: "12~25K"}},
		{"remote negated (1663368189)", "# 金数据招聘后端开发工程师@西安\r\n\r\n- 工作地点：西安市雁塔区高新五路 4 号汇诚国际 16F 。 **岗位暂不支持远程**\r\n",
			want{isJob: true, title: "后端开发工程师", company: "金数据", city: "西安", cities: []string{"西安"}, mode: WorkOnsite}},
		{"editor summary (591479390)", "上一期《谁在招人？》的招聘汇总，这些工作岗位都依然有效，有意的朋友可以继续投：\r\n\r\n- [字节跳动飞书](https://github.com/ruanyf/weekly/issues/983#issuecomment-559130872)：杭州。前端/后端。",
			want{reason: ReasonSummary}},
		{"closing notice", "本帖关闭，欢迎访问下一期[《谁在招人？》](https://github.com/ruanyf/weekly/issues/1315)。\r\n\r\n所有岗位已经在那里汇总。",
			want{reason: ReasonNotice}},
		{"notice", "本月招聘帖关闭，欢迎访问下月招聘帖 https://github.com/ruanyf/weekly/issues/7169 ，新岗位请发布到那里。",
			want{reason: ReasonNotice}},
		{"complaint (592972571)", "不好意思提个建议哈，不贴薪资范围的招聘岗位都是在耍流氓。都21世纪20年代市场经济时代了，明码标价，不坑蒙拐骗，提高效率哈。",
			want{reason: ReasonQuestion}},
		{"question (1815798099)", "请问，深圳没有岗位吗，连续几期完全没有看到base深圳的...", want{reason: ReasonQuestion}},
		{"@reply (2449584365)", "@cookingBird 不是写了深圳了吗？😂", want{reason: ReasonReply}},
		{"quote and question (948283972)", "> ### [华泰证券] Web 前端招聘，机会少有，欢迎关注！\n> **基本情况：**\n> 岗位职责：负责…\n\n你这个硕士有无全日制要求",
			want{reason: ReasonReply}},
		{"repost in a quote (1773713360)", "> > Ku即时通讯专案技术团队徵才 工作地点:日本 大坂\n> > 職缺 1.【产品经理x2】$3500-5000 2.【前端工程师x4】$3000-5000\n> > 岗位要求、职责 欢迎联络HR\n是",
			// a team with no company named anywhere is a team
			want{isJob: true, title: "产品经理", company: "", team: "Ku即时通讯专案技术团队", city: "大阪", salary: "$3500-5000"}},
		{"résumé (1476083647)", "# 个人求职 - 前端开发\r\n\r\nGitHub：https://github.com/coder-hxl\r\n\r\n邮箱：<email>\r\n\r\n本人正在求职，若是看上，可以通过邮箱与我联系。",
			want{reason: ReasonJobSeeking}},
		{"蹲 (2865717722)", "蹲一个嵌入式的", want{reason: ReasonJobSeeking}},
		{"volunteer (1576825075)", "CloudOrc/SolidUI 开源社区，招募共建\r\n\r\n## 内容\r\n代码共建（前端，Java，python等等）", want{reason: ReasonVolunteer}},
		// a bank's own units after its name, a place between them
		{"bank, units, place", "社招！建设银行总行信息科技部成都科技研发中心\n招聘岗位：Java开发工程师\n",
			want{isJob: true, title: "Java开发工程师", company: "建设银行", team: "总行信息科技部", city: "成都"}},
		// a list of fields ending in 公司 says what kind of company, names none
		{"kind of company", "**智能硬件、机器人公司 招嵌入式软件工程师 30-50K**\n岗位职责：负责底层开发\n",
			want{isJob: true, title: "嵌入式软件工程师", company: "", salary: "30-50K"}},
		// a technology and its version before a unit names no employer
		{"version before a unit", "### 新加坡Web3.0技术服务中心\n\n工作地点：新加坡\n\n### 后端开发工程师 （2位）\n\n薪资待遇：5000 — 8000美元\n\n岗位要求：3年以上后端开发经验\n",
			want{isJob: true, title: "后端开发工程师", company: "", team: "Web3.0技术服务中心", city: "新加坡", salary: "5000 — 8000美元"}},
		// a platform in a sentence is not the employer
		{"platform in a sentence", "地点：成都\n亮点：\n·微信指数行业第一的 NFT 公司\n### 后端开发工程师\n",
			want{isJob: true, title: "后端开发工程师", company: "", city: "成都"}},
		{"image only", "![image](https://user-images.githubusercontent.com/1/2.png)\r\n", want{reason: ReasonImageOnly}},
		{"empty", " \r\n ", want{reason: ReasonEmpty}},
	}
	for _, tc := range tests {
		checkWant(t, tc.name, Parse(tc.body), tc.want)
	}
}

func TestFindSalary(t *testing.T) {
	tests := []struct {
		in       string
		labelled bool
		want     string
	}{
		{"音视频业务前端开发工程师 20-30k", false, "20-30k"},
		{"美团 / 20K ~ 45K", false, "20K ~ 45K"},
		{"25-50K·15薪，年终奖", false, "25-50K·15薪"},
		{"月 20k-40k*13-15 薪 年 20-70 万", false, "20k-40k*13-15 薪"},
		{"预期年薪40~60万元。", false, "40~60万元"},
		{"$3000-6000", false, "$3000-6000"},
		{"USD 4,000 – 8,000 / 月", false, "USD 4,000 – 8,000"},
		{"薪资：15001-30000", true, "15001-30000"},
		{"15001-30000", false, ""},              // no unit, no label
		{"3-5年工作经验", false, ""},                 // years of experience
		{"P6-P7", false, ""},                    // levels
		{"2020-2021届毕业生", false, ""},            // class years
		{"季度绩效奖金5K-10K", false, ""},             // a bonus, not pay
		{"日餐标80-100元/人", false, ""},             // an allowance
		{"实习生 300-500元/天", false, "300-500元/天"}, // a day rate
		{"薪资范围： 35K--65K *18月", true, "35K--65K *18"},
	}
	for _, tc := range tests {
		if got := findSalary(tc.in, tc.labelled); got != tc.want {
			t.Errorf("findSalary(%q, %v) = %q, want %q", tc.in, tc.labelled, got, tc.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"heading and bold", "### **高级 Web 前端工程师**\r\n\r\n**职位描述**", "高级 Web 前端工程师\n\n职位描述"},
		{"image dropped, link text kept", "![bg](https://x/y.png)\n[疯狂游戏](http://www.hortorgames.com)，国内小游戏 Top 1 公司。", "疯狂游戏，国内小游戏 Top 1 公司。"},
		{"link wrapped over a line", "[比特大陆](https://www.bitmain.com/ \n)矿池团队。", "比特大陆矿池团队。"},
		{"quote and list", "> - 入职即获15天年假\n> * 男性陪产假18周", "入职即获15天年假\n男性陪产假18周"},
		{"ordered list kept", "1. 负责前端\n2、熟悉 Vue", "1. 负责前端\n2、熟悉 Vue"},
		{"table", "| 开放职位 | 求贤数量 |\n| ----- | ---- |\n| 资深 Java 后端开发 | 5 |", "开放职位\t求贤数量\n资深 Java 后端开发\t5"},
		{"html", "<p>公司官网：<a href='www.nocode.com'>www.nocode.com</a></p><ul><li>五险一金</li></ul>", "公司官网：www.nocode.com\n\n五险一金"},
		{"redaction marks are text", "邮箱：<email>，<深圳>技术主管", "邮箱：<email>，<深圳>技术主管"},
		{"entities", "R&amp;D &lt;3", "R&D <3"},
		{"rules and fences dropped", "上\n---\n\n```\ncode\n```\n————————\n下", "上\n\ncode\n\n下"},
		{"full-width digits and radicals", "⾼级Java后端⼯程师 ２０Ｋ", "高级Java后端工程师 20K"},
		{"emoji short code", "# :rocket: Golang网络协议工程师 :rocket:", "Golang网络协议工程师"},
		{"invalid utf-8", "ab\xffcd", "ab cd"},
	}
	for _, tc := range tests {
		if got := PlainText(tc.in); got != tc.want {
			t.Errorf("%s: PlainText(%q)\n got %q\nwant %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestThreadMonth(t *testing.T) {
	tests := []struct {
		title string
		want  string // "" when no month
	}{
		{"谁在招人？（2020年3月）", "2020-03-01"},
		{"谁在招人？（2020年9月-10月）", "2020-09-01"},
		{"谁在招人？（2023年1月~2月）", "2023-01-01"},
		{"谁在招人？", ""},
		{"谁在招人？（2020年13月）", ""},
	}
	for _, tc := range tests {
		m, ok := ThreadMonth(tc.title)
		got := ""
		if ok {
			got = m.Format(time.DateOnly)
		}
		if got != tc.want {
			t.Errorf("ThreadMonth(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

// TestCities checks the city scanner on the places posters write.
func TestCities(t *testing.T) {
	tests := []struct {
		in        string
		districts bool
		want      string
	}{
		{"上海市浦东新区", true, "上海"},
		{"坐标：北京西二旗", true, "北京"},
		{"深圳南山", true, "深圳"},
		{"杨浦区五角场", true, "上海"},
		{"吉林大学", false, ""},
		{"南京银行消费金融中心", false, ""},
		{"可远程", false, Remote},
		{"不支持远程", false, ""},
		{"远程面试", false, ""},
		{"Remote / Singapore", false, Remote + ",新加坡"},
		{"北/上/杭/深", false, ""}, // abbreviations are read by the heading parser, not here
		// a street named after another city, in an address
		{"上海市虹口区四平路 96 号", true, "上海"},
		{"北京市海淀区兰州街维亚大厦", true, "北京"},
		{"杭州市西湖区宁波北路 1 号", true, "杭州"},
	}
	for _, tc := range tests {
		if got := strings.Join(citiesIn(tc.in, tc.districts), ","); got != tc.want {
			t.Errorf("citiesIn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
