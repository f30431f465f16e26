package crawl

import (
	"context"
	"fmt"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// The css kind: a board described in the config by CSS selectors (list
// links, next page, each field).
var cssKind = NewKind(KindSpec[CSSOptions]{Name: "css", New: built(newCSSSource),
	// Without a selector for the publication date, postings are dated by
	// when the crawl first saw them.
	DateBasis: func(_ *SourceConfig, o CSSOptions) string {
		if o.PostedAt == "" {
			return posting.DateFirstSeen
		}
		return ""
	}})

// CSSOptions are the css kind's options: the board's selectors.
type CSSOptions = Selectors

// cssSource is a board described by selectors in the config.
type cssSource struct {
	name  string
	start []string
	ex    *extractor
	now   func() time.Time
}

func newCSSSource(sc *SourceConfig, o CSSOptions) (*cssSource, error) {
	if len(sc.Start) == 0 && sc.Settings.Saved == "" {
		return nil, fmt.Errorf("source %s: kind css needs at least one start URL", sc.Name)
	}
	ex, err := newExtractor(sc.Name, "css", o)
	if err != nil {
		return nil, err
	}
	return &cssSource{name: sc.Name, start: sc.Start, ex: ex, now: time.Now}, nil
}

func (s *cssSource) Name() string { return s.name }

func (s *cssSource) Seeds(context.Context, State) ([]Request, error) {
	var out []Request
	for _, st := range s.start {
		out = append(out, Request{URL: st, Kind: KindListing})
	}
	return out, nil
}

func (s *cssSource) Parse(_ context.Context, p *Page) (Result, error) {
	res, err := s.ex.parse(p, s.now())
	for i := range res.Postings {
		res.Postings[i].Source = s.name
	}
	return res, err
}
