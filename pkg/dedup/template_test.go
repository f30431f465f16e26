package dedup

import (
	"fmt"
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
