package crawl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// JSON-LD: schema.org JobPosting objects in a page's
// <script type="application/ld+json"> blocks, read the way search engines
// read them. Shared by the kinds whose pages carry them.

// jobPostingsLD returns every schema.org JobPosting object in the page's
// JSON-LD blocks: top-level objects, arrays, @graph arrays and objects
// nested in others (an ItemList's items). A block that is not valid JSON,
// even after the usual repairs (raw line breaks inside strings, trailing
// commas, HTML comment wrappers), is skipped with a warning; the next block
// is still read.
func jobPostingsLD(doc *goquery.Document) (found []map[string]any, warnings []Warning) {
	doc.Find("script").Each(func(i int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		typ = strings.ToLower(strings.TrimSpace(typ))
		if !strings.HasPrefix(typ, "application/ld+json") {
			return
		}
		vals, err := decodeLD(s.Text())
		if err != nil {
			warnings = append(warnings, warn("JSON-LD block skipped", "block %d: %v", i+1, err))
			return
		}
		for _, v := range vals {
			walkLD(v, 0, &found)
		}
	})
	return found, warnings
}

// decodeLD reads the JSON values of one script block.
func decodeLD(text string) ([]any, error) {
	text = strings.TrimSpace(text)
	for _, w := range [][2]string{{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"//<![CDATA[", "//]]>"}} {
		if strings.HasPrefix(text, w[0]) && strings.HasSuffix(text, w[1]) {
			text = strings.TrimSpace(text[len(w[0]) : len(text)-len(w[1])])
		}
	}
	if text == "" {
		return nil, errors.New("empty block")
	}
	vals, err := decodeJSONValues(text)
	if err == nil {
		return vals, nil
	}
	if repaired := repairJSON(text); repaired != text {
		if vals, err2 := decodeJSONValues(repaired); err2 == nil {
			return vals, nil
		}
	}
	return nil, err
}

func decodeJSONValues(text string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber() // ids stay exact
	var vals []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	if len(vals) == 0 {
		return nil, errors.New("no JSON value")
	}
	return vals, nil
}

var trailingComma = regexp.MustCompile(`,(\s*[}\]])`)

// repairJSON fixes the two mistakes CMSs make most: raw control characters
// (line breaks, tabs) inside strings, and trailing commas.
func repairJSON(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr && c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
			continue
		}
		b.WriteByte(c)
	}
	return trailingComma.ReplaceAllString(b.String(), "$1")
}

// walkLD collects JobPosting objects under v.
func walkLD(v any, depth int, found *[]map[string]any) {
	if depth > 20 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			walkLD(e, depth+1, found)
		}
	case map[string]any:
		if isJobPosting(t["@type"]) {
			*found = append(*found, t)
			return
		}
		for _, k := range sortedKeys(t) {
			walkLD(t[k], depth+1, found)
		}
	}
}

func isJobPosting(typ any) bool {
	switch t := typ.(type) {
	case string:
		i := strings.LastIndexAny(t, "/:#")
		return strings.EqualFold(t[i+1:], "JobPosting")
	case []any:
		for _, e := range t {
			if isJobPosting(e) {
				return true
			}
		}
	}
	return false
}

// ldText reads a JSON-LD value as text: strings and numbers as they are,
// objects by their name (or @value, or value), lists by their first
// non-empty entry.
func ldText(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case json.Number:
		return t.String()
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case map[string]any:
		for _, k := range []string{"name", "@value", "value"} {
			if s := ldText(t[k]); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range t {
			if s := ldText(e); s != "" {
				return s
			}
		}
	}
	return ""
}

func ldList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	default:
		return []any{t}
	}
}

// ldCity reads the city of a JobPosting: the first location's
// addressLocality (else region, else the place's name); "远程" for a remote
// job without a location, as the free-text parser writes remote.
func ldCity(m map[string]any) string {
	for _, loc := range ldList(m["jobLocation"]) {
		place, ok := loc.(map[string]any)
		if !ok {
			if s := ldText(loc); s != "" {
				return normalize.City(s)
			}
			continue
		}
		for _, addr := range ldList(place["address"]) {
			if a, ok := addr.(map[string]any); ok {
				for _, k := range []string{"addressLocality", "addressRegion"} {
					if s := ldText(a[k]); s != "" {
						return normalize.City(s)
					}
				}
			} else if s := ldText(addr); s != "" {
				return normalize.City(s)
			}
		}
		if s := ldText(place["name"]); s != "" {
			return normalize.City(s)
		}
	}
	for _, t := range ldList(m["jobLocationType"]) {
		if strings.EqualFold(ldText(t), "TELECOMMUTE") {
			return "远程"
		}
	}
	return ""
}

// ldSalary renders baseSalary (or estimatedSalary) as text: "15000-25000
// CNY/MONTH", "30 USD/HOUR", or the value as written when it is text.
func ldSalary(m map[string]any) string {
	for _, k := range []string{"baseSalary", "estimatedSalary"} {
		for _, v := range ldList(m[k]) {
			if s := salaryText(v); s != "" {
				return s
			}
		}
	}
	return ""
}

func salaryText(v any) string {
	amt, ok := v.(map[string]any)
	if !ok {
		return ldText(v)
	}
	cur := ldText(amt["currency"])
	val := amt["value"]
	unit := ""
	var lo, hi string
	if q, ok := val.(map[string]any); ok {
		unit = ldText(q["unitText"])
		lo, hi = ldText(q["minValue"]), ldText(q["maxValue"])
		if lo == "" && hi == "" {
			lo = ldText(q["value"])
		}
		if c := ldText(q["currency"]); cur == "" {
			cur = c
		}
	} else {
		lo = ldText(val)
		lo2, hi2 := ldText(amt["minValue"]), ldText(amt["maxValue"])
		if lo == "" {
			lo, hi = lo2, hi2
		}
	}
	if unit == "" {
		unit = ldText(amt["unitText"])
	}
	var s string
	switch {
	case lo != "" && hi != "" && lo != hi:
		s = lo + "-" + hi
	case lo != "":
		s = lo
	case hi != "":
		s = hi
	default:
		return ""
	}
	if cur != "" {
		s += " " + cur
	}
	if unit != "" {
		s += "/" + strings.ToUpper(unit)
	}
	return s
}

// ldIdentifier reads the posting's identifier: its value, and the name of
// the PropertyValue (the system the id belongs to).
func ldIdentifier(m map[string]any) (value, name string) {
	for _, id := range ldList(m["identifier"]) {
		if pv, ok := id.(map[string]any); ok {
			if v := ldText(pv["value"]); v != "" {
				return v, ldText(pv["name"])
			}
			if v := ldText(pv["@id"]); v != "" {
				return v, ""
			}
			continue
		}
		if v := ldText(id); v != "" {
			return v, ""
		}
	}
	return "", ""
}

// postingFromLD maps one JobPosting object to a Posting. page is the page
// it was found on; several is set when the page holds more than one
// posting (then a posting without id or url gets a content-hash id).
func postingFromLD(m map[string]any, page *url.URL, several bool, now time.Time) (posting.Posting, string) {
	p := posting.Posting{
		Title:       oneLine(firstNonEmpty(ldText(m["title"]), ldText(m["name"]))),
		Company:     oneLine(ldText(m["hiringOrganization"])),
		City:        ldCity(m),
		Salary:      oneLine(ldSalary(m)),
		Description: htmlText(ldText(m["description"])),
	}
	if d, ok := parseDate(ldText(m["datePosted"]), now); ok {
		p.PostedAt = d
	}
	p.URL = page.String()
	if raw := ldText(m["url"]); raw != "" {
		if u, err := normalizeURL(page, raw); err == nil {
			p.URL = u.String()
		}
	}
	id, idName := ldIdentifier(m)
	switch {
	case id != "":
		p.SourceID = id
	case ldText(m["url"]) != "":
		p.SourceID = p.URL
	case !several:
		p.SourceID = page.String()
	default:
		p.SourceID = page.String() + "#" + shortHash(p.Title, p.Company, p.City, p.Description)
	}
	if raw, err := json.Marshal(m); err == nil {
		p.Raw = raw
	}
	return p, idName
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// ldPostings maps the page's JobPostings to postings of source. With
// fromIdent, a posting whose identifier names the system it belongs to
// (a PropertyValue's name) is stored under that name instead (boards that
// aggregate several platforms).
func ldPostings(doc *goquery.Document, p *Page, now time.Time, source string, fromIdent bool) ([]posting.Posting, []Warning) {
	found, warnings := jobPostingsLD(doc)
	var out []posting.Posting
	for _, m := range found {
		ps, idName := postingFromLD(m, p.URL, len(found) > 1, now)
		if fromIdent && idName != "" {
			name := strings.ToLower(strings.TrimSpace(idName))
			if sourceNameRe.MatchString(name) {
				ps.Source = name
			} else {
				warnings = append(warnings, warn("identifier name is not a usable source name", "%q; stored as %s", idName, source))
			}
		}
		if ps.Source == "" {
			ps.Source = source
		}
		if ps.Title == "" && ps.Description == "" {
			warnings = append(warnings, Warning{Message: "JobPosting without title or description skipped"})
			continue
		}
		out = append(out, ps)
	}
	return out, warnings
}
