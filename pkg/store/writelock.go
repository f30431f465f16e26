package store

import (
	"context"
	"database/sql"
)

// SQLite lets one connection write at a time, and a connection that finds
// the lock taken polls until the busy timeout runs out. Between processes
// that is the only way; inside one it fails work that only had to wait: a
// report segmenting a million postings on one connection while another
// wrote a million job keys in one transaction (over a minute under load)
// failed with "database is locked" after the ten-second timeout. Every
// write of a Store first takes its write lock, so writers of one process
// queue in Go, as long as they must, and only other processes meet the
// timeout. A write never takes the lock twice: fn of withTx and inTx
// writes through its transaction only.

// lockWrites waits for the store's write lock, or for ctx.
func (s *Store) lockWrites(ctx context.Context) (unlock func(), err error) {
	select {
	case s.writing <- struct{}{}:
		return func() { <-s.writing }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// withTx runs fn in one transaction.
func (s *Store) withTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.withTxOn(ctx, s.db, fn)
}

// withRowsTx runs fn in one transaction of many short statements, a row
// or a few each. Their context, sctx, is never cancelled: go-sqlite3 runs
// a statement whose context can be cancelled on a goroutine of its own
// that watches the context while it steps, and with a statement per row
// that hop (a goroutine, a channel, the wake-ups) is a share of the write
// that counts: without it the first report after an import of 100,000
// postings ran 1.12–1.18× faster. fn checks ctx between rows instead
// (rowsDone); the transaction still rolls back when ctx ends.
func (s *Store) withRowsTx(ctx context.Context, fn func(sctx context.Context, tx *sql.Tx) error) error {
	sctx := context.WithoutCancel(ctx)
	return s.withTx(ctx, func(tx *sql.Tx) error { return fn(sctx, tx) })
}

// rowsDone is ctx's error, checked every 256 rows of a withRowsTx loop.
func rowsDone(ctx context.Context, row int) error {
	if row%256 != 0 {
		return nil
	}
	return ctx.Err()
}

// txBeginner is the pool (*sql.DB) or one of its connections (*sql.Conn).
type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// withTxOn runs fn in one transaction on db: withTx's, on a connection
// given settings of its own.
func (s *Store) withTxOn(ctx context.Context, db txBeginner, fn func(*sql.Tx) error) error {
	unlock, err := s.lockWrites(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// exec runs one writing statement outside a transaction.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	unlock, err := s.lockWrites(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return s.db.ExecContext(ctx, query, args...)
}
