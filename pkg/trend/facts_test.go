package trend

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/store"
)

// countingStore counts the reads of the per-dataset skill counts.
type countingStore struct {
	*store.Store
	datasetSkills int
}

func (c *countingStore) DatasetSkills(ctx context.Context) (map[int64]int, map[int64]map[string]int, error) {
	c.datasetSkills++
	return c.Store.DatasetSkills(ctx)
}

// TestReportReadsDatasetFactsOnce: the shares and the co-skills of one
// report share one read of what every dataset holds (a join of every tag
// of every posting: 11 s at a million postings), and the co-skills it
// holds are those CoSkills computes alone.
func TestReportReadsDatasetFactsOnce(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2019, 2024), 300, 60)},
		{name: "boss-golang", frame: "sample", years: map[int]yearSpec{2021: {n: 200, k: 198}}},
	})
	cs := &countingStore{Store: s}
	opts := Options{Companies: -1, CoSkills: 5, Now: func() time.Time { return testNow }}
	r, err := Compute(context.Background(), cs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if cs.datasetSkills != 1 {
		t.Errorf("a report read the dataset skill counts %d times, want once", cs.datasetSkills)
	}
	co := opts
	co.From, co.To = r.Method.From, r.Method.To
	alone, err := CoSkills(context.Background(), s, co, 5)
	if err != nil {
		t.Fatal(err)
	}
	if r.CoSkills == nil || !reflect.DeepEqual(r.CoSkills.Skills, alone.Skills) || !reflect.DeepEqual(r.CoSkills.Sources, alone.Sources) {
		t.Errorf("the report's co-skills differ from CoSkills alone:\n%+v\n%+v", r.CoSkills, alone)
	}
}

// cellCounter counts the reads of share counts.
type cellCounter struct {
	*countingStore
	shareCounts int
}

func (c *cellCounter) ShareCounts(ctx context.Context, skill string, f store.Filter, pool []int64) (store.ShareCounts, error) {
	c.shareCounts++
	return c.Store.ShareCounts(ctx, skill, f, pool)
}

// TestReportReadsShareCountsOnce: the shares and the co-skills take the
// skill's share counts from one read (what each picks from it is
// TestShareCountsPickedAsRead: what shareCounts picks from an earlier,
// wider read is what the store returns for the narrower filter itself:
// the cells from one read for four filters within its years, and the
// pooled cells and distinct jobs when the read pooled the same datasets.
func TestShareCountsPickedAsRead(t *testing.T) {
	ctx := context.Background()
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2019, 2024), 300, 60)},
		{name: "boss-golang", frame: "sample", years: map[int]yearSpec{2021: {n: 200, k: 198}}},
		{name: "late", years: flat(span(2022, 2024), 150, 15)},
	})
	facts, err := readDatasetFacts(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{}
	opts.defaults()
	cc := &cellCounter{countingStore: &countingStore{Store: s}}
	a := newAnalysis(facts, &opts)
	filters := []store.Filter{
		{Datasets: []string{"threads", "boss-golang"}},
		{Datasets: []string{"threads"}, From: 2020, To: 2022},
		{Datasets: []string{"late", "boss-golang"}, From: 2021},
		{Datasets: []string{"late"}, To: 2023},
	}
	for _, f := range filters {
		got, err := a.shareCounts(ctx, cc, "go", f, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.ShareCounts(ctx, "go", f, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Cells) == 0 || !reflect.DeepEqual(got.Cells, want.Cells) {
			t.Errorf("%+v: picked %d cells, the store gives %d", f, len(got.Cells), len(want.Cells))
		}
	}
	if cc.shareCounts != 1 {
		t.Errorf("%d reads for four filters within the first one's years, want 1", cc.shareCounts)
	}
	for _, f := range filters {
		var pool []int64
		for _, d := range facts.sets {
			if slices.Contains(f.Datasets, d.Name) {
				pool = append(pool, d.ID)
			}
		}
		fresh := *facts
		fresh.reads = nil
		wide := f
		wide.From, wide.To = 0, 0
		a := newAnalysis(&fresh, &opts)
		if _, err := a.shareCounts(ctx, s, "go", wide, pool); err != nil {
			t.Fatal(err)
		}
		got, err := a.shareCounts(ctx, s, "go", f, pool)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.ShareCounts(ctx, "go", f, pool)
		if err != nil {
			t.Fatal(err)
		}
		if len(fresh.reads) != 1 || len(want.Pooled) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%+v: %d reads; picked\n%+v\nthe store gives\n%+v", f, len(fresh.reads), got, want)
		}
	}
}
