package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
)

// The politeness and safety rules of HTTP live in one http.RoundTripper
// under colly, so they hold for every request colly makes — pages,
// redirects and colly's own robots.txt fetches — with no way around them:
//
//   - one request in flight per host, and a delay (with jitter) between the
//     end of one response and the start of the next;
//   - Retry-After (429, 503) and GitHub-style X-RateLimit-Reset move the
//     host's next allowed start; a host that asks for a longer pause than the
//     run may wait fails fast with errHostBackoff, so its requests are
//     deferred to the next run instead of blocking this one;
//   - robots.txt Crawl-delay, seen when colly fetches robots.txt, raises the
//     host's delay;
//   - no connection to a private or loopback address unless the source's
//     own start URL is one (checked on the resolved address, at dial time);
//   - a cap on the response body: a larger body is an error, not a
//     silently truncated page;
//   - the declared charset is moved out of Content-Type, so colly passes the
//     bytes through untouched and decodeBody decides (declarations lie).

// errHostBackoff is returned without touching the network when a host has
// asked the crawler to wait longer than the run's maximum wait.
var errHostBackoff = errors.New("host asked to back off")

// errPrivateAddress refuses a connection to a private or loopback address.
var errPrivateAddress = errors.New("refusing to connect to a private or loopback address")

// errURLCredentials refuses a request whose URL carries a user name or
// password: the crawler never sends credentials derived from a URL.
var errURLCredentials = errors.New("refusing a URL that carries credentials")

// errTimeout marks a request that took longer than the timeout.
var errTimeout = errors.New("request timed out")

// errBodyTooLarge marks a response larger than the body cap.
var errBodyTooLarge = errors.New("response body exceeds the size cap")

// declaredTypeHeader keeps the Content-Type the server sent.
const declaredTypeHeader = "X-Jobtrend-Declared-Content-Type"

// backoffError says until when a host asked not to be contacted.
type backoffError struct {
	host  string
	until time.Time
}

func (e *backoffError) Error() string {
	return fmt.Sprintf("%s asked to back off until %s", e.host, e.until.Format(time.RFC3339))
}
func (e *backoffError) Unwrap() error { return errHostBackoff }

// hostGate lets one request at a time through to a host. When the next
// may start, the host's delay and its run of anti-bot pages are its
// HostState, kept by the frontier.
type hostGate struct {
	sem chan struct{} // one request in flight
}

// hostStates keeps HostState per host: the source's Frontier.
type hostStates interface {
	UpdateHost(ctx context.Context, host string, fn func(*HostState)) (HostState, error)
}

type politeTransport struct {
	base     http.RoundTripper
	delay    time.Duration
	jitter   time.Duration
	maxWait  time.Duration
	maxBody  int64
	maxDelay time.Duration // highest Crawl-delay honoured
	timeout  time.Duration // per request, from the moment it is sent
	ua       string
	now      func() time.Time
	sleep    func(context.Context, time.Duration) error
	hosts    hostStates

	mu    sync.Mutex
	gates map[string]*hostGate

	// onRobots receives robots.txt as colly fetches it (sitemaps, delays).
	onRobots func(host string, r *robotstxt.RobotsData)
}

func newPoliteTransport(s *Settings, allowPrivate bool) *politeTransport {
	dialer := &net.Dialer{Timeout: s.Timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		dialer.Control = refusePrivate
	}
	base := &http.Transport{
		// No proxy from the environment: a proxy would hide the real
		// destination from the private-address check.
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          16,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   s.Timeout,
		ResponseHeaderTimeout: s.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	return &politeTransport{
		base: base, delay: s.Delay, jitter: s.Jitter, maxWait: s.MaxWait, maxBody: int64(s.MaxBody),
		maxDelay: 60 * time.Second, timeout: s.Timeout, ua: s.UserAgent, now: time.Now, sleep: sleepCtx,
		hosts: &memoryHosts{}, gates: map[string]*hostGate{},
	}
}

// refusePrivate is the dialer's Control hook: it sees the address actually
// dialled, after DNS, so a public name resolving to 127.0.0.1 is caught too.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse %q", errPrivateAddress, address)
	}
	if isPrivateAddr(ap.Addr()) {
		return fmt.Errorf("%w (%s)", errPrivateAddress, ap.Addr())
	}
	return nil
}

func (t *politeTransport) gate(host string) *hostGate {
	t.mu.Lock()
	defer t.mu.Unlock()
	g := t.gates[host]
	if g == nil {
		g = &hostGate{sem: make(chan struct{}, 1)}
		t.gates[host] = g
	}
	return g
}

// update changes host's politeness state. The state is the frontier's,
// and the frontier keeps it in memory or close by: a failure to keep it
// costs politeness bookkeeping, not the crawl, so it is not an error.
func (t *politeTransport) update(host string, fn func(*HostState)) HostState {
	st, _ := t.hosts.UpdateHost(context.Background(), host, fn)
	return st
}

// backOff moves host's next allowed request to until (never earlier, and
// never further than maxRetryAfter from now).
func (t *politeTransport) backOff(host string, until time.Time) {
	if limit := t.now().Add(maxRetryAfter); until.After(limit) {
		until = limit
	}
	t.update(host, func(st *HostState) {
		if until.After(st.NotBefore) {
			st.NotBefore = until
		}
	})
}

// away reports whether host asked not to be contacted for longer than the
// run waits, and until when.
func (t *politeTransport) away(host string) (time.Time, bool) {
	st := t.update(host, nil)
	return st.NotBefore, st.NotBefore.Sub(t.now()) > t.maxWait
}

// antibotBackOff is called when a host served an anti-bot page: the pause
// doubles with every consecutive one (base, 2×base, 4×base, ...).
func (t *politeTransport) antibotBackOff(host string, base time.Duration) time.Duration {
	var d time.Duration
	now := t.now()
	t.update(host, func(st *HostState) {
		d = base << min(st.AntiBot, 10)
		st.AntiBot++
		if until := now.Add(d); until.After(st.NotBefore) {
			st.NotBefore = until
		}
	})
	return d
}

func (t *politeTransport) clearAntibot(host string) {
	if t.update(host, nil).AntiBot == 0 {
		return
	}
	t.update(host, func(st *HostState) { st.AntiBot = 0 })
}

func (t *politeTransport) setCrawlDelay(host string, d time.Duration) {
	if d <= 0 {
		return
	}
	d = min(d, t.maxDelay)
	t.update(host, func(st *HostState) {
		if d > st.Delay {
			st.Delay = d
		}
	})
}

func (t *politeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// The redirect policy and the link filter refuse such URLs already; a
	// URL that reached this far anyway must not log in with what it carries
	// (http.Client has turned it into an Authorization header by now).
	if req.URL.User != nil {
		return nil, fmt.Errorf("%w: %s", errURLCredentials, req.URL.Redacted())
	}
	host := req.URL.Host
	g := t.gate(host)
	ctx := req.Context()
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	leaser, shared := t.hosts.(HostLeaser)
	var token string // the shared host lease held
	released := false
	release := func(extra time.Duration) {
		if released {
			return
		}
		released = true
		now := t.now()
		if token != "" {
			var jitter time.Duration
			if t.jitter > 0 {
				jitter = rand.N(t.jitter)
			}
			// Should this fail, the lease expires by itself.
			_ = leaser.ReleaseHost(context.Background(), host, token, now, t.delay+extra, jitter)
			<-g.sem
			return
		}
		t.update(host, func(st *HostState) {
			delay := max(t.delay, st.Delay)
			next := now.Add(delay + extra)
			if delay > 0 && t.jitter > 0 {
				next = next.Add(rand.N(t.jitter))
			}
			if next.After(st.NotBefore) {
				st.NotBefore = next
			}
		})
		<-g.sem
	}
	if shared {
		tok, err := t.leaseHost(ctx, leaser, host)
		if err != nil {
			<-g.sem
			return nil, err
		}
		token = tok
	} else {
		until := t.update(host, nil).NotBefore
		wait := until.Sub(t.now())
		if wait > t.maxWait {
			<-g.sem
			return nil, &backoffError{host: host, until: until}
		}
		if wait > 0 {
			if err := t.sleep(ctx, wait); err != nil {
				<-g.sem
				return nil, err
			}
		}
	}
	// The timeout starts now, not while the request waited for its turn:
	// a polite queue must not turn into timeouts.
	tctx, cancel := context.WithTimeout(ctx, t.timeout)
	resp, err := t.base.RoundTrip(req.WithContext(tctx))
	if err != nil {
		cancel()
		release(0)
		if tctx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
			return nil, fmt.Errorf("%w after %v: %v", errTimeout, t.timeout, err)
		}
		return nil, err
	}
	t.noteLimits(host, resp)
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		resp.Header.Set(declaredTypeHeader, ct)
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			resp.Header.Set("Content-Type", mt)
		} else {
			resp.Header.Set("Content-Type", strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
		}
	}
	if resp.ContentLength > t.maxBody && t.maxBody > 0 {
		resp.Body.Close()
		cancel()
		release(0)
		return nil, fmt.Errorf("%w: Content-Length %d > %d bytes", errBodyTooLarge, resp.ContentLength, t.maxBody)
	}
	// colly inflates a gzip body the transport left compressed (a .xml.gz
	// sitemap, a gzip Content-Type, an encoding like "x-gzip") and keeps
	// all it inflates, past any cap: a gzip bomb of a few hundred KB would
	// fill memory. Inflating it here puts the cap on the inflated bytes.
	if !resp.Uncompressed && collyGunzips(req.URL.Path, resp.Header) {
		resp.Body = &gunzipBody{rc: resp.Body}
		resp.Uncompressed = true
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	body := &gatedBody{rc: resp.Body, max: t.maxBody, ctx: tctx, release: func() { cancel(); release(0) }}
	if req.URL.Path == "/robots.txt" && resp.StatusCode == http.StatusOK && t.onRobots != nil {
		body.tee = &bytes.Buffer{}
		body.onClose = func(b []byte) {
			if r, err := robotstxt.FromStatusAndBytes(http.StatusOK, b); err == nil {
				if grp := r.FindGroup(t.ua); grp != nil {
					t.setCrawlDelay(host, grp.CrawlDelay)
				}
				t.onRobots(host, r)
			}
		}
	}
	resp.Body = body
	return resp, nil
}

// Shared host leases: a lease outlives the longest request by this much
// (a process that dies holding one blocks its host no longer than the
// request timeout plus this). A process whose host is busy elsewhere looks
// again after hostLeasePoll, doubled while it stays busy up to
// hostLeasePollMax: a loopback board answers in a millisecond, a real one
// in a tenth of a second.
const (
	hostLeaseMargin  = 2 * time.Second
	hostLeasePoll    = time.Millisecond
	hostLeasePollMax = 16 * time.Millisecond
)

// leaseHost waits until host's shared lease is this process's: until no
// other process has a request in flight to it and its NotBefore has
// passed. A NotBefore further than maxWait fails at once, as for a host
// of one process's own.
func (t *politeTransport) leaseHost(ctx context.Context, l HostLeaser, host string) (string, error) {
	poll := hostLeasePoll
	for {
		tok, busy, until, err := l.LeaseHost(ctx, host, t.now(), t.timeout+hostLeaseMargin)
		switch {
		case err != nil:
			return "", fmt.Errorf("host lease of %s: %w", host, err)
		case tok != "":
			return tok, nil
		case busy > 0:
			err = t.sleep(ctx, min(busy, poll))
			poll = min(2*poll, hostLeasePollMax)
		default:
			wait := until.Sub(t.now())
			if wait > t.maxWait {
				return "", &backoffError{host: host, until: until}
			}
			err = t.sleep(ctx, max(wait, time.Millisecond))
		}
		if err != nil {
			return "", err
		}
	}
}

// noteLimits reads the headers by which servers ask for a pause.
func (t *politeTransport) noteLimits(host string, resp *http.Response) {
	now := t.now()
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable ||
		resp.StatusCode == http.StatusForbidden {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			t.backOff(host, now.Add(d))
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		// Seconds since the epoch; a reset too far ahead to represent is
		// as far as maxRetryAfter, like every other pause.
		limit := now.Add(maxRetryAfter).Unix()
		if sec, ok := parseSeconds(strings.TrimSpace(resp.Header.Get("X-RateLimit-Reset")), limit); ok {
			// One second past the reset: the window is rounded to seconds.
			t.backOff(host, time.Unix(sec, 0).Add(time.Second))
		}
	}
}

// maxRetryAfter caps the pauses hosts ask for. Any pause longer than the
// run's max_wait defers the host's requests to the next run; the cap keeps
// absurd values (10^10 seconds, dates in the year 9999) from overflowing
// the arithmetic into a negative pause, which would mean "retry at once".
const maxRetryAfter = 30 * 24 * time.Hour

// parseRetryAfter reads a Retry-After value: delay-seconds (digits only,
// RFC 9110) or an HTTP date. Values past maxRetryAfter, however many
// digits, are maxRetryAfter.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, ok := parseSeconds(v, int64(maxRetryAfter/time.Second)); ok {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), maxRetryAfter), true // Sub saturates rather than overflows
	}
	return 0, false
}

// parseSeconds reads a string of ASCII digits as a number, saturating at
// limit instead of overflowing; ok is false for anything but digits.
func parseSeconds(v string, limit int64) (int64, bool) {
	if v == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n <= limit { // n*10+9 cannot overflow while n is at most the limit
			n = n*10 + int64(c-'0')
		}
	}
	return min(n, limit), true
}

// collyGunzips reports whether colly would inflate this response itself
// (its http_backend.go, v2.3): a gzip Content-Encoding, a gzip
// Content-Type with no encoding, or a path ending in .xml.gz.
func collyGunzips(path string, h http.Header) bool {
	enc := strings.ToLower(h.Get("Content-Encoding"))
	return strings.Contains(enc, "gzip") ||
		enc == "" && strings.Contains(strings.ToLower(h.Get("Content-Type")), "gzip") ||
		strings.HasSuffix(strings.ToLower(path), ".xml.gz")
}

// gunzipBody inflates a gzip body as it is read.
type gunzipBody struct {
	rc  io.ReadCloser
	zr  *gzip.Reader
	err error
}

func (b *gunzipBody) Read(p []byte) (int, error) {
	if b.zr == nil && b.err == nil {
		b.zr, b.err = gzip.NewReader(b.rc)
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.zr.Read(p)
}

func (b *gunzipBody) Close() error { return b.rc.Close() }

// gatedBody enforces the body cap and releases the host gate when colly
// closes the body, so "one request in flight" covers the whole transfer.
type gatedBody struct {
	rc      io.ReadCloser
	ctx     context.Context
	max     int64
	n       int64
	release func()
	tee     *bytes.Buffer
	onClose func([]byte)
	once    sync.Once
}

func (b *gatedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err != nil && err != io.EOF && b.ctx != nil && b.ctx.Err() == context.DeadlineExceeded {
		err = fmt.Errorf("%w reading the body: %v", errTimeout, err)
	}
	b.n += int64(n)
	if b.tee != nil && n > 0 {
		b.tee.Write(p[:n])
	}
	if b.max > 0 && b.n > b.max {
		return n, fmt.Errorf("%w (%d bytes)", errBodyTooLarge, b.max)
	}
	return n, err
}

func (b *gatedBody) Close() error {
	err := b.rc.Close()
	b.once.Do(func() {
		if b.onClose != nil && b.tee != nil {
			b.onClose(b.tee.Bytes())
		}
		b.release()
	})
	return err
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
