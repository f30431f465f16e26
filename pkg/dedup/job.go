package dedup

import "strings"

// NearExact is the estimated containment at and above which one text is a
// near-exact copy of the other. A repost copies the ad: it may add a
// header or a benefits paragraph (containment stays near 1) or reword a
// line; one reworded line of a dozen costs about a tenth of the shorter
// text's shingles. Two ads that share boilerplate but differ in two or
// more lines of duties or requirements fall below it.
const NearExact = 0.90

// Job is a posting with the fields beside its text that tell jobs apart
// when the text does not.
type Job struct {
	Sketch Sketch
	// City is the posting's city, normalized to the city alone
	// (normalize.City: "上海·徐汇区" → "上海"); "" when unknown.
	City string
	// Salary is the pay as the store keeps it ("15-30K·16薪",
	// "150-200元/天") or as a poster wrote it ("20k-40k", "1.5-2万",
	// "年薪40-90万"); "" or an unreadable text ("面议") is unknown.
	Salary string
}

// SameJob reports whether two postings are the same job. It holds when
// Same holds for their sketches and neither of two rules separates them:
//
//   - City team: their cities are both known and differ, and one of the
//     texts places its post in its own city — it names that city and no
//     other — while the other text does not name that city.
//   - Pay: their pay ranges are both known, of one period, and apart, and
//     neither text is a near-exact copy of the other (estimated
//     containment below NearExact).
//
// Unknown fields never separate two postings: SameJob of two Jobs without
// City and Salary is Same.
func SameJob(a, b Job) bool {
	fa, fb := pairFacts(a, b)
	return sameJob(&a.Sketch, &b.Sketch, &fa, &fb, NearExact)
}

// pairFacts reads the fields of two Jobs, numbering their cities.
func pairFacts(a, b Job) (facts, facts) {
	fa, fb := jobFacts(a), jobFacts(b)
	switch {
	case fa.city == 0 || fb.city == 0:
	case canonCity(a.City) == canonCity(b.City):
		fb.city = fa.city
	default:
		fb.city = fa.city + 1
	}
	return fa, fb
}

// facts are the fields SameJob reads besides the sketch, in the compact
// form a Clusterer keeps per posting.
type facts struct {
	city uint32 // 0 unknown; equal numbers are equal cities
	gaz  uint16 // gazetteer number of the city, 0 when not listed
	pay  payRange
}

// jobFacts reads a Job's fields; city is 1 when known, for the caller to
// renumber.
func jobFacts(j Job) facts {
	var f facts
	if c := canonCity(j.City); c != "" {
		f.city = 1
		f.gaz = cityOf(c)
	}
	f.pay = parsePay(j.Salary)
	return f
}

// canonCity trims a city field; "全国" (nationwide) and "远程" (remote)
// are no city.
func canonCity(s string) string {
	s = strings.TrimSpace(s)
	switch s {
	case "全国", "不限", "远程", "异地招聘":
		return ""
	}
	return s
}

// sameJob is SameJob with the near-exact level as a parameter, so that
// the tests can show how the decision depends on it.
func sameJob(a, b *Sketch, fa, fb *facts, nearExact float64) bool {
	job, _ := sameJobText(a, b, fa, fb, nearExact)
	return job
}

// sameJobText returns SameJob and Same.
func sameJobText(a, b *Sketch, fa, fb *facts, nearExact float64) (job, text bool) {
	c, ok := sameText(a, b)
	if !ok {
		return false, false
	}
	if fa.city != 0 && fb.city != 0 && fa.city != fb.city && (placedAt(a, fa, b) || placedAt(b, fb, a)) {
		return false, true
	}
	return c >= nearExact || !fa.pay.apart(fb.pay), true
}

// placedAt reports whether x's text names its own city and no other while
// y's text does not name that city (it names none, or one other). When y
// names several cities it may list x's among them, so nothing is decided.
func placedAt(x *Sketch, fx *facts, y *Sketch) bool {
	return fx.gaz != 0 && x.place == fx.gaz && y.place != fx.gaz && y.place != severalPlaces
}
