package trend

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/jobtrend/jobtrend/data"
)

// Orientation is what kind of job most of a company's postings in scope
// are (岗位倾向), and the share of those postings.
type Orientation struct {
	Label    string  `json:"label"`
	Share    float64 `json:"share"`    // Postings / the company's postings in scope
	Postings int     `json:"postings"` // postings that took the label
}

// orientationRules turn the vocabulary terms of a posting into a label
// (data/orientation.yaml says how).
type orientationRules struct {
	labels   []string
	fallback int
	minScore float64
	signals  [][]signal // per vocabulary term
	family   []uint32   // per label: the labels a title naming it allows
}

type signal struct {
	label  int
	weight float64
}

type orientationFile struct {
	Version    int                           `yaml:"version"`
	Labels     []string                      `yaml:"labels"`
	Fallback   string                        `yaml:"fallback"`
	MinScore   float64                       `yaml:"min_score"`
	Families   [][]string                    `yaml:"families"`
	Categories map[string]map[string]float64 `yaml:"categories"`
	Terms      map[string]map[string]float64 `yaml:"terms"`
}

// parseOrientation reads rules in the format of data/orientation.yaml for
// the terms of v. Every label must be one of the file's labels, every
// category one of v's, every term a term of v.
func parseOrientation(r io.Reader, v *Vocabulary) (*orientationRules, error) {
	var f orientationFile
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parse orientation rules: %w", err)
	}
	o := &orientationRules{labels: f.Labels, minScore: f.MinScore, signals: make([][]signal, len(v.terms))}
	o.fallback = slices.Index(f.Labels, f.Fallback)
	if o.fallback < 0 {
		return nil, fmt.Errorf("parse orientation rules: fallback %q is not one of the labels", f.Fallback)
	}
	if f.MinScore <= 0 {
		return nil, fmt.Errorf("parse orientation rules: min_score must be positive")
	}
	if len(f.Labels) > 32 {
		return nil, fmt.Errorf("parse orientation rules: %d labels, at most 32", len(f.Labels))
	}
	o.family = make([]uint32, len(f.Labels))
	for i := range o.family {
		o.family[i] = 1 << i
	}
	for _, fam := range f.Families {
		var bits uint32
		for _, l := range fam {
			i := slices.Index(f.Labels, l)
			if i < 0 {
				return nil, fmt.Errorf("parse orientation rules: family %v: unknown label %q", fam, l)
			}
			bits |= 1 << i
		}
		for _, l := range fam {
			o.family[slices.Index(f.Labels, l)] |= bits
		}
	}
	weights := func(what string, m map[string]float64) ([]signal, error) {
		var out []signal
		for label, w := range m {
			i := slices.Index(f.Labels, label)
			if i < 0 {
				return nil, fmt.Errorf("parse orientation rules: %s: unknown label %q", what, label)
			}
			if w <= 0 {
				return nil, fmt.Errorf("parse orientation rules: %s: weight %v for %q must be positive", what, w, label)
			}
			out = append(out, signal{label: i, weight: w})
		}
		slices.SortFunc(out, func(a, b signal) int { return a.label - b.label })
		return out, nil
	}
	byCategory := map[string][]signal{}
	for cat, m := range f.Categories {
		if v.Kind(cat) == "" {
			return nil, fmt.Errorf("parse orientation rules: unknown category %q", cat)
		}
		s, err := weights("category "+cat, m)
		if err != nil {
			return nil, err
		}
		byCategory[cat] = s
	}
	for i, t := range v.terms {
		o.signals[i] = byCategory[t.Category]
	}
	for term, m := range f.Terms {
		i, ok := v.byToken[term]
		if !ok || v.terms[i].Name != term {
			return nil, fmt.Errorf("parse orientation rules: %q is not a term of the vocabulary (give its first spelling)", term)
		}
		s, err := weights("term "+term, m)
		if err != nil {
			return nil, err
		}
		o.signals[i] = s
	}
	return o, nil
}

var defaultOrientation = sync.OnceValue(func() *orientationRules {
	o, err := parseOrientation(bytes.NewReader(data.Orientation), DefaultVocabulary())
	if err != nil {
		panic(fmt.Sprintf("%s: %v", data.OrientationName, err))
	}
	return o
})

// classify returns the label of a posting whose distinct vocabulary terms
// are terms, title the vocabulary terms of its title; scores is scratch
// space of len(o.labels). The posting takes the label of highest score; if
// its title signals labels, only those (and their families) are
// candidates, and the best of them is taken whatever its score;
// otherwise a label needs min_score. A posting without any signal gets
// -1: no label.
func (o *orientationRules) classify(terms, title []int32, scores []float64) int {
	clear(scores)
	for _, t := range terms {
		for _, s := range o.signals[t] {
			scores[s.label] += s.weight
		}
	}
	var allowed uint32
	for _, t := range title {
		for _, s := range o.signals[t] {
			allowed |= o.family[s.label]
		}
	}
	if allowed == 0 && !slices.ContainsFunc(scores, func(s float64) bool { return s > 0 }) {
		return -1 // nothing about the work: no label
	}
	best := o.fallback
	for i, s := range scores {
		switch {
		case allowed != 0 && (allowed&(1<<i) == 0 || s <= 0):
			continue
		case allowed == 0 && s < o.minScore:
			continue
		}
		if best == o.fallback || s > scores[best] {
			best = i
		}
	}
	return best
}

// orientation picks the label most of a company's postings took (ties
// to the label listed first). counts is postings per label.
func (o *orientationRules) orientation(counts []int32, postings int) Orientation {
	if postings == 0 || len(counts) == 0 {
		return Orientation{}
	}
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return Orientation{Label: o.labels[best], Share: round4(float64(counts[best]) / float64(postings)),
		Postings: int(counts[best])}
}
