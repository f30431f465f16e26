package trend

import (
	"cmp"
	"context"
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

// cellCounter counts the reads of share cells.
type cellCounter struct {
	*countingStore
	shareCells int
}

func (c *cellCounter) ShareCells(ctx context.Context, skill string, f store.Filter) ([]store.Cell, error) {
	c.shareCells++
	return c.Store.ShareCells(ctx, skill, f)
}

// TestReportReadsShareCellsOnce: the shares and the co-skills take the
// skill's cells from one read (what each picks from it is
// TestShareCellsPickedAsRead's).
func TestReportReadsShareCellsOnce(t *testing.T) {
	s := buildScenario(t, []dsSpec{
		{name: "threads", years: flat(span(2019, 2024), 300, 60)},
		{name: "boss-golang", frame: "sample", years: map[int]yearSpec{2021: {n: 200, k: 198}}},
		{name: "late", years: flat(span(2022, 2024), 150, 15)},
	})
	for _, o := range []Options{{}, {From: 2020, To: 2022}, {Datasets: []string{"threads", "late"}}, {Skill: "python"}} {
		o.Companies, o.CoSkills, o.Now = -1, 5, func() time.Time { return testNow }
		cc := &cellCounter{countingStore: &countingStore{Store: s}}
		_, err := Compute(context.Background(), cc, o)
		if err != nil {
			t.Fatal(err)
		}
		if cc.shareCells > 1 {
			t.Errorf("%+v: share cells read %d times, want once", o, cc.shareCells)
		}
	}
}

// TestShareCellsPickedAsRead: what shareCells picks from an earlier, wider
// read is what the store returns for the narrower filter itself.
func TestShareCellsPickedAsRead(t *testing.T) {
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
	sorted := func(cs []store.Cell) []store.Cell {
		slices.SortFunc(cs, func(x, y store.Cell) int {
			return cmp.Or(cmp.Compare(x.Dataset, y.Dataset), cmp.Compare(x.Year, y.Year), cmp.Compare(x.Month, y.Month),
				cmp.Compare(x.Company, y.Company))
		})
		return cs
	}
	for _, f := range []store.Filter{
		{Datasets: []string{"threads", "boss-golang"}},
		{Datasets: []string{"threads"}, From: 2020, To: 2022},
		{Datasets: []string{"late", "boss-golang"}, From: 2021},
		{Datasets: []string{"late"}, To: 2023},
	} {
		got, err := a.shareCells(ctx, cc, "go", f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.ShareCells(ctx, "go", f)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(sorted(got), sorted(want)) {
			t.Errorf("%+v: picked %d cells, the store gives %d", f, len(got), len(want))
		}
	}
	if cc.shareCells != 1 {
		t.Errorf("%d reads for four filters within the first one's years, want 1", cc.shareCells)
	}
}
