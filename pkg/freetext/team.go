package freetext

import (
	"regexp"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// A post often names its employer together with the unit that hires:
// "拼多多容器平台", "字节跳动 Web Infra", "涂鸦智能前端团队",
// "阿里巴巴国际站（ICBU）跨境贸易多媒体团队". The unit is not the employer:
// statistics per company would otherwise count 拼多多 once per team.
// splitTeam separates the two.

// unitSuffixes end the name of a unit of a company.
var unitSuffixes = []string{
	"团队", "部门", "事业部", "事业群", "技术部", "研发部", "产品部", "科技部", "信息部", "总行", "分行", "中心", "实验室", "工作室", "平台", "中台",
	"小组", "项目组", "业务线", "业务部", "研究院", "BU", "Team", "team", "Lab",
}

var (
	asciiThenHan = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9.&\- ]{2,30})(\p{Han}.*)$`)
	versionEnd   = regexp.MustCompile(`[A-Za-z]\s?v?\d+\.\d+$`)
	unitish      = regexp.MustCompile(`岗|技术|业务|部|组|线|中心|团队`)
)

// orgEnds end the name of a company inside a longer name: "涂鸦智能|前端团队",
// "Solara云数科技|游戏电商团队".
var orgEnds = []string{
	"有限公司", "股份公司", "公司", "集团", "科技", "智能", "网络", "信息", "软件", "银行", "证券", "数据", "技术",
}

// orgContinuations continue a known name into a longer name of the same
// company, not into a unit: "阿里巴巴集团", "腾讯科技（深圳）有限公司".
var orgContinuations = []string{
	"集团", "公司", "科技", "网络", "信息", "股份", "控股", "有限", "（", "(", "中国", "技术", "软件", "电子",
}

// splitTeam separates an employer from the unit named after it. A name
// starting with a known employer keeps that employer ("拼多多容器平台" →
// 拼多多, 容器平台); another name is split only when it ends in a unit word
// and a company word stands before it ("涂鸦智能前端团队" → 涂鸦智能, 前端团队).
// A registered name is kept whole.
func splitTeam(name string) (company, team string) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", ""
	}
	// "（字节）抖音生活服务达人团队": a known name in brackets first
	if strings.HasPrefix(name, "（") || strings.HasPrefix(name, "(") {
		inner := strings.Trim(strings.SplitN(strings.SplitN(name, "）", 2)[0], ")", 2)[0], "（(")
		if b := brandPrefix(inner); b != "" && b == inner {
			return b, trimSep(stripLeadingParen(name))
		}
	}
	if loc := findLegalSuffix(name); loc != nil {
		// "深圳市腾讯计算机系统有限公司 微信事业群": the unit after the registered
		// name; anything else after it ("…有限公司社招") is not part of it
		rest := trimSep(name[loc[1]:])
		if rest != "" && (endsWithUnit(rest) || strings.Contains(rest, "分公司")) && !isNoise(rest) {
			return trimSep(name[:loc[1]]), rest
		}
		return trimSep(name[:loc[1]]), ""
	}
	if b := brandPrefix(name); b != "" && len(b) < len(name) {
		rest := name[len(b):]
		// "字节跳动（抖音）基础架构", "奇虎（出海业务团队）": an aside after the name
		if inner, after, ok := parenAside(rest); ok {
			if after == "" && endsWithUnit(inner) {
				return b, inner
			}
			if brandPrefix(inner) != "" || after != "" && !continuesName(after) {
				rest = after
			}
		}
		trimmed := trimSep(rest)
		// "阿里巴巴菜鸟": the group, then the company that hires
		if b2 := brandPrefix(trimmed); b2 != "" && !continuesName(rest) {
			if normalize.CompanyKey(b2) == normalize.CompanyKey(b) {
				return b, trimmed // "袋鼠云数栈 UED": the company, then its product's team
			}
			return b2, trimSep(trimmed[len(b2):])
		}
		if !continuesName(rest) && !runesAtMost(trimmed, 1) && !isNoise(trimmed) {
			return b, trimmed
		}
		if isNoise(trimmed) {
			return b, ""
		}
	}
	// "iHerb跨境电商技术岗", "Solara游戏电商团队": an English name, then words
	// about the unit or the work
	if m := asciiThenHan.FindStringSubmatch(name); m != nil && !orgWordIn.MatchString(cutUnit(m[2])) && !isTitle(m[2]) &&
		(endsWithUnit(m[2]) || unitish.MatchString(m[2])) {
		// "Saas5.0技术服务中心", "Web3.0事业部": a technology and its version
		// name an era or a product, not an employer
		if versionEnd.MatchString(strings.TrimSpace(m[1])) {
			return "", trimSep(name)
		}
		return strings.TrimSpace(m[1]), trimSep(m[2])
	}
	if !endsWithUnit(name) {
		return name, ""
	}
	// the last company word that leaves a unit after it
	best := -1
	for _, w := range orgEnds {
		for i := strings.Index(name, w); i >= 0; {
			end := i + len(w)
			if end < len(name) && !runesAtMost(name[:end], 2) {
				rest := trimSep(name[end:])
				if !runesAtMost(rest, 1) && endsWithUnit(rest) && !continuesName(name[end:]) && end > best {
					best = end
				}
			}
			j := strings.Index(name[i+len(w):], w)
			if j < 0 {
				break
			}
			i += len(w) + j
		}
	}
	if best > 0 {
		return trimSep(name[:best]), trimSep(name[best:])
	}
	return name, ""
}

// cutUnit removes a unit word at the end: "产研团队" → "产研".
func cutUnit(s string) string {
	for _, u := range unitSuffixes {
		if r, ok := strings.CutSuffix(s, u); ok {
			return r
		}
	}
	return s
}

func endsWithUnit(s string) bool {
	for _, u := range unitSuffixes {
		if strings.HasSuffix(s, u) && len(s) > len(u) {
			return true
		}
	}
	return false
}

// continuesName reports text after a known name that belongs to the name:
// "集团", "科技（深圳）有限公司". ("阿里云" is a name of its own: the longest
// known name is matched first.)
func continuesName(rest string) bool {
	if rest == "" {
		return true
	}
	if t := trimSep(rest); endsWithUnit(t) && findLegalSuffix(t) == nil && !strings.HasPrefix(t, "集团") && !strings.HasPrefix(t, "公司") {
		return false // "Shopee中国研发团队": a unit, even after 中国
	}
	for _, c := range orgContinuations {
		if strings.HasPrefix(rest, c) {
			return true
		}
	}
	return false
}

// trimSep trims the separators a split leaves: spaces, dashes, dots, bars.
func trimSep(s string) string {
	return strings.TrimSpace(strings.Trim(s, " -—–·・|｜/_:：,，、"))
}

// parenAside splits "（抖音）基础架构" into the bracketed part and what follows.
func parenAside(s string) (inner, after string, ok bool) {
	for _, p := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if strings.HasPrefix(s, p[0]) {
			if i := strings.Index(s, p[1]); i > 0 {
				return strings.TrimSpace(s[len(p[0]):i]), strings.TrimSpace(s[i+len(p[1]):]), true
			}
		}
	}
	return "", "", false
}
