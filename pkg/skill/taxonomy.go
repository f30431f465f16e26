package skill

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/jobtrend/jobtrend/data"
	"github.com/jobtrend/jobtrend/pkg/normalize"
)

// RulesVersion names the generation of the tagging rules in rules*.go. Bump
// it whenever a rule changes what is tagged, so Taxonomy.Version changes
// and stored tags are recomputed.
const RulesVersion = "rules-5"

// Skill is one entry of the taxonomy.
type Skill struct {
	Name     string   // canonical, lower-case: "go", "cpp", "postgresql"
	Category string   // language, database, infrastructure, framework, ...
	Aliases  []string // unambiguous spellings, lower-case
	Weak     []string // ambiguous spellings, accepted only in context
	Rule     string   // rule set for the weak spellings: go, r, c, swift or context
	Versions bool     // digits may follow a spelling as a version: "Java8"
	Implies  []string // skills a mention of this one also counts as
}

// Taxonomy is a parsed skill list. It is read-only after parsing and safe
// for concurrent use.
type Taxonomy struct {
	skills  []Skill
	byName  map[string]int
	byTerm  map[string]int // lower-case alias, weak spelling or name -> skill
	aliases []alias
	implied [][]int // skill -> skills it implies, transitively, itself first
	version string
}

// alias is one spelling the scanner looks for.
type alias struct {
	text  string // lower-case
	skill int
	weak  bool
}

type taxonomyFile struct {
	Version int `yaml:"version"`
	Skills  []struct {
		Name     string   `yaml:"name"`
		Category string   `yaml:"category"`
		Aliases  []string `yaml:"aliases"`
		Weak     []string `yaml:"weak"`
		Rule     string   `yaml:"rule"`
		Versions *bool    `yaml:"versions"`
		Implies  []string `yaml:"implies"`
	} `yaml:"skills"`
}

var knownRules = map[string]bool{"": true, "context": true, "go": true, "r": true, "c": true, "swift": true, "distributed": true}

// ParseTaxonomy reads a taxonomy in the format of data/skills.yaml. Every
// problem is reported with the skill it concerns: duplicate names or
// spellings, unknown rules, implications of unknown skills.
func ParseTaxonomy(r io.Reader) (*Taxonomy, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read taxonomy: %w", err)
	}
	var f taxonomyFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("parse taxonomy: %w", err)
	}
	if len(f.Skills) == 0 {
		return nil, fmt.Errorf("parse taxonomy: no skills")
	}
	t := &Taxonomy{byName: map[string]int{}, byTerm: map[string]int{}}
	for i, s := range f.Skills {
		name := strings.TrimSpace(s.Name)
		if name == "" {
			return nil, fmt.Errorf("parse taxonomy: skill #%d has no name", i+1)
		}
		if name != strings.ToLower(name) {
			return nil, fmt.Errorf("parse taxonomy: skill %q: name must be lower-case", name)
		}
		if _, dup := t.byName[name]; dup {
			return nil, fmt.Errorf("parse taxonomy: skill %q listed twice", name)
		}
		if !knownRules[s.Rule] {
			return nil, fmt.Errorf("parse taxonomy: skill %q: unknown rule %q", name, s.Rule)
		}
		if s.Rule != "" && s.Rule != "context" && len(s.Weak) == 0 {
			return nil, fmt.Errorf("parse taxonomy: skill %q: rule %q without weak spellings", name, s.Rule)
		}
		sk := Skill{Name: name, Category: s.Category, Rule: s.Rule, Versions: s.Versions == nil || *s.Versions, Implies: s.Implies}
		if sk.Rule == "" && len(s.Weak) > 0 {
			sk.Rule = "context"
		}
		t.byName[name] = i
		for _, list := range []struct {
			in   []string
			out  *[]string
			weak bool
		}{{s.Aliases, &sk.Aliases, false}, {s.Weak, &sk.Weak, true}} {
			for _, a := range list.in {
				a = strings.ToLower(strings.TrimSpace(a))
				if a == "" {
					return nil, fmt.Errorf("parse taxonomy: skill %q: empty alias", name)
				}
				if a != strings.TrimSpace(a) || strings.Contains(a, "  ") {
					return nil, fmt.Errorf("parse taxonomy: skill %q: alias %q has extra spaces", name, a)
				}
				if _, n := utf8.DecodeRuneInString(a); a[0] >= utf8.RuneSelf && n != 3 {
					// The scanner starts non-ASCII spellings at three-byte
					// characters (all of CJK) only.
					return nil, fmt.Errorf("parse taxonomy: skill %q: alias %q must start with an ASCII or a CJK character", name, a)
				}
				if j, dup := t.byTerm[a]; dup && f.Skills[j].Name != name {
					return nil, fmt.Errorf("parse taxonomy: alias %q belongs to both %q and %q", a, f.Skills[j].Name, name)
				} else if dup {
					return nil, fmt.Errorf("parse taxonomy: skill %q: alias %q listed twice", name, a)
				}
				t.byTerm[a] = i
				*list.out = append(*list.out, a)
				t.aliases = append(t.aliases, alias{text: a, skill: i, weak: list.weak})
			}
		}
		t.skills = append(t.skills, sk)
	}
	for i, s := range t.skills {
		if j, ok := t.byTerm[s.Name]; ok && j != i {
			return nil, fmt.Errorf("parse taxonomy: skill name %q is an alias of %q", s.Name, t.skills[j].Name)
		}
		t.byTerm[s.Name] = i
	}
	t.implied = make([][]int, len(t.skills))
	for i := range t.skills {
		seen := map[int]bool{i: true}
		list := []int{i}
		for k := 0; k < len(list); k++ {
			for _, name := range t.skills[list[k]].Implies {
				j, ok := t.byName[name]
				if !ok {
					return nil, fmt.Errorf("parse taxonomy: skill %q implies unknown skill %q", t.skills[list[k]].Name, name)
				}
				if !seen[j] {
					seen[j] = true
					list = append(list, j)
				}
			}
		}
		t.implied[i] = list
	}
	h := sha256.New()
	h.Write(raw)
	h.Write([]byte{0})
	h.Write([]byte(RulesVersion))
	t.version = fmt.Sprintf("v%d-%s", f.Version, hex.EncodeToString(h.Sum(nil))[:12])
	return t, nil
}

var defaultTaxonomy = sync.OnceValue(func() *Taxonomy {
	t, err := ParseTaxonomy(bytes.NewReader(data.Skills))
	if err != nil {
		// The file is embedded and tested; a broken one is a build defect.
		panic(fmt.Sprintf("%s: %v", data.SkillsName, err))
	}
	return t
})

// DefaultTaxonomy is the taxonomy embedded from data/skills.yaml, parsed once.
func DefaultTaxonomy() *Taxonomy { return defaultTaxonomy() }

// Skills returns the skills in file order (a copy).
func (t *Taxonomy) Skills() []Skill {
	out := make([]Skill, len(t.skills))
	copy(out, t.skills)
	return out
}

// Skill returns the skill with the canonical name.
func (t *Taxonomy) Skill(name string) (Skill, bool) {
	i, ok := t.byName[name]
	if !ok {
		return Skill{}, false
	}
	return t.skills[i], true
}

// Names returns the canonical names, sorted.
func (t *Taxonomy) Names() []string {
	out := make([]string, 0, len(t.skills))
	for _, s := range t.skills {
		out = append(out, s.Name)
	}
	sort.Strings(out)
	return out
}

// Canonical maps a term (a canonical name, an alias or an ambiguous
// spelling, in any case or width, with or without a version suffix) to the
// canonical skill name: "Golang"→"go", "k8s"→"kubernetes", "C++"→"cpp",
// "Ｊａｖａ８"→"java". It does not judge context: "Go" maps to "go".
func (t *Taxonomy) Canonical(term string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(normalize.FoldWidth(term)))
	if i, ok := t.byTerm[k]; ok {
		return t.skills[i].Name, true
	}
	// A version suffix: "java8", "python3.10", "go1.21".
	v := strings.TrimRight(k, "0123456789.")
	if v != k && v != "" {
		if i, ok := t.byTerm[v]; ok && t.skills[i].Versions {
			return t.skills[i].Name, true
		}
	}
	return "", false
}

// Version identifies the taxonomy data and the tagging rules together: it
// changes whenever the taxonomy file's bytes or RulesVersion change.
func (t *Taxonomy) Version() string { return t.version }
