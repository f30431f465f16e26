package trend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// companyStore answers a query with a fixed list of companies.
type companyStore struct{ cc []store.CompanyCount }

func (c companyStore) MatchYears(context.Context, store.Match, store.Filter) ([]store.YearCount, error) {
	return []store.YearCount{{Year: 2024, Source: "a", Total: 100, Matched: 50}}, nil
}
func (c companyStore) MatchCompanies(context.Context, store.Match, store.Filter) ([]store.CompanyCount, error) {
	return c.cc, nil
}
func (c companyStore) MatchExamples(context.Context, store.Match, store.Filter, int) ([]store.Example, error) {
	return []store.Example{}, nil
}
func (c companyStore) CompaniesLike(context.Context, string, int) ([]store.CompanyCount, error) {
	return nil, nil
}

// TestQueryCompaniesTies: the employers listed are those of the whole
// ranking (names merged, most matches first, display name breaking ties)
// cut to the number asked, though only the employers that can make the
// list get a display name: many ties at the last place, and names that
// merge (ByteDance, 北京字节跳动科技有限公司) or sort differently once
// cleaned.
func TestQueryCompaniesTies(t *testing.T) {
	names := []string{"ByteDance", "北京字节跳动科技有限公司", "字节跳动", "腾讯科技（深圳）有限公司", "Tencent",
		"阿里巴巴", "上海阿里巴巴网络技术有限公司", "某大型互联网公司", ""}
	for i := range 40 {
		names = append(names, fmt.Sprintf("公司%02d有限公司", 40-i), fmt.Sprintf("Zeta %d Inc.", i), fmt.Sprintf("北京 Acme%d", i))
	}
	term, err := skill.DefaultSearcher().ParseTerm("golang")
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 3))
		var cc []store.CompanyCount
		for _, n := range names {
			if r.IntN(3) > 0 {
				m := 1 + r.IntN(3)
				cc = append(cc, store.CompanyCount{Company: n, Matched: m, Postings: m})
			}
		}
		for _, top := range []int{1, 3, 10, 1000} {
			res, err := Query(context.Background(), companyStore{cc}, []skill.Term{term}, QueryOptions{Companies: top})
			if err != nil {
				t.Fatal(err)
			}
			if want := rankAll(cc, top); !slices.Equal(res.Companies, want) {
				t.Fatalf("seed %d, top %d:\n got %v\nwant %v", seed, top, res.Companies, want)
			}
		}
	}
}

// rankAll names and ranks every employer (topEmployers with no cut-off),
// then keeps the first top: the plain way.
func rankAll(cc []store.CompanyCount, top int) []CompanyMatches {
	out := topEmployers(cc, 0)
	return out[:min(top, len(out))]
}

// The results of a search for the skill (every posting matches) sit in
// 2021 beside a census at 20%: pooled, the query would say 52%. It must
// leave the search out of the yearly shares (keeping its own series), give
// no share to a year of a handful of postings, and name the sources that
// come and go in the years with a share.
func TestQuerySharesLeaveOutASelectionOnTheTerms(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2019, 2023), 300, 60)},
		{name: "golang-search", years: map[int]yearSpec{2021: {n: 200, k: 200}}},
		{name: "tiny", years: map[int]yearSpec{2024: {n: 4, k: 3}}},
		{name: "other", years: map[int]yearSpec{2022: {n: 60, k: 6}}},
	})
	term, err := skill.DefaultSearcher().ParseTerm("go")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Query(context.Background(), s, []skill.Term{term}, QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	y, _ := yearOfStats(r.Years, 2021)
	if y.Total != 300 || y.Share == nil || *y.Share != 0.2 {
		t.Errorf("2021 pooled: %d postings, share %v; want the census's 300 at 20%%", y.Total, y.Share)
	}
	var search *Platform
	for i := range r.Platforms {
		if r.Platforms[i].Source == "golang-search" {
			search = &r.Platforms[i]
		}
	}
	if search == nil || len(search.Years) != 1 || search.Years[0].Matched != 200 {
		t.Errorf("the search's own series is gone: %+v", r.Platforms)
	}
	if y, _ := yearOfStats(r.Years, 2024); y.Share != nil || y.Note == "" {
		t.Errorf("2024 has 4 postings and a share: %+v", y)
	}
	w := fmt.Sprint(r.Warnings)
	for _, want := range []string{"Source golang-search is left out of the yearly shares: 200 of its 200 postings match",
		"(2022 adds other; 2023 drops other)", "Too few postings for a share (fewer than 30): 2024 (4 postings)"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q: %s", want, w)
		}
	}
	// When only the search matches, the query found postings: no "nothing
	// matched" hints.
	s2 := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2020, 2022), 300, 0)},
		{name: "golang-search", years: map[int]yearSpec{2021: {n: 100, k: 100}}},
	})
	if r2, err := Query(context.Background(), s2, []skill.Term{term}, QueryOptions{}); err != nil || len(r2.Hints) > 0 {
		t.Errorf("matches only in a left-out source: hints %q, %v", r2.Hints, err)
	}
	// Asked for the search alone, the query keeps it, and says what it is.
	r, err = Query(context.Background(), s, []skill.Term{term}, QueryOptions{Sources: []string{"golang-search"}})
	if err != nil {
		t.Fatal(err)
	}
	if y, _ := yearOfStats(r.Years, 2021); y.Total != 200 || !strings.Contains(fmt.Sprint(r.Warnings), "a selection on the terms") {
		t.Errorf("the search alone: %+v, warnings %q", r.Years, r.Warnings)
	}
}
