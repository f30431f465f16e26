package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jobtrend/jobtrend/pkg/freetext"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// A profile is the known layout of a real dataset: which columns mean what,
// the default source name, and any conversion plain column mapping cannot
// express (ids inside URLs, salaries in two numeric columns, free text).
// A file matches a profile when it has all of the profile's Needs columns.
type profile struct {
	Name    string
	About   string
	Source  string
	Needs   []string
	Columns map[string]string
	// Fix completes a posting after the column mapping, from the raw fields.
	Fix func(f map[string]string, p *posting.Posting) error
}

// profiles are tried in order; the first whose Needs are all present wins.
var profiles = []*profile{
	ruanyfProfile,
	{
		Name:   "jobhunting",
		About:  "lastsunday/job-hunting export (51job, BOSS, Lagou, Liepin, Zhaopin; Chinese column names)",
		Source: "", // per row, from 发布平台
		Needs:  []string{"职位自编号", "发布平台", "职位描述"},
		Columns: map[string]string{
			"职位访问地址": FURL, "职位": FTitle, "公司": FCompany, "地区": FCity, "职位描述": FDescription,
			"首次发布时间": FPostedAt, "首次扫描日期": FFirstSeen, "记录更新日期": FLastSeen,
		},
		Fix: fixJobHunting,
	},
	{
		Name:   "lagou",
		About:  "Lagou search-API rows (positionId, positionName, companyFullName, createTime, content)",
		Source: "lagou",
		Needs:  []string{"positionId", "positionName", "companyFullName"},
		Columns: map[string]string{
			"positionId": FSourceID, "positionName": FTitle, "salary": FSalary, "city": FCity,
			"createTime": FPostedAt, "content": FDescription,
		},
		Fix: fixLagou,
	},
	{
		Name:   "zhaopin",
		About:  "Zhaopin detail records (jobname, name, jobarea, salary, job_detail, joburl, crawltime)",
		Source: "zhaopin",
		Needs:  []string{"jobname", "joburl", "job_detail"},
		Columns: map[string]string{
			"jobname": FTitle, "name": FCompany, "jobarea": FCity, "salary": FSalary,
			"job_detail": FDescription, "joburl": FURL, "crawltime": FFirstSeen,
		},
		Fix: fixZhaopin,
	},
	{
		Name:   "boss",
		About:  "BOSS直聘 scraper records (id, href, name, company, salary, desc)",
		Source: "boss",
		Needs:  []string{"id", "href", "name", "company", "desc"},
		Columns: map[string]string{
			"id": FSourceID, "href": FURL, "name": FTitle, "company": FCompany, "salary": FSalary, "desc": FDescription,
		},
	},
	{
		Name:   "hn",
		About:  "Hacker News \"Who is hiring?\" comments (month, id, url, full_html)",
		Source: "hn",
		Needs:  []string{"month", "full_html", "url", "id"},
		Columns: map[string]string{
			"id": FSourceID, "url": FURL, "full_html": FDescription, "location": FCity,
		},
		Fix: fixHN,
	},
}

// ProfileNames lists the known dataset layouts, for --help and errors.
func ProfileNames() []string {
	var names []string
	for _, p := range profiles {
		names = append(names, p.Name)
	}
	return names
}

// ParseProfile checks a --profile value: "" (detect), "none", or a known
// profile's name.
func ParseProfile(name string) (string, error) {
	name = strings.TrimSpace(name)
	if _, err := chosenProfile(name); err != nil {
		return "", err
	}
	return name, nil
}

// chosenProfile is the profile a --profile value names; nil for "" (detect
// per file) and "none".
func chosenProfile(name string) (*profile, error) {
	switch name {
	case "", "none":
		return nil, nil
	}
	return findProfile(name)
}

func findProfile(name string) (*profile, error) {
	for _, p := range profiles {
		if p.Name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("unknown profile %s (known: %s, or none)", quote(name), strings.Join(ProfileNames(), ", "))
}

// matchProfile returns the first profile whose Needs are all among cols.
func matchProfile(cols []string) *profile {
	have := make(map[string]bool, len(cols))
	for _, c := range cols {
		have[c] = true
	}
	for _, p := range profiles {
		ok := true
		for _, n := range p.Needs {
			if !have[n] {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
	return nil
}

var jobHuntingPlatforms = map[string]string{
	"51JOB": "51job", "BOSS": "boss", "LAGOU": "lagou", "LIEPIN": "liepin", "ZHILIAN": "zhaopin",
}

// fixJobHunting names the source per row from 发布平台 and strips the
// platform prefix from the id (BOSS_9ff4c…), so the same BOSS or Lagou
// posting imported from another dataset meets this one under one key.
func fixJobHunting(f map[string]string, p *posting.Posting) error {
	plat := strings.TrimSpace(f["发布平台"])
	src, ok := jobHuntingPlatforms[strings.ToUpper(plat)]
	if !ok {
		src = strings.ToLower(plat)
	}
	if src == "" {
		return fmt.Errorf("发布平台 is empty")
	}
	p.Source = src
	p.SourceID = strings.TrimPrefix(strings.TrimSpace(f["职位自编号"]), strings.ToUpper(plat)+"_")
	p.Salary = normalize.SalaryRange(f["最低薪资"], f["最高薪资"], f["几薪"])
	return nil
}

// fixLagou prefers the brand (companyShortName, what users recognize and
// what BOSS shows) over the legal name, and builds the posting's URL.
func fixLagou(f map[string]string, p *posting.Posting) error {
	p.Company = firstNonEmpty(f["companyShortName"], f["companyFullName"])
	if p.SourceID != "" {
		p.URL = "https://www.lagou.com/jobs/" + p.SourceID + ".html"
	}
	return nil
}

var zhaopinID = regexp.MustCompile(`/([A-Za-z0-9]+)\.html?(?:[?#].*)?$`)

// fixZhaopin takes the posting id from joburl's file name: mostly the
// CC…J… form, but the real data also has CZ…J… and all-digit ids.
func fixZhaopin(f map[string]string, p *posting.Posting) error {
	if m := zhaopinID.FindStringSubmatch(strings.TrimSpace(f["joburl"])); m != nil {
		p.SourceID = m[1]
	}
	if p.SourceID == "" {
		return fmt.Errorf("joburl %s holds no posting id", quote(f["joburl"]))
	}
	return nil
}

// fixHN dates a post by its thread's month (HN keeps no per-post date in
// this dataset; threads open on the 1st) and reads company, roles and
// places from the header posters open with ("Company | Role | Place | …").
func fixHN(f map[string]string, p *posting.Posting) error {
	month, err := time.Parse("2006-01", strings.TrimSpace(f["month"]))
	if err != nil {
		return fmt.Errorf("month %s: want YYYY-MM", quote(f["month"]))
	}
	p.PostedAt = month
	freetext.ParseHN(f["full_html"]).Fill(p)
	return nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
