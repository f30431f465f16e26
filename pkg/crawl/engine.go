package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Options are Run's knobs that are not per source.
type Options struct {
	Log      *slog.Logger     // nil: no log
	Sources  []string         // run only these sources (even if disabled); empty: every enabled one
	Wait     bool             // wait for another run to finish instead of failing at once
	Progress func(Counters)   // called after every page with the running totals (a progress bar)
	Now      func() time.Time // the clock; nil: time.Now
	// Sleep waits for d or until ctx ends (its error then); nil: a real
	// timer. Politeness delays, Retry-After and back-off pauses all wait
	// through it, so a test can run them on a fake clock.
	Sleep    func(ctx context.Context, d time.Duration) error
	Getenv   func(string) string                 // the environment (tokens); nil: os.Getenv
	Resolver func(host string) ([]net.IP, error) // DNS for the private-address check of start URLs; nil: net.LookupIP
}

// Run crawls the selected sources of cfg into st, one source after the
// other, and says what it did. It holds the database's run lock throughout
// (a second Run fails at once with an error wrapping ErrLocked, or waits
// with Options.Wait) and records the run in the store. Cancelling ctx stops
// the crawl cleanly: requests in flight go back to the queue and the next
// run resumes them. The error is nil when the run completed, even if some
// requests failed: Summary.Failed tells whether it achieved nothing.
func Run(ctx context.Context, cfg *Config, st Store, opts Options) (Summary, error) {
	var sum Summary
	start := time.Now()
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Resolver == nil {
		opts.Resolver = net.LookupIP
	}
	srcs, err := cfg.Select(opts.Sources)
	if err != nil {
		return sum, err
	}
	// Processes sharing a store coordinate through it; only a store of
	// one process's own has a file to lock.
	if p := st.Path(); p != "" {
		lock, err := lockRun(ctx, lockPath(p), opts.Wait)
		if err != nil {
			return sum, err
		}
		defer lock.unlock()
	}

	names := make([]string, len(srcs))
	for i := range srcs {
		names[i] = srcs[i].Name
	}
	runID, interrupted, err := st.StartCrawlRun(ctx, names, os.Getpid())
	if err != nil {
		return sum, err
	}
	if interrupted > 0 {
		opts.Log.Info("a previous crawl run was killed before it finished; its sources resume where they stopped", "runs", interrupted)
	}
	var runErr error
	next := sourceOrder(srcs, st)
	for {
		i, err := next(ctx)
		if err != nil {
			runErr = err
			break
		}
		if i < 0 {
			break
		}
		ss, err := runSource(ctx, &srcs[i], st, opts, &sum.Counters)
		var se *setupError
		if errors.As(err, &se) {
			// One misconfigured source (a missing cookie file) must not
			// keep a scheduled run from crawling the others.
			opts.Log.Error("source not crawled", "source", srcs[i].Name, "err", se.err)
			ss.Error = se.err.Error()
			ss.Errors++
			err = nil
		}
		sum.Sources = append(sum.Sources, ss)
		sum.Counters.add(ss.Counters)
		if err != nil {
			runErr = err
			break
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	status := "done"
	switch {
	case errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded):
		status = "interrupted"
	case runErr != nil:
		status = "failed"
	}
	js, _ := json.Marshal(sum)
	c := store.Counts{New: sum.New, Updated: sum.Updated, Unchanged: sum.Unchanged}
	if err := st.EndCrawlRun(context.WithoutCancel(ctx), runID, status, sum.Pages, c, sum.Errors, string(js)); err != nil && runErr == nil {
		runErr = err
	}
	return sum, runErr
}

// sourceOrder returns the function that says which source to crawl next
// (an index of srcs, -1 when all are done): the config's order, or on a
// SharedStore the one it picks.
func sourceOrder(srcs []SourceConfig, st Store) func(context.Context) (int, error) {
	left := make([]string, len(srcs))
	for i := range srcs {
		left[i] = srcs[i].Name
	}
	sh, shared := st.(SharedStore)
	return func(ctx context.Context) (int, error) {
		if len(left) == 0 {
			return -1, nil
		}
		name := left[0]
		if shared {
			var err error
			if name, err = sh.NextSource(ctx, left); err != nil {
				return -1, err
			}
		}
		for i := range left {
			if left[i] == name {
				left = append(left[:i], left[i+1:]...)
				break
			}
		}
		for i := range srcs {
			if srcs[i].Name == name {
				return i, nil
			}
		}
		return -1, fmt.Errorf("next source: %q is not one of the run's", name)
	}
}

// DatasetRegistrar is implemented by a Store that keeps the datasets
// postings belong to: Run records each source's dataset (its platform,
// frame and date basis) before crawling it. SQLiteStore has it when the
// SQLite store does.
type DatasetRegistrar interface {
	EnsureDataset(ctx context.Context, d posting.Dataset) (changed bool, err error)
}

// setupError is a source that could not start (a missing cookie file or
// saved-responses folder): the run goes on with the other sources.
type setupError struct{ err error }

func (e *setupError) Error() string { return e.err.Error() }
func (e *setupError) Unwrap() error { return e.err }

// sourceRun is one source being crawled.
type sourceRun struct {
	sc           *SourceConfig
	src          Source
	st           Store
	f            Frontier
	q            *frontierQueue
	c            *colly.Collector
	tr           *politeTransport
	log          *slog.Logger
	opts         Options
	hosts        map[string]bool // host names that may be crawled
	allowPrivate bool
	freshAfter   time.Time

	dataset string // the name every posting of the source is stored with
	forward bool   // the store hands postings to a writer (SharedStore)

	mu          sync.Mutex
	counters    Counters
	total       *Counters // the run's totals before this source, for progress
	unreachable []string  // seeds that could not be connected to, and why

	commits chan *commitReq // pages for the committer
}

func (r *sourceRun) count(f func(c *Counters)) {
	r.mu.Lock()
	f(&r.counters)
	var snapshot Counters
	if r.opts.Progress != nil {
		snapshot = *r.total
		snapshot.add(r.counters)
	}
	r.mu.Unlock()
	if r.opts.Progress != nil {
		r.opts.Progress(snapshot)
	}
}

func runSource(ctx context.Context, sc *SourceConfig, st Store, opts Options, total *Counters) (SourceSummary, error) {
	ss := SourceSummary{Name: sc.Name, Kind: sc.Kind}
	src, err := newSource(sc)
	if err != nil {
		return ss, &setupError{err}
	}
	if err := sc.checkDataset(); err != nil {
		return ss, &setupError{err}
	}
	ds := sc.Dataset()
	ss.Dataset = ds.Name
	if reg, ok := st.(DatasetRegistrar); ok {
		if _, err := reg.EnsureDataset(ctx, ds); err != nil {
			return ss, fmt.Errorf("source %s: register dataset %s: %w", sc.Name, ds.Name, err)
		}
	}
	log := opts.Log.With("source", sc.Name)
	if es, ok := src.(envSetter); ok {
		es.setEnv(opts.Getenv)
	}
	r := &sourceRun{sc: sc, src: src, st: st, log: log, opts: opts, total: total, dataset: ds.Name}
	_, r.forward = st.(SharedStore)
	if sc.Settings.Saved != "" {
		ss.Saved = true
		err := r.replaySaved(ctx, sc.Settings.Saved)
		ss.Counters = r.counters
		return ss, err
	}
	if r.f, err = st.Frontier(sc.Name); err != nil {
		return ss, err
	}
	gen, err := r.f.Begin(ctx, sc.Settings.MaxPages)
	if errors.Is(err, ErrCrawledThisRound) {
		log.Info("source already crawled to the end in this round", "generation", gen.Number)
		ss.Generation, ss.Finished = gen.Number, true
		return ss, nil
	}
	if err != nil {
		return ss, err
	}
	ss.Generation, ss.Resumed = gen.Number, gen.Resumed
	if sc.Settings.Refresh > 0 {
		r.freshAfter = opts.Now().Add(-sc.Settings.Refresh)
	}
	r.q = &frontierQueue{f: r.f, ctx: ctx, fresh: r.freshAfter}

	seeds, err := src.Seeds(ctx, r.f)
	if err != nil {
		return ss, fmt.Errorf("source %s: %w", sc.Name, err)
	}
	if err := r.setHosts(seeds); err != nil {
		return ss, &setupError{err}
	}
	if err := r.setupCollector(ctx); err != nil {
		return ss, &setupError{err}
	}
	// Seeds are queued in a resumed generation too: those already queued
	// are known and left alone, and a run killed between starting the
	// generation and queueing its seeds does not leave it empty.
	for _, rq := range seeds {
		u, err := normalizeURL(nil, rq.URL)
		if err != nil {
			return ss, &setupError{fmt.Errorf("source %s: seed: %w", sc.Name, err)}
		}
		it, err := serializeRequest(u, rq, 0)
		if err != nil {
			return ss, err
		}
		if err := r.q.AddRequest(it.Request); err != nil {
			return ss, err
		}
	}
	if gen.Resumed {
		log.Info("resuming an interrupted crawl", "generation", gen.Number, "requeued", gen.Requeued, "pending", r.f.Pending())
	} else {
		log.Info("starting a crawl", "generation", gen.Number, "seeds", len(seeds))
	}

	err = r.work(ctx)
	ss.Counters = r.counters
	if len(r.unreachable) > 0 {
		ss.Error = strings.Join(r.unreachable, "; ")
	}
	if err != nil {
		return ss, err
	}
	if ctx.Err() != nil {
		return ss, ctx.Err()
	}
	counts, err := r.f.Counts(ctx)
	if err != nil {
		return ss, err
	}
	ss.Deferred = counts[store.StateDeferred]
	if ss.Finished, err = r.f.Finish(ctx); err != nil {
		return ss, err
	}
	if fin, ok := src.(Finisher); ok && ss.Finished {
		if err := fin.Finish(ctx, r.f, gen.Started); err != nil {
			return ss, fmt.Errorf("source %s: %w", sc.Name, err)
		}
	}
	r.counters.Deferred = ss.Deferred
	ss.Counters = r.counters
	return ss, nil
}

// setHosts fixes the hosts the source may crawl (its start URLs' and
// seeds', plus allow_domains) and whether it may reach private addresses
// (only when one of its own start hosts is private).
func (r *sourceRun) setHosts(seeds []Request) error {
	r.hosts = map[string]bool{}
	var starts []string
	starts = append(starts, r.sc.Start...)
	for _, s := range seeds {
		starts = append(starts, s.URL)
	}
	for _, s := range starts {
		u, err := url.Parse(s)
		if err != nil || u.Hostname() == "" {
			return fmt.Errorf("source %s: URL %q has no host", r.sc.Name, s)
		}
		h := strings.ToLower(u.Hostname())
		if r.hosts[h] {
			continue
		}
		r.hosts[h] = true
		if hostIsPrivate(h) {
			r.allowPrivate = true
			continue
		}
		if ips, err := r.opts.Resolver(h); err == nil {
			for _, ip := range ips {
				if a, ok := netipFromIP(ip); ok && isPrivateAddr(a) {
					r.allowPrivate = true
				}
			}
		}
	}
	for _, d := range r.sc.Settings.AllowDomains {
		r.hosts[strings.ToLower(d)] = true
	}
	if hd, ok := r.src.(hostsDeclarer); ok {
		for _, d := range hd.Hosts() {
			r.hosts[strings.ToLower(d)] = true
		}
	}
	return nil
}

func (r *sourceRun) setupCollector(ctx context.Context) error {
	s := &r.sc.Settings
	r.tr = newPoliteTransport(s, r.allowPrivate)
	r.tr.now, r.tr.sleep, r.tr.hosts = r.opts.Now, r.opts.Sleep, r.f
	r.tr.onRobots = func(host string, _ *robotstxt.RobotsData) {
		r.log.Debug("read robots.txt", "host", host)
	}
	c := colly.NewCollector()
	c.UserAgent = s.UserAgent
	c.IgnoreRobotsTxt = false // colly's default ignores robots.txt
	c.AllowURLRevisit = true  // the frontier is the visited set (see colly_storage.go)
	c.MaxBodySize = 0         // the transport enforces the cap, failing instead of truncating
	c.MaxDepth = 0            // checked when links are queued
	c.DetectCharset = false   // decodeBody decides
	c.Context = ctx
	c.AllowedDomains = sortedKeys(r.hosts)
	if err := c.SetStorage(&frontierStorage{f: r.f}); err != nil {
		return err
	}
	c.WithTransport(r.tr)
	// No client-wide timeout: it would count the time a request waits for
	// its host's turn. The transport times each request from when it is sent.
	c.SetRequestTimeout(0)
	c.SetRedirectHandler(redirectPolicy)
	if hs, ok := r.src.(headerSetter); ok {
		c.OnRequest(func(req *colly.Request) { hs.SetHeaders(req.URL, *req.Headers) })
	}
	c.OnResponse(func(resp *colly.Response) {
		if j, ok := resp.Ctx.GetAny(ctxJob).(*job); ok {
			j.resp = resp
		}
	})
	c.OnError(func(resp *colly.Response, err error) {
		if j, ok := resp.Ctx.GetAny(ctxJob).(*job); ok {
			j.resp, j.err = resp, err
		}
	})
	if s.CookieFile != "" {
		if err := loadCookieFile(c, s.CookieFile, sortedKeys(r.hosts)); err != nil {
			return fmt.Errorf("source %s: %w", r.sc.Name, err)
		}
	}
	r.c = c
	return nil
}

// headerSetter is implemented by sources that add headers at request time
// rather than storing them in the queue (an API token must not be written
// to the database).
type headerSetter interface {
	SetHeaders(u *url.URL, h http.Header)
}

var (
	errRedirectLoop        = errors.New("redirect loop")
	errTooManyRedirects    = errors.New("more than 5 redirects")
	errRedirectScheme      = errors.New("redirect to a scheme other than http or https")
	errRedirectToPrivate   = errors.New("redirect to a private address")
	errRedirectCredentials = errors.New("redirect to a URL carrying credentials")
)

// redirectPolicy bounds redirects: at most 5, no loops, http(s) only, no
// user name or password in the target (Go's client would send them as an
// Authorization header: a site could make the crawler log in anywhere it
// can redirect to), and credentials never follow a redirect to another
// host. (Redirects off the source's hosts are refused by colly's domain
// filter before this runs.)
func redirectPolicy(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errTooManyRedirects
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return errRedirectScheme
	}
	if req.URL.User != nil {
		return fmt.Errorf("%w: %s", errRedirectCredentials, req.URL.Redacted())
	}
	target := req.URL.String()
	for _, v := range via {
		if v.URL.String() == target {
			return fmt.Errorf("%w: %s", errRedirectLoop, target)
		}
	}
	if last := via[len(via)-1]; req.URL.Host != last.URL.Host {
		req.Header.Del("Authorization")
		req.Header.Del("Cookie")
	}
	return nil
}

// job is one request's latest attempt, filled in by colly's callbacks.
type job struct {
	resp *colly.Response
	err  error
}

// work runs the source's workers until its queue is drained (nothing
// pending, nothing in flight) or ctx ends. Only a database failure is an
// error; failed pages are counted and recorded in the frontier.
//
// Requests to a host go one at a time, and so do writes to the database
// (SQLite has one writer): the two must overlap rather than wait for each
// other. Workers fetch and parse. One goroutine, the dispatcher, does the
// queue's writes: it pops the next request before a worker asks for it,
// and writes the pages workers hand it in groups — the postings of every
// page of a group in one transaction, then each page's completion.
func (r *sourceRun) work(ctx context.Context) error {
	workers := r.sc.Settings.Workers
	ready := make(chan []byte)
	finished := make(chan error, workers)
	r.commits = make(chan *commitReq)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ready {
				if ctx.Err() != nil {
					it, _ := itemFromSerialized(b)
					finished <- r.f.Mark(context.WithoutCancel(ctx), it.Key, store.StatePending, "interrupted")
					continue
				}
				finished <- r.handle(ctx, b)
			}
		}()
	}
	err := r.dispatch(ctx, workers, ready, finished)
	close(ready)
	wg.Wait()
	return err
}

// dispatch hands popped requests to the workers and writes their pages
// until nothing is pending, no worker is busy and no page waits to be
// written — or the run stops (ctx ends, or the database fails) and every
// busy worker has finished and every waiting page is written.
//
// Pages wait to be written until there are as many as workers, or there
// is no other work (their links may be the next), or the run stops: one
// transaction for several pages costs little more than for one. A kill
// loses the fetches of the pages waiting (they are fetched again), so at
// most one per worker waits.
func (r *sourceRun) dispatch(ctx context.Context, group int, ready chan<- []byte, finished <-chan error) error {
	var (
		next     []byte       // popped, not yet handed out
		active   int          // handed out, not yet finished
		held     []*commitReq // read, waiting to be written
		firstErr error
		stopping bool
		done     = ctx.Done()
	)
	stop := func(err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		stopping = true
	}
	shared, _ := r.f.(SharedFrontier)
	for {
		// Pending may count a request another process takes first: a pop
		// that finds nothing means idle for now.
		empty := false
		// A shared frontier is asked by popping: one round trip, not two.
		if !stopping && next == nil && (shared != nil || r.f.Pending() > 0) {
			b, err := r.q.GetRequest()
			if err != nil {
				stop(err)
			}
			next, empty = b, b == nil
		}
		idle := next == nil && (empty || r.f.Pending() == 0)
		if len(held) > 0 && (len(held) >= group || stopping || idle) {
			if err := r.commitBatch(ctx, held); err != nil {
				stop(err)
			}
			held = nil
			continue
		}
		if active == 0 && (stopping || idle) {
			if !stopping && shared != nil {
				// Other processes' pages may queue more, and the lease of
				// one that died comes back when it expires.
				wait, err := r.waitForOthers(ctx, shared)
				if err != nil {
					stop(err)
				}
				if wait {
					continue
				}
			}
			break
		}
		var out chan<- []byte
		if next != nil && !stopping {
			out = ready
		}
		select {
		case out <- next:
			next, active = nil, active+1
		case c := <-r.commits:
			held = append(held, c)
		case err := <-finished:
			active--
			if err != nil {
				stop(err)
			}
		case <-done:
			done = nil
			stop(nil)
		}
	}
	if next != nil { // popped but never handed out: back to the queue
		it, _ := itemFromSerialized(next)
		if err := r.f.Mark(context.WithoutCancel(ctx), it.Key, store.StatePending, "interrupted"); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// sharedPoll is how often a process with nothing to do looks again at a
// queue that other processes hold requests of.
const sharedPoll = 200 * time.Millisecond

// waitForOthers is called when this process has nothing to do in a shared
// frontier: it says whether to look at the queue again — something is
// pending, or after a pause when other processes hold leases — or to end.
func (r *sourceRun) waitForOthers(ctx context.Context, f SharedFrontier) (bool, error) {
	if f.Pending() > 0 {
		return true, nil
	}
	n, err := f.Leased(ctx)
	if err != nil || n == 0 {
		return false, err
	}
	if err := sleepCtx(ctx, sharedPoll); err != nil {
		return false, nil // stopping: the caller sees ctx
	}
	return true, nil
}

// handle sees one popped request through.
func (r *sourceRun) handle(ctx context.Context, b []byte) error {
	req, err := r.c.UnmarshalRequest(b)
	if err != nil {
		it, _ := itemFromSerialized(b)
		r.count(func(c *Counters) { c.Errors++ })
		return r.f.Mark(context.WithoutCancel(ctx), it.Key, store.StateFailed, "unreadable queue entry: "+err.Error())
	}
	key, info := requestInfo(req)
	return r.process(ctx, req, key, info)
}

// commitReq is a read page waiting to be written: its postings, then its
// completion (its record and the links found on it).
type commitReq struct {
	key      string
	page     store.PageRecord
	postings []posting.Posting
	follow   []store.FrontierItem
	filtered int // links not followed
	warnings int
}

// commitBatch writes a group of pages: the postings of all of them in one
// UpsertBatch (one transaction instead of one per page), then each page's
// Complete. A page is done only once its postings are stored: a crash in
// between leaves it in flight, to be fetched again, and storing its
// postings twice is harmless. When the run is stopping the pages go back
// to the queue instead. The error is a database failure.
func (r *sourceRun) commitBatch(ctx context.Context, batch []*commitReq) error {
	bg := context.WithoutCancel(ctx)
	var ps []posting.Posting
	for _, c := range batch {
		ps = append(ps, c.postings...)
	}
	counts, err := r.st.UpsertBatch(ctx, ps)
	if err != nil {
		if ctx.Err() == nil {
			return fmt.Errorf("source %s: store postings of %d pages (%s ...): %w", r.sc.Name, len(batch), batch[0].page.URL, err)
		}
		for _, c := range batch {
			if err := r.f.Mark(bg, c.key, store.StatePending, "interrupted"); err != nil {
				return err
			}
		}
		return nil
	}
	r.count(func(c *Counters) {
		c.addCounts(counts)
		if r.forward {
			c.Sent += len(ps)
		}
	})
	for _, c := range batch {
		added, err := r.f.Complete(bg, c.key, c.page, c.follow, r.freshAfter)
		if err != nil {
			return err
		}
		r.count(func(cn *Counters) {
			cn.Pages++
			cn.Skipped += added.Fresh
			cn.Filtered += c.filtered + added.OverLimit
			cn.Warnings += c.warnings
		})
	}
	return nil
}

// process fetches one request, with retries, and records the outcome.
func (r *sourceRun) process(ctx context.Context, req *colly.Request, key string, info Request) error {
	s := &r.sc.Settings
	bg := context.WithoutCancel(ctx) // bookkeeping must land even while stopping
	host := req.URL.Host
	j := &job{}
	req.Ctx.Put(ctxJob, j)
	for attempt := 0; ; attempt++ {
		j.resp, j.err = nil, nil
		r.count(func(c *Counters) {
			c.Requests++
			if attempt > 0 {
				c.Retries++
			}
		})
		doErr := req.Do()
		if ctx.Err() != nil {
			return r.f.Mark(bg, key, store.StatePending, "interrupted")
		}
		status := 0
		if j.resp != nil {
			status = j.resp.StatusCode
		}
		err := doErr
		if err == nil && j.err != nil {
			err = j.err
		}
		if err == nil && j.resp == nil {
			err = errors.New("no response")
		}
		if err == nil {
			done, retry, err := r.handlePage(ctx, key, info, req.Depth, j.resp, attempt)
			if err != nil || done {
				return err
			}
			if !retry {
				return nil
			}
			if err := r.deferIfHostAway(bg, key, info, host); err != errHostNotAway {
				return err
			}
			if err := r.pause(ctx, attempt, host); err != nil {
				return r.f.Mark(bg, key, store.StatePending, "interrupted")
			}
			continue
		}
		switch {
		case errors.Is(err, colly.ErrRobotsTxtBlocked):
			r.count(func(c *Counters) { c.Blocked++ })
			return r.f.Mark(bg, key, store.StateBlocked, "disallowed by robots.txt")
		case errors.Is(err, colly.ErrForbiddenDomain), errors.Is(err, colly.ErrForbiddenURL),
			errors.Is(err, errPrivateAddress), errors.Is(err, errRedirectToPrivate),
			errors.Is(err, errRedirectCredentials), errors.Is(err, errURLCredentials):
			r.count(func(c *Counters) { c.Blocked++ })
			r.log.Warn("request refused", "url", info.URL, "why", err)
			return r.f.Mark(bg, key, store.StateBlocked, err.Error())
		case errors.Is(err, errHostBackoff):
			r.log.Warn("host asked for a longer pause than this run waits; deferring to the next run", "url", info.URL, "why", err)
			return r.f.Mark(bg, key, store.StateDeferred, err.Error())
		case info.Optional && (status == http.StatusNotFound || status == http.StatusGone):
			_, err := r.f.Complete(ctx, key, store.PageRecord{URL: info.URL, Kind: string(KindListing), Fetched: r.opts.Now()}, nil, r.freshAfter)
			return err
		}
		if why := unreachable(err); why != "" && req.Depth == 0 {
			// A seed whose host refuses connections or does not exist is
			// almost always a wrong URL or a server that is down: the full
			// back-off would take half a minute to say so. Two quick tries
			// cover a server that is restarting.
			if attempt < min(s.Retries, unreachableRetries) {
				r.log.Debug("retrying", "url", info.URL, "attempt", attempt+1, "why", why)
				if err := r.opts.Sleep(ctx, unreachablePause<<attempt); err != nil {
					return r.f.Mark(bg, key, store.StatePending, "interrupted")
				}
				continue
			}
			msg := fmt.Sprintf("cannot reach %s: %s", info.URL, why)
			r.count(func(c *Counters) { c.Errors++ })
			r.log.Error("site unreachable", "url", info.URL, "attempts", attempt+1, "why", why)
			if info.Kind != KindRobots { // the start URL of the same host says it
				r.mu.Lock()
				r.unreachable = append(r.unreachable, msg)
				r.mu.Unlock()
			}
			return r.f.Mark(bg, key, store.StateFailed, msg)
		}
		if retryable(err, j.resp) && attempt < s.Retries {
			if err := r.deferIfHostAway(bg, key, info, host); err != errHostNotAway {
				return err
			}
			r.log.Debug("retrying", "url", info.URL, "attempt", attempt+1, "why", describe(err, status))
			if err := r.pause(ctx, attempt, host); err != nil {
				return r.f.Mark(bg, key, store.StatePending, "interrupted")
			}
			continue
		}
		r.count(func(c *Counters) { c.Errors++ })
		r.log.Warn("request failed", "url", info.URL, "attempts", attempt+1, "why", describe(err, status))
		return r.f.Mark(bg, key, store.StateFailed, describe(err, status))
	}
}

// errHostNotAway says deferIfHostAway left the request alone.
var errHostNotAway = errors.New("host not away")

// deferIfHostAway defers the request to the next run, at once, when its
// host asked for a longer pause than the run waits (a Retry-After, a
// rate-limit reset, the anti-bot back-off): retrying would only find the
// host still closed. It returns errHostNotAway when the host is not away,
// else the outcome of recording the deferral.
func (r *sourceRun) deferIfHostAway(ctx context.Context, key string, info Request, host string) error {
	until, away := r.tr.away(host)
	if !away {
		return errHostNotAway
	}
	why := (&backoffError{host: host, until: until}).Error()
	r.log.Warn("host asked for a longer pause than this run waits; deferring to the next run", "url", info.URL, "why", why)
	return r.f.Mark(ctx, key, store.StateDeferred, why)
}

// pause waits before a retry: exponential backoff with jitter. A host that
// asked for more (Retry-After) is waited for by the transport itself.
func (r *sourceRun) pause(ctx context.Context, attempt int, host string) error {
	d := r.sc.Settings.Backoff << min(attempt, 16)
	if d > 0 {
		d += rand.N(d/2 + 1)
	}
	d = min(d, r.sc.Settings.MaxWait)
	return r.opts.Sleep(ctx, d)
}

// handlePage reads a fetched page. done means the request is finished
// (successfully or not); retry means it should be tried again (an anti-bot
// page); err is a database failure.
func (r *sourceRun) handlePage(ctx context.Context, key string, info Request, depth int, resp *colly.Response, attempt int) (done, retry bool, err error) {
	bg := context.WithoutCancel(ctx)
	now := r.opts.Now()
	page := &Page{Request: info, URL: resp.Request.URL, Status: resp.StatusCode, Header: http.Header{}, Fetched: now}
	if resp.Headers != nil {
		page.Header = resp.Headers.Clone()
	}
	if d := page.Header.Get(declaredTypeHeader); d != "" {
		page.Header.Set("Content-Type", d)
	}
	page.Body, page.Charset = decodeBody(resp.Body, page.Header.Get("Content-Type"))

	var res Result
	var perr error
	if page.IsHTML() && isAntiBotPage(page.Body) {
		perr = fmt.Errorf("%w at %s", ErrAntiBot, page.URL)
	} else {
		res, perr = r.src.Parse(ctx, page)
	}
	host := resp.Request.URL.Host
	if errors.Is(perr, ErrAntiBot) {
		d := r.tr.antibotBackOff(host, r.sc.Settings.AntibotBackoff)
		r.count(func(c *Counters) { c.AntiBot++ })
		r.log.Warn("anti-bot page; backing off", "url", page.URL.String(), "pause", d)
		if attempt < r.sc.Settings.Retries {
			return false, true, nil
		}
		return true, false, r.f.Mark(bg, key, store.StateDeferred, perr.Error())
	}
	// A real page ends a run of anti-bot pages; robots.txt does not: CDNs
	// serve it freely while they challenge every page, and a robots.txt
	// fetched between two challenges must not reset the doubling back-off.
	if info.Kind != KindRobots {
		r.tr.clearAntibot(host)
	}
	if perr != nil {
		r.count(func(c *Counters) { c.Errors++ })
		r.log.Warn("page could not be read", "url", page.URL.String(), "why", perr)
		return true, false, r.f.Mark(bg, key, store.StateFailed, perr.Error())
	}
	for _, w := range res.Warnings {
		r.log.Warn(w.Message, "url", page.URL.String(), "detail", w.Detail)
	}
	ps := r.prepare(res.Postings, page)
	follow, filtered := r.followItems(page, depth, res.Follow)
	kind := res.Kind
	if kind == KindUnknown {
		kind = info.Kind
	}
	if kind == KindUnknown {
		kind = KindListing
	}
	// The dispatcher writes it, with others.
	r.commits <- &commitReq{key: key, postings: ps, follow: follow, filtered: filtered, warnings: len(res.Warnings),
		page: store.PageRecord{URL: page.URL.String(), Kind: string(kind), Postings: len(ps), Fetched: now}}
	return true, false, nil
}

// prepare fills what every posting of a page shares and drops postings
// that cannot be stored (no id), with a warning.
func (r *sourceRun) prepare(ps []posting.Posting, page *Page) []posting.Posting {
	out := ps[:0]
	for _, p := range ps {
		if p.Source == "" {
			p.Source = r.sc.Name
		}
		// A posting an aggregator names another platform for (jsonld's
		// source_from_identifier) was collected apart from this source's
		// own: it belongs to the dataset of its own source.
		p.Dataset = r.dataset
		if p.Source != r.sc.Name {
			p.Dataset = p.Source
		}
		if p.SourceID == "" {
			r.log.Warn("posting without an id skipped", "url", page.URL.String(), "title", p.Title)
			continue
		}
		if p.LastSeen.IsZero() {
			p.LastSeen = page.Fetched.UTC()
		}
		if p.FirstSeen.IsZero() || p.FirstSeen.After(p.LastSeen) {
			p.FirstSeen = p.LastSeen
		}
		out = append(out, p)
	}
	return out
}

// followItems turns a page's follow requests into queue items, dropping
// what the crawl must not follow: other schemes and hosts, private
// addresses, files, traps, and links beyond the depth limit.
func (r *sourceRun) followItems(page *Page, depth int, reqs []Request) ([]store.FrontierItem, int) {
	var items []store.FrontierItem
	filtered := 0
	now := r.opts.Now()
	for _, rq := range reqs {
		var u *url.URL
		var err error
		if page.Saved {
			break
		}
		u, err = page.Resolve(rq.URL)
		if err != nil {
			filtered++
			continue
		}
		host := strings.ToLower(u.Hostname())
		if !r.hosts[host] {
			filtered++
			continue
		}
		if !r.allowPrivate && hostIsPrivate(host) {
			filtered++
			continue
		}
		if rq.Kind != KindSitemap && isAssetURL(u) {
			filtered++
			continue
		}
		if why := trapReason(u, now); why != "" {
			r.log.Debug("not following a likely crawler trap", "url", u.String(), "why", why)
			filtered++
			continue
		}
		if r.sc.Settings.MaxDepth > 0 && depth+1 > r.sc.Settings.MaxDepth {
			filtered++
			continue
		}
		it, err := serializeRequest(u, rq, depth+1)
		if err != nil {
			filtered++
			continue
		}
		items = append(items, it)
	}
	return items, filtered
}

// A seed that cannot be connected to is retried this many times, after
// unreachablePause and then twice that.
const (
	unreachableRetries = 2
	unreachablePause   = 200 * time.Millisecond
)

// unreachable says why err means the host cannot be reached at all — the
// connection was refused, the name does not exist, there is no route —
// or returns "" for any other error (timeouts, resets, HTTP statuses),
// which may pass.
func unreachable(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.As(err, &dns) && dns.IsNotFound:
		return fmt.Sprintf("host %s not found (DNS)", dns.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		if errors.As(err, &op) && op.Addr != nil {
			return fmt.Sprintf("connection refused: nothing is listening at %s", op.Addr)
		}
		return "connection refused: nothing is listening there"
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return "no route to host"
	}
	return ""
}

// retryable reports whether a failed attempt may succeed if repeated:
// server errors, rate limiting, timeouts and dropped connections.
func retryable(err error, resp *colly.Response) bool {
	if resp != nil {
		switch resp.StatusCode {
		case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests,
			http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		case http.StatusForbidden: // GitHub's rate limits answer 403
			if resp.Headers != nil && (resp.Headers.Get("X-RateLimit-Remaining") == "0" || resp.Headers.Get("Retry-After") != "") {
				return true
			}
		}
		if resp.StatusCode >= 400 {
			return false
		}
	}
	if errors.Is(err, errBodyTooLarge) || errors.Is(err, errRedirectLoop) || errors.Is(err, errTooManyRedirects) {
		return false
	}
	var ne net.Error
	if errors.Is(err, errTimeout) || errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "Client.Timeout")
}

func describe(err error, status int) string {
	if status >= 400 {
		return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	}
	return err.Error()
}
