package crawl

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/temoto/robotstxt"
)

// Walking a site: its links, pagination, robots.txt and sitemaps. Shared
// by the kinds that crawl sites rather than APIs.

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

// siteSeeds are the seeds of a site crawl: each start host's robots.txt
// (for its Sitemap: lines) and the start URLs themselves (listings:
// fetched in every generation).
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
