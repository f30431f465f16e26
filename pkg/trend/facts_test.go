package trend

import (
	"context"
	"reflect"
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
