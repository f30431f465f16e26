package dedup

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestTemplatePosters(t *testing.T) {
	var m []Membership
	add := func(company string, clusters ...int64) {
		for _, c := range clusters {
			m = append(m, Membership{Cluster: c, Company: company})
		}
	}
	// A template mill: 4 ads, 3 of them in clusters with 3+ other names.
	add("mill", 1, 2, 3, 100)
	// The names its templates also appear under.
	for _, other := range []string{"a", "b", "c"} {
		add(other, 1, 2, 3)
	}
	// An employer whose one ad a headhunter copied, and who posts 5 of its own.
	add("employer", 10, 11, 12, 13, 14, 15)
	add("headhunter", 10)
	// Too few postings to judge, though all are spread.
	add("tiny", 1, 2)
	// Unknown companies are ignored and never count as another name.
	add("", 10, 10, 10)

	got := TemplatePosters(m, DefaultTemplateRule)
	names := map[string]TemplatePoster{}
	for _, p := range got {
		names[p.Company] = p
	}
	p, ok := names["mill"]
	if !ok {
		t.Fatalf("mill not flagged: %+v", got)
	}
	if p.Postings != 4 || p.Spread != 3 || p.Others != 4 || p.Share != 0.75 {
		t.Errorf("mill: %+v, want 4 postings, 3 spread, 4 others (a, b, c, tiny), share 0.75", p)
	}
	for _, name := range []string{"employer", "headhunter", "tiny", ""} {
		if _, ok := names[name]; ok {
			t.Errorf("%q flagged", name)
		}
	}
	// a, b, c each have all 3 postings spread: they are flagged too, and
	// come after the mill only by name (same Spread).
	if len(got) != 4 || got[0].Company != "a" {
		t.Errorf("order: %+v", got)
	}
	if len(TemplatePosters(nil, DefaultTemplateRule)) != 0 {
		t.Error("no postings, but posters")
	}
}

// Counting the unshared postings from totals gives what the full list
// gives.
func TestTemplatePostersOfTotals(t *testing.T) {
	full := []Membership{{1, "a"}, {1, "b"}, {1, "c"}, {1, "d"}, {2, "a"}, {3, "a"}, {4, "b"}}
	shared := full[:4]
	totals := map[string]int{"a": 3, "b": 2, "c": 1, "d": 1}
	rule := TemplateRule{MinOthers: 3, MinShare: 0.3, MinPostings: 1}
	want := fmt.Sprint(TemplatePosters(full, rule))
	if got := fmt.Sprint(TemplatePostersOf(shared, totals, rule)); got != want {
		t.Errorf("TemplatePostersOf = %s, want %s", got, want)
	}
}

// naiveTemplatePosters is the definition, written plainly: per posting,
// every other name of its cluster.
func naiveTemplatePosters(postings []Membership, rule TemplateRule) map[string]TemplatePoster {
	names := map[int64]map[string]bool{}
	for _, p := range postings {
		if p.Company != "" {
			if names[p.Cluster] == nil {
				names[p.Cluster] = map[string]bool{}
			}
			names[p.Cluster][p.Company] = true
		}
	}
	total, spread, others := map[string]int{}, map[string]int{}, map[string]map[string]bool{}
	for _, p := range postings {
		if p.Company == "" {
			continue
		}
		total[p.Company]++
		if len(names[p.Cluster])-1 >= rule.MinOthers {
			spread[p.Company]++
			if others[p.Company] == nil {
				others[p.Company] = map[string]bool{}
			}
			for o := range names[p.Cluster] {
				if o != p.Company {
					others[p.Company][o] = true
				}
			}
		}
	}
	out := map[string]TemplatePoster{}
	for c, n := range total {
		share := float64(spread[c]) / float64(n)
		if n >= max(rule.MinPostings, 1) && spread[c] > 0 && share >= rule.MinShare {
			out[c] = TemplatePoster{Company: c, Postings: n, Spread: spread[c], Share: share, Others: len(others[c])}
		}
	}
	return out
}

// TestTemplatePostersAgainstDefinition: random memberships (companies in
// one cluster, in several, unknown names) give what the plain definition
// gives.
func TestTemplatePostersAgainstDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	rule := TemplateRule{MinOthers: 2, MinShare: 0.3, MinPostings: 2}
	for round := range 200 {
		var m []Membership
		for range 1 + rng.IntN(300) {
			c := ""
			if rng.IntN(10) > 0 {
				c = fmt.Sprintf("c%d", rng.IntN(30))
			}
			m = append(m, Membership{Cluster: int64(rng.IntN(25)), Company: c})
		}
		want := naiveTemplatePosters(m, rule)
		got := TemplatePosters(m, rule)
		if len(got) != len(want) {
			t.Fatalf("round %d: %d companies flagged, want %d", round, len(got), len(want))
		}
		for _, p := range got {
			if w := want[p.Company]; p != w {
				t.Fatalf("round %d: %+v, want %+v", round, p, w)
			}
		}
	}
}

// BenchmarkTemplatePostersGiantCluster: near-duplicates joining a large
// share of a store into one cluster under thousands of names (a corpus
// synthesized from a few thousand real ads, or one template reposted
// everywhere) must cost in proportion to the postings.
func BenchmarkTemplatePostersGiantCluster(b *testing.B) {
	var m []Membership
	for i := range 200000 {
		m = append(m, Membership{Cluster: int64(i % 3), Company: fmt.Sprintf("c%d", i%5000)})
	}
	b.ResetTimer()
	for range b.N {
		TemplatePosters(m, DefaultTemplateRule)
	}
}
