package freetext

import (
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var peerDump = flag.String("peerdump", "", "write every disagreement with the peer extraction to this file")

// Minimum agreement with the peer extraction, enforced by TestPeerAgreement.
// They were set from what the parser reaches after the disagreements were
// read by hand and the parser's own faults fixed (docs/freetext.md lists
// the rest, most of them the peer's errors); a change that lowers a rate
// below its floor is a regression to look at, not a number to lower.
// Measured when they were last set (after the 2026-12 rework, remote posts
// with no place counted as agreeing with a peer's 远程): is-post 96.3%,
// company 90.3%, city 93.7%, salary 97.6%.
const (
	minIsPost  = 0.96
	minCompany = 0.90
	minCity    = 0.93
	minSalary  = 0.97
)

type agreement struct {
	name       string
	agree, all int
}

func (a *agreement) add(ok bool) {
	a.all++
	if ok {
		a.agree++
	}
}

func (a agreement) rate() float64 {
	if a.all == 0 {
		return 0
	}
	return float64(a.agree) / float64(a.all)
}

func (a agreement) String() string {
	return fmt.Sprintf("%-8s %5.1f%%  (%d of %d)", a.name, 100*a.rate(), a.agree, a.all)
}

// TestPeerAgreement parses every real post and compares with the peer's
// extraction, joined on comment id. It reports agreement on whether a
// comment is a post and, for the comments both call posts, on company,
// city and salary; it sorts each disagreement into a cause that can be
// checked mechanically (docs/freetext.md discusses them with examples) and
// fails when a rate falls below its floor.
func TestPeerAgreement(t *testing.T) {
	posts := loadCorpus(t)
	peer := loadPeer(t)
	neighbours := neighbourBodies(posts)

	isPost := agreement{name: "is-post"}
	company := agreement{name: "company"}
	companyExact := agreement{name: "company="}
	city := agreement{name: "city"}
	salary := agreement{name: "salary"}
	title := agreement{name: "title"} // reported, not enforced: the peer rewrites titles freely
	causes := map[string]int{}
	var dump []string
	note := func(kind, cause string, p corpusPost, ours, theirs string) {
		causes[kind+": "+cause]++
		dump = append(dump, fmt.Sprintf("%s\t%s\t%d\tours=%s\tpeer=%s\t%s", kind, cause, p.CommentID, ours, theirs, firstLineOf(p.Body)))
	}
	for _, p := range posts {
		got := Parse(p.Body)
		pp, peerSays := peer[p.CommentID]
		isPost.add(got.IsJob == peerSays)
		text := companyKey(PlainText(p.Body))
		switch {
		case got.IsJob && !peerSays:
			note("is-post", "peer skipped a post", p, "post:"+got.Company, "not-post")
		case !got.IsJob && peerSays:
			note("is-post", "ours "+got.Reason, p, "not-post:"+got.Reason, "post:"+pp.Company)
		}
		if !got.IsJob || !peerSays {
			continue
		}

		ok, exact := sameCompany(got.Company, pp.Company)
		company.add(ok)
		companyExact.add(exact)
		if !ok {
			key := companyKey(pp.Company)
			cause := "other"
			switch {
			case sameParent(got.Company, pp.Company):
				cause = "peer names the parent company"
			case isGeneric(pp.Company) || isNoise(pp.Company) || len(citiesIn(pp.Company, true)) > 0 && placeOrNoise(pp.Company):
				cause = "peer's company is a description or a place"
			case key != "" && !strings.Contains(text, key) && neighbourHas(neighbours[p.CommentID], key):
				cause = "peer's company is the next or previous comment's"
			case key != "" && !strings.Contains(text, key):
				cause = "peer's company is not in the text"
			case got.Company == "":
				cause = "ours empty"
			}
			note("company", cause, p, got.Company, pp.Company)
		}

		okCity := sameCity(got, pp)
		city.add(okCity)
		if !okCity {
			cause := "other"
			theirs := peerCities(pp)
			switch {
			case len(theirs) == 0:
				cause = "peer has no usable place (placeholder or empty)"
			case !anyIn(theirs, citiesIn(PlainText(p.Body), true)) && !(pp.IsRemote && got.WorkMode == WorkRemote):
				cause = "peer's place is not in the text"
			case got.City == "":
				cause = "ours empty"
			}
			note("city", cause, p, strings.Join(got.Cities, ","), strings.Join(pp.Location, ","))
		}

		title.add(sameTitle(got.Title, pp))

		okPay := sameSalary(got.Salary, pp.Salary)
		salary.add(okPay)
		if !okPay {
			_, oursOK := payRange(got.Salary)
			_, theirsOK := payRange(pp.Salary)
			cause := "different range"
			switch {
			case !oursOK:
				cause = "ours empty"
			case !theirsOK:
				cause = "peer empty or not a range"
			case strings.Count(pp.Salary, "K")+strings.Count(pp.Salary, "k") > 2:
				cause = "several ranges, another one first"
			}
			note("salary", cause, p, got.Salary, pp.Salary)
		}
	}
	for _, a := range []agreement{isPost, company, companyExact, city, salary, title} {
		t.Log(a)
	}
	var cs []string
	for c, n := range causes {
		cs = append(cs, fmt.Sprintf("%4d  %s", n, c))
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i][6:] < cs[j][6:] })
	t.Logf("disagreements by cause:\n%s", strings.Join(cs, "\n"))
	if *peerDump != "" {
		sort.Strings(dump)
		if err := os.WriteFile(*peerDump, []byte(strings.Join(dump, "\n")+"\n"), 0o644); err != nil {
			t.Fatalf("writing %s: %v", *peerDump, err)
		}
	}
	for _, c := range []struct {
		a   agreement
		min float64
	}{{isPost, minIsPost}, {company, minCompany}, {city, minCity}, {salary, minSalary}} {
		if c.a.rate() < c.min {
			t.Errorf("%s agreement %.3f is below the floor %.3f", c.a.name, c.a.rate(), c.min)
		}
	}
}

// sameTitle accepts our first title when one of the peer's titles contains
// it or is contained in it (ignoring case and spaces), and agreement when
// neither found one.
func sameTitle(ours string, pp peerPost) bool {
	o := strings.ToLower(strings.ReplaceAll(ours, " ", ""))
	if o == "" {
		return len(pp.Positions) == 0
	}
	for _, p := range pp.Positions {
		t := strings.ToLower(strings.ReplaceAll(p.Title, " ", ""))
		if t != "" && (strings.Contains(t, o) || strings.Contains(o, t)) {
			return true
		}
	}
	return false
}

// neighbourBodies maps each comment to the company keys of the text of the
// comments just before and after it in its thread, to recognise a peer
// record that was attached to the wrong comment.
func neighbourBodies(posts []corpusPost) map[int64][]string {
	byIssue := map[int][]corpusPost{}
	for _, p := range posts {
		byIssue[p.Issue] = append(byIssue[p.Issue], p)
	}
	out := map[int64][]string{}
	for _, ps := range byIssue {
		sort.Slice(ps, func(i, j int) bool { return ps[i].CreatedAt < ps[j].CreatedAt })
		for i, p := range ps {
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(ps) {
					out[p.CommentID] = append(out[p.CommentID], companyKey(PlainText(ps[j].Body)))
				}
			}
		}
	}
	return out
}

func neighbourHas(texts []string, key string) bool {
	for _, t := range texts {
		if strings.Contains(t, key) {
			return true
		}
	}
	return false
}

// parents maps the units and brands posters name to the company the peer
// often writes instead. It serves only to count that kind of disagreement;
// the parser reports the company as written.
var parents = map[string][]string{
	"字节跳动": {"字节", "抖音", "飞书", "今日头条", "头条", "西瓜视频", "tiktok", "懂车帝", "火山引擎", "番茄小说"},
	"阿里巴巴": {"阿里", "淘宝", "天猫", "钉钉", "饿了么", "菜鸟", "盒马", "aliexpress", "lazada", "淘天", "高德", "优酷", "uc", "闲鱼", "飞猪", "阿里云"},
	"蚂蚁":   {"支付宝", "花呗", "借呗", "网商银行", "oceanbase", "蚂蚁"},
	"腾讯":   {"微信", "腾讯", "qq", "天美"},
	"拼多多":  {"temu", "pdd"},
	"美团":   {"美团", "大众点评"},
	"京东":   {"京东"},
	"小米":   {"小米"},
}

func sameParent(ours, theirs string) bool {
	o, th := strings.ToLower(ours), strings.ToLower(theirs)
	for parent, kids := range parents {
		if !strings.Contains(th, strings.ToLower(parent)) {
			continue
		}
		for _, k := range kids {
			if strings.Contains(o, k) {
				return true
			}
		}
	}
	return false
}

// peerCities normalizes the peer's locations the way sameCity does.
func peerCities(pp peerPost) []string {
	var theirs []string
	for _, l := range pp.Location {
		theirs = appendUnique(theirs, citiesIn(l, true)...)
		theirs = appendUnique(theirs, abbreviatedCities(l)...)
		if strings.Contains(strings.ToLower(l), "remote") || strings.Contains(l, "远程") {
			theirs = appendUnique(theirs, Remote)
		}
	}
	if pp.IsRemote {
		theirs = appendUnique(theirs, Remote)
	}
	return theirs
}

func anyIn(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func firstLineOf(s string) string {
	for _, l := range strings.Split(PlainText(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			r := []rune(l)
			if len(r) > 70 {
				r = r[:70]
			}
			return string(r)
		}
	}
	return ""
}

// sameCompany compares company names by their normalized key; loose
// agreement also accepts one name containing the other, since the peer
// often shortens "阿里巴巴本地生活技术部" to "阿里巴巴" and writes
// "慧算账（北京公瑾科技有限公司）" where the post heads with "慧算账".
func sameCompany(ours, theirs string) (loose, exact bool) {
	a, b := companyKey(ours), companyKey(theirs)
	if a == b {
		return true, true
	}
	if a == "" || b == "" {
		return false, false
	}
	// compare also without the parenthesised part the key drops
	return strings.Contains(a, b) || strings.Contains(b, a), false
}

// companyKey folds width and case, drops spaces and punctuation (brackets
// included, keeping their content) and a legal suffix, so that
// "上海碳衡科技有限公司" and "上海碳衡科技" compare equal. It is kept here,
// not taken from pkg/normalize, so the comparison's meaning is fixed by this
// test alone.
func companyKey(s string) string {
	s = strings.ToLower(norm.NFKC.String(strings.TrimSpace(s)))
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, s)
	for _, suf := range []string{"股份有限公司", "有限责任公司", "有限公司", "公司", "coltd", "inc", "ltd"} {
		if len(s) > len(suf) {
			s = strings.TrimSuffix(s, suf)
		}
	}
	return s
}

// sameCity accepts our first city when it is among the peer's locations
// (normalized the same way), and agreement when neither names one. The
// peer writes placeholders ("未提供", "无") where it found nothing.
func sameCity(got Post, pp peerPost) bool {
	theirs := peerCities(pp)
	// remote work is a work mode, not a place, in Post: a remote post with
	// no place agrees with a peer that says 远程 or isRemote
	if got.WorkMode == WorkRemote || got.WorkMode == WorkHybrid {
		if got.City == "" && slices.Contains(theirs, Remote) {
			return true
		}
	}
	if got.City == "" {
		return len(theirs) == 0
	}
	for _, c := range theirs {
		if c == got.City {
			return true
		}
	}
	return false
}

var payNumbers = regexp.MustCompile(`(?i)(\d+(?:\.\d+)?)\s*(k|千|w|万|元)?\s*(?:[-~～〜—–－至到]|\s-\s)\s*(\d+(?:\.\d+)?)\s*(k|千|w|万|元)?`)

// sameSalary compares the first pay range on each side as numbers (in
// thousands, unit as written); text without a range ("面议", "有竞争力的
// 薪酬") counts as no salary.
func sameSalary(ours, theirs string) bool {
	a, okA := payRange(ours)
	b, okB := payRange(theirs)
	if !okA || !okB {
		return okA == okB
	}
	return math.Abs(a[0]-b[0]) < 0.01 && math.Abs(a[1]-b[1]) < 0.01
}

func payRange(s string) ([2]float64, bool) {
	m := payNumbers.FindStringSubmatch(s)
	if m == nil {
		return [2]float64{}, false
	}
	unit := strings.ToLower(m[4])
	if unit == "" {
		unit = strings.ToLower(m[2])
	}
	lo, _ := strconv.ParseFloat(m[1], 64)
	hi, _ := strconv.ParseFloat(m[3], 64)
	scale := 1.0
	switch unit {
	case "w", "万":
		scale = 10
	case "元":
		scale = 0.001
	case "":
		if hi >= 1000 {
			scale = 0.001
		}
	}
	return [2]float64{lo * scale, hi * scale}, true
}
