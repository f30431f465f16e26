package trend

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"strings"
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
// frequencies over all of them, and per group slot the counts that rank
// its terms and label its postings.
type termCounts struct {
	vocab
	df     []int32 // per token id: documents containing it
	docs   int
	groups []groupCounts

	// With a vocabulary (nil otherwise): the vocabulary term of each token
	// id (-1 for none), documents per vocabulary term (spellings of one
	// term counted once per document), and the orientation rules.
	voc      *Vocabulary
	rules    *orientationRules
	termOf   []int32
	isTitle  []bool // per token id: a marked title term (see cutter.cut)
	termDF   []int32
	mark     []int32 // per vocabulary term: the last document that counted it
	docTerm  []int32 // scratch: the current document's vocabulary terms
	docTitle []int32 // scratch: the vocabulary terms of its title
	scores   []float64
}

// groupCounts are the counts of one group slot.
type groupCounts struct {
	docs   int32
	tf     map[int32]int32 // token id → occurrences in the group's documents
	tdf    map[int32]int32 // token id → the group's documents containing it
	termDF []int32         // vocabulary term → the group's documents containing it
	termTF []int32         // vocabulary term → occurrences in the group's documents
	labels []int32         // orientation label → the group's documents taking it
}

// add adds o's counts to g; remap translates o's token ids to g's (nil:
// they are the same).
func (g *groupCounts) add(o *groupCounts, remap []int32) {
	id := func(oid int32) int32 {
		if remap == nil {
			return oid
		}
		return remap[oid]
	}
	g.docs += o.docs
	for oid, n := range o.tf {
		g.tf[id(oid)] += n
	}
	for oid, n := range o.tdf {
		g.tdf[id(oid)] += n
	}
	for i, n := range o.termDF {
		g.termDF[i] += n
	}
	for i, n := range o.termTF {
		g.termTF[i] += n
	}
	for i, n := range o.labels {
		g.labels[i] += n
	}
}

// vocab interns terms as dense ids.
type vocab struct {
	ids   map[string]int32
	terms []string
}

func (c *termCounts) id(b []byte) int32 {
	if id, ok := c.ids[string(b)]; ok {
		return id
	}
	return c.add(string(b))
}

func (c *termCounts) idString(s string) int32 {
	if id, ok := c.ids[s]; ok {
		return id
	}
	return c.add(s)
}

// add interns a token seen for the first time and looks it up in the
// vocabulary: once per token and worker, not per occurrence.
func (c *termCounts) add(s string) int32 {
	id := int32(len(c.terms))
	c.ids[s] = id
	c.terms = append(c.terms, s)
	c.df = append(c.df, 0)
	title := strings.HasPrefix(s, titleMark)
	c.isTitle = append(c.isTitle, title)
	if c.voc != nil {
		c.termOf = append(c.termOf, c.voc.index(strings.TrimPrefix(s, titleMark)))
	}
	return id
}

// newTermCounts makes the counts of groups slots; voc and rules may be nil
// (no vocabulary counts, no orientation).
func newTermCounts(groups int, voc *Vocabulary, rules *orientationRules) *termCounts {
	c := &termCounts{vocab: vocab{ids: make(map[string]int32, 1<<12)}, groups: make([]groupCounts, groups),
		voc: voc, rules: rules}
	for i := range c.groups {
		g := &c.groups[i]
		g.tf = make(map[int32]int32)
		g.tdf = make(map[int32]int32)
		if voc != nil {
			g.termDF = make([]int32, len(voc.terms))
			g.termTF = make([]int32, len(voc.terms))
		}
		if rules != nil {
			g.labels = make([]int32, len(rules.labels))
		}
	}
	if voc != nil {
		c.termDF = make([]int32, len(voc.terms))
		c.mark = make([]int32, len(voc.terms))
		if rules != nil {
			c.scores = make([]float64, len(rules.labels))
		}
	}
	return c
}

// add counts one document's encoded terms (see EncodeTerms): each term
// once in the document frequencies and, when slot ≥ 0, its occurrences and
// the document in that group; with a vocabulary, each vocabulary term once
// however many of its spellings occur, and the document's orientation.
// The blob is validated as DecodeTerms does.
func (c *termCounts) addDoc(b []byte, slot int) error {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errBadTerms
	}
	b = b[k:]
	var g *groupCounts
	if slot >= 0 {
		g = &c.groups[slot]
	}
	c.docs++
	serial := int32(c.docs) // marks this document in c.mark
	c.docTerm, c.docTitle = c.docTerm[:0], c.docTitle[:0]
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
		if c.isTitle[id] {
			// Counted with the description already; it only says what the
			// title names.
			if c.voc != nil && c.termOf[id] >= 0 {
				c.docTitle = append(c.docTitle, c.termOf[id])
			}
			continue
		}
		// Terms are unique within a blob (countTerms merged repeats), so
		// each counts once for the document frequency.
		c.df[id]++
		if g != nil {
			g.tf[id] += int32(min(cnt, math.MaxInt32))
			g.tdf[id]++
		}
		if c.voc != nil {
			if t := c.termOf[id]; t >= 0 {
				if c.mark[t] != serial {
					c.mark[t] = serial
					c.termDF[t]++
					c.docTerm = append(c.docTerm, t)
				}
				if g != nil {
					g.termTF[t] += int32(min(cnt, math.MaxInt32))
				}
			}
		}
	}
	if len(b) != 0 {
		return errBadTerms
	}
	if g != nil {
		g.docs++
		for _, t := range c.docTerm {
			g.termDF[t]++
		}
		if c.rules != nil {
			if l := c.rules.classify(c.docTerm, c.docTitle, c.scores); l >= 0 {
				g.labels[l]++
			}
		}
	}
	return nil
}

// merge adds o's counts to c.
func (c *termCounts) merge(o *termCounts) {
	remap := make([]int32, len(o.terms))
	for oid, t := range o.terms {
		id := c.idString(t)
		remap[oid] = id
		c.df[id] += o.df[oid]
	}
	c.docs += o.docs
	for i := range c.termDF {
		c.termDF[i] += o.termDF[i]
	}
	for slot := range o.groups {
		c.groups[slot].add(&o.groups[slot], remap)
	}
}

// addGroup appends a group slot holding the sum of the given slots: the
// whole range of a company's years.
func (c *termCounts) addGroup(slots int) int {
	sum := groupCounts{tf: map[int32]int32{}, tdf: map[int32]int32{}}
	if c.voc != nil {
		sum.termDF = make([]int32, len(c.voc.terms))
		sum.termTF = make([]int32, len(c.voc.terms))
	}
	if c.rules != nil {
		sum.labels = make([]int32, len(c.rules.labels))
	}
	for i := range slots {
		sum.add(&c.groups[i], nil)
	}
	c.groups = append(c.groups, sum)
	return len(c.groups) - 1
}

// rank is tfidf.Index.TopK over these counts: group slot's terms ranked
// by tfidf.Rank against the document frequencies of all documents.
func (c *termCounts) rank(slot int, opt tfidf.Options) []tfidf.Keyword {
	tf := c.groups[slot].tf
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
// frequencies only). With a vocabulary voc, vocabulary terms are counted
// too, and with rules each group's postings get their orientation (both
// may be nil). It returns the counts and how many documents had no cached
// terms (added after RefreshTerms ran: counted next time).
func countDocs(ctx context.Context, st docSource, skill string, f store.Filter, version string, groups int,
	voc *Vocabulary, rules *orientationRules, slotOf func(*store.Doc) int) (*termCounts, int, error) {
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
		counts[w] = newTermCounts(groups, voc, rules)
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := counts[w]
			for b := range full {
				start := 0
				for i, end := range b.ends {
					if errs[w] == nil {
						if err := c.addDoc(b.buf[start:end], b.slots[i]); err != nil {
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
