package crawl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The zhaopin kind: Zhaopin's search lists and CC…J….htm detail pages.
var zhaopinKind = NewKind(KindSpec[ZhaopinOptions]{Name: "zhaopin", Platform: "zhaopin", New: built(newZhaopinSource),
	Frame: func(sc *SourceConfig, _ ZhaopinOptions) string { return searchFrame(sc.Start, "kw") }})

// ZhaopinOptions configure the zhaopin kind.
type ZhaopinOptions struct {
	Pages int `yaml:"pages"` // most list pages read per start URL (default 10)
}

// zhaopinDetail are the selectors of a jobs.zhaopin.com detail page (the
// 2020 layout the zhaopin-2020 records were scraped from: title, salary and
// city in the summary plane, the company block, the description block —
// whose class really is spelt "describtion"), with older fallbacks.
var zhaopinDetail = Selectors{
	Title:       ".summary-plane__title, .job-summary h1, .inner-left h1, h1",
	Company:     ".company__title, .company-name a, .company-name, .company-box .company-name-t a",
	City:        ".summary-plane__info li:first-child a, .summary-plane__info li:first-child, .terminal-ul li:nth-child(2) strong",
	Salary:      ".summary-plane__salary, .job-summary .salary, .terminal-ul li:first-child strong",
	PostedAt:    ".summary-plane__time, #span4freshdate",
	Description: ".describtion__detail-content, .job-detail__content, .pos-ul, .tab-inner-cont",
}

// zhaopinID takes the posting id from the URL's file name: mostly the
// CC…J… form, also CZ…J… and all-digit ids (the importer reads joburl the
// same way, so a crawled posting meets its imported copy).
var zhaopinID = regexp.MustCompile(`/([A-Za-z0-9]+)\.html?(?:[?#].*)?$`)

var initialState = regexp.MustCompile(`__INITIAL_STATE__\s*=\s*`)

type zhaopinSource struct {
	name   string
	start  []string
	pages  int
	detail *extractor
	now    func() time.Time
}

func newZhaopinSource(sc *SourceConfig, o ZhaopinOptions) (*zhaopinSource, error) {
	if len(sc.Start) == 0 && sc.Settings.Saved == "" {
		return nil, fmt.Errorf("source %s: kind zhaopin needs start URLs (search list pages, e.g. https://sou.zhaopin.com/?jl=530&kw=golang)", sc.Name)
	}
	ex, err := newExtractor(sc.Name, "zhaopin detail", zhaopinDetail)
	if err != nil {
		return nil, err
	}
	pages := o.Pages
	if pages == 0 {
		pages = 10
	}
	if pages < 1 {
		return nil, fmt.Errorf("source %s: zhaopin.pages %d: want at least 1", sc.Name, pages)
	}
	return &zhaopinSource{name: sc.Name, start: sc.Start, pages: pages, detail: ex, now: time.Now}, nil
}

func (s *zhaopinSource) Name() string { return s.name }

// Hosts: search lists live on sou.zhaopin.com, postings on jobs.zhaopin.com.
func (s *zhaopinSource) Hosts() []string {
	return []string{"sou.zhaopin.com", "jobs.zhaopin.com", "www.zhaopin.com"}
}

func (s *zhaopinSource) Seeds(context.Context, State) ([]Request, error) {
	var out []Request
	for _, st := range s.start {
		kind := KindListing
		if isZhaopinDetail(st) {
			kind = KindDetail
		}
		out = append(out, Request{URL: st, Kind: kind, Meta: map[string]string{"p": "1"}})
	}
	return out, nil
}

// isZhaopinDetail tells a detail page URL (jobs.zhaopin.com/CC…J….htm) from
// a list page.
func isZhaopinDetail(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return strings.HasPrefix(u.Host, "jobs.") && zhaopinID.MatchString(u.Path)
}

func (s *zhaopinSource) Parse(ctx context.Context, p *Page) (Result, error) {
	if !p.IsHTML() {
		return Result{}, nil
	}
	doc, err := p.Doc()
	if err != nil {
		return Result{}, err
	}
	detailish := p.Request.Kind == KindDetail || isZhaopinDetail(p.URL.String()) ||
		doc.Find(".summary-plane__title, .describtion__detail-content").Length() > 0
	if detailish && doc.Find("[class*=summary-plane], [class*=describtion], .terminal-ul, h1").Length() > 0 {
		return s.parseDetail(ctx, p)
	}
	return s.parseList(p)
}

func (s *zhaopinSource) parseDetail(ctx context.Context, p *Page) (Result, error) {
	res := Result{Kind: KindDetail}
	doc, _ := p.Doc()
	// A page with JobPosting JSON-LD says it best.
	if ps, warnings := ldPostings(doc, p, s.now(), s.name, false); len(ps) > 0 {
		res.Postings, res.Warnings = ps, warnings
	} else if ps, ok := s.detail.posting(doc.Selection, p.URL, s.now()); ok {
		res.Postings = []posting.Posting{ps}
	}
	// The posting's address is its canonical URL (https://jobs.zhaopin.com/
	// CC….htm, the joburl of the importer's records) when the page names one
	// for the same posting; the URL it was reached by otherwise.
	id := ""
	if m := zhaopinID.FindStringSubmatch(p.URL.String()); m != nil {
		id = m[1]
	}
	canon := ""
	if c, ok := doc.Find(`link[rel="canonical"]`).First().Attr("href"); ok {
		if u, err := normalizeURL(p.URL, c); err == nil {
			if m := zhaopinID.FindStringSubmatch(u.String()); m != nil && (id == "" || m[1] == id) {
				canon, id = strings.TrimSpace(c), m[1]
			}
		}
	}
	for i := range res.Postings {
		ps := &res.Postings[i]
		ps.Source = s.name
		if id != "" {
			ps.SourceID = id
		}
		if canon != "" {
			ps.URL = canon
		}
	}
	return res, nil
}

// parseList follows a search list page's postings: from the modern page's
// __INITIAL_STATE__ JSON (positionList), or the links of an older
// server-rendered list; and its next page. A list past the last page (an
// empty positionList) yields nothing and is not an error.
func (s *zhaopinSource) parseList(p *Page) (Result, error) {
	res := Result{Kind: KindListing}
	doc, _ := p.Doc()
	n := 0
	if loc := initialState.FindIndex(p.Body); loc != nil {
		var state any
		dec := json.NewDecoder(strings.NewReader(string(p.Body[loc[1]:])))
		if err := dec.Decode(&state); err != nil {
			res.Warnings = append(res.Warnings, warn("__INITIAL_STATE__ unreadable", "%v", err))
		} else {
			for _, item := range findList(state, "positionList", 0) {
				m, ok := item.(map[string]any)
				if !ok {
					continue
				}
				if u := firstNonEmpty(ldText(m["positionURL"]), ldText(m["positionUrl"]), ldText(m["positionDetailUrl"])); u != "" {
					res.Follow = append(res.Follow, Request{URL: u, Kind: KindDetail})
					n++
				}
			}
		}
	}
	seen := map[string]bool{}
	doc.Find("td.zwmc a[href], a[href*='jobs.zhaopin.com']").Each(func(_ int, sel *goquery.Selection) {
		href, _ := sel.Attr("href")
		if u, err := p.Resolve(href); err == nil && isZhaopinDetail(u.String()) && !seen[u.String()] {
			seen[u.String()] = true
			res.Follow = append(res.Follow, Request{URL: u.String(), Kind: KindDetail})
			n++
		}
	})
	if next, ok := doc.Find("a.next-page[href], a[rel=next][href]").First().Attr("href"); ok && n > 0 {
		res.Follow = append(res.Follow, Request{URL: next, Kind: KindListing})
		return res, nil
	}
	// Modern lists page with p=N.
	pn, _ := strconv.Atoi(p.Request.Meta["p"])
	if pn == 0 {
		pn, _ = strconv.Atoi(p.URL.Query().Get("p"))
	}
	if pn == 0 {
		pn = 1
	}
	if n > 0 && pn < s.pages && !p.Saved {
		u := *p.URL
		q := u.Query()
		q.Set("p", strconv.Itoa(pn+1))
		u.RawQuery = q.Encode()
		res.Follow = append(res.Follow, Request{URL: u.String(), Kind: KindListing, Meta: map[string]string{"p": strconv.Itoa(pn + 1)}})
	}
	return res, nil
}

// findList finds the first array stored under key anywhere in v.
func findList(v any, key string, depth int) []any {
	if depth > 12 {
		return nil
	}
	switch t := v.(type) {
	case map[string]any:
		if l, ok := t[key].([]any); ok {
			return l
		}
		for _, k := range sortedKeys(t) {
			if l := findList(t[k], key, depth+1); l != nil {
				return l
			}
		}
	case []any:
		for _, e := range t {
			if l := findList(e, key, depth+1); l != nil {
				return l
			}
		}
	}
	return nil
}
