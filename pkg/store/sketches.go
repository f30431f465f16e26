package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
)

// The near-duplicate pass's side of the store: cached sketches, a stream
// of every job posting with what the detector reads, and job_key updates.

const (
	qPendingSketches = `SELECT p.id FROM postings p INDEXED BY postings_narrow
    LEFT JOIN posting_sketches k INDEXED BY posting_sketches_key ON k.posting_id = p.id
    WHERE p.id > ? AND p.kind = 'job'
      AND (k.posting_id IS NULL OR k.content_hash <> p.content_hash OR k.version <> ?)
    ORDER BY p.id LIMIT ?`
	qPutSketch = `INSERT INTO posting_sketches (posting_id, content_hash, version, sketch) VALUES (?, ?, ?, ?)
    ON CONFLICT (posting_id) DO UPDATE SET content_hash = excluded.content_hash, version = excluded.version,
    sketch = excluded.sketch`
	qJobStream = `SELECT p.id, p.repost_key, p.job_key, p.company, p.city, p.salary, k.sketch, k.content_hash = p.content_hash
    FROM postings p INDEXED BY postings_narrow LEFT JOIN posting_sketches k ON k.posting_id = p.id AND k.version = ?
    WHERE p.kind = 'job' ORDER BY p.id`
	qSetJobKey = `UPDATE postings SET job_key = ? WHERE id = ?`
	// What the pass reads of every job posting, summed: which postings
	// (count, newest id), their text (repost keys hash company, title and
	// description) and the city and pay SameJob compares.
	qJobsState = `SELECT count(*), coalesce(max(id), 0), total(repost_key), total(length(city) + 7 * length(salary))
    FROM postings INDEXED BY postings_narrow WHERE kind = 'job'`
	qGetState     = `SELECT value FROM analysis_state WHERE name = ?`
	qPutState     = `INSERT INTO analysis_state (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
	qSharedJobs   = `SELECT job_key, company FROM postings WHERE kind = 'job' AND job_key IN (SELECT job_key FROM postings WHERE kind = 'job' AND job_key <> repost_key)`
	qCountPending = `SELECT count(*) FROM postings p INDEXED BY postings_narrow
    LEFT JOIN posting_sketches k INDEXED BY posting_sketches_key ON k.posting_id = p.id
    WHERE p.kind = 'job' AND (k.posting_id IS NULL OR k.content_hash <> p.content_hash OR k.version <> ?)`
)

// SketchRow is a sketch to cache.
type SketchRow struct {
	ID          int64
	ContentHash string
	Sketch      []byte
}

// PendingSketches pages through the job postings whose sketch is missing
// or was made from other content or another format version.
func (s *Store) PendingSketches(ctx context.Context, version int, after int64, limit int) ([]TextRow, error) {
	ids, err := s.pendingIDs(ctx, qPendingSketches, after, version, limit)
	if err != nil || len(ids) == 0 {
		return nil, wrapErr("pending sketches", err)
	}
	all, err := s.textOf(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("pending sketches: %w", err)
	}
	out := all[:0]
	for _, r := range all {
		if _, kept := s.memSketches.get(r.ID, r.ContentHash); !kept {
			out = append(out, r)
		}
	}
	return out, nil
}

// CountPendingSketches counts what PendingSketches would return.
func (s *Store) CountPendingSketches(ctx context.Context, version int) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, qCountPending, version).Scan(&n); err != nil {
		return 0, fmt.Errorf("pending sketches: %w", err)
	}
	return n, nil
}

// PutSketches caches sketches in one transaction; a read-only store keeps
// them in memory for the life of the process.
func (s *Store) PutSketches(ctx context.Context, version int, rows []SketchRow) error {
	if s.readOnly {
		s.memSketches.put(rows)
		return nil
	}
	return s.withRowsTx(ctx, func(sctx context.Context, tx *sql.Tx) error {
		st, err := tx.PrepareContext(sctx, qPutSketch)
		if err != nil {
			return err
		}
		defer st.Close()
		for i, r := range rows {
			if err := rowsDone(ctx, i); err != nil {
				return err
			}
			if _, err := st.ExecContext(sctx, r.ID, r.ContentHash, version, r.Sketch); err != nil {
				return fmt.Errorf("sketch of posting %d: %w", r.ID, err)
			}
		}
		return nil
	})
}

// JobRow is a job posting as the near-duplicate pass reads it. Sketch is
// nil when none is cached for the current content.
type JobRow struct {
	ID, RepostKey, JobKey int64
	Company, City, Salary string
	Sketch                []byte
}

// JobStream streams every job posting in id order with its cached sketch.
// The row passed to fn is reused.
func (s *Store) JobStream(ctx context.Context, version int, fn func(*JobRow) error) error {
	rows, err := s.db.QueryContext(ctx, qJobStream, version)
	if err != nil {
		return fmt.Errorf("job stream: %w", err)
	}
	defer rows.Close()
	var r JobRow
	for rows.Next() {
		var fresh sql.NullBool
		var sketch []byte
		if err := rows.Scan(&r.ID, &r.RepostKey, &r.JobKey, &r.Company, &r.City, &r.Salary, &sketch, &fresh); err != nil {
			return fmt.Errorf("job stream: %w", err)
		}
		r.Sketch = nil
		if fresh.Valid && fresh.Bool {
			r.Sketch = sketch
		} else if b, ok := s.memSketches.byID(r.ID); ok {
			r.Sketch = b
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// jobKeyBatch is how many job keys one transaction writes.
var jobKeyBatch = 20000 // a variable for the test that makes it small

// SetJobKeys writes job keys (posting id → key), in id order and in
// transactions of jobKeyBatch. The first pass over an import rewrites most
// postings' keys (86% of a synthesized corpus): in one transaction that
// put every page of the postings into the WAL (tens of gigabytes at ten
// million postings) and held the write lock for minutes. A pass stopped
// between two batches leaves every key one the pass gave or the one
// before, and its state unrecorded, so the next report runs it again.
func (s *Store) SetJobKeys(ctx context.Context, keys map[int64]int64) error {
	if len(keys) == 0 {
		return nil
	}
	if s.readOnly {
		return ErrStaleReadOnly
	}
	ids := slices.Sorted(maps.Keys(keys))
	for len(ids) > 0 {
		n := min(len(ids), jobKeyBatch)
		err := s.withRowsTx(ctx, func(sctx context.Context, tx *sql.Tx) error {
			st, err := tx.PrepareContext(sctx, qSetJobKey)
			if err != nil {
				return err
			}
			defer st.Close()
			for i, id := range ids[:n] {
				if err := rowsDone(ctx, i); err != nil {
					return err
				}
				if _, err := st.ExecContext(sctx, keys[id], id); err != nil {
					return fmt.Errorf("job key of posting %d: %w", id, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// JobsState fingerprints what the near-duplicate pass reads of the job
// postings: a pass over the same fingerprint would find the same jobs.
// jobs is how many job postings there are, for sizing the pass.
func (s *Store) JobsState(ctx context.Context) (state string, jobs int, err error) {
	var n, maxID int64
	var keys, fields float64
	if err := s.db.QueryRowContext(ctx, qJobsState).Scan(&n, &maxID, &keys, &fields); err != nil {
		return "", 0, fmt.Errorf("jobs state: %w", err)
	}
	return fmt.Sprintf("%d/%d/%x/%x", n, maxID, math.Float64bits(keys), math.Float64bits(fields)), int(n), nil
}

// State reads a named value of the analyzer's passes ("" when unset).
func (s *Store) State(ctx context.Context, name string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, qGetState, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("analysis state %s: %w", name, err)
	}
	return v, nil
}

// SetState records a named value of the analyzer's passes; a read-only
// store keeps nothing.
func (s *Store) SetState(ctx context.Context, name, value string) error {
	if s.readOnly {
		return nil
	}
	if _, err := s.exec(ctx, qPutState, name, value, formatTime(s.now())); err != nil {
		return fmt.Errorf("analysis state %s: %w", name, err)
	}
	return nil
}

// SharedJobs calls fn with the job key and company of every job posting
// whose job is shared with another posting (near-duplicates joined).
func (s *Store) SharedJobs(ctx context.Context, fn func(jobKey int64, company string)) error {
	rows, err := s.db.QueryContext(ctx, qSharedJobs)
	if err != nil {
		return fmt.Errorf("shared jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var c string
		if err := rows.Scan(&k, &c); err != nil {
			return fmt.Errorf("shared jobs: %w", err)
		}
		fn(k, c)
	}
	return rows.Err()
}

// memSketchCache holds sketches a read-only store cannot write.
type memSketchCache struct {
	mu sync.Mutex
	m  map[int64]SketchRow
}

func (c *memSketchCache) put(rows []SketchRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]SketchRow{}
	}
	for _, r := range rows {
		c.m[r.ID] = r
	}
}

func (c *memSketchCache) get(id int64, hash string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[id]
	if !ok || r.ContentHash != hash {
		return nil, false
	}
	return r.Sketch, true
}

func (c *memSketchCache) byID(id int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[id]
	return r.Sketch, ok
}
