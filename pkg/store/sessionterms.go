package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// A Session also caches segmented text and near-duplicate sketches for a
// segmenter that follows it (trend.Follow): PutTerms and PutSketches hand
// them to the session, whose next batch writes them in its own
// transaction. Writing them in transactions of their own instead starved:
// SQLite lets a waiting writer in only when its busy handler happens to
// poll between two of the import's transactions, and an import begins the
// next one at once, so the segmenter's writes waited out the busy timeout
// and failed (measured: 19,000 of 1,000,000 postings segmented during a
// 1M-row import). Once the session has no more batches (EndWrites), they
// are written at once.

// maxHeldTerms bounds the rows (terms and sketches) a session holds for its
// next batch; past it PutTerms and PutSketches write them themselves,
// waiting for the lock.
const maxHeldTerms = 16384

type heldTerms struct {
	mu    sync.Mutex
	ended bool
	ts    []versionTerms
	sk    []versionSketches
	n     int
}

type versionTerms struct {
	version string
	ts      []Terms
}

type versionSketches struct {
	version int
	rows    []SketchRow
}

// PutTerms is Store.PutTerms within the session (see above).
func (ss *Session) PutTerms(ctx context.Context, version string, ts []Terms) error {
	h := &ss.held
	if h.hold(len(ts), func() { h.ts = append(h.ts, versionTerms{version, ts}) }) {
		return nil
	}
	return ss.s.PutTerms(ctx, version, ts)
}

// PutSketches is Store.PutSketches within the session, as PutTerms.
func (ss *Session) PutSketches(ctx context.Context, version int, rows []SketchRow) error {
	h := &ss.held
	if h.hold(len(rows), func() { h.sk = append(h.sk, versionSketches{version, rows}) }) {
		return nil
	}
	return ss.s.PutSketches(ctx, version, rows)
}

// hold runs add, which keeps n rows for the session's next batch, unless
// the session writes no more batches or holds enough already; it says
// whether it did.
func (h *heldTerms) hold(n int, add func()) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ended || h.n+n > maxHeldTerms {
		return false
	}
	add()
	h.n += n
	return true
}

// PendingTerms is Store.PendingTerms.
func (ss *Session) PendingTerms(ctx context.Context, version string, after int64, limit int) ([]TextRow, error) {
	return ss.s.PendingTerms(ctx, version, after, limit)
}

// CountStaleTerms is Store.CountStaleTerms.
func (ss *Session) CountStaleTerms(ctx context.Context, version string) (int, error) {
	return ss.s.CountStaleTerms(ctx, version)
}

// EndWrites says the session writes no more batches: the terms it holds
// are written now, and later ones at once.
func (ss *Session) EndWrites(ctx context.Context) error {
	h := &ss.held
	h.mu.Lock()
	h.ended = true
	held, sketches := h.take()
	h.mu.Unlock()
	for _, v := range held {
		if err := ss.s.PutTerms(ctx, v.version, v.ts); err != nil {
			return err
		}
	}
	for _, v := range sketches {
		if err := ss.s.PutSketches(ctx, v.version, v.rows); err != nil {
			return err
		}
	}
	return nil
}

// take empties the held terms and sketches; h.mu is held.
func (h *heldTerms) take() ([]versionTerms, []versionSketches) {
	ts, sk := h.ts, h.sk
	h.ts, h.sk, h.n = nil, nil, 0
	return ts, sk
}

// writeHeldTerms writes the terms and sketches held for this batch in its
// transaction.
func (ss *Session) writeHeldTerms(ctx, sctx context.Context, tx *sql.Tx) error {
	h := &ss.held
	h.mu.Lock()
	held, sketches := h.take()
	h.mu.Unlock()
	if len(held) > 0 {
		st, err := tx.PrepareContext(sctx, qPutTerms)
		if err != nil {
			return fmt.Errorf("put terms: %w", err)
		}
		defer st.Close()
		for _, v := range held {
			for i, t := range v.ts {
				if err := rowsDone(ctx, i); err != nil {
					return err
				}
				if _, err := st.ExecContext(sctx, t.ID, t.ContentHash, v.version, t.Blob); err != nil {
					return fmt.Errorf("put terms of posting %d: %w", t.ID, err)
				}
			}
		}
	}
	if len(sketches) > 0 {
		st, err := tx.PrepareContext(sctx, qPutSketch)
		if err != nil {
			return fmt.Errorf("put sketches: %w", err)
		}
		defer st.Close()
		for _, v := range sketches {
			for i, r := range v.rows {
				if err := rowsDone(ctx, i); err != nil {
					return err
				}
				if _, err := st.ExecContext(sctx, r.ID, r.ContentHash, v.version, r.Sketch); err != nil {
					return fmt.Errorf("sketch of posting %d: %w", r.ID, err)
				}
			}
		}
	}
	return nil
}
