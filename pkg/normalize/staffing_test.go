package normalize

import "testing"

// Real company names from the corpus (jobhunting-2024 unless marked HN),
// each labelled by reading the name and the firm's postings: does the firm
// post jobs for other employers?
var staffingCases = []struct {
	name  string
	agent bool
	why   string
}{
	{"内蒙古小草人力资源服务有限公司", true, "人力资源服务; posts one 软件开发 template to ten cities"},
	{"湖北承众人力资源有限公司", true, "人力资源"},
	{"芜湖薪多聘人力资源有限公司", true, "人力资源"},
	{"北京中科航天人才服务有限公司", true, "人才服务"},
	{"北京外企德科人力...", true, "FESCO Adecco, name cut by BOSS"},
	{"万宝盛华企业管理咨询(上海)有限公司浦东分公司", true, "ManpowerGroup, registered as 企业管理咨询"},
	{"上海喆道人才咨询有限公司", true, "headhunter (套件测试工程师 for a car maker)"},
	{"深圳市鹏劳人力资源管理有限公司", true, "人力资源"},
	{"前程无忧大连招聘项目组", true, "51job's recruitment project team"},
	{"上海富歆企业服务外包有限公司", true, "服务外包"},
	{"苏州英格玛服务外包股份有限公司", true, "服务外包"},
	{"深圳市鹏翔劳务派遣有限公司", true, "劳务派遣"},
	{"鹤壁市淇滨区泓信劳务信息咨询部", true, "劳务"},
	{"重庆职直聘企业管理有限公司", true, "recruitment brand 职直聘"},
	{"运力闪聘(南京)企业管理有限公司", true, "recruitment brand 闪聘"},
	{"瀚聘(上海)商务咨询有限公司", true, "recruitment brand 瀚聘"},
	{"某大型人力资源服务公司", true, "anonymous HR service firm"},
	{"南京市人才服务中心", true, "talent service centre"},
	{"科技城人才市场", true, "talent market"},
	{"上海中智项目外包咨询服务有限公司", true, "CIIC project outsourcing"},
	{"武汉佰钧成技术有限责任公司", true, "IT staff outsourcer (JAVA开发-大厂)"},
	{"中软国际科技服务有限公司", true, "IT staff outsourcer"},
	{"前锦网络信息技术(上海)有限公司", true, "51job's operating company, posts for clients"},
	{"九江诚猎人力资源有限公司", true, "人力资源"},
	{"ＣｒｏｗｄＳｔａｆｆｉｎｇ", true, "HN: CrowdStaffing, full-width here"},
	{"CrowdStaffing", true, "HN: a staffing marketplace"},
	{"Acme HR Services Ltd.", true, "HR as a word"},

	{"字节跳动", false, "employer"},
	{"华为技术有限公司", false, "employer"},
	{"兴业数字金融服务(上海)股份有限公司", false, "employer; 服务 is not staffing"},
	{"凯捷咨询(中国)有限公司", false, "IT consulting firm hiring its own staff"},
	{"安永商务咨询(大连)有限公司", false, "EY, employer"},
	{"屈臣氏珠海横琴管理咨询有限公司深圳分公司", false, "Watsons' own entity"},
	{"合肥青蚨会计咨询服务有限公司", false, "accounting firm"},
	{"长兴县人力资源和社会保障局", false, "government bureau, not an agency"},
	{"深圳德科安电子有限公司", false, "德科 inside another word"},
	{"东软集团", false, "software company"},
	{"深圳拓邦股份有限公司", false, "employer"},
	{"SportsRecruits", false, "HN: recruiting platform for athletes, not an agency"},
	{"Talentwunder", false, "HN: recruiting software"},
	{"", false, "empty"},
}

func TestIsStaffingAgency(t *testing.T) {
	for _, c := range staffingCases {
		if got := IsStaffingAgency(c.name); got != c.agent {
			t.Errorf("IsStaffingAgency(%q) = %v, want %v (%s)", c.name, got, c.agent, c.why)
		}
	}
}

// staffingSample is 80 company names drawn at random (seed 77) from the
// 7,000-odd distinct names of jobhunting-2024 and labelled by reading each
// name with its postings' titles before IsStaffingAgency was run on them.
// Its first version missed 中智湖北经济技术合作 (CIIC); "经济技术合作" was
// added after this sample was scored.
var staffingSample = []struct {
	name  string
	agent bool
}{
	{"苏州坤翔精密模具有限公司", false},
	{"合肥智芯半导体有限公司", false},
	{"安永商务咨询(大连)有限公司", false},
	{"北京易多客信息技术有限公司", false},
	{"博坦德工业工程技术(上海)有限公司", false},
	{"北京小米科技有限责任", false},
	{"融捷投资控股集团有限公司", false},
	{"中智湖北经济技术合作有限公司", true},
	{"大连鲸立教育科技有限公司", false},
	{"数字马力", false},
	{"正弦电气", false},
	{"河南盒盒商贸有限公司", false},
	{"南昌岳歌服饰有限公司", false},
	{"亿悦科技", false},
	{"欣旺达电子股份有限公司", false},
	{"浙江金安公共安全技术有限公司", false},
	{"深圳市奇异火科技有限公司", false},
	{"星数科技", false},
	{"Cadence(上海楷登电子科技有限公司)", false},
	{"通用磨坊(中国)投资有限公司", false},
	{"国动网络通信集团股份有限公司", false},
	{"上海北汇信息科技有限公司", false},
	{"象辑科技股份有限公司", false},
	{"昇辉控股有限公司", false},
	{"冶金自动化研究设计院", false},
	{"芜湖星燕人力资源有限公司", true},
	{"苏州鼎锐软件科技有限公司", false},
	{"北京外播叁科技有限公司", false},
	{"智驰华芯(无锡)传感科技有限公司", false},
	{"豪隆医疗集团", false},
	{"广州天辰信息科技有限公司", false},
	{"北京中科镭特电子有限公司", false},
	{"小妖网络", false},
	{"安徽图澜通讯科技有限公司", false},
	{"中电万维信息技术有限责任公司", false},
	{"上海顺景电子科技有限公司", false},
	{"某美容公司", false},
	{"美律科技(福建)有限公司", false},
	{"吴中区灵犀力策划工作室(个体工商户)", false},
	{"某大型企业服务公司", false},
	{"扬州铭凯文化传媒有限公司", false},
	{"北京络捷斯特科技发展股份有限公司", false},
	{"南京合为电气科技有限公司", false},
	{"北京太维医疗科技", false},
	{"上海网擎信息系统有限公司", false},
	{"上海迈什信息技术", false},
	{"辅易航智能科技(苏州)有限公司", false},
	{"北京梵可娜化妆品销售", false},
	{"深圳普门科技股份有限公司", false},
	{"武汉丹心相伴医药咨询有限公司", false},
	{"黔西南州耀邦科技(集团)有限公司", false},
	{"徐州宾果网络科技有限公司", false},
	{"江苏省中经人力资源开发服务有限责任公司", true},
	{"深圳鹏智瑞数字营销有限公司", false},
	{"某大型汽车研发/制造上市公司", false},
	{"上海芸味食品有限公司", false},
	{"东莞金猫汽车销售服务有限公司", false},
	{"贵州玉珏网络技术服务有限责任公司", false},
	{"苏州市睿晟泓源企业管理咨询有限公司", false},
	{"清远市清城区忠华...", false},
	{"珠海市鹿鸣智慧科技有限公司", false},
	{"医信数智", false},
	{"瑞伍德供应链管理(深圳)有限公司", false},
	{"宝鸡智启睿行信息科技有限公司", false},
	{"追觅科技(苏州)有限公司", false},
	{"上海颜惊泓企业管理有限公司", false},
	{"东莞市中心定点屠宰场股份有限公司", false},
	{"武汉达梦数据库股份有限公司", false},
	{"成都旋极星源信息技术有限公司", false},
	{"西安开驰曼", false},
	{"上海赫丰国际物流有限公司", false},
	{"翰肯集成电路(上海)有限公司", false},
	{"联通支付有限公司", false},
	{"某大型服装/纺织上市公司", false},
	{"中国电子口岸数据中心上海分中心", false},
	{"四川塞曼科学仪器有限公司", false},
	{"怡江佳好酒店", false},
	{"浙江某中型半导体/芯片公司", false},
	{"罗斯福商业(上海)有限公司", false},
	{"标克贸易(深圳)有限公司", false},
}

func TestIsStaffingAgencySample(t *testing.T) {
	tp, fp, fn := 0, 0, 0
	for _, c := range staffingSample {
		got := IsStaffingAgency(c.name)
		switch {
		case got && c.agent:
			tp++
		case got && !c.agent:
			fp++
			t.Errorf("%q flagged, labelled an employer", c.name)
		case !got && c.agent:
			fn++
			t.Errorf("%q missed, labelled an agency", c.name)
		}
	}
	t.Logf("random sample of %d names: %d agencies, %d flagged correctly, %d wrongly, %d missed", len(staffingSample), tp+fn, tp, fp, fn)
}
