package dedup

import (
	"cmp"
	"slices"
)

// Membership is one posting's place: its cluster and its company key
// (normalize.CompanyKey of the company name; empty when unknown).
type Membership struct {
	Cluster int64
	Company string
}

// TemplateRule says when a company counts as posting other employers'
// templates.
type TemplateRule struct {
	// MinOthers is how many other company keys a cluster must span for
	// its postings to count as spread.
	MinOthers int
	// MinShare is the share of the company's postings that must lie in
	// spread clusters.
	MinShare float64
	// MinPostings is the smallest number of postings judged; fewer say
	// nothing.
	MinPostings int
}

// DefaultTemplateRule flags a company with at least 3 postings, half or
// more of them in clusters shared with at least 3 other company names.
// An employer whose ad a headhunter copies shares one cluster with one or
// two posters and has its other ads to itself; a template mill's ads sit
// in clusters with many names.
var DefaultTemplateRule = TemplateRule{MinOthers: 3, MinShare: 0.5, MinPostings: 3}

// TemplatePoster is a company flagged by TemplatePosters.
type TemplatePoster struct {
	Company  string
	Postings int     // the company's postings
	Spread   int     // of them, in clusters spanning ≥ MinOthers other companies
	Share    float64 // Spread / Postings
	Others   int     // distinct other companies in those clusters
}

// TemplatePosters returns the companies that post other employers'
// templates by the evidence of the clusters: most of their postings are
// near-duplicates of ads that appear under many other company names
// (staffing agencies, outsourcers, and the template mills that post one
// Java ad under dozens of firm names). It is the evidence-based
// complement of a name rule such as normalize.IsStaffingAgency, which
// misses agencies named like ordinary firms. Postings with an empty
// company key are ignored. The result is sorted by Spread, then name.
func TemplatePosters(postings []Membership, rule TemplateRule) []TemplatePoster {
	return TemplatePostersOf(postings, nil, rule)
}

// TemplatePostersOf is TemplatePosters when postings holds only the
// postings that share a cluster with another, and totals (company key →
// all its postings) counts the rest: a store reads the shared ones cheaply
// and knows each company's total anyway. A nil totals counts postings.
func TemplatePostersOf(postings []Membership, totals map[string]int, rule TemplateRule) []TemplatePoster {
	// Names become numbers and each cluster the sorted list of its names,
	// so that counting a company's other names is array work: per posting
	// and per name of its cluster, set inserts cost n·k for a cluster of n
	// postings under k names, minutes when near-duplicates join a large
	// share of a million postings.
	type pair struct {
		cluster int64
		name    int32
	}
	index := map[string]int32{}
	var names []string
	pairs := make([]pair, 0, len(postings))
	for _, p := range postings {
		if p.Company == "" {
			continue
		}
		id, ok := index[p.Company]
		if !ok {
			id = int32(len(names))
			index[p.Company] = id
			names = append(names, p.Company)
		}
		pairs = append(pairs, pair{p.Cluster, id})
	}
	slices.SortFunc(pairs, func(x, y pair) int { return cmp.Or(cmp.Compare(x.cluster, y.cluster), cmp.Compare(x.name, y.name)) })
	pairs = slices.Compact(pairs)
	members := map[int64][]pair{} // a cluster's distinct names, a run of pairs
	for i := 0; i < len(pairs); {
		j := i + 1
		for j < len(pairs) && pairs[j].cluster == pairs[i].cluster {
			j++
		}
		members[pairs[i].cluster] = pairs[i:j]
		i = j
	}
	spreadCluster := func(c int64) bool { return len(members[c])-1 >= rule.MinOthers }

	type acc struct {
		postings, spread int
		clusters         []int64 // spread clusters, each once
	}
	accs := make([]acc, len(names))
	for _, p := range postings {
		if p.Company == "" {
			continue
		}
		a := &accs[index[p.Company]]
		a.postings++
		if spreadCluster(p.Cluster) {
			a.spread++
		}
	}
	for _, pr := range pairs {
		if spreadCluster(pr.cluster) {
			accs[pr.name].clusters = append(accs[pr.name].clusters, pr.cluster)
		}
	}
	mark := make([]int32, len(names)) // the company whose count last saw a name, plus one
	others := func(id int32) int {
		a := &accs[id]
		if len(a.clusters) <= 1 {
			if len(a.clusters) == 0 {
				return 0
			}
			return len(members[a.clusters[0]]) - 1
		}
		n := 0
		for _, c := range a.clusters {
			for _, m := range members[c] {
				if mark[m.name] != id+1 {
					mark[m.name] = id + 1
					n++
				}
			}
		}
		return n - 1 // the company itself is in each of its clusters
	}
	var out []TemplatePoster
	for id, name := range names {
		a := &accs[id]
		if totals != nil {
			a.postings = max(a.postings, totals[name])
		}
		if a.postings < max(rule.MinPostings, 1) {
			continue
		}
		share := float64(a.spread) / float64(a.postings)
		if a.spread == 0 || share < rule.MinShare {
			continue
		}
		out = append(out, TemplatePoster{Company: name, Postings: a.postings, Spread: a.spread, Share: share, Others: others(int32(id))})
	}
	slices.SortFunc(out, func(x, y TemplatePoster) int {
		return cmp.Or(cmp.Compare(y.Spread, x.Spread), cmp.Compare(x.Company, y.Company))
	})
	return out
}
