package trend

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jobtrend/jobtrend/pkg/dedup"
	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// Segmenter turns text into cleaned terms; *segment.Segmenter is one. It
// must be safe for concurrent use.
type Segmenter interface {
	Tokens(dst []string, text string) []string
}

// SegmenterSource names a segmenter and builds it only when needed: a warm
// report, with every posting's terms cached, must not pay for loading
// jieba's dictionaries.
type SegmenterSource struct {
	Version string                    // cache key; must change with dictionaries or rules
	Open    func() (Segmenter, error) // called at most once, on the first stale posting
}

// termStore is what refreshing the cache needs from the store.
type termStore interface {
	CountStaleTerms(ctx context.Context, version string) (int, error)
	PendingTerms(ctx context.Context, version string, after int64, limit int) ([]store.TextRow, error)
	PutTerms(ctx context.Context, version string, ts []store.Terms) error
}

// pageSize bounds how many postings are in memory at once while
// segmenting (three pages: one being read, one segmented, one written);
// it is also the size of one cache-writing transaction.
const pageSize = 512

// RefreshTerms segments every job posting whose cached terms are missing
// or stale, on every core, page by page, and returns how many it
// segmented. Reading the next page and writing the last one overlap the
// segmentation of the current one, so the cores cut text while SQLite
// works. progress, when set, is told (done, total) after each page is
// written, from one goroutine at a time. An interruption loses at most the
// pages in flight; the next call continues.
func RefreshTerms(ctx context.Context, st termStore, src SegmenterSource, progress func(done, total int)) (int, error) {
	n, _, err := refresh(ctx, st, src, 0, progress, nil)
	return n, err
}

// Follow segments postings while another goroutine or process is still
// storing them, so that segmentation overlaps an import (whose SQLite
// writes keep one core busy, the cutting the other): it refreshes whatever is pending, looks
// again for postings newer than the last it cut every poll interval, and
// after stop is closed makes one last full pass (as RefreshTerms does) and returns
// how many postings it segmented in all. A report afterwards finds the
// cache warm.
//
// When st can also store sketches (PutSketches), Follow sketches each
// posting it cuts for the near-duplicate pass, in the same pass over its
// text: the next report's pass then only clusters. (RefreshTerms does
// not: in a report it runs beside that pass, which sketches.)
func Follow(ctx context.Context, st termStore, src SegmenterSource, stop <-chan struct{}, poll time.Duration) (int, error) {
	sk, _ := st.(sketchSink)
	total := 0
	var after int64
	for {
		n, last, err := refresh(ctx, st, src, after, nil, sk)
		total += n
		if err != nil {
			return total, err
		}
		after = max(after, last)
		if n > 0 {
			continue
		}
		select {
		case <-stop:
			n, _, err := refresh(ctx, st, src, 0, nil, sk) // changed postings below after, and the last batch
			return total + n, err
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(poll):
		}
	}
}

// sketchSink stores near-duplicate sketches; *store.Store and
// *store.Session are ones.
type sketchSink interface {
	PutSketches(ctx context.Context, version int, rows []store.SketchRow) error
}

// refresh is RefreshTerms over postings with ids above after; it also
// returns the last id it segmented. With sk set it also sketches each
// posting it cuts and stores the sketches after the page's terms.
func refresh(ctx context.Context, st termStore, src SegmenterSource, after int64, progress func(done, total int), sk sketchSink) (int, int64, error) {
	version := termsVersion(src.Version)
	first, err := st.PendingTerms(ctx, version, after, pageSize)
	if err != nil || len(first) == 0 {
		return 0, after, err
	}
	total := 0
	if progress != nil {
		if total, err = st.CountStaleTerms(ctx, version); err != nil {
			return 0, after, err
		}
	}
	seg, err := src.Open()
	if err != nil {
		return 0, after, fmt.Errorf("segmenter: %w", err)
	}
	// gojieba allocates about 20 bytes of garbage per byte of text, so
	// collecting less often buys segmentation time; but the segmenter's
	// memo of cuts (tens of MB) is live, and the heap may grow to
	// (1 + percent/100) times it. At 200 against 400, 3 interleaved pairs
	// at 100,000 postings: the segmenting import as fast (11.0–12.4 s
	// both) in 362–377 MB instead of 489–518, a cold report 1.03–1.13×
	// faster in 450–487 MB instead of 599–658.
	if old := debug.SetGCPercent(200); old < 0 || old > 200 {
		debug.SetGCPercent(old)
	} else {
		defer debug.SetGCPercent(old)
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	pages := make(chan []store.TextRow, 1)
	go func() { // reader: fetches the next page while this one is cut
		defer close(pages)
		rows := first
		for len(rows) > 0 {
			select {
			case pages <- rows:
			case <-ctx.Done():
				return
			}
			after := rows[len(rows)-1].ID
			var err error
			if rows, err = st.PendingTerms(ctx, version, after, pageSize); err != nil {
				cancel(err)
				return
			}
		}
	}()
	type page struct {
		ts []store.Terms
		sk []store.SketchRow
	}
	writes := make(chan page, 1)
	var done int
	var lastID int64
	writerDone := make(chan struct{})
	go func() { // writer: stores the last page while the next is cut
		defer close(writerDone)
		for p := range writes {
			if ctx.Err() != nil {
				continue // drain
			}
			ts := p.ts
			if err := st.PutTerms(ctx, version, ts); err != nil {
				cancel(err)
				continue
			}
			if sk != nil {
				if err := sk.PutSketches(ctx, dedup.FormatVersion, p.sk); err != nil {
					cancel(err)
					continue
				}
			}
			done += len(ts)
			lastID = ts[len(ts)-1].ID
			if progress != nil {
				progress(done, max(total, done))
			}
		}
	}()

	workers := make([]cutter, runtime.GOMAXPROCS(0))
	for rows := range pages {
		out := make([]store.Terms, len(rows))
		var sketches []store.SketchRow
		if sk != nil {
			sketches = make([]store.SketchRow, len(rows))
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func(c *cutter) {
				defer wg.Done()
				for ctx.Err() == nil {
					i := int(next.Add(1)) - 1
					if i >= len(rows) {
						return
					}
					out[i] = c.cut(seg, &rows[i])
					if sketches != nil {
						r := &rows[i]
						sketches[i] = store.SketchRow{ID: r.ID, ContentHash: r.ContentHash,
							Sketch: dedup.SketchOf(r.Title, r.Description).Marshal()}
					}
				}
			}(&workers[w])
		}
		wg.Wait()
		if ctx.Err() != nil {
			break
		}
		writes <- page{out, sketches}
	}
	close(writes)
	<-writerDone
	for range pages { // let the reader finish after an error
	}
	if err := context.Cause(ctx); err != nil {
		return done, max(after, lastID), err
	}
	return done, max(after, lastID), nil
}

// cutter is one segmenting goroutine's reusable buffers.
type cutter struct {
	toks   []string
	counts []tfidf.TermCount
}

// cut counts the terms of a posting's title and description, and adds
// each term of the title once more, marked (titleMark + term): what the
// title names says which of several jobs a post describes (a comment of
// the "谁在招人" threads lists many jobs, and each of its postings carries
// the whole comment). Cutting the title and the description apart gives
// the tokens of cutting them joined by a line break, which both jieba and
// the Latin scanner treat as a boundary.
func (c *cutter) cut(seg Segmenter, r *store.TextRow) store.Terms {
	c.toks = c.toks[:0]
	if r.Title != "" {
		c.toks = seg.Tokens(c.toks, r.Title)
	}
	n := len(c.toks)
	c.toks = seg.Tokens(c.toks, r.Description)
	for _, t := range c.toks[:n] {
		c.toks = append(c.toks, titleMark+t)
	}
	c.counts = countTerms(c.counts[:0], c.toks)
	return store.Terms{ID: r.ID, ContentHash: r.ContentHash, Blob: EncodeTerms(nil, c.counts)}
}

// titleMark starts the marked copy of a title's term in the cached counts.
// No token starts with a control character.
const titleMark = "\x01"

// termsVersion is the key of the cached counts: the segmenter's version
// and the layout of the counts (title terms marked).
func termsVersion(segmenter string) string { return segmenter + "+title" }

// countTerms turns tokens into counts sorted by term, so a posting's cache
// entry is the same bytes however the tokens came out.
func countTerms(dst []tfidf.TermCount, toks []string) []tfidf.TermCount {
	slices.Sort(toks)
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && toks[j] == toks[i] {
			j++
		}
		dst = append(dst, tfidf.TermCount{Term: toks[i], Count: j - i})
		i = j
	}
	return dst
}

// EncodeTerms appends the cache encoding of counts to dst: the number of
// terms, then per term its byte length, bytes and count, as uvarints.
func EncodeTerms(dst []byte, counts []tfidf.TermCount) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(counts)))
	for _, c := range counts {
		dst = binary.AppendUvarint(dst, uint64(len(c.Term)))
		dst = append(dst, c.Term...)
		dst = binary.AppendUvarint(dst, uint64(c.Count))
	}
	return dst
}

var errBadTerms = errors.New("corrupt cached terms")

// DecodeTerms appends the counts encoded in b to dst. Terms are copied out
// of b, which the store reuses.
func DecodeTerms(dst []tfidf.TermCount, b []byte) ([]tfidf.TermCount, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return dst, errBadTerms
	}
	b = b[k:]
	for i := uint64(0); i < n; i++ {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return dst, errBadTerms
		}
		term := string(b[k : k+int(l)]) // a copy: b is reused by the store
		b = b[k+int(l):]
		c, k2 := binary.Uvarint(b)
		if k2 <= 0 || c == 0 || c > 1<<31 {
			return dst, errBadTerms
		}
		b = b[k2:]
		dst = append(dst, tfidf.TermCount{Term: term, Count: int(c)})
	}
	if len(b) != 0 {
		return dst, errBadTerms
	}
	return dst, nil
}
