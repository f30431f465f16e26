// Package tfidf ranks the terms that set one group of documents apart from
// the rest — a company's postings against all postings — by TF-IDF over
// token streams. Document frequencies come from the documents added, not
// from a general-language table: jieba's bundled IDF has no entry for any
// tech term and would rank them all alike.
//
// The weighting, per group g and term t, over N documents of which df(t)
// contain t:
//
//	tf(g,t)  = occurrences of t in all of g's documents
//	idf(t)   = ln((1+N)/(1+df(t))) + 1          (smoothed)
//	w(g,t)   = (1 + ln tf(g,t)) · idf(t)         (sublinear TF)
//	score    = w / ‖w(g,·)‖₂                     (comparable across groups)
//
// Terms in more than Options.MaxDFShare of all documents are boilerplate:
// they get no score and take no part in the norm. Ranking is deterministic:
// score descending, then term ascending.
//
// The package does no I/O and knows nothing of jieba or SQL. An Index is
// not safe for concurrent use; to count in parallel give each goroutine its
// own Index and Merge them.
package tfidf

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Index accumulates document frequencies over all documents added, and term
// counts per group.
type Index struct {
	ids    map[string]int32 // term → id
	terms  []string         // id → term
	df     []int32          // id → documents containing the term
	seen   []int32          // id → number of the last document that counted it
	docs   int32
	groups map[string]*group
}

type group struct {
	docs int
	tf   map[int32]int32
}

// New returns an empty Index.
func New() *Index {
	return &Index{ids: make(map[string]int32), groups: make(map[string]*group)}
}

// id interns term. The term is copied: tokens often share memory with a
// whole posting, which a map key would keep alive.
func (x *Index) id(term string) int32 {
	if id, ok := x.ids[term]; ok {
		return id
	}
	id := int32(len(x.terms))
	term = strings.Clone(term)
	x.ids[term] = id
	x.terms = append(x.terms, term)
	x.df = append(x.df, 0)
	x.seen = append(x.seen, 0)
	return id
}

// Add adds one document, given as its tokens (repeats count), to the
// document frequencies and to the term counts of group.
func (x *Index) Add(group string, terms []string) {
	x.docs++
	g := x.group(group)
	g.docs++
	for _, t := range terms {
		id := x.id(t)
		if x.seen[id] != x.docs {
			x.seen[id] = x.docs
			x.df[id]++
		}
		g.tf[id]++
	}
}

// TermCount is a term and how often it occurs in one document.
type TermCount struct {
	Term  string
	Count int
}

// AddCounts is Add for a document given as term counts, as a cache of
// per-posting counts stores it. Terms with a count below one are ignored;
// a term listed twice counts once for the document frequency.
func (x *Index) AddCounts(group string, counts []TermCount) {
	x.docs++
	g := x.group(group)
	g.docs++
	for _, tc := range counts {
		if tc.Count < 1 {
			continue
		}
		id := x.id(tc.Term)
		if x.seen[id] != x.docs {
			x.seen[id] = x.docs
			x.df[id]++
		}
		g.tf[id] += int32(min(tc.Count, math.MaxInt32))
	}
}

// AddDF adds one document to the document frequencies only: a posting
// outside the period being ranked still tells which words are boilerplate.
func (x *Index) AddDF(terms []string) {
	x.docs++
	for _, t := range terms {
		id := x.id(t)
		if x.seen[id] != x.docs {
			x.seen[id] = x.docs
			x.df[id]++
		}
	}
}

func (x *Index) group(name string) *group {
	g, ok := x.groups[name]
	if !ok {
		g = &group{tf: make(map[int32]int32)}
		x.groups[strings.Clone(name)] = g
	}
	return g
}

// Merge adds everything counted in o to x, as if o's documents had been
// added to x. o is left unchanged.
func (x *Index) Merge(o *Index) {
	remap := make([]int32, len(o.terms))
	for oid, t := range o.terms {
		id := x.id(t)
		remap[oid] = id
		x.df[id] += o.df[oid]
	}
	// Every mark in x.seen is at most x.docs, so documents added after the
	// merge, numbered from x.docs+o.docs on, cannot be mistaken for seen.
	x.docs += o.docs
	for name, og := range o.groups {
		g := x.group(name)
		g.docs += og.docs
		for oid, c := range og.tf {
			g.tf[remap[oid]] += c
		}
	}
}

// Docs is the number of documents added.
func (x *Index) Docs() int { return int(x.docs) }

// DF is the number of documents that contain term.
func (x *Index) DF(term string) int {
	if id, ok := x.ids[term]; ok {
		return int(x.df[id])
	}
	return 0
}

// IDF is the smoothed inverse document frequency of term over the
// documents added.
func (x *Index) IDF(term string) float64 { return IDF(x.Docs(), x.DF(term)) }

// Groups lists the groups that have documents, sorted.
func (x *Index) Groups() []string {
	out := make([]string, 0, len(x.groups))
	for name := range x.groups {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// GroupDocs is the number of documents added to group.
func (x *Index) GroupDocs(group string) int {
	if g, ok := x.groups[group]; ok {
		return g.docs
	}
	return 0
}

// Count is how often term occurs in group's documents.
func (x *Index) Count(group, term string) int {
	g, ok := x.groups[group]
	if !ok {
		return 0
	}
	id, ok := x.ids[term]
	if !ok {
		return 0
	}
	return int(g.tf[id])
}

// IDF is the smoothed inverse document frequency ln((1+n)/(1+df)) + 1 of a
// term found in df of n documents. The +1 inside keeps an unseen term
// finite; the +1 outside keeps a term found in every document from
// weighing zero.
func IDF(n, df int) float64 {
	return math.Log(float64(1+n)/float64(1+df)) + 1
}

// SublinearTF is 1 + ln(tf) for tf > 0 and 0 otherwise: a term used ten
// times is not ten times as telling as one used once, and one company's
// pasted paragraph cannot dominate by repetition.
func SublinearTF(tf int) float64 {
	if tf <= 0 {
		return 0
	}
	return 1 + math.Log(float64(tf))
}

// Options tunes TopK. The zero value ranks every term.
type Options struct {
	// MaxDFShare: a term found in more than this share of all documents
	// is boilerplate and not ranked. Zero (or ≥ 1) keeps every term;
	// DefaultMaxDFShare is a good start for job postings.
	MaxDFShare float64
	// MinDF: a term found in fewer documents is not ranked (typos, ids).
	// Zero or one keeps every term.
	MinDF int
}

// DefaultMaxDFShare is the boilerplate share for job postings: a term in
// more than half of all postings describes job ads, not a company.
const DefaultMaxDFShare = 0.5

// Keyword is one ranked term of a group.
type Keyword struct {
	Term  string  `json:"term"`
	Score float64 `json:"score"` // Weight divided by the L2 norm of the group's weights
	// Weight is (1 + ln Count) · IDF, before normalization.
	Weight float64 `json:"weight"`
	Count  int     `json:"count"` // occurrences in the group's documents
	DF     int     `json:"df"`    // documents containing the term, in all groups
}

// TopK ranks group's terms and returns the best k (all of them if k ≤ 0),
// by score descending, then term ascending. It returns nil for a group
// without documents.
func (x *Index) TopK(group string, k int, opt Options) []Keyword {
	g, ok := x.groups[group]
	if !ok || len(g.tf) == 0 {
		return nil
	}
	kws := make([]Keyword, 0, len(g.tf))
	for id, tf := range g.tf {
		kws = append(kws, Keyword{Term: x.terms[id], Count: int(tf), DF: int(x.df[id])})
	}
	return Rank(kws, int(x.docs), k, opt)
}

// Rank is TopK for counts kept elsewhere: given a group's terms with their
// Count and DF over docs documents, it drops boilerplate (DF above
// opt.MaxDFShare of docs) and rare terms (DF below opt.MinDF), weighs the
// rest by (1 + ln Count) · IDF, orders them by weight descending, then
// term ascending, and returns the best k (all if k ≤ 0) with Score set to
// weight over the L2 norm of all kept weights. It reuses kws.
func Rank(kws []Keyword, docs, k int, opt Options) []Keyword {
	limit := math.Inf(1)
	if opt.MaxDFShare > 0 && opt.MaxDFShare < 1 {
		limit = opt.MaxDFShare * float64(docs)
	}
	kept := kws[:0]
	for _, kw := range kws {
		if float64(kw.DF) > limit || kw.DF < opt.MinDF {
			continue
		}
		kw.Weight = SublinearTF(kw.Count) * IDF(docs, kw.DF)
		kept = append(kept, kw)
	}
	kws = kept
	slices.SortFunc(kws, func(a, b Keyword) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		return strings.Compare(a.Term, b.Term)
	})
	// Summed in the sorted order, so the norm, and every score, is the
	// same to the last bit however the terms were gathered.
	var ss float64
	for _, kw := range kws {
		ss += kw.Weight * kw.Weight
	}
	norm := math.Sqrt(ss)
	if k > 0 && k < len(kws) {
		kws = kws[:k]
	}
	for i := range kws {
		if norm > 0 {
			kws[i].Score = kws[i].Weight / norm
		}
	}
	return slices.Clip(kws)
}
