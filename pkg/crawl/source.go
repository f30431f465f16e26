package crawl

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// PageKind says what a page is, which decides whether --refresh may skip it.
type PageKind string

// Page kinds.
const (
	KindUnknown PageKind = ""        // decided by the page itself (Result.Kind)
	KindListing PageKind = "listing" // fetched in every generation
	KindDetail  PageKind = "detail"  // skipped while fresher than --refresh
	KindSitemap PageKind = "sitemap"
	KindRobots  PageKind = "robots"
	KindAPI     PageKind = "api" // an API page of results: fetched in every generation
)

// Request is a request a source asks for: a seed or a link found on a page.
type Request struct {
	URL    string
	Method string // "" means GET
	Body   []byte
	Header map[string]string
	Kind   PageKind
	// Optional requests (a guessed /sitemap.xml) are not errors when the
	// server answers 404 or 410.
	Optional bool
	// Meta travels with the request to Parse (and survives a restart).
	Meta map[string]string
}

// Page is a fetched response, or a saved one read from a folder.
type Page struct {
	Request Request     // as queued
	URL     *url.URL    // where the content came from (after redirects)
	Status  int         // HTTP status; 200 for saved responses
	Header  http.Header // response headers (Content-Type as the server sent it)
	Body    []byte      // decoded to UTF-8
	Charset string      // the encoding Body was decoded from
	Fetched time.Time
	Saved   bool // read from a folder of saved responses, not fetched

	doc    *goquery.Document
	docErr error

	base     *url.URL // what relative links resolve against, once found
	baseWalk int      // HTML nodes visited to find it
}

// Doc parses the page as HTML (once).
func (p *Page) Doc() (*goquery.Document, error) {
	if p.doc == nil && p.docErr == nil {
		p.doc, p.docErr = goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
		if p.docErr != nil {
			p.docErr = fmt.Errorf("parse HTML of %s: %w", p.URL, p.docErr)
		}
	}
	return p.doc, p.docErr
}

// ContentType is the media type the server declared, lower-case, without
// parameters ("" when none).
func (p *Page) ContentType() string {
	ct := p.Header.Get(declaredTypeHeader)
	if ct == "" {
		ct = p.Header.Get("Content-Type")
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// IsHTML reports whether the page is HTML (by type, or by content when the
// type is missing or generic).
func (p *Page) IsHTML() bool {
	switch ct := p.ContentType(); {
	case strings.Contains(ct, "html"):
		return true
	case ct == "" || ct == "text/plain" || ct == "application/octet-stream":
		return looksHTML("", p.Body)
	}
	return false
}

// Resolve makes a link on the page absolute (honouring <base href>).
func (p *Page) Resolve(ref string) (*url.URL, error) {
	return normalizeURL(p.Base(), ref)
}

// Base is the URL the page's relative links resolve against: the first
// <base href> of an HTML page, else the page's own URL. It is looked for
// once per page: a page of many links must not walk its document once
// per link.
func (p *Page) Base() *url.URL {
	if p.base != nil {
		return p.base
	}
	p.base = p.URL
	if !p.IsHTML() {
		return p.base
	}
	doc, err := p.Doc()
	if err != nil {
		return p.base
	}
	if href, ok := firstBaseHref(doc.Selection.Nodes, &p.baseWalk); ok {
		if b, err := p.URL.Parse(strings.TrimSpace(href)); err == nil {
			p.base = b
		}
	}
	return p.base
}

// firstBaseHref finds the href of the first <base href> element under
// nodes in document order, counting the nodes it visits.
func firstBaseHref(nodes []*html.Node, visited *int) (string, bool) {
	stack := make([]*html.Node, 0, 64)
	for i := len(nodes) - 1; i >= 0; i-- {
		stack = append(stack, nodes[i])
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		*visited++
		if n.Type == html.ElementNode && n.DataAtom == atom.Base {
			for _, a := range n.Attr {
				if a.Namespace == "" && a.Key == "href" {
					return a.Val, true
				}
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return "", false
}

// Result is what a source found on a page.
type Result struct {
	Postings []posting.Posting
	Follow   []Request
	// Kind is what the page turned out to be; KindUnknown keeps the
	// request's kind. A page recorded as KindDetail with postings is
	// skipped by later generations while it is fresh.
	Kind     PageKind
	Warnings []Warning // problems that did not stop the page (a broken JSON-LD block)
}

// A Warning is a problem that did not stop a page. Its Message is the same
// for every occurrence of the problem ("JSON-LD block skipped"), so logs
// can count them; the particulars are in Detail.
type Warning struct {
	Message string
	Detail  string
}

func warn(message, format string, args ...any) Warning {
	return Warning{Message: message, Detail: fmt.Sprintf(format, args...)}
}

// Source is one adapter: where a crawl starts and how a page becomes
// postings and further requests. Parse must be safe for concurrent use and
// must not do I/O: the same Parse reads live pages and saved ones.
type Source interface {
	Name() string
	// Seeds returns the requests a new crawl generation starts with.
	Seeds(ctx context.Context, st State) ([]Request, error)
	// Parse reads one page. An error wrapping ErrAntiBot makes the crawler
	// back off and retry; any other error fails the page.
	Parse(ctx context.Context, p *Page) (Result, error)
}

// Finisher is implemented by sources that keep state across generations
// (GitHub's "since" cursor): Finish is called when a generation completed.
type Finisher interface {
	Finish(ctx context.Context, st State, started time.Time) error
}

// hostsDeclarer is implemented by sources whose pages live on several
// hosts of one platform (lists on one, postings on another): those hosts
// may be crawled besides the start URLs'.
type hostsDeclarer interface {
	Hosts() []string
}

// envSetter is implemented by sources that read the environment (a token).
type envSetter interface {
	setEnv(getenv func(string) string)
}

// State is a source's small persistent key-value state (the frontier's).
type State interface {
	Value(ctx context.Context, name string) (string, bool, error)
	SetValue(ctx context.Context, name, value string) error
}
