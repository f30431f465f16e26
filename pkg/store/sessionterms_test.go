package store

import (
	"context"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// TestSessionHoldsTermsForItsNextBatch: terms put while a session writes
// are held (nothing is written outside its transactions), written with its
// next batch, and after EndWrites written at once.
func TestSessionHoldsTermsForItsNextBatch(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	sess := s.NewSession()
	if _, err := sess.UpsertBatch(ctx, []posting.Posting{job("1", "Go", "kafka"), job("2", "Java", "spring")}); err != nil {
		t.Fatal(err)
	}
	cached := func() int {
		var n int
		if err := s.DB().QueryRow(`SELECT count(*) FROM posting_terms WHERE seg_version = 'seg1'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	rows, err := sess.PendingTerms(ctx, "seg1", 0, 10)
	if err != nil || len(rows) != 2 {
		t.Fatalf("pending: %d rows, %v", len(rows), err)
	}
	if err := sess.PutTerms(ctx, "seg1", []Terms{{ID: rows[0].ID, ContentHash: rows[0].ContentHash, Blob: []byte{1}}}); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 0 {
		t.Errorf("%d terms written outside the session's batches", n)
	}
	if _, err := sess.UpsertBatch(ctx, []posting.Posting{job("3", "Rust", "tokio")}); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 1 {
		t.Errorf("after the next batch: %d terms cached, want 1", n)
	}
	if err := sess.PutTerms(ctx, "seg1", []Terms{{ID: rows[1].ID, ContentHash: rows[1].ContentHash, Blob: []byte{1}}}); err != nil {
		t.Fatal(err)
	}
	if err := sess.EndWrites(ctx); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 2 {
		t.Errorf("after EndWrites: %d terms cached, want 2", n)
	}
	if err := sess.PutTerms(ctx, "seg1", []Terms{{ID: 3, ContentHash: "x", Blob: []byte{1}}}); err != nil {
		t.Fatal(err)
	}
	if n := cached(); n != 3 {
		t.Errorf("a put after EndWrites: %d terms cached, want 3", n)
	}
}
