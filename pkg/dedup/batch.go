package dedup

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// Posting is the part of a posting the detector reads. City and Salary
// are optional (see Job); without them postings are joined by Same.
type Posting struct {
	ID          int64
	Title       string
	Description string
	City        string // normalized city, "" when unknown
	Salary      string // pay text, "" when unknown
}

// SketchAll sketches postings on workers goroutines (0 means GOMAXPROCS)
// and returns the sketches in input order. Sketching is the expensive
// part of a pass; clustering is sequential and cheap.
func SketchAll(ctx context.Context, postings []Posting, workers int) ([]Sketch, error) {
	out := make([]Sketch, len(postings))
	if err := sketchInto(ctx, postings, out, workers); err != nil {
		return nil, err
	}
	return out, nil
}

func sketchInto(ctx context.Context, postings []Posting, out []Sketch, workers int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 256
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
	)
	take := func() (int, int) {
		mu.Lock()
		defer mu.Unlock()
		lo := next
		next = min(next+chunk, len(postings))
		return lo, next
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				lo, hi := take()
				if lo >= hi {
					return
				}
				for i := lo; i < hi; i++ {
					out[i] = SketchOf(postings[i].Title, postings[i].Description)
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("dedup: sketching %d postings: %w", len(postings), err)
	}
	return nil
}

// Cluster runs the whole near-duplicate pass over a stream of postings:
// batches of them are sketched on all cores while the previous batch is
// added, in stream order and with each posting's city and pay (AddJob),
// to c (a new Clusterer when c is nil). next
// returns the next batch, or an empty one at the end; it is called from
// another goroutine, one call at a time, and may reuse a batch's memory
// only after the following call. An error from next or from Add stops the
// pass; the postings added before it stay in c.
func Cluster(ctx context.Context, c *Clusterer, next func() ([]Posting, error)) (*Clusterer, error) {
	if c == nil {
		c = NewClusterer(0)
	}
	type sketched struct {
		batch    []Posting
		sketches []Sketch
		err      error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Capacity 1: one batch is sketched while the one before it is added.
	ready := make(chan sketched, 1)
	go func() {
		defer close(ready)
		for {
			batch, err := next()
			if err != nil {
				ready <- sketched{err: fmt.Errorf("dedup: reading postings: %w", err)}
				return
			}
			if len(batch) == 0 {
				return
			}
			sk := make([]Sketch, len(batch))
			if err := sketchInto(ctx, batch, sk, 0); err != nil {
				ready <- sketched{err: err}
				return
			}
			select {
			case ready <- sketched{batch: batch, sketches: sk}:
			case <-ctx.Done():
				return
			}
		}
	}()
	for s := range ready {
		if s.err != nil {
			return c, s.err
		}
		for i, p := range s.batch {
			if _, err := c.AddJob(p.ID, Job{Sketch: s.sketches[i], City: p.City, Salary: p.Salary}); err != nil {
				cancel()
				for range ready {
				}
				return c, fmt.Errorf("dedup: posting %d: %w", p.ID, err)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return c, fmt.Errorf("dedup: clustering: %w", err)
	}
	return c, nil
}
