package trend

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/posting"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// The near-duplicate pass on the real postings of the labelled pairs: the
// pairs labelled the same ad end up mostly under one job key, the pass is
// skipped when nothing changed, and a changed posting makes it run again.
func TestRefreshJobsOnLabelledPostings(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	ps := labelledPostings(t, 1)
	if _, err := s.UpsertBatch(ctx, ps); err != nil {
		t.Fatal(err)
	}
	res, err := RefreshJobs(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sketched != len(ps) || res.Clusters >= res.Postings || res.Changed == 0 {
		t.Fatalf("first pass: %+v", res)
	}
	key := map[string]int64{}
	rows, err := s.DB().Query(`SELECT source_id, job_key FROM postings`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var k int64
		rows.Scan(&id, &k)
		key[id] = k
	}
	rows.Close()
	pf, err := os.Open("../dedup/testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	same, joined, diff, split := 0, 0, 0, 0
	sc := bufio.NewScanner(pf)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 6 || strings.HasPrefix(f[0], "#") || f[0] == "pair" {
			continue
		}
		a, b := strings.TrimPrefix(f[2], ""), f[3]
		together := key[a] == key[b] && key[a] != 0
		switch f[5] {
		case "same":
			same++
			if together {
				joined++
			}
		case "different":
			diff++
			if !together {
				split++
			}
		}
	}
	t.Logf("same ads under one job key: %d of %d; different jobs kept apart: %d of %d (%d clusters of %d postings)",
		joined, same, split, diff, res.Clusters, res.Postings)
	// Whole components can chain two ads the pair decision kept apart, so
	// the bars are below the detector's own (0.93 recall on these pairs).
	if float64(joined) < 0.85*float64(same) || float64(split) < 0.75*float64(diff) {
		t.Errorf("joined %d/%d same, kept apart %d/%d different", joined, same, split, diff)
	}

	again, err := RefreshJobs(ctx, s, nil)
	if err != nil || !again.Skipped {
		t.Errorf("second pass over an unchanged store: %+v %v", again, err)
	}
	p := ps[0]
	p.Description += "\n另：欢迎应届生。"
	if _, err := s.UpsertBatch(ctx, []posting.Posting{p}); err != nil {
		t.Fatal(err)
	}
	third, err := RefreshJobs(ctx, s, nil)
	if err != nil || third.Skipped || third.Sketched != 1 {
		t.Errorf("after a change: %+v %v", third, err)
	}
}

// labelledPostings are the postings of the labelled pairs under their
// ids, and copies-1 more times under distinct ids (reposts of the first).
func labelledPostings(t *testing.T, copies int) []posting.Posting {
	t.Helper()
	f, err := os.Open("../dedup/testdata/postings.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ps []posting.Posting
	for c := range copies {
		for _, r := range recs[1:] {
			id := r[0]
			if c > 0 {
				id = fmt.Sprintf("%s-%d", r[0], c)
			}
			ps = append(ps, posting.Posting{Source: strings.ToLower(r[1]), SourceID: id, Company: r[2],
				Title: r[3], City: normalize.City(r[4]), Description: r[5], Salary: normalize.SalaryRange(r[6], r[7], ""),
				PostedAt: time.Date(2024, 10, 1, 0, 0, 0, 0, time.UTC)})
		}
	}
	return ps
}

// failingJobs fails the pass's stream after n rows, as a disk error would.
type failingJobs struct {
	jobStore
	n int
}

var errRead = errors.New("disk I/O error")

func (f failingJobs) JobStream(ctx context.Context, version int, fn func(*store.JobRow) error) error {
	seen := 0
	return f.jobStore.JobStream(ctx, version, func(r *store.JobRow) error {
		if seen++; seen == f.n {
			return errRead
		}
		return fn(r)
	})
}

// TestFailedRefreshJobsRecordsNothing: a pass whose reading stops midway
// (an error, or its context cancelled) returns the error, writes no job
// key from its partial clustering and records no state, and the next pass
// runs in full.
func TestFailedRefreshJobsRecordsNothing(t *testing.T) {
	s := openStore(t)
	if _, err := s.UpsertBatch(context.Background(), labelledPostings(t, 3)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range []struct {
		st   jobStore
		ctx  context.Context
		want error
	}{
		{failingJobs{jobStore: s, n: 700}, context.Background(), errRead},
		{cancellingJobs{jobStore: s, n: 700, cancel: cancel}, ctx, context.Canceled},
	} {
		if _, err := RefreshJobs(c.ctx, c.st, nil); !errors.Is(err, c.want) {
			t.Fatalf("err = %v, want %v", err, c.want)
		}
		var moved int
		if err := s.DB().QueryRow(`SELECT count(*) FROM postings WHERE job_key <> repost_key`).Scan(&moved); err != nil || moved != 0 {
			t.Fatalf("%d job keys written by a pass that stopped (%v)", moved, err)
		}
	}
	res, err := RefreshJobs(context.Background(), s, nil)
	if err != nil || res.Skipped || res.Changed == 0 {
		t.Fatalf("the pass after: %+v, %v; want a full pass", res, err)
	}
}

// cancellingJobs cancels the pass's context after n rows of its stream.
type cancellingJobs struct {
	jobStore
	n      int
	cancel context.CancelFunc
}

func (c cancellingJobs) JobStream(ctx context.Context, version int, fn func(*store.JobRow) error) error {
	seen := 0
	return c.jobStore.JobStream(ctx, version, func(r *store.JobRow) error {
		if seen++; seen == c.n {
			c.cancel()
		}
		return fn(r)
	})
}
