package dedup

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
)

// realPostings returns testdata/postings.csv as Postings with ids 1..n in
// corpus-id order, and the corpus id of each.
func realPostings(t *testing.T) ([]Posting, map[string]int64) {
	t.Helper()
	rows := readPostings(t, filepath.Join("testdata", "postings.csv"))
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	num := make(map[string]int64, len(ids))
	ps := make([]Posting, len(ids))
	for i, id := range ids {
		num[id] = int64(i + 1)
		ps[i] = Posting{ID: int64(i + 1), Title: rows[id].title, Description: rows[id].description}
	}
	return ps, num
}

func clusterAll(t *testing.T, c *Clusterer, ps []Posting, batch int) *Clusterer {
	t.Helper()
	rest := ps
	c, err := Cluster(context.Background(), c, func() ([]Posting, error) {
		k := min(batch, len(rest))
		out := rest[:k]
		rest = rest[k:]
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func assignment(c *Clusterer) map[int64]int64 {
	m := map[int64]int64{}
	for id, cl := range c.All() {
		m[id] = cl
	}
	return m
}

func TestClusterIncrementalAndOrder(t *testing.T) {
	ps, _ := realPostings(t)
	batch := assignment(clusterAll(t, nil, ps, 100))

	// Half now, half at the next import.
	c := clusterAll(t, NewClusterer(10), ps[:len(ps)/2], 37)
	c = clusterAll(t, c, ps[len(ps)/2:], 1000)
	if inc := assignment(c); !mapsEqual(inc, batch) {
		t.Error("adding in two passes changed the clusters")
	}

	// Another order gives the same partition and the same names.
	shuffled := slices.Clone(ps)
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if sh := assignment(clusterAll(t, nil, shuffled, 64)); !mapsEqual(sh, batch) {
		t.Error("another order changed the clusters")
	}

	// Names are the smallest id of each cluster.
	smallest := map[int64]int64{}
	for id, cl := range batch {
		if v, ok := smallest[cl]; !ok || id < v {
			smallest[cl] = id
		}
	}
	multi := 0
	for cl, v := range smallest {
		if cl != v {
			t.Errorf("cluster %d has smaller member %d", cl, v)
		}
	}
	sizes := map[int64]int{}
	for _, cl := range batch {
		sizes[cl]++
	}
	for _, n := range sizes {
		if n > 1 {
			multi++
		}
	}
	t.Logf("%d postings, %d clusters, %d with more than one posting", len(ps), len(sizes), multi)
}

func mapsEqual(a, b map[int64]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestClusterAgreesWithPairs: every labelled pair the detector calls the
// same ad lands in one cluster; the template posted under many names is
// one cluster; one employer's two level versions of one text are not
// joined directly (they may still meet through a third posting).
func TestClusterAgreesWithPairs(t *testing.T) {
	ps, num := realPostings(t)
	c := clusterAll(t, nil, ps, 128)
	sk := map[int64]Sketch{}
	for _, p := range ps {
		sk[p.ID] = SketchOf(p.Title, p.Description)
	}
	for _, p := range readPairs(t, filepath.Join("testdata", "pairs.tsv")) {
		a, b := sk[num[p.a]], sk[num[p.b]]
		if sharesBand(&a, &b) && Same(a, b) {
			ca, _ := c.Cluster(num[p.a])
			cb, _ := c.Cluster(num[p.b])
			if ca != cb {
				t.Errorf("pair %d detected but clustered apart", p.n)
			}
		}
	}
	template := []string{"51JOB_158399939", "51JOB_158889051", "51JOB_158357727", "51JOB_158515724", "51JOB_158367011"}
	first, _ := c.Cluster(num[template[0]])
	for _, id := range template[1:] {
		if cl, _ := c.Cluster(num[id]); cl != first {
			t.Errorf("%s is in cluster %d, the template's first copy in %d", id, cl, first)
		}
	}
}

func TestClusterErrorsAndShortTexts(t *testing.T) {
	c := NewClusterer(0)
	stub := SketchOf("Java", "Java语言，负责服务器端、web端程序的设计及编写")
	for _, id := range []int64{5, 3} {
		cl, err := c.Add(id, stub)
		if err != nil || cl != id {
			t.Fatalf("Add(%d) = %d, %v", id, cl, err)
		}
	}
	if _, err := c.Add(5, stub); !errors.Is(err, ErrDuplicateID) {
		t.Errorf("second Add(5): %v, want ErrDuplicateID", err)
	}
	if cl, ok := c.Cluster(5); !ok || cl != 5 {
		t.Errorf("short text joined cluster %d", cl)
	}
	if _, ok := c.Cluster(4); ok {
		t.Error("Cluster(4) found an id never added")
	}
	if c.Len() != 2 || c.Clusters() != 2 {
		t.Errorf("Len %d Clusters %d, want 2 2", c.Len(), c.Clusters())
	}

	ps, _ := realPostings(t)
	dup := []Posting{ps[0], ps[1], ps[0]}
	rest := dup
	_, err := Cluster(context.Background(), nil, func() ([]Posting, error) {
		out := rest[:min(1, len(rest))]
		rest = rest[len(out):]
		return out, nil
	})
	if !errors.Is(err, ErrDuplicateID) {
		t.Errorf("Cluster with a repeated id: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Cluster(ctx, nil, func() ([]Posting, error) { return ps, nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Cluster: %v", err)
	}
	boom := errors.New("disk gone")
	if _, err := Cluster(context.Background(), nil, func() ([]Posting, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("reader error: %v", err)
	}
}

func TestClusterGrows(t *testing.T) {
	// Start tiny so the band index is rebuilt several times.
	ps, _ := realPostings(t)
	want := assignment(clusterAll(t, NewClusterer(len(ps)), ps, 50))
	got := assignment(clusterAll(t, NewClusterer(0), ps, 50))
	if !mapsEqual(got, want) {
		t.Error("growing the band index changed the clusters")
	}
}
