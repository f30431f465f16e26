package trend

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/skill"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// How a share is made comparable. A dataset is one body of postings
// collected one way (posting.Dataset); its sampling frame says what it can
// stand for. The rules, each a guard against a false verdict seen in real
// data:
//
//   - A dataset selected on the skill (a keyword search for it, or one
//     whose share is ≥ 80% over ≥ 30 postings) is left out of that skill's
//     shares: a "Golang" search has Go in every posting by construction.
//   - A change between two years is measured inside each dataset that
//     covers both, on the months both years cover (a partial year is
//     compared with the same months of the other), and the datasets'
//     changes are pooled with weights by their sizes. Datasets that exist
//     in only one of the years never make a change: two new platforms with
//     little Go joining in the last year are not a fall.
//   - A year needs MinPostings postings in a dataset to count there.
//   - The overall trend is a within-dataset slope: a linear probability
//     model of "mentions the skill" on the year with a fixed effect for
//     every dataset and month, so only differences inside one dataset and
//     one calendar month move it; its interval is clustered by company.
//   - Undated postings are in no year.

// Shares are the per-dataset numbers a comparison is built from.
type datasetShares struct {
	set   store.DatasetRecord
	years map[int]*dsYear
}

type dsYear struct {
	all    *clusters
	months [13]*clusters // by calendar month (1–12)
}

func (y *dsYear) observed() []int {
	var ms []int
	for m := 1; m <= 12; m++ {
		if y.months[m] != nil && y.months[m].total > 0 {
			ms = append(ms, m)
		}
	}
	return ms
}

// on returns the clusters of the year restricted to the months ms.
func (y *dsYear) on(ms []int) *clusters {
	out := newClusters()
	for _, m := range ms {
		if c := y.months[m]; c != nil {
			for k, t := range c.named {
				out.add(k, t.n, t.k)
			}
			out.loneN += c.loneN
			out.loneK += c.loneK
			out.total += c.loneN
			out.hits += c.loneK
		}
	}
	return out
}

// keyCache maps company names as written to their employer keys.
type keyCache map[string]string

func (kc keyCache) key(company string) string {
	k, ok := kc[company]
	if !ok {
		k = normalize.CompanyKey(company)
		kc[company] = k
	}
	return k
}

// buildShares groups the cells by dataset, year and month.
func buildShares(sets []store.DatasetRecord, cells []store.Cell, kc keyCache) map[int64]*datasetShares {
	byID := map[int64]store.DatasetRecord{}
	for _, s := range sets {
		byID[s.ID] = s
	}
	out := map[int64]*datasetShares{}
	for _, c := range cells {
		ds := out[c.Dataset]
		if ds == nil {
			ds = &datasetShares{set: byID[c.Dataset], years: map[int]*dsYear{}}
			out[c.Dataset] = ds
		}
		y := ds.years[c.Year]
		if y == nil {
			y = &dsYear{all: newClusters()}
			ds.years[c.Year] = y
		}
		key := kc.key(c.Company)
		y.all.add(key, c.Total, c.Matched)
		if c.Month >= 1 && c.Month <= 12 {
			if y.months[c.Month] == nil {
				y.months[c.Month] = newClusters()
			}
			y.months[c.Month].add(key, c.Total, c.Matched)
		}
	}
	return out
}

// selection says whether a dataset is selected on a skill, and why.
func selection(d store.DatasetRecord, skillName string, total, matched int, tax *skill.Taxonomy) (bool, string) {
	for _, term := range d.QueryTerms() {
		if c, ok := tax.Canonical(term); ok && c == skillName {
			return true, fmt.Sprintf("a search for %q: every posting was selected for naming %s", term, skillName)
		}
		for _, w := range strings.FieldsFunc(term, func(r rune) bool { return r == ' ' || r == '+' }) {
			if c, ok := tax.Canonical(w); ok && c == skillName {
				return true, fmt.Sprintf("a search for %q: every posting was selected for naming %s", term, skillName)
			}
		}
	}
	if total >= selectionMinPostings && float64(matched) >= selectionShare*float64(total) {
		return true, fmt.Sprintf("%s of its %s postings mention %s (≥ %.0f%%): a selection on the skill, not a sample of the market",
			Thousands(matched), Thousands(total), skillName, 100*selectionShare)
	}
	return false, ""
}

// Selection is judged on a dataset as a whole: a share this high over this
// many postings does not happen in a market sample.
const (
	selectionShare       = 0.8
	selectionMinPostings = 30
)

// newcombe is the 95% interval of p2 − p1 from the two shares' own
// intervals (Newcombe's hybrid score method, 1998), as half-widths below
// and above the difference.
func newcombe(p1, l1, u1, p2, l2, u2 float64) (down, up float64) {
	return math.Hypot(p2-l2, u1-p1), math.Hypot(u2-p2, p1-l1)
}

// comparison is one dataset's change between two years, on common months.
type comparison struct {
	dataset  string
	months   []int
	n1, n2   int
	diff     float64
	down, up float64
}

// compareYears measures the change from year a to year b inside one
// dataset, on the months both cover; ok is false when they share no month
// or either side has fewer than min postings there.
func compareYears(ds *datasetShares, a, b, min int) (comparison, bool) {
	ya, yb := ds.years[a], ds.years[b]
	if ya == nil || yb == nil {
		return comparison{}, false
	}
	months := intersect(ya.observed(), yb.observed())
	if len(months) == 0 {
		return comparison{}, false
	}
	ca, cb := ya.all, yb.all
	if len(months) < 12 {
		ca, cb = ya.on(months), yb.on(months)
	}
	if ca.total < min || cb.total < min {
		return comparison{}, false
	}
	p1, p2 := ca.share(), cb.share()
	l1, u1 := ca.interval()
	l2, u2 := cb.interval()
	down, up := newcombe(p1, l1, u1, p2, l2, u2)
	return comparison{dataset: ds.set.Name, months: months, n1: ca.total, n2: cb.total, diff: p2 - p1, down: down, up: up}, true
}

// pool combines datasets' changes, weighted by size (the harmonic mean of
// the two years' postings, a difference's effective size).
func pool(cs []comparison) (diff, lo, hi float64) {
	var sw, sd, sdown, sup float64
	for _, c := range cs {
		w := 1 / (1/float64(c.n1) + 1/float64(c.n2))
		sw += w
		sd += w * c.diff
		sdown += w * w * c.down * c.down
		sup += w * w * c.up * c.up
	}
	diff = sd / sw
	return diff, diff - math.Sqrt(sdown)/sw, diff + math.Sqrt(sup)/sw
}

func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// slope is the within-dataset trend: the least-squares slope of "mentions
// the skill" (0/1 per posting) on the year, with a fixed effect for every
// dataset and calendar month, from the years of each dataset with at least
// min postings; its variance is clustered by company (CR1) and its interval
// uses t with C−1 degrees of freedom.
type slopeResult struct {
	beta, lo, hi float64
	ok           bool
	companies    int
}

// minSlopeCompanies is the fewest companies a slope is judged on: a
// variance clustered by company estimated from a handful of companies is
// itself too uncertain to make a verdict.
const minSlopeCompanies = 20

type slopeCell struct {
	group   string // dataset and month
	year    int
	company string // employer key; "" for a posting of its own
	n, k    int
}

func fitSlope(cells []slopeCell) slopeResult {
	type agg struct{ w, wt, k float64 }
	groups := map[string]*agg{}
	for _, c := range cells {
		g := groups[c.group]
		if g == nil {
			g = &agg{}
			groups[c.group] = g
		}
		g.w += float64(c.n)
		g.wt += float64(c.n) * float64(c.year)
		g.k += float64(c.k)
	}
	var sxx, sxy float64
	for _, c := range cells {
		g := groups[c.group]
		x := float64(c.year) - g.wt/g.w
		sxx += float64(c.n) * x * x
		sxy += x * (float64(c.k) - float64(c.n)*g.k/g.w)
	}
	if sxx < 1e-9 {
		return slopeResult{}
	}
	beta := sxy / sxx
	scores := map[string]float64{}
	var lone float64
	loneN := 0
	for _, c := range cells {
		g := groups[c.group]
		x := float64(c.year) - g.wt/g.w
		fit := g.k/g.w + beta*x
		if c.company == "" {
			// Each posting is a cluster of its own: Σ (x·e)² over them.
			lone += x * x * (float64(c.k)*(1-fit)*(1-fit) + float64(c.n-c.k)*fit*fit)
			loneN += c.n
			continue
		}
		scores[c.company] += x * (float64(c.k) - float64(c.n)*fit)
	}
	C := len(scores) + loneN
	if C < minSlopeCompanies {
		return slopeResult{companies: C}
	}
	var ss float64
	for _, u := range scores {
		ss += u * u
	}
	ss += lone
	v := float64(C) / float64(C-1) * ss / (sxx * sxx)
	t := tQuantile(C - 1)
	se := math.Sqrt(v)
	return slopeResult{beta: beta, lo: beta - t*se, hi: beta + t*se, ok: true, companies: C}
}

// MonthSpan renders months as "Jan–Mar", "Jan, Jul" or "all year".
func MonthSpan(ms []int) string {
	if len(ms) == 12 {
		return "all year"
	}
	names := []string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	contiguous := len(ms) > 2
	for i := 1; i < len(ms); i++ {
		if ms[i] != ms[i-1]+1 {
			contiguous = false
		}
	}
	if contiguous {
		return names[ms[0]] + "–" + names[ms[len(ms)-1]]
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = names[m]
	}
	return strings.Join(parts, ", ")
}

// Thousands writes 12734 as 12,734.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Count writes n of a noun with a regular plural: "1 posting", "12,734
// postings".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}

func sortedYears[T any](m map[int]T) []int {
	ys := make([]int, 0, len(m))
	for y := range m {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}
