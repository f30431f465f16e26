package store

import (
	"context"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestSessionHoldsTermsForItsNextBatch: terms and sketches put while a
// session writes are held (nothing is written outside its transactions),
// written with its next batch, and after EndWrites written at once.
func TestSessionHoldsTermsForItsNextBatch(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	sess := s.NewSession()
	if _, err := sess.UpsertBatch(ctx, []posting.Posting{job("1", "Go", "kafka"), job("2", "Java", "spring")}); err != nil {
		t.Fatal(err)
	}
	cached := func() int {
		var n, k int
		if err := s.DB().QueryRow(`SELECT count(*) FROM posting_terms WHERE seg_version = 'seg1'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := s.DB().QueryRow(`SELECT count(*) FROM posting_sketches WHERE version = 7`).Scan(&k); err != nil {
			t.Fatal(err)
		}
		if n != k {
			t.Errorf("%d terms cached but %d sketches", n, k)
		}
		return n
	}
	put := func(id int64, hash string) {
		t.Helper()
		if err := sess.PutTerms(ctx, "seg1", []Terms{{ID: id, ContentHash: hash, Blob: []byte{1}}}); err != nil {
			t.Fatal(err)
		}
		if err := sess.PutSketches(ctx, 7, []SketchRow{{ID: id, ContentHash: hash, Sketch: []byte{2}}}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := sess.PendingTerms(ctx, "seg1", 0, 10)
	if err != nil || len(rows) != 2 {
		t.Fatalf("pending: %d rows, %v", len(rows), err)
	}
	put(rows[0].ID, rows[0].ContentHash)
	if n := cached(); n != 0 {
		t.Errorf("%d terms written outside the session's batches", n)
	}
	if _, err := sess.UpsertBatch(ctx, []posting.Posting{job("3", "Rust", "tokio")}); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 1 {
		t.Errorf("after the next batch: %d terms cached, want 1", n)
	}
	put(rows[1].ID, rows[1].ContentHash)
	if err := sess.EndWrites(ctx); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 2 {
		t.Errorf("after EndWrites: %d terms cached, want 2", n)
	}
	put(3, "x")
	if n := cached(); n != 3 {
		t.Errorf("a put after EndWrites: %d terms cached, want 3", n)
	}
}
