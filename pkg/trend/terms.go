package trend

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

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
	StaleTerms(ctx context.Context, version string, after int64, limit int) ([]store.TextRow, error)
	PutTerms(ctx context.Context, version string, ts []store.Terms) error
}

// pageSize bounds how many postings are in memory at once while
// segmenting; it is also the size of one cache-writing transaction.
const pageSize = 512

// RefreshTerms segments every job posting whose cached terms are missing
// or stale, on every core, page by page, and returns how many it
// segmented. progress, when set, is told (done, total) after each page. An
// interruption loses at most the page in flight; the next call continues.
func RefreshTerms(ctx context.Context, st termStore, src SegmenterSource, progress func(done, total int)) (int, error) {
	total, err := st.CountStaleTerms(ctx, src.Version)
	if err != nil || total == 0 {
		return 0, err
	}
	seg, err := src.Open()
	if err != nil {
		return 0, fmt.Errorf("segmenter: %w", err)
	}
	workers := runtime.GOMAXPROCS(0)
	done := 0
	var after int64
	for {
		rows, err := st.StaleTerms(ctx, src.Version, after, pageSize)
		if err != nil {
			return done, err
		}
		if len(rows) == 0 {
			return done, nil
		}
		out := make([]store.Terms, len(rows))
		var wg sync.WaitGroup
		next := make(chan int)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var toks []string
				var counts []tfidf.TermCount
				for i := range next {
					r := rows[i]
					toks = seg.Tokens(toks[:0], r.Title+"\n"+r.Description)
					counts = countTerms(counts[:0], toks)
					out[i] = store.Terms{ID: r.ID, ContentHash: r.ContentHash, Blob: EncodeTerms(nil, counts)}
				}
			}()
		}
	feed:
		for i := range rows {
			select {
			case next <- i:
			case <-ctx.Done():
				break feed
			}
		}
		close(next)
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return done, err
		}
		if err := st.PutTerms(ctx, src.Version, out); err != nil {
			return done, err
		}
		done += len(rows)
		after = rows[len(rows)-1].ID
		if progress != nil {
			progress(done, total)
		}
	}
}

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
