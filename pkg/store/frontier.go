package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The crawler's persistent frontier: per source, a queue that is also the
// visited set of the current crawl generation, the fetch time of every page
// (for --refresh), cookies, colly's visited hashes and a few named values.
// The schema is migrations/0002_crawl.sql. The frontier stores requests as
// opaque bytes: it knows nothing of colly or HTTP, only keys and states.
//
// Crash safety comes from the order of state changes, not from holding
// anything in memory: a request is popped by marking it inflight, and only
// the caller's Complete (after the page's postings are stored) marks it done.
// A process killed in between leaves the row inflight; Begin of the next run
// puts it back to pending. Storing a page's postings twice is harmless
// (upserts are idempotent); losing one is what the states prevent.

// QueueState is the state of one queued request.
type QueueState string

// The states of a queued request.
const (
	StatePending  QueueState = "pending"
	StateInflight QueueState = "inflight"
	StateDone     QueueState = "done"
	StateFailed   QueueState = "failed"
	StateBlocked  QueueState = "blocked"  // refused by robots.txt or a crawl rule
	StateDeferred QueueState = "deferred" // postponed to the next run
	StateSkipped  QueueState = "skipped"  // a detail page fresher than the refresh age
)

// FrontierItem is one request in a source's queue.
type FrontierItem struct {
	Key     string // canonical identity; a key is queued once per generation
	URL     string // for messages and queries
	Kind    string // the source's word for the page: listing, detail, sitemap, ...
	Depth   int
	Request []byte // the serialized request, returned unchanged by Pop
	// Refreshable lets Add skip the request when its page was last fetched
	// as a detail page with postings after the freshness cut-off.
	Refreshable bool
}

// AddResult says what Add did with each item.
type AddResult struct {
	Added     int // queued
	Known     int // already queued in this generation
	Fresh     int // skipped: a detail page fetched after the cut-off
	OverLimit int // dropped: the generation reached its request limit
}

// PageRecord is what Complete remembers about a fetched page.
type PageRecord struct {
	URL      string
	Kind     string // "detail" pages with postings are skipped while fresh
	Postings int
	Fetched  time.Time
}

// Generation describes the generation Begin started or resumed.
type Generation struct {
	Number   int64
	Started  time.Time
	Resumed  bool // an unfinished generation was picked up
	Requeued int  // requests in flight or deferred when the last run stopped, now pending again
}

// Frontier is one source's crawl state. Its methods are safe for concurrent
// use by the workers of one process; two processes must not use the same
// source's frontier at once (the crawler holds a run lock).
type Frontier struct {
	s      *Store
	source string

	mu      sync.Mutex
	pending int // rows in state pending
	rows    int // rows in the current generation
	limit   int // most rows a generation may hold; 0 = no limit
	cookies map[string]string
}

// Frontier returns the frontier of source. Call Begin before using it.
func (s *Store) Frontier(source string) (*Frontier, error) {
	if source == "" {
		return nil, errors.New("frontier: empty source name")
	}
	return &Frontier{s: s, source: source, cookies: map[string]string{}}, nil
}

// Source is the source the frontier belongs to.
func (f *Frontier) Source() string { return f.source }

const (
	qGetGeneration = `SELECT generation, started_at, finished_at IS NULL FROM crawl_generations WHERE source = ?`
	qNewGeneration = `INSERT INTO crawl_generations (source, generation, started_at, finished_at) VALUES (?, ?, ?, NULL)
    ON CONFLICT (source) DO UPDATE SET generation = excluded.generation, started_at = excluded.started_at, finished_at = NULL`
	qClearQueue   = `DELETE FROM crawl_queue WHERE source = ?`
	qClearVisited = `DELETE FROM crawl_visited WHERE source = ?`
	qRequeue      = `UPDATE crawl_queue SET state = 'pending', updated_at = ? WHERE source = ? AND state IN ('inflight', 'deferred')`
	qCountQueue   = `SELECT count(*), count(*) FILTER (WHERE state = 'pending') FROM crawl_queue WHERE source = ?`
	qQueueKnown   = `SELECT 1 FROM crawl_queue WHERE source = ? AND key = ?`
	qPageFresh    = `SELECT 1 FROM crawl_pages WHERE source = ? AND key = ? AND kind = 'detail' AND postings > 0 AND fetched_at > ?`
	qEnqueue      = `INSERT INTO crawl_queue (source, key, url, kind, depth, request, state, note, added_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qPop = `UPDATE crawl_queue SET state = 'inflight', attempts = attempts + 1, updated_at = ?
    WHERE id = (SELECT id FROM crawl_queue WHERE source = ? AND state = 'pending' ORDER BY id LIMIT 1)
    RETURNING key, url, kind, depth, request`
	qMarkQueue = `UPDATE crawl_queue SET state = ?, note = ?, updated_at = ? WHERE source = ? AND key = ? AND state = 'inflight'`
	qSavePage  = `INSERT INTO crawl_pages (source, key, url, kind, postings, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (source, key) DO UPDATE SET url = excluded.url, kind = excluded.kind, postings = excluded.postings,
    fetched_at = excluded.fetched_at`
	qGetPage        = `SELECT url, kind, postings, fetched_at FROM crawl_pages WHERE source = ? AND key = ?`
	qUnfinished     = `SELECT count(*) FROM crawl_queue WHERE source = ? AND state IN ('pending', 'inflight', 'deferred')`
	qEndGeneration  = `UPDATE crawl_generations SET finished_at = ? WHERE source = ? AND finished_at IS NULL`
	qStateCounts    = `SELECT state, count(*) FROM crawl_queue WHERE source = ? GROUP BY state`
	qQueueRows      = `SELECT key, url, kind, depth, state, attempts, note FROM crawl_queue WHERE source = ? ORDER BY id`
	qGetCookies     = `SELECT cookies FROM crawl_cookies WHERE source = ? AND host = ?`
	qSetCookies     = `INSERT INTO crawl_cookies (source, host, cookies, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (source, host) DO UPDATE SET cookies = excluded.cookies, updated_at = excluded.updated_at`
	qVisit          = `INSERT OR IGNORE INTO crawl_visited (source, hash) VALUES (?, ?)`
	qIsVisited      = `SELECT 1 FROM crawl_visited WHERE source = ? AND hash = ?`
	qGetValue       = `SELECT value FROM crawl_state WHERE source = ? AND name = ?`
	qSetValue       = `INSERT INTO crawl_state (source, name, value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (source, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	qDeleteValue    = `DELETE FROM crawl_state WHERE source = ? AND name = ?`
	qGenerationInfo = `SELECT generation, started_at, coalesce(finished_at, '') FROM crawl_generations WHERE source = ?`
)

// Begin resumes the source's unfinished generation, putting requests that
// were in flight or deferred back to pending, or, when the last generation
// finished (or there was none), starts a new one with an empty queue. limit
// caps how many requests the generation may queue (0 = no cap).
func (f *Frontier) Begin(ctx context.Context, limit int) (Generation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.s.now().UTC()
	var g Generation
	err := f.s.withTx(ctx, func(tx *sql.Tx) error {
		var (
			started    string
			unfinished bool
		)
		err := tx.QueryRowContext(ctx, qGetGeneration, f.source).Scan(&g.Number, &started, &unfinished)
		switch {
		case err == nil && unfinished:
			g.Resumed = true
			if g.Started, err = time.Parse(timeLayout, started); err != nil {
				return fmt.Errorf("generation start %q: %w", started, err)
			}
			res, err := tx.ExecContext(ctx, qRequeue, formatTime(now), f.source)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			g.Requeued = int(n)
		case err == nil || errors.Is(err, sql.ErrNoRows):
			g.Number++
			g.Started = now
			for _, q := range []string{qClearQueue, qClearVisited} {
				if _, err := tx.ExecContext(ctx, q, f.source); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, qNewGeneration, f.source, g.Number, formatTime(now)); err != nil {
				return err
			}
		default:
			return err
		}
		return tx.QueryRowContext(ctx, qCountQueue, f.source).Scan(&f.rows, &f.pending)
	})
	if err != nil {
		return Generation{}, fmt.Errorf("frontier %s: begin: %w", f.source, err)
	}
	f.limit = limit
	return g, nil
}

// Add queues items in one transaction. An item whose key is already queued
// in this generation is not queued again; a Refreshable item whose page was
// fetched as a detail page with postings after freshAfter is skipped (a zero
// freshAfter skips nothing); items beyond the generation's limit are dropped.
func (f *Frontier) Add(ctx context.Context, items []FrontierItem, freshAfter time.Time) (AddResult, error) {
	if len(items) == 0 {
		return AddResult{}, nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	var r AddResult
	err := f.s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = f.addTx(ctx, tx, items, freshAfter)
		return err
	})
	if err != nil {
		return AddResult{}, fmt.Errorf("frontier %s: add: %w", f.source, err)
	}
	f.rows += r.Added
	f.pending += r.Added
	return r, nil
}

func (f *Frontier) addTx(ctx context.Context, tx *sql.Tx, items []FrontierItem, freshAfter time.Time) (AddResult, error) {
	var r AddResult
	known, err := tx.PrepareContext(ctx, qQueueKnown)
	if err != nil {
		return r, err
	}
	defer known.Close()
	fresh, err := tx.PrepareContext(ctx, qPageFresh)
	if err != nil {
		return r, err
	}
	defer fresh.Close()
	ins, err := tx.PrepareContext(ctx, qEnqueue)
	if err != nil {
		return r, err
	}
	defer ins.Close()
	now := formatTime(f.s.now())
	cutoff := ""
	if !freshAfter.IsZero() {
		cutoff = formatTime(freshAfter)
	}
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if it.Key == "" {
			return r, fmt.Errorf("request %q has no key", it.URL)
		}
		if seen[it.Key] {
			r.Known++
			continue
		}
		seen[it.Key] = true
		var one int
		switch err := known.QueryRowContext(ctx, f.source, it.Key).Scan(&one); {
		case err == nil:
			r.Known++
			continue
		case !errors.Is(err, sql.ErrNoRows):
			return r, err
		}
		if it.Refreshable && cutoff != "" {
			switch err := fresh.QueryRowContext(ctx, f.source, it.Key, cutoff).Scan(&one); {
			case err == nil:
				// Recorded as skipped, so the next link to it is known and
				// the page is counted once.
				if _, err := ins.ExecContext(ctx, f.source, it.Key, it.URL, it.Kind, it.Depth, []byte{},
					string(StateSkipped), "fresher than the refresh age", now, now); err != nil {
					return r, err
				}
				r.Fresh++
				continue
			case !errors.Is(err, sql.ErrNoRows):
				return r, err
			}
		}
		if f.limit > 0 && f.rows+r.Added >= f.limit {
			r.OverLimit++
			continue
		}
		if _, err := ins.ExecContext(ctx, f.source, it.Key, it.URL, it.Kind, it.Depth, it.Request,
			string(StatePending), "", now, now); err != nil {
			return r, err
		}
		r.Added++
	}
	return r, nil
}

// Pop takes the oldest pending request and marks it inflight. ok is false
// when nothing is pending (other requests may still be in flight and add
// more).
func (f *Frontier) Pop(ctx context.Context) (it FrontierItem, ok bool, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pending == 0 {
		return it, false, nil
	}
	err = f.s.db.QueryRowContext(ctx, qPop, formatTime(f.s.now()), f.source).
		Scan(&it.Key, &it.URL, &it.Kind, &it.Depth, &it.Request)
	if errors.Is(err, sql.ErrNoRows) {
		f.pending = 0
		return it, false, nil
	}
	if err != nil {
		return it, false, fmt.Errorf("frontier %s: pop: %w", f.source, err)
	}
	f.pending--
	return it, true, nil
}

// Pending is the number of requests waiting to be popped.
func (f *Frontier) Pending() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pending
}

// Complete marks the inflight request key done, records its page for
// --refresh and queues the requests found on it, all in one transaction:
// a page is either finished with its links queued, or (after a crash) still
// to be done.
func (f *Frontier) Complete(ctx context.Context, key string, page PageRecord, follow []FrontierItem, freshAfter time.Time) (AddResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var r AddResult
	fetched := page.Fetched
	if fetched.IsZero() {
		fetched = f.s.now()
	}
	err := f.s.withTx(ctx, func(tx *sql.Tx) error {
		now := formatTime(f.s.now())
		if _, err := tx.ExecContext(ctx, qMarkQueue, string(StateDone), "", now, f.source, key); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, qSavePage, f.source, key, page.URL, page.Kind, page.Postings, formatTime(fetched)); err != nil {
			return err
		}
		var err error
		r, err = f.addTx(ctx, tx, follow, freshAfter)
		return err
	})
	if err != nil {
		return AddResult{}, fmt.Errorf("frontier %s: complete %s: %w", f.source, page.URL, err)
	}
	f.rows += r.Added
	f.pending += r.Added
	return r, nil
}

// Mark moves the inflight request key to state (failed, blocked, deferred,
// or back to pending), with a note saying why.
func (f *Frontier) Mark(ctx context.Context, key string, state QueueState, note string) error {
	switch state {
	case StateFailed, StateBlocked, StateDeferred, StatePending, StateDone:
	default:
		return fmt.Errorf("frontier %s: mark %s: invalid state %q", f.source, key, state)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	res, err := f.s.exec(ctx, qMarkQueue, string(state), note, formatTime(f.s.now()), f.source, key)
	if err != nil {
		return fmt.Errorf("frontier %s: mark %s %s: %w", f.source, key, state, err)
	}
	if n, _ := res.RowsAffected(); n == 1 && state == StatePending {
		f.pending++
	}
	return nil
}

// Finish ends the generation when nothing is left to do in it (no request
// pending, in flight or deferred) and reports whether it did.
func (f *Frontier) Finish(ctx context.Context) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	finished := false
	err := f.s.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, qUnfinished, f.source).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		finished = true
		_, err := tx.ExecContext(ctx, qEndGeneration, formatTime(f.s.now()), f.source)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("frontier %s: finish: %w", f.source, err)
	}
	return finished, nil
}

// GenerationInfo returns the source's current or last generation; ok is
// false when the source was never crawled.
func (f *Frontier) GenerationInfo(ctx context.Context) (g Generation, finished time.Time, ok bool, err error) {
	var started, fin string
	err = f.s.db.QueryRowContext(ctx, qGenerationInfo, f.source).Scan(&g.Number, &started, &fin)
	if errors.Is(err, sql.ErrNoRows) {
		return g, finished, false, nil
	}
	if err != nil {
		return g, finished, false, fmt.Errorf("frontier %s: %w", f.source, err)
	}
	if g.Started, err = time.Parse(timeLayout, started); err != nil {
		return g, finished, false, fmt.Errorf("frontier %s: generation start %q: %w", f.source, started, err)
	}
	if fin != "" {
		if finished, err = time.Parse(timeLayout, fin); err != nil {
			return g, finished, false, fmt.Errorf("frontier %s: generation end %q: %w", f.source, fin, err)
		}
	}
	return g, finished, true, nil
}

// Counts returns how many requests of the current generation are in each
// state.
func (f *Frontier) Counts(ctx context.Context) (map[QueueState]int, error) {
	rows, err := f.s.db.QueryContext(ctx, qStateCounts, f.source)
	if err != nil {
		return nil, fmt.Errorf("frontier %s: counts: %w", f.source, err)
	}
	defer rows.Close()
	m := map[QueueState]int{}
	for rows.Next() {
		var (
			st string
			n  int
		)
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("frontier %s: counts: %w", f.source, err)
		}
		m[QueueState(st)] = n
	}
	return m, rows.Err()
}

// QueueRow is one request of the current generation, as Rows reports it.
type QueueRow struct {
	Key, URL, Kind string
	Depth          int
	State          QueueState
	Attempts       int
	Note           string
}

// Rows lists the current generation's requests in queue order (for tests
// and for inspecting a stuck crawl).
func (f *Frontier) Rows(ctx context.Context) ([]QueueRow, error) {
	rows, err := f.s.db.QueryContext(ctx, qQueueRows, f.source)
	if err != nil {
		return nil, fmt.Errorf("frontier %s: rows: %w", f.source, err)
	}
	defer rows.Close()
	var out []QueueRow
	for rows.Next() {
		var (
			r  QueueRow
			st string
		)
		if err := rows.Scan(&r.Key, &r.URL, &r.Kind, &r.Depth, &st, &r.Attempts, &r.Note); err != nil {
			return nil, fmt.Errorf("frontier %s: rows: %w", f.source, err)
		}
		r.State = QueueState(st)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Page returns what was recorded about the page with key; ok is false when
// it was never fetched.
func (f *Frontier) Page(ctx context.Context, key string) (p PageRecord, ok bool, err error) {
	var fetched string
	err = f.s.db.QueryRowContext(ctx, qGetPage, f.source, key).Scan(&p.URL, &p.Kind, &p.Postings, &fetched)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("frontier %s: page %s: %w", f.source, key, err)
	}
	if p.Fetched, err = time.Parse(timeLayout, fetched); err != nil {
		return p, false, fmt.Errorf("frontier %s: page %s: fetched_at %q: %w", f.source, key, fetched, err)
	}
	return p, true, nil
}

// Cookies returns the cookies stored for host, serialized as colly's
// storage does (one Set-Cookie value a line).
func (f *Frontier) Cookies(host string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.cookies[host]; ok {
		return c, nil
	}
	var c string
	err := f.s.db.QueryRow(qGetCookies, f.source, host).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("frontier %s: cookies of %s: %w", f.source, host, err)
	}
	f.cookies[host] = c
	return c, nil
}

// SetCookies stores the cookies of host.
func (f *Frontier) SetCookies(host, cookies string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cookies[host] == cookies {
		return nil
	}
	if _, err := f.s.exec(context.Background(), qSetCookies, f.source, host, cookies, formatTime(f.s.now())); err != nil {
		return fmt.Errorf("frontier %s: set cookies of %s: %w", f.source, host, err)
	}
	f.cookies[host] = cookies
	return nil
}

// Visited records a request hash as visited in this generation.
func (f *Frontier) Visited(hash uint64) error {
	if _, err := f.s.exec(context.Background(), qVisit, f.source, int64(hash)); err != nil {
		return fmt.Errorf("frontier %s: visited: %w", f.source, err)
	}
	return nil
}

// IsVisited reports whether Visited recorded hash in this generation.
func (f *Frontier) IsVisited(hash uint64) (bool, error) {
	var one int
	err := f.s.db.QueryRow(qIsVisited, f.source, int64(hash)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("frontier %s: is visited: %w", f.source, err)
	}
	return true, nil
}

// Value returns the source's named value; ok is false when it is not set.
func (f *Frontier) Value(ctx context.Context, name string) (v string, ok bool, err error) {
	err = f.s.db.QueryRowContext(ctx, qGetValue, f.source, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("frontier %s: value %s: %w", f.source, name, err)
	}
	return v, true, nil
}

// SetValue sets the source's named value; an empty value deletes it.
func (f *Frontier) SetValue(ctx context.Context, name, value string) error {
	var err error
	if value == "" {
		_, err = f.s.exec(ctx, qDeleteValue, f.source, name)
	} else {
		_, err = f.s.exec(ctx, qSetValue, f.source, name, value, formatTime(f.s.now()))
	}
	if err != nil {
		return fmt.Errorf("frontier %s: set value %s: %w", f.source, name, err)
	}
	return nil
}
