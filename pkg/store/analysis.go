package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// The read side of the analyzer: counts per year and source, the cache of
// segmented text, and a stream of deduplicated documents.

// filterSQL selects the job postings of a Filter, for a table aliased p;
// its arguments come from Filter.args. Lists travel as one JSON array
// argument (json_each), so no SQL is ever built from values.
const filterSQL = `p.kind = 'job' AND (p.year BETWEEN ? AND ? OR (? AND p.year IS NULL))
    AND (json_array_length(?) = 0 OR p.source IN (SELECT value FROM json_each(?)))
    AND (? OR p.source NOT LIKE '%` + SyntheticSuffix + `')`

const (
	qYearCounts = `SELECT p.year, p.source, count(DISTINCT p.repost_key),
    count(DISTINCT CASE WHEN s.posting_id IS NOT NULL THEN p.repost_key END)
    FROM postings p LEFT JOIN posting_skills s ON s.posting_id = p.id AND s.skill = ?
    WHERE ` + filterSQL + `
    GROUP BY p.year, p.source ORDER BY p.year, p.source`

	qPutTerms = `INSERT INTO posting_terms (posting_id, content_hash, seg_version, terms) VALUES (?, ?, ?, ?)
    ON CONFLICT (posting_id) DO UPDATE SET content_hash = excluded.content_hash,
    seg_version = excluded.seg_version, terms = excluded.terms`

	qCountStaleTerms = `SELECT count(*) FROM postings p INDEXED BY postings_narrow
    LEFT JOIN posting_terms t INDEXED BY posting_terms_key ON t.posting_id = p.id
    WHERE p.kind = 'job' AND (t.posting_id IS NULL OR t.content_hash <> p.content_hash OR t.seg_version <> ?)`

	qYearRange = `SELECT min(p.year), max(p.year) FROM postings p WHERE ` + filterSQL + `
    AND p.year IS NOT NULL`
)

// SyntheticSuffix marks a source of generated, not real, postings (the demo
// board's "demo-generated", benchmarks' synthesized corpora). Such sources
// are left out of statistics unless a Filter asks for them.
const SyntheticSuffix = "-generated"

// Filter selects the job postings a statistic covers.
type Filter struct {
	From, To  int      // inclusive year range; To 0 means no upper bound
	Sources   []string // only these sources; empty means every source
	Datasets  []string // only these datasets (for the per-dataset reads); empty means every one
	Synthetic bool     // include synthetic sources (see SyntheticSuffix)
	// Undated includes job postings with no year (reads that need no date,
	// such as a company's keywords over all its postings).
	Undated bool
}

func (f Filter) args() []any {
	to := f.To
	if to == 0 {
		to = 9999
	}
	srcs := f.Sources
	if srcs == nil {
		srcs = []string{}
	}
	js, _ := json.Marshal(srcs) // a []string always marshals
	return []any{f.From, to, f.Undated, string(js), string(js), f.Synthetic}
}

// YearCount is the number of distinct postings (exact reposts once) of one
// source in one year, and how many of them have the skill.
type YearCount struct {
	Year    int
	Source  string
	Total   int
	Matched int
}

// YearCounts counts the job postings of f per year and source, with the
// number tagged with skill. Tags must be current (see Retag).
func (s *Store) YearCounts(ctx context.Context, skill string, f Filter) ([]YearCount, error) {
	rows, err := s.db.QueryContext(ctx, qYearCounts, append([]any{skill}, f.args()...)...)
	if err != nil {
		return nil, fmt.Errorf("year counts: %w", err)
	}
	defer rows.Close()
	var out []YearCount
	for rows.Next() {
		var c YearCount
		if err := rows.Scan(&c.Year, &c.Source, &c.Total, &c.Matched); err != nil {
			return nil, fmt.Errorf("year counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TextRow is a posting whose segmented text is missing or stale.
type TextRow struct {
	ID          int64
	ContentHash string
	Title       string
	Description string
}

// Terms is the cached segmentation of one posting.
type Terms struct {
	ID          int64
	ContentHash string
	Blob        []byte
}

// PutTerms caches segmented text made by segmenter version, in one
// transaction.
func (s *Store) PutTerms(ctx context.Context, version string, ts []Terms) error {
	if s.readOnly {
		s.mem.put(version, ts)
		return nil
	}
	err := s.withRowsTx(ctx, func(sctx context.Context, tx *sql.Tx) error {
		st, err := tx.PrepareContext(sctx, qPutTerms)
		if err != nil {
			return err
		}
		defer st.Close()
		for i, t := range ts {
			if err := rowsDone(ctx, i); err != nil {
				return err
			}
			if _, err := st.ExecContext(sctx, t.ID, t.ContentHash, version, t.Blob); err != nil {
				return fmt.Errorf("posting %d: %w", t.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put terms: %w", err)
	}
	return nil
}

// Doc is one distinct job posting as the analyzer reads it.
type Doc struct {
	ID      int64
	Source  string
	Year    int
	Company string
	Terms   []byte // cached segmentation; nil when not cached for this version
	Matched bool   // tagged with the skill asked for
}

// YearRange is the span of years with job postings of f (its From and To
// still bound it); ok is false when there are none.
func (s *Store) YearRange(ctx context.Context, f Filter) (from, to int, ok bool, err error) {
	var lo, hi sql.NullInt64
	err = s.db.QueryRowContext(ctx, qYearRange, f.args()...).Scan(&lo, &hi)
	if err != nil {
		return 0, 0, false, fmt.Errorf("year range: %w", err)
	}
	return int(lo.Int64), int(hi.Int64), lo.Valid, nil
}

// CountStaleTerms counts the postings StaleTerms would return, for progress.
func (s *Store) CountStaleTerms(ctx context.Context, version string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qCountStaleTerms, version).Scan(&n); err != nil {
		return 0, fmt.Errorf("count stale terms: %w", err)
	}
	return max(0, n-s.mem.len()), nil
}

// CompanyCount is the number of distinct postings under one company name as
// written, and how many have the skill.
type CompanyCount struct {
	Company  string
	Postings int
	Matched  int
}
