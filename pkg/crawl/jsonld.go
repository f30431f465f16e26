package crawl

import (
	"context"
	"fmt"
	"regexp"
	"time"
)

// The jsonld kind: any site that publishes schema.org JobPosting data in
// JSON-LD. It follows the site's same-host links, rel=next pagination and
// sitemaps, and stores every JobPosting it finds.
var jsonldKind = NewKind(KindSpec[JSONLDOptions]{Name: "jsonld", New: built(newJSONLDSource)})

// JSONLDOptions configure the jsonld kind.
type JSONLDOptions struct {
	Follow []string `yaml:"follow"` // regular expressions; when set, only matching links are followed
	Skip   []string `yaml:"skip"`   // regular expressions of links never followed
	// SourceFromIdentifier stores a posting under the name of its
	// identifier's PropertyValue (e.g. "demo-generated") instead of the
	// source's name, for boards that aggregate several platforms; such a
	// posting belongs to the dataset named like its source.
	SourceFromIdentifier bool `yaml:"source_from_identifier"`
}

// jsonldSource crawls any site that publishes schema.org JobPosting data.
type jsonldSource struct {
	name      string
	start     []string
	follow    []*regexp.Regexp
	skip      []*regexp.Regexp
	fromIdent bool
	now       func() time.Time
}

func newJSONLDSource(sc *SourceConfig, o JSONLDOptions) (*jsonldSource, error) {
	s := &jsonldSource{name: sc.Name, start: sc.Start, fromIdent: o.SourceFromIdentifier, now: time.Now}
	if len(sc.Start) == 0 && sc.Settings.Saved == "" {
		return nil, fmt.Errorf("source %s: kind jsonld needs at least one start URL", sc.Name)
	}
	var err error
	if s.follow, err = compileAll(sc.Name, "jsonld.follow", o.Follow); err != nil {
		return nil, err
	}
	if s.skip, err = compileAll(sc.Name, "jsonld.skip", o.Skip); err != nil {
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

// Seeds: the site's robots.txt and start URLs (see siteSeeds).
func (s *jsonldSource) Seeds(context.Context, State) ([]Request, error) {
	return siteSeeds(s.start), nil
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
			res.Warnings = append(res.Warnings, Warning{Message: "sitemap unreadable", Detail: err.Error()})
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
	res.Postings, res.Warnings = ldPostings(doc, p, s.now(), s.name, s.fromIdent)
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
