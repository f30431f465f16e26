package trend

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/jobtrend/jobtrend/pkg/dedup"
	"github.com/jobtrend/jobtrend/pkg/normalize"
	"github.com/jobtrend/jobtrend/pkg/store"
)

// Distinct jobs. The same ad reaches a store under another id, platform or
// company (a repost, a board that copies another's listings, an agency
// posting an employer's template). The near-duplicate pass finds them with
// package dedup (one-permutation MinHash over character shingles, LSH
// bands, a containment threshold, and city and pay to keep a city team or
// another requisition apart; measured on hand-labelled pairs in
// pkg/dedup/testdata) and gives the postings of one job one job_key, which
// the counts of distinct jobs read. Sketches are cached per content, so a
// pass sketches only new or changed postings; a pass over a store that has
// not changed since the last one is skipped.

// jobStore is what the near-duplicate pass needs.
type jobStore interface {
	PendingSketches(ctx context.Context, version int, after int64, limit int) ([]store.TextRow, error)
	CountPendingSketches(ctx context.Context, version int) (int, error)
	PutSketches(ctx context.Context, version int, rows []store.SketchRow) error
	JobStream(ctx context.Context, version int, fn func(*store.JobRow) error) error
	SetJobKeys(ctx context.Context, keys map[int64]int64) error
	JobsState(ctx context.Context) (state string, jobs int, err error)
	State(ctx context.Context, name string) (string, error)
	SetState(ctx context.Context, name, value string) error
}

// JobsResult says what a near-duplicate pass did.
type JobsResult struct {
	Sketched int  // postings sketched by this pass
	Changed  int  // postings whose job key changed
	Skipped  bool // nothing changed since the last pass
	Clusters int  // distinct jobs among the job postings
	Postings int
}

const jobsStateName = "job_keys"

// RefreshJobs brings every job posting's job_key up to date: postings that
// are one job (near-duplicates, SameJob) share the repost key of the
// cluster's first posting; every other posting keeps its own.
func RefreshJobs(ctx context.Context, st jobStore, progress func(done, total int)) (JobsResult, error) {
	var res JobsResult
	state, jobs, err := st.JobsState(ctx)
	if err != nil {
		return res, err
	}
	state = fmt.Sprintf("v%d/%s", dedup.FormatVersion, state)
	if last, err := st.State(ctx, jobsStateName); err != nil {
		return res, err
	} else if last == state {
		res.Skipped = true
		return res, nil
	}
	if res.Sketched, err = sketchPending(ctx, st, progress); err != nil {
		return res, err
	}
	type member struct {
		id, repost, job int64
	}
	// Sized for every job: grown from nothing, the clusterer's copies of
	// the sketches were half of its time.
	members := make([]member, 0, jobs)
	c := dedup.NewClusterer(jobs)
	err = st.JobStream(ctx, dedup.FormatVersion, func(r *store.JobRow) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		members = append(members, member{r.ID, r.RepostKey, r.JobKey})
		if r.Sketch == nil {
			return nil // no text to compare (added while the pass ran): its own job
		}
		s, err := dedup.Unmarshal(r.Sketch)
		if err != nil {
			return nil // an old format: re-sketched by the next pass
		}
		_, err = c.AddJob(r.ID, dedup.Job{Sketch: s, City: normalize.City(r.City), Salary: r.Salary})
		if errors.Is(err, dedup.ErrDuplicateID) {
			return nil
		}
		return err
	})
	if err != nil {
		return res, fmt.Errorf("near-duplicates: %w", err)
	}
	repostOf := make(map[int64]int64, len(members))
	for _, m := range members {
		repostOf[m.id] = m.repost
	}
	changed := map[int64]int64{}
	seen := map[int64]bool{}
	for _, m := range members {
		want := m.repost
		if cl, ok := c.Cluster(m.id); ok && cl != m.id {
			want = repostOf[cl]
		}
		seen[want] = true
		if want != m.job {
			changed[m.id] = want
		}
	}
	res.Postings, res.Clusters, res.Changed = len(members), len(seen), len(changed)
	if err := st.SetJobKeys(ctx, changed); err != nil {
		return res, err
	}
	// Only a pass that wrote everything it found may be remembered.
	return res, st.SetState(ctx, jobsStateName, state)
}

// sketchPending sketches every job posting without a current sketch, on
// every core, page by page.
func sketchPending(ctx context.Context, st jobStore, progress func(done, total int)) (int, error) {
	total := 0
	if progress != nil {
		var err error
		if total, err = st.CountPendingSketches(ctx, dedup.FormatVersion); err != nil {
			return 0, err
		}
	}
	done := 0
	var after int64
	for {
		rows, err := st.PendingSketches(ctx, dedup.FormatVersion, after, 2048)
		if err != nil {
			return done, err
		}
		if len(rows) == 0 {
			return done, nil
		}
		ps := make([]dedup.Posting, len(rows))
		for i, r := range rows {
			ps[i] = dedup.Posting{ID: r.ID, Title: r.Title, Description: r.Description}
		}
		sketches, err := dedup.SketchAll(ctx, ps, runtime.GOMAXPROCS(0))
		if err != nil {
			return done, err
		}
		out := make([]store.SketchRow, len(rows))
		for i, r := range rows {
			out[i] = store.SketchRow{ID: r.ID, ContentHash: r.ContentHash, Sketch: sketches[i].Marshal()}
		}
		if err := st.PutSketches(ctx, dedup.FormatVersion, out); err != nil {
			return done, err
		}
		done += len(rows)
		after = rows[len(rows)-1].ID
		if progress != nil {
			progress(done, max(total, done))
		}
	}
}
