package dedup

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGazetteer(t *testing.T) {
	if len(cities) >= int(severalPlaces) {
		t.Fatalf("%d cities do not fit the place field", len(cities))
	}
	for _, a := range cities {
		if utf8.RuneCountInString(a) < 2 {
			t.Errorf("%q: a one-character name would match inside words", a)
		}
		// The scan takes the first name that matches at a position; a
		// name that begins another would hide it.
		for _, b := range cities {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("%q begins %q", a, b)
			}
		}
	}
}

func TestPlaceOf(t *testing.T) {
	num := func(c string) uint16 {
		n := cityOf(c)
		if n == 0 {
			t.Fatalf("%s not in the gazetteer", c)
		}
		return n
	}
	jiaxing := realRow(t, "51JOB_152924965") // "*本岗位就职于研究院嘉兴分院"
	shanghai := realRow(t, "LAGOU_11934567") // the same ad, the Shanghai post
	for _, tc := range []struct {
		title, desc string
		want        uint16
	}{
		{jiaxing.title, jiaxing.description, num("嘉兴")},
		{shanghai.title, shanghai.description, noPlace},
		{"Java开发（苏州）", "", num("苏州")},
		{"", "工作地址：湖北省武汉市江夏区九峰三路；武汉光谷", num("武汉")},
		{"", "工作地点：北京、上海、深圳均有岗位", severalPlaces},
		{"前端（上海）", "base北京", severalPlaces},
		{"", "base上海", num("上海")},
		{"", "张家港保税区", num("张家港")},
		{"", "午餐三明治，大同小异，营口碑", noPlace}, // names left out of the gazetteer
		{"", "上", noPlace},
		{"", "\xe4\xb8", noPlace},
	} {
		if got := placeOf(tc.title, tc.desc); got != tc.want {
			t.Errorf("placeOf(%q, %.40q) = %d, want %d", tc.title, tc.desc, got, tc.want)
		}
	}
	for in, want := range map[string]string{"上海": "上海", "上海市": "上海", "红河州": "红河", "喀什地区": "喀什", "雄安新区": "雄安"} {
		if got := cityOf(in); got != cityOf(want) || got == 0 {
			t.Errorf("cityOf(%q) = %d, want %s's %d", in, got, want, cityOf(want))
		}
	}
	for _, in := range []string{"", "通州", "全国", "Singapore"} {
		if got := cityOf(in); got != 0 {
			t.Errorf("cityOf(%q) = %d (%s), want 0", in, got, cities[got-1])
		}
	}
}

func TestParsePay(t *testing.T) {
	for _, tc := range []struct {
		in     string
		lo, hi float32
		per    uint8
	}{
		{"15-30K·16薪", 15000, 30000, perMonth},
		{"15-30K", 15000, 30000, perMonth},
		{"0.8-1.2K", 800, 1200, perMonth},
		{"150-200元/天", 150, 200, perDay},
		{"150-200", 150, 200, perDay},
		{"15000-25000元/月", 15000, 25000, perMonth},
		{"15,000 - 25,000", 15000, 25000, perMonth},
		{"20k-40k*13-15 薪", 20000, 40000, perMonth},
		{"1.5-2万", 15000, 20000, perMonth},
		{"8千-1.2万", 8000, 12000, perMonth},
		{"40-90万", 400000, 900000, perYear},
		{"年薪 40~60 万", 400000, 600000, perYear},
		{"年薪范围: 15-40万*12薪", 150000, 400000, perYear},
		{"15K", 15000, 15000, perMonth},
		{"15K以上", 15000, maxPay, perMonth},
		{"300元/天", 300, 300, perDay},
		{"50-80元/小时", 50, 80, perHour},
		{"9-10k/月 13薪", 9000, 10000, perMonth},
		{"16薪，20-30K", 20000, 30000, perMonth},
		{"25-50K(可谈)", 25000, 50000, perMonth},
		{"月base 20K-40K，年终与个人绩效挂钩", 20000, 40000, perMonth},
		{"20-30K，每天8小时", 20000, 30000, perMonth},
	} {
		got := parsePay(tc.in)
		if got != (payRange{tc.lo, tc.hi, tc.per}) {
			t.Errorf("parsePay(%q) = %+v, want %v-%v per %d", tc.in, got, tc.lo, tc.hi, tc.per)
		}
	}
	for _, in := range []string{"", "面议", "薪资面议", "30-15K", "$3000-5000", "USD 4,000 – 8,000", "0-0", "16薪", "高薪+18薪制", "13-15 薪"} {
		if got := parsePay(in); got.known() {
			t.Errorf("parsePay(%q) = %+v, want unknown", in, got)
		}
	}
	for _, tc := range []struct {
		a, b  string
		apart bool
	}{
		{"15-30K", "20-40K", false},
		{"9-12K", "13-23K", true},
		{"8-12K", "12-15K", false}, // ranges that touch are one band
		{"9001-17000", "12001-24000", false},
		{"5-10K", "10.4-15K", false}, // a gap under payGap
		{"150-200元/天", "15-20K", false},
		{"40-90万", "30-60K", false},
		{"", "15-20K", false},
	} {
		pa, pb := parsePay(tc.a), parsePay(tc.b)
		if pa.apart(pb) != tc.apart || pb.apart(pa) != tc.apart {
			t.Errorf("%q and %q: apart %v/%v, want %v", tc.a, tc.b, pa.apart(pb), pb.apart(pa), tc.apart)
		}
	}
}

// pairJobs returns the two postings of a labelled pair as Jobs.
func pairJobs(t *testing.T, a, b string) (Job, Job) {
	t.Helper()
	return pairJob(realRow(t, a)), pairJob(realRow(t, b))
}

// TestSameJobCityTeam builds the case the text cannot decide: one
// institute's ad for its Shanghai post and for its Jiaxing branch, which
// only the Jiaxing copy names (pair 84). Same joins them; their cities
// and the Jiaxing text's naming its own city separate them. An ad posted
// unchanged for two cities (pair 18) and an agency template whose one copy
// lists many cities and the other only its own (pair 87) stay one job, so
// a rule on the city field alone would fail them.
func TestSameJobCityTeam(t *testing.T) {
	sh, jx := pairJobs(t, "LAGOU_11934567", "51JOB_152924965")
	if sh.City != "上海" || jx.City != "嘉兴" {
		t.Fatalf("cities %q %q, want 上海 嘉兴", sh.City, jx.City)
	}
	if !Same(sh.Sketch, jx.Sketch) {
		t.Fatal("the two texts are no longer Same: the case is gone")
	}
	if SameJob(sh, jx) || SameJob(jx, sh) {
		t.Error("the Shanghai post and the Jiaxing branch are SameJob")
	}
	if !SameJob(Job{Sketch: sh.Sketch}, Job{Sketch: jx.Sketch}) {
		t.Error("without cities SameJob differs from Same")
	}
	if !SameJob(Job{Sketch: sh.Sketch, City: "上海"}, Job{Sketch: jx.Sketch, City: "全国"}) {
		t.Error("a nationwide posting was taken for another city")
	}

	for _, p := range [][2]string{{"51JOB_158755215", "51JOB_158755143"}, {"51JOB_158868162", "51JOB_158903744"}} {
		a, b := pairJobs(t, p[0], p[1])
		if a.City == "" || b.City == "" || a.City == b.City {
			t.Fatalf("%s/%s: cities %q %q, want two known cities", p[0], p[1], a.City, b.City)
		}
		if !Same(a.Sketch, b.Sketch) || !SameJob(a, b) || !SameJob(b, a) {
			t.Errorf("%s (%s) and %s (%s): Same %v, SameJob %v; one ad for two cities is one job",
				p[0], a.City, p[1], b.City, Same(a.Sketch, b.Sketch), SameJob(a, b))
		}
	}
}

// TestSameJobPay: two firms whose ads share boilerplate but not their
// duties, at pay bands apart (pair 153), are two jobs; one firm's ad
// reposted unchanged at higher pay (pair 121) stays one.
func TestSameJobPay(t *testing.T) {
	a, b := pairJobs(t, "51JOB_158914579", "51JOB_159045130")
	if !Same(a.Sketch, b.Sketch) || Containment(a.Sketch, b.Sketch) >= NearExact {
		t.Fatalf("Same %v, containment %.2f: the case is gone", Same(a.Sketch, b.Sketch), Containment(a.Sketch, b.Sketch))
	}
	if SameJob(a, b) {
		t.Errorf("boilerplate-sharing ads at %s and %s are SameJob", a.Salary, b.Salary)
	}
	if !SameJob(Job{Sketch: a.Sketch, City: a.City}, Job{Sketch: b.Sketch, City: b.City}) {
		t.Error("without pay the pair should be left to Same")
	}

	c, d := pairJobs(t, "51JOB_139916205", "51JOB_150025066")
	if !parsePay(c.Salary).apart(parsePay(d.Salary)) {
		t.Fatalf("pay %q and %q no longer apart", c.Salary, d.Salary)
	}
	if !SameJob(c, d) {
		t.Errorf("a near-exact repost at new pay (%s → %s, containment %.2f) is not SameJob", c.Salary, d.Salary, Containment(c.Sketch, d.Sketch))
	}
}

// jobPostings returns testdata/postings.csv as Postings with city and
// pay, numbered like realPostings.
func jobPostings(t *testing.T) ([]Posting, map[string]int64) {
	t.Helper()
	rows := readPostings(t, filepath.Join("testdata", "postings.csv"))
	ps, num := realPostings(t)
	byNum := make(map[int64]string, len(num))
	for id, n := range num {
		byNum[n] = id
	}
	for i := range ps {
		j := pairJob(rows[byNum[ps[i].ID]])
		ps[i].City, ps[i].Salary = j.City, j.Salary
	}
	return ps, num
}

// TestClusterJobs: with city and pay the clusterer joins only SameJob
// pairs: every labelled pair SameJob accepts shares a cluster; a city
// team (pair 135: one firm's ad for Shenzhen and, naming its Wuhan
// office, for Wuhan) and the boilerplate pair above do not; and the
// clusters still do not depend on the order or the batches postings come
// in. A cluster is a connected component, so a third posting SameJob with
// both can still bring two postings together: the Jiaxing branch and the
// Shanghai post of pair 84 meet through the lab's ad under its other
// legal name, which names no city (pair 147).
func TestClusterJobs(t *testing.T) {
	ps, num := jobPostings(t)
	c := clusterAll(t, nil, ps, 128)
	rows := readPostings(t, filepath.Join("testdata", "postings.csv"))
	for _, p := range readPairs(t, filepath.Join("testdata", "pairs.tsv")) {
		a, b := pairJob(rows[p.a]), pairJob(rows[p.b])
		if sharesBand(&a.Sketch, &b.Sketch) && SameJob(a, b) {
			ca, _ := c.Cluster(num[p.a])
			cb, _ := c.Cluster(num[p.b])
			if ca != cb {
				t.Errorf("pair %d is SameJob but clustered apart", p.n)
			}
		}
	}
	textOnly, _ := realPostings(t)
	plain := clusterAll(t, nil, textOnly, 128)
	for _, p := range [][2]string{{"51JOB_158037402", "51JOB_157670997"}, {"51JOB_158914579", "51JOB_159045130"}} {
		ca, _ := c.Cluster(num[p[0]])
		cb, _ := c.Cluster(num[p[1]])
		if ca == cb {
			t.Errorf("%s and %s share cluster %d with city and pay", p[0], p[1], ca)
		}
		pa, _ := plain.Cluster(num[p[0]])
		pb, _ := plain.Cluster(num[p[1]])
		if pa != pb {
			t.Errorf("%s and %s are apart by text alone: the case is gone", p[0], p[1])
		}
	}
	bridge := []int64{num["LAGOU_11934567"], num["51JOB_152924965"], num["51JOB_151543266"]}
	cl := make([]int64, len(bridge))
	for i, id := range bridge {
		cl[i], _ = c.Cluster(id)
	}
	t.Logf("pair 84 in clusters %d and %d, the bridging posting in %d", cl[0], cl[1], cl[2])
	if c.Clusters() <= plain.Clusters() {
		t.Errorf("%d clusters with city and pay, %d by text: the rules separated nothing", c.Clusters(), plain.Clusters())
	}
	t.Logf("%d postings: %d clusters by text, %d with city and pay", len(ps), plain.Clusters(), c.Clusters())

	want := assignment(c)
	shuffled := slices.Clone(ps)
	slices.Reverse(shuffled)
	if got := assignment(clusterAll(t, NewClusterer(0), shuffled, 37)); !mapsEqual(got, want) {
		t.Error("another order changed the clusters")
	}
	inc := clusterAll(t, nil, ps[:len(ps)/2], 64)
	if got := assignment(clusterAll(t, inc, ps[len(ps)/2:], 500)); !mapsEqual(got, want) {
		t.Error("adding in two passes changed the clusters")
	}
}

// TestSameJobWithoutFieldsIsSame: on every labelled pair, Jobs without
// city and pay decide as Same.
func TestSameJobWithoutFieldsIsSame(t *testing.T) {
	rows := readPostings(t, filepath.Join("testdata", "postings.csv"))
	for _, p := range readPairs(t, filepath.Join("testdata", "pairs.tsv")) {
		a := SketchOf(rows[p.a].title, rows[p.a].description)
		b := SketchOf(rows[p.b].title, rows[p.b].description)
		if SameJob(Job{Sketch: a}, Job{Sketch: b}) != Same(a, b) {
			t.Errorf("pair %d: SameJob without fields %v, Same %v", p.n, !Same(a, b), Same(a, b))
		}
	}
}
