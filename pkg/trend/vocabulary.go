package trend

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/skill"
)

// Term kinds: what a reader learns from a keyword.
const (
	KindTech   = "tech"   // what the job is technically
	KindDomain = "domain" // what business it serves
)

// VocabTerm is one term of the keyword vocabulary.
type VocabTerm struct {
	Name     string // as keyword lists show it
	Category string
	Kind     string // KindTech or KindDomain
	Skill    bool   // a skill of the taxonomy
}

// Vocabulary is the set of terms keywords are chosen from: the skills of
// the taxonomy and the terms of data/vocabulary.yaml, every spelling of a
// term mapped to the term. It is read-only and safe for concurrent use.
type Vocabulary struct {
	terms      []VocabTerm
	byToken    map[string]int32
	categories map[string]string // category → kind
	version    string
}

type vocabularyFile struct {
	Version    int `yaml:"version"`
	Categories map[string]struct {
		Kind  string `yaml:"kind"`
		About string `yaml:"about"`
	} `yaml:"categories"`
	Terms map[string][]string `yaml:"terms"`
}

// ParseVocabulary reads a vocabulary in the format of data/vocabulary.yaml
// and adds the skills of tax. Every problem is reported with the term it
// concerns: unknown categories or kinds, a term listed twice, a spelling
// that the taxonomy already gives to a skill, upper case or white space
// (a token never has either).
func ParseVocabulary(r io.Reader, tax *skill.Taxonomy) (*Vocabulary, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read vocabulary: %w", err)
	}
	var f vocabularyFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parse vocabulary: %w", err)
	}
	v := &Vocabulary{byToken: map[string]int32{}, categories: map[string]string{}}
	for name, c := range f.Categories {
		if c.Kind != KindTech && c.Kind != KindDomain {
			return nil, fmt.Errorf("parse vocabulary: category %q: kind %q, want %s or %s", name, c.Kind, KindTech, KindDomain)
		}
		v.categories[name] = c.Kind
	}
	add := func(token string, term int32) error {
		if prev, dup := v.byToken[token]; dup {
			return fmt.Errorf("%q is already a spelling of %q", token, v.terms[prev].Name)
		}
		v.byToken[token] = term
		return nil
	}
	for _, s := range tax.Skills() {
		kind, ok := v.categories[s.Category]
		if !ok {
			return nil, fmt.Errorf("parse vocabulary: skill %q: category %q is not a category of the vocabulary", s.Name, s.Category)
		}
		id := int32(len(v.terms))
		v.terms = append(v.terms, VocabTerm{Name: s.Name, Category: s.Category, Kind: kind, Skill: true})
		for _, sp := range append(append([]string{s.Name}, s.Aliases...), s.Weak...) {
			if _, dup := v.byToken[sp]; dup && v.terms[v.byToken[sp]].Name == s.Name {
				continue
			}
			if err := add(sp, id); err != nil {
				return nil, fmt.Errorf("parse vocabulary: skill %q: %w", s.Name, err)
			}
		}
	}
	cats := make([]string, 0, len(f.Terms))
	for c := range f.Terms {
		cats = append(cats, c)
	}
	slices.Sort(cats) // map order must not decide which duplicate is reported
	for _, cat := range cats {
		kind, ok := v.categories[cat]
		if !ok {
			return nil, fmt.Errorf("parse vocabulary: terms of unknown category %q", cat)
		}
		for _, entry := range f.Terms[cat] {
			spellings := strings.Split(entry, "|")
			id := int32(len(v.terms))
			v.terms = append(v.terms, VocabTerm{Name: spellings[0], Category: cat, Kind: kind})
			for _, sp := range spellings {
				switch {
				case sp == "":
					return nil, fmt.Errorf("parse vocabulary: %s: %q has an empty spelling", cat, entry)
				case sp != strings.ToLower(sp) || strings.ContainsFunc(sp, isBlank):
					return nil, fmt.Errorf("parse vocabulary: %s: %q: a token is lower case and has no white space", cat, sp)
				}
				if c, ok := tax.Canonical(sp); ok {
					return nil, fmt.Errorf("parse vocabulary: %s: %q is a spelling of the skill %q (data/skills.yaml)", cat, sp, c)
				}
				if err := add(sp, id); err != nil {
					return nil, fmt.Errorf("parse vocabulary: %s: %w", cat, err)
				}
			}
		}
	}
	h := sha256.New()
	h.Write(raw)
	h.Write([]byte{0})
	h.Write([]byte(tax.Version()))
	v.version = fmt.Sprintf("v%d-%s", f.Version, hex.EncodeToString(h.Sum(nil))[:12])
	return v, nil
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' }

var defaultVocabulary = sync.OnceValue(func() *Vocabulary {
	v, err := ParseVocabulary(bytes.NewReader(data.Vocabulary), skill.DefaultTaxonomy())
	if err != nil {
		// The file is embedded and tested; a broken one is a build defect.
		panic(fmt.Sprintf("%s: %v", data.VocabularyName, err))
	}
	return v
})

// DefaultVocabulary is the vocabulary of data/vocabulary.yaml and the
// default taxonomy, parsed once.
func DefaultVocabulary() *Vocabulary { return defaultVocabulary() }

// Lookup returns the term a token (as the segmenter emits it) spells.
func (v *Vocabulary) Lookup(token string) (VocabTerm, bool) {
	if i, ok := v.byToken[token]; ok {
		return v.terms[i], true
	}
	return VocabTerm{}, false
}

// index is the index of the term token spells, or -1.
func (v *Vocabulary) index(token string) int32 {
	if i, ok := v.byToken[token]; ok {
		return i
	}
	return -1
}

// Terms returns every term (a copy), the taxonomy's skills first.
func (v *Vocabulary) Terms() []VocabTerm { return slices.Clone(v.terms) }

// Spellings returns every spelling the vocabulary knows, sorted.
func (v *Vocabulary) Spellings() []string {
	out := make([]string, 0, len(v.byToken))
	for s := range v.byToken {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Kind returns the kind of a category ("" for an unknown one).
func (v *Vocabulary) Kind(category string) string { return v.categories[category] }

// Version identifies the vocabulary and the taxonomy together.
func (v *Vocabulary) Version() string { return v.version }
