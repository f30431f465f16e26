package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

// TestWritersOfOneProcessQueue: a write that finds another of the same
// store in a transaction longer than SQLite's busy timeout waits for it
// instead of failing with "database is locked" — a report segmenting on
// one connection while the near-duplicate pass wrote job keys on another
// failed so at a million postings.
func TestWritersOfOneProcessQueue(t *testing.T) {
	defer func(old string) { busyTimeout = old }(busyTimeout)
	busyTimeout = "50"
	ctx := context.Background()
	s := openTest(t, Options{})
	mustUpsert(t, s, job("1", "Go", "kafka"))
	long := 400 * time.Millisecond
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.withTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, qPutState, "held", "1", formatTime(s.now())); err != nil {
				return err
			}
			close(started)
			time.Sleep(long)
			return nil
		})
	}()
	<-started
	t0 := time.Now()
	var id int64
	if err := s.DB().QueryRow(`SELECT id FROM postings`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := s.PutTerms(ctx, "v1", []Terms{{ID: id, ContentHash: "h", Blob: []byte("x")}}); err != nil {
		t.Fatalf("a write waiting %v for another of the same process: %v", long, err)
	}
	if err := s.SetState(ctx, "after", "1"); err != nil {
		t.Fatalf("a statement after the long transaction: %v", err)
	}
	if waited := time.Since(t0); waited < long/2 {
		t.Errorf("the write took %v: it did not wait for the transaction", waited)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// A process of its own still meets the timeout, as it must: its writer
	// fails instead of waiting forever.
	other, err := sql.Open(writerDriver, dsn(s.Path(), false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	unlock, err := s.lockWrites(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(qPutState, "other", "1", formatTime(s.now())); err == nil {
		t.Error("another connection pool wrote while a transaction held the database")
	}
	tx.Rollback()
	unlock()
}

// TestSetJobKeysInBatches: keys written in several transactions all land.
func TestSetJobKeysInBatches(t *testing.T) {
	defer func(old int) { jobKeyBatch = old }(jobKeyBatch)
	jobKeyBatch = 7
	ctx := context.Background()
	s := openTest(t, Options{})
	for i := range 50 {
		mustUpsert(t, s, job(fmt.Sprint(i), "Go", fmt.Sprintf("posting %d", i)))
	}
	keys := map[int64]int64{}
	rows, err := s.DB().Query(`SELECT id FROM postings`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		keys[id] = 1000 + id
	}
	rows.Close()
	if err := s.SetJobKeys(ctx, keys); err != nil {
		t.Fatal(err)
	}
	var wrong int
	if err := s.DB().QueryRow(`SELECT count(*) FROM postings WHERE job_key <> 1000 + id`).Scan(&wrong); err != nil || wrong != 0 {
		t.Errorf("%d of %d postings without their new job key (%v)", wrong, len(keys), err)
	}
}
