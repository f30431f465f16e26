package crawl

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Store is what the crawler needs of a database: somewhere to put
// postings, each source's frontier, and a record of runs. SQLiteStore
// gives it on the SQLite store.
type Store interface {
	// UpsertBatch stores postings; storing the same posting again is
	// harmless (it updates it in place).
	UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error)
	// Frontier opens the frontier of one source.
	Frontier(source string) (Frontier, error)
	StartCrawlRun(ctx context.Context, sources []string, pid int) (id int64, interrupted int, err error)
	EndCrawlRun(ctx context.Context, id int64, status string, pages int, c store.Counts, errs int, summary string) error
	// Path is the database's file: the run lock is a file beside it. A
	// store that several processes crawl into at once (SharedStore) has
	// none and needs no lock: "".
	Path() string
}

// SharedStore is a Store that several processes — the nodes of a crawl
// cluster — crawl into at once, coordinating through it: their frontiers
// are SharedFrontiers and their host state is one HostLeaser per host.
// UpsertBatch does not store postings but hands them to a single writer
// (its Counts are zero; the summary counts the postings as sent).
type SharedStore interface {
	Store
	// NextSource picks which of the sources not yet crawled by this run
	// the process crawls next: the one the fewest other processes are
	// crawling, so that nodes spread over sources (hosts) and work in
	// parallel instead of queueing for one host.
	NextSource(ctx context.Context, remaining []string) (string, error)
}

// SharedFrontier is a Frontier that several processes work on at once.
// Pop leases a request for a visibility timeout that the process renews
// while it lives; a lease of a process that died expires and its request
// is handed out again (Pending counts it). Begin resumes the generation
// without taking the live leases of other processes.
type SharedFrontier interface {
	Frontier
	// Leased is how many requests are leased (by any process): a process
	// that finds nothing pending waits for them, since their pages may
	// queue more and the lease of a process that dies comes back.
	Leased(ctx context.Context) (int, error)
}

// ErrCrawledThisRound is returned (wrapped) by Begin of a SharedFrontier
// when the source's last generation finished during this round of the
// cluster's crawl — another node crawled it to the end since this run
// started: starting the next generation would crawl it twice.
var ErrCrawledThisRound = errors.New("crawled to the end by another node in this round")

// HostLeaser is host politeness state shared by several processes: one
// request in flight per host across all of them. The transport takes the
// host's lease before each request and releases it when the response's
// body is closed, after moving the host's NotBefore by the delay, so that
// N processes together ask a host no more often than one does.
type HostLeaser interface {
	// LeaseHost takes host's lease for ttl (a process that dies holding
	// it loses it then) when no one holds it and the host's NotBefore is
	// not after now, and returns a token to release it with. Otherwise
	// token is "" and either busy is how long the current holder's lease
	// has left, or notBefore is when the host may next be asked.
	LeaseHost(ctx context.Context, host string, now time.Time, ttl time.Duration) (token string, busy time.Duration, notBefore time.Time, err error)
	// ReleaseHost ends a request to host, in one step: it moves the
	// host's NotBefore (never earlier) to now plus the longer of delay and
	// the host's own Delay, plus jitter when that is not zero, and gives
	// the lease back if token still holds it.
	ReleaseHost(ctx context.Context, host, token string, now time.Time, delay, jitter time.Duration) error
}

// Frontier is one source's crawl state, everything a crawl needs to
// resume after a crash and to be polite and incremental across runs:
//
//   - generations: a crawl of a source proceeds in generations; Begin
//     resumes the unfinished one or starts the next, Finish ends it once
//     nothing is left to do;
//   - the queue, which is also the generation's visited set: Add pushes
//     requests (a key already queued in the generation is not queued again;
//     a detail page fetched after freshAfter is skipped: the page records);
//     Pop leases the oldest pending request (it is in flight until acked);
//     Complete acks it done, recording its page and pushing the requests
//     found on it, atomically; Mark acks it with another outcome (failed,
//     blocked, deferred) or releases it back to pending. A lease never
//     acked — the process died — is pending again after the next Begin;
//   - colly's visited hashes, cookies per host, and a source's small named
//     values (State);
//   - per-host politeness: when a host may next be asked, its delay, its
//     run of anti-bot pages (UpdateHost).
//
// Methods are safe for concurrent use by one process's workers.
// *store.Frontier has all but UpdateHost; SQLiteStore adds that.
type Frontier interface {
	Begin(ctx context.Context, limit int) (store.Generation, error)
	Finish(ctx context.Context) (bool, error)

	Add(ctx context.Context, items []store.FrontierItem, freshAfter time.Time) (store.AddResult, error)
	Pop(ctx context.Context) (it store.FrontierItem, ok bool, err error)
	Pending() int
	Complete(ctx context.Context, key string, page store.PageRecord, follow []store.FrontierItem, freshAfter time.Time) (store.AddResult, error)
	Mark(ctx context.Context, key string, state store.QueueState, note string) error
	Counts(ctx context.Context) (map[store.QueueState]int, error)

	Visited(hash uint64) error
	IsVisited(hash uint64) (bool, error)
	Cookies(host string) (string, error)
	SetCookies(host, cookies string) error
	Value(ctx context.Context, name string) (v string, ok bool, err error)
	SetValue(ctx context.Context, name, value string) error

	// UpdateHost applies fn to host's politeness state, atomically, and
	// returns the state after it; a nil fn only reads it. The state of a
	// host never asked about is the zero HostState.
	UpdateHost(ctx context.Context, host string, fn func(*HostState)) (HostState, error)
}

// HostState is what politeness remembers about one host (host:port).
type HostState struct {
	NotBefore time.Time     // no request to the host starts before this
	Delay     time.Duration // pause after each response, when longer than the source's delay (robots.txt Crawl-delay)
	AntiBot   int           // anti-bot pages in a row: the back-off doubles with each
}

// SQLiteStore is the crawler's Store on the SQLite store. Writes to the
// database are made one at a time: SQLite lets one writer in, and writers
// that find it busy back off in sleeps of milliseconds, which cost more
// than the wait for a Go mutex. Host politeness state lives in memory for
// the run: a run is the only one on its database (the run lock), and a
// host that asked for a pause is asked again by the next run.
func SQLiteStore(st *store.Store) Store {
	return &sqliteStore{Store: st}
}

type sqliteStore struct {
	*store.Store
	write sync.Mutex // one writer at a time
}

func (s *sqliteStore) UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error) {
	s.write.Lock()
	defer s.write.Unlock()
	return s.Store.UpsertBatch(ctx, ps)
}

func (s *sqliteStore) Frontier(source string) (Frontier, error) {
	f, err := s.Store.Frontier(source)
	if err != nil {
		return nil, err
	}
	return &sqliteFrontier{Frontier: f, write: &s.write, memoryHosts: &memoryHosts{}}, nil
}

// sqliteFrontier is a source's SQLite frontier, its writes serialized
// with the store's, and its host state in memory.
type sqliteFrontier struct {
	*store.Frontier
	write *sync.Mutex
	*memoryHosts
}

func (f *sqliteFrontier) Add(ctx context.Context, items []store.FrontierItem, freshAfter time.Time) (store.AddResult, error) {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Add(ctx, items, freshAfter)
}

func (f *sqliteFrontier) Pop(ctx context.Context) (store.FrontierItem, bool, error) {
	if f.Frontier.Pending() == 0 {
		return store.FrontierItem{}, false, nil
	}
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Pop(ctx)
}

func (f *sqliteFrontier) Complete(ctx context.Context, key string, page store.PageRecord, follow []store.FrontierItem, freshAfter time.Time) (store.AddResult, error) {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Complete(ctx, key, page, follow, freshAfter)
}

func (f *sqliteFrontier) Begin(ctx context.Context, limit int) (store.Generation, error) {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Begin(ctx, limit)
}

func (f *sqliteFrontier) Finish(ctx context.Context) (bool, error) {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Finish(ctx)
}

func (f *sqliteFrontier) Visited(hash uint64) error {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Visited(hash)
}

func (f *sqliteFrontier) SetCookies(host, cookies string) error {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.SetCookies(host, cookies)
}

func (f *sqliteFrontier) SetValue(ctx context.Context, name, value string) error {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.SetValue(ctx, name, value)
}

func (f *sqliteFrontier) Mark(ctx context.Context, key string, state store.QueueState, note string) error {
	f.write.Lock()
	defer f.write.Unlock()
	return f.Frontier.Mark(ctx, key, state, note)
}

// memoryHosts keeps host politeness state in memory.
type memoryHosts struct {
	mu    sync.Mutex
	hosts map[string]HostState
}

func (m *memoryHosts) UpdateHost(_ context.Context, host string, fn func(*HostState)) (HostState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := m.hosts[host]
	if fn != nil {
		fn(&st)
		if m.hosts == nil {
			m.hosts = map[string]HostState{}
		}
		m.hosts[host] = st
	}
	return st, nil
}
