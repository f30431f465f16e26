package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The totals of `analyze query` — distinct job postings per year and
// source, which do not depend on the terms — are one pass over every
// posting of the filter, the part of a query that grows with the store
// (half a second at a million postings). They are kept in analysis_state,
// keyed by the filter and valid for one write generation: every
// transaction that inserts or changes a posting bumps the generation (one
// small row per batch), so a query after an import counts once and the
// next ones read the counts back.

const (
	generationName  = "postings_generation"
	qBumpGeneration = `INSERT INTO analysis_state (name, value, updated_at) VALUES ('` + generationName + `', '1', ?)
    ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1, updated_at = excluded.updated_at`
	qGeneration = `SELECT coalesce((SELECT value FROM analysis_state WHERE name = '` + generationName + `'), '0')
    || '/' || coalesce((SELECT max(id) FROM postings), 0)`
)

// totalsEntry is what analysis_state keeps for one filter.
type totalsEntry struct {
	Generation string      `json:"generation"`
	Rows       []YearCount `json:"rows"`
}

// totalYears returns the totals of f: kept ones when they are of the
// current generation, else counted (and kept, when the store may be
// written and the lock is free at once).
func (s *Store) totalYears(ctx context.Context, f Filter) ([]YearCount, error) {
	var gen string
	if err := s.db.QueryRowContext(ctx, qGeneration).Scan(&gen); err != nil {
		return nil, err
	}
	key, _ := json.Marshal(f.args()) // ints, strings and a bool always marshal
	name := "query-totals:" + string(key)
	var kept string
	err := s.db.QueryRowContext(ctx, qGetState, name).Scan(&kept)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var e totalsEntry
	if err == nil && json.Unmarshal([]byte(kept), &e) == nil && e.Generation == gen {
		return e.Rows, nil
	}
	rows, err := s.db.QueryContext(ctx, qTotalYears, f.args()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	e = totalsEntry{Generation: gen, Rows: []YearCount{}}
	for rows.Next() {
		var c YearCount
		if err := rows.Scan(&c.Year, &c.Source, &c.Total); err != nil {
			return nil, err
		}
		e.Rows = append(e.Rows, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !s.readOnly {
		// A writer holding the lock (an import) must not make the query
		// wait: the counts are then simply not kept this time.
		wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		b, _ := json.Marshal(e)
		if _, err := s.exec(wctx, qPutState, name, string(b), formatTime(s.now())); err != nil && ctx.Err() != nil {
			cancel()
			return nil, fmt.Errorf("keeping the totals: %w", ctx.Err())
		}
		cancel()
	}
	return e.Rows, nil
}
