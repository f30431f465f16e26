package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/trend"
)

// followPoll is how often the segmenter looks for new postings once it has
// caught up with the writer.
const followPoll = 200 * time.Millisecond

// followSegments segments postings while they are being stored, so the
// report after an import or a crawl finds every posting's terms cached:
// jieba cuts on the cores the parser and SQLite leave idle (trend.Follow),
// and the dictionaries are loaded only once there is something to cut.
// The returned finish stops following after one last pass over whatever
// is still unsegmented, frees the segmenter and returns how many postings
// were segmented; it must be called before the store is closed. A failure
// to segment never fails the import: the report segments what is left.
func followSegments(ctx context.Context, st *store.Store, log *slog.Logger) (finish func() int) {
	src, closeSeg := trend.DefaultSegmenter(func() { log.Debug("loading the segmenter's dictionaries") })
	stop := make(chan struct{})
	done := make(chan struct{})
	var n int
	var err error
	go func() {
		defer close(done)
		n, err = trend.Follow(ctx, st, src, stop, followPoll)
	}()
	return func() int {
		close(stop)
		<-done
		closeSeg()
		if err != nil && ctx.Err() == nil {
			log.Warn("segmenting the stored postings failed; the next report segments them", "err", err)
		}
		return n
	}
}
