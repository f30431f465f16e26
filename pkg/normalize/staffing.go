package normalize

import (
	"strings"
	"unicode"
)

// staffingWords are name parts that make a company a staffing, labour
// dispatch, outsourcing or headhunting firm: such firms post jobs on
// behalf of other employers, so they are not the employer of the job.
// "聘" covers the recruitment brands (薪多聘, 职直聘, 闪聘, 瀚聘, 猎聘);
// "经济技术合作" and "外服" the state foreign-service staffing companies
// (中智XX经济技术合作有限公司, 南油外服).
var staffingWords = []string{
	"劳务", "派遣", "人力", "人才", "外包", "猎头", "职介", "职业介绍", "招聘", "聘",
	"经济技术合作", "外服",
}

// staffingBrands are large staffing and IT staff-outsourcing firms whose
// names say neither: ManpowerGroup China registers as 企业管理咨询, 51job's
// recruitment-process arm as 前锦网络, and the IT outsourcers that staff
// client projects ("华为OD", "JAVA开发-大厂") as 科技/技术 companies.
var staffingBrands = []string{
	"万宝盛华", "任仕达", "前锦网络", "前程无忧", "智联招聘",
	"中软国际", "软通动力", "文思海辉", "佰钧成", "法本信息", "博彦科技",
}

// staffingEnglish are English name parts with the same meaning. "talent"
// and "recruit" alone are left out: they name recruiting software and
// marketplaces (Talentwunder, SportsRecruits) as often as agencies.
var staffingEnglish = []string{
	"staffing", "manpower", "headhunt", "outsourcing", "executive search", "human resource",
	"recruitment", "recruiting", "recruiters", "personnel", "randstad", "adecco", "hays ",
	"michael page", "robert walters", "kelly services", "persolkelly",
}

// notStaffing are names that contain a staffing word without being an
// agency: the government's human-resources and social-security bureaus.
var notStaffing = []string{"社会保障"}

// IsStaffingAgency reports whether a company name is that of a labour
// dispatch (劳务派遣), human-resources service (人力资源), talent service
// (人才服务), outsourcing (外包, 服务外包) or headhunting (猎头) firm, in
// Chinese or English, or of a large staffing brand. It judges the name
// only: an agency registered as an ordinary 企业管理 or 信息咨询 company
// is missed here and is found by the evidence of its postings instead
// (dedup.TemplatePosters: most of its ads are templates seen under many
// other company names).
func IsStaffingAgency(companyName string) bool {
	name := strings.ToLower(FoldWidth(strings.TrimSpace(companyName)))
	if name == "" {
		return false
	}
	for _, w := range notStaffing {
		if strings.Contains(name, w) {
			return false
		}
	}
	for _, list := range [][]string{staffingWords, staffingBrands} {
		for _, w := range list {
			if strings.Contains(name, w) {
				return true
			}
		}
	}
	if !hasLatinLetter(name) {
		return false
	}
	padded := name + " "
	for _, w := range staffingEnglish {
		if strings.Contains(padded, w) {
			return true
		}
	}
	// "HR" as a word: "Acme HR Services", "HR Solutions".
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if f == "hr" {
			return true
		}
	}
	return false
}

func hasLatinLetter(s string) bool {
	for _, r := range s {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
