package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

// followPoll is how often the segmenter looks for new postings once it has
// caught up with the writer.
const followPoll = 200 * time.Millisecond

// A follower segments postings while they are being stored, so that the
// report after an import or a crawl finds every posting's terms cached:
// jieba cuts on the cores the parser and SQLite leave idle (trend.Follow),
// and the dictionaries are loaded only once there is something to cut. The
// terms, and the near-duplicate sketches made from the same text, are
// written by the session storing the postings, in its transactions
// (store.Session.PutTerms, PutSketches): the segmenter's own transactions
// would wait for the write lock for as long as the import runs. A crawl
// can follow its writes the same way.
type follower struct {
	st    *store.Store
	log   *slog.Logger
	stop  chan struct{}
	done  chan struct{}
	n     int
	err   error
	mu    sync.Mutex
	sess  *store.Session // the session storing postings now; nil between files
	close func()
}

// followSegments starts following the writes to st. Finish must be called
// before st is closed.
func followSegments(ctx context.Context, st *store.Store, log *slog.Logger) *follower {
	src, closeSeg := trend.DefaultSegmenter(func() { log.Debug("loading the segmenter's dictionaries") })
	f := &follower{st: st, log: log, stop: make(chan struct{}), done: make(chan struct{}), close: closeSeg}
	go func() {
		defer close(f.done)
		f.n, f.err = trend.Follow(ctx, f, src, f.stop, followPoll)
	}()
	return f
}

// Use routes the terms to sess, which is storing postings from now on;
// nil ends the routing.
func (f *follower) Use(sess *store.Session) {
	f.mu.Lock()
	f.sess = sess
	f.mu.Unlock()
}

// session is the session storing postings now, or nil.
func (f *follower) session() *store.Session {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sess
}

// PutTerms gives the terms to the session storing postings, or writes them.
func (f *follower) PutTerms(ctx context.Context, version string, ts []store.Terms) error {
	if sess := f.session(); sess != nil {
		return sess.PutTerms(ctx, version, ts)
	}
	return f.st.PutTerms(ctx, version, ts)
}

// PutSketches does the same with the near-duplicate sketches that
// trend.Follow makes beside the terms.
func (f *follower) PutSketches(ctx context.Context, version int, rows []store.SketchRow) error {
	if sess := f.session(); sess != nil {
		return sess.PutSketches(ctx, version, rows)
	}
	return f.st.PutSketches(ctx, version, rows)
}

// PendingTerms is the store's.
func (f *follower) PendingTerms(ctx context.Context, version string, after int64, limit int) ([]store.TextRow, error) {
	return f.st.PendingTerms(ctx, version, after, limit)
}

// CountStaleTerms is the store's.
func (f *follower) CountStaleTerms(ctx context.Context, version string) (int, error) {
	return f.st.CountStaleTerms(ctx, version)
}

// Finish stops following after one last pass over whatever is still
// unsegmented, frees the segmenter and returns how many postings were
// segmented. A failure to segment never fails the import or the crawl: the
// report segments what is left.
func (f *follower) Finish(ctx context.Context) int {
	f.Use(nil)
	close(f.stop)
	<-f.done
	f.close()
	if f.err != nil && ctx.Err() == nil {
		f.log.Warn("segmenting the stored postings failed; the next report segments them", "err", f.err)
	}
	return f.n
}

// endSession writes what sess still holds of the segmenter's terms once it
// has stored its last batch.
func (f *follower) endSession(ctx context.Context, sess *store.Session) {
	f.Use(nil)
	if err := sess.EndWrites(ctx); err != nil && ctx.Err() == nil {
		f.log.Warn("caching segmented postings failed; the next report segments them", "err", err)
	}
}
