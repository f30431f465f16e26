package store

import (
	"context"
	"database/sql"
	"fmt"
)

// skill_postings (migration 0010) is what a skill's query reads: per skill,
// its job postings with what the query counts. Triggers keep it in step
// for the postings it covers; IndexSkills adds the rest.

const (
	qSkillRowsReady = `SELECT (SELECT id FROM skill_postings_through) >= (SELECT coalesce(max(id), 0) FROM postings)`
	qSkillRowsSpan  = `SELECT (SELECT id FROM skill_postings_through), (SELECT coalesce(max(id), 0) FROM postings)`
	// Sorted by the table's key: each batch appends in order, where the
	// rows in posting order would land on hundreds of pages in turn.
	qAddSkillRows = `INSERT INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
    SELECT s.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)
    FROM posting_skills s INDEXED BY posting_skills_posting CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = s.posting_id
    WHERE s.posting_id > ?1 AND s.posting_id <= ?2 AND p.kind = 'job'
    ORDER BY 1, 2, 3, 4`
	qSetSkillRowsThrough = `UPDATE skill_postings_through SET id = ?`
)

// skillRowsBatch is how many posting ids IndexSkills covers per
// transaction (a variable so tests can make it small).
var skillRowsBatch int64 = 100_000

// IndexSkills adds to skill_postings the postings stored since it last
// ran, a batch of postings per transaction, and returns how many posting
// ids it covered. An interrupted run keeps its finished batches; the next
// continues after them. Until it has run, skill queries read the slower
// way (from the match set), with the same results.
func (s *Store) IndexSkills(ctx context.Context) (int, error) {
	ready, err := s.skillRowsReady(ctx)
	if err != nil || ready {
		return 0, wrapErr("index skills", err)
	}
	if s.readOnly {
		return 0, ErrStaleReadOnly
	}
	total := 0
	for {
		done := false
		err := s.withTx(ctx, func(tx *sql.Tx) error {
			var from, last int64
			if err := tx.QueryRowContext(ctx, qSkillRowsSpan).Scan(&from, &last); err != nil {
				return err
			}
			if from >= last {
				done = true
				return nil
			}
			to := min(last, from+skillRowsBatch)
			if _, err := tx.ExecContext(ctx, qAddSkillRows, from, to); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, qSetSkillRowsThrough, to); err != nil {
				return err
			}
			total += int(to - from)
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("index skills: %w", err)
		}
		if done {
			return total, nil
		}
	}
}

// skillRowsReady says whether skill_postings covers every posting.
func (s *Store) skillRowsReady(ctx context.Context) (bool, error) {
	var ready bool
	err := s.db.QueryRowContext(ctx, qSkillRowsReady).Scan(&ready)
	return ready, err
}
