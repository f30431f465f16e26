package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Reads for the analyzer, written so that a report stays fast as the store
// grows. Each answers exactly what a plain query answers (the plain forms,
// StaleTerms, Companies and Docs, are the oracles the tests compare them
// with, in analysis_oracle_test.go) but avoids what made the plain form slow
// on a 100,000-posting store (bench/README.md):
//
//   - PendingTerms walks postings in rowid order. qStaleTerms, with the
//     kind index, made SQLite read and sort every remaining posting (title
//     and description included) for each page of 512: a cold report of
//     100k postings spent most of its time there.
//   - CompanyCounts walks postings once in rowid order, as DocStream
//     does, counting the first posting of each repost group; grouping by
//     repost key in SQL (a temporary B-tree of every group) cost 4 s at a
//     million postings.
//   - DocStream walks postings once in rowid order and merges repost
//     groups as it goes (see there).
//
// (Memory-mapped reads, PRAGMA mmap_size, made a warm report of 100k
// postings 20% faster but count every mapped page of the file in the
// process's resident set: 490 MB instead of 49 MB. Not worth it.)

const (
	// qPendingTerms finds the postings to segment through the narrow
	// indexes (postings_narrow, posting_terms_key), reading no text, in id
	// order; qTextOf then reads the text of those few.
	qPendingTerms = `SELECT p.id FROM postings p INDEXED BY postings_narrow
    LEFT JOIN posting_terms t INDEXED BY posting_terms_key ON t.posting_id = p.id
    WHERE p.id > ? AND p.kind = 'job'
      AND (t.posting_id IS NULL OR t.content_hash <> p.content_hash OR t.seg_version <> ?)
    ORDER BY p.id LIMIT ?`
	qTextOf = `SELECT id, content_hash, title, description FROM postings
    WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`

	// qCompanyRows walks the job postings of a filter in rowid order, as
	// qDocStream does; CompanyCounts counts each company's jobs (job_key:
	// exact reposts and near-duplicates) once.
	qCompanyRows = `SELECT p.job_key, p.company,
    EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
    FROM postings p INDEXED BY postings_narrow
    WHERE ` + filterSQL + `
    ORDER BY p.id`

	// qDocStream walks the job postings of a filter in rowid order (each
	// row once, posting_terms joined in its own key order); DocStream
	// keeps a company's first posting of each job, which is dedupSQL's
	// min(id).
	qDocStream = `SELECT p.id, p.job_key, p.source, coalesce(p.year, 0), p.company, t.terms, p.content_hash,
    EXISTS (SELECT 1 FROM posting_skills s WHERE s.posting_id = p.id AND s.skill = ?)
    FROM postings p INDEXED BY postings_narrow
    LEFT JOIN posting_terms t ON t.posting_id = p.id AND t.seg_version = ? AND t.content_hash = p.content_hash
    WHERE ` + filterSQL + `
    ORDER BY p.id`
)

// PendingTerms is StaleTerms (same rows, same order) at a cost that grows
// with the page, not with the store.
func (s *Store) PendingTerms(ctx context.Context, version string, after int64, limit int) ([]TextRow, error) {
	for {
		out, last, n, err := s.pendingPage(ctx, version, after, limit)
		// A read-only store skips the postings it segmented in memory; a
		// page of only those is not the end.
		if err != nil || len(out) > 0 || n < limit {
			return out, err
		}
		after = last
	}
}

// pendingPage is one page of PendingTerms: the rows still to segment, the
// last id read and how many rows were read.
func (s *Store) pendingPage(ctx context.Context, version string, after int64, limit int) ([]TextRow, int64, int, error) {
	ids, err := s.pendingIDs(ctx, qPendingTerms, after, version, limit)
	if err != nil || len(ids) == 0 {
		return nil, after, 0, wrapErr("stale terms", err)
	}
	all, err := s.textOf(ctx, ids)
	if err != nil {
		return nil, after, len(ids), fmt.Errorf("stale terms: %w", err)
	}
	out := all[:0]
	for _, r := range all {
		if _, kept := s.mem.get(r.ID, r.ContentHash, version); !kept {
			out = append(out, r)
		}
	}
	return out, ids[len(ids)-1], len(ids), nil
}

// pendingIDs runs a query of the ids of stale postings after an id.
func (s *Store) pendingIDs(ctx context.Context, query string, after int64, version any, limit int) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, query, after, version, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// textOf reads the text of postings, in id order.
func (s *Store) textOf(ctx context.Context, ids []int64) ([]TextRow, error) {
	b, _ := json.Marshal(ids) // []int64 always marshals
	rows, err := s.db.QueryContext(ctx, qTextOf, string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TextRow
	for rows.Next() {
		var r TextRow
		if err := rows.Scan(&r.ID, &r.ContentHash, &r.Title, &r.Description); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CompanyCounts is Companies (the same counts, by company name) in one
// pass over the index, without a sort. A company's count is of its
// distinct jobs: its postings merged by job key (exact reposts and
// near-duplicates), so an ad it posted ten times counts once, and a
// template several companies post counts once for each of them. A job
// matches when any of the company's postings of it has the skill.
// DocStream's document of the job is the company's first posting of it,
// matched by that posting's tags alone (a single pass cannot see the later
// ones): a near-duplicate that adds the skill makes the job count as
// matched here while its words stay out of keywords scoped to the skill.
func (s *Store) CompanyCounts(ctx context.Context, skill string, f Filter) ([]CompanyCount, error) {
	rows, err := s.db.QueryContext(ctx, qCompanyRows, append([]any{skill}, f.args()...)...)
	if err != nil {
		return nil, fmt.Errorf("companies: %w", err)
	}
	defer rows.Close()
	// The company's jobs seen, and whether each matched yet.
	type companyJob struct {
		job int64
		cc  *CompanyCount
	}
	seen := map[companyJob]bool{}
	byName := map[string]*CompanyCount{}
	var (
		key     int64
		company sql.RawBytes
		matched bool
	)
	for rows.Next() {
		if err := rows.Scan(&key, &company, &matched); err != nil {
			return nil, fmt.Errorf("companies: %w", err)
		}
		if len(company) == 0 {
			continue
		}
		cc := byName[string(company)]
		if cc == nil {
			cc = &CompanyCount{Company: string(company)}
			byName[cc.Company] = cc
		}
		k := companyJob{key, cc}
		if was, dup := seen[k]; dup {
			// A later posting of a job already counted: it can only add
			// the skill.
			if matched && !was {
				seen[k] = true
				cc.Matched++
			}
			continue
		}
		seen[k] = matched
		cc.Postings++
		if matched {
			cc.Matched++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("companies: %w", err)
	}
	out := make([]CompanyCount, 0, len(byName))
	for _, cc := range byName {
		out = append(out, *cc)
	}
	slices.SortFunc(out, func(a, b CompanyCount) int { return strings.Compare(a.Company, b.Company) })
	return out, nil
}

// DocStream is Docs (the same documents; order unspecified) at a third of
// its cost on a 100,000-posting store: one pass over postings in rowid
// order instead of a GROUP BY whose result, in job-key order, was then
// joined to postings and posting_terms by random access. A company's
// postings of one job (exact reposts and near-duplicates: one ad under ten
// ids is one document, not ten votes for its words) are merged here,
// keeping the first in id order, as dedupSQL's min(id) does; companies
// are numbered as they come, so the set seen costs 12 bytes a document.
// The Doc and its Terms are only valid during the call.
func (s *Store) DocStream(ctx context.Context, skill string, f Filter, version string, fn func(*Doc) error) error {
	args := append([]any{skill, version}, f.args()...)
	rows, err := s.db.QueryContext(ctx, qDocStream, args...)
	if err != nil {
		return fmt.Errorf("docs: %w", err)
	}
	defer rows.Close()
	type companyJob struct {
		job     int64
		company int32
	}
	seen := make(map[companyJob]struct{})
	companies := map[string]int32{}
	var d Doc
	for rows.Next() {
		var key int64
		var terms, hash sql.RawBytes
		if err := rows.Scan(&d.ID, &key, &d.Source, &d.Year, &d.Company, &terms, &hash, &d.Matched); err != nil {
			return fmt.Errorf("docs: %w", err)
		}
		co, ok := companies[d.Company]
		if !ok {
			co = int32(len(companies))
			companies[d.Company] = co
		}
		k := companyJob{key, co}
		if _, dup := seen[k]; dup {
			continue
		}
		seen[k] = struct{}{}
		d.Terms = terms
		if terms == nil && s.readOnly {
			d.Terms, _ = s.mem.get(d.ID, string(hash), version)
		}
		if err := fn(&d); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("docs: %w", err)
	}
	return nil
}
