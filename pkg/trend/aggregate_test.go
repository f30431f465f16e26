package trend

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/store"
	"github.com/jobtrend/jobtrend/pkg/tfidf"
)

// memDocs is a docSource over documents held in memory.
type memDocs []store.Doc

func (m memDocs) DocStream(ctx context.Context, _ string, _ store.Filter, _ string, fn func(*store.Doc) error) error {
	for i := range m {
		d := m[i]
		if err := fn(&d); err != nil {
			return err
		}
	}
	return nil
}

// TestRankMatchesTfidf pins the parallel counting and ranking of warm
// reports to tfidf.Index, the reference: same keywords, same scores to
// the last bit, same order, for random documents in random groups, with
// enough of them to fill several batches on several workers.
func TestRankMatchesTfidf(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	vocabulary := make([]string, 3000)
	for i := range vocabulary {
		vocabulary[i] = fmt.Sprintf("t%d", i)
	}
	vocabulary[0], vocabulary[1] = "微服务", "kubernetes"
	const groups = 4
	var docs memDocs
	idx := tfidf.New()
	for i := 0; i < 6000; i++ {
		var toks []string
		for range 5 + r.IntN(80) {
			// A skewed draw: a few terms in most documents (boilerplate),
			// a long tail of rare ones.
			toks = append(toks, vocabulary[int(float64(len(vocabulary))*r.Float64()*r.Float64()*r.Float64())])
		}
		counts := countTerms(nil, toks)
		g := r.IntN(groups + 3) // groups 4–6: document frequencies only
		if g < groups {
			idx.AddCounts(fmt.Sprint(g), counts)
		} else {
			idx.AddCounts("other", counts)
		}
		docs = append(docs, store.Doc{ID: int64(i), Company: fmt.Sprint(g), Terms: EncodeTerms(nil, counts)})
	}
	docs = append(docs, store.Doc{ID: 99999, Company: "0"}) // no cached terms: not counted
	c, missing, err := countDocs(context.Background(), docs, "go", store.Filter{}, "v", groups, nil, nil, func(d *store.Doc) int {
		var g int
		fmt.Sscan(d.Company, &g)
		if g < groups {
			return g
		}
		return -1
	})
	if err != nil || missing != 1 {
		t.Fatalf("countDocs: missing %d, %v", missing, err)
	}
	if c.docs != idx.Docs() {
		t.Fatalf("documents: %d, tfidf has %d", c.docs, idx.Docs())
	}
	for _, opt := range []tfidf.Options{{}, {MaxDFShare: 0.5, MinDF: 2}, {MaxDFShare: 0.05, MinDF: 5}} {
		for g := 0; g < groups; g++ {
			got, want := c.rank(g, opt), idx.TopK(fmt.Sprint(g), 0, opt)
			if len(got) != len(want) || len(want) == 0 {
				t.Fatalf("group %d, %+v: %d keywords, tfidf has %d", g, opt, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("group %d, %+v, keyword %d: %+v, tfidf has %+v", g, opt, i, got[i], want[i])
				}
			}
		}
	}
}

// TestCountDocsCorruptBlob: a damaged cache entry is an error naming the
// posting, never a panic or a silent skip.
func TestCountDocsCorruptBlob(t *testing.T) {
	good := EncodeTerms(nil, countTerms(nil, []string{"go", "go", "k8s"}))
	for _, bad := range [][]byte{{5}, append(append([]byte{}, good...), 0), good[:len(good)-1], {1, 200, 1}} {
		docs := memDocs{{ID: 1, Terms: good}, {ID: 42, Terms: bad}, {ID: 3, Terms: good}}
		_, _, err := countDocs(context.Background(), docs, "go", store.Filter{}, "v", 1, nil, nil, func(*store.Doc) int { return 0 })
		if !errors.Is(err, errBadTerms) || !strings.Contains(err.Error(), "posting 42") {
			t.Errorf("blob %v: err = %v, want errBadTerms naming posting 42", bad, err)
		}
	}
}
