package crawl

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
)

// Selectors describe a job board's pages by CSS selectors: the css kind's
// options (a board added in the config file without writing Go), and the
// fallback of kinds whose detail pages have a known layout. A field
// selector may end in "@attr" to read an attribute instead of the text
// ("time@datetime", "meta[itemprop=datePosted]@content"). The description
// keeps its line structure (HTML to text); other fields are folded to one
// line.
type Selectors struct {
	Links       string `yaml:"links"` // links to detail pages, on list pages
	Next        string `yaml:"next"`  // the next list page
	Item        string `yaml:"item"`  // optional: a posting's block on pages that list postings in full
	Title       string `yaml:"title"` // required: a page (or item) with a title is a posting
	Company     string `yaml:"company"`
	City        string `yaml:"city"`
	Salary      string `yaml:"salary"`
	PostedAt    string `yaml:"posted_at"`
	Description string `yaml:"description"`
	ID          string `yaml:"id"`         // the posting id (text or @attr); default: id_pattern, then the URL
	IDPattern   string `yaml:"id_pattern"` // regexp on the posting's URL; its first group is the id; a URL not matching is no posting
}

// fieldSel is a compiled "selector@attr".
type fieldSel struct {
	raw  string
	sel  cascadia.Selector
	attr string
}

var attrSuffix = regexp.MustCompile(`^(.*\S)\s*@([A-Za-z_:][-A-Za-z0-9_:.]*)$`)

func compileField(src, key, s string) (*fieldSel, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	f := &fieldSel{raw: s}
	if m := attrSuffix.FindStringSubmatch(s); m != nil {
		s, f.attr = m[1], m[2]
	}
	sel, err := cascadia.Compile(s)
	if err != nil {
		return nil, fmt.Errorf("source %s: %s %q: %v", src, key, f.raw, err)
	}
	f.sel = sel
	return f, nil
}

// text reads the field within root; html keeps line structure.
func (f *fieldSel) text(root *goquery.Selection, html bool) string {
	if f == nil {
		return ""
	}
	for _, n := range root.FindMatcher(f.sel).Nodes {
		s := goquery.NewDocumentFromNode(n).Selection
		var v string
		switch {
		case f.attr != "":
			v, _ = s.Attr(f.attr)
			v = strings.TrimSpace(v)
		case html:
			h, _ := s.Html()
			v = htmlText(h)
		default:
			v = oneLine(s.Text())
		}
		if v != "" {
			return v
		}
	}
	return ""
}

type extractor struct {
	links, next, item                                        *fieldSel
	title, company, city, salary, posted, description, idSel *fieldSel
	idPattern                                                *regexp.Regexp
}

func newExtractor(src, block string, o Selectors) (*extractor, error) {
	e := &extractor{}
	for _, f := range []struct {
		dst **fieldSel
		key string
		val string
	}{
		{&e.links, "links", o.Links}, {&e.next, "next", o.Next}, {&e.item, "item", o.Item}, {&e.title, "title", o.Title},
		{&e.company, "company", o.Company}, {&e.city, "city", o.City}, {&e.salary, "salary", o.Salary},
		{&e.posted, "posted_at", o.PostedAt}, {&e.description, "description", o.Description}, {&e.idSel, "id", o.ID},
	} {
		fs, err := compileField(src, block+"."+f.key, f.val)
		if err != nil {
			return nil, err
		}
		*f.dst = fs
	}
	if e.title == nil {
		return nil, fmt.Errorf("source %s: %s.title is required (a page with a title is a posting)", src, block)
	}
	if o.IDPattern != "" {
		re, err := regexp.Compile(o.IDPattern)
		if err != nil {
			return nil, fmt.Errorf("source %s: %s.id_pattern %q: %v", src, block, o.IDPattern, err)
		}
		if re.NumSubexp() < 1 {
			return nil, fmt.Errorf("source %s: %s.id_pattern %q needs a group (…) around the id", src, block, o.IDPattern)
		}
		e.idPattern = re
	}
	return e, nil
}

// posting reads one posting from root (the page or an item block); ok is
// false when root has no title, or when id_pattern is set and the
// posting's URL does not match it: the pattern says what a posting's
// address looks like, and a title selector broad enough to match on
// listings too ("h1") must not turn them into postings.
func (e *extractor) posting(root *goquery.Selection, postURL *url.URL, now time.Time) (posting.Posting, bool) {
	if e.idPattern != nil && !e.idPattern.MatchString(postURL.String()) {
		return posting.Posting{}, false
	}
	p := posting.Posting{
		Title:       e.title.text(root, false),
		Company:     e.company.text(root, false),
		City:        normalize.City(e.city.text(root, false)),
		Salary:      e.salary.text(root, false),
		Description: e.description.text(root, true),
	}
	if p.Title == "" {
		return p, false
	}
	if d, ok := parseDate(e.posted.text(root, false), now); ok {
		p.PostedAt = d
	}
	p.URL = postURL.String()
	p.SourceID = e.idSel.text(root, false)
	if p.SourceID == "" && e.idPattern != nil {
		if m := e.idPattern.FindStringSubmatch(p.URL); m != nil {
			p.SourceID = m[1]
		}
	}
	if p.SourceID == "" {
		p.SourceID = p.URL
	}
	return p, true
}

// parse reads a page: postings (one per item, or the page itself when it
// has a title) and the links and next pages to follow.
func (e *extractor) parse(p *Page, now time.Time) (Result, error) {
	var res Result
	if !p.IsHTML() {
		return res, nil
	}
	doc, err := p.Doc()
	if err != nil {
		return res, err
	}
	root := doc.Selection
	if e.item != nil {
		res.Kind = KindListing
		root.FindMatcher(e.item.sel).Each(func(i int, it *goquery.Selection) {
			u := p.URL
			if href, ok := it.Find("a[href]").First().Attr("href"); ok {
				if lu, err := p.Resolve(href); err == nil {
					u = lu
				}
			}
			ps, ok := e.posting(it, u, now)
			if !ok {
				return
			}
			if u == p.URL && e.idSel == nil {
				ps.SourceID = p.URL.String() + "#" + shortHash(ps.Title, ps.Company, ps.City, ps.Description)
			}
			res.Postings = append(res.Postings, ps)
		})
	} else if ps, ok := e.posting(root, p.URL, now); ok {
		res.Postings = append(res.Postings, ps)
		res.Kind = KindDetail
	} else {
		res.Kind = KindListing
	}
	linkKind := KindDetail
	if e.item != nil {
		linkKind = KindUnknown
	}
	add := func(f *fieldSel, kind PageKind) {
		if f == nil {
			return
		}
		root.FindMatcher(f.sel).Each(func(_ int, s *goquery.Selection) {
			attr := f.attr
			if attr == "" {
				attr = "href"
			}
			if href, ok := s.Attr(attr); ok && strings.TrimSpace(href) != "" {
				res.Follow = append(res.Follow, Request{URL: href, Kind: kind})
			}
		})
	}
	add(e.links, linkKind)
	add(e.next, KindListing)
	return res, nil
}
