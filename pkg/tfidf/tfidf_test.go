package tfidf

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

const eps = 1e-6

func TestIDFAndSublinearTF(t *testing.T) {
	idf := []struct {
		n, df int
		want  float64
	}{
		{4, 2, 1.510826},   // ln(5/3) + 1
		{4, 1, 1.916291},   // ln(5/2) + 1
		{9, 0, 3.302585},   // ln(10) + 1: an unseen term stays finite
		{9, 9, 1},          // in every document: ln(1) + 1, not zero
		{0, 0, 1},          // empty corpus
		{99, 49, 1.693147}, // ln(100/50) + 1
	}
	for _, c := range idf {
		if got := IDF(c.n, c.df); math.Abs(got-c.want) > eps {
			t.Errorf("IDF(%d, %d) = %.6f, want %.6f", c.n, c.df, got, c.want)
		}
	}
	tf := []struct {
		tf   int
		want float64
	}{
		{-3, 0},
		{0, 0},
		{1, 1},
		{3, 2.098612},  // 1 + ln 3
		{10, 3.302585}, // 1 + ln 10
	}
	for _, c := range tf {
		if got := SublinearTF(c.tf); math.Abs(got-c.want) > eps {
			t.Errorf("SublinearTF(%d) = %.6f, want %.6f", c.tf, got, c.want)
		}
	}
}

// smallCorpus: four documents, N = 4.
//
//	A: [go redis go]  [go kafka]     B: [java redis]     DF only: [java mysql]
//
// df: go 2, redis 2, java 2, kafka 1, mysql 1
// idf(df=2) = ln(5/3)+1 = 1.510826    idf(df=1) = ln(5/2)+1 = 1.916291
// group A: tf go 3, redis 1, kafka 1
//
//	w(go)    = (1+ln 3)·1.510826 = 2.098612·1.510826 = 3.170637
//	w(kafka) = 1·1.916291                            = 1.916291
//	w(redis) = 1·1.510826                            = 1.510826
//	‖w‖ = √(10.052940 + 3.672170 + 2.282594) = √16.007704 = 4.000963
//	scores: go 0.792469, kafka 0.478957, redis 0.377615
func smallCorpus() *Index {
	x := New()
	x.Add("A", []string{"go", "redis", "go"})
	x.Add("A", []string{"go", "kafka"})
	x.Add("B", []string{"java", "redis"})
	x.AddDF([]string{"java", "mysql"})
	return x
}

func TestTopKHandComputed(t *testing.T) {
	x := smallCorpus()
	cases := []struct {
		name  string
		group string
		k     int
		opt   Options
		want  []Keyword
	}{
		{"all terms", "A", 0, Options{}, []Keyword{
			{Term: "go", Score: 0.792469, Weight: 3.170637, Count: 3, DF: 2},
			{Term: "kafka", Score: 0.478957, Weight: 1.916291, Count: 1, DF: 1},
			{Term: "redis", Score: 0.377615, Weight: 1.510826, Count: 1, DF: 2},
		}},
		{"top 2 keeps the norm of all terms", "A", 2, Options{}, []Keyword{
			{Term: "go", Score: 0.792469, Weight: 3.170637, Count: 3, DF: 2},
			{Term: "kafka", Score: 0.478957, Weight: 1.916291, Count: 1, DF: 1},
		}},
		// limit 0.4·4 = 1.6 documents: go and redis (df 2) are boilerplate
		// and leave the norm too, so kafka is alone: score 1.
		{"boilerplate share", "A", 0, Options{MaxDFShare: 0.4}, []Keyword{
			{Term: "kafka", Score: 1, Weight: 1.916291, Count: 1, DF: 1},
		}},
		// df 2 = 0.5·4 is not more than half: kept.
		{"share is exclusive", "A", 1, Options{MaxDFShare: 0.5}, []Keyword{
			{Term: "go", Score: 0.792469, Weight: 3.170637, Count: 3, DF: 2},
		}},
		// kafka (df 1) dropped: ‖w‖ = √(10.052940 + 2.282594) = 3.512199
		{"min df", "A", 0, Options{MinDF: 2}, []Keyword{
			{Term: "go", Score: 0.902750, Weight: 3.170637, Count: 3, DF: 2},
			{Term: "redis", Score: 0.430165, Weight: 1.510826, Count: 1, DF: 2},
		}},
		// java and redis: tf 1, df 2, equal weights 1.510826, each
		// 1/√2 = 0.707107; the tie is broken by term.
		{"tie by term", "B", 0, Options{}, []Keyword{
			{Term: "java", Score: 0.707107, Weight: 1.510826, Count: 1, DF: 2},
			{Term: "redis", Score: 0.707107, Weight: 1.510826, Count: 1, DF: 2},
		}},
		{"unknown group", "C", 0, Options{}, nil},
		{"share 1 keeps all", "B", 0, Options{MaxDFShare: 1}, []Keyword{
			{Term: "java", Score: 0.707107, Weight: 1.510826, Count: 1, DF: 2},
			{Term: "redis", Score: 0.707107, Weight: 1.510826, Count: 1, DF: 2},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := x.TopK(c.group, c.k, c.opt)
			if len(got) != len(c.want) {
				t.Fatalf("TopK = %+v, want %+v", got, c.want)
			}
			for i := range got {
				g, w := got[i], c.want[i]
				if g.Term != w.Term || g.Count != w.Count || g.DF != w.DF ||
					math.Abs(g.Score-w.Score) > eps || math.Abs(g.Weight-w.Weight) > eps {
					t.Errorf("[%d] = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestCounts(t *testing.T) {
	x := smallCorpus()
	if got := x.Docs(); got != 4 {
		t.Errorf("Docs = %d, want 4", got)
	}
	for term, want := range map[string]int{"go": 2, "redis": 2, "java": 2, "kafka": 1, "mysql": 1, "rust": 0} {
		if got := x.DF(term); got != want {
			t.Errorf("DF(%q) = %d, want %d (a repeat in one document counts once)", term, got, want)
		}
	}
	if got, want := x.IDF("kafka"), 1.916291; math.Abs(got-want) > eps {
		t.Errorf("IDF(kafka) = %.6f, want %.6f", got, want)
	}
	if got := x.Groups(); !reflect.DeepEqual(got, []string{"A", "B"}) {
		t.Errorf("Groups = %q, want [A B] (DF-only documents form no group)", got)
	}
	if got := x.GroupDocs("A"); got != 2 {
		t.Errorf("GroupDocs(A) = %d, want 2", got)
	}
	if got := x.Count("A", "go"); got != 3 {
		t.Errorf("Count(A, go) = %d, want 3", got)
	}
	if got := x.Count("B", "mysql"); got != 0 {
		t.Errorf("Count(B, mysql) = %d, want 0 (mysql came from a DF-only document)", got)
	}
}

func TestAddCountsEqualsAdd(t *testing.T) {
	x := New()
	x.AddCounts("A", []TermCount{{"go", 2}, {"redis", 1}})
	x.AddCounts("A", []TermCount{{"go", 1}, {"kafka", 1}, {"ignored", 0}, {"negative", -2}})
	x.AddCounts("B", []TermCount{{"java", 1}, {"redis", 1}, {"java", 0}})
	x.AddDF([]string{"java", "mysql"})
	want := smallCorpus()
	for _, g := range []string{"A", "B"} {
		if got, w := x.TopK(g, 0, Options{}), want.TopK(g, 0, Options{}); !reflect.DeepEqual(got, w) {
			t.Errorf("group %s: AddCounts gives %+v, Add gives %+v", g, got, w)
		}
	}
	if x.DF("ignored") != 0 || x.DF("negative") != 0 {
		t.Error("terms with a count below one were counted")
	}

	y := New()
	y.AddCounts("A", []TermCount{{"go", 1}, {"go", 2}})
	if y.DF("go") != 1 || y.Count("A", "go") != 3 {
		t.Errorf("a term listed twice: DF %d (want 1), Count %d (want 3)", y.DF("go"), y.Count("A", "go"))
	}
}

// testDocs builds a corpus with a realistic shape: a few groups of very
// different sizes, a vocabulary with a long tail and shared boilerplate.
func testDocs(r *rand.Rand, n int) (groups []string, docs [][]string) {
	vocab := []string{"微服务", "云原生", "go", "java", "kafka", "redis", "mysql", "高并发", "分布式", "k8s", "docker", "团队", "业务"}
	for i := range 200 {
		vocab = append(vocab, "term"+strings.Repeat("x", i%7)+string(rune('a'+i%26)))
	}
	names := []string{"字节跳动", "腾讯", "得物", "bilibili", "小公司"}
	for range n {
		g := names[min(r.IntN(8), len(names)-1)]
		var d []string
		for range 5 + r.IntN(30) {
			// Zipf-like: low indexes far more often.
			d = append(d, vocab[int(float64(len(vocab))*math.Pow(r.Float64(), 3))])
		}
		groups = append(groups, g)
		docs = append(docs, d)
	}
	return groups, docs
}

func allTopK(x *Index, opt Options) map[string][]Keyword {
	out := make(map[string][]Keyword)
	for _, g := range x.Groups() {
		out[g] = x.TopK(g, 10, opt)
	}
	return out
}

// TestMergeEqualsSequential is the contract for counting in parallel:
// splitting the documents between Indexes and merging them gives the same
// rankings, to the last bit, as one Index fed in order.
func TestMergeEqualsSequential(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	groups, docs := testDocs(r, 600)
	seq := New()
	parts := []*Index{New(), New(), New()}
	for i, d := range docs {
		seq.Add(groups[i], d)
		parts[i%3].Add(groups[i], d)
		if i%50 == 0 {
			seq.AddDF(d[:1])
			parts[(i+1)%3].AddDF(d[:1])
		}
	}
	merged := New()
	for _, p := range []*Index{parts[2], parts[0], parts[1]} {
		merged.Merge(p)
	}
	// Adding after a merge must still count each document once.
	seq.Add("腾讯", []string{"go", "go", "kafka"})
	merged.Add("腾讯", []string{"go", "go", "kafka"})

	opt := Options{MaxDFShare: DefaultMaxDFShare}
	if !reflect.DeepEqual(allTopK(merged, opt), allTopK(seq, opt)) {
		t.Errorf("merged rankings differ from sequential ones:\nmerged %v\nseq    %v", allTopK(merged, opt), allTopK(seq, opt))
	}
	if merged.Docs() != seq.Docs() || merged.DF("go") != seq.DF("go") {
		t.Errorf("merged Docs %d DF(go) %d, sequential %d %d", merged.Docs(), merged.DF("go"), seq.Docs(), seq.DF("go"))
	}
}

// TestOrderIndependent: the same documents in another order give
// bit-identical scores, so reports are reproducible.
func TestOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	groups, docs := testDocs(r, 400)
	a, b := New(), New()
	for i := range docs {
		a.Add(groups[i], docs[i])
	}
	for _, i := range r.Perm(len(docs)) {
		b.Add(groups[i], docs[i])
	}
	for _, opt := range []Options{{}, {MaxDFShare: 0.3}, {MinDF: 3}} {
		if ka, kb := allTopK(a, opt), allTopK(b, opt); !reflect.DeepEqual(ka, kb) {
			t.Errorf("options %+v: rankings depend on document order", opt)
		}
	}
}

func TestRankingInvariants(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	groups, docs := testDocs(r, 300)
	x := New()
	for i := range docs {
		x.Add(groups[i], docs[i])
	}
	for _, g := range x.Groups() {
		all := x.TopK(g, 0, Options{MaxDFShare: 0.4})
		var ss float64
		for i, kw := range all {
			ss += kw.Score * kw.Score
			if float64(kw.DF) > 0.4*float64(x.Docs()) {
				t.Errorf("%s: boilerplate term %q (df %d of %d) ranked", g, kw.Term, kw.DF, x.Docs())
			}
			if i > 0 {
				p := all[i-1]
				if p.Score < kw.Score || p.Score == kw.Score && p.Term >= kw.Term {
					t.Errorf("%s: %+v ranked before %+v", g, p, kw)
				}
			}
		}
		if len(all) > 0 && math.Abs(ss-1) > 1e-9 {
			t.Errorf("%s: scores have squared norm %v, want 1", g, ss)
		}
		if top := x.TopK(g, 5, Options{MaxDFShare: 0.4}); !reflect.DeepEqual(top, all[:min(5, len(all))]) {
			t.Errorf("%s: TopK(5) is not the head of the full ranking", g)
		}
	}
}

// TestTermsAreCopied: tokens usually point into a whole posting; the index
// must not keep that posting alive through its map keys.
func TestTermsAreCopied(t *testing.T) {
	text := strings.Repeat("微服务 字节跳动 ", 1000)
	tok := text[:len("微服务")]
	company := text[len("微服务 "):][:len("字节跳动")]
	x := New()
	x.Add(company, []string{tok})
	x.AddCounts(company, []TermCount{{tok, 2}})
	start := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	inText := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return p >= start && p < start+uintptr(len(text))
	}
	for term := range x.ids {
		if inText(term) {
			t.Errorf("the index keeps term %q in the memory of the input text", term)
		}
	}
	for name := range x.groups {
		if inText(name) {
			t.Errorf("the index keeps group %q in the memory of the input text", name)
		}
	}
}

func BenchmarkAdd(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	groups, docs := testDocs(r, 2000)
	tokens := 0
	for _, d := range docs {
		tokens += len(d)
	}
	b.ResetTimer()
	for range b.N {
		x := New()
		for i, d := range docs {
			x.Add(groups[i], d)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mtokens/s")
}
