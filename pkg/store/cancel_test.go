package store

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jobtrend/jobtrend/pkg/posting"
)

// cancelAfter is a context that cancels itself at the nth call of Err: a
// write that checks its context between rows stops at a known row.
type cancelAfter struct {
	context.Context
	cancel context.CancelFunc
	n      atomic.Int64
}

func newCancelAfter(n int64) *cancelAfter {
	ctx, cancel := context.WithCancel(context.Background())
	c := &cancelAfter{Context: ctx, cancel: cancel}
	c.n.Store(n)
	return c
}

func (c *cancelAfter) Err() error {
	if c.n.Add(-1) == 0 {
		c.cancel()
	}
	return c.Context.Err()
}

// TestCancelledWriteStoresNothing: the statements of a write run under a
// context that is never cancelled (so that the driver does not watch each
// one on a goroutine of its own); the write must still stop between rows
// when its own context ends, and its transaction must leave nothing.
func TestCancelledWriteStoresNothing(t *testing.T) {
	s := openTest(t, Options{Tagger: &fakeTagger{version: "v1"}})
	var ps []posting.Posting
	for i := range 3000 {
		ps = append(ps, job(fmt.Sprint(i), "Golang 开发", fmt.Sprintf("第 %d 个岗位：微服务", i)))
	}
	for _, after := range []int64{1, 500, 2999} {
		ctx := newCancelAfter(after)
		_, err := s.UpsertBatch(ctx, ps)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled at Err call %d: err = %v, want context.Canceled", after, err)
		}
		sm, err := s.Summary(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if sm.Records != 0 {
			t.Fatalf("cancelled at Err call %d: %d postings stored, want none", after, sm.Records)
		}
	}
	c, err := s.UpsertBatch(context.Background(), ps)
	if err != nil || c.New != len(ps) {
		t.Fatalf("after the cancelled writes: %+v, %v; want %d new", c, err, len(ps))
	}
	// The job keys are written in the same way.
	keys := map[int64]int64{}
	for i := range int64(len(ps)) {
		keys[i+1] = 7
	}
	if err := s.SetJobKeys(newCancelAfter(3), keys); !errors.Is(err, context.Canceled) {
		t.Fatalf("SetJobKeys: err = %v, want context.Canceled", err)
	}
	var moved int
	if err := s.db.QueryRow(`SELECT count(*) FROM postings WHERE job_key = 7`).Scan(&moved); err != nil || moved != 0 {
		t.Fatalf("%d job keys written by a cancelled SetJobKeys (%v), want none", moved, err)
	}
}
