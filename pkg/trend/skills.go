package trend

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// How a skill's requirements evolve: among the postings that mention it
// (Go), the share that also mention each other skill, per year, compared
// by the same rules as the trend (inside datasets, on common months, with
// intervals clustered by company). A dataset selected on the skill itself
// belongs here — a "golang" search is exactly the population of Go
// postings — but a dataset selected on the other skill does not: a search
// for "kubernetes" would make every one of its Go postings ask for it.

// CoSkill is one other skill's share among the postings with the skill.
type CoSkill struct {
	Skill    string     `json:"skill"`
	Category string     `json:"category"`
	Postings int        `json:"postings"` // postings with both skills, all years
	Share    float64    `json:"share"`    // of all postings with the skill, all years
	Years    []YearStat `json:"years"`    // total: postings with the skill; matched: with both
	// Datasets are the same shares inside each dataset, the series a
	// reader can compare across years: the pooled Years mix datasets
	// that come and go.
	Datasets []Platform `json:"datasets"`
	Trend    Trend      `json:"trend"`
}

// SkillsReport is `analyze skills --with SKILL`.
type SkillsReport struct {
	With     string     `json:"with"`
	Years    []YearStat `json:"years"` // postings with the skill per year (total); matched is the same
	Skills   []CoSkill  `json:"skills"`
	Rising   []string   `json:"rising"`  // co-skills whose share rises within datasets, fastest first
	Falling  []string   `json:"falling"` // and falls
	Sources  []Source   `json:"sources"`
	Warnings []string   `json:"warnings"`
	Method   Method     `json:"method"`
}

// CoSkillStore is what CoSkills reads.
type CoSkillStore interface {
	datasetStore
	shareCounter
	CoSkillCells(ctx context.Context, with string, f store.Filter) ([]store.CoSkillCell, error)
}

// CoSkills computes how the other skills asked for beside opts.Skill
// evolve; top limits the list to the skills most often asked for (0: 20).
func CoSkills(ctx context.Context, st CoSkillStore, opts Options, top int) (*SkillsReport, error) {
	facts, err := readDatasetFacts(ctx, st)
	if err != nil {
		return nil, err
	}
	return coSkills(ctx, st, facts, opts, top)
}

// coSkills is CoSkills on dataset facts already read.
func coSkills(ctx context.Context, st CoSkillStore, facts *datasetFacts, opts Options, top int) (*SkillsReport, error) {
	opts.defaults()
	if top <= 0 {
		top = 20
	}
	if opts.From != 0 && opts.To != 0 && opts.From > opts.To {
		return nil, fmt.Errorf("year range %d–%d is empty", opts.From, opts.To)
	}
	r := &SkillsReport{With: opts.Skill, Years: []YearStat{}, Skills: []CoSkill{}, Rising: []string{}, Falling: []string{},
		Sources: []Source{}, Warnings: []string{}}
	r.Method = Method{Generated: opts.Now().UTC(), TaggerVersion: opts.TaggerVersion, MinPostings: opts.MinPostings,
		Sources: opts.Sources, Datasets: opts.Datasets, Synthetic: opts.Synthetic}
	a := newAnalysis(facts, &opts)
	var names []string
	byID := map[int64]store.DatasetRecord{}
	for _, d := range a.sets {
		if a.inScope(d) && a.skills[d.ID][opts.Skill] > 0 {
			names = append(names, d.Name)
			byID[d.ID] = d
			r.Sources = append(r.Sources, Source{Source: d.Name, Platform: d.Platform, Frame: d.Frame, DateBasis: d.DateBasis,
				Postings: a.skills[d.ID][opts.Skill], SelectedOn: []string{}})
		}
	}
	if len(names) == 0 {
		return r, nil
	}
	f := store.Filter{From: opts.From, To: opts.To, Sources: opts.Sources, Datasets: names, Synthetic: opts.Synthetic}
	counts, err := a.shareCounts(ctx, st, opts.Skill, f, nil)
	if err != nil {
		return nil, err
	}
	base := counts.Cells
	co, err := st.CoSkillCells(ctx, opts.Skill, f)
	if err != nil {
		return nil, err
	}
	type cellKey struct {
		ds          int64
		year, month int
		company     string
	}
	// The population: postings with the skill, per cell.
	pop := map[cellKey]int{}
	var keys []cellKey
	for _, c := range base {
		if c.Matched == 0 {
			continue
		}
		k := cellKey{c.Dataset, c.Year, c.Month, c.Company}
		if _, ok := pop[k]; !ok {
			keys = append(keys, k)
		}
		pop[k] += c.Matched
	}
	slices.SortFunc(keys, func(x, y cellKey) int {
		return cmp.Or(cmp.Compare(x.ds, y.ds), cmp.Compare(x.year, y.year), cmp.Compare(x.month, y.month), cmp.Compare(x.company, y.company))
	})
	bySkill := map[string]map[cellKey]int{}
	totalBySkill := map[string]int{}
	for _, c := range co {
		if bySkill[c.Skill] == nil {
			bySkill[c.Skill] = map[cellKey]int{}
		}
		bySkill[c.Skill][cellKey{c.Dataset, c.Year, c.Month, c.Company}] += c.Matched
		totalBySkill[c.Skill] += c.Matched
	}
	popTotal := 0
	yearTotals := map[int]int{}
	for _, k := range keys {
		popTotal += pop[k]
		yearTotals[k.year] += pop[k]
	}
	for _, y := range sortedYears(yearTotals) {
		n := yearTotals[y]
		r.Years = append(r.Years, YearStat{Year: y, Total: n, Matched: n, Distinct: n, DistinctMatched: n})
	}
	if len(r.Years) > 0 {
		r.Method.From, r.Method.To = r.Years[0].Year, r.Years[len(r.Years)-1].Year
	}
	r.Method.Postings = popTotal

	skills := make([]string, 0, len(totalBySkill))
	for sk := range totalBySkill {
		skills = append(skills, sk)
	}
	slices.SortFunc(skills, func(x, y string) int {
		return cmp.Or(cmp.Compare(totalBySkill[y], totalBySkill[x]), cmp.Compare(x, y))
	})
	if len(skills) > top {
		skills = skills[:top]
	}
	for _, sk := range skills {
		var cells []store.Cell
		var pooled []store.Cell
		pooledAt := map[[2]any]int{}
		for _, k := range keys {
			d := byID[k.ds]
			if sel, _ := selection(d, sk, a.totals[d.ID], a.skills[d.ID][sk], opts.Taxonomy); sel {
				continue
			}
			c := store.Cell{Dataset: k.ds, Year: k.year, Month: k.month, Company: k.company, Total: pop[k], Matched: bySkill[sk][k]}
			cells = append(cells, c)
			pk := [2]any{k.year, k.company}
			if i, ok := pooledAt[pk]; ok {
				pooled[i].Total += c.Total
				pooled[i].Matched += c.Matched
			} else {
				pooledAt[pk] = len(pooled)
				pooled = append(pooled, store.Cell{Year: k.year, Company: k.company, Total: c.Total, Matched: c.Matched})
			}
		}
		byDS := buildShares(a.sets, cells, a.kc)
		years, warnings := a.pooledYears(pooled, byDS, nil, nil)
		for _, w := range warnings {
			// The population is the same for every co-skill; its warnings
			// are said once.
			if strings.HasPrefix(w, "The pooled level") && !slices.Contains(r.Warnings, w) {
				r.Warnings = append(r.Warnings, w)
			}
		}
		cs := CoSkill{Skill: sk, Postings: totalBySkill[sk], Years: years, Datasets: a.platforms(byDS, nil), Trend: a.trend(sk, byDS)}
		if cs.Datasets == nil {
			cs.Datasets = []Platform{}
		}
		if s, ok := opts.Taxonomy.Skill(sk); ok {
			cs.Category = s.Category
		}
		if popTotal > 0 {
			cs.Share = round4(float64(totalBySkill[sk]) / float64(popTotal))
		}
		if cs.Years == nil {
			cs.Years = []YearStat{}
		}
		r.Skills = append(r.Skills, cs)
	}
	var rising, falling []CoSkill
	for _, cs := range r.Skills {
		switch cs.Trend.Direction {
		case Rising:
			rising = append(rising, cs)
		case Falling:
			falling = append(falling, cs)
		}
	}
	slices.SortFunc(rising, func(x, y CoSkill) int { return cmp.Compare(*y.Trend.SlopePP, *x.Trend.SlopePP) })
	slices.SortFunc(falling, func(x, y CoSkill) int { return cmp.Compare(*x.Trend.SlopePP, *y.Trend.SlopePP) })
	for _, cs := range rising {
		r.Rising = append(r.Rising, cs.Skill)
	}
	for _, cs := range falling {
		r.Falling = append(r.Falling, cs.Skill)
	}
	for _, y := range r.Years {
		if y.Total < opts.MinPostings {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d has %d postings with %s: fewer than %d, no shares that year.",
				y.Year, y.Total, opts.Skill, opts.MinPostings))
		}
	}
	return r, nil
}
