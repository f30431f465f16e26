package redisfrontier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Session is where the writer stores postings: *store.Session (one
// transaction per UpsertBatch; storing a posting again updates it in place).
type Session interface {
	UpsertBatch(ctx context.Context, ps []posting.Posting) (store.Counts, error)
	EnsureDataset(ctx context.Context, d posting.Dataset) (bool, error)
}

// WriterOptions configure Ingest.
type WriterOptions struct {
	// Consumer names this writer in the consumer group (default
	// "writer"). A writer restarted under the same name first takes back
	// what it had read but not acknowledged.
	Consumer string
	Batch    int           // entries per transaction (default 500)
	Block    time.Duration // how long one read waits for new entries (default 1s)
	// ClaimIdle: entries another consumer read and has not acknowledged
	// for this long are taken over (XAUTOCLAIM): that writer died
	// (default 30s).
	ClaimIdle time.Duration
	// Drain makes Ingest return once the stream is empty (nothing
	// unread, nothing unacknowledged) instead of waiting for more.
	Drain bool
	// Progress is called after every committed batch with the totals.
	Progress func(WriterStats)
}

// WriterStats are what Ingest did.
type WriterStats struct {
	Entries  int          `json:"entries"`  // stream entries acknowledged
	Postings int          `json:"postings"` // postings upserted
	Batches  int          `json:"batches"`  // transactions committed
	Claimed  int          `json:"claimed"`  // entries taken back (own, after a restart) or over (a dead writer's)
	Dead     int          `json:"dead"`     // entries that cannot be read, moved to the dead-letter stream
	Counts   store.Counts `json:"counts"`   // what the upserts did
	Seconds  float64      `json:"seconds"`
}

// Ingest is the single writer: it reads postings from the stream with
// the consumer group, upserts each batch in one transaction through sess
// (recording first the datasets the postings name), and acknowledges and
// deletes the batch's entries only after the transaction committed. A
// crash anywhere loses nothing: unacknowledged entries are read again
// (by this consumer after a restart, or by another one through
// XAUTOCLAIM), and the upsert makes the repeat harmless. It runs until ctx
// ends (nil error) or, with Drain, until the stream is empty; an error is
// a failure of Redis or of the store, and leaves the batch unacknowledged.
func (s *Store) Ingest(ctx context.Context, sess Session, opts WriterOptions) (WriterStats, error) {
	if opts.Consumer == "" {
		opts.Consumer = "writer"
	}
	if opts.Batch <= 0 {
		opts.Batch = 500
	}
	if opts.Block <= 0 {
		opts.Block = time.Second
	}
	if opts.ClaimIdle <= 0 {
		opts.ClaimIdle = 30 * time.Second
	}
	w := &writer{s: s, sess: sess, opts: opts, ensured: map[string]string{}, start: time.Now()}
	if err := s.ensureGroup(ctx); err != nil {
		return w.stats, err
	}
	// What this consumer read before a crash and never acknowledged.
	for {
		ms, err := w.read(ctx, "0")
		if err != nil {
			return w.done(ctx, err)
		}
		if len(ms) == 0 {
			break
		}
		w.stats.Claimed += len(ms)
		if err := w.handle(ctx, ms); err != nil {
			return w.done(ctx, err)
		}
	}
	var lastClaim time.Time
	for ctx.Err() == nil {
		if time.Since(lastClaim) >= opts.ClaimIdle/2 {
			lastClaim = time.Now()
			if err := w.claim(ctx); err != nil {
				return w.done(ctx, err)
			}
		}
		ms, err := w.read(ctx, ">")
		if err != nil {
			return w.done(ctx, err)
		}
		if len(ms) > 0 {
			if err := w.handle(ctx, ms); err != nil {
				return w.done(ctx, err)
			}
			continue
		}
		if opts.Drain {
			n, err := s.rdb.XLen(ctx, s.streamKey()).Result()
			if err != nil {
				return w.done(ctx, fmt.Errorf("writer: %w", err))
			}
			if n == 0 {
				break
			}
		}
	}
	return w.done(ctx, nil)
}

type writer struct {
	s       *Store
	sess    Session
	opts    WriterOptions
	ensured map[string]string // dataset name → the definition recorded in the store
	stats   WriterStats
	start   time.Time
}

func (w *writer) done(ctx context.Context, err error) (WriterStats, error) {
	w.stats.Seconds = time.Since(w.start).Seconds()
	if err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		err = nil // stopped: what was read and not committed is read again next time
	}
	return w.stats, err
}

// read reads up to a batch: id "0" re-reads this consumer's unacknowledged
// entries, ">" new ones (waiting up to Block).
func (w *writer) read(ctx context.Context, id string) ([]redis.XMessage, error) {
	args := &redis.XReadGroupArgs{Group: group, Consumer: w.opts.Consumer, Streams: []string{w.s.streamKey(), id},
		Count: int64(w.opts.Batch)}
	if id == ">" {
		args.Block = w.opts.Block
	}
	res, err := w.s.rdb.XReadGroup(ctx, args).Result()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("writer: read %s: %w", w.s.streamKey(), err)
	}
	var ms []redis.XMessage
	for _, st := range res {
		ms = append(ms, st.Messages...)
	}
	return ms, nil
}

// claim takes over the entries other consumers read and left
// unacknowledged for ClaimIdle.
func (w *writer) claim(ctx context.Context) error {
	start := "0-0"
	for {
		ms, next, err := w.s.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: w.s.streamKey(), Group: group,
			Consumer: w.opts.Consumer, MinIdle: w.opts.ClaimIdle, Start: start, Count: int64(w.opts.Batch)}).Result()
		if err != nil {
			return fmt.Errorf("writer: claim from %s: %w", w.s.streamKey(), err)
		}
		if len(ms) > 0 {
			w.stats.Claimed += len(ms)
			if err := w.handle(ctx, ms); err != nil {
				return err
			}
		}
		if next == "0-0" || next == "" {
			return nil
		}
		start = next
	}
}

// handle upserts a batch of entries and then acknowledges them.
func (w *writer) handle(ctx context.Context, ms []redis.XMessage) error {
	ids := make([]string, 0, len(ms))
	ps := make([]posting.Posting, 0, len(ms))
	type dead struct{ id, why, raw string }
	var bad []dead
	for _, m := range ms {
		ids = append(ids, m.ID)
		raw, ok := m.Values["posting"].(string)
		if !ok {
			if len(m.Values) > 0 { // an entry deleted meanwhile has no values: nothing to store
				bad = append(bad, dead{m.ID, "no posting field", fmt.Sprint(m.Values)})
			}
			continue
		}
		var p posting.Posting
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			bad = append(bad, dead{m.ID, "posting is not JSON: " + err.Error(), raw})
			continue
		}
		if p.Source == "" || p.SourceID == "" {
			bad = append(bad, dead{m.ID, "posting has no source or source id", raw})
			continue
		}
		ps = append(ps, p)
	}
	if len(ps) > 0 {
		if err := w.datasets(ctx, ps); err != nil {
			return err
		}
		c, err := w.sess.UpsertBatch(ctx, ps)
		if err != nil {
			return fmt.Errorf("writer: store %d postings (entries %s … %s): %w", len(ps), ids[0], ids[len(ids)-1], err)
		}
		w.stats.Counts.Add(c)
		w.stats.Postings += len(ps)
		w.stats.Batches++
	}
	// Committed: now, and only now, the entries may go.
	bg := context.WithoutCancel(ctx)
	pipe := w.s.rdb.TxPipeline()
	for _, d := range bad {
		pipe.XAdd(bg, &redis.XAddArgs{Stream: w.s.deadKey(), Values: []any{"id", d.id, "why", d.why, "entry", d.raw}})
	}
	pipe.XAck(bg, w.s.streamKey(), group, ids...)
	pipe.XDel(bg, w.s.streamKey(), ids...)
	now := time.Now().UnixMilli()
	pipe.HIncrBy(bg, w.s.key("writer"), "postings", int64(len(ps)))
	pipe.HIncrBy(bg, w.s.key("writer"), "batches", 1)
	pipe.HSet(bg, w.s.key("writer"), "consumer", w.opts.Consumer, "last", now)
	if _, err := pipe.Exec(bg); err != nil {
		return fmt.Errorf("writer: acknowledge %d entries: %w", len(ids), err)
	}
	w.stats.Entries += len(ids)
	w.stats.Dead += len(bad)
	for _, d := range bad {
		w.s.log.Error("stream entry cannot be stored; moved to the dead-letter stream", "id", d.id, "why", d.why,
			"stream", w.s.deadKey())
	}
	if w.opts.Progress != nil {
		w.stats.Seconds = time.Since(w.start).Seconds()
		w.opts.Progress(w.stats)
	}
	return nil
}

// datasets records in the store, before their postings, the datasets the
// postings name whose definition the nodes published (and that changed
// since this writer last recorded them). A dataset no node described is
// the store's default for its source.
func (w *writer) datasets(ctx context.Context, ps []posting.Posting) error {
	var names []string
	seen := map[string]bool{}
	for i := range ps {
		n := ps[i].Dataset
		if n == "" {
			n = ps[i].Source
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	vals, err := w.s.rdb.HMGet(ctx, w.s.key("datasets"), names...).Result()
	if err != nil {
		return fmt.Errorf("writer: datasets %s: %w", strings.Join(names, ", "), err)
	}
	for i, v := range vals {
		def, ok := v.(string)
		if !ok || w.ensured[names[i]] == def {
			continue
		}
		var d posting.Dataset
		if err := json.Unmarshal([]byte(def), &d); err != nil {
			return fmt.Errorf("writer: dataset %s: %w", names[i], err)
		}
		if _, err := w.sess.EnsureDataset(ctx, d); err != nil {
			return fmt.Errorf("writer: dataset %s: %w", names[i], err)
		}
		w.ensured[names[i]] = def
	}
	return nil
}
