package trend

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// How a company's keywords are chosen. Counts summed over all of a
// company's postings let one ad supply a top term, boilerplate pasted into
// every ad of a company ranks high, and any word can win: benefits,
// recruiters' handles, level codes, company names, chat words, fragments.
// So:
//
//   - Candidates are the terms of a frozen vocabulary (the skills, a tech
//     dictionary and a domain lexicon, data/vocabulary.yaml), every
//     spelling counted as its term (k8s and kubernetes, 微服务 and
//     microservice are one keyword).
//   - A term counts once per posting: the ranking is TF-IDF-like with the
//     number of the company's postings containing the term in place of the
//     term frequency, (1 + ln docs) · idf, idf from the document
//     frequencies of all postings of the range; ties go to the term used
//     more often.
//   - A keyword must be in at least max(2, 10%) of the company's postings
//     in scope (its spread), and is shown with that share.
//   - With ScopeMatched the selection skill (in every posting of the
//     scope by construction) is never a keyword, and a company needs at
//     least 5 postings in scope to get a list.
//   - A list makes room for two domain terms the company has (see
//     reserveDomain).
//
// VocabularyOpen keeps every token as a candidate, ranked as before the
// vocabulary (term frequency summed over the company's postings), with the
// spread rule: for exploration, to see what the vocabulary misses.

// Where keyword candidates come from.
const (
	VocabularyCurated = "curated" // the vocabulary's terms only (the default)
	VocabularyOpen    = "open"    // every token the segmenter emits
)

const (
	minKeywordShare    = 0.10 // a keyword is in at least this share of the company's postings in scope
	minKeywordPostings = 2    // and in at least this many
	minMatchedPostings = 5    // postings in scope a company needs for a list with ScopeMatched
	minDomainKeywords  = 2    // domain terms a list makes room for when the company has them
)

// ParseVocabularyMode checks a vocabulary mode as a user writes it.
func ParseVocabularyMode(s string) (string, error) {
	switch s {
	case "", VocabularyCurated:
		return VocabularyCurated, nil
	case VocabularyOpen:
		return VocabularyOpen, nil
	}
	return "", fmt.Errorf("unknown vocabulary %q (want curated or open)", s)
}

// keywordRanker chooses the keywords of one group slot of termCounts.
type keywordRanker struct {
	mode       string // VocabularyCurated or VocabularyOpen
	voc        *Vocabulary
	tax        *skill.Taxonomy
	maxDFShare float64
	exclude    string // a skill never to list (the selection skill with ScopeMatched), or ""
	minDocs    int    // postings in scope a group needs for a list
	k          int
}

func newKeywordRanker(opts Options, mode string) keywordRanker {
	r := keywordRanker{mode: mode, voc: DefaultVocabulary(), tax: skill.DefaultTaxonomy(), maxDFShare: opts.MaxDFShare,
		minDocs: 1, k: opts.Keywords}
	if opts.Scope == ScopeMatched {
		r.exclude, r.minDocs = opts.Skill, minMatchedPostings
	}
	return r
}

// spread is how many of n postings a keyword must be in.
func spread(n int) int {
	return max(minKeywordPostings, int(math.Ceil(minKeywordShare*float64(n)-1e-9)))
}

// keywords ranks slot's terms and returns the best r.k that are not part
// of the company's names (lower-cased).
func (r keywordRanker) keywords(c *termCounts, slot int, names []string) []Keyword {
	g := &c.groups[slot]
	n := int(g.docs)
	out := []Keyword{}
	if n == 0 || n < r.minDocs {
		return out
	}
	need := spread(n)
	var kws []tfidf.Keyword
	uses := map[string]int32{} // occurrences, to order terms in as many postings
	var category map[string]string
	if r.mode == VocabularyOpen {
		for id, count := range g.tf {
			if g.tdf[id] < int32(need) || r.skip(c.terms[id], names) {
				continue
			}
			kws = append(kws, tfidf.Keyword{Term: c.terms[id], Count: int(count), DF: int(c.df[id])})
		}
	} else {
		category = map[string]string{}
		for t, d := range g.termDF {
			term := &r.voc.terms[t]
			if d < int32(need) || r.skip(term.Name, names) {
				continue
			}
			kws = append(kws, tfidf.Keyword{Term: term.Name, Count: int(d), DF: int(c.termDF[t])})
			category[term.Name] = term.Category
			uses[term.Name] = g.termTF[t]
		}
	}
	ranked := tfidf.Rank(kws, c.docs, 0, tfidf.Options{MaxDFShare: r.maxDFShare, MinDF: minKeywordPostings})
	// Equal weights (as many postings, as rare overall): the term used more
	// often first, then the alphabet as before.
	slices.SortFunc(ranked, func(a, b tfidf.Keyword) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		if c := cmp.Compare(uses[b.Term], uses[a.Term]); c != 0 {
			return c
		}
		return strings.Compare(a.Term, b.Term)
	})
	if r.mode != VocabularyOpen {
		ranked = r.reserveDomain(ranked)
	}
	for _, kw := range ranked[:min(r.k, len(ranked))] {
		docs := kw.Count
		if r.mode == VocabularyOpen {
			docs = int(g.tdf[c.ids[kw.Term]])
		}
		out = append(out, Keyword{Term: kw.Term, Score: round4(kw.Score), Share: round4(float64(docs) / float64(n)),
			Category: category[kw.Term]})
	}
	return out
}

// reserveDomain makes room, among the first r.k terms, for up to
// minDomainKeywords domain terms (industries, business lines): tech terms
// outnumber them in every job ad and would fill a list alone, though what
// business the jobs serve is half of what a reader wants to know. A domain
// term moved up takes the place of the lowest tech term; the list stays in
// score order.
func (r keywordRanker) reserveDomain(ranked []tfidf.Keyword) []tfidf.Keyword {
	if len(ranked) <= r.k {
		return ranked
	}
	isDomain := func(kw tfidf.Keyword) bool {
		vt, ok := r.voc.Lookup(kw.Term)
		return ok && vt.Kind == KindDomain
	}
	have := 0
	for _, kw := range ranked[:r.k] {
		if isDomain(kw) {
			have++
		}
	}
	top := slices.Clone(ranked[:r.k])
	for _, kw := range ranked[r.k:] {
		if have >= minDomainKeywords {
			break
		}
		if !isDomain(kw) {
			continue
		}
		// Replace the last tech term of top.
		for i := len(top) - 1; i >= 0; i-- {
			if !isDomain(top[i]) {
				copy(top[i:], top[i+1:])
				top[len(top)-1] = kw
				have++
				break
			}
		}
	}
	return top
}

// skip: the excluded skill in any spelling, or part of the company's names
// (阿里 in 阿里巴巴, apifox): neither tells a reader what the jobs ask for.
func (r keywordRanker) skip(term string, names []string) bool {
	if r.exclude != "" {
		if c, ok := r.tax.Canonical(term); ok && c == r.exclude {
			return true
		}
	}
	return nameHas(names, term)
}

// orientation is the orientation of slot's postings.
func (c *termCounts) orientation(slot int) Orientation {
	if c.rules == nil {
		return Orientation{}
	}
	g := &c.groups[slot]
	return c.rules.orientation(g.labels, int(g.docs))
}
