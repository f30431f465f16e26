package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The lagou kind: Lagou's search API, after the list page that sets the
// session cookie. Its postings are the results of searches: the frame
// names the keywords.
var lagouKind = NewKind(KindSpec[LagouOptions]{Name: "lagou", Platform: "lagou", New: built(newLagouSource),
	Frame: func(_ *SourceConfig, o LagouOptions) string {
		var kws []string
		for _, q := range o.Queries {
			kws = append(kws, q.Keyword)
		}
		return queryFrame(kws)
	}})

// LagouOptions configure the lagou kind: Lagou's search API, one query
// per keyword and city.
type LagouOptions struct {
	BaseURL string       `yaml:"base_url"` // default https://www.lagou.com
	Queries []LagouQuery `yaml:"queries"`
	Pages   int          `yaml:"pages"` // most result pages per query (default 30: Lagou shows no more)
	// Details also fetches each posting's page for its description (one
	// more request per posting; the API has none).
	Details bool `yaml:"details"`
	// ListRows stores the postings of server-rendered list pages (older
	// Lagou, saved pages) instead of only using the page for its session
	// cookie; off by default, because the API's rows for the same postings
	// carry more (the legal company name, the exact creation time).
	ListRows bool `yaml:"list_rows"`
}

// LagouQuery is one search.
type LagouQuery struct {
	Keyword string `yaml:"keyword"`
	City    string `yaml:"city"` // 全国 (default), 北京, 上海, ...
}

// lagouPublicURL is where a position lives on lagou.com, whatever base_url
// the crawl used (the importer builds the same URL).
const lagouPublicURL = "https://www.lagou.com/jobs/%s.html"

type lagouSource struct {
	name string
	base *url.URL
	o    LagouOptions
	now  func() time.Time
}

func newLagouSource(sc *SourceConfig, o LagouOptions) (*lagouSource, error) {
	o.Queries = append([]LagouQuery(nil), o.Queries...) // defaults are filled in below
	if o.BaseURL == "" {
		o.BaseURL = "https://www.lagou.com"
	}
	base, err := url.Parse(o.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("source %s: lagou.base_url %q: want an http(s) URL", sc.Name, o.BaseURL)
	}
	if len(o.Queries) == 0 && sc.Settings.Saved == "" {
		return nil, fmt.Errorf("source %s: lagou.queries is empty (want e.g. [{keyword: golang, city: 北京}])", sc.Name)
	}
	for i, q := range o.Queries {
		if strings.TrimSpace(q.Keyword) == "" {
			return nil, fmt.Errorf("source %s: lagou.queries[%d] has no keyword", sc.Name, i)
		}
		if q.City == "" {
			o.Queries[i].City = "全国"
		}
	}
	if o.Pages == 0 {
		o.Pages = 30
	}
	if o.Pages < 1 {
		return nil, fmt.Errorf("source %s: lagou.pages %d: want at least 1", sc.Name, o.Pages)
	}
	return &lagouSource{name: sc.Name, base: base, o: o, now: time.Now}, nil
}

func (s *lagouSource) Name() string { return s.name }

// Seeds: the search list page of each query, first — Lagou's API answers
// only a client holding the session cookie that page sets.
func (s *lagouSource) Seeds(context.Context, State) ([]Request, error) {
	var out []Request
	for _, q := range s.o.Queries {
		out = append(out, Request{URL: s.listURL(q), Kind: KindListing,
			Meta: map[string]string{"step": "list", "kd": q.Keyword, "city": q.City}})
	}
	return out, nil
}

func (s *lagouSource) listURL(q LagouQuery) string {
	u := *s.base
	u.Path = "/jobs/list_" + q.Keyword
	u.RawQuery = url.Values{"city": {q.City}, "px": {"new"}}.Encode()
	return u.String()
}

func (s *lagouSource) apiRequest(kd, city, referer string, pn int) Request {
	u := *s.base
	u.Path = "/jobs/positionAjax.json"
	u.RawQuery = url.Values{"px": {"new"}, "city": {city}, "needAddtionalResult": {"false"}}.Encode()
	first := "false"
	if pn == 1 {
		first = "true"
	}
	body := url.Values{"first": {first}, "pn": {strconv.Itoa(pn)}, "kd": {kd}}.Encode()
	return Request{
		URL: u.String(), Method: "POST", Body: []byte(body), Kind: KindAPI,
		Header: map[string]string{
			"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "Referer": referer,
			"X-Requested-With": "XMLHttpRequest", "Origin": s.base.Scheme + "://" + s.base.Host,
			"Accept": "application/json, text/javascript, */*; q=0.01",
		},
		Meta: map[string]string{"step": "api", "kd": kd, "city": city, "pn": strconv.Itoa(pn), "referer": referer},
	}
}

var lagouDetailURL = regexp.MustCompile(`/jobs/(\d+)\.html`)

func (s *lagouSource) Parse(ctx context.Context, p *Page) (Result, error) {
	body := bytes.TrimSpace(p.Body)
	switch {
	case p.Request.Meta["step"] == "api" || (len(body) > 0 && (body[0] == '{' || body[0] == '[')):
		return s.parseAPI(p)
	case p.Request.Kind == KindDetail || lagouDetailURL.MatchString(p.URL.Path):
		return s.parseDetail(p)
	default:
		return s.parseList(p)
	}
}

// parseList reads a search list page: it set the session cookie; the
// API request for the query follows. Its server-rendered rows (older Lagou)
// are postings only with list_rows or when read from saved pages.
func (s *lagouSource) parseList(p *Page) (Result, error) {
	res := Result{Kind: KindListing}
	if kd := p.Request.Meta["kd"]; kd != "" && !p.Saved {
		res.Follow = append(res.Follow, s.apiRequest(kd, p.Request.Meta["city"], p.URL.String(), 1))
	}
	if !s.o.ListRows && !p.Saved {
		return res, nil
	}
	doc, err := p.Doc()
	if err != nil {
		return res, err
	}
	city := p.Request.Meta["city"]
	if city == "全国" {
		city = ""
	}
	doc.Find("li.con_list_item").Each(func(_ int, li *goquery.Selection) {
		id := attrFold(li, "data-positionid")
		if id == "" {
			return
		}
		ps := posting.Posting{
			Source: s.name, SourceID: id, URL: fmt.Sprintf(lagouPublicURL, id),
			Title:   oneLine(attrFold(li, "data-positionname")),
			Company: oneLine(attrFold(li, "data-company")),
			Salary:  oneLine(attrFold(li, "data-salary")),
			City:    city,
		}
		if d, ok := relativeDate(li.Find(".format-time").Text(), p.Fetched); ok {
			ps.PostedAt = d
		}
		res.Postings = append(res.Postings, ps)
	})
	return res, nil
}

// attrFold reads an attribute whatever the case it was written in
// (data-positionId in 2016, data-positionid in 2018).
func attrFold(s *goquery.Selection, name string) string {
	for _, n := range s.Nodes {
		for _, a := range n.Attr {
			if strings.EqualFold(a.Key, name) {
				return strings.TrimSpace(a.Val)
			}
		}
	}
	return ""
}

var (
	relDays  = regexp.MustCompile(`(\d+)\s*天前`)
	relClock = regexp.MustCompile(`^\s*\d{1,2}:\d{2}`)
)

// relativeDate reads Lagou's publish times: "2018-07-26", "1天前发布",
// "09:48发布" (today), "昨天" — relative to when the page was fetched.
func relativeDate(s string, fetched time.Time) (time.Time, bool) {
	if d, ok := parseDate(s, fetched); ok {
		return d, true
	}
	day := time.Date(fetched.Year(), fetched.Month(), fetched.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case relClock.MatchString(s), strings.Contains(s, "今天"), strings.Contains(s, "刚刚"):
		return day, true
	case strings.Contains(s, "昨天"):
		return day.AddDate(0, 0, -1), true
	case strings.Contains(s, "前天"):
		return day.AddDate(0, 0, -2), true
	}
	if m := relDays.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return day.AddDate(0, 0, -n), true
	}
	return time.Time{}, false
}

// lagouResponse is positionAjax.json's envelope.
type lagouResponse struct {
	Success *bool           `json:"success"`
	Msg     string          `json:"msg"`
	State   int             `json:"state"`
	Code    int             `json:"code"`
	Content json.RawMessage `json:"content"`
}

type lagouContent struct {
	PageNo         int `json:"pageNo"`
	PageSize       int `json:"pageSize"`
	PositionResult struct {
		Result     []map[string]any `json:"result"`
		TotalCount int              `json:"totalCount"`
		ResultSize int              `json:"resultSize"`
	} `json:"positionResult"`
}

// parseAPI reads a positionAjax.json response (or a saved bare array of its
// results). Lagou answers an unwelcome client with success=false and a
// message such as "您操作太频繁,请稍后再访问": that is an anti-bot answer.
func (s *lagouSource) parseAPI(p *Page) (Result, error) {
	res := Result{Kind: KindAPI}
	dec := json.NewDecoder(bytes.NewReader(p.Body))
	dec.UseNumber()
	var results []map[string]any
	var content lagouContent
	if b := bytes.TrimSpace(p.Body); len(b) > 0 && b[0] == '[' {
		if err := dec.Decode(&results); err != nil {
			return res, fmt.Errorf("lagou results %s: %w", p.URL, err)
		}
	} else {
		var env lagouResponse
		if err := dec.Decode(&env); err != nil {
			return res, fmt.Errorf("lagou API response %s: %w", p.URL, err)
		}
		if (env.Success != nil && !*env.Success) || len(env.Content) == 0 {
			msg := env.Msg
			if msg == "" {
				msg = fmt.Sprintf("state %d", env.State)
			}
			if strings.Contains(msg, "频繁") || strings.Contains(msg, "验证") || env.State == 2402 || env.Code == 1 {
				return res, fmt.Errorf("%w: lagou says %q", ErrAntiBot, msg)
			}
			return res, fmt.Errorf("lagou API refused the request: %q", msg)
		}
		d := json.NewDecoder(bytes.NewReader(env.Content))
		d.UseNumber()
		if err := d.Decode(&content); err != nil {
			return res, fmt.Errorf("lagou API content %s: %w", p.URL, err)
		}
		results = content.PositionResult.Result
	}
	for _, r := range results {
		ps, ok := s.postingFromResult(r)
		if !ok {
			res.Warnings = append(res.Warnings, Warning{Message: "lagou result without positionId skipped"})
			continue
		}
		if s.o.Details && !p.Saved {
			meta, _ := json.Marshal(r)
			res.Follow = append(res.Follow, Request{URL: s.detailURL(ps.SourceID), Kind: KindDetail,
				Meta: map[string]string{"step": "detail", "result": string(meta)}})
			continue
		}
		res.Postings = append(res.Postings, ps)
	}
	pn, _ := strconv.Atoi(p.Request.Meta["pn"])
	if pn == 0 || p.Saved || len(results) == 0 || pn >= s.o.Pages {
		return res, nil
	}
	size := content.PageSize
	if size == 0 {
		size = len(results)
	}
	if total := content.PositionResult.TotalCount; total > 0 && pn*size >= total {
		return res, nil
	}
	m := p.Request.Meta
	res.Follow = append(res.Follow, s.apiRequest(m["kd"], m["city"], m["referer"], pn+1))
	return res, nil
}

func (s *lagouSource) detailURL(id string) string {
	u := *s.base
	u.Path = "/jobs/" + id + ".html"
	u.RawQuery = ""
	return u.String()
}

// postingFromResult maps one API result, field for field as the importer
// maps the same columns: positionId, positionName, companyShortName (the
// brand users know; companyFullName when missing), city, salary,
// createTime ("2019-03-15 10:23:11") and, when present, content.
func (s *lagouSource) postingFromResult(r map[string]any) (posting.Posting, bool) {
	id := ldText(r["positionId"])
	if id == "" {
		return posting.Posting{}, false
	}
	p := posting.Posting{
		Source: s.name, SourceID: id, URL: fmt.Sprintf(lagouPublicURL, id),
		Title:       oneLine(ldText(r["positionName"])),
		Company:     oneLine(firstNonEmpty(ldText(r["companyShortName"]), ldText(r["companyFullName"]))),
		City:        normalize.City(ldText(r["city"])),
		Salary:      oneLine(ldText(r["salary"])),
		Description: htmlText(ldText(r["content"])),
	}
	if d, ok := parseDate(ldText(r["createTime"]), s.now()); ok {
		p.PostedAt = d
	}
	if raw, err := json.Marshal(r); err == nil {
		p.Raw = raw
	}
	return p, true
}

// parseDetail reads a position's page (dd.job_bt holds the description)
// and completes the API's row carried in the request, if any.
func (s *lagouSource) parseDetail(p *Page) (Result, error) {
	res := Result{Kind: KindDetail}
	doc, err := p.Doc()
	if err != nil {
		return res, err
	}
	var ps posting.Posting
	if raw := p.Request.Meta["result"]; raw != "" {
		var r map[string]any
		d := json.NewDecoder(strings.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&r); err == nil {
			ps, _ = s.postingFromResult(r)
		}
	}
	if ps.SourceID == "" {
		m := lagouDetailURL.FindStringSubmatch(p.URL.Path)
		if m == nil {
			return res, nil
		}
		ps = posting.Posting{Source: s.name, SourceID: m[1], URL: fmt.Sprintf(lagouPublicURL, m[1])}
	}
	desc := doc.Find("dd.job_bt, .job-detail").First()
	if h, err := desc.Html(); err == nil && desc.Length() > 0 {
		t := htmlText(h)
		t = strings.TrimSpace(strings.TrimPrefix(t, "职位描述："))
		t = strings.TrimSpace(strings.TrimPrefix(t, "职位描述:"))
		if t != "" {
			ps.Description = t
		}
	}
	if ps.Title == "" {
		ps.Title = oneLine(firstNonEmpty(doc.Find(".job-name .name").First().Text(), attrOf(doc.Find(".job-name").First(), "title")))
	}
	if ps.Company == "" {
		ps.Company = strings.TrimSuffix(oneLine(doc.Find(".job-name .company").First().Text()), "招聘")
	}
	if ps.Salary == "" {
		ps.Salary = oneLine(doc.Find(".job_request .salary").First().Text())
	}
	if ps.City == "" {
		ps.City = normalize.City(strings.Trim(oneLine(doc.Find(".job_request p span").Eq(1).Text()), "/ "))
	}
	if ps.PostedAt.IsZero() {
		if d, ok := relativeDate(doc.Find(".publish_time").First().Text(), p.Fetched); ok {
			ps.PostedAt = d
		}
	}
	if ps.Title == "" && ps.Description == "" {
		return res, nil
	}
	res.Postings = append(res.Postings, ps)
	return res, nil
}

func attrOf(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}
