package trend

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// Counting the cached terms of every posting is the whole cost of a warm
// report: at 100,000 postings that is about seven million (term, count)
// pairs. Decoding each into a Go string and interning it through
// tfidf.Index's map took seconds. Here the blobs are copied out of the
// query into batches and counted on every core, each worker interning the
// terms' bytes in its own vocabulary (a map lookup with a []byte key does
// not allocate; only a term seen for the first time is copied), and the
// workers' counts are merged at the end. Ranking is tfidf.Rank, the
// function behind Index.TopK (TestRankMatchesTfidf pins that they agree).

// docSource streams the documents of a report; *store.Store is one.
type docSource interface {
	DocStream(ctx context.Context, skill string, f store.Filter, version string, fn func(*store.Doc) error) error
}

// termCounts is what one pass over the documents yields: document
// frequencies over all of them, and term counts of the chosen groups.
type termCounts struct {
	vocab
	df   []int32
	docs int
	tf   []map[int32]int32 // per group slot
}

// vocab interns terms as dense ids.
type vocab struct {
	ids   map[string]int32
	terms []string
}

func (v *vocab) id(b []byte) int32 {
	if id, ok := v.ids[string(b)]; ok {
		return id
	}
	return v.add(string(b))
}

func (v *vocab) idString(s string) int32 {
	if id, ok := v.ids[s]; ok {
		return id
	}
	return v.add(s)
}

func (v *vocab) add(s string) int32 {
	id := int32(len(v.terms))
	v.ids[s] = id
	v.terms = append(v.terms, s)
	return id
}

func newTermCounts(groups int) *termCounts {
	c := &termCounts{vocab: vocab{ids: make(map[string]int32, 1<<12)}, tf: make([]map[int32]int32, groups)}
	for i := range c.tf {
		c.tf[i] = make(map[int32]int32)
	}
	return c
}

// add counts one document's encoded terms (see EncodeTerms): each term
// once in the document frequencies and, when slot ≥ 0, its count in that
// group. The blob is validated as DecodeTerms does.
func (c *termCounts) add(b []byte, slot int) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errBadTerms
	}
	b = b[k:]
	var tf map[int32]int32
	if slot >= 0 {
		tf = c.tf[slot]
	}
	for i := uint64(0); i < n; i++ {
		l, k := binary.Uvarint(b)
		if k <= 0 || l > uint64(len(b)-k) {
			return errBadTerms
		}
		term := b[k : k+int(l)]
		b = b[k+int(l):]
		cnt, k2 := binary.Uvarint(b)
		if k2 <= 0 || cnt == 0 || cnt > 1<<31 {
			return errBadTerms
		}
		b = b[k2:]
		id := c.id(term)
		if int(id) == len(c.df) {
			c.df = append(c.df, 0)
		}
		// Terms are unique within a blob (countTerms merged repeats), so
		// each counts once for the document frequency.
		c.df[id]++
		if tf != nil {
			tf[id] += int32(min(cnt, math.MaxInt32))
		}
	}
	if len(b) != 0 {
		return errBadTerms
	}
	c.docs++
	return nil
}

// merge adds o's counts to c.
func (c *termCounts) merge(o *termCounts) {
	remap := make([]int32, len(o.terms))
	for oid, t := range o.terms {
		id := c.idString(t)
		if int(id) == len(c.df) {
			c.df = append(c.df, 0)
		}
		remap[oid] = id
		c.df[id] += o.df[oid]
	}
	c.docs += o.docs
	for slot, otf := range o.tf {
		for oid, n := range otf {
			c.tf[slot][remap[oid]] += n
		}
	}
}

// rank is tfidf.Index.TopK over these counts: group slot's terms ranked
// by tfidf.Rank against the document frequencies of all documents.
func (c *termCounts) rank(slot int, opt tfidf.Options) []tfidf.Keyword {
	tf := c.tf[slot]
	if len(tf) == 0 {
		return nil
	}
	kws := make([]tfidf.Keyword, 0, len(tf))
	for id, count := range tf {
		kws = append(kws, tfidf.Keyword{Term: c.terms[id], Count: int(count), DF: int(c.df[id])})
	}
	return tfidf.Rank(kws, c.docs, 0, opt)
}

// docBatch is a run of documents' blobs copied out of the query.
type docBatch struct {
	buf   []byte
	ends  []int
	slots []int
	ids   []int64
}

func (b *docBatch) reset() {
	b.buf, b.ends, b.slots, b.ids = b.buf[:0], b.ends[:0], b.slots[:0], b.ids[:0]
}

// batchBytes is how much blob text a batch holds before it is handed to a
// worker; with a few batches in flight memory stays a few MB however large
// the store.
const batchBytes = 256 << 10

// countDocs streams the documents of f and counts their cached terms on
// every core. slotOf gives a document's group slot (or -1: document
// frequencies only). It returns the counts and how many documents had no
// cached terms (added after RefreshTerms ran: counted next time).
func countDocs(ctx context.Context, st docSource, skill string, f store.Filter, version string, groups int,
	slotOf func(*store.Doc) int) (*termCounts, int, error) {
	workers := runtime.GOMAXPROCS(0)
	free := make(chan *docBatch, workers+2)
	for range workers + 2 {
		free <- &docBatch{buf: make([]byte, 0, batchBytes+batchBytes/4)}
	}
	full := make(chan *docBatch)
	counts := make([]*termCounts, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		counts[w] = newTermCounts(groups)
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := counts[w]
			for b := range full {
				start := 0
				for i, end := range b.ends {
					if errs[w] == nil {
						if err := c.add(b.buf[start:end], b.slots[i]); err != nil {
							errs[w] = fmt.Errorf("cached terms of posting %d: %w", b.ids[i], err)
						}
					}
					start = end
				}
				b.reset()
				free <- b
			}
		}()
	}
	missing := 0
	cur := <-free
	err := st.DocStream(ctx, skill, f, version, func(d *store.Doc) error {
		if d.Terms == nil {
			missing++
			return nil
		}
		cur.buf = append(cur.buf, d.Terms...)
		cur.ends = append(cur.ends, len(cur.buf))
		cur.slots = append(cur.slots, slotOf(d))
		cur.ids = append(cur.ids, d.ID)
		if len(cur.buf) >= batchBytes {
			full <- cur
			cur = nil
			select {
			case cur = <-free:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	if cur != nil && len(cur.ends) > 0 {
		full <- cur
	}
	close(full)
	wg.Wait()
	if err != nil {
		return nil, 0, err
	}
	for _, e := range errs {
		if e != nil {
			return nil, 0, e
		}
	}
	total := counts[0]
	for _, c := range counts[1:] {
		total.merge(c)
	}
	return total, missing, nil
}
