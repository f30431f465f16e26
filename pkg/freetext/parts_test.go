package freetext

import (
	"slices"
	"testing"
)

// The pieces the parser is built from, on lines of the real corpus (the
// comment id is given where the line comes from one).

func TestSplitTeam(t *testing.T) {
	tests := []struct{ in, company, team string }{
		{"拼多多容器平台", "拼多多", "容器平台"},                          // 2933177274
		{"华为CloudBU", "华为", "CloudBU"},                      // 595563643
		{"阿里云开放平台", "阿里云", "开放平台"},                          // 595635055
		{"字节跳动 Web Infra 团队", "字节跳动", "Web Infra 团队"},       // 1838136742
		{"GrowingIO 产研团队", "GrowingIO", "产研团队"},             // 797281192
		{"涂鸦智能前端团队", "涂鸦智能", "前端团队"},                        //
		{"袋鼠云数栈 UED", "袋鼠云", "数栈 UED"},                      // 1233629424: one employer, its product's team
		{"深圳市腾讯计算机系统有限公司 微信事业群", "深圳市腾讯计算机系统有限公司", "微信事业群"}, //
		{"北京字节跳动科技有限公司", "北京字节跳动科技有限公司", ""},
		{"阿里巴巴集团", "阿里巴巴集团", ""},
		{"Airwallex", "Airwallex", ""},
	}
	for _, tt := range tests {
		if c, team := splitTeam(tt.in); c != tt.company || team != tt.team {
			t.Errorf("splitTeam(%q) = %q, %q; want %q, %q", tt.in, c, team, tt.company, tt.team)
		}
	}
}

func TestWorkMode(t *testing.T) {
	tests := []struct{ body, want string }{
		{"# 某公司招前端\n工作地点：上海\n每周1-2天远程，其余时间到岗", WorkHybrid},
		{"# 招后端\n福利：不打卡不加班➕每周1天在家办公", WorkHybrid}, // 1002886417: a negation in the clause before
		{"# 招后端\nBooking.com是一家文化超棒的公司, 没有996, 人性化管理，灵活在家办公", WorkHybrid},
		{"# [杭州 可远程] 秘猿科技 招聘区块链工程师", WorkRemote},
		{"# 招 Go 后端\n岗位暂不支持远程", WorkOnsite},
		{"# 招 Go 后端\n工作方式：需全职坐班On site", WorkOnsite},
		{"# 招 Go 后端\n疫情期间全员远程办公，现已恢复", ""},
		{"# 招 Go 后端\n工作地点：北京", ""},
	}
	for _, tt := range tests {
		if got := Parse(tt.body).WorkMode; got != tt.want {
			t.Errorf("WorkMode of %q = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestListTitles(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // every one must be found
	}{
		{"heading with a note (605635567)", "## 字节跳动 - 服务架构 - 北京\n### 团队介绍\n服务架构团队支持互娱研发部门。\n### 招聘岗位(后台开发/架构)\n精简版:\n- 框架和应用网关工程师/架构师\n- 影像业务后台开发工程师\n",
			[]string{"框架和应用网关工程师", "影像业务后台开发工程师"}},
		{"items under a company introduction (1457610536)", "开源项目Colossal-AI招聘\n**公司介绍**\n潞晨科技致力于解放AI生产力。\n- AI编译器开发工程师\n- 云计算研发工程师\n",
			[]string{"AI编译器开发工程师", "云计算研发工程师"}},
		{"a line above 职位描述 (839421738)", "西安葡萄城信息技术有限公司\n职位列表：\n1、 云产品经理\n职位描述：\n• 负责云产品规划；\n岗位要求：\n• 本科及以上学历；\n2、 技术顾问（售前）\n职位描述：\n• 负责售前工作；\n",
			[]string{"云产品经理", "技术顾问（售前）"}},
		{"a dash and what the work is (1116887835)", "Kong China 持续火热招聘！热招职位如下：\n\n1. Senior Frontend Engineer (API Gateway) - 组件开发，云公用组件库开发\n2. Sustaining Engineer - 负责 Kong 企业版的定制开发和高级技术支持。需要有 OpenResty/Lua/Nginx 经验\n",
			[]string{"Senior Frontend Engineer (API Gateway)", "Sustaining Engineer"}},
		{"另有…等岗位 (796502883)", "全球top OTA Booking.com 上海招聘前端开发\n\n联系方式：<email>\n另有后端、产品、IOS、Android、测试等岗位开发，感兴趣的小伙伴欢迎咨询",
			[]string{"后端", "产品", "测试"}},
		{"a share card (3757942276)", "邀请你投递 简历发送\n业务技术-高级AI前端开发工程师-直播业务\n杭州北京 | 淘天集团|社招\n职位描述：\n我们是淘天集团直播团队。",
			[]string{"高级AI前端开发工程师"}},
		{"a table after its rule row (1002886417)", "# Wiredcraft 简介\n\n| 开放职位 | 求贤数量 | 投递链接 |\n| ----- | ---- | ---- |\n| 资深 Java 后端开发 | 5 | [→ 申请Java职位](https://wiredcraft.com/jobs/) |\n| 运维工程师 | 2 | [→ 申请DevOps职位](https://wiredcraft.com/jobs/devops/) |\n",
			[]string{"资深 Java 后端开发", "运维工程师"}},
		{"a place after the title (3256876662)", "拼多多集团-PDD社招火热进行中！（直推） 坐标：上海\n1.Java开发工程师（风控方向） 坐标：上海\n岗位职责\n参与风控系统的架构设计；\n",
			[]string{"Java开发工程师（风控方向）"}},
	}
	for _, tt := range tests {
		got := Parse(tt.body).Titles
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: Titles=%q, want %q among them", tt.name, got, w)
			}
		}
	}
}

func TestKeepTitles(t *testing.T) {
	got := keepTitles([]string{"发送邮件到 <email>", "加微信 wenshinyan", "申请Node.js职位", "另有移动端开发", "7月 6月", "Base 上海",
		"2 、后端开发", "C端产品经理 （2位）", "高级前端、资深前端、前端专家", "Lazada-Java Engineer", "社招-懂车帝-前端开发工程师",
		"前端研发工程师 Front-end Engineer", "Go）", "22k内", "微信视频号前端开发工程师"}, "阿里巴巴", "")
	want := []string{"后端开发", "C端产品经理", "高级前端", "资深前端", "前端专家", "Java Engineer", "前端开发工程师", "前端研发工程师", "微信视频号前端开发工程师"}
	if !slices.Equal(got, want) {
		t.Errorf("keepTitles = %q,\nwant %q", got, want)
	}
}

func TestCompanyFrom(t *testing.T) {
	tests := []struct{ name, body, company, from string }{
		{"heading", "# 微众银行 - 高级前端工程师", "微众银行", CompanyFromHeading},
		{"link in the heading (WiseTech)", "# 澳大利亚Top科技公司 [WiseTech Global](https://www.wisetechglobal.com) 南京Office招人\n\n公司 / 中文名「慧咨环球」，澳交所上市", "WiseTech Global", CompanyFromLink},
		{"label", "- 公司：**RingCentral**  （厦门铃盛软件）\n- 职位：**前端软件工程师**", "RingCentral", CompanyFromLabel},
		{"body sentence (741657200)", "### Java中高级工程师\n## 我们是谁？\n我们是一家新成立的Prop Tech公司REinvent Studio, 我们是地产中最懂Tech的", "REinvent Studio", CompanyFromBody},
		{"公司名 (3805954362)", "我们是一个成熟旅游行业团队的技术创业小分队，公司名CTMC。大目标是引入数据驱动。\n招聘后端工程师", "CTMC", CompanyFromBody},
		{"a 简介 heading and the full name", "//# Golang网络协议工程师 成都 内推\n### 岗位职责\n1. 协议设计\n### 【卓拙简介】\n卓拙科技（以下简称卓拙）自2012年成立以来，一直致力于技术驱动型创新。", "卓拙科技", CompanyFromBody},
		{"hashtags (the brief's #深圳# #小波微粒#)", "#深圳# #小波微粒# #AIGC#\n招聘前端工程师", "小波微粒", CompanyFromHeading},
	}
	for _, tt := range tests {
		p := Parse(tt.body)
		if p.Company != tt.company || p.CompanyFrom != tt.from {
			t.Errorf("%s: Company=%q from %q, want %q from %q", tt.name, p.Company, p.CompanyFrom, tt.company, tt.from)
		}
	}
}

func TestParseHN(t *testing.T) {
	tests := []struct {
		html    string
		company string
		roles   []string
		places  []string
		mode    string
	}{
		{`Tophatter (<a href="https:&#x2F;&#x2F;tophatter.com">https:&#x2F;&#x2F;tophatter.com</a>) | San Francisco + Palo Alto | Full Stack Software Engineer | Full Time - Onsite`,
			"Tophatter", []string{"Full Stack Software Engineer"}, []string{"San Francisco", "Palo Alto"}, WorkOnsite},
		{`London, UK | Chaser | Engineering | Full-time | ONSITE`, "Chaser", []string{"Engineering"}, []string{"London, UK"}, WorkOnsite},
		{`Location: Atlanta, GA<p>Company: Experience ( <a href="http://www.expapp.com/">http://www.expapp.com/</a> )</p>`, "Experience", nil, []string{"Atlanta, GA"}, ""},
		{`DuckDuckGo | Frontend Engineer | Paoli PA | REMOTE, VISA`, "DuckDuckGo", []string{"Frontend Engineer"}, []string{"Paoli PA"}, WorkRemote},
		{`Microsoft | Redmond | Boston | not-remote`, "Microsoft", nil, []string{"Redmond", "Boston"}, WorkOnsite},
		{`The Associated Press | Cranbury, NJ | Junior Front-End Web Developer | Full Time, Onsite`, "The Associated Press", []string{"Junior Front-End Web Developer"}, []string{"Cranbury, NJ"}, WorkOnsite},
		{`Visa Inc | Lead DevOps / Platform Engineer | Kubernetes / OpenShift | Onsite | Austin, TX`, "Visa Inc", nil, []string{"Austin, TX"}, WorkOnsite},
		{`Toronto, Ontario, Canada<p>Achievers</p><p>Software Developer (1), Software Test Developer (1)</p>`, "Achievers", nil, nil, ""},
		// a role, then its employer; a name before a known city
		{`Senior Backend Engineer, Etsy - Brooklyn, NY`, "Etsy", []string{"Senior Backend Engineer"}, nil, ""},
		{`Research Engineer — CMU Pittsburgh, PA`, "CMU", []string{"Research Engineer"}, []string{"Pittsburgh, PA"}, ""},
		{`Platform Engineer - South San Francisco, CA`, "", []string{"Platform Engineer"}, []string{"South San Francisco, CA"}, ""},
		// a call to action, a list and a list of roles name no company; the body or the link does
		{`Berlin - REMOTE - Apply at https://jobs.lever.co/x<p>Fooply has built the invoicing tool for clubs.</p>`, "Fooply", nil, nil, WorkRemote},
		{`Austin, TX | ONSITE | Visa OK (TN, OPT, or H-1B transfer) | $120k`, "", nil, []string{"Austin, TX"}, WorkOnsite},
		{`Denver, CO | Backend Dev, Frontend Dev | Onsite | https://quarrystone.io`, "quarrystone", []string{"Backend Dev", "Frontend Dev"}, nil, WorkOnsite},
		// the place of a sentence that names the company
		{`Thinkful based in NYC: We're looking for software engineers interested in helping us build`, "Thinkful", []string{"software engineers"}, []string{"NYC"}, ""},
		// a list of roles too long for a list by its length alone
		{`Amazon Infosec - Infrastructure | System Development Engineer, Senior Software Engineer in Machine Learning, Software Development Engineer with Security passion | Seattle, WA`,
			"Amazon Infosec", []string{"System Development Engineer", "Senior Software Engineer in Machine Learning", "Software Development Engineer with Security passion"}, []string{"Seattle, WA"}, ""},
		// a flag in brackets after the place, which the header's last "]" loses
		{`Angaza | Frontend; Product Management | San Francisco [ONSITE]`, "Angaza", []string{"Frontend", "Product Management"}, []string{"San Francisco"}, WorkOnsite},
		{`Pune/Onsite<p>3D Hubs is a product studio.</p>`, "3D Hubs", nil, nil, WorkOnsite},
		{`Backend Engineer - ONSITE in Boston<p>Wayfarer helps airlines price seats.</p>`, "Wayfarer", nil, nil, WorkOnsite},
		{`Leeds, UK. ONSITE. Python, Django, React Developers.`, "", []string{"Python, Django, React Developers"}, nil, WorkOnsite},
	}
	for _, tt := range tests {
		p := ParseHN(tt.html)
		if p.Company != tt.company || tt.roles != nil && !slices.Equal(p.Roles, tt.roles) ||
			tt.places != nil && !slices.Equal(p.Places, tt.places) || p.WorkMode != tt.mode {
			t.Errorf("ParseHN(%q) = %+v,\nwant company %q roles %q places %q mode %q", tt.html, p, tt.company, tt.roles, tt.places, tt.mode)
		}
	}
}
