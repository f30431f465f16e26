package hardening

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// board is a job board on a loopback server publishing rows [0, n) of an
// edition of the synthesized corpus: robots.txt, listing pages of perPage
// postings linked by rel=next, and one JSON-LD detail page per posting.
// A hook sees every request first and may take it over (hold it open,
// fail it), which is how the tests inject faults and choose kill points.
type board struct {
	c       *Corpus
	n       int
	perPage int

	mu      sync.Mutex
	edition int
	seq     int // requests since the last reset
	details map[string]int
	hook    func(seq int, w http.ResponseWriter, r *http.Request) bool
}

func newBoard(c *Corpus, n int) *board {
	return &board{c: c, n: n, perPage: 20, details: map[string]int{}}
}

// pages is the number of requests a complete crawl of the board makes.
func (b *board) pages() int {
	return 2 + (b.n+b.perPage-1)/b.perPage + b.n // robots.txt, /sitemap.xml (404), listings, details
}

// reset starts a new round: an edition, a hook, the request count at 0.
func (b *board) reset(edition int, hook func(seq int, w http.ResponseWriter, r *http.Request) bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.edition, b.hook, b.seq = edition, hook, 0
}

func (b *board) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.seq++
	seq, hook, edition := b.seq, b.hook, b.edition
	if strings.HasPrefix(r.URL.Path, "/job/") {
		b.details[r.URL.Path]++
	}
	b.mu.Unlock()
	if hook != nil && hook(seq, w, r) {
		return
	}
	b.serve(w, r, edition)
}

func (b *board) serve(w http.ResponseWriter, r *http.Request, edition int) {
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case r.URL.Path == "/jobs":
		page, err := strconv.Atoi(r.URL.Query().Get("page"))
		if err != nil || page < 1 || (page-1)*b.perPage >= b.n {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var sb strings.Builder
		sb.WriteString("<!doctype html><html><head><title>职位列表</title></head><body><ul>")
		for i := (page - 1) * b.perPage; i < min(page*b.perPage, b.n); i++ {
			fmt.Fprintf(&sb, `<li><a href="/job/%s">%s</a></li>`, b.c.Row(i, edition).ID, html.EscapeString(b.c.Row(i, edition).Title))
		}
		sb.WriteString("</ul>")
		if page*b.perPage < b.n {
			fmt.Fprintf(&sb, `<a rel="next" href="/jobs?page=%d">下一页</a>`, page+1)
		}
		sb.WriteString("</body></html>")
		fmt.Fprint(w, sb.String())
	case strings.HasPrefix(r.URL.Path, "/job/h"):
		i, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/job/h"))
		if err != nil || i < 0 || i >= b.n {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, jobPage(b.c.Row(i, edition)))
	default:
		http.NotFound(w, r)
	}
}

// jobPage renders a row as a detail page with schema.org JobPosting JSON-LD.
func jobPage(r Row) string {
	ld, _ := json.Marshal(map[string]any{ // json.Marshal escapes <, > and &: safe inside <script>
		"@context":           "https://schema.org",
		"@type":              "JobPosting",
		"title":              r.Title,
		"identifier":         map[string]any{"@type": "PropertyValue", "name": "board", "value": r.ID},
		"hiringOrganization": map[string]any{"@type": "Organization", "name": r.Company},
		"jobLocation":        map[string]any{"@type": "Place", "address": map[string]any{"addressLocality": r.City}},
		"datePosted":         r.PostedAt,
		"baseSalary":         r.Salary,
		"description":        r.Description,
	})
	return `<!doctype html><html><head><meta charset="utf-8"><title>` + html.EscapeString(r.Title) +
		`</title><script type="application/ld+json">` + string(ld) + `</script></head><body><h1>` +
		html.EscapeString(r.Title) + `</h1></body></html>`
}
