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
		// A writer holding the lock (an import) must not make the reader
		// wait: the counts are then simply not kept this time.
		wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		b, err := json.Marshal(keptEntry[T]{Generation: gen, Rows: rows})
		if err == nil {
			if _, err := s.exec(wctx, qPutState, name, string(b), formatTime(s.now())); err != nil && ctx.Err() != nil {
				cancel()
				return zero, fmt.Errorf("keeping %s: %w", name, ctx.Err())
			}
		}
		cancel()
	}
	return rows, nil
}

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
