package demo

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

var (
	brTag  = regexp.MustCompile(`(?i)<br\s*/?>`)
	anyTag = regexp.MustCompile(`<[^>]*>`)
)

// sitemapSize is how many URLs one sitemap file lists.
const sitemapSize = 1000

// Handler serves the board:
//
//	/robots.txt                  disallows /private/, names the sitemap
//	/sitemap.xml                 a sitemap index of /sitemaps/jobs-N.xml
//	/sitemaps/jobs-N.xml         1,000 posting URLs each
//	/  and  /jobs?page=N         listings, PerPage postings each, rel=next
//	/jobs/<id>                   a posting: HTML fields and JobPosting JSON-LD
//	/private/...                 what robots.txt forbids (a crawler must not come)
func (b *Board) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\n\nSitemap: %s/sitemap.xml\n", baseOf(r))
	})
	mux.HandleFunc("GET /sitemap.xml", b.sitemapIndex)
	mux.HandleFunc("GET /sitemaps/{file}", b.sitemap)
	mux.HandleFunc("GET /{$}", b.listing)
	mux.HandleFunc("GET /jobs", b.listing)
	mux.HandleFunc("GET /jobs/{id}", b.detail)
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "robots.txt asked you not to come here", http.StatusForbidden)
	})
	return mux
}

func baseOf(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (b *Board) pages() int { return (b.Len() + b.opts.PerPage - 1) / b.opts.PerPage }

func (b *Board) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	base := baseOf(r)
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
	for i := 0; i*sitemapSize < b.Len(); i++ {
		fmt.Fprintf(w, "<sitemap><loc>%s/sitemaps/jobs-%d.xml</loc></sitemap>\n", base, i+1)
	}
	fmt.Fprint(w, "</sitemapindex>\n")
}

func (b *Board) sitemap(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "jobs-"), ".xml"))
	if err != nil || n < 1 || (n-1)*sitemapSize >= b.Len() || name != fmt.Sprintf("jobs-%d.xml", n) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	base := baseOf(r)
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
	for i := (n - 1) * sitemapSize; i < min(n*sitemapSize, b.Len()); i++ {
		j := b.Job(i)
		fmt.Fprintf(w, "<url><loc>%s%s</loc>", base, j.Path)
		if !j.Posted.IsZero() {
			fmt.Fprintf(w, "<lastmod>%s</lastmod>", j.Posted.Format("2006-01-02"))
		}
		fmt.Fprint(w, "</url>\n")
	}
	fmt.Fprint(w, "</urlset>\n")
}

func (b *Board) listing(w http.ResponseWriter, r *http.Request) {
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			http.Error(w, "bad page number", http.StatusBadRequest)
			return
		}
		page = n
	}
	if page > b.pages() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var next string
	if page < b.pages() {
		next = fmt.Sprintf("/jobs?page=%d", page+1)
	}
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>jobtrend 演示招聘板 — 第 %d 页</title>\n", page)
	if next != "" {
		fmt.Fprintf(w, "<link rel=\"next\" href=\"%s\">\n", next)
	}
	fmt.Fprint(w, "</head><body>\n<h1>jobtrend 演示招聘板</h1>\n<p>真实职位来自项目语料（智联 2020、BOSS 2021、2024 五平台样本），其余为生成数据（来源 demo-generated）。</p>\n<ul class=\"jobs\">\n")
	for i := (page - 1) * b.opts.PerPage; i < min(page*b.opts.PerPage, b.Len()); i++ {
		j := b.Job(i)
		fmt.Fprintf(w, "<li class=\"job\"><a class=\"job-link\" href=\"%s\">%s</a> <span class=\"company\">%s</span> <span class=\"city\">%s</span> <a rel=\"nofollow\" href=\"/apply%s\">申请</a></li>\n",
			j.Path, html.EscapeString(j.Title), html.EscapeString(j.Company), html.EscapeString(j.City), j.Path)
	}
	fmt.Fprint(w, "</ul>\n<nav>")
	if page > 1 {
		fmt.Fprintf(w, "<a rel=\"prev\" href=\"/jobs?page=%d\">上一页</a> ", page-1)
	}
	if next != "" {
		fmt.Fprintf(w, "<a class=\"next\" rel=\"next\" href=\"%s\">下一页</a>", next)
	}
	fmt.Fprint(w, "</nav>\n")
	if page == 1 {
		fmt.Fprint(w, "<footer><a href=\"/private/stats\">后台统计</a></footer>\n")
	}
	fmt.Fprint(w, "</body></html>\n")
}

// detail serves a posting. The JSON-LD comes in the shapes real sites use,
// chosen by the posting's index: a single object; an @graph with the
// organization; a breadcrumb block before the posting; and, on some pages,
// a broken block (the crawler must skip it and read the next) or raw line
// breaks inside a JSON string (invalid JSON that CMSs emit all the time).
func (b *Board) detail(w http.ResponseWriter, r *http.Request) {
	i, ok := b.index(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	j := b.Job(i)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>%s - %s</title>\n",
		html.EscapeString(j.Title), html.EscapeString(j.Company))
	posting := jobPostingLD(j)
	if i%50 == 7 {
		fmt.Fprint(w, "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@type\": \"JobPosting\", \"title\": \"broken</script>\n")
	}
	switch {
	case i%50 == 13:
		// Raw line breaks in strings: what a template that pastes text
		// into JSON produces.
		js := mustJSON(posting)
		js = strings.ReplaceAll(js, `\n`, "\n")
		fmt.Fprintf(w, "<script type=\"application/ld+json\">\n%s\n</script>\n", js)
	case i%3 == 1:
		org := map[string]any{"@type": "Organization", "@id": "#org", "name": j.Company}
		delete(posting, "@context")
		graph := map[string]any{"@context": "https://schema.org", "@graph": []any{org, posting}}
		fmt.Fprintf(w, "<script type=\"application/ld+json\">%s</script>\n", mustJSON(graph))
	case i%3 == 2:
		crumbs := map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []any{
			map[string]any{"@type": "ListItem", "position": 1, "name": "职位", "item": baseOf(r) + "/jobs"}}}
		fmt.Fprintf(w, "<script type=\"application/ld+json\">%s</script>\n", mustJSON(crumbs))
		fmt.Fprintf(w, "<script type=\"application/ld+json\">%s</script>\n", mustJSON(posting))
	default:
		fmt.Fprintf(w, "<script type=\"application/ld+json\">%s</script>\n", mustJSON(posting))
	}
	fmt.Fprint(w, "</head><body>\n<article class=\"posting\">\n")
	fmt.Fprintf(w, "<h1 class=\"title\">%s</h1>\n<div class=\"company\">%s</div>\n<span class=\"city\">%s</span> <span class=\"salary\">%s</span>\n",
		html.EscapeString(j.Title), html.EscapeString(j.Company), html.EscapeString(j.City), html.EscapeString(j.Salary))
	if !j.Posted.IsZero() {
		fmt.Fprintf(w, "<time datetime=\"%s\">%s</time>\n", j.Posted.Format("2006-01-02"), j.Posted.Format("2006年1月2日"))
	}
	fmt.Fprintf(w, "<div class=\"source\" data-source=\"%s\" data-id=\"%s\"></div>\n", html.EscapeString(j.Source), html.EscapeString(j.SourceID))
	// Descriptions some platforms publish as HTML are shown as text: the
	// board never passes third-party markup through.
	desc := brTag.ReplaceAllString(j.Description, "\n")
	desc = anyTag.ReplaceAllString(desc, "")
	desc = strings.ReplaceAll(html.EscapeString(desc), "\n", "<br>\n")
	fmt.Fprintf(w, "<div class=\"description\">%s</div>\n</article>\n<p><a href=\"/jobs\">返回列表</a></p>\n</body></html>\n", desc)
}

// jobPostingLD is the posting as schema.org JSON-LD.
func jobPostingLD(j Job) map[string]any {
	m := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "JobPosting",
		"title":       j.Title,
		"description": j.Description,
		"identifier":  map[string]any{"@type": "PropertyValue", "name": j.Source, "value": j.SourceID},
		"url":         j.URL,
	}
	if j.Company != "" {
		m["hiringOrganization"] = map[string]any{"@type": "Organization", "name": j.Company}
	}
	if j.City != "" {
		m["jobLocation"] = map[string]any{"@type": "Place", "address": map[string]any{
			"@type": "PostalAddress", "addressLocality": j.City, "addressCountry": "CN"}}
	}
	if j.Salary != "" {
		m["baseSalary"] = j.Salary
	}
	if !j.Posted.IsZero() {
		m["datePosted"] = j.Posted.Format("2006-01-02")
	}
	return m
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("demo: JSON of a map of strings: %v", err)) // cannot happen: only strings, numbers, maps
	}
	return string(b)
}
