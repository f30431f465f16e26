package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// CrawlRun is the record of one `crawl run`.
type CrawlRun struct {
	ID       int64
	Sources  []string
	PID      int
	Started  time.Time
	Finished time.Time // zero while running (or when the run was killed)
	Status   string    // running, done, failed, interrupted
	Pages    int
	Counts   Counts
	Errors   int
	Summary  string // the run's JSON summary
}

const (
	qInterruptRuns = `UPDATE crawl_runs SET status = 'interrupted' WHERE status = 'running'`
	qStartRun      = `INSERT INTO crawl_runs (sources, pid, started_at) VALUES (?, ?, ?)`
	qEndRun        = `UPDATE crawl_runs SET finished_at = ?, status = ?, pages = ?, new = ?, updated = ?, unchanged = ?,
    errors = ?, summary = ? WHERE id = ?`
	qListRuns = `SELECT id, sources, pid, started_at, coalesce(finished_at, ''), status, pages, new, updated, unchanged,
    errors, summary FROM crawl_runs ORDER BY id DESC LIMIT ?`
)

// StartCrawlRun records the start of a crawl run and returns its id. Runs
// still marked running are marked interrupted first: the caller holds the
// crawl lock, so no other run can really be running, and such a row is left
// over from a run that was killed.
func (s *Store) StartCrawlRun(ctx context.Context, sources []string, pid int) (id int64, interrupted int, err error) {
	var n int64
	err = s.withTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, qInterruptRuns)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if res, err = tx.ExecContext(ctx, qStartRun, strings.Join(sources, ","), pid, formatTime(s.now())); err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("start crawl run: %w", err)
	}
	return id, int(n), nil
}

// EndCrawlRun records how run id ended.
func (s *Store) EndCrawlRun(ctx context.Context, id int64, status string, pages int, c Counts, errs int, summary string) error {
	switch status {
	case "done", "failed", "interrupted":
	default:
		return fmt.Errorf("end crawl run %d: invalid status %q", id, status)
	}
	if summary == "" {
		summary = "{}"
	}
	_, err := s.exec(ctx, qEndRun, formatTime(s.now()), status, pages, c.New, c.Updated, c.Unchanged, errs, summary, id)
	if err != nil {
		return fmt.Errorf("end crawl run %d: %w", id, err)
	}
	return nil
}

// CrawlRuns returns the latest limit runs, newest first.
func (s *Store) CrawlRuns(ctx context.Context, limit int) ([]CrawlRun, error) {
	rows, err := s.db.QueryContext(ctx, qListRuns, limit)
	if err != nil {
		return nil, fmt.Errorf("crawl runs: %w", err)
	}
	defer rows.Close()
	var out []CrawlRun
	for rows.Next() {
		var (
			r             CrawlRun
			srcs, st, fin string
		)
		if err := rows.Scan(&r.ID, &srcs, &r.PID, &st, &fin, &r.Status, &r.Pages, &r.Counts.New, &r.Counts.Updated,
			&r.Counts.Unchanged, &r.Errors, &r.Summary); err != nil {
			return nil, fmt.Errorf("crawl runs: %w", err)
		}
		if srcs != "" {
			r.Sources = strings.Split(srcs, ",")
		}
		if r.Started, err = time.Parse(timeLayout, st); err != nil {
			return nil, fmt.Errorf("crawl run %d: started_at %q: %w", r.ID, st, err)
		}
		if fin != "" {
			if r.Finished, err = time.Parse(timeLayout, fin); err != nil {
				return nil, fmt.Errorf("crawl run %d: finished_at %q: %w", r.ID, fin, err)
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("crawl runs: %w", err)
	}
	return out, nil
}
