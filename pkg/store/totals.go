package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Counts that do not depend on what is asked — distinct job postings per
// year and source (the totals of `analyze query`), each dataset's postings
// per skill (every report) — are passes over every posting, the part of a
// query or a report that grows with the store (half a second and eleven
// seconds at a million postings). They are kept in analysis_state, valid
// for one write generation: every transaction that inserts or changes a
// posting or its tags bumps the generation (one small row per batch), so
// the first query or report after an import counts and the next ones read
// the counts back.

const (
	generationName  = "postings_generation"
	qBumpGeneration = `INSERT INTO analysis_state (name, value, updated_at) VALUES ('` + generationName + `', '1', ?)
    ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1, updated_at = excluded.updated_at`
	qGeneration = `SELECT coalesce((SELECT value FROM analysis_state WHERE name = '` + generationName + `'), '0')
    || '/' || coalesce((SELECT max(id) FROM postings), 0)`
)

// keptEntry is what analysis_state keeps for one count.
type keptEntry[T any] struct {
	Generation string `json:"generation"`
	Rows       T      `json:"rows"`
}

// keptPerGeneration returns the count kept under name when it is of the
// current generation, else computes it (and keeps it, when the store may
// be written and the lock is free at once).
func keptPerGeneration[T any](ctx context.Context, s *Store, name string, compute func() (T, error)) (T, error) {
	var zero T
	var gen string
	if err := s.db.QueryRowContext(ctx, qGeneration).Scan(&gen); err != nil {
		return zero, err
	}
	var kept string
	err := s.db.QueryRowContext(ctx, qGetState, name).Scan(&kept)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return zero, err
	}
	var e keptEntry[T]
	if err == nil && json.Unmarshal([]byte(kept), &e) == nil && e.Generation == gen {
		return e.Rows, nil
	}
	rows, err := compute()
	if err != nil {
		return zero, err
	}
	if !s.readOnly {
		if err := s.keep(ctx, name, keptEntry[T]{Generation: gen, Rows: rows}); err != nil {
			return zero, err
		}
	}
	return rows, nil
}

// keep stores a kept value. A writer of this process (the report's
// near-duplicate pass or segmentation, beside which these counts are read)
// writes in short transactions and is waited for, up to keepWait; another
// process's writer (an import) must not make the reader wait, so SQLite's
// lock is waited for 50 ms at most. Past either, the value is simply not
// kept this time.
func (s *Store) keep(ctx context.Context, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	lctx, cancelLock := context.WithTimeout(ctx, keepWait)
	unlock, err := s.lockWrites(lctx)
	cancelLock()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("keeping %s: %w", name, ctx.Err())
		}
		return nil
	}
	defer unlock()
	wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := s.db.ExecContext(wctx, qPutState, name, string(b), formatTime(s.now())); err != nil && ctx.Err() != nil {
		return fmt.Errorf("keeping %s: %w", name, ctx.Err())
	}
	return nil
}

// keepWait bounds how long keep waits for a writer of this process.
const keepWait = 10 * time.Second

// totalYears returns the totals of f, kept per generation.
func (s *Store) totalYears(ctx context.Context, f Filter) ([]YearCount, error) {
	key, _ := json.Marshal(f.args()) // ints, strings and a bool always marshal
	return keptPerGeneration(ctx, s, "query-totals:"+string(key), func() ([]YearCount, error) {
		rows, err := s.db.QueryContext(ctx, qTotalYears, f.args()...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []YearCount{}
		for rows.Next() {
			var c YearCount
			if err := rows.Scan(&c.Year, &c.Source, &c.Total); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	})
}
