package store

import (
	"context"
	"database/sql"
	"fmt"
)

// The straightforward forms of the analyzer's reads, kept as oracles: the
// fast versions in analysis_perf.go (PendingTerms, CompanyCounts,
// DocStream) and shares.go (ShareCells, PooledCells, DistinctCounts) must
// answer exactly what these answer (analysis_perf_test.go).

// dedupSQL is one posting per company and job (job_key) of a Filter: the
// company's first posting of the job, and whether any of them has the
// skill (the first argument).
const dedupSQL = `(SELECT min(p.id) AS id,
        max(EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)) AS any_matched
    FROM postings p WHERE ` + filterSQL + ` GROUP BY p.job_key, p.company)`

const (
	qStaleTerms = `SELECT p.id, p.content_hash, p.title, p.description FROM postings p
    LEFT JOIN posting_terms t ON t.posting_id = p.id
    WHERE p.kind = 'job' AND p.id > ?
      AND (t.posting_id IS NULL OR t.content_hash <> p.content_hash OR t.seg_version <> ?)
    ORDER BY p.id LIMIT ?`
	qDocs = `SELECT p.id, p.source, p.year, p.company, t.terms,
    EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
    FROM ` + dedupSQL + ` d
    JOIN postings p ON p.id = d.id
    LEFT JOIN posting_terms t ON t.posting_id = p.id AND t.seg_version = ? AND t.content_hash = p.content_hash`
	qCompanies = `SELECT p.company, count(*), sum(d.any_matched)
    FROM ` + dedupSQL + ` d
    JOIN postings p ON p.id = d.id
    WHERE p.company <> ''
    GROUP BY p.company`
)

// StaleTerms returns up to limit postings after id `after` (in id order)
// whose cached terms are missing, or were made from other content or by
// another segmenter version. Paging by id keeps memory bounded however
// large the store.
func (s *Store) StaleTerms(ctx context.Context, version string, after int64, limit int) ([]TextRow, error) {
	rows, err := s.db.QueryContext(ctx, qStaleTerms, after, version, limit)
	if err != nil {
		return nil, fmt.Errorf("stale terms: %w", err)
	}
	defer rows.Close()
	var out []TextRow
	for rows.Next() {
		var r TextRow
		if err := rows.Scan(&r.ID, &r.ContentHash, &r.Title, &r.Description); err != nil {
			return nil, fmt.Errorf("stale terms: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Docs streams one document per company and job of f to fn, with its cached
// terms of segmenter version. The Terms slice is only valid during the call.
func (s *Store) Docs(ctx context.Context, skill string, f Filter, version string, fn func(*Doc) error) error {
	args := append(append([]any{skill, skill}, f.args()...), version)
	rows, err := s.db.QueryContext(ctx, qDocs, args...)
	if err != nil {
		return fmt.Errorf("docs: %w", err)
	}
	defer rows.Close()
	var d Doc
	for rows.Next() {
		var terms sql.RawBytes
		if err := rows.Scan(&d.ID, &d.Source, &d.Year, &d.Company, &terms, &d.Matched); err != nil {
			return fmt.Errorf("docs: %w", err)
		}
		d.Terms = terms
		if err := fn(&d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Companies counts the distinct job postings of f per company name (as
// written; the caller merges names of one employer).
func (s *Store) Companies(ctx context.Context, skill string, f Filter) ([]CompanyCount, error) {
	rows, err := s.db.QueryContext(ctx, qCompanies, append([]any{skill}, f.args()...)...)
	if err != nil {
		return nil, fmt.Errorf("companies: %w", err)
	}
	defer rows.Close()
	var out []CompanyCount
	for rows.Next() {
		var c CompanyCount
		if err := rows.Scan(&c.Company, &c.Postings, &c.Matched); err != nil {
			return nil, fmt.Errorf("companies: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// The share reads as SQL grouped them (in a temporary B-tree per group).
const (
	// A repost group (exact reposts: one company, title and text on one
	// source) counts once per dataset and year, in the first month it
	// appeared that year.
	qShareCells = `SELECT dataset_id, year, month, company, count(*), sum(matched) FROM (
        SELECT m.dataset_id, m.year, min(m.month) AS month, min(p.company) AS company,
            max(EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)) AS matched
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.dataset_id, m.year, p.repost_key)
    GROUP BY dataset_id, year, month, company`

	// Distinct jobs: near-duplicates (one job_key) count once per dataset
	// and year, and once per year across the datasets asked for.
	qDistinctCells = `SELECT m.dataset_id, m.year, count(DISTINCT p.job_key),
        count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
            THEN p.job_key END)
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.dataset_id, m.year`
	qPooledDistinct = `SELECT m.year, count(DISTINCT p.job_key),
        count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
            THEN p.job_key END)
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.year`

	// The pooled level of a year across datasets counts a repost group
	// once even when two datasets hold it.
	qPooledCells = `SELECT year, company, count(*), sum(matched) FROM (
        SELECT m.year, min(p.company) AS company,
            max(EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)) AS matched
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        WHERE ` + memberFilterSQL + `
        GROUP BY m.year, p.repost_key)
    GROUP BY year, company`
)

func (s *Store) shareCellsSQL(ctx context.Context, skill string, f Filter) ([]Cell, error) {
	return s.cellsSQL(ctx, qShareCells, true, skill, f)
}

func (s *Store) pooledCellsSQL(ctx context.Context, skill string, f Filter) ([]Cell, error) {
	return s.cellsSQL(ctx, qPooledCells, false, skill, f)
}

func (s *Store) cellsSQL(ctx context.Context, q string, perDataset bool, skill string, f Filter) ([]Cell, error) {
	rows, err := s.db.QueryContext(ctx, q, append([]any{skill}, f.memberArgs()...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Cell
	for rows.Next() {
		var c Cell
		if perDataset {
			err = rows.Scan(&c.Dataset, &c.Year, &c.Month, &c.Company, &c.Total, &c.Matched)
		} else {
			err = rows.Scan(&c.Year, &c.Company, &c.Total, &c.Matched)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Store) distinctCountsSQL(ctx context.Context, skill string, f Filter) ([]DistinctCount, error) {
	args := append([]any{skill}, f.memberArgs()...)
	var out []DistinctCount
	for _, q := range []string{qDistinctCells, qPooledDistinct} {
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var c DistinctCount
			if q == qDistinctCells {
				err = rows.Scan(&c.Dataset, &c.Year, &c.Total, &c.Matched)
			} else {
				err = rows.Scan(&c.Year, &c.Total, &c.Matched)
			}
			if err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// The co-skill cells as SQL grouped them.
const qCoSkillCells = `SELECT dataset_id, year, month, company, skill, count(*) FROM (
        SELECT m.dataset_id, m.year, min(m.month) AS month, min(p.company) AS company, s2.skill
        FROM posting_datasets m JOIN postings p ON p.id = m.posting_id JOIN datasets d ON d.id = m.dataset_id
        JOIN posting_skills s1 ON s1.posting_id = p.id AND s1.skill = ?
        JOIN posting_skills s2 ON s2.posting_id = p.id AND s2.skill <> s1.skill
        WHERE ` + memberFilterSQL + `
        GROUP BY m.dataset_id, m.year, p.repost_key, s2.skill)
    GROUP BY dataset_id, year, month, company, skill`

func (s *Store) coSkillCellsSQL(ctx context.Context, with string, f Filter) ([]CoSkillCell, error) {
	rows, err := s.db.QueryContext(ctx, qCoSkillCells, append([]any{with}, f.memberArgs()...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CoSkillCell
	for rows.Next() {
		var c CoSkillCell
		if err := rows.Scan(&c.Dataset, &c.Year, &c.Month, &c.Company, &c.Skill, &c.Matched); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
