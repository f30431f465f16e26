package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/temoto/robotstxt"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// --- JSON-LD extraction (pure) -----------------------------------------

// jobPostingsLD returns every schema.org JobPosting object in the page's
// JSON-LD blocks: top-level objects, arrays, @graph arrays and objects
// nested in others (an ItemList's items). A block that is not valid JSON,
// even after the usual repairs (raw line breaks inside strings, trailing
// commas, HTML comment wrappers), is skipped with a warning; the next block
// is still read.
func jobPostingsLD(doc *goquery.Document) (found []map[string]any, warnings []string) {
	doc.Find("script").Each(func(i int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		typ = strings.ToLower(strings.TrimSpace(typ))
		if !strings.HasPrefix(typ, "application/ld+json") {
			return
		}
		vals, err := decodeLD(s.Text())
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("JSON-LD block %d skipped: %v", i+1, err))
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

// --- links and sitemaps --------------------------------------------------

// pageLinks returns the links of an HTML page to follow, the rel=next ones
// (pagination) apart. rel=nofollow links and pages whose robots meta says
// nofollow are left alone.
func pageLinks(doc *goquery.Document) (links, next []string) {
	if meta, ok := doc.Find(`meta[name="robots" i]`).Attr("content"); ok && strings.Contains(strings.ToLower(meta), "nofollow") {
		return nil, nil
	}
	doc.Find("a[href], link[rel][href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		rel, _ := s.Attr("rel")
		rels := strings.Fields(strings.ToLower(rel))
		isNext, nofollow := false, false
		for _, r := range rels {
			isNext = isNext || r == "next"
			nofollow = nofollow || r == "nofollow"
		}
		if goquery.NodeName(s) == "link" {
			if isNext {
				next = append(next, href)
			}
			return
		}
		switch {
		case isNext:
			next = append(next, href)
		case nofollow:
		case strings.HasPrefix(strings.TrimSpace(strings.ToLower(href)), "javascript:"),
			strings.HasPrefix(strings.TrimSpace(href), "#"):
		default:
			links = append(links, href)
		}
	})
	return links, next
}

// parseSitemap reads a sitemap or sitemap index: the page URLs, and the
// further sitemaps an index names.
func parseSitemap(body []byte) (pages, sitemaps []string, err error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil } // already UTF-8
	var (
		inLoc   bool
		parent  string
		root    string
		current strings.Builder
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return pages, sitemaps, fmt.Errorf("sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "urlset", "sitemapindex":
				if root == "" {
					root = t.Name.Local
				}
			case "url", "sitemap":
				parent = t.Name.Local
			case "loc":
				inLoc = true
				current.Reset()
			}
		case xml.CharData:
			if inLoc {
				current.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "loc" && inLoc {
				inLoc = false
				loc := strings.TrimSpace(current.String())
				if loc == "" {
					continue
				}
				if parent == "sitemap" {
					sitemaps = append(sitemaps, loc)
				} else {
					pages = append(pages, loc)
				}
			}
		}
	}
	if root == "" {
		return nil, nil, errors.New("sitemap: neither <urlset> nor <sitemapindex>")
	}
	return pages, sitemaps, nil
}

// --- the jsonld source ---------------------------------------------------

// jsonldSource crawls any site that publishes schema.org JobPosting data.
type jsonldSource struct {
	name      string
	start     []string
	follow    []*regexp.Regexp
	skip      []*regexp.Regexp
	fromIdent bool
	now       func() time.Time
}

func newJSONLDSource(sc *SourceConfig) (*jsonldSource, error) {
	s := &jsonldSource{name: sc.Name, start: sc.Start, fromIdent: sc.JSONLD.SourceFromIdentifier, now: time.Now}
	if len(sc.Start) == 0 && sc.Settings.Saved == "" {
		return nil, fmt.Errorf("source %s: kind jsonld needs at least one start URL", sc.Name)
	}
	var err error
	if s.follow, err = compileAll(sc.Name, "jsonld.follow", sc.JSONLD.Follow); err != nil {
		return nil, err
	}
	if s.skip, err = compileAll(sc.Name, "jsonld.skip", sc.JSONLD.Skip); err != nil {
		return nil, err
	}
	return s, nil
}

func compileAll(src, key string, pats []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("source %s: %s %q: %v", src, key, p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

func (s *jsonldSource) Name() string { return s.name }

// Seeds: each start host's robots.txt (for its Sitemap: lines) and the
// start URLs themselves (listings: fetched in every generation).
func (s *jsonldSource) Seeds(context.Context, State) ([]Request, error) {
	return siteSeeds(s.start), nil
}

func siteSeeds(start []string) []Request {
	var out []Request
	robots := map[string]bool{}
	for _, st := range start {
		u, err := url.Parse(st)
		if err != nil {
			continue
		}
		r := u.Scheme + "://" + u.Host + "/robots.txt"
		if !robots[r] {
			robots[r] = true
			out = append(out, Request{URL: r, Kind: KindRobots, Optional: true})
		}
	}
	for _, st := range start {
		out = append(out, Request{URL: st, Kind: KindListing})
	}
	return out
}

// robotsFollow reads robots.txt's Sitemap: lines; without any, the
// conventional /sitemap.xml is tried (a 404 there is no error).
func robotsFollow(p *Page) []Request {
	var out []Request
	if r, err := robotstxt.FromBytes(p.Body); err == nil {
		for _, sm := range r.Sitemaps {
			out = append(out, Request{URL: sm, Kind: KindSitemap})
		}
	}
	if len(out) == 0 {
		out = append(out, Request{URL: "/sitemap.xml", Kind: KindSitemap, Optional: true})
	}
	return out
}

// sitemapFollow reads a sitemap page into requests.
func sitemapFollow(p *Page) ([]Request, error) {
	pages, maps, err := parseSitemap(p.Body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.URL, err)
	}
	out := make([]Request, 0, len(pages)+len(maps))
	for _, m := range maps {
		out = append(out, Request{URL: m, Kind: KindSitemap})
	}
	for _, pg := range pages {
		out = append(out, Request{URL: pg, Kind: KindUnknown})
	}
	return out, nil
}

func (s *jsonldSource) Parse(_ context.Context, p *Page) (Result, error) {
	var res Result
	switch p.Request.Kind {
	case KindRobots:
		res.Follow = robotsFollow(p)
		return res, nil
	case KindSitemap:
		f, err := sitemapFollow(p)
		if err != nil {
			res.Warnings = append(res.Warnings, err.Error())
			return res, nil
		}
		res.Follow = s.filter(f)
		return res, nil
	}
	if !p.IsHTML() {
		return res, nil // a PDF, an image, JSON: nothing to read, not an error
	}
	doc, err := p.Doc()
	if err != nil {
		return res, err
	}
	res.Postings, res.Warnings = s.postings(doc, p)
	if len(res.Postings) == 1 {
		res.Kind = KindDetail
	} else {
		res.Kind = KindListing
	}
	links, next := pageLinks(doc)
	for _, n := range next {
		res.Follow = append(res.Follow, Request{URL: n, Kind: KindListing})
	}
	var cand []Request
	for _, l := range links {
		if u, err := p.Resolve(l); err == nil { // patterns see absolute URLs
			cand = append(cand, Request{URL: u.String(), Kind: KindUnknown})
		}
	}
	res.Follow = append(res.Follow, s.filter(cand)...)
	return res, nil
}

// postings maps the page's JobPostings.
func (s *jsonldSource) postings(doc *goquery.Document, p *Page) ([]posting.Posting, []string) {
	found, warnings := jobPostingsLD(doc)
	var out []posting.Posting
	for _, m := range found {
		ps, idName := postingFromLD(m, p.URL, len(found) > 1, s.now())
		if s.fromIdent && idName != "" {
			name := strings.ToLower(strings.TrimSpace(idName))
			if sourceNameRe.MatchString(name) {
				ps.Source = name
			} else {
				warnings = append(warnings, fmt.Sprintf("identifier name %q is not a usable source name; stored as %s", idName, s.name))
			}
		}
		if ps.Source == "" {
			ps.Source = s.name
		}
		if ps.Title == "" && ps.Description == "" {
			warnings = append(warnings, "JobPosting without title or description skipped")
			continue
		}
		out = append(out, ps)
	}
	return out, warnings
}

// filter applies the follow/skip patterns to candidate links.
func (s *jsonldSource) filter(reqs []Request) []Request {
	if len(s.follow) == 0 && len(s.skip) == 0 {
		return reqs
	}
	out := reqs[:0]
	for _, r := range reqs {
		if matchAny(s.skip, r.URL) {
			continue
		}
		if len(s.follow) > 0 && !matchAny(s.follow, r.URL) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}
