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
	byCluster := make(map[int64]map[string]struct{})
	for _, p := range postings {
		if p.Company == "" {
			continue
		}
		set := byCluster[p.Cluster]
		if set == nil {
			set = make(map[string]struct{}, 1)
			byCluster[p.Cluster] = set
		}
		set[p.Company] = struct{}{}
	}
	type acc struct {
		postings, spread int
		others           map[string]struct{}
	}
	byCompany := make(map[string]*acc)
	for _, p := range postings {
		if p.Company == "" {
			continue
		}
		a := byCompany[p.Company]
		if a == nil {
			a = &acc{others: map[string]struct{}{}}
			byCompany[p.Company] = a
		}
		a.postings++
		set := byCluster[p.Cluster]
		if len(set)-1 < rule.MinOthers {
			continue
		}
		a.spread++
		for other := range set {
			if other != p.Company {
				a.others[other] = struct{}{}
			}
		}
	}
	var out []TemplatePoster
	for name, a := range byCompany {
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
		out = append(out, TemplatePoster{Company: name, Postings: a.postings, Spread: a.spread, Share: share, Others: len(a.others)})
	}
	slices.SortFunc(out, func(x, y TemplatePoster) int {
		return cmp.Or(cmp.Compare(y.Spread, x.Spread), cmp.Compare(x.Company, y.Company))
	})
	return out
}
