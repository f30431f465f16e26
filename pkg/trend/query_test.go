package trend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
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
