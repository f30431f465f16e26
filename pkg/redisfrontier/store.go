// Package redisfrontier is the crawl frontier of a crawl cluster: several
// nodes run `crawl run --frontier redis://HOST:PORT/DB` and share, through
// one Redis server, the queue and visited set of every source, the crawl
// generations, cookies, and each host's politeness state — with the same
// guarantees as one node on the SQLite frontier: polite per host across
// all nodes, resumable, no page lost, none done twice.
//
// A node stores no postings: Store.UpsertBatch appends them (JSON) to a
// Redis Stream, and one writer beside the SQLite store (`crawl ingest`,
// Store.Ingest) reads them with a consumer group, upserts them in batches
// and acknowledges each batch only after its transaction committed.
//
// Pages are leased, not popped: a lease has a visibility timeout that the
// node renews while it lives, and the request of a node that died is handed
// out again once its lease expires. Each host has one lease too (one
// request in flight across all nodes) and one state (NotBefore, the
// robots.txt delay, the anti-bot run) updated atomically, so N nodes ask a
// host no more often than one would. docs/cluster.md is the operator's
// guide.
package redisfrontier

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Defaults of the settings a frontier URL may carry.
const (
	DefaultLease  = time.Minute
	DefaultRound  = 30 * time.Minute
	DefaultPrefix = "jobtrend"
)

// group is the consumer group of the postings stream.
const group = "writers"

var (
	_ crawl.SharedStore          = (*Store)(nil)
	_ crawl.DatasetRegistrar     = (*Store)(nil)
	_ crawl.SharedFrontier       = (*Frontier)(nil)
	_ crawl.HostLeaser           = (*Frontier)(nil)
	_ crawl.Store                = (*Store)(nil)
	_ interface{ Close() error } = (*Store)(nil)
)

// Options are what a Store needs besides the URL.
type Options struct {
	// Node names this process in run records and `crawl status`
	// (default: the host name). Leases belong to the process, not the
	// name: two processes of one name never take each other's.
	Node string
	// Now replaces the Redis server's clock for leases and generations
	// (tests); nil: the server's, one clock for every node.
	Now func() time.Time
	Log *slog.Logger
}

// Config is what a frontier URL says: the server, and the query
// parameters lease (the visibility timeout of a page), round (runs that
// start within it are one round of the cluster's crawl: a source whose
// generation finished in the round is not crawled again by it) and prefix
// (of every key, so several clusters or tests can share a server).
type Config struct {
	Redis  *redis.Options
	Lease  time.Duration
	Round  time.Duration
	Prefix string
}

// ParseURL reads a frontier URL: redis://[user:password@]HOST:PORT/DB
// (rediss:// for TLS, unix:// for a socket) with optional lease=, round=
// and prefix= besides go-redis's own options.
func ParseURL(raw string) (Config, error) {
	c := Config{Lease: DefaultLease, Round: DefaultRound, Prefix: DefaultPrefix}
	u, err := url.Parse(raw)
	if err != nil {
		return c, fmt.Errorf("frontier URL %q: %w", raw, err)
	}
	switch u.Scheme {
	case "redis", "rediss", "unix":
	default:
		return c, fmt.Errorf("frontier URL %q: want redis://HOST:PORT/DB (or rediss://, unix://), not scheme %q", raw, u.Scheme)
	}
	q := u.Query()
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{{"lease", &c.Lease}, {"round", &c.Round}} {
		v := q.Get(d.name)
		if v == "" {
			continue
		}
		x, err := time.ParseDuration(v)
		if err != nil || x < 0 || d.name == "lease" && x < 100*time.Millisecond {
			return c, fmt.Errorf("frontier URL %q: %s=%q: want a duration like 30s (a lease at least 100ms)", raw, d.name, v)
		}
		*d.dst = x
		q.Del(d.name)
	}
	if p := q.Get("prefix"); p != "" {
		c.Prefix = p
		q.Del("prefix")
	}
	u.RawQuery = q.Encode()
	if c.Redis, err = redis.ParseURL(u.String()); err != nil {
		return c, fmt.Errorf("frontier URL %q: %w", raw, err)
	}
	// A command that failed on the network is sent again: every step
	// tolerates a repeat (a repeated pop leaves a lease that expires, a
	// repeated append a duplicate the writer's upsert absorbs), and
	// retrying rides out a Redis restart of a few seconds.
	c.Redis.MaxRetries = 8
	c.Redis.MinRetryBackoff = 50 * time.Millisecond
	c.Redis.MaxRetryBackoff = 2 * time.Second
	return c, nil
}

// Store is the crawl cluster's shared store: crawl.Store (postings go to
// the stream), crawl.SharedStore and crawl.DatasetRegistrar.
type Store struct {
	rdb      *redis.Client
	cfg      Config
	node     string
	instance string // this process: the owner of its leases
	now      func() time.Time
	log      *slog.Logger
	started  time.Time // server time at Open: the round is counted from it

	running atomic.Bool // a run started: the node's record gets heartbeats

	mu        sync.Mutex
	frontiers map[string]*Frontier
	tokens    uint64

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// Open connects to the frontier at rawURL (see ParseURL) and starts the
// goroutine that renews this process's leases and heartbeat.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	cfg, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	return OpenConfig(ctx, cfg, opts)
}

// OpenConfig is Open with the URL already read.
func OpenConfig(ctx context.Context, cfg Config, opts Options) (*Store, error) {
	if opts.Node == "" {
		h, err := os.Hostname()
		if err != nil || h == "" {
			h = "node"
		}
		opts.Node = h
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	var rb [6]byte
	_, _ = rand.Read(rb[:])
	s := &Store{
		rdb: redis.NewClient(cfg.Redis), cfg: cfg, node: opts.Node, now: opts.Now, log: opts.Log,
		instance:  fmt.Sprintf("%s/%d/%s", opts.Node, os.Getpid(), hex.EncodeToString(rb[:])),
		frontiers: map[string]*Frontier{}, stop: make(chan struct{}), done: make(chan struct{}),
	}
	redisLog.Store(opts.Log)
	redisLogOnce.Do(func() { redis.SetLogger(slogPrintf{}) })
	// The first contact is not retried: a server that is not there is
	// said at once, not after the retries meant to ride out a restart.
	probe := *cfg.Redis
	probe.MaxRetries = -1
	pc := redis.NewClient(&probe)
	err := pc.Ping(ctx).Err()
	pc.Close()
	if err != nil {
		s.rdb.Close()
		return nil, fmt.Errorf("frontier %s: %w", s.Addr(), err)
	}
	if s.started, err = s.clock(ctx); err != nil {
		s.rdb.Close()
		return nil, err
	}
	if err := s.ensureGroup(ctx); err != nil {
		s.rdb.Close()
		return nil, err
	}
	go s.renew()
	return s, nil
}

// go-redis logs connection trouble through a package-wide logger: it goes
// to the slog logger of the latest Store, at debug level (the errors that
// matter reach the caller).
var (
	redisLog     atomic.Pointer[slog.Logger]
	redisLogOnce sync.Once
)

type slogPrintf struct{}

func (slogPrintf) Printf(ctx context.Context, format string, v ...any) {
	if l := redisLog.Load(); l != nil {
		l.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
	}
}

// Addr is the Redis server's address, for messages.
func (s *Store) Addr() string { return s.cfg.Redis.Addr }

// Client is the Redis connection (for tests and tools).
func (s *Store) Client() *redis.Client { return s.rdb }

// Node is this process's node name.
func (s *Store) Node() string { return s.node }

// Close stops renewing leases and closes the connection. Leases still
// held expire after the lease time and are handed out again.
func (s *Store) Close() error {
	s.once.Do(func() {
		close(s.stop)
		<-s.done
	})
	return s.rdb.Close()
}

// key builds a key under the store's prefix.
func (s *Store) key(parts ...string) string {
	return s.cfg.Prefix + ":" + strings.Join(parts, ":")
}

func (s *Store) streamKey() string { return s.key("postings") }
func (s *Store) deadKey() string   { return s.key("postings-dead") }
func (s *Store) nodeKey() string   { return s.key("node", s.node) }

// clock is the time leases are measured in: Options.Now, or the server's.
func (s *Store) clock(ctx context.Context) (time.Time, error) {
	if s.now != nil {
		return s.now(), nil
	}
	t, err := s.rdb.Time(ctx).Result()
	if err != nil {
		return t, fmt.Errorf("frontier %s: time: %w", s.Addr(), err)
	}
	return t, nil
}

// nowArg is ARGV[1] of the frontier scripts.
func (s *Store) nowArg() string {
	if s.now == nil {
		return ""
	}
	return strconv.FormatInt(s.now().UnixMilli(), 10)
}

func (s *Store) ensureGroup(ctx context.Context) error {
	err := s.rdb.XGroupCreateMkStream(ctx, s.streamKey(), group, "0").Err()
	if err != nil && !strings.Contains(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("frontier %s: create the writers' group of %s: %w", s.Addr(), s.streamKey(), err)
	}
	return nil
}

// renewEvery is how often leases and the heartbeat are renewed: a third
// of the lease, so two renewals can fail before a live node's lease ends.
func (s *Store) renewEvery() time.Duration { return max(s.cfg.Lease/3, 20*time.Millisecond) }

func (s *Store) renew() {
	defer close(s.done)
	t := time.NewTicker(s.renewEvery())
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.renewEvery())
		s.mu.Lock()
		fs := make([]*Frontier, 0, len(s.frontiers))
		for _, f := range s.frontiers {
			fs = append(fs, f)
		}
		s.mu.Unlock()
		for _, f := range fs {
			if err := f.renew(ctx); err != nil {
				s.log.Warn("renewing leases failed; they expire if this goes on", "source", f.source, "err", err)
			}
		}
		if now, err := s.clock(ctx); err == nil && s.running.Load() {
			s.rdb.HSet(ctx, s.nodeKey(), "seen", now.UnixMilli())
		}
		cancel()
	}
}

// Path is "": nodes coordinate through Redis and take no file lock.
func (s *Store) Path() string { return "" }

// Frontier opens the frontier of one source.
func (s *Store) Frontier(source string) (crawl.Frontier, error) {
	if source == "" {
		return nil, errors.New("frontier: empty source name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.frontiers[source]; ok {
		return f, nil
	}
	if err := s.rdb.SAdd(context.Background(), s.key("sources"), source).Err(); err != nil {
		return nil, fmt.Errorf("frontier %s: source %s: %w", s.Addr(), source, err)
	}
	f := newFrontier(s, source)
	s.frontiers[source] = f
	return f, nil
}

// UpsertBatch appends the postings to the stream for the writer; nothing
// is stored here, so the counts are zero. The page they came from is
// completed only after this returns: a node dying in between leaves the
// page leased, to be fetched again, and the writer's upsert makes the
// repeat harmless.
func (s *Store) UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error) {
	if len(ps) == 0 {
		return store.Counts{}, nil
	}
	pipe := s.rdb.Pipeline()
	for i := range ps {
		b, err := json.Marshal(&ps[i])
		if err != nil {
			return store.Counts{}, fmt.Errorf("frontier: encode posting %s/%s: %w", ps[i].Source, ps[i].SourceID, err)
		}
		pipe.XAdd(ctx, &redis.XAddArgs{Stream: s.streamKey(), Values: []any{"posting", b, "node", s.node}})
	}
	pipe.HIncrBy(ctx, s.nodeKey(), "postings", int64(len(ps)))
	if _, err := pipe.Exec(ctx); err != nil {
		return store.Counts{}, fmt.Errorf("frontier %s: append %d postings to %s: %w", s.Addr(), len(ps), s.streamKey(), err)
	}
	return store.Counts{}, nil
}

// EnsureDataset records the dataset's definition for the writer, which
// records it in the store before the first posting naming it.
func (s *Store) EnsureDataset(ctx context.Context, d posting.Dataset) (bool, error) {
	if err := d.Validate(); err != nil {
		return false, err
	}
	b, err := json.Marshal(d)
	if err != nil {
		return false, err
	}
	old, err := s.rdb.HGet(ctx, s.key("datasets"), d.Name).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return false, fmt.Errorf("frontier %s: dataset %s: %w", s.Addr(), d.Name, err)
	}
	if old == string(b) {
		return false, nil
	}
	if err := s.rdb.HSet(ctx, s.key("datasets"), d.Name, b).Err(); err != nil {
		return false, fmt.Errorf("frontier %s: dataset %s: %w", s.Addr(), d.Name, err)
	}
	return true, nil
}

// StartCrawlRun records a run of this node. interrupted is 1 when the
// node's previous run never ended (its process was killed).
func (s *Store) StartCrawlRun(ctx context.Context, sources []string, pid int) (int64, int, error) {
	now, err := s.clock(ctx)
	if err != nil {
		return 0, 0, err
	}
	prev, err := s.rdb.HMGet(ctx, s.nodeKey(), "status", "instance").Result()
	if err != nil {
		return 0, 0, fmt.Errorf("frontier %s: start run: %w", s.Addr(), err)
	}
	interrupted := 0
	if st, _ := prev[0].(string); st == "running" {
		// The node's previous process never ended its run: it was
		// killed. Its leases need not wait out the lease time.
		interrupted = 1
		if old, _ := prev[1].(string); old != "" && old != s.instance {
			if err := s.expireOwner(ctx, old); err != nil {
				return 0, 0, err
			}
		}
	}
	id, err := s.rdb.Incr(ctx, s.key("runs")).Result()
	if err != nil {
		return 0, 0, fmt.Errorf("frontier %s: start run: %w", s.Addr(), err)
	}
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, s.key("run", strconv.FormatInt(id, 10)), "node", s.node, "instance", s.instance, "pid", pid,
		"sources", strings.Join(sources, ","), "started", now.UnixMilli(), "status", "running")
	pipe.Del(ctx, s.nodeKey())
	pipe.HSet(ctx, s.nodeKey(), "run", id, "instance", s.instance, "pid", pid, "started", now.UnixMilli(),
		"seen", now.UnixMilli(), "status", "running", "source", "", "pages", 0, "postings", 0)
	pipe.SAdd(ctx, s.key("nodes"), s.node)
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, 0, fmt.Errorf("frontier %s: start run: %w", s.Addr(), err)
	}
	s.running.Store(true)
	return id, interrupted, nil
}

// expireOwner ends the leases of a dead process of this node in every
// source.
func (s *Store) expireOwner(ctx context.Context, instance string) error {
	names, err := s.rdb.SMembers(ctx, s.key("sources")).Result()
	if err != nil {
		return fmt.Errorf("frontier %s: %w", s.Addr(), err)
	}
	for _, n := range names {
		f := newFrontier(s, n)
		k, err := f.run(ctx, scriptExpireOwner, instance).Int()
		if err != nil {
			return f.errorf("take back the leases of "+instance, err)
		}
		if k > 0 {
			s.log.Info("taking back the leases of this node's killed process", "source", n, "leases", k, "process", instance)
		}
	}
	return nil
}

// EndCrawlRun records how the run ended.
func (s *Store) EndCrawlRun(ctx context.Context, id int64, status string, pages int, c store.Counts, errs int, summary string) error {
	now, err := s.clock(ctx)
	if err != nil {
		return err
	}
	pipe := s.rdb.TxPipeline()
	pipe.HSet(ctx, s.key("run", strconv.FormatInt(id, 10)), "finished", now.UnixMilli(), "status", status,
		"pages", pages, "errors", errs, "summary", summary)
	pipe.HSet(ctx, s.nodeKey(), "status", status, "finished", now.UnixMilli(), "source", "", "errors", errs)
	s.running.Store(false)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("frontier %s: end run %d: %w", s.Addr(), id, err)
	}
	return nil
}

// NextSource picks, of the sources this run has not crawled yet, the one
// the fewest other live nodes are crawling (the first of those in the
// config's order), and records it as this node's.
func (s *Store) NextSource(ctx context.Context, remaining []string) (string, error) {
	if len(remaining) == 0 {
		return "", errors.New("next source: none left")
	}
	nodes, err := s.nodes(ctx)
	if err != nil {
		return "", err
	}
	now, err := s.clock(ctx)
	if err != nil {
		return "", err
	}
	busy := map[string]int{}
	for _, n := range nodes {
		if n.Name != s.node && n.Status == "running" && now.Sub(n.Seen) < s.cfg.Lease {
			busy[n.Source]++
		}
	}
	best := remaining[0]
	for _, name := range remaining[1:] {
		if busy[name] < busy[best] {
			best = name
		}
	}
	if err := s.rdb.HSet(ctx, s.nodeKey(), "source", best).Err(); err != nil {
		return "", fmt.Errorf("frontier %s: %w", s.Addr(), err)
	}
	return best, nil
}

// NodeStatus is one node's record.
type NodeStatus struct {
	Name     string    `json:"name"`
	Status   string    `json:"status"` // running, done, failed, interrupted
	Source   string    `json:"source,omitempty"`
	Run      int64     `json:"run"`
	PID      int       `json:"pid"`
	Pages    int64     `json:"pages"`    // pages completed in its current (or last) run
	Postings int64     `json:"postings"` // postings it sent to the writer
	Errors   int64     `json:"errors"`
	Started  time.Time `json:"started"`
	Seen     time.Time `json:"seen"` // its last heartbeat
}

func (s *Store) nodes(ctx context.Context) ([]NodeStatus, error) {
	names, err := s.rdb.SMembers(ctx, s.key("nodes")).Result()
	if err != nil {
		return nil, fmt.Errorf("frontier %s: nodes: %w", s.Addr(), err)
	}
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.MapStringStringCmd, len(names))
	for i, n := range names {
		cmds[i] = pipe.HGetAll(ctx, s.key("node", n))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("frontier %s: nodes: %w", s.Addr(), err)
	}
	out := make([]NodeStatus, 0, len(names))
	for i, n := range names {
		m := cmds[i].Val()
		ns := NodeStatus{Name: n, Status: m["status"], Source: m["source"]}
		ns.Run, _ = strconv.ParseInt(m["run"], 10, 64)
		pid, _ := strconv.Atoi(m["pid"])
		ns.PID = pid
		ns.Pages, _ = strconv.ParseInt(m["pages"], 10, 64)
		ns.Postings, _ = strconv.ParseInt(m["postings"], 10, 64)
		ns.Errors, _ = strconv.ParseInt(m["errors"], 10, 64)
		ns.Started = msTime(m["started"])
		ns.Seen = msTime(m["seen"])
		out = append(out, ns)
	}
	return out, nil
}

// msTime reads Unix milliseconds; zero for "".
func msTime(v string) time.Time {
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil || ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

// token returns a fresh host-lease token of this process.
func (s *Store) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens++
	return s.instance + "#" + strconv.FormatUint(s.tokens, 10)
}
