package store

import (
	"context"
	"database/sql"
	"fmt"
)

// skill_postings (migrations 0010, 0011) is what a skill's query reads:
// per skill, its job postings with what the query counts, in the orders
// that make its distinct counts ordered passes. Triggers keep it in step
// for the postings it covers (up to skill_postings_through); queries read
// the postings stored since from posting_skills beside it, and IndexSkills
// merges them in once they are many.

const (
	qSkillRowsReady = `SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'index'
        AND name IN ('skill_postings_company', 'skill_postings_posted')`
	qSkillRowsSpan = `SELECT (SELECT id FROM skill_postings_through), (SELECT coalesce(max(id), 0) FROM postings)`
	// Sorted by the table's key, so a batch's rows go in in key order
	// rather than in posting order, page after page.
	qAddSkillRows = `INSERT INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
    SELECT s.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)
    FROM posting_skills s INDEXED BY posting_skills_posting CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = s.posting_id
    WHERE s.posting_id > ?1 AND s.posting_id <= ?2 AND p.kind = 'job'
    ORDER BY 1, 2, 3, 5, 4`
	qSetSkillRowsThrough = `UPDATE skill_postings_through SET id = ?`
	// The covered postings whose tags are stale (the version index's two
	// ranges, as qAnyStaleTags reads them).
	qStaleCoveredTags = `SELECT count(*) FROM postings WHERE (tags_version IS NULL OR tags_version < ?1 OR tags_version > ?1)
        AND id <= (SELECT id FROM skill_postings_through)`
	qForgetSkillRows = `DELETE FROM skill_postings; UPDATE skill_postings_through SET id = 0`
	// The table's indexes, as migration 0011 creates them (a test holds
	// the two to the same text).
	qDropSkillIndexes   = `DROP INDEX IF EXISTS skill_postings_company; DROP INDEX IF EXISTS skill_postings_posted`
	qCreateSkillIndexes = `CREATE INDEX IF NOT EXISTS skill_postings_company ON skill_postings (skill, company, repost_key);
CREATE INDEX IF NOT EXISTS skill_postings_posted ON skill_postings (skill, year, posted, posting_id)`
)

// skillRowsBatch is how many posting ids IndexSkills covers per
// transaction, and skillMergeAt how many postings may wait outside the
// table before it merges them (variables so tests can make them small).
// A fresh posting's rows go where its repost group's hash and its
// company's name sort: a merge writes most of the table's pages however
// few postings it adds (3.9 s for 10,000 at a million postings, 7.1 s for
// 100,000), while reading 10,000 fresh postings beside the table added
// about 20 ms to a query of java, the commonest skill.
var (
	skillRowsBatch int64 = 100_000
	skillMergeAt   int64 = 20_000
)

// IndexSkills merges into skill_postings the postings stored since it
// last merged, when they are more than skillMergeAt or the table's
// indexes are missing, a batch of postings per transaction, and returns
// how many posting ids it covered. An interrupted run keeps its finished
// batches; the next continues after them. Queries are right before and
// after: they read the postings the table does not cover beside it.
//
// When it adds at least as many postings as the table covers (after a
// large import, or once the migration has emptied it), it drops the
// table's two indexes first and builds them again at the end: sorting the
// rows once costs less than inserting each into indexes that do not fit
// in the page cache. Queries read the match set while an index is
// missing, so an interruption in between leaves them on the slower path
// until the next run rebuilds it.
func (s *Store) IndexSkills(ctx context.Context) (int, error) {
	ready, err := s.skillRowsReady(ctx)
	if err != nil {
		return 0, fmt.Errorf("index skills: %w", err)
	}
	var from, last int64
	if err := s.db.QueryRowContext(ctx, qSkillRowsSpan).Scan(&from, &last); err != nil {
		return 0, fmt.Errorf("index skills: %w", err)
	}
	if ready && last-from <= skillMergeAt {
		return 0, nil
	}
	if s.readOnly {
		return 0, ErrStaleReadOnly
	}
	if span := last - from; span > skillRowsBatch && span >= from {
		if _, err := s.exec(ctx, qDropSkillIndexes); err != nil {
			return 0, fmt.Errorf("index skills: %w", err)
		}
	}
	total := 0
	for done := false; !done; {
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
	}
	if _, err := s.exec(ctx, qCreateSkillIndexes); err != nil {
		return total, fmt.Errorf("index skills: %w", err)
	}
	return total, nil
}

// skillRowsReady says whether skill queries can read skill_postings: its
// indexes are there (IndexSkills drops them for a large merge).
func (s *Store) skillRowsReady(ctx context.Context) (bool, error) {
	var ready bool
	err := s.db.QueryRowContext(ctx, qSkillRowsReady).Scan(&ready)
	return ready, err
}

// forgetSkillRows empties skill_postings before a retag of more than
// skillMergeAt of the postings it covers. The triggers would move each of
// their rows to another place in the table and its two indexes, one
// random page after another (a retag of a million postings had not
// finished after 11 minutes, against 3 with the table of one index),
// where IndexSkills refills the table in sorted bulk before the next
// query (47 s). Queries read every posting beside the empty table until
// then, with the same results.
func (s *Store) forgetSkillRows(ctx context.Context, version string) error {
	var stale int64
	if err := s.db.QueryRowContext(ctx, qStaleCoveredTags, version).Scan(&stale); err != nil {
		return fmt.Errorf("count stale tags: %w", err)
	}
	if stale <= skillMergeAt {
		return nil
	}
	// One transaction: an empty table that still claimed to cover its
	// postings would count none of them.
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, qForgetSkillRows)
		return err
	})
	if err != nil {
		return fmt.Errorf("empty skill_postings before a retag: %w", err)
	}
	return nil
}
