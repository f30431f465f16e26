package trend

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestFollow: postings stored in batches while Follow runs are all
// segmented, each once, by the time Follow returns.
func TestFollow(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	seg := &fieldsSegmenter{}
	src := SegmenterSource{Version: "v1", Open: func() (Segmenter, error) { return seg, nil }}
	stop := make(chan struct{})
	type result struct {
		n   int
		err error
	}
	res := make(chan result)
	go func() {
		n, err := Follow(ctx, s, src, stop, time.Millisecond)
		res <- result{n, err}
	}()
	const batches, per = 20, 150
	for b := 0; b < batches; b++ {
		var ps []posting.Posting
		for i := 0; i < per; i++ {
			ps = append(ps, posting.Posting{Source: "x", SourceID: fmt.Sprintf("%d-%d", b, i), Title: "工程师",
				Company: "c", Description: fmt.Sprintf("golang kafka doc%d-%d", b, i), PostedAt: day(2024)})
		}
		if _, err := s.UpsertBatch(ctx, ps); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	close(stop)
	r := <-res
	// Two calls a posting: its title, its description.
	if r.err != nil || r.n != batches*per || seg.calls.Load() != 2*batches*per {
		t.Errorf("Follow segmented %d (%d calls), %v; want %d (%d)", r.n, seg.calls.Load(), r.err, batches*per, 2*batches*per)
	}
	if n, err := s.CountStaleTerms(ctx, termsVersion("v1")); n != 0 || err != nil {
		t.Errorf("after Follow: %d postings stale, %v", n, err)
	}
	// A report now segments nothing.
	rep, err := Compute(ctx, s, Options{Segmenter: src})
	if err != nil || rep.Method.Segmented != 0 {
		t.Errorf("report after Follow segmented %d, %v", rep.Method.Segmented, err)
	}
}
