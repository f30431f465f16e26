package redisfrontier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jobtrend/jobtrend/pkg/crawl"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Frontier is one source's crawl state in Redis, shared by every node:
// crawl.Frontier, crawl.SharedFrontier and crawl.HostLeaser.
type Frontier struct {
	s      *Store
	source string
	keys   []string
	limit  atomic.Int64 // the generation's request limit (Begin's)

	mu   sync.Mutex
	held map[string]bool // keys this process popped and has not acked: the leases it renews
}

func newFrontier(s *Store, source string) *Frontier {
	f := &Frontier{s: s, source: source, held: map[string]bool{}}
	for _, part := range []string{"gen", "state", "seq", "meta", "req", "att", "note", "owner", "pending", "leases",
		"deferred", "visited", "pages", "stats"} {
		f.keys = append(f.keys, s.key("src", source, part))
	}
	f.keys = append(f.keys, s.nodeKey())
	return f
}

// Source is the source the frontier belongs to.
func (f *Frontier) Source() string { return f.source }

func (f *Frontier) run(ctx context.Context, sc *redis.Script, args ...any) *redis.Cmd {
	return sc.Run(ctx, f.s.rdb, f.keys, append([]any{f.s.nowArg()}, args...)...)
}

func (f *Frontier) errorf(op string, err error) error {
	return fmt.Errorf("frontier %s (redis %s): %s: %w", f.source, f.s.Addr(), op, err)
}

// Begin resumes the source's unfinished generation — requests whose lease
// expired (their node died) and deferred ones are pending again; live
// leases stay with their nodes — or starts the next one, unless the last
// finished within the round (crawl.ErrCrawledThisRound).
func (f *Frontier) Begin(ctx context.Context, limit int) (store.Generation, error) {
	f.limit.Store(int64(limit))
	round := strconv.FormatInt(f.s.started.Add(-f.s.cfg.Round).UnixMilli(), 10)
	v, err := f.run(ctx, scriptBegin, round).Int64Slice()
	if err != nil {
		return store.Generation{}, f.errorf("begin", err)
	}
	g := store.Generation{Number: v[0], Started: time.UnixMilli(v[1]).UTC()}
	switch v[2] {
	case 1:
		g.Resumed, g.Requeued = true, int(v[3])
	case 2:
		return g, fmt.Errorf("frontier %s: generation %d finished at %s: %w", f.source, g.Number,
			time.UnixMilli(v[3]).UTC().Format(time.RFC3339), crawl.ErrCrawledThisRound)
	}
	return g, nil
}

// Finish ends the generation when nothing is pending, leased or deferred.
func (f *Frontier) Finish(ctx context.Context) (bool, error) {
	n, err := f.run(ctx, scriptFinish).Int()
	if err != nil {
		return false, f.errorf("finish", err)
	}
	return n == 1, nil
}

type itemMeta struct {
	URL   string `json:"u"`
	Kind  string `json:"k,omitempty"`
	Depth int    `json:"d,omitempty"`
}

func itemArgs(items []store.FrontierItem) ([]any, error) {
	args := make([]any, 0, 4*len(items))
	for _, it := range items {
		if it.Key == "" {
			return nil, fmt.Errorf("request %q has no key", it.URL)
		}
		m, err := json.Marshal(itemMeta{URL: it.URL, Kind: it.Kind, Depth: it.Depth})
		if err != nil {
			return nil, err
		}
		refr := "0"
		if it.Refreshable {
			refr = "1"
		}
		args = append(args, it.Key, m, it.Request, refr)
	}
	return args, nil
}

func cutoffArg(freshAfter time.Time) string {
	if freshAfter.IsZero() {
		return ""
	}
	return strconv.FormatInt(freshAfter.UnixMilli(), 10)
}

func addResult(v []int64) store.AddResult {
	return store.AddResult{Added: int(v[0]), Known: int(v[1]), Fresh: int(v[2]), OverLimit: int(v[3])}
}

// Add queues items: a key already in the generation is known, a
// refreshable one whose page is a detail page fetched after freshAfter is
// skipped, and items past the generation's limit are dropped.
func (f *Frontier) Add(ctx context.Context, items []store.FrontierItem, freshAfter time.Time) (store.AddResult, error) {
	if len(items) == 0 {
		return store.AddResult{}, nil
	}
	args, err := itemArgs(items)
	if err != nil {
		return store.AddResult{}, f.errorf("add", err)
	}
	v, err := f.run(ctx, scriptAdd, append([]any{f.limit.Load(), cutoffArg(freshAfter)}, args...)...).Int64Slice()
	if err != nil {
		return store.AddResult{}, f.errorf("add", err)
	}
	return addResult(v), nil
}

// Pop leases the oldest pending request (or one whose lease expired) to
// this process for the lease time, renewed while the process lives.
func (f *Frontier) Pop(ctx context.Context) (store.FrontierItem, bool, error) {
	v, err := f.run(ctx, scriptPop, f.s.cfg.Lease.Milliseconds(), f.s.instance).Slice()
	if errors.Is(err, redis.Nil) {
		return store.FrontierItem{}, false, nil
	}
	if err != nil {
		return store.FrontierItem{}, false, f.errorf("pop", err)
	}
	if len(v) != 3 {
		return store.FrontierItem{}, false, f.errorf("pop", fmt.Errorf("unexpected reply %v", v))
	}
	key, _ := v[0].(string)
	f.hold(key, true)
	meta, _ := v[1].(string)
	req, _ := v[2].(string)
	var m itemMeta
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		return store.FrontierItem{}, false, f.errorf("pop", fmt.Errorf("request %s: %w", key, err))
	}
	return store.FrontierItem{Key: key, URL: m.URL, Kind: m.Kind, Depth: m.Depth, Request: []byte(req)}, true, nil
}

// Pending is the number of requests a Pop would hand out now; 0 when Redis
// cannot be reached (the next call that can fail says why).
func (f *Frontier) Pending() int {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	n, err := f.run(ctx, scriptPending).Int()
	if err != nil {
		f.s.log.Warn("frontier: counting pending requests failed", "source", f.source, "err", err)
		return 0
	}
	return n
}

// Leased is the number of requests leased by any node.
func (f *Frontier) Leased(ctx context.Context) (int, error) {
	n, err := f.s.rdb.ZCard(ctx, f.keys[9]).Result()
	if err != nil {
		return 0, f.errorf("leased", err)
	}
	return int(n), nil
}

// Complete marks the request done (once, whoever completes it), records
// its page for refresh and queues the links found on it, in one step.
func (f *Frontier) Complete(ctx context.Context, key string, page store.PageRecord, follow []store.FrontierItem, freshAfter time.Time) (store.AddResult, error) {
	fetched := page.Fetched
	if fetched.IsZero() {
		fetched = time.Now()
	}
	rec := fmt.Sprintf("%s\t%d\t%d\t%s", page.Kind, page.Postings, fetched.UnixMilli(), page.URL)
	args, err := itemArgs(follow)
	if err != nil {
		return store.AddResult{}, f.errorf("complete "+page.URL, err)
	}
	v, err := f.run(ctx, scriptComplete, append([]any{key, rec, f.limit.Load(), cutoffArg(freshAfter)}, args...)...).Int64Slice()
	if err != nil {
		return store.AddResult{}, f.errorf("complete "+page.URL, err)
	}
	f.hold(key, false)
	return addResult(v), nil
}

// Mark moves a request this process holds to state (failed, blocked,
// deferred, done, or back to pending), with a note. A request whose lease
// this process lost (it expired and another took it) is left alone.
func (f *Frontier) Mark(ctx context.Context, key string, state store.QueueState, note string) error {
	switch state {
	case store.StateFailed, store.StateBlocked, store.StateDeferred, store.StatePending, store.StateDone:
	default:
		return fmt.Errorf("frontier %s: mark %s: invalid state %q", f.source, key, state)
	}
	if err := f.run(ctx, scriptMark, key, f.s.instance, string(state), note).Err(); err != nil {
		return f.errorf("mark "+key+" "+string(state), err)
	}
	f.hold(key, false)
	return nil
}

// Counts returns how many requests of the generation are in each state.
func (f *Frontier) Counts(ctx context.Context) (map[store.QueueState]int, error) {
	v, err := f.run(ctx, scriptCounts).Slice()
	if err != nil {
		return nil, f.errorf("counts", err)
	}
	m := map[store.QueueState]int{}
	for i := 0; i+1 < len(v); i += 2 {
		st, _ := v[i].(string)
		n, _ := v[i+1].(int64)
		m[store.QueueState(st)] = int(n)
	}
	return m, nil
}

func (f *Frontier) hold(key string, held bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if held {
		f.held[key] = true
	} else {
		delete(f.held, key)
	}
}

func (f *Frontier) renew(ctx context.Context) error {
	f.mu.Lock()
	args := []any{f.s.cfg.Lease.Milliseconds(), f.s.instance}
	for k := range f.held {
		args = append(args, k)
	}
	f.mu.Unlock()
	if len(args) == 2 {
		return nil
	}
	return f.run(ctx, scriptRenew, args...).Err()
}

// Visited records colly's request hash for this generation.
func (f *Frontier) Visited(hash uint64) error {
	if err := f.s.rdb.SAdd(context.Background(), f.keys[11], strconv.FormatUint(hash, 10)).Err(); err != nil {
		return f.errorf("visited", err)
	}
	return nil
}

// IsVisited reports whether Visited recorded hash in this generation.
func (f *Frontier) IsVisited(hash uint64) (bool, error) {
	ok, err := f.s.rdb.SIsMember(context.Background(), f.keys[11], strconv.FormatUint(hash, 10)).Result()
	if err != nil {
		return false, f.errorf("is visited", err)
	}
	return ok, nil
}

// Cookies returns the source's cookies for host, shared by every node: a
// session one node opened is every node's.
func (f *Frontier) Cookies(host string) (string, error) {
	c, err := f.s.rdb.HGet(context.Background(), f.s.key("src", f.source, "cookies"), host).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", f.errorf("cookies of "+host, err)
	}
	return c, nil
}

// SetCookies stores the source's cookies for host.
func (f *Frontier) SetCookies(host, cookies string) error {
	if err := f.s.rdb.HSet(context.Background(), f.s.key("src", f.source, "cookies"), host, cookies).Err(); err != nil {
		return f.errorf("set cookies of "+host, err)
	}
	return nil
}

// Value returns the source's named value; ok is false when it is not set.
func (f *Frontier) Value(ctx context.Context, name string) (string, bool, error) {
	v, err := f.s.rdb.HGet(ctx, f.s.key("src", f.source, "values"), name).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, f.errorf("value "+name, err)
	}
	return v, true, nil
}

// SetValue sets the source's named value; an empty value deletes it.
func (f *Frontier) SetValue(ctx context.Context, name, value string) error {
	k := f.s.key("src", f.source, "values")
	var err error
	if value == "" {
		err = f.s.rdb.HDel(ctx, k, name).Err()
	} else {
		err = f.s.rdb.HSet(ctx, k, name, value).Err()
	}
	if err != nil {
		return f.errorf("set value "+name, err)
	}
	return nil
}
