package trend

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jobtrend/jobtrend/pkg/dedup"
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
	// It sketched what it cut, as the near-duplicate pass would have.
	if n, err := s.CountPendingSketches(ctx, dedup.FormatVersion); n != 0 || err != nil {
		t.Errorf("after Follow: %d postings not sketched, %v", n, err)
	}
	rows, err := s.DB().Query(`SELECT p.title, p.description, k.sketch FROM postings p JOIN posting_sketches k ON k.posting_id = p.id`)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for rows.Next() {
		var title, desc string
		var got []byte
		if err := rows.Scan(&title, &desc, &got); err != nil {
			t.Fatal(err)
		}
		if want := dedup.SketchOf(title, desc).Marshal(); !bytes.Equal(got, want) {
			t.Errorf("sketch of %q differs from the pass's", desc)
		}
		checked++
	}
	rows.Close()
	if checked != batches*per {
		t.Errorf("%d sketches, want %d", checked, batches*per)
	}
	// A report now segments and sketches nothing.
	rep, err := Compute(ctx, s, Options{Segmenter: src})
	if err != nil || rep.Method.Segmented != 0 || rep.Method.Sketched != 0 {
		t.Errorf("report after Follow segmented %d, sketched %d, %v", rep.Method.Segmented, rep.Method.Sketched, err)
	}
}
