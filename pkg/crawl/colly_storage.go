package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/queue"
	"github.com/gocolly/colly/v2/storage"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// colly's two persistence seams, implemented on the source's Frontier.
//
// colly's own revisit check is switched off (AllowURLRevisit): it marks a
// URL visited before fetching it, so a process killed mid-fetch would find
// the page "visited" on restart and lose it. The frontier's queue is the
// visited set instead — a key is queued once per generation, and only a
// completed page is done.

var (
	_ queue.Storage   = (*frontierQueue)(nil)
	_ storage.Storage = (*frontierStorage)(nil)
)

// Context keys of a serialized request.
const (
	ctxKey      = "jt_key"
	ctxKind     = "jt_kind"
	ctxOptional = "jt_optional"
	ctxMeta     = "jt_meta"
	ctxJob      = "jt_job" // in memory only: the attempt's outcome
)

// frontierQueue is colly's queue.Storage over a source's frontier: requests
// are colly-serialized (Request.Marshal) and popped in FIFO order.
type frontierQueue struct {
	f     Frontier
	ctx   context.Context
	fresh time.Time // Refresh cut-off for AddRequest
}

func (q *frontierQueue) Init() error { return nil }

// AddRequest queues a serialized request; its key, kind and depth are
// read back from the serialization.
func (q *frontierQueue) AddRequest(b []byte) error {
	it, err := itemFromSerialized(b)
	if err != nil {
		return err
	}
	_, err = q.f.Add(q.ctx, []store.FrontierItem{it}, q.fresh)
	return err
}

// GetRequest pops the next request; nil (and no error) when none is pending.
func (q *frontierQueue) GetRequest() ([]byte, error) {
	it, ok, err := q.f.Pop(q.ctx)
	if err != nil || !ok {
		return nil, err
	}
	return it.Request, nil
}

// QueueSize is the number of pending requests.
func (q *frontierQueue) QueueSize() (int, error) { return q.f.Pending(), nil }

// serialized mirrors the fields of colly's serialized request we read.
type serialized struct {
	URL    string
	Method string
	Depth  int
	Ctx    map[string]any
}

func itemFromSerialized(b []byte) (store.FrontierItem, error) {
	var s serialized
	if err := json.Unmarshal(b, &s); err != nil {
		return store.FrontierItem{}, fmt.Errorf("queued request: %w", err)
	}
	key, _ := s.Ctx[ctxKey].(string)
	if key == "" {
		key = requestKey(s.Method, s.URL, nil)
	}
	kind, _ := s.Ctx[ctxKind].(string)
	return store.FrontierItem{Key: key, URL: s.URL, Kind: kind, Depth: s.Depth, Request: b,
		Refreshable: PageKind(kind) == KindDetail || PageKind(kind) == KindUnknown}, nil
}

// serializeRequest builds the colly request for rq (already normalized to
// u) and serializes it, with the crawler's bookkeeping in its context.
func serializeRequest(u *url.URL, rq Request, depth int) (store.FrontierItem, error) {
	method := rq.Method
	if method == "" {
		method = http.MethodGet
	}
	key := requestKey(method, u.String(), rq.Body)
	cctx := colly.NewContext()
	cctx.Put(ctxKey, key)
	cctx.Put(ctxKind, string(rq.Kind))
	if rq.Optional {
		cctx.Put(ctxOptional, "1")
	}
	if len(rq.Meta) > 0 {
		m, err := json.Marshal(rq.Meta)
		if err != nil {
			return store.FrontierItem{}, err
		}
		cctx.Put(ctxMeta, string(m))
	}
	hdr := http.Header{}
	for k, v := range rq.Header {
		hdr.Set(k, v)
	}
	cr := &colly.Request{URL: u, Method: method, Depth: depth, Ctx: cctx, Headers: &hdr}
	if len(rq.Body) > 0 {
		cr.Body = bytes.NewReader(rq.Body)
	}
	b, err := cr.Marshal()
	if err != nil {
		return store.FrontierItem{}, fmt.Errorf("serialize %s: %w", u, err)
	}
	return store.FrontierItem{Key: key, URL: u.String(), Kind: string(rq.Kind), Depth: depth, Request: b,
		Refreshable: rq.Kind == KindDetail || rq.Kind == KindUnknown}, nil
}

// requestInfo reads the crawler's bookkeeping back from a colly request.
func requestInfo(r *colly.Request) (key string, rq Request) {
	key = r.Ctx.Get(ctxKey)
	rq = Request{URL: r.URL.String(), Method: r.Method, Kind: PageKind(r.Ctx.Get(ctxKind)),
		Optional: r.Ctx.Get(ctxOptional) == "1"}
	if m := r.Ctx.Get(ctxMeta); m != "" {
		_ = json.Unmarshal([]byte(m), &rq.Meta) // written by serializeRequest
	}
	if r.Headers != nil {
		for k := range *r.Headers {
			if rq.Header == nil {
				rq.Header = map[string]string{}
			}
			rq.Header[k] = r.Headers.Get(k)
		}
	}
	return key, rq
}

// frontierStorage is colly's storage.Storage over the frontier: cookies
// persist per source and host, so a session cookie survives a restart.
type frontierStorage struct{ f Frontier }

func (s *frontierStorage) Init() error { return nil }

func (s *frontierStorage) Visited(requestID uint64) error { return s.f.Visited(requestID) }

func (s *frontierStorage) IsVisited(requestID uint64) (bool, error) { return s.f.IsVisited(requestID) }

// Cookies are kept per host name: like browsers (RFC 6265), not per port.
func (s *frontierStorage) Cookies(u *url.URL) string {
	c, err := s.f.Cookies(u.Hostname())
	if err != nil {
		return ""
	}
	return c
}

func (s *frontierStorage) SetCookies(u *url.URL, cookies string) {
	_ = s.f.SetCookies(u.Hostname(), cookies) // colly's interface has no error; a lost cookie only costs a new session
}
