package store

import (
	"context"
	"database/sql"
	"fmt"
)

// skill_postings (migrations 0010–0012) is what a skill's query reads:
// per skill, its job postings with what the query counts, in the orders
// that make its distinct counts ordered passes. For the postings it covers
// (up to skill_postings_through), triggers note what changes
// (skill_postings_gone, skill_postings_redo) and IndexSkills applies the
// notes in key order; while any wait, queries read the match set. Queries
// read the postings stored since the table last merged from posting_skills
// beside it, and IndexSkills merges them in once they are many.

const (
	// skillRowOf is the table's row of a posting_skills row s of a job
	// posting p; every statement that derives rows selects it, as does
	// the fresh part of a query (search.go).
	skillRowOf    = `s.skill, coalesce(p.year, 0), p.source, p.id, p.repost_key, p.company, coalesce(p.posted_at, p.first_seen)`
	skillRowsInto = `INTO skill_postings (skill, year, source, posting_id, repost_key, company, posted)
    SELECT ` + skillRowOf
	// Rows are inserted sorted by the table's key (skill, year, source,
	// repost group, posting), so they go in page after page rather than
	// in posting order.
	skillKeyOrder = `ORDER BY 1, 2, 3, 5, 4`

	// Whether the table's two indexes are there, whether notes wait, and
	// whether a refill is under way.
	qSkillRowsState = `SELECT (SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'index'
        AND name IN ('skill_postings_company', 'skill_postings_posted')),
        EXISTS (SELECT 1 FROM skill_postings_redo),
        (SELECT filling IS NOT NULL FROM skill_postings_through)`
	// A refill: the table emptied, its indexes dropped and its cover set
	// to every posting, in one transaction; then each skill's rows in key
	// order, a transaction per skill, after the last one done (filling);
	// then the indexes, built once.
	qStartFill = `DELETE FROM skill_postings; DELETE FROM skill_postings_gone; DELETE FROM skill_postings_redo; ` +
		qDropSkillIndexes + `; UPDATE skill_postings_through SET id = (SELECT coalesce(max(id), 0) FROM postings), filling = ''`
	qFillState     = `SELECT id, filling FROM skill_postings_through`
	qNextFillSkill = `SELECT min(skill) FROM posting_skills WHERE skill > ?`
	qFillSkill     = `INSERT ` + skillRowsInto + `
    FROM posting_skills s CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = s.posting_id
    WHERE s.skill = ?1 AND s.posting_id <= (SELECT id FROM skill_postings_through) AND p.kind = 'job'
    ` + skillKeyOrder
	qSetFilling = `UPDATE skill_postings_through SET filling = ?`
	qTempFiles  = `PRAGMA temp_store = FILE`
	qEndFill    = `UPDATE skill_postings_through SET filling = NULL`
	// Applying the notes: the rows noted gone leave, in key order (a
	// search per row, the next one close by), then the postings noted are
	// derived again, in key order. OR REPLACE: a row whose
	// key stayed takes the posting's current values.
	qCountSkillNotes = `SELECT (SELECT count(*) FROM skill_postings_redo), (SELECT id FROM skill_postings_through)`
	qApplySkillGone  = `DELETE FROM skill_postings WHERE (skill, year, source, repost_key, posting_id) IN
    (SELECT skill, year, source, repost_key, posting_id FROM skill_postings_gone ORDER BY 1, 2, 3, 4, 5)`
	qApplySkillRedo = `INSERT OR REPLACE ` + skillRowsInto + `
    FROM skill_postings_redo r CROSS JOIN posting_skills s INDEXED BY posting_skills_posting ON s.posting_id = r.posting_id
    CROSS JOIN postings p ON p.id = r.posting_id
    WHERE p.kind = 'job' AND r.posting_id <= (SELECT id FROM skill_postings_through)
    ` + skillKeyOrder
	qClearSkillNotes = `DELETE FROM skill_postings_gone; DELETE FROM skill_postings_redo`
	qSkillRowsSpan   = `SELECT (SELECT id FROM skill_postings_through), (SELECT coalesce(max(id), 0) FROM postings)`
	// A merge's batch of postings.
	qAddSkillRows = `INSERT ` + skillRowsInto + `
    FROM posting_skills s INDEXED BY posting_skills_posting CROSS JOIN postings p INDEXED BY postings_narrow ON p.id = s.posting_id
    WHERE s.posting_id > ?1 AND s.posting_id <= ?2 AND p.kind = 'job'
    ` + skillKeyOrder
	qSetSkillRowsThrough = `UPDATE skill_postings_through SET id = ?`
	// The covered postings whose tags are stale (the version index's two
	// ranges, as qAnyStaleTags reads them).
	qStaleCoveredTags = `SELECT count(*) FROM postings WHERE (tags_version IS NULL OR tags_version < ?1 OR tags_version > ?1)
        AND id <= (SELECT id FROM skill_postings_through)`
	qForgetSkillRows = `DELETE FROM skill_postings; UPDATE skill_postings_through SET id = 0;
        DELETE FROM skill_postings_gone; DELETE FROM skill_postings_redo`
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

// IndexSkills brings skill_postings up to the store and returns how many
// postings it derived again or covered anew. It applies the triggers'
// notes first (one transaction), then merges the postings stored since it
// last merged, when they are more than skillMergeAt, a batch of postings
// per transaction. When they are at least as many as the table covers
// (after a large import, or once the migration or a retag has emptied
// it), or its indexes are missing, it refills the table instead, skill by
// skill (refillSkillRows). An interrupted run keeps its finished
// transactions; the next continues after them. Queries are right before,
// during and after: they read the match set while notes wait or the
// indexes are missing, and the postings the table does not cover beside
// it.
func (s *Store) IndexSkills(ctx context.Context) (int, error) {
	indexed, pending, filling, err := s.skillRowsState(ctx)
	if err != nil {
		return 0, fmt.Errorf("index skills: %w", err)
	}
	var from, last int64
	if err := s.db.QueryRowContext(ctx, qSkillRowsSpan).Scan(&from, &last); err != nil {
		return 0, fmt.Errorf("index skills: %w", err)
	}
	if indexed && !pending && last-from <= skillMergeAt {
		return 0, nil
	}
	if s.readOnly {
		return 0, ErrStaleReadOnly
	}
	conn, err := s.tempFilesConn(ctx)
	if err != nil {
		return 0, fmt.Errorf("index skills: %w", err)
	}
	defer conn.close()
	total := 0
	// Without its indexes the table is refilled below, notes and all:
	// applying them first would only derive rows the refill derives again.
	if pending && !filling && indexed {
		n, err := s.applySkillNotes(ctx, conn.Conn)
		if err != nil {
			return 0, fmt.Errorf("index skills: %w", err)
		}
		total += n
		if err := s.db.QueryRowContext(ctx, qSkillRowsSpan).Scan(&from, &last); err != nil {
			return total, fmt.Errorf("index skills: %w", err)
		}
		if indexed && last-from <= skillMergeAt {
			return total, nil
		}
	}
	if span := last - from; filling || !indexed || (span > skillRowsBatch && span >= from) {
		n, err := s.refillSkillRows(ctx, conn.Conn)
		if err != nil {
			return total, fmt.Errorf("index skills: %w", err)
		}
		total += n
		// Notes taken while it filled (another process's writes).
		if _, pending, _, err = s.skillRowsState(ctx); err == nil && pending {
			n, err = s.applySkillNotes(ctx, conn.Conn)
			total += n
		}
		if err != nil {
			return total, fmt.Errorf("index skills: %w", err)
		}
		return total, nil
	}
	for done := false; !done; {
		err := s.withTxOn(ctx, conn, func(tx *sql.Tx) error {
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
	return total, nil
}

// refillSkillRows fills skill_postings anew for every posting, or
// continues a refill under way, and returns how many postings it covers.
// A skill's rows are one key range of the table, so filling it skill by
// skill appends each skill's rows, sorted, after the last: every page is
// written once. (Filling it a batch of postings at a time wrote rows all
// over the table in every batch: ten million postings took 24 minutes.)
// The two indexes are dropped at the start and built once at the end;
// queries read the match set meanwhile. Writes to the postings it covers
// while it runs are noted by the triggers, as at any time.
func (s *Store) refillSkillRows(ctx context.Context, conn *sql.Conn) (int, error) {
	// Every step reads where the refill stands inside its own transaction:
	// two processes refilling at once then take turns, each continuing
	// after the other's last skill, instead of filling a skill twice.
	var through int64
	err := s.withTxOn(ctx, conn, func(tx *sql.Tx) error {
		var filling sql.NullString
		if err := tx.QueryRowContext(ctx, qFillState).Scan(&through, &filling); err != nil || filling.Valid {
			return err
		}
		if _, err := tx.ExecContext(ctx, qStartFill); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, qFillState).Scan(&through, &filling)
	})
	if err != nil {
		return 0, fmt.Errorf("start a refill: %w", err)
	}
	for done := false; !done; {
		var skill sql.NullString
		err := s.withTxOn(ctx, conn, func(tx *sql.Tx) error {
			var filling sql.NullString
			if err := tx.QueryRowContext(ctx, qFillState).Scan(&through, &filling); err != nil {
				return err
			}
			if !filling.Valid {
				done = true // another process ended it
				return nil
			}
			if err := tx.QueryRowContext(ctx, qNextFillSkill, filling.String).Scan(&skill); err != nil {
				return err
			}
			if !skill.Valid {
				// every skill done: the indexes, built once, end it
				done = true
				if _, err := tx.ExecContext(ctx, qCreateSkillIndexes); err != nil {
					return err
				}
				_, err := tx.ExecContext(ctx, qEndFill)
				return err
			}
			if _, err := tx.ExecContext(ctx, qFillSkill, skill.String); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, qSetFilling, skill.String)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("refill (skill %q): %w", skill.String, err)
		}
	}
	return int(through), nil
}

// applySkillNotes applies the triggers' notes in one transaction and
// returns how many postings it derived again. When more than a third of
// the covered postings are noted, it empties the table instead, for
// IndexSkills to refill in bulk. At a million postings applying was the
// cheaper way with a fifth of them noted (19.3–19.7 s against 25.1–28.1 s
// refilling) and still as cheap with 30% (26.4–26.5 s against 26.6–29.1
// s), so the rule lies where neither way costs much more.
func (s *Store) applySkillNotes(ctx context.Context, conn *sql.Conn) (int, error) {
	n := 0
	err := s.withTxOn(ctx, conn, func(tx *sql.Tx) error {
		var noted, covered int64
		if err := tx.QueryRowContext(ctx, qCountSkillNotes).Scan(&noted, &covered); err != nil {
			return err
		}
		if 3*noted > covered {
			_, err := tx.ExecContext(ctx, qForgetSkillRows)
			return err
		}
		for _, q := range []string{qApplySkillGone, qApplySkillRedo, qClearSkillNotes} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		n = int(noted)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("apply the skill table's notes: %w", err)
	}
	return n, nil
}

// tempConn is a connection of the pool whose temporary files are files.
type tempConn struct{ *sql.Conn }

// tempFilesConn takes a connection of the pool for IndexSkills' writes and
// has its temporary files written to disk, not kept in memory as the store
// keeps them (for the reports' counts): a statement that changes many
// pages inside a transaction keeps their old images in a temporary
// statement journal, and a sort of many rows spills to temporary files.
// In memory, merging 30,000 postings into the table of ten million held
// 4.4 GB; on disk 27 MB for 10,000 (39 s and 13 s). Building the two
// indexes of a million postings' rows held 516 MB (16.7 s) in memory, 38
// MB (11.8 s) on disk.
func (s *Store) tempFilesConn(ctx context.Context) (tempConn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return tempConn{}, err
	}
	if _, err := conn.ExecContext(ctx, qTempFiles); err != nil {
		conn.Close()
		return tempConn{}, err
	}
	return tempConn{conn}, nil
}

// close sets the store's setting back before the connection returns to
// the pool (failing, it only makes that connection's sorts slower).
func (c tempConn) close() {
	_, _ = c.ExecContext(context.Background(), qTempInMemory)
	c.Conn.Close()
}

// skillRowsState says whether the table's indexes are there (a refill
// drops them), whether the triggers' notes wait, and whether a refill is
// under way.
func (s *Store) skillRowsState(ctx context.Context) (indexed, pending, filling bool, err error) {
	err = s.db.QueryRowContext(ctx, qSkillRowsState).Scan(&indexed, &pending, &filling)
	return indexed, pending, filling, err
}

// skillRowsReady says whether skill queries can read skill_postings: its
// indexes are there and no notes wait.
func (s *Store) skillRowsReady(ctx context.Context) (bool, error) {
	indexed, pending, _, err := s.skillRowsState(ctx)
	return indexed && !pending, err
}

// forgetSkillRows empties skill_postings before a retag of more than
// skillMergeAt of the postings it covers: the triggers would note every
// row of theirs, to be moved in the table and its two indexes one after
// another, where IndexSkills refills the table in sorted bulk before the
// next query (23–29 s for a million postings). Queries read every posting
// beside the empty table until then, with the same results.
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
