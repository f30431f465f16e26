package demo

import (
	"net/http"
	"sort"
	"sync"
	"time"
)

// RequestLog wraps a board's handler and keeps the board's own record of
// the requests it served, so a politeness claim is checked from the side
// of the site and not from the crawler's word.
type RequestLog struct {
	h                     http.Handler
	mu                    sync.Mutex
	spans                 []span
	inflight, maxInflight int
}

type span struct {
	path       string
	start, end time.Time
}

// NewRequestLog returns a handler that serves with h and records each
// request's path, start and end.
func NewRequestLog(h http.Handler) *RequestLog { return &RequestLog{h: h} }

func (l *RequestLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.inflight++
	l.maxInflight = max(l.maxInflight, l.inflight)
	i := len(l.spans)
	l.spans = append(l.spans, span{path: r.URL.RequestURI(), start: time.Now()})
	l.mu.Unlock()
	l.h.ServeHTTP(w, r)
	l.mu.Lock()
	l.inflight--
	l.spans[i].end = time.Now()
	l.mu.Unlock()
}

// Served is the number of requests started so far.
func (l *RequestLog) Served() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.spans)
}

// Rate reads the log: the most requests in flight at once, the shortest
// pause between the end of one request and the start of the next, and the
// most requests started within any window of the given length.
func (l *RequestLog) Rate(window time.Duration) (maxInflight int, minGap time.Duration, maxInWindow int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := append([]span(nil), l.spans...)
	sort.Slice(s, func(i, j int) bool { return s[i].start.Before(s[j].start) })
	minGap = time.Duration(1<<62 - 1)
	for i := 1; i < len(s); i++ {
		minGap = min(minGap, s[i].start.Sub(s[i-1].end))
	}
	for i, j := 0, 0; j < len(s); j++ {
		for s[j].start.Sub(s[i].start) >= window {
			i++
		}
		maxInWindow = max(maxInWindow, j-i+1)
	}
	return l.maxInflight, minGap, maxInWindow
}

// Fetches counts the requests per path (with its query).
func (l *RequestLog) Fetches() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := map[string]int{}
	for _, s := range l.spans {
		m[s.path]++
	}
	return m
}
