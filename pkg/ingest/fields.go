package ingest

import (
	"fmt"
	"sort"
	"strings"
)

// Fields a column can be mapped to (--map COL=field). "-" drops a column.
const (
	FSource      = "source"
	FSourceID    = "source_id"
	FURL         = "url"
	FTitle       = "title"
	FCompany     = "company"
	FCity        = "city"
	FSalary      = "salary"
	FPostedAt    = "posted_at"
	FDescription = "description"
	FFirstSeen   = "first_seen"
	FLastSeen    = "last_seen"
	FIgnore      = "-"
)

var fieldNames = map[string]string{
	FSource: FSource, FSourceID: FSourceID, "id": FSourceID, FURL: FURL, "link": FURL,
	FTitle: FTitle, FCompany: FCompany, FCity: FCity, "location": FCity, FSalary: FSalary,
	FPostedAt: FPostedAt, "date": FPostedAt, FDescription: FDescription, "desc": FDescription,
	FFirstSeen: FFirstSeen, FLastSeen: FLastSeen, FIgnore: FIgnore,
}

// ParseMap reads --map values of the form COL=field. The field names are
// the postings table's columns (plus a few obvious synonyms, and "-" to
// ignore a column).
func ParseMap(specs []string) (map[string]string, error) {
	m := make(map[string]string, len(specs))
	for _, spec := range specs {
		col, field, ok := strings.Cut(spec, "=")
		col = strings.TrimSpace(col)
		f, known := fieldNames[strings.ToLower(strings.TrimSpace(field))]
		switch {
		case !ok || col == "":
			return nil, fmt.Errorf("--map %s: want COLUMN=FIELD, e.g. --map 职位名称=title", quote(spec))
		case !known:
			return nil, fmt.Errorf("--map %s: unknown field %s (fields: %s)", quote(spec), quote(field), strings.Join(FieldList(), ", "))
		}
		m[col] = f
	}
	return m, nil
}

// FieldList names the fields --map accepts.
func FieldList() []string {
	fs := []string{FSource, FSourceID, FURL, FTitle, FCompany, FCity, FSalary, FPostedAt, FDescription, FFirstSeen, FLastSeen, FIgnore}
	sort.Strings(fs)
	return fs
}

// genericColumns maps column names seen in the wild (compared
// case-insensitively, ignoring _ - and spaces) to fields, for files that no
// profile recognizes. Names that mean different things in different
// datasets ("name": a title in one, a company in another) are deliberately
// absent; --map settles those.
var genericColumns = map[string]string{
	"source": FSource, "platform": FSource, "site": FSource, "发布平台": FSource, "平台": FSource, "来源": FSource,
	"sourceid": FSourceID, "id": FSourceID, "jobid": FSourceID, "positionid": FSourceID, "postingid": FSourceID,
	"职位id": FSourceID, "职位编号": FSourceID, "职位自编号": FSourceID,
	"url": FURL, "link": FURL, "href": FURL, "joburl": FURL, "jobhref": FURL, "职位链接": FURL, "职位访问地址": FURL, "链接": FURL,
	"title": FTitle, "jobtitle": FTitle, "jobname": FTitle, "positionname": FTitle, "position": FTitle,
	"职位": FTitle, "职位名称": FTitle, "岗位": FTitle, "岗位名称": FTitle, "招聘职位": FTitle,
	"company": FCompany, "companyname": FCompany, "companyfullname": FCompany, "employer": FCompany,
	"公司": FCompany, "公司名称": FCompany, "公司名": FCompany, "企业名称": FCompany, "招聘公司": FCompany,
	"city": FCity, "location": FCity, "jobarea": FCity, "workarea": FCity, "城市": FCity, "地区": FCity,
	"工作地点": FCity, "工作城市": FCity, "地点": FCity,
	"salary": FSalary, "pay": FSalary, "providesalarytext": FSalary, "薪资": FSalary, "薪水": FSalary, "月薪": FSalary, "薪酬": FSalary, "工资": FSalary,
	"postedat": FPostedAt, "date": FPostedAt, "dateposted": FPostedAt, "publishtime": FPostedAt, "createtime": FPostedAt,
	"issuedate": FPostedAt, "pubdate": FPostedAt, "发布时间": FPostedAt, "发布日期": FPostedAt, "日期": FPostedAt, "首次发布时间": FPostedAt, "更新时间": FPostedAt,
	"description": FDescription, "desc": FDescription, "jobdescription": FDescription, "jobdetail": FDescription,
	"content": FDescription, "职位描述": FDescription, "岗位描述": FDescription, "岗位职责": FDescription, "职位详情": FDescription, "工作内容": FDescription,
	"firstseen": FFirstSeen, "crawltime": FFirstSeen, "crawledat": FFirstSeen, "首次扫描日期": FFirstSeen, "抓取时间": FFirstSeen,
	"lastseen": FLastSeen, "记录更新日期": FLastSeen,
}

func genericField(col string) (string, bool) {
	key := strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ', '.':
			return -1
		}
		return r
	}, strings.ToLower(col))
	f, ok := genericColumns[key]
	return f, ok
}
